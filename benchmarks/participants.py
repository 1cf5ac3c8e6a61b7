"""Participants benchmark: 40 phones rating at once on loopback, and what it costs the shared
screen.

Run ``python benchmarks/participants.py``. The host is the game's own process: the shared
screen (the pygame window at 1920×1080, SDL's dummy driver, on the "who is done" screen with
its QR code) and the web server in a thread of it, over a room in SQLite. The phones are 40
participants in *another* process (as real phones are other devices), each rating all 17
dimensions of the sample plan twice at a brisk human pace (:data:`PAUSE` between taps) and
then handing in. It reports

* ``participants``, ``ratings`` (acknowledged), ``lost`` — acknowledged ratings the room's
  database does not hold afterwards (read back as a restarted laptop would);
* ``p50_ms`` / ``p95_ms`` — a rating's round trip as a phone sees it (request to
  acknowledgement, which comes only once the rating is committed to disk);
* ``host_frame_p95_ms`` — one iteration of the shared screen's loop while the phones rate, and
  ``host_frame_baseline_p95_ms``, the same screen with nobody rating, timed in the same run
  (the loop sleeps to 60 fps between frames, as the game does);
* ``commit_baseline_ms`` — one bare SQLite commit with fsync on this disk, in the same run:
  the floor under any rating's round trip, to compare machines by.

Targets: 40 participants, 0 lost, p95 under 100 ms, host frame p95 under 8 ms. Only loopback
traffic; every loop is bounded. The last line is one JSON object with all of these.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the phones' client lives with the load test (tests/web/load.py)

PARTICIPANTS = 40
#: Seconds a person takes between two taps (read the dimension, choose): 0.3 to 1.5, so 40
#: phones send about 45 ratings a second — a busy room, faster than people rate.
PAUSE = (0.3, 1.5)
FRAME_BUDGET = 1 / 60
#: The longest the phones may take before the run stops waiting (bounded).
PHONES_LIMIT_S = 300

PHONES = textwrap.dedent("""
    import json, sys, threading
    from tests.web.load import Phone, rate_all
    job = json.load(sys.stdin)
    phones = [Phone(**p) for p in job["phones"]]
    threads = [threading.Thread(target=rate_all, args=(p, job["base"], job["code"],
               job["measure"], job["dimensions"], n),
               kwargs={"submit": True, "pause": tuple(job["pause"])})
               for n, p in enumerate(phones)]
    for t in threads: t.start()
    for t in threads: t.join(timeout=600)
    print(json.dumps([{"name": p.name, "acknowledged": p.acknowledged,
                       "round_trips": p.round_trips, "submitted": p.submitted}
                      for p in phones]))
""")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def frame(app: object) -> float:
    """One iteration of the window's loop (ms), then sleep out the rest of a 60 fps frame."""
    start = time.perf_counter()
    app.tick()  # type: ignore[attr-defined]
    spent = time.perf_counter() - start
    time.sleep(max(0.0, FRAME_BUDGET - spent))
    return spent * 1000


def commit_baseline(folder: Path, repeat: int = 50) -> float:
    """Median ms of one committed row in SQLite (WAL, synchronous=FULL) on this disk."""
    db = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)")
    times = []
    for number in range(repeat):
        start = time.perf_counter()
        db.execute("INSERT OR REPLACE INTO t VALUES (?, ?)", (number % 7, number))
        times.append((time.perf_counter() - start) * 1000)
    db.close()
    return statistics.median(times)


def main() -> None:
    """Run the room, the phones and the screen; print the figures, JSON last."""
    folder = Path(tempfile.mkdtemp(prefix="mm-participants-"))
    os.environ["MORGENMAKEN_HOME"] = str(folder / "home")
    from morgenmaken.table.room import Room
    from morgenmaken.table.werksessie_store import SessionStore
    from morgenmaken.ui.app import App, Options
    from morgenmaken.ui.scenes import ws_common
    from morgenmaken.ui.scenes.ws_common import WsRun, route, serve
    from morgenmaken.web.server import RoomServer
    from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
    from morgenmaken.werksessie.session import new_session

    path = resolve_plan("voorbeeldplan")
    plan = prepare_plan(load_plan(path), str(path))
    measure = plan.measures[0].id
    dimensions = [d.id for d in plan.dimensions or []]
    store = SessionStore()
    session = new_session(plan, [], phones=True)
    room = Room.create(session, store.room_path)
    phones = []
    for number in range(1, PARTICIPANTS + 1):
        device = room.join(f"Deelnemer {number}")
        phones.append({"name": device.participant, "token": device.token,
                       "csrf": room.csrf(device.token)})
    app = App(Options(size=(1920, 1080), fast=True,
                      serve=lambda r: RoomServer(r, port=0).start()))
    run = WsRun(session, store, room=room)
    assert serve(app, run) is None and run.serving is not None
    app.switch(route(app, run))
    for _ in range(30):
        frame(app)  # warm up
    baseline = [frame(app) for _ in range(300)]

    job = {"phones": phones, "base": run.serving.url.rsplit("/", 1)[0], "code": room.code,
           "measure": measure, "dimensions": dimensions, "pause": PAUSE}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT),
                                                        os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, "-c", PHONES], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(job))
    child.stdin.close()
    loaded = []
    ends = time.monotonic() + PHONES_LIMIT_S
    while child.poll() is None and time.monotonic() < ends:
        loaded.append(frame(app))
    results = json.loads(child.stdout.read())
    child.wait(timeout=60)
    ws_common.release()

    again = Room.open(store.room_path)
    stored = again.session.ratings.get(measure, {})
    missing = sum(1 for p in results for d, v in p["acknowledged"].items()
                  if stored.get(p["name"], {}).get(d, "missing") != v)
    again.close_db()
    trips = [t for p in results for t in p["round_trips"]]
    figures = {
        "participants": len(results),
        "ratings": len(trips),
        "submitted": sum(1 for p in results if p["submitted"]),
        "lost": missing,
        "p50_ms": round(statistics.median(trips), 2),
        "p95_ms": round(percentile(trips, 0.95), 2),
        "host_frame_p95_ms": round(percentile(loaded, 0.95), 3),
        "host_frame_baseline_p95_ms": round(percentile(baseline, 0.95), 3),
        "host_frames_while_rating": len(loaded),
        "commit_baseline_ms": round(commit_baseline(folder), 3),
        "pause_s": list(PAUSE),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
