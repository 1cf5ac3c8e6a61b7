"""Front-end benchmark: time to the menu, frame times on the busiest scene, CPU when idle.

Run ``python benchmarks/frontend.py`` (headless: SDL's dummy video driver). It measures

* ``menu_start_s`` — from starting a fresh Python process to the first drawn frame of the title
  screen (median of three starts);
* ``frame_p50_ms`` / ``frame_p95_ms`` — one full iteration of the main loop (events, updates,
  toolkit, drawing, flip) at 1920×1080 on the busiest scenes: a mid-game round with a full hand
  of cards, the dashboard and the pipeline, and the animated resolution of a round (every frame
  redraws the dashboard); the worse of the two is reported;
* ``idle_cpu_percent`` — CPU used by the real loop (which blocks on ``pygame.event.wait``) while
  nothing moves, in percent of one core;

and, because machines differ, ``bare_frame_ms`` (filling and flipping an empty 1920×1080 window,
timed in the same run) and ``frame_p95_per_bare_frame``, the ratio of the two. The last line is
one JSON object with all of these. Targets: menu under 1 s, p95 under 8 ms, idle under 5 %.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

SIZE = (1920, 1080)


def _child_menu() -> None:
    """In a fresh process: open the window and draw the title screen once."""
    from morgenmaken.ui.app import App, Options

    app = App(Options(size=SIZE, fast=True))
    app.tick()
    sys.stdout.write("drawn\n")
    sys.stdout.flush()


def menu_start_seconds(runs: int = 3) -> float:
    """Median time from process start to the first drawn frame of the menu."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--child-menu"],
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.wait(timeout=60)
        if line.strip() != "drawn":
            raise RuntimeError("the menu did not draw")
        times.append(elapsed)
    return statistics.median(times)


def _mid_game(app: object, rounds: int = 4) -> None:
    """Play a few rounds with the balanced bot so hands, pipeline and history are full."""
    from morgenmaken.engine import Decision, GameConfig, Phase, new_game
    from morgenmaken.scenario.library import load_current as load
    from morgenmaken.scenario.library import resolve
    from morgenmaken.sim.bots import BalancedBot
    from morgenmaken.table.game import Session
    from morgenmaken.ui.app import App
    from morgenmaken.ui.scenes.round import RoundScene

    assert isinstance(app, App)
    path = resolve("drenthe")
    scenario = load(path)
    state = new_game(scenario, GameConfig(seed=2, players=("A", "B", "C", "D"),
                                          decision=Decision.CONSENSUS))
    bot = BalancedBot()
    while state.round < rounds:
        state.apply_action(bot.choose(state))
    while state.phase != Phase.PROPOSE:
        state.apply_action(bot.choose(state))
    app.session = Session(scenario, path, state, None, {"view": "play"})
    app.switch(RoundScene(app))


def frame_times(app: object, frames: int) -> list[float]:
    """Milliseconds per main-loop iteration."""
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        app.tick()  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Run every measurement and print the JSON line."""
    if "--child-menu" in sys.argv:
        _child_menu()
        return
    os.environ["MORGENMAKEN_HOME"] = tempfile.mkdtemp(prefix="morgenmaken-bench-")
    menu = menu_start_seconds()
    print(f"menu drawn after {menu:.3f} s")

    import pygame

    from morgenmaken.engine import Action
    from morgenmaken.ui.app import App, Options

    app = App(Options(size=SIZE, fast=True))
    _mid_game(app)
    frame_times(app, 30)  # warm up
    still = frame_times(app, 300)
    scene = app.scene
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(960, 540), rel=(0, 0),
                                         buttons=(0, 0, 0)))
    # The animated resolution: finish the round and time the frames while values move.
    moving: list[float] = []
    state = app.session.state  # type: ignore[union-attr]
    while state.phase.value == "propose":
        scene.decide(Action.pass_())  # type: ignore[union-attr]
        state = app.session.state  # type: ignore[union-attr]
    for _ in range(5):
        scene.decide(Action.done())  # type: ignore[union-attr]
        scene.anim = 0.0  # type: ignore[union-attr]
        app.options.time_scale = 0.05  # slow the animation so every frame is timed moving
        moving += frame_times(app, 60)
        scene.anim = 1.0  # type: ignore[union-attr]
        scene.continue_from_resolve()  # type: ignore[union-attr]
        scene.continue_from_news()  # type: ignore[union-attr]
        state = app.session.state  # type: ignore[union-attr]
        while state.phase.value == "propose" and not state.is_terminal():
            scene.decide(Action.pass_())  # type: ignore[union-attr]
            state = app.session.state  # type: ignore[union-attr]
        if state.is_terminal():
            break
    app.options.time_scale = 1.0
    p50 = max(percentile(still, 0.5), percentile(moving, 0.5))
    p95 = max(percentile(still, 0.95), percentile(moving, 0.95))
    print(f"busiest scene, still:  p50 {percentile(still, 0.5):.2f} ms, "
          f"p95 {percentile(still, 0.95):.2f} ms")
    print(f"resolution animation:  p50 {percentile(moving, 0.5):.2f} ms, "
          f"p95 {percentile(moving, 0.95):.2f} ms")

    # Idle: the real loop (not the test mode) on a round with nothing moving.
    app.options.fast = False
    _mid_game(app)
    app.tick()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall_start < 5.0:
        app.tick()
    idle = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start) * 100
    print(f"idle: {idle:.2f} % of one core")

    screen = pygame.display.get_surface()
    assert screen is not None
    bare = []
    for _ in range(200):
        start = time.perf_counter()
        screen.fill((14, 22, 32))
        pygame.display.flip()
        bare.append((time.perf_counter() - start) * 1000)
    bare_ms = statistics.median(bare)
    pygame.quit()
    result = {
        "menu_start_s": round(menu, 3),
        "frame_p50_ms": round(p50, 3),
        "frame_p95_ms": round(p95, 3),
        "idle_cpu_percent": round(idle, 2),
        "still_p95_ms": round(percentile(still, 0.95), 3),
        "animation_p95_ms": round(percentile(moving, 0.95), 3),
        "bare_frame_ms": round(bare_ms, 4),
        "frame_p95_per_bare_frame": round(p95 / bare_ms, 1) if bare_ms else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
