"""The werksessie through the real UI: whole sessions with 3 and 8 participants, hidden ratings,
kill-and-resume, layout of every screen, the autosave store and the command's argument errors.

Screenshots of every step go to tests/ui/out/werksessie-*/ (ignored by git) for a person to
look at.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pygame
import pytest
from typer.testing import CliRunner

from morgenmaken.engine import GameConfig, new_game
from morgenmaken.scenario.library import load_current as load
from morgenmaken.scenario.library import resolve
from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.ui import draw
from morgenmaken.ui.app import App
from morgenmaken.ui.scenes.title import TitleScene
from morgenmaken.ui.scenes.ws_cards import WsCardsScene
from morgenmaken.ui.scenes.ws_common import WsRun, route
from morgenmaken.ui.scenes.ws_setup import WsSetupScene
from morgenmaken.werksessie.from_scenario import plan_from_scenario
from morgenmaken.werksessie.notation import SIGN
from morgenmaken.werksessie.plan_loader import check_plan_file
from morgenmaken.werksessie.session import SessionError, WorkSession, loads, new_session
from tests.ui.conftest import OUT
from tests.ui.driver import click, make_app, press, settle, type_text, visible_text
from tests.ui.layout_check import problems

CARDS = ["dorpswinkels", "kansen_voor_kinderen"]


def _check(app: App) -> None:
    """No overlaps, nothing cut off, on the screen now."""
    settle(app)
    draw.OVERFLOWS.clear()  # left by other tests' screens; the werksessie draws no text itself
    found = problems(app)
    assert not found, "\n".join(found)


def _shots(name: str) -> Path:
    folder = OUT / f"werksessie-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def _info(app: App) -> dict[str, object]:
    assert app.scene is not None
    return app.scene.info()


def _rate_all(app: App, session_names: list[str], offset: int, mouse_rows: int = 0) -> None:
    """The participant on screen rates every dimension (a few by mouse, the rest by number
    keys on the focused row) and hands in."""
    info = _info(app)
    dims = list(info["own"])  # type: ignore[arg-type]
    text = visible_text(app)
    assert "»" not in text, "a rating is marked before this participant chose anything"
    for other in session_names:
        if other != info["participant"]:
            assert other not in text, f"{other} is on {info['participant']}'s screen"
    for i, dim in enumerate(dims[:mouse_rows]):
        click(app, f"rate:{dim}:{(i + offset) % 5 - 2}")
    assert app.scene is not None
    app.set_focus(f"rate:{dims[mouse_rows]}:0")
    for i in range(mouse_rows, len(dims)):
        press(app, pygame.K_1 + (i + offset) % 5 if (i + offset) % 7 else pygame.K_0)
    assert _info(app)["missing"] == 0
    click(app, "done")
    assert _info(app)["scene"] == "ws_handover"


def _hidden_on_handover(app: App) -> None:
    """The handover screen shows nobody's ratings: no symbols, no choices."""
    text = visible_text(app)
    for mark in ("»", "++", "−−", "?"):
        assert mark not in text, f"{mark!r} on the handover screen"


def _rate_measure(app: App, names: list[str], start: int, check_layout: bool) -> None:
    for n, name in enumerate(names):
        info = _info(app)
        assert info["scene"] == "ws_rate" and info["participant"] == name
        if check_layout and n == 0:
            _check(app)
        _rate_all(app, names, start + n, mouse_rows=2 if n == 0 else 0)
        _hidden_on_handover(app)
        if check_layout and n == 0:
            _check(app)
        click(app, "start")
    assert _info(app)["scene"] == "ws_reveal"


