"""The game window with ``play --lab``: every game the window plays is heard by the LAB link,
from the moment it starts (the hub sees a table before its first decision) to its end."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from morgenmaken.cli import app as cli
from morgenmaken.i18n import t
from morgenmaken.table.game import Session
from tests.ui.driver import click, make_app


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
