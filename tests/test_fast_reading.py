"""Big valid files are read by rapidyaml (C++) straight to JSON; that reading is trusted only
where it equals the chunked reader's. Here random chunks (every spelling of numbers, true,
false and null, quoted or not, multi-line texts, comments, repeated keys, lists in brackets)
are read both ways: the fast reading either declines or gives exactly the same data, types
included (``True`` is not ``1``, ``1.0`` is not ``1``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from morgenmaken.scenario import loader
from morgenmaken.scenario.synthetic import synthetic_data

CHECKS = settings(max_examples=500, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])

#: Characters that change how YAML reads a value, or how rapidyaml might.
ALPHABET = "0123456789.-+eE_xobnaflsTtruNIiy~ #:,'\"[]{}!&*%@`é|>?"

#: Characters of plain texts, which the fast reading should take (so that it is tested).
WORDS = "abcdefghijklmnopqrstuvwxyz ABCXYZ.,-:#'()éëü—"

#: Spellings that the two readers have been seen (or could be expected) to read apart.
SPELLINGS = ["~", "null", "Null", "NULL", "true", "True", "TRUE", "tRuE", "false", "False",
             "no", "yes", "on", "0x1F", "0o17", "010", "0000", "1_000", "1_0.5", ".5", "-.5",
             "+.5", "2.", "1e5", "1E-3", "1e+3", "-0", "-0.0", ".inf", "-.Inf", ".nan",
             ".NaN", "NaN", "Infinity", "1234567890123", "-99999999999999", "5e12",
             "0.30000000000000004", "12:30", "2024-01-02", "1,5", "", "  x  ", "a#b", "a #b",
             "é", "Kaart c0_1"]


def _typed(value: object) -> object:
    """`value` with its types spelled out, so that equal data means equal types too."""
    if isinstance(value, dict):
        return {"dict": [(_typed(k), _typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [_typed(v) for v in value]}
    return (type(value).__name__, value)


def _slow(text: str) -> tuple[object, list[loader.Diagnostic]] | None:
    """The chunked reader's data and problems for one chunk, or None for a YAML error."""
    try:
        reader = loader.FastLoader(text)
        try:
            root = reader.get_single_node()
            return loader._checked_build(root, reader, "c.yaml", depth=2)
        finally:
            reader.dispose()
    except yaml.YAMLError:
        return None


def _fast(text: str) -> object:
    """The fast reading of one chunk (None where it declines), with the prescreens of a
    whole file (:func:`loader._may_cut` less the size, :func:`loader._fast_readable`).

    The JSON is read here as pydantic reads it; what pydantic refuses (not JSON) is read by
    libyaml instead, and so is a chunk whose keys counted exceed the fields its models were
    given: a key written twice (every mapping of an item is a model that forbids unknown
    keys). So the count must be exactly the keys written."""
    if "<<" in text or loader._has_alias(text) or not loader._fast_readable(text) \
            or loader._NON_PRINTABLE.search(text):
        return None
    read = loader._chunk_json(text)
    if read is None:
        return None
    part, keys = read
    pairs: list[int] = []
    repeated: list[bool] = []

    def mapping(found: list[tuple[str, object]]) -> dict[str, object]:
        pairs.append(len(found))
        repeated.append(len(dict(found)) != len(found))
        return dict(found)

    try:
        data = json.loads("[" + part + "]", object_pairs_hook=mapping)
    except ValueError:
        return None
    assert sum(pairs) == keys, "the keys counted are the keys written"
    return None if any(repeated) else data


def _same_or_declined(text: str) -> None:
    fast = _fast(text)
    if fast is None:
        return
    slow = _slow(text)
    assert slow is not None, "the fast reading took a file that does not parse"
    data, problems = slow
    assert not problems, f"the fast reading missed {problems}"
    assert _typed(fast) == _typed(data)


