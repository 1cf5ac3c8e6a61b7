"""Results of a LAB event: every table's game from one folder, side by side.

The facilitator collects the saves of all tables in a folder (by default the finished games on
this machine), types or keeps its path, and sees a table of teams with score, result, how the
game ended and the weakest theme, and the teams' final profiles in one chart. A file that cannot
be read is listed with its problem instead of hiding the other tables. "Vergelijking maken"
writes the comparison sheet (PDF and HTML) for handing out.
"""

from __future__ import annotations

import logging
import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from morgenmaken.report import common
from morgenmaken.report.debrief import Debrief, build_debrief
from morgenmaken.storage import home
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.debrief import placeholder_rect, reports_folder
from morgenmaken.ui.scenes.review import (
    ReviewScene,
    chart_cached,
    chart_dpi,
    chart_surface,
)

if TYPE_CHECKING:
    from morgenmaken.ui.app import App

log = logging.getLogger(__name__)


def default_folder() -> Path:
    """Where finished games end up on this machine (the end screen archives them there)."""
    return home() / "saves" / "finished"


class ResultsScene(ReviewScene):
    """A folder of saves -> a table of teams, the teams chart and the comparison sheet."""

    name = "results"

    def __init__(self, app: App, folder: Path | None = None) -> None:
        super().__init__(app)
        self.folder = folder or default_folder()
        self.debriefs: list[Debrief] = []
        #: The save file of each debrief, so a facilitator can tell which table is which.
        self.files: list[Path] = []
        self.problems: list[str] = []
        self.loaded_from: Path | None = None
        self.written: list[Path] = []
        self.write_problem: str | None = None

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        """Folder entry and buttons on top, the table left, the chart right."""
        lay = self.layout
        m = lay.margin
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)), self.t("results_heading"),
                   object_id="heading")
        y = m + lay.u(2.2)
        load_width = lay.u(9)
        entry = self.entry("folder", pygame.Rect(m, y, lay.width - 2 * m - load_width - lay.gap,
                                                 lay.row), str(self.folder),
                           placeholder=self.t("results_folder_placeholder"))
        entry.set_text_length_limit(1000)
        self.button("load", pygame.Rect(lay.width - m - load_width, y, load_width, lay.row),
                    self.t("results_load"), self.load, enabled=not self.working)
        y += lay.row + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        area = pygame.Rect(m, y, lay.width - 2 * m, bottom - y)
        if self.loaded_from is None and not self.working:
            self.run_busy(self.t("busy_loading"), self._load, rebuild=False)
        if self.busy_text or not self.debriefs:
            self.text_box(area, self._table_html())
        else:
            left = round(area.width * 0.42)
            self.text_box(pygame.Rect(area.x, area.y, left, area.height), self._table_html())
            self._chart(pygame.Rect(area.x + left + lay.gap, area.y,
                                    area.width - left - lay.gap, area.height))
        half = (lay.width - 2 * m - lay.gap) // 2
        row_y = lay.height - m - lay.row
        self.button("back", pygame.Rect(m, row_y, half, lay.row), self.t("to_title"), self.back,
                    enabled=not self.working)
        self.button("compare", pygame.Rect(m + half + lay.gap, row_y, half, lay.row),
                    self.t("results_write"), self.write, object_id="primary",
                    enabled=not self.working and bool(self.debriefs))
        self.default_key = "compare" if self.debriefs else "folder"

    def _table_html(self) -> str:
        """The teams as lines a room can read (a grid of columns would not fit 1024 px)."""
        if self.busy_text:
            return f"<b>{escape(self.busy_text)}</b>"
        parts: list[str] = []
        if self.written:
            parts.append(escape(self.t("results_written",
                                       files=", ".join(p.name for p in self.written),
                                       folder=str(self.written[0].parent))) + "<br><br>")
        if self.write_problem:
            parts.append(escape(self.t("debrief_report_failed", reason=self.write_problem))
                         + "<br><br>")
        if self.debriefs:
            scenarios = {d.scenario_id for d in self.debriefs}
            if len(scenarios) > 1:
                parts.append(escape(self.t("compare.mixed_scenarios",
                                           scenarios=", ".join(sorted(scenarios))))
                             + "<br><br>")
            parts.append(f"<b>{escape(self.t('results_count', count=len(self.debriefs)))}</b>")
            parts.append(self._problems_html())
            for row, path in zip(common.team_rows(self.debriefs), self.files, strict=True):
                parts.append(f"<br><br><b>{escape(row.team)}</b> ({escape(path.name)}): "
                             f"{escape(row.score)} — "
                             f"{escape(row.verdict)}<br>{escape(row.outcome)}"
                             f"<br>{escape(self.t('compare.col.weakest'))}: "
                             f"{escape(row.weakest)}")
        elif self.loaded_from is not None:
            parts.append(escape(self.t("results_none", folder=str(self.loaded_from))))
            parts.append(self._problems_html())
        return "".join(parts)

    def _problems_html(self) -> str:
        """The files that could not be read, right under the count, so a facilitator sees
        at once that a table is missing (and why) before reading the teams. Names are given
        inside the folder read, which the entry above already shows in full."""
        if not self.problems:
            return ""
        prefix = f"{self.loaded_from}{os.sep}" if self.loaded_from is not None else None
        lines = "".join(f"<br>• {escape(problem.replace(prefix, '') if prefix else problem)}"
                        for problem in self.problems)
        return f"<br><br><b>{escape(self.t('results_problems'))}</b>{lines}"

    def _chart(self, area: pygame.Rect) -> None:
        from morgenmaken.report.charts import teams_chart
        dpi = chart_dpi(self.layout.unit)
        names = [common.team_label(d, i) for i, d in enumerate(self.debriefs, start=1)]
        key = ("results", str(self.loaded_from), self.lang, tuple(names),
               tuple(round(d.score, 3) for d in self.debriefs), area.size, dpi)
        teams = list(zip(names, self.debriefs, strict=True))

        def make() -> object:
            return teams_chart(teams)

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
    def load(self) -> None:
        """Read the folder in the entry (after a "bezig…" frame: replaying games takes time)."""
        if self.working:
            return
        entry = self.keys.get("folder")
        text = entry.get_text().strip() if entry is not None else ""  # type: ignore[attr-defined]
        self.folder = Path(text).expanduser() if text else default_folder()
        self.written, self.write_problem = [], None
        self.run_busy(self.t("busy_loading"), self._load)

    def _load(self) -> None:
        from morgenmaken.report.commands import load_folder
        games, problems = load_folder(self.folder, self.lang)
        self.debriefs = [build_debrief(state, self.lang) for _, state in games]
        self.files = [path for path, _ in games]
        self.problems = problems
        self.loaded_from = self.folder

    def write(self) -> None:
        """Write the comparison sheet (PDF and HTML) into the reports folder."""
        if self.working or not self.debriefs:
            return
        self.written, self.write_problem = [], None
        self.run_busy(self.t("busy_report"), self._write)

    def _write(self) -> None:
        from morgenmaken.report.commands import write_comparison
        stem = "vergelijking" if self.lang == "nl" else "comparison"
        try:
            self.written = write_comparison(self.debriefs, reports_folder(), stem)
        except OSError as error:
            log.warning("the comparison could not be written: %s", error)
            self.write_problem = error.strerror or str(error)

    def back_target(self) -> Scene:
        """The title screen."""
        from morgenmaken.ui.scenes.title import TitleScene
        return TitleScene(self.app)

    def view_name(self) -> str:
        """Screenshots before and after loading."""
        return "results-loaded" if self.debriefs else "results"

    def info(self) -> dict[str, object]:
        """The teams and problems found."""
        return {"scene": self.name, "folder": str(self.folder),
                "teams": [common.team_label(d, i) for i, d in enumerate(self.debriefs, 1)],
                "problems": list(self.problems), "written": [str(p) for p in self.written]}
