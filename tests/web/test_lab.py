"""A LAB event on loopback: a hub and six tables playing whole games with the panel's bots.

Each table is what ``play --lab`` makes of it: a game session with its own autosave and a
:class:`LabLink` listening to it. Half-way the hub is stopped (every table is cut off) while
the tables play on; the hub is started again from its database and the links catch up by
themselves. At the end the hub's games and its comparison sheet must match the tables' own
saves — scores, rounds and team names — with no round missed. Every wait is for a condition
(with a generous limit), never a sleep followed by an assertion.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from morgenmaken.engine import GameConfig, compile_scenario, load_data, new_game
from morgenmaken.lab_command import write_saves, write_sheet
from morgenmaken.report.commands import load_games
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot
from morgenmaken.sim.strategies import PANEL
from morgenmaken.table.game import Session
from morgenmaken.table.lab import Hub
from morgenmaken.table.lab_link import LabLink, parse_address
from morgenmaken.table.store import Store
from morgenmaken.web.lab import LabServer
from morgenmaken.web.server import free_port
from morgenmaken.wording import number

SCENARIO_FILE = shipped_dir() / "tutorial.yaml"
SCENARIO = load_scenario(SCENARIO_FILE)
COMPILED = compile_scenario(SCENARIO)
STRATEGIES = ["balanced", "myopic", "silo", "thoughtful", "random", "everything"]


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Whether `condition` came true within `timeout` seconds (polled, not slept on)."""
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_six_tables_one_hub_a_cut_and_nothing_lost(tmp_path: Path) -> None:
    assert set(STRATEGIES) <= set(PANEL)
    db = tmp_path / "lab" / "lab.sqlite3"
    hub = Hub.create(db, port=free_port())
    server = LabServer(hub, host="127.0.0.1").start()
    address = parse_address(server.url)
    sessions: list[Session] = []
    links: list[LabLink] = []
    bots = []
    for k, strategy in enumerate(STRATEGIES, start=1):
        config = GameConfig(seed=100 + k, players=("Anna", "Bram", "Cor"), team=f"Team {k}")
        store = Store(f"tafel{k}", tmp_path / "tables")
        session = Session(SCENARIO, SCENARIO_FILE, new_game(COMPILED, config), store)
        link = LabLink(address, f"Tafel {k}", folder=tmp_path / f"link{k}",
                       backoff=(0.02, 0.2)).start()
        session.listen(link)
        session.save()  # as the window does when the game starts
        sessions.append(session)
        links.append(link)
        bots.append(make_bot(strategy, k))

    def play_rounds(until_round: int) -> None:
        """Every table plays on (in turn, a decision each) until that round or the end."""
        busy = True
        while busy:
            busy = False
            for session, bot in zip(sessions, bots, strict=True):
                state = session.state
                if not state.is_terminal() and state.round < until_round:
                    session.apply(bot.choose(state))
                    busy = True

    play_rounds(2)
    assert all(link.wait_sent(30) for link in links)
    rounds = {t.name: t.round for t in hub.tables()}
    assert [rounds[f"Tafel {k}"] for k in range(1, 7)] == [s.state.round for s in sessions]

    # the hub goes away; the tables play on and their links keep trying
    server.stop()
    hub.close_db()
    play_rounds(3)
    assert wait_until(lambda: all(link.problem for link in links)), [link.problem for link in links]
    assert all(link.acked < link.sent_up_to for link in links)

    # the hub comes back from its database, on its own port and code
    hub = Hub.open(db)
    assert hub.code == address.code
    server = LabServer(hub, host="127.0.0.1", port=hub.port).start()
    try:
        play_rounds(99)
        assert all(link.wait_sent(60) for link in links), [link.problem for link in links]
        assert all(not link.problem for link in links)
        for link in links:
            link.stop()

        # the hub's games are the tables' own saves
        by_name = {v.name: v for v in hub.tables()}  # the links joined in any order
        assert sorted(by_name) == [f"Tafel {k}" for k in range(1, 7)]
        views = [by_name[f"Tafel {k}"] for k in range(1, 7)]
        lost = 0
        for view, session in zip(views, sessions, strict=True):
            assert session.store is not None
            own = json.loads(session.store.path.read_text(encoding="utf-8"))
            mine = load_data(COMPILED, own)
            assert mine.is_terminal()
            assert view.state is not None
            lost += mine.round - view.state.round
            assert view.state.actions == mine.actions
            assert view.state.score() == mine.score()
            assert view.state.config.team == mine.config.team
            assert view.label == f"{mine.config.team} · {view.name}"
        assert lost == 0

        # the sheet from what the tables sent, rows named by team and table
        out = tmp_path / "lab"
        written = write_sheet(hub, out, "nl")
        assert sorted(p.name for p in written) == ["compare.html", "compare.pdf"]
        html = (out / "compare.html").read_text(encoding="utf-8")
        for session, view in zip(sessions, views, strict=True):
            assert f"{session.state.config.team} · {view.name}" in html
            assert number(session.state.score(), 1, "nl") in html
        assert "Team 1 · Tafel 1" in html and ">Team 7<" not in html

        # and the tables' saves as ordinary save files, for report and compare
        saves = write_saves(hub, out)
        games, problems = load_games(saves, "nl")
        assert not problems
        scores = {path.stem: game.score() for path, game in games}
        assert scores == {f"Tafel-{k}": s.state.score() for k, s in enumerate(sessions, 1)}
    finally:
        server.stop()
        hub.close_db()


def test_a_table_restarted_comes_back_as_itself(tmp_path: Path) -> None:
    hub = Hub.create(tmp_path / "lab.sqlite3", port=free_port())
    server = LabServer(hub, host="127.0.0.1").start()
    try:
        config = GameConfig(seed=3, players=("Anna", "Bram"), team="Groen")
        session = Session(SCENARIO, SCENARIO_FILE, new_game(COMPILED, config), None)
        first = LabLink(server.url, "Tafel 1", folder=tmp_path / "link").start()
        session.listen(first)
        session.save()
        assert first.wait_sent(30)
        first.stop()
        session.unlisten(first)
        # the hub's laptop is reached by another address now: still the same hub and table
        moved = server.url.replace("127.0.0.1", "localhost")
        again = LabLink(moved, "Tafel 1", folder=tmp_path / "link").start()
        session.listen(again)
        session.apply(make_bot("balanced", 1).choose(session.state))
        assert again.wait_sent(30)
        again.stop()
        assert [(t.name, len(t.state.actions) if t.state else -1) for t in hub.tables()] == [
            ("Tafel 1", 1)]
    finally:
        server.stop()
        hub.close_db()


def test_a_table_without_its_hub_closes_without_delivering(tmp_path: Path) -> None:
    dead = free_port()  # nobody listens here
    link = LabLink(f"http://127.0.0.1:{dead}/ABCDEF", "Tafel 1", folder=tmp_path,
                   backoff=(0.02, 0.1)).start()
    state = new_game(COMPILED, GameConfig(seed=1, players=("Anna", "Bram")))
    link(Session(SCENARIO, SCENARIO_FILE, state, None))
    assert wait_until(lambda: link.failures > 0)
    assert link.close() is False  # the game is not lost: it is in the table's own autosave
    assert not link._thread.is_alive()
