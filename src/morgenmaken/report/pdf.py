"""The debrief and the comparison of teams as a PDF to hand out, with fpdf2.

fpdf2 is pure Python (no system libraries, so it installs on every trainer's laptop and in CI),
is maintained, embeds TrueType fonts with subsetting, and has tables that wrap text and repeat
their headings over page breaks. The bundled Noto Sans carries the Dutch characters (ë, é, €,
CO₂); DejaVu Sans, which ships with matplotlib, is the fallback for anything Noto lacks, so a
player's name in another script still prints instead of failing.

Charts are the same matplotlib figures as in the HTML, rendered as PNG at print resolution.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace
from matplotlib.figure import Figure
from PIL import Image

from morgenmaken.i18n import t
from morgenmaken.report import charts
from morgenmaken.report.common import (
    adopted_before,
    amount,
    decision_text,
    effects_text,
    number,
    proposed_by,
    score_line,
    shorten,
    signed,
    team_name,
    team_rows,
    verdict,
)
from morgenmaken.report.debrief import Debrief, RoundDecisions

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
DPI = 170


def _fallback_font() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


class ReportPDF(FPDF):
    """A4 portrait with the bundled fonts, a running footer and a few layout helpers."""

    def __init__(self, lang: str, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.footer_text = footer_text
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(charts.font_path("NotoSans-Regular.ttf")))
        self.add_font(FONT, "B", str(charts.font_path("NotoSans-Bold.ttf")))
        fallback = _fallback_font()
        if fallback.exists():
            self.add_font(FALLBACK, "", str(fallback))
            self.add_font(FALLBACK, "B", str(fallback))
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
            if self.get_y() > self.t_margin + 1:
                self.add_page()
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
        """A chart at full width, with an optional level-2 title kept on the same page.

        A chart that does not fit in the room left is shrunk down to `shrink` of its width
        rather than leaving a page half empty; below that it moves to a new page (and is
        shrunk to the page if it is taller than a whole page).
        """
        png = charts.render(figure, "png", dpi=DPI)
        with Image.open(io.BytesIO(png)) as image:
            width_px, height_px = image.size
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
        self.image(io.BytesIO(png), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 3)

    def table_rows(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
                   widths: Sequence[float], numeric: Sequence[int] = (),
                   bold_first: bool = False, size: float = BODY - 1,
                   centred: Sequence[int] = (), bold: Sequence[int] = ()) -> None:
        """A table that wraps its cells and repeats its headings on a new page.

        `numeric` columns are right-aligned, `centred` ones centred (symbols such as ++), and
        `bold` ones set in bold (with `bold_first`, the first column too).
        """
        self.set_font(FONT, size=size)
        self.set_draw_color(190, 190, 190)
        self.set_line_width(0.2)
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
        self.ln(3)


# ---------------------------------------------------------------------------- the debrief
def _cover(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.add_page()
    pdf.paragraph(f"{t('report.title', lang)} · {debrief.scenario_title}", size=13,
                  colour=DIM, after=1)
    pdf.set_font(FONT, "B", 28)
    pdf.multi_cell(0, 13, team_name(debrief), align=Align.L, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.paragraph(t("report.period", lang, region=debrief.region, start=debrief.start_year,
                    end=debrief.end_year, played=debrief.rounds_played,
                    total=debrief.rounds_total), size=12, colour=DIM, after=5)
    # the result, in a framed box whose colour only repeats the word
    top = pdf.get_y()
    pdf.set_x(pdf.l_margin + 5)
    pdf.set_font(FONT, "B", 22)
    pdf.cell(0, 12, verdict(debrief), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    lines = [score_line(debrief), debrief.outcome_text]
    if debrief.goals_met:
        lines.append(t("report.goals_met", lang, goals=", ".join(debrief.goals_met)))
    pdf.set_font(FONT, size=12)
    for line in lines:
        pdf.set_x(pdf.l_margin + 5)
        pdf.multi_cell(pdf.epw - 10, 6.5, line, align=Align.L, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    bottom = pdf.get_y() + 3
    pdf.set_draw_color(*(WON if debrief.won else LOST))
    pdf.set_line_width(1.2)
    pdf.rect(pdf.l_margin, top - 2, pdf.epw, bottom - top + 2)
    pdf.set_y(bottom + 4)
    pdf.paragraph(t("report.score_note", lang), colour=DIM, after=5)
    pdf.heading(t("report.players_roles", lang), level=2)
    pdf.table_rows([t("report.col.role", lang), t("report.col.player", lang)],
                   [(role, shorten(player)) for role, player in debrief.roles], (1, 1))
    pdf.heading(t("report.contents", lang), level=2)
    for number_, key in enumerate(("report.section.profile", "report.section.timelines",
                                   "report.section.decisions", "report.section.coming",
                                   "report.section.questions"), start=1):
        pdf.paragraph(f"{number_}.  {t(key, lang, year=debrief.end_year)}", size=11.5,
                      after=0.5)


def _profile(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.profile", lang))
    pdf.paragraph(t("report.profile_intro", lang, start=debrief.start_year,
                    end=debrief.end_year), colour=DIM)
    pdf.figure(charts.profile_chart(debrief))
    rows = []
    for group in debrief.profile:
        for v in group.variables:
            rows.append((v.name, number(v.start), number(v.end), signed(v.change),
                         v.reading_end, v.status))
    pdf.table_rows([t("report.col.variable", lang),
                    t("report.col.start", lang, year=debrief.start_year),
                    t("report.col.end", lang, year=debrief.end_year),
                    t("report.col.change", lang), t("report.col.reading", lang),
                    t("report.col.status", lang)],
                   rows, (36, 15, 15, 17, 55, 16), numeric=(1, 2, 3))


def _timelines(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.timelines", lang))
    pdf.paragraph(t("report.timelines_intro", lang), colour=DIM)
    for group in debrief.profile:
        pdf.figure(charts.category_timelines_chart(debrief, group.category), title=group.label)


def _round(pdf: ReportPDF, debrief: Debrief, record: RoundDecisions) -> None:
    lang = debrief.lang
    pdf.heading(t("report.round", lang, round=record.round, year=record.year), level=2)
    news = "; ".join(e.title for e in record.events) or t("report.no_news", lang)
    pdf.paragraph(f"{t('report.news', lang)}: {news}", size=BODY - 0.5, colour=DIM, after=1.5)
    if not record.proposals:
        pdf.paragraph(t("report.no_proposals", lang))
        return
    rows = []
    for line in record.proposals:
        effects = ""
        if line.adopted:
            effects = "\n".join(effects_text(line.outcome, lang))
            note = adopted_before(line, record.round, debrief)
            if note:
                effects += f"\n({note})"
        rows.append((line.title, proposed_by(line, lang), decision_text(line, lang), effects))
    pdf.table_rows([t("report.col.proposal", lang), t("report.col.by", lang),
                    t("report.col.decision", lang), t("report.col.effects", lang)],
                   rows, (44, 38, 28, 64))


def _decisions(pdf: ReportPDF, debrief: Debrief) -> None:
    pdf.heading(t("report.section.decisions", debrief.lang))
    pdf.paragraph(t("report.decisions_intro", debrief.lang), colour=DIM)
    for record in debrief.rounds:
        _round(pdf, debrief, record)


def _coming(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    coming = debrief.coming
    horizon = coming.years[-1]
    pdf.heading(t("report.section.coming", lang, year=debrief.end_year))
    pdf.paragraph(t("report.coming_intro", lang, year=horizon), colour=DIM)
    rows = [(v.name, number(v.end), amount(v.pipeline, lang) if abs(v.pipeline) >= 0.05 else "",
             number(v.projected)) for v in coming.variables]
    pdf.table_rows([t("report.col.variable", lang),
                    t("report.col.end", lang, year=debrief.end_year),
                    t("report.col.pipeline", lang),
                    t("report.col.projected", lang, year=horizon)],
                   rows, (70, 34, 34, 34), numeric=(1, 2, 3))
    pdf.paragraph(t("report.projected_score", lang, year=horizon,
                    score=number(coming.projected_score, 1, lang)), bold=True, after=3)
    pdf.heading(t("report.coming_sources", lang), level=2)
    if not coming.sources:
        pdf.paragraph(t("report.nothing_coming", lang))
        return
    pdf.table_rows([t("report.col.source", lang), t("report.col.from_year", lang),
                    t("report.col.effects", lang)],
                   [(s.label, str(s.first_year),
                     "; ".join(f"{e.name} {amount(e.coming, lang)}" for e in s.effects))
                    for s in coming.sources], (62, 18, 94))


def _questions(pdf: ReportPDF, debrief: Debrief) -> None:
    lang = debrief.lang
    pdf.heading(t("report.section.questions", lang))
    if not debrief.questions:
        pdf.paragraph(t("report.no_questions", lang))
        return
    for number_, question in enumerate(debrief.questions, start=1):
        pdf.keep(22)
        pdf.paragraph(f"{number_}.  {question}", size=12.5, after=1.5)
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.2)
        for _ in range(2):  # room to write an answer during the session
            pdf.ln(7)
            pdf.line(pdf.l_margin + 6, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(5)


def debrief_pdf(debrief: Debrief) -> bytes:
    """The whole debrief of one game as a PDF document."""
    lang = debrief.lang
    pdf = ReportPDF(lang, t("report.footer", lang, scenario=debrief.scenario_title,
                            version=debrief.scenario_version))
    pdf.set_title(f"{t('report.title', lang)} — {team_name(debrief)}")
    pdf.set_subject(debrief.scenario_title)
    _cover(pdf, debrief)
    _profile(pdf, debrief)
    _timelines(pdf, debrief)
    _decisions(pdf, debrief)
    _coming(pdf, debrief)
    _questions(pdf, debrief)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------- several teams
def compare_pdf(teams: Sequence[Debrief]) -> bytes:
    """Several teams' games of one scenario side by side: a table and one profile chart."""
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
    rows = team_rows(teams)
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
    return bytes(pdf.output())
