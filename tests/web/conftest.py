"""Shared pieces of the web tests: a room on a small plan, a phone that joins it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver
from starlette.testclient import TestClient

from morgenmaken.scenario.models import Text
from morgenmaken.table.room import Room
from morgenmaken.web.app import create_app
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan
from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
from morgenmaken.werksessie.session import new_session

ADDRESS = "http://testserver"


def small_plan(measures: int = 2, dimensions: int = 3) -> Plan:
    """A plan of a few measures and dimensions (fast to rate by hand in a test)."""
    return Plan(
        id="plan", title=Text(nl="Proefplan", en="Trial plan"),
        measures=[Measure(id=f"m{i}", title=Text(nl=f"Maatregel {i}", en=f"Measure {i}"),
                          description=Text(nl="Doet iets.", en="Does something."))
                  for i in range(1, measures + 1)],
        dimensions=[Dimension(id=f"d{i}", name=Text(nl=f"Dimensie {i}", en=f"Dimension {i}"),
                              group=list(Lens)[i % 4]) for i in range(1, dimensions + 1)])


def shipped_plan() -> Plan:
    """The shipped sample plan, dimensions resolved (what a facilitator would start)."""
    path = resolve_plan("voorbeeldplan")
    return prepare_plan(load_plan(path), str(path))


@pytest.fixture
def browsers() -> Iterator[list[WebDriver]]:
    """Every headless browser a test opens, closed after it whatever happened."""
    made: list[WebDriver] = []
    yield made
    for driver in made:
        driver.quit()


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    made = Room.create(new_session(small_plan(), [], phones=True), tmp_path / "room.sqlite3")
    yield made
    made.close_db()


def phone(room: Room, **limits: float) -> TestClient:
    """A browser of its own (its own cookies) on the room's app."""
    return TestClient(create_app(room, ADDRESS, **limits), base_url=ADDRESS)


def join(client: TestClient, room: Room, name: str | None) -> str:
    """Join through the form as a browser does; returns the page's anti-forgery value."""
    form = client.get(f"/{room.code}")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form.text)
    assert nonce is not None, form.text
    data = {"nonce": nonce.group(1)}
    if name is None:
        data["anonymous"] = "1"
    else:
        data["name"] = name
    reply = client.post(f"/{room.code}/join", data=data, follow_redirects=True)
    assert reply.status_code == 200, reply.text
    found = re.search(r'"csrf": "([0-9a-f]+)"', reply.text)
    assert found is not None, reply.text
    return found.group(1)
