"""The werksessie report: PDF, HTML and CSV, Dutch and English, hostile text, the CLI command.

A session is built the way the screens build one (rate, submit, agree, argue, close) and the
report is read back the way a reader sees it: the HTML through an HTML parser (text, not
markup), the PDF through its extracted text, the CSV through the csv module.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.i18n import t
from morgenmaken.report.charts import render
from morgenmaken.report.werksessie import (
    CSV_COLUMNS,
    session_csv,
    session_html,
    session_pdf,
    write_session_report,
)
from morgenmaken.report.werksessie_charts import measure_chart, plan_chart
from morgenmaken.scenario.library import resolve
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.scenario.models import Text
from morgenmaken.werksessie.aggregate import symbol
from morgenmaken.werksessie.from_scenario import plan_from_scenario
from morgenmaken.werksessie.model import contrast_text, model_contrasts
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan
from morgenmaken.werksessie.session import SessionError, WorkSession, new_session

runner = CliRunner()
LANGS = ("nl", "en")

PLAN = Plan(
    id="agenda", title=Text(nl="Agenda Zuidoost", en="Agenda South-East"),
    description=Text(nl="Drie maatregelen voor de kernen.", en="Three measures for villages."),
    dimensions=[
        Dimension(id="gezondheid", name=Text(nl="Gezondheid", en="Health")),
        Dimension(id="wonen", name=Text(nl="Wonen", en="Housing")),
        Dimension(id="natuur", name=Text(nl="Natuurlijk kapitaal", en="Natural capital"),
                  group=Lens.LATER),
        Dimension(id="ouderen", name=Text(nl="Ouderen", en="Older people"),
                  group=Lens.VERDELING),
    ],
    measures=[
        Measure(id="winkels", title=Text(nl="Dorpswinkels steunen", en="Support village shops"),
                description=Text(nl="Startsubsidie.", en="A start-up grant."),
                source=Text(nl="Coalitieakkoord", en="Coalition agreement")),
        Measure(id="bouwen", title=Text(nl="Bouwen op landbouwgrond", en="Build on farmland"),
                description=Text(nl="Snel veel woningen.", en="Many homes fast.")),
        Measure(id="bus", title=Text(nl="Buurtbus", en="Neighbourhood bus"),
                description=Text(nl="Vrijwilligers rijden.", en="Volunteers drive.")),
        Measure(id="later", title=Text(nl="Zonnepark", en="Solar park"),
                description=Text(nl="Nog niet besproken.", en="Not discussed yet.")),
    ])

#: participant -> measure -> dimension -> rating
RATINGS: dict[str, dict[str, dict[str, int | None]]] = {
    "Anna": {"winkels": {"gezondheid": 1, "wonen": 0, "natuur": 0, "ouderen": 2},
             "bouwen": {"gezondheid": 0, "wonen": 2, "natuur": -2, "ouderen": 1},
             "bus": {"gezondheid": 1, "wonen": None, "natuur": 0, "ouderen": 2}},
    "Bram": {"winkels": {"gezondheid": 2, "wonen": 0, "natuur": None, "ouderen": 1},
             "bouwen": {"gezondheid": -1, "wonen": 2, "natuur": -1, "ouderen": -1},
             "bus": {"gezondheid": 0, "wonen": None, "natuur": 1, "ouderen": 2}},
    "Cor": {"winkels": {"gezondheid": 0, "wonen": 1, "natuur": 0, "ouderen": 1},
            "bouwen": {"gezondheid": 0, "wonen": 1, "natuur": -2, "ouderen": 2},
            "bus": {"gezondheid": 1, "wonen": None, "natuur": 0, "ouderen": 1}},
}
AGREED = {"winkels": {"gezondheid": 1, "wonen": 0, "natuur": 0, "ouderen": 1},
          "bouwen": {"gezondheid": 0, "wonen": 2, "natuur": -2, "ouderen": None},
          "bus": {"gezondheid": 1, "wonen": None, "natuur": 0, "ouderen": 2}}
ARGUMENTS = {"winkels": ("Een winkel houdt het dorp levend.", "Wie draait de winkel over tien "
                         "jaar?"),
             "bouwen": ("Woningen snel, maar ten koste van de grond.", "Waar komt het water "
                        "heen?"),
             "bus": ("Vervoer voor wie niet meer rijdt.", "")}


def build(participants: tuple[str, ...] = ("Anna", "Bram", "Cor"), team: str = "Tafel 2",
          arguments: dict[str, tuple[str, str]] | None = None,
          plan: Plan = PLAN) -> WorkSession:
    """The test session: winkels and bouwen closed, bus agreed but open, 'later' unrated."""
    session = new_session(plan, participants, team=team)
    names = dict(zip(("Anna", "Bram", "Cor"), participants, strict=True))
    arguments = arguments or ARGUMENTS
    for measure in ("winkels", "bouwen", "bus"):
        for key, name in names.items():
            for dimension, value in RATINGS[key][measure].items():
                session.rate(measure, name, dimension, value)
            session.submit(measure, name)
        for dimension, value in AGREED[measure].items():
            session.agree(measure, dimension, value)
        session.argue(measure, *arguments[measure])
        if measure != "bus":
            session.close(measure)
    session.rate("later", participants[0], "gezondheid", 1)
    return session


class Page(HTMLParser):
    """What a reader sees: the text, the tags, the attributes, and the cells by class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.cells: dict[str, list[str]] = {}
        self._cell: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        classes = dict(attrs).get("class") or ""
        if tag in ("td", "dd") and classes:
            self._cell = (classes, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "dd") and self._cell is not None:
            name, parts = self._cell
            self.cells.setdefault(name, []).append(" ".join("".join(parts).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell[1].append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def session() -> WorkSession:
    return build()


# --------------------------------------------------------------------------- contents
@pytest.mark.parametrize("lang", LANGS)
def test_html_holds_every_measure_agreement_and_argument(session: WorkSession,
                                                         lang: str) -> None:
    page = parse(session_html(session, lang))
    words = page.words
    for measure in PLAN.measures:
        assert measure.title.get(lang) in words
    assert "script" not in page.tags
    # every agreed rating, in plan order, in the table's "agreed" column
    expected = [symbol(AGREED[m][d.id]) for m in ("winkels", "bouwen", "bus")
                for d in PLAN.dimensions or []]
    assert page.cells["agreed"] == expected
    assert page.cells["argument"] == [a for a, _ in ARGUMENTS.values()]
    assert page.cells["question"] == [q or t("wsreport.no_question", lang)
                                      for _, q in ARGUMENTS.values()]
    # the unfinished measures say so; the unrated one shows no ratings
    assert t("wsreport.status.agreeing", lang) in words
    assert t("wsreport.status.rating", lang, names="Anna, Bram, Cor") in words
    assert t("wsreport.section.questions", lang) in words
    assert "Wie draait de winkel over tien jaar?" in words
    assert t("wsreport.section.model", lang) not in words  # no contrasts given
    for uri in (value for name, value in page.attributes if name == "src"):
        assert uri is not None and uri.startswith("data:image/png;base64,")


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_holds_every_measure_agreement_and_argument(session: WorkSession,
                                                        lang: str) -> None:
    text = pdf_text(session_pdf(session, lang))
    words = flat(text)
    for measure in PLAN.measures:
        assert measure.title.get(lang) in words
    for argument, question in ARGUMENTS.values():
        assert argument in words
        assert question in words
    # each table row: the dimension, three ratings, median, spread … and the agreed symbol last
    lines = text.splitlines()
    for measure in ("winkels", "bouwen", "bus"):
        for dimension in PLAN.dimensions or []:
            ratings = " ".join(symbol(RATINGS[p][measure][dimension.id])
                               for p in ("Anna", "Bram", "Cor"))
            row = [line for line in lines
                   if line.startswith(f"{dimension.name.get(lang)} {ratings} ")]
            assert len(row) == 1, (measure, dimension.id, row)
            assert row[0].split()[-1] == symbol(AGREED[measure][dimension.id])
    assert t("wsreport.status.agreeing", lang) in words
    assert t("wsreport.section.questions", lang) in words


def test_the_profile_names_what_the_plan_serves_harms_and_where_the_team_differed(
        session: WorkSession) -> None:
    page = parse(session_html(session, "nl"))
    words = page.words
    # closed: winkels and bouwen; gezondheid 1+0, wonen 0+2, natuur 0−2, ouderen 1+?
    assert "Wonen +2 (door Bouwen op landbouwgrond)" in words
    assert "Natuurlijk kapitaal −2 (door Bouwen op landbouwgrond)" in words
    assert "Bouwen op landbouwgrond — Ouderen: oordelen van − tot ++" in words
    assert "Bouwen op landbouwgrond — Ouderen" in words  # agreed as weet niet


def test_nothing_finished_still_gives_a_report() -> None:
    session = new_session(PLAN, ["Anna", "Bram"])
    session.rate("winkels", "Anna", "wonen", 1)
    html = session_html(session, "en")
    assert t("wsreport.no_closed", "en") in parse(html).words
    assert session_pdf(session, "en").startswith(b"%PDF")
    assert session_csv(session).splitlines() == [";".join(CSV_COLUMNS)]


# --------------------------------------------------------------------------- hostile text
HOSTILE = ("<script>alert(1)</script>", '<img src=x onerror=alert(2)>', "=cmd|' /C calc'!A0")
LONG = "Lang" + "x" * 2996
HOSTILE_ARGUMENTS = {"winkels": ("{{ 7*7 }} {% if 1 %}ja{% endif %} <b>vet</b>", LONG),
                     "bouwen": (LONG + " " + LONG, "@SUM(1+1)*cmd|' /C calc'!A0"),
                     "bus": ("-2+3", "+ of -?")}


@pytest.fixture(scope="module")
def hostile() -> WorkSession:
    return build(HOSTILE, team='"><svg onload=alert(3)>', arguments=HOSTILE_ARGUMENTS)


def test_hostile_text_is_escaped_in_the_html(hostile: WorkSession) -> None:
    html = session_html(hostile, "nl")
    page = parse(html)
    assert "script" not in page.tags and "svg" not in page.tags
    # the template's own bold: one per measure title and one per team question, no more
    questions = sum(1 for agreement in hostile.agreements.values() if agreement.question)
    assert page.tags.count("b") == len(PLAN.measures) + questions
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    words = page.words
    for name in HOSTILE:
        assert name in words  # shown as typed
    assert '"><svg onload=alert(3)>' in words
    assert "{{ 7*7 }} {% if 1 %}ja{% endif %} <b>vet</b>" in page.cells["argument"]
    assert "49" not in page.cells["argument"][0]
    # a long argument is cut to a readable length, never dropped
    assert all(len(cell) <= 600 for cell in page.cells["argument"] + page.cells["question"])
    assert page.cells["question"][0].startswith("Langxxx")


def test_hostile_text_prints_in_the_pdf(hostile: WorkSession) -> None:
    words = flat(pdf_text(session_pdf(hostile, "en")))
    assert "<script>alert(1)</script>" in words
    assert "{{ 7*7 }}" in words
    assert "Langxxxx" in words


def test_hostile_text_cannot_become_a_formula_in_the_csv(hostile: WorkSession) -> None:
    rows = list(csv.DictReader(io.StringIO(session_csv(hostile)), delimiter=";"))
    names = {row["deelnemer"] for row in rows}
    assert names == {"<script>alert(1)</script>", '<img src=x onerror=alert(2)>',
                     "'=cmd|' /C calc'!A0"}
    for row in rows:
        for column in ("maatregel", "deelnemer", "dimensie"):
            assert not row[column].startswith(("=", "+", "-", "@"))


# --------------------------------------------------------------------------- CSV
def test_csv_has_one_row_per_rating_with_the_right_values(session: WorkSession) -> None:
    text = session_csv(session)
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    dimensions = {d.id: d for d in PLAN.dimensions or []}
    # the unrated measure is left out: its ratings stay hidden
    assert len(rows) == 3 * 3 * len(dimensions)
    seen = set()
    for row in rows:
        measure, person, dimension = row["maatregel_id"], row["deelnemer"], row["dimensie_id"]
        seen.add((measure, person, dimension))
        value = RATINGS[person][measure][dimension]
        assert row["oordeel"] == ("" if value is None else str(value))
        assert row["weet_niet"] == ("1" if value is None else "0")
        agreed = AGREED[measure][dimension]
        assert row["afgesproken"] == ("" if agreed is None else str(agreed))
        assert row["afgesproken_weet_niet"] == ("1" if agreed is None else "0")
        assert row["plan_id"] == "agenda"
        assert row["dimensie"] == dimensions[dimension].name.nl
        assert row["lens"] == dimensions[dimension].group.value
        assert row["maatregel"] == PLAN.measure(measure).title.nl
    assert len(seen) == len(rows)
    assert session_csv(session, "en").splitlines()[1].split(";")[2] == "Support village shops"


def test_written_files_open_in_dutch_excel(session: WorkSession, tmp_path: Path) -> None:
    paths = write_session_report(session, tmp_path / "uit", "nl", stem="tafel2")
    assert [p.name for p in paths] == ["tafel2.pdf", "tafel2.html",
                                       "tafel2-beoordelingen.csv"]
    data = paths[2].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert data.decode("utf-8-sig") == session_csv(session)
    assert paths[0].read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "uit").glob(".*"))  # no temporary files left behind
    # the same session gives the same HTML (no date, stable SVG ids)
    assert paths[1].read_text(encoding="utf-8") == session_html(session, "nl")