def test_whole_session_three_participants_from_cards_1024() -> None:
    """Cards of Drenthe (17 dimensions) chosen by toggles, 3 participants, in Dutch."""
    app = make_app((1024, 768), shots=_shots("1024x768-3"))
    click(app, "werksessie")
    assert _info(app)["scene"] == "ws_setup"
    app.set_focus("plans")
    press(app, pygame.K_PAGEUP)  # the last item: measures from a scenario
    assert _info(app)["scene"] == "ws_cards"
    _check(app)
    click(app, "none")
    for card in CARDS:
        click(app, f"card:{card}")
    assert _info(app)["selected"] == CARDS
    click(app, "done")
    assert _info(app)["from_scenario"] and _info(app)["cards"] == CARDS
    click(app, "start")  # names are still empty: said, not started
    assert "1" in str(_info(app)["problem"])
    names = ["Anna", "Bram", "Cem"]
    click(app, "team")
    type_text(app, "Team Emmen")
    for i, name in enumerate(names):
        click(app, f"name:{i}")
        type_text(app, name)
    _check(app)
    click(app, "start")
    store = SessionStore()
    assert store.exists()
    for index, card in enumerate(CARDS):
        _rate_measure(app, names, index, check_layout=index == 0)
        saved = loads(store.path.read_text(encoding="utf-8"))
        assert saved.revealed(card)
        _check(app)
        assert SIGN in visible_text(app)  # the one mark for "discuss first"
        click(app, "agree")
        assert _info(app)["scene"] == "ws_agree"
        _check(app)
        click(app, "agree:gezondheid:2")
        assert _info(app)["values"]["gezondheid"] == 2  # type: ignore[index]
        click(app, "argument")
        type_text(app, "Meer mensen doen mee")
        click(app, "question")
        type_text(app, "Wie betaalt na 2030?")
        saved = loads(store.path.read_text(encoding="utf-8"))
        assert saved.agreement(card).argument == "Meer mensen doen mee"
        assert saved.agreement(card).values["gezondheid"] == 2
        # an argument and a question of one dimension: its name points the two lines at it
        click(app, "note:gezondheid")
        assert _info(app)["target"] == "gezondheid"
        assert app.focus_key == "argument"
        type_text(app, "Minder eenzaamheid")
        click(app, "question")
        type_text(app, "Hoe meten we dat?")
        _check(app)
        assert "Gezondheid •" in visible_text(app)  # the dot marks the noted dimension
        app.screenshot(f"ws-agree-{card}-gezondheid")
        click(app, "note:measure")  # back to the measure: its own lines, unchanged
        assert _info(app)["target"] is None
        entry = app.scene.keys["argument"]
        assert entry.get_text() == "Meer mensen doen mee"  # type: ignore[attr-defined]
        saved = loads(store.path.read_text(encoding="utf-8"))
        assert saved.agreement(card).arguments == {"gezondheid": "Minder eenzaamheid"}
        assert saved.agreement(card).questions == {"gezondheid": "Hoe meten we dat?"}
        assert saved.agreement(card).argument == "Meer mensen doen mee"
        click(app, "close")
        settle(app)
        assert _info(app)["scene"] == "ws_measure"
        _check(app)
        click(app, "next")
    assert _info(app)["scene"] == "ws_plan"
    settle(app)
    _check(app)
    assert _info(app)["contrasts"], "a plan of cards is compared with the model"
    click(app, "report")
    settle(app)
    written = [Path(p) for p in _info(app)["report"]]  # type: ignore[union-attr]
    assert written and all(p.is_file() for p in written)
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Minder eenzaamheid" in html and "Hoe meten we dat?" in html  # per dimension
    _check(app)
    click(app, "end")
    assert _info(app)["scene"] == "title"
    assert not store.exists()
    assert list((store.folder / "finished").glob("*.json"))


def test_whole_session_eight_participants_1920_english() -> None:
    """A shipped plan with its own dimensions, 8 participants, in English, names checked."""
    app = make_app((1920, 1080), shots=_shots("1920x1080-8"), lang="en")
    click(app, "werksessie")
    setup = app.scene
    assert isinstance(setup, WsSetupScene)
    own = next(i for i, c in enumerate(setup.choices) if c.plan is not None
               and c.plan.dimensions)
    setup.choose(own)
    for _ in range(5):
        click(app, "more")
    names = ["Annemarie", "Bram", "Chantal", "Dirk", "Esther", "Femke", "Gerrit", "Annemarie"]
    for i, name in enumerate(names):
        click(app, f"name:{i}")
        type_text(app, name)
    click(app, "start")
    assert "Annemarie" in str(_info(app)["problem"])  # the same name twice is said
    assert "Annemarie" in visible_text(app)
    _check(app)
    click(app, "name:7")
    for _ in range(len("Annemarie")):
        press(app, pygame.K_BACKSPACE)
    type_text(app, "Hanneke")
    names[7] = "Hanneke"
    click(app, "start")
    session = SessionStore().load()
    assert session.participants == names
    for index, measure in enumerate(session.measures):
        _rate_measure(app, names, index, check_layout=index == 0)
        if index == 0:
            _check(app)
        click(app, "agree")
        if index == 0:
            _check(app)
        press(app, pygame.K_ESCAPE)  # back to the ratings; the agreement is kept
        assert _info(app)["scene"] == "ws_reveal"
        click(app, "agree")
        click(app, "close")
        settle(app)
        assert _info(app)["measure"] == measure.id
        click(app, "next")
    assert _info(app)["scene"] == "ws_plan"
    settle(app)
    _check(app)
    assert SessionStore().load().finished()


