"""The lesson holds on every shipped scenario: the strategy panel keeps to its bars.

Every strategy of :data:`morgenmaken.sim.strategies.PANEL` plays ``GAMES`` games per shipped
scenario (4 players, consensus, seeds 1..GAMES, so the figures are the same on every run) and
is held to the bar of its kind: a naive or one-sided strategy wins at most 25 %, the
long-sighted balanced player at least 70 %, the thoughtful team 40-80 %. Where a player of a
team of two holds more roles than may speak a round (``proposals_per_player``), the panel is
held to the same bars with two players.

100 games give a standard error of about 4-5 points on a win rate, so a figure here is a
design check that runs in a couple of minutes, not a proof: ``morgenmaken simulate --strategy
all --games 300`` gives the issue's figures. Pairs that do not meet their bar yet are listed
in ``KNOWN_GAPS`` and marked as expected failures (strict: once one meets its bar, the test
says so, and the pair must leave the list): a gap is on record where everyone sees it, never
hidden by leaving a strategy out of the panel.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from morgenmaken.engine import CompiledScenario, Decision, compile_scenario
from morgenmaken.scenario.library import scenario_files, shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.simulate import play_one, simulate
from morgenmaken.sim.strategies import BARS, PANEL, bar_of

SHIPPED = sorted(p for p in scenario_files() if p.parent == shipped_dir())
GAMES = 100

#: (scenario, strategy, players) that miss their bar today, with what they show (100 games,
#: seeds 1-100; the 300-game figures are in the issue's notes). A grid of outside strategies
#: written against the public API (every printed loss counted 1 to 3 times; cost read as
#: nothing, the budget, or budget, draagvlak and upkeep; every theme alike or weighed as in the
#: score) found four ways of adding up the card that the panel's own adders missed, and they
#: joined the panel with the gaps they open:
#: - Drenthe had 26 of 55 cards that printed no loss at all, mostly its best investments, so
#:   "first, do no harm" won: taking only those (no_loss, 40 %), or counting every loss three
#:   times whatever a card costs (loss_averse, 34 %). Now nearly every card asks something back,
#:   and rounds 1 and 4 each bring one of five blows with its own answer: no naive strategy wins
#:   more than 14 % over 300 seeds.
#: - The tutorial had one plan that won whatever the news (all of the first 100 seeds), which
#:   counting each theme with its lens's weight, losses twice (loss_averse_lens), found. Now the
#:   first round's news is one of five blows, each with its own answer, and no naive strategy
#:   wins more than a fifth. A team that reads the screen found its answer a little too often
#:   for the thoughtful bar (84 of the first 100); the worst-off group must now reach 42,5
#:   instead of 41,5, and that team wins 78 (74 % over 300; the balanced player 76 %).
#: - Kansengelijkheid's broad investments printed small losses the score's own weighing hardly
#:   sees, so adding up per lens as the score weighs, losses twice (loss_averse_weighted), won
#:   37 %; with the same five blows and answers as Drenthe no naive strategy wins more than 5 %.
#: No pair misses its bar today.
KNOWN_GAPS: dict[tuple[str, str, int], str] = {}

_COMPILED: dict[str, CompiledScenario] = {}


def compiled_of(stem: str) -> CompiledScenario:
    """Each shipped scenario compiled once per test session."""
    if stem not in _COMPILED:
        _COMPILED[stem] = compile_scenario(load_scenario(shipped_dir() / f"{stem}.yaml"))
    return _COMPILED[stem]


def _cases() -> Iterator[object]:
    for path in SHIPPED:
        for name in PANEL:
            yield pytest.param(path.stem, name, marks=_gap(path.stem, name, 4),
                               id=f"{path.stem}-{name}")


def _gap(stem: str, name: str, players: int) -> list[pytest.MarkDecorator]:
    """A strict expected failure for a gap on record, so closing it shows at once."""
    reason = KNOWN_GAPS.get((stem, name, players))
    return [] if reason is None else [pytest.mark.xfail(reason=reason, strict=True)]


@pytest.mark.parametrize(("stem", "strategy"), list(_cases()))
def test_panel_keeps_its_bar(stem: str, strategy: str) -> None:
    result = simulate(compiled_of(stem), strategy, GAMES, seed=1)
    low, high = bar_of(strategy)
    if low is not None:
        assert result.win_rate >= low, result.to_json()
    if high is not None:
        assert result.win_rate <= high, result.to_json()


def _limit_binds(stem: str, players: int) -> bool:
    """Whether a player of a team this size holds more roles than may speak a round."""
    compiled = compiled_of(stem)
    limit = compiled.proposals_per_player
    most = -(-len(compiled.role_ids) // players)  # the roles of the busiest player
    return limit is not None and most * compiled.proposals_per_role > limit


#: Where a player of a team of two holds more roles than may speak a round, two players play
#: a different game (fewer views on the table): the panel keeps its bars there as well.
TWO_PLAYER = [p.stem for p in SHIPPED if _limit_binds(p.stem, 2)]


@pytest.mark.parametrize(("stem", "strategy"), [
    pytest.param(stem, name, marks=_gap(stem, name, 2), id=f"{stem}-{name}")
    for stem in TWO_PLAYER for name in PANEL])
def test_panel_keeps_its_bar_with_two_players(stem: str, strategy: str) -> None:
    result = simulate(compiled_of(stem), strategy, GAMES, seed=1, players=2)
    low, high = bar_of(strategy)
    if low is not None:
        assert result.win_rate >= low, result.to_json()
    if high is not None:
        assert result.win_rate <= high, result.to_json()


@pytest.mark.parametrize("stem", TWO_PLAYER)
def test_more_players_put_more_views_on_the_table(stem: str) -> None:
    """The same team (the balanced player) with two players, then three: two may not let
    every portfolio speak in a round, three may and do."""
    def most_proposed(players: int) -> int:
        return max(max(len(r.proposals) for r in play_one(compiled_of(stem), "balanced",
                                                           seed, players).rounds_log)
                   for seed in range(1, 11))
    compiled = compiled_of(stem)
    limit = compiled.proposals_per_player
    assert limit is not None
    assert most_proposed(2) <= 2 * limit < len(compiled.role_ids)
    assert most_proposed(3) > 2 * limit


@pytest.mark.parametrize("players", range(2, 7))
@pytest.mark.parametrize("strategy", ["random", "myopic", "balanced"])
@pytest.mark.parametrize("stem", [p.stem for p in SHIPPED])
def test_every_player_count_plays_to_the_end(stem: str, strategy: str, players: int) -> None:
    for decision in Decision:
        state = play_one(compiled_of(stem), strategy, seed=players, players=players,
                         decision=decision)
        assert state.is_terminal()
        assert state.outcome is not None
        assert 0 <= state.score() <= 100


#: Seeds the best-fixed-plan search judges on (a search per scenario: a minute for Drenthe).
FIXED_PLAN_GAMES = 40

#: Scenarios where one fixed plan (the same cards in the same rounds, whatever the news) wins
#: more often than a naive strategy may: their lesson has one right answer, which any adder
#: may stumble on. The figures of ``simulate --fixed-plan`` (100 seeds; Drenthe's over the
#: test's own 40).
#: Kansengelijkheid left the list when its answers became repairs (``up_to``): a plan that
#: bought four of them in advance won 38 of 40 seeds, the best one found now wins 6.
ONE_ANSWER: dict[str, str] = {
    "drenthe": "the best plan found wins 18 of the first 40 seeds (25,5 % of seeds 101-300), "
               "whatever the news: strong investments outlast the blows on health and housing",
    "tutorial": "a plan that answers one of the five first-round blows wins 12 of the first "
                "40 seeds (21 of the first 100): at the bar, not yet under it",
}


@pytest.mark.parametrize("stem", [
    pytest.param(p.stem, marks=[pytest.mark.xfail(reason=ONE_ANSWER[p.stem], strict=True)]
                 if p.stem in ONE_ANSWER else [], id=p.stem)
    for p in SHIPPED])
def test_no_fixed_plan_wins_more_than_a_naive_strategy_may(stem: str) -> None:
    """The news and the state of the region must decide which plan is right: a plan made
    before the first round, played whatever happens, is a strategy that ignores both."""
    from morgenmaken.sim.fixed_plan import best_fixed_plan

    found = best_fixed_plan(compiled_of(stem), games=FIXED_PLAN_GAMES, seed=1)
    ceiling = BARS["naive"][1]
    assert ceiling is not None
    assert found.win_rate <= ceiling, (found.win_rate, found.plan)
