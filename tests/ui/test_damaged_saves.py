"""The window starts whatever the autosave holds: every damaged save of the corpus
(``tests/broken_saves/``) is put aside with its reason, and the title screen says so once.

A save whose damage only shows when it is replayed (a decision that cannot be replayed, a
seed of the wrong kind) is offered for resuming first; choosing it puts it aside the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from morgenmaken.storage import home
from morgenmaken.table.store import Store
from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.ui.scenes.title import TitleScene
from tests.save_corpus import FILES, INTERNALS, split
from tests.ui.driver import click, make_app, pump, visible_text

SIZE = (1024, 768)


def _put_aside_and_said(app: object, slot: str) -> str:
    """The slot is empty, its file is in broken/ with its reason, and the title says so."""
    scene = app.scene  # type: ignore[attr-defined]
    assert isinstance(scene, TitleScene), scene
    assert not Store(slot).exists()
    broken = home() / "saves" / "broken"
    kept = sorted(broken.glob(f"{slot}-*.json"))
    assert len(kept) == 1 and kept[0].with_suffix(".txt").is_file()
    notices = scene.info()["notices"]
    assert isinstance(notices, list) and len(notices) == 1, notices
    shown = visible_text(app)  # type: ignore[arg-type]
    assert "apart gezet" in notices[0] and str(broken) in shown
    assert not any(word in notices[0] for word in INTERNALS), notices[0]
    return str(notices[0])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_window_starts_with_a_damaged_autosave(path: Path) -> None:
    _, raw = split(path)
    store = Store("game")
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(raw)
    app = make_app(SIZE)
    if app.scene.info()["resumable"]:  # type: ignore[union-attr]
        click(app, "resume")  # damage found on replaying: put aside as well
    _put_aside_and_said(app, "game")
    # Said once: the next start is clean, with nothing to say and nothing else lost.
    pump(app, 1)
    again = make_app(SIZE)
    assert again.scene.info()["notices"] == []  # type: ignore[union-attr]
    assert "new" in again.scene.keys  # type: ignore[union-attr]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_folder_in_place_of_the_autosave_is_put_aside() -> None:
    store = Store("game")
    store.folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(store.path)
    app = make_app(SIZE)
    _put_aside_and_said(app, "game")


def test_the_demo_starts_with_a_damaged_demo_save() -> None:
    store = Store("demo")
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(b'{"format": "morgenmaken-save", "seed": ' + b"9" * 5000 + b"}")
    app = make_app(SIZE, demo=True, pace=0.01)
    pump(app, 3)
    assert not Store("demo").exists() or Store("demo").peek()  # put aside, then maybe a new game
    assert sorted((home() / "saves" / "broken").glob("demo-*.json"))


def test_a_damaged_werksessie_autosave_is_put_aside() -> None:
    store = SessionStore()
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(b"[" * 100_000)
    app = make_app(SIZE)
    assert not store.exists()
    assert sorted((store.folder / "broken").glob("werksessie-*.json"))
    notices = app.scene.info()["notices"]  # type: ignore[union-attr]
    assert len(notices) == 1 and "werksessie" in notices[0]


def test_the_notice_follows_the_language() -> None:
    store = Store("game")
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(b"\xff\xfe\x00")
    app = make_app(SIZE)
    dutch = _put_aside_and_said(app, "game")
    click(app, "language")
    english = app.scene.info()["notices"][0]  # type: ignore[union-attr,index]
    assert english != dutch and "put aside" in english
