"""Page one of the report tells the story, and its numbers are the engine's.

A trainer runs the debrief from the first page alone, so every part of the story must be on
it — in the HTML's story section and on page 1 of the PDF (its extracted text, as a reader
sees it) — for a game that was won and one that was lost, in Dutch and in English. The
numbers are computed here from the engine (score parts, replays without each decision, the
groups' history, the ledger, the budget), not taken from the debrief the report was made of.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from morgenmaken.engine import Cause, GameConfig, GameState, compile_scenario, new_game
from morgenmaken.engine.whatif import what_if
from morgenmaken.i18n import t
from morgenmaken.report.commands import write_report
from morgenmaken.report.common import number, signed
from morgenmaken.report.debrief import (
    alternative_actions,
    build_debrief,
    what_if_comparison,
)
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.scenario.models import Category
from morgenmaken.sim.bots import make_bot, play_game
from tests.test_report import Page

COMPILED = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
SCENARIO = COMPILED.scenario
#: A balanced team that wins, a short-sighted one that loses without meeting a role goal.
GAMES = {"won": ("balanced", 2, "De Brug"), "lost": ("myopic", 1, "Het Veen")}
LANGS = ("nl", "en")


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Written:
    """One report as a reader gets it: the HTML's story section, by element id, and the PDF."""

    story: dict[str, str]  # element id -> its text ("" for the whole section)
    parts: dict[str, list[str]]  # score component id -> the cells of its row
    html: str  # the whole HTML page's text
    page_one: str  # the PDF's first page
    pdf: str  # the whole PDF


