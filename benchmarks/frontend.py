"""Front-end benchmark: time to the menu, frame times on the busiest scene, CPU when idle.

Run ``python benchmarks/frontend.py`` (headless: SDL's dummy video driver). It measures

* ``menu_start_s`` — from starting a fresh Python process to the first drawn frame of the title
  screen (median of three starts);
* ``frame_p50_ms`` / ``frame_p95_ms`` — one full iteration of the main loop (events, updates,
  toolkit, drawing, flip) at 1920×1080 on the busiest scenes: a mid-game round with a full hand
  of cards, the dashboard and the pipeline, each frame drawn in full (``still_p95_ms``), and the
  animated resolution of a round (every frame redraws the dashboard, ``animation_p95_ms``); the
  worse of the two is reported; ``unchanged_frame_p95_ms`` is the same round when nothing
  changes, which the loop does not draw again;
* ``idle_cpu_percent`` — CPU used by the real loop (which blocks on ``pygame.event.wait``) while
  nothing moves, in percent of one core;

* ``rebuild_ms_p95`` — every rebuild of the round screen a decision makes, as after each key
  press, over a whole game at 1920×1080 (the scene describes the whole screen again; widgets
  asked for again at the same place are kept and updated, the rest made or removed); a role's
  hand laid out for the first time in a game is among them. Between two decisions frames pass
  in which nothing changes (a team reads the screen), as in a game: the scene works ahead in
  them (the next news, the next roles' hands), untimed there as in a game; that work is timed
  apart (``work_ahead_ms_p95``, per pause between two decisions: it must stay far below the
  seconds a team takes to decide, else a rebuild would not find it done);
* ``walkthrough_presses_per_round`` / ``walkthrough_minutes_per_round`` — a whole Drenthe game
  played through the real window by synthetic key presses (a balanced bot chooses, the keys are
  the ones a team presses: Enter, the card's number, 0, PgDn), with the time a first team needs
  modelled at human pace (see :data:`HUMAN`): every key press, every screen to take in, every
  card read for the first time and glanced at when seen before, every proposal weighed, every
  news item and "waarom?" line read. Discussion beyond that is the team's own.

and, because machines differ, ``bare_frame_ms`` (filling and flipping an empty 1920×1080 window,
timed in the same run) and ``frame_p95_per_bare_frame``, the ratio of the two. The last line is
one JSON object with all of these. Targets: menu under 1 s, p95 under 8 ms, idle under 5 %,
rebuild p95 under 16 ms, a round in at most 5 minutes.
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

#: The human model of the walk-through, in seconds. A key press once the team knows what it
#: wants; taking in a new screen; reading a compact card the first time (title, cost, 4–7
#: effects: ~25 words at 4 words a second, a room's reading pace) and glancing at it again in
#: later rounds (the hand stays the same all game); weighing one proposal as a team; reading a
#: news item (per word) and a "waarom?" line.
HUMAN = {"press": 1.5, "screen": 3.0, "card_first": 6.0, "card_again": 1.5,
         "proposal": 10.0, "news_word": 0.25, "why_line": 3.0, "why_lines_read": 6}


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


def frame_times(app: object, frames: int, drawn: bool = False) -> list[float]:
    """Milliseconds per main-loop iteration (`drawn`: each frame drawn even when unchanged)."""
    times = []
    for _ in range(frames):
        if drawn:
            app.invalidate()  # type: ignore[attr-defined]
        start = time.perf_counter()
        app.tick()  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rebuild_times(app: object) -> tuple[list[float], list[float]]:
    """Milliseconds per rebuild of the round screen over a whole game: every rebuild a
    decision makes (and the presses on from the effects and the news), timed where the
    game makes it, not a second rebuild of a screen already built; and the milliseconds of
    work ahead in the frames between two decisions (see ``looked_at``)."""
    from morgenmaken.ui.scenes.round import RoundScene

    _mid_game(app, rounds=1)
    scene = app.scene  # type: ignore[attr-defined]
    assert isinstance(scene, RoundScene)
    from morgenmaken.sim.bots import BalancedBot
    bot = BalancedBot()
    times: list[float] = []
    rebuild = scene.rebuild

    def timed() -> None:
        start = time.perf_counter()
        rebuild()
        times.append((time.perf_counter() - start) * 1000)

    def looked_at() -> None:
        # Between two decisions a team reads the screen: frames pass in which nothing
        # changes, and the scene works ahead in them (Scene.warm). Untimed here, as in a
        # game; how long that work takes is timed apart (it must be far below the seconds
        # a team takes for a decision).
        start = time.perf_counter()
        for _ in range(400):
            drawn = app.frames  # type: ignore[attr-defined]
            app.tick()  # type: ignore[attr-defined]
            if app.frames == drawn and not app._warming:  # type: ignore[attr-defined]
                break  # an idle frame found no more work ahead
        ahead.append((time.perf_counter() - start) * 1000)

    ahead: list[float] = []
    scene.rebuild = timed  # type: ignore[method-assign]
    looked_at()
    scene.continue_from_news()
    looked_at()
    while not scene.state.is_terminal() and len(times) < 400:
        scene.decide(bot.choose(scene.state))
        if scene.view == "resolve":
            scene.anim = 1.0  # the effects' one second of moving values has passed
            looked_at()
            scene.continue_from_resolve()
            if scene.state.is_terminal():
                break
            looked_at()
            scene.continue_from_news()
        looked_at()
    del scene.rebuild
    return times, ahead


def walkthrough(app: object) -> dict[str, float]:
    """A whole game through the real window by key presses, timed at human pace."""
    import pygame

    from morgenmaken.engine import Decision, GameConfig, new_game
    from morgenmaken.scenario.library import load_current as load
    from morgenmaken.scenario.library import resolve
    from morgenmaken.sim.bots import BalancedBot
    from morgenmaken.table.game import Session
    from morgenmaken.ui.app import App
    from morgenmaken.ui.scenes.round import RoundScene
    from morgenmaken.ui.wording import round_changes

    assert isinstance(app, App)
    path = resolve("drenthe")
    scenario = load(path)
    state = new_game(scenario, GameConfig(seed=7, players=("A", "B", "C", "D"),
                                          decision=Decision.CONSENSUS))
    app.session = Session(scenario, path, state, None, {"view": "news"})
    app.switch(RoundScene(app))
    bot = BalancedBot()
    presses = 0
    seconds = 0.0
    seen: set[str] = set()
    weighed: set[tuple[int, str]] = set()

    def press(key: int) -> None:
        nonlocal presses, seconds
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="",
                                             scancode=0))
        app.tick()
        presses += 1
        seconds += HUMAN["press"]

    def shown(prefix: str) -> list[str]:
        return [k.split(":", 1)[1] for k in app.scene.keys if k.startswith(prefix)]

    steps = 0
    while app.scene is not None and app.scene.name == "round" and steps < 2000:
        steps += 1
        scene = app.scene
        assert isinstance(scene, RoundScene)
        state = scene.state
        seconds += HUMAN["screen"]
        if scene.view == "news":
            words = sum(len(scenario.event(e).text.get("nl").split()) for e in
                        state.round_events)
            seconds += words * HUMAN["news_word"]
            press(pygame.K_RETURN)
            continue
        if scene.view == "resolve":
            scene.anim = 1.0  # the values' motion is watched, not waited on
            scene.rebuild()
            lines = len(round_changes(state, scene.resolved_round))
            seconds += min(lines, HUMAN["why_lines_read"]) * HUMAN["why_line"]
            press(pygame.K_RETURN)
            continue
        action = bot.choose(state)
        prefix = "propose:" if action.kind in ("propose", "pass") else "adopt:"
        target = action.card or ""
        for _ in range(scene.card_pages):
            for card in shown(prefix):
                if prefix == "adopt:":  # each proposal weighed once a round by the team
                    if (state.round, card) not in weighed:
                        weighed.add((state.round, card))
                        seconds += HUMAN["proposal"]
                else:
                    seconds += HUMAN["card_again"] if card in seen else HUMAN["card_first"]
                    seen.add(card)
            if not target or target in shown(prefix):
                break
            press(pygame.K_PAGEDOWN)
        if action.kind in ("pass", "done"):
            press(pygame.K_0)
            continue
        tiles = (list(state.hands[state.current_role]) if action.kind == "propose"
                 else [pr.card for pr in state.proposals])
        position = tiles.index(action.card)
        key = pygame.K_1 + position if position < 9 else pygame.K_a + position - 9
        press(key)
    rounds = max(1, scenario.rounds if app.session.state.is_terminal()  # type: ignore[union-attr]
                 else app.session.state.round)  # type: ignore[union-attr]
    return {"presses": presses / rounds, "minutes": seconds / 60 / rounds}


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
    # A frame that changed nothing is not drawn again (see ui.app); these are timed drawn
    # in full, as when something small changes on the busiest screen, and apart from them
    # the frames that change nothing.
    unchanged = frame_times(app, 300)
    still = frame_times(app, 300, drawn=True)
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

    app.options.fast = True
    rebuilds, ahead = rebuild_times(app)
    rebuild_p95 = percentile(rebuilds, 0.95)
    print(f"rebuild after a decision: p50 {percentile(rebuilds, 0.5):.2f} ms, "
          f"p95 {rebuild_p95:.2f} ms over {len(rebuilds)} decisions")
    print(f"work ahead between two decisions (idle frames): p50 "
          f"{percentile(ahead, 0.5):.0f} ms, p95 {percentile(ahead, 0.95):.0f} ms, "
          f"max {max(ahead):.0f} ms")
    walk = walkthrough(app)
    print(f"walk-through: {walk['presses']:.1f} presses and {walk['minutes']:.2f} minutes "
          f"a round at the human pace {HUMAN}")

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
        "unchanged_frame_p95_ms": round(percentile(unchanged, 0.95), 3),
        "animation_p95_ms": round(percentile(moving, 0.95), 3),
        "bare_frame_ms": round(bare_ms, 4),
        "frame_p95_per_bare_frame": round(p95 / bare_ms, 1) if bare_ms else None,
        "rebuild_ms_p95": round(rebuild_p95, 3),
        "work_ahead_ms_p95": round(percentile(ahead, 0.95), 1),
        "walkthrough_presses_per_round": round(walk["presses"], 1),
        "walkthrough_minutes_per_round": round(walk["minutes"], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
