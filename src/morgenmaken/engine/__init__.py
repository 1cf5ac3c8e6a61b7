"""The engine: pure, deterministic rules of the game. No pygame, no I/O.

>>> from morgenmaken.engine import new_game, Action  # doctest: +SKIP
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
]
