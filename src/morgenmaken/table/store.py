"""Autosave: the game is written to disk after every decision, so it is never lost.

A save is the engine's own document (scenario id, content hash, seed, action log; see
:mod:`morgenmaken.engine.save`) plus a ``client`` block with what the screen showed (which
scenario file, language, which part of the round) so that "Doorgaan met het vorige spel?" comes
back to exactly the same place. Files are replaced atomically (write a temporary file, flush it to
disk, ``os.replace``): a process killed at any moment leaves either the old or the new save,
never half of one.

The folder and the atomic writer are :mod:`morgenmaken.storage`'s (re-exported here for the
front end).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from morgenmaken.engine import GameState, SaveError, load_data, save_data
from morgenmaken.scenario.library import load_current as load
from morgenmaken.scenario.library import scenario_files
from morgenmaken.scenario.loader import ScenarioError
from morgenmaken.scenario.models import Scenario
from morgenmaken.storage import SAVE_LIMIT, UnreadableFile, home, read_json_file, write_atomic

__all__ = ["Resumed", "Store", "home", "load_game", "log_file", "write_atomic"]


def log_file() -> Path:
    """Where unexpected errors are written with their details."""
    return home() / "logs" / "morgenmaken.log"


@dataclass
class Resumed:
    """A game read back from an autosave: its scenario, its state and the client's notes."""

    scenario: Scenario
    scenario_file: Path
    state: GameState
    client: dict[str, Any] = field(default_factory=dict)


class Store:
    """One autosave slot ("game" for play, "demo" for the demo mode, so a demo never
    overwrites a real team's game)."""

    def __init__(self, slot: str = "game", folder: Path | None = None) -> None:
        self.folder = folder or home() / "saves"
        self.slot = slot

    @property
    def path(self) -> Path:
        """The autosave file of this slot."""
        return self.folder / f"{self.slot}-autosave.json"

    def exists(self) -> bool:
        """Whether there is a game to resume (or something else in its place, which the
        title screen then puts aside)."""
        return os.path.lexists(self.path)

    def save(self, state: GameState, scenario_file: Path, client: dict[str, Any]) -> None:
        """Write the game now (called after every decision)."""
        document = save_data(state)
        document["client"] = {**client, "scenario_file": str(scenario_file),
                              "round": state.round, "year": state.year,
                              "saved_at": time.time()}
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1))

    def peek(self) -> dict[str, Any]:
        """The client notes of the autosave (round, year, team), without replaying the game:
        enough for the title screen, which must appear at once. Raises :class:`SaveError`
        for anything that is not a readable save (never another error: the title screen
        calls this while the window is being built)."""
        document = _read_document(self.path)
        client = document.get("client")
        if not isinstance(client, dict):
            raise SaveError("save.no_client")
        for name in ("round", "year"):
            value = client.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not -100_000 <= value <= 100_000):
                raise SaveError("save.field", field=name)
        return dict(client)

    def load(self) -> Resumed:
        """Read the autosave back; raises :class:`SaveError` with a reason a person can act on."""
        return load_game(self.path)

    def finished(self) -> list[Path]:
        """The finished games this slot archived, newest first (the title screen reopens
        them for their debrief)."""
        folder = self.folder / "finished"
        if not folder.is_dir():
            return []
        return sorted(folder.glob(f"{self.slot}-*.json"), reverse=True)

    def tidy(self) -> None:
        """Remove half-written temporary files a killed process left behind (the real save
        is never among them: it is only ever replaced whole)."""
        for stale in self.folder.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)

    def archive(self) -> Path | None:
        """Move a finished game out of the autosave slot, keeping it for the debrief."""
        if not self.exists():
            return None
        target = self.folder / "finished" / f"{self.slot}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path, target)
        return target

    def discard(self, reason: str | None = None) -> Path | None:
        """Forget the autosave: it is moved aside to ``broken/`` (never deleted), with
        `reason` (why it could not be used) in a ``.txt`` beside it; returns where it went.

        Also for a slot that is not a regular file (a folder or a pipe put in its place):
        whatever is there is moved, so the next start is clean.
        """
        if not os.path.lexists(self.path):
            return None
        stamp = time.strftime('%Y%m%d-%H%M%S')
        broken = self.folder / "broken" / f"{self.slot}-{stamp}.json"
        counter = 1
        while os.path.lexists(broken):
            broken = broken.with_name(f"{self.slot}-{stamp}-{counter}.json")
            counter += 1
        broken.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path, broken)
        if reason:
            with contextlib.suppress(OSError):  # the reason is a courtesy; the save itself is safe
                broken.with_suffix(".txt").write_text(reason + "\n", encoding="utf-8")
        return broken


def load_game(path: Path) -> Resumed:
    """Read a saved game (the autosave or a finished one) back; raises :class:`SaveError`
    with a reason a person can act on."""
    document = _read_document(path)
    client = document.get("client") or {}
    if not isinstance(client, dict):
        raise SaveError("save.no_client")
    written = client.get("scenario_file", "")
    scenario_file = Path(written if isinstance(written, str) and "\0" not in written else "")
    if not _regular(scenario_file):
        saved = document.get("scenario", "")
        saved = saved[:200] if isinstance(saved, str) else ""
        found = _find_by_id(saved)
        if found is None:
            raise SaveError("save.scenario_missing", scenario=saved or "?")
        scenario_file = found
    try:
        scenario = load(scenario_file)
    except ScenarioError as error:
        first = error.diagnostics[0] if error.diagnostics else str(error)
        raise SaveError("save.scenario_unloadable", reason=first) from None
    except OSError as error:
        raise SaveError("save.scenario_unloadable",
                        reason=error.strerror or type(error).__name__) from None
    try:
        state = load_data(scenario, document)
    except SaveError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError) as error:  # whatever a hand-edited save can still provoke
        raise SaveError("save.damaged", detail=f"{type(error).__name__}: {error}"[:200]) \
            from None
    return Resumed(scenario, scenario_file, state, dict(client))


def _regular(path: Path) -> bool:
    """Whether `path` is a regular file (a pipe or device is not: it could hang the read)."""
    try:
        return path != Path("") and path.is_file()
    except (OSError, ValueError):
        return False


def _read_document(path: Path) -> dict[str, Any]:
    """The JSON object of a save through the guarded reader; every failure a SaveError."""
    try:
        document = read_json_file(path, SAVE_LIMIT)
    except UnreadableFile as error:
        raise SaveError("save.unreadable", reason=error) from None
    if not isinstance(document, dict):
        raise SaveError("save.not_ours")
    return document


def _find_by_id(scenario_id: str) -> Path | None:
    """The scenario file with this id among the known folders (the game was moved or
    upgraded since the save was written, so the saved path no longer exists)."""
    if not scenario_id:
        return None
    for path in scenario_files():
        if path.stem == scenario_id:
            return path
    for path in scenario_files():
        try:
            if load(path).id == scenario_id:
                return path
        except (OSError, ScenarioError):
            continue
    return None
