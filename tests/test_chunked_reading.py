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
    # a tag or an unusable number: nothing may be built, read whole; a syntax error is
    # found by parsing the file whole, without building it
    read_whole = "!!binary" in new or "1e999" in new
    assert (loader._read_chunked(broken, "s.yaml") is None) == read_whole
    if "'open" in new:
        assert loader._read_chunked(broken, "s.yaml")[:2] == (None, None)  # type: ignore[index]


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
                              _card("c2_5", _TEXT + "*m"))], False),
    "anchor-twice": ([(_card("c0_0", _TEXT), _card("c0_0", _TEXT + "&m ")),
                      (_card("c2_5", _TEXT), _card("c2_5", _TEXT + "&m "))], False),
    "undefined-alias": ([(_card("c1_3", _TEXT + "Een maatregel."), _card("c1_3", _TEXT + "*m"))],
                        False),
}


@pytest.mark.parametrize("name", list(_SHARED))
def test_anchors_aliases_and_merge_keys_in_a_chunk_are_read_in_that_chunk(
        small_chunks: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Within one chunk (the first included) an alias or a merge key is read with that
    chunk, by both readers, with the whole reader's scenario and diagnostics; one whose
    anchor is in another chunk, or an anchor written twice, has the file read whole."""
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
    if in_chunks:
        assert read is not None and read[0] is not None
    if name in ("alias-broken-value", "anchor-twice", "undefined-alias", "merge-first-chunk"):
        assert whole[1], "the change must break something"  # type: ignore[index]
