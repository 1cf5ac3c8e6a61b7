"""Bots: the panel's strategies by name, and a loop that lets one play a whole game.

The strategies themselves live in :mod:`morgenmaken.sim.strategies` (the panel: one registry of
name, description, bar and factory). This module keeps the small API every client uses:
:func:`make_bot`, :func:`play_game` and the classic names ``RandomBot``, ``MyopicBot`` and
``BalancedBot``.
"""

from __future__ import annotations

from collections.abc import Callable

from morgenmaken.engine import GameState
from morgenmaken.sim.strategies import PANEL, Bot, LookaheadBot, MyopicBot, RandomBot

__all__ = ["STRATEGIES", "BalancedBot", "Bot", "MyopicBot", "RandomBot", "make_bot",
           "play_game"]


class BalancedBot(LookaheadBot):
    """The long-sighted balanced team: looks ahead with the model and weighs every lens."""

    def __init__(self) -> None:
        super().__init__(ignore=())


#: Strategy name → factory taking a seed (the panel's, in its order).
STRATEGIES: dict[str, Callable[[int], Bot]] = {name: s.factory for name, s in PANEL.items()}


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
