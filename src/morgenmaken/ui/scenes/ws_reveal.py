"""The reveal: once everyone has rated, every rating side by side, and where the team differs.

A table of dimensions × participants with the symbols (−− … ++, ?), the median and the spread.
Rows far apart come first under "Eerst bespreken", each with a marker *and* a word — "ver
uiteen" where some expect harm and others good, "verdeeld" where the spread is two steps or
more — so the talk starts where it matters and colour is never the only sign.
"""

from __future__ import annotations

from html import escape

import pygame

from morgenmaken.ui.fonts import font
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import WsScene, text_in
from morgenmaken.werksessie import notation
from morgenmaken.werksessie.aggregate import Aggregate, symbol
from morgenmaken.werksessie.plan import Dimension


def median_text(agg: Aggregate) -> str:
    """The median in the one notation of screen, phones and report."""
    return notation.median_text(agg)


def marker(agg: Aggregate, lang: str) -> str:
    """'‼ verdeeld' (both − and +), '‼ ver uiteen' (two steps or more) or '': a sign and a
    word, so the highlight never rests on colour alone."""
    return notation.mark(agg, lang)


def ordered(rows: list[tuple[Dimension, Aggregate]]
            ) -> tuple[list[tuple[Dimension, Aggregate]], list[tuple[Dimension, Aggregate]]]:
    """Rows to discuss first (far apart first, then by spread), and the rest in plan order."""
    hot = [r for r in rows if r[1].disagreement]
    hot.sort(key=lambda r: (not r[1].divided, -(r[1].spread or 0)))
    return hot, [r for r in rows if not r[1].disagreement]


