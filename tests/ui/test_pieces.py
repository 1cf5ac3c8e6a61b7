"""The small parts the screens stand on: layout arithmetic, contrast, theme sizes, atomic saves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from morgenmaken.table.store import Store, write_atomic
from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import font_path
from morgenmaken.ui.layout import Layout
from morgenmaken.ui.theme import build_theme

SIZES = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080), (2560, 1440), (3840, 2160)]


@pytest.mark.parametrize("size", SIZES)
def test_body_text_is_at_least_a_fortieth_of_the_height(size: tuple[int, int]) -> None:
    layout = Layout(*size)
    assert layout.body * 40 >= size[1]
    theme = build_theme(layout)
    sizes = [int(block["font"]["size"]) for block in theme.values() if "font" in block]
    # Only the small type (full hands, the pipeline) is below body text, never below 1/45.
    assert min(sizes) == layout.small
    assert layout.small * 45 >= size[1]
    assert sorted(set(sizes))[1 if layout.small < layout.body else 0] >= layout.body


@pytest.mark.parametrize("size", SIZES)
def test_regions_tile_the_window(size: tuple[int, int]) -> None:
    layout = Layout(*size)
    screen = layout.screen
    for region in (layout.top_bar, layout.dashboard, layout.main):
        assert screen.contains(region)
    assert not layout.dashboard.colliderect(layout.main)
    assert layout.top_bar.bottom <= layout.dashboard.top
    assert layout.main.width > layout.dashboard.width


def test_text_contrast_is_high_and_status_colours_differ() -> None:
    for ground in (p.BACKGROUND, p.PANEL, p.PANEL_RAISED):
        assert p.contrast(p.TEXT, ground) >= 7
        assert p.contrast(p.TEXT_DIM, ground) >= 4.5
    assert p.contrast(p.TEXT_ON_ACCENT, p.SKY_BLUE) >= 7
    assert len(set(p.STATUS.values())) == 3


def test_fonts_are_bundled_with_their_licence() -> None:
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-LICENSE.txt"):
        assert font_path(name).is_file()


def test_an_atomic_write_leaves_the_old_file_when_it_fails(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    target = tmp_path / "game-autosave.json"
    write_atomic(target, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_demo_has_its_own_save_slot(tmp_path: Path) -> None:
    assert Store("demo", tmp_path).path != Store("game", tmp_path).path
