"""The effect profile of a measure just agreed, and the plan's profile over all of them.

The charts are the report's own (:mod:`morgenmaken.report.werksessie_charts`), rendered once
behind a "bezig…" frame and cached, so screen and handout never disagree. The plan profile
names the dimensions the plan serves and harms, where the team was furthest apart and — for a
plan made from a scenario's cards — where the game's model differs from what the team expected.
"Verslag maken" writes the report (PDF/HTML/CSV, whatever the report module writes) into the
same reports folder as the game's debrief; "Sessie afsluiten" moves the autosave to
``finished/``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import chart_cached, chart_dpi, chart_surface
from morgenmaken.ui.scenes.ws_common import WsRun, WsScene, route, text_in
from morgenmaken.werksessie.aggregate import symbol
from morgenmaken.werksessie.session import most_divided, plan_profile

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from morgenmaken.ui.app import App
    from morgenmaken.werksessie.model import Contrast

log = logging.getLogger(__name__)


def session_token(run: WsRun) -> str:
    """What identifies the session's content for the chart cache (any change: new charts)."""
    return hashlib.sha1(run.session.dumps().encode("utf-8")).hexdigest()


def report_stem(run: WsRun) -> str:
    """File name of a report: the report's own name (plan and team) with the time, so a
    second report of the same session never overwrites the first."""
    from morgenmaken.report.werksessie import default_stem
    return f"{default_stem(run.session)}-{time.strftime('%Y%m%d-%H%M%S')}"


class ChartMixin(WsScene):
    """Show a report chart, or schedule its rendering the first time."""

    def __init__(self, app: App, run: WsRun) -> None:
        super().__init__(app, run)
        #: Charts whose rendering failed (said on screen instead of tried again and again).
        self.failed_charts: set[tuple[object, ...]] = set()

    def natural_inches(self) -> float:
        """Height at which the rows of every dimension stay apart (seventeen dimensions of
        Drenthe squeezed into 1024x768 would run into each other; then the chart scrolls)."""
        dimensions = len(self.session.dimensions)
        return 0.36 * (dimensions + 1.6 * len(self.session.groups())) + 1.8

    def chart(self, area: pygame.Rect, key: str, make: Callable[[], Figure]) -> None:
        """The chart in `area` (in a scroller when its natural height is taller), or a
        "bezig…" note while it is being drawn."""
        dpi = chart_dpi(self.layout.unit)
        height = round(self.natural_inches() * dpi)
        container = None
        size = area.size
        if height > area.height:
            size = (area.width - self.scrollbar_width(), height)
        cache_key = ("werksessie", session_token(self.run), self.lang, key, size, dpi)
        if chart_cached(cache_key):
            surface = chart_surface(cache_key, make, size, dpi)
            if size != area.size:
                container = self.scroller(area, height)
                self.image(pygame.Rect((0, 0), size), surface, container=container)
            else:
                self.image(area, surface)
            return
        failed = cache_key in self.failed_charts
        self.text_box(pygame.Rect(area.x, area.y, area.width, min(area.height,
                                                                  self.layout.u(3))),
                      escape(self.t("ws.chart_failed" if failed else "busy_chart")),
                      object_id="plain")
        if not self.working and not failed:
            self.run_busy(self.t("busy_chart"),
                          lambda: self._render(cache_key, make, size, dpi), rebuild=False)

    def _render(self, cache_key: tuple[object, ...], make: Callable[[], Figure],
                size: tuple[int, int], dpi: int) -> None:
        """Render a chart; a failure is logged and said once, never retried in a loop and
        never a crash of the session (the ratings are saved either way)."""
        try:
            chart_surface(cache_key, make, size, dpi)
        except Exception:
            log.exception("a werksessie chart could not be drawn")
            self.failed_charts.add(cache_key)


