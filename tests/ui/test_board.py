"""The defects a table found (issue 12), each as a test through the real screens.

The card keys that shifted, the pipeline that added unlike variables under one name, the end
screen whose Enter threw the debrief away, the weakest value that looked at themes only, the
decimal points, and a hand that had to be scrolled.
"""

from __future__ import annotations

import html
import json
import math
import re
import wave
from collections import defaultdict
from pathlib import Path

import pygame
import pytest
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITooltip

from morgenmaken.engine import Action, Decision, GameConfig, GameState, Phase, new_game, replay
from morgenmaken.scenario.library import load_current, resolve
from morgenmaken.scenario.models import Category
from morgenmaken.sim.bots import BalancedBot, RandomBot
from morgenmaken.table.game import Session
from morgenmaken.ui import draw
from morgenmaken.ui.app import App
from morgenmaken.ui.fonts import font
from morgenmaken.ui.region import LENS_COLOURS, round_flows
from morgenmaken.ui.region import plan as region_plan
from morgenmaken.ui.scenes.cards import key_label
from morgenmaken.ui.scenes.end import EndScene
from morgenmaken.ui.scenes.round import FLASH_SECONDS, PHASE_SECONDS, RoundScene
from morgenmaken.ui.sound import NAMES, sound_path
from morgenmaken.ui.wording import board_variables, crossings, pipeline_totals, weakest_value
from morgenmaken.wording import amount, number, signed
from tests.ui.driver import click, make_app, press, settle, visible_text
from tests.ui.layout_check import problems

PLAYERS = ("Anna", "Bram", "Chantal", "Dirk")


def _game(app: App, seed: int = 2, rounds: int = 1) -> RoundScene:
    path = resolve("drenthe")
    scenario = load_current(path)
    state = new_game(scenario, GameConfig(seed=seed, players=PLAYERS,
                                          decision=Decision.CONSENSUS))
    bot = BalancedBot()
    while state.round < rounds:
        state.apply_action(bot.choose(state))
    app.session = Session(scenario, path, state, app.store(), {"view": "play"})
    app.switch(RoundScene(app))
    settle(app)
    scene = app.scene
    assert isinstance(scene, RoundScene)
    return scene


def test_numbers_read_dutch() -> None:
    assert signed(5.44, 1, "nl") == "+5,4"
    assert signed(-29.0, 1, "nl") == "−29,0"
    assert number(52.7, 1, "nl") == "52,7"
    assert number(52.7, 1, "en") == "52.7"
    assert number(-0.02, 1, "nl") == "0,0"
    assert amount(2.5, "nl") == "2,5" and amount(30, "nl") == "30"


def test_the_pipeline_has_one_entry_per_variable_per_year_with_its_own_amount() -> None:
    """The datacenter's Econ +6, Budget +8, Arbeid +2 once showed as 'Econ +16'."""
    scenario = load_current(resolve("drenthe"))
    state = new_game(scenario, GameConfig(seed=3, players=PLAYERS))
    bot = RandomBot(5)
    checked = 0
    while not state.is_terminal() and checked < 40:
        expected: dict[tuple[int, str], float] = defaultdict(float)
        for entry in state.pipeline():
            expected[(entry.round, entry.variable)] += entry.delta
        shown = pipeline_totals(state)
        seen: set[tuple[int, str]] = set()
        for rnd, totals in shown:
            variables = [v for v, _ in totals]
            assert len(variables) == len(set(variables)), "a variable twice in one year"
            for vid, delta in totals:
                assert delta == pytest.approx(expected[(rnd, vid)])
                seen.add((rnd, vid))
        assert seen == {k for k, d in expected.items() if abs(d) >= 0.05}
        state.apply_action(bot.choose(state))
        checked += 1


