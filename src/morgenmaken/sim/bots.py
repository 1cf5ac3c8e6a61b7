"""Bots: three general strategies that play any scenario through the engine's public API.

They know no card ids; they read only legal actions, the scenario's data and projections of the
model. They exist to prove the lesson of the game holds (see ``morgenmaken simulate``):

* ``random`` — proposes and adopts at random;
* ``myopic`` — takes whatever raises the score most *this round*;
* ``balanced`` — weighs effects up to the end of the game, the weakest theme, and keeps a
  reserve of budget and draagvlak.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol

from morgenmaken.engine import Action, GameState, Phase
from morgenmaken.scenario.models import Category


class Bot(Protocol):
    """Anything that picks an action for a state."""

    def choose(self, state: GameState) -> Action:
        """A legal action for `state`."""
        ...


class RandomBot:
    """Picks uniformly among the legal actions."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def choose(self, state: GameState) -> Action:
        """A uniformly random legal action."""
        return self.rng.choice(state.legal_actions())


class _Evaluating:
    """Shared machinery: value each card by a projection, then propose/adopt the best."""

    def value(self, state: GameState, card: str, base: dict[str, float]) -> float:
        """How much better adopting `card` now makes things, by this bot's measure."""
        raise NotImplementedError

    def baseline(self, state: GameState) -> dict[str, float]:
        """Whatever :meth:`value` compares against, computed once per decision."""
        raise NotImplementedError

    def choose(self, state: GameState) -> Action:
        """Propose or adopt the most valuable legal card, or pass / finish deciding."""
        legal = state.legal_actions()
        if state.phase == Phase.DECIDE and legal[0].kind == "vote":
            base = self.baseline(state)
            card = legal[0].card
            return Action.vote(card, self.value(state, card, base) > 0)
        stop = legal[-1]  # "pass" or "done"
        candidates = [a for a in legal if a.kind in ("propose", "adopt")]
        if not candidates:
            return stop
        base = self.baseline(state)
        best, best_value = stop, 0.0
        for action in candidates:
            worth = self.value(state, action.card, base)
            if worth > best_value:
                best, best_value = action, worth
        return best


class MyopicBot(_Evaluating):
    """Adopts what raises the score most this round, blind to later effects and reserves."""

    def baseline(self, state: GameState) -> dict[str, float]:
        """The score after this round with no new card."""
        return {"score": state.project(rounds=1).score}

    def value(self, state: GameState, card: str, base: dict[str, float]) -> float:
        """The gain in score by the end of this round."""
        return state.project(rounds=1, adopt=[card]).score - base["score"]


class BalancedBot(_Evaluating):
    """Weighs effects up to the end of the game and the weakest theme, and keeps reserves."""

    #: Weight of the weakest *hier en nu* theme next to the score.
    weakest_weight = 0.5
    #: Budget and draagvlak the bot keeps in reserve (as a share of their baseline).
    reserve = 0.3

    def _measure(self, state: GameState, values: tuple[float, ...]) -> float:
        compiled = state.compiled
        themes = compiled.categories[Category.HIER_EN_NU]
        weakest = min((values[i] for i in themes), default=0.0)
        measure = state.score_of(values) + self.weakest_weight * weakest
        for index in (compiled.budget, compiled.draagvlak):
            floor = self.reserve * compiled.baselines[index]
            if values[index] < floor:
                measure -= (floor - values[index]) * 0.5
        return measure

    def baseline(self, state: GameState) -> dict[str, float]:
        """The measure at the end of the game, with what is still coming, and no new card."""
        projection = state.project()
        return {"measure": self._measure(state, projection.settled)}

    def value(self, state: GameState, card: str, base: dict[str, float]) -> float:
        """The gain in the measure by the end of the game, counting what is still coming."""
        projection = state.project(adopt=[card])
        return self._measure(state, projection.settled) - base["measure"]


STRATEGIES: dict[str, Callable[[int], Bot]] = {
    "random": RandomBot,
    "myopic": lambda seed: MyopicBot(),
    "balanced": lambda seed: BalancedBot(),
}


def make_bot(strategy: str, seed: int = 0) -> Bot:
    """A bot by strategy name; raises ValueError naming the known strategies."""
    try:
        return STRATEGIES[strategy](seed)
    except KeyError:
        raise ValueError(f"unknown strategy {strategy!r}; choose from "
                         f"{', '.join(STRATEGIES)}") from None


def play_game(state: GameState, bot: Bot) -> GameState:
    """Let one bot make every move until the game is over."""
    while not state.is_terminal():
        state.apply_action(bot.choose(state))
    return state
