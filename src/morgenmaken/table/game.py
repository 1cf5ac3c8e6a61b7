"""A game being played on screen: the engine state, its scenario and its autosave.

Every decision goes through :meth:`Session.apply`, which applies it to the engine and writes the
autosave before anything else happens, so a killed process loses nothing the team saw.

Other clients of the same table (the phones, a LAB hub's link) hear of every saved change
through :meth:`Session.listen`, called after the autosave, so none of them needs to know which
client made the change. ``lock`` is held while the state changes, for clients that read it from
another thread (the web server answering a phone).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
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
    #: Held while the state changes (re-entrant: a listener may read the state).
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    _listeners: list[Callable[[Session], None]] = field(default_factory=list, repr=False,
                                                        compare=False)

    def apply(self, action: Action, save: bool = True) -> None:
        """Apply a decision and autosave at once (`save` False: the caller saves once after
        several, while what they came from is still kept elsewhere, as the phones' room
        keeps their proposals and votes until the game that took them is saved)."""
        with self.lock:
            self.state.apply_action(action)
            if save:
                self.save()

    def undo(self) -> bool:
        """Take back the last decision (the engine replays the log without it)."""
        with self.lock:
            if not self.state.actions:
                return False
            self.state = replay(self.state, len(self.state.actions) - 1)
            self.save()
            return True

    def save(self) -> None:
        """Write the autosave (a no-op without a store), then tell the listeners."""
        with self.lock:
            if self.store is not None:
                self.store.save(self.state, self.scenario_file, self.client)
                log.debug("autosaved after %d actions", len(self.state.actions))
            for listener in list(self._listeners):
                listener(self)

    def listen(self, callback: Callable[[Session], None]) -> None:
        """Call `callback` after every saved change (a decision, an undo, the screen's step)."""
        self._listeners.append(callback)

    def unlisten(self, callback: Callable[[Session], None]) -> None:
        """Stop calling `callback` (a client that leaves the table)."""
        if callback in self._listeners:
            self._listeners.remove(callback)
