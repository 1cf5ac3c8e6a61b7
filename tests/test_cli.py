"""The command line as a user types it: validate, schema, simulate, play."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.sim.strategies import PANEL

ROOT = Path(__file__).resolve().parent.parent
DRENTHE = shipped_dir() / "drenthe.yaml"
runner = CliRunner()


def test_validate_ok_prints_summary() -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", str(DRENTHE)])
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("ok ")
    for word in ("variables", "roles", "cards", "events", "8 rounds", "2026"):
        assert word in line


def test_validate_from_checkout_path() -> None:
    result = runner.invoke(app, ["validate", "--lang", "en",
                                 str(ROOT / "scenarios" / "drenthe.yaml")])
    assert result.exit_code == 0, result.output


def test_validate_broken_file_lists_located_errors(tmp_path: Path) -> None:
    text = DRENTHE.read_text(encoding="utf-8")
    broken = text.replace("variable: gezondheid", "variable: gezondhied", 1)
    assert broken != text
    path = tmp_path / "kapot.yaml"
    path.write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    line_number = broken[: broken.index("gezondhied")].count("\n") + 1
    assert f"{path}:{line_number}:" in result.output
    assert "gezondheid" in result.output  # did you mean …


def test_schema_is_json_schema_with_descriptions() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "variables" in schema["properties"]
    models = [("Scenario", schema), *schema["$defs"].items()]
    checked = 0
    for model, definition in models:
        for name, field in definition.get("properties", {}).items():
            assert field.get("description"), f"{model}.{name} has no description"
            checked += 1
    assert checked > 80


def test_simulate_json_last_line() -> None:
    result = runner.invoke(app, ["simulate", str(DRENTHE), "--games", "20", "--strategy",
                                 "random", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    for key in ("strategy", "games", "wins", "win_rate", "mean_score"):
        assert key in summary
    assert summary["games"] == 20 and summary["strategy"] == "random"
    assert 0 <= summary["wins"] <= 20


def test_simulate_is_reproducible() -> None:
    args = ["simulate", "drenthe", "--games", "5", "--strategy", "myopic", "--json"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == second.output.splitlines()[-1]


def test_simulate_unknown_strategy_and_scenario() -> None:
    result = runner.invoke(app, ["simulate", "drenthe", "--strategy", "greedy"])
    assert result.exit_code == 1
    assert all(name in result.output for name in PANEL)  # the message names the whole panel
    result = runner.invoke(app, ["simulate", "nergens"])
    assert result.exit_code == 1 and "drenthe" in result.output


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_text_play_whole_game_with_typed_input(lang: str) -> None:
    """A whole game through the terminal client: propose the first card, adopt it, repeat."""
    answers = "\n".join(["1", "0", "0", "0", "0", "0", "1", "0"] * 8) + "\n"
    result = subprocess.run(
        [sys.executable, str(ROOT / "game" / "main.py"), "play", "--text", "-p", "Anna", "-p",
         "Bram", "--seed", "3", "--lang", lang],
        input=answers * 2, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    expected = "Einde van het spel" if lang == "nl" else "End of the game"
    assert expected in result.stdout
    assert ("Score" in result.stdout)


def test_text_play_stops_quietly_when_input_ends() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "game" / "main.py"), "play", "--text", "-p", "Anna", "-p",
         "Bram"],
        input="", capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert "Geen invoer meer" in result.stdout


def test_shipped_schema_is_current_and_every_scenario_points_at_it() -> None:
    """Editors read the schema next to the scenarios; it must match the models."""
    result = runner.invoke(app, ["schema"])
    shipped = (shipped_dir() / "scenario.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == json.loads(result.output), (
        "run: morgenmaken schema --out scenarios/scenario.schema.json")
    for path in shipped_dir().glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./scenario.schema.json", path


def test_simulate_speaks_dutch_by_default_and_english_when_asked() -> None:
    args = ["simulate", "drenthe", "--games", "3", "--strategy", "random", "--workers", "1"]
    dutch = runner.invoke(app, args)
    assert dutch.exit_code == 0, dutch.output
    assert "Strategie: random" in dutch.output and "gemiddelde score" in dutch.output
    assert re.search(r"gemiddelde score\s*│\s*\d+,\d\b", dutch.output)  # a decimal comma
    assert not re.search(r"\b(games|wins|mean|collapses|none)\b", dutch.output)
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert "Strategy: random" in english.output and "mean score" in english.output
    assert runner.invoke(app, [*args, "--lang", "de"]).exit_code == 1


def test_simulate_errors_follow_the_language() -> None:
    result = runner.invoke(app, ["simulate", "drenthe", "--strategy", "greedy"])
    assert result.exit_code == 1 and "fout: onbekende strategie 'greedy'" in result.output
    result = runner.invoke(app, ["simulate", "drenthe", "--strategy", "greedy", "--lang", "en"])
    assert "error: unknown strategy 'greedy'" in result.output
    result = runner.invoke(app, ["simulate", "nergens"])
    assert "fout: geen scenariobestand of -naam 'nergens'; bekende scenario's:" in result.output
    result = runner.invoke(app, ["simulate", "nergens", "--lang", "en"])
    assert "error: no scenario file or name 'nergens'; known scenarios:" in result.output


def test_validate_resolves_a_shipped_name_as_simulate_does() -> None:
    result = runner.invoke(app, ["validate", "kansengelijkheid", "voorbeeldplan"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("ok ") and lines[0].split(":")[0].endswith("kansengelijkheid.yaml")
    assert lines[-1].startswith("ok ") and "voorbeeldplan.yaml" in lines[-1]
    result = runner.invoke(app, ["validate", "nergens"])
    assert result.exit_code == 1 and "nergens" in result.output


def test_schema_for_an_unreadable_file_speaks_the_chosen_language(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("id: kapot\nvariables: [\n", encoding="utf-8")
    dutch = runner.invoke(app, ["schema", "--for", str(path)])
    assert dutch.exit_code == 1 and f"{path}:" in dutch.output
    assert "fout: voor een schema van dit bestand moet het leesbare YAML zijn" in dutch.output
    english = runner.invoke(app, ["schema", "--for", str(path), "--lang", "en"])
    assert "error: a schema for this file needs readable YAML" in english.output
    out = tmp_path / "s.json"
    written = runner.invoke(app, ["schema", "--out", str(out)])
    assert written.exit_code == 0 and f"schema geschreven naar {out}" in written.output


def test_play_argument_errors_are_said_in_the_language() -> None:
    result = runner.invoke(app, ["play", "--lang", "de"])
    assert result.exit_code == 1 and "fout: --lang is nl of en" in result.output
    result = runner.invoke(app, ["play", "--size", "groot"])
    assert result.exit_code == 1 and "fout: --size 'groot' is geen BREEDTExHOOGTE" in result.output
    result = runner.invoke(app, ["play", "--size", "groot", "--lang", "en"])
    assert "error: --size 'groot' is not WIDTHxHEIGHT" in result.output


def test_docs_says_where_it_wrote_in_the_language(tmp_path: Path) -> None:
    out = tmp_path / "ref.md"
    dutch = runner.invoke(app, ["docs", "--out", str(out)])
    assert dutch.exit_code == 0 and f"veldenoverzicht geschreven naar {out}" in dutch.output
    english = runner.invoke(app, ["docs", "--out", str(out), "--lang", "en"])
    assert f"field reference written to {out}" in english.output
    blocked = runner.invoke(app, ["docs", "--out", str(tmp_path / "nergens" / "ref.md")])
    assert blocked.exit_code == 1 and "fout:" in blocked.output and "kan niet schrijven" \
        in blocked.output and "Traceback" not in blocked.output
