"""The LAB hub's page in a real browser (headless Chromium): it follows the tables live (no
reload) and its button writes the comparison sheet."""

from __future__ import annotations

import os
from pathlib import Path

from selenium.webdriver.common.by import By

from morgenmaken.engine import GameConfig, compile_scenario, new_game, save_data
from morgenmaken.lab_command import write_sheet
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot
from morgenmaken.table.lab import Hub
from morgenmaken.table.lab_link import LabLink
from morgenmaken.web.lab import LabServer
from morgenmaken.web.server import free_port
from tests.web.browser import chromium, text, wait

COMPILED = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))


def test_the_hub_page_follows_the_tables_and_writes_the_sheet(tmp_path: Path) -> None:
    hub = Hub.create(tmp_path / "lab.sqlite3", port=free_port())
    server = LabServer(hub, host="127.0.0.1",
                       sheet=lambda h, lang: write_sheet(h, tmp_path / "out", lang)).start()
    driver = chromium()
    links: list[LabLink] = []
    try:
        driver.set_window_size(1280, 900)
        driver.get(server.url)
        wait(driver, "#status", "Live")
        assert "Nog geen tafels" in text(driver, "#rows")
        states = []
        for k in (1, 2):
            state = new_game(COMPILED, GameConfig(seed=k, players=("Anna", "Bram"),
                                                  team=f"Team {k}"))
            link = LabLink(server.url, f"Tafel {k}", folder=tmp_path / f"l{k}").start()
            link.offer(save_data(state))
            links.append(link)
            states.append(state)
        wait(driver, "#rows", "Tafel 2")
        wait(driver, "#rows", "Team 1")
        # table 1 plays its first round: the page shows round 2 and the decision, unasked
        bot = make_bot("balanced", 1)
        state = states[0]
        while state.round == 1:
            state.apply_action(bot.choose(state))
        links[0].offer(save_data(state))
        row = "tr[data-table='Tafel 1'] .round"
        wait(driver, row, f"2 / {state.last_round}")
        last = text(driver, "tr[data-table='Tafel 1'] .last")
        assert last.startswith(f"{state.rounds_log[0].year}:")
        weakest = text(driver, "tr[data-table='Tafel 1'] .weakest")
        assert weakest and weakest != "–"
        if os.environ.get("MORGENMAKEN_SHOTS"):  # at a laptop's width, not a phone's
            driver.save_screenshot(str(Path(os.environ["MORGENMAKEN_SHOTS"]) / "lab-hub.png"))
        driver.find_element(By.ID, "sheet").click()
        wait(driver, "#written", "compare.pdf")
        assert (tmp_path / "out" / "compare.html").is_file()
        html = (tmp_path / "out" / "compare.html").read_text(encoding="utf-8")
        assert "Team 1 · Tafel 1" in html and "Team 2 · Tafel 2" in html
    finally:
        for link in links:
            link.stop()
        driver.quit()
        server.stop()
        hub.close_db()
