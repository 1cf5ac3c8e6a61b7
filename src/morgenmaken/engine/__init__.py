"""The engine: pure, deterministic rules of the game. No pygame, no I/O.

A whole game, driven the way every client (UI, bots, tests) drives it:

>>> from morgenmaken.scenario.synthetic import synthetic_scenario
>>> state = new_game(synthetic_scenario(), seed=1, players=("Anna", "Bram"))
>>> state.round, state.phase.value, state.current_role, state.current_player
(1, 'propose', 'r0', 0)
>>> state.apply_action(state.legal_actions()[0])   # r0 proposes its first playable card
>>> while state.phase == Phase.PROPOSE:
...     state.apply_action(Action.pass_())
>>> state.apply_action(state.legal_actions()[0])   # the team adopts it
>>> state.apply_action(Action.done())              # the round resolves
>>> state.round
2
>>> replay(state).values == state.values          # a game is its seed plus its actions
True
"""

from morgenmaken.engine.actions import Action, Decision, Phase
from morgenmaken.engine.compiled import CompiledScenario, compile_scenario, content_hash
from morgenmaken.engine.ledger import Cause, LedgerEntry
from morgenmaken.engine.save import (
    SaveError,
    ScenarioChangedError,
    dumps,
    load_data,
    replay,
    save_data,
)
from morgenmaken.engine.state import (
    GameConfig,
    GameState,
    IllegalActionError,
    Projection,
    Proposal,
    deal_roles,
    new_game,
    seat_roles,
)

__all__ = [
    "Action",
    "Cause",
    "CompiledScenario",
    "Decision",
    "GameConfig",
    "GameState",
    "IllegalActionError",
    "LedgerEntry",
    "Phase",
    "Projection",
    "Proposal",
    "SaveError",
    "ScenarioChangedError",
    "compile_scenario",
    "content_hash",
    "deal_roles",
    "dumps",
    "load_data",
    "new_game",
    "replay",
    "save_data",
    "seat_roles",
]
