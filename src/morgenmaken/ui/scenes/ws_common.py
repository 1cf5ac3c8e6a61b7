"""What every werksessie screen shares: the running session, its autosave, where to go next,
and the row of six rating buttons.

A werksessie runs beside the game in the same window; its state is one
:class:`~morgenmaken.werksessie.session.WorkSession`, saved by
:class:`~morgenmaken.table.werksessie_store.SessionStore` after every change. Which screen shows is
derived from that state alone (:func:`route`), so resuming after a crash lands on the same
measure and the same participant without a separate "where were we" note that could disagree
with the ratings.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IContainerLikeInterface
from pygame_gui.elements import UIButton, UIScrollingContainer

from morgenmaken.i18n import t
from morgenmaken.scenario.models import Text
from morgenmaken.table.room import Room, Serving
from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import ReviewScene
from morgenmaken.werksessie.aggregate import SCALE, Rating, symbol
from morgenmaken.werksessie.plan import Dimension
from morgenmaken.werksessie.session import WorkSession

if TYPE_CHECKING:
    from morgenmaken.ui.app import App
    from morgenmaken.werksessie.model import Contrast

log = logging.getLogger(__name__)

#: The six choices of a rating row, most negative first, "weet niet" last.
CHOICES: tuple[Rating, ...] = (*SCALE, None)


def choice_key(value: Rating) -> str:
    """A widget-key-safe name of a choice ('-2' … '2', 'x' for weet niet)."""
    return "x" if value is None else str(value)


def choice_from_number(number: int) -> Rating | str:
    """Number keys on a focused row: 1–5 are −− … ++, 0 is weet niet ('none': not a choice)."""
    if number == 0:
        return None
    if 1 <= number <= 5:
        return SCALE[number - 1]
    return "none"


def marked(value: Rating, chosen: bool) -> str:
    """The button text of a choice: its symbol, framed when chosen (not by colour alone)."""
    text = symbol(value)
    return f"» {text} «" if chosen else text


def text_in(value: Text | None, lang: str) -> str:
    """A plan text in the team's language ('' for none)."""
    return value.get(lang) if value is not None else ""


@dataclass
class WsRun:
    """The werksessie in this window: the session and where it is saved; with phones also
    the room (its database is then the truth) and the server that serves it."""

    session: WorkSession
    store: SessionStore = field(default_factory=SessionStore)
    #: The model comparison for one state of the session (its token), computed once.
    contrasts: tuple[str, list[Contrast]] | None = None
    room: Room | None = None
    serving: Serving | None = None

    def save(self) -> None:
        """Autosave now (the room's database first, then the JSON export); a full disk is
        logged, the session goes on in memory."""
        try:
            if self.room is not None:
                self.room.save()
            self.store.save(self.session)
        except (OSError, sqlite3.Error) as error:
            log.error("the werksessie could not be saved: %s", error)

    def laptop_waiting(self, measure_id: str) -> list[str]:
        """Who still has to rate a measure *on the laptop* (phones rate on their own)."""
        waiting = self.session.waiting_for(measure_id)
        if self.room is None:
            return waiting
        return [p for p in waiting if not self.room.on_phone(p)]

    def finish(self) -> None:
        """The session ends: stop serving phones and close the database (before the files
        are archived)."""
        if self.room is not None and _ACTIVE is not None and _ACTIVE[0] is self.room:
            release()
        elif self.room is not None:
            self.room.close_db()
        self.room = None
        self.serving = None


#: The one room this window serves and its server, kept across visits to the menu so the
#: phones keep their address and the window keeps one copy of the session.
_ACTIVE: tuple[Room, Serving] | None = None


def release() -> None:
    """Stop serving the active room and close its database (a new session starts, or the
    session ended)."""
    global _ACTIVE
    if _ACTIVE is not None:
        room, serving = _ACTIVE
        _ACTIVE = None
        serving.stop()
        room.close_db()


