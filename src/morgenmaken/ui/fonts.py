"""Fonts: the bundled Noto Sans, loaded only from the package's own assets.

Nothing depends on system fonts, so the game looks the same on every laptop at every event.
``importlib.resources`` finds the files both in a checkout and in an installed wheel.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pygame

REGULAR = "NotoSans-Regular.ttf"
BOLD = "NotoSans-Bold.ttf"
FONT_NAME = "noto_morgen"


def font_path(file_name: str) -> Path:
    """The path of a bundled font file."""
    traversable = resources.files("morgenmaken") / "assets" / "fonts" / file_name
    return Path(str(traversable))


@cache
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A bundled font at `size` pixels (cached: opening a TTF costs a few milliseconds)."""
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(font_path(BOLD if bold else REGULAR), max(1, size))


def wrap(text: str, face: pygame.font.Font, width: int) -> list[str]:
    """Split `text` into lines that each fit in `width` pixels (words are never cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if face.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fit(text: str, width: int, size: int, min_size: int, bold: bool = False) -> pygame.font.Font:
    """The largest font from `size` down to `min_size` in which `text` fits on one line."""
    for candidate in range(size, min_size - 1, -1):
        face = font(candidate, bold)
        if face.size(text)[0] <= width:
            return face
    return font(min_size, bold)
