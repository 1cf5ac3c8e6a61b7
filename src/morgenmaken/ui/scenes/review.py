"""What the debrief, "wat als?" and results scenes share: slow work behind a "bezig…" frame,
charts rendered once and kept, and button text that fits its button.

Rendering a matplotlib chart takes about half a second and writing a report several seconds.
The loop must never freeze on a projector without saying why, so slow work is *scheduled*: the
scene first rebuilds showing "bezig…", the loop draws that frame, and only on the next
iteration the work runs (see :meth:`ReviewScene.run_busy`). Charts are cached by game, chart,
pixel size and dpi, so going back to a page (or rebuilding for a language switch of the other
widgets) never renders twice.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UITextBox

from morgenmaken.engine import GameState
from morgenmaken.ui.fonts import font
from morgenmaken.ui.scenes.base import Scene

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from morgenmaken.ui.app import App

log = logging.getLogger(__name__)

#: Rendered charts: (game token, chart key, size, dpi) -> PNG bytes. Bytes, not surfaces, so
#: the cache survives pygame being re-initialised (tests) and a surface is made per build.
_CHARTS: dict[tuple[object, ...], bytes] = {}
_CHART_LIMIT = 48


def game_token(state: GameState) -> tuple[object, ...]:
    """What identifies a finished game for the chart cache (scenario, seed, the actions)."""
    return (state.compiled.content_hash, state.config.seed, state.config.team,
            tuple(state.config.players), tuple(str(a) for a in state.actions))


def chart_dpi(unit: int) -> int:
    """Dots per inch that make the charts' 15 pt body type about one layout unit tall, so
    chart text is as readable as the rest of the screen at every window size."""
    return max(60, round(unit * 4.8))


def chart_cached(key: tuple[object, ...]) -> bool:
    """Whether a chart is already rendered (then it can be shown without a "bezig…" frame)."""
    return key in _CHARTS


def chart_surface(key: tuple[object, ...], make: Callable[[], Figure],
                  size: tuple[int, int], dpi: int) -> pygame.Surface:
    """The chart as a pygame surface of exactly `size`, rendered at most once per key."""
    from morgenmaken.report.charts import render_at

    png = _CHARTS.get(key)
    if png is None:
        png = render_at(make(), size, dpi=dpi)
        if len(_CHARTS) >= _CHART_LIMIT:
            _CHARTS.pop(next(iter(_CHARTS)))
        _CHARTS[key] = png
    return pygame.image.load(io.BytesIO(png), "chart.png").convert()


def fit_text(text: str, width: int, size: int, bold: bool = False) -> str:
    """`text` shortened with an ellipsis so it fits `width` pixels at `size` (a long card
    title on a button must not be cut off mid-letter)."""
    face = font(size, bold)
    if face.size(text)[0] <= width:
        return text
    while text and face.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


class ReviewScene(Scene):
    """A scene that can run slow work after drawing a "bezig…" frame first."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        #: The worded state shown while slow work runs (None: idle).
        self.busy_text: str | None = None
        self._job: Callable[[], object] | None = None
        self._job_frame = 0

    def run_busy(self, text: str, job: Callable[[], object], *, rebuild: bool = True) -> None:
        """Show `text` now and run `job` after the next frame is drawn, then rebuild."""
        self.busy_text = text
        self._job = job
        self._job_frame = self.app.frames
        if rebuild:
            self.rebuild()

    def update(self, dt: float) -> None:
        """Run the scheduled job once the "bezig…" frame has been drawn."""
        if self._job is None or self.app.frames <= self._job_frame:
            return
        job, self._job = self._job, None
        try:
            job()
        finally:
            self.busy_text = None
        if self.app.scene is self:
            self.rebuild()

    def animating(self) -> bool:
        """Keep the loop turning while a job waits, so it runs right after its frame."""
        return self._job is not None

    def scroll_page(self, direction: int) -> bool:
        """Page Up / Page Down: scroll the page's chart or text by most of a screenful, so a
        keyboard-only facilitator reaches the bottom of a tall chart too (the scroll bars
        themselves are mouse-only)."""
        bars = [box.vert_scroll_bar for box in self.scrollers]
        bars += [w.scroll_bar for w, _ in self.widgets  # type: ignore[attr-defined]
                 if isinstance(w, UITextBox) and w.scroll_bar is not None]
        for bar in bars:
            if bar is None or not bar.visible:
                continue
            step = bar.visible_percentage * 0.85 * direction
            top = max(0.0, min(1.0 - bar.visible_percentage, bar.start_percentage + step))
            bar.set_scroll_from_start_percentage(top)
            return True
        return False

    def back_target(self) -> Scene:
        """The scene Esc and the back button lead to."""
        raise NotImplementedError

    def back(self) -> None:
        """Leave for :meth:`back_target`, unless slow work is still scheduled."""
        if not self.working:
            self.app.switch(self.back_target())

    def on_key(self, event: pygame.event.Event) -> bool:
        """Esc goes back; Page Up / Page Down scroll; the rest as every scene."""
        if event.key == pygame.K_ESCAPE:
            self.back()
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            return self.scroll_page(1 if event.key == pygame.K_PAGEDOWN else -1)
        return super().on_key(event)

    @property
    def working(self) -> bool:
        """Whether slow work is scheduled (buttons that start more work are disabled)."""
        return self._job is not None
