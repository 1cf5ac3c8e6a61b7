"""The shared screen of a game with phones: the QR code and address, a phone's turn shown as
waiting (never its hand), proposals made at once landing in turn, a secret vote counted and
never told, a phone seat freed, and the room back after the window is killed — driven through
the real window and the real web server on loopback, the phones over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pygame

from morgenmaken.engine import Action, Decision, GameConfig, Phase, new_game
from morgenmaken.scenario.library import load_current, resolve
from morgenmaken.table.game import Session
from morgenmaken.table.game_room import GameRoom
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes import phones
from morgenmaken.ui.scenes.round import RoundScene
from morgenmaken.web.server import RoomServer
from tests.ui.driver import click, make_app, press, pump, settle, visible_text
from tests.ui.layout_check import problems

PLAYERS = ("Anna", "Bram", "Cem", "Dewi")
SHOTS = Path(__file__).parent / "out" / "game-phones"


def loopback(room: GameRoom) -> RoomServer:
    """The server as the window starts it, but on this machine only (tests)."""
    return RoomServer(room, port=0).start()


def _start(app: App, decision: Decision) -> RoundScene:
    path = resolve("drenthe")
    scenario = load_current(path)
    state = new_game(scenario, GameConfig(seed=6, players=PLAYERS, decision=decision))
    app.session = Session(scenario, path, state, app.store(), {"view": "play"})
    app.session.save()  # as the set-up does when a game starts
    app.switch(RoundScene(app))
    settle(app)
    assert isinstance(app.scene, RoundScene)
    return app.scene


def _join(url: str, seat: int) -> tuple[httpx.Client, str, str]:
    root, code = url.rsplit("/", 1)
    client = httpx.Client(base_url=root)
    form = client.get(f"/{code}")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form.text)
    assert nonce is not None, form.text
    page = client.post(f"/{code}/join", data={"player": str(seat), "nonce": nonce.group(1)},
                       follow_redirects=True)
    csrf = re.search(r'"csrf": "([0-9a-f]+)"', page.text)
    assert csrf is not None, page.text
    return client, code, csrf.group(1)


def _wait(app: App, test, limit: int = 300) -> None:  # type: ignore[no-untyped-def]
    """Run the window's loop until `test()` holds (bounded; the screen polls the room)."""
    for _ in range(limit):
        if test():
            return
        pump(app, 1)
        pygame.time.wait(10)
    assert test()


