"""The end of the game: the score, won or not and why, the parts of the score, the role goals.

Leaving this screen moves the finished game out of the autosave slot into ``saves/finished``,
where the debrief can find it.
"""

from __future__ import annotations

from html import escape

import pygame

from morgenmaken.ui import draw
from morgenmaken.ui import palette as p
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.wording import outcome_text


class EndScene(Scene):
    """Score and outcome."""

    name = "end"

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
        draw.text(surface, f"{score:.1f}", (half // 2, lay.u(2.6)), lay.u(4), colour,
                  bold=True, align="centre")
        verdict = self.t("verdict_won" if won else "verdict_lost")
        draw.text(surface, verdict, (half // 2, lay.u(5.6)), lay.heading, p.TEXT, bold=True,
                  align="centre", max_width=half)
        self.image(pygame.Rect(m, top, half, lay.u(7)), surface)
        y = top + lay.u(7) + lay.gap
        threshold = f"{state.compiled.win_threshold:g}"
        parts = dict(state.score_parts())
        lines = []
        for component in state.scenario.score.components:
            if component.id in parts:
                lines.append(f"{escape(component.name.get(self.lang))}: "
                             f"<b>{parts[component.id]:.0f}</b>")
        body = escape(self.t("score", score=f"{score:.1f}", threshold=threshold))
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
        quarter = (lay.width - 2 * m - 3 * lay.gap) // 4
        row_y = lay.height - m - lay.row
        self.button("debrief", pygame.Rect(m, row_y, quarter, lay.row), self.t("end_debrief"),
                    self.debrief, object_id="primary")
        self.button("new", pygame.Rect(m + quarter + lay.gap, row_y, quarter, lay.row),
                    self.t("new_game"), self.new_game)
        self.button("title", pygame.Rect(m + 2 * (quarter + lay.gap), row_y, quarter,
                                         lay.row), self.t("to_title"), self.to_title)
        self.button("quit", pygame.Rect(m + 3 * (quarter + lay.gap), row_y, quarter, lay.row),
                    self.t("quit"), self.app.quit)
        self.default_key = "new"

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
        return self.activate("new")

    def info(self) -> dict[str, object]:
        """Score and outcome."""
        state = self.app.session.state if self.app.session else None
        return {"scene": self.name, "score": state.score() if state else None,
                "won": state.won() if state else None}
