"""A game being played on screen: the engine state, its scenario and its autosave.

Every decision goes through :meth:`Session.apply`, which applies it to the engine and writes the
autosave before anything else happens, so a killed process loses nothing the team saw.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from morgenmaken.engine import Action, GameState, replay
from morgenmaken.scenario.models import Scenario
from morgenmaken.table.store import Store

log = logging.getLogger(__name__)


@dataclass
class Session:
    """The game on the table and where it is saved."""

    scenario: Scenario
    scenario_file: Path
    state: GameState
    store: Store | None
    #: What the screen shows that the engine does not know (which part of the round).
    client: dict[str, Any] = field(default_factory=dict)

    def apply(self, action: Action) -> None:
        """Apply a decision and autosave at once."""
        self.state.apply_action(action)
        self.save()

    def undo(self) -> bool:
        """Take back the last decision (the engine replays the log without it)."""
        if not self.state.actions:
            return False
        self.state = replay(self.state, len(self.state.actions) - 1)
        self.save()
        return True

    def save(self) -> None:
        """Write the autosave (a no-op without a store)."""
        if self.store is not None:
            self.store.save(self.state, self.scenario_file, self.client)
            log.debug("autosaved after %d actions", len(self.state.actions))
