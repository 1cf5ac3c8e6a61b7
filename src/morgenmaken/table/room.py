"""A werksessie on the table with participants on their own devices: one object, many clients.

The pygame window (the laptop, the facilitator), the web server (every phone) and tests drive
the same :class:`Room`; none of them imports another. The room holds the
:class:`~morgenmaken.werksessie.session.WorkSession` in memory and its **truth on disk** in one
SQLite database (WAL mode, so phones write while the laptop reads): every rating is committed
before the call returns, which is what lets the web server acknowledge a phone's rating only
when it is safe. Killed and restarted, :meth:`Room.open` rebuilds the session from the database,
with the same room code, the same port and every device's token, so the phones reconnect by
themselves. The session's JSON (:meth:`WorkSession.dumps`) is the *export* made from it for the
report — never a second place a rating is kept.

Who may do what is decided here, not in a client: a device is known only by a random token
(kept as its hash), sees its own ratings and, before a reveal, nothing of anyone else's but
how many are done (:meth:`Room.view`); revealing or closing a round are methods the laptop calls
in-process, so no request over the network can ever do them.

Two locks keep the shared screen smooth while 40 phones rate: ``lock`` guards the session in
memory and is held only for microseconds; ``_write`` orders the database writes (a commit waits
for the disk) so the frame loop never waits for a phone's commit.

>>> import tempfile, pathlib
>>> from morgenmaken.werksessie.plan import Dimension, Measure, Plan
>>> from morgenmaken.scenario.models import Text
>>> plan = Plan(id="p", title=Text(nl="Plan"), measures=[Measure(id="m", title=Text(nl="M"),
...     description=Text(nl="Doet iets."))], dimensions=[Dimension(id="d", name=Text(nl="D"))])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> room = Room.create(new_session(plan, [], phones=True), folder / "room.sqlite3")
>>> anna = room.join("Anna"); room.rate(anna.token, "m", "d", 2); room.submit(anna.token, "m")
>>> room.close_db(); again = Room.open(folder / "room.sqlite3")
>>> again.session.revealed("m"), again.device(anna.token), again.code == room.code
(True, 'Anna', True)
>>> again.close_db()
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from morgenmaken.werksessie.aggregate import SCALE, Rating
from morgenmaken.werksessie.session import (
    SessionError,
    WorkSession,
    loads,
    new_session,
)

__all__ = ["Device", "Room", "RoomError", "Serve", "Serving", "new_session"]

#: Room codes avoid letters people misread on a projector (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: The port a room listens on unless it is taken; kept in the database so a restarted laptop
#: comes back on the same address the phones know.
DEFAULT_PORT = 8765

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (token_hash TEXT PRIMARY KEY, participant TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (
    measure TEXT NOT NULL, participant TEXT NOT NULL, dimension TEXT NOT NULL,
    value INTEGER, PRIMARY KEY (measure, participant, dimension));
CREATE TABLE IF NOT EXISTS submitted (
    measure TEXT NOT NULL, participant TEXT NOT NULL, PRIMARY KEY (measure, participant));
"""


class RoomError(SessionError):
    """A request the room refuses; `code` names the reason for a client's own wording
    (``unknown_device``, ``closed``, ``submitted``, ``bad_value``, ``full``, ``name_taken`` …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Device:
    """A phone or laptop browser that joined: the name its ratings are kept under and the
    token it proves itself with (given to the device once, kept here only as a hash)."""

    participant: str
    token: str


class Serving(Protocol):
    """A room being served to devices (the web server, as the shared screen knows it)."""

    @property
    def url(self) -> str:
        """The address to join, with the room code: what the QR code holds."""
        ...

    def stop(self) -> None:
        """Stop serving."""
        ...


#: How a client that shows the room (the pygame window) has it served without importing the
#: server: the command that starts the window passes this in (``web.server.serve_room``).
Serve = Callable[["Room"], Serving]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_code() -> str:
    """A fresh room code: six characters, about 30 bits — with the server's rate limit far
    beyond guessing during a session."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def open_database(path: Path, schema: str) -> sqlite3.Connection:
    """A room's database for many writers: WAL (phones write while the laptop reads), every
    commit synced (an acknowledged change survives even power loss), tables made if new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(schema)
    return db


class AntiForgery:
    """The anti-forgery value of each device of a room (the werksessie's and the game's)."""

    _secret: str

    def csrf(self, token: str) -> str:
        """The anti-forgery value a device's page sends with each change: derived from its
        token with the room's secret, so another site can neither read nor compute it."""
        return hmac.new(self._secret.encode(), token.encode(), hashlib.sha256).hexdigest()[:32]

    def check_csrf(self, token: str, value: str) -> bool:
        """Whether `value` is this device's anti-forgery value."""
        return hmac.compare_digest(self.csrf(token), value)


