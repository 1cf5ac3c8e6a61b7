"""Pictures the toolkit does not have: status icons, trend arrows, meters and history charts.

They are drawn onto surfaces that scenes show in pygame_gui ``UIImage`` widgets, so layering and
tooltips stay the toolkit's business. Shapes carry meaning as well as colour: a circle is fine, a
triangle a warning, an octagon critical; an arrow points up or down.

Text drawn here goes through :func:`text`, which records any text that did not fit, so layout
tests can prove nothing is cut off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import font

#: Texts that did not fit where they were drawn (cleared by tests before a check).
OVERFLOWS: list[str] = []
#: Every type size drawn (a handful of sizes; tests hold the smallest against the screen).
SIZES: set[int] = set()


def text(surface: pygame.Surface, words: str, pos: tuple[int, int], size: int,
         colour: p.Colour = p.TEXT, *, bold: bool = False, max_width: int | None = None,
         align: str = "left") -> pygame.Rect:
    """Draw one line; `pos` is the left (or right/centre) middle point. Returns its rect."""
    face = font(size, bold)
    SIZES.add(size)
    image = face.render(words, True, colour)
    rect = image.get_rect()
    if align == "right":
        rect.midright = pos
    elif align == "centre":
        rect.center = pos
    else:
        rect.midleft = pos
    limit = surface.get_rect() if max_width is None else pygame.Rect(
        rect.x, 0, max_width, surface.get_height())
    if rect.width > limit.width + 1 or rect.left < -1 or rect.right > surface.get_width() + 1:
        OVERFLOWS.append(words)
    surface.blit(image, rect)
    return rect


def status_icon(surface: pygame.Surface, kind: str, centre: tuple[int, int], size: int) -> None:
    """Circle (ok), triangle (warning) or octagon with a bar (critical)."""
    colour = p.STATUS[kind]
    cx, cy = centre
    r = size // 2
    if kind == "ok":
        pygame.draw.circle(surface, colour, centre, max(2, r * 3 // 4))
    elif kind == "warning":
        points = [(cx, cy - r), (cx + r, cy + r * 3 // 4), (cx - r, cy + r * 3 // 4)]
        pygame.draw.polygon(surface, colour, points)
        bar = max(2, size // 8)
        pygame.draw.line(surface, p.TEXT_ON_ACCENT, (cx, cy - r // 3), (cx, cy + r // 5), bar)
        pygame.draw.circle(surface, p.TEXT_ON_ACCENT, (cx, cy + r // 2), max(1, bar // 2 + 1))
    else:
        corners = [(cx + r * math.cos(math.pi / 8 + k * math.pi / 4),
                    cy + r * math.sin(math.pi / 8 + k * math.pi / 4)) for k in range(8)]
        pygame.draw.polygon(surface, colour, corners)
        pygame.draw.line(surface, p.TEXT, (cx - r // 2, cy), (cx + r // 2, cy),
                         max(2, size // 6))


def arrow(surface: pygame.Surface, direction: int, centre: tuple[int, int], size: int) -> None:
    """An arrow up (+1), down (-1) or a flat dash (0)."""
    cx, cy = centre
    r = size // 2
    if direction == 0:
        pygame.draw.line(surface, p.FLAT, (cx - r + 2, cy), (cx + r - 2, cy), max(2, size // 7))
        return
    colour = p.UP if direction > 0 else p.DOWN
    tip = cy - r if direction > 0 else cy + r
    tail = cy + r if direction > 0 else cy - r
    pygame.draw.line(surface, colour, (cx, cy), (cx, tail), max(2, size // 5))
    head = [(cx, tip), (cx + r * 3 // 4, cy), (cx - r * 3 // 4, cy)]
    pygame.draw.polygon(surface, colour, head)


def bar(surface: pygame.Surface, rect: pygame.Rect, value: float, low: float, high: float,
        colour: p.Colour, marks: Sequence[float] = ()) -> None:
    """A horizontal bar from `low` to `high`, with tick marks at thresholds."""
    pygame.draw.rect(surface, p.PANEL_RAISED, rect, border_radius=max(1, rect.height // 3))
    share = 0.0 if high <= low else max(0.0, min(1.0, (value - low) / (high - low)))
    filled = rect.copy()
    filled.width = max(0, round(rect.width * share))
    if filled.width:
        pygame.draw.rect(surface, colour, filled, border_radius=max(1, rect.height // 3))
    for mark in marks:
        if low < mark < high:
            x = rect.x + round(rect.width * (mark - low) / (high - low))
            pygame.draw.line(surface, p.TEXT, (x, rect.y - 2), (x, rect.bottom + 1),
                             max(1, rect.height // 4))


def chart(size: tuple[int, int], values: Sequence[float], labels: Sequence[str], low: float,
          high: float, text_size: int, warning: float | None = None,
          critical: float | None = None) -> pygame.Surface:
    """A line chart of a variable's history, with its warning and critical levels dashed."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    surface.fill((*p.PANEL, 255))
    width, height = size
    pad_left = font(text_size).size("100")[0] + text_size // 2
    pad_bottom = int(text_size * 1.6)
    pad_right = font(text_size).size("2042")[0] // 2 + text_size // 2
    plot = pygame.Rect(pad_left, text_size // 2, width - pad_left - pad_right,
                       height - pad_bottom - text_size // 2)
    if plot.width < 10 or plot.height < 10:
        return surface
    shown_low = min(low, *values) if values else low
    shown_high = max(high, *values) if values else high

    def y_of(v: float) -> int:
        return plot.bottom - round((v - shown_low) / max(1e-9, shown_high - shown_low)
                                   * plot.height)

    pygame.draw.line(surface, p.BORDER, plot.bottomleft, plot.bottomright, 1)
    for level in (shown_low, (shown_low + shown_high) / 2, shown_high):
        text(surface, f"{level:.0f}", (pad_left - text_size // 4, y_of(level)), text_size,
             p.TEXT_DIM, align="right")
    for threshold, colour in ((warning, p.ORANGE), (critical, p.VERMILLION)):
        if threshold is not None:
            y = y_of(threshold)
            for x in range(plot.left, plot.right, text_size):
                pygame.draw.line(surface, colour, (x, y), (min(plot.right, x + text_size // 2), y),
                                 max(1, text_size // 10))
    if len(values) >= 1:
        step = plot.width / max(1, len(values) - 1)
        points = [(plot.left + round(i * step), y_of(v)) for i, v in enumerate(values)]
        if len(points) > 1:
            pygame.draw.lines(surface, p.SKY_BLUE, False, points, max(2, text_size // 6))
        for point in points:
            pygame.draw.circle(surface, p.TEXT, point, max(3, text_size // 5))
        every = max(1, math.ceil(len(labels) * font(text_size).size("2030")[0] * 1.5
                                 / plot.width))
        for i, label in enumerate(labels):
            if i % every == 0 or i == len(labels) - 1:
                x = plot.left + round(i * step)
                text(surface, label, (x, plot.bottom + pad_bottom // 2 + 2), text_size,
                     p.TEXT_DIM, align="centre")
    return surface