def test_the_pipeline_panel_names_each_variable_with_its_sign() -> None:
    app = make_app((1920, 1080))
    scene = _game(app, rounds=3)
    scene._set_view("news")
    scene.rebuild()
    settle(app)
    text = visible_text(app)
    state = scene.state
    rows = pipeline_totals(state)
    assert rows, "a game in round 3 has effects coming"
    for _rnd, totals in rows[:1]:
        for vid, delta in totals:
            name = state.scenario.variable(vid).name.get("nl")
            assert f"{name} <font color='" in text
            assert f"<b>{signed(delta, 1, 'nl')}</b>" in text
    panel = text.split("Al in gang gezet", 1)[1]
    assert not any(ch.isdigit() and panel[i + 1:i + 2] == "." and panel[i + 2:i + 3].isdigit()
                   for i, ch in enumerate(panel[:-2])), "a decimal point in the pipeline"


def test_card_keys_stay_fixed_for_the_round() -> None:
    """After proposing [1], the card that was [2] is still [2] for the next role."""
    app = make_app((1920, 1080))
    scene = _game(app)
    state = scene.state
    first_role = state.current_role
    hand = list(state.hands[first_role])
    press(app, pygame.K_2)
    assert scene.state.proposals[-1].card == hand[1]
    # The next role's keys follow its own hand's order, whatever is on the table.
    role = scene.state.current_role
    hand = list(scene.state.hands[role])
    legal = {a.card for a in scene.state.legal_actions() if a.kind == "propose"}
    position = next(i for i, c in enumerate(hand) if c in legal and i > 0)
    press(app, pygame.K_1 + position)
    assert scene.state.proposals[-1].card == hand[position]
    while scene.state.phase == Phase.PROPOSE:
        press(app, pygame.K_0)
    proposals = [pr.card for pr in scene.state.proposals]
    press(app, pygame.K_1)
    assert scene.state.proposals[0].adopted
    if len(proposals) > 1:
        before = len(scene.state.actions)
        adoptable = Action.adopt(proposals[1]) in scene.state.legal_actions()
        press(app, pygame.K_2)  # still the second proposal, though the first is adopted
        if adoptable:
            assert scene.state.actions[-1] == Action.adopt(proposals[1])
        else:
            assert len(scene.state.actions) == before


def test_a_tenth_card_has_a_key_of_its_own() -> None:
    assert [key_label(i) for i in (0, 8, 9, 10)] == ["1", "9", "A", "B"]


@pytest.mark.parametrize(("size", "most_pages"), [((1920, 1080), 1), ((3840, 2160), 1),
                                                  ((1024, 768), 2)],
                         ids=["1920x1080", "3840x2160", "1024x768"])
def test_every_hand_is_readable_at_once(size: tuple[int, int], most_pages: int) -> None:
    """Every role's hand (nine or ten cards in Drenthe) on one screen at 1080p and 4K, at
    most one page turn at 1024×768; every card clear of the turn's words and the buttons,
    nothing cut off or overlapping."""
    app = make_app(size)
    scene = _game(app)
    sizes_seen = set()
    for _ in range(len(scene.state.scenario.roles)):
        if scene.state.phase != Phase.PROPOSE:
            break
        hand = scene.state.hands[scene.state.current_role]
        sizes_seen.add(len(hand))
        assert scene.card_pages <= most_pages, f"{len(hand)} cards need {scene.card_pages} pages"
        shown = set()
        for page in range(scene.card_pages):
            draw.OVERFLOWS.clear()
            scene.card_page = page
            scene.rebuild()
            assert not problems(app), problems(app)
            # Inside the main area, clear of the round's buttons and of the turn's words
            # (never under a header).
            main = app.layout.main
            blockers = [scene.keys[k].rect for k in ("pass", "cards_page") if k in scene.keys]
            words = [w.rect for w, _ in scene.widgets
                     if type(w).__name__ == "UITextBox" and w.alive()]
            for card_id in hand:
                button = scene.keys.get(f"propose:{card_id}")
                if button is not None:
                    assert main.contains(button.rect), (button.rect, main)
                    assert not any(button.rect.colliderect(b) for b in blockers + words)
                    shown.add(card_id)
        assert shown == set(hand)
        scene.card_page = 0
        scene.decide(Action.pass_())
    assert max(sizes_seen) >= 9, "the test needs the big hands the issue names"


