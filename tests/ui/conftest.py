"""Headless UI tests: SDL's dummy drivers, saves in a temporary folder, helpers to drive the UI.

The helpers post real pygame events (mouse button down/up at a widget's centre, key presses,
text input) and run the app's own loop iteration, so the tests go through exactly the code a
player's clicks go through.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parent / "out"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own saves and log folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("MORGENMAKEN_HOME", str(home))
    yield home
    import pygame
    pygame.quit()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In UI tests, pygame_gui's warning that a label cuts its text off is a failure."""
    for item in items:
        if "tests/ui" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("error:Label Rect is too small"))
