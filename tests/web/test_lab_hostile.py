"""Hostile JSON on the LAB's wire and in its files: every message goes through the one
guarded parse (:func:`morgenmaken.storage.parse_json_message`), so a garbled or hostile body
is one clear refusal or one sentence, never a RecursionError, a traceback or a stopped link.
"""

from __future__ import annotations

import sqlite3
import urllib.error
from collections.abc import Iterator
from email.message import Message
from io import BytesIO
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from morgenmaken.storage import MESSAGE_LIMIT, UnreadableFile, parse_json_message
from morgenmaken.table import lab_link
from morgenmaken.table.lab import PROTOCOL, Hub
from morgenmaken.table.lab_link import LabLink
from morgenmaken.web.lab import create_lab_app

#: Bodies that broke or could break a plain ``json.loads``: deep nesting (RecursionError),
#: an endless integer, NaN and infinity, bad UTF-8, plain garbage.
HOSTILE = {
    "deep": b'{"protocol": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "endless_integer": b'{"protocol": ' + b"9" * 5000 + b"}",
    "nan": b'{"protocol": 1, "seq": NaN}',
    "infinite": b'{"protocol": 1, "seq": 1e999}',
    "bad_utf8": b'{"protocol": 1, "table": "\xff\xfe"}',
    "garbage": b"\x00\x01{{{",
}


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    hub = Hub.create(tmp_path / "lab.sqlite3")
    yield hub
    hub.close_db()


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_guarded_parse_gives_one_sentence(body: bytes) -> None:
    with pytest.raises(UnreadableFile) as caught:
        parse_json_message(body)
    reason = caught.value.reason("nl")
    assert reason and "\n" not in reason and "Error" not in reason


def test_a_message_above_the_limit_is_refused_unparsed() -> None:
    with pytest.raises(UnreadableFile) as caught:
        parse_json_message(b" " * (MESSAGE_LIMIT + 1))
    assert caught.value.key == "file.too_big"


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_hub_refuses_a_hostile_body_in_one_answer(hub: Hub, body: bytes) -> None:
    client = TestClient(create_lab_app(hub, "http://testserver"), raise_server_exceptions=True)
    answer = client.post(f"/{hub.code}/lab/v1/join", content=body[:1000] if len(body) > 1024
                         else body, headers={"Content-Type": "application/json"})
    if answer.status_code == 413:  # the join body is small: a long one is refused by size
        return
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "not_json" and answer.json()["protocol"] == PROTOCOL
    assert "Traceback" not in answer.text


def test_a_deep_save_body_is_refused_not_raised(hub: Hub) -> None:
    client = TestClient(create_lab_app(hub, "http://testserver"))
    joined = client.post(f"/{hub.code}/lab/v1/join", json={"protocol": PROTOCOL,
                                                           "table": "Tafel 1"})
    token = joined.json()["token"]
    body = b'{"protocol": 1, "seq": 1, "save": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    answer = client.post(f"/{hub.code}/lab/v1/save", content=body,
                         headers={"Content-Type": "application/json",
                                  "Authorization": f"Bearer {token}"})
    assert answer.status_code == 400 and answer.json()["error"] == "not_json"


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_answer_from_the_hub_is_a_sentence_for_the_link(body: bytes) -> None:
    with pytest.raises(ValueError, match="not readable") as caught:
        lab_link._message(body)
    assert "\n" not in str(caught.value)


def test_a_hostile_refusal_body_falls_back_to_the_status_reason() -> None:
    error = urllib.error.HTTPError("http://hub/X/lab/v1/save", 400, "Bad Request", Message(),
                                   BytesIO(b"[" * 100_000))
    assert lab_link._reason(error) == "Bad Request"


def test_a_damaged_kept_link_file_joins_anew(tmp_path: Path) -> None:
    (tmp_path / "link-K7M2QX.json").write_bytes(b'{"token": ' + b"[" * 100_000)
    link = LabLink("http://127.0.0.1:9/K7M2QX", "Tafel 1", folder=tmp_path)
    assert link.token is None


def test_a_restarted_hub_keeps_a_table_whose_stored_save_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "lab.sqlite3"
    hub = Hub.create(path)
    client = TestClient(create_lab_app(hub, "http://testserver"))
    client.post(f"/{hub.code}/lab/v1/join", json={"protocol": PROTOCOL, "table": "Tafel 1"})
    hub.close_db()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO saves VALUES (1, 3, 0.0, ?)", ("[" * 100_000,))
    again = Hub.open(path)
    try:
        view = again.tables()[0]
        assert view.name == "Tafel 1" and view.state is None and view.seq == 3
    finally:
        again.close_db()
