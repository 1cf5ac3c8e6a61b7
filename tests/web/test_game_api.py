"""The game table's phone API on the wire (Starlette's test client): a phone acts only for its
own roles and only when the engine allows it, votes stay secret, strangers get nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from morgenmaken.engine import Decision, GameConfig, Phase, new_game
from morgenmaken.scenario.library import load_current, resolve
from morgenmaken.table.game import Session
from morgenmaken.table.game_room import GameRoom
from morgenmaken.web.game import create_game_app
from tests.web.conftest import ADDRESS

PLAYERS = ("Anna", "Bram", "Cem", "Dewi")
HEADERS = "X-CSRF-Token"


def _room(tmp_path: Path, decision: Decision) -> GameRoom:
    path = resolve("drenthe")
    scenario = load_current(path)
    state = new_game(scenario, GameConfig(seed=4, players=PLAYERS, decision=decision))
    return GameRoom.create(Session(scenario, path, state, None), tmp_path / "game.sqlite3",
                           auto_pump=True)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[GameRoom]:
    made = _room(tmp_path, Decision.CONSENSUS)
    yield made
    made.close_db()


@pytest.fixture
def vote_room(tmp_path: Path) -> Iterator[GameRoom]:
    made = _room(tmp_path, Decision.VOTE)
    yield made
    made.close_db()


def phone(room: GameRoom) -> TestClient:
    """A browser of its own (its own cookies) on the table's app."""
    return TestClient(create_game_app(room, ADDRESS), base_url=ADDRESS)


def join(client: TestClient, room: GameRoom, seat: int) -> str:
    """Pick a seat on the join page as a browser does; returns the anti-forgery value."""
    form = client.get(f"/{room.code}")
    assert form.status_code == 200
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form.text)
    assert nonce is not None, form.text
    reply = client.post(f"/{room.code}/join", data={"nonce": nonce.group(1),
                                                    "player": str(seat)},
                        follow_redirects=True)
    assert reply.status_code == 200, reply.text
    found = re.search(r'"csrf": "([0-9a-f]+)"', reply.text)
    assert found is not None, reply.text
    return found.group(1)


def test_four_phones_propose_at_once_and_the_table_fills_in_turn(room: GameRoom) -> None:
    phones = [phone(room) for _ in PLAYERS]
    tokens = [join(client, room, seat) for seat, client in enumerate(phones)]
    sent: dict[str, list[str]] = {}
    for client, csrf in reversed(list(zip(phones, tokens, strict=True))):
        view = client.get(f"/{room.code}/api/state").json()
        for role in view["roles"]:
            cards = [c["id"] for c in role["hand"] if not c["reason"]][:1]
            reply = client.post(f"/{room.code}/api/propose", headers={HEADERS: csrf},
                                json={"role": role["id"], "cards": cards})
            assert reply.status_code == 200, reply.text
            sent[role["id"]] = cards
    state = room.state
    assert state.phase == Phase.DECIDE
    assert [p.card for p in state.proposals] == [c for r in state.compiled.role_ids
                                                 for c in sent[r]]
    view = phones[0].get(f"/{room.code}/api/state").json()
    assert view["phase"] == "decide" and len(view["table"]) == len(state.proposals)


def test_a_phone_sees_only_its_own_hand_and_cannot_act_for_another_role(
        room: GameRoom) -> None:
    anna, bram = phone(room), phone(room)
    csrf_a, csrf_b = join(anna, room, 0), join(bram, room, 1)
    view = anna.get(f"/{room.code}/api/state").json()
    mine = {r["id"] for r in view["roles"]}
    assert mine == {r for r, p in room.state.role_holders.items() if p == 0}
    others = {c for r, hand in room.state.hands.items() if r not in mine for c in hand}
    assert not others & {c["id"] for r in view["roles"] for c in r["hand"]}
    bram_role = next(r for r, p in room.state.role_holders.items() if p == 1)
    reply = anna.post(f"/{room.code}/api/propose", headers={HEADERS: csrf_a},
                      json={"role": bram_role, "cards": []})
    assert reply.status_code == 409 and reply.json()["error"] == "not_your_role"
    assert "andere speler" in reply.json()["message"]
    # Bram's token with Anna's anti-forgery value is refused: the value belongs to a device
    reply = bram.post(f"/{room.code}/api/propose", headers={HEADERS: csrf_a},
                      json={"role": bram_role, "cards": []})
    assert reply.status_code == 403
    assert room.intents == {}
    assert csrf_b  # Bram did join


