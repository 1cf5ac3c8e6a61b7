"""The balance run: all cores give the same figures as one, and the report says what it should.

The figures (:mod:`morgenmaken.sim.balance`) are tested on hand-made records where the right answer
is known; the renderers on a scenario whose author-written names contain HTML; the parallel
runner against the single-process simulation it replaces.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.engine import Action, Phase, new_game
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario, load_scenario_text
from morgenmaken.sim.balance import GameRecord, aggregate, record_game
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
    assert cards["preventieakkoord_gli"].flags == ["dominant"]
    assert cards["datacenter"].flags == ["never worth playing"]
    assert cards["welzijn_op_recept"].flags == []  # balanced only: not every strategy
    assert cards["lastenverlaging"].flags == ["never played"]
    assert cards["preventieakkoord_gli"].contribution == {"myopic": 0.5, "balanced": 0.8}
    assert cards["datacenter"].score_with == {"myopic": 50.0, "balanced": None}
    assert cards["datacenter"].score_without == {"myopic": None, "balanced": 70.0}
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
    page = render_html(report, scenario)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;toeslag&quot;" in page
    assert page.count("<svg") == 3
    markdown = render_markdown(report, scenario)
    for heading in ("## Win rate and score per strategy", "## The commonest ways to lose",
                    "## Length of a game", "## Cards", "## Variables"):
        assert heading in markdown
        assert heading[3:] in page
    assert "direct* contribution" in markdown  # the method is said in the report itself


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
    assert "6 games per strategy (seeds 2–7)" in markdown
    assert html.startswith("<!DOCTYPE html>")


def test_simulate_default_is_still_one_strategy() -> None:
    result = runner.invoke(app, ["simulate", "drenthe", "--games", "3", "--workers", "1",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["strategy"] == "balanced"
    assert len(result.stdout.strip().splitlines()) == 1
