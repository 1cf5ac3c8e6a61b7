"""Rating, hidden: one participant at a time rates the current measure on every dimension.

Only the participant at the screen sees their own choices; the others' ratings are not on
this screen in any form (no counts per choice, no "Anna chose ++"), and between two
participants a handover screen shows nothing but whose turn it is, so nobody anchors on the
first voice. Every click is autosaved; "Klaar" hands in the ratings (fixed from then on).

Keyboard: Tab and the arrows walk the buttons, Enter chooses and moves to the next row, the
number keys 1–5 choose −− … ++ on the focused row and 0 chooses "weet niet".
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UILabel

from morgenmaken.ui.fonts import font
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import (
    CHOICES,
    WsRun,
    WsScene,
    about,
    choice_from_number,
    choice_key,
    route,
    text_in,
)
from morgenmaken.werksessie.aggregate import Rating

if TYPE_CHECKING:
    from morgenmaken.ui.app import App

_DIGITS = {pygame.K_0: 0, pygame.K_KP0: 0, pygame.K_1: 1, pygame.K_KP1: 1, pygame.K_2: 2,
           pygame.K_KP2: 2, pygame.K_3: 3, pygame.K_KP3: 3, pygame.K_4: 4, pygame.K_KP4: 4,
           pygame.K_5: 5, pygame.K_KP5: 5}


class WsRateScene(WsScene):
    """The rating grid of one participant: dimensions by lens × six choices."""

    name = "ws_rate"

    def __init__(self, app: App, run: WsRun, participant: str) -> None:
        super().__init__(app, run)
        self.participant = participant
        self.about_line: UILabel | None = None

    def build(self) -> None:
        """Measure, whose turn it is and the legend on top; the grid scrolls in the middle."""
        lay = self.layout
        m = lay.margin
        session = self.session
        measure = session.current()
        assert measure is not None
        y = self.heading(self.measure_header())
        width = lay.width - 2 * m
        number = session.participants.index(self.participant) + 1
        turn = self.t("ws.turn", name=self.participant, number=number,
                      total=len(session.participants))
        legend = " · ".join(f"{escape(self.t('ws.choice.' + choice_key(v)))}" for v in CHOICES)
        html = (f"<b>{escape(turn)}</b><br>{escape(text_in(measure.description, self.lang))}"
                f"<br>{legend} ({escape(self.t('ws.keys'))})")
        box = self.text_box(pygame.Rect(m, y, width, -1), html)  # grows to fit its text
        if box.rect.height > lay.u(9.5):  # a long description scrolls; the grid keeps its room
            box.kill()
            box = self.text_box(pygame.Rect(m, y, width, lay.u(9.5)), html)
        y = box.rect.bottom + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        about_y = bottom - lay.line
        self._grid(pygame.Rect(m, y, width, about_y - lay.gap - y))
        # What the focused row's dimension stands for: the tooltip says it to the mouse,
        # this line to a keyboard-only room (updated as focus moves, without a rebuild).
        self.about_line = self.label(pygame.Rect(m, about_y, width, lay.line), "",
                                     object_id="dim")
        missing = len(session.missing(measure.id, self.participant))
        self.bottom_buttons([("back", self.t("ws.to_menu"), self.back, False),
                             ("done", self._done_text(missing), self.submit, True)])
        done = self.keys["done"]
        if missing:
            done.disable()
        first = session.missing(measure.id, self.participant)
        self.default_key = f"rate:{first[0]}:0" if first else "done"

    def on_focus(self, key: str | None) -> None:
        """Name the focused row's dimension and what it stands for on the line above the
        buttons."""
        text = ""
        if key is not None and key.startswith("rate:"):
            dimension = self.session.dimension(key.split(":")[1])
            text = about(dimension, self.lang)
        if self.about_line is not None and self.about_line.alive():
            width = self.about_line.rect.width - 8
            self.about_line.set_text(fit_text(text, width, self.layout.body) or " ")

    def _done_text(self, missing: int) -> str:
        if missing:
            return self.t("ws.done_missing", count=missing)
        return self.t("ws.done")

    def _grid(self, area: pygame.Rect) -> None:
        lay = self.layout
        session = self.session
        name_w: int | None = None
        for dimension, row, box in self.lens_rows(area):
            name_w = name_w or round(row.width * 0.36)
            name = fit_text(text_in(dimension.name, self.lang), name_w - lay.u(0.5), lay.body)
            label = self.label(pygame.Rect(lay.u(0.5), row.y, name_w - lay.u(0.5), row.height),
                               name, container=box)
            chosen = session.rating(self.measure_id, self.participant, dimension.id)
            buttons = self.rating_row(f"rate:{dimension.id}",
                                      pygame.Rect(name_w, row.y, row.width - name_w, row.height),
                                      chosen, partial(self.choose, dimension.id),
                                      container=box, about=about(dimension, self.lang))
            for button in buttons:
                self.anchors[button] = label

    # ---------------------------------------------------------------- actions
    def choose(self, dimension_id: str, value: Rating) -> None:
        """Record one rating (autosaved) and mark it, without rebuilding the grid."""
        session = self.session
        session.rate(self.measure_id, self.participant, dimension_id, value)
        self.run.save()
        self.restyle_row(f"rate:{dimension_id}", value)
        missing = len(session.missing(self.measure_id, self.participant))
        done = self.keys.get("done")
        if isinstance(done, UIButton):
            done.set_text(self._done_text(missing))
            if missing:
                done.disable()
            else:
                done.enable()

    def _next_row(self, dimension_id: str) -> None:
        """Keyboard: after a choice, focus moves on to the next dimension (or to Klaar)."""
        ids = [d.id for d in self.session.dimensions]
        index = ids.index(dimension_id)
        if index + 1 < len(ids):
            following = ids[index + 1]
            chosen = self.session.rating(self.measure_id, self.participant, following)
            key = "0" if isinstance(chosen, str) else choice_key(chosen)
            self.app.set_focus(f"rate:{following}:{key}")
        elif getattr(self.keys["done"], "is_enabled", False):
            self.app.set_focus("done")

    def activate(self, key: str) -> bool:
        """Enter on a choice chooses it and moves to the next row."""
        handled = super().activate(key)
        if handled and key.startswith("rate:"):
            self._next_row(key.split(":")[1])
        return handled

    def on_key(self, event: pygame.event.Event) -> bool:
        """Number keys choose on the focused row: 1–5 are −− … ++, 0 is weet niet."""
        focus = self.app.focus_key or ""
        if event.key in _DIGITS and focus.startswith("rate:"):
            value = choice_from_number(_DIGITS[event.key])
            if value != "none":
                dimension_id = focus.split(":")[1]
                self.choose(dimension_id, value if not isinstance(value, str) else None)
                self._next_row(dimension_id)
                return True
        return super().on_key(event)

    def submit(self) -> None:
        """Hand in the ratings (fixed from now on) and pass the screen on."""
        if self.session.missing(self.measure_id, self.participant):
            return
        self.session.submit(self.measure_id, self.participant)
        self.run.save()
        self.app.switch(route(self.app, self.run, handover=True))

    def view_name(self) -> str:
        """One screenshot per participant and measure."""
        return f"ws-rate-{self.measure_id}-{self.session.participants.index(self.participant)}"

    def info(self) -> dict[str, object]:
        """The measure, whose turn it is and (only) their own ratings."""
        given = {d.id: self.session.rating(self.measure_id, self.participant, d.id)
                 for d in self.session.dimensions}
        return {"scene": self.name, "measure": self.measure_id,
                "participant": self.participant, "own": given,
                "missing": len(self.session.missing(self.measure_id, self.participant))}


class WsHandoverScene(WsScene):
    """Between two participants: whose turn it is and how many are done — nothing else."""

    name = "ws_handover"

    def build(self) -> None:
        """A big name and one button."""
        lay = self.layout
        session = self.session
        measure = session.current()
        assert measure is not None
        self.heading(self.measure_header())
        waiting = self.run.laptop_waiting(measure.id)
        total = len(session.participants)
        done = total - len(session.waiting_for(measure.id))
        column = lay.centre_column(36)
        y = lay.height // 3
        if waiting:
            title = self.t("ws.handover", name=waiting[0])
            action = self.t("ws.handover_start", name=waiting[0])
            callback = self.start
        else:
            title = self.t("ws.all_done")
            action = self.t("ws.reveal_now")
            callback = self.start
        width = lay.width - 2 * lay.margin
        # The name in the large title type when it fits, so the room sees whose turn it is.
        big = font(lay.title, True).size(title)[0] <= width - lay.u(1)
        self.label(pygame.Rect(lay.margin, y, width, lay.u(4)),
                   title if big else fit_text(title, width - 4, lay.heading, True),
                   object_id="title" if big else "heading")
        y += lay.u(4.5)
        self.label(pygame.Rect(column.x, y, column.width, lay.line),
                   self.t("ws.done_count", done=done, total=total), object_id="centred")
        y += lay.line + lay.gap * 2
        self.button("start", pygame.Rect(column.x, y, column.width, lay.row),
                    fit_text(action, column.width - lay.body, lay.body, True), callback,
                    object_id="primary")
        y += lay.row + lay.gap * 2
        self.button("back", pygame.Rect(column.x, y, column.width, lay.row),
                    self.t("ws.to_menu"), self.back)
        self.default_key = "start"

    def start(self) -> None:
        """The next participant's grid, or the reveal when all are done."""
        self.app.switch(route(self.app, self.run))

    def view_name(self) -> str:
        """One screenshot per handover."""
        measure = self.session.current()
        waiting = self.run.laptop_waiting(measure.id) if measure else []
        return f"ws-handover-{measure.id if measure else ''}-{len(waiting)}"

    def info(self) -> dict[str, object]:
        """Who is next."""
        measure = self.session.current()
        waiting = self.run.laptop_waiting(measure.id) if measure else []
        return {"scene": self.name, "next": waiting[0] if waiting else None}


def back_scene(app: App) -> Scene:
    """The title screen (the session is saved; "Doorgaan" returns here)."""
    from morgenmaken.ui.scenes.title import TitleScene
    return TitleScene(app)