class Ids(Page):
    """The text inside every element with an id (nested ids each get their own text)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.by_id: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        ident = dict(attrs).get("id")
        if tag not in ("br", "img", "meta"):
            self.open.append((tag, ident))
            if ident:
                self.by_id.setdefault(ident, [])

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        while self.open:
            opened, _ = self.open.pop()
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][0] in ("style", "script"):
            return  # not text a reader sees
        super().handle_data(data)
        for _, ident in self.open:
            if ident:
                self.by_id[ident].append(data)


@pytest.fixture(scope="module")
def games() -> dict[str, GameState]:
    made = {}
    for kind, (strategy, seed, team) in GAMES.items():
        config = GameConfig(seed=seed, players=("Anna", "Bram", "Cor", "Dewi"), team=team)
        made[kind] = play_game(new_game(COMPILED, config), make_bot(strategy, seed))
    assert made["won"].won() and not made["lost"].won()  # the fixtures are what they say
    assert not made["lost"].goals_met()
    return made


@pytest.fixture(scope="module")
def written(games: dict[str, GameState], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[tuple[str, str], Written]:
    folder = tmp_path_factory.mktemp("story")
    made = {}
    for kind, state in games.items():
        for lang in LANGS:
            first = state.action_rounds[0]
            _, comparison = what_if_comparison(
                state, first, alternative_actions(state, first, []), lang)
            paths = write_report(build_debrief(state, lang), folder / f"{kind}-{lang}", kind,
                                 [comparison])
            pdf_path, html_path = paths
            raw = html_path.read_text(encoding="utf-8")
            page = Ids()
            page.feed(raw)
            story = {ident: _flat(" ".join(texts)) for ident, texts in page.by_id.items()}
            parts = {attrs["data-part"] or "": cells for attrs, cells in page.rows
                     if attrs.get("data-part")}
            reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
            pages = [_flat(p.extract_text() or "") for p in reader.pages]
            made[(kind, lang)] = Written(story, parts, page.all_text(), pages[0],
                                         " ".join(pages))
    return made


CASES = [(kind, lang) for kind in GAMES for lang in LANGS]


def _share(weight: float, lang: str) -> str:
    whole = abs(weight * 100 - round(weight * 100)) < 0.05
    return f"{number(weight * 100, 0 if whole else 1, lang)}%"


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_says_won_or_lost_and_by_how_much(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    score, threshold = state.score(), COMPILED.win_threshold
    verdict = t("report.verdict_won" if state.won() else "report.verdict_lost", lang)
    key = "story.won_by" if state.won() else "story.lost_by"
    headline = t(key, lang, score=number(score, 1, lang), threshold=number(threshold, 0, lang),
                 margin=number(abs(score - threshold), 1, lang))
    for text in (report.story["story"], report.page_one):
        assert verdict in text
        assert headline in text
    assert report.story["score"] == headline


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_gives_the_score_part_by_part(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    threshold = COMPILED.win_threshold
    weights = {c.id: c.weight for c in COMPILED.components}
    names = {c.id: c.name.get(lang) for c in SCENARIO.score.components}
    parts = state.score_parts()
    assert len(report.parts) == len(parts) >= 3
    total = 0.0
    for cid, value in parts:
        weight = weights[cid]
        total += weight * value
        row = [names[cid], number(value, 0, lang), _share(weight, lang),
               number(weight * value, 1, lang), number(weight * threshold, 1, lang)]
        assert report.parts[cid][:5] == row
        assert " ".join(row) in report.page_one
        short = weight * value < weight * threshold - 1e-9
        verdict = report.parts[cid][5]
        assert verdict in (t("story.short", lang), t("story.enough", lang)) or (
            verdict.startswith(t("story.below_level", lang, level="").strip()))
        if verdict in (t("story.short", lang), t("story.enough", lang)):
            assert verdict == t("story.short" if short else "story.enough", lang)
    # the parts and the role goals' bonus add up to the score the engine gives
    bonus = COMPILED.goal_bonus * len(state.goals_met())
    assert min(100.0, total + bonus) == pytest.approx(state.score(), abs=1e-6)
    goals = [r.name.get(lang) for r in SCENARIO.roles if r.id in state.goals_met()]
    line = (t("story.goal_bonus", lang, goals=", ".join(goals),
              points=number(bonus, 0, lang)) if goals else t("story.no_goals", lang))
    assert report.story["goals"] == line
    assert line in report.page_one


def _score_deltas(state: GameState) -> list[tuple[int, str, float]]:
    """Every adoption with what it did to the score: the game replayed without it."""
    found = []
    for record in state.rounds_log:
        if record.round not in state.action_rounds:
            continue
        adopted = [p.card for p in record.proposals if p.adopted]
        for card in adopted:
            others = [c for c in adopted if c != card]
            branch = what_if(state, record.round,
                             alternative_actions(state, record.round, others))
            found.append((record.round, card, state.score() - branch.score()))
    return found


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_names_the_decisions_that_helped_and_cost_most(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    deltas = _score_deltas(state)
    assert deltas
    helped = sorted((d for d in deltas if d[2] >= 0.05), key=lambda d: -d[2])[:3]
    cost = sorted((d for d in deltas if d[2] <= -0.05), key=lambda d: d[2])[:3]
    for ident, chosen, empty in (("helped", helped, "story.none_helped"),
                                 ("cost", cost, "story.none_cost")):
        section = report.story[ident]
        if not chosen:
            assert t(empty, lang) in section
            continue
        for round_number, card, delta in chosen:
            title = SCENARIO.card(card).title.get(lang)
            year = SCENARIO.year_of_round(round_number)
            shown = f"{year} · {title}"
            assert shown in section and shown in report.page_one
            score = t("story.impact", lang, year=year, title=title, role="", score="")
            assert score.split("(")[0].strip() in section
            assert f"{signed(delta, 1, lang)}" in section
        # most first: the order on the page is the order of the score effects
        positions = [section.index(SCENARIO.card(c).title.get(lang)) for _, c, _ in chosen]
        assert positions == sorted(positions)
    assert helped or cost  # a game where nothing mattered would test nothing


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_says_who_was_left_behind(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    start = state.history()[0]
    groups = [(i, v) for i, v in enumerate(SCENARIO.variables)
              if v.category == Category.VERDELING]
    changes = {v.id: state.values[i] - start[i] for i, v in groups}
    worst_index, worst = min(groups, key=lambda g: (changes[g[1].id], state.values[g[0]]))
    change = changes[worst.id]
    key = "story.group_fell" if change < -0.05 else "story.group_rose_least"
    line = t(key, lang, name=worst.name.get(lang), start=number(start[worst_index], 0, lang),
             end=number(state.values[worst_index], 0, lang), change=signed(change, 0, lang))
    assert line in report.story["left-behind"]
    assert line in report.page_one
    for _, other in groups:  # the other groups, each with its change
        if other.id != worst.id:
            shown = f"{other.name.get(lang)} {signed(changes[other.id], 0, lang)}"
            assert shown in report.story["left-behind"]


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_says_what_is_left_for_later_and_unspent(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    end_year = SCENARIO.start_year + len(state.rounds_log) * SCENARIO.years_per_round
    heading = t("story.later", lang, year=end_year)
    assert heading in report.page_one
    later = report.story["later"]
    for variable in SCENARIO.variables:  # every capital for later, from its value at the end
        if variable.category == Category.LATER:
            capital = t("story.capital", lang, name=variable.name.get(lang),
                        end=number(state.value(variable.id), 0, lang), projected="")
            assert capital.strip() in later
            assert capital.strip() in report.page_one
    settings = SCENARIO.settings
    spent = -sum(e.delta for e in state.ledger(settings.budget)
                 if e.cause in (Cause.COST, Cause.UPKEEP) and e.delta < 0)
    assert spent > 0
    line = t("story.unspent_line" if state.budget >= 0 else "story.overspent_line", lang,
             budget=SCENARIO.variable(settings.budget).name.get(lang),
             unspent=number(state.budget, 0, lang), spent=number(spent, 0, lang),
             draagvlak=SCENARIO.variable(settings.draagvlak).name.get(lang),
             support=number(state.draagvlak, 0, lang))
    assert report.story["unspent"] == line
    assert line in report.page_one


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_page_one_holds_every_part_and_speaks_one_language(
        kind: str, lang: str, written: dict[tuple[str, str], Written]) -> None:
    report = written[(kind, lang)]
    other = "en" if lang == "nl" else "nl"
    for key in ("story.parts", "story.helped", "story.cost", "story.left_behind",
                "story.unspent"):
        assert t(key, lang) in report.page_one, key
        assert t(key, other) not in report.pdf
        assert t(key, other) not in report.html
    # page one is the story only: the rest of the report starts on a page of its own
    assert t("report.section.profile", lang) not in report.page_one


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_the_teams_what_if_is_in_the_report(
        kind: str, lang: str, games: dict[str, GameState],
        written: dict[tuple[str, str], Written]) -> None:
    state, report = games[kind], written[(kind, lang)]
    first = state.action_rounds[0]
    branch = what_if(state, first, alternative_actions(state, first, []))
    year = SCENARIO.year_of_round(first)
    adopted = ", ".join(SCENARIO.card(p.card).title.get(lang)
                        for r in state.rounds_log if r.round == first
                        for p in r.proposals if p.adopted)
    item = t("rep.whatif_item", lang, round=first, year=year, original=adopted,
             branch=t("rep.whatif_nothing", lang))
    def word(won: bool) -> str:
        return t("report.verdict_won" if won else "report.verdict_lost", lang)

    scores = t("rep.whatif_scores", lang, original=number(state.score(), 1, lang),
               original_verdict=word(state.won()), branch=number(branch.score(), 1, lang),
               branch_verdict=word(branch.won()))
    for text in (report.story["whatifs"], report.pdf):
        assert item in text
        assert scores in text
    assert t("rep.whatif_none", lang) not in report.pdf
    assert re.search(r"\d", report.story["whatifs"])


#: Forms of address other than "jullie" (the reports speak to the team as a group).
OTHER_ADDRESS = re.compile(r"(?<![\w'-])(u|uw|je|jij|jou|jouw|jezelf|uzelf)(?![\w'-])",
                           re.IGNORECASE)
#: An ASCII hyphen used as a minus sign: before a digit, not inside a word or a range.
ASCII_MINUS = re.compile(r"(?<![\w-])-\d")
#: A decimal point where Dutch writes a comma.
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


def style_problems(text: str) -> list[str]:
    """What breaks the one number style and the one form of address, in context."""
    found = []
    for pattern in (OTHER_ADDRESS, ASCII_MINUS, DECIMAL_POINT):
        for match in pattern.finditer(text):
            found.append(text[max(0, match.start() - 30):match.end() + 30])
    return found


def test_style_check_finds_what_it_is_for() -> None:
    assert style_problems("Wat heeft u gedaan met uw budget?")
    assert style_problems("Kijk of je het ziet") and style_problems("score -15 punten")
    assert style_problems("score 52.7") and style_problems("(-1)")
    assert not style_problems("Wat hebben jullie gedaan? Score 52,7 (−1), 2026-2042, CO₂-uitstoot")


@pytest.mark.parametrize("kind", list(GAMES))
def test_dutch_game_report_has_one_number_style_and_says_jullie(
        kind: str, written: dict[tuple[str, str], Written]) -> None:
    report = written[(kind, "nl")]
    assert style_problems(report.html) == []
    assert style_problems(report.pdf) == []


def test_dutch_werksessie_report_has_one_number_style_and_says_jullie(tmp_path: Path) -> None:
    import random

    from morgenmaken.report.werksessie import write_session_report
    from morgenmaken.werksessie.model import model_contrasts
    from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
    from morgenmaken.werksessie.session import new_session

    path = resolve_plan("voorbeeldplan")
    session = new_session(prepare_plan(load_plan(path), path),
                          [f"Deelnemer {i}" for i in range(1, 5)])
    rng = random.Random(2)
    for measure in session.measures[:3]:
        for person in session.participants:
            for dimension in session.dimensions:
                session.rate(measure.id, person, dimension.id,
                             rng.choice([-2, -1, 0, 1, 2, None]))
            session.submit(measure.id, person)
        session.start_agreement(measure.id)
        session.argue(measure.id, "Het helpt de regio.", "Wat kost het later?")
        session.close(measure.id)
    paths = write_session_report(session, tmp_path, "nl", model_contrasts(session, SCENARIO))
    for written_path in paths:
        if written_path.suffix == ".html":
            page = Ids()
            page.feed(written_path.read_text(encoding="utf-8"))
            text = page.all_text()
        elif written_path.suffix == ".pdf":
            reader = PdfReader(io.BytesIO(written_path.read_bytes()))
            text = _flat(" ".join(p.extract_text() or "" for p in reader.pages))
        else:
            continue  # the CSV keeps ASCII numbers on purpose, so they stay numbers
        assert text and style_problems(text) == [], written_path.name
