"""Warnings: what loads but plays badly, located, and never raised without cause.

The corpus lives in ``tests/warnings/``: one small scenario per kind of warning, each starting
with a comment that says what it shows and one ``# expect: line:column: message`` line per
warning it must produce (the message part is a substring). Files in it have no errors, so every
diagnostic must be a warning and every warning must be expected.
"""

from __future__ import annotations

import os
import random
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.scenario.expressions import parse
from morgenmaken.scenario.images import image_path, read_image
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import (
    ScenarioError,
    check_scenario_file,
    check_scenario_text,
    load_scenario,
)
from morgenmaken.scenario.warnings import _truth
from tests.corpus import expectations

CORPUS = Path(__file__).parent / "warnings"
FILES = sorted(CORPUS.glob("*.yaml"))
SHIPPED = sorted(shipped_dir().glob("*.yaml"))
runner = CliRunner()




def test_the_corpus_covers_every_kind_of_warning() -> None:
    assert len(FILES) >= 7
    text = "\n".join(m for path in FILES for _, _, m in expectations(path))
    for kind in ("has no effect", "nothing can change variable", "can never happen",
                 "can never be played", "can never be met", "loop with no delay",
                 "has only", "no English translation"):
        assert kind in text, kind


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_file_gives_exactly_its_warnings(path: Path) -> None:
    scenario, diagnostics = check_scenario_file(path)
    shown = "\n".join(str(d) for d in diagnostics)
    assert scenario is not None, shown
    assert all(d.severity == "warning" and d.path == str(path) for d in diagnostics), shown
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    assert len(diagnostics) == len(expected), shown
    for (line, column, message), found in zip(expected, diagnostics, strict=True):
        assert (found.line, found.column) == (line, column), shown
        assert message in found.message, shown
    load_scenario(path)  # warnings never stop a scenario from loading


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_have_no_warnings(path: Path) -> None:
    scenario, diagnostics = check_scenario_file(path)
    assert scenario is not None
    assert diagnostics == [], "\n".join(str(d) for d in diagnostics)


# --- the command line ---------------------------------------------------------------------

def test_validate_prints_warnings_and_exits_0() -> None:
    path = CORPUS / "role_with_few_cards.yaml"
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == f"{path}:35:12: warning: role 'zorg' has only 3 card(s); give each " \
                       "role at least 4, so its player has a choice in most rounds"
    assert lines[-1].startswith(f"ok {path}: ") and lines[-1].endswith(", 2 warning(s)")


def test_validate_strict_fails_on_warnings() -> None:
    path = CORPUS / "role_with_few_cards.yaml"
    assert runner.invoke(app, ["validate", "--lang", "en", "--strict", str(path)]).exit_code == 1
    clean = shipped_dir() / "drenthe.yaml"
    assert runner.invoke(app, ["validate", "--lang", "en", "--strict", str(clean)]).exit_code == 0


def test_validate_errors_still_exit_1() -> None:
    path = Path(__file__).parent / "broken" / "image_outside_folder.yaml"
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert "leaves the scenario's folder" in result.output
    assert result.output.strip().splitlines()[-1] == f"{path}: 4 error(s)"


# --- soundness of "never holds" -------------------------------------------------------------

NAMES = ("a", "b", "round")


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    """Random conditions over two variables and ``round``, in the scenario grammar."""
    if depth == 0 or draw(st.booleans()):
        left = draw(st.sampled_from([*NAMES, str(draw(st.integers(-20, 120)))]))
        right = draw(st.sampled_from([*NAMES, str(draw(st.integers(-20, 120)))]))
        arith = draw(st.sampled_from(["", " + 3", " * 2", " / b", " - a"]))
        op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
        return f"{left}{arith} {op} {right}"
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        return f"not ({draw(expressions(depth - 1))})"
    return f"({draw(expressions(depth - 1))}) {kind} ({draw(expressions(depth - 1))})"


@settings(max_examples=400, deadline=None)
@given(expressions(), st.integers(0, 100), st.integers(0, 100), st.integers(1, 10))
def test_never_holds_is_only_said_when_no_value_makes_it_hold(
        text: str, a_low: int, b_low: int, rounds: int) -> None:
    """Whatever the analysis calls impossible, no point in the ranges makes true (or false)."""
    bounds = {"a": (float(a_low), float(a_low + 10)), "b": (float(b_low), 100.0),
              "round": (1.0, float(rounds))}
    expression = parse(text)
    verdict = _truth(expression, bounds)
    evaluate = expression.compile({"a": 0, "b": 1})
    rng = random.Random(text)
    corners = [(x, y, r) for x in bounds["a"] for y in bounds["b"] for r in (1, rounds)]
    samples = corners + [(rng.uniform(*bounds["a"]), rng.uniform(*bounds["b"]),
                          rng.randint(1, rounds)) for _ in range(200)]
    samples += [(float(rng.randint(a_low, a_low + 10)), float(rng.randint(b_low, 100)),
                 rng.randint(1, rounds)) for _ in range(200)]
    for a, b, rnd in samples:
        value = bool(evaluate([a, b], rnd, 2026))
        assert value or verdict.can_be_false, (text, a, b, rnd)
        assert not value or verdict.can_be_true, (text, a, b, rnd)


def test_news_may_briefly_push_a_value_below_its_range() -> None:
    """'draagvlak < 0' can hold during the news when a triggered event has just cut it."""
    path = CORPUS / "event_never_happens.yaml"
    text = path.read_text(encoding="utf-8")
    assert "condition: \"draagvlak < 0 and round <= 4\"" in text
    _, diagnostics = check_scenario_text(text)
    assert not any("'val'" in d.message for d in diagnostics)
    assert not any("'kan_wel'" in d.message for d in diagnostics)


