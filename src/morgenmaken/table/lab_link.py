"""A table's link to the LAB hub: after every decision the whole save goes to the hub.

The link is a listener of the game session (:meth:`~morgenmaken.table.game.Session.listen`):
it takes a copy of the save (seed and action log, a few kilobytes) while the session holds its
lock, and a background thread sends the **latest** copy. A table whose network drops plays on
undisturbed — the thread waits, with a growing pause, and when the hub answers again it sends
what is newest; the hub rebuilds every round by replaying it, so nothing is lost, however many
saves were skipped. Nothing the hub answers can change the table's game.

The protocol (docs/lab-protocol.md) is plain JSON over HTTP, spoken with the standard
library's ``urllib`` so the table needs no web server and no extra package. The table's token
and its last sequence number are kept in a small file in the data folder, so a table that is
restarted (or resumed after a crash) comes back as the same table, not a new one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from morgenmaken.engine import save_data
from morgenmaken.storage import (
    UnreadableFile,
    home,
    parse_json_message,
    read_json_file,
    write_atomic,
)

if TYPE_CHECKING:
    from morgenmaken.table.game import Session

log = logging.getLogger(__name__)

__all__ = ["PROTOCOL", "LabAddressError", "LabLink", "parse_address"]

PROTOCOL = 1
#: Pauses between tries while the hub cannot be reached: from `first` doubling to `longest`.
BACKOFF = (0.5, 15.0)
#: How long one request may take before it counts as lost.
TIMEOUT = 5.0


class LabAddressError(ValueError):
    """An address that is not a hub's (``http://HOST:PORT/CODE``)."""


@dataclass(frozen=True)
class HubAddress:
    """Where the hub listens and its code."""

    base: str  # http://192.168.1.5:8770
    code: str

    @property
    def url(self) -> str:
        """The address as the facilitator gave it."""
        return f"{self.base}/{self.code}"


def parse_address(text: str) -> HubAddress:
    """``http://HOST:PORT/CODE`` (``http://`` may be left out) as base and code."""
    raw = text.strip()
    if "://" not in raw:
        raw = "http://" + raw
    parts = urllib.parse.urlsplit(raw)
    code = parts.path.strip("/")
    if parts.scheme not in ("http", "https") or not parts.hostname or not code \
            or "/" in code or not code.isalnum() or len(code) > 20:
        raise LabAddressError(f"{text!r} is not a hub address like http://192.168.1.5:8770/K7M2QX")
    return HubAddress(f"{parts.scheme}://{parts.netloc}", code.upper())


