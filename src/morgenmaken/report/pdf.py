"""The debrief and the comparison of teams as a PDF to hand out, with fpdf2.

fpdf2 is pure Python (no system libraries, so it installs on every trainer's laptop and in CI),
is maintained, embeds TrueType fonts with subsetting, and has tables that wrap text and repeat
their headings over page breaks. The bundled Noto Sans carries the Dutch characters (ë, é, €,
CO₂); DejaVu Sans, which ships with matplotlib, is the fallback for anything Noto lacks, so a
player's name in another script still prints instead of failing.

Charts are the very PNGs the HTML embeds and the window shows: each is drawn once
(:func:`morgenmaken.report.charts.drawn`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.image_parsing import SETTINGS as IMAGE_SETTINGS
from matplotlib.figure import Figure

from morgenmaken.i18n import t
from morgenmaken.report import charts
from morgenmaken.report.common import (
    adopted_item,
    amount,
    goals_line,
    headline,
    impact_effects,
    impact_title,
    later_lines,
    left_behind_lines,
    number,
    part_rows,
    roles_line,
    shorten,
    team_name,
    team_rows,
    unspent_line,
    verdict,
    whatif_lines,
)
from morgenmaken.report.debrief import Comparison, Debrief

FONT = "noto"
FALLBACK = "dejavu"
INK = (17, 17, 17)
DIM = (68, 68, 68)
ACCENT = (0, 114, 178)  # Okabe–Ito blue
WON = (0, 158, 115)
LOST = (213, 94, 0)
HEAD_FILL = (232, 238, 244)
BAND_FILL = (243, 243, 243)
BODY = 10.5


def _fallback_font() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@cache
def _noto_characters() -> frozenset[int]:
    """The code points the bundled Noto Sans has (read once)."""
    with TTFont(str(charts.font_path("NotoSans-Regular.ttf")), lazy=True) as font:
        return frozenset(font.getBestCmap())


def needs_fallback(texts: Iterable[str]) -> bool:
    """Whether any of `texts` has a character Noto Sans lacks.

    Loading DejaVu Sans as the fallback costs more than the rest of a PDF, so it is loaded
    only for a name in another script (or a symbol Noto does not have).
    """
    known = _noto_characters()
    return any(ord(c) not in known for text in texts for c in text if not c.isspace())


def _debrief_texts(debrief: Debrief) -> Iterator[str]:
    """Every text a debrief PDF can print that players or authors wrote."""
    yield from (debrief.team, debrief.scenario_title, debrief.region, debrief.outcome_text)
    yield from debrief.players
    for role, player in debrief.roles:
        yield role
        yield player
    for record in debrief.rounds:
        yield from (e.title for e in record.events)
        yield from (p.title for p in record.proposals)
    for group in debrief.profile:
        yield group.label
        for v in group.variables:
            yield v.name
            yield v.reading_end
    yield from debrief.questions
    yield from (s.label for s in debrief.coming.sources)
    yield from debrief.goals_met
    story = debrief.story
    yield from (p.name for p in story.parts)
    if story.left_behind is not None:
        yield from (cause for cause, _ in story.left_behind.causes)
        yield from (name for name, _ in story.left_behind.others)


class ReportPDF(FPDF):
    """A4 portrait with the bundled fonts, a running footer and a few layout helpers."""

    def __init__(self, lang: str, footer_text: str, fallback: bool = True) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.footer_text = footer_text
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(charts.font_path("NotoSans-Regular.ttf")))
        self.add_font(FONT, "B", str(charts.font_path("NotoSans-Bold.ttf")))
        path = _fallback_font()
        if fallback and path.exists():
            self.add_font(FALLBACK, "", str(path))
            self.add_font(FALLBACK, "B", str(path))
            self.set_fallback_fonts([FALLBACK], exact_match=False)
        self.set_font(FONT, size=BODY)
        self.set_text_color(*INK)
        self.set_creator("Morgen maken we nu!")
        self.set_lang(lang)

    def footer(self) -> None:
        """Scenario and page number on every page, so loose sheets find their place."""
        self.set_y(-12)
        self.set_font(FONT, size=8.5)
        self.set_text_color(*DIM)
        self.cell(self.epw * 0.75, 5, shorten(self.footer_text, 110), align=Align.L)
        self.cell(self.epw * 0.25, 5, t("report.page", self.lang, page=self.page_no(),
                                        pages="{nb}"), align=Align.R)
        self.set_text_color(*INK)

    # ------------------------------------------------------------------ helpers
    def room(self) -> float:
        """Millimetres left on this page above the bottom margin."""
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (keeps headings with content)."""
        if self.room() < height:
            self.add_page()

    def heading(self, text: str, level: int = 1) -> None:
        """A section heading (level 1 starts a new page and goes into the PDF outline)."""
        if level == 1:
            if self.get_y() > self.t_margin + 1 and self.room() < 110:
                self.add_page()
            elif self.get_y() > self.t_margin + 1:
                self.ln(4)
            self.start_section(shorten(text, 80))
            self.set_font(FONT, "B", 19)
            self.multi_cell(0, 9, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(*ACCENT)
            self.set_line_width(0.9)
            self.line(self.l_margin, self.get_y() + 1, self.l_margin + self.epw, self.get_y() + 1)
            self.ln(4)
        else:
            self.keep(30)
            self.ln(2)
            self.set_font(FONT, "B", 13.5)
            self.multi_cell(0, 7, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(1)
        self.set_font(FONT, size=BODY)

    def paragraph(self, text: str, size: float = BODY, bold: bool = False,
                  colour: tuple[int, int, int] = INK, after: float = 2.5) -> None:
        """Running text, wrapped to the page width."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_font(FONT, size=BODY)
        self.ln(after)

    def figure(self, figure: Figure, title: str | None = None, shrink: float = 0.6) -> None:
        """A chart at full width (drawn here once; see :meth:`png`)."""
        self.png(charts.png(figure), title, shrink)

    def png(self, png: bytes, title: str | None = None, shrink: float = 0.6) -> None:
        """A drawn chart at full width, with an optional level-2 title kept on the same page.

        A chart that does not fit in the room left is shrunk down to `shrink` of its width
        rather than leaving a page half empty; below that it moves to a new page (and is
        shrunk to the page if it is taller than a whole page).
        """
        width_px, height_px = charts.png_size(png)
        title_height = 12.0 if title else 0.0
        width = self.epw
        height = width * height_px / width_px
        page_room = self.page_break_trigger - self.t_margin - title_height
        if height > page_room:
            width, height = width * page_room / height, page_room
        room = self.room() - title_height - 2
        if height > room:
            if room >= height * shrink:
                width, height = width * room / height, room
            else:
                self.add_page()
        if title:
            self.heading(title, level=2)
        x = self.l_margin + (self.epw - width) / 2
        level = IMAGE_SETTINGS.compression_level
        IMAGE_SETTINGS.compression_level = 1  # fpdf recompresses the pixels: fast over small
        try:
            self.image(io.BytesIO(png), x=x, y=self.get_y(), w=width, h=height)
        finally:
            IMAGE_SETTINGS.compression_level = level
        self.set_y(self.get_y() + height + 3)

    def table_rows(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                   widths: Sequence[float], numeric: Sequence[int] = (),
                   bold_first: bool = False, size: float = BODY - 1,
                   centred: Sequence[int] = (), bold: Sequence[int] = (),
                   after: float = 3) -> None:
        """A table that wraps its cells and repeats its headings on a new page.

        `numeric` columns are right-aligned, `centred` ones centred (symbols such as ++), and
        `bold` ones set in bold (with `bold_first`, the first column too).
        """
        self.set_font(FONT, size=size)
        self.set_draw_color(190, 190, 190)
        self.set_line_width(0.2)
        scale = self.epw / sum(widths)
        columns = [w * scale for w in widths]
        if self._one_line(headings, rows, columns, size, bold_first, bold):
            self._plain_table(headings, rows, columns, numeric, bold_first, size, centred,
                              bold)
            self.set_font(FONT, size=BODY)
            self.ln(after)
            return
        aligns = ["RIGHT" if i in numeric else "CENTER" if i in centred else "LEFT"
                  for i in range(len(headings))]
        with self.table(col_widths=tuple(widths), width=self.epw, text_align=tuple(aligns),
                        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
                        cell_fill_color=BAND_FILL, cell_fill_mode=TableCellFillMode.ROWS,
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
                        line_height=size * 0.52, padding=(1.2, 1.5), v_align="TOP",
                        repeat_headings=1) as table:
            head = table.row()
            for text in headings:
                head.cell(text)
            for values in rows:
                row = table.row()
                for i, text in enumerate(values):
                    strong = (bold_first and i == 0) or i in bold
                    style = FontFace(emphasis="BOLD") if strong else None
                    row.cell(text, style=style)
        self.set_font(FONT, size=BODY)
        self.ln(after)


    #: Padding inside a table cell (mm): horizontal, vertical.
    PAD = (1.5, 1.2)

    def needed_widths(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                      size: float, bold: Sequence[int] = ()) -> list[float]:
        """Per column, the width (mm) its longest text needs on one line (headings bold)."""
        widths = []
        for i, heading in enumerate(headings):
            self.set_font(FONT, "B", size)
            need = self.get_string_width(heading)
            self.set_font(FONT, "B" if i in bold else "", size)
            for values in rows:
                need = max(need, self.get_string_width(values[i]))
            widths.append(need + 2 * self.PAD[0] + 0.6)
        self.set_font(FONT, size=BODY)
        return widths

    def fitted_widths(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                      size: float, flexible: int = 0,
                      bold: Sequence[int] = ()) -> tuple[list[float], bool]:
        """Column widths where every column but `flexible` is as wide as its texts need and
        `flexible` takes the rest; and whether that column's texts fit it on one line too.

        Widths fixed by hand broke "Mediaan" into "Mediaa n" once the participants took
        their room; measured, no heading is broken inside a word.
        """
        need = self.needed_widths(headings, rows, size, bold)
        others = sum(w for i, w in enumerate(need) if i != flexible)
        widths = list(need)
        widths[flexible] = max(self.epw - others, 0.0)
        return widths, others + need[flexible] <= self.epw

    def _one_line(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                  columns: Sequence[float], size: float, bold_first: bool,
                  bold: Sequence[int]) -> bool:
        """Whether every cell fits on one line of its column (then no line breaking)."""
        room = [w - 2 * self.PAD[0] - 0.2 for w in columns]
        self.set_font(FONT, "B", size)
        if any("\n" in h or self.get_string_width(h) > r
               for h, r in zip(headings, room, strict=True)):
            return False
        for values in rows:
            for i, text in enumerate(values):
                strong = (bold_first and i == 0) or i in bold
                self.set_font(FONT, "B" if strong else "", size)
                if "\n" in text or self.get_string_width(text) > room[i]:
                    return False
        return True

    def _plain_table(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                     columns: Sequence[float], numeric: Sequence[int], bold_first: bool,
                     size: float, centred: Sequence[int], bold: Sequence[int]) -> None:
        """A table of one-line cells drawn cell by cell, looking like fpdf's table.

        fpdf's table breaks every cell's text into lines twice (to measure the row, then to
        draw it): for a werksessie's rating tables, a thousand cells of "++" and "0", that was
        a third of the report's time. Headings repeat after a page break, as there.
        """
        height = size * 0.52 + 2 * self.PAD[1]
        aligns = [Align.R if i in numeric else Align.C if i in centred else Align.L
                  for i in range(len(columns))]
        saved_margin = self.c_margin
        self.c_margin = self.PAD[0]

        def line_under() -> None:
            y = self.get_y()
            self.line(self.l_margin, y, self.l_margin + sum(columns), y)

        def head() -> None:
            self.set_font(FONT, "B", size)
            self.set_fill_color(*HEAD_FILL)
            for text, width, align in zip(headings, columns, aligns, strict=True):
                self.cell(width, height, text, align=align, fill=True)
            self.ln(height)
            line_under()

        head()
        for number_, values in enumerate(rows):
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                head()
            fill = number_ % 2 == 0
            self.set_fill_color(*BAND_FILL)
            for i, (text, width, align) in enumerate(zip(values, columns, aligns,
                                                         strict=True)):
                strong = (bold_first and i == 0) or i in bold
                self.set_font(FONT, "B" if strong else "", size)
                self.cell(width, height, text, align=align, fill=fill)
            self.ln(height)
            line_under()
        self.c_margin = saved_margin


# ---------------------------------------------------------------------------- the debrief
def _story(pdf: ReportPDF, debrief: Debrief, scale: float = 1.0) -> None:
    """Page one: the story a trainer runs the debrief from (it must fit this one page).

    Every size and space is times `scale`: :func:`_story_scale` finds the largest that
    keeps a long story (a collapse, many groups behind) on its page, since a heading left at
    the foot of page one with its line on page two reads as a story cut short."""
    z = scale
    lang = debrief.lang
    story = debrief.story
    pdf.add_page()
    pdf.start_section(shorten(t("story.title", lang), 80))
    pdf.paragraph(f"{t('report.title', lang)} · {debrief.scenario_title} · "
                  + t("report.period", lang, region=debrief.region, start=debrief.start_year,
                      end=debrief.end_year, played=debrief.rounds_played,
                      total=debrief.rounds_total), size=9.5 * z, colour=DIM, after=0.5 * z)
    if debrief.replayed_on_changed:
        pdf.paragraph(t("report.replayed_on_changed", lang), size=9.5 * z, after=0.5 * z)
    pdf.set_font(FONT, "B", 20 * z)
    pdf.multi_cell(0, 9 * z, team_name(debrief), align=Align.L, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.paragraph(roles_line(debrief), size=9 * z, colour=DIM, after=2 * z)
    # the result, in a framed box whose colour only repeats the words
    top = pdf.get_y()
    pdf.set_x(pdf.l_margin + 4)
    pdf.set_font(FONT, "B", 16 * z)
    pdf.cell(0, 9 * z, verdict(debrief), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    lines = [headline(debrief)]
    if debrief.collapsed:
        lines.append(t("story.collapsed", lang, reason=debrief.outcome_text))
    lines.append(goals_line(debrief))
    pdf.set_font(FONT, size=10.5 * z)
    for line in lines:
        pdf.set_x(pdf.l_margin + 4)
        pdf.multi_cell(pdf.epw - 8, 5.2 * z, line, align=Align.L, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    bottom = pdf.get_y() + 2
    pdf.set_draw_color(*(WON if debrief.won else LOST))
    pdf.set_line_width(1.0)
    pdf.rect(pdf.l_margin, top - 1.5, pdf.epw, bottom - top + 1.5)
    pdf.set_y(bottom + 2.5 * z)
    _story_heading(pdf, t("story.parts", lang), z)
    pdf.table_rows([t("story.col.part", lang), t("story.col.value", lang),
                    t("story.col.weight", lang), t("story.col.points", lang),
                    t("story.col.needed", lang), t("story.col.verdict", lang)],
                   part_rows(debrief), (72, 18, 20, 20, 20, 24), numeric=(1, 2, 3, 4),
                   size=9 * z, after=0.5 * z)
    pdf.paragraph(t("story.parts_intro", lang,
                    threshold=number(debrief.win_threshold, 0, lang)),
                  size=8.5 * z, colour=DIM, after=1.5 * z)
    for key, chosen, empty in (("story.helped", story.helped, "story.none_helped"),
                               ("story.cost", story.cost, "story.none_cost")):
        _story_heading(pdf, t(key, lang), z)
        if not chosen:
            pdf.paragraph(t(empty, lang), size=9.5 * z, after=1 * z)
        for impact in chosen:
            pdf.paragraph(impact_title(impact, lang), size=9.5 * z, bold=True, after=0)
            pdf.paragraph(impact_effects(impact, lang), size=9 * z, colour=DIM, after=0.8 * z)
    pdf.paragraph(t("story.impact_intro", lang), size=8.5 * z, colour=DIM, after=1.5 * z)
    behind = left_behind_lines(debrief)
    if behind:
        _story_heading(pdf, t("story.left_behind", lang), z)
        pdf.paragraph(" ".join(behind), size=9.5 * z, after=1.5 * z)
    _story_heading(pdf, t("story.later", lang, year=debrief.end_year), z)
    pdf.paragraph(" ".join(later_lines(debrief)), size=9.5 * z, after=1.5 * z)
    _story_heading(pdf, t("story.unspent", lang), z)
    pdf.paragraph(unspent_line(debrief), size=9.5 * z, after=0)


def _story_heading(pdf: ReportPDF, text: str, z: float = 1.0) -> None:
    """A small heading on page one (no page breaks: the story stays on one page)."""
    pdf.set_font(FONT, "B", 11.5 * z)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 5.6 * z, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=BODY)


#: The scales page one tries, largest first (the last is used even if it does not fit).
STORY_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76)


def _story_scale(debrief: Debrief, footer: str, fallback: bool) -> float:
    """The largest of :data:`STORY_SCALES` at which page one fits its page, found by laying
    it out on a throwaway document (fpdf2 has no measuring without drawing)."""
    for scale in STORY_SCALES:
        probe = ReportPDF(debrief.lang, footer, fallback)
        _story(probe, debrief, scale)
        if probe.page_no() == 1:
            return scale
    return STORY_SCALES[-1]


def _profile(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.profile", lang))
    pdf.paragraph(t("report.profile_intro", lang, start=debrief.start_year,
                    end=debrief.end_year), colour=DIM, size=9.5)
    pdf.png(charts.profile_png(debrief))  # its numbers are on the bars: no table twice


def _timelines(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.timelines", lang))
    pdf.paragraph(t("report.timelines_intro", lang), colour=DIM, size=9)
    for group in debrief.profile:
        pdf.png(charts.timelines_png(debrief, group.category), title=group.label)


def _decisions(pdf: ReportPDF, debrief: Debrief) -> None:
    """One row per round: the news, what was adopted (with its score effect), what was not."""
    lang = debrief.lang
    pdf.heading(t("report.section.decisions", lang))
    pdf.paragraph(t("rep.decisions_intro", lang), colour=DIM, size=9.5)
    rows = []
    for record in debrief.rounds:
        news = "; ".join(e.title for e in record.events) or t("rep.nothing", lang)
        adopted = "\n".join(adopted_item(debrief, line, record.round)
                            for line in record.adopted) or t("rep.nothing", lang)
        rejected = "; ".join(p.title for p in record.proposals
                            if not p.adopted) or t("rep.nothing", lang)
        rows.append((str(record.year), news, adopted, rejected))
    pdf.table_rows([t("rep.col.round", lang), t("report.news", lang),
                    t("rep.col.adopted", lang), t("rep.col.rejected", lang)],
                   rows, (13, 42, 66, 53), size=8)


def _coming(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    coming = debrief.coming
    horizon = coming.years[-1]
    pdf.heading(t("report.section.coming", lang, year=debrief.end_year))
    pdf.paragraph(t("report.coming_intro", lang, year=horizon), colour=DIM, size=9.5)
    rows = [(v.name, number(v.end, 0, lang),
             amount(v.pipeline, lang) if abs(v.pipeline) >= 0.05 else "",
             number(v.projected, 0, lang)) for v in coming.variables
            if abs(v.pipeline) >= 0.05 or abs(v.projected - v.end) >= 0.5]
    pdf.table_rows([t("report.col.variable", lang),
                    t("report.col.end", lang, year=debrief.end_year),
                    t("report.col.pipeline", lang),
                    t("report.col.projected", lang, year=horizon)],
                   rows, (74, 34, 34, 32), numeric=(1, 2, 3), size=8)
    pdf.paragraph(t("report.projected_score", lang, year=horizon,
                    score=number(coming.projected_score, 1, lang)), bold=True, after=2)
    if not coming.sources:
        pdf.paragraph(t("report.nothing_coming", lang), size=9.5)
        return
    pdf.heading(t("report.coming_sources", lang), level=2)
    pdf.table_rows([t("report.col.source", lang), t("rep.col.from", lang),
                    t("rep.col.coming", lang)],
                   [(s.label, str(s.first_year),
                     "; ".join(f"{e.name} {amount(e.coming, lang)}" for e in s.effects))
                    for s in coming.sources], (60, 16, 98), size=8)


def _whatif(pdf: ReportPDF, debrief: Debrief, comparisons: Sequence[Comparison]) -> None:
    lang = debrief.lang
    pdf.heading(t("rep.section.whatif", lang), level=2)
    if not comparisons:
        pdf.paragraph(t("rep.whatif_none", lang), size=9.5)
    for comparison in comparisons:
        first, second, third = whatif_lines(comparison)
        pdf.paragraph(first, size=9.5, bold=True, after=0)
        pdf.paragraph(f"{second} {third}", size=9.5, after=2)


def _questions(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.questions", lang), level=2)
    if not debrief.questions:
        pdf.paragraph(t("report.no_questions", lang))
        return
    for number_, question in enumerate(debrief.questions, start=1):
        pdf.keep(15)
        pdf.paragraph(f"{number_}.  {question}", size=10.5, after=0.5)
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.2)
        pdf.ln(4.5)  # room to write an answer during the session
        pdf.line(pdf.l_margin + 6, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(2.5)


def debrief_pdf(debrief: Debrief, comparisons: Sequence[Comparison] = ()) -> bytes:
    """The whole debrief of one game as a PDF document: the story on page one, then the
    profile, the course, the decisions, what comes after, the team's "wat als?" and the
    questions — about six pages."""
    lang = debrief.lang
    texts = [*_debrief_texts(debrief), *(line for c in comparisons for line in whatif_lines(c))]
    footer = t("report.footer", lang, scenario=debrief.scenario_title,
               version=debrief.scenario_version)
    if debrief.replayed_on_changed:
        footer += " · " + t("report.replayed_on_changed", lang)
    fallback = needs_fallback(texts)
    pdf = ReportPDF(lang, footer, fallback)
    pdf.set_title(f"{t('report.title', lang)} — {team_name(debrief)}")
    pdf.set_subject(debrief.scenario_title)
    _story(pdf, debrief, _story_scale(debrief, footer, fallback))
    _profile(pdf, debrief)
    _timelines(pdf, debrief)
    _decisions(pdf, debrief)
    _coming(pdf, debrief)
    _whatif(pdf, debrief, comparisons)
    _questions(pdf, debrief)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------- several teams
def compare_pdf(teams: Sequence[Debrief], labels: Sequence[str] | None = None) -> bytes:
    """Several teams' games of one scenario side by side: a table and one profile chart
    (`labels` name the rows, as :func:`~morgenmaken.report.common.team_rows`)."""
    if not teams:
        raise ValueError("no games to compare")
    first = teams[0]
    lang = first.lang
    pdf = ReportPDF(lang, t("report.footer", lang, scenario=first.scenario_title,
                            version=first.scenario_version))
    pdf.set_title(t("compare.title", lang))
    pdf.add_page()
    pdf.paragraph(first.scenario_title, size=13, colour=DIM, after=1)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 12, t("compare.title", lang), align=Align.L, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.paragraph(t("compare.intro", lang, count=len(teams), scenario=first.scenario_title,
                    threshold=number(first.win_threshold)), colour=DIM)
    rows = team_rows(teams, labels)
    pdf.table_rows(["#", t("compare.col.team", lang), t("compare.col.score", lang),
                    t("compare.col.result", lang), t("compare.col.outcome", lang),
                    t("compare.col.weakest", lang)],
                   [(str(i), row.team, row.score, row.verdict, row.outcome, row.weakest)
                    for i, row in enumerate(rows, start=1)],
                   (7, 40, 15, 24, 46, 42), numeric=(0, 2), bold_first=False)
    pdf.ln(3)
    pdf.heading(t("compare.section.profiles", lang), level=2)
    pdf.paragraph(t("compare.profiles_intro", lang), colour=DIM)
    pdf.figure(charts.teams_chart([(row.team, d) for row, d in zip(rows, teams, strict=True)]))
    changed = [row.team for row, d in zip(rows, teams, strict=True) if d.replayed_on_changed]
    if changed:
        pdf.paragraph(t("report.compare_replayed_on_changed", lang, teams=", ".join(changed)))
    return bytes(pdf.output())