def _session(participants: int = 3, cards: list[str] | None = None) -> WorkSession:
    scenario = load(resolve("drenthe"))
    plan = plan_from_scenario(scenario, cards or CARDS)
    names = ["Annemarie van Oosterhout", "Bram", "Chantal Wubbolts-Hekman", "Dirk", "Esther",
             "Femke Zwiers", "Gerrit", "Hanneke", "Ids", "Jikke", "Klaas", "Lotte"]
    return new_session(plan, names[:participants], "Team Zuidoost-Drenthe Hunebed",
                       plan_source="scenario:drenthe")


def _rate(session: WorkSession, measure: str, person: str, seed: int) -> None:
    for i, d in enumerate(session.dimensions):
        value = (i * 3 + seed) % 6
        session.rate(measure, person, d.id, None if value == 5 else value - 2)
    session.submit(measure, person)


def test_resume_after_a_kill_mid_rating() -> None:
    """The autosave after each click brings a new window back to the same measure and
    participant, with the ratings chosen so far."""
    app = make_app((1024, 768))
    session = _session()
    run = WsRun(session)
    run.save()
    app.switch(route(app, run))
    _rate_all(app, session.participants, 0)
    click(app, "start")  # Bram's turn
    assert _info(app)["participant"] == "Bram"
    dims = [d.id for d in session.dimensions]
    click(app, f"rate:{dims[0]}:2")
    click(app, f"rate:{dims[1]}:x")
    pygame.quit()  # the window is gone without any goodbye: only the autosave remains
    app = make_app((1024, 768))
    info = _info(app)
    assert info["ws_resumable"]
    assert "1" in visible_text(app) and "2" in visible_text(app)  # "maatregel 1 van 2"
    click(app, "ws_resume")
    info = _info(app)
    assert info["scene"] == "ws_rate" and info["participant"] == "Bram"
    assert info["measure"] == CARDS[0]
    own = info["own"]
    assert own[dims[0]] == 2 and own[dims[1]] is None  # type: ignore[index]
    assert info["missing"] == len(dims) - 2
    assert visible_text(app).count("»") == 2  # Bram's own two choices, nobody else's
    tooltip = app.scene.keys[f"rate:{dims[0]}:2"].tool_tip_text  # type: ignore[union-attr]
    assert "duidelijk positief" in tooltip and session.dimensions[0].name.nl in tooltip
    # keyboard only: up/down keep the column, left/right step, Enter and 0 choose
    app.set_focus(f"rate:{dims[2]}:0")
    focused = session.dimensions[2]
    assert app.scene.about_line is not None  # type: ignore[attr-defined]
    shown = app.scene.about_line.text  # type: ignore[attr-defined]
    assert shown.startswith(focused.name.nl)
    if focused.description is not None:
        assert focused.description.nl[:15] in shown  # what it stands for, without a mouse
    press(app, pygame.K_DOWN)
    assert app.focus_key == f"rate:{dims[3]}:0"
    press(app, pygame.K_RIGHT)
    assert app.focus_key == f"rate:{dims[3]}:1"
    press(app, pygame.K_RETURN)
    assert app.focus_key == f"rate:{dims[4]}:0"
    press(app, pygame.K_0)
    own = _info(app)["own"]
    assert own[dims[3]] == 1 and own[dims[4]] is None  # type: ignore[index]
    assert app.focus_key == f"rate:{dims[5]}:0"
    press(app, pygame.K_UP)
    assert app.focus_key == f"rate:{dims[4]}:0"


