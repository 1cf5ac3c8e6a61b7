"""The game table's phone pages in a real browser (headless Chromium through Selenium): four
phones join a game, propose at once, vote in secret; one reloads mid-round and is back in its
role with its waiting proposal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from morgenmaken.engine import Decision, GameConfig, Phase, new_game
from morgenmaken.scenario.library import load_current, resolve
from morgenmaken.table.game import Session
from morgenmaken.table.game_room import GameRoom
from morgenmaken.web.server import RoomServer, free_port
from tests.web.browser import PATIENCE, chromium, shot, text, wait

PLAYERS = ("Anna", "Bram", "Cem", "Dewi")


def _serve(tmp_path: Path, config: GameConfig, auto_pump: bool,
           stem: str = "drenthe") -> Iterator[RoomServer]:
    """A game room (Drenthe unless `stem` says) served on a free port, stopped and closed
    after the test."""
    path = resolve(stem)
    scenario = load_current(path)
    state = new_game(scenario, config)
    room = GameRoom.create(Session(scenario, path, state, None), tmp_path / "game.sqlite3",
                           port=free_port(), auto_pump=auto_pump)
    server = RoomServer(room).start()
    yield server
    server.stop()
    room.close_db()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[RoomServer]:
    yield from _serve(tmp_path, GameConfig(seed=8, players=PLAYERS, decision=Decision.VOTE),
                      auto_pump=True)


def _until(driver: WebDriver, test) -> None:  # type: ignore[no-untyped-def]
    WebDriverWait(driver, PATIENCE).until(lambda _: test())


def _click(driver: WebDriver, element_id: str) -> None:
    """Click a button the page may be redrawing (the state arrives at any moment): find it
    again until it is there, enabled, and the click lands."""
    def attempt(_: WebDriver) -> bool:
        try:
            button = driver.find_element(By.ID, element_id)
            if not button.is_enabled():
                return False
            button.click()
            return True
        except (StaleElementReferenceException, NoSuchElementException):
            return False
    WebDriverWait(driver, PATIENCE).until(attempt)


def test_four_phones_propose_at_once_and_vote_in_secret(served: RoomServer,
                                                        browsers: list[WebDriver]) -> None:
    room = served.room
    assert isinstance(room, GameRoom)
    phones = []
    for seat, name in enumerate(PLAYERS):
        driver = chromium()
        browsers.append(driver)
        driver.get(served.url)
        wait(driver, f"#seat-{seat}")
        driver.find_element(By.ID, f"seat-{seat}").click()
        wait(driver, "#you", name)
        phones.append(driver)
    # the next round's likely news is on every phone, below what is already coming
    wait(phones[0], "#outlook", "Wat de volgende ronde kan brengen")
    shot(phones[0], "game-phone-hand")
    # a taken seat cannot be taken again from another browser
    late = chromium()
    browsers.append(late)
    late.get(served.url)
    wait(late, "#seat-0")
    assert late.find_element(By.ID, "seat-0").get_attribute("disabled") is not None
    # everyone picks the first card they may propose, last players first
    state = room.state
    chosen: dict[str, str] = {}
    for driver in reversed(phones):
        # read the page once (each click redraws it), then choose
        firsts = driver.execute_script(
            "return Array.from(document.querySelectorAll('section.role')).map(function (s) {"
            " var b = s.querySelector('button.pick'); return [s.id, b ? b.id : null]; });")
        for section_id, button_id in firsts:
            role = section_id.removeprefix("role-")
            assert button_id, f"no card to choose for {role}"
            card = button_id.removeprefix("pick-")
            _click(driver, f"pick-{card}")
            wait(driver, f"#pick-{card}[aria-pressed='true']")
            chosen[role] = card
    # Dewi's phone reloads mid-round before sending: the page comes back in her roles
    dewi = phones[3]
    dewi.refresh()
    wait(dewi, "#you", "Dewi")
    for role, _ in [(r, c) for r, c in chosen.items()
                    if state.role_holders[r] == 3]:
        wait(dewi, f"#send-{role}")
    for seat, driver in reversed(list(enumerate(phones))):
        for role in [r for r in chosen if state.role_holders[r] == seat]:
            if seat == 3:  # the reload forgot the unsent pick: choose again
                _click(driver, f"pick-{chosen[role]}")
                wait(driver, f"#pick-{chosen[role]}[aria-pressed='true']")
            _click(driver, f"send-{role}")
            _until(driver, lambda role=role: role in room.intents
                   or any(p.role == role for p in room.state.proposals))
    _until(phones[0], lambda: room.state.phase == Phase.DECIDE)
    state = room.state
    assert [p.card for p in state.proposals] == [chosen[r] for r in state.compiled.role_ids]
    # the vote: every phone votes on the first proposal, in reverse order; before the last
    # vote nobody's page shows another's vote
    under = state.under_vote
    assert under is not None
    under_title = served.room.session.scenario.card(under.card).title.get("nl")
    for driver in phones:
        wait(driver, f"#vote-{under.card}-yes")
    shot(phones[1], "game-phone-vote")
    for seat in (3, 2, 1):
        _click(phones[seat], f"vote-{under.card}-{'yes' if seat != 2 else 'no'}")
        wait(phones[seat], f"#vote-{under.card} .saved")
    assert room.vote_progress() == (3, 4)
    # read in one step: the page is redrawn whenever the state arrives, so an element found in
    # one call can be gone by the next
    anna_page = text(phones[0], "#vote")
    assert anna_page.count(under_title) == 1, anna_page
    assert "Gestemd" not in anna_page  # Anna sees her own buttons, nobody's choice
    _click(phones[0], f"vote-{under.card}-yes")
    _until(phones[0], lambda: any(c == under.card for c, _, _ in
                                  room.state.rounds_log[-1].votes[3:]))
    cast = [(p, yes) for c, p, yes in room.state.rounds_log[-1].votes if c == under.card]
    assert cast == [(0, True), (1, True), (2, False), (3, True)]


@pytest.fixture
def served_two(tmp_path: Path) -> Iterator[RoomServer]:
    yield from _serve(tmp_path, GameConfig(seed=8, players=PLAYERS[:2]), auto_pump=False)


def test_a_small_team_sees_which_roles_may_speak(served_two: RoomServer,
                                                 browsers: list[WebDriver]) -> None:
    """Two players, three roles each, two cards a round each: the phone says so, and once two
    roles have a card ready the third says why it is silent, until one is taken back."""
    room = served_two.room
    assert isinstance(room, GameRoom)
    anna = chromium()
    browsers.append(anna)
    anna.get(served_two.url)
    wait(anna, "#seat-0")
    anna.find_element(By.ID, "seat-0").click()
    wait(anna, "#you", "Anna")
    assert "2 kaarten voorstellen voor je 3 rollen samen (nog 2)" in text(anna, "#limit")
    roles = [r for r in room.state.compiled.role_ids if room.state.role_holders[r] == 0]
    for role in roles[1:]:
        card = room.proposable(role)[0]
        _click(anna, f"pick-{card}")
        wait(anna, f"#pick-{card}[aria-pressed='true']")
        _click(anna, f"send-{role}")
        wait(anna, f"#waiting-{role}")
    wait(anna, f"#capped-{roles[0]}")
    assert "(nog 0)" in text(anna, "#limit")
    assert "andere rollen" in text(anna, f"#capped-{roles[0]}")
    shot(anna, "game-phone-limit")
    _click(anna, f"withdraw-{roles[2]}")
    wait(anna, f"#send-{roles[0]}")
    assert "(nog 1)" in text(anna, "#limit")


@pytest.fixture
def served_shared(tmp_path: Path) -> Iterator[RoomServer]:
    yield from _serve(tmp_path, GameConfig(seed=8, players=PLAYERS), auto_pump=True,
                      stem="tutorial")


def test_a_player_sharing_a_role_sees_who_speaks_and_speaks_next_round(
        served_shared: RoomServer, browsers: list[WebDriver]) -> None:
    """Four players at the tutorial's three roles: the fourth shares the first role. In
    round 1 their phone says who speaks for it and shows no hand; in round 2 it is theirs."""
    room = served_shared.room
    assert isinstance(room, GameRoom)
    role = room.state.compiled.role_ids[0]
    assert room.state.role_seats[role] == (0, 3)
    phone = chromium()
    browsers.append(phone)
    phone.get(served_shared.url)
    wait(phone, "#seat-3")
    phone.find_element(By.ID, "seat-3").click()
    wait(phone, "#you", PLAYERS[3])
    wait(phone, f"#shared-{role}")
    said = text(phone, f"#shared-{role}")
    assert f"{PLAYERS[0]} en {PLAYERS[3]} delen deze rol" in said
    assert said.endswith(f"deze ronde {PLAYERS[0]}.")
    assert not phone.find_elements(By.CSS_SELECTOR, "[id^='send-']")
    shot(phone, "game-phone-shared-round-1")
    while room.state.round == 1:  # the shared screen passes and decides nothing
        room.session.apply(room.state.legal_actions()[-1])
    wait(phone, f"#send-{role}")
    assert text(phone, f"#shared-{role}").endswith(f"deze ronde {PLAYERS[3]}.")
    shot(phone, "game-phone-shared-round-2")
