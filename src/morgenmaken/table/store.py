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
from morgenmaken.storage import home, write_atomic

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
        """Whether there is a game to resume."""
        return self.path.is_file()

    def save(self, state: GameState, scenario_file: Path, client: dict[str, Any]) -> None:
        """Write the game now (called after every decision)."""
        document = save_data(state)
        document["client"] = {**client, "scenario_file": str(scenario_file),
                              "round": state.round, "year": state.year,
                              "saved_at": time.time()}
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1))

    def peek(self) -> dict[str, Any]:
        """The client notes of the autosave (round, year, team), without replaying the game:
        enough for the title screen, which must appear at once."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise SaveError(f"the save cannot be read ({error})") from error
        if not isinstance(document, dict) or not isinstance(document.get("client"), dict):
            raise SaveError("the save file is damaged")
        return dict(document["client"])

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

    def discard(self) -> None:
        """Forget the autosave (a broken one the team chose not to keep is moved aside)."""
        if self.exists():
            broken = self.folder / "broken" / f"{self.slot}-{time.strftime('%Y%m%d-%H%M%S')}.json"
            broken.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path, broken)


def load_game(path: Path) -> Resumed:
    """Read a saved game (the autosave or a finished one) back; raises :class:`SaveError`
    with a reason a person can act on."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, json.JSONDecodeError) as error:
        raise SaveError(f"the save cannot be read ({error})") from error
    if not isinstance(document, dict):
        raise SaveError("the save file is damaged")
    client = document.get("client") or {}
    scenario_file = Path(str(client.get("scenario_file", "")))
    if not scenario_file.is_file():
        scenario_file = _find_by_id(str(document.get("scenario", ""))) or scenario_file
    try:
        scenario = load(scenario_file)
    except (OSError, ScenarioError) as error:
        raise SaveError(f"the scenario of the save cannot be loaded ({error})") from error
    state = load_data(scenario, document)
    return Resumed(scenario, scenario_file, state, dict(client))


def _find_by_id(scenario_id: str) -> Path | None:
    """The scenario file with this id among the known folders (the game was moved or
    upgraded since the save was written, so the saved path no longer exists)."""
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
