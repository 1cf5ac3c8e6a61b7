"""The game table's phones as the shared screen knows them: start serving, follow, show.

The window keeps one :class:`~morgenmaken.table.game_room.GameRoom` for the game on screen
(the table layer; the web server is handed to the window by the command that opens it, as
``Options.serve_game``, so the window never imports the server). The round screen asks this
module three things: start the phones (the M key or the "Telefoons" button), follow them every
frame (:func:`follow`: the room's pump applies what phones chose when its turn comes, here on
the window's own thread, so the engine never changes under the drawing), and what to show (the
QR code and address, who joined, and per step one line: who is choosing on a phone, how many
have voted — never a hand or a vote).

After a crash the window resumes the game from its autosave and :func:`resume` opens the room
of that same game again, with its code, port and devices, so the phones reconnect by
themselves.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from morgenmaken.i18n import t
from morgenmaken.table.game_room import GameRoom, game_key
from morgenmaken.table.room import Serving
from morgenmaken.ui.wording import player_roles

if TYPE_CHECKING:
    import pygame

    from morgenmaken.ui.app import App
    from morgenmaken.ui.scenes.base import Scene

log = logging.getLogger(__name__)

#: How often the shared screen looks whether a phone changed something (milliseconds).
POLL_MS = 250
#: The phones' status line (who is ready, how many voted) is redrawn at most this often; a
#: change of the game itself (a proposal placed, a vote cast) is drawn at once.
STATUS_SECONDS = 1.5
ROOM_FILE = "game-room.sqlite3"


@dataclass
class Phones:
    """The room of the game on screen and the server it is reached through."""

    room: GameRoom
    serving: Serving | None
    #: Why the pages cannot be served (a sentence), when they cannot.
    problem: str | None = None
    #: The room's version the window last followed (-1: follow at the next frame).
    followed: int = -1


def active(app: App) -> Phones | None:
    """The phones of the game on screen (None: the team plays on the laptop only)."""
    phones = app.phones
    if phones is None or app.session is None or phones.room.session is not app.session:
        return None
    return phones


def _room_path(app: App) -> Path | None:
    session = app.session
    assert session is not None
    if session.store is None:
        return None
    return session.store.folder / ROOM_FILE


def start(app: App) -> Phones | None:
    """Let the players join on their phones (again the same room when it runs already)."""
    found = active(app)
    if found is not None:
        return found
    release(app)
    path = _room_path(app)
    if path is None or app.session is None:
        return None  # a game without an autosave (the demo) is not played on phones
    room = GameRoom.open_or_create(app.session, path)
    phones = Phones(room, None)
    serve = app.options.serve_game
    if serve is None:
        phones.problem = t("phones.no_server", app.lang)
    else:
        try:
            phones.serving = serve(room)
        except OSError as error:
            log.error("the game's pages cannot be served: %s", error)
            phones.problem = t("phones.server_failed", app.lang, reason=str(error))
    app.phones = phones
    return phones


def resume(app: App) -> None:
    """After a restart: serve the room of this game again if it had phones."""
    if active(app) is not None:
        return
    path = _room_path(app)
    if path is not None and path.is_file() and app.session is not None:
        try:
            with sqlite3.connect(path) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'game'").fetchone()
        except sqlite3.DatabaseError:
            return
        if row is not None and row[0] == game_key(app.session.state):
            start(app)


def release(app: App) -> None:
    """Stop serving the phones (another game starts, or the window closes)."""
    phones = app.phones
    if phones is None:
        return
    app.phones = None
    if phones.serving is not None:
        phones.serving.stop()
    phones.room.close_db()


def changed(app: App) -> bool:
    """Whether the room changed since the window last looked (a phone's proposal, vote or
    join, or the game itself): the frame loop does nothing more for the phones otherwise."""
    phones = active(app)
    if phones is None or phones.room.version == phones.followed:
        return False
    phones.followed = phones.room.version
    return True


def look_again(app: App) -> None:
    """Have the next frames look at the room again though nothing new came (a redraw that
    waits for its moment)."""
    phones = active(app)
    if phones is not None:
        phones.followed = -1


def follow(app: App) -> bool:
    """Apply what the phones chose whose turn has come; True when the game changed."""
    phones = active(app)
    return phones is not None and phones.room.pump()


def status_line(app: App) -> str:
    """One line for the round screen: who is on a phone and what they are doing."""
    phones = active(app)
    if phones is None:
        return ""
    room = phones.room
    summary = room.summary()
    state = room.state
    lang = app.lang
    if not summary["joined"]:
        return t("phones.nobody", lang)
    line = t("phones.joined", lang, names=", ".join(summary["joined"]))
    if summary["ready"]:
        roles = [next(r.name.get(lang) for r in state.scenario.roles if r.id == role)
                 for role in summary["ready"]]
        line += " · " + t("phones.ready", lang, roles=", ".join(roles))
    if state.under_vote is not None:
        line += " · " + t("phones.voted", lang, voted=summary["voted"],
                          total=summary["voters"])
    return line


def on_phone_now(app: App) -> str | None:
    """The player whose turn it is, when that turn is played on a phone (None otherwise)."""
    phones = active(app)
    if phones is None:
        return None
    state = phones.room.state
    player = state.current_player
    if player is None or not phones.room.on_phone(player):
        return None
    return state.config.players[player]


def signature(app: App) -> tuple[object, ...]:
    """What the shared screen shows of the phones: it is rebuilt only when this changes."""
    phones = active(app)
    if phones is None:
        return ()
    summary = phones.room.summary()
    return (tuple(summary["joined"]), tuple(summary["ready"]), summary["voted"],
            len(phones.room.state.actions))


def panel(scene: Scene, area: pygame.Rect, close: Callable[[], None]) -> None:
    """The QR code and short address on the left; on the right every player, on a phone or
    not, with "vrijgeven" for a seat whose phone was lost; Sluiten below."""
    import pygame

    from morgenmaken.ui.fonts import font
    from morgenmaken.ui.scenes.review import fit_text
    from morgenmaken.ui.scenes.ws_room import qr_surface

    app = scene.app
    lay = scene.layout
    found = active(app)
    lang = app.lang
    # the code needs no more than two fifths of the width; the names beside it need the rest
    side = min(area.height - 2 * lay.line - lay.row - 3 * lay.gap, area.width * 2 // 5)
    url = found.serving.url if found is not None and found.serving is not None else ""
    if url:
        scene.image(pygame.Rect(area.x, area.y, side, side), qr_surface(url, side))
        scene.label(pygame.Rect(area.x, area.y + side + lay.gap, side, lay.line),
                    fit_text(url.split("://", 1)[-1], side - 4, lay.body, True),
                    object_id="strong")
        scene.label(pygame.Rect(area.x, area.y + side + lay.gap + lay.line, side, lay.line),
                    fit_text(t("phones.scan", lang), side - 4, lay.body), object_id="dim")
    else:
        problem = (found.problem if found is not None and found.problem
                   else t("phones.no_game", lang))
        scene.text_box(pygame.Rect(area.x, area.y, side, side), f"<b>{problem}</b>")
    x = area.x + side + lay.u(1)
    width = area.right - x
    y = area.y
    scene.label(pygame.Rect(x, y, width, lay.u(2)),
                fit_text(t("phones.heading", lang), width - 4, lay.heading, True),
                object_id="heading")
    y += lay.u(2) + lay.gap
    if found is not None:
        room = found.room
        state = room.state
        release_w = min(font(lay.body).size(t("phones.release", lang))[0] + lay.u(1.4),
                        width // 3)
        for seat, name in enumerate(room.players()):
            roles = ", ".join(player_roles(state, seat, lang))
            where = t("phones.seat_on" if room.on_phone(seat) else "phones.seat_off", lang)
            text_w = width - release_w - lay.gap
            scene.label(pygame.Rect(x, y, text_w, lay.row),
                        fit_text(f"{name} — {where}", text_w - 4, lay.body, True),
                        object_id="strong")
            scene.label(pygame.Rect(x, y + lay.row, text_w, lay.line),
                        fit_text(roles, text_w - 4, lay.body), object_id="dim")
            if room.on_phone(seat):
                scene.button(f"release:{seat}",
                             pygame.Rect(area.right - release_w, y, release_w, lay.row),
                             fit_text(t("phones.release", lang), release_w - lay.body,
                                      lay.body),
                             lambda seat=seat: _release_seat(scene, seat),
                             tooltip=t("phones.release_help", lang))
            y += lay.row + lay.line + lay.gap
    scene.button("phones_close", pygame.Rect(x, area.bottom - lay.row, width, lay.row),
                 f"{t('phones.close', lang)}  [M]", close,
                 object_id="primary")
    scene.default_key = "phones_close"


def _release_seat(scene: Scene, seat: int) -> None:
    found = active(scene.app)
    if found is not None:
        found.room.release(seat)
    scene.rebuild()
