"""The region's dashboard: every variable grouped as hier en nu, later, elders and verdeling.

Each row is a pygame_gui button with the variable's name (click or Enter shows its history and
causes; the tooltip gives the real-world reading); beside the name a picture shows a bar with the
warning and critical levels, the value, a trend arrow and a status icon. During the resolution
of a round the values are drawn part-way between before and after, which is the animation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIImage

from morgenmaken.engine import GameState
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Category
from morgenmaken.ui import draw
from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import font, wrap
from morgenmaken.ui.wording import board_variables, reading, status_kind, trend

if TYPE_CHECKING:
    from morgenmaken.ui.scenes.base import Scene


class Dashboard:
    """Rows of variables in a column; redraws its picture when the shown values change."""

    def __init__(self, scene: Scene, area: pygame.Rect, state: GameState,
                 on_select: Callable[[str], None], selected: str | None,
                 active: bool = True) -> None:
        self.scene = scene
        self.area = area
        self.state = state
        lay = scene.layout
        lang = scene.lang
        self.groups = [(c, ids) for c, ids in board_variables(state.scenario)
                       if c != Category.RESOURCE]
        face = font(lay.body)
        self.icon = lay.u(1.1)
        self.value_w = font(lay.body, True).size("100")[0]
        value_zone = self.value_w + 2 * self.icon + lay.u(0.9)
        room = area.width - value_zone - lay.u(0.6)
        # Names are drawn here, wrapped when a scenario's name is too long for one line.
        self.lines = {vid: wrap(state.scenario.variable(vid).name.get(lang), face, room)
                      for _, ids in self.groups for vid in ids}
        count = sum(len(ids) for _, ids in self.groups)
        needed = lay.line * (len(self.groups) + sum(len(x) for x in self.lines.values()))
        extra = max(0, min(lay.u(0.45), (area.height - needed) // max(1, count + 1)))
        self.header_h = lay.line + extra
        widest = max((face.size(lines[0])[0] for lines in self.lines.values()), default=0)
        self.bar_left = lay.u(0.3) + widest + lay.u(0.5)
        self.surface = pygame.Surface(area.size, pygame.SRCALPHA)
        #: The picture under the rows, made by the first :meth:`show` (a rebuilt screen
        #: keeps the one on screen when it would look the same).
        self.picture: UIImage | None = None
        self.rows: dict[str, pygame.Rect] = {}
        y = area.y
        self.headers: list[tuple[str, int]] = []
        self.notes: list[str] = []
        for number, (category, ids) in enumerate(self.groups):
            self.headers.append((t(f"category.{category.value}", lang), y - area.y))
            self.notes.append(t("higher_is_better", lang) if number == 0 else
                              t("group_wellbeing", lang) if category == Category.VERDELING
                              else "")
            y += self.header_h
            for vid in ids:
                height = lay.line * len(self.lines[vid]) + extra
                rect = pygame.Rect(area.x, y, area.width, height - 2)
                self.rows[vid] = rect
                variable = state.scenario.variable(vid)
                tip = variable.name.get(lang)
                value = state.value(vid)
                real = reading(state.scenario, vid, value, lang)
                if real:
                    tip += f": {real}"
                if variable.description is not None:
                    tip += f"<br>{variable.description.get(lang)}"
                scene.button(f"var:{vid}", rect, "", partial(on_select, vid),
                             tooltip=tip, object_id="row", height=2, enabled=active)
                y += height
        self.selected = selected
        self.shown: list[float] | None = None

    def show(self, values: list[float], previous: list[float]) -> None:
        """Draw the rows for these values (and arrows against `previous`)."""
        # Half a point is a pixel or less of bar: while values move, a frame that would
        # look the same is not drawn again.
        key = [round(v * 2) / 2 for v in values]
        if self.shown == key:
            return
        self.shown = key
        index = self.state.compiled.index
        # All the picture shows: the values, their arrows, which row is selected, the words.
        look = ("dashboard", tuple(key),
                tuple(trend(previous[index[vid]], values[index[vid]]) for vid in self.rows),
                self.selected, self.scene.lang, self.area.size,
                self.state.compiled.content_hash)
        if self.picture is None:
            self.picture = self.scene.image(self.area, lambda: self._draw(values, previous),
                                            key=look)
            self.scene.backdrops.add(self.picture)  # the row buttons lie on it, on purpose
        else:
            self.scene.repaint(self.picture, lambda: self._draw(values, previous), look)

    def _draw(self, values: list[float], previous: list[float]) -> pygame.Surface:
        """The rows' picture for these values."""
        lay = self.scene.layout
        surface = self.surface
        surface.fill((0, 0, 0, 0))
        index = self.state.compiled.index
        scenario = self.state.scenario
        for number, (title, y) in enumerate(self.headers):
            rect = draw.text(surface, title.upper(), (lay.u(0.3), y + self.header_h // 2),
                             lay.body, p.YELLOW, bold=True)
            # Said plainly, once: every value reads "higher is better" (the first header),
            # and a group's value is how well that group is doing, not how many there are.
            note = self.notes[number]
            if note and font(lay.small).size(note)[0] < self.area.width - rect.right - lay.u(1):
                draw.text(surface, note, (self.area.width - lay.u(0.2), y + self.header_h // 2),
                          lay.small, p.TEXT_DIM, align="right")
            pygame.draw.line(surface, p.BORDER, (0, y + self.header_h - 2),
                             (self.area.width, y + self.header_h - 2), 1)
        value_w = self.value_w
        icon = self.icon
        for vid, rect in self.rows.items():
            y = rect.y - self.area.y
            mid = y + rect.height // 2
            if vid == self.selected:
                pygame.draw.rect(surface, p.PANEL_RAISED, pygame.Rect(0, y, self.area.width,
                                                                      rect.height))
            lines = self.lines[vid]
            first = y + (rect.height - lay.line * len(lines)) // 2 + lay.line // 2
            for i, words in enumerate(lines):
                draw.text(surface, words, (lay.u(0.3), first + i * lay.line), lay.body,
                          max_width=self.area.width)
            mid = first
            variable = scenario.variable(vid)
            value = values[index[vid]]
            kind = status_kind(scenario, vid, value)
            x_icon = self.area.width - icon // 2 - lay.u(0.2)
            draw.status_icon(surface, kind, (x_icon, mid), icon)
            x_arrow = x_icon - icon - lay.u(0.1)
            draw.arrow(surface, trend(previous[index[vid]], value), (x_arrow, mid), icon)
            x_value = x_arrow - icon // 2 - lay.u(0.2)
            draw.text(surface, f"{value:.0f}", (x_value, mid), lay.body, p.TEXT, bold=True,
                      align="right")
            bar_left = self.bar_left
            bar_right = x_value - value_w - lay.u(0.3)
            if bar_right - bar_left > lay.u(1):
                low, high = variable.range
                marks = [m for m in (variable.warning, variable.critical) if m is not None]
                draw.bar(surface, pygame.Rect(bar_left, mid - lay.u(0.2), bar_right - bar_left,
                                              lay.u(0.4)), value, low, high, p.STATUS[kind],
                         marks)
        return surface
