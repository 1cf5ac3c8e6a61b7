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
    """A save that cannot be loaded; the message says why and what to do.

    The reason is a key of ``locale/files.yaml`` (``save.*``) with its values, so each client
    says it in its user's language (:meth:`reason`); ``str()`` is English, for logs. Values
    that can word themselves (another error with a ``reason(lang)``) are worded in the same
    language. `detail` is for the log only (what Python said), never shown to a player.
    The strings are read only when an error is worded, so the engine does no I/O otherwise.
    """

    def __init__(self, key: str = "save.damaged", detail: str = "", **values: object) -> None:
        self.key = key
        self.values = values
        self.detail = detail
        super().__init__(key)

    def reason(self, lang: str = "nl") -> str:
        """Why the save cannot be loaded, as one sentence in `lang`."""
        from morgenmaken.i18n import t

        worded = {name: value.reason(lang) if callable(getattr(value, "reason", None))
                  else value for name, value in self.values.items()}
        return t(self.key, lang, **worded)

    def __str__(self) -> str:
        return self.reason("en")


class ScenarioChangedError(SaveError):
    """The save was made with a different version of its scenario."""

    def __init__(self, scenario: str) -> None:
        super().__init__("save.scenario_changed", scenario=scenario)


#: Bounds of the numbers a save holds: far beyond any real game, small enough to compute with.
MAX_SEED = 10 ** 50  # any seed a person can type; beyond it only damage
MAX_ROUNDS = 1000


def _whole(data: dict[str, Any], name: str, low: int, high: int) -> int:
    """A whole number field of the save within bounds (not a bool, a float or text)."""
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SaveError("save.field", detail=f"{name}={str(value)[:40]}", field=name)
    return value


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
        "roles": {role: seats[0] for role, seats in state.role_seats.items()},
        "events": None if config.events is None else [list(r) for r in config.events],
        "rounds": config.rounds,
        "actions": [action.to_json() for action in state.actions],
    }


def dumps(state: GameState) -> str:
    """The save document as a JSON string."""
    return json.dumps(save_data(state), ensure_ascii=False, indent=1)


def _config(data: dict[str, Any]) -> GameConfig:
    seed = _whole(data, "seed", -MAX_SEED, MAX_SEED)
    rounds = None if data.get("rounds") is None else _whole(data, "rounds", 1, MAX_ROUNDS)
    field = "players"
    try:
        if not isinstance(data.get("players"), list):
            raise TypeError("players is not a list")
        players = tuple(str(p) for p in data["players"])
        field = "roles"
        roles = {str(r): _whole({"p": p}, "p", 0, 100) for r, p
                 in dict(data.get("roles") or {}).items()}
        field = "events"
        script = data.get("events")
        events = None if script is None else tuple(tuple(str(e) for e in r) for r in script)
        field = "decision"
        decision = Decision(data.get("decision", "consensus"))
        return GameConfig(seed=seed, players=players, decision=decision,
                          team=str(data.get("team", "")), roles=roles, events=events,
                          rounds=rounds)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SaveError("save.field", detail=str(error)[:200], field=field) from None


def load_data(scenario: Scenario | CompiledScenario, data: dict[str, Any] | str,
              allow_changed: bool = False, upto: int | None = None) -> GameState:
    """Rebuild a game by replaying its save document.

    Raises :class:`ScenarioChangedError` when the scenario's content differs from the one the
    game was played on (unless `allow_changed`), and :class:`SaveError` for anything else.
    `upto` replays only the first that many actions (to go back to an earlier moment).
    """
    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    if isinstance(data, str):
        data = _parse(data)
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("save.not_ours")
    if data.get("version") != SAVE_VERSION:
        version = data.get("version")
        shown = str(version)[:20] if isinstance(version, int | str) else "?"
        raise SaveError("save.version", version=shown, supported=SAVE_VERSION)
    if data.get("scenario") != compiled.scenario.id:
        saved = data.get("scenario")
        raise SaveError("save.other_scenario",
                        saved=str(saved)[:80] if isinstance(saved, str) else "?",
                        given=compiled.scenario.id)
    if data.get("content_hash") != compiled.content_hash and not allow_changed:
        raise ScenarioChangedError(compiled.scenario.id)
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list):
        raise SaveError("save.no_actions")
    config = _config(data)
    try:
        state = new_game(compiled, config)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise SaveError("save.not_fitting", detail=str(error)[:200]) from None
    for number, raw in enumerate(raw_actions[:upto], start=1):
        try:
            state.apply_action(Action.from_json(raw))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
                RecursionError, IllegalActionError) as error:
            raise SaveError("save.action", detail=str(error)[:200], number=number) from None
    return state


def _parse(text: str) -> Any:
    """The JSON of a save given as text; every failure (syntax, a 5000-digit number, deep
    nesting, NaN) is a :class:`SaveError`, never a Python error."""
    from morgenmaken.storage import UnreadableFile, parse_json

    try:
        return parse_json(text.encode("utf-8", "surrogatepass"), "<save>")
    except UnreadableFile as error:
        raise SaveError("save.not_json", reason=error) from None


def replay(state: GameState, upto: int | None = None) -> GameState:
    """A fresh game with the same scenario and config, replaying `upto` of its actions.

    ``replay(state, len(state.actions) - 1)`` is the undo of the last decision.
    """
    other = new_game(state.compiled, state.config)
    for action in state.actions[:upto]:
        other.apply_action(action)
    return other
