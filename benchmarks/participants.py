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

Targets: 40 participants, 0 lost, p95 under 100 ms, host frame p95 under 8 ms.

The **game case** puts six game tables on loopback, each with six players on their own phones
(36 phones in another process): every phone proposes for its roles the moment a round opens and
votes in secret on every proposal, for :data:`GAME_ROUNDS` rounds. Table 1 is drawn by the real
window in this process (its round screen, whose frames pump the phones' choices into the game);
tables 2-6 are other laptops, so they run in a process of their own and pump inside each
request, as a table without a window would. It reports ``game_phones``,
``game_actions`` (acknowledged proposals and votes), ``game_p95_ms`` (an action's round trip)
and ``game_host_frame_p95_ms`` (table 1's frame while its phones act), and then the LAB case
(:mod:`lab_case`: six tables sending to one hub, one cut off and back) for ``lab_tables`` and
``lab_lost``. Targets: 36 phones, p95 under 100 ms, frame p95 under 8 ms, 0 lost.

Only loopback traffic; every loop is bounded. The last line is one JSON object with all of
these.
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


#: Six tables of six players each, as at a LAB event.
TABLES = 6
SEATS = 6
#: Rounds each table plays in the game case (bounded; enough for proposals and votes).
GAME_ROUNDS = 2

GAME_PHONES = textwrap.dedent("""
    import json, random, sys, threading, time
    import httpx
    job = json.load(sys.stdin)
    rounds = job["rounds"]
    out = []

    def play(table, seat, cookie, csrf):
        client = httpx.Client(base_url=table["base"], cookies={"mm_device": cookie},
                              timeout=30)
        code, trips, failures = table["code"], [], 0
        rng = random.Random(seat * 31 + len(table["code"]))
        ends = time.monotonic() + 600
        while time.monotonic() < ends:
            try:
                view = client.get(f"/{code}/api/state").json()
            except httpx.HTTPError:
                failures += 1
                time.sleep(0.2)
                continue
            if view["phase"] == "over" or view["round"] > rounds:
                break
            acted = False
            if view["phase"] == "propose":
                for role in view["roles"]:
                    if role["left"] and role["waiting"] is None:
                        cards = [c["id"] for c in role["hand"] if not c["reason"]][:1]
                        body, path = {"role": role["id"], "cards": cards}, "propose"
                        break
                else:
                    body = None
            elif view["phase"] == "decide":
                todo = [v for v in view["voting"] if not v["voted"]]
                body = {"card": todo[0]["card"], "yes": rng.random() < 0.6} if todo else None
                path = "vote"
            else:
                body = None
            if body is not None:
                time.sleep(rng.uniform(*job["pause"]))
                start = time.perf_counter()
                reply = client.post(f"/{code}/api/{path}", json=body,
                                    headers={"X-CSRF-Token": csrf})
                if reply.status_code == 200:
                    trips.append((time.perf_counter() - start) * 1000)
                    acted = True
                else:
                    failures += 1
            if not acted:
                time.sleep(0.5)  # the page fetches again when its event stream says so
        out.append({"trips": trips, "failures": failures})

    threads = [threading.Thread(target=play, args=(table, seat, cookie, csrf))
               for table in job["tables"] for seat, (cookie, csrf) in enumerate(table["phones"])]
    for t in threads: t.start()
    for t in threads: t.join(timeout=700)
    print(json.dumps(out))
""")


#: Tables 2-6: other laptops, so another process (their servers and pumps must not share the
#: measured window's interpreter, as they never would at a LAB). Prints the tables, waits for
#: "stop" on stdin, prints the rounds each played.
OTHER_TABLES = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from morgenmaken.engine import Decision, GameConfig, new_game
    from morgenmaken.scenario.library import load_current, resolve
    from morgenmaken.table.game import Session
    from morgenmaken.table.game_room import GameRoom
    from morgenmaken.table.store import Store
    from morgenmaken.web.server import RoomServer
    folder, tables, seats = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    path = resolve("drenthe")
    scenario = load_current(path)
    players = tuple(f"Speler {n}" for n in range(1, seats + 1))
    rooms, servers, out = [], [], []
    for number in range(1, tables):
        state = new_game(scenario, GameConfig(seed=number + 1, players=players,
                                              decision=Decision.VOTE, team=f"Tafel {number + 1}"))
        session = Session(scenario, path, state, Store(folder=folder / f"table{number}"))
        room = GameRoom.create(session, folder / f"table{number}" / "room.sqlite3",
                               auto_pump=True)
        server = RoomServer(room, port=0).start()
        devices = [room.join(seat) for seat in range(seats)]
        rooms.append(room); servers.append(server)
        out.append({"base": server.url.rsplit("/", 1)[0], "code": room.code,
                    "phones": [(d.token, room.csrf(d.token)) for d in devices]})
    print(json.dumps(out), flush=True)
    sys.stdin.readline()
    print(json.dumps([room.state.round - 1 for room in rooms]), flush=True)
    for server in servers:
        server.stop()
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


def game_case(folder: Path) -> dict[str, float | int]:
    """Six game tables with six phones each; table 1 drawn by the window. Returns the game
    figures (see the module's docstring)."""
    from morgenmaken.engine import Decision, GameConfig, new_game
    from morgenmaken.scenario.library import load_current, resolve
    from morgenmaken.table.game import Session
    from morgenmaken.ui.app import App, Options
    from morgenmaken.ui.scenes import phones as window_phones
    from morgenmaken.ui.scenes.round import RoundScene
    from morgenmaken.web.server import RoomServer

    path = resolve("drenthe")
    scenario = load_current(path)
    players = tuple(f"Speler {n}" for n in range(1, SEATS + 1))
    app = App(Options(size=(1920, 1080), fast=True,
                      serve_game=lambda r: RoomServer(r, port=0).start()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT),
                                                        os.environ.get("PYTHONPATH", "")])}
    others = subprocess.Popen([sys.executable, "-c", OTHER_TABLES, str(folder), str(TABLES),
                               str(SEATS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=env)
    assert others.stdin is not None and others.stdout is not None
    state = new_game(scenario, GameConfig(seed=1, players=players, decision=Decision.VOTE,
                                          team="Tafel 1"))
    app.session = Session(scenario, path, state, app.store(), {"view": "play"})
    app.session.save()
    app.switch(RoundScene(app))
    found = window_phones.start(app)  # the table whose shared screen is measured
    assert found is not None and found.serving is not None
    room = found.room
    devices = [room.join(seat) for seat in range(SEATS)]
    tables = [{"base": found.serving.url.rsplit("/", 1)[0], "code": room.code,
               "phones": [(d.token, room.csrf(d.token)) for d in devices]}]
    tables += json.loads(others.stdout.readline())
    for _ in range(30):
        frame(app)
    app.switch(RoundScene(app))  # the joined players on screen
    baseline = [frame(app) for _ in range(300)]  # the same screen, nobody acting
    job = {"tables": tables, "rounds": GAME_ROUNDS, "pause": PAUSE}
    child = subprocess.Popen([sys.executable, "-c", GAME_PHONES], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(job))
    child.stdin.close()
    loaded = []
    ends = time.monotonic() + PHONES_LIMIT_S * 2
    while child.poll() is None and time.monotonic() < ends:
        loaded.append(frame(app))
        scene = app.scene
        if isinstance(scene, RoundScene) and scene.view != "play" and scene.anim >= 1.0:
            # the team reads the news and the effects, then goes on (a click on the laptop)
            if scene.view == "news":
                scene.continue_from_news()
            elif not scene.state.is_terminal():
                scene.continue_from_resolve()
    results = json.loads(child.stdout.read())
    child.wait(timeout=60)
    others.stdin.write("stop\n")
    others.stdin.flush()
    rounds_played = [room.state.round - 1, *json.loads(others.stdout.readline())]
    others.wait(timeout=60)
    window_phones.release(app)
    trips = [t for r in results for t in r["trips"]]
    return {"game_tables": TABLES, "game_phones": len(results), "game_actions": len(trips),
            "game_failures": sum(r["failures"] for r in results),
            "game_rounds_played_min": min(rounds_played),
            "game_p95_ms": round(percentile(trips, 0.95), 2),
            "game_host_frame_p95_ms": round(percentile(loaded, 0.95), 3),
            "game_host_frame_baseline_p95_ms": round(percentile(baseline, 0.95), 3)}


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
    figures.update(game_case(folder))
    from benchmarks.lab_case import run_lab_case
    lab = run_lab_case()
    figures.update({k: v for k, v in lab.items() if k.startswith("lab_")})
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
