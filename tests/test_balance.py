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
says so, and the pair must leave the list).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from morgenmaken.engine import CompiledScenario, Decision, compile_scenario
from morgenmaken.scenario.library import scenario_files, shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.simulate import play_one, simulate
from morgenmaken.sim.strategies import PANEL, bar_of

SHIPPED = sorted(p for p in scenario_files() if p.parent == shipped_dir())
GAMES = 100

#: (scenario, strategy) pairs that miss their bar today, with what they show.
#: Every shipped scenario keeps every bar, over these 100 games and over 300 (the figures
#: are in the issue's notes and the balance report). Drenthe, the tutorial and
#: kansengelijkheid have a level per lens, a scarce budget, diminishing returns, news that
#: cards adopted beforehand soften, and cards with a later cost on the budget or the groups.
#: Two strategies written outside the panel (against the public API) found shortcuts the
#: panel's own did not, and joined it: adding up the card whatever it costs (printed_sum), and
#: adding up per lens with every lens equal (lens_mean). Drenthe's quick wins print more than
#: its investments, satisfaction first, with their bills on the weakest group and later; in
#: kansengelijkheid the broad investments that print the most are also the dearest for what
#: they do, and the earthquake area slides when left alone, so a team that adds up the card
#: runs out of money before it reaches the group that is worst off.
KNOWN_GAPS: dict[tuple[str, str], str] = {}

_COMPILED: dict[str, CompiledScenario] = {}


def compiled_of(stem: str) -> CompiledScenario:
    """Each shipped scenario compiled once per test session."""
    if stem not in _COMPILED:
        _COMPILED[stem] = compile_scenario(load_scenario(shipped_dir() / f"{stem}.yaml"))
    return _COMPILED[stem]


def _cases() -> Iterator[object]:
    for path in SHIPPED:
        for name in PANEL:
            marks = []
            if (path.stem, name) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[path.stem, name],
                                               strict=True))
            yield pytest.param(path.stem, name, marks=marks, id=f"{path.stem}-{name}")


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


@pytest.mark.parametrize("strategy", list(PANEL))
@pytest.mark.parametrize("stem", TWO_PLAYER)
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
