"""The balance run: all cores give the same figures as one, and the report says what it should.

The figures (:mod:`morgenmaken.sim.balance`) are tested on hand-made records where the right answer
is known; the renderers on a scenario whose author-written names contain HTML, and in both
languages (Dutch by default: no English sentence may leak into it, numbers with a decimal comma);
the parallel runner against the single-process simulation it replaces.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.engine import Action, Phase, new_game
from morgenmaken.i18n import Phrase
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario, load_scenario_text
from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.balance import GameRecord, aggregate, idle_scores, record_game
from morgenmaken.sim.parallel import results_of, run_games
from morgenmaken.sim.report import render_html, render_markdown
from morgenmaken.sim.simulate import play_one, simulate
from morgenmaken.sim.strategies import PANEL

DRENTHE = shipped_dir() / "drenthe.yaml"
STRATEGIES = ("random", "myopic", "balanced")
runner = CliRunner()


@pytest.fixture(scope="module")
def drenthe():  # type: ignore[no-untyped-def]
    return load_scenario(DRENTHE)


def test_worker_processes_give_the_same_figures_as_one_process(drenthe) -> None:  # type: ignore[no-untyped-def]
    one = run_games(drenthe, STRATEGIES, 12, seed=5, workers=1)
    many = run_games(drenthe, STRATEGIES, 12, seed=5, workers=3)
    assert one == many
    assert [r.seed for r in many["balanced"]] == list(range(5, 17))
    records = [r for name in STRATEGIES for r in many[name]]
    assert aggregate(drenthe, records) == aggregate(drenthe, list(reversed(records)))
    for name in STRATEGIES:
        assert results_of(name, many[name]).to_json() == simulate(drenthe, name, 12,
                                                                  seed=5).to_json()


def test_record_contribution_is_the_cards_own_ledger_share(drenthe) -> None:  # type: ignore[no-untyped-def]
    """Removing a card's recorded effects from the settled values gives its contribution."""
    state = play_one(drenthe, "balanced", seed=3)
    record = record_game(state, "balanced")
    adopted = dict(record.adopted)
    assert adopted and set(adopted) == set(state.adopted)
    contributions = dict(record.contributions)
    card = max(contributions, key=lambda c: abs(contributions[c]))
    own = [0.0] * len(state.values)
    for entry in (*state.ledger(), *state.pipeline()):
        if entry.source == card and entry.cause in ("card", "structural", "cost", "upkeep"):
            own[state.compiled.index[entry.variable]] += entry.delta
    settled = state.settled_values()
    lows, highs = state.compiled.lows, state.compiled.highs
    without = [min(highs[i], max(lows[i], v - own[i])) for i, v in enumerate(settled)]
    assert contributions[card] == pytest.approx(state.score_of(settled)
                                                - state.score_of(without))
    assert record.score == state.score() and record.rounds == state.round
    assert all(low <= high for low, high in zip(record.lows, record.highs, strict=True))


def test_budget_paid_and_contribution_of_one_adopted_card(drenthe) -> None:  # type: ignore[no-untyped-def]
    state = new_game(drenthe, seed=1, players=("A", "B"))
    state.apply_action(Action.propose("preventieakkoord_gli"))
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    state.apply_action(Action.adopt("preventieakkoord_gli"))
    state.apply_action(Action.done())
    while not state.is_terminal():
        state.apply_action(state.legal_actions()[-1])  # pass / done
    record = record_game(state, "test")
    assert dict(record.adopted) == {"preventieakkoord_gli": 1}
    assert dict(record.spent) == {"preventieakkoord_gli": 6.0}
    assert dict(record.contributions)["preventieakkoord_gli"] > 0


def _record(strategy: str, seed: int, score: float, won: bool, adopted: dict[str, float],
            outcome: str = "completed", rounds: int = 8, n: int = 19) -> GameRecord:
    return GameRecord(strategy, seed, score, won, outcome, rounds,
                      proposed=tuple((c, 1) for c in sorted(adopted)),
                      adopted=tuple((c, 1) for c in sorted(adopted)),
                      contributions=tuple(sorted(adopted.items())),
                      spent=tuple((c, 2.0) for c in sorted(adopted)),
                      lows=(10.0,) * n, highs=(90.0,) * n, finals=(50.0,) * n,
                      critical=(seed % 2 == 0,) * n)


def _said(phrases: Iterable[Phrase], lang: str = "en") -> list[str]:
    """Flags or suggestions as a reader in `lang` reads them."""
    return [words.text(lang) for words in phrases]


