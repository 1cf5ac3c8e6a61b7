"""The debrief in the game window: what the team's choices did, page by page.

A trainer walks the room through it after the last round: the profile (start and end of every
theme), the course of each lens with decisions and news marked, the decisions round by round
with what each adopted card did in the end, what is still coming after the final year, and the
scenario's own discussion questions. "Verslag maken" writes the same as a PDF and an HTML file
into the user's data folder and says where. The content comes from
:func:`morgenmaken.report.debrief.build_debrief`, the charts from
:mod:`morgenmaken.report.charts`, so screen and handout never disagree.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from morgenmaken.report import common
from morgenmaken.report.debrief import Debrief, build_debrief
from morgenmaken.scenario.models import Category
from morgenmaken.storage import home
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import (
    ReviewScene,
    chart_cached,
    chart_dpi,
    chart_surface,
    game_token,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from morgenmaken.ui.app import App

log = logging.getLogger(__name__)

PAGES = ("profile", "timelines", "decisions", "coming", "questions")


def reports_folder() -> Path:
    """Where reports and comparison sheets are written (inside the user's data folder, which
    ``MORGENMAKEN_HOME`` moves)."""
    return home() / "reports"


def report_stem(debrief: Debrief) -> str:
    """A file name a trainer recognises: scenario, team and time, safe on every system."""
    team = re.sub(r"[^A-Za-z0-9]+", "-", debrief.team).strip("-")[:40] or "team"
    return f"{debrief.scenario_id}-{team}-{time.strftime('%Y%m%d-%H%M%S')}"


class DebriefScene(ReviewScene):
    """Tabs for the five parts of the debrief, and the report and "wat als?" buttons."""

    name = "debrief"

    def __init__(self, app: App, page: str = "profile") -> None:
        super().__init__(app)
        self.page = page
        self.category: Category | None = None
        self.report_paths: list[Path] = []
        self.report_problem: str | None = None
        self._debriefs: dict[str, Debrief] = {}

    # ---------------------------------------------------------------- data
    @property
    def debrief(self) -> Debrief:
        """The debrief of the session's game in the current language (built once per
        language: it plays the model forward, which takes a moment)."""
        session = self.app.session
        assert session is not None
        if self.lang not in self._debriefs:
            self._debriefs[self.lang] = build_debrief(session.state, self.lang)
        return self._debriefs[self.lang]

    def categories(self) -> list[Category]:
        """The lenses that have timelines, in the scenario's order."""
        found: list[Category] = []
        for timeline in self.debrief.timelines:
            if timeline.category not in found:
                found.append(timeline.category)
        return found

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        """Heading, page tabs, the page, and the action buttons along the bottom."""
        lay = self.layout
        m = lay.margin
        d = self.debrief
        heading = self.t("debrief_heading", team=common.team_name(d),
                         score=common.number(d.score, 1, self.lang), verdict=common.verdict(d))
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)), heading, object_id="heading")
        y = m + lay.u(2.2)
        width = (lay.width - 2 * m - (len(PAGES) - 1) * lay.gap) // len(PAGES)
        for i, page in enumerate(PAGES):
            rect = pygame.Rect(m + i * (width + lay.gap), y, width, lay.row)
            text = f"{self.t('debrief_page.' + page, year=d.end_year)}  [{i + 1}]"
            self.button(f"page:{page}", rect, text, partial(self.show, page),
                        object_id="toggle_on" if page == self.page else None,
                        enabled=not self.working)
            self.shortcuts[i + 1] = partial(self.show, page)
        top = y + lay.row + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        status = self._status_html()
        if status:
            box_height = lay.u(4.6)
            self.text_box(pygame.Rect(m, bottom - box_height, lay.width - 2 * m, box_height),
                          status)
            bottom -= box_height + lay.gap
        area = pygame.Rect(m, top, lay.width - 2 * m, bottom - top)
        getattr(self, f"_page_{self.page}")(area)
        third = (lay.width - 2 * m - 2 * lay.gap) // 3
        row_y = lay.height - m - lay.row
        self.button("back", pygame.Rect(m, row_y, third, lay.row), self.t("debrief_back"),
                    self.back, enabled=not self.working)
        self.button("whatif", pygame.Rect(m + third + lay.gap, row_y, third, lay.row),
                    self.t("whatif_open"), self.open_whatif,
                    enabled=not self.working and bool(self.app.session
                                                      and self.app.session.state.actions))
        self.button("report", pygame.Rect(m + 2 * (third + lay.gap), row_y, third, lay.row),
                    self.t("debrief_report"), self.make_report, object_id="primary",
                    enabled=not self.working)
        self.default_key = f"page:{self.page}"

    def _status_html(self) -> str:
        if self.busy_text:
            return f"<b>{escape(self.busy_text)}</b>"
        if self.report_problem:
            return escape(self.t("debrief_report_failed", reason=self.report_problem))
        if self.report_paths:
            folder = self.report_paths[0].parent
            return (f"<b>{escape(self.t('debrief_report_written'))}</b> "
                    + escape(self.report_paths[0].stem + " (" + ", ".join(
                        p.suffix.lstrip(".").upper() for p in self.report_paths) + ")")
                    + "<br>"
                    + escape(self.t("debrief_report_folder", folder=str(folder))))
        return ""

    def _chart(self, area: pygame.Rect, key: str, make: Callable[[], Figure],
               size: tuple[int, int] | None = None, container: object = None) -> None:
        """Show a chart, or schedule its rendering behind a "bezig…" frame the first time."""
        session = self.app.session
        assert session is not None
        size = size or area.size
        dpi = chart_dpi(self.layout.unit)
        cache_key = (game_token(session.state), self.lang, key, size, dpi)
        if chart_cached(cache_key):
            surface = chart_surface(cache_key, make, size, dpi)
            self.image(pygame.Rect(area.topleft, size), surface,
                       container=container)  # type: ignore[arg-type]
            return
        self.text_box(pygame.Rect(area.x, area.y, area.width, min(area.height,
                                                                  self.layout.u(3))),
                      escape(self.t("busy_chart")), object_id="plain")
        if not self.working:
            self.run_busy(self.t("busy_chart"),
                          lambda: chart_surface(cache_key, make, size, dpi), rebuild=False)

    def _page_profile(self, area: pygame.Rect) -> None:
        """The profile at a height where its bars stay apart (scrolls on small windows):
        squeezed into 1024x768 the seventeen bars of Drenthe would run into each other."""
        from morgenmaken.report.charts import profile_chart
        d = self.debrief
        panels = [g for g in d.profile if g.variables]
        natural = 0.62 * sum(max(2, len(g.variables)) + 1.2 for g in panels) + 0.8  # inches
        self._tall_chart(area, "profile", lambda: profile_chart(d), natural * 0.8)

    def _tall_chart(self, area: pygame.Rect, key: str, make: Callable[[], Figure],
                    inches: float) -> None:
        """A chart `inches` tall at the screen's chart dpi, in a scroller when it is taller
        than `area` (type keeps its size; the room scrolls, as a page would)."""
        dpi = chart_dpi(self.layout.unit)
        height = round(inches * dpi)
        if height <= area.height:
            self._chart(area, key, make)
            return
        inner_width = area.width - self.scrollbar_width()
        box = self.scroller(area, height)
        self._chart(pygame.Rect(0, 0, inner_width, height), key, make,
                    size=(inner_width, height), container=box)

    def _page_timelines(self, area: pygame.Rect) -> None:
        from morgenmaken.report.charts import category_timelines_chart
        lay = self.layout
        categories = self.categories()
        if not categories:
            self.text_box(area, escape(self.t("debrief_nothing")))
            return
        if self.category not in categories:
            self.category = categories[0]
        width = (area.width - (len(categories) - 1) * lay.gap) // len(categories)
        for i, category in enumerate(categories):
            rect = pygame.Rect(area.x + i * (width + lay.gap), area.y, width, lay.row)
            self.button(f"category:{category.value}", rect, self.t(f"category.{category.value}"),
                        partial(self.show_category, category),
                        object_id="toggle_on" if category == self.category else None,
                        enabled=not self.working)
        chart_area = pygame.Rect(area.x, area.y + lay.row + lay.gap, area.width,
                                 area.height - lay.row - lay.gap)
        count = sum(1 for tl in self.debrief.timelines if tl.category == self.category)
        dpi = chart_dpi(lay.unit)
        inner_width = chart_area.width - self.scrollbar_width()
        columns = max(1, min(count, int(inner_width / dpi / 5.0)))
        rows = -(-count // columns)
        category = self.category
        d = self.debrief
        self._tall_chart(chart_area, f"timelines:{category.value}:{columns}",
                         lambda: category_timelines_chart(d, category, columns),
                         3.3 * rows + 0.9)

    def _page_decisions(self, area: pygame.Rect) -> None:
        d, lang = self.debrief, self.lang
        parts = [escape(self.t("report.decisions_intro"))]
        for record in d.rounds:
            title = self.t("report.round", round=record.round, year=record.year)
            parts.append(f"<br><br><b>{escape(title)}</b>")
            for event in record.events:
                parts.append(f"<br>{escape(self.t('report.news'))}: {escape(event.title)}")
            if not record.proposals:
                parts.append(f"<br>{escape(self.t('report.no_proposals'))}")
            for line in record.proposals:
                mark = "[x]" if line.adopted else "[ ]"
                parts.append(f"<br>{mark} <b>{escape(line.title)}</b> — "
                             f"{escape(common.proposed_by(line, lang))}: "
                             f"{escape(common.decision_text(line, lang))}")
                if line.adopted:
                    effects = "; ".join(common.effects_text(line.outcome, lang))
                    again = common.adopted_before(line, record.round, d)
                    parts.append(f"<br>&nbsp;&nbsp;&nbsp;{escape(self.t('debrief_did'))}: "
                                 f"{escape(effects)}"
                                 + (f" ({escape(again)})" if again else ""))
        self.text_box(area, "".join(parts))

    def _page_coming(self, area: pygame.Rect) -> None:
        d, lang = self.debrief, self.lang
        coming = d.coming
        last = coming.years[-1] if coming.years else d.end_year
        parts = [escape(self.t("report.coming_intro", year=last))]
        moving = [v for v in coming.variables if abs(v.pipeline) >= 0.05
                  or abs(v.projected - v.end) >= 0.5]
        if moving:
            title = self.t("debrief_coming_changes", end=d.end_year, year=last)
            parts.append(f"<br><br><b>{escape(title)}</b>")
            for v in sorted(moving, key=lambda v: -abs(v.projected - v.end)):
                pipeline = ""
                if abs(v.pipeline) >= 0.05:
                    pipeline = " — " + self.t("debrief_coming_pipeline",
                                              amount=common.amount(v.pipeline, lang))
                parts.append(f"<br>{escape(v.name)}: " + self.t(
                    "debrief_from_to", start=common.number(v.end, 0, lang),
                    end=f"<b>{common.number(v.projected, 0, lang)}</b>") + escape(pipeline))
        if coming.sources:
            parts.append(f"<br><br><b>{escape(self.t('report.coming_sources'))}</b>")
            for source in coming.sources:
                effects = ", ".join(common.effect_text(e, lang) for e in source.effects)
                since = self.t("debrief_from_year", year=source.first_year)
                parts.append(f"<br>{escape(source.label)} ({escape(since)}): {escape(effects)}")
        else:
            parts.append(f"<br><br>{escape(self.t('report.nothing_coming'))}")
        parts.append("<br><br>" + escape(self.t(
            "report.projected_score", year=last,
            score=common.number(coming.projected_score, 1, lang))))
        self.text_box(area, "".join(parts))

    def _page_questions(self, area: pygame.Rect) -> None:
        questions = self.debrief.questions
        if not questions:
            self.text_box(area, escape(self.t("report.no_questions")))
            return
        items = "<br><br>".join(f"<b>{i}.</b> {escape(q)}"
                                for i, q in enumerate(questions, start=1))
        self.text_box(area, items)

    # ---------------------------------------------------------------- actions
    def show(self, page: str) -> None:
        """Go to one of the five pages."""
        if self.working or page not in PAGES:
            return
        self.page = page
        self.rebuild()
        self.app.set_focus(f"page:{page}")

    def show_category(self, category: Category) -> None:
        """Timelines: show another lens."""
        if self.working:
            return
        self.category = category
        self.rebuild()

    def make_report(self) -> None:
        """Write the PDF and HTML report, after a frame saying it is being made."""
        if self.working:
            return
        self.report_problem = None
        self.report_paths = []
        self.run_busy(self.t("busy_report"), self._write_report)

    def _write_report(self) -> None:
        from morgenmaken.report.commands import write_report
        d = self.debrief
        try:
            self.report_paths = write_report(d, reports_folder(), report_stem(d))
        except OSError as error:
            log.warning("the report could not be written: %s", error)
            self.report_problem = error.strerror or str(error)

    def open_whatif(self) -> None:
        """The "wat als?" replay of this game."""
        from morgenmaken.ui.scenes.whatif import WhatIfScene
        if not self.working:
            self.app.switch(WhatIfScene(self.app, self))

    def back_target(self) -> Scene:
        """The score screen (which leads on to a new game or the title)."""
        from morgenmaken.ui.scenes.end import EndScene
        return EndScene(self.app)

    def view_name(self) -> str:
        """One screenshot per page (and per lens of the timelines)."""
        if self.page == "timelines" and self.category is not None:
            return f"debrief-timelines-{self.category.value}"
        return f"debrief-{self.page}"

    def info(self) -> dict[str, object]:
        """Which page is shown and where the report went."""
        return {"scene": self.name, "page": self.page, "busy": self.working,
                "report": [str(p) for p in self.report_paths],
                "problem": self.report_problem}