def serve(app: App, run: WsRun) -> str | None:
    """Have the run's room served to phones; None, or why it cannot be (a sentence)."""
    global _ACTIVE
    if run.room is None:
        return None
    if _ACTIVE is not None and _ACTIVE[0] is run.room:
        run.serving = _ACTIVE[1]
        return None
    if app.options.serve is None:
        return t("ws.room.no_server", app.lang)
    try:
        serving = app.options.serve(run.room)
    except OSError as error:
        log.error("the werksessie pages cannot be served: %s", error)
        return t("ws.room.server_failed", app.lang, reason=str(error))
    run.serving = serving
    _ACTIVE = (run.room, serving)
    return None


def open_run(app: App, store: SessionStore) -> WsRun:
    """The werksessie left open: the room this window still serves, or from its database
    when it had phones (the phones' ratings are only there), else from its autosave;
    :class:`SessionError` says why not."""
    if _ACTIVE is not None and _ACTIVE[0].path == store.room_path:
        return WsRun(_ACTIVE[0].session, store, room=_ACTIVE[0], serving=_ACTIVE[1])
    if store.has_room():
        release()
        room = Room.open(store.room_path)
        run = WsRun(room.session, store, room=room)
        problem = serve(app, run)
        if problem:
            log.warning("%s", problem)
        return run
    return WsRun(store.load(), store)


def route(app: App, run: WsRun, handover: bool = False) -> Scene:
    """The screen the session's state asks for: the next participant's rating (after a
    handover screen when one just finished), the reveal, the agreement, or the plan profile."""
    from morgenmaken.ui.scenes.ws_agree import WsAgreeScene
    from morgenmaken.ui.scenes.ws_plan import WsPlanScene
    from morgenmaken.ui.scenes.ws_rate import WsHandoverScene, WsRateScene
    from morgenmaken.ui.scenes.ws_reveal import WsRevealScene
    from morgenmaken.ui.scenes.ws_room import WsRoomScene

    session = run.session
    measure = session.current()
    if measure is None:
        return WsPlanScene(app, run)
    waiting = run.laptop_waiting(measure.id)
    if handover and (waiting or run.room is None):
        return WsHandoverScene(app, run)
    if waiting:
        return WsRateScene(app, run, waiting[0])
    if run.room is not None and not session.revealed(measure.id):
        return WsRoomScene(app, run)
    if measure.id in session.agreements:
        return WsAgreeScene(app, run)
    return WsRevealScene(app, run)


