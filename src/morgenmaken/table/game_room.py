"""A game on the table with players on their own phones: one object below every client.

The shared screen stays the board; each player's phone shows the hand, goal and card details
of that player's roles, proposes for them and, in vote mode, votes in secret. All phones may
propose **at the same time**, although the engine takes proposals role by role: a phone's
proposal is kept here as an *intent* (committed to this room's SQLite database before the
phone is told it is saved) and :meth:`GameRoom.pump` puts it on the table as soon as that
role's turn comes, through the engine's own :meth:`~morgenmaken.engine.GameState.legal_actions`.
Votes wait the same way for their voter's turn. So the proposal step takes as long as the
slowest phone, not six turns at one keyboard, and the engine's rules stay the only rules.

The game itself is the :class:`~morgenmaken.table.game.Session` and its autosave after every
decision — the single truth. This room's database holds only what is not a decision yet (the
intents and votes waiting for their turn) and who is who (the room code, a token per device,
kept as its hash), so a laptop killed mid-round comes back with the same address and code, the
phones reconnect by themselves and nothing a phone was told is saved is lost.

Who may do what is decided here: a device acts only for the roles of the player it joined as,
and only when the engine allows it; before a vote is decided no device learns anyone else's
vote — the shared screen learns only how many have voted (:meth:`GameRoom.vote_progress`).

:meth:`GameRoom.pump` changes the game, so it runs where the game is drawn: the window calls it
every frame (the engine is never changed under its feet); without a window (tests, a LAB of
bots) ``auto_pump=True`` pumps inside each request.

>>> import tempfile, pathlib
>>> from morgenmaken.engine import GameConfig, new_game
>>> from morgenmaken.scenario.library import load_current, resolve
>>> from morgenmaken.table.game import Session
>>> path = resolve("tutorial")
>>> scenario = load_current(path)
>>> state = new_game(scenario, GameConfig(seed=1, players=("Anna", "Bram")))
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> room = GameRoom.create(Session(scenario, path, state, None), folder / "room.sqlite3")
>>> anna, bram = room.join(0), room.join(1)
>>> [r for r in room.roles_of(bram.token)] == [r for r, p in state.role_holders.items() if p == 1]
True
>>> role = room.roles_of(bram.token)[0]
>>> card = next(c for c in state.hands[role] if state.card_available(c))
>>> room.propose(bram.token, role, [card])   # Bram's role is not first: kept for its turn
>>> card in [p.card for p in state.proposals]
False
>>> for first in room.roles_of(anna.token):
...     room.propose(anna.token, first, [])   # Anna passes; the pump plays Bram's turn too
>>> _ = room.pump()
>>> card in [p.card for p in state.proposals]
True
>>> room.close_db()
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from morgenmaken.engine import Action, Decision, GameState, IllegalActionError, Phase
from morgenmaken.table.game import Session
from morgenmaken.table.room import AntiForgery, Device, RoomError, new_code, open_database

__all__ = ["GAME_PORT", "GameRoom", "Intent"]

#: The port a game table listens on unless it is taken (the werksessie uses 8765).
GAME_PORT = 8775

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (token_hash TEXT PRIMARY KEY, player INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS intents (
    role TEXT PRIMARY KEY, round INTEGER NOT NULL, cards TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    round INTEGER NOT NULL, card TEXT NOT NULL, player INTEGER NOT NULL, yes INTEGER NOT NULL,
    PRIMARY KEY (round, card, player));
"""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Intent:
    """A role's proposal made on a phone, waiting for the role's turn: the cards in the order
    the player chose them (none: the role passes)."""

    round: int
    cards: tuple[str, ...]


def game_key(state: GameState) -> str:
    """What identifies one game (a room's database belongs to it and no other)."""
    config = state.config
    return json.dumps([state.scenario.id, config.seed, list(config.players), config.team,
                       config.decision.value], ensure_ascii=False)


