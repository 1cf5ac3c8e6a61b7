"""Saves: a versioned JSON document of scenario id + content hash + seed + action log.

Because the engine is deterministic, a save needs no snapshot of the state: loading replays
the log. That makes saves tiny, lets any past round be replayed or branched ("wat als?"), and
lets a save notice that its scenario file has changed since the game was played.

This module turns states into plain data and back; reading and writing files is the client's
business (the engine does no I/O).
"""

from __future__ import annotations

import json
from typing import Any

from morgenmaken.engine.actions import Action, Decision
from morgenmaken.engine.compiled import CompiledScenario, compile_scenario
from morgenmaken.engine.state import GameConfig, GameState, IllegalActionError, new_game
from morgenmaken.scenario.models import Scenario

SAVE_FORMAT = "morgenmaken-save"
SAVE_VERSION = 1


class SaveError(ValueError):
    """A save that cannot be loaded; the message says why and what to do."""


class ScenarioChangedError(SaveError):
    """The save was made with a different version of its scenario."""


def save_data(state: GameState) -> dict[str, Any]:
    """The save document of a game, as JSON-ready data."""
    config = state.config
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "scenario": state.scenario.id,
        "scenario_version": state.scenario.version,
        "content_hash": state.compiled.content_hash,
        "seed": config.seed,
        "players": list(config.players),
        "team": config.team,
        "decision": str(config.decision),
        "roles": dict(state.role_holders),
        "events": None if config.events is None else [list(r) for r in config.events],
        "rounds": config.rounds,
        "actions": [action.to_json() for action in state.actions],
    }


def dumps(state: GameState) -> str:
    """The save document as a JSON string."""
    return json.dumps(save_data(state), ensure_ascii=False, indent=1)


def _config(data: dict[str, Any]) -> GameConfig:
    try:
        players = tuple(str(p) for p in data["players"])
        roles = {str(r): int(p) for r, p in dict(data.get("roles", {})).items()}
        script = data.get("events")
        events = None if script is None else tuple(tuple(str(e) for e in r) for r in script)
        return GameConfig(seed=int(data["seed"]), players=players,
                          decision=Decision(data.get("decision", "consensus")),
                          team=str(data.get("team", "")), roles=roles, events=events,
                          rounds=None if data.get("rounds") is None else int(data["rounds"]))
    except (KeyError, TypeError, ValueError) as error:
        raise SaveError(f"the save file is damaged: {error}") from error


def load_data(scenario: Scenario | CompiledScenario, data: dict[str, Any] | str,
              allow_changed: bool = False, upto: int | None = None) -> GameState:
    """Rebuild a game by replaying its save document.

    Raises :class:`ScenarioChangedError` when the scenario's content differs from the one the
    game was played on (unless `allow_changed`), and :class:`SaveError` for anything else.
    `upto` replays only the first that many actions (to go back to an earlier moment).
    """
    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise SaveError(f"the save file is not valid JSON ({error})") from error
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a Morgen maken we nu! save file")
    if data.get("version") != SAVE_VERSION:
        raise SaveError(f"save format version {data.get('version')!r} is not supported "
                        f"(this game reads version {SAVE_VERSION})")
    if data.get("scenario") != compiled.scenario.id:
        raise SaveError(f"the save is for scenario {data.get('scenario')!r}, "
                        f"not {compiled.scenario.id!r}")
    if data.get("content_hash") != compiled.content_hash and not allow_changed:
        raise ScenarioChangedError(
            f"scenario {compiled.scenario.id!r} has changed since this game was saved "
            "(its content differs); load it with the original scenario file, or replay it "
            "on the new one knowing that the results may differ")
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list):
        raise SaveError("the save file is damaged: 'actions' is missing")
    try:
        state = new_game(compiled, _config(data))
    except ValueError as error:
        raise SaveError(f"the save does not fit this scenario: {error}") from error
    for number, raw in enumerate(raw_actions[:upto], start=1):
        try:
            state.apply_action(Action.from_json(raw))
        except (ValueError, IllegalActionError) as error:
            raise SaveError(f"action {number} of the save cannot be replayed: {error}") \
                from error
    return state


def replay(state: GameState, upto: int | None = None) -> GameState:
    """A fresh game with the same scenario and config, replaying `upto` of its actions.

    ``replay(state, len(state.actions) - 1)`` is the undo of the last decision.
    """
    other = new_game(state.compiled, state.config)
    for action in state.actions[:upto]:
        other.apply_action(action)
    return other