# --------------------------------------------------------------------------- charts
def test_charts_are_stable_and_wait_for_the_reveal(session: WorkSession) -> None:
    first = render(measure_chart(session, "winkels", "nl"), "svg")
    assert first == render(measure_chart(session, "winkels", "nl"), "svg")
    assert render(plan_chart(session, "en"), "png").startswith(b"\x89PNG")
    with pytest.raises(SessionError):
        measure_chart(session, "later", "nl")


# --------------------------------------------------------------------------- model
@pytest.fixture(scope="module")
def card_session() -> tuple[WorkSession, list]:
    scenario = load_scenario(resolve("drenthe"))
    plan = plan_from_scenario(scenario, ["dorpswinkels", "datacenter"])
    session = new_session(plan, ["Anna", "Bram"], team="Tafel 5")
    for measure in plan.measures:
        for person in session.participants:
            for dimension in session.dimensions:
                session.rate(measure.id, person, dimension.id, 0)
            session.submit(measure.id, person)
        session.agree(measure.id, "materiele_welvaart", 2)
        session.argue(measure.id, "Omdat.", "Hoe snel?")
        session.close(measure.id)
    return session, model_contrasts(session, scenario)


@pytest.mark.parametrize("lang", LANGS)
def test_expectation_and_model_section_for_a_plan_of_cards(
        card_session: tuple[WorkSession, list], lang: str) -> None:
    session, contrasts = card_session
    assert contrasts
    page = parse(session_html(session, lang, contrasts))
    words = page.words
    assert t("wsreport.section.model", lang) in words
    differing = [c for c in contrasts if c.differs]
    agreeing = [c for c in contrasts if not c.differs]
    assert differing
    # every contrast is one sentence in the table of its measure, differences first
    text = [" ".join(chunk.split()) for chunk in page.text]
    text = text[text.index(t("wsreport.section.model", lang)):]
    titles = {m.title.get(lang): m.id for m in session.measures}
    differ_texts = {contrast_text(c, lang) for c in differing}
    agree_texts = {contrast_text(c, lang) for c in agreeing}
    seen: dict[str, list[bool]] = {}
    current = None
    for chunk in text:
        if chunk in titles:
            current = titles[chunk]
        elif chunk in differ_texts | agree_texts:
            assert current is not None
            seen.setdefault(current, []).append(chunk in agree_texts)
    for measure in session.measures:
        mine = [c for c in contrasts if c.measure_id == measure.id]
        assert len(seen.get(measure.id, [])) == len(mine)
        assert seen.get(measure.id, []) == sorted(seen.get(measure.id, []))  # differences first
        assert seen.get(measure.id, []).count(False) == sum(c.differs for c in mine)
    assert t("wsreport.section.model", lang) in flat(pdf_text(session_pdf(session, lang,
                                                                          contrasts)))


