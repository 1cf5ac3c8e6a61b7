"""Every size on screen, derived from the window size alone.

One *unit* is 1/40 of the window height (rounded up): body text is one unit, so it stays readable
from the back of a room on a projector, and every margin, row and region is a multiple of it.
That is what lets the same scenes scale from 1024×768 to 3840×2160 without overlapping: nothing
is placed in absolute pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

MIN_SIZE = (1024, 768)
#: The largest window laid out (8K); a bigger one would cost memory for nothing.
MAX_SIZE = (7680, 4320)


def clamp_size(size: tuple[int, int]) -> tuple[int, int]:
    """A window size within :data:`MIN_SIZE` and :data:`MAX_SIZE`.

    A window manager keeps the window at least the minimum, but not every one does (and the
    headless driver does not): a 320x240 or 1x1 window would leave no room for the layout.
    """
    return (min(MAX_SIZE[0], max(MIN_SIZE[0], int(size[0]))),
            min(MAX_SIZE[1], max(MIN_SIZE[1], int(size[1]))))


def parse_size(text: str) -> tuple[int, int]:
    """A window size as typed on the command line: '1920x1080' -> (1920, 1080).

    >>> parse_size("1920X1080")
    (1920, 1080)
    """
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size {text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if width < 1 or height < 1:
        raise ValueError(f"--size {text!r} must be positive")
    return width, height
LINES_PER_SCREEN = 40
#: Nothing a room must read is smaller than 1/45 of the screen height.
SMALLEST_SHARE = 45
#: The round's running text is at least 1/30 of the screen height.
LARGE_SHARE = 30


@dataclass(frozen=True)
class Layout:
    """Sizes and regions for one window size."""

    width: int
    height: int

    @property
    def unit(self) -> int:
        """Body text size in pixels: at least 1/40 of the height (narrow windows: of 3/4 width)."""
        basis = min(self.height, self.width * 0.75)
        return max(12, math.ceil(basis / LINES_PER_SCREEN))

    def u(self, amount: float) -> int:
        """`amount` units in pixels."""
        return round(amount * self.unit)

    # ---------------------------------------------------------------- type sizes
    @property
    def body(self) -> int:
        """Body text size (one unit)."""
        return self.unit

    @property
    def large(self) -> int:
        """The round's running text (the news, the effects and why, the turn, the round's
        main buttons): 1/30 of the height, so the back row at 8 m reads what the round is
        about; the dashboard and the meters keep body size, the cards at least `small`."""
        basis = min(self.height, self.width * 0.75)
        return max(self.body, math.ceil(basis / LARGE_SHARE))

    @property
    def small(self) -> int:
        """The smallest type a room must still read from the back: 1/45 of the height
        (cards in a full hand, the pipeline); never larger than body text."""
        return min(self.body, max(12, math.ceil(self.height / SMALLEST_SHARE)))

    @property
    def heading(self) -> int:
        """Heading text size."""
        return self.u(1.35)

    @property
    def title(self) -> int:
        """Title text size (the title screen, the score)."""
        return self.u(2.6)

    # ---------------------------------------------------------------- metrics
    @property
    def margin(self) -> int:
        """Space around regions."""
        return self.u(0.5)

    @property
    def gap(self) -> int:
        """Space between neighbouring widgets."""
        return max(4, self.u(0.35))

    @property
    def row(self) -> int:
        """Height of a button or a line of controls."""
        return self.u(2.0)

    @property
    def line(self) -> int:
        """Height of one line of body text."""
        return self.u(1.45)

    @property
    def screen(self) -> pygame.Rect:
        """The whole window."""
        return pygame.Rect(0, 0, self.width, self.height)

    # ---------------------------------------------------------------- regions of the round scene
    @property
    def top_bar(self) -> pygame.Rect:
        """Round, phase, meters and facilitator controls: two rows across the top."""
        m = self.margin
        return pygame.Rect(m, m, self.width - 2 * m, 2 * self.row + self.gap)

    @property
    def dashboard(self) -> pygame.Rect:
        """The region's dashboard: a column on the left, always visible."""
        m = self.margin
        top = self.top_bar.bottom + m
        # Narrow enough that a hand of ten cards fits beside it (at 1024×768 the bars give
        # way; names, values, arrows and status shapes stay).
        least = self.u(17)
        width = min(round(self.width * 0.4), max(round(self.width * 0.24), least))
        return pygame.Rect(m, top, width, self.height - top - m)

    @property
    def main(self) -> pygame.Rect:
        """Where the phase of the round happens (news, cards, decisions, effects)."""
        m = self.margin
        board = self.dashboard
        left = board.right + m
        return pygame.Rect(left, board.top, self.width - left - m, board.height)

    def centre_column(self, width_units: float = 34) -> pygame.Rect:
        """A centred column for menus and forms, as wide as it reads well."""
        m = self.margin
        width = min(self.width - 2 * m, self.u(width_units))
        return pygame.Rect((self.width - width) // 2, m, width, self.height - 2 * m)

    def columns(self, area: pygame.Rect, min_width_units: float) -> int:
        """How many columns of at least `min_width_units` fit across `area`."""
        return max(1, (area.width + self.gap) // (self.u(min_width_units) + self.gap))
