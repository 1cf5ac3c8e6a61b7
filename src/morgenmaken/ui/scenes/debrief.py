"""The debrief in the game window: why the team won or lost, then the details, page by page.

A trainer walks the room through it after the last round. The first page is the story — won
or lost and by how much, the score part by part against what was needed, the decisions that
helped and cost most, who was left behind, what the team leaves for later and what it left
unspent — and the trainer can run the debrief from it alone. Then the profile, the course of
each lens, the decisions, what is still coming and the questions. "Verslag maken" writes the
same as a PDF and an HTML file (with the team's "wat als?" comparisons), step by step with
progress, and then offers to open the PDF or its folder. The content comes from
:func:`morgenmaken.report.debrief.build_debrief`; the charts are the very drawings the report
embeds (:func:`morgenmaken.report.charts.drawn`), so screen and handout never disagree.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from morgenmaken.report import common
from morgenmaken.report.debrief import (
    Comparison,
    Debrief,
    alternative_actions,
    build_debrief,
    what_if_comparison,
)
from morgenmaken.scenario.models import Category
from morgenmaken.storage import home
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import ReviewScene, fit_text

if TYPE_CHECKING:

    from morgenmaken.ui.app import App

log = logging.getLogger(__name__)

PAGES = ("story", "profile", "timelines", "decisions", "coming", "questions")


def placeholder_rect(area: pygame.Rect, height: int) -> pygame.Rect:
    """Where a "bezig met de grafiek…" line goes: in the middle of the chart's place, so it
    never sits over a title or the page tabs above it."""
    box = pygame.Rect(0, 0, area.width, min(area.height, height))
    box.center = area.center
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the platform's own opener; False when there is none.

    ``os.startfile`` on Windows, ``open`` on macOS, ``xdg-open`` elsewhere. The opener runs
    detached, so the game never waits for a PDF viewer; a missing opener (a bare Linux, a
    locked-down laptop) is a sentence on the screen, never a traceback.
    """
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        program = shutil.which(opener)
        if program is None:
            return False
        subprocess.Popen([program, str(path)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
        return True
    except OSError as error:
        log.warning("could not open %s: %s", path, error)
        return False


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

    def __init__(self, app: App, page: str = "story") -> None:
        super().__init__(app)
        self.page = page
        self.category: Category | None = None
        self.report_paths: list[Path] = []
        self.report_problem: str | None = None
        self.open_note: str | None = None
        #: The "wat als?" the team replayed: (round, cards adopted instead), for the report.
        self.whatifs: list[tuple[int, tuple[str, ...]]] = []
        self._debriefs: dict[str, Debrief] = {}
        self._steps: list[tuple[str, Callable[[], object]]] = []
        #: Opens a file or folder; tests put a recorder here instead of a real viewer.
        self.opener: Callable[[Path], bool] = open_path

    def remember_whatif(self, round_number: int, adopt: list[str]) -> None:
        """Keep a "wat als?" the team replayed, so the report can show it."""
        entry = (round_number, tuple(adopt))
        if entry not in self.whatifs:
            self.whatifs.append(entry)

    def comparisons(self) -> list[Comparison]:
        """The team's "wat als?" comparisons in the current language (replayed again: a few
        milliseconds each, and words follow a language switch)."""
        session = self.app.session
        assert session is not None
        found = []
        for round_number, adopt in self.whatifs:
            try:
                actions = alternative_actions(session.state, round_number, adopt)
                found.append(what_if_comparison(session.state, round_number, actions,
                                                self.lang)[1])
            except ValueError as error:
                log.warning("a what-if could not be replayed for the report: %s", error)
        return found

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
            text = fit_text(f"{self.t('debrief_page.' + page, year=d.end_year)}  [{i + 1}]",
                            width - self.layout.u(1), self.layout.body)
            self.button(f"page:{page}", rect, text, partial(self.show, page),
                        object_id="toggle_on" if page == self.page else None,
                        enabled=not self.working)
            self.shortcuts[i + 1] = partial(self.show, page)
        top = y + lay.row + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        status = self._status_html()
        open_row = None
        if self.report_paths and not self.working:  # "PDF openen" and "Map openen"
            open_row = pygame.Rect(m, bottom - lay.row, lay.width - 2 * m, lay.row)
            bottom -= lay.row + lay.gap
        if status:
            box_height = lay.u(4.6)
            self.text_box(pygame.Rect(m, bottom - box_height, lay.width - 2 * m, box_height),
                          status)
            bottom -= box_height + lay.gap
        area = pygame.Rect(m, top, lay.width - 2 * m, bottom - top)
        getattr(self, f"_page_{self.page}")(area)
        if open_row is not None:
            self._open_buttons(open_row)
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

    def _open_buttons(self, row: pygame.Rect) -> None:
        half = (row.width - self.layout.gap) // 2
        pdf = next((p for p in self.report_paths if p.suffix == ".pdf"), self.report_paths[0])
        self.button("open_pdf", pygame.Rect(row.x, row.y, half, row.height),
                    self.t("rep.open_pdf"), partial(self.open_report, pdf), object_id="primary")
        self.button("open_folder", pygame.Rect(row.x + half + self.layout.gap, row.y, half,
                                               row.height),
                    self.t("rep.open_folder"), partial(self.open_report, pdf.parent))

    def _status_html(self) -> str:
        if self.busy_text:
            return f"<b>{escape(self.busy_text)}</b>"
        if self.report_problem:
            return escape(self.t("debrief_report_failed", reason=self.report_problem))
        if self.report_paths:
            folder = self.report_paths[0].parent
            text = (f"<b>{escape(self.t('debrief_report_written'))}</b> "
                    + escape(self.report_paths[0].stem + " (" + ", ".join(
                        p.suffix.lstrip(".").upper() for p in self.report_paths) + ")")
                    + " " + escape(self.t("debrief_report_folder", folder=str(folder))))
            if self.open_note:
                text += "<br>" + escape(self.open_note)
            return text
        return ""

    def _drawn_chart(self, area: pygame.Rect, key: str, draw: Callable[[], bytes],
                     ready: bool) -> None:
        """A chart the report shares (drawn once), scaled to the page's width; in a
        scroller when taller than the page. The first time, a "bezig…" line in the middle
        of the chart's place, and the drawing right after that frame."""
        if not ready:
            self.text_box(placeholder_rect(area, self.layout.u(3)),
                          escape(self.t("busy_chart")), object_id="plain")
            if not self.working:
                self.run_busy(self.t("busy_chart"), draw, rebuild=False)
            return
        png = draw()
        image = pygame.image.load(io.BytesIO(png), f"{key}.png")
        width = area.width
        height = round(image.get_height() * width / image.get_width())
        if height > area.height:
            width = area.width - self.scrollbar_width()
            height = round(image.get_height() * width / image.get_width())
            surface = pygame.transform.smoothscale(image.convert(), (width, height))
            box = self.scroller(area, height)
            self.image(pygame.Rect(0, 0, width, height), surface,
                       container=box)  # type: ignore[arg-type]
            return
        surface = pygame.transform.smoothscale(image.convert(), (width, height))
        self.image(pygame.Rect(area.topleft, (width, height)), surface)

    def _page_story(self, area: pygame.Rect) -> None:
        """Page one: the story, the same facts and words as the report's first page."""
        d, lang = self.debrief, self.lang
        story = d.story
        parts = [f"<b>{escape(common.verdict(d))}: {escape(common.headline(d))}</b>"]
        if d.collapsed:
            parts.append("<br>" + escape(self.t("story.collapsed", reason=d.outcome_text)))
        parts.append("<br>" + escape(common.goals_line(d)))
        parts.append(f"<br><br><b>{escape(self.t('story.parts'))}</b>")
        for name, value, weight, points, needed, word in common.part_rows(d):
            parts.append(f"<br>{escape(name)} ({escape(weight)}): {escape(value)} — "
                         f"{escape(points)} / {escape(needed)} {escape(word)}")
        for key, chosen, empty in (("story.helped", story.helped, "story.none_helped"),
                                   ("story.cost", story.cost, "story.none_cost")):
            parts.append(f"<br><br><b>{escape(self.t(key))}</b>")
            if not chosen:
                parts.append("<br>" + escape(self.t(empty)))
            for impact in chosen:
                parts.append(f"<br>{escape(common.impact_title(impact, lang))}: "
                             f"{escape(common.impact_effects(impact, lang))}")
        behind = common.left_behind_lines(d)
        if behind:
            parts.append(f"<br><br><b>{escape(self.t('story.left_behind'))}</b><br>"
                         + escape(" ".join(behind)))
        parts.append(f"<br><br><b>{escape(self.t('story.later', year=d.end_year))}</b><br>"
                     + escape(" ".join(common.later_lines(d))))
        parts.append(f"<br><br><b>{escape(self.t('story.unspent'))}</b><br>"
                     + escape(common.unspent_line(d)))
        self.text_box(area, "".join(parts))

    def _page_profile(self, area: pygame.Rect) -> None:
        """The profile: the report's own drawing, scaled to the page (scrolls when tall)."""
        from morgenmaken.report import charts
        d = self.debrief
        self._drawn_chart(area, "profile", lambda: charts.profile_png(d),
                          charts.is_drawn((d.key, "profile")))

    def _page_timelines(self, area: pygame.Rect) -> None:
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
            self.button(f"category:{category.value}", rect,
                        fit_text(self.t(f"category.{category.value}"), width - lay.u(1),
                                 lay.body),
                        partial(self.show_category, category),
                        object_id="toggle_on" if category == self.category else None,
                        enabled=not self.working)
        chart_area = pygame.Rect(area.x, area.y + lay.row + lay.gap, area.width,
                                 area.height - lay.row - lay.gap)
        from morgenmaken.report import charts
        category = self.category
        d = self.debrief
        self._drawn_chart(chart_area, f"timelines-{category.value}",
                          lambda: charts.timelines_png(d, category),
                          charts.is_drawn((d.key, "timelines", category.value)))

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
                    impact = common.impact_of(d, line.card, record.round)
                    if impact is not None:
                        parts.append("<br>&nbsp;&nbsp;&nbsp;"
                                     + escape(common.impact_title(impact, lang)) + ": "
                                     + escape(common.impact_effects(impact, lang)))
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
        """Go to one of the pages."""
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
        """Write the PDF and HTML report step by step, each step after a frame saying how
        far it is (the charts the screen already drew are not drawn again)."""
        if self.working:
            return
        from morgenmaken.report import charts
        self.report_problem = None
        self.open_note = None
        self.report_paths = []
        d = self.debrief
        jobs: list[tuple[str, Callable[[], object]]] = [
            ("charts", lambda: charts.profile_png(d))]
        for group in d.profile:
            jobs.append(("charts", partial(charts.timelines_png, d, group.category)))
        jobs.append(("pdf", self._write_report))
        steps = len(jobs)
        self._steps = [(self.t("rep.progress", step=i, steps=steps,
                               what=self.t(f"rep.step.{what}")), job)
                       for i, (what, job) in enumerate(jobs, start=1)]
        self._next_step()

    def _next_step(self) -> None:
        if self._steps:
            text, job = self._steps.pop(0)
            self.run_busy(text, job)

    def update(self, dt: float) -> None:
        """Run the scheduled step; then schedule the next one with its progress line."""
        super().update(dt)
        if self._steps and not self.working:
            self._next_step()

    def animating(self) -> bool:
        """Keep turning while report steps wait."""
        return super().animating() or bool(self._steps)

    def _write_report(self) -> None:
        from morgenmaken.report.commands import write_report
        d = self.debrief
        try:
            self.report_paths = write_report(d, reports_folder(), report_stem(d),
                                             self.comparisons())
        except OSError as error:
            log.warning("the report could not be written: %s", error)
            self.report_problem = error.strerror or str(error)

    def open_report(self, path: Path) -> None:
        """Open the PDF or its folder with the platform's opener, or say where it is."""
        if self.opener(path):
            self.open_note = self.t("rep.opened", name=path.name)
        else:
            folder = path if path.is_dir() else path.parent
            self.open_note = self.t("rep.no_opener", folder=str(folder))
        self.rebuild()

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
                "problem": self.report_problem, "opened": self.open_note,
                "whatifs": list(self.whatifs)}

