"""Agreeing: per dimension the team's rating (starting at the median), and one sentence of
argument and an open question for the measure as a whole or for any one dimension (click its
name: the two lines then speak of that dimension, and a dot marks the dimensions that have
one); "Vastleggen" closes the measure and shows its effect profile.

Every change is autosaved. The reveal's markers stay beside each row ("!! ver uiteen"), so the
team sees while agreeing where it was apart.
"""

from __future__ import annotations

from functools import partial

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextEntryLine

from morgenmaken.ui.fonts import font
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import WsScene, about, fit_button, text_in
from morgenmaken.ui.scenes.ws_reveal import marker
from morgenmaken.werksessie.aggregate import Rating


class WsAgreeScene(WsScene):
    """The team's agreed profile of the current measure."""

    name = "ws_agree"

    #: The dimension the argument and question lines speak of (None: the whole measure). A
    #: scene attribute, so it survives the rebuilds of a resize or a language switch.
    target: str | None = None
    _about: UILabel
    _whole: UIButton

    def build(self) -> None:
        """What the two lines are about, the lines, the rows of choices, Vastleggen below."""
        lay = self.layout
        m = lay.margin
        agreement = self.session.start_agreement(self.measure_id)
        if self.target is not None and self.target not in {d.id for d in
                                                           self.session.dimensions}:
            self.target = None
        y = self.heading(self.measure_header())
        width = lay.width - 2 * m
        label_w = round(width * 0.3)
        whole_w = min(round(width * 0.3), lay.u(14))
        about_w = width - label_w - whole_w - lay.gap
        self.label(pygame.Rect(m, y, label_w - lay.gap, lay.row),
                   fit_text(self.t("ws.note_about"), label_w - lay.gap - 4, lay.body))
        self._about = self.label(pygame.Rect(m + label_w, y, about_w, lay.row),
                                 fit_text(self._target_name(), about_w - 4, lay.body, True),
                                 object_id="strong")
        self._whole = self.button("note:measure",
                                  pygame.Rect(m + width - whole_w, y, whole_w, lay.row),
                                  fit_button(self.t("ws.note_whole"), whole_w, lay.body),
                                  partial(self.aim, None), tooltip=self.t("ws.note_whole_tip"))
        if self.target is None:
            self._whole.hide()  # the label already says it: the whole measure
        y += lay.row + lay.gap
        if self.target is None:
            values = (agreement.argument, agreement.question)
        else:
            values = (agreement.arguments.get(self.target, ""),
                      agreement.questions.get(self.target, ""))
        for key, value in zip(("argument", "question"), values, strict=True):
            self.label(pygame.Rect(m, y, label_w - lay.gap, lay.row),
                       fit_text(self.t(f"ws.{key}"), label_w - lay.gap - 4, lay.body))
            entry = self.entry(key, pygame.Rect(m + label_w, y, width - label_w, lay.row),
                               value, placeholder=self.t(f"ws.{key}_placeholder"))
            entry.set_text_length_limit(300)
            y += lay.row + lay.gap
        self.label(pygame.Rect(m, y, width, lay.row),
                   fit_text(self.t("ws.note_hint"), width - 4, lay.body), object_id="dim")
        y += lay.row
        bottom = lay.height - m - lay.row - lay.gap
        self._rows(pygame.Rect(m, y, width, bottom - y))
        self.bottom_buttons([("back", self.t("ws.to_reveal"), self.back, False),
                             ("plan", self.t("ws.plan_profile"), self.open_plan, False),
                             ("close", self.t("ws.record"), self.record, True)])
        self.default_key = "close"

    def _target_name(self) -> str:
        """The whole measure, or the chosen dimension by name."""
        if self.target is None:
            return self.t("ws.note_whole")
        return text_in(self.session.dimension(self.target).name, self.lang)

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
            noted = dimension.id in agreement.arguments or dimension.id in agreement.questions
            name = text_in(dimension.name, self.lang)
            label = self.button(
                f"note:{dimension.id}", pygame.Rect(0, row.y, name_w - lay.gap, row.height),
                fit_button(name + (" •" if noted else ""), name_w - lay.gap, lay.body),
                partial(self.aim, dimension.id),
                tooltip=self.t("ws.note_tip", dimension=name),
                object_id="toggle_on" if dimension.id == self.target else "row", container=box)
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
                    if self.target is None:
                        self.session.argue(self.measure_id, **{key: event.text})
                    else:
                        self.session.argue_dimension(self.measure_id, self.target,
                                                     **{key: event.text})
                        self._mark(self.target)
                    self.run.save()
        super().on_ui_event(event)

    def aim(self, dimension_id: str | None) -> None:
        """Point the argument and question lines at one dimension, or at the whole measure.
        Done in place, not by a rebuild, so the list keeps its scroll position; what was
        typed stays where it was typed, and the cursor goes to the argument."""
        previous, self.target = self.target, dimension_id
        for key, on in ((previous, False), (dimension_id, True)):
            button = self.keys.get(f"note:{key}") if key else None
            if isinstance(button, UIButton):
                button.change_object_id(ObjectID(object_id="#toggle_on" if on else "#row"))
        agreement = self.session.agreement(self.measure_id)
        if dimension_id is None:
            values = (agreement.argument, agreement.question)
        else:
            values = (agreement.arguments.get(dimension_id, ""),
                      agreement.questions.get(dimension_id, ""))
        for key, value in zip(("argument", "question"), values, strict=True):
            entry = self.keys.get(key)
            if isinstance(entry, UITextEntryLine):
                entry.set_text(value)
        self._about.set_text(fit_text(self._target_name(), self._about.relative_rect.width - 4,
                                      self.layout.body, True))
        if dimension_id is None:
            self._whole.hide()
        else:
            self._whole.show()
        self.app.set_focus("argument")

    def _mark(self, dimension_id: str) -> None:
        """The row's dot follows the typing, without a rebuild (it would drop the cursor)."""
        button = self.keys.get(f"note:{dimension_id}")
        if not isinstance(button, UIButton):
            return
        agreement = self.session.agreement(self.measure_id)
        noted = dimension_id in agreement.arguments or dimension_id in agreement.questions
        name = text_in(self.session.dimension(dimension_id).name, self.lang)
        width = button.relative_rect.width
        button.set_text(fit_button(name + (" •" if noted else ""), width, self.layout.body))

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
                "question": agreement.question, "target": self.target,
                "arguments": dict(agreement.arguments), "questions": dict(agreement.questions)}

