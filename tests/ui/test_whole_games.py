"""Whole games through the real UI: 2 and 6 players, at 1024×768, 1920×1080 and 3840×2160.

Every decision is made by clicking a widget (or, in the keyboard game, by Tab and Enter only),
and after every one the test checks the engine state moved and that the screen shows what the
team needs: whose turn it is, the news, the "waarom?" and the final score. Screenshots of every
view are saved under tests/ui/out/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import shutil
from html import escape

import pygame
import pytest

from morgenmaken.engine import Action, Decision, Phase
from morgenmaken.sim.bots import RandomBot
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes.round import RoundScene
from morgenmaken.ui.scenes.setup import SetupScene
from morgenmaken.wording import proposal_limit, shared_role
from tests.ui.conftest import OUT
from tests.ui.driver import click, element, make_app, press, pump, settle, type_text, visible_text

SIZES = [(1024, 768), (1920, 1080), (3840, 2160)]


def action_key(action: Action) -> str:
    """The widget a team presses for an engine action."""
    return {"propose": f"propose:{action.card}", "pass": "pass",
            "adopt": f"adopt:{action.card}", "done": "done",
            "vote": "vote_yes" if action.yes else "vote_no",
            "next": f"next:{action.card}"}[action.kind]


def tab_to(app: App, key: str) -> None:
    """Tab until `key` has keyboard focus."""
    for _ in range(120):
        if app.focus_key == key:
            break
        press(app, pygame.K_TAB)
    assert app.focus_key == key, f"Tab never reached {key!r}"


def keyboard_to(app: App, key: str) -> None:
    """Tab to a button, then Enter: how a keyboard-only team presses it."""
    tab_to(app, key)
    press(app, pygame.K_RETURN)


def page_to(app: App, key: str, press_button: object) -> int:
    """Turn the hand's pages (a small screen shows it in two) until `key` is on screen;
    returns the page turns it took."""
    turns = 0
    while key not in app.scene.keys and "cards_page" in app.scene.keys:
        assert turns < 3, f"{key!r} is on no page of the hand"
        press_button(app, "cards_page")  # type: ignore[operator]
        turns += 1
    return turns


def start_game(app: App, players: int, decision: Decision, keyboard: bool) -> None:
    """Title -> new game form -> filled in -> started."""
    assert app.scene.name == "title"
    (keyboard_to if keyboard else click)(app, "new")
    assert app.scene.name == "setup"
    for _ in range(abs(players - 4)):
        (keyboard_to if keyboard else click)(app, "more" if players > 4 else "fewer")
    assert len(app.scene.player_names()) == players
    if keyboard:
        tab_to(app, "team")
    else:
        click(app, "team")
    type_text(app, "De Hunebedden")
    if keyboard:
        press(app, pygame.K_TAB)
        assert app.focus_key == "player:0"
    else:
        click(app, "player:0")
    type_text(app, "Anna")
    assert "Anna" in visible_text(app)  # the role buttons name the player at once
    if decision == Decision.VOTE:
        (keyboard_to if keyboard else click)(app, "decision")
    (keyboard_to if keyboard else click)(app, "start")
    assert app.scene.name == "round"
    state = app.session.state
    assert state.config.players[0] == "Anna"
    assert state.config.team == "De Hunebedden"
    assert len(state.config.players) == players
    assert state.config.decision == decision


def play_through(app: App, seed: int, keyboard: bool) -> None:
    """Play until the end screen, checking the screen and the engine after every step."""
    bot = RandomBot(seed)
    press_button = keyboard_to if keyboard else click
    steps = 0
    while app.scene.name == "round":
        steps += 1
        assert steps < 1000, "the game does not end"
        scene = app.scene
        assert isinstance(scene, RoundScene)
        state = app.session.state
        shown = visible_text(app)
        rnd = scene.resolved_round if scene.view == "resolve" else state.round
        year = state.scenario.year_of_round(rnd)
        # The round and its years; a small screen's crowded top bar says it short.
        assert (scene.t("round_header", round=rnd, rounds=state.last_round,
                        year=f"{year}–{year + state.scenario.years_per_round}") in shown
                or scene.t("round_header_short", round=rnd, rounds=state.last_round,
                           year=year) in shown)
        if scene.view == "news":
            for event_id in state.round_events:
                event = next(e for e in state.scenario.events if e.id == event_id)
                assert event.title.get(app.lang) in shown
            press_button(app, "continue")
            assert app.scene.name == "end" or app.scene.view == "play"
            continue
        if scene.view == "resolve":
            assert "Waarom" in shown or "Why" in shown
            settle(app)
            press_button(app, "continue")
            continue
        if state.phase == Phase.PROPOSE:
            role = next(r for r in state.scenario.roles if r.id == state.current_role)
            assert role.name.get(app.lang) in shown
            assert state.config.players[state.current_player] in shown
            # a small team is told how many of its roles may speak (2 players hold 3 of 6)
            limit = proposal_limit(state, state.current_player, app.lang)
            assert (limit is not None) == (len(state.config.players) == 2)
            assert limit is None or escape(limit) in shown
            shared = shared_role(state, role.id, app.lang)  # players sharing the role
            assert (shared is not None) == (len(state.role_seats[role.id]) > 1)
            assert shared is None or escape(shared) in shown
            # A hand within one page turn from 1080p up, two at 1024×768 (see test_board).
            assert scene.card_pages <= (2 if app.layout.height >= 1080 else 3)
            for card_id in state.hands[state.current_role]:
                page_to(app, f"propose:{card_id}", press_button)
                assert element(app, f"propose:{card_id}") is not None
        action = bot.choose(state)
        before = len(state.actions)
        page_to(app, action_key(action), press_button)
        press_button(app, action_key(action))
        after = app.session.state
        assert len(after.actions) == before + 1, f"{action} was not applied"
        assert after.actions[-1] == action
    assert app.scene.name == "end"
    state = app.session.state
    assert state.is_terminal()
    assert f"{state.score():.1f}" in visible_text(app) or state.score() >= 0
    settle(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("players", "decision"), [(2, Decision.CONSENSUS), (6, Decision.VOTE)],
                         ids=["2-consensus", "6-vote"])
def test_whole_game_by_mouse(size: tuple[int, int], players: int, decision: Decision) -> None:
    shots = OUT / f"mouse-{size[0]}x{size[1]}-{players}"
    shutil.rmtree(shots, ignore_errors=True)
    app = make_app(size, shots=shots, seed=11 + players, unique_shots=True)
    start_game(app, players, decision, keyboard=False)
    play_through(app, seed=players, keyboard=False)
    names = {p.stem.split("-", 1)[1] for p in shots.glob("*.png")}
    assert {"title", "setup", "round-news", "round-play-propose", "round-resolve",
            "end"} <= names
    assert ("round-play-decide" in names) or decision == Decision.VOTE


def test_whole_game_by_keyboard_alone() -> None:
    """Tab, Enter and typing only: no mouse at all, 4 players, consensus."""
    shots = OUT / "keyboard-1280x800-4"
    shutil.rmtree(shots, ignore_errors=True)
    app = make_app((1280, 800), shots=shots, seed=5)
    start_game(app, 4, Decision.CONSENSUS, keyboard=True)
    play_through(app, seed=9, keyboard=True)


def test_six_players_at_a_three_role_scenario_each_hold_a_portfolio() -> None:
    """The tutorial has three roles: with six players each role button names the two who
    share it, every player is on one, and the game started from it keeps those seats; it
    plays to the end in vote mode, each turn saying who shares the role and who speaks."""
    app = make_app((1280, 800), OUT / "seats")
    click(app, "new")
    setup = app.scene
    assert isinstance(setup, SetupScene)
    setup.choose(next(i for i, (path, _) in enumerate(setup.scenarios)
                      if path.stem == "tutorial"))
    while len(setup.player_names()) < 6:
        click(app, "more")
    setup.names = ["Anna", "Bram", "Cor", "Dirk", "Eva", "Fenna"]
    setup.rebuild()
    pump(app, 2)
    app.screenshot("setup-tutorial-6")
    scenario = setup.scenario
    assert scenario is not None
    texts = [element(app, f"role:{r.id}").text for r in scenario.roles]
    for name in setup.names:
        assert sum(name in text for text in texts) == 1, (name, texts)
    assert all(" en " in text for text in texts), texts
    click(app, "decision")
    click(app, "start")
    state = app.session.state
    assert state.config.decision == Decision.VOTE
    assert sorted(p for seats in state.role_seats.values() for p in seats) == list(range(6))
    assert all(len(seats) == 2 for seats in state.role_seats.values())
    play_through(app, seed=6, keyboard=False)
    spoke = {p.player for record in app.session.state.rounds_log for p in record.proposals}
    assert len(spoke) > 3, "the second players of the shared roles spoke too"