class LabLink:
    """Sends the table's save to the hub after every decision, from a background thread."""

    def __init__(self, address: str | HubAddress, table: str, folder: Path | None = None,
                 backoff: tuple[float, float] = BACKOFF, timeout: float = TIMEOUT) -> None:
        self.address = address if isinstance(address, HubAddress) else parse_address(address)
        self.table = table
        self.backoff = backoff
        self.timeout = timeout
        self._file = (folder or home() / "lab") / f"link-{self.address.code}.json"
        kept = self._read_kept()
        self.token: str | None = kept.get("token")
        #: The name the hub gave this table (unique in the room).
        self.name: str = str(kept.get("table") or table)
        self._seq = int(kept.get("seq", 0))
        self._pending: tuple[int, dict[str, Any]] | None = None
        #: The highest sequence number the hub acknowledged.
        self.acked = 0
        #: The last problem, worded for a log or a status line ('' while all is well).
        self.problem = ""
        #: How many tries failed because the hub could not be reached (or was busy).
        self.failures = 0
        self._wake = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="morgenmaken-lab-link",
                                        daemon=True)

    # ---------------------------------------------------------------- kept between runs
    def _read_kept(self) -> dict[str, Any]:
        try:
            data = read_json_file(self._file, 65536)
        except UnreadableFile:  # missing or damaged: join anew
            return {}
        # kept per hub code (the file's name): a hub whose laptop got another address on
        # the network is still the same hub, and knows this table's token
        if not isinstance(data, dict) or not isinstance(data.get("token"), str):
            return {}
        return data

    def _keep(self) -> None:
        try:
            write_atomic(self._file, json.dumps({"hub": self.address.url, "token": self.token,
                                                 "table": self.name, "seq": self._seq}))
        except OSError as error:  # the link still works; a restart would join anew
            log.warning("cannot keep the LAB link's token: %s", error)

    # ---------------------------------------------------------------- the session's side
    def __call__(self, session: Session) -> None:
        """The session listener: note the newest save (cheap; never raises, never waits
        for the network)."""
        try:
            document = save_data(session.state)
        except Exception:
            log.exception("the LAB link could not copy the save")
            return
        self.offer(document)

    def offer(self, document: dict[str, Any]) -> int:
        """Queue a save document to send (the newest replaces any not sent yet); returns
        its sequence number."""
        with self._wake:
            self._seq += 1
            self._pending = (self._seq, document)
            self._wake.notify_all()
            return self._seq

    @property
    def sent_up_to(self) -> int:
        """The newest sequence number offered."""
        return self._seq

    def start(self) -> LabLink:
        """Start the sending thread."""
        self._thread.start()
        return self

    def stop(self, wait: float = 2.0) -> None:
        """Stop sending (a save not sent yet is sent by the next run, from the autosave)."""
        with self._wake:
            self._stop = True
            self._wake.notify_all()
        self._thread.join(timeout=wait)

    def close(self, online: float = 10.0, offline: float = 1.0) -> bool:
        """Let the last saves go, then stop: up to `online` seconds while the hub answers,
        only `offline` seconds when it did not (a table leaving without network should not
        wait); True when the hub has everything."""
        sent = self.wait_sent(offline if self.problem else online)
        self.stop()
        return sent

    def wait_sent(self, timeout: float = 10.0) -> bool:
        """Wait until the hub acknowledged everything offered (True) or `timeout` passed."""
        ends = time.monotonic() + timeout
        with self._wake:
            while self.acked < self._seq:
                left = ends - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
            return True

    # ---------------------------------------------------------------- the thread
    def _request(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST JSON to the hub; the answer's JSON, or :class:`urllib.error.HTTPError`."""
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(f"{self.address.base}/{self.address.code}{path}",
                                         data=data, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            answer = _message(response.read(65536) or b"{}")
        return answer if isinstance(answer, dict) else {}

    def _join(self) -> None:
        answer = self._request("/lab/v1/join", {"protocol": PROTOCOL, "table": self.table})
        token, name = answer.get("token"), answer.get("table")
        if not isinstance(token, str) or not isinstance(name, str):
            raise ValueError("the hub's answer to joining has no token")
        self.token, self.name = token, name
        self._keep()
        log.info("joined the LAB hub %s as %s", self.address.url, name)

    def _send(self, seq: int, document: dict[str, Any]) -> None:
        self._request("/lab/v1/save", {"protocol": PROTOCOL, "seq": seq, "save": document})

    def _run(self) -> None:
        pause = self.backoff[0]
        while True:
            with self._wake:
                while not self._stop and (self._pending is None
                                          or self._pending[0] <= self.acked):
                    self._wake.wait()
                if self._stop:
                    return
                assert self._pending is not None
                seq, document = self._pending
            try:
                if self.token is None:
                    self._join()
                self._send(seq, document)
            except urllib.error.HTTPError as error:
                if self._refused(error, seq):
                    continue
            except (OSError, ValueError) as error:  # no network, hub down, garbled answer
                self.failures += 1
                self._note(f"the hub cannot be reached ({error}); the game plays on")
            else:
                with self._wake:
                    self.acked = max(self.acked, seq)
                    self.problem = ""
                    self._wake.notify_all()
                self._keep()
                pause = self.backoff[0]
                continue
            # wait before the next try: new decisions do not shorten it, a stop ends it
            resume = time.monotonic() + pause
            with self._wake:
                while not self._stop and (left := resume - time.monotonic()) > 0:
                    self._wake.wait(left)
            pause = min(self.backoff[1], pause * 2)

    def _refused(self, error: urllib.error.HTTPError, seq: int) -> bool:
        """Handle a refusal; True when the next try may follow at once."""
        reason = _reason(error)
        if error.code == 401:  # the hub does not know this token (another hub's database)
            self.token = None
            self._note(f"the hub did not know this table; joining again ({reason})")
            return True
        if error.code in (400, 413, 422, 426):  # this save will never be taken: skip it
            self._note(f"the hub refused the save: {reason}")
            with self._wake:
                self.acked = max(self.acked, seq)
                self._wake.notify_all()
            return True
        self.failures += 1
        if error.code == 429:  # the hub asks to slow down: normal, not worth a warning
            self.problem = f"the hub is busy ({reason}); trying again"
            return False
        self._note(f"the hub answered {error.code} ({reason}); trying again")
        return False

    def _note(self, problem: str) -> None:
        if problem != self.problem:
            log.warning("LAB link: %s", problem)
        self.problem = problem


def _message(raw: bytes) -> object:
    """The hub's JSON answer through the guarded parse: a garbled or hostile answer (deep
    nesting, endless numbers, bad UTF-8) is a ValueError with one sentence, which the link's
    loop words as 'cannot be reached' and retries, never a traceback that stops the link."""
    try:
        return parse_json_message(raw, "<the hub's answer>")
    except UnreadableFile as error:
        raise ValueError(f"its answer is not readable: {error.reason('en')}") from None


def _reason(error: urllib.error.HTTPError) -> str:
    with contextlib.suppress(OSError, ValueError):
        body = _message(error.read(4096) or b"{}")
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            return str(body["message"])
    return str(error.reason)