def test_the_weakest_value_looks_at_every_lens() -> None:
    scenario = load_current(resolve("drenthe"))
    state = new_game(scenario, GameConfig(seed=1, players=PLAYERS))
    values = list(state.values)
    index = state.compiled.index
    capital = next(v for v in scenario.variables if v.category == Category.LATER
                   and v.critical is not None)
    values[index[capital.id]] = capital.critical - 1
    assert weakest_value(state, values) == capital.id
    group = next(v for v in scenario.variables if v.category == Category.VERDELING
                 and v.critical is not None)
    values[index[group.id]] = group.critical - 5
    assert weakest_value(state, values) in (capital.id, group.id)
    assert weakest_value(state, values) != next(
        v.id for v in scenario.variables if v.category == Category.HIER_EN_NU)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_the_weakest_value_is_always_in_the_meters_row(size: tuple[int, int],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1024x768 the meters row once left the weakest value out (or cut its name): in
    every step and with a card's cost previewed it is there whole, with the large timer on
    too (at 1024x768 the timer then shows the time alone, so the name and value fit)."""
    app = make_app(size)
    scene = _game(app, rounds=3)
    drawn: list[str] = []
    real = draw.text

    def record(surface: pygame.Surface, words: str, *args: object, **kwargs: object
               ) -> pygame.Rect:
        drawn.append(words)
        return real(surface, words, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(draw, "text", record)

    def check(what: str) -> None:
        drawn.clear()
        draw.OVERFLOWS.clear()
        scene._meters_surface(scene.meters_rect.size)
        values = scene.shown_values()[0]
        weakest = weakest_value(scene.state, values)
        assert weakest is not None
        name = scene.state.scenario.variable(weakest).name.get("nl")
        value = number(values[scene.state.compiled.index[weakest]], 0, "nl")
        assert any(w.startswith("Zwakst: ") and f"{name} {value}" in w for w in drawn), \
            (what, name, drawn)
        assert not draw.OVERFLOWS, (what, draw.OVERFLOWS)

    bot = BalancedBot()
    for timer in (False, True):
        if timer != scene.timer_on:
            scene.toggle_timer()
        check(f"propose, timer {timer}")
        while scene.state.phase == Phase.PROPOSE:
            scene.decide(bot.choose(scene.state))
        scene._set_preview(f"adopt:{scene.state.proposals[0].card}")
        check(f"decide with a preview, timer {timer}")
        while scene.view == "play":
            scene.decide(bot.choose(scene.state))
        scene.anim = 1.0
        scene.rebuild()
        check(f"effects, timer {timer}")
        scene.continue_from_resolve()
        check(f"news, timer {timer}")
        scene.continue_from_news()


def _end(app: App) -> EndScene:
    scene = _game(app)
    bot = BalancedBot()
    session = app.session
    assert session is not None
    while not session.state.is_terminal():
        session.apply(bot.choose(session.state))
    session.save()
    app.switch(EndScene(app))
    settle(app)
    end = app.scene
    assert isinstance(end, EndScene) and scene is not end
    return end


def test_enter_on_the_end_screen_opens_the_debrief() -> None:
    app = make_app((1920, 1080))
    _end(app)
    assert app.focus_key == "debrief"
    press(app, pygame.K_RETURN)
    assert app.scene.name == "debrief"
    assert app.store().exists(), "the game is still there to come back to"


def test_leaving_the_end_screen_asks_first_and_the_game_reopens_from_the_title(
        tmp_path: Path) -> None:
    app = make_app((1920, 1080))
    end = _end(app)
    score = app.session.state.score()
    click(app, "title")
    assert app.scene is end and end.leaving == "title"
    assert app.store().exists(), "nothing is put away before the team says yes"
    press(app, pygame.K_ESCAPE)
    assert end.leaving is None and app.scene is end
    click(app, "title")
    click(app, "leave_yes")
    assert app.scene.name == "title"
    assert not app.store().exists()
    finished = app.store().finished()
    assert len(finished) == 1
    assert json.loads(finished[0].read_text(encoding="utf-8"))["scenario"] == "drenthe"
    click(app, "finished")
    assert app.scene.name == "finished"
    assert "1 spel gevonden" in visible_text(app)
    click(app, "game:0")
    assert app.scene.name == "debrief"
    assert app.session.state.score() == pytest.approx(score)


def _before_a_crossing(first_seed: int = 4) -> tuple[GameState, Action,
                                                    list[tuple[str, str]]]:
    """An engine game played by a bot up to the decision that first takes a value over a
    warning or critical line: the state before it, the decision, and the lines it crosses.
    Not every random game crosses one, so the seeds from `first_seed` on are tried in turn
    (the same first one on every run)."""
    scenario = load_current(resolve("drenthe"))
    for seed in range(first_seed, first_seed + 50):
        state = new_game(scenario, GameConfig(seed=seed, players=PLAYERS,
                                              decision=Decision.CONSENSUS))
        bot = RandomBot(seed)
        while not state.is_terminal():
            action = bot.choose(state)
            trial = replay(state, len(state.actions))
            before = list(trial.values)
            trial.apply_action(action)
            crossed = crossings(scenario, trial.compiled.index, before, list(trial.values))
            if crossed:
                return state, action, crossed
            state.apply_action(action)
    raise AssertionError("no line was ever crossed in 50 random games")


def test_crossing_a_line_gets_a_banner_that_names_it_and_a_sound() -> None:
    """The round's effects name the lines they crossed; the next round's news, shown after
    them, names the lines it crossed itself (each with its value as shown at that moment)."""
    app = make_app((1920, 1080))
    state, action, crossed = _before_a_crossing()
    path = resolve("drenthe")
    app.session = Session(state.scenario, path, state, app.store(), {"view": "play"})
    app.switch(RoundScene(app))
    settle(app)
    scene = app.scene
    assert isinstance(scene, RoundScene) and not scene.alerts
    assert app.sounds.on, "sound starts on, at a modest volume"
    app.sounds.played.clear()
    scene.decide(action)
    settle(app)
    assert scene.view == "resolve", "the bot's first crossing comes with a round's end"
    named: list[tuple[str, str]] = []
    for _step in ("effects", "news"):
        for vid, kind in scene.alerts:
            variable = state.scenario.variable(vid)
            words = scene.banner_words()
            assert variable.name.get("nl") in words
            assert ("kritieke" if kind == "critical" else "waarschuwingsgrens") in words
            shown = scene.shown_values()[0][scene.state.compiled.index[vid]]
            line = variable.critical if kind == "critical" else variable.warning
            assert shown < line, "the banner's value is the one on screen, below its line"
            named.append((vid, kind))
        if scene.alerts:
            assert scene.banner.alive()
            assert scene.banner.rect.width > app.layout.main.width // 2
            draw.OVERFLOWS.clear()
            scene.rebuild()
            assert not problems(app), problems(app)
        if scene.view == "resolve":
            scene.continue_from_resolve()
    assert {v for v, _ in crossed} <= {v for v, _ in named}
    assert app.sounds.played and set(app.sounds.played) <= {"warning", "critical"}
    assert scene.view == "news" and scene.alerts, "the banner stays through the news"
    scene.continue_from_news()
    assert not scene.alerts, "the proposals clear it"


def test_one_switch_silences_every_sound() -> None:
    app = make_app((1920, 1080))
    scene = _game(app)
    assert app.sounds.on
    press(app, pygame.K_s)
    assert not app.sounds.on and "Geluid aan" in visible_text(app)
    app.sounds.played.clear()
    app.sounds.play("critical")
    assert app.sounds.played == []
    click(app, "sound")
    assert app.sounds.on and scene.keys["sound"].text == "Geluid uit"


def test_the_sounds_are_made_here_and_load() -> None:
    folder = sound_path("warning").parent
    assert (folder / "make_sounds.py").exists() and (folder / "README.md").exists()
    for name in NAMES:
        with wave.open(str(sound_path(name))) as file:
            seconds = file.getnframes() / file.getframerate()
            frames = file.readframes(file.getnframes())
        assert 0.1 < seconds < 1.5
        peak = max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True))
                   for i in range(0, len(frames), 2))
        assert peak < 32767 * 0.35, f"{name} is too loud for a room ({peak})"


def test_the_timer_runs_per_phase_large_and_signals_its_end() -> None:
    app = make_app((1920, 1080))
    scene = _game(app)
    app.options.time_scale = 0  # the clock moves only when the test moves it
    press(app, pygame.K_t)
    assert scene.timer == pytest.approx(PHASE_SECONDS["propose"], abs=1)
    assert scene._timer_size() >= app.layout.heading  # large: heading size at least
    first_role = scene.state.current_role
    scene.update(15)
    assert scene.timer == pytest.approx(PHASE_SECONDS["propose"] - 15, abs=1)
    scene.decide(Action.pass_())
    assert scene.state.current_role != first_role
    assert scene.timer == pytest.approx(PHASE_SECONDS["propose"], abs=1), "each role its own"
    app.sounds.played.clear()
    scene.update(PHASE_SECONDS["propose"] + 1)
    assert scene.timer == 0 and app.sounds.played == ["timer_end"]
    assert scene.animating(), "the end flashes"
    scene.update(FLASH_SECONDS + 1)
    assert not scene.animating()
    scene.decide(next(a for a in scene.state.legal_actions() if a.kind == "propose"))
    while scene.state.phase == Phase.PROPOSE:
        scene.decide(Action.pass_())
    assert scene.step() == "decide"
    assert scene.timer == pytest.approx(PHASE_SECONDS["decide"], abs=1)
    draw.OVERFLOWS.clear()
    scene.rebuild()
    assert not problems(app), problems(app)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_tooltips_wrap_between_words(size: tuple[int, int]) -> None:
    """A tooltip 170 px wide split 'aannemen' into 'aannem-' and '-en'; every word of every
    tooltip on the round screen must fit a line of its tooltip whole."""
    app = make_app(size)
    scene = _game(app)
    face = font(app.layout.body, True)  # bold is the wider: titles are bold in tooltips
    tips = [e.tool_tip_text for e in scene.keys.values()
            if getattr(e, "tool_tip_text", None)]
    assert len(tips) > 5, "the cards and the buttons have tooltips"
    for text in tips:
        tip = UITooltip(text, (0, 10), app.manager)
        try:
            block = tip.text_block
            assert block is not None
            room = block.text_wrap_rect.width  # the width the toolkit wraps lines at
            words = re.sub(r"<[^>]+>", " ", text).split()
            widest = max(words, key=lambda w: face.size(html.unescape(w))[0])
            assert face.size(html.unescape(widest))[0] <= room, (widest, room)
        finally:
            tip.kill()


#: Words that make a 0–100 "higher is better" index read the wrong way round.
WRONG_WAY = ("voetafdruk", "footprint", "uitstoot", "emission", "kosten", "cost", "schuld",
             "debt", "ongelijk", "inequal", "armoede", "poverty", "werkloos", "unemploy",
             "tekort", "shortage")


@pytest.mark.parametrize("name", ["drenthe", "kansengelijkheid", "tutorial"])
def test_every_variable_reads_higher_is_better(name: str) -> None:
    """'Voetafdruk elders +5' meant a smaller footprint: a name must read the right way
    round, and the dashboard says once, plainly, that higher is better."""
    scenario = load_current(resolve(name))
    for variable in scenario.variables:
        for lang in ("nl", "en"):
            words = variable.name.get(lang).lower()
            assert not any(w in words for w in WRONG_WAY), (variable.id, words)
    app = make_app((1024, 768))
    scene = _game(app)
    assert scene.dashboard is not None
    assert scene.dashboard.notes[0] == "hoger = beter"
    groups = [n for (c, _), n in zip(scene.dashboard.groups, scene.dashboard.notes,
                                     strict=True) if c == Category.VERDELING]
    assert groups == ["welzijn per groep"]


def _type_sizes(app: App) -> list[tuple[int, str]]:
    """The type size of every widget with text on screen now, with what it says."""
    scene = app.scene
    found = []
    for widget, _ in scene.widgets:
        if not widget.alive() or not isinstance(widget, UIButton | UILabel | UITextBox):
            continue
        words = getattr(widget, "text", "") or getattr(widget, "html_text", "")
        if not words:
            continue
        size = widget.ui_theme.get_font(widget.combined_element_ids).get_point_size()
        found.append((size, words[:40]))
    return found


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080), (3840, 2160)],
                         ids=["1024x768", "1920x1080", "3840x2160"])
def test_type_is_readable_from_the_back_row(size: tuple[int, int]) -> None:
    """Measured against the layout: nothing on the round screen smaller than 1/45 of the
    height (body capitals were 1.9 % and chart labels 1.3 %); the round's running text —
    the news, the effects and why, their buttons — at least 1/30 of the height."""
    app = make_app(size)
    height = app.layout.height
    smallest = math.ceil(min(height, app.layout.width * 0.75) / 45)
    large = min(height, app.layout.width * 0.75) / 30
    scene = _game(app, rounds=2)
    views = {}
    for view in ("news", "play", "resolve"):
        scene._set_view(view)
        if view == "resolve":
            scene.resolved_round = scene.state.round - 1
        draw.SIZES.clear()
        scene.rebuild()
        settle(app)
        sizes = _type_sizes(app)
        assert min(s for s, _ in sizes) >= smallest, min(sizes)
        assert min(draw.SIZES) >= smallest, sorted(draw.SIZES)
        views[view] = sizes
    for view in ("news", "resolve"):
        # Every text box but the pipeline's details, and the button that goes on.
        pipeline = "<b>" + scene.t("pipeline")
        running = [s for s, words in views[view] if "[Enter]" in words
                   or (words.startswith("<") and not words.startswith(pipeline))]
        assert len(running) >= 3 and min(running) >= large, (view, sorted(views[view]))
    scene.select(next(v.id for v in scene.state.scenario.variables))
    draw.SIZES.clear()
    scene.rebuild()
    assert min(draw.SIZES) >= smallest, "the chart's labels"


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080), (3840, 2160)],
                         ids=["1024x768", "1920x1080", "3840x2160"])
def test_the_region_picture_shows_every_lens_and_what_each_card_moved(
        size: tuple[int, int]) -> None:
    """After a round: a tile per variable (every lens, the groups as people), the round's
    adopted cards above them with a line to each variable they moved; nothing cut off."""
    app = make_app(size)
    scene = _game(app, rounds=2)
    scene.resolved_round = scene.state.round - 1
    scene._set_view("resolve")
    draw.OVERFLOWS.clear()
    scene.rebuild()
    settle(app)
    flows = round_flows(scene.state, scene.resolved_round)
    assert flows, "the bot adopted cards in round 1"
    assert {f.card for f in flows} <= {a.card for a in scene.state.actions if a.card}
    # Every size shows it (at 1024x768 across the whole width, in place of the dashboard's
    # list, which once left no room for it at all).
    assert scene.region_image is not None and scene.region_image.alive()
    assert scene.region_flows == flows
    chosen = region_plan(scene.state, app.layout, "nl", scene.region_rect.size, True)
    assert chosen is not None and chosen.strip_h > 0
    assert scene.region_wide == (size[1] < 1080)
    assert (scene.dashboard is None) == scene.region_wide
    assert "continue" in scene.keys and any(
        isinstance(w, UITextBox) and "<b>" in w.html_text and w.rect.top
        > scene.region_image.rect.bottom for w, _ in scene.widgets), "the why below it"
    assert not problems(app), problems(app)
    # Every variable but the resources has a tile; the lenses each have their colour.
    items = [vid for c, ids in board_variables(scene.state.scenario)
             if c != Category.RESOURCE for vid in ids]
    assert len(items) == len(scene.state.scenario.variables) - 2
    assert set(LENS_COLOURS) == {Category.HIER_EN_NU, Category.LATER, Category.ELDERS,
                                 Category.VERDELING}
