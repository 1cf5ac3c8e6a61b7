"""What a facilitator relies on: resume, undo, pause, the discussion timer, language, the calm
error screen, and the demo mode from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from morgenmaken.engine import Phase, dumps, replay
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes.error import ErrorScene
from morgenmaken.ui.scenes.round import PHASE_SECONDS, RoundScene
from tests.ui.driver import click, make_app, press, pump, visible_text

ROOT = Path(__file__).resolve().parents[2]


def _new_game(app: App) -> None:
    click(app, "new")
    click(app, "start")
    assert app.scene is not None and app.scene.name == "round"


def _first_card(app: App) -> str:
    state = app.session.state
    card = next(a.card for a in state.legal_actions() if a.kind == "propose")
    return f"propose:{card}"


def test_resume_where_it_stopped(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    click(app, "continue")
    click(app, _first_card(app))
    click(app, "pass")
    saved = dumps(app.session.state)
    view = app.scene.info()["view"]
    pygame.quit()  # the lid closes
    app = make_app((1280, 800))
    assert "Doorgaan met het vorige spel? (ronde 1, 2026)" in visible_text(app)
    click(app, "resume")
    assert app.scene.name == "round"
    assert dumps(app.session.state) == saved
    assert app.scene.info()["view"] == view


def test_undo_takes_back_the_last_decision_and_saves(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    click(app, "continue")
    before = app.session.state.clone()
    click(app, _first_card(app))
    assert len(app.session.state.actions) == 1
    click(app, "undo")
    state = app.session.state
    assert state.actions == before.actions == []
    assert state.values == before.values
    assert state.phase == Phase.PROPOSE and state.current_role == before.current_role
    saved = json.loads((_home / "saves" / "game-autosave.json").read_text(encoding="utf-8"))
    assert saved["actions"] == []
    click(app, _first_card(app))
    press(app, pygame.K_z, mod=pygame.KMOD_CTRL)
    assert app.session.state.actions == []
    assert dumps(replay(state, 0)) == dumps(app.session.state)


def test_pause_and_discussion_timer(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    scene = app.scene
    assert isinstance(scene, RoundScene)
    click(app, "pause")
    assert scene.view_name() == "round-paused"
    assert "Gepauzeerd" in visible_text(app)
    enabled = sorted(k for k, e in scene.keys.items() if e.is_enabled)
    # no decision can be made while paused: go on, the menu, or let phones join
    assert enabled == ["menu", "pause_phones", "resume"]
    assert any(k.startswith("var:") for k in scene.keys)  # the region stays on screen
    press(app, pygame.K_p)
    assert not scene.paused
    click(app, "timer")
    news = PHASE_SECONDS["news"]
    assert scene.timer is not None and news - 10 < scene.timer <= news
    assert scene.wakeup_ms() is not None  # the idle loop wakes up to redraw the seconds
    # Time is given to the scene, not read off the clock: a frame in which nothing changed
    # costs next to nothing now, so wall time between ticks says nothing (no timing here).
    scene.update(1.5)
    pump(app, 1)
    assert news - 10 < scene.timer < news
    scene.update(float(news))
    pump(app, 1)
    assert scene.timer == 0
    assert scene.wakeup_ms() is None
    press(app, pygame.K_t)
    assert scene.timer is None


def test_english_everywhere_after_switching(_home: Path) -> None:
    app = make_app((1280, 800))
    click(app, "language")
    assert "New game" in visible_text(app)
    click(app, "new")
    assert "Start the game" in visible_text(app)
    click(app, "start")
    assert "Round 1 of 8" in visible_text(app)
    assert "Nieuws" not in visible_text(app)


def test_an_unexpected_error_shows_a_calm_screen_and_keeps_the_game(
        _home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    saved = (_home / "saves" / "game-autosave.json").read_text(encoding="utf-8")

    def boom(self: RoundScene) -> None:
        raise RuntimeError("boom in the news")

    monkeypatch.setattr(RoundScene, "continue_from_news", boom)
    app.scene.rebuild()  # the button now calls the broken method
    widget = app.scene.keys["continue"]
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=widget.rect.center, button=1))
    app.options.seconds = 0.5  # run() returns by itself
    app.started = time.monotonic()
    assert app.run() == 0
    assert isinstance(app.scene, ErrorScene)
    shown = visible_text(app)
    assert "Er ging iets mis" in shown and "Traceback" not in shown
    log = (_home / "logs" / "morgenmaken.log").read_text(encoding="utf-8")
    assert "boom in the news" in log and "Traceback" in log
    after = json.loads((_home / "saves" / "game-autosave.json").read_text(encoding="utf-8"))
    before = json.loads(saved)
    assert after["actions"] == before["actions"]
    assert after["client"]["view"] == before["client"]["view"] == "news"
    app = make_app((1280, 800))  # the next start offers the game again
    assert app.scene is not None and app.scene.info()["resumable"]


def test_demo_from_the_command_line_saves_a_picture_of_every_scene(tmp_path: Path,
                                                                    _home: Path) -> None:
    shots = tmp_path / "shots"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "MORGENMAKEN_HOME": str(_home)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "game" / "main.py"), "play", "--demo", "--screenshots",
         str(shots), "--moves", "12", "--seed", "1", "--pace", "0.05", "--size", "1024x768"],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    views = {n.split("-", 1)[1].removesuffix(".png") for n in names}
    assert {"title", "setup", "round-news", "round-play-propose"} <= views, names
    assert not (_home / "saves" / "game-autosave.json").exists()  # a team's slot is untouched


def test_a_damaged_save_is_put_aside_and_explained(_home: Path) -> None:
    saves = _home / "saves"
    saves.mkdir(parents=True)
    (saves / "game-autosave.json").write_text("{half a save", encoding="utf-8")
    app = make_app((1280, 800))
    shown = visible_text(app)
    assert "Het vorige spel was beschadigd en is apart gezet" in shown
    assert not (saves / "game-autosave.json").exists()
    assert list((saves / "broken").glob("*.json"))  # kept, out of the way
    assert "resume" not in app.scene.keys and "discard" not in app.scene.keys


def test_a_save_of_a_changed_scenario_is_refused_with_a_reason(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    path = _home / "saves" / "game-autosave.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["content_hash"] = "0" * len(document["content_hash"])
    path.write_text(json.dumps(document), encoding="utf-8")
    pygame.quit()
    app = make_app((1280, 800))
    click(app, "resume")
    assert app.scene.name == "title"
    assert "scenario is veranderd" in visible_text(app)
    assert "discard" in app.scene.keys


def test_a_save_still_resumes_when_the_game_was_moved(_home: Path) -> None:
    """An upgrade or a copied checkout changes the scenario's path; its id still finds it."""
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    saved = dumps(app.session.state)
    path = _home / "saves" / "game-autosave.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["client"]["scenario_file"] = "/nowhere/drenthe.yaml"
    path.write_text(json.dumps(document), encoding="utf-8")
    pygame.quit()
    app = make_app((1280, 800))
    click(app, "resume")
    assert app.scene.name == "round"
    assert dumps(app.session.state) == saved