class GameRoom(AntiForgery):
    """The game on the table with the devices of its players."""

    def __init__(self, session: Session, db: sqlite3.Connection, path: Path, code: str,
                 secret: str, port: int, auto_pump: bool = False) -> None:
        self.session = session
        self.path = path
        self.code = code
        self.port = port
        self.auto_pump = auto_pump
        self._secret = secret
        self._db = db
        self._write = threading.Lock()
        self._devices: dict[str, int] = {}
        self.intents: dict[str, Intent] = {}
        #: (round, card) -> player -> yes: votes waiting for their voter's turn.
        self.votes: dict[tuple[int, str], dict[int, bool]] = {}
        #: Role -> the last problem with its intent, in words a phone can show (a card that
        #: could no longer be proposed when its turn came).
        self.problems: dict[str, str] = {}
        #: Goes up with every change, so clients know when to fetch the state again.
        self.version = 0
        self._listeners: list[Callable[[], None]] = []
        session.listen(self._session_saved)

    # ------------------------------------------------------------------ opening
    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        return open_database(path, _SCHEMA)

    @classmethod
    def create(cls, session: Session, path: Path, port: int = GAME_PORT,
               auto_pump: bool = False) -> GameRoom:
        """A new room for the game of `session` (a database already at `path` is replaced)."""
        for stale in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        db = cls._connect(path)
        room = cls(session, db, path, new_code(), secrets.token_hex(16), port, auto_pump)
        with room._write:
            db.execute("BEGIN IMMEDIATE")
            for key, value in (("code", room.code), ("secret", room._secret),
                               ("port", str(port)), ("game", game_key(session.state))):
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            db.execute("COMMIT")
        return room

    @classmethod
    def open_or_create(cls, session: Session, path: Path, port: int = GAME_PORT,
                       auto_pump: bool = False) -> GameRoom:
        """The room of this game as its database left it (after a crash: same code, same
        devices, the intents still waiting), or a new one when the database is missing,
        damaged or belongs to another game."""
        if path.is_file():
            try:
                db = cls._connect(path)
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
                if meta.get("game") == game_key(session.state):
                    room = cls(session, db, path, meta["code"], meta["secret"],
                               int(meta["port"]), auto_pump)
                    room._load()
                    return room
                db.close()
            except (sqlite3.DatabaseError, KeyError, ValueError, TypeError):
                pass  # a damaged room file only costs the phones a new join
        return cls.create(session, path, port, auto_pump)

    def _load(self) -> None:
        rnd = self.session.state.round
        self._devices = dict(self._db.execute("SELECT token_hash, player FROM devices"))
        for role, at, cards in self._db.execute("SELECT role, round, cards FROM intents"):
            if at == rnd:
                self.intents[role] = Intent(at, tuple(json.loads(cards)))
        for at, card, player, yes in self._db.execute(
                "SELECT round, card, player, yes FROM votes"):
            if at == rnd:
                self.votes.setdefault((at, card), {})[player] = bool(yes)

    def close_db(self) -> None:
        """Close the database and stop following the session (the room is not used any
        more)."""
        self.session.unlisten(self._session_saved)
        with self._write:
            self._db.close()

    def keep_port(self, port: int) -> None:
        """Remember the port the pages are served on, so a restart comes back on it."""
        with self._write:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('port', ?)", (str(port),))
            self.port = port

    # ------------------------------------------------------------------ changes
    def _session_saved(self, session: Session) -> None:
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        for listener in list(self._listeners):
            listener()

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from whichever thread made the change) after every change."""
        self._listeners.append(callback)

    @property
    def lock(self) -> threading.RLock:
        """The game's own lock: held while reading the state from another thread."""
        return self.session.lock

    @property
    def state(self) -> GameState:
        """The game now."""
        return self.session.state

    # ------------------------------------------------------------------ devices
    def players(self) -> list[str]:
        """The team's names, in seat order."""
        return list(self.state.config.players)

    def taken(self) -> set[int]:
        """Seats a device has joined as."""
        return set(self._devices.values())

    def join(self, player: int) -> Device:
        """A device joins as the player in seat `player`; its token is returned once. A
        seat takes one device: a second phone for the same player is refused (the
        laptop frees a seat with :meth:`release`)."""
        names = self.players()
        if type(player) is not int or not 0 <= player < len(names):
            raise RoomError("bad_player", "there is no such player at this table")
        token = secrets.token_urlsafe(24)
        with self._write, self.lock:
            if player in self.taken():
                raise RoomError("seat_taken", "this player is on a phone already")
            self._db.execute("INSERT INTO devices VALUES (?, ?)", (_hash(token), player))
            self._devices[_hash(token)] = player
            self._changed()
        return Device(names[player], token)

    def release(self, player: int) -> None:
        """The laptop frees a seat (a phone was lost or handed on): its device is out."""
        with self._write, self.lock:
            self._db.execute("DELETE FROM devices WHERE player = ?", (player,))
            self._devices = {h: p for h, p in self._devices.items() if p != player}
            self._changed()

    def device(self, token: str) -> int | None:
        """The seat a device token belongs to (None: not a device of this room)."""
        return self._devices.get(_hash(token))

    def on_phone(self, player: int) -> bool:
        """Whether a player plays on a device of their own."""
        return player in self._devices.values()

    def role_on_phone(self, role: str) -> bool:
        """Whether the player holding `role` plays it on a phone."""
        return self.on_phone(self.state.role_holders[role])

    def _who(self, token: str) -> int:
        player = self.device(token)
        if player is None:
            raise RoomError("unknown_device", "this device has not joined the table")
        return player

    def roles_of(self, token: str) -> list[str]:
        """The roles of the player a device joined as, in the engine's turn order."""
        player = self._who(token)
        state = self.state
        return [r for r in state.turn_order() if state.role_holders[r] == player]

    # ------------------------------------------------------------------ proposing
    def proposable(self, role: str) -> list[str]:
        """The cards of `role`'s hand it could put on the table in its turn this round."""
        return self.state.proposable(role)

    def _turn_passed(self, role: str) -> bool:
        """Whether `role` has no turn left this round: it has had it, or the engine passes
        it over because its player has used the proposals they may make."""
        return role not in self.state.roles_to_propose()

    def readied(self, player: int, but: str | None = None) -> int:
        """Cards `player` has readied on their phone for their roles (all but `but`) and not
        yet put on the table: they count against the player's limit before they land."""
        state = self.state
        count = 0
        for role, intent in self.intents.items():
            if role == but or state.role_holders.get(role) != player:
                continue
            if intent.round == state.round and not self._turn_passed(role):
                placed = {p.card for p in state.proposals if p.role == role}
                count += sum(1 for c in intent.cards if c not in placed)
        return count

    def left_to_propose(self, role: str) -> int:
        """How many more cards `role` may propose this round: 0 once its turn is over, and
        never more than its player may still put on the table over all their roles."""
        if self._turn_passed(role):
            return 0
        state = self.state
        room = self._role_room(role)
        player_left = state.proposals_left(state.role_holders[role])
        if player_left is not None:
            room = min(room, player_left - self.readied(state.role_holders[role], but=role))
        return max(0, room)

    def _ahead(self, role: str) -> bool:
        """Whether `role`'s place in this round's turn order has not been passed yet."""
        state = self.state
        current = state.current_role
        order = state.turn_order()
        if current is None or role not in order:
            return False
        return order.index(role) >= order.index(current)

    def _role_room(self, role: str) -> int:
        """The cards `role` could still propose by the role's own limit alone."""
        mine = sum(1 for p in self.state.proposals if p.role == role)
        return self.state.compiled.proposals_per_role - mine

    def capped(self, role: str) -> bool:
        """Whether `role` may not propose now only because its player's proposals this
        round are made or readied for their other roles (its place in the turn order has
        not been passed, and it has put nothing on the table yet)."""
        state = self.state
        return (state.phase == Phase.PROPOSE and self._ahead(role)
                and self.left_to_propose(role) == 0
                and not any(p.role == role for p in state.proposals))

    def propose(self, token: str, role: str, cards: list[str]) -> None:
        """A phone's proposal for one of its roles: these cards (none: pass), put on the
        table when the role's turn comes. Committed to disk before this returns; a later
        proposal for the same role in the same round replaces it."""
        with self._write:
            with self.lock:
                player = self._who(token)
                state = self.state
                if role not in state.role_holders or state.role_holders[role] != player:
                    raise RoomError("not_your_role", "this role belongs to another player")
                if state.is_terminal() or state.phase != Phase.PROPOSE:
                    raise RoomError("not_proposing", "the team is not proposing now")
                if self._turn_passed(role):
                    if self._ahead(role):  # the engine passes it over: the player is done
                        raise RoomError("limit_reached", "this player has proposed all the "
                                        "cards they may this round")
                    raise RoomError("turn_over", "this role has had its turn this round")
                room = self.left_to_propose(role)
                if room < len(cards) <= self._role_room(role):
                    raise RoomError("limit_reached", "this player's other roles have the "
                                    "cards they may propose this round")
                if len(cards) != len(set(cards)) or len(cards) > room:
                    raise RoomError("too_many_cards",
                                    f"this role may put {room} more card(s) on the table")
                open_cards = set(self.proposable(role))
                for card in cards:
                    if card not in open_cards:
                        raise RoomError("card_unavailable",
                                        "that card cannot be proposed now (not in the hand, "
                                        "on the table already, too expensive or its "
                                        "conditions do not hold)")
                intent = Intent(state.round, tuple(cards))
            self._db.execute("INSERT OR REPLACE INTO intents VALUES (?, ?, ?)",
                             (role, intent.round, json.dumps(list(intent.cards))))
            with self.lock:
                self.intents[role] = intent
                self.problems.pop(role, None)
                self._changed()
        if self.auto_pump:
            self.pump()

    def withdraw(self, token: str, role: str) -> None:
        """Take back a waiting proposal (its turn has not come yet)."""
        with self._write:
            with self.lock:
                player = self._who(token)
                if self.state.role_holders.get(role) != player:
                    raise RoomError("not_your_role", "this role belongs to another player")
                if role not in self.intents:
                    raise RoomError("nothing_waiting", "there is no waiting proposal")
            self._db.execute("DELETE FROM intents WHERE role = ?", (role,))
            with self.lock:
                self.intents.pop(role, None)
                self._changed()

    # ------------------------------------------------------------------ voting
    def _applied_votes(self, card: str) -> dict[int, bool]:
        state = self.state
        if not state.rounds_log:
            return {}
        return {player: yes for voted, player, yes in state.rounds_log[-1].votes
                if voted == card}

    def to_vote(self) -> list[str]:
        """The proposals of this round still to be voted on (vote mode, decide phase)."""
        state = self.state
        if (state.phase != Phase.DECIDE or state.config.decision != Decision.VOTE
                or state.under_vote is None):
            return []
        cards = [p.card for p in state.proposals]
        return cards[cards.index(state.under_vote.card):]

    def vote(self, token: str, card: str, yes: bool) -> None:
        """A player's secret vote on a proposal; cast in the engine when it is that player's
        turn to vote on it. Committed before this returns."""
        if type(yes) is not bool:
            raise RoomError("bad_vote", "a vote is for or against")
        with self._write:
            with self.lock:
                player = self._who(token)
                if card not in self.to_vote():
                    raise RoomError("not_voting", "that proposal is not being voted on")
                rnd = self.state.round
                if (player in self._applied_votes(card)
                        or player in self.votes.get((rnd, card), {})):
                    raise RoomError("voted", "you have voted on this proposal already")
            self._db.execute("INSERT INTO votes VALUES (?, ?, ?, ?)", (rnd, card, player, yes))
            with self.lock:
                self.votes.setdefault((rnd, card), {})[player] = yes
                self._changed()
        if self.auto_pump:
            self.pump()

    def has_voted(self, player: int, card: str) -> bool:
        """Whether a player has voted on a proposal (cast or waiting)."""
        with self.lock:
            return (player in self._applied_votes(card)
                    or player in self.votes.get((self.state.round, card), {}))

    def vote_progress(self) -> tuple[int, int]:
        """How many have voted on the proposal under vote, of how many: the shared screen
        shows this and never who voted what."""
        with self.lock:
            under = self.state.under_vote
            total = len(self.state.config.players)
            if under is None:
                return 0, total
            voted = set(self._applied_votes(under.card))
            voted |= set(self.votes.get((self.state.round, under.card), {}))
            return len(voted), total

    # ------------------------------------------------------------------ the pump
    def pump(self) -> bool:
        """Apply every waiting proposal and vote whose turn has come, through the engine's
        legal actions; True when the game changed. Called where the game is drawn.

        The engine changes under the game's lock; what no longer waits is then deleted from
        the database under the write lock alone (always taken before the game's lock, never
        after it, so a phone's commit and the pump cannot wait for each other)."""
        applied = False
        done: dict[str, int] = {}  # role -> the round of the intent that no longer waits
        with self.lock:
            while True:
                action, role = self._next_action()
                if action is None:
                    break
                try:
                    # saved once below: the votes of a whole room arriving in one frame
                    # cost one autosave, not one each (they stay in the database till then)
                    self.session.apply(action, save=False)
                    applied = True
                except IllegalActionError:  # cannot happen after the check; be safe anyway
                    if role is None:
                        break
                    self.problems[role] = "card_unavailable"
                    dropped = self.intents.pop(role, None)
                    if dropped is not None:
                        done[role] = dropped.round
                    continue
                if role is not None and (self.state.current_role != role
                                         or self.state.phase != Phase.PROPOSE):
                    over = self.intents.pop(role, None)  # the role's turn is over
                    if over is not None:
                        done[role] = over.round
            if applied:
                self.session.save()
            rnd = self.state.round
            for stale in [r for r, i in self.intents.items() if i.round != rnd]:
                del self.intents[stale]
            for key in [k for k in self.votes if k[0] != rnd]:
                del self.votes[key]
        if applied:
            with self._write:
                for role, at in done.items():
                    self._db.execute("DELETE FROM intents WHERE role = ? AND round = ?",
                                     (role, at))
                self._db.execute("DELETE FROM intents WHERE round < ?", (rnd,))
                self._db.execute("DELETE FROM votes WHERE round < ?", (rnd,))
            self._changed()
        return applied

    def _next_action(self) -> tuple[Action | None, str | None]:
        state = self.state
        if state.is_terminal():
            return None, None
        if state.phase == Phase.PROPOSE:
            role = state.current_role
            assert role is not None
            intent = self.intents.get(role)
            if intent is None or intent.round != state.round:
                return None, None
            mine = {p.card for p in state.proposals if p.role == role}
            todo = [c for c in intent.cards if c not in mine]
            if not todo:
                return Action.pass_(), role
            action = Action.propose(todo[0])
            if action not in state.legal_actions():
                self.problems[role] = "card_unavailable"
                self.intents[role] = Intent(intent.round, tuple(c for c in intent.cards
                                                               if c != todo[0]))
                return self._next_action()
            return action, role
        if state.phase == Phase.DECIDE and state.config.decision == Decision.VOTE:
            under, voter = state.under_vote, state.current_player
            if under is None or voter is None:
                return None, None
            waiting = self.votes.get((state.round, under.card), {})
            if voter not in waiting:
                return None, None
            return Action.vote(under.card, waiting[voter]), None
        return None, None

    # ------------------------------------------------------------------ for the board
    def waiting_roles(self) -> list[str]:
        """Roles on phones whose proposal is ready and waits for its turn."""
        with self.lock:
            return [r for r in self.state.turn_order() if r in self.intents]

    def summary(self) -> dict[str, Any]:
        """What the shared screen shows about the phones: who joined, which roles have a
        proposal ready, how many have voted — never a hand, never a vote."""
        with self.lock:
            names = self.players()
            voted, total = self.vote_progress()
            return {"joined": [names[p] for p in sorted(self.taken())],
                    "ready": self.waiting_roles(), "voted": voted, "voters": total}
