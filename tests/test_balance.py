"""The lesson holds on every shipped scenario: short-sighted play loses, balanced play wins.

These run the issue's own bar over 1,000 games per strategy: `myopic` and `random` win at most
25%, `balanced` at least 70%. They also play every scenario to the end with every strategy and
every player count, in both decision modes.
"""

from __future__ import annotations

import pytest

from morgenmaken.engine import Decision, compile_scenario
from morgenmaken.scenario.library import scenario_files, shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.simulate import play_one, simulate

SHIPPED = sorted(p for p in scenario_files() if p.parent == shipped_dir())
GAMES = 1000
BARS = {"random": (None, 0.25), "myopic": (None, 0.25), "balanced": (0.70, None)}


@pytest.fixture(scope="module", params=SHIPPED, ids=lambda p: p.stem)
def compiled(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return compile_scenario(load_scenario(request.param))


@pytest.mark.parametrize("strategy", sorted(BARS))
def test_balance_bar(compiled, strategy: str) -> None:  # type: ignore[no-untyped-def]
    result = simulate(compiled, strategy, GAMES, seed=1)
    low, high = BARS[strategy]
    if low is not None:
        assert result.win_rate >= low, result.to_json()
    if high is not None:
        assert result.win_rate <= high, result.to_json()


@pytest.mark.parametrize("players", range(2, 7))
@pytest.mark.parametrize("strategy", sorted(BARS))
def test_every_player_count_plays_to_the_end(compiled, strategy: str,  # type: ignore[no-untyped-def]
                                             players: int) -> None:
    for decision in Decision:
        state = play_one(compiled, strategy, seed=players, players=players, decision=decision)
        assert state.is_terminal()
        assert state.outcome is not None
        assert 0 <= state.score() <= 100