def test_meters_preview_the_cost_of_a_proposal_before_it_is_adopted(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    _new_game(app)
    click(app, "continue")
    scene = app.scene
    assert isinstance(scene, RoundScene)
    while app.session.state.phase == Phase.PROPOSE:
        click(app, _first_card(app) if any(
            a.kind == "propose" for a in app.session.state.legal_actions()) else "pass")
    state = app.session.state
    card = next(a.card for a in state.legal_actions() if a.kind == "adopt")
    cost = state.scenario.card(card).cost.budget
    app.set_focus(f"adopt:{card}")
    assert scene.preview == card
    assert scene._after_adopting() == (state.budget - cost,
                                       state.draagvlak - state.scenario.card(card).cost.draagvlak)
    app.set_focus("done")
    assert scene.preview is None


def test_without_a_screen_the_game_says_what_to_do(_home: Path) -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "no-such-driver", "MORGENMAKEN_HOME": str(_home)}
    result = subprocess.run([sys.executable, str(ROOT / "game" / "main.py"), "play"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "morgenmaken play --text" in result.stderr


def test_on_a_machine_without_any_screen_the_game_does_not_wait_invisibly(
        _home: Path) -> None:
    """With no display SDL falls back to its invisible driver; the game must not hang there."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    env["MORGENMAKEN_HOME"] = str(_home)
    probe = subprocess.run([sys.executable, "-c", "import pygame; pygame.display.init(); "
                            "print(pygame.display.get_driver())"], env=env,
                           capture_output=True, text=True, timeout=60, check=False)
    if probe.stdout.strip().splitlines()[-1:] not in (["offscreen"], ["dummy"]):
        pytest.skip("this machine has a real screen")  # only the headless case is checked
    result = subprocess.run([sys.executable, str(ROOT / "game" / "main.py"), "play"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "morgenmaken play --text" in result.stderr


def test_a_shorter_game_for_a_shorter_session(_home: Path) -> None:
    app = make_app((1280, 800), seed=8)
    click(app, "new")
    assert "Lengte: 8 rondes (2026–2042)" in visible_text(app)
    click(app, "length")
    assert "Lengte: 6 rondes (2026–2038)" in visible_text(app)
    click(app, "start")
    state = app.session.state
    assert state.last_round == 6
    assert "Ronde 1 van 6" in visible_text(app)
    saved = json.loads((_home / "saves" / "game-autosave.json").read_text(encoding="utf-8"))
    assert saved["rounds"] == 6
