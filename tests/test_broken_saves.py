"""Damaged saves: every kind gives one sentence in the player's language, never a Python
error, from the store (what the title screen and resume use) and from ``morgenmaken report``.

The corpus is ``tests/broken_saves/`` (see :mod:`tests.save_corpus`); the window's start-up
with each of them is in ``tests/ui/test_damaged_saves.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from morgenmaken.cli import app as cli_app
from morgenmaken.engine import SaveError
from morgenmaken.storage import UnreadableFile, read_user_file
from morgenmaken.table.store import Store
from tests.save_corpus import FILES, INTERNALS, keys_of, report_fine, split


def test_the_corpus_covers_every_kind() -> None:
    assert len(FILES) >= 30
    expected = {split(path)[0] for path in FILES}
    assert "" not in expected, "every file says what it must produce"
    for kind in ("file.not_utf8", "file.utf16", "file.json_number", "file.json_deep",
                 "file.json_syntax", "save.not_ours", "save.no_client", "save.field",
                 "save.version", "save.no_actions", "save.action", "save.not_fitting",
                 "save.scenario_missing"):
        assert kind in expected, kind


def _reading(store: Store) -> SaveError:
    """What reading the slot gives: the title's peek, then the resume's full load."""
    try:
        store.peek()
        store.load()
    except SaveError as error:
        return error
    raise AssertionError("the damaged save was read without complaint")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_damaged_save_gives_its_reason_in_both_languages(path: Path, tmp_path: Path) -> None:
    expect, raw = split(path)
    store = Store(folder=tmp_path)
    store.path.write_bytes(raw)
    error = _reading(store)
    assert expect in keys_of(error), (path.name, error.key, str(error))
    for lang in ("nl", "en"):
        sentence = error.reason(lang)
        assert "\n" not in sentence and sentence
        assert not any(word in sentence for word in INTERNALS), sentence
    assert error.reason("nl") != error.reason("en")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_report_of_a_damaged_save_is_one_line(path: Path, tmp_path: Path) -> None:
    _, raw = split(path)
    save = tmp_path / "spel.json"
    save.write_bytes(raw)
    result = CliRunner().invoke(cli_app, ["report", str(save), "--out", str(tmp_path / "out")])
    if report_fine(path):
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (
        ValueError, RecursionError, OverflowError, UnicodeDecodeError))
    assert not (tmp_path / "out").exists()


def test_the_damaged_save_is_put_aside_with_its_reason(tmp_path: Path) -> None:
    store = Store(folder=tmp_path)
    store.path.write_bytes(b"\xff")
    moved = store.discard("het bestand is beschadigd")
    assert moved is not None and moved.parent == tmp_path / "broken"
    assert moved.read_bytes() == b"\xff"
    assert "beschadigd" in moved.with_suffix(".txt").read_text(encoding="utf-8")
    assert not store.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_a_device_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pijp.json"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero"), tmp_path):
        if not path.exists():
            continue
        with pytest.raises(UnreadableFile) as caught:
            read_user_file(path, 1000)
        assert caught.value.key in ("file.not_regular", "file.folder")
    store = Store(folder=tmp_path)
    os.mkfifo(store.path)
    with pytest.raises(SaveError) as refused:
        store.peek()
    assert "file.not_regular" in keys_of(refused.value)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "groot.json"
    path.write_bytes(b" " * 2000)
    with pytest.raises(UnreadableFile) as caught:
        read_user_file(path, 1000)
    assert caught.value.key == "file.too_big"
    assert "MB" in caught.value.reason("nl")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_save_whose_scenario_file_is_a_pipe_finds_its_scenario_by_id(tmp_path: Path) -> None:
    good = next(path for path in FILES if path.stem == "seed_fraction")
    _, raw = split(good)
    pipe = tmp_path / "tutorial.yaml"
    os.mkfifo(pipe)
    document = json.loads(raw)
    document["seed"] = 7
    document["client"]["scenario_file"] = str(pipe)
    store = Store(folder=tmp_path)
    store.path.write_text(json.dumps(document), encoding="utf-8")
    # The saved path is a pipe (it is never opened): the tutorial is found by its id.
    resumed = store.load()
    assert resumed.scenario.id == "tutorial" and resumed.scenario_file != pipe


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_validate_of_a_pipe_or_a_device_answers_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pijp.yaml"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero"), tmp_path):
        if not path.exists():
            continue
        result = CliRunner().invoke(cli_app, ["validate", "--lang", "en", str(path)])
        assert result.exit_code == 1, result.output
        assert "cannot read the scenario file" in result.output
        assert "not in the scenario" not in result.output and "Traceback" not in result.output


def test_a_scenario_saved_as_utf16_without_a_mark_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("id: proef\ntitle: {nl: Proef}\n".encode("utf-16-le"))
    result = CliRunner().invoke(cli_app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert "UTF-16" in result.output and "U+0000" not in result.output