def test_infinite_bounds_never_make_a_verdict() -> None:
    verdict = _truth(parse("a / b > 1000"), {"a": (0.0, 1.0), "b": (-1.0, 1.0)})
    assert verdict.can_be_true and verdict.can_be_false


# --- images stay in the scenario's folder --------------------------------------------------

def _with_image(tmp_path: Path, written: str) -> Path:
    base = (shipped_dir() / "drenthe.yaml").read_text(encoding="utf-8")
    base = base.replace("region: {nl: \"Drenthe\", en: \"Drenthe\"}\n",
                        f"region: {{nl: \"Drenthe\", en: \"Drenthe\"}}\nimage: {written}\n", 1)
    path = tmp_path / "scenario" / "drenthe.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(base, encoding="utf-8")
    return path


def _png(width: int, height: int) -> bytes:
    """A PNG file of `width` x `height` black pixels (its header says so; for a huge one
    the pixel data is a few bytes that would decompress to gigabytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = zlib.compress(b"\x00" * (width + 1) * min(height, 4))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


def test_image_in_the_folder_loads(tmp_path: Path) -> None:
    path = _with_image(tmp_path, "images/kaart.png")
    (path.parent / "images").mkdir()
    (path.parent / "images" / "kaart.png").write_bytes(_png(4, 4))
    scenario, diagnostics = check_scenario_file(path)
    assert scenario is not None and scenario.image == "images/kaart.png"
    assert diagnostics == []
    assert image_path(path.parent, scenario.image) == path.parent / "images" / "kaart.png"


def test_a_decompression_bomb_is_not_shown(tmp_path: Path) -> None:
    path = _with_image(tmp_path, "bom.png")
    (path.parent / "bom.png").write_bytes(_png(30_000, 30_000))
    scenario, diagnostics = check_scenario_file(path)
    assert scenario is not None
    (warning,) = diagnostics
    assert warning.severity == "warning" and "30000x30000 pixels" in warning.message
    with pytest.raises(ValueError, match="make it smaller"):
        read_image(path.parent, "bom.png")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_an_image_that_is_a_pipe_is_said_to_be_one(tmp_path: Path) -> None:
    path = _with_image(tmp_path, "pijp.png")
    os.mkfifo(path.parent / "pijp.png")
    scenario, diagnostics = check_scenario_file(path)  # returns: the pipe is never opened
    assert scenario is not None
    (warning,) = diagnostics
    assert "not an ordinary file" in warning.message
    assert "not in the scenario's folder" not in warning.message


def test_missing_image_is_a_located_warning(tmp_path: Path) -> None:
    path = _with_image(tmp_path, "images/kaart.png")
    scenario, diagnostics = check_scenario_file(path)
    assert scenario is not None
    (warning,) = diagnostics
    assert warning.severity == "warning" and "is not in the scenario's folder" in warning.message
    line = path.read_text(encoding="utf-8").splitlines().index("image: images/kaart.png") + 1
    assert (warning.line, warning.column) == (line, 8)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_image_linked_out_of_the_folder_is_an_error(tmp_path: Path) -> None:
    path = _with_image(tmp_path, "kaart.png")
    secret = tmp_path / "geheim.png"
    secret.write_bytes(_png(2, 2))
    (path.parent / "kaart.png").symlink_to(secret)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (error,) = caught.value.diagnostics
    assert "leads out of the scenario's folder through a link" in error.message
    with pytest.raises(ValueError, match="through a link"):
        image_path(path.parent, "kaart.png")


@pytest.mark.parametrize("written", ["../kaart.png", "a/../../kaart.png", "/etc/kaart.png",
                                     "C:/kaart.png", "a\\kaart.png", "kaart.svg", ""])
def test_image_path_refuses_what_could_leave_the_folder(tmp_path: Path, written: str) -> None:
    with pytest.raises(ValueError):
        image_path(tmp_path, written)


def test_image_path_allows_dots_that_stay_inside(tmp_path: Path) -> None:
    assert image_path(tmp_path, "a/../b/./kaart.png") == tmp_path / "b" / "kaart.png"


def test_untranslated_texts_beyond_the_first_hundred_are_counted_in_one_warning() -> None:
    """A generated file without English gives a readable list, not one line per text."""
    import yaml

    from morgenmaken.scenario.synthetic import synthetic_data
    from morgenmaken.scenario.warnings import MAX_UNTRANSLATED_LISTED

    data = synthetic_data(1, seed=1, roles=6, cards_per_role=30)
    scenario, diagnostics = check_scenario_text(yaml.safe_dump(data, sort_keys=False))
    assert scenario is not None
    untranslated = [d for d in diagnostics if "no English translation" in d.message]
    assert len(untranslated) == MAX_UNTRANSLATED_LISTED + 1
    summary = [d for d in untranslated if "more texts" in d.message]
    assert len(summary) == 1

    def lacking(value: object) -> int:  # texts without English, counted on the plain data
        if isinstance(value, dict):
            own = int(set(value) == {"nl", "en"} and not value["en"])
            return own + sum(map(lacking, value.values()))
        return sum(map(lacking, value)) if isinstance(value, list) else 0

    total = lacking(scenario.model_dump())
    assert total > 2 * MAX_UNTRANSLATED_LISTED
    assert summary[0].message.startswith(f"{total - MAX_UNTRANSLATED_LISTED} more texts")
