"""The game window with ``play --lab``: every game the window plays is heard by the LAB link,
from the moment it starts (the hub sees a table before its first decision) to its end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
from typer.testing import CliRunner

from morgenmaken.cli import app as cli
from morgenmaken.i18n import t
from morgenmaken.table.game import Session
from morgenmaken.table.lab import Hub
from morgenmaken.web.lab import LabServer
from morgenmaken.web.server import free_port
from tests.ui.driver import click, make_app, press, type_text, visible_text


def test_the_window_hands_every_game_to_the_lab_link() -> None:
    heard: list[tuple[int, int]] = []

    def link(session: Session) -> None:
        heard.append((session.state.round, len(session.state.actions)))

    app: Any = make_app((1024, 768), lab=link)
    click(app, "new")
    click(app, "start")
    assert app.scene.name == "round"
    assert heard and heard[-1] == (1, 0)  # heard at the start, before any decision
    before = len(heard)
    app.session.apply(app.session.state.legal_actions()[0])
    assert len(heard) > before and heard[-1][1] == 1


def test_a_wrong_hub_address_is_one_clear_line() -> None:
    result = CliRunner().invoke(cli, ["play", "--lab", "niet een adres"])
    assert result.exit_code == 1
    expected = t("lab.cli.bad_address", "nl", address="niet een adres")
    assert " ".join(result.output.split()) == " ".join(expected.split())


def test_the_text_client_says_it_has_no_lab_link() -> None:
    result = CliRunner().invoke(cli, ["play", "--text", "--lab", "http://127.0.0.1:9/ABCDEF"])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == t("lab.cli.text_no_lab", "nl")


def test_the_new_game_form_takes_the_hub_address(tmp_path: Path) -> None:
    hub = Hub.create(tmp_path / "lab.sqlite3", port=free_port())
    server = LabServer(hub, host="127.0.0.1").start()
    try:
        app: Any = make_app((1024, 768))
        click(app, "new")
        click(app, "team")
        type_text(app, "De Hunebedden")
        click(app, "hub")
        type_text(app, "niet goed")
        click(app, "start")
        assert app.scene.name == "setup"  # no game yet: the address is wrong, and it says so
        assert t("setup_lab_bad", "nl") in visible_text(app)
        click(app, "hub")
        for _ in range(len("niet goed")):
            press(app, pygame.K_BACKSPACE)
        type_text(app, server.url)
        click(app, "start")
        assert app.scene.name == "round"
        app.session.apply(app.session.state.legal_actions()[0])
        link = app.options.lab
        assert link.wait_sent(30), link.problem
        views = hub.tables()
        assert len(views) == 1 and views[0].state is not None
        assert views[0].state.config.team == "De Hunebedden"
        assert views[0].state.actions == app.session.state.actions
        app.quit()
        app.run()  # the window closes; its link is stopped with it
        assert not link._thread.is_alive()
    finally:
        server.stop()
        hub.close_db()


def test_a_game_resumed_after_a_crash_finds_its_hub_again(tmp_path: Path) -> None:
    hub = Hub.create(tmp_path / "lab.sqlite3", port=free_port())
    server = LabServer(hub, host="127.0.0.1").start()
    try:
        first: Any = make_app((1024, 768))
        click(first, "new")
        click(first, "hub")
        type_text(first, server.url)
        click(first, "start")
        assert first.options.lab.wait_sent(30)
        first._stop_lab()  # the laptop dies before the first decision; the autosave holds it
        pygame.quit()

        again: Any = make_app((1024, 768))  # started without --lab
        assert again.options.lab is None
        click(again, "resume")
        assert again.scene.name == "round"
        again.session.apply(again.session.state.legal_actions()[0])
        assert again.options.lab is not None and again.options.lab.wait_sent(30)
        views = hub.tables()
        assert len(views) == 1  # the same table, not a new one
        assert views[0].state is not None
        assert views[0].state.actions == again.session.state.actions
        assert len(views[0].state.actions) == 1
        again.quit()
        again.run()
    finally:
        server.stop()
        hub.close_db()
