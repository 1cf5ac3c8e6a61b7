"""The best fixed plan: a ceiling for every strategy that ignores the region and the news."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.engine import CompiledScenario, compile_scenario
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.fixed_plan import FixedPlan, best_fixed_plan, plan_of, play_plan, win_rate
from morgenmaken.sim.simulate import play_one

TUTORIAL = shipped_dir() / "tutorial.yaml"
runner = CliRunner()


def tutorial() -> CompiledScenario:
    return compile_scenario(load_scenario(TUTORIAL))


def test_a_plan_plays_its_cards_in_its_rounds_and_skips_what_it_cannot_pay() -> None:
    compiled = tutorial()
    # Round 1 has 6 M€: the brook valley (5 M€) is adopted, the courtyard homes after it
    # (5 M€) can no longer be paid and are not played; the tiles are the brook valley's role's
    # second card, and a role proposes one card a round. Round 2 plays its own card.
    plan = FixedPlan((("beekherstel", "knarrenhof", "tegels_eruit"), ("energiecooperatie",), ()))
    state = play_plan(compiled, plan, seed=3)
    assert state.is_terminal()
    assert state.adopted == {"beekherstel": [1], "energiecooperatie": [2]}


def test_the_plan_of_a_game_replays_that_game_when_the_news_is_the_same() -> None:
    compiled = tutorial()
    game = play_one(compiled, "weighted_sum", seed=5)
    replay = play_plan(compiled, plan_of(game), seed=5)
    assert replay.adopted == game.adopted
    assert replay.score() == game.score()


def test_the_search_reports_the_exact_rate_of_its_plan_and_beats_every_start() -> None:
    compiled = tutorial()
    seeds = range(1, 21)
    found = best_fixed_plan(compiled, games=20, seed=1)
    assert found.win_rate == win_rate(compiled, found.plan, seeds)
    for strategy in ("weighted_sum", "balanced", "nothing"):
        start = plan_of(play_one(compiled, strategy, seed=1))
        assert found.win_rate >= win_rate(compiled, start, seeds)
    assert found.plans_tried > 20  # it climbed, not only judged the starts
    again = best_fixed_plan(compiled, games=20, seed=1)
    assert again == found  # the same seeds and search seed give the same answer


def test_simulate_fixed_plan_names_the_cards_and_says_what_it_means() -> None:
    """Kansengelijkheid still has one plan that wins whatever the news (issue 10): the
    command says so, and lists the plan by the cards' titles, round by round."""
    scenario = load_scenario(shipped_dir() / "kansengelijkheid.yaml")
    for lang, found, verdict, nothing in (("nl", "Beste vaste plan gevonden", "één goed antwoord",
                                           "niets"),
                                          ("en", "Best fixed plan found", "one right answer",
                                           "nothing")):
        result = runner.invoke(app, ["simulate", "kansengelijkheid", "--fixed-plan", "--games",
                                     "5", "--seed", "1", "--lang", lang])
        assert result.exit_code == 0, result.output
        assert found in result.output
        assert verdict in result.output
        titles = {card.title.get(lang) for card in scenario.cards}
        lines = [line.split(": ", 1)[1] for line in result.output.splitlines()
                 if line.strip().startswith(("Ronde ", "Round "))]
        assert len(lines) == scenario.rounds
        planned = [line for line in lines if line != nothing]
        assert planned
        for line in planned:  # each line lists cards by their titles (a title may hold a comma)
            rest = line
            for title in sorted(titles, key=len, reverse=True):
                rest = rest.replace(title, "")
            assert set(rest) <= {",", " "}, (line, rest)


def test_simulate_fixed_plan_says_when_no_plan_wins_often(tmp_path: Path) -> None:
    data = yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))
    for component in data["score"]["components"]:
        if "at_least" in component:
            component["at_least"] = 95  # no plan reaches this: none wins
    path = tmp_path / "onhaalbaar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["simulate", str(path), "--fixed-plan", "--games", "5"])
    assert result.exit_code == 0, result.output
    assert "wint 0 van 5 spellen (0,0 %)" in result.output
    assert "Geen gevonden vast plan wint meer dan 25 %" in result.output