class Room(AntiForgery):
    """The werksessie in progress with its database, devices and room code."""

    def __init__(self, session: WorkSession, db: sqlite3.Connection, path: Path, code: str,
                 secret: str, port: int) -> None:
        self.session = session
        self.path = path
        self.code = code
        self.port = port
        self._secret = secret
        self._db = db
        self._devices: dict[str, str] = {}
        #: Guards the session in memory (held briefly; the laptop's frame loop takes it).
        self.lock = threading.RLock()
        self._write = threading.Lock()
        #: Goes up with every change, so clients know when to fetch the state again.
        self.version = 0
        self._listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ opening
    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        return open_database(path, _SCHEMA)

    @classmethod
    def create(cls, session: WorkSession, path: Path, port: int = DEFAULT_PORT) -> Room:
        """A new room for `session` (a database already at `path` is replaced)."""
        for stale in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        db = cls._connect(path)
        room = cls(session, db, path, new_code(), secrets.token_hex(16), port)
        with room._write:
            db.execute("BEGIN IMMEDIATE")
            for key, value in (("code", room.code), ("secret", room._secret),
                               ("port", str(port))):
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            room._write_session(db)
            room._write_ratings(db)
            db.execute("COMMIT")
        return room

    @classmethod
    def open(cls, path: Path) -> Room:
        """The room as the database left it (after a crash or a closed lid); a
        :class:`SessionError` says why a file cannot be used."""
        if not path.is_file():
            raise SessionError("there is no werksessie with phones to continue")
        try:
            db = cls._connect(path)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            document = json.loads(meta["session"])
            ratings: dict[str, dict[str, dict[str, Rating]]] = {}
            for measure, person, dimension, value in db.execute(
                    "SELECT measure, participant, dimension, value FROM ratings"):
                ratings.setdefault(measure, {}).setdefault(person, {})[dimension] = value
            submitted: dict[str, list[str]] = {}
            for measure, person in db.execute(
                    "SELECT measure, participant FROM submitted ORDER BY rowid"):
                submitted.setdefault(measure, []).append(person)
            document["ratings"] = ratings
            document["submitted"] = submitted
            session = loads(json.dumps(document))
            room = cls(session, db, path, meta["code"], meta["secret"], int(meta["port"]))
            room._devices = dict(db.execute("SELECT token_hash, participant FROM devices"))
        except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as error:
            if isinstance(error, SessionError):
                raise
            raise SessionError(f"the werksessie database is damaged ({error})") from None
        return room

    def close_db(self) -> None:
        """Close the database (the room is not used any more)."""
        with self._write:
            self._db.close()

    # ------------------------------------------------------------------ writing
    def _write_session(self, db: sqlite3.Connection) -> None:
        body = self.session.model_dump(mode="json", exclude={"ratings", "submitted"})
        db.execute("INSERT OR REPLACE INTO meta VALUES ('session', ?)", (json.dumps(body),))

    def _write_ratings(self, db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM ratings")
        db.execute("DELETE FROM submitted")
        db.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?)",
                       [(m, p, d, v) for m, people in self.session.ratings.items()
                        for p, given in people.items() for d, v in given.items()])
        db.executemany("INSERT INTO submitted VALUES (?, ?)",
                       [(m, p) for m, people in self.session.submitted.items() for p in people])

    def _changed(self) -> None:
        self.version += 1
        for listener in list(self._listeners):
            listener()

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from whichever thread made the change) after every change."""
        self._listeners.append(callback)

    def save(self) -> None:
        """Write the whole session now: what the laptop does after its own changes (its
        raters' ratings, the agreements, a closed round). One transaction, so a kill leaves
        the state before or after, whole."""
        with self._write, self.lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._write_session(self._db)
                self._write_ratings(self._db)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._changed()

    def keep_port(self, port: int) -> None:
        """Remember the port the pages are served on, so a restart comes back on it."""
        with self._write:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('port', ?)", (str(port),))
            self.port = port

    def export(self) -> str:
        """The session as the report reads it (the JSON session format)."""
        with self.lock:
            return self.session.dumps()

    # ------------------------------------------------------------------ devices
    def join(self, name: str | None) -> Device:
        """A device joins under `name` (None: anonymously); its token is returned once."""
        token = secrets.token_urlsafe(24)
        with self._write:
            with self.lock:
                try:
                    participant = self.session.join(name)
                except SessionError as error:
                    code = "full" if "full" in str(error) else (
                        "name_taken" if "already" in str(error) else "name_missing")
                    raise RoomError(code, str(error)) from None
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("INSERT INTO devices VALUES (?, ?)", (_hash(token), participant))
                self._write_session(self._db)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                with self.lock:
                    self.session.participants.remove(participant)
                raise
            with self.lock:
                self._devices[_hash(token)] = participant
                self._changed()
        return Device(participant, token)

    def device(self, token: str) -> str | None:
        """The participant a device token belongs to (None: not a device of this room)."""
        return self._devices.get(_hash(token))

    def on_phone(self, participant: str) -> bool:
        """Whether a participant rates on a device of their own (not on the laptop)."""
        return participant in self._devices.values()

    def _who(self, token: str) -> str:
        participant = self.device(token)
        if participant is None:
            raise RoomError("unknown_device", "this device has not joined the room")
        return participant

    # ------------------------------------------------------------------ rating
    def rate(self, token: str, measure_id: str, dimension_id: str, value: Rating) -> None:
        """A device's rating, committed to disk before this returns."""
        if value is not None and (type(value) is not int or value not in SCALE):
            raise RoomError("bad_value", f"a rating is one of {SCALE} or 'weet niet'")
        with self._write:
            with self.lock:
                participant = self._who(token)
                self._check_open(measure_id, participant)
                if all(d.id != dimension_id for d in self.session.dimensions):
                    raise RoomError("bad_dimension", "the plan has no such dimension")
            self._db.execute("INSERT OR REPLACE INTO ratings VALUES (?, ?, ?, ?)",
                             (measure_id, participant, dimension_id, value))
            with self.lock:
                self.session.rate(measure_id, participant, dimension_id, value)
                self._changed()

    def submit(self, token: str, measure_id: str) -> None:
        """A device hands in its ratings of a measure (committed before this returns)."""
        with self._write:
            with self.lock:
                participant = self._who(token)
                self._check_open(measure_id, participant)
                if self.session.missing(measure_id, participant):
                    raise RoomError("missing", "rate every dimension first (or 'weet niet')")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT OR IGNORE INTO submitted VALUES (?, ?)",
                                 (measure_id, participant))
                with self.lock:
                    self.session.submit(measure_id, participant)
                    self._write_session(self._db)  # a last submit reveals: keep that too
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            with self.lock:
                self._changed()

    def _check_open(self, measure_id: str, participant: str) -> None:
        current = self.session.current()
        if current is None or current.id != measure_id:
            raise RoomError("not_current", "this measure is not the one being rated now")
        if self.session.revealed(measure_id):
            raise RoomError("closed", "this round is closed; the ratings are revealed")
        if self.session.has_submitted(measure_id, participant):
            raise RoomError("submitted", "these ratings were handed in already")

    # ------------------------------------------------------------------ the laptop's
    def reveal(self, measure_id: str) -> None:
        """The facilitator closes the round (only the laptop calls this, in-process)."""
        with self.lock:
            self.session.reveal(measure_id)
        self.save()

    def progress(self) -> tuple[list[str], list[str]]:
        """Who has handed in the current measure and who not: names only, never a choice."""
        with self.lock:
            measure = self.session.current()
            if measure is None:
                return [], []
            done = [p for p in self.session.participants
                    if self.session.has_submitted(measure.id, p)]
            waiting = [p for p in self.session.participants if p not in done]
            return done, waiting

    # ------------------------------------------------------------------ what a device sees
    def view(self, token: str) -> dict[str, Any]:
        """Everything one device may know now: its own ratings of the current measure, how
        many are done, and — only after the reveal — the room's figures (counts per choice,
        median, spread; never who chose what)."""
        with self.lock:
            participant = self._who(token)
            session = self.session
            measure = session.current()
            done, waiting = self.progress()
            state: dict[str, Any] = {"you": participant, "version": self.version,
                                     "done": len(done), "total": len(done) + len(waiting)}
            if measure is None:
                state.update(measure=None, finished=True)
                return state
            revealed = session.revealed(measure.id)
            own = session.ratings.get(measure.id, {}).get(participant, {})
            state.update(
                finished=False, measure=measure.id,
                number=session.measures.index(measure) + 1, measures=len(session.measures),
                own={d: v for d, v in own.items()},
                submitted=session.has_submitted(measure.id, participant),
                revealed=revealed,
                counted=revealed and participant in session.raters(measure.id))
            if revealed:
                figures = []
                for dimension in session.dimensions:
                    agg = session.aggregate(measure.id, dimension.id)
                    figures.append({"dimension": dimension.id, "counts": list(agg.counts),
                                    "dont_know": agg.dont_know, "median": agg.median,
                                    "low": agg.low, "high": agg.high,
                                    "divided": agg.divided, "apart": agg.disagreement})
                state["raters"] = len(session.raters(measure.id))
                state["figures"] = figures
            return state

