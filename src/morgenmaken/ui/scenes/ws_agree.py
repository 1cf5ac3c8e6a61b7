"""Agreeing: per dimension the team's rating (starting at the median), one sentence of argument
and an open question; "Vastleggen" closes the measure and shows its effect profile.

Every change is autosaved. The reveal's markers stay beside each row ("!! ver uiteen"), so the
team sees while agreeing where it was apart.
"""

from __future__ import annotations

from functools import partial

import pygame
import pygame_gui

from morgenmaken.ui.fonts import font
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import WsScene, about, text_in
from morgenmaken.ui.scenes.ws_reveal import marker
from morgenmaken.werksessie.aggregate import Rating


class WsAgreeScene(WsScene):
    """The team's agreed profile of the current measure."""

    name = "ws_agree"

    def build(self) -> None:
        """Argument and question on top, the rows of choices in the middle, Vastleggen below."""
        lay = self.layout
        m = lay.margin
        agreement = self.session.start_agreement(self.measure_id)
        y = self.heading(self.measure_header())
        width = lay.width - 2 * m
        label_w = round(width * 0.3)
        for key, text, value in (("argument", self.t("ws.argument"), agreement.argument),
                                 ("question", self.t("ws.question"), agreement.question)):
            self.label(pygame.Rect(m, y, label_w - lay.gap, lay.row),
                       fit_text(text, label_w - lay.gap - 4, lay.body))
            entry = self.entry(key, pygame.Rect(m + label_w, y, width - label_w, lay.row),
                               value, placeholder=self.t(f"ws.{key}_placeholder"))
            entry.set_text_length_limit(300)
            y += lay.row + lay.gap
        y += lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        self._rows(pygame.Rect(m, y, width, bottom - y))
        self.bottom_buttons([("back", self.t("ws.to_reveal"), self.back, False),
                             ("plan", self.t("ws.plan_profile"), self.open_plan, False),
                             ("close", self.t("ws.record"), self.record, True)])
        self.default_key = "close"

    def _rows(self, area: pygame.Rect) -> None:
        lay = self.layout
        session = self.session
        agreement = session.agreement(self.measure_id)
        bold = font(lay.body, True)
        note_w = max(bold.size(text)[0] for text in (
            "!! " + self.t("ws.mark_split"), "! " + self.t("ws.mark_apart"))) + lay.u(1)
        name_w: int | None = None
        for dimension, row, box in self.lens_rows(area):
            name_w = name_w or round(row.width * 0.3)
            agg = session.aggregate(self.measure_id, dimension.id)
            hot = agg.disagreement
            label = self.label(pygame.Rect(lay.u(0.5), row.y, name_w - lay.u(0.5), row.height),
                               fit_text(text_in(dimension.name, self.lang),
                                        name_w - lay.u(0.5) - 4, lay.body, hot),
                               object_id="strong" if hot else None, container=box)
            if hot:  # the reveal's marker stays beside the row while agreeing
                self.label(pygame.Rect(name_w, row.y, note_w - lay.gap, row.height),
                           marker(agg, self.lang), object_id="strong", container=box)
            chosen = agreement.values.get(dimension.id, "unset")
            buttons = self.rating_row(f"agree:{dimension.id}",
                                      pygame.Rect(name_w + note_w, row.y,
                                                  row.width - name_w - note_w, row.height),
                                      chosen, partial(self.choose, dimension.id),
                                      container=box, about=about(dimension, self.lang))
            for button in buttons:
                self.anchors[button] = label

    # ---------------------------------------------------------------- actions
    def on_ui_event(self, event: pygame.event.Event) -> None:
        """Typed argument and question go into the session (autosaved as typed)."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            for key in ("argument", "question"):
                if self.keys.get(key) is event.ui_element:
                    self.session.argue(self.measure_id, **{key: event.text})
                    self.run.save()
        super().on_ui_event(event)

    def choose(self, dimension_id: str, value: Rating) -> None:
        """The team's rating of one dimension (autosaved)."""
        self.session.agree(self.measure_id, dimension_id, value)
        self.run.save()
        self.restyle_row(f"agree:{dimension_id}", value)

    def record(self) -> None:
        """Close the measure and show its effect profile."""
        measure_id = self.measure_id
        self.session.close(measure_id)
        self.run.save()
        from morgenmaken.ui.scenes.ws_plan import WsMeasureScene
        self.app.switch(WsMeasureScene(self.app, self.run, measure_id))

    def open_plan(self) -> None:
        """The plan profile so far."""
        from morgenmaken.ui.scenes.ws_plan import WsPlanScene
        self.app.switch(WsPlanScene(self.app, self.run))

    def back_target(self) -> Scene:
        """Back to everyone's ratings (what was agreed is kept)."""
        from morgenmaken.ui.scenes.ws_reveal import WsRevealScene
        return WsRevealScene(self.app, self.run)

    def view_name(self) -> str:
        """One screenshot per measure."""
        return f"ws-agree-{self.measure_id}"

    def info(self) -> dict[str, object]:
        """The agreement so far."""
        agreement = self.session.agreement(self.measure_id)
        return {"scene": self.name, "measure": self.measure_id,
                "values": dict(agreement.values), "argument": agreement.argument,
                "question": agreement.question}

