"""The LAB hub's protocol on the wire (Starlette's TestClient): what a table may send, what
a stranger gets, and every refusal a clear JSON answer with the protocol's version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from morgenmaken.engine import GameConfig, GameState, compile_scenario, new_game, save_data
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.table.lab import PROTOCOL, Hub
from morgenmaken.web.lab import MAX_SAVE_BODY, create_lab_app

COMPILED = compile_scenario(load_scenario(shipped_dir() / "tutorial.yaml"))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    hub = Hub.create(tmp_path / "lab.sqlite3")
    yield hub
    hub.close_db()


@pytest.fixture
def client(hub: Hub) -> TestClient:
    return TestClient(create_lab_app(hub, "http://testserver"))


def _game(seed: int = 1, team: str = "Groen") -> GameState:
    config = GameConfig(seed=seed, players=("Anna", "Bram"), team=team)
    return play_game(new_game(COMPILED, config), make_bot("balanced", seed))


def _join(client: TestClient, hub: Hub, name: str = "Tafel 1") -> str:
    answer = client.post(f"/{hub.code}/lab/v1/join", json={"protocol": PROTOCOL, "table": name})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


def _send(client: TestClient, hub: Hub, token: str, seq: int, document: object,
          **extra: object) -> object:
    return client.post(f"/{hub.code}/lab/v1/save",
                       json={"protocol": PROTOCOL, "seq": seq, "save": document, **extra},
                       headers={"Authorization": f"Bearer {token}"})


def _refused(response: object, status: int, error: str) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"] == error and body["protocol"] == PROTOCOL
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    return dict(body)


def test_a_table_joins_sends_and_is_shown(client: TestClient, hub: Hub) -> None:
    token = _join(client, hub)
    state = _game()
    answer = _send(client, hub, token, 1, save_data(state))
    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert answer.json() == {"protocol": PROTOCOL, "stored": True, "seq": 1,  # type: ignore[attr-defined]
                             "round": state.round}
    tables = client.get(f"/{hub.code}/lab/v1/tables").json()["tables"]
    assert [(t["table"], t["team"], t["round"], t["finished"]) for t in tables] == [
        ("Tafel 1", "Groen", state.round, True)]
    assert tables[0]["won"] == state.won()
    assert len(tables[0]["short"]) == len(state.lenses_failed())
    # an older save arriving late is acknowledged but does not replace the newer one
    early = new_game(COMPILED, state.config)
    late = _send(client, hub, token, 1, save_data(early))
    assert late.json()["stored"] is False  # type: ignore[attr-defined]
    assert hub.tables()[0].state is not None and hub.tables()[0].state.round == state.round


def test_two_tables_with_one_name_are_told_apart(client: TestClient, hub: Hub) -> None:
    _join(client, hub, "Tafel 1")
    answer = client.post(f"/{hub.code}/lab/v1/join", json={"protocol": 1, "table": "tafel 1"})
    assert answer.json()["table"] == "tafel 1 (2)"


def test_a_stranger_without_the_code_gets_nothing(client: TestClient, hub: Hub) -> None:
    wrong = "ZZZZZZ" if hub.code != "ZZZZZZ" else "YYYYYY"
    for path in ("/lab/v1/tables", "/lab/v1/events"):
        _refused(client.get(f"/{wrong}{path}"), 404, "no_hub")
    _refused(client.post(f"/{wrong}/lab/v1/join", json={"protocol": 1, "table": "X"}),
             404, "no_hub")
    page = client.get(f"/{wrong}")
    assert page.status_code == 404 and "Tafel" not in page.text
    assert not hub.tables()


def test_a_bad_token_is_refused(client: TestClient, hub: Hub) -> None:
    _join(client, hub)
    document = save_data(_game())
    _refused(_send(client, hub, "not-a-token", 1, document), 401, "unknown_table")
    no_header = client.post(f"/{hub.code}/lab/v1/save",
                            json={"protocol": 1, "seq": 1, "save": document})
    _refused(no_header, 401, "unknown_table")
    assert hub.tables()[0].state is None


def test_a_wrong_or_missing_version_is_refused(client: TestClient, hub: Hub) -> None:
    token = _join(client, hub)
    body = {"protocol": 2, "seq": 1, "save": save_data(_game())}
    answer = client.post(f"/{hub.code}/lab/v1/save", json=body,
                         headers={"Authorization": f"Bearer {token}"})
    assert _refused(answer, 426, "version")["supported"] == [PROTOCOL]
    del body["protocol"]
    answer = client.post(f"/{hub.code}/lab/v1/save", json=body,
                         headers={"Authorization": f"Bearer {token}"})
    _refused(answer, 400, "no_version")
    _refused(client.post(f"/{hub.code}/lab/v1/join", json={"protocol": "1", "table": "T"}),
             400, "no_version")


def test_an_oversized_body_is_refused(client: TestClient, hub: Hub) -> None:
    token = _join(client, hub)
    document = save_data(_game())
    document["padding"] = "x" * (MAX_SAVE_BODY + 10)
    _refused(_send(client, hub, token, 1, document), 413, "too_large")
    _refused(client.post(f"/{hub.code}/lab/v1/join",
                         json={"protocol": 1, "table": "T" * 5000}), 413, "too_large")


@pytest.mark.parametrize(("change", "status", "error"), [
    ({"seq": 0}, 400, "bad_seq"),
    ({"seq": "3"}, 400, "bad_seq"),
    ({"seq": True}, 400, "bad_seq"),
    ({"save": "text"}, 400, "no_save"),
])
def test_fields_are_checked_for_type(client: TestClient, hub: Hub, change: dict[str, object],
                                     status: int, error: str) -> None:
    token = _join(client, hub)
    body = {"protocol": 1, "seq": 1, "save": save_data(_game()), **change}
    answer = client.post(f"/{hub.code}/lab/v1/save", json=body,
                         headers={"Authorization": f"Bearer {token}"})
    _refused(answer, status, error)


def test_a_save_that_does_not_replay_is_refused(client: TestClient, hub: Hub) -> None:
    token = _join(client, hub)
    document = save_data(_game())
    broken = dict(document, actions=[["adopt", "no-such-card"], *document["actions"]])
    _refused(_send(client, hub, token, 1, broken), 422, "bad_save")
    unknown = dict(document, scenario="atlantis")
    _refused(_send(client, hub, token, 1, unknown), 422, "unknown_scenario")
    changed = dict(document, content_hash="0" * 16)
    _refused(_send(client, hub, token, 1, changed), 422, "scenario_changed")
    garbage = client.post(f"/{hub.code}/lab/v1/save", content=b"{not json",
                          headers={"Authorization": f"Bearer {token}",
                                   "Content-Type": "application/json"})
    _refused(garbage, 400, "not_json")
    assert hub.tables()[0].state is None


@pytest.mark.parametrize("name", ["", "   ", "Tafel\x00", "x" * 41, 7, None])
def test_a_table_name_is_checked(client: TestClient, hub: Hub, name: object) -> None:
    answer = client.post(f"/{hub.code}/lab/v1/join", json={"protocol": 1, "table": name})
    _refused(answer, 400, "bad_table_name")


def test_the_errors_speak_english_when_asked(client: TestClient, hub: Hub) -> None:
    answer = client.post(f"/{hub.code}/lab/v1/join?lang=en", json={"protocol": 9, "table": "T"})
    assert "protocol version" in _refused(answer, 426, "version")["message"]  # type: ignore[operator]


def test_the_sheet_is_written_only_from_the_hub_itself(hub: Hub, tmp_path: Path) -> None:
    calls: list[str] = []

    def sheet(hub_: Hub, lang: str) -> list[Path]:
        calls.append(lang)
        return [tmp_path / "compare.html"]

    far = TestClient(create_lab_app(hub, "http://testserver", sheet), client=("192.168.1.7", 5))
    _refused(far.post(f"/{hub.code}/lab/v1/sheet", headers={"X-Lab-Page": "1"}), 403,
             "not_here")
    near = TestClient(create_lab_app(hub, "http://testserver", sheet), client=("127.0.0.1", 5))
    _refused(near.post(f"/{hub.code}/lab/v1/sheet"), 403, "not_here")  # not from the page
    answer = near.post(f"/{hub.code}/lab/v1/sheet?lang=en", headers={"X-Lab-Page": "1"})
    assert answer.status_code == 200 and calls == ["en"]
    # the facilitator's browser on the hub's laptop, at the address the hub printed
    own = TestClient(create_lab_app(hub, "http://192.168.1.5:8770", sheet),
                     base_url="http://192.168.1.5:8770", client=("192.168.1.5", 5))
    assert own.post(f"/{hub.code}/lab/v1/sheet", headers={"X-Lab-Page": "1"}).status_code == 200
    assert answer.json()["written"] == [str(tmp_path / "compare.html")]


def test_the_page_is_served_from_the_package_with_strict_headers(client: TestClient,
                                                                 hub: Hub) -> None:
    page = client.get(f"/{hub.code}")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text.split("<code")[0].replace("http-equiv", "")
    for asset in ("/static/lab.js", "/static/lab.css"):
        assert client.get(asset).status_code == 200
    config = json.loads(page.text.split('type="application/json">')[1].split("</script>")[0])
    assert config["base"] == f"/{hub.code}"


def test_a_restarted_hub_knows_its_tables(tmp_path: Path) -> None:
    path = tmp_path / "lab.sqlite3"
    hub = Hub.create(path)
    client = TestClient(create_lab_app(hub, "http://testserver"))
    token = _join(client, hub)
    state = _game()
    _send(client, hub, token, 4, save_data(state))
    code = hub.code
    hub.close_db()
    again = Hub.open(path)
    try:
        assert again.code == code and again.table_of(token) == "Tafel 1"
        view = again.tables()[0]
        assert view.seq == 4 and view.state is not None
        assert view.state.actions == state.actions and view.state.score() == state.score()
    finally:
        again.close_db()