class WsMeasureScene(ChartMixin):
    """The effect profile of one closed measure, then on to the next."""

    name = "ws_measure"
    #: The measure shown: a closed one, not the one the team is on (overrides the property).
    measure_id: str = ""

    def __init__(self, app: App, run: WsRun, measure_id: str) -> None:
        super().__init__(app, run)
        self.measure_id = measure_id

    def build(self) -> None:
        """Chart on the left, the argument and open question on the right."""
        from morgenmaken.report.werksessie_charts import measure_chart
        lay = self.layout
        m = lay.margin
        session = self.session
        measure = session.plan.measure(self.measure_id)
        y = self.heading(self.t("ws.profile_of", title=text_in(measure.title, self.lang)))
        bottom = lay.height - m - lay.row - lay.gap
        side = round((lay.width - 2 * m) * 0.24)
        chart_area = pygame.Rect(m, y, lay.width - 2 * m - side - lay.gap, bottom - y)
        session_, lang, measure_id = session, self.lang, self.measure_id
        self.chart(chart_area, f"measure:{measure_id}",
                   lambda: measure_chart(session_, measure_id, lang))
        agreement = session.agreement(self.measure_id)
        parts = [f"<b>{escape(self.t('ws.argument'))}</b><br>"
                 f"{escape(agreement.argument or self.t('ws.none_given'))}",
                 f"<b>{escape(self.t('ws.question'))}</b><br>"
                 f"{escape(agreement.question or self.t('ws.none_given'))}"]
        if self.busy_text:
            parts.insert(0, f"<b>{escape(self.busy_text)}</b>")
        self.text_box(pygame.Rect(chart_area.right + lay.gap, y, side, bottom - y),
                      "<br><br>".join(parts))
        following = session.current()
        next_text = self.t("ws.next_measure") if following is not None \
            else self.t("ws.to_plan_profile")
        self.bottom_buttons([("change", self.t("ws.change"), self.change, False),
                             ("plan", self.t("ws.plan_profile"), self.open_plan, False),
                             ("next", next_text, self.next, True)])
        self.default_key = "next"

    def change(self) -> None:
        """Open the agreement on this measure again (the ratings stay as they were)."""
        self.session.reopen(self.measure_id)
        self.run.save()
        self.app.switch(route(self.app, self.run))

    def next(self) -> None:
        """The next measure's first participant, or the plan profile after the last."""
        if not self.working:
            self.app.switch(route(self.app, self.run))

    def open_plan(self) -> None:
        """The plan profile so far."""
        if not self.working:
            self.app.switch(WsPlanScene(self.app, self.run))

    def back_target(self) -> Scene:
        """Esc: on to where the session is (this measure is already recorded)."""
        return route(self.app, self.run)

    def view_name(self) -> str:
        """One screenshot per measure (and one once the chart is drawn)."""
        return f"ws-measure-{self.measure_id}{'-busy' if self.working else ''}"

    def info(self) -> dict[str, object]:
        """Which measure's profile is shown."""
        return {"scene": self.name, "measure": self.measure_id, "busy": self.working}


