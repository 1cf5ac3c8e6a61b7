"""The web server the game starts itself: uvicorn in a thread of the game's process.

By default it listens on this machine only (``127.0.0.1``); only when the facilitator starts a
session *for phones* does it listen on the room's network (``0.0.0.0``), and then the address it
shows is the laptop's own address on that network (:func:`lan_address`), found without sending
a packet. Nothing here needs the internet. The port is the room's (kept in its database), so a
restarted laptop is back on the address the phones know; when that port is taken by another
program the next free one is used and shown.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time

import uvicorn

from morgenmaken.table.game_room import GameRoom
from morgenmaken.table.room import Room
from morgenmaken.web.app import create_app
from morgenmaken.web.game import create_game_app

log = logging.getLogger(__name__)

#: How many ports after the room's own are tried when it is taken.
PORT_TRIES = 20


def lan_address() -> str:
    """This machine's address on the room's network (``127.0.0.1`` when there is none).

    A UDP socket "connected" to a private address makes the system choose the interface it
    would use, without sending anything."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address or "127.0.0.1"


def free_port(host: str = "127.0.0.1", first: int = 0) -> int:
    """`first` when it can be listened on, else the next free one (0: any the system gives)."""
    for port in range(first, first + PORT_TRIES) if first else [0]:
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as trial:
            trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                trial.bind((host, port))
            except OSError:
                continue
            return int(trial.getsockname()[1])
    raise OSError(f"no free port from {first} to {first + PORT_TRIES - 1}")


class RoomServer:
    """The room's pages served in a background thread; :meth:`stop` ends it."""

    def __init__(self, room: Room | GameRoom, network: bool = False, port: int | None = None,
                 ) -> None:
        self.room = room
        self.network = network
        self.host = "0.0.0.0" if network else "127.0.0.1"
        self.port = free_port(self.host, port if port is not None else room.port)
        if self.port != room.port:
            room.keep_port(self.port)
        shown = lan_address() if network else "127.0.0.1"
        #: What the shared screen and every page say: ``http://192.168.1.5:8765``.
        self.address = f"http://{shown}:{self.port}"
        self.app = (create_game_app(room, self.address) if isinstance(room, GameRoom)
                    else create_app(room, self.address))
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning",
                                access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, ws="none")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="morgenmaken-web",
                                        daemon=True)

    @property
    def url(self) -> str:
        """The address to join: the QR code's content and the short address on the screen."""
        return f"{self.address}/{self.room.code}"

    def start(self, wait: float = 10.0) -> RoomServer:
        """Start serving; returns once the server accepts connections (or raises)."""
        self._thread.start()
        ends = time.monotonic() + wait
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > ends:
                raise OSError(f"the web server did not start on port {self.port}")
            time.sleep(0.02)
        log.info("pages for phones at %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving (open event streams are told to end first)."""
        self.app.state.web.stopping = True
        self._server.should_exit = True
        self._thread.join(timeout=5)


def serve_room(room: Room) -> RoomServer:
    """Serve a werksessie for phones: on the room's network, started and ready (the
    :data:`~morgenmaken.table.room.Serve` the window is given)."""
    return RoomServer(room, network=True).start()


def serve_game(room: GameRoom) -> RoomServer:
    """Serve a game table for phones: on the room's network, started and ready."""
    return RoomServer(room, network=True).start()