def _shot(app: App, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pygame.image.save(app.screen, str(SHOTS / f"{name}.png"))


def test_qr_turns_on_phones_and_proposals_at_once() -> None:
    app = make_app((1920, 1080), serve_game=loopback)
    try:
        scene = _start(app, Decision.CONSENSUS)
        press(app, pygame.K_m)  # the phones: QR code and address
        found = phones.active(app)
        assert found is not None and found.serving is not None
        url = found.serving.url
        settle(app)
        assert url.split("://", 1)[1] in visible_text(app)
        assert not problems(app)
        _shot(app, "qr")
        # Bram, Cem and Dewi join; Anna plays on the big screen
        joined = [_join(url, seat) for seat in (1, 2, 3)]
        _wait(app, lambda: "Dewi" in phones.status_line(app))
        press(app, pygame.K_m)  # back to the game
        settle(app)
        state = app.session.state  # type: ignore[union-attr]
        assert state.role_holders[state.current_role or ""] == 0  # Anna's turn: her hand
        assert "propose:" in " ".join(scene.keys)
        # every phone proposes at once, before Anna has chosen
        sent = {}
        for client, code, csrf in joined:
            view = client.get(f"/{code}/api/state").json()
            for role in view["roles"]:
                cards = [c["id"] for c in role["hand"] if not c["reason"]][:1]
                reply = client.post(f"/{code}/api/propose", headers={"X-CSRF-Token": csrf},
                                    json={"role": role["id"], "cards": cards})
                assert reply.status_code == 200, reply.text
                sent[role["id"]] = cards
        _wait(app, lambda: "voorstel klaar" in visible_text(app))
        assert not state.proposals  # waiting for Anna's turn
        click(app, "pass")  # Anna passes on the big screen: the phones' turns follow
        _wait(app, lambda: app.session.state.current_role is None  # type: ignore[union-attr]
              or app.session.state.role_holders[app.session.state.current_role] == 0)  # type: ignore[union-attr]
        state = app.session.state  # type: ignore[union-attr]
        if state.phase == Phase.PROPOSE:  # Anna's second role
            click(app, "pass")
            settle(app)
        state = app.session.state  # type: ignore[union-attr]
        assert state.phase == Phase.DECIDE
        assert [p.card for p in state.proposals] == [c for r in state.compiled.role_ids
                                                     if r in sent for c in sent[r]]
        settle(app)
        assert not problems(app)
        _shot(app, "decide")
    finally:
        phones.release(app)


def test_a_phones_turn_waits_on_the_board_and_the_vote_stays_secret() -> None:
    app = make_app((1280, 800), serve_game=loopback)
    try:
        _start(app, Decision.VOTE)
        press(app, pygame.K_m)
        found = phones.active(app)
        assert found is not None and found.serving is not None
        url = found.serving.url
        joined = {seat: _join(url, seat) for seat in range(len(PLAYERS))}
        press(app, pygame.K_ESCAPE)  # Esc closes the panel too
        _wait(app, lambda: "Anna kiest op de telefoon" in visible_text(app))
        assert not any(k.startswith("propose:") for k in app.scene.keys)  # type: ignore[union-attr]
        _shot(app, "phone-turn")
        for client, code, csrf in joined.values():
            for role in client.get(f"/{code}/api/state").json()["roles"]:
                cards = [c["id"] for c in role["hand"] if not c["reason"]][:1]
                client.post(f"/{code}/api/propose", headers={"X-CSRF-Token": csrf},
                            json={"role": role["id"], "cards": cards})
        _wait(app, lambda: app.session.state.phase == Phase.DECIDE)  # type: ignore[union-attr]
        state = app.session.state  # type: ignore[union-attr]
        under = state.under_vote
        assert under is not None
        for seat in (3, 1):  # two vote; the board shows how many, not how
            client, code, csrf = joined[seat]
            reply = client.post(f"/{code}/api/vote", headers={"X-CSRF-Token": csrf},
                                json={"card": under.card, "yes": seat == 3})
            assert reply.status_code == 200
        _wait(app, lambda: "2 van 4 hebben gestemd" in visible_text(app))
        text = visible_text(app)
        assert "voor" not in text.split("2 van 4")[0][-40:]  # no tally of yes and no
        _shot(app, "vote-count")
        # the facilitator plays Anna's vote here (her phone died); Cem votes on his phone
        click(app, "here")
        settle(app)
        click(app, "vote_no")
        client, code, csrf = joined[2]
        client.post(f"/{code}/api/vote", headers={"X-CSRF-Token": csrf},
                    json={"card": under.card, "yes": True})
        _wait(app, lambda: len([v for v in app.session.state.rounds_log[-1].votes  # type: ignore[union-attr]
                                if v[0] == under.card]) == 4)
        votes = [(p, yes) for c, p, yes in app.session.state.rounds_log[-1].votes  # type: ignore[union-attr]
                 if c == under.card]
        assert votes == [(0, False), (1, False), (2, True), (3, True)]
        # a seat is freed on the panel: that phone is out
        press(app, pygame.K_m)
        settle(app)
        click(app, "release:1")
        client, code, csrf = joined[1]
        assert client.get(f"/{code}/api/state").status_code == 401
    finally:
        phones.release(app)


def test_the_phones_come_back_after_the_window_is_killed() -> None:
    app = make_app((1280, 800), serve_game=loopback)
    _start(app, Decision.CONSENSUS)
    press(app, pygame.K_m)
    found = phones.active(app)
    assert found is not None and found.serving is not None
    code = found.room.code
    client, _, csrf = _join(found.serving.url, 2)
    role = next(r["id"] for r in client.get(f"/{code}/api/state").json()["roles"])
    reply = client.post(f"/{code}/api/propose", headers={"X-CSRF-Token": csrf},
                        json={"role": role, "cards": []})
    assert reply.status_code == 200
    # the laptop dies: the server goes, nothing is closed; a new window resumes the save
    found.serving.stop()
    app.phones = None
    second = make_app((1280, 800), serve_game=loopback)
    try:
        resumed = second.store().load()
        second.session = Session(resumed.scenario, resumed.scenario_file, resumed.state,
                                 second.store(), resumed.client)
        second.switch(RoundScene(second))
        settle(second)
        back = phones.active(second)
        assert back is not None and back.serving is not None
        assert back.room.code == code
        assert back.room.intents[role].cards == ()
        root = back.serving.url.rsplit("/", 1)[0]
        again = httpx.Client(base_url=root, cookies=client.cookies)
        view = again.get(f"/{code}/api/state")
        assert view.status_code == 200 and view.json()["you"] == "Cem"
        assert Action.pass_() in second.session.state.legal_actions()  # type: ignore[union-attr]
    finally:
        phones.release(second)