class WsScene(ReviewScene):
    """A werksessie screen: the run, slow work behind "bezig…", Esc to :meth:`back_target`."""

    def __init__(self, app: App, run: WsRun) -> None:
        super().__init__(app)
        self.run = run

    @property
    def session(self) -> WorkSession:
        """The session on screen."""
        return self.run.session

    @property
    def measure_id(self) -> str:
        """The measure the team is on (the rating, reveal and agree screens only exist while
        one is open)."""
        measure = self.session.current()
        assert measure is not None
        return measure.id

    def heading(self, text: str) -> int:
        """The heading across the top; returns the y below it."""
        lay = self.layout
        m = lay.margin
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)), text, object_id="heading")
        return m + lay.u(2.2)

    def measure_header(self) -> str:
        """'Maatregel 2 van 6: Dorpswinkels steunen' for the current measure."""
        measure = self.session.current()
        if measure is None:
            return text_in(self.session.plan.title, self.lang)
        number = self.session.measures.index(measure) + 1
        return self.t("ws.measure_of", number=number, total=len(self.session.measures),
                      title=text_in(measure.title, self.lang))

    def bottom_buttons(self, buttons: list[tuple[str, str, Callable[[], None] | None, bool]]
                       ) -> None:
        """A row of equal buttons along the bottom: (key, text, callback, primary)."""
        lay = self.layout
        m = lay.margin
        count = len(buttons)
        width = (lay.width - 2 * m - (count - 1) * lay.gap) // count
        y = lay.height - m - lay.row
        for i, (key, text, callback, primary) in enumerate(buttons):
            self.button(key, pygame.Rect(m + i * (width + lay.gap), y, width, lay.row),
                        fit_button(text, width, lay.body, primary), callback,
                        object_id="primary" if primary else None,
                        enabled=callback is not None and not self.working)

    def lens_rows(self, area: pygame.Rect
                  ) -> Iterator[tuple[Dimension, pygame.Rect, UIScrollingContainer]]:
        """The dimensions grouped by lens in a scrolling region: names each lens, and yields
        every dimension with its row (inside the region) for the scene to fill, so the rating
        and agreeing grids line up the same way and scroll when there are many (17 for
        Drenthe at 1024×768)."""
        lay = self.layout
        groups = self.session.groups()
        row_h = lay.u(1.8)
        step = row_h + lay.gap
        height = sum(lay.line + len(dims) * step for _, dims in groups)
        box = self.scroller(area, height)
        inner = area.width - (self.scrollbar_width() if height > area.height else 0) - lay.gap
        y = 0
        for lens, dims in groups:
            self.label(pygame.Rect(0, y, inner, lay.line), self.t(f"ws.lens.{lens.value}"),
                       object_id="strong", container=box)
            y += lay.line
            for dimension in dims:
                yield dimension, pygame.Rect(0, y, inner, row_h), box
                y += step

    def rating_row(self, prefix: str, area: pygame.Rect, chosen: Rating | str,
                   choose: Callable[[Rating], None],
                   container: IContainerLikeInterface | None = None,
                   about: str = "") -> list[UIButton]:
        """Six buttons −− … ++ and ? across `area`; the chosen one framed and highlighted.
        `about` (what the dimension stands for) joins each button's tooltip."""
        lay = self.layout
        width = (area.width - 5 * lay.gap) // 6
        made = []
        for i, value in enumerate(CHOICES):
            is_chosen = chosen != "unrated" and chosen == value and chosen != "unset"
            rect = pygame.Rect(area.x + i * (width + lay.gap), area.y, width, area.height)
            made.append(self.button(f"{prefix}:{choice_key(value)}", rect,
                                    marked(value, is_chosen), partial(choose, value),
                                    tooltip=self.t(f"ws.choice.{choice_key(value)}")
                                    + (f" — {about}" if about else ""),
                                    object_id="toggle_on" if is_chosen else None,
                                    container=container))
        return made

    def restyle_row(self, prefix: str, chosen: Rating) -> None:
        """Mark another choice in a row without rebuilding the screen (fast on big grids)."""
        for value in CHOICES:
            element = self.keys.get(f"{prefix}:{choice_key(value)}")
            if isinstance(element, UIButton):
                on = value == chosen
                element.change_object_id(ObjectID(object_id="#toggle_on" if on else None))
                element.set_text(marked(value, on))

    def on_arrow(self, key: int) -> bool:
        """In a grid of rating rows, up and down keep the column and change the row."""
        focus = self.app.focus_key or ""
        parts = focus.split(":")
        if key not in (pygame.K_UP, pygame.K_DOWN) or len(parts) != 3:
            return False
        prefix, dimension_id, choice = parts
        ids = [d.id for d in self.session.dimensions]
        if prefix not in ("rate", "agree") or dimension_id not in ids:
            return False
        index = ids.index(dimension_id) + (1 if key == pygame.K_DOWN else -1)
        if not 0 <= index < len(ids):
            return False  # past the grid: on to the buttons below or above, as usual
        self.app.set_focus(f"{prefix}:{ids[index]}:{choice}")
        return True

    def back_target(self) -> Scene:
        """By default Esc returns to the title screen (the session is saved)."""
        from morgenmaken.ui.scenes.title import TitleScene
        return TitleScene(self.app)


def fit_button(text: str, width: int, size: int, bold: bool = False) -> str:
    """Button text shortened to fit (see :func:`review.fit_text`), with room for padding."""
    from morgenmaken.ui.scenes.review import fit_text
    return fit_text(text, width - size, size, bold)


def about(dimension: Dimension, lang: str) -> str:
    """'Gezondheid: lichamelijke en mentale gezondheid.' for a rating button's tooltip."""
    name = text_in(dimension.name, lang)
    description = text_in(dimension.description, lang)
    return f"{name}: {description}" if description else name
