"""Kill -9 at random moments of a game; the next start resumes to the identical engine state.

The demo mode plays a real game in a subprocess (its own autosave slot, the same autosave code
as a team's game). After each kill the save must be whole (atomic writes), must replay, and a
fresh app choosing "Doorgaan" must hold exactly the saved game in the saved view. Every restart
of the subprocess resumes the same game, so the number of decisions never goes down.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pygame

from morgenmaken.engine import dumps, load_data
from morgenmaken.scenario.library import load_current as load
from morgenmaken.ui.app import App, Options
from tests.ui.driver import pump

ROOT = Path(__file__).resolve().parents[2]


def _start(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "game" / "main.py"), "play", "--demo", "--pace", "0.02",
         "--size", "1024x768", "--seed", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _decisions_in(save: Path) -> int:
    """How many decisions the save holds; 0 while there is none yet (writes are atomic, so a
    file that exists is whole)."""
    try:
        return len(json.loads(save.read_text(encoding="utf-8"))["actions"])
    except FileNotFoundError:
        return 0


def _wait_for_decisions(save: Path, target: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until the demo has saved `target` decisions. Only a demo that stopped (it exited)
    or hung (no progress in ten minutes, far beyond any slow machine) fails here."""
    last, last_change = _decisions_in(save), time.monotonic()
    while last < target:
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        time.sleep(0.02)
        now = _decisions_in(save)
        if now != last:
            last, last_change = now, time.monotonic()
        assert time.monotonic() - last_change < 600, f"the demo made no progress at {last}"


def test_kill_at_random_points_and_resume(_home: Path) -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "MORGENMAKEN_HOME": str(_home)}
    save = _home / "saves" / "demo-autosave.json"
    rng = random.Random(3)
    counts = []
    for _ in range(4):
        process = _start(env)
        # Kill after a random number of further decisions, not after a random wall time: on a
        # busy machine the demo may make no progress in a few seconds, and the test must not
        # depend on how fast the machine is. The moment within a decision stays random.
        target = (counts[-1] if counts else 0) + rng.randint(1, 6)
        _wait_for_decisions(save, target, process)
        time.sleep(rng.uniform(0.0, 0.2))
        process.kill()
        _, stderr = process.communicate(timeout=30)
        assert b"Traceback" not in stderr, stderr.decode(errors="replace")
        document = json.loads(save.read_text(encoding="utf-8"))
        scenario = load(Path(document["client"]["scenario_file"]))
        saved = load_data(scenario, document)
        counts.append(len(saved.actions))
        app = App(Options(size=(1024, 768), demo=True, pace=3600, fast=True))
        pump(app, 1)
        assert not list(save.parent.glob(".*.tmp"))  # half-written leftovers are tidied
        assert app.scene is not None and app.scene.name == "title"
        assert app.scene.info()["resumable"]
        assert app.scene.demo_step()  # presses "Doorgaan met het vorige spel?"
        pump(app, 1)
        assert app.session is not None
        assert dumps(app.session.state) == dumps(saved)
        assert app.session.state.values == saved.values
        if not saved.is_terminal():
            assert app.scene.name == "round"
            assert app.scene.info()["view"] == document["client"]["view"]
        pygame.quit()
    assert counts == sorted(counts), f"a restart lost decisions: {counts}"
    assert counts[-1] > counts[0], f"the game did not go on across restarts: {counts}"
