"""The end of the game: the score, won or not and why, the parts of the score, the role goals.

Enter opens the debrief, the button shown as the main one. Leaving this screen (a new game, the
title, quitting) asks first, then moves the finished game out of the autosave slot into
``saves/finished``; the title screen's "Afgelopen spellen" opens its debrief again.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

import pygame

from morgenmaken.ui import draw
from morgenmaken.ui import palette as p
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.wording import amount, number, outcome_text

if TYPE_CHECKING:
    from morgenmaken.ui.app import App


class EndScene(Scene):
    """Score and outcome."""

    name = "end"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        #: A way out the team chose ("new", "title", "quit"), waiting for "Ja" (None: none).
        self.leaving: str | None = None

    def build(self) -> None:
        """Score on the left, its parts and the role goals on the right, buttons below."""
        lay = self.layout
        session = self.app.session
        assert session is not None
        state = session.state
        m = lay.margin
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)), self.t("end_header"),
                   object_id="heading")
        top = m + lay.u(2.5)
        bottom = lay.height - m - lay.row - lay.gap
        half = (lay.width - 3 * m) // 2
        score = state.score()
        won = state.won()
        surface = pygame.Surface((half, lay.u(7)), pygame.SRCALPHA)
        surface.fill((*p.PANEL, 255))
        colour = p.BLUISH_GREEN if won else p.ORANGE
        draw.text(surface, number(score, 1, self.lang), (half // 2, lay.u(2.6)), lay.u(4), colour,
                  bold=True, align="centre")
        verdict = self.t("verdict_won" if won else "verdict_lost")
        draw.text(surface, verdict, (half // 2, lay.u(5.6)), lay.heading, p.TEXT, bold=True,
                  align="centre", max_width=half)
        self.image(pygame.Rect(m, top, half, lay.u(7)), surface)
        y = top + lay.u(7) + lay.gap
        threshold = amount(state.compiled.win_threshold, self.lang)
        parts = dict(state.score_parts())
        lines = []
        for component in state.scenario.score.components:
            if component.id in parts:
                lines.append(f"{escape(component.name.get(self.lang))}: "
                             f"<b>{number(parts[component.id], 0, self.lang)}</b>")
        body = escape(self.t("score", score=number(score, 1, self.lang), threshold=threshold))
        body += "<br>" + escape(outcome_text(state, self.lang))
        body += f"<br><br><b>{escape(self.t('score_parts'))}</b><br>" + "<br>".join(lines)
        self.text_box(pygame.Rect(m, y, half, bottom - y), body)
        x = m * 2 + half
        met = set(state.goals_met())
        goals = []
        for role in state.scenario.roles:
            if role.goal is None:
                continue
            mark = self.t("goal_met" if role.id in met else "goal_not_met")
            goals.append(f"<b>{escape(role.name.get(self.lang))}</b> ({escape(mark)}): "
                         f"{escape(role.goal.text.get(self.lang))}")
        html = f"<b>{escape(self.t('role_goals'))}</b><br>" + "<br>".join(goals)
        self.text_box(pygame.Rect(x, top, half, bottom - top), html)
        row_y = lay.height - m - lay.row
        if self.leaving is not None:
            self._ask(row_y)
            return
        quarter = (lay.width - 2 * m - 3 * lay.gap) // 4
        self.button("debrief", pygame.Rect(m, row_y, quarter, lay.row),
                    f"{self.t('end_debrief')}  [Enter]", self.debrief, object_id="primary")
        self.button("new", pygame.Rect(m + quarter + lay.gap, row_y, quarter, lay.row),
                    self.t("new_game"), partial(self.ask, "new"))
        self.button("title", pygame.Rect(m + 2 * (quarter + lay.gap), row_y, quarter,
                                         lay.row), self.t("to_title"), partial(self.ask, "title"))
        self.button("quit", pygame.Rect(m + 3 * (quarter + lay.gap), row_y, quarter, lay.row),
                    self.t("quit"), partial(self.ask, "quit"))
        # Enter does what the main button says: the debrief, which is the point of a session.
        self.default_key = "debrief"

    def _ask(self, row_y: int) -> None:
        """Leaving puts the game away: say so, and let the team go back to the debrief."""
        lay = self.layout
        m = lay.margin
        half = (lay.width - 2 * m - lay.gap) // 2
        box = self.text_box(pygame.Rect(m, 0, lay.width - 2 * m, -1),
                            f"<b>{escape(self.t('end_leave_question'))}</b><br>"
                            + escape(self.t("end_leave_help")))
        box.set_relative_position((m, row_y - lay.gap - box.rect.height))
        self.button("leave_yes", pygame.Rect(m, row_y, half, lay.row),
                    self.t(f"end_leave_yes.{self.leaving}"), self.leave)
        self.button("leave_no", pygame.Rect(m + half + lay.gap, row_y, half, lay.row),
                    f"{self.t('end_leave_no')}  [Esc]", self.stay, object_id="primary")
        self.default_key = "leave_no"

    def ask(self, where: str) -> None:
        """The team wants to leave the end screen: ask first (the game is put away)."""
        self.leaving = where
        self.app.focus_key = None
        self.rebuild()

    def stay(self) -> None:
        """Not yet: back to the score and the debrief button."""
        self.leaving = None
        self.app.focus_key = None
        self.rebuild()

    def leave(self) -> None:
        """Yes: go where the team chose."""
        where, self.leaving = self.leaving, None
        if where == "new":
            self.new_game()
        elif where == "title":
            self.to_title()
        elif where == "quit":
            self._leave()
            self.app.quit()

    def on_key(self, event: pygame.event.Event) -> bool:
        """Esc takes back a question to leave."""
        if event.key == pygame.K_ESCAPE and self.leaving is not None:
            self.stay()
            return True
        return super().on_key(event)

    def _leave(self) -> None:
        session = self.app.session
        if session is not None and session.store is not None:
            session.store.archive()
        self.app.session = None

    def debrief(self) -> None:
        """The debrief of this game (charts, decisions, "wat als?", the report)."""
        from morgenmaken.ui.scenes.debrief import DebriefScene
        self.app.switch(DebriefScene(self.app))

    def new_game(self) -> None:
        """Straight to a new game's form."""
        from morgenmaken.ui.scenes.setup import SetupScene
        self._leave()
        self.app.switch(SetupScene(self.app))

    def to_title(self) -> None:
        """Back to the title screen."""
        from morgenmaken.ui.scenes.title import TitleScene
        self._leave()
        self.app.switch(TitleScene(self.app))

    def demo_step(self) -> bool:
        """The demo lingers on the score, then plays again."""
        if self.leaving is None:
            return self.activate("new")
        return self.activate("leave_yes")

    def info(self) -> dict[str, object]:
        """Score and outcome."""
        state = self.app.session.state if self.app.session else None
        return {"scene": self.name, "score": state.score() if state else None,
                "won": state.won() if state else None}
