"""'Wat als?': change one past decision and see where the region would have gone.

The team picks a round, ticks the proposals it would adopt instead, and replays: the engine
plays the game again from that round with the same seed and the same news
(:func:`morgenmaken.report.debrief.what_if_comparison`), and the screen shows the two
timelines side by side, the themes that end differently and both scores. The proposals stay
those that were on the table, because that is the honest question: "what if *we* had chosen
otherwise?".
"""

from __future__ import annotations

import logging
from functools import partial
from html import escape
from typing import TYPE_CHECKING

import pygame

from morgenmaken.engine import GameState
from morgenmaken.report import common
from morgenmaken.report.debrief import (
    Comparison,
    RoundDecisions,
    alternative_actions,
    what_if_comparison,
)
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.debrief import placeholder_rect
from morgenmaken.ui.scenes.review import (
    ReviewScene,
    chart_cached,
    chart_dpi,
    chart_surface,
    fit_text,
    game_token,
)

if TYPE_CHECKING:
    from morgenmaken.ui.app import App
    from morgenmaken.ui.scenes.debrief import DebriefScene

log = logging.getLogger(__name__)


class WhatIfScene(ReviewScene):
    """Pick a round, tick other proposals, replay, compare."""

    name = "whatif"

    def __init__(self, app: App, debrief_scene: DebriefScene) -> None:
        super().__init__(app)
        self.debrief_scene = debrief_scene
        rounds = self.rounds()
        self.round: int | None = rounds[0].round if rounds else None
        self.ticked: set[str] = self._original_choice()
        self.branch: GameState | None = None
        self.comparison: Comparison | None = None
        self.problem: str | None = None

    # ---------------------------------------------------------------- data
    @property
    def state(self) -> GameState:
        """The game as played."""
        session = self.app.session
        assert session is not None
        return session.state

    def rounds(self) -> list[RoundDecisions]:
        """The rounds in which the team took decisions on proposals (those can be changed)."""
        decided = set(self.state.action_rounds)
        return [r for r in self.debrief_scene.debrief.rounds
                if r.round in decided and r.proposals]

    def record(self) -> RoundDecisions | None:
        """The chosen round."""
        return next((r for r in self.rounds() if r.round == self.round), None)

    def _original_choice(self) -> set[str]:
        record = self.record() if self.round is not None else None
        return {p.card for p in record.proposals if p.adopted} if record else set()

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        """Rounds across the top, the proposals on the left, the comparison on the right."""
        lay = self.layout
        m = lay.margin
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)), self.t("whatif_heading"),
                   object_id="heading")
        y = m + lay.u(2.2)
        rounds = self.rounds()
        bottom = lay.height - m - lay.row - lay.gap
        if not rounds or self.round is None:
            self.text_box(pygame.Rect(m, y, lay.width - 2 * m, bottom - y),
                          escape(self.t("whatif_none")))
        else:
            width = (lay.width - 2 * m - (len(rounds) - 1) * lay.gap) // len(rounds)
            for record in rounds:
                i = rounds.index(record)
                rect = pygame.Rect(m + i * (width + lay.gap), y, width, lay.row)
                self.button(f"round:{record.round}", rect,
                            fit_text(str(record.year), width - lay.u(1.5), lay.body,
                                     bold=record.round == self.round),
                            partial(self.choose_round, record.round),
                            tooltip=self.t("report.round", round=record.round, year=record.year),
                            object_id="toggle_on" if record.round == self.round else None,
                            enabled=not self.working)
            y += lay.row + lay.gap
            left = pygame.Rect(m, y, round(lay.width * 0.36), bottom - y)
            used = self._build_choices(left)
            if self.comparison is not None and not self.busy_text and not self.problem:
                # the figures under the ticks: the chart gets the whole right-hand side
                self.text_box(pygame.Rect(m, used + lay.gap, left.width,
                                          bottom - used - lay.gap),
                              self._summary_html(self.comparison))
            x = left.right + lay.gap
            self._build_result(pygame.Rect(x, y, lay.width - m - x, bottom - y))
        half = (lay.width - 2 * m - lay.gap) // 2
        row_y = lay.height - m - lay.row
        self.button("back", pygame.Rect(m, row_y, half, lay.row), self.t("whatif_back"),
                    self.back, enabled=not self.working)
        self.button("replay", pygame.Rect(m + half + lay.gap, row_y, half, lay.row),
                    self.t("whatif_replay"), self.replay, object_id="primary",
                    enabled=not self.working and self.round is not None)
        self.default_key = "replay"

    def _build_choices(self, area: pygame.Rect) -> int:
        """The proposals of the chosen round as tick boxes ("[x]" carries the meaning, the
        colour only repeats it); at most a little over half the column, so the figures of
        the comparison fit below. Returns the bottom of what was placed."""
        lay = self.layout
        record = self.record()
        if record is None:
            return area.y
        intro = self.text_box(pygame.Rect(area.x, area.y, area.width, -1),
                              "<b>" + escape(self.t("whatif_choose", year=record.year)) + "</b>",
                              object_id="plain")
        top = intro.rect.bottom + lay.gap
        rows = len(record.proposals)
        content = rows * (lay.row + lay.gap)
        height = min(content, round((area.bottom - top) * 0.55))
        box = self.scroller(pygame.Rect(area.x, top, area.width, height), content)
        inner = area.width - (self.scrollbar_width() if content > height else 0)
        for i, line in enumerate(record.proposals):
            ticked = line.card in self.ticked
            mark = "[x]" if ticked else "[ ]"
            was = self.t("whatif_was_adopted") if line.adopted else ""
            text = fit_text(f"{mark} {line.title}", inner - lay.u(1.5), lay.body,
                            bold=ticked)
            self.button(f"tick:{line.card}", pygame.Rect(0, i * (lay.row + lay.gap), inner,
                                                         lay.row),
                        text, partial(self.toggle, line.card), container=box,
                        tooltip=f"{line.title} — {common.proposed_by(line, self.lang)}"
                                + (f" ({was})" if was else ""),
                        object_id="toggle_on" if ticked else None, enabled=not self.working)
        return top + height

    def _build_result(self, area: pygame.Rect) -> None:
        """Both timelines side by side (or what to do first)."""
        comparison = self.comparison
        if self.busy_text or comparison is None or self.problem:
            record = self.record()
            if self.busy_text or self.problem or record is None:
                self.text_box(area, escape(self.busy_text or self.problem or ""))
                return
            adopted = ", ".join(p.title for p in record.adopted) or self.t("none")
            self.text_box(area, escape(self.t("whatif_intro", year=record.year))
                          + "<br><br><b>" + escape(self.t("whatif_as_played")) + ":</b> "
                          + escape(adopted) + "<br><br>" + escape(self.t("whatif_hint")))
            return
        self._chart(area, comparison)

    def _summary_html(self, comparison: Comparison) -> str:
        """Both scores, the themes that end differently, what the branch really adopted."""
        changed = comparison.changed_variables()
        lang = self.lang
        won = {True: self.t("report.verdict_won"), False: self.t("report.verdict_lost")}
        parts = [escape(self.t("whatif_scores",
                               original=common.number(comparison.original_score, 1, lang),
                               original_verdict=won[comparison.original_won],
                               branch=common.number(comparison.branch_score, 1, lang),
                               branch_verdict=won[comparison.branch_won]))]
        if comparison.branch_outcome != comparison.original_outcome:
            parts.append("<br>" + escape(comparison.branch_outcome))
        if changed:
            items = []
            for v in changed[:8]:
                original = next(x for x in reversed(v.original) if x is not None)
                branch = next(x for x in reversed(v.branch) if x is not None)
                items.append(f"{escape(v.name)} " + self.t(
                    "debrief_from_to", start=common.number(original, 0, lang),
                    end=f"<b>{common.number(branch, 0, lang)}</b>")
                    + f" ({common.signed(branch - original, 0, lang)})")
            parts.append(f"<br><b>{escape(self.t('whatif_changed', count=len(changed)))}</b> "
                         + "; ".join(items))
        else:
            parts.append("<br>" + escape(self.t("whatif_same")))
        choice = next((c for c in comparison.choices if c.round == comparison.round_number),
                      None)
        if choice is not None:  # what the branch really adopted (the budget may stop a tick)
            parts.append("<br>" + escape(self.t(
                "whatif_branch_adopted", year=choice.year,
                cards=", ".join(choice.branch) or self.t("none"))))
        return "".join(parts)

    def _chart(self, area: pygame.Rect, comparison: Comparison) -> None:
        from morgenmaken.report.charts import whatif_chart
        dpi = chart_dpi(self.layout.unit)
        columns = 3 if area.width / dpi > 12 else 2
        limit = 6 if area.height / dpi > 6 else columns
        ticked = tuple(sorted(self.ticked))
        key = (game_token(self.state), self.lang, "whatif", self.round, ticked, area.size, dpi)

        def make() -> object:
            return whatif_chart(comparison, limit=limit, columns=columns)

        if chart_cached(key):
            self.image(area, chart_surface(key, make, area.size, dpi))  # type: ignore[arg-type]
            return
        self.text_box(placeholder_rect(area, self.layout.u(3)), escape(self.t("busy_chart")),
                      object_id="plain")
        if not self.working:
            self.run_busy(self.t("busy_chart"),
                          lambda: chart_surface(key, make, area.size, dpi),  # type: ignore[arg-type]
                          rebuild=False)

    # ---------------------------------------------------------------- actions
    def choose_round(self, round_number: int) -> None:
        """Another round: its proposals, ticked as the team chose then."""
        if self.working:
            return
        self.round = round_number
        self.ticked = self._original_choice()
        self.comparison = None
        self.branch = None
        self.problem = None
        self.rebuild()

    def toggle(self, card: str) -> None:
        """Tick or untick a proposal."""
        if self.working:
            return
        self.ticked ^= {card}
        self.comparison = None
        self.rebuild()
        self.app.set_focus(f"tick:{card}")

    def replay(self) -> None:
        """Play the game again from the chosen round with the ticked proposals adopted."""
        if self.working or self.round is None:
            return
        self.problem = None
        self.comparison = None
        self.run_busy(self.t("busy_replay"), self._replay)

    def _replay(self) -> None:
        record = self.record()
        if record is None:
            return
        order = [p.card for p in record.proposals if p.card in self.ticked]
        try:
            actions = alternative_actions(self.state, record.round, order)
            self.branch, self.comparison = what_if_comparison(self.state, record.round,
                                                              actions, self.lang)
            self.debrief_scene.remember_whatif(record.round, order)  # it goes in the report
        except ValueError as error:  # actions that do not fit the round (engine's word)
            log.warning("what-if replay failed: %s", error)
            self.problem = self.t("whatif_failed")

    def back_target(self) -> Scene:
        """The debrief page the team came from."""
        return self.debrief_scene

    def view_name(self) -> str:
        """One screenshot before and one after a replay."""
        return "whatif-compared" if self.comparison is not None else "whatif"

    def info(self) -> dict[str, object]:
        """The chosen round, the ticks and the comparison's headline figures."""
        c = self.comparison
        return {"scene": self.name, "round": self.round, "ticked": sorted(self.ticked),
                "original_score": c.original_score if c else None,
                "branch_score": c.branch_score if c else None,
                "changed": [v.variable for v in c.changed_variables()] if c else [],
                "problem": self.problem}