class WsRevealScene(WsScene):
    """Everyone's ratings of the current measure, the divided rows first."""

    name = "ws_reveal"

    def build(self) -> None:
        """Heading, the table (scrolls when tall), and the way on to agreeing."""
        lay = self.layout
        m = lay.margin
        session = self.session
        measure = session.current()
        assert measure is not None
        y = self.heading(self.measure_header())
        rows = [(d, session.aggregate(measure.id, d.id)) for d in session.dimensions]
        hot, rest = ordered(rows)
        self.label(pygame.Rect(m, y, lay.width - 2 * m, lay.line),
                   fit_text(self.t("ws.reveal_intro", count=len(hot)), lay.width - 2 * m,
                            lay.body), object_id="dim")
        y += lay.line + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        self._table(pygame.Rect(m, y, lay.width - 2 * m, bottom - y), hot, rest)
        self.bottom_buttons([("back", self.t("ws.to_menu"), self.back, False),
                             ("plan", self.t("ws.plan_profile"), self.open_plan, False),
                             ("agree", self.t("ws.to_agree"), self.agree, True)])
        self.default_key = "agree"

    def _table(self, area: pygame.Rect, hot: list[tuple[Dimension, Aggregate]],
               rest: list[tuple[Dimension, Aggregate]]) -> None:
        """The table; with many participants (or long names) the columns are numbered and a
        key above names them, and the row markers shrink to their signs (the section title
        says what they mean), so the dimension names keep room to be read."""
        lay = self.layout
        session = self.session
        measure = session.current()
        assert measure is not None
        people = session.raters(measure.id)
        bold = font(lay.body, True)
        pad = lay.u(0.6) + lay.u(0.3) + 4  # room between columns, as cell() leaves it
        inner = area.width - self.scrollbar_width() - lay.gap
        full_mark = max(bold.size(text)[0] for text in (
            "!! " + self.t("ws.mark_split"), "! " + self.t("ws.mark_apart"))) + pad
        widest = self.t("wsreport.spread_value", low="−−", high="++")
        full_stat = max(bold.size(text)[0] for text in (
            self.t("ws.median"), self.t("ws.spread"), widest)) + pad
        wanted = min(max(bold.size(p)[0] for p in people) + pad, lay.u(8))
        compact = inner - full_mark - 2 * full_stat - wanted * len(people) < inner * 0.3
        if compact:
            key = " · ".join(f"{i} {person}" for i, person in enumerate(people, start=1))
            box_key = self.text_box(pygame.Rect(area.x, area.y, area.width, -1),
                                    escape(self.t("ws.columns", names=key)), object_id="plain")
            area = pygame.Rect(area.x, box_key.rect.bottom + lay.gap, area.width,
                               area.bottom - box_key.rect.bottom - lay.gap)
            headers = [str(i) for i in range(1, len(people) + 1)]
            median_head, spread_head = self.t("ws.median_short"), self.t("ws.spread_short")
            mark_w = bold.size("!!")[0] + pad
            stat_w = max(bold.size(text)[0] for text in (median_head, spread_head,
                                                         widest)) + pad
            cell_w = max(bold.size(text)[0] for text in ("−−", "++", headers[-1])) + pad
        else:
            headers = list(people)
            median_head, spread_head = self.t("ws.median"), self.t("ws.spread")
            mark_w, stat_w, cell_w = full_mark, full_stat, wanted
        sections = [(self.t("ws.discuss_first"), hot), (self.t("ws.agree_enough"), rest)]
        sections = [(title, rows) for title, rows in sections if rows]
        row_h = lay.line
        height = lay.line + sum(lay.line + len(rows) * row_h for _, rows in sections)
        box = self.scroller(area, height)
        name_w = inner - mark_w - 2 * stat_w - cell_w * len(people)
        xs = [name_w + i * cell_w for i in range(len(people))]
        x_med = name_w + len(people) * cell_w
        x_spread = x_med + stat_w
        x_mark = x_spread + stat_w
        gap = lay.u(0.3)

        def cell(x: int, yy: int, w: int, text: str, object_id: str | None = None) -> None:
            heavy = object_id in ("strong", "heading")
            self.label(pygame.Rect(x, yy, w - gap, row_h), fit_text(text, w - gap - 4,
                                                                     lay.body, heavy),
                       object_id=object_id, container=box)

        y = 0
        cell(0, y, name_w, self.t("ws.dimension"), "dim")
        for x, head in zip(xs, headers, strict=True):
            cell(x, y, cell_w, head, "dim")
        cell(x_med, y, stat_w, median_head, "dim")
        cell(x_spread, y, stat_w, spread_head, "dim")
        y += lay.line
        for title, rows in sections:
            cell(0, y, inner, title, "strong")
            y += lay.line
            for dimension, agg in rows:
                given = session.ratings_of(measure.id, dimension.id)
                far = agg.disagreement
                style = "strong" if far else None
                cell(0, y, name_w, text_in(dimension.name, self.lang), style)
                for x, person in zip(xs, people, strict=True):
                    cell(x, y, cell_w, symbol(given[person]), style)
                cell(x_med, y, stat_w, median_text(agg), style)
                cell(x_spread, y, stat_w, notation.spread_text(agg, self.lang), style)
                if far:
                    text = marker(agg, self.lang)
                    cell(x_mark, y, inner - x_mark, text.split()[0] if compact else text,
                         "strong")
                y += row_h

    def agree(self) -> None:
        """Open the agreement, each dimension starting at the median (autosaved)."""
        measure = self.session.current()
        assert measure is not None
        self.session.start_agreement(measure.id)
        self.run.save()
        from morgenmaken.ui.scenes.ws_agree import WsAgreeScene
        self.app.switch(WsAgreeScene(self.app, self.run))

    def open_plan(self) -> None:
        """The plan profile so far (and back here from it)."""
        from morgenmaken.ui.scenes.ws_plan import WsPlanScene
        self.app.switch(WsPlanScene(self.app, self.run))

    def view_name(self) -> str:
        """One screenshot per measure."""
        measure = self.session.current()
        return f"ws-reveal-{measure.id if measure else ''}"

    def info(self) -> dict[str, object]:
        """The measure and the rows to discuss first."""
        measure = self.session.current()
        assert measure is not None
        rows = [(d, self.session.aggregate(measure.id, d.id)) for d in self.session.dimensions]
        hot, _ = ordered(rows)
        return {"scene": self.name, "measure": measure.id,
                "discuss": [d.id for d, _ in hot]}