def test_flags_and_ways_to_lose_from_known_records(drenthe) -> None:  # type: ignore[no-untyped-def]
    records = []
    for seed in range(10):
        # 'preventieakkoord_gli' is in every myopic and balanced game: dominant.
        # 'datacenter' lowers the score wherever it is adopted: never worth playing.
        records.append(_record("myopic", seed, 50.0, False,
                               {"preventieakkoord_gli": 0.5, "datacenter": -1.0},
                               outcome="bankroet" if seed < 3 else "completed"))
        records.append(_record("balanced", seed, 70.0, True, {"preventieakkoord_gli": 0.8,
                                                               "welzijn_op_recept": 0.3}))
    report = aggregate(drenthe, records)
    cards = {c.id: c for c in report.cards}
    assert _said(cards["preventieakkoord_gli"].flags) == ["dominant"]
    assert _said(cards["datacenter"].flags) == ["never worth playing"]
    assert _said(cards["datacenter"].flags, "nl") == ["nooit de moeite waard"]
    assert cards["welzijn_op_recept"].flags == []  # balanced only: not every strategy
    assert _said(cards["lastenverlaging"].flags) == ["never played"]
    assert cards["preventieakkoord_gli"].contribution == {"myopic": 0.5, "balanced": 0.8}
    # Net: the run buys (0.5 + -1.0 + 0.8 + 0.3) * 10 points with 2 M€ per card adopted.
    rate = (0.5 - 1.0 + 0.8 + 0.3) * 10 / (2.0 * 40)
    assert report.points_per_budget == pytest.approx(rate)
    assert cards["datacenter"].net["myopic"] == pytest.approx(-1.0 - 2.0 * rate)
    myopic = report.strategy("myopic")
    assert myopic.losses == (("below_threshold", 7), ("collapse:bankroet", 3))
    assert myopic.win_rate == 0 and myopic.passes_bar() is True
    assert report.strategy("balanced").passes_bar() is True and report.passes_bar()
    assert [s.strategy for s in report.strategies] == ["myopic", "balanced"]
    assert report.variables[0].critical_share["myopic"] == 0.5


def test_report_escapes_what_authors_write(tmp_path: Path) -> None:
    text = DRENTHE.read_text(encoding="utf-8").replace(
        'title: {nl: "Eenmalige energietoeslag"',
        'title: {nl: "<script>alert(1)</script> & \\"toeslag\\""', 1)
    scenario = load_scenario_text(text)
    records = [r for records in run_games(scenario, STRATEGIES, 4, workers=1).values()
               for r in records]
    report = aggregate(scenario, records)
    assert "<script>" not in render_html(report, scenario, "en")  # its English title
    page = render_html(report, scenario)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;toeslag&quot;" in page
    page = render_html(report, scenario, "en")
    shown = [s.strategy for s in report.strategies]
    assert page.count("<svg") == 2 * len(shown)  # a histogram and a lens chart each
    markdown = render_markdown(report, scenario, "en")
    for heading in ("## What to change", "## Win rate and score per strategy",
                    "## Win threshold", "## Why games are lost", "## The lenses over the rounds",
                    "## Length of a game", "## Cards", "## Variables"):
        assert heading in markdown
        assert heading[3:] in page
    assert "*direct* contribution" in markdown  # the method is said in the report itself
    assert "<em>direct</em> contribution" in page and "*direct*" not in page


def test_simulate_writes_the_balance_report_and_keeps_the_json_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", str(DRENTHE), "--games", "6", "--seed", "2",
                                 "--workers", "2", "--report", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [line["strategy"] for line in lines] == list(PANEL)  # all, with --report
    for key in ("strategy", "games", "wins", "win_rate", "mean_score"):
        assert key in lines[-1]
    markdown = (tmp_path / "drenthe-balance.md").read_text(encoding="utf-8")
    html = (tmp_path / "drenthe-balance.html").read_text(encoding="utf-8")
    assert "6 spellen per strategie (seeds 2–7)" in markdown  # Dutch, as the command's --lang
    assert html.startswith("<!DOCTYPE html>")


