"""F5 reloads the scenario file into the running game, and its pictures show (issue 5).

An author edits the YAML beside a running game: a valid change is picked up with the same
decisions replayed; a broken change keeps the game running and shows the located errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame
from pygame_gui.elements import UIImage
from typer.testing import CliRunner

from morgenmaken.cli import app as app_cli
from morgenmaken.engine import Action
from morgenmaken.scenario.library import shipped_dir
from tests.ui.driver import click, make_app, press, visible_text


def _game_on_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "mijn_drenthe.yaml"
    path.write_text((shipped_dir() / "drenthe.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    (tmp_path / "scenario.schema.json").write_text("{}", encoding="utf-8")
    app = make_app((1280, 800), seed=5, scenario=str(path))
    click(app, "new")
    click(app, "start")
    click(app, "continue")
    state = app.session.state
    card = next(a.card for a in state.legal_actions() if a.kind == "propose")
    click(app, f"propose:{card}")
    return app, path, card


def test_a_valid_change_is_picked_up_with_the_same_decisions(tmp_path: Path) -> None:
    app, path, card = _game_on_copy(tmp_path)
    before = list(app.session.state.actions)
    text = path.read_text(encoding="utf-8")
    threshold = app.session.scenario.score.win_threshold
    changed = text.replace(f"win_threshold: {threshold:g}\n", "win_threshold: 64\n")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    press(app, pygame.K_F5)
    assert "Scenario opnieuw geladen" in visible_text(app)
    assert app.session.scenario.score.win_threshold == 64
    assert app.session.state.compiled.win_threshold == 64
    assert app.session.state.actions == before
    assert Action.propose(card) in app.session.state.actions
    click(app, "reload_close")
    assert "Scenario opnieuw geladen" not in visible_text(app)
    click(app, "pass")  # the game plays on
    assert len(app.session.state.actions) == len(before) + 1


def test_a_broken_change_keeps_the_game_running_and_shows_located_errors(
        tmp_path: Path) -> None:
    app, path, _card = _game_on_copy(tmp_path)
    state = app.session.state
    text = path.read_text(encoding="utf-8")
    broken = text.replace("variable: gezondheid", "variable: gezondhied", 1)
    path.write_text(broken, encoding="utf-8")
    press(app, pygame.K_F5)
    shown = visible_text(app)
    line = broken[: broken.index("gezondhied")].count("\n") + 1
    assert "fout" in shown
    assert f"mijn_drenthe.yaml:{line}:" in shown
    assert "bedoel je &#x27;gezondheid&#x27;" in shown  # did you mean …, in the game's Dutch
    assert "did you mean" not in shown and "unknown" not in shown
    assert app.session.state is state  # the old game runs on, untouched
    press(app, pygame.K_ESCAPE)
    click(app, "pass")
    assert len(app.session.state.actions) == 2


def test_the_located_errors_speak_the_games_language(tmp_path: Path) -> None:
    app, path, _card = _game_on_copy(tmp_path)
    app.set_language("en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("variable: gezondheid", "variable: gezondhied", 1),
                    encoding="utf-8")
    press(app, pygame.K_F5)
    shown = visible_text(app)
    assert "did you mean &#x27;gezondheid&#x27;" in shown
    assert "bedoel je" not in shown


def test_a_change_the_decisions_no_longer_fit_is_refused(tmp_path: Path) -> None:
    app, path, card = _game_on_copy(tmp_path)
    state = app.session.state
    text = path.read_text(encoding="utf-8")
    # The proposed card becomes unaffordable: the game's first decision cannot be replayed.
    start = text.index(f"- id: {card}\n")
    changed = text[:start] + re.sub(r"budget: \d+(\.\d+)?", "budget: 999", text[start:], count=1)
    path.write_text(changed, encoding="utf-8")
    press(app, pygame.K_F5)
    assert "passen niet" in visible_text(app)
    assert app.session.state is state


def _with_pictures(folder: Path, written: str) -> Path:
    """A copy of Drenthe in `folder` whose every event shows the picture `written`."""
    lines = []
    in_events = False
    for line in (shipped_dir() / "drenthe.yaml").read_text(encoding="utf-8").splitlines():
        lines.append(line)
        if not line.startswith(" "):
            in_events = line.startswith("events:")
        elif in_events and line.startswith("  - id: "):
            lines.append(f'    image: "{written}"')
    path = folder / "met_plaatjes.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_news_shows_the_scenarios_picture_from_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "beelden").mkdir()
    picture = pygame.Surface((400, 200))
    picture.fill((200, 120, 40))
    pygame.image.save(picture, str(tmp_path / "beelden" / "nieuws.png"))
    path = _with_pictures(tmp_path, "beelden/nieuws.png")
    app = make_app((1280, 800), seed=5, scenario=str(path))
    click(app, "new")
    click(app, "start")
    assert app.scene.name == "round" and app.scene.info()["view"] == "news"
    shown = [w for w, _ in app.scene.widgets if isinstance(w, UIImage)
             and w.image.get_width() / max(1, w.image.get_height()) == 2.0]
    assert shown, "the news picture is on screen, with its proportions kept"
    colour = shown[0].image.get_at((5, 5))[:3]
    assert all(abs(a - b) <= 8 for a, b in zip(colour, (200, 120, 40), strict=True)), colour


def test_a_picture_outside_the_folder_is_an_error_and_never_shown(tmp_path: Path) -> None:
    inner = tmp_path / "scenario"
    inner.mkdir()
    pygame.image.save(pygame.Surface((40, 20)), str(tmp_path / "geheim.png"))
    path = _with_pictures(inner, "../geheim.png")
    result = CliRunner().invoke(app_cli, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert "leaves" in result.output and f"{path.name}:" in result.output
