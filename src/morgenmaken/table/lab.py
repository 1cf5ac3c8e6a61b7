"""A LAB event in progress: what every table in the room sent to the facilitator's hub.

Each table sends its whole save (seed and action log, a few kilobytes) after every decision
(:mod:`morgenmaken.table.lab_link`); the hub keeps the latest one per table in one SQLite
database (WAL mode) and rebuilds the game by replaying it, so every round of every table can
be shown and compared, and a hub that is killed and started again loses nothing: the database
is committed before a table hears that its save arrived, and :meth:`Hub.open` comes back with
the same hub code, port and table tokens.

The hub only *receives*: nothing here can change a table's game. A table is known by a random
token (kept as its hash) that it got when it joined; a save that does not replay on the
scenario it names is refused with a reason, so what the hub shows is always a real game.

>>> import tempfile, pathlib
>>> from morgenmaken.engine import new_game, save_data
>>> from morgenmaken.scenario.synthetic import synthetic_scenario
>>> hub = Hub.create(pathlib.Path(tempfile.mkdtemp()) / "lab.sqlite3")
>>> state = new_game(synthetic_scenario(), seed=1, players=("Anna", "Bram"))
>>> token, name = hub.join("Tafel 1")
>>> hub.receive(token, 1, save_data(state), compiled=state.compiled).stored
True
>>> [(t.name, t.round) for t in hub.tables()]
[('Tafel 1', 1)]
>>> hub.close_db()
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from morgenmaken.engine import (
    CompiledScenario,
    GameState,
    SaveError,
    ScenarioChangedError,
    compile_scenario,
    load_data,
)
from morgenmaken.scenario.library import load_current, scenario_files
from morgenmaken.scenario.loader import ScenarioError
from morgenmaken.storage import UnreadableFile, parse_json_message

__all__ = ["PROTOCOL", "Hub", "LabError", "Receipt", "TableView"]

#: The version of the tables' protocol this hub speaks (docs/lab-protocol.md).
PROTOCOL = 1
#: Hub codes avoid letters people misread on a projector (0/O, 1/I/L), as room codes do.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
DEFAULT_PORT = 8770
#: A LAB room holds a few dozen tables at most; beyond this joining is refused.
MAX_TABLES = 60
#: The longest action log a save may carry (a whole game is about 150 actions).
MAX_ACTIONS = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tables (
    id INTEGER PRIMARY KEY, token_hash TEXT UNIQUE NOT NULL, name TEXT UNIQUE NOT NULL,
    joined REAL NOT NULL);
CREATE TABLE IF NOT EXISTS saves (
    table_id INTEGER PRIMARY KEY REFERENCES tables(id), seq INTEGER NOT NULL,
    received REAL NOT NULL, document TEXT NOT NULL);
"""


