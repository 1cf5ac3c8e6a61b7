"""The lesson holds on every shipped scenario: the strategy panel keeps to its bars.

Every strategy of :data:`morgenmaken.sim.strategies.PANEL` plays ``GAMES`` games per shipped
scenario (4 players, consensus, seeds 1..GAMES, so the figures are the same on every run) and
is held to the bar of its kind: a naive or one-sided strategy wins at most 25 %, the
long-sighted balanced player at least 70 %, the thoughtful team 40-80 %.

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
#: Drenthe is rebalanced (a level per lens, a scarce budget, diminishing returns, harsher
#: news that resilience cards soften, cards with a later cost on the budget or the groups)
#: and keeps every bar, over these 100 games and over 300 (balanced 73 %, thoughtful 50 %,
#: adding up the card 20 %, ignoring the groups 19 %); the tutorial
#: has a level per lens, a tighter budget, random news and four shocks that cards adopted
#: beforehand soften (adding up its twelve cards still wins 66 % here, 68 % over 300 games,
#: where its balanced player wins 69 %); kansengelijkheid is rebalanced (a level per lens,
#: the weakest group among them, real costs on its cards, a scarce budget, diminishing
#: returns, shocks a team can prepare for) and keeps every bar, over these 100 games and
#: over 300 (balanced 80 %, thoughtful 65 %, every naive strategy at most 11 %).
#: Two strategies written outside the panel (against the public API) found shortcuts the
#: panel's own did not, and joined it: adding up the card whatever it costs wins Drenthe
#: (44 % here, 43 % over 300 games), and adding up per lens with every lens equal wins Drenthe
#: (35 %) and kansengelijkheid (39 %; 32 % over 300). Their cards are honest in print: the
#: strong ones help several lenses at once, so any team that buys the biggest numbers lands
#: near the levels. The gaps stay listed until the cards carry real trade-offs (issue 10).
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("drenthe", "printed_sum"): "adding up the card, whatever it costs, wins 44 %",
    ("drenthe", "lens_mean"): "adding up per lens, every lens equal, wins 35 %",
    ("kansengelijkheid", "lens_mean"): "adding up per lens, every lens equal, wins 39 %",
}

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
