"""Colours: the Okabe–Ito palette on a dark, high-contrast ground.

Okabe–Ito stays distinguishable for the common kinds of colour blindness, and a dark ground with
near-white text keeps contrast high on a washed-out projector. Colour never carries meaning on
its own: every status also has a word and an icon shape (see :mod:`morgenmaken.ui.icons`), every
trend an arrow.
"""

from __future__ import annotations

from typing import Final

Colour = tuple[int, int, int]

# Okabe & Ito (2008), "Color Universal Design".
ORANGE: Final[Colour] = (230, 159, 0)
SKY_BLUE: Final[Colour] = (86, 180, 233)
BLUISH_GREEN: Final[Colour] = (0, 158, 115)
YELLOW: Final[Colour] = (240, 228, 66)
BLUE: Final[Colour] = (0, 114, 178)
VERMILLION: Final[Colour] = (213, 94, 0)
REDDISH_PURPLE: Final[Colour] = (204, 121, 167)

BACKGROUND: Final[Colour] = (14, 22, 32)
PANEL: Final[Colour] = (26, 38, 52)
PANEL_RAISED: Final[Colour] = (38, 54, 72)
BORDER: Final[Colour] = (120, 140, 160)
TEXT: Final[Colour] = (246, 246, 246)
TEXT_DIM: Final[Colour] = (200, 208, 216)  # still > 10:1 on BACKGROUND
TEXT_ON_ACCENT: Final[Colour] = (0, 0, 0)
DISABLED_TEXT: Final[Colour] = (150, 160, 170)
DISABLED_BG: Final[Colour] = (34, 42, 50)
FOCUS: Final[Colour] = YELLOW
ACCENT: Final[Colour] = SKY_BLUE

#: Status of a variable -> colour. The word and the icon shape carry the same meaning.
STATUS: Final[dict[str, Colour]] = {
    "ok": BLUISH_GREEN,
    "warning": ORANGE,
    "critical": VERMILLION,
}
#: Direction of a change: up is sky blue, down is vermillion (plus an arrow shape, plus a sign).
UP: Final[Colour] = SKY_BLUE
DOWN: Final[Colour] = VERMILLION
FLAT: Final[Colour] = TEXT_DIM


def hex_colour(colour: Colour, alpha: int | None = None) -> str:
    """``#rrggbb`` (or ``#rrggbbaa``) as pygame_gui themes want it."""
    text = "#{:02x}{:02x}{:02x}".format(*colour)
    return text if alpha is None else f"{text}{alpha:02x}"


def relative_luminance(colour: Colour) -> float:
    """WCAG relative luminance, used by tests to prove the contrast of text on grounds."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
