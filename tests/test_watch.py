"""``morgenmaken watch``: a changed file is seen, checked and played; Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import morgenmaken.cli as cli
from morgenmaken.sim.watch import FileWatch, check_once

HERE = Path(__file__).parent
SMALL = HERE / "warnings" / "role_with_few_cards.yaml"
runner = CliRunner()


def test_file_watch_sees_each_save_once(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    watch = FileWatch(path)
    assert not watch.changed()  # not there yet
    path.write_text("a: 1\n", encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert watch.changed() and not watch.changed()
    path.write_text("a: 2\n", encoding="utf-8")  # same size: the time tells
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert watch.changed() and not watch.changed()
    path.write_text("a: 22\n", encoding="utf-8")  # same time: the size tells
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert watch.changed()


def test_check_once_gives_errors_or_win_rates(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.yaml"
    broken.write_text(SMALL.read_text(encoding="utf-8").replace("variable: gezondheid, amount: 4",
                                                                 "variable: gezondhied, amount: 4"),
                      encoding="utf-8")
    result = check_once(broken, ["random"], games=3, workers=1)
    assert not result.loaded and "did you mean 'gezondheid'?" in "\n".join(result.lines)
    result = check_once(SMALL, ["random", "balanced"], games=4, workers=1)
    assert result.loaded and set(result.win_rates) == {"random", "balanced"}
    shown = "\n".join(result.lines)
    assert "win rates over 4 games" in shown and "balanced" in shown


def test_watch_prints_a_check_and_stops_on_ctrl_c(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.time, "sleep", interrupt)
    schema = tmp_path / "proef.schema.json"
    result = runner.invoke(cli.app, ["watch", str(SMALL), "--games", "2", "--workers", "1",
                                     "--schema", str(schema)])
    assert result.exit_code == 0, result.output
    assert f"ok {SMALL}, 2 waarschuwingen" in result.output  # Dutch unless --lang en
    assert "gestopt met volgen" in result.output and "winstkansen over 2 spellen" in result.output
    assert "waarschuwing: rol 'natuur' heeft maar 1 kaart" in result.output
    assert not re.search(r"\b(watching|warning|stopped|win rates|off the bar)\b", result.output)
    assert "Traceback" not in result.output
    assert '"gezondheid"' in schema.read_text(encoding="utf-8")


def test_watch_speaks_english_when_asked_and_refuses_other_languages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.time, "sleep", interrupt)
    result = runner.invoke(cli.app, ["watch", str(SMALL), "--games", "2", "--workers", "1",
                                     "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"ok {SMALL}, 2 warning(s)" in result.output and "stopped watching" in result.output
    assert "warning: role 'natuur'" in result.output
    assert "waarschuwing" not in result.output
    result = runner.invoke(cli.app, ["watch", str(SMALL), "--lang", "de"])
    assert result.exit_code == 1 and "--lang is nl of en" in result.output


def test_check_once_in_dutch_has_a_decimal_comma_in_the_threshold(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    assert "win_threshold: 55" in text
    changed = tmp_path / "komma.yaml"
    changed.write_text(text.replace("win_threshold: 55", "win_threshold: 55.5"),
                       encoding="utf-8")
    result = check_once(changed, ["random"], games=2, workers=1, lang="nl")
    assert "(winstdrempel 55,5)" in "\n".join(result.lines)