class LabError(ValueError):
    """A request the hub refuses; `code` names the reason (``unknown_table``, ``full``,
    ``bad_save``, ``unknown_scenario``, ``scenario_changed``) for the protocol's answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Receipt:
    """The hub's answer to a save: whether it replaced the one before (False for an older
    one arriving late) and the round the table is in by the newest save."""

    stored: bool
    seq: int
    round: int


@dataclass(frozen=True)
class TableView:
    """One table as the hub knows it: its name and, once a save arrived, its game."""

    name: str
    joined: float
    seq: int
    received: float | None
    state: GameState | None

    @property
    def round(self) -> int:
        """The round the table is in (0 before its first save)."""
        return self.state.round if self.state is not None else 0

    @property
    def label(self) -> str:
        """'Team Groen · Tafel 3' for the sheet, or the table's name when the team has none."""
        team = self.state.config.team.strip() if self.state is not None else ""
        return f"{team} · {self.name}" if team and team != self.name else self.name


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_code() -> str:
    """A fresh hub code: six characters, about 30 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ScenarioCache:
    """The compiled scenario of each id a table names, looked up once among the known
    scenario folders (files named like the id first)."""

    def __init__(self) -> None:
        self._by_id: dict[str, CompiledScenario] = {}
        self._lock = threading.Lock()

    def add(self, compiled: CompiledScenario) -> None:
        """Know this scenario (tests and the hub's own command may hand one in)."""
        self._by_id[compiled.scenario.id] = compiled

    def find(self, scenario_id: str) -> CompiledScenario:
        """The compiled scenario with this id, or :class:`LabError` ``unknown_scenario``."""
        with self._lock:
            if scenario_id in self._by_id:
                return self._by_id[scenario_id]
            for path in sorted(scenario_files(), key=lambda p: p.stem != scenario_id):
                try:
                    compiled = compile_scenario(load_current(path))
                except (OSError, ScenarioError):
                    continue
                self._by_id.setdefault(compiled.scenario.id, compiled)
                if compiled.scenario.id == scenario_id:
                    return compiled
        raise LabError("unknown_scenario", f"this hub does not know scenario {scenario_id!r}")


class Hub:
    """The LAB hub's tables and their latest saves, with its database and hub code."""

    def __init__(self, db: sqlite3.Connection, path: Path, code: str, port: int) -> None:
        self._db = db
        self.path = path
        self.code = code
        self.port = port
        self.scenarios = ScenarioCache()
        self._write = threading.Lock()
        self._lock = threading.RLock()
        self._tables: dict[int, TableView] = {}
        self._tokens: dict[str, int] = {}
        #: Goes up with every change, so the hub page knows when to fetch again.
        self.version = 0
        self._listeners: list[Callable[[], None]] = []

    # ---------------------------------------------------------------- opening
    @classmethod
    def _connect(cls, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        return db

    @classmethod
    def create(cls, path: Path, port: int = DEFAULT_PORT) -> Hub:
        """A new hub with a fresh code in a new database at `path`."""
        if path.exists():
            raise FileExistsError(path)
        db = cls._connect(path)
        code = new_code()
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("code", code), ("port", str(port)),
                            ("protocol", str(PROTOCOL)), ("created", str(time.time()))])
        return cls(db, path, code, port)

    @classmethod
    def open(cls, path: Path) -> Hub:
        """The hub of an existing database, with every table and save it had received."""
        db = cls._connect(path)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if "code" not in meta:
            db.close()
            raise LabError("bad_database", f"{path} is not a LAB hub's database")
        hub = cls(db, path, meta["code"], int(meta.get("port", DEFAULT_PORT)))
        hub._load()
        return hub

    @classmethod
    def open_or_create(cls, path: Path, port: int = DEFAULT_PORT) -> Hub:
        """The hub in `path` when there is one (a restarted hub), else a new one."""
        return cls.open(path) if path.exists() else cls.create(path, port)

    def _load(self) -> None:
        rows = self._db.execute(
            "SELECT t.id, t.token_hash, t.name, t.joined, s.seq, s.received, s.document "
            "FROM tables t LEFT JOIN saves s ON s.table_id = t.id ORDER BY t.id").fetchall()
        for table_id, token_hash, name, joined, seq, received, document in rows:
            self._tokens[token_hash] = table_id
            state = None
            if document is not None:
                try:
                    raw = document.encode("utf-8") if isinstance(document, str) else document
                    state = self._replay(parse_json_message(raw, "<lab save>"))
                except (LabError, ValueError, UnreadableFile):
                    state = None  # its scenario is gone since, or the row is damaged: keep
                    # the table, without its last save
            self._tables[table_id] = TableView(name, joined, seq or 0, received, state)

    def keep_port(self, port: int) -> None:
        """Remember the port actually listened on, so a restart comes back on it."""
        with self._write:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('port', ?)", (str(port),))
        self.port = port

    def close_db(self) -> None:
        """Close the database (everything is committed already)."""
        self._db.close()

    # ---------------------------------------------------------------- listeners
    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback` after every change (a table joined, a save arrived)."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        self.version += 1
        for callback in list(self._listeners):
            callback()

    # ---------------------------------------------------------------- tables
    def join(self, name: str) -> tuple[str, str]:
        """A new table: its token (given once) and its name in the room, made unique with
        a number when another table has it already ("Tafel 3 (2)")."""
        token = secrets.token_urlsafe(24)
        with self._write, self._lock:
            if len(self._tables) >= MAX_TABLES:
                raise LabError("full", f"this hub takes at most {MAX_TABLES} tables")
            taken = {t.name.casefold() for t in self._tables.values()}
            unique, n = name, 2
            while unique.casefold() in taken:
                unique, n = f"{name} ({n})", n + 1
            joined = time.time()
            cursor = self._db.execute("INSERT INTO tables (token_hash, name, joined) "
                                      "VALUES (?, ?, ?)", (_hash(token), unique, joined))
            table_id = int(cursor.lastrowid or 0)
            self._tokens[_hash(token)] = table_id
            self._tables[table_id] = TableView(unique, joined, 0, None, None)
        self._changed()
        return token, unique

    def table_of(self, token: str) -> str | None:
        """The name of the table with this token (None: not a table of this hub)."""
        table_id = self._tokens.get(_hash(token))
        return None if table_id is None else self._tables[table_id].name

    def _replay(self, document: dict[str, Any],
                compiled: CompiledScenario | None = None) -> GameState:
        """The game a save document describes, or :class:`LabError` with the reason."""
        scenario_id = document.get("scenario")
        if not isinstance(scenario_id, str) or not 0 < len(scenario_id) <= 80:
            raise LabError("bad_save", "the save names no scenario")
        actions = document.get("actions")
        if not isinstance(actions, list) or len(actions) > MAX_ACTIONS:
            raise LabError("bad_save", "the save's action log is missing or too long")
        if compiled is not None:
            self.scenarios.add(compiled)
        compiled = self.scenarios.find(scenario_id)
        try:
            return load_data(compiled, document)
        except ScenarioChangedError as error:
            raise LabError("scenario_changed", str(error)) from None
        except SaveError as error:
            raise LabError("bad_save", str(error)) from None

    def receive(self, token: str, seq: int, document: dict[str, Any],
                compiled: CompiledScenario | None = None) -> Receipt:
        """A table's save: replayed to check it, then kept (committed before this returns)
        unless a newer one (higher `seq`) is kept already."""
        table_id = self._tokens.get(_hash(token))
        if table_id is None:
            raise LabError("unknown_table", "this table has not joined this hub")
        state = self._replay(document, compiled)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        with self._write:
            with self._lock:
                known = self._tables[table_id]
                if seq <= known.seq:
                    return Receipt(False, known.seq, known.round)
            received = time.time()
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("INSERT OR REPLACE INTO saves VALUES (?, ?, ?, ?)",
                                 (table_id, seq, received, text))
            with self._lock:
                self._tables[table_id] = TableView(known.name, known.joined, seq, received,
                                                   state)
        self._changed()
        return Receipt(True, seq, state.round)

    def tables(self) -> list[TableView]:
        """Every table in the order it joined."""
        with self._lock:
            return [self._tables[k] for k in sorted(self._tables)]

    def documents(self) -> list[tuple[str, str]]:
        """(table name, save JSON) of every table that sent one, for ordinary save files."""
        rows = self._db.execute("SELECT t.name, s.document FROM tables t JOIN saves s "
                                "ON s.table_id = t.id ORDER BY t.id").fetchall()
        return [(str(name), str(document)) for name, document in rows]

    def games(self) -> list[tuple[str, GameState]]:
        """(label, game) of every table that sent a save, in the order the tables joined:
        what the comparison sheet is made of."""
        return [(t.label, t.state) for t in self.tables() if t.state is not None]


def last_decision(state: GameState, lang: str) -> str:
    """What the team decided last: the cards adopted in the last round whose decision is
    over, with its year ("2028: Dorpswinkels, Preventie"), or '' before the first one."""
    from morgenmaken.i18n import t

    done = [r for r in state.rounds_log if r.round < state.round or state.is_terminal()]
    if not done:
        return ""
    record = done[-1]
    cards = [state.scenario.card(p.card).title.get(lang) for p in record.proposals if p.adopted]
    what = ", ".join(cards) if cards else t("lab.nothing_adopted", lang)
    return f"{record.year}: {what}"


def summary(view: TableView, lang: str) -> dict[str, Any]:
    """One table as the hub page shows it (JSON-ready, worded in `lang`)."""
    from morgenmaken.i18n import t
    from morgenmaken.wording import number, outcome_text, status_kind, weakest_value

    row: dict[str, Any] = {"table": view.name, "label": view.label, "received": view.received,
                           "seq": view.seq, "started": view.state is not None}
    state = view.state
    if state is None:
        return row
    scenario = state.scenario
    score, bar = state.score(), state.compiled.win_threshold
    failed = state.lenses_failed()
    weakest = weakest_value(state)
    row.update({
        "team": state.config.team, "scenario": scenario.title.get(lang),
        "round": state.round, "rounds": state.last_round, "year": state.year,
        "score": number(score, 1, lang), "bar": number(bar, 0, lang),
        "above_bar": score >= bar and not failed,
        "score_text": t("lab.score_against", lang, score=number(score, 1, lang),
                        bar=number(bar, 0, lang)),
        # a lens below its own level loses the game whatever the total (engine.won)
        "short": [next((c.name.get(lang) for c in scenario.score.components if c.id == cid),
                       cid) for cid in failed],
        "finished": state.is_terminal(),
        "won": state.won(),
        "outcome": outcome_text(scenario, state.outcome, lang) if state.is_terminal() else "",
        "last_decision": last_decision(state, lang),
    })
    if weakest is not None:
        value = state.value(weakest)
        kind = status_kind(scenario, weakest, value)
        row["weakest"] = {"name": scenario.variable(weakest).name.get(lang),
                          "value": number(value, 0, lang), "status": kind,
                          "status_text": t(f"status.{kind}", lang)}
    return row