# --------------------------------------------------------------------------- the command
def test_command_writes_the_report(card_session: tuple[WorkSession, list],
                                   tmp_path: Path) -> None:
    session, _ = card_session
    path = tmp_path / "tafel5.json"
    path.write_text(session.dumps(), encoding="utf-8")
    result = runner.invoke(app, ["werksessie-report", str(path), "--out", str(tmp_path / "r"),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert names == ["tafel5-beoordelingen.csv", "tafel5.html", "tafel5.pdf"]
    for name in names:
        assert str(tmp_path / "r" / name) in result.output
    html = (tmp_path / "r" / "tafel5.html").read_text(encoding="utf-8")
    assert t("wsreport.section.model", "en") in parse(html).words


def test_command_without_the_scenario_writes_the_report_and_says_so(
        card_session: tuple[WorkSession, list], tmp_path: Path) -> None:
    session, _ = card_session
    path = tmp_path / "s.json"
    path.write_text(session.dumps(), encoding="utf-8")
    result = runner.invoke(app, ["werksessie-report", str(path), "--out", str(tmp_path),
                                 "--scenario", "bestaat_niet"])
    assert result.exit_code == 0, result.output
    assert "zonder vergelijking met het model" in result.output
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert t("wsreport.section.model", "nl") not in parse(html).words


@pytest.mark.parametrize("content", [None, "{ niet af", '{"format": "morgenmaken-save"}'])
def test_command_with_a_missing_or_damaged_file_says_so_in_one_line(
        content: str | None, tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["werksessie-report", str(path), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert "sessie.json" in result.output
    assert not (tmp_path / "r").exists()


def test_revealed_but_not_yet_agreed_shows_the_ratings_and_says_not_yet() -> None:
    session = new_session(PLAN, ["Anna", "Bram"])
    for person in ("Anna", "Bram"):
        for dimension in PLAN.dimensions or []:
            session.rate("winkels", person, dimension.id, None if person == "Bram" else 1)
        session.submit("winkels", person)
    page = parse(session_html(session, "nl"))
    assert page.cells["agreed"] == [t("wsreport.unset", "nl")] * len(PLAN.dimensions or [])
    assert page.cells["argument"] == [t("wsreport.no_argument", "nl")]
    rows = list(csv.DictReader(io.StringIO(session_csv(session)), delimiter=";"))
    assert len(rows) == 2 * len(PLAN.dimensions or [])
    assert {(r["afgesproken"], r["afgesproken_weet_niet"]) for r in rows} == {("", "0")}
    assert session_pdf(session, "nl").startswith(b"%PDF")


@pytest.mark.parametrize("lang", LANGS)
def test_an_argument_and_question_per_dimension_reach_both_reports(lang: str) -> None:
    """What the team wrote on one dimension stands with that dimension (HTML and PDF), and
    its question joins the open questions, after the measure's own."""
    session = build()
    dimension = (PLAN.dimensions or [])[0]
    session.argue_dimension("winkels", dimension.id, "Het dorp blijft levendig",
                            "Wie staat er achter de toonbank?")
    name = dimension.name.get(lang)
    note = (t("wsreport.dimension_argument", lang, text="Het dorp blijft levendig") + " · "
            + t("wsreport.dimension_question", lang, text="Wie staat er achter de toonbank?"))
    page = parse(session_html(session, lang))
    assert page.cells["dimension-note"] == [note]
    team_questions = page.words.split(t("wsreport.questions.team", lang), 1)[1]
    title = PLAN.measures[0].title.get(lang)
    assert f"{title} — {name}: Wie staat er achter de toonbank?" in team_questions
    words = flat(pdf_text(session_pdf(session, lang)))
    assert f"{name}: {note}" in words
    # a dimension without notes gets no line
    other = (PLAN.dimensions or [])[1].name.get(lang)
    assert f"{other}: " + t("wsreport.dimension_argument", lang, text="") not in words
