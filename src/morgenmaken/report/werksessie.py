"""The report of a werksessie: a PDF to hand out, a self-contained HTML file, a CSV of ratings.

What the team leaves the room with: the plan's measures, the plan's profile over the measures
it finished, per measure every rating beside the agreed one with the argument and the open
question, the open questions together, and — for a plan made from a scenario's cards — the
team's expectations set beside the game's model.

Both documents are made from one :class:`SessionView`, so the HTML and the PDF say exactly the
same; the charts are those of :mod:`morgenmaken.report.werksessie_charts`. The output holds no
date or clock time: the same session gives the same files, so a report can be regenerated and
compared. Everything participants typed goes through the autoescaping Jinja2 environment of
:mod:`morgenmaken.report.html` (HTML) or into fpdf2 as plain text (PDF), and the CSV guards
against spreadsheet formulas; names and texts are shortened only when absurdly long.

Measures the team has not finished are listed as such: before everyone has rated, the ratings
stay hidden in the report too (the session refuses to give them out), after the reveal they are
shown with the provisional agreement marked so.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from fpdf.enums import Align, XPos, YPos

from morgenmaken.i18n import t
from morgenmaken.report.common import shorten, signed
from morgenmaken.report.html import environment, png_uri
from morgenmaken.report.pdf import DIM, FONT, ReportPDF, needs_fallback
from morgenmaken.report.werksessie_charts import (
    lens_label,
    measure_png,
    measure_pngs,
    plan_png,
)
from morgenmaken.storage import write_all
from morgenmaken.werksessie.aggregate import Aggregate, Rating, symbol
from morgenmaken.werksessie.model import Contrast, contrast_text
from morgenmaken.werksessie.notation import median_text, sign, spread_text
from morgenmaken.werksessie.session import (
    TEXT_LIMIT,
    WorkSession,
    measure_profile,
    most_divided,
    plan_profile,
)

#: Participant names longer than this become numbered columns in the rating tables.
COLUMN_NAME_LIMIT = 14
#: More participants than this get numbered columns (names would not fit an A4 column).
NAMED_COLUMNS = 6
#: Names in running text (participants, team) are cut here; the session keeps them whole.
NAME_LIMIT = 60


# --------------------------------------------------------------------------- the view
@dataclass(frozen=True)
class Row:
    """One dimension of one measure in the rating table."""

    dimension: str
    lens: str
    #: Every participant's rating as a symbol, in the order of the participants.
    ratings: tuple[str, ...]
    median: str
    spread: str
    agreed: str
    flagged: bool
    #: The team's argument and open question for this dimension ('' when none).
    argument: str = ""
    question: str = ""


@dataclass(frozen=True)
class MeasureView:
    """One measure as the report shows it."""

    id: str
    number: int
    title: str
    description: str
    source: str
    closed: bool
    revealed: bool
    #: Empty when closed; otherwise says why the measure is not finished.
    status: str
    rows: tuple[Row, ...]
    argument: str
    question: str


@dataclass(frozen=True)
class ModelRow:
    """One dimension of one measure: the team's expectation beside the model's change."""

    dimension: str
    text: str
    points: str
    differs: bool


@dataclass(frozen=True)
class ModelGroup:
    """The model comparison of one measure, differing dimensions first."""

    measure: str
    rows: tuple[ModelRow, ...]


@dataclass(frozen=True)
class SessionView:
    """Everything the HTML and the PDF say, worded once in one language."""

    lang: str
    plan_title: str
    plan_description: str
    team: str
    #: Date, place and facilitator in one line ('' when none was recorded).
    held: str
    participants: tuple[str, ...]
    #: Rating-table column headings for the participants (names, or numbers for many).
    columns: tuple[str, ...]
    #: '1 = Anna, 2 = …' when the columns are numbered or shortened, else empty.
    key: str
    progress: str
    measures: tuple[MeasureView, ...]
    any_closed: bool
    serves: tuple[str, ...]
    harms: tuple[str, ...]
    divided: tuple[str, ...]
    questions: tuple[tuple[str, str], ...]
    dont_know: tuple[str, ...]
    #: None: no comparison with the model; else one group per measure, in plan order.
    model: tuple[ModelGroup, ...] | None
    footer: str


def _text(value: str, limit: int = TEXT_LIMIT) -> str:
    """Typed text for a report: whitespace tidied, shortened when absurdly long."""
    return shorten(" ".join(value.split()), limit)


def _name(value: str) -> str:
    return _text(value, NAME_LIMIT)


def _median(agg: Aggregate, lang: str) -> str:
    """The median as the shared screen writes it (:mod:`morgenmaken.werksessie.notation`)."""
    return median_text(agg)


def _spread(agg: Aggregate, lang: str) -> str:
    """The spread as the shared screen writes it, with its mark where the team differs."""
    text = spread_text(agg, lang)
    return f"{text} {sign(agg)}" if agg.disagreement else text


def shown_names(session: WorkSession, lang: str) -> dict[str, str]:
    """Participant -> how the report names them: their name, or "Deelnemer 3" when the
    session's report is anonymous (numbered in the order they joined)."""
    if session.anonymous:
        return {p: t("wsreport.anonymous_name", lang, number=i)
                for i, p in enumerate(session.participants, start=1)}
    return {p: p for p in session.participants}