def test_damaged_autosave_on_the_title_is_put_aside() -> None:
    store = SessionStore()
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    app = make_app((1024, 768))
    assert not store.exists()  # put aside at once, and the title says so
    assert list((store.folder / "broken").glob("*.json"))
    assert _info(app)["ws_problem"] is None and "ws_discard" not in app.scene.keys
    assert "werksessie" in " ".join(_info(app)["notices"])


def test_store_round_trip_peek_tidy_and_damage(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "ws")
    assert not store.exists()
    with pytest.raises(SessionError):
        store.load()
    session = _session()
    _rate(session, CARDS[0], "Bram", 1)
    store.save(session)
    assert loads(store.path.read_text(encoding="utf-8")) == session
    assert store.load() == session
    peek = store.peek()
    assert (peek.measure, peek.measures) == (1, 2)
    assert peek.title_in("en").startswith("Measures from")
    for person in session.participants:
        if person != "Bram":
            _rate(session, CARDS[0], person, 2)
    session.close(CARDS[0])
    store.save(session)
    assert store.peek().measure == 2
    (store.folder / f".{store.path.name}.abc.tmp").write_text("half", encoding="utf-8")
    store.tidy()
    assert [p.name for p in store.folder.iterdir()] == [store.path.name]
    # hand-edited: a rating of someone who does not take part
    document = json.loads(store.path.read_text(encoding="utf-8"))
    document["ratings"][CARDS[0]]["Mallory"] = {}
    store.path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SessionError, match="damaged"):
        store.load()
    store.path.write_text('{"format": "morgenmaken-save"}', encoding="utf-8")
    with pytest.raises(SessionError):
        store.peek()
    moved = store.discard()
    assert moved is not None and moved.parent.name == "broken" and not store.exists()
    store.save(session)
    archived = store.archive()
    assert archived is not None and archived.parent.name == "finished"
    assert store.archive() is None



@pytest.mark.parametrize(("size", "lang"), [((1024, 768), "nl"), ((1024, 768), "en"),
                                            ((1920, 1080), "nl"), ((1920, 1080), "en"),
                                            ((3840, 2160), "nl")])
def test_layout_of_every_werksessie_screen(size: tuple[int, int], lang: str) -> None:
    from morgenmaken.ui.scenes.ws_agree import WsAgreeScene
    from morgenmaken.ui.scenes.ws_plan import WsMeasureScene, WsPlanScene
    from morgenmaken.ui.scenes.ws_rate import WsHandoverScene, WsRateScene
    from morgenmaken.ui.scenes.ws_reveal import WsRevealScene

    folder = _shots(f"layout-{size[0]}x{size[1]}-{lang}")
    app = make_app(size, lang=lang)
    views: list[str] = []

    def check(name: str) -> None:
        settle(app)
        draw.OVERFLOWS.clear()
        assert app.scene is not None
        app.scene.rebuild()
        settle(app)
        found = problems(app)
        folder.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(folder / f"{len(views) + 1:02d}-{name}.png"))
        views.append(name)
        assert not found, f"{name}:\n" + "\n".join(found)

    session = _session(participants=12)
    first = CARDS[0]
    run = WsRun(session)
    run.save()
    app.switch(TitleScene(app))
    check("title-ws-resume")
    drenthe = resolve("drenthe")
    game = new_game(load(drenthe), GameConfig(seed=1, players=("Anna", "Bram")))
    app.store().save(game, drenthe, {"view": "news", "lang": lang})
    app.switch(TitleScene(app))
    info = _info(app)
    assert info["resumable"] and info["ws_resumable"]
    check("title-both-resume")
    setup = WsSetupScene(app)
    setup.count = 12
    setup.names = list(session.participants)
    setup.team = session.team
    app.switch(setup)
    check("setup-12")
    setup.choose(len(setup.choices))  # from a scenario: the card chooser opens
    assert isinstance(app.scene, WsCardsScene)
    app.scene.select_all()
    check("cards")
    app.switch(WsRateScene(app, run, session.participants[0]))
    check("rate")
    for i, person in enumerate(session.participants):
        _rate(session, first, person, i)
        if i == 0:
            app.switch(WsHandoverScene(app, run))
            check("handover")
    app.switch(WsRevealScene(app, run))
    check("reveal-12")
    session.start_agreement(first)
    app.switch(WsAgreeScene(app, run))
    check("agree")
    session.close(first)
    app.switch(WsMeasureScene(app, run, first))
    check("measure")
    app.switch(WsPlanScene(app, run))
    check("plan")
    if "page" in app.scene.keys:  # a narrow window shows chart and summary one at a time
        click(app, "page")
        check("plan-summary")


