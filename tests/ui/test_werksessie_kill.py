"""Kill -9 a werksessie at random moments; the autosave is always whole and the next start
picks up where the team was.

A subprocess plays a team rating measure after measure through the same session and store code
the screens use (save after every rating), restarting from the autosave each time, like a
laptop whose battery dies mid-session. After every kill the file must read back (atomic
writes), must hold at least what the previous kill left (nothing lost), and a fresh game window
must offer "Doorgaan met de werksessie" and land on the participant whose turn it is.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pygame

from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.werksessie.session import WorkSession
from tests.ui.driver import click, make_app

#: The team in the subprocess: resume or start, then rate one dimension at a time, saving
#: after each (what the rating screen does after each click), handing in when complete.
CHILD = textwrap.dedent("""
    import random, sys, time
    from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
    from morgenmaken.werksessie.session import new_session
    from morgenmaken.table.werksessie_store import SessionStore

    store = SessionStore()
    if store.exists():
        session = store.load()
    else:
        path = resolve_plan("voorbeeldplan")
        session = new_session(prepare_plan(load_plan(path), path),
                              ["Anna", "Bram", "Cem"], plan_source=str(path))
        store.save(session)
    rng = random.Random(int(sys.argv[1]))
    while not session.finished():
        measure = session.current()
        waiting = session.waiting_for(measure.id)
        if waiting:
            who = waiting[0]
            missing = session.missing(measure.id, who)
            if missing:
                session.rate(measure.id, who, missing[0], rng.choice([-2, -1, 0, 1, 2, None]))
            else:
                session.submit(measure.id, who)
        else:
            session.start_agreement(measure.id)
            session.argue(measure.id, "Omdat het dorp het vraagt.", "")
            session.close(measure.id)
        store.save(session)
        time.sleep(0.01)
""")


def _progress(session: WorkSession) -> int:
    """How much work a session holds: ratings, hand-ins and closed measures."""
    ratings = sum(len(values) for by_person in session.ratings.values()
                  for values in by_person.values())
    handed = sum(len(names) for names in session.submitted.values())
    closed = sum(session.closed(m.id) for m in session.measures)
    return ratings + handed + closed


def _wait_for_progress(store: SessionStore, target: int,
                       process: subprocess.Popen[bytes]) -> None:
    """Wait until the saved session holds `target` steps of work (or is finished). Only a child
    that exited or made no progress for ten minutes — a hang, on any machine — fails here."""
    last, last_change = -1, time.monotonic()
    while True:
        session = store.load() if store.exists() else None
        now = _progress(session) if session is not None else 0
        if session is not None and (now >= target or session.finished()):
            return
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        if now != last:
            last, last_change = now, time.monotonic()
        assert time.monotonic() - last_change < 600, f"the session made no progress at {now}"
        time.sleep(0.02)


def test_kill_at_random_points_and_resume(_home: Path) -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "MORGENMAKEN_HOME": str(_home)}
    store = SessionStore()
    rng = random.Random(7)
    seen: list[int] = []
    for run in range(5):
        process = subprocess.Popen([sys.executable, "-c", CHILD, str(run)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Kill after a random amount of further work, not a random wall time: a busy machine
        # may do no work in a second, and the test must not depend on the machine's speed.
        _wait_for_progress(store, (seen[-1] if seen else 0) + rng.randint(1, 25), process)
        time.sleep(rng.uniform(0.0, 0.05))
        process.kill()
        _, stderr = process.communicate(timeout=30)
        assert b"Traceback" not in stderr, stderr.decode(errors="replace")
        session = store.load()  # whole, never half a file
        seen.append(_progress(session))
        if session.finished():
            break
    assert seen == sorted(seen), f"a restart lost work: {seen}"
    assert seen[-1] > seen[0], f"the session did not go on across restarts: {seen}"
    session = store.load()
    if session.finished():
        return  # nothing left to resume into; the whole session survived the kills
    measure = session.current()
    assert measure is not None
    app = make_app((1024, 768))
    assert not list(store.folder.glob(".*.tmp"))  # half-written leftovers are tidied
    assert app.scene is not None and app.scene.info()["ws_resumable"]
    click(app, "ws_resume")
    info = app.scene.info()
    waiting = session.waiting_for(measure.id)
    if not waiting:
        assert info["scene"] in ("ws_reveal", "ws_agree")
    elif info["scene"] == "ws_handover":
        assert info["next"] == waiting[0]
    else:
        assert info["scene"] == "ws_rate"
        assert (info["measure"], info["participant"]) == (measure.id, waiting[0])
        given = session.ratings.get(measure.id, {}).get(waiting[0], {})
        assert info["own"] == {d.id: given.get(d.id, "unrated") for d in session.dimensions}
    pygame.quit()
