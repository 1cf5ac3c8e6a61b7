"""Headless simulation: many bot games on a scenario, summarised.

This is how an author (and our own tests) checks that the lesson of the game holds: the
short-sighted strategy should lose most games and the balanced one win most. Game ``i`` of a run
with seed ``s`` uses engine seed ``s + i``, so any single game can be replayed on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import mean, quantiles

from morgenmaken.engine import CompiledScenario, Decision, GameConfig, GameState, new_game
from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.bots import make_bot, play_game


@dataclass
class GameResult:
    """The outcome of one simulated game."""

    seed: int
    score: float
    won: bool
    outcome: str
    rounds: int


@dataclass
class SimulationResult:
    """Aggregate figures of a simulation run."""

    strategy: str
    games: int
    wins: int
    mean_score: float
    scores: list[float] = field(repr=False)
    outcomes: Counter[str] = field(default_factory=Counter)
    mean_rounds: float = 0.0

    @property
    def win_rate(self) -> float:
        """Share of games won."""
        return self.wins / self.games if self.games else 0.0

    def collapse_causes(self) -> list[tuple[str, int]]:
        """Collapse causes, commonest first (games that ran to the end are left out)."""
        return [(cause, n) for cause, n in self.outcomes.most_common() if cause != "completed"]

    def score_quartiles(self) -> tuple[float, float, float]:
        """The 25th, 50th and 75th percentile of the scores."""
        if len(self.scores) < 2:
            only = self.scores[0] if self.scores else 0.0
            return (only, only, only)
        q1, q2, q3 = quantiles(self.scores, n=4)
        return (q1, q2, q3)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready summary (the keys ``morgenmaken simulate --json`` promises)."""
        q1, q2, q3 = self.score_quartiles()
        return {
            "strategy": self.strategy,
            "games": self.games,
            "wins": self.wins,
            "win_rate": round(self.win_rate, 4),
            "mean_score": round(self.mean_score, 3),
            "score_quartiles": [round(q1, 3), round(q2, 3), round(q3, 3)],
            "min_score": round(min(self.scores), 3) if self.scores else 0.0,
            "max_score": round(max(self.scores), 3) if self.scores else 0.0,
            "mean_rounds": round(self.mean_rounds, 3),
            "outcomes": dict(self.outcomes),
        }


def play_one(scenario: Scenario | CompiledScenario, strategy: str, seed: int,
             players: int = 4, decision: Decision = Decision.CONSENSUS) -> GameState:
    """Play one whole game with a bot and return its final state."""
    names = tuple(f"Bot {i + 1}" for i in range(players))
    state = new_game(scenario, GameConfig(seed=seed, players=names, decision=decision))
    return play_game(state, make_bot(strategy, seed))


def simulate(scenario: Scenario | CompiledScenario, strategy: str, games: int, seed: int = 0,
             players: int = 4, decision: Decision = Decision.CONSENSUS,
             progress: Callable[[int], None] | None = None) -> SimulationResult:
    """Play `games` games with one strategy and summarise them."""
    results: list[GameResult] = []
    for i in range(games):
        state = play_one(scenario, strategy, seed + i, players, decision)
        results.append(GameResult(seed + i, state.score(), state.won(),
                                  state.outcome or "completed", state.round))
        if progress is not None:
            progress(i + 1)
    return summarise(strategy, results)


def summarise(strategy: str, results: Sequence[GameResult]) -> SimulationResult:
    """Aggregate single game results."""
    scores = [r.score for r in results]
    return SimulationResult(
        strategy=strategy,
        games=len(results),
        wins=sum(r.won for r in results),
        mean_score=mean(scores) if scores else 0.0,
        scores=scores,
        outcomes=Counter(r.outcome for r in results),
        mean_rounds=mean(r.rounds for r in results) if results else 0.0,
    )
