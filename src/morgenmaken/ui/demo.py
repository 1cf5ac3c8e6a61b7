"""Demo mode for an event stand: a bot plays whole games in the real UI until someone touches it.

The demo presses the same buttons a team would (through the scenes' ``demo_step``), at a pace
people passing by can follow. A key press or a click hands the game to the people: the demo stops
and the title screen appears. The demo plays in its own autosave slot, so it never overwrites a
team's game, and after a crash it resumes its own game like any other.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame

from morgenmaken.sim.bots import BalancedBot

if TYPE_CHECKING:
    from morgenmaken.ui.app import App


class Demo:
    """Drives the UI with a bot at a steady pace."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.bot = BalancedBot()
        self.active = False
        self.next_at = 0.0
        self.steps = 0
        self._frame_of_last_step = 0

    def start(self) -> None:
        """Begin playing."""
        self.active = True
        self.next_at = time.monotonic() + self.app.options.pace

    def stop(self) -> None:
        """Someone wants to play: hand over at the title screen."""
        from morgenmaken.ui.scenes.title import TitleScene
        self.active = False
        self.app.session = None
        self.app.switch(TitleScene(self.app))

    def interrupts(self, event: pygame.event.Event) -> bool:
        """A real key press or click ends the demo."""
        return event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN)

    def wakeup_ms(self) -> int:
        """Milliseconds until the next move."""
        return max(1, int((self.next_at - time.monotonic()) * 1000))

    def update(self) -> None:
        """Make a move when it is time (not while values are still moving)."""
        scene = self.app.scene
        if not self.active or scene is None:
            return
        now = time.monotonic()
        if scene.animating():
            # People watch the values move; the pause to read starts when they stop.
            self.next_at = now + self._pace(scene.view_name())
            return
        if now < self.next_at or self.app.frames <= self._frame_of_last_step:
            return  # not before people (and screenshots) have seen the last move
        if scene.demo_step():
            self.steps += 1
        self._frame_of_last_step = self.app.frames
        shown = self.app.scene
        self.next_at = now + self._pace(shown.view_name() if shown is not None else "")

    def _pace(self, view: str) -> float:
        """Seconds to leave a view on screen: longer where there is more to read."""
        pace = self.app.options.pace
        if view in ("end", "round-resolve", "round-news"):
            return pace * 3  # the score, the "waarom?" and the news take reading
        return pace
