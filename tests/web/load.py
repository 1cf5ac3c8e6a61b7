"""A room of phones on loopback, for the load test and the benchmark: a host process serving a
room's database, and participants that rate over HTTP, each remembering what the host
acknowledged. Bounded everywhere: each request is tried a limited number of times."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from morgenmaken.table.room import Room
from morgenmaken.web.app import DEVICE_COOKIE
from morgenmaken.web.server import free_port
from morgenmaken.werksessie.plan import Plan
from morgenmaken.werksessie.session import new_session

#: The host: open the room's database and serve it on loopback until killed.
HOST = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from morgenmaken.table.room import Room
    from morgenmaken.web.server import RoomServer
    room = Room.open(Path(sys.argv[1]))
    RoomServer(room, port=int(sys.argv[2])).start()
    print("ready", flush=True)
    while True:
        time.sleep(1)
""")

#: Tries per request before a participant gives up on it (a lost connection is retried).
TRIES = 400


@dataclass
class Phone:
    """One participant's device: its token, its anti-forgery value, and what the host said
    it saved (dimension -> value) and how long each acknowledged rating took."""

    name: str
    token: str
    csrf: str
    acknowledged: dict[str, int | None] = field(default_factory=dict)
    round_trips: list[float] = field(default_factory=list)
    failures: int = 0
    submitted: bool = False


def prepare(plan: Plan, path: Path, participants: int) -> tuple[list[Phone], int, str]:
    """A room database with `participants` devices joined; returns them, the port and the
    room code."""
    port = free_port()
    room = Room.create(new_session(plan, [], phones=True), path, port=port)
    phones = []
    for number in range(1, participants + 1):
        device = room.join(f"Deelnemer {number}")
        phones.append(Phone(device.participant, device.token, room.csrf(device.token)))
    room.close_db()
    return phones, port, room.code


class Host:
    """The host process (a laptop that can be killed -9 and started again)."""

    def __init__(self, path: Path, port: int) -> None:
        self.path = path
        self.port = port
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start serving and wait for the host to say it is ready."""
        self.process = subprocess.Popen([sys.executable, "-c", HOST, str(self.path),
                                         str(self.port)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "ready", f"the host did not start: {line!r}"

    def kill(self) -> None:
        """Kill -9: no shutdown, no flush, like a laptop whose battery dies."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None


def rate_all(phone: Phone, base: str, code: str, measure: str, dimensions: list[str],
             seed: int, passes: int = 2, on_ack: threading.Semaphore | None = None,
             submit: bool = False, pause: tuple[float, float] = (0.0, 0.0)) -> None:
    """Rate every dimension `passes` times (changing one's mind is part of the load),
    retrying through a lost host; only an acknowledged rating is remembered. With `submit`
    the participant hands in at the end; `pause` is the range of seconds a person takes
    between two taps (0: as fast as the host answers)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, cookies={DEVICE_COOKIE: phone.token}, timeout=10) as client:
        for _ in range(passes):
            for dimension in dimensions:
                value = rng.choice([-2, -1, 0, 1, 2, None])
                if pause[1] > 0:
                    time.sleep(rng.uniform(*pause))
                for _attempt in range(TRIES):
                    start = time.perf_counter()
                    try:
                        reply = client.post(f"/{code}/api/rate",
                                            headers={"X-CSRF-Token": phone.csrf},
                                            json={"measure": measure, "dimension": dimension,
                                                  "value": value})
                    except httpx.TransportError:
                        phone.failures += 1
                        time.sleep(0.05)
                        continue
                    if reply.status_code == 200 and reply.json().get("saved") is True:
                        phone.round_trips.append((time.perf_counter() - start) * 1000)
                        phone.acknowledged[dimension] = value
                        if on_ack is not None:
                            on_ack.release()
                        break
                    phone.failures += 1
                    time.sleep(0.05)
        for _attempt in range(TRIES if submit else 0):
            try:
                reply = client.post(f"/{code}/api/submit", headers={"X-CSRF-Token": phone.csrf},
                                    json={"measure": measure})
            except httpx.TransportError:
                time.sleep(0.05)
                continue
            if reply.status_code == 200:
                phone.submitted = True
                break
            time.sleep(0.05)


def lost(phones: list[Phone], path: Path, measure: str) -> list[str]:
    """Acknowledged ratings the database does not hold (as the host would read it again)."""
    room = Room.open(path)
    try:
        stored = room.session.ratings.get(measure, {})
        return [f"{p.name}/{d}" for p in phones for d, v in p.acknowledged.items()
                if stored.get(p.name, {}).get(d, "missing") != v]
    finally:
        room.close_db()
