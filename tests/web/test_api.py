"""The phone API on the wire (Starlette's test client): who may see and change what, every
input checked, and every acknowledged rating on disk."""

from __future__ import annotations

import json
import re

import pytest

from morgenmaken.table.room import Room
from tests.web.conftest import ADDRESS, join, phone

HEADERS = "X-CSRF-Token"


def rate(client, room: Room, csrf: str, measure: str, dimension: str, value, **extra):  # type: ignore[no-untyped-def]
    return client.post(f"/{room.code}/api/rate", headers={HEADERS: csrf, **extra},
                       json={"measure": measure, "dimension": dimension, "value": value})


def rate_all(client, room: Room, csrf: str, value: int | None, measure: str = "m1") -> None:  # type: ignore[no-untyped-def]
    for dimension in ("d1", "d2", "d3"):
        reply = rate(client, room, csrf, measure, dimension, value)
        assert reply.status_code == 200, reply.text
        assert reply.json()["saved"] is True


def test_join_rate_and_every_acknowledged_rating_is_on_disk(room: Room) -> None:
    anna = phone(room)
    csrf = join(anna, room, "Anna")
    page = anna.get(f"/{room.code}").text
    assert f"Kamer {room.code} · {ADDRESS}" in page  # the page says which room and address
    rate_all(anna, room, csrf, 2)
    assert rate(anna, room, csrf, "m1", "d2", None).status_code == 200  # changed: weet niet
    again = Room.open(room.path)  # what another process would read from the database now
    try:
        assert again.session.ratings["m1"]["Anna"] == {"d1": 2, "d2": None, "d3": 2}
    finally:
        again.close_db()
    state = anna.get(f"/{room.code}/api/state").json()
    assert state["you"] == "Anna" and state["own"] == {"d1": 2, "d2": None, "d3": 2}


def test_before_the_reveal_nobody_receives_another_participants_rating(room: Room) -> None:
    anna, bram = phone(room), phone(room)
    csrf_a = join(anna, room, "Anna Zeldzaam")
    csrf_b = join(bram, room, "Bram")
    rate_all(anna, room, csrf_a, 2)
    assert anna.post(f"/{room.code}/api/submit", headers={HEADERS: csrf_a},
                     json={"measure": "m1"}).status_code == 200
    rate(bram, room, csrf_b, "m1", "d1", -1)
    wire = [bram.get(f"/{room.code}/api/state"), bram.get(f"/{room.code}"),
            rate(bram, room, csrf_b, "m1", "d2", -1)]
    for reply in wire:
        assert "Zeldzaam" not in reply.text  # not even who has finished
    state = wire[0].json()
    assert state["own"] == {"d1": -1}
    assert state["done"] == 1 and state["total"] == 2 and state["revealed"] is False
    assert "figures" not in state and '"2' not in json.dumps(state["own"])
    # after the reveal: the room's figures, still without names
    rate(bram, room, csrf_b, "m1", "d3", -1)
    assert bram.post(f"/{room.code}/api/submit", headers={HEADERS: csrf_b},
                     json={"measure": "m1"}).status_code == 200
    after = bram.get(f"/{room.code}/api/state")
    figures = after.json()["figures"]
    assert figures[0]["counts"] == [0, 1, 0, 0, 1] and figures[0]["divided"] is True
    assert "Zeldzaam" not in after.text