def test_broken_plan_shows_its_located_errors(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: kapot\ntitle: {nl: Kapot}\nmeasures: []\n", encoding="utf-8")
    app = make_app((1024, 768))
    app.switch(WsSetupScene(app, plan_path=bad))
    info = _info(app)
    assert info["errors"] and "kapot.yaml:3" in info["errors"][0]  # type: ignore[index]
    assert "kapot.yaml:3" in visible_text(app)
    english = [d.text("en") for d in check_plan_file(bad)[1]]
    dutch = [d.text("nl") for d in check_plan_file(bad)[1]]
    assert english != dutch  # the plan's problem has words in both languages …
    assert dutch[0] in info["errors"][0]  # type: ignore[index]  # … and the form speaks Dutch
    assert not app.scene.keys["start"].is_enabled  # type: ignore[union-attr]
    _check(app)


# --------------------------------------------------------------------------- the command
def _cli(*args: str) -> tuple[int, str]:
    from morgenmaken.cli import app
    result = CliRunner().invoke(app, ["werksessie", *args])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


@pytest.mark.parametrize(("args", "said"), [
    (("geen-plan",), "no plan file or name"),
    (("voorbeeldplan", "--from-scenario", "drenthe"), "not both"),
    (("--card", "dorpswinkels"), "--from-scenario"),
    (("--from-scenario", "drenthe", "--card", "bestaat_niet"), "no card 'bestaat_niet'"),
    (("--from-scenario", "geen-scenario"), "no scenario file or name"),
    (("--size", "groot"), "WIDTHxHEIGHT"),
    (("--lang", "de"), "nl or en"),
])
def test_command_argument_errors_open_no_window(args: tuple[str, ...], said: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from morgenmaken.werksessie import command
    opened: list[object] = []
    monkeypatch.setattr(command, "run_werksessie", lambda *a: opened.append(a) or 0)
    code, output = _cli(*args)
    assert code == 1 and said in output and "Traceback" not in output
    assert not opened


def test_command_broken_plan_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from morgenmaken.werksessie import command
    opened: list[object] = []
    monkeypatch.setattr(command, "run_werksessie", lambda *a: opened.append(a) or 0)
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: kapot\ntitle: {nl: Kapot}\nmeasures: []\nextra: 1\n", encoding="utf-8")
    code, output = _cli(str(bad))
    assert code == 1 and f"{bad}:3:" in output and f"{bad}:4:" in output and not opened
    code, _ = _cli("voorbeeldplan", "--size", "1024x768")
    assert code == 0 and len(opened) == 1
    start = opened[0][0]  # type: ignore[index]
    assert start.plan_path.stem == "voorbeeldplan"


def test_command_opens_the_setup_with_the_plan_chosen() -> None:
    from morgenmaken.werksessie.command import check_arguments
    start = check_arguments(None, "drenthe", CARDS)
    app = make_app((1024, 768))
    app.switch(WsSetupScene(app, scenario_path=start.scenario_path, cards=start.cards))
    info = _info(app)
    assert info["from_scenario"] and info["cards"] == CARDS
    start = check_arguments("voorbeeldplan", None, [])
    app.switch(WsSetupScene(app, plan_path=start.plan_path))
    setup = app.scene
    assert isinstance(setup, WsSetupScene)
    assert setup.choices[setup.chosen].path.stem == "voorbeeldplan"


def test_ending_an_unfinished_session_asks_first() -> None:
    session = _session()
    for i, person in enumerate(session.participants):
        _rate(session, CARDS[0], person, i)
    session.close(CARDS[0])
    run = WsRun(session)
    run.save()
    app = make_app((1024, 768))
    click(app, "ws_resume")
    assert _info(app)["scene"] == "ws_rate"  # the second measure, first participant
    press(app, pygame.K_ESCAPE)
    assert _info(app)["scene"] == "title"
    from morgenmaken.ui.scenes.ws_plan import WsPlanScene
    app.switch(WsPlanScene(app, WsRun(SessionStore().load())))
    settle(app)
    click(app, "end")
    assert _info(app)["scene"] == "ws_plan" and SessionStore().exists()
    assert "?" in app.scene.keys["end"].text  # type: ignore[union-attr]
    _check(app)
    click(app, "end")
    assert _info(app)["scene"] == "title" and not SessionStore().exists()


def test_the_screen_follows_from_the_saved_state_alone() -> None:
    """Resuming lands where the session is: rating (next participant), reveal, agreeing, or
    the plan profile; a handover only right after someone hands in."""
    app = make_app((1024, 768))
    session = _session()
    run = WsRun(session)
    first, second = CARDS
    people = session.participants

    def where(handover: bool = False) -> tuple[str, object]:
        scene = route(app, run, handover)
        info = scene.info() if scene.name != "ws_rate" else {
            "participant": scene.participant}  # type: ignore[attr-defined]
        return scene.name, info.get("participant", info.get("next"))

    assert where() == ("ws_rate", people[0])
    _rate(session, first, people[0], 0)
    assert where() == ("ws_rate", people[1])
    assert where(handover=True) == ("ws_handover", people[1])
    for i, person in enumerate(people[1:], start=1):
        _rate(session, first, person, i)
    assert where()[0] == "ws_reveal"
    session.start_agreement(first)
    assert where()[0] == "ws_agree"
    session.close(first)
    assert where() == ("ws_rate", people[0])
    for i, person in enumerate(people):
        _rate(session, second, person, i)
    session.close(second)
    assert where()[0] == "ws_plan"


def test_a_failing_chart_or_report_is_said_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from morgenmaken.report import werksessie as report
    from morgenmaken.report import werksessie_charts
    from morgenmaken.ui.scenes.ws_plan import WsMeasureScene, WsPlanScene

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("kapot")

    monkeypatch.setattr(werksessie_charts, "measure_chart", broken)
    monkeypatch.setattr(report, "write_session_report", broken)
    session = _session()
    for i, person in enumerate(session.participants):
        _rate(session, CARDS[0], person, i)
    session.close(CARDS[0])
    run = WsRun(session)
    app = make_app((1024, 768))
    app.switch(WsMeasureScene(app, run, CARDS[0]))
    settle(app)
    assert not _info(app)["busy"]
    assert "logbestand" in visible_text(app)
    app.switch(WsPlanScene(app, run))
    settle(app)
    click(app, "report")
    settle(app)
    assert _info(app)["problem"] == "kapot" and _info(app)["scene"] == "ws_plan"


def test_a_new_session_keeps_the_open_one() -> None:
    old = _session()
    _rate(old, CARDS[0], old.participants[0], 0)
    store = SessionStore()
    store.save(old)
    app = make_app((1024, 768))
    click(app, "werksessie")
    assert "open" in visible_text(app)
    _check(app)
    click(app, "name:0")
    type_text(app, "Anna")
    click(app, "fewer")
    click(app, "fewer")
    click(app, "start")
    assert _info(app)["scene"] == "ws_rate"
    assert store.load().participants == ["Anna"]
    kept = list((store.folder / "finished").glob("*.json"))
    assert len(kept) == 1 and loads(kept[0].read_text(encoding="utf-8")) == old


def test_an_unexpected_error_says_the_session_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from morgenmaken.ui.scenes import ws_rate
    session = _session()
    run = WsRun(session)
    run.save()
    app = make_app((1024, 768))
    click(app, "ws_resume")

    def broken(self: object, *args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ws_rate.WsRateScene, "choose", broken)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_3, mod=0, unicode="3",
                                         scancode=0))
    try:
        app.tick()
    except RuntimeError:
        app.fail()  # what App.run's guard does
    settle(app)
    assert _info(app)["scene"] == "error"
    assert "Doorgaan met de werksessie" in visible_text(app)
    assert "Traceback" not in visible_text(app)
    click(app, "title")
    assert _info(app)["ws_resumable"]
