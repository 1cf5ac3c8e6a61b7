"""Fuzzing the files users hand the game: random bytes and random mutations of a valid save
and a valid scenario. Whatever the bytes, reading gives a result or one clear line, never a
Python error, and stays small in memory (an input this size cannot be allowed to grow).

Time is bounded by the inputs, not asserted (``deadline=None``: a busy machine must not fail
a test); the examples are few and small so the file runs in seconds.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from morgenmaken.engine import SaveError
from morgenmaken.scenario.loader import check_scenario_file
from morgenmaken.table.store import Store
from tests.save_corpus import FILES as SAVES
from tests.save_corpus import INTERNALS, split
from tests.test_loader import VALID

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

#: Tokens that have broken YAML or JSON readers before: aliases, tags, huge and infinite
#: numbers, brackets, tabs, carriage returns, nul bytes, deep parentheses, bad UTF-8.
TOKENS = [b"*a", b"&a ", b"!!binary ", b"!!set ", b"!!float ", b"1e309", b"9" * 500, b"[",
          b"{", b"]", b"}", b"\t", b"\r", b":", b"- ", b"\x00", b"(" * 60, b"'", b'"',
          b"\xff", b"\xc3", b"NaN", b"-Infinity", b"<<: *a", b"---\n", b"\xfe\xff", b",",
          b"\n  ", b"? ", b"%YAML 1.1\n", b"|\n", b">-\n"]


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with a few random edits: flips, cuts, repeats and hostile tokens."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "token", "truncate"]))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 60))] * draw(st.integers(1, 20))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        else:
            del data[at:]
    return bytes(data)


def _valid_save() -> bytes:
    return next(split(p)[1] for p in SAVES if p.stem == "seed_fraction").replace(
        b'"seed": 7.5', b'"seed": 7')


VALID_SAVE = _valid_save()
RANDOM = st.binary(min_size=0, max_size=400)


def _one_clear_line(text: str) -> None:
    assert text and "\n" not in text, repr(text)
    assert not any(word in text for word in INTERNALS), text


def _read_save(folder: Path, raw: bytes) -> None:
    store = Store(folder=folder)
    store.path.write_bytes(raw)
    try:
        store.peek()
        store.load()
    except SaveError as error:
        for lang in ("nl", "en"):
            _one_clear_line(error.reason(lang))


def _read_scenario(folder: Path, raw: bytes) -> None:
    path = folder / "scenario.yaml"
    path.write_bytes(raw)
    _, diagnostics = check_scenario_file(path)
    for diagnostic in diagnostics:
        assert "\n" not in diagnostic.message and "Traceback" not in diagnostic.message
        assert diagnostic.line >= 1 and diagnostic.column >= 1


def _peak_megabytes() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def test_the_valid_inputs_are_valid(tmp_path: Path) -> None:
    Store(folder=tmp_path).path.write_bytes(VALID_SAVE)
    assert Store(folder=tmp_path).load().scenario.id == "tutorial"
    (tmp_path / "s.yaml").write_text(VALID, encoding="utf-8")
    assert check_scenario_file(tmp_path / "s.yaml")[0] is not None


@FUZZ
@given(raw=RANDOM)
def test_random_bytes_as_a_save(tmp_path: Path, raw: bytes) -> None:
    _read_save(tmp_path, raw)


@FUZZ
@given(raw=mutated(VALID_SAVE))
def test_mutated_save(tmp_path: Path, raw: bytes) -> None:
    _read_save(tmp_path, raw)


@FUZZ
@given(raw=RANDOM)
def test_random_bytes_as_a_scenario(tmp_path: Path, raw: bytes) -> None:
    _read_scenario(tmp_path, raw)


@FUZZ
@given(raw=mutated(VALID.encode("utf-8")))
def test_mutated_scenario(tmp_path: Path, raw: bytes) -> None:
    _read_scenario(tmp_path, raw)


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss is POSIX")
def test_hostile_small_files_stay_small_in_memory(tmp_path: Path) -> None:
    """A few kilobytes that once grew to gigabytes (aliases of a long text, aliases of
    aliases, deep nesting) are refused before they grow: the process's peak stays put."""
    before = _peak_megabytes()
    text = "x" * 100_000
    laughs = f"id: a\nl0: &l0 {text}\n" + "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))
    _read_scenario(tmp_path, laughs.encode())
    _read_scenario(tmp_path, b"a: " + b"[" * 5000 + b"]" * 5000)
    _read_save(tmp_path, b"[" * 1_000_000)
    assert _peak_megabytes() - before < 300
