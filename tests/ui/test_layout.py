"""Layout at 1024×768, 1920×1080 and 3840×2160: nothing overlaps, nothing is cut off.

Every scene and every view of a round is put on screen with long player and team names (the
worst case a real table produces) and checked by :func:`layout_check.problems`. Screenshots go
to tests/ui/out/layout-*/ for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from morgenmaken.engine import Action, Decision, GameConfig, Phase, new_game
from morgenmaken.scenario.library import resolve, shipped_dir
from morgenmaken.sim.bots import RandomBot
from morgenmaken.table.game import Session
from morgenmaken.ui import draw
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes.end import EndScene
from morgenmaken.ui.scenes.error import ErrorScene
from morgenmaken.ui.scenes.round import RoundScene
from morgenmaken.ui.scenes.setup import SetupScene, load_cached
from morgenmaken.ui.scenes.title import TitleScene
from tests.ui.conftest import OUT
from tests.ui.driver import make_app, pump, settle
from tests.ui.layout_check import problems

NAMES = ("Annemarie van Oosterhout", "Bram", "Chantal Wubbolts-Hekman", "Dirk", "Esther",
         "Femke Zwiers")
TEAM = "Team Zuidoost-Drenthe Hunebed"


def _session(app: App, decision: Decision, players: int = 6,
             path: Path | None = None) -> Session:
    path = path or resolve("drenthe")
    scenario = load_cached(path)
    assert not isinstance(scenario, str)
    players = max(scenario.min_players, min(scenario.max_players, players))
    state = new_game(scenario, GameConfig(seed=4, players=NAMES[:players], decision=decision,
                                          team=TEAM))
    return Session(scenario, path, state, app.store(), {"view": "news", "lang": app.lang})


class Checker:
    """Puts views on screen, checks them, and keeps a screenshot of each."""

    def __init__(self, app: App, folder: str) -> None:
        self.app = app
        self.folder = OUT / folder
        shutil.rmtree(self.folder, ignore_errors=True)
        self.app.options.screenshots = None
        self.found: list[str] = []

    def check(self, view: str) -> None:
        settle(self.app)
        draw.OVERFLOWS.clear()
        assert self.app.scene is not None
        self.app.scene.rebuild()  # draw afresh so overflows are recorded for this view
        pump(self.app, 1)
        self.found += [f"{view}: {p}" for p in problems(self.app)]
        self.app.options.screenshots = self.folder
        self.app.screenshot(view)
        self.app.options.screenshots = None


def _round(app: App, session: Session) -> RoundScene:
    app.session = session
    app.switch(RoundScene(app))
    scene = app.scene
    assert isinstance(scene, RoundScene)
    return scene


def _all_views(app: App, checker: Checker) -> None:
    app.switch(SetupScene(app))
    setup = app.scene
    assert isinstance(setup, SetupScene)
    setup.names = list(NAMES)
    setup.count = 6
    setup.team = TEAM
    setup.rebuild()
    checker.check("setup-6")
    session = _session(app, Decision.CONSENSUS)
    session.save()
    app.switch(TitleScene(app))
    checker.check("title-resume")
    scene = _round(app, session)
    checker.check("news")
    scene.continue_from_news()
    checker.check("propose")
    scene.toggle_readings()
    checker.check("readings")
    scene.toggle_readings()
    state = session.state
    while state.phase == Phase.PROPOSE:
        legal = [a for a in state.legal_actions() if a.kind == "propose"]
        scene.decide(legal[0] if legal else Action.pass_())
        state = session.state
    checker.check("decide")
    adopt = [a for a in state.legal_actions() if a.kind == "adopt"]
    if adopt:
        app.set_focus(f"adopt:{adopt[0].card}")
        assert scene.preview == adopt[0].card
        checker.check("decide-preview")
        scene.decide(adopt[0])
        checker.check("decide-adopted")
    scene.decide(Action.done())
    assert scene.view == "resolve"
    checker.check("resolve")
    scene.select("kwetsbare_huishoudens")
    checker.check("variable")
    scene.close_variable()
    scene.toggle_timer()
    checker.check("timer")
    scene.toggle_pause()
    checker.check("paused")
    scene.toggle_pause()
    bot = RandomBot(2)
    while not session.state.is_terminal():
        session.apply(bot.choose(session.state))
    app.switch(EndScene(app))
    checker.check("end")
    vote = _round(app, _session(app, Decision.VOTE))
    vote.continue_from_news()
    state = vote.state
    while state.phase == Phase.PROPOSE:
        legal = [a for a in state.legal_actions() if a.kind == "propose"]
        vote.decide(legal[-1] if legal else Action.pass_())
        state = vote.state
    if state.under_vote is not None:
        # Before the first vote the team may put another proposal to the vote first.
        movable = [a for a in state.legal_actions() if a.kind == "next"]
        assert movable and all(f"next:{a.card}" in vote.keys for a in movable)
        checker.check("vote-order")
        vote.shortcuts[3]()
        assert vote.state.under_vote is not None
        assert vote.state.under_vote.card == movable[0].card
        vote.decide(Action.vote(vote.state.under_vote.card, True))
        assert not any(k.startswith("next:") for k in vote.keys)
        checker.check("vote")
    app.session = None
    app.switch(ErrorScene(app))
    checker.check("error")


@pytest.mark.parametrize(("size", "lang"), [((1024, 768), "nl"), ((1024, 768), "en"),
                                            ((1920, 1080), "nl"), ((3840, 2160), "nl")],
                         ids=["1024x768-nl", "1024x768-en", "1920x1080-nl", "3840x2160-nl"])
def test_nothing_overlaps_and_no_text_is_cut_off(size: tuple[int, int], lang: str) -> None:
    app = make_app(size, lang=lang)
    checker = Checker(app, f"layout-{size[0]}x{size[1]}-{lang}")
    _all_views(app, checker)
    assert not checker.found, "\n".join(checker.found)


def test_resizing_keeps_the_game_and_the_view() -> None:
    """A resize (or F11) lays everything out again without touching the game."""
    app = make_app((1280, 800))
    session = _session(app, Decision.CONSENSUS, players=3)
    scene = _round(app, session)
    scene.continue_from_news()
    before = list(session.state.actions)
    for size in ((1024, 768), (3840, 2160), (1600, 900)):
        app.resize(size)
        pump(app, 1)
        assert app.screen.get_size() == size
        assert app.layout.body * 40 >= size[1]
        assert app.scene is scene and scene.view == "play"
        assert session.state.actions == before
        assert not problems(app)


@pytest.mark.parametrize("path", sorted(shipped_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_fits_the_smallest_window(path: Path) -> None:
    """Other scenarios have longer names and other numbers of variables and roles."""
    app = make_app((1024, 768))
    checker = Checker(app, f"layout-1024x768-{path.stem}")
    scene = _round(app, _session(app, Decision.CONSENSUS, path=path))
    checker.check("news")
    scene.continue_from_news()
    checker.check("propose")
    bot = RandomBot(1)
    while scene.state.round == 1 and not scene.state.is_terminal():
        scene.decide(bot.choose(scene.state))
    checker.check("resolve")
    scene.toggle_readings()
    checker.check("readings")
    assert not checker.found, "\n".join(checker.found)