@pytest.mark.parametrize(("body", "code"), [
    ({"measure": "m1", "dimension": "d1", "value": 3}, "bad_value"),
    ({"measure": "m1", "dimension": "d1", "value": True}, "bad_value"),
    ({"measure": "m1", "dimension": "d1", "value": "2"}, "bad_value"),
    ({"measure": "m1", "dimension": "d1", "value": 1.0}, "bad_value"),
    ({"measure": "m1", "dimension": "d1"}, "bad_value"),
    ({"measure": "m1", "dimension": "nope", "value": 1}, "bad_dimension"),
    ({"measure": "m2", "dimension": "d1", "value": 1}, "not_current"),
    ({"measure": "m1" * 100, "dimension": "d1", "value": 1}, "bad_request"),
    ({"measure": ["m1"], "dimension": "d1", "value": 1}, "bad_request"),
    ([1, 2], "bad_request"),
])
def test_every_input_is_checked_with_a_sentence(room: Room, body: object, code: str) -> None:
    client = phone(room)
    csrf = join(client, room, "Anna")
    reply = client.post(f"/{room.code}/api/rate", headers={HEADERS: csrf}, json=body)
    assert reply.status_code in (400, 409)
    assert reply.json()["error"] == code
    assert reply.json()["message"] and "Traceback" not in reply.text
    english = client.post(f"/{room.code}/api/rate?lang=en", headers={HEADERS: csrf}, json=body)
    assert english.json()["message"] != reply.json()["message"]
    assert room.session.ratings.get("m1", {}).get("Anna", {}) == {}


def test_broken_json_and_oversized_bodies_are_refused(room: Room) -> None:
    client = phone(room)
    csrf = join(client, room, "Anna")
    broken = client.post(f"/{room.code}/api/rate", headers={HEADERS: csrf,
                                                            "Content-Type": "application/json"},
                         content=b"{not json")
    assert broken.status_code == 400 and broken.json()["error"] == "bad_request"
    huge = client.post(f"/{room.code}/api/rate", headers={HEADERS: csrf},
                       json={"measure": "m1", "dimension": "d1", "value": 1, "pad": "x" * 5000})
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"
    assert "Anna" not in room.session.ratings.get("m1", {})


def test_changes_need_the_pages_token_and_origin(room: Room) -> None:
    client = phone(room)
    csrf = join(client, room, "Anna")
    body = {"measure": "m1", "dimension": "d1", "value": 1}
    missing = client.post(f"/{room.code}/api/rate", json=body)
    wrong = client.post(f"/{room.code}/api/rate", json=body, headers={HEADERS: "0" * 32})
    other_site = client.post(f"/{room.code}/api/rate", json=body,
                             headers={HEADERS: csrf, "Origin": "http://evil.example"})
    for reply in (missing, wrong, other_site):
        assert reply.status_code == 403 and reply.json()["error"] == "csrf"
    assert "Anna" not in room.session.ratings.get("m1", {})
    same = client.post(f"/{room.code}/api/rate", json=body,
                       headers={HEADERS: csrf, "Origin": ADDRESS})
    assert same.status_code == 200


def test_joining_needs_the_forms_own_value(room: Room) -> None:
    client = phone(room)
    client.get(f"/{room.code}")  # the form sets its cookie
    forged = client.post(f"/{room.code}/join", data={"name": "Mallory", "nonce": "a" * 32})
    assert forged.status_code == 403
    assert "Mallory" not in room.session.participants


@pytest.mark.parametrize(("name", "message"), [
    ("", "Vul je naam in"), ("x" * 41, "te lang"), ("Anna\x07", "alleen letters")])
def test_a_bad_name_is_refused_with_what_to_change(room: Room, name: str, message: str) -> None:
    client = phone(room)
    form = client.get(f"/{room.code}").text
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form)
    assert nonce is not None
    reply = client.post(f"/{room.code}/join", data={"name": name, "nonce": nonce.group(1)})
    assert reply.status_code == 400 and message in reply.text
    assert room.session.participants == []


def test_two_phones_cannot_share_a_name_and_anonymous_is_numbered(room: Room) -> None:
    join(phone(room), room, "Anna")
    second = phone(room)
    form = second.get(f"/{room.code}").text
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form)
    assert nonce is not None
    reply = second.post(f"/{room.code}/join", data={"name": " anna ", "nonce": nonce.group(1)})
    assert reply.status_code == 409 and "al zo" in reply.text
    join(second, room, None)
    assert room.session.participants == ["Anna", "Deelnemer 2"]


