"""The autosave of the running werksessie: written after every rating and every agreement.

One slot, ``<home>/werksessies/werksessie-autosave.json``, holding exactly the session's own
JSON (:meth:`WorkSession.dumps`), so the same file can be handed to the report. It is written
atomically (:func:`morgenmaken.storage.write_atomic`): a laptop lid closed or a process killed
mid-write leaves the previous save or the new one, whole. The title screen only *peeks* at the
file (plan title, which measure) so it appears at once; a file that cannot be read is put aside
in ``broken/`` when the team chooses so, never deleted, and a finished session is moved to
``finished/`` where the report and a later look can find it.

A session *with phones* keeps its truth in the room's database beside it
(``werksessie-room.sqlite3``, see :class:`morgenmaken.table.room.Room`); the JSON file is then
the export the laptop refreshes after each of its own changes (and the title screen peeks at),
and on resuming the database wins. Archiving moves both, together.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from morgenmaken.storage import (
    SAVE_LIMIT,
    UnreadableFile,
    decode_text,
    home,
    parse_json,
    read_user_file,
    write_atomic,
)
from morgenmaken.werksessie.session import SessionError, WorkSession, loads

SLOT = "werksessie"


def sessions_folder() -> Path:
    """Where werksessies are kept (inside the user's data folder, which
    ``MORGENMAKEN_HOME`` moves)."""
    return home() / "werksessies"


@dataclass(frozen=True)
class Peek:
    """What the title screen says about a werksessie left open."""

    title: dict[str, str]
    team: str
    #: 1-based number of the measure the team is on (``measures + 1`` when all are closed).
    measure: int
    measures: int

    def title_in(self, lang: str) -> str:
        """The plan title in `lang` (Dutch when there is no translation)."""
        return self.title.get(lang) or self.title.get("nl") or ""


class DamagedSession(SessionError):
    """A werksessie file that cannot be read, with the reason for the user's language."""

    def __init__(self, cause: UnreadableFile | None = None, message: str = "") -> None:
        self.cause = cause
        super().__init__(message or (f"the session file cannot be read: {cause}" if cause
                                     else "the session file is damaged"))

    def reason(self, lang: str = "nl") -> str:
        """Why, in `lang` (the file reader's sentence, or "the file is damaged")."""
        from morgenmaken.i18n import t
        return self.cause.reason(lang) if self.cause is not None else t("file.damaged", lang)


class SessionStore:
    """The werksessie autosave slot."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or sessions_folder()

    @property
    def path(self) -> Path:
        """The autosave file."""
        return self.folder / f"{SLOT}-autosave.json"

    @property
    def room_path(self) -> Path:
        """The database of a session with phones (ratings committed one by one)."""
        return self.folder / f"{SLOT}-room.sqlite3"

    def has_room(self) -> bool:
        """Whether the open session is one with phones (its database is the truth)."""
        return self.room_path.is_file()

    def exists(self) -> bool:
        """Whether a werksessie was left open (or something else in its place, which the
        title screen then puts aside)."""
        return os.path.lexists(self.path)

    def save(self, session: WorkSession) -> None:
        """Write the session now (after every rating and agreement change)."""
        write_atomic(self.path, session.dumps())

    def peek(self) -> Peek:
        """Plan title and the measure the team is on, without validating the whole file;
        raises :class:`SessionError` when the file is not even a werksessie."""
        try:
            document = parse_json(read_user_file(self.path, SAVE_LIMIT), self.path)
        except UnreadableFile as error:
            raise DamagedSession(error) from None
        try:
            plan = document["plan"]
            measures = [m["id"] for m in plan["measures"]]
            title = {k: str(v) for k, v in plan["title"].items() if v}
            agreements = document.get("agreements") or {}
            closed = [m for m in measures if (agreements.get(m) or {}).get("closed")]
            current = next((i for i, m in enumerate(measures) if m not in closed),
                           len(measures))
            return Peek(title=title, team=str(document.get("team") or ""),
                        measure=current + 1, measures=len(measures))
        except (KeyError, TypeError, AttributeError, IndexError, ValueError):
            raise DamagedSession(message="this file is not a werksessie") from None

    def load(self) -> WorkSession:
        """The session read back; :class:`SessionError` says why it cannot be used."""
        if not os.path.lexists(self.path):
            raise SessionError("there is no werksessie to continue")
        try:
            raw = read_user_file(self.path, SAVE_LIMIT)
            parse_json(raw, self.path)  # deep nesting, NaN, huge numbers: one sentence
            text = decode_text(raw, self.path)
        except UnreadableFile as error:
            raise DamagedSession(error) from None
        return loads(text)

    def tidy(self) -> None:
        """Remove half-written temporary files a killed process left behind (the real save
        is never among them: it is only ever replaced whole)."""
        if self.folder.is_dir():
            for stale in self.folder.glob(f".{self.path.name}.*.tmp"):
                stale.unlink(missing_ok=True)

    def _move(self, sub: str, reason: str | None = None) -> Path | None:
        if not self.exists():
            return None
        target = self.folder / sub / f"{SLOT}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        counter = 1
        while target.exists():  # two sessions closed within a second keep both files
            target = target.with_name(f"{SLOT}-{time.strftime('%Y%m%d-%H%M%S')}-{counter}.json")
            counter += 1
        os.replace(self.path, target)
        if self.has_room():  # the phones' database goes with its session
            for suffix in ("", "-wal", "-shm"):
                source = self.room_path.with_name(self.room_path.name + suffix)
                if source.exists():
                    os.replace(source, target.with_suffix(".sqlite3" + suffix))
        if reason:
            with contextlib.suppress(OSError):  # the reason is a courtesy; the file itself is safe
                target.with_suffix(".txt").write_text(reason + "\n", encoding="utf-8")
        return target

    def archive(self) -> Path | None:
        """The team ended the session: move it to ``finished/`` (kept for reports)."""
        return self._move("finished")

    def discard(self, reason: str | None = None) -> Path | None:
        """Put a file that cannot be read aside in ``broken/`` (never deleted), with
        `reason` in a ``.txt`` beside it."""
        return self._move("broken", reason)
