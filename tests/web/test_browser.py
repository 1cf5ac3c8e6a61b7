"""The phone pages in a real browser (headless Chromium through Selenium): join by the
address, rate every dimension, see the reveal; a second browser never sees the first's
ratings early; a reload and a restarted laptop come back to the same ratings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from morgenmaken.table.room import Room
from morgenmaken.web.server import RoomServer, free_port
from morgenmaken.werksessie.session import new_session
from tests.web.browser import PATIENCE, attributes, chromium, shot, text, wait
from tests.web.conftest import shipped_plan


@pytest.fixture
def served(tmp_path: Path) -> Iterator[RoomServer]:
    room = Room.create(new_session(shipped_plan(), ["Laptop"], phones=True),
                       tmp_path / "room.sqlite3", port=free_port())
    server = RoomServer(room).start()
    yield server
    server.stop()
    server.room.close_db()


def open_phone(browsers: list[WebDriver]) -> WebDriver:
    driver = chromium()
    browsers.append(driver)
    return driver


def join(driver: WebDriver, url: str, name: str | None) -> None:
    driver.get(url)
    wait(driver, "#join")
    if name is None:
        driver.find_element(By.ID, "join-anonymous").click()
    else:
        field = driver.find_element(By.ID, "name")
        field.send_keys(name)
        field.send_keys(Keys.ENTER)  # keyboard: Enter in the field joins
    wait(driver, "#measure-title")


def rate_everything(driver: WebDriver, value: str, dimensions: list[str]) -> None:
    """Click `value` ('-2' … '2', 'x') on every dimension and wait until each is saved."""
    for dimension in dimensions:
        button = driver.find_element(
            By.CSS_SELECTOR, f'button[data-dimension="{dimension}"][data-value="{value}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
    for dimension in dimensions:
        wait(driver, f"#saved-{dimension}", "✓")


def pressed(driver: WebDriver) -> dict[str, str]:
    """Which choice each row shows as chosen."""
    chosen = 'button.choice[aria-pressed="true"]'
    return {r or "": v or "" for r, v in attributes(driver, chosen, "data-dimension",
                                                    "data-value")}


def fetch_state(driver: WebDriver, code: str) -> dict[str, object]:
    """What the page's own origin receives from the API (the wire, from inside the browser)."""
    reply = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        f"fetch('/{code}/api/state').then(r => r.text()).then(done);")
    return json.loads(reply)


def test_join_rate_every_dimension_and_see_the_reveal(served: RoomServer,
                                                      browsers: list[WebDriver]) -> None:
    room = served.room
    dimensions = [d.id for d in room.session.dimensions]
    first = room.session.current()
    assert first is not None
    anna, bram = open_phone(browsers), open_phone(browsers)
    join(anna, served.url, "Anna Zeldzaam")
    shot(anna, "phone-rate-empty")
    footer = text(anna, "#where")
    assert room.code in footer and served.address in footer
    join(bram, served.url, None)
    rate_everything(anna, "2", dimensions)
    shot(anna, "phone-rate-filled")
    anna.find_element(By.ID, "submit").click()
    wait(anna, "#progress", "Ingeleverd")
    shot(anna, "phone-submitted")
    # the second browser, before everyone is done: nothing of Anna's choices reaches it
    rate_everything(bram, "-1", dimensions[:2])
    state = fetch_state(bram, room.code)
    assert "figures" not in state and state["done"] == 1
    assert set(state["own"].values()) == {-1}  # type: ignore[union-attr]
    source = bram.page_source
    assert "Zeldzaam" not in source and not bram.find_elements(By.ID, "revealed")
    # a reload brings back bram's own choices
    bram.refresh()
    wait(bram, "#measure-title")
    WebDriverWait(bram, PATIENCE).until(lambda d: len(pressed(d)) == 2)
    assert pressed(bram) == {d: "-1" for d in dimensions[:2]}
    rate_everything(bram, "-1", dimensions[2:])
    bram.find_element(By.ID, "submit").click()
    # the laptop's own rater finishes on the laptop: the reveal reaches both phones by itself
    with room.lock:
        for dimension in dimensions:
            room.session.rate(first.id, "Laptop", dimension, None)
        room.session.submit(first.id, "Laptop")
    room.save()
    for driver in (anna, bram):
        wait(driver, "#revealed")
    figure = f"#figure-{dimensions[0]}"
    counts = [label for label, in attributes(anna, f"{figure} .count", "aria-label")]
    assert counts == ["duidelijk negatief: 0", "negatief: 1", "neutraal: 0", "positief: 0",
                      "duidelijk positief: 1", "weet niet: 1"]
    assert "verdeeld" in text(anna, figure)
    shot(anna, "phone-reveal")


def test_the_pages_come_back_after_the_laptop_restarts(served: RoomServer,
                                                       browsers: list[WebDriver]) -> None:
    room = served.room
    dimensions = [d.id for d in room.session.dimensions]
    carla = open_phone(browsers)
    join(carla, served.url, "Carla")
    rate_everything(carla, "1", dimensions[:3])
    served.stop()
    room.close_db()
    wait(carla, "#connection", "Geen verbinding")
    shot(carla, "phone-offline")
    again = Room.open(room.path)
    served.room = again
    restarted = RoomServer(again)
    served.__dict__.update(restarted.__dict__)  # the fixture stops whichever runs
    restarted.start()
    assert restarted.port == again.port  # the address the phones know
    WebDriverWait(carla, PATIENCE).until(lambda d: text(d, "#connection") == "")
    rate_everything(carla, "0", dimensions[3:])
    assert again.session.ratings[again.session.measures[0].id]["Carla"] == {
        **{d: 1 for d in dimensions[:3]}, **{d: 0 for d in dimensions[3:]}}
    carla.refresh()
    wait(carla, "#measure-title")
    WebDriverWait(carla, PATIENCE).until(lambda d: len(pressed(d)) == len(dimensions))


def test_english_and_keyboard_only(served: RoomServer, browsers: list[WebDriver]) -> None:
    driver = open_phone(browsers)
    driver.get(served.url + "?lang=en")
    wait(driver, "#join", "Join")
    field = driver.find_element(By.ID, "name")
    field.send_keys("Dana")
    field.send_keys(Keys.ENTER)
    wait(driver, "#measure-title")
    assert "Measure 1 of" in driver.page_source
    first = driver.find_element(By.CSS_SELECTOR, "button.choice")
    first.send_keys(Keys.ENTER)  # a focused button chooses with the keyboard
    dimension = first.get_attribute("data-dimension")
    wait(driver, f"#saved-{dimension}", "saved")
    shot(driver, "phone-english")
