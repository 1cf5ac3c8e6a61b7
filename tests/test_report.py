"""Reports from saved games: HTML and PDF, Dutch and English, hostile names, several teams.

The reports are made the way a trainer makes them — a save file on disk and the command line —
and read back the way a reader sees them: the HTML through an HTML parser (text, not markup),
the PDF through its extracted text.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.engine import (
    Decision,
    GameConfig,
    GameState,
    compile_scenario,
    dumps,
    load_data,
    new_game,
)
from morgenmaken.i18n import t
from morgenmaken.report import charts
from morgenmaken.report.common import amount, number, shorten, signed
from morgenmaken.report.debrief import build_debrief
from morgenmaken.report.examples import save_name
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot, play_game

COMPILED = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
runner = CliRunner()

HOSTILE_TEAM = '<script>alert("team")</script> & <b>Vet</b>'
LONG_NAME = "Wethouder" + "x" * 3000
HOSTILE_PLAYERS = ('<img src=x onerror=alert(1)>', '"Bram" & \'Cor\'', LONG_NAME)


def _play(team: str, players: tuple[str, ...], seed: int, strategy: str = "balanced",
          decision: Decision = Decision.CONSENSUS) -> GameState:
    config = GameConfig(seed=seed, players=players, team=team, decision=decision)
    return play_game(new_game(COMPILED, config), make_bot(strategy, seed))


def _save(state: GameState, folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text(dumps(state), encoding="utf-8")
    return path


class Page(HTMLParser):
    """Collects what a reader sees: the text, per table row, and the tags used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.rows: list[tuple[dict[str, str | None], list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "tr":
            self.rows.append((dict(attrs), []))
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1][1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        data = data.replace("\u2068", "").replace("\u2069", "")  # isolates show nothing
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse_html(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def team_game() -> GameState:
    return _play("De Hondsrug", ("Anna", "Bram", "Cor", "Dewi"), seed=3)


@pytest.fixture(scope="module")
def reports(team_game: GameState, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    save = _save(team_game, folder, "hondsrug.json")
    made: dict[str, Path] = {}
    for lang in ("nl", "en"):
        out = folder / lang
        result = runner.invoke(app, ["report", str(save), "--out", str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        made[f"{lang}.html"] = out / "hondsrug.html"
        made[f"{lang}.pdf"] = out / "hondsrug.pdf"
    return made


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_holds_the_decisions_and_the_final_numbers(
        lang: str, team_game: GameState, reports: dict[str, Path]) -> None:
    page = parse_html(reports[f"{lang}.html"])
    scenario = COMPILED.scenario
    text = page.all_text()
    assert "De Hondsrug" in text
    assert t("report.section.decisions", lang) in text
    assert number(team_game.score(), 1, lang) in text
    # every round in one row: its year, every adopted card (with its effect on the score)
    # and every card left on the table
    debrief = build_debrief(team_game, lang)
    rounds = {attrs.get("id"): cells for attrs, cells in page.rows
              if (attrs.get("id") or "").startswith("round-")}
    assert len(rounds) == len(team_game.rounds_log)
    for record in team_game.rounds_log:
        year, _news, adopted, rejected = rounds[f"round-{record.round}"]
        assert year == str(record.year)
        for proposal in record.proposals:
            title = scenario.card(proposal.card).title.get(lang)
            assert title in (adopted if proposal.adopted else rejected)
            if proposal.adopted:
                impact = next(i for i in debrief.story.impacts
                              if i.card == proposal.card and i.round == record.round)
                assert f"{title} ({signed(impact.score_delta, 1, lang)})" in adopted
    # the final value of every variable in the profile table
    profile = {attrs["data-variable"]: cells for attrs, cells in page.rows
               if attrs.get("data-variable") and len(cells) == 6}
    assert set(profile) == set(COMPILED.var_ids)
    for variable_id, cells in profile.items():
        assert cells[2] == number(team_game.value(variable_id), 0, lang)
        assert cells[0] == scenario.variable(variable_id).name.get(lang)
    for question in scenario.debrief_questions:
        assert question.get(lang) in text
    # self-contained: no scripts, no external resources, charts inline
    assert "script" not in page.tags
    sources = [value for name, value in page.attributes if name in ("src", "href")]
    assert sources and all(v and (v.startswith("data:image/png;base64,")
                                  or v.startswith("#")) for v in sources)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_report_holds_the_decisions_and_the_final_numbers(
        lang: str, team_game: GameState, reports: dict[str, Path]) -> None:
    text = pdf_text(reports[f"{lang}.pdf"])
    scenario = COMPILED.scenario
    assert "De Hondsrug" in text
    assert t("report.section.coming", lang, year=2042) in text
    assert number(team_game.score(), 1, lang) in text
    for card_id in team_game.adopted:
        assert scenario.card(card_id).title.get(lang) in text
    coming = build_debrief(team_game, lang).coming
    for entry in coming.variables:  # what moves after the end, with its end and projection
        if abs(entry.pipeline) >= 0.05 or abs(entry.projected - entry.end) >= 0.5:
            row = (f"{entry.name} {number(entry.end, 0, lang)} "
                   + (f"{amount(entry.pipeline, lang)} " if abs(entry.pipeline) >= 0.05 else "")
                   + number(entry.projected, 0, lang))
            assert row in text, row
    for question in scenario.debrief_questions:
        assert " ".join(question.get(lang).split()) in text
    other = "en" if lang == "nl" else "nl"
    assert t("report.section.decisions", other) not in text


def test_pdf_pages_render(reports: dict[str, Path]) -> None:
    reader = PdfReader(io.BytesIO(reports["nl.pdf"].read_bytes()))
    assert 4 <= len(reader.pages) <= 7  # about six pages, the story on the first
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.5)  # A4
    fonts = {str(font) for page in reader.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts  # fonts are embedded (Noto Sans), not left to the reader's machine


def test_hostile_names_give_a_safe_readable_report(tmp_path: Path) -> None:
    state = _play(HOSTILE_TEAM, HOSTILE_PLAYERS, seed=11, decision=Decision.VOTE)
    save = _save(state, tmp_path, "hostile.json")
    result = runner.invoke(app, ["report", str(save), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    html_path = tmp_path / "out" / "hostile.html"
    raw = html_path.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img src=x" not in raw and "<b>Vet" not in raw
    page = parse_html(html_path)
    assert "script" not in page.tags
    assert "&lt;b&gt;Vet&lt;/b&gt;" in raw
    assert not any(name.startswith("on") for name, _ in page.attributes)
    text = page.all_text()
    assert HOSTILE_TEAM in text  # shown as typed, as text
    assert HOSTILE_PLAYERS[0] in text and HOSTILE_PLAYERS[1] in text
    assert shorten(LONG_NAME) in text and LONG_NAME not in text  # readable, not a wall
    pdf = pdf_text(tmp_path / "out" / "hostile.pdf")
    assert "<script>alert" in pdf  # printed as plain text
    assert shorten(LONG_NAME)[:40] in pdf.replace(" ", "")


def test_a_dollar_in_a_name_is_not_a_formula() -> None:
    state = _play("$x^2$ team", ("$A$", "B"), seed=4)
    debriefs = [("$x^2$ team", build_debrief(state, "nl"))]
    svg = charts.render(charts.teams_chart(debriefs), "svg")
    assert svg.startswith(b"<?xml")


def test_compare_three_saved_games(tmp_path: Path) -> None:
    teams = [("Tafel 1", "balanced", 1), ("Tafel 2", "myopic", 2), ("Tafel 3", "random", 3)]
    states = [_play(name, ("A", "B", "C"), seed, strategy) for name, strategy, seed in teams]
    saves = [_save(s, tmp_path, f"t{i}.json") for i, s in enumerate(states)]
    result = runner.invoke(app, ["compare", *map(str, saves), "--out", str(tmp_path / "cmp"),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = parse_html(tmp_path / "cmp" / "compare.html")
    rows = [cells for _, cells in page.rows if len(cells) == 7 and cells[0].isdigit()]
    assert [r[1] for r in rows] == ["Tafel 1", "Tafel 2", "Tafel 3"]
    for row, state in zip(rows, states, strict=True):
        assert row[3] == number(state.score(), 1)
        assert row[4] == t("report.verdict_won" if state.won() else "report.verdict_lost", "en")
    pdf = pdf_text(tmp_path / "cmp" / "compare.pdf")
    for name, _, _ in teams:
        assert name in pdf
    for state in states:
        assert number(state.score(), 1) in pdf


def test_simulate_writes_ordinary_save_files(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    result = runner.invoke(app, ["simulate", "drenthe", "--games", "2", "--strategy", "myopic",
                                 "--seed", "7", "--save-dir", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [save_name("drenthe", "myopic", 7), save_name("drenthe", "myopic", 8)]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    scores = []
    for name in names:
        state = load_data(COMPILED, (folder / name).read_text(encoding="utf-8"))
        assert state.is_terminal()
        scores.append(state.score())
    assert summary["mean_score"] == pytest.approx(sum(scores) / 2, abs=1e-3)


@pytest.mark.parametrize(("content", "expected"), [
    (None, "bestand niet gevonden"),
    ("{kapot", "geen geldige JSON"),
    ('{"format": "morgenmaken-save"}', "geen spelbestand"),
    ('{"format": "morgenmaken-save", "scenario": "atlantis"}', "'atlantis'"),
])
def test_bad_input_is_one_clear_line_and_exit_1(tmp_path: Path, content: str | None,
                                                expected: str) -> None:
    path = tmp_path / "spel.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["report", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.output
    assert not (tmp_path / "out").exists()


def test_a_changed_scenario_is_reported_and_can_be_allowed(tmp_path: Path,
                                                           team_game: GameState) -> None:
    data = json.loads(dumps(team_game))
    data["content_hash"] = "0" * 16
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["report", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "--allow-changed" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["report", str(path), "--out", str(tmp_path / "out"),
                                 "--allow-changed", "--scenario", "drenthe"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "oud.pdf").stat().st_size > 10_000
    # The report itself says it was replayed on a changed scenario, on paper and on screen.
    note = t("report.replayed_on_changed", "nl")
    assert note in parse_html(tmp_path / "out" / "oud.html").all_text()
    assert "nagespeeld op een veranderde versie" in pdf_text(tmp_path / "out" / "oud.pdf")


def test_a_right_to_left_override_in_a_name_turns_nothing_around(tmp_path: Path) -> None:
    state = _play("Team \u202eNOOR", ("Anna\u202e", "\u05d3\u05e0\u05d4"), seed=5)
    save = _save(state, tmp_path, "bidi.json")
    result = runner.invoke(app, ["report", str(save), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "out" / "bidi.html").read_text(encoding="utf-8")
    assert "\u202e" not in raw  # the override is gone; the names are isolated instead
    assert "\u2068Team NOOR\u2069" in raw and "\u2068\u05d3\u05e0\u05d4\u2069" in raw
    assert "\u202e" not in pdf_text(tmp_path / "out" / "bidi.pdf")


def test_compare_refuses_a_broken_save_among_good_ones(tmp_path: Path,
                                                       team_game: GameState) -> None:
    good = _save(team_game, tmp_path, "goed.json")
    bad = tmp_path / "kapot.json"
    bad.write_text(re.sub(r'"actions": \[', '"actions": [["adopt", "x"], ', dumps(team_game)),
                   encoding="utf-8")
    result = runner.invoke(app, ["compare", str(good), str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "kapot.json" in result.output and "Traceback" not in result.output


def test_a_results_folder_loads_the_good_games_and_words_the_bad(
        tmp_path: Path, team_game: GameState) -> None:
    from morgenmaken.report.commands import load_folder

    _save(team_game, tmp_path, "tafel1.json")
    (tmp_path / "tafel2.json").write_text("{kapot", encoding="utf-8")
    games, problems = load_folder(tmp_path, "en")
    assert [path.name for path, _ in games] == ["tafel1.json"]
    assert games[0][1].values == team_game.values
    assert len(problems) == 1 and "tafel2.json" in problems[0]


def test_a_chart_renders_at_exact_screen_pixels(team_game: GameState) -> None:
    from PIL import Image

    debrief = build_debrief(team_game, "nl")
    png = charts.render_at(charts.timeline_chart(debrief, "gezondheid"), (1280, 600))
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1280, 600)
