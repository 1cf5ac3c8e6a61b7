"""The debrief, "wat als?" and results screens, driven like a facilitator drives them.

A bot plays a whole Drenthe game (fast, no UI), the game is put on the end screen the way a
finished session is, and from there the test clicks into the debrief, through every page and
lens, into "wat als?" with another decision, and makes the report; the results screen is opened
from the title screen on a folder with two good saves and one broken file. Each view is
checked for overlaps and cut-off text and saved as a screenshot under tests/ui/out/debrief-*/.
Charts are the slow part (about half a second each), so each size renders each chart once.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pygame
import pytest
from pypdf import PdfReader

from morgenmaken.engine import GameConfig, GameState, new_game, save_data
from morgenmaken.report import common
from morgenmaken.scenario.library import resolve
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.sim.simulate import play_one
from morgenmaken.table.game import Session
from morgenmaken.ui import draw
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes.debrief import PAGES, DebriefScene
from morgenmaken.ui.scenes.end import EndScene
from morgenmaken.ui.scenes.setup import load_cached
from morgenmaken.ui.scenes.whatif import WhatIfScene
from tests.ui.conftest import OUT
from tests.ui.driver import (
    click,
    element,
    make_app,
    press,
    pump,
    settle,
    type_text,
    visible_text,
)
from tests.ui.layout_check import problems

SIZES = [(1024, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def finished() -> GameState:
    """A whole game played by the balanced bot, with decisions in every round."""
    scenario = load_cached(resolve("drenthe"))
    assert not isinstance(scenario, str)
    config = GameConfig(seed=5, players=("Anna", "Bram", "Chantal", "Dirk"),
                        team="De Hunebedden")
    state = play_game(new_game(scenario, config), make_bot("balanced"))
    assert state.is_terminal() and state.actions
    return state


class Views:
    """Checks each view for layout problems and keeps a screenshot of it."""

    def __init__(self, app: App, folder: str) -> None:
        self.app = app
        self.folder = OUT / folder
        shutil.rmtree(self.folder, ignore_errors=True)
        self.found: list[str] = []
        self.shots: list[Path] = []

    def check(self, view: str) -> None:
        settle(self.app)
        assert self.app.scene is not None
        assert not self.app.scene.animating(), f"{view}: still busy"
        draw.OVERFLOWS.clear()
        self.app.scene.rebuild()
        pump(self.app, 1)
        self.found += [f"{view}: {p}" for p in problems(self.app)]
        self.app.options.screenshots = self.folder
        self.shots.append(self.app.screenshot(view))
        self.app.options.screenshots = None


def _on_end_screen(app: App, state: GameState) -> None:
    path = resolve("drenthe")
    scenario = load_cached(path)
    assert not isinstance(scenario, str)
    app.session = Session(scenario, path, state, app.store(), {"lang": app.lang})
    app.switch(EndScene(app))
    settle(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_pages_and_what_if(size: tuple[int, int], finished: GameState) -> None:
    """End screen -> every debrief page and lens -> 'wat als?' with another decision."""
    app = make_app(size)
    views = Views(app, f"debrief-{size[0]}x{size[1]}")
    _on_end_screen(app, finished)
    click(app, "debrief")
    settle(app)
    scene = app.scene
    assert isinstance(scene, DebriefScene)
    debrief = scene.debrief
    for page in PAGES:
        click(app, f"page:{page}")
        settle(app)
        assert scene.info()["page"] == page
        if page == "timelines":
            for category in scene.categories():
                click(app, f"category:{category.value}")
                views.check(f"timelines-{category.value}")
        else:
            views.check(page)
        text = visible_text(app)
        if page == "profile":  # tall chart: the keyboard scrolls it too
            bar = scene.scrollers[0].vert_scroll_bar
            assert bar is not None and bar.start_percentage == 0
            press(app, pygame.K_PAGEDOWN)
            assert bar.start_percentage > 0
        if page == "story":  # page one: the facts of the report's first page
            plain = text.replace("&#x27;", "'").replace("&amp;", "&")
            assert common.headline(debrief) in plain
            assert common.unspent_line(debrief) in plain
            story = debrief.story
            assert story.left_behind is not None and story.left_behind.name in plain
            for impact in (*story.helped, *story.cost):
                assert common.impact_title(impact, "nl") in plain
        if page == "decisions":
            adopted = [p.title for r in debrief.rounds for p in r.adopted]
            assert adopted and adopted[0].split("&")[0] in text
        if page == "questions":
            assert debrief.questions and debrief.questions[0][:30] in text.replace("&#x27;", "'")
        if page == "coming":
            assert str(debrief.end_year) in text
    # 'Wat als?': the first decided round, with its adoption turned around.
    click(app, "whatif")
    whatif = app.scene
    assert isinstance(whatif, WhatIfScene)
    views.check("whatif")
    record = whatif.record()
    assert record is not None
    target = next((p for p in record.proposals if p.adopted), record.proposals[0])
    click(app, f"tick:{target.card}")
    assert (target.card in whatif.ticked) != target.adopted
    click(app, "replay")
    settle(app)
    info = whatif.info()
    assert whatif.comparison is not None and whatif.branch is not None
    assert info["changed"], "turning an adoption around changed nothing"
    assert whatif.branch.actions != finished.actions
    assert whatif.comparison.first_difference is not None
    text = visible_text(app)
    assert "eindigen anders" in text and "wat als" in text
    first_changed = whatif.comparison.changed_variables()[0].name
    assert first_changed in text.replace("&amp;", "&")
    views.check("whatif-compared")
    click(app, "back")
    assert app.scene is scene
    assert scene.whatifs and scene.comparisons()[0].round_number == record.round
    click(app, "report")  # the report made now carries the team's 'wat als?'
    settle(app)
    pdf = next(Path(p) for p in scene.info()["report"]  # type: ignore[union-attr]
               if str(p).endswith(".pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    for line in common.whatif_lines(scene.comparisons()[0])[:2]:
        assert " ".join(line.split()) in " ".join(text.split())
    click(app, "back")
    assert isinstance(app.scene, EndScene)
    assert views.found == []


def test_report_button_writes_pdf_and_html(finished: GameState, _home: Path) -> None:
    """'Verslag maken' says it is busy, then writes both files into the data folder."""
    app = make_app((1024, 768))
    _on_end_screen(app, finished)
    click(app, "debrief")
    settle(app)
    scene = app.scene
    assert isinstance(scene, DebriefScene)
    click(app, "report")
    # the click's own frames drew the busy state before the slow work began
    assert scene.report_paths or scene.busy_text is not None
    settle(app)
    paths = [Path(p) for p in scene.info()["report"]]  # type: ignore[union-attr]
    assert sorted(p.suffix for p in paths) == [".html", ".pdf"]
    for path in paths:
        assert path.is_file() and path.parent == _home / "reports"
    pdf = next(p for p in paths if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "De Hunebedden" in text or "Nabespreking" in text
    assert str(pdf.parent) in visible_text(app) and pdf.stem in visible_text(app)
    views = Views(app, "debrief-report")
    views.check("report-written")
    # the offer to open the PDF and its folder; a missing opener is a sentence
    opened: list[Path] = []
    scene.opener = lambda path: bool(opened.append(path)) or True
    click(app, "open_pdf")
    click(app, "open_folder")
    assert opened == [pdf, pdf.parent]
    scene.opener = lambda path: False
    click(app, "open_pdf")
    assert str(pdf.parent) in visible_text(app)
    assert "Traceback" not in visible_text(app)
    views.check("report-no-opener")
    app.set_language("en")  # the whole debrief follows the team's language
    settle(app)
    assert "Debrief — De Hunebedden" in visible_text(app)
    views.check("profile-en")
    assert views.found == []


def test_report_button_busy_frame_is_drawn_before_the_work(finished: GameState) -> None:
    """The slow job runs only after a frame showing 'bezig…' was drawn."""
    app = make_app((1024, 768))
    _on_end_screen(app, finished)
    click(app, "debrief")
    settle(app)
    scene = app.scene
    assert isinstance(scene, DebriefScene)
    ran: list[int] = []
    scene.run_busy("bezig", lambda: ran.append(app.frames))
    assert "bezig" in visible_text(app)
    before = app.frames
    pump(app, 1)
    assert ran == [] and app.frames == before + 1
    pump(app, 1)
    assert ran == [before + 1]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results_of_a_lab_event(size: tuple[int, int], finished: GameState,
                                _home: Path) -> None:
    """Title -> 'Resultaten vergelijken' on a folder with two good saves and a broken one."""
    folder = _home / "saves" / "finished"
    folder.mkdir(parents=True)
    scenario = load_cached(resolve("drenthe"))
    assert not isinstance(scenario, str)
    other = play_one(scenario, "myopic", seed=6, players=3)
    (folder / "tafel-1.json").write_text(json.dumps(save_data(finished)), encoding="utf-8")
    (folder / "tafel-2.json").write_text(json.dumps(save_data(other)), encoding="utf-8")
    (folder / "tafel-3.json").write_text("{ dit is geen spel", encoding="utf-8")
    app = make_app(size)
    views = Views(app, f"results-{size[0]}x{size[1]}")
    click(app, "results")
    settle(app)
    info = app.scene.info()  # type: ignore[union-attr]
    assert info["scene"] == "results"
    assert len(info["teams"]) == 2
    assert len(info["problems"]) == 1 and "tafel-3.json" in info["problems"][0]
    text = visible_text(app)
    assert "tafel-3.json" in text and "De Hunebedden</b> (tafel-1.json)" in text
    views.check("results")
    if size == SIZES[0]:
        click(app, "compare")
        settle(app)
        written = [Path(p) for p in app.scene.info()["written"]]  # type: ignore[union-attr]
        assert sorted(p.suffix for p in written) == [".html", ".pdf"]
        assert all(p.is_file() and p.stat().st_size > 1000 for p in written)
        views.check("results-written")
    else:  # a typed folder that does not exist is said so, nothing else breaks
        missing = _home / "geen-map"
        element(app, "folder").set_text("")
        click(app, "folder")
        type_text(app, str(missing))
        click(app, "load")
        settle(app)
        info = app.scene.info()  # type: ignore[union-attr]
        assert info["teams"] == [] and len(info["problems"]) == 1
        assert str(missing) in visible_text(app)
        views.check("results-missing-folder")
    assert views.found == []