def test_strangers_and_bad_input_get_nothing(room: GameRoom) -> None:
    stranger = phone(room)
    assert stranger.get("/WRONG1").status_code == 404
    reply = stranger.get(f"/{room.code}/api/state")
    assert reply.status_code == 401 and "hand" not in reply.text
    anna = phone(room)
    csrf = join(anna, room, 0)
    role = next(r for r, p in room.state.role_holders.items() if p == 0)
    for body in ({"role": role, "cards": "x"}, {"role": role, "cards": [1]},
                 {"role": 5, "cards": []}, {"role": role, "cards": ["a"] * 50}):
        reply = anna.post(f"/{room.code}/api/propose", headers={HEADERS: csrf}, json=body)
        assert reply.status_code == 400, body
        assert reply.json()["message"]
    reply = anna.post(f"/{room.code}/api/propose", headers={HEADERS: csrf},
                      content=b"x" * 5000)
    assert reply.status_code == 413
    reply = anna.post(f"/{room.code}/api/propose", headers={HEADERS: csrf, "Origin":
                                                              "http://evil.example"},
                      json={"role": role, "cards": []})
    assert reply.status_code == 403
    # a second phone cannot take a seat that is on a phone already
    other = phone(room)
    form = other.get(f"/{room.code}")
    assert 'id="seat-0" disabled' in form.text


def test_the_vote_is_secret_on_the_wire(vote_room: GameRoom) -> None:
    room = vote_room
    phones = [phone(room) for _ in PLAYERS]
    tokens = [join(client, room, seat) for seat, client in enumerate(phones)]
    for client, csrf in zip(phones, tokens, strict=True):
        for role in client.get(f"/{room.code}/api/state").json()["roles"]:
            cards = [c["id"] for c in role["hand"] if not c["reason"]][:1]
            assert client.post(f"/{room.code}/api/propose", headers={HEADERS: csrf},
                               json={"role": role["id"], "cards": cards}).status_code == 200
    under = room.state.under_vote
    assert under is not None
    # Dewi, Cem and Bram vote before Anna: nothing is cast, and nobody's page shows a vote
    for seat, yes in ((3, False), (2, True), (1, True)):
        reply = phones[seat].post(f"/{room.code}/api/vote", headers={HEADERS: tokens[seat]},
                                  json={"card": under.card, "yes": yes})
        assert reply.status_code == 200, reply.text
    assert room.vote_progress() == (3, 4)
    for seat, client in enumerate(phones):
        view = client.get(f"/{room.code}/api/state").json()
        wire = json.dumps(view)
        assert '"yes"' not in wire and "true, false" not in wire
        voted = {v["card"]: v["voted"] for v in view["voting"]}
        assert voted[under.card] is (seat != 0)  # only one's own vote is known to a phone
    reply = phones[0].post(f"/{room.code}/api/vote", headers={HEADERS: tokens[0]},
                           json={"card": under.card, "yes": "ja"})
    assert reply.status_code == 400
    assert phones[0].post(f"/{room.code}/api/vote", headers={HEADERS: tokens[0]},
                          json={"card": under.card, "yes": True}).status_code == 200
    assert [p for c, p, _ in room.state.rounds_log[-1].votes if c == under.card] == [0, 1, 2, 3]


def test_pages_speak_english_when_asked(room: GameRoom) -> None:
    anna = phone(room)
    page = anna.get(f"/{room.code}?lang=en")
    assert "Play along on your phone" in page.text and "Anna" in page.text
    assert "Content-Security-Policy" in page.headers


def test_a_phone_shows_the_outlook_and_it_follows_the_game(room: GameRoom) -> None:
    from morgenmaken.wording import outlook_lines

    anna = phone(room)
    join(anna, room, 0)
    view = anna.get(f"/{room.code}/api/state").json()
    assert view["outlook"] == outlook_lines(room.state, "nl") and view["outlook"]
    assert all(" % kans" in line or "komt eraan" in line for line in view["outlook"])
    page = anna.get(f"/{room.code}").text
    assert "Wat de volgende ronde kan brengen" in page
    while room.state.round == 1:  # the round passes: the outlook is worded again
        room.session.apply(room.state.legal_actions()[-1])
    again = anna.get(f"/{room.code}/api/state").json()
    assert again["outlook"] == outlook_lines(room.state, "nl")


def test_players_who_share_a_role_see_who_speaks_for_it(tmp_path: Path) -> None:
    """Five players at the tutorial's three roles: the join page lists the shared role at
    both its players, and the phone of the one who does not speak this round says who does
    and shows no hand to propose from."""
    path = resolve("tutorial")
    scenario = load_current(path)
    names = ("Anna", "Bram", "Cor", "Dirk", "Eva")
    state = new_game(scenario, GameConfig(seed=4, players=names))
    room = GameRoom.create(Session(scenario, path, state, None), tmp_path / "game.sqlite3",
                           auto_pump=True)
    try:
        dirk = phone(room)
        form = dirk.get(f"/{room.code}").text
        assert form.count("Zorg en welzijn") == 2  # Anna's seat and Dirk's
        join(dirk, room, 3)
        view = dirk.get(f"/{room.code}/api/state").json()
        assert view["roles"] == []
        assert [s["text"] for s in view["shared"]] == [
            "Zorg en welzijn: Anna en Dirk delen deze rol: elke ronde spreekt een ander van "
            "hen voor de rol, deze ronde Anna."]
    finally:
        room.close_db()