def test_simulate_default_is_still_one_strategy() -> None:
    result = runner.invoke(app, ["simulate", "drenthe", "--games", "3", "--workers", "1",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["strategy"] == "balanced"
    assert len(result.stdout.strip().splitlines()) == 1


def _flowing(strategy: str, seed: int, rounds: int, budget_rows: list[float],
             **fields: object) -> GameRecord:
    """A bankrupt game: the budget's flow per round, the last row below zero."""
    flow = tuple((r + 1, value, (("trend +", 25.0), ("upkeep", -2.0 * (r + 1)),
                                 ("event", -10.0 if r + 1 == rounds else 0.0)))
                 for r, value in enumerate(budget_rows))
    base = _record(strategy, seed, 40.0, False, {}, outcome="bankroet", rounds=rounds)
    return dataclasses.replace(base, qualifies=False, watched="budget", flow=flow, **fields)


def test_ways_to_lose_give_the_round_and_the_median_games_flow(drenthe) -> None:  # type: ignore[no-untyped-def]
    records = [_flowing("balanced", seed, rounds, [10.0] * (rounds - 1) + [-3.0])
               for seed, rounds in enumerate((3, 4, 4, 4, 6))]
    records += [dataclasses.replace(_record("balanced", 10 + i, 70.0, True, {}),
                                    qualifies=True) for i in range(15)]
    report = aggregate(drenthe, records)
    balanced = report.strategy("balanced")
    (loss,) = balanced.loss_details
    assert loss.way == "collapse:bankroet" and loss.games == 5
    assert (loss.median_round, loss.first_round, loss.last_round) == (4, 3, 6)
    assert loss.seed == 2  # ordered by round then seed: 0(3), 1(4), 2(4), 3(4), 4(6)
    assert loss.flow[-1][1] == -3.0 and dict(loss.flow[-1][2])["event"] == -10.0
    advice = [text for text in _said(report.suggestions) if "bankrupt" in text]
    income = next(t.per_round for t in drenthe.trends if t.id == "rijksbijdrage")
    assert advice == [f"raise `trends.rijksbijdrage.per_round` (now {income:g}) or lower upkeep ("
                      + ", ".join(f"`cards.{c.id}.upkeep` {c.upkeep:g}" for c in sorted(
                          (c for c in drenthe.cards if c.upkeep), key=lambda c: -c.upkeep)[:2])
                      + "): the balanced team is bankrupt (bankroet) around round 4 (3–6) "
                        "in 25 % of games"]
    markdown = render_markdown(report, drenthe, "en")
    assert "| round | trend + | upkeep | event | budget at the end |" in markdown
    assert "The median game of this way (seed 2)" in markdown
    assert "| 4 | +25.0 | −" not in markdown  # English keeps the ASCII sign it always had
    assert "| 4 | +25.0 | -8.0 | -10.0 | -3.0 |" in markdown
    dutch = render_markdown(report, drenthe)  # Dutch by default
    assert "| ronde | trend + | onderhoud | gebeurtenis | budget aan het eind |" in dutch
    assert "| 4 | +25,0 | −8,0 | −10,0 | −3,0 |" in dutch
    assert "rond ronde 4 (3–6) in 25% van de spellen" in dutch


def test_threshold_table_marks_the_range_that_meets_every_bar(drenthe) -> None:  # type: ignore[no-untyped-def]
    """myopic (naive) scores 50–59, balanced 60–69: thresholds above 57.5 keep myopic at
    most 25 %, and up to 62.5 balanced wins at least 70 %."""
    records = []
    for seed in range(10):
        records.append(dataclasses.replace(_record("myopic", seed, 50.0 + seed, False, {}),
                                           qualifies=True))
        records.append(dataclasses.replace(_record("balanced", seed, 60.0 + seed, True, {}),
                                           qualifies=True))
    report = aggregate(drenthe, records, idle=[40.0, 42.0, 44.0])
    myopic, balanced = report.strategy("myopic"), report.strategy("balanced")
    assert (myopic.win_rate_at(57.5), myopic.win_rate_at(58.0)) == (0.2, 0.2)
    assert (myopic.win_rate_at(57.0), balanced.win_rate_at(63.0)) == (0.3, 0.7)
    assert balanced.win_rate_at(63.5) == 0.6
    assert len(report.thresholds) >= 8
    for row in report.thresholds:
        assert row.passes == (57 < row.threshold <= 63), row
        assert row.rates == {"myopic": myopic.win_rate_at(row.threshold),
                             "balanced": balanced.win_rate_at(row.threshold)}
    passing = [row.threshold for row in report.thresholds if row.passes]
    assert report.passing == (min(passing), max(passing))
    assert report.idle_score == 42.0
    drenthe_threshold = drenthe.score.win_threshold
    low, high = report.passing
    advice = [text for text in _said(report.suggestions) if "`score.win_threshold`" in text]
    assert bool(advice) == (not low <= drenthe_threshold <= high)
    if advice:
        assert f"between {low:g} and {high:g}" in advice[0]
    assert "A team that does nothing scores 42.0" in render_markdown(report, drenthe, "en")
    assert "Een team dat niets doet, scoort 42,0" in render_markdown(report, drenthe, "nl")


def test_tags_that_disagree_with_the_figures_are_flagged(drenthe) -> None:  # type: ignore[no-untyped-def]
    tagged = {c.id: c.tags for c in drenthe.cards}
    quick = next(c for c, tags in tagged.items() if "quick_win" in tags)
    invest = next(c for c, tags in tagged.items() if "investering" in tags)
    records = []
    for seed in range(10):
        records.append(_record("myopic", seed, 50.0, False, {quick: 1.0, invest: -0.5}))
        records.append(_record("balanced", seed, 70.0, True, {quick: 2.0, invest: -0.2}))
    cards = {c.id: c for c in aggregate(drenthe, records).cards}
    assert "tagged quick_win but dominant" in _said(cards[quick].flags)
    assert "tagged investering but never worth playing" in _said(cards[invest].flags)
    assert "getagd investering maar nooit de moeite waard" in _said(cards[invest].flags, "nl")


def test_variable_range_agrees_with_the_games_that_ended_below_zero(drenthe) -> None:  # type: ignore[no-untyped-def]
    budget = [v.id for v in drenthe.variables].index("budget")
    n = len(drenthe.variables)
    records = []
    for seed in range(10):
        finals = [50.0] * n
        finals[budget] = -4.0 if seed < 2 else 12.0
        lows = [10.0] * n
        lows[budget] = min(5.0, finals[budget])
        records.append(dataclasses.replace(_record("balanced", seed, 60.0, True, {}, n=n),
                                           finals=tuple(finals), lows=tuple(lows)))
    (figures,) = [v for v in aggregate(drenthe, records).variables if v.id == "budget"]
    assert figures.below_zero == {"balanced": 0.2}
    assert figures.lowest["balanced"] == -4.0


def test_record_range_includes_the_final_values(drenthe) -> None:  # type: ignore[no-untyped-def]
    for seed in range(6):
        state = play_one(drenthe, "everything", seed=seed)
        record = record_game(state, "everything")
        assert all(low <= final <= high for low, final, high
                   in zip(record.lows, record.finals, record.highs, strict=True))
        assert len(record.lens_rounds) == state.round + 1 or state.outcome != "completed"


def test_idle_score_is_a_game_without_cards(drenthe) -> None:  # type: ignore[no-untyped-def]
    (score,) = idle_scores(drenthe, [4])
    nothing = play_one(drenthe, "nothing", seed=4)
    assert score == pytest.approx(nothing.score())
    assert not nothing.adopted


def test_a_real_run_answers_what_to_change(tmp_path: Path) -> None:
    """One real run on the tutorial: every section is there and names numbers in the file."""
    result = runner.invoke(app, ["simulate", "tutorial", "--games", "8", "--workers", "1",
                                 "--report", str(tmp_path)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "tutorial-balance.md").read_text(encoding="utf-8")
    page = (tmp_path / "tutorial-balance.html").read_text(encoding="utf-8")
    for name in PANEL:
        assert f"| {name} |" in markdown
    assert "Een team dat niets doet, scoort" in markdown
    todo = markdown.split("## Wat te veranderen", 1)[1].split("\n## ", 1)[0]
    assert "`score.win_threshold`" in todo or "`cards." in todo or "Niets:" in todo
    tutorial = load_scenario(shipped_dir() / "tutorial.yaml")
    _assert_dutch(markdown, tutorial)
    _assert_dutch(page, tutorial)
    assert "score with" not in markdown
    assert "**" not in page and re.search(r"(?<![\w*])\*[a-z]", page) is None


#: Words of the English report that the Dutch one must not hold, once code (`...`), strategy
#: ids (the panel's names, as --strategy takes them) and markup are taken out. Words that are
#: Dutch too (in, is, of, team, score, budget, trend, dominant, seed, tags, consensus) are not
#: listed.
ENGLISH = re.compile(
    r"\b(the|and|games?|rounds?|strategy|strategies|threshold|bar|below|above|"
    r"collapses?|won|lost|share|when|cards?|flagged|never|tagged|but|played|worth|raise|"
    r"lower|give|make|look|every|what|with|Verdict|report|Balance|mean|quartiles|kind|net|"
    r"paid|went|ended|points?|median|variables?|category|contribution|adopted|role|way|"
    r"losing|change|Nothing|bankrupt|level|length|lenses|passes|pass|does|NOT|all|none|"
    r"are|at|by|to|from|on|for|players?|decision|long-sighted|naive|thoughtful|"
    r"balanced|about|more|its|it)\b", re.IGNORECASE)


def _prose(text: str, scenario: Scenario | None = None) -> str:
    """The words a reader reads: no code, no markup or CSS, no strategy ids, and none of the
    names the author wrote in `scenario` (a card may be called 'Right to Challenge')."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)
    if scenario is not None:
        names = [*(c.title.nl for c in scenario.cards),
                 *(v.name.nl for v in scenario.variables), *(r.name.nl for r in scenario.roles),
                 *(e.text.nl for e in scenario.end_conditions),
                 *(c.name.nl for c in scenario.score.components), scenario.title.nl]
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, " ").replace(escape(name), " ")
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', text))
    text = re.sub(r"<code>.*?</code>|`[^`]*`", " ", text + " " + labels)
    text = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&")
    for name in sorted(PANEL, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text)
    return text


def _assert_dutch(text: str, scenario: Scenario | None = None) -> None:
    prose = _prose(text, scenario)
    leaked = sorted(set(ENGLISH.findall(prose)))
    assert leaked == [], f"English words in the Dutch report: {leaked}"
    assert re.search(r"\d\.\d", prose) is None, "a decimal point in the Dutch report"
    assert re.search(r"\d,\d", prose), "no decimal comma in the Dutch report"


@pytest.fixture(scope="module")
def full_report(drenthe):  # type: ignore[no-untyped-def]
    """A report with every section filled: real games of three strategies, bankrupt games with
    their flow, a dominant and a never-worth card, and tags the figures contradict."""
    records = [r for group in run_games(drenthe, STRATEGIES, 3, workers=1).values()
               for r in group]
    tagged = {c.id: c.tags for c in drenthe.cards}
    quick = next(c for c, tags in tagged.items() if "quick_win" in tags)
    invest = next(c for c, tags in tagged.items() if "investering" in tags)
    records = [dataclasses.replace(r, seed=r.seed + 100) for r in records]
    records += [_flowing("balanced", seed, rounds, [10.0] * (rounds - 1) + [-3.5])
                for seed, rounds in enumerate((3, 4, 4, 4, 6))]
    for seed in range(10, 20):
        records.append(_record("myopic", seed, 50.5, False, {quick: 1.0, invest: -0.5}))
        records.append(_record("balanced", seed, 70.5, True, {quick: 2.0, invest: -0.2}))
    return aggregate(drenthe, records, idle=[40.5, 42.25])


def test_the_dutch_report_has_no_english_and_a_decimal_comma(drenthe, full_report) -> None:  # type: ignore[no-untyped-def]
    report = full_report
    assert report.suggestions and any(c.flags for c in report.cards)
    assert any(loss.flow for s in report.strategies for loss in s.loss_details)
    for text in (render_markdown(report, drenthe), render_html(report, drenthe),
                 render_markdown(report, drenthe, "nl")):
        _assert_dutch(text, drenthe)
    dutch = render_markdown(report, drenthe)
    assert "## Wat te veranderen" in dutch and "## Kaarten" in dutch
    assert "getagd quick_win maar lonend voor vooruitziend spel" in dutch
    assert "het team balanced gaat failliet (bankroet)" in dutch and "−" in dutch
    for suggestion in _said(report.suggestions, "nl"):
        _assert_dutch(suggestion + " 0,5")  # each advice on its own, too


def test_the_english_report_is_english(drenthe, full_report) -> None:  # type: ignore[no-untyped-def]
    """The same report in English: its words, a decimal point and no Dutch of the report's
    own (scenario names are Dutch in drenthe's English where it has none, so only the
    report's words are checked)."""
    for text in (render_markdown(full_report, drenthe, "en"),
                 render_html(full_report, drenthe, "en")):
        prose = _prose(text)
        assert re.search(r"\d\.\d", prose) and "## Wat" not in text
        for dutch in ("spellen", "strategie ", "ronde ", "Oordeel", "winstdrempel",
                      "nooit", "getagd", "kaarten", "gemiddeld"):
            assert dutch not in prose, dutch
        assert "What to change" in text and "tagged quick_win but pays off" in text