class WsPlanScene(ChartMixin):
    """The plan as a whole: chart, served and harmed, most divided, the model's view, report."""

    name = "ws_plan"

    def __init__(self, app: App, run: WsRun) -> None:
        super().__init__(app, run)
        self.written: list[Path] = []
        self.problem: str | None = None
        #: On a narrow window: "chart" or "summary" (both side by side when wide).
        self.page = "chart"
        #: "Sessie afsluiten" was pressed once while measures are still open.
        self.confirm_end = False

    # ---------------------------------------------------------------- content
    def _summary_html(self) -> str:
        session, lang = self.session, self.lang
        title = text_in(session.plan.title, lang)
        closed = [m for m in session.measures if session.closed(m.id)]
        parts = [f"<b>{escape(title)}</b><br>" + escape(self.t(
            "ws.closed_count", done=len(closed), total=len(session.measures)))]
        if self.busy_text:
            parts.insert(0, f"<b>{escape(self.busy_text)}</b>")
        if self.written:
            parts.append(f"<b>{escape(self.t('ws.report_written'))}</b> "
                         + escape(", ".join(p.name for p in self.written)) + "<br>"
                         + escape(self.t("debrief_report_folder",
                                         folder=str(self.written[0].parent))))
        if self.problem:
            parts.append(escape(self.t("ws.report_failed", reason=self.problem)))
        if not closed:
            parts.append(escape(self.t("ws.nothing_closed")))
            return "<br><br>".join(parts)
        profile = plan_profile(session)
        served = [p for p in profile if p.served]
        harmed = [p for p in profile if p.harmed]
        parts.append(f"<b>{escape(self.t('ws.served'))}</b><br>" + (escape(", ".join(
            f"{text_in(p.dimension.name, lang)} ({p.total:+d})" for p in served))
            or escape(self.t("ws.none"))))
        parts.append(f"<b>{escape(self.t('ws.harmed'))}</b><br>" + (escape(", ".join(
            f"{text_in(p.dimension.name, lang)} ({p.total:+d})" for p in harmed))
            or escape(self.t("ws.none"))))
        divisions = most_divided(session, 5)
        if divisions:
            lines = [escape(self.t("ws.division", measure=text_in(d.measure.title, lang),
                                   dimension=text_in(d.dimension.name, lang),
                                   low=symbol(d.aggregate.low), high=symbol(d.aggregate.high)))
                     for d in divisions]
            parts.append(f"<b>{escape(self.t('ws.most_divided'))}</b><br>" + "<br>".join(lines))
        contrasts = self.contrast_lines()
        if contrasts:
            parts.append(f"<b>{escape(self.t('ws.model_heading'))}</b><br>"
                         + "<br>".join(escape(line) for line in contrasts))
        return "<br><br>".join(parts)

    def contrasts(self) -> list[Contrast] | None:
        """The model's view beside the team's (plans from a scenario's cards only); computed
        once per state of the session and kept on the run."""
        session = self.session
        if not any(m.card for m in session.measures):
            return None
        token = session_token(self.run)
        cache = self.run.contrasts
        if cache is not None and cache[0] == token:
            return list(cache[1])
        from morgenmaken.scenario.library import load_current as load
        from morgenmaken.scenario.library import resolve
        from morgenmaken.werksessie.model import model_contrasts
        try:
            scenario = load(resolve(session.plan.scenario))
            found = list(model_contrasts(session, scenario))
        except Exception as error:  # the comparison is extra: never stop the session for it
            log.warning("the model comparison failed: %s", error)
            found = []
        self.run.contrasts = (token, found)
        return found

    def contrast_lines(self) -> list[str]:
        """'Dorpswinkels — Samenleving: jullie verwachtten +, het model …' per contrast."""
        from morgenmaken.werksessie.model import contrast_text
        found = self.contrasts() or []
        session, lang = self.session, self.lang
        lines = []
        for contrast in found:
            measure = session.plan.measure(contrast.measure_id)
            dimension = session.dimension(contrast.dimension_id)
            lines.append(f"{text_in(measure.title, lang)} — {text_in(dimension.name, lang)}: "
                         f"{contrast_text(contrast, lang)}")
        return lines

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        """Chart on the left, the summary on the right, actions along the bottom."""
        from morgenmaken.report.werksessie_charts import plan_chart
        lay = self.layout
        m = lay.margin
        session = self.session
        y = self.heading(self.t("ws.plan_heading", title=text_in(session.plan.title,
                                                                 self.lang)))
        bottom = lay.height - m - lay.row - lay.gap
        side = round((lay.width - 2 * m) * 0.3)
        # The chart needs about forty units across for its two panels and legend; a narrower
        # window shows chart and summary one at a time, switched by a button.
        narrow = lay.width - 2 * m - side - lay.gap < lay.u(40)
        if narrow:
            chart_area = text_area = pygame.Rect(m, y, lay.width - 2 * m, bottom - y)
        else:
            chart_area = pygame.Rect(m, y, lay.width - 2 * m - side - lay.gap, bottom - y)
            text_area = pygame.Rect(chart_area.right + lay.gap, y, side, bottom - y)
        if not narrow or self.page == "chart":
            if any(session.closed(mm.id) for mm in session.measures):
                session_, lang = session, self.lang
                self.chart(chart_area, "plan", lambda: plan_chart(session_, lang))
            else:
                self.text_box(chart_area, escape(self.t("ws.nothing_closed")))
        if not narrow or self.page == "summary":
            self.text_box(text_area, self._summary_html())
        back_text = self.t("ws.menu") if session.finished() else self.t("ws.continue")
        buttons: list[tuple[str, str, Callable[[], None] | None, bool]] = [
            ("back", back_text, self.back, False)]
        if narrow:
            other = "summary" if self.page == "chart" else "chart"
            buttons.append(("page", self.t(f"ws.show_{other}"), self.flip, False))
        buttons += [("report", self.t("ws.make_report"), self.make_report, True),
                    ("end", self.t("ws.end_confirm" if self.confirm_end else "ws.end_session"),
                     self.end_session, False)]
        self.bottom_buttons(buttons)
        self.default_key = "report"

    # ---------------------------------------------------------------- actions
    def make_report(self) -> None:
        """Write the report after a frame saying it is being made."""
        if self.working:
            return
        self.problem = None
        self.written = []
        self.page = "summary"  # where the written files will be named
        self.run_busy(self.t("busy_report"), self._write)

    def flip(self) -> None:
        """Narrow windows: chart <-> summary."""
        if not self.working:
            self.page = "summary" if self.page == "chart" else "chart"
            self.rebuild()

    def _write(self) -> None:
        from morgenmaken.report.werksessie import write_session_report
        from morgenmaken.ui.scenes.debrief import reports_folder
        contrasts = self.contrasts()
        try:
            self.written = list(write_session_report(self.session, reports_folder(), self.lang,
                                                     contrasts=contrasts,
                                                     stem=report_stem(self.run)))
        except OSError as error:
            log.warning("the werksessie report could not be written: %s", error)
            self.problem = error.strerror or str(error)
        except Exception as error:  # the session is saved; a failed report must not end it
            log.exception("the werksessie report failed")
            self.problem = str(error) or type(error).__name__

    def end_session(self) -> None:
        """The team is done: the session is kept in ``finished/`` and the menu returns
        (asked twice while measures are still open)."""
        if self.working:
            return
        if not self.session.finished() and not self.confirm_end:
            self.confirm_end = True  # measures are still open: a mis-click must not end it
            self.rebuild()
            self.app.set_focus("end")
            return
        self.run.save()
        self.run.finish()
        self.run.store.archive()
        from morgenmaken.ui.scenes.title import TitleScene
        self.app.switch(TitleScene(self.app))

    def back_target(self) -> Scene:
        """Back to where the session is, or the menu when every measure is closed."""
        if self.session.finished():
            from morgenmaken.ui.scenes.title import TitleScene
            return TitleScene(self.app)
        return route(self.app, self.run)

    def view_name(self) -> str:
        """One screenshot per state of the page."""
        state = "busy" if self.working else "report" if self.written else "plain"
        return f"ws-plan-{state}-{self.page}"

    def info(self) -> dict[str, object]:
        """What is shown and which report files were written."""
        return {"scene": self.name, "busy": self.working,
                "report": [str(p) for p in self.written], "problem": self.problem,
                "contrasts": self.contrast_lines()}
