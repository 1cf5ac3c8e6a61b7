"""Big scenario files are read a chunk of list items at a time (the node tree of a
100,000-card file would take 1.5 GB at once); what comes out must be exactly what reading the
whole file gives: the same scenario, the same diagnostics at the same places, in either
language. Here the threshold and the chunk size are made small, so small files are cut.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from morgenmaken.scenario import loader
from morgenmaken.scenario.synthetic import synthetic_data


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", 1000)
    monkeypatch.setattr(loader, "CHUNK_ITEMS", 7)
    yield


def _text() -> str:
    data = synthetic_data(1, seed=5, roles=3, cards_per_role=30)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    chunked = loader.check_scenario_text(text, "s.yaml")
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", 10**12)
    whole = loader.check_scenario_text(text, "s.yaml")
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", 1000)
    return chunked, whole


def _shown(result: tuple[object, list[loader.Diagnostic]]) -> list[str]:
    return [d.shown(lang) for d in result[1] for lang in ("en", "nl")]


def test_a_valid_file_is_cut_and_gives_the_same_scenario(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text()
    cut = loader._split(text)
    assert cut is not None and len(cut[1]["cards"]) > 5  # it really is read in chunks
    chunked, whole = _both(text, monkeypatch)
    assert chunked[0] is not None and chunked[0] == whole[0]
    assert _shown(chunked) == _shown(whole)  # type: ignore[arg-type]


@pytest.mark.parametrize("change", [
    ("variable: v3\n", "variable: v3x\n"),            # an unknown id, late in a list
    ("  amount:", "  amount: 1\n    amount:"),         # a key twice inside an item
    ("title:\n    nl: Kaart c2_25", "titel:\n    nl: Kaart c2_25"),  # an unknown field
    ("cost:\n    budget: 5", "cost:\n    budget: '5'"),  # a quoted number
    ("delay: 2", "delay: 1e999"),                       # an infinite number
    ("- id: c1_3\n", "- id: c1_3\n  text: !!binary aGVsbG8=\n"),  # a tag: read whole
    ("- id: c2_9\n", "- id: c2_9\n  title: {nl: 'open\n"),  # a bracket never closed
    ("win_threshold: 50", "win_threshold: veel"),  # in the score: after the chunked lists
], ids=["unknown", "duplicate", "field", "quoted", "infinite", "tag", "syntax", "after"])
def test_a_broken_file_gives_the_same_diagnostics_at_the_same_places(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str]) -> None:
    text = _text()
    old, new = change
    at = text.rindex(old) if old in text else -1
    assert at >= 0, old
    broken = text[:at] + new + text[at + len(old):]
    chunked, whole = _both(broken, monkeypatch)
    assert whole[1], "the change must break something"  # type: ignore[index]
    assert _shown(chunked) == _shown(whole)  # type: ignore[arg-type]
    assert (chunked[0] is None) == (whole[0] is None)
    # nothing is read whole: a tag or an unusable number (nothing may be built) has every
    # chunk read for its problems, a syntax error is found by parsing the file into events
    read = loader._read_chunked(broken, "s.yaml")
    assert read is not None
    if "'open" in new or "!!binary" in new or "1e999" in new:
        assert read[:2] == (None, None)


#: Syntax errors: in the first chunk of a list, in a later one, at the last item (where the
#: parser runs on past the chunk's end), in the top level before and after the lists.
_SYNTAX = [
    ("- id: c0_1\n", "- id: c0_1\n  amount: [1, 2\n"),
    ("- id: c1_3\n", "- id: c1_3\n  title: {nl: x\n"),
    ("- id: c2_29\n", "- id: c2_29\n  amount: [1, 2\n"),
    ("- id: c1_20\n", "- id: c1_20\n  title: 'open\n"),
    ("- id: c2_5\n", "- id: c2_5\n   title: x\n"),
    ("- id: c0_2\n", "- id: c0_2\n  : x\n"),
    ("win_threshold: 50", "win_threshold: [50"),
    ("rounds: 8", "rounds: [8"),
]


@pytest.mark.parametrize("reread", [True, False], ids=["python-words", "libyaml-words"])
@pytest.mark.parametrize("change", _SYNTAX, ids=[
    "first-chunk", "later-chunk", "last-item", "quote", "indent", "colon", "after", "before"])
def test_a_syntax_error_is_found_without_reading_the_file_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str],
        reread: bool) -> None:
    """The same diagnostic (words, line, column) as the whole reader, in either reader's
    words (a small file's error is worded by the pure-Python parser), found by parsing
    the file once into events: neither the fast nor the chunked reader builds it."""
    if not reread:
        monkeypatch.setattr(loader, "_REREAD_LIMIT", 100)
    text = _text()
    old, new = change
    at = text.index(old)
    broken = text[:at] + new + text[at + len(old):]
    chunked, whole = _both(broken, monkeypatch)
    assert whole[0] is None and len(whole[1]) == 1  # type: ignore[arg-type,index]
    assert "yaml" in str(whole[1][0].words.key)  # type: ignore[index]
    assert _shown(chunked) == _shown(whole)  # type: ignore[arg-type]
    assert [(d.line, d.column) for d in chunked[1]] == [  # type: ignore[attr-defined]
        (d.line, d.column) for d in whole[1]]  # type: ignore[attr-defined]
    read = loader._read_chunked(broken, "s.yaml")
    assert read is not None and read[:2] == (None, None)
    assert _shown((None, read[2])) == _shown(whole)  # type: ignore[arg-type]
    fast = loader._fast_scenario(broken, "s.yaml")
    assert fast is not None and fast[0] is None
    assert _shown((None, fast[1])) == _shown(whole)  # type: ignore[arg-type]


def test_a_file_that_cannot_be_cut_safely_is_read_whole(small_chunks: None) -> None:
    text = _text()
    assert loader._split("---\n" + text) is None
    assert loader._split(text.replace("\n", "\n\t", 1)) is None
    assert loader._read_chunked("cards: &a [1]\nother: *a\n" + " " * 2000, "s.yaml") is None


def _card(name: str, rest: str) -> str:
    return f"- id: {name}\n  title:\n    nl: Kaart {name}\n{rest}"


_TEXT = "  text:\n    nl: "
#: Anchors, aliases and merge keys: (the changes, whether the file is still read in chunks).
_SHARED = {
    "alias-first-chunk": ([(_card("c0_0", _TEXT), _card("c0_0", _TEXT + "&m ")),
                           (_card("c0_1", _TEXT + "Een maatregel."), _card("c0_1", _TEXT + "*m"))],
                          True),
    "alias-later-chunk": ([(_card("c1_10", _TEXT), _card("c1_10", _TEXT + "&m ")),
                           (_card("c1_11", _TEXT + "Een maatregel."),
                            _card("c1_11", _TEXT + "*m"))], True),
    "merge-first-chunk": ([("- id: c0_0\n", "- id: c0_0\n  x-base: &c\n    budget: 7\n"),
                           ("- id: c0_1\n", "- id: c0_1\n  x: {<<: *c, b: 1}\n")], True),
    "alias-broken-value": ([("budget: 7\n", "budget: &b veel\n"),
                            ("budget: 6\n", "budget: *b\n")], True),
    "alias-across-chunks": ([(_card("c0_0", _TEXT), _card("c0_0", _TEXT + "&m ")),
                             (_card("c2_5", _TEXT + "Een maatregel."),
                              _card("c2_5", _TEXT + "*m"))], True),
    "anchor-twice": ([(_card("c0_0", _TEXT), _card("c0_0", _TEXT + "&m ")),
                      (_card("c2_5", _TEXT), _card("c2_5", _TEXT + "&m "))], True),
    "undefined-alias": ([(_card("c1_3", _TEXT + "Een maatregel."), _card("c1_3", _TEXT + "*m"))],
                        True),
}


@pytest.mark.parametrize("name", list(_SHARED))
def test_anchors_aliases_and_merge_keys_in_a_chunk_are_read_in_that_chunk(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Within one chunk (the first included) an alias or a merge key is read with that
    chunk, by both readers, with the whole reader's scenario and diagnostics, as is one
    whose anchor is in another chunk; an anchor written twice or an alias to no anchor is
    the whole reader's error, found from the file's events without building it."""
    changes, in_chunks = _SHARED[name]
    text = _text()
    for old, new in changes:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    chunked, whole = _both(text, monkeypatch)
    assert _shown(chunked) == _shown(whole)  # type: ignore[arg-type]
    assert [(d.line, d.column) for d in chunked[1]] == [  # type: ignore[attr-defined]
        (d.line, d.column) for d in whole[1]]  # type: ignore[attr-defined]
    assert chunked[0] == whole[0]
    read = loader._read_chunked(text, "s.yaml")
    assert (read is not None) == in_chunks
    assert (loader._fast_scenario(text, "s.yaml") is not None) == in_chunks
    if in_chunks and name not in ("anchor-twice", "undefined-alias"):
        assert read is not None and read[0] is not None
    if name in ("alias-broken-value", "anchor-twice", "undefined-alias", "merge-first-chunk"):
        assert whole[1], "the change must break something"  # type: ignore[index]


def _merged_text(first: str = "  text: &defaults\n    nl: Een maatregel.\n",
                 use: str = "  text:\n    <<: *defaults\n") -> str:
    """The test file with the first card's text anchored and every other card's text
    written as `use` (by default merged from the first's: the common way of sharing)."""
    text = _text()
    old = "  text:\n    nl: Een maatregel.\n"
    at = text.index(old)
    end = text.index("\nevents:")
    return (text[:at] + first + text[at + len(old):end].replace(old, use) + text[end:])


def _same(text: str, monkeypatch: pytest.MonkeyPatch, *, in_chunks: bool = True) -> tuple[
        object, object]:
    """Both readers' results on `text`, checked equal (scenario, words, places), and
    whether the chunked readers read it (not the whole reader)."""
    chunked, whole = _both(text, monkeypatch)
    assert _shown(chunked) == _shown(whole)  # type: ignore[arg-type]
    assert [(d.line, d.column) for d in chunked[1]] == [  # type: ignore[attr-defined]
        (d.line, d.column) for d in whole[1]]  # type: ignore[attr-defined]
    assert chunked[0] == whole[0]
    assert (loader._read_chunked(text, "s.yaml") is not None) == in_chunks
    if whole[0] is not None or not in_chunks:  # (errors that empty a first chunk: chunked)
        assert (loader._fast_scenario(text, "s.yaml") is not None) == in_chunks
    return chunked, whole


def test_a_merge_key_whose_anchor_is_in_the_first_chunk_is_read_in_chunks(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The common pattern (one card's value anchored, every later card merging it): read a
    chunk at a time, the later chunks fast (rapidyaml, the anchor's value put in), with the
    whole reader's scenario."""
    text = _merged_text()
    chunks = loader._split(text)[1]["cards"]  # type: ignore[index]
    assert len(chunks) > 5 and all("<<: *defaults" in chunk.text for chunk in chunks[1:])
    assert loader._aliased_items(chunks[3], "s.yaml") is not None  # read fast
    assert loader._part(chunks[3], "s.yaml").json is not None  # (its items counted right)
    plain = loader._split(_text())[1]["cards"][3]  # type: ignore[index]
    assert loader._part(plain, "s.yaml").json is not None
    chunked, _ = _same(text, monkeypatch)
    assert chunked[0] is not None  # type: ignore[index]
    read = loader._read_chunked(text, "s.yaml")
    assert read is not None and read[1]["cards"][-1]["text"] == {  # type: ignore[index]
        "nl": "Een maatregel."}


#: Aliases whose anchors are elsewhere in the file: (the first card's text, the others').
_ACROSS = {
    "value": ("  text: &t\n    nl: Een maatregel.\n", "  text: *t\n"),
    "scalar": ("  text:\n    nl: &t Een maatregel.\n", "  text:\n    nl: *t\n"),
    "merge-own-key-wins": ("  text: &t\n    nl: Een maatregel.\n    en: A measure.\n",
                           "  text:\n    <<: *t\n    en: Another one.\n"),
    "merge-broken-value": ("  text: &t\n    nl: 5\n", "  text:\n    <<: *t\n"),
    "alias-broken-value": ("  text: &t\n    nl: Een maatregel.\n    xx: 1\n", "  text: *t\n"),
    "merge-of-a-list": ("  text: &t\n  - nl: Een maatregel.\n", "  text:\n    <<: *t\n"),
    "flow-alias": ("  text: &t\n    nl: Een maatregel.\n", "  text: {<<: *t, en: x}\n"),
    "flow-list": ("  text:\n    nl: &t Een maatregel.\n", "  text:\n    nl: Een.\n  x-l: [*t]\n"),
    "in-a-text": ("  text: &t\n    nl: Een maatregel.\n",
                  "  text:\n    nl: |-\n      en: *t\n"),
}


@pytest.mark.parametrize("name", list(_ACROSS))
def test_an_alias_to_an_anchor_in_an_earlier_chunk_is_read_in_chunks(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Every later card using the first card's anchor, valid or not, fast or by libyaml (a
    merged key that the card also has, a value with an error, what is not a plain
    ``key: *name`` line): the whole reader's scenario and diagnostics, at the same places
    (an error in the anchor's value located at the anchor, merged or not), with no chunk
    read whole."""
    first, use = _ACROSS[name]
    text = _merged_text(first, use)
    _, whole = _same(text, monkeypatch)
    later = loader._split(text)[1]["cards"][3]  # type: ignore[index]
    if name in ("value", "scalar", "flow-alias", "flow-list"):  # the anchor's value put in
        assert loader._part(later, "s.yaml").json is not None
    if name == "in-a-text":  # an alias's signs in a text: libyaml reads the chunk
        assert loader._part(later, "s.yaml").json is None
    broken = "broken" in name or name in ("merge-of-a-list", "flow-list")
    assert (whole[0] is None) == broken  # type: ignore[index]
    if broken:
        assert whole[1]  # type: ignore[index]


def _whole_card_defaults() -> str:
    """The test file with its first card anchored whole (``- &defaults``) and every later
    card merging it (``- <<: *defaults``) and writing its own id, title and the rest, but
    no text: the merged card's text is theirs, its other fields their own."""
    text = _text()
    text = text.replace("- id: c0_0\n", "- &defaults\n  id: c0_0\n", 1)
    start, end = text.index("- id: c0_1\n"), text.index("\nevents:")
    cards = text[start:end].replace("- id: c", "- <<: *defaults\n  id: c")
    cards = cards.replace("  text:\n    nl: Een maatregel.\n", "")
    return text[:start] + cards + text[end:]


def test_cards_merging_a_whole_card_of_defaults_keep_their_own_values_read_fast(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merged key that the card writes itself is the card's (PyYAML's merge): the chunks
    are read fast with the anchor's other keys put in, the whole reader's scenario. Each
    card about doubles its values, more than the chunks surely may add all together: once
    they are read, the whole file is counted (within the limits)."""
    text = _whole_card_defaults()
    chunks = loader._split(text)[1]  # type: ignore[index]
    later = chunks["cards"][4]
    assert later.text.count("<<: *defaults") == 7
    part = loader._part(later, "s.yaml")
    assert part.json is not None
    adapter = loader._list_field("cards")[1]  # type: ignore[index]
    models, failed = loader._chunk_models(  # no key counted twice: not declined
        lambda payload: adapter.validate_json(payload, strict=True), part, {})
    assert len(models) == 7 and not failed
    added, _, least = part.counts
    assert 0 < least < added <= loader._CHUNK_GROWTH * least
    counted: list[object] = []
    count = loader._File.expansion_problem
    monkeypatch.setattr(loader._File, "expansion_problem",
                        lambda self, path: counted.append(path) or count(self, path))
    chunked, _ = _same(text, monkeypatch)
    assert counted  # the whole file counted, once the chunks added more than they hold
    assert chunked[0] is not None  # type: ignore[index]
    assert [card.id for card in chunked[0].cards][:3] == ["c0_0", "c0_1", "c0_2"]  # type: ignore[index,attr-defined]


def test_a_list_item_alias_to_an_earlier_chunks_anchor_is_read_fast(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first card's first effect anchored, and every card of the second role given it
    as one more effect (``- *eff``): read fast, with the whole reader's scenario."""
    text = _text()
    at = text.index("  effects:\n  - variable:")
    old = "  effects:\n  - variable:"
    text = text[:at] + "  effects:\n  - &eff\n    variable:" + text[at + len(old):]
    start, end = text.index("- id: c1_0\n"), text.index("- id: c2_0\n")
    text = text[:start] + text[start:end].replace("  effects:\n", "  effects:\n  - *eff\n") \
        + text[end:]
    chunks = loader._split(text)[1]["cards"]  # type: ignore[index]
    later = next(chunk for chunk in chunks[1:] if "- *eff" in chunk.text)
    assert loader._part(later, "s.yaml").json is not None
    chunked, _ = _same(text, monkeypatch)
    assert chunked[0] is not None  # type: ignore[index]


def test_anchors_in_another_list_and_in_the_top_level_are_read_with_the_chunk(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A card's alias to a variable's anchor (another chunked list) and to a trend's (the
    top level, not chunked): the chunk is read with the item or entry that defines it."""
    text = _text()
    text = text.replace("  name:\n    nl: Thema 3\n", "  name: &theme\n    nl: Thema 3\n", 1)
    text = text.replace("  name:\n    nl: Trend 0\n", "  name: &trend\n    nl: Trend 0\n", 1)
    text = text.replace("  title:\n    nl: Kaart c1_4\n", "  title: *theme\n", 1)
    text = text.replace("  title:\n    nl: Kaart c2_20\n", "  title:\n    <<: *trend\n", 1)
    assert text.count("*theme") == text.count("*trend") == 1
    chunked, _ = _same(text, monkeypatch)
    assert chunked[0] is not None  # type: ignore[index]
    chunk = next(chunk for chunk in loader._split(text)[1]["cards"]  # type: ignore[index]
                 if "*trend" in chunk.text)
    view = chunk.file.view(chunk)
    assert view is not None and "Trend 0" in view.text and "Thema 3" not in view.text
    assert loader._part(chunk, "s.yaml").json is not None  # read fast, the trend's put in


@pytest.mark.parametrize("anchors", [False, True], ids=["plain", "anchors"])
def test_a_line_in_a_text_that_looks_like_an_item_has_the_file_read_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, anchors: bool) -> None:
    """A line inside a quoted text that spans lines can look like an item's start (and
    hold what looks like an anchor): its chunk reads one item fewer than it was cut for,
    so the items after it would be located at their neighbours' places (warnings at
    the wrong cards); such a file is read whole, and no alias is resolved from a piece of
    a text."""
    text = _text()
    fake = "- &fake maatregel" if anchors else "- maatregel"
    text = text.replace("  text:\n    nl: Een maatregel.\n",
                        f"  text:\n    nl: \"Een\n{fake}\"\n    en: &real Yes\n", 1)
    if anchors:
        text = text.replace("- id: c2_20\n  title:\n    nl: Kaart c2_20\n",
                            "- id: c2_20\n  title:\n    nl: *real\n", 1)
    chunked, _ = _same(text, monkeypatch, in_chunks=False)
    assert chunked[0] is not None  # type: ignore[index]


def _bomb(uses: int) -> str:
    """A 'billion laughs' whose anchors are in the first card and whose aliases are spread
    over the later cards' chunks (`uses` cards), each adding more values than its chunk
    holds."""
    laughs = "".join(f"  x-l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in
                     range(1, 4))
    text = _text()
    text = text.replace("- id: c0_0\n", "- id: c0_0\n  x-l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
                        + laughs, 1)
    for n in range(uses):
        card = f"- id: c{1 + n % 2}_{n // 2}\n"
        assert card in text
        text = text.replace(card, card + "  x-b: *l3\n", 1)
    return text


@pytest.mark.parametrize("uses", [25, 3], ids=["too-many", "within-limits"])
def test_a_billion_laughs_spread_over_chunks_is_counted_for_the_whole_file(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, uses: int) -> None:
    """No chunk's aliases alone exceed the limits, but all of them do: the whole file's
    count is refused in the whole reader's words (its totals), without building it; where
    the whole file is within them, it is read in chunks as the whole reader reads it."""
    text = _bomb(uses)
    _, whole = _same(text, monkeypatch, in_chunks=True)
    keys = {d.words.key for d in whole[1]}  # type: ignore[attr-defined,index]
    assert ("scn.alias_values" in keys) == (uses == 25)
    if uses == 25:
        assert len(whole[1]) == 1  # type: ignore[index,arg-type]
        assert loader._read_chunked(text, "s.yaml")[:2] == (None, None)  # type: ignore[index]


def test_text_expanding_too_much_over_chunks_is_refused_with_the_whole_files_totals(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """One long text anchored and used in card after card: the characters of the whole
    file's expansion, in the whole reader's words."""
    monkeypatch.setattr(loader, "MAX_EXPANDED_TEXT", 1000)
    text = _merged_text("  text: &t\n    nl: " + "ha" * 2_000 + "\n", "  text: *t\n")
    _, whole = _same(text, monkeypatch)
    assert [d.words.key for d in whole[1]] == ["scn.alias_text"]  # type: ignore[index]


@pytest.mark.parametrize("reread", [True, False], ids=["python-words", "libyaml-words"])
def test_an_anchor_written_twice_across_chunks_gives_pyyamls_error(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, reread: bool) -> None:
    """YAML lets an anchor be defined again (the latest before an alias wins) but PyYAML
    refuses it ('found duplicate anchor'): the chunked reading gives the whole reader's
    words (either reader's), at the second definition, and never a value of either."""
    if not reread:
        monkeypatch.setattr(loader, "_REREAD_LIMIT", 100)
    text = _merged_text("  text: &t\n    nl: Een maatregel.\n", "  text: *t\n")
    text = text.replace("- id: c1_5\n  title:\n    nl: Kaart c1_5\n  text: *t\n",
                        "- id: c1_5\n  title:\n    nl: Kaart c1_5\n  text: &t\n    nl: Weer\n")
    assert text.count("&t") == 2
    _, whole = _same(text, monkeypatch)
    assert [d.words.key for d in whole[1]] == ["scn.yaml.advised"]  # type: ignore[index]
    advice = dict(whole[1][0].words.values)["advice"]  # type: ignore[index]
    assert advice.key == "scn.yaml.duplicate_anchor"  # type: ignore[attr-defined]


#: Aliases and merge keys in the top level (outside the chunked lists): (old, new) changes.
_TOP = {
    "merge-inline": [("  name:\n    nl: Trend 0\n", "  name:\n    <<: {nl: Trend 0}\n")],
    "alias-within-top": [("  name:\n    nl: Trend 0\n", "  name: &n\n    nl: Trend 0\n"),
                         ("  text:\n    nl: Failliet\n", "  text: *n\n")],
    "alias-to-a-card": [("  text:\n    nl: Een maatregel.\n",
                         "  text: &card\n    nl: Een maatregel.\n"),
                        ("  text:\n    nl: Failliet\n", "  text:\n    <<: *card\n")],
    "alias-to-a-card-broken": [("  text:\n    nl: Een maatregel.\n",
                                "  text: &card\n    nl: Een maatregel.\n    xx: 1\n"),
                               ("  text:\n    nl: Failliet\n", "  text: *card\n")],
    "alias-before-its-anchor": [("  name:\n    nl: Trend 0\n", "  name: *late\n"),
                                ("  text:\n    nl: Een maatregel.\n",
                                 "  text: &late\n    nl: Een maatregel.\n")],
}


@pytest.mark.parametrize("name", list(_TOP))
def test_aliases_and_merge_keys_in_the_top_level_are_read_with_the_chunks(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The top level's merge keys, its aliases to its own anchors and to a card's (the
    card read with it, in its list's place): the whole reader's scenario and diagnostics,
    with the lines after the lists counted right; an alias before its anchor is the whole
    reader's 'undefined alias', found from the file's events."""
    text = _text()
    for old, new in _TOP[name]:
        assert old in text, old
        text = text.replace(old, new, 1)
    _, whole = _same(text, monkeypatch)
    assert (whole[0] is None) == (name in ("alias-to-a-card-broken",  # type: ignore[index]
                                           "alias-before-its-anchor"))


#: Syntax errors after aliases whose anchors are in earlier chunks (in a later chunk, in
#: the chunk of an alias, in the top level after the lists), and an alias to no anchor
#: before a syntax error (the composer stops first).
_AFTER_ALIASES = {
    "later-chunk": ("- id: c2_20\n", "- id: c2_20\n  amount: [1, 2\n"),
    "same-chunk": ("- id: c1_12\n", "- id: c1_12\n  : x\n"),
    "top-level-after": ("win_threshold: 50", "win_threshold: [50"),
    "undefined-first": ("- id: c1_2\n", "- id: c1_2\n  x: *nothing\n- id: c1_2b\n  y: [1\n"),
}


@pytest.mark.parametrize("reread", [True, False], ids=["python-words", "libyaml-words"])
@pytest.mark.parametrize("name", list(_AFTER_ALIASES))
def test_a_syntax_error_after_aliases_is_found_without_reading_the_file_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str, reread: bool) -> None:
    """Cards using the first card's anchor, then a syntax error: the whole reader's one
    diagnostic (its words, line and column), found from the file's events, with neither
    chunked reader building the file."""
    if not reread:
        monkeypatch.setattr(loader, "_REREAD_LIMIT", 100)
    text = _merged_text("  text: &t\n    nl: Een maatregel.\n", "  text: *t\n")
    old, new = _AFTER_ALIASES[name]
    assert old in text, old
    at = text.index(old)
    text = text[:at] + new + text[at + len(old):]
    _, whole = _same(text, monkeypatch)
    assert whole[0] is None and len(whole[1]) == 1  # type: ignore[index,arg-type]
    key = dict(whole[1][0].words.values).get("advice")  # type: ignore[index]
    assert (getattr(key, "key", None) == "scn.yaml.undefined_alias") == (
        name == "undefined-first")
    read = loader._read_chunked(text, "s.yaml")
    assert read is not None and read[:2] == (None, None)


def test_an_alias_that_contains_itself_or_nests_too_deep_is_named_without_reading_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """An anchor used inside itself (in a later chunk), and a deep anchor used deep in a
    later chunk, beyond MAX_DEPTH only together: the whole reader's one diagnostic, at its
    place, found a chunk at a time."""
    text = _text().replace("- id: c1_20\n", "- id: c1_20\n  x-loop: &loop [1, *loop]\n", 1)
    _, whole = _same(text, monkeypatch)
    assert [d.words.key for d in whole[1]] == ["scn.alias_loop"]  # type: ignore[index]
    deep = "[" * 40 + "1" + "]" * 40
    text = _text().replace("- id: c0_1\n", f"- id: c0_1\n  x-deep: &deep {deep}\n", 1)
    text = text.replace("- id: c2_20\n", "- id: c2_20\n  x-d: " + "[" * 30 + "*deep"
                        + "]" * 30 + "\n", 1)
    _, whole = _same(text, monkeypatch)
    assert [d.words.key for d in whole[1]] == ["scn.too_deep"]  # type: ignore[index]


def test_aliases_adding_more_than_the_file_holds_over_all_chunks_are_refused(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every card merging a card of defaults that holds more values than it: no chunk adds
    much more than it holds, but all together more than the whole file holds (the limit
    without its floor): refused once all chunks are read, with the whole file's totals in
    the whole reader's words."""
    monkeypatch.setattr(loader, "MAX_EXPANDED_NODES", 1000)
    text = _whole_card_defaults().replace(
        "- &defaults\n  id: c0_0\n", "- &defaults\n  id: c0_0\n  x-pad: [" + ", ".join(
            ["1"] * 60) + "]\n", 1)
    _, whole = _same(text, monkeypatch)
    assert [d.words.key for d in whole[1]] == ["scn.alias_values"]  # type: ignore[index]
    chunk = loader._split(text)[1]["cards"][4]  # type: ignore[index]
    added, _, least = loader._part(chunk, "s.yaml").counts
    assert least < added <= loader._CHUNK_GROWTH * least  # (each chunk within its bound)


def _card_text(text: str, card: str, value: str) -> str:
    """`text` with card `card`'s Dutch text written as `value` (a tag, a number, ...)."""
    start = text.index(f"- id: {card}\n")
    old = "  text:\n    nl: Een maatregel.\n"
    at = text.index(old, start)
    assert at < text.index("\n- id:", start), card
    return text[:at] + f"  text:\n    nl: {value}\n" + text[at + len(old):]


#: What forbids building a file (a tag, a number no sum survives) and what a constructor
#: refuses, each written in one card of a later chunk.
_STOPS = {
    "binary": "!!binary aGVsbG8=",
    "float-tag": "!!float inf",
    "set": "!!set {a: null}",
    "custom-tag": "!foo x",
    "huge-exponent": "1e309",
    "inf": ".inf",
    "minus-inf": "-.inf",
    "nan": ".NaN",
    "long-integer": "9" * 5000,
    "too-large": "1_000e13",
    "hex-too-large": "0x" + "f" * 20,
    "refused-int": "!!int 1:30",
    "refused-bool": "!!bool maybe",
    "refused-float": "!!float abc",
}


@pytest.mark.parametrize("name", list(_STOPS))
def test_a_tag_or_an_unusable_number_in_a_chunk_is_found_a_chunk_at_a_time(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Read whole, such a file gives its tree's problems and nothing else (or a refused
    value's one diagnostic): both chunked readers give the same, located in the file, in
    either language, with every chunk read on its own (a 100,000-card file read whole
    built 1.9 GB of nodes for one tag)."""
    text = _card_text(_text(), "c2_9", _STOPS[name])
    chunked, whole = _same(text, monkeypatch)
    assert chunked[0] is None and len(whole[1]) == 1  # type: ignore[arg-type,index]
    assert whole[1][0].line == text[:text.index(_STOPS[name])].count("\n") + 1  # type: ignore[index]
    read = loader._read_chunked(text, "s.yaml")
    assert read is not None and read[:2] == (None, None)
    assert _shown((None, read[2])) == _shown(whole)  # type: ignore[arg-type]
    fast = loader._fast_scenario(text, "s.yaml")
    assert fast is not None and fast[0] is None
    assert _shown((None, fast[1])) == _shown(whole)  # type: ignore[arg-type]


#: Several problems in several chunks: (the cards changed and their values).
_MANY = {
    # every tree problem of every chunk, a key written twice in another chunk too
    "two-tags-and-a-duplicate": [("c0_2", "!!binary aGVsbG8="), ("c2_20", ".nan"),
                                 ("c1_5", "Een\n    nl: Twee")],
    # a tag wins over a refused value in an earlier chunk (nothing is built at all)
    "refused-then-tag": [("c0_3", "!!int abc"), ("c2_25", "!!set {}")],
    # of two refused values, the first in the file, alone
    "two-refused": [("c2_20", "!!bool nee"), ("c1_2", "!!int 1:30")],
    # a refused value and a validation error elsewhere: the refused value alone
    "refused-and-invalid": [("c1_20", "!!float x"), ("c0_4", "[1, 2]")],
    # a tag in the first chunk of a list, where the top level is validated
    "first-chunk": [("c0_0", "!custom x")],
}


@pytest.mark.parametrize("name", list(_MANY))
def test_problems_that_stop_building_in_several_chunks_are_all_found_as_read_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    text = _text()
    for card, value in _MANY[name]:
        text = _card_text(text, card, value)
    chunked, whole = _same(text, monkeypatch)
    assert chunked[0] is None and whole[1]  # type: ignore[index]
    expected = {"two-tags-and-a-duplicate": 3, "refused-then-tag": 1, "two-refused": 1,
                "refused-and-invalid": 1, "first-chunk": 1}[name]
    assert len(whole[1]) == expected  # type: ignore[arg-type]
    fast = loader._fast_scenario(text, "s.yaml")  # (validate sorts them by place)
    assert fast is not None and _shown(  # type: ignore[arg-type]
        (None, loader.sort_diagnostics(fast[1]))) == _shown(whole)


def test_a_refused_value_with_aliases_in_the_file_is_read_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """With an alias anywhere, the whole reader builds the file breadth first (PyYAML's
    construction), so which refused value comes first is not the file's order: read
    whole."""
    text = _merged_text().replace("- id: c2_9\n  title:\n    nl: Kaart c2_9\n",
                                  "- id: c2_9\n  title:\n    nl: !!int abc\n", 1)
    assert "!!int abc" in text
    _same(text, monkeypatch, in_chunks=False)


def test_a_tag_in_a_file_with_aliases_is_found_a_chunk_at_a_time(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _merged_text().replace("- id: c2_9\n  title:\n    nl: Kaart c2_9\n",
                                  "- id: c2_9\n  title:\n    nl: !!binary aGVsbG8=\n", 1)
    assert "!!binary" in text
    chunked, whole = _same(text, monkeypatch)
    assert chunked[0] is None and len(whole[1]) == 1  # type: ignore[arg-type,index]


#: The top level's own stops, alone or with a chunk's: (changes, problems read whole).
_TOP_STOPS = {
    "tag-before-the-lists": ([("title:\n  nl: Synthetisch", "title:\n  nl: !!binary aGVsbG8=")],
                             1),
    "number-after-the-lists": ([("win_threshold: 50", "win_threshold: .inf")], 1),
    "refused-before-the-lists": ([("rounds: 8", "rounds: !!int acht")], 1),
    "refused-after-the-lists-and-in-a-chunk": ([("win_threshold: 50", "win_threshold: !!int x"),
                                                ("nl: Kaart c2_9\n", "nl: !!bool nee\n")], 1),
    "refused-before-and-a-tag-in-a-chunk": ([("rounds: 8", "rounds: !!int acht"),
                                             ("nl: Kaart c2_9\n", "nl: !x y\n")], 1),
    "tag-and-a-key-twice-in-the-top-level": ([("title:\n  nl: Synthetisch",
                                                "title:\n  nl: !!set {}"),
                                               ("region:", "rounds: 9\nregion:")], 2),
}


@pytest.mark.parametrize("name", list(_TOP_STOPS))
def test_a_top_level_that_may_not_be_built_has_the_chunks_read_for_their_problems(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The top level's tags, unusable numbers and refused values stop building the file as
    a chunk's do: its problems (at the file's lines, the lists' lines counted back) and the
    chunks' are the whole reader's, found a chunk at a time."""
    text = _text()
    changes, expected = _TOP_STOPS[name]
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    chunked, whole = _same(text, monkeypatch)
    assert chunked[0] is None and len(whole[1]) == expected  # type: ignore[arg-type,index]
    fast = loader._fast_scenario(text, "s.yaml")  # (validate sorts them by place)
    assert fast is not None and _shown(  # type: ignore[arg-type]
        (None, loader.sort_diagnostics(fast[1]))) == _shown(whole)


@pytest.mark.parametrize("use", ["", "other: *all\n", "cards-too: [*all]\n"],
                         ids=["unused", "used", "used-in-flow"])
def test_an_anchor_on_a_chunked_list_itself_is_cut_where_no_alias_may_name_it(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, use: str) -> None:
    """``cards: &all`` with no alias to it: the list is cut (the anchor stays on the key's
    empty value in the skeleton, where nothing sees it) and reads as read whole; an alias
    to it stands for the whole list, so that list is not cut."""
    text = _text().replace("\ncards:\n", "\ncards: &all  # de kaarten\n", 1) + use
    assert "&all" in text
    chunked, _ = _same(text, monkeypatch)  # (the other lists are cut all the same)
    cut = loader._split(text)
    assert cut is not None and ("cards" in cut[1]) == (not use)
    if not use:
        assert chunked[0] is not None  # type: ignore[index]
        broken = _card_text(text, "c2_9", "!!binary aGVsbG8=")
        chunked, whole = _same(broken, monkeypatch)
        assert chunked[0] is None and len(whole[1]) == 1  # type: ignore[arg-type,index]


@pytest.mark.parametrize("more", ["", "an-error", "a-tag"])
def test_a_key_written_twice_in_the_top_level_is_said_as_read_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, more: str) -> None:
    """A key twice in the top level (the later one kept, as PyYAML keeps it) is the whole
    reader's diagnostic, with its first line counted in the file, beside what the chunks
    say: an error in a card, a tag (then nothing is built)."""
    text = _text().replace("\nscore:", "\nrounds: 9\nscore:", 1)
    if more == "an-error":
        text = text.replace("cost:\n    budget: 5", "cost:\n    budget: '5'", 1)
    elif more == "a-tag":
        text = _card_text(text, "c2_9", "!!binary aGVsbG8=")
    chunked, whole = _same(text, monkeypatch)
    assert chunked[0] is None and any(  # type: ignore[index]
        "rounds" in d.message for d in whole[1])  # type: ignore[attr-defined]
    assert len(whole[1]) == (1 if not more else 2)  # type: ignore[arg-type]
    fast = loader._fast_scenario(text, "s.yaml")
    assert fast is not None and _shown(  # type: ignore[arg-type]
        (None, loader.sort_diagnostics(fast[1]))) == _shown(whole)


_DEEP = "[" * 70 + "]" * 70
#: Nesting too deep in a card, with other problems: (cards changed, top-level changes, the
#: problems read whole). The whole reader's walk stops at the node nested too deep: what
#: comes after it in the file is unsaid, but the top level's own keys written twice are
#: found on entering it, first.
_DEEP_CASES = {
    "alone": ([("c2_9", _DEEP)], [], 1),
    "a-tag-before": ([("c0_2", "!x y"), ("c2_9", _DEEP)], [], 2),
    "a-tag-after": ([("c2_9", _DEEP), ("c2_25", "!x y")], [], 1),
    "top-level-before": ([("c2_9", _DEEP)], [("rounds: 8", "rounds: .nan")], 2),
    "top-level-after": ([("c2_9", _DEEP)], [("win_threshold: 50", "win_threshold: .nan")], 1),
    "a-key-twice-after": ([("c2_9", _DEEP)], [("\nscore:", "\nrounds: 9\nscore:")], 2),
    "a-variable-before": ([("c0_0", _DEEP)], [("nl: Thema 3\n", "nl: !x y\n")], 2),
    "first-card-then-a-tag": ([("c0_0", _DEEP), ("c0_3", "!x y")], [], 1),
}


@pytest.mark.parametrize("name", list(_DEEP_CASES))
def test_nesting_too_deep_in_a_chunk_says_what_the_whole_readers_walk_finds_first(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    cards, top, expected = _DEEP_CASES[name]
    text = _text()
    for old, new in top:
        assert old in text, old
        text = text.replace(old, new, 1)
    for card, value in cards:
        text = _card_text(text, card, value)
    chunked, whole = _same(text, monkeypatch, in_chunks=True)
    assert chunked[0] is None and len(whole[1]) == expected  # type: ignore[arg-type,index]
    assert any("64" in d.message for d in whole[1])  # type: ignore[attr-defined]
    fast = loader._fast_scenario(text, "s.yaml")  # read fast up to it and after it
    assert fast is not None and _shown(  # type: ignore[arg-type]
        (None, loader.sort_diagnostics(fast[1]))) == _shown(whole)


@pytest.mark.parametrize("first", ["!!int x", "&a x"], ids=["refused-before", "aliases"])
def test_nesting_too_deep_after_a_refused_value_or_with_aliases_is_read_whole(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    """A refused value's chunk leaves its other problems unknown, and with aliases the
    whole reader walks the file in its own order: such a file is read whole."""
    text = _card_text(_text(), "c0_2", first)
    if first.startswith("&"):
        text = _card_text(text, "c1_4", "*a")
    text = _card_text(text, "c2_9", _DEEP)
    _same(text, monkeypatch, in_chunks=False)


@pytest.mark.parametrize("form", ["document-markers", "windows-line-ends", "both"])
def test_document_markers_and_windows_line_ends_are_read_in_chunks(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    """``---`` before the document and ``...`` after it (as ``yaml.dump`` writes with
    ``explicit_start``), and ``\\r\\n`` line ends (an editor on Windows): a big file written
    so is read in chunks, with the whole reader's scenario and warnings at the same lines;
    read whole, such a 33 MB file took 2,3 GB."""
    text = _text()
    if form != "windows-line-ends":
        text = "# kop\n---\n" + text + "...  # einde\n\n"
    if form != "document-markers":
        text = text.replace("\n", "\r\n")
    chunked, _ = _same(text, monkeypatch)
    assert chunked[0] is not None  # type: ignore[index]
    assert chunked[1], "the test file has warnings to locate"  # type: ignore[index]


@pytest.mark.parametrize("second", ["---\nid: again\n", "--- !tag\n"])
def test_a_marker_the_whole_reader_refuses_is_still_its_error(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, second: str) -> None:
    """Only one document's own markers are made comments: a second document, or content
    after a marker, keeps the whole reader's error, at its place."""
    text = "---\n" + _text() + second
    _, whole = _same(text, monkeypatch, in_chunks=False)
    assert whole[0] is None and len(whole[1]) == 1  # type: ignore[index,arg-type]


#: Files that cannot be read in chunks: (the change, the reason's key, where it is put).
_WHOLE_ONLY = {
    "flow-lists": (None, "scn.whole.flow", (1, 1)),
    "top-level-aliases-and-a-refused-value": (
        "x-top: &top {a: 1}\nx-use: *top\nx-bad: !!int abc\n", "scn.whole.alias", (3, 8)),
    "key-that-is-a-list": ("? [a, b]\n: 1\n", "scn.whole.other", (1, 1)),
}


@pytest.mark.parametrize("name", list(_WHOLE_ONLY))
def test_a_big_file_that_must_be_read_whole_is_refused_in_one_sentence(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Read whole, a file's node tree takes about 70 times its size: a file above the
    limit that cannot be read in chunks gets one located sentence in the user's language,
    saying what to change, and is never read whole (the whole reader is not called)."""
    change, key, place = _WHOLE_ONLY[name]
    data = synthetic_data(1, seed=5, roles=3, cards_per_role=30)
    if change is None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                              default_flow_style=True, width=10**6)
    else:
        text = "id: " + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)[4:]
        first, rest = text.split("\n", 1)
        text = f"{first}\n{change}{rest}"
    assert loader._read_chunked(text, "s.yaml") is None
    monkeypatch.setattr(loader, "WHOLE_READ_LIMIT", len(text) - 1)

    def never(*_: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(loader, "read_tree", never)
    scenario, found = loader.check_scenario_text(text, "s.yaml")
    assert scenario is None and len(found) == 1
    words = found[0].words
    assert words is not None and words.key == "scn.too_big_to_read_whole"
    assert dict(words.values)["why"].key == key
    assert (found[0].line, found[0].column) == place
    dutch, english = found[0].shown("nl"), found[0].shown("en")
    assert "lezen we alleen in delen" in dutch and "only read in parts" in english
    for shown in (dutch, english):
        assert "{" not in shown and "Error" not in shown and "yaml." not in shown


@pytest.mark.parametrize("start", ["- id: a\n", "# lijst\n[\n"])
def test_a_big_list_where_the_scenario_must_be_a_mapping_says_so_without_reading_it(
        monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    """A big file that is one list (a card list saved on its own, say) is told what a
    scenario's top level is, at the list's first line, as a small one is: not read whole."""
    text = start + "- id: b\n" * 2000 + ("]\n" if "[" in start else "")
    monkeypatch.setattr(loader, "WHOLE_READ_LIMIT", 1000)
    small = loader.check_scenario_text(start + ("]\n" if "[" in start else ""), "s.yaml")[1]

    def never(*_: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(loader, "read_tree", never)
    scenario, found = loader.check_scenario_text(text, "s.yaml")
    assert scenario is None
    assert [(d.line, d.column, d.shown("nl")) for d in found] == [
        (d.line, d.column, d.shown("nl")) for d in small]
    assert found[0].words is not None and found[0].words.key == "scn.top_not_mapping"