def _held(session: WorkSession, lang: str) -> str:
    """'3 maart 2026 · Emmen · begeleid door Sanne' (what the session recorded)."""
    parts = [_text(session.date, NAME_LIMIT), _text(session.place, NAME_LIMIT)]
    if session.facilitator:
        parts.append(t("wsreport.facilitator", lang, name=_name(session.facilitator)))
    return " · ".join(part for part in parts if part)


def _agreed(value: Rating | str, lang: str) -> str:
    if value == "unset":
        return t("wsreport.unset", lang)
    assert not isinstance(value, str)
    return symbol(value)


def _columns(participants: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """Column headings and whether a key is needed to tell who is who."""
    if len(participants) > NAMED_COLUMNS:
        return tuple(str(i) for i in range(1, len(participants) + 1)), True
    headings = tuple(shorten(p, COLUMN_NAME_LIMIT) for p in participants)
    return headings, any(len(p) > COLUMN_NAME_LIMIT for p in participants)


def _measure_view(session: WorkSession, number: int, measure_id: str,
                  lang: str) -> MeasureView:
    measure = session.plan.measure(measure_id)
    revealed = session.revealed(measure_id)
    closed = session.closed(measure_id)
    agreement = session.agreement(measure_id)
    rows: list[Row] = []
    if revealed:
        for result in measure_profile(session, measure_id):
            given = session.ratings_of(measure_id, result.dimension.id)
            rows.append(Row(
                dimension=_name(result.dimension.name.get(lang)),
                lens=lens_label(result.dimension.group, lang),
                ratings=tuple(symbol(given[p]) if p in given else "·"
                              for p in session.participants),
                median=_median(result.aggregate, lang),
                spread=_spread(result.aggregate, lang),
                agreed=_agreed(result.agreed, lang),
                flagged=result.aggregate.disagreement,
                argument=_text(agreement.arguments.get(result.dimension.id, "")),
                question=_text(agreement.questions.get(result.dimension.id, ""))))
    if closed:
        status = ""
    elif revealed:
        status = t("wsreport.status.agreeing", lang)
    else:
        shown = shown_names(session, lang)
        waiting = ", ".join(_name(shown[p]) for p in session.waiting_for(measure_id))
        status = t("wsreport.status.rating", lang, names=waiting)
    return MeasureView(
        id=measure.id, number=number, title=_text(measure.title.get(lang)),
        description=_text(measure.description.get(lang), 2000),
        source=_text(measure.source.get(lang)) if measure.source else "",
        closed=closed, revealed=revealed, status=status, rows=tuple(rows),
        argument=_text(agreement.argument), question=_text(agreement.question))


def dimension_note(row: Row, lang: str) -> str:
    """'argument: … · open vraag: …' for one dimension, worded once for the HTML and PDF."""
    parts = []
    if row.argument:
        parts.append(t("wsreport.dimension_argument", lang, text=row.argument))
    if row.question:
        parts.append(t("wsreport.dimension_question", lang, text=row.question))
    return " · ".join(parts)


def _contrast_groups(session: WorkSession, contrasts: Sequence[Contrast],
                     lang: str) -> tuple[ModelGroup, ...]:
    """Per measure a table rather than one long list: the measure's name is said once, and
    a room scans a measure's differences (first) and agreements (after) at a glance."""
    groups = []
    for measure in session.measures:
        mine = sorted((c for c in contrasts if c.measure_id == measure.id),
                      key=lambda c: not c.differs)  # stable: dimension order kept
        if mine:
            groups.append(ModelGroup(_text(measure.title.get(lang)), tuple(
                ModelRow(session.dimension(c.dimension_id).name.get(lang),
                         contrast_text(c, lang), signed(c.model_delta, 1, lang), c.differs)
                for c in mine)))
    return tuple(groups)


def session_view(session: WorkSession, lang: str,
                 contrasts: Sequence[Contrast] | None = None) -> SessionView:
    """The whole report worded in `lang`; never raises for an unfinished session."""
    titles = {m.id: _text(m.title.get(lang)) for m in session.measures}
    measures = tuple(_measure_view(session, i, m.id, lang)
                     for i, m in enumerate(session.measures, start=1))
    closed = sum(1 for m in measures if m.closed)
    profile = plan_profile(session)

    def total_line(name: str, total: int, ids: Sequence[str]) -> str:
        return t("wsreport.total_by", lang, name=name, total=signed(total),
                 measures=", ".join(titles[i] for i in ids))

    serves = tuple(total_line(p.dimension.name.get(lang), p.total, p.helped_by)
                   for p in sorted(profile, key=lambda p: -p.total) if p.served)
    harms = tuple(total_line(p.dimension.name.get(lang), p.total, p.harmed_by)
                  for p in sorted(profile, key=lambda p: p.total) if p.harmed)
    divided = []
    for division in most_divided(session):
        agg = division.aggregate
        extra = (t("wsreport.division_dont_know", lang, count=agg.dont_know)
                 if agg.dont_know else "")
        divided.append(t("wsreport.division", lang, measure=titles[division.measure.id],
                         dimension=division.dimension.name.get(lang),
                         low=symbol(agg.low), high=symbol(agg.high), dont_know=extra))
    # the measure's own question first, then those the team tied to one dimension of it
    questions = tuple(
        [(m.title, m.question) for m in measures if m.question]
        + [(f"{m.title} — {r.dimension}", r.question) for m in measures for r in m.rows
           if r.question])
    dont_know = tuple(f"{m.title} — {r.dimension}" for m in measures
                      if m.revealed for r in m.rows if r.agreed == "?")
    shown = shown_names(session, lang)
    names = tuple(_name(shown[p]) for p in session.participants)
    columns, needs_key = _columns(names)
    key = (t("wsreport.key", lang, names=", ".join(f"{c} = {n}" for c, n in
                                                    zip(columns, names, strict=True)))
           if needs_key else "")
    plan_title = _text(session.plan.title.get(lang))
    return SessionView(
        lang=lang, plan_title=plan_title,
        plan_description=(_text(session.plan.description.get(lang), 2000)
                          if session.plan.description else ""),
        team=_name(session.team) or t("wsreport.team_unnamed", lang),
        held=_held(session, lang), participants=names, columns=columns, key=key,
        progress=t("wsreport.progress", lang, closed=closed, total=len(measures)),
        measures=measures, any_closed=closed > 0, serves=serves, harms=harms,
        divided=tuple(divided), questions=questions, dont_know=dont_know,
        model=None if contrasts is None else _contrast_groups(session, contrasts, lang),
        footer=t("wsreport.footer", lang, plan=plan_title))


# --------------------------------------------------------------------------- HTML
def session_html(session: WorkSession, lang: str,
                 contrasts: Sequence[Contrast] | None = None) -> str:
    """The report as one self-contained HTML document (charts as data-URI PNG, no scripts)."""
    view = session_view(session, lang, contrasts)
    drawn = measure_pngs(session, lang)
    charts = {m.id: png_uri(drawn[m.id]) for m in view.measures if m.revealed}
    plan_uri = png_uri(plan_png(session, lang)) if view.any_closed else ""
    template = environment().get_template("werksessie.html.j2")
    return template.render(v=view, lang=lang, tr=lambda key, **values: t(key, lang, **values),
                           charts=charts, plan_chart=plan_uri,
                           note=lambda row: dimension_note(row, lang))


# --------------------------------------------------------------------------- PDF
def _bullets(pdf: ReportPDF, title: str, lines: Sequence[str], lang: str) -> None:
    pdf.keep(22)  # the title with at least its first lines
    pdf.paragraph(title, bold=True, after=1)
    for line in lines or [t("wsreport.nothing", lang)]:
        pdf.paragraph(f"•  {line}", after=0.8)
    pdf.ln(2)


def _pdf_cover(pdf: ReportPDF, view: SessionView) -> None:
    lang = view.lang
    pdf.add_page()
    pdf.paragraph(t("wsreport.title", lang), size=13, colour=DIM, after=1)
    pdf.set_font(FONT, "B", 26)
    pdf.multi_cell(0, 12, view.plan_title, align=Align.L, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.paragraph(t("wsreport.team", lang, team=view.team), size=14, bold=True, after=1)
    if view.held:
        pdf.paragraph(view.held, size=12, after=1)
    pdf.paragraph(view.progress, size=12, colour=DIM, after=4)
    if view.plan_description:
        pdf.paragraph(view.plan_description, size=11.5, after=4)
    pdf.heading(t("wsreport.participants", lang), level=2)
    pdf.paragraph(", ".join(view.participants), size=11.5, after=4)
    pdf.heading(t("wsreport.contents", lang), level=2)
    sections = ["wsreport.section.measures", "wsreport.section.profile",
                "wsreport.section.per_measure", "wsreport.section.questions"]
    if view.model is not None:
        sections.append("wsreport.section.model")
    for number, key in enumerate(sections, start=1):
        pdf.paragraph(f"{number}.  {t(key, lang)}", size=11.5, after=0.5)


def _pdf_measures(pdf: ReportPDF, view: SessionView) -> None:
    lang = view.lang
    pdf.heading(t("wsreport.section.measures", lang))
    for m in view.measures:
        pdf.keep(24)
        pdf.paragraph(f"{m.number}.  {m.title}", size=12, bold=True, after=0.8)
        pdf.paragraph(m.description, after=0.8)
        if m.source:
            pdf.paragraph(t("wsreport.source", lang, source=m.source), size=9.5, colour=DIM,
                          after=0.8)
        pdf.paragraph(m.status or t("wsreport.status.closed", lang), size=9.5, colour=DIM,
                      after=3)


def _pdf_profile(pdf: ReportPDF, view: SessionView, session: WorkSession) -> None:
    lang = view.lang
    pdf.heading(t("wsreport.section.profile", lang))
    if not view.any_closed:
        pdf.paragraph(t("wsreport.no_closed", lang))
    else:
        pdf.paragraph(t("wsreport.profile_intro", lang), colour=DIM)
        pdf.png(plan_png(session, lang))
    _bullets(pdf, t("wsreport.serves", lang), view.serves, lang)
    _bullets(pdf, t("wsreport.harms", lang), view.harms, lang)
    _bullets(pdf, t("wsreport.divided", lang), view.divided, lang)


def _pdf_measure(pdf: ReportPDF, view: SessionView, m: MeasureView,
                 session: WorkSession) -> None:
    lang = view.lang
    pdf.heading(f"{m.number}.  {m.title}")
    if m.status:
        pdf.paragraph(m.status, bold=True, colour=DIM)
    pdf.paragraph(m.description, colour=DIM)
    if not m.revealed:
        return
    pdf.png(measure_png(session, m.id, lang))
    pdf.paragraph(t("wsreport.symbols", lang), size=9, colour=DIM, after=1)
    if view.key:
        pdf.paragraph(view.key, size=9, colour=DIM, after=1)
    many = len(view.columns)
    headings = [t("wsreport.col.dimension", lang), *view.columns,
                t("wsreport.col.median", lang), t("wsreport.col.spread", lang),
                t("wsreport.col.agreed", lang)]
    rows = [(r.dimension, *r.ratings, r.median, r.spread, r.agreed) for r in m.rows]
    # every column as wide as its texts, the dimension's name taking the rest: type a size
    # smaller only when the names would not fit on one line beside many participants
    for size in (9.5, 8.5, 7.5):
        widths, fits = pdf.fitted_widths(headings, rows, size, bold=(many + 3,))
        if fits:
            break
    pdf.table_rows(headings, rows, widths, size=size, centred=range(1, many + 4),
                   bold=(many + 3,))
    pdf.keep(30)
    pdf.paragraph(t("wsreport.argument", lang), bold=True, after=0.5)
    pdf.paragraph(m.argument or t("wsreport.no_argument", lang), after=2)
    pdf.paragraph(t("wsreport.question", lang), bold=True, after=0.5)
    pdf.paragraph(m.question or t("wsreport.no_question", lang), after=2)
    noted = [r for r in m.rows if r.argument or r.question]
    if noted:
        pdf.paragraph(t("wsreport.per_dimension", lang), bold=True, after=0.5)
        for r in noted:
            pdf.paragraph(f"{r.dimension}: " + dimension_note(r, lang), after=0.8)


def _pdf_questions(pdf: ReportPDF, view: SessionView) -> None:
    lang = view.lang
    pdf.heading(t("wsreport.section.questions", lang))
    _bullets(pdf, t("wsreport.questions.team", lang),
             [f"{title}: {question}" for title, question in view.questions], lang)
    _bullets(pdf, t("wsreport.questions.divided", lang), view.divided, lang)
    _bullets(pdf, t("wsreport.questions.dont_know", lang), view.dont_know, lang)


def _pdf_model(pdf: ReportPDF, view: SessionView) -> None:
    lang = view.lang
    assert view.model is not None
    pdf.heading(t("wsreport.section.model", lang))
    pdf.paragraph(t("wsreport.model_intro", lang), colour=DIM)
    if not view.model:
        pdf.paragraph(t("wsreport.model_none", lang))
    for group in view.model:
        pdf.heading(group.measure, level=2)
        pdf.table_rows([t("wsreport.col.dimension", lang), t("wsreport.model_col.text", lang),
                        t("wsreport.model_col.points", lang)],
                       [(row.dimension, row.text, row.points) for row in group.rows],
                       (42, 104, 28), numeric=(2,), bold=(0,))


def _texts(value: object) -> Iterator[str]:
    """Every text in a view (dataclasses, tuples and lists walked through)."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)


def session_pdf(session: WorkSession, lang: str,
                contrasts: Sequence[Contrast] | None = None) -> bytes:
    """The report as a PDF document (A4, the game's fonts, footer and page numbers)."""
    view = session_view(session, lang, contrasts)
    measure_pngs(session, lang)  # every measure's chart at once, the frame drawn once
    # the fallback font only for a text Noto Sans cannot show (loading it costs a tenth)
    pdf = ReportPDF(lang, view.footer, needs_fallback(_texts(view)))
    pdf.set_title(f"{t('wsreport.title', lang)} — {view.plan_title}")
    pdf.set_subject(view.team)
    _pdf_cover(pdf, view)
    _pdf_measures(pdf, view)
    _pdf_profile(pdf, view, session)
    for measure in view.measures:
        _pdf_measure(pdf, view, measure, session)
    _pdf_questions(pdf, view)
    if view.model is not None:
        _pdf_model(pdf, view)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- CSV
CSV_COLUMNS = ("plan_id", "maatregel_id", "maatregel", "deelnemer", "dimensie_id", "dimensie",
               "lens", "oordeel", "weet_niet", "afgesproken", "afgesproken_weet_niet")
#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Typed text made inert for spreadsheets: a leading formula character gets a quote."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def session_csv(session: WorkSession, lang: str = "nl") -> str:
    """Every individual rating as one row, for analysis in a spreadsheet or R.

    Written for Dutch Excel, where most of these files are opened: the separator is a
    semicolon (Dutch Excel's list separator, since the comma is its decimal sign; a comma file
    opens as one column), and the writer adds a UTF-8 byte-order mark (see
    :func:`write_session_report`) because Excel reads a file without one in the legacy code
    page and mangles "Materiële welvaart". The ratings are plain numbers −2…2 (ASCII minus, so
    they stay numbers); "weet niet" is an empty rating with ``weet_niet`` 1. ``afgesproken``
    is the team's agreed rating (empty when it agreed on weet niet — then
    ``afgesproken_weet_niet`` is 1 — or has not agreed yet). Only revealed measures are
    listed: ratings of a measure not everyone has rated stay hidden, as on the screen. Text
    typed by people or authors that starts with = + - @ gets a leading quote, so a name such
    as ``=cmd|' /C calc'!A0`` is shown, not run.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    shown = shown_names(session, lang)  # an anonymous report stays anonymous in its data
    for measure in session.measures:
        if not session.revealed(measure.id):
            continue
        agreed = session.agreement(measure.id).values
        for participant in session.raters(measure.id):
            for dimension in session.dimensions:
                value = session.ratings_of(measure.id, dimension.id)[participant]
                team: Rating | str = agreed.get(dimension.id, "unset")
                writer.writerow([
                    _cell(session.plan.id), _cell(measure.id),
                    _cell(measure.title.get(lang)), _cell(shown[participant]),
                    _cell(dimension.id),
                    _cell(dimension.name.get(lang)), dimension.group.value,
                    "" if value is None else str(value), "1" if value is None else "0",
                    str(team) if isinstance(team, int) else "",
                    "1" if team is None else "0"])
    return buffer.getvalue()


# --------------------------------------------------------------------------- files
def default_stem(session: WorkSession) -> str:
    """'werksessie-<plan>-<team>' in file-name-safe characters (tables at one event differ)."""
    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-")
    parts = ["werksessie", slug(session.plan.id), slug(session.team)]
    return "-".join(part for part in parts if part)


def write_session_report(session: WorkSession, directory: Path, lang: str,
                         contrasts: Sequence[Contrast] | None = None,
                         stem: str | None = None) -> list[Path]:
    """Write ``<stem>.pdf``, ``<stem>.html`` and ``<stem>-beoordelingen.csv``; their paths.

    Every document is made before the first file is written, so an error leaves no mix of
    old and new files behind; each file is replaced in one rename.
    """
    stem = stem or default_stem(session)
    documents: list[tuple[Path, str | bytes]] = [
        (directory / f"{stem}.pdf", session_pdf(session, lang, contrasts)),
        (directory / f"{stem}.html", session_html(session, lang, contrasts).encode("utf-8")),
        (directory / f"{stem}-beoordelingen.csv",
         session_csv(session, lang).encode("utf-8-sig")),
    ]
    return write_all(documents)