def test_wrong_room_unknown_device_and_no_facilitator_route(room: Room) -> None:
    client = phone(room)
    assert client.get("/ZZZZZZ").status_code == 404
    assert client.get(f"/{room.code}/api/state").status_code == 401
    csrf = join(client, room, "Anna")
    rate_all(client, room, csrf, 1)
    for path in ("reveal", "close", "agree", "next"):
        reply = client.post(f"/{room.code}/api/{path}", headers={HEADERS: csrf},
                            json={"measure": "m1"})
        assert reply.status_code in (404, 405)
    assert not room.session.revealed("m1")


def test_bursts_are_limited(room: Room) -> None:
    client = phone(room, device_burst=5, device_rate=0.001)
    csrf = join(client, room, "Anna")
    replies = [rate(client, room, csrf, "m1", "d1", 1).status_code for _ in range(8)]
    assert 429 in replies and replies[0] == 200
    assert client.get(f"/{room.code}/api/state").json()["error"] == "too_many"


def test_pages_forbid_foreign_scripts_and_framing(room: Room) -> None:
    client = phone(room)
    join(client, room, "Anna")
    page = client.get(f"/{room.code}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text  # only the served file and a data block
    assert client.get("/static/phone.js").status_code == 200
    assert "http" not in re.sub(r"http://testserver", "", page.text.split("<body>")[0])


def test_a_closed_round_and_a_late_joiner(room: Room) -> None:
    anna, bram = phone(room), phone(room)
    csrf_a, csrf_b = join(anna, room, "Anna"), join(bram, room, "Bram")
    rate_all(anna, room, csrf_a, 1)
    anna.post(f"/{room.code}/api/submit", headers={HEADERS: csrf_a}, json={"measure": "m1"})
    rate(bram, room, csrf_b, "m1", "d1", -2)
    room.reveal("m1")  # the facilitator, on the laptop
    late = phone(room)
    join(late, room, "Carla")
    assert room.session.revealed("m1") and room.session.raters("m1") == ["Anna"]
    refused = rate(bram, room, csrf_b, "m1", "d2", -2)
    assert refused.status_code == 409 and refused.json()["error"] == "closed"
    state = bram.get(f"/{room.code}/api/state").json()
    assert state["counted"] is False and state["figures"][0]["counts"] == [0, 0, 0, 1, 0]


def test_a_submit_needs_every_dimension_and_then_is_fixed(room: Room) -> None:
    client = phone(room)
    csrf = join(client, room, "Anna")
    rate(client, room, csrf, "m1", "d1", 1)
    early = client.post(f"/{room.code}/api/submit", headers={HEADERS: csrf},
                        json={"measure": "m1"})
    assert early.status_code == 409 and early.json()["error"] == "missing"
    rate_all(client, room, csrf, 0)
    client.post(f"/{room.code}/api/submit", headers={HEADERS: csrf}, json={"measure": "m1"})
    late = rate(client, room, csrf, "m1", "d1", 2)
    assert late.status_code == 409
    assert room.session.ratings["m1"]["Anna"]["d1"] == 0


def test_a_restarted_laptop_knows_every_phone_and_its_ratings(room: Room) -> None:
    client = phone(room)
    csrf = join(client, room, "Anna")
    rate(client, room, csrf, "m1", "d1", -1)
    room.close_db()  # the laptop is gone; a new process opens the same database
    again = Room.open(room.path)
    try:
        from starlette.testclient import TestClient

        from morgenmaken.web.app import create_app
        reconnected = TestClient(create_app(again, ADDRESS), base_url=ADDRESS,
                                 cookies=dict(client.cookies))
        state = reconnected.get(f"/{again.code}/api/state").json()
        assert again.code == room.code and state["you"] == "Anna" and state["own"] == {"d1": -1}
        assert rate(reconnected, again, csrf, "m1", "d2", 2).status_code == 200
    finally:
        again.close_db()
    room._db = again._db  # the fixture closes the room; this one is closed already