def _scalar(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace('"', "'") + '"'
    if style == "|":
        return "|\n      " + value + "\n      " + value
    return value


@st.composite
def chunks(draw: st.DrawFn) -> str:
    """A block list of mappings, like a chunk of cards, with random values."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        lines = []
        for number in range(draw(st.integers(1, 4))):
            key = draw(st.sampled_from(["id", "nl", "amount", "delay", f"k{number}", "'q'",
                                        "a b", "id", "nl", "1", "true", "~"]))
            value = draw(st.one_of(
                st.sampled_from(SPELLINGS), st.text(ALPHABET, max_size=8),
                *[st.text(WORDS, min_size=1, max_size=12)] * 6,
                *[st.floats(-1e6, 1e6).map(repr), st.integers(-10**6, 10**6).map(str)] * 2))
            style = draw(st.sampled_from(["", "", "'", '"', "|"]))
            shape = draw(st.sampled_from(["value", "value", "list", "flow", "multi"]))
            if shape == "list":
                lines.append(f"{key}:\n  - {_scalar(value, style)}\n  - {value or 'x'}")
            elif shape == "flow":
                lines.append(f"{key}: [{value}, {_scalar(value, style)}]")
            elif shape == "multi":
                lines.append(f"{key}: {value or 'x'}\n    {value or 'y'} # c")
            else:
                lines.append(f"{key}: {_scalar(value, style)}")
        items.append("- " + "\n  ".join("\n  ".join(line.split("\n")) for line in lines))
    return "\n".join(items) + "\n"


@CHECKS
@given(chunks())
def test_the_fast_reading_of_a_random_chunk_is_the_chunked_one_or_declines(text: str) -> None:
    _same_or_declined(text)


@pytest.mark.parametrize("value", SPELLINGS)
@pytest.mark.parametrize("style", ["", "'", '"'])
def test_every_awkward_spelling_reads_the_same_or_declines(value: str, style: str) -> None:
    _same_or_declined(f"- a: {_scalar(value, style)}\n  b: [{value or 'x'}]\n- {value}\n")


@pytest.mark.parametrize("text", [
    "- a: 1\n  a: 2\n",                     # a key twice: YAML's reading reports it
    "- {a: 1, a: 2}\n",
    "- a: 1e999\n",                         # infinite
    "- a: 123456789012345\n",               # too large to be a scenario's number
    "- a: !!binary aGVsbG8=\n",             # a tag
    "- a: &x 1\n",                          # an anchor
    "- a: \"tab\\there\"\n",                # an escape
    "- a: True\n", "- a: ~\n", "- a: 0x1F\n", "- a: 1_000\n",
    "- a: [1, 2\n",                         # does not parse
])
def test_what_may_read_otherwise_is_declined(text: str) -> None:
    assert _fast(text) is None


@pytest.fixture
def small_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(loader, "CHUNKED_ABOVE", 1000)
    monkeypatch.setattr(loader, "CHUNK_ITEMS", 7)
    yield


def test_a_valid_big_file_is_read_fast_with_the_same_scenario_and_warnings(
        small_files: None, monkeypatch: pytest.MonkeyPatch) -> None:
    data = synthetic_data(1, seed=5, roles=3, cards_per_role=30)
    data["cards"][4]["title"]["en"] = "Card 4"  # one translated card among untranslated
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert loader._fast_scenario(text, "s.yaml") is not None  # it really is read fast
    fast = loader.check_scenario_text(text, "s.yaml")
    monkeypatch.setattr(loader, "_ryml", None)
    chunked = loader.check_scenario_text(text, "s.yaml")
    assert fast[0] is not None and fast[0] == chunked[0]
    assert [d.shown(lang) for d in fast[1] for lang in ("en", "nl")] == \
        [d.shown(lang) for d in chunked[1] for lang in ("en", "nl")]
    assert fast[1], "the synthetic scenario has warnings, located in the chunks"


def _changed(text: str, old: str, new: str, *, first: bool = False) -> str:
    """`text` with the last (or first) `old` made `new`."""
    at = text.index(old) if first else text.rindex(old)
    return text[:at] + new + text[at + len(old):]


def _three_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, list[str]]]:
    """The scenario and every diagnostic (in both languages) as the fast reading, the
    chunked reader and the whole reader give them."""
    results = []
    for ryml, limit in ((loader._ryml, 1000), (None, 1000), (None, 10**12)):
        monkeypatch.setattr(loader, "_ryml", ryml)
        monkeypatch.setattr(loader, "CHUNKED_ABOVE", limit)
        scenario, diagnostics = loader.check_scenario_text(text, "s.yaml")
        results.append((scenario, [d.shown(lang) for d in diagnostics for lang in ("en", "nl")]))
    return results


@pytest.mark.parametrize(("old", "new", "first", "fast"), [
    ("title:\n    nl: Kaart c2_25", "titel:\n    nl: Kaart c2_25", False, True),  # unknown field
    ("title:\n    nl: Kaart c0_2\n", "titel:\n    nl: Kaart c0_2\n", True, True),  # in chunk 1
    ("amount: 2.453051657174007", "amount: veel", False, True),   # a wrong type, late
    ("delay: 1\n", "delay: 1.0\n", False, True),                   # a whole float: valid
    ("delay: 1\n", "delay: 1.5\n", False, True),                   # not a whole number
    ("  spread: 1\n", "  spread: 1\n    spread: 2\n", False, True),  # a key twice
    ("nl: Een maatregel.", "nl: \"Een \\\"maatregel\\\".\"", False, True),  # an escape
    ("nl: Een maatregel.", "nl: !!str Een maatregel.", False, True),  # a tag that is plain
    ("rounds: 8\n", "rounds: acht\n", True, True),  # an optional field of the top level
    ("start_year: 2026\n", "start_year: later\n", True, True),  # a required one: no refs
    ("per_round: 0.130884628199509", "per_round: veel", True, True),  # a short list's item
    ("variable: v8\n", "variable: v8x\n", True, True),  # an unknown id beside the other one
    ("- id: t1\n", "- id: t1\n  ook: 1\n", True, True),  # an unknown field in a short list
    ("score:\n", "score: 1\nscores:\n", True, True),  # required, and an unknown key
])
def test_a_big_file_gives_what_the_chunked_and_whole_readers_give(
        small_files: None, monkeypatch: pytest.MonkeyPatch, old: str, new: str, first: bool,
        fast: bool) -> None:
    """Errors in the items of a chunked list (and chunks that libyaml must read) are judged
    a chunk at a time, never with the whole file's data at once; what comes out is what the
    chunked reader and the whole reader say, word for word and place for place."""
    data = synthetic_data(1, seed=5, roles=3, cards_per_role=30)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    changed = _changed(text, "variable: v3\n", "variable: v3x\n")  # and an unknown id
    changed = _changed(changed, old, new, first=first)
    assert (loader._fast_scenario(changed, "s.yaml") is not None) == fast
    quick, chunked, whole = _three_ways(changed, monkeypatch)
    assert quick[1] == chunked[1] == whole[1]
    assert quick[1], "the unknown id at least is reported"
    assert quick[0] is None and chunked[0] is None and whole[0] is None
    valid = _changed(text, old, new, first=first)  # without the unknown id
    quick, chunked, whole = _three_ways(valid, monkeypatch)
    assert quick == chunked == whole


def test_what_rapidyaml_declines_leaves_no_words_on_stderr(
        capfd: pytest.CaptureFixture[str]) -> None:
    text = "- a:\n    - '\n    - '\n"  # YAML (libyaml reads it), which rapidyaml refuses
    loader.FastLoader(text).raw_parse()
    with loader._quiet_stderr():
        assert loader._chunk_json(text) is None
    assert capfd.readouterr().err == ""


def test_equal_texts_and_costs_of_a_chunk_become_one_object_and_only_equal_ones() -> None:
    """Frozen models without models inside are shared where they are equal: the same given
    fields and the same values as written (``-0.0`` is not ``0.0``, a text given ``en:
    null`` is not one without ``en``)."""
    from math import copysign

    from pydantic import TypeAdapter

    from morgenmaken.scenario.models import Card

    def card(number: int, text: dict[str, object], budget: object) -> dict[str, object]:
        return {"id": f"c{number}", "title": {"nl": f"Kaart {number}"}, "text": text,
                "cost": {"budget": budget}}

    cards = TypeAdapter(list[Card]).validate_json(json.dumps([
        card(1, {"nl": "Zelfde"}, 1), card(2, {"nl": "Zelfde"}, 1),
        card(3, {"nl": "Zelfde", "en": None}, -0.0), card(4, {"nl": "Zelfde"}, 0.0),
    ]), strict=True)
    before = [c.model_dump() for c in cards]
    loader._settle(cards, {})
    assert [c.model_dump() for c in cards] == before
    assert cards[0].text is cards[1].text is cards[3].text and cards[2].text is not cards[0].text
    assert cards[2].text.model_fields_set == {"nl", "en"}
    assert cards[0].cost is cards[1].cost and cards[2].cost is not cards[3].cost
    assert copysign(1, cards[2].cost.budget) < 0 < copysign(1, cards[3].cost.budget)
    assert cards[0].title is not cards[1].title
