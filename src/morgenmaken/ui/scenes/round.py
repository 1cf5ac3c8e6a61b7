"""The round, on the shared screen: news, proposals, the decision, and effects with "waarom?".

The scene shows three views of a round: ``news`` (the event is revealed), ``play`` (each role
proposes from its own hand, then the team adopts within the budget or votes) and ``resolve``
(the values move visibly, then every change is explained from the ledger). The dashboard, the
budget and draagvlak meters, the weakest theme and the pipeline of coming effects are always on
screen. Every decision goes through the session, which autosaves it at once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import partial
from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIScrollingContainer

from morgenmaken.engine import Action, Decision, GameState, Phase, SaveError, load_data, save_data
from morgenmaken.engine.ledger import LedgerEntry
from morgenmaken.scenario.images import read_image
from morgenmaken.scenario.library import ScenarioFile
from morgenmaken.table.game import Session
from morgenmaken.ui import draw
from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import font
from morgenmaken.ui.region import Flow, region_surface, round_flows
from morgenmaken.ui.region import min_height as region_height
from morgenmaken.ui.region import plan as region_plan
from morgenmaken.ui.scenes import phones
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.cards import (
    CardTile,
    HandLayout,
    card_face,
    card_html,
    dim,
    event_html,
    key_label,
    key_position,
    place_hand,
    plan_hand,
)
from morgenmaken.ui.scenes.dashboard import Dashboard
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.wording import (
    action_summary,
    amount,
    board_variables,
    crossings,
    describe_cause,
    merge_causes,
    number,
    outlook_lines,
    pipeline_totals,
    proposal_limit,
    reading,
    role_name,
    round_changes,
    shared_role,
    signed,
    status_kind,
    unavailable_reason,
    votes_so_far,
    weakest_value,
)

ANIMATION_SECONDS = 1.6
#: The phase timer (T): seconds per step, so a round of four roles takes about five minutes
#: (news 0:30, each role 0:40, deciding 1:30, the effects 0:30). Each role's turn gets its own.
PHASE_SECONDS = {"news": 30, "propose": 40, "decide": 90, "resolve": 30}
#: How long the timer's box flashes when its time is up (the sound plays once).
FLASH_SECONDS = 4.0
#: At most this many crossed lines are named in the banner (the rest are counted).
BANNER_NAMES = 3
#: Located errors shown after a failed F5 reload (the rest are counted).
RELOAD_LINES_SHOWN = 8
STEPS = ("news", "propose", "decide", "resolve")

if TYPE_CHECKING:
    from morgenmaken.ui.app import App


class RoundScene(Scene):
    """A round of the game."""

    name = "round"
    #: Rebuilt after every decision and every phone's proposal: widgets asked for again are
    #: kept (see ``Scene.recycle``), so a rebuild costs milliseconds, not a hundred.
    recycle = True

    def __init__(self, app: App) -> None:
        super().__init__(app)
        session = app.session
        assert session is not None, "the round scene needs a game"
        self.session: Session = session
        client = session.client
        self.view: str = client.get("view", "news")
        if self.state.is_terminal() and self.view != "resolve":
            self.view = "resolve"
        self.resolved_round: int = int(client.get("resolved_round", self.state.round))
        self.selected: str | None = None
        self.paused = False
        #: The phase timer is switched on (T) for the rest of the game once a facilitator wants it.
        self.timer_on = False
        #: Seconds left in this phase, and which phase they belong to.
        self.timer: float | None = None
        self.timer_phase: tuple[object, ...] | None = None
        self.timer_flash = 0.0
        #: Lines crossed downward by the last decision: (variable, warning|critical).
        self.alerts: list[tuple[str, str]] = []
        #: Lines the next round's news crossed, named when the news is shown.
        self.pending_alerts: list[tuple[str, str]] = []
        self.anim = 1.0
        self.dashboard: Dashboard | None = None
        #: Show the dashboard as real-world figures ("84 % tevreden") instead of bars.
        self.readings = False
        #: The proposal whose cost the meters preview (hovered or focused "Aannemen").
        self.preview: str | None = None
        #: After F5: what the reload did (HTML), shown until closed; the game plays on.
        self.reload_notice: str | None = None
        #: A hand too big for a small screen is shown in pages (at most two at 1024×768).
        self.card_page = 0
        self.card_pages = 1
        self._score_cache: tuple[tuple[int, int], float, float] | None = None
        #: Pictures of the scenario by the path written in it (None: could not be shown).
        self.pictures: dict[str, pygame.Surface | None] = {}
        #: Heights of the turn's words measured at a width (see :meth:`_heading_box`).
        self._heights: dict[tuple[object, ...], int] = {}
        #: The phones panel (QR code, who joined) instead of the round's own view.
        self.show_phones = False
        #: A turn that belongs to a phone is played on the laptop after all (the facilitator
        #: chose "Hier spelen"): the key of that turn.
        self.laptop_turn: tuple[int, int] | None = None
        self._phones_seen: tuple[object, ...] = ()
        #: What :meth:`warm` is working ahead for (view, turn, language, size), and its
        #: pieces of work still to do.
        self._warm_for: tuple[object, ...] | None = None
        self._warm_steps: Iterator[None] = iter(())
        self._phones_drawn = 0.0
        #: The effects show the region across the whole width (set by each build, see
        #: :meth:`_region_wide`).
        self.region_wide = False
        phones.resume(app)  # after a restart the phones of this game reconnect by themselves

    @property
    def state(self) -> GameState:
        """The engine state (it is replaced on undo, so always read it from the session)."""
        return self.session.state

    # ---------------------------------------------------------------- what is shown
    def view_name(self) -> str:
        """The view and the step, e.g. ``round-play-propose``."""
        if self.paused:
            return "round-paused"
        if self.selected is not None:
            return "round-variable"
        if self.view == "play":
            return f"round-play-{self.step()}"
        return f"round-{self.view}"

    def step(self) -> str:
        """Which of the four steps of a round is on screen."""
        if self.view in ("news", "resolve"):
            return self.view
        return "propose" if self.state.phase == Phase.PROPOSE else "decide"

    def shown_values(self) -> tuple[list[float], list[float]]:
        """Values on the dashboard and the values its arrows compare against.

        During ``resolve`` they move from the end of the previous round to the end of this one;
        otherwise they are the current values, compared with the end of the previous round.
        """
        history = self.state.history()
        if self.view == "resolve" and len(history) >= 2:
            before, after = list(history[-2]), list(history[-1])
            k = min(1.0, self.anim)
            k = 1 - (1 - k) ** 3  # ease out
            return [b + (a - b) * k for b, a in zip(before, after, strict=True)], before
        return list(self.state.values), list(history[-1])

    def info(self) -> dict[str, object]:
        """For tests: view, step, round, and the keys of the widgets on screen."""
        return {"scene": self.name, "view": self.view, "step": self.step(),
                "round": self.state.round, "phase": str(self.state.phase),
                "selected": self.selected, "paused": self.paused,
                "keys": sorted(self.keys)}

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        """Top bar, dashboard, and the main area for the current view."""
        lay = self.layout
        self.preview = None  # set again if the focus lands on an "Aannemen" button
        self._sync_timer()
        self._top_bar(lay.top_bar)
        if self.paused:
            # The region stays on screen to talk about; the round itself waits.
            values, previous = self.shown_values()
            self.dashboard = Dashboard(self, lay.dashboard, self.state, self.select, None,
                                       active=False)
            self.dashboard.show(values, previous)
            self._build_paused(lay.main)
            return
        values, previous = self.shown_values()
        self.region_wide = self._region_wide()
        main = lay.main
        if self.readings:
            self.dashboard = None
            self._readings(lay.dashboard, values)
        elif self.region_wide:
            # A small screen's effects: the region's picture across the whole width, in
            # place of the dashboard's list (its tiles show every value, arrow and status).
            self.dashboard = None
            main = pygame.Rect(lay.margin, main.y, lay.width - 2 * lay.margin, main.height)
        else:
            self.dashboard = Dashboard(self, lay.dashboard, self.state, self.select,
                                       self.selected)
            self.dashboard.show(values, previous)
        self.pipeline_shown = True
        playing = self.view == "play"
        banner, content, pipe = self._areas(main, playing, self.alerts)
        if banner is not None:
            self.banner = self.image(banner, partial(self._banner_surface, banner.size),
                                     key=("banner", tuple(self.alerts), self.banner_words(),
                                          banner.size))
        if self.reload_notice is not None:
            self._reload_panel(content.union(pipe))
        elif self.show_phones:
            phones.panel(self, content.union(pipe), self.toggle_phones)
        elif self.selected is not None:
            self._variable(content.union(pipe))
        else:
            if self.view == "news":
                self._news(content)
            elif self.view == "resolve":
                self._resolve(content, pipe)
            elif self.state.phase == Phase.PROPOSE:
                self._propose(content)
            elif self.state.config.decision == Decision.VOTE:
                self._vote(content)
            else:
                self._decide(content)
            if not playing and self.pipeline_shown:
                self._pipeline(pipe)
        self._facilitator_order()

    def _areas(self, main: pygame.Rect, playing: bool, alerts: list[tuple[str, str]]
               ) -> tuple[pygame.Rect | None, pygame.Rect, pygame.Rect]:
        """The banner (None: no alerts), the view's own area and the pipeline's below it,
        in `main` (shared with :meth:`warm`, which lays out the next screen ahead)."""
        lay = self.layout
        banner = None
        if alerts and self.selected is None and self.reload_notice is None:
            banner = pygame.Rect(main.x, main.y, main.width, lay.row)
            main = pygame.Rect(main.x, banner.bottom + lay.gap, main.width,
                               main.bottom - banner.bottom - lay.gap)
        steps_h = -lay.gap  # the four steps are drawn in the meters row, beside the budget
        # While the team proposes and decides the cards get the room: what is coming shows
        # on the dashboard (a hollow mark where each value is heading); the pipeline's list
        # per year is on the news and the effects, and in each variable's details.
        pipe_h = -lay.gap if playing else max(lay.u(6.5), main.height // 5)
        content = pygame.Rect(main.x, main.y + steps_h + lay.gap, main.width,
                              main.height - steps_h - pipe_h - 2 * lay.gap)
        return banner, content, pygame.Rect(main.x, content.bottom + lay.gap, main.width,
                                            pipe_h)

    # ---------------------------------------------------------------- working ahead
    def warm(self) -> bool:
        """In a frame where nothing changed (a team reads the screen between decisions:
        such frames always pass): lay out ahead what the next decision will show, one piece
        a frame, so the rebuild it makes finds it ready. On the effects: the next news's
        text boxes and the pipeline's; on the news, the proposals and the decision: the
        hand that may come next (after a pass, each card proposed, each card adopted)."""
        if (self.paused or self.selected is not None or self.reload_notice is not None
                or self.show_phones or self.animating() or self.root is None):
            return False
        lay = self.layout
        target = (self.view, self._turn_key(), self.lang, lay.width, lay.height,
                  tuple(self.alerts), bool(self.state.proposals))
        if target != self._warm_for:
            self._warm_for = target
            self._warm_steps = self._warm_work()
        return next(self._warm_steps, False) is None

    def _warm_work(self) -> Iterator[None]:
        """The pieces :meth:`warm` does, in order."""
        state = self.state
        if state.is_terminal():
            return
        if self.view == "resolve":
            yield from self._warm_news()
        elif self.view == "news":
            yield from self._warm_hand(state)
        elif self.view == "play":
            for action in state.legal_actions():
                if action.kind not in ("pass", "propose", "adopt"):
                    continue
                after = state.clone()
                after.apply_action(action)
                if after.round == state.round:
                    yield from self._warm_hand(after)

    def _warm_hand(self, state: GameState) -> Iterator[None]:
        """Plan the hand `state`'s proposer will see, make its words' box and its first
        page's card faces (they are kept: the rebuild finds them)."""
        lay = self.layout
        _, area, _ = self._areas(lay.main, True, self.alerts)
        if state.phase == Phase.PROPOSE and phones.on_phone_now(self.app) is None:
            head, tiles = self._propose_parts(state, area.width)
            action = f"{self.t('pass_button')}  [0]"
        elif state.phase == Phase.DECIDE and state.config.decision != Decision.VOTE:
            head, tiles = self._decide_parts(state)
            action = f"{self.t('done_button')}  [0]"
        else:
            return
        yield
        _, text_w, _, plan = self._hand_plan(state, area, head, tiles, action)
        yield
        self.warm_text_box((text_w, -1), head, "small_plain")
        for column in plan.pages[0] if plan.pages else ():
            for i in column:
                card_face(state, tiles[i], self.lang, plan.width, plan.size,
                          density=plan.density)
        yield

    def _warm_news(self) -> Iterator[None]:
        """Make the next news screen's text boxes while the effects are read."""
        lay = self.layout
        alerts = self.pending_alerts or self.alerts
        _, content, pipe = self._areas(lay.main, False, alerts)
        self.warm_text_box((content.width, -1), self._news_header(), "large_plain")
        yield
        width = content.width - self.scrollbar_width() - lay.gap
        tiles_html, pictures = self._news_tiles()
        for html in tiles_html:
            box = self.warm_text_box((width, -1), html, "large")
            assert box is not None  # warm runs only while the round keeps its widgets
            self._heights[("news", html, width)] = box.rect.height
            yield
        self.warm_text_box(pipe.size, self._pipeline_html(), "small")
        yield
        # The news that does not fit the screen goes in a scrolling region: made too, with
        # the room _news gives it.
        top, bottom, picture_h = self._news_room(content, measure=True)
        room = bottom - top
        free = room - (picture_h + lay.gap if picture_h is not None else 0)
        if sum(self._heights[("news", html, width)] + lay.gap for html in tiles_html) \
                - lay.gap > free:
            if picture_h is not None:
                bottom -= max(picture_h, room // 2) + lay.gap
            self._news_box(pygame.Rect(content.x, top, content.width, bottom - top),
                           tiles_html, pictures, width, ahead=True)
            yield

    #: Rows of running text the effects keep below the region's picture (in units): beside
    #: the dashboard, and across the whole width on a small screen.
    WHY_ROOM = 9
    WHY_ROOM_WIDE = 6

    def _region_wide(self) -> bool:
        """Whether the effects show the region across the whole width: only when the
        picture does not fit beside the dashboard (1024x768) but does across the screen."""
        if (self.view != "resolve" or self.readings or self.selected is not None
                or self.reload_notice is not None or self.show_phones):
            return False
        lay = self.layout
        flows = bool(round_flows(self.state, self.resolved_round))
        height = lay.main.height - (lay.row + lay.gap if self.alerts else 0)
        # what the effects need besides the picture: the heading, the button, the words
        rest = 2 * lay.row + 3 * lay.gap
        beside = region_height(self.state, lay, self.lang, lay.main.width, flows)
        if beside is not None and height - rest - beside >= lay.u(self.WHY_ROOM):
            return False
        wide = region_height(self.state, lay, self.lang, lay.width - 2 * lay.margin, flows)
        return wide is not None and height - rest - wide >= lay.u(self.WHY_ROOM_WIDE)

    def _facilitator_order(self) -> None:
        """Focus order: the round's own buttons first, then the dashboard, then the bar."""
        bar: list[str] = [k for k in ("readings", "pause", "timer", "sound", "undo", "phones",
                                      "menu")
                          if k in self.focus_order]
        rows = [k for k in self.focus_order if k.startswith("var:")]
        rest = [k for k in self.focus_order if k not in bar and k not in rows]
        self.focus_order[:] = rest + rows + bar

    def _top_bar(self, area: pygame.Rect) -> None:
        lay = self.layout
        state = self.state
        scenario = state.scenario
        # While the effects of a round are explained, the heading still names that round
        # (the engine has already moved on to the next one's news).
        shown = self.resolved_round if self.view == "resolve" else state.round
        year = scenario.year_of_round(shown)
        heading = self.t("round_header", round=shown, rounds=state.last_round,
                         year=f"{year}–{year + scenario.years_per_round}")
        if state.config.team:
            heading = f"{state.config.team} · {heading}"
        buttons = [("readings", self.t("readings_off" if self.readings else "readings_on"),
                    self.toggle_readings, self.t("readings_help")),
                   ("pause", self.t("pause_button"), self.toggle_pause, None),
                   ("timer", self.t("timer_stop" if self.timer_on else "timer_start"),
                    self.toggle_timer, self.t("timer_help")),
                   ("sound", self.t("sound_off" if self.app.sounds.on else "sound_on"),
                    self.toggle_sound, self.t("sound_help")),
                   ("undo", self.t("undo_button"), self.undo,
                    self._undo_tip()),
                   ("phones", self.t("phones.button"), self.toggle_phones,
                    self.t("phones.help")),
                   ("menu", self.t("menu_button"), self.to_title, self.t("menu_help"))]
        face = font(lay.body)
        # Seven buttons crowd a small screen: tighter buttons before a shorter heading, and
        # when even that leaves no room for the round's name, the phones' button gives way
        # (M and the pause screen still open the phones) until a team uses them.
        plain = heading.split(" · ", 1)[-1]
        need = font(lay.body, True).size(plain)[0] + lay.u(0.5)

        def used(units: float) -> int:
            return sum(face.size(b[1])[0] + lay.u(units) + lay.gap for b in buttons)

        if phones.active(self.app) is None and area.width - used(0.6) < need:
            buttons = [b for b in buttons if b[0] != "phones"]
        pad = lay.u(0.6)
        for units in (1.4, 1.0):
            if area.width - used(units) >= need:
                pad = lay.u(units)
                break
        x = area.right
        for key, text, callback, tip in reversed(buttons):
            width = face.size(text)[0] + pad
            x -= width
            enabled = not (key == "undo" and not state.actions) and not (
                self.paused and key != "menu")  # paused: only "Verder spelen" and the menu
            self.button(key, pygame.Rect(x, area.y, width, lay.row), text, callback,
                        tooltip=tip, enabled=enabled)
            x -= lay.gap
        room = x - area.x
        style = "heading"
        if font(lay.heading, True).size(heading)[0] > room - lay.u(0.5):
            style = "strong"  # a long team name: body-size bold rather than cut off
            if font(lay.body, True).size(heading)[0] > room - lay.u(0.5):
                heading = heading.split(" · ", 1)[-1]
            if font(lay.body, True).size(heading)[0] > room - lay.u(0.5):
                # A crowded bar (the timer on, a small screen): "Ronde 3/8 · 2030".
                heading = self.t("round_header_short", round=shown, rounds=state.last_round,
                                 year=year)
            heading = fit_text(heading, room - lay.u(0.5), lay.body, bold=True)
        self.label(pygame.Rect(area.x, area.y, room, lay.row), heading, object_id=style)
        meters = pygame.Rect(area.x, area.y + lay.row + lay.gap, area.width, lay.row)
        self.meters_rect = meters
        self.meters = self.image(meters, partial(self._meters_surface, meters.size),
                                 key=self._meters_key())

    def _meters_key(self) -> tuple[object, ...]:
        """Everything the meters row shows, so an unchanged row is not drawn again: the
        values to half a point (the numbers are whole, the draagvlak bar is short), the
        previewed card, the step or the timer's second, the score and the language."""
        timer = (int((self.timer or 0) + 0.999), int(self.timer_flash * 2)) \
            if self.timer_on else None
        return ("meters", tuple(self.shown_values()[0]), self.preview, self.step(), timer,
                self._score(), self.lang, self.meters_rect.size,
                self.state.compiled.content_hash)

    def _meters_surface(self, size: tuple[int, int]) -> pygame.Surface:
        """Budget, draagvlak, the score against the bar and the weakest value, in one line.

        The weakest value is never left out: on a narrow screen the row first says less
        around it (its status in words — the icon shows it —, then the draagvlak's bar and
        the current step's long name, then less space between and the row's words at the
        small size, still readable from the back) before its words are shortened."""
        lay = self.layout
        state = self.state
        scenario = state.scenario
        values, _ = self.shown_values()
        index = state.compiled.index
        surface = pygame.Surface(size, pygame.SRCALPHA)
        surface.fill((*p.PANEL, 255))
        mid = size[1] // 2
        budget_id = scenario.settings.budget
        draagvlak_id = scenario.settings.draagvlak
        budget = values[index[budget_id]]
        after = self._after_adopting()
        support = values[index[draagvlak_id]]

        def meters_words(then: str) -> tuple[str, str]:
            budget_words = f"{self.t('budget')} {number(budget, 0, self.lang)} M€"
            if after is not None:
                budget_words += " " + self.t(then, value=number(after[0], 0, self.lang))
            support_words = f"{self.t('draagvlak')} {number(support, 0, self.lang)}"
            if after is not None and after[1] != support:
                support_words += " " + self.t(then, value=number(after[1], 0, self.lang))
            return budget_words, support_words
        # The running score against the bar, always in sight (settled: what is already set
        # in motion counts, as it will at the end).
        score, threshold = self._score()
        score_words = self.t("score_bar", score=number(score, 1, self.lang),
                             threshold=amount(threshold, self.lang))
        weakest = weakest_value(state, values)
        weak_words: list[str] = []
        weak_kind = "ok"
        if weakest is not None:
            value = values[index[weakest]]
            weak_kind = status_kind(scenario, weakest, value)
            name = scenario.variable(weakest).name.get(self.lang)
            shown = number(value, 0, self.lang)
            weak_words = [self.t("weakest_value", name=name, value=shown,
                                 status=self.t(f"status.{weak_kind}")),
                          self.t("weakest_value_short", name=name, value=shown)]
        right = size[0] - lay.u(0.4)
        # From the fullest row to the barest: (status in words, draagvlak bar, the steps
        # (all four, the current one in full, or short), loose: body type, more space,
        # "(daarna 1)" rather than "» 1").
        levels = [(True, True, "all", True), (True, True, "long", True),
                  (False, True, "long", True), (False, False, "long", True),
                  (False, False, "short", True), (False, False, "short", False)]
        for words_kind, with_bar, steps_mode, loose in levels:
            space = lay.u(2) if loose else lay.u(1.6)
            after_score = lay.u(1.2) if loose else lay.u(0.8)
            text_size = lay.body if loose else lay.small
            bold = font(text_size, True)
            budget_words, support_words = meters_words("then_value" if loose
                                                       else "then_value_short")
            steps_w = (self._timer_width(steps_mode == "short") + lay.u(0.2) if self.timer_on
                       else self._steps_width(size[0], steps_mode) + lay.u(0.4))
            used = (lay.u(0.4) + bold.size(budget_words)[0] + space
                    + bold.size(support_words)[0]
                    + (lay.u(6.2) if with_bar else space)
                    + bold.size(score_words)[0] + after_score + lay.u(0.8) + steps_w)
            weak_w = (lay.u(2.4) + font(text_size).size(weak_words[0 if words_kind else 1])[0]
                      if weak_words else 0)
            if used + weak_w <= size[0]:
                break
        x = lay.u(0.4)
        rect = draw.text(surface, budget_words, (x, mid), text_size, bold=True)
        kind = status_kind(scenario, budget_id, budget)
        draw.status_icon(surface, kind, (rect.right + lay.u(0.7), mid), lay.u(0.9))
        x = rect.right + space
        rect = draw.text(surface, support_words, (x, mid), text_size, bold=True)
        kind = status_kind(scenario, draagvlak_id, support)
        if with_bar:
            variable = scenario.variable(draagvlak_id)
            bar_rect = pygame.Rect(rect.right + lay.u(0.4), mid - lay.u(0.25), lay.u(4),
                                   lay.u(0.5))
            draw.bar(surface, bar_rect, support, *variable.range, p.STATUS[kind],
                     [m for m in (variable.warning, variable.critical) if m is not None])
            draw.status_icon(surface, kind, (bar_rect.right + lay.u(0.7), mid), lay.u(0.9))
            x = bar_rect.right + lay.u(1.8)
        else:
            draw.status_icon(surface, kind, (rect.right + lay.u(0.7), mid), lay.u(0.9))
            x = rect.right + space
        if self.timer_on:
            # The timer names the step itself, so it takes the steps' place, large.
            compact = steps_mode == "short"
            width = self._timer_width(compact)
            steps_left = size[0] - lay.u(0.2) - width
            surface.blit(self._timer_surface((width, size[1] - 2), compact), (steps_left, 1))
        else:
            steps_left = self._draw_steps(surface, right, steps_mode)
        right_edge = steps_left - lay.u(0.8)
        colour = p.BLUISH_GREEN if score >= threshold else p.ORANGE
        if bold.size(score_words)[0] < right_edge - x:
            rect = draw.text(surface, score_words, (x, mid), text_size, colour, bold=True)
            x = rect.right + after_score
        if weak_words:
            room = right_edge - x - lay.u(1.2)
            words = fit_text(weak_words[0 if words_kind else 1], room, text_size)
            if room > lay.u(4):
                draw.status_icon(surface, weak_kind, (x + lay.u(0.45), mid), lay.u(0.9))
                draw.text(surface, words, (x + lay.u(1.2), mid), text_size, max_width=room)
        return surface

    def _score(self) -> tuple[float, float]:
        """The score now and the bar to reach, computed once per decision (the meters are
        redrawn every animation frame)."""
        state = self.state
        key = (id(state), len(state.actions))
        if self._score_cache is None or self._score_cache[0] != key:
            self._score_cache = (key, state.score(), state.compiled.win_threshold)
        return self._score_cache[1], self._score_cache[2]

    def _after_adopting(self) -> tuple[float, float] | None:
        """Budget and draagvlak if the proposal under the mouse or keyboard focus were
        adopted, so the meters show the choice before it is made."""
        card_id = self.preview
        state = self.state
        if card_id is None or self.view != "play" or state.phase != Phase.DECIDE:
            return None
        card = state.scenario.card(card_id)
        return state.budget - card.cost.budget, state.draagvlak - card.cost.draagvlak

    def on_focus(self, key: str | None) -> None:
        """Focusing an "Aannemen" button previews its cost on the meters."""
        self._set_preview(key)

    def _set_preview(self, key: str | None) -> None:
        card = key.split(":", 1)[1] if key and key.startswith("adopt:") else None
        if card != self.preview:
            self.preview = card
            self._redraw_meters()

    def on_ui_event(self, event: pygame.event.Event) -> None:
        """Hovering an "Aannemen" button previews its cost; leaving it ends the preview."""
        if event.type in (pygame_gui.UI_BUTTON_ON_HOVERED, pygame_gui.UI_BUTTON_ON_UNHOVERED):
            key = next((k for k, e in self.keys.items() if e is event.ui_element), None)
            if event.type == pygame_gui.UI_BUTTON_ON_UNHOVERED:
                key = self.app.focus_key
            self._set_preview(key)
        super().on_ui_event(event)

    def _steps(self, row_width: int, mode: str) -> tuple[list[str], list[int], bool]:
        """The steps' labels and box widths, and whether all four are shown: all four when
        they take at most a third of the row (`mode` "all"), else only the current one, in
        full ("Stap 2 van 4: Voorstellen", "long") or "2. Voorstellen" ("short")."""
        lay = self.layout
        face = font(lay.small, True)
        pad = lay.u(0.4)
        labels = [f"{i + 1}. {self.t('step.' + s)}" for i, s in enumerate(STEPS)]
        widths = [face.size(w)[0] + 2 * pad for w in labels]
        total = sum(widths) + lay.gap * (len(widths) - 1)
        if mode == "all" and total <= row_width * 0.35:
            return labels, widths, True
        index = STEPS.index(self.step())
        words = (self.t("step_of", number=index + 1, total=len(STEPS),
                        step=self.t("step." + STEPS[index])) if mode != "short"
                 else labels[index])
        return [words], [face.size(words)[0] + 2 * pad], False

    def _steps_width(self, row_width: int, mode: str) -> int:
        """How wide the steps are drawn (see :meth:`_steps`)."""
        _, widths, _ = self._steps(row_width, mode)
        return sum(widths) + self.layout.gap * (len(widths) - 1)

    def _draw_steps(self, surface: pygame.Surface, right: int, mode: str) -> int:
        """News › Propose › Decide › Effects at the right of the meters row, the current step
        boxed; only the current one when the row is short (see :meth:`_steps`).
        Returns where the steps begin, so the meters to their left keep clear of them."""
        lay = self.layout
        size = lay.small
        height = surface.get_height()
        current = self.step()
        labels, widths, every = self._steps(surface.get_width(), mode)
        box_h = min(height - 4, round(size * 1.5))
        y = (height - box_h) // 2
        x = right - sum(widths) - lay.gap * (len(widths) - 1)
        start = x
        steps = STEPS if every else (current,)
        for step, words, width in zip(steps, labels, widths, strict=True):
            rect = pygame.Rect(x, y, width, box_h)
            if step == current:
                pygame.draw.rect(surface, p.SKY_BLUE, rect, border_radius=lay.u(0.3))
                draw.text(surface, words, rect.center, size, p.TEXT_ON_ACCENT, bold=True,
                          align="centre")
            else:
                pygame.draw.rect(surface, p.BORDER, rect, 1, border_radius=lay.u(0.3))
                draw.text(surface, words, rect.center, size, p.TEXT_DIM, align="centre")
            x += width + lay.gap
        return start

    def _heading_box(self, area: pygame.Rect, html: str, small: bool = False,
                     measure: bool = False) -> int:
        """A heading that grows to fit its text; `measure`: only how tall it would be (kept:
        a text box made only to be measured costs more than the rest of the turn's line)."""
        key = (html, area.width, small, self.layout.width, self.layout.height)
        if measure and key in self._heights:
            return self._heights[key]
        box = self.text_box(pygame.Rect(area.x, area.y, area.width, -1), html,
                            object_id="small_plain" if small else "large_plain",
                            reuse=not measure)
        height = box.rect.height
        if len(self._heights) > 200:
            self._heights.clear()
        self._heights[key] = height
        if measure:
            box.kill()
            self.widgets.pop()
        return height

    # ---------------------------------------------------------------- the region
    def _region(self, rect: pygame.Rect, flows: list[Flow]) -> bool:
        """The region's picture in `rect` (False, and nothing drawn, when it does not fit)."""
        self.region_image = None
        layout = region_plan(self.state, self.layout, self.lang, rect.size, bool(flows))
        if layout is None or rect.height <= 0:
            return False
        self.region_rect, self.region_layout, self.region_flows = rect, layout, flows
        self._region_drawn = tuple(round(v) for v in self.shown_values()[0])
        self.region_image = self.image(rect, self._region_surface, key=self._region_key())
        return True

    def _region_key(self) -> tuple[object, ...]:
        """What the region's picture shows (it is drawn again only when this changes)."""
        values, previous = self.shown_values()
        return ("region", tuple(values), tuple(previous), self.region_rect.size,
                self.region_layout, tuple(self.region_flows), self.lang,
                self.state.compiled.content_hash)

    def _region_surface(self) -> pygame.Surface:
        values, previous = self.shown_values()
        return region_surface(self.state, values, previous, self.layout, self.lang,
                              self.region_rect.size, self.region_layout, self.region_flows)

    def _redraw_region(self) -> None:
        """While the values move: draw the picture again only when a shown number changed
        (tiles show whole numbers; redrawing every frame cost the animation its frames)."""
        image = getattr(self, "region_image", None)
        if image is not None and image.alive():
            key = tuple(round(v) for v in self.shown_values()[0])
            if key != getattr(self, "_region_drawn", None):
                self._region_drawn = key
                image.set_image(self._region_surface())
                image.shown_key = self._region_key()  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- banner and timer
    def _banner_surface(self, size: tuple[int, int]) -> pygame.Surface:
        """The lines just crossed, named: '⯃ Natuurlijk kapitaal 29: onder de kritieke grens
        30!' on red (critical) or orange (warning), with the same shapes as the dashboard."""
        lay = self.layout
        worst = "critical" if any(k == "critical" for _, k in self.alerts) else "warning"
        surface = pygame.Surface(size, pygame.SRCALPHA)
        back = p.VERMILLION if worst == "critical" else p.ORANGE
        ink = p.TEXT if worst == "critical" else p.TEXT_ON_ACCENT
        pygame.draw.rect(surface, back, surface.get_rect(), border_radius=lay.u(0.3))
        mid = size[1] // 2
        icon = lay.u(1.3)
        pygame.draw.circle(surface, p.BACKGROUND, (lay.u(0.4) + icon // 2, mid), icon * 3 // 5)
        draw.status_icon(surface, worst, (lay.u(0.4) + icon // 2, mid), icon)
        words = self.banner_words()
        left = lay.u(0.4) + icon + lay.u(0.5)
        room = size[0] - left - lay.u(0.4)
        words = fit_text(words, room, lay.body, bold=True)
        draw.text(surface, words, (left, mid), lay.body, ink, bold=True, max_width=room)
        return surface

    def banner_words(self) -> str:
        """What the banner says: each crossed line with its variable, value and level."""
        scenario = self.state.scenario
        index = self.state.compiled.index
        values = self.shown_values()[0]  # on the effects screen: the round's end
        parts = []
        for vid, kind in self.alerts[:BANNER_NAMES]:
            variable = scenario.variable(vid)
            line = variable.critical if kind == "critical" else variable.warning
            parts.append(self.t(f"crossed.{kind}", name=variable.name.get(self.lang),
                                value=number(values[index[vid]], 1, self.lang),
                                line=amount(line or 0, self.lang)))
        words = "  ·  ".join(parts)
        if len(self.alerts) > BANNER_NAMES:
            words += "  ·  " + self.t("and_more", count=len(self.alerts) - BANNER_NAMES)
        return words

    def _phase(self) -> tuple[object, ...]:
        """Which phase the timer counts for: every step, and every role's own turn."""
        state = self.state
        step = self.step()
        shown = self.resolved_round if self.view == "resolve" else state.round
        role = state.current_role if step == "propose" else None
        return (shown, step, role)

    def _sync_timer(self) -> None:
        """A new phase starts its own time (only when the timer is switched on)."""
        if not self.timer_on:
            self.timer = None
            self.timer_phase = None
            return
        phase = self._phase()
        if phase != self.timer_phase:
            self.timer_phase = phase
            self.timer = float(PHASE_SECONDS[self.step()])
            self.timer_flash = 0.0

    def _timer_size(self) -> int:
        return self.layout.u(1.4)

    def _timer_width(self, compact: bool) -> int:
        """The timer's width; `compact` (a narrow row): the time alone, so the weakest
        value keeps its name and number beside it."""
        lay = self.layout
        face = font(self._timer_size(), True)
        if compact:
            words = ["0:00", self.t("timer_up_short")]
        else:
            words = [f"{self.t('step.' + s)} 0:00" for s in STEPS] + [self.t("timer_up")]
        return max(face.size(w)[0] for w in words) + lay.u(1.2)

    def _timer_surface(self, size: tuple[int, int], compact: bool) -> pygame.Surface:
        """The phase timer, large: the step and its time left over a bar that empties; at
        zero a red box saying the time is up, flashing for a few seconds. `compact`: the
        time without the step's name (the steps row is gone then; the heading names it)."""
        lay = self.layout
        surface = pygame.Surface(size, pygame.SRCALPHA)
        left = max(0.0, self.timer or 0.0)
        total = float(PHASE_SECONDS[self.step()])
        radius = lay.u(0.3)
        text_size = self._timer_size()
        if left <= 0:
            bright = self.timer_flash > 0 and int(self.timer_flash * 2) % 2 == 0
            back = p.YELLOW if bright else p.VERMILLION
            ink = p.TEXT_ON_ACCENT if bright else p.TEXT
            pygame.draw.rect(surface, back, surface.get_rect(), border_radius=radius)
            draw.text(surface, self.t("timer_up_short" if compact else "timer_up"),
                      (size[0] // 2, size[1] // 2), text_size, ink, bold=True, align="centre")
            return surface
        pygame.draw.rect(surface, p.PANEL_RAISED, surface.get_rect(), border_radius=radius)
        share = left / total
        bar_h = max(3, lay.u(0.25))
        bar = pygame.Rect(0, size[1] - bar_h, round(size[0] * share), bar_h)
        colour = p.YELLOW if share > 0.25 else p.ORANGE
        pygame.draw.rect(surface, colour, bar, border_radius=radius)
        pygame.draw.rect(surface, colour, surface.get_rect(), max(2, lay.u(0.1)),
                         border_radius=radius)
        seconds = int(left + 0.999)
        words = f"{seconds // 60}:{seconds % 60:02d}"
        if not compact:
            words = f"{self.t('step.' + self.step())} {words}"
        draw.text(surface, words, (size[0] // 2, (size[1] - bar_h) // 2), text_size, colour,
                  bold=True, align="centre")
        return surface

    def _redraw_timer(self) -> None:
        self._redraw_meters()

    # ---------------------------------------------------------------- views
    def _news_header(self) -> str:
        return f"<b>{escape(self.t('news_header', year=self.state.year))}</b>"

    def _news_tiles(self) -> tuple[list[str], list[pygame.Surface | None]]:
        """The news screen's texts, in order, and the pictures of its events."""
        state = self.state
        tiles_html = [event_html(state, event_id, self.lang) for event_id in state.round_events]
        pictures = [self._picture(state.scenario.event(e).image) for e in state.round_events]
        if not state.round_events:
            tiles_html.append(escape(self.t("no_news")))
        if state.round < state.last_round:
            # A round ahead: what may come, so the team can prepare (a reserve, a card that
            # softens it) instead of meeting a shock as a dice roll.
            ahead = outlook_lines(state, self.lang, limit=3)
            year = state.scenario.year_of_round(state.round + 1)
            tiles_html.append(f"<b>{escape(self.t('outlook.header', year=year))}</b><br>"
                              + ("<br>".join(escape(line) for line in ahead)
                                 or escape(self.t("outlook.calm"))))
        if state.round == 1 and state.scenario.description is not None:
            # The news first, then (in the first round) what the scenario is about.
            tiles_html.append(f"<b>{escape(state.scenario.title.get(self.lang))}</b><br>"
                              + escape(state.scenario.description.get(self.lang)))
        return tiles_html, pictures

    def _news_room(self, area: pygame.Rect, measure: bool = False
                   ) -> tuple[int, int, int | None]:
        """The news screen in `area`: the top below its heading, the bottom above its
        button, and the region picture's smallest height below the news (None: too little
        room for one a room can read). Shared by :meth:`_news` and :meth:`_warm_news`,
        which lays the next news out ahead; `measure`: the heading is not put on screen."""
        lay = self.layout
        top = area.y + self._heading_box(area, self._news_header(), measure=measure) + lay.gap
        bottom = area.bottom - lay.row - lay.gap
        picture_h = region_height(self.state, lay, self.lang, area.width, False)
        if picture_h is not None and bottom - top - picture_h - lay.gap < lay.u(7):
            picture_h = None
        return top, bottom, picture_h

    def _news(self, area: pygame.Rect) -> None:
        lay = self.layout
        button_y = area.bottom - lay.row
        tiles_html, pictures = self._news_tiles()
        top, bottom, picture_h = self._news_room(area)
        room = bottom - top
        width = area.width - self.scrollbar_width() - lay.gap
        # The news straight on the screen when it fits above the picture at its smallest
        # (the picture gives up room for it: text a room need not scroll; the boxes are kept
        # between rebuilds and made ahead while the effects are read, see warm), else in a
        # scrolling region above a picture of half the room.
        known = [self._heights.get(("news", html, width)) for html in tiles_html]
        free = room - (picture_h + lay.gap if picture_h is not None else 0)
        if None in known or sum(h or 0 for h in known) <= free:
            mark = len(self.widgets)
            news_h = self._news_items(tiles_html, pictures, area.x, top, width, None) \
                - lay.gap - top
            if news_h <= free:
                if picture_h is not None:
                    picture_h = max(picture_h, min(room // 2, room - news_h - lay.gap))
                    self._region(pygame.Rect(area.x, bottom - picture_h, area.width,
                                             picture_h), [])
                self._news_button(area, button_y)
                return
            for element, _ in self.widgets[mark:]:
                element.kill()
            del self.widgets[mark:]
        if picture_h is not None:
            picture_h = max(picture_h, room // 2)
            self._region(pygame.Rect(area.x, bottom - picture_h, area.width, picture_h), [])
            bottom -= picture_h + lay.gap
        self._news_box(pygame.Rect(area.x, top, area.width, bottom - top), tiles_html,
                       pictures, width)
        self._news_button(area, button_y)

    def _news_box(self, rect: pygame.Rect, tiles_html: list[str],
                  pictures: list[pygame.Surface | None], width: int,
                  ahead: bool = False) -> None:
        """The news in a scrolling region at `rect`: the one made ahead while the effects
        were read when it waits (see :meth:`warm`), else made now; `ahead`: make it, hidden,
        to wait."""
        ident = ("news", rect.size, tuple(tiles_html), width)
        waiting = self._warm.pop(ident, None)
        if waiting and not ahead:
            box = waiting[0]
            assert isinstance(box, UIScrollingContainer)
            box.set_relative_position(rect.topleft)
            box.show()
            self.scrollers.append(box)
            self.widgets.append((box, None))
            self.widgets += box.warm_widgets  # type: ignore[attr-defined]
            return
        if ahead and waiting:
            self._warm[ident] = waiting
            return
        mark, scrollers = len(self.widgets), len(self.scrollers)
        box = self.scroller(rect, 1)
        self.fit_scroller(box, self._news_items(tiles_html, pictures, 0, 0, width, box))
        if ahead:
            box.warm_widgets = self.widgets[mark + 1:]  # type: ignore[attr-defined]
            del self.widgets[mark:]
            del self.scrollers[scrollers:]
            box.hide()
            self._warm[ident] = [box]

    def _news_items(self, tiles_html: list[str], pictures: list[pygame.Surface | None],
                    x: int, y: int, width: int, box: UIScrollingContainer | None) -> int:
        """The news's pictures and texts from (x, y) down (in `box`, or on the screen);
        returns the y below the last, and keeps each text's height."""
        lay = self.layout
        for i, html in enumerate(tiles_html):
            picture = pictures[i] if i < len(pictures) else None
            if picture is not None:
                scaled = _fit(picture, (width, lay.u(8)))
                self.image(pygame.Rect((x, y), scaled.get_size()), scaled, container=box)
                y += scaled.get_height() + lay.gap // 2
            tb = self.text_box(pygame.Rect(x, y, width, -1), html, container=box,
                               object_id="large")
            self._heights[("news", html, width)] = tb.rect.height
            y += tb.rect.height + lay.gap
        return y

    def _news_button(self, area: pygame.Rect, button_y: int) -> None:
        lay = self.layout
        label = self.t("to_proposals") if not self.state.is_terminal() else self.t("to_end")
        self.button("continue", pygame.Rect(area.x, button_y, area.width, lay.row),
                    f"{label}  [Enter]", self.continue_from_news, object_id="primary_large")
        self.default_key = "continue"

    def _turn_key(self) -> tuple[int, int]:
        return (self.state.round, len(self.state.actions))

    def _phone_turn(self, area: pygame.Rect, player: str, what: str) -> None:
        """A turn played on a phone: the board says whose and waits; the facilitator may
        still play it here (a flat battery, a player who left)."""
        lay = self.layout
        head = (f"<b>{escape(what)}</b><br>{escape(self.t('phones.on_phone', player=player))}"
                f"<br>{dim(phones.status_line(self.app))}")
        top = area.y + self._heading_box(area, head) + lay.gap
        self.button("here", pygame.Rect(area.x, top, min(area.width, lay.u(18)), lay.row),
                    self.t("phones.play_here"), self.play_here,
                    tooltip=self.t("phones.play_here_help"))
        self.default_key = "here"

    def play_here(self) -> None:
        """Play the phone's turn on the laptop after all."""
        self.laptop_turn = self._turn_key()
        self.rebuild()

    def _propose(self, area: pygame.Rect) -> None:
        state = self.state
        role_id = state.current_role
        on_phone = phones.on_phone_now(self.app)
        if on_phone is not None and self.laptop_turn != self._turn_key():
            role_label = role_name(state, role_id or "", self.lang)
            self._phone_turn(area, on_phone,
                             self.t("turn_propose", role=role_label, player=on_phone))
            return
        head, tiles = self._propose_parts(state, area.width)
        self._hand(area, head, tiles, "pass", f"{self.t('pass_button')}  [0]",
                   lambda: self.decide(Action.pass_()), primary=False)
        self.shortcuts[0] = lambda: self.decide(Action.pass_())

    def _propose_parts(self, state: GameState, width: int) -> tuple[str, list[CardTile]]:
        """The turn's words for a line `width` wide and the role's cards as `state` has
        them (the state shown, or one a decision may lead to: see :meth:`warm`)."""
        lay = self.layout
        role_id = state.current_role
        role = next(r for r in state.scenario.roles if r.id == role_id)
        player = state.config.players[state.current_player or 0]
        head = (f"<b>{escape(self.t('turn_propose', role=role.name.get(self.lang), player=player))}"
                f"</b>")
        if role.goal is not None:
            head += " " + dim(f"{self.t('goal')}: {role.goal.text.get(self.lang)}")
        limit = proposal_limit(state, state.current_player or 0, self.lang)
        if limit:
            head += "<br>" + escape(limit)
        shared = shared_role(state, role.id, self.lang)
        if shared:
            head += "<br>" + escape(shared)
        status = phones.status_line(self.app)
        if status:
            head += "<br>" + dim(status)
        if state.proposals:
            # One line, however many proposals: the cards below keep their room.
            titles = ", ".join(state.scenario.card(pr.card).title.get(self.lang)
                               for pr in state.proposals)
            words = fit_text(self.t("on_table_count", count=len(state.proposals),
                                    titles=titles), width - lay.u(0.5), lay.small)
            head += "<br>" + escape(words)
        legal = {a.card for a in state.legal_actions() if a.kind == "propose"}
        tiles = []
        # Keys follow the hand's order and never move within the round: "neem 2" is the
        # same card before and after another card was proposed.
        for position, card_id in enumerate(state.hands[role.id]):
            label = key_label(position)
            if card_id in legal:
                tiles.append(CardTile(f"propose:{card_id}", card_id, label,
                                      partial(self.decide, Action.propose(card_id)),
                                      tooltip=self._card_tip(card_id)))
            else:
                tiles.append(CardTile(f"propose:{card_id}", card_id, label, None,
                                      note=unavailable_reason(state, card_id, self.lang),
                                      tooltip=self._card_tip(card_id)))
        return head, tiles

    def _card_tip(self, card_id: str) -> str:
        """Details on demand: the card's own text and the source it is based on."""
        card = self.state.scenario.card(card_id)
        tip = f"<b>{escape(card.title.get(self.lang))}</b><br>{escape(card.text.get(self.lang))}"
        if card.source is not None:
            tip += "<br>" + escape(self.t("card_tip_source", source=card.source.get(self.lang)))
        return tip

    def _hand(self, area: pygame.Rect, head: str, tiles: list[CardTile], action_key: str,
              action_text: str, action: Callable[[], None], primary: bool) -> None:
        """The turn in a line with the round's main button at its right, then the cards in
        columns that fit without scrolling (at most a page turn on a small screen), and a
        key per card."""
        lay = self.layout
        action_w, page_w = self._hand_buttons(action_text)
        beside, text_w, cards, plan = self._hand_plan(self.state, area, head, tiles,
                                                      action_text)
        pages = max(1, len(plan.pages))
        self._heading_box(pygame.Rect(area.x, area.y, text_w, 0), head, small=True)
        self.card_page = min(self.card_page, pages - 1)
        self.card_pages = pages
        place_hand(self, cards, tiles, plan, self.card_page)
        if beside:
            action_rect = pygame.Rect(area.right - action_w, area.y, action_w, lay.row)
            page_rect = pygame.Rect(action_rect.x - lay.gap - page_w, area.y, page_w, lay.row)
        else:
            half = (area.width - lay.gap) // 2 if pages > 1 else area.width
            action_rect = pygame.Rect(area.x, area.bottom - lay.row, half, lay.row)
            page_rect = pygame.Rect(area.x + half + lay.gap, area.bottom - lay.row,
                                    area.width - half - lay.gap, lay.row)
        self.button(action_key, action_rect, action_text, action,
                    object_id="primary" if primary else None)
        if pages > 1:
            self.button("cards_page", page_rect,
                        self.t("cards_more", page=self.card_page + 1, pages=pages),
                        self.turn_page)
        for tile in tiles:
            if tile.callback is not None:
                self.shortcuts[_position_of(tile.label)] = tile.callback
        shown = [i for column in (plan.pages[self.card_page] if plan.pages else ())
                 for i in column]
        self.default_key = next((tiles[i].key for i in shown if tiles[i].callback is not None),
                                action_key)

    def _hand_buttons(self, action_text: str) -> tuple[int, int]:
        """The widths of a hand's main button (saying `action_text`) and its page button
        (shared by :meth:`_hand` and :meth:`_hand_plan`, so a plan made ahead matches)."""
        lay = self.layout
        return (font(lay.body, True).size(action_text)[0] + lay.u(1.6),
                font(lay.body).size(self.t("cards_more", page=9, pages=9))[0] + lay.u(1.6))

    def _hand_plan(self, state: GameState, area: pygame.Rect, head: str,
                   tiles: list[CardTile], action_text: str
                   ) -> tuple[bool, int, pygame.Rect, HandLayout]:
        """Where the turn's words and the cards go, and the cards' plan: whether the
        buttons sit beside the words, the words' width, the cards' room. Nothing is put on
        screen (so :meth:`warm` can plan a hand ahead)."""
        lay = self.layout
        action_w, page_w = self._hand_buttons(action_text)
        # A wide screen puts the buttons beside the turn (the cards get the height); a narrow
        # one below the cards, where the turn's words have the whole width.
        beside = area.width - action_w - page_w - 2 * lay.gap >= area.width * 0.4
        sizes = list(range(lay.body, lay.small - 1, -1)) or [lay.small]
        text_w = area.width - action_w - lay.gap if beside else area.width
        bottom = area.bottom if beside else area.bottom - lay.row - lay.gap

        def plan_for(width: int) -> tuple[pygame.Rect, HandLayout]:
            # The cards start below the turn's words as they are drawn at this width, so
            # nothing a team reads is ever under them.
            text_h = self._heading_box(pygame.Rect(area.x, area.y, width, 0), head,
                                       small=True, measure=True)
            top = area.y + max(text_h, lay.row if beside else 0) + lay.gap
            cards = pygame.Rect(area.x, top, area.width, bottom - top)
            return cards, plan_hand(state, tiles, self.lang, cards, sizes, lay.gap)

        cards, plan = plan_for(text_w)
        if beside and len(plan.pages) > 1:  # the page button takes room from the words
            text_w -= page_w + lay.gap
            cards, plan = plan_for(text_w)
        return beside, text_w, cards, plan

    def turn_page(self) -> None:
        """The other page of a hand that does not fit a small screen at once."""
        self.card_page = (self.card_page + 1) % max(1, self.card_pages)
        self.app.focus_key = None
        self.rebuild()

    def _decide(self, area: pygame.Rect) -> None:
        head, tiles = self._decide_parts(self.state)
        self._hand(area, head, tiles, "done", f"{self.t('done_button')}  [0]",
                   lambda: self.decide(Action.done()), primary=True)
        self.shortcuts[0] = lambda: self.decide(Action.done())

    def _decide_parts(self, state: GameState) -> tuple[str, list[CardTile]]:
        """The decision's words and the proposals as `state` has them (see
        :meth:`_propose_parts`)."""
        head = f"<b>{escape(self.t('decide_header'))}</b> {dim(self.t('decide_help'))}"
        adoptable = {a.card for a in state.legal_actions() if a.kind == "adopt"}
        tiles = []
        # A proposal keeps its key after another is adopted (the adopted one stays, marked).
        for position, proposal in enumerate(state.proposals):
            by = self.t("proposed_by", role=role_name(state, proposal.role, self.lang))
            label = key_label(position)
            key = f"adopt:{proposal.card}"
            if proposal.adopted:
                tiles.append(CardTile(key, proposal.card, label, None, note=by,
                                      mark=self.t("adopted_mark"),
                                      tooltip=self._card_tip(proposal.card)))
            elif proposal.card in adoptable:
                tiles.append(CardTile(key, proposal.card, label,
                                      partial(self.decide, Action.adopt(proposal.card)),
                                      note=by, tooltip=self._card_tip(proposal.card)))
            else:
                tiles.append(CardTile(key, proposal.card, label, None,
                                      note=f"{by} · {self.t('reason.too_expensive')}",
                                      tooltip=self._card_tip(proposal.card)))
        return head, tiles

    def _vote(self, area: pygame.Rect) -> None:
        lay = self.layout
        state = self.state
        proposal = state.under_vote
        if proposal is None:
            return
        voter = state.config.players[state.current_player or 0]
        votes = votes_so_far(state)
        left = len(state.config.players) - len(votes)
        number = state.proposals.index(proposal) + 1
        head = (f"<b>{escape(self.t('vote_header', player=voter))}</b> "
                f"({escape(self.t('proposal_of', number=number, total=len(state.proposals)))})<br>")
        if phones.active(self.app) is not None:
            # with phones the vote is secret: the board counts who voted, never how
            head += escape(phones.status_line(self.app))
        else:
            head += escape(self.t('vote_tally', yes=sum(votes), no=len(votes) - sum(votes),
                                  left=left))
        on_phone = phones.on_phone_now(self.app)
        if on_phone is not None and self.laptop_turn != self._turn_key():
            first = self._vote_first_row(area, area.bottom)
            self._phone_turn(pygame.Rect(area.x, area.y, area.width, area.height - first),
                             on_phone, self.t("vote_header", player=on_phone))
            return
        top = area.y + self._heading_box(area, head) + lay.gap
        by = self.t("proposed_by", role=role_name(state, proposal.role, self.lang))
        first = self._vote_first_row(area, area.bottom - lay.row - lay.gap)
        box_rect = pygame.Rect(area.x, top, area.width,
                               area.bottom - lay.row - lay.gap - first - top)
        self.text_box(box_rect, card_html(state, proposal.card, self.lang, dim(by)),
                      object_id="large")
        half = (area.width - lay.gap) // 2
        yes = lambda: self.decide(Action.vote(proposal.card, True))  # noqa: E731
        no = lambda: self.decide(Action.vote(proposal.card, False))  # noqa: E731
        self.button("vote_yes", pygame.Rect(area.x, area.bottom - lay.row, half, lay.row),
                    f"{self.t('vote_yes')}  [1]", yes, object_id="primary_large")
        self.button("vote_no", pygame.Rect(area.x + half + lay.gap, area.bottom - lay.row,
                                           half, lay.row), f"{self.t('vote_no')}  [2]", no,
                    object_id="button_large")
        self.shortcuts[1] = yes
        self.shortcuts[2] = no
        self.default_key = "vote_yes"

    def _vote_first_row(self, area: pygame.Rect, bottom: int) -> int:
        """Before the first vote on a proposal, a button per other proposal to vote on it
        first (keys 3–9 for the first seven): what is adopted first gets the budget, so the
        team — not the order in which the roles proposed — says what comes first. The rows
        end at `bottom`; returns the height they take."""
        lay = self.layout
        state = self.state
        movable = [a for a in state.legal_actions() if a.kind == "next"]  # none once voting began
        if not movable:
            return 0
        # Two columns (three for many), the key first so a long title never hides it.
        columns = 2 if len(movable) <= 6 else 3
        rows = (len(movable) + columns - 1) // columns
        height = (rows + 1) * (lay.row + lay.gap)
        y = bottom - height + lay.gap
        self.label(pygame.Rect(area.x, y, area.width, lay.row),
                   fit_text(self.t("vote_first_heading"), area.width - lay.u(0.5), lay.body),
                   object_id="dim")
        width = (area.width - (columns - 1) * lay.gap) // columns
        for i, action in enumerate(movable):
            title = state.scenario.card(action.card).title.get(self.lang)
            key = f"[{i + 3}]  " if i + 3 <= 9 else ""
            text = fit_text(f"{key}{title}", width - lay.u(1), lay.body)
            callback = partial(self.decide, action)
            rect = pygame.Rect(area.x + (i % columns) * (width + lay.gap),
                               y + (i // columns + 1) * (lay.row + lay.gap), width, lay.row)
            self.button(f"next:{action.card}", rect, text, callback,
                        tooltip=self.t("vote_first_help", card=title))
            if key:
                self.shortcuts[i + 3] = callback
        return height

    def _resolve(self, area: pygame.Rect, pipe: pygame.Rect | None = None) -> None:
        lay = self.layout
        state = self.state
        rnd = self.resolved_round
        year = state.scenario.year_of_round(rnd)
        span = f"{year}–{year + state.scenario.years_per_round}"
        head = f"<b>{escape(self.t('why_round', year=span))}</b>"
        top = area.y + self._heading_box(area, head) + lay.gap
        lines = []
        for change in round_changes(state, rnd):
            name = escape(state.scenario.variable(change.variable).name.get(self.lang))
            causes = ", ".join(f"{escape(describe_cause(state.scenario, e, self.lang))} "
                               f"{signed(e.delta, 1, self.lang)}" for e in change.causes[:3])
            more = len(change.causes) - 3
            if more > 0:
                causes += ", " + escape(self.t("and_more", count=more))
            colour = p.hex_colour(p.UP if change.total > 0 else p.DOWN)
            total = signed(change.total, 1, self.lang)
            lines.append(f"<b>{name} <font color='{colour}'>{total}</font></b>: {causes}")
        html = "<br>".join(lines) or escape(self.t("nothing_changed"))
        if self.anim < 1.0:
            # First the values move on the dashboard; the explanation follows when they stop.
            html = escape(self.t("region_changing"))
        bottom = area.bottom - lay.row - lay.gap
        # The region with the round's cards above it and a line from each card to what it
        # moved; the explanation in words below (the pipeline waits for the news).
        flows = round_flows(state, rnd)
        picture_h = region_height(state, lay, self.lang, area.width, bool(flows))
        room = self.WHY_ROOM_WIDE if self.region_wide else self.WHY_ROOM
        if (picture_h is not None and pipe is not None
                and pipe.bottom - lay.row - lay.gap - top - picture_h >= lay.u(room)):
            bottom = pipe.bottom - lay.row - lay.gap
            self._region(pygame.Rect(area.x, top, area.width, picture_h), flows)
            top += picture_h + lay.gap
            area = area.union(pipe)
            self.pipeline_shown = False
        box_rect = pygame.Rect(area.x, top, area.width, bottom - top)
        self.text_box(box_rect, html, object_id="large")
        if state.is_terminal():
            label = self.t("to_end")
        else:
            label = self.t("to_next_round", year=state.year)
        self.button("continue", pygame.Rect(area.x, area.bottom - lay.row, area.width, lay.row),
                    f"{label}  [Enter]", self.continue_from_resolve,
                    object_id="primary_large")
        self.default_key = "continue"

    def _pipeline(self, area: pygame.Rect) -> None:
        """What is already set in motion (see :meth:`_pipeline_html`)."""
        self.text_box(area, self._pipeline_html(), object_id="small")

    def _pipeline_html(self) -> str:
        """Per coming year one total per variable, with its own name and sign (never a sum
        of unlike variables under one name)."""
        state = self.state
        scenario = state.scenario
        rows = []
        for rnd, totals in pipeline_totals(state):
            year = scenario.year_of_round(rnd)
            parts = []
            for vid, delta in totals:
                colour = p.hex_colour(p.UP if delta > 0 else p.DOWN)
                parts.append(f"{escape(scenario.variable(vid).name.get(self.lang))} "
                             f"<font color='{colour}'><b>{signed(delta, 1, self.lang)}</b></font>")
            rows.append(f"<b>{year}</b>: " + ", ".join(parts))
        return f"<b>{escape(self.t('pipeline'))}</b><br>" + (
            "<br>".join(rows) if rows else escape(self.t("pipeline_empty")))

    def _variable(self, area: pygame.Rect) -> None:
        """A variable's history and its causes (details on demand)."""
        lay = self.layout
        state = self.state
        scenario = state.scenario
        vid = self.selected or ""
        variable = scenario.variable(vid)
        index = state.compiled.index[vid]
        value = state.values[index]
        kind = status_kind(scenario, vid, value)
        head = (f"<b>{escape(variable.name.get(self.lang))}: {value:.0f}</b> "
                f"({escape(self.t('status.' + kind))})")
        real = reading(scenario, vid, value, self.lang)
        if real:
            head += f"<br>{escape(self.t('real_world'))}: {escape(real)}"
        if variable.description is not None:
            head += "<br>" + dim(variable.description.get(self.lang))
        thresholds = []
        if variable.warning is not None:
            thresholds.append(self.t("warning_below", value=f"{variable.warning:g}"))
        if variable.critical is not None:
            thresholds.append(self.t("critical_below", value=f"{variable.critical:g}"))
        if thresholds:
            head += "<br>" + escape(", ".join(thresholds))
        close = f"{self.t('close_button')}  [Esc]"
        close_w = font(lay.body, True).size(close)[0] + lay.u(1.6)
        self.button("close", pygame.Rect(area.right - close_w, area.y, close_w, lay.row),
                    close, self.close_variable, object_id="primary")
        top = area.y + self._heading_box(
            pygame.Rect(area.x, area.y, area.width - close_w - lay.gap, 0), head) + lay.gap
        top = max(top, area.y + lay.row + lay.gap)
        chart_h = max(lay.u(7), (area.bottom - top) * 2 // 5)
        history = [row[index] for row in state.history()]
        years = [str(scenario.year_of_round(1) + i * scenario.years_per_round)
                 for i in range(len(history))]
        if state.phase != Phase.OVER and len(history) and history[-1] != value:
            history.append(value)
            years.append(self.t("now_label"))
        surface = draw.chart((area.width, chart_h), history, years, *variable.range,
                             text_size=lay.body, warning=variable.warning,
                             critical=variable.critical)
        self.image(pygame.Rect(area.x, top, area.width, chart_h), surface)
        top += chart_h + lay.gap
        causes = _merged(state.ledger(vid))
        lines = [f"{escape(describe_cause(scenario, e, self.lang))} {signed(e.delta, 1, self.lang)}"
                 for e in causes[:8]]
        coming = [e for e in state.pipeline() if e.variable == vid]
        coming_lines = [f"{scenario.year_of_round(e.round)}: "
                        f"{escape(describe_cause(scenario, e, self.lang))} "
                        f"{signed(e.delta, 1, self.lang)}" for e in coming[:6]]
        html = f"<b>{escape(self.t('causes_header'))}</b><br>" + (
            "<br>".join(lines) or escape(self.t("nothing_changed")))
        if coming_lines:
            html += f"<br><b>{escape(self.t('pipeline'))}</b><br>" + "<br>".join(coming_lines)
        self.text_box(pygame.Rect(area.x, top, area.width, area.bottom - top), html,
                      object_id="large")
        self.default_key = "close"

    def _readings(self, area: pygame.Rect, values: list[float]) -> None:
        """The dashboard as real-world readings: every variable's value, status in words and
        what it means outside the game, grouped like the dashboard."""
        state = self.state
        scenario = state.scenario
        index = state.compiled.index
        lines = []
        for category, ids in board_variables(scenario):
            lines.append(f"<font color='{p.hex_colour(p.YELLOW)}'><b>"
                         f"{escape(self.t('category.' + category.value))}</b></font>")
            for vid in ids:
                value = values[index[vid]]
                kind = status_kind(scenario, vid, value)
                name = scenario.variable(vid).name.get(self.lang)
                line = (f"<b>{escape(name)} {value:.0f}</b> "
                        f"({escape(self.t('status.' + kind))})")
                real = reading(scenario, vid, value, self.lang)
                if real:
                    line += f": {escape(real)}"
                lines.append(line)
        self.text_box(area, "<br>".join(lines))

    def toggle_readings(self) -> None:
        """Dashboard: bars and arrows, or the real-world readings (W)."""
        self.readings = not self.readings
        self.rebuild()

    def _build_paused(self, area: pygame.Rect) -> None:
        lay = self.layout
        y = area.y + lay.u(3)
        self.label(pygame.Rect(area.x, y, area.width, lay.u(4)), self.t("paused"),
                   object_id="title")
        y += lay.u(5)
        self.button("resume", pygame.Rect(area.x, y, area.width, lay.row),
                    f"{self.t('resume_play')}  [P]", self.toggle_pause, object_id="primary")
        y += lay.row + lay.gap
        self.button("pause_phones", pygame.Rect(area.x, y, area.width, lay.row),
                    f"{self.t('phones.button')}  [M]", self.phones_from_pause,
                    tooltip=self.t("phones.help"))
        self.text_box(pygame.Rect(area.x, y + lay.row + lay.u(1.5), area.width, -1),
                      self.t("keys_help"), object_id="plain")
        self.default_key = "resume"

    # ---------------------------------------------------------------- actions
    def decide(self, action: Action) -> None:
        """Apply a decision (autosaved), and move to the effects when the round resolved."""
        state = self.state
        if action not in state.legal_actions():
            return
        self.card_page = 0  # the next hand (or the decision) starts on its first page
        before = state.round
        values_before = list(state.values)
        self.session.apply(action)
        phones.follow(self.app)  # the phones' choices that waited for this turn follow
        self._moved_on(before, values_before, action.kind == "adopt")

    def _moved_on(self, before: int, values_before: list[float], adopted: bool) -> None:
        """After the game changed: banners and sounds for what crossed a line, to the
        effects when the round resolved, else rebuilt."""
        state = self.state
        resolved = state.is_terminal() or state.round != before
        # A resolved round's effects end at its last row of history; the next round's news
        # has already moved the values on, and its lines are news for the news screen.
        after = list(state.history()[-1]) if resolved and state.history() else list(
            state.values)
        crossed = crossings(state.scenario, state.compiled.index, values_before, after)
        self.pending_alerts = (crossings(state.scenario, state.compiled.index, after,
                                         list(state.values)) if resolved else [])
        if crossed:
            self.alerts = crossed
            worst = crossed[0][1]
            self.app.sounds.play(worst)
        elif adopted:
            self.app.sounds.play("adopt")
        if state.is_terminal() or state.round != before:
            self.resolved_round = before
            self._set_view("resolve")
            self.anim = 0.0
        self.app.focus_key = None
        self._phones_seen = phones.signature(self.app)
        self.rebuild()

    def phones_from_pause(self) -> None:
        """From the pause screen: go on playing, with the phones' QR code on screen."""
        self.paused = False
        self.toggle_phones()

    def toggle_phones(self) -> None:
        """Show the QR code for the phones (starting them the first time), or hide it."""
        self.show_phones = not self.show_phones
        if self.show_phones:
            phones.start(self.app)
        self.app.focus_key = None
        self.rebuild()

    def _board_key(self) -> tuple[object, ...]:
        """What the round's board shows of the game: a vote cast that decides nothing yet
        changes none of it (the phones' count is the status line's)."""
        state = self.state
        under = state.under_vote
        # votes on phones move the voter on unseen; a voter at the laptop must be shown
        voter = None if phones.on_phone_now(self.app) is not None else state.current_player
        return (state.round, state.phase, state.current_role, voter,
                under.card if under is not None else None,
                tuple((p.card, p.adopted) for p in state.proposals))

    def _follow_phones(self) -> None:
        """A phone changed something: apply what waited for its turn, show what changed."""
        if not phones.changed(self.app):
            return  # no phones, or nothing new from them since the last frame: no work
        before, values_before = self.state.round, list(self.state.values)
        board = self._board_key()
        if phones.follow(self.app) and self._board_key() != board:
            self.card_page = 0
            self._moved_on(before, values_before, False)
            return
        seen = phones.signature(self.app)
        if seen != self._phones_seen:
            # only who joined, who is ready or how many voted changed: the line that says so
            # is redrawn at most every STATUS_SECONDS, so 36 busy phones cost no frames
            now = pygame.time.get_ticks() / 1000
            if now - self._phones_drawn >= phones.STATUS_SECONDS:
                self._phones_seen = seen
                self._phones_drawn = now
                self.rebuild()
            else:
                phones.look_again(self.app)  # the line is still to be redrawn

    def _set_view(self, view: str) -> None:
        self.view = view
        self.session.client.update(view=view, resolved_round=self.resolved_round,
                                   lang=self.lang)
        self.session.save()

    def continue_from_news(self) -> None:
        """From the news to the proposals (the banner has been seen: it goes)."""
        self.alerts = []
        self._set_view("play")
        self.app.focus_key = None
        if self.state.is_terminal():
            self.to_end()
            return
        self.rebuild()

    def continue_from_resolve(self) -> None:
        """From the effects to the next round's news, or to the end."""
        if self.anim < 1.0:
            self.anim = 1.0
            self.rebuild()
            return
        if self.state.is_terminal():
            self.to_end()
            return
        pending = getattr(self, "pending_alerts", [])
        if pending:  # the news took a value over a line
            self.alerts = pending
            self.pending_alerts = []
            self.app.sounds.play(pending[0][1])
        self._set_view("news")
        self.app.focus_key = None
        self.rebuild()

    def to_end(self) -> None:
        """The game is over: the end screen."""
        from morgenmaken.ui.scenes.end import EndScene
        self.app.switch(EndScene(self.app))

    def select(self, variable_id: str) -> None:
        """Show a variable's history and causes (again: close it)."""
        self.selected = None if self.selected == variable_id else variable_id
        self.rebuild()

    def close_variable(self) -> None:
        """Back from the variable's details."""
        key = f"var:{self.selected}" if self.selected else None
        self.selected = None
        self.rebuild()
        if key:
            self.app.set_focus(key)

    def toggle_pause(self) -> None:
        """Facilitator: pause (the timer stops, the screen says so) and resume."""
        self.paused = not self.paused
        self.app.focus_key = None
        self.rebuild()

    def toggle_timer(self) -> None:
        """Facilitator: switch the phase timer on (each step and each role's turn gets its
        own time, shown large) or off."""
        self.timer_on = not self.timer_on
        self.timer_phase = None  # on: this phase starts a fresh time
        self.rebuild()

    def toggle_sound(self) -> None:
        """The one switch for all sound (S)."""
        self.app.sounds.toggle()
        self.rebuild()

    def undo(self) -> None:
        """Facilitator: take back the last decision."""
        if self.session.undo():
            self.selected = None
            self.alerts = []
            self.anim = 1.0
            self._set_view("play")
            self.app.focus_key = None
            self.rebuild()

    def _undo_tip(self) -> str:
        if not self.state.actions:
            return self.t("undo_nothing")
        last = self.state.actions[-1]
        return self.t("undo_help", what=action_summary(self.state, last, self.lang))

    def to_title(self) -> None:
        """Back to the title screen; the game is saved and can be resumed there."""
        from morgenmaken.ui.scenes.title import TitleScene
        self.session.save()
        self.app.session = None
        self.app.switch(TitleScene(self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        """P pause, T timer, Ctrl+Z undo, F5 reload, Esc closes details, number keys pick."""
        key = event.key
        if key == pygame.K_F5:
            self.hot_reload()
            return True
        if key == pygame.K_ESCAPE and self.reload_notice is not None:
            self.close_reload()
            return True
        if key == pygame.K_ESCAPE and self.show_phones:
            self.toggle_phones()
            return True
        if key == pygame.K_p:
            self.toggle_pause()
            return True
        if self.paused and key == pygame.K_m:
            self.phones_from_pause()
            return True
        if self.paused:
            return False
        if key == pygame.K_ESCAPE and self.selected is not None:
            self.close_variable()
            return True
        if key == pygame.K_t:
            self.toggle_timer()
            return True
        if key == pygame.K_s:
            self.toggle_sound()
            return True
        if key == pygame.K_w:
            self.toggle_readings()
            return True
        if key == pygame.K_m:
            self.toggle_phones()
            return True
        if key == pygame.K_z and event.mod & pygame.KMOD_CTRL:
            self.undo()
            return True
        if key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and "cards_page" in self.keys:
            self.turn_page()
            return True
        position = key_position(key)
        if position is not None and position >= 9 and position + 1 in self.shortcuts:
            self.shortcuts[position + 1]()  # the tenth card and on: A, B, C…
            return True
        if key in (pygame.K_0, pygame.K_KP0) and 0 in self.shortcuts:
            self.shortcuts[0]()
            return True
        if key in (pygame.K_j, pygame.K_y) and 1 in self.shortcuts and self.keys.get("vote_yes"):
            self.shortcuts[1]()
            return True
        if key == pygame.K_n and 2 in self.shortcuts and self.keys.get("vote_no"):
            self.shortcuts[2]()
            return True
        return super().on_key(event)

    def _picture(self, written: str | None) -> pygame.Surface | None:
        """A scenario's picture, loaded from the scenario's own folder only (cached).

        A path that leaves the folder, a missing file or an unreadable one shows the news
        without its picture: `validate` already tells the author, players need not know.
        """
        if written is None:
            return None
        if written not in self.pictures:
            try:
                # Through the guarded reader: never a pipe, never a decompression bomb.
                data = read_image(self.session.scenario_file.parent, written)
                self.pictures[written] = pygame.image.load(
                    io.BytesIO(data), PurePosixPath(written).name).convert_alpha()
            except (ValueError, OSError, pygame.error, MemoryError):
                self.pictures[written] = None
        return self.pictures[written]

    # ---------------------------------------------------------------- hot reload
    def hot_reload(self) -> None:
        """F5: read the scenario file again and replay this game on it.

        An author edits the YAML beside a running game. When the new file has errors, or the
        game's decisions no longer fit it, the game keeps running on the old scenario and the
        located errors are shown; otherwise the game continues on the new one, same seed and
        same decisions, and is saved at once.
        """
        session = self.session
        reloaded = ScenarioFile(session.scenario_file).reload()
        if reloaded.scenario is None:
            errors = [d for d in reloaded.diagnostics if d.severity == "error"]
            lines = [escape(d.shown(self.lang)) for d in errors[:RELOAD_LINES_SHOWN]]
            if len(errors) > RELOAD_LINES_SHOWN:
                lines.append(escape(self.t("reload_more", count=len(errors) - RELOAD_LINES_SHOWN)))
            self.reload_notice = (f"<b>{escape(self.t('reload_errors', count=len(errors)))}</b>"
                                  "<br>" + "<br>".join(lines))
        else:
            try:
                state = load_data(reloaded.scenario, save_data(self.state), allow_changed=True)
            except SaveError as error:
                self.reload_notice = (f"<b>{escape(self.t('reload_replay_failed'))}</b><br>"
                                      + escape(error.reason(self.lang)))
            else:
                session.scenario = reloaded.scenario
                session.state = state
                self.pictures.clear()
                session.save()
                self.reload_notice = (f"<b>{escape(self.t('reload_ok'))}</b><br>"
                                      + escape(str(session.scenario_file)))
        self.rebuild()

    def close_reload(self) -> None:
        """Back to the round after reading what the reload did."""
        self.reload_notice = None
        self.rebuild()

    def _reload_panel(self, area: pygame.Rect) -> None:
        lay = self.layout
        close_h = lay.row
        self.text_box(pygame.Rect(area.x, area.y, area.width,
                                  area.height - close_h - lay.gap), self.reload_notice or "")
        self.button("reload_close", pygame.Rect(area.x, area.bottom - close_h, area.width,
                                                close_h),
                    self.t("reload_close"), self.close_reload)
        self.default_key = "reload_close"

    # ---------------------------------------------------------------- time
    def update(self, dt: float) -> None:
        """Follow the phones, animate the values and count the discussion timer down."""
        if self.view == "play" and not self.paused:
            self._follow_phones()
        if self.paused:
            return
        if self.anim < 1.0:
            self.anim = min(1.0, self.anim + dt / ANIMATION_SECONDS)
            if self.dashboard is not None:
                self.dashboard.show(*self.shown_values())
            meters = tuple(round(v) for v in self.shown_values()[0])
            if meters != getattr(self, "_meters_drawn", None):  # the meters show whole numbers
                self._meters_drawn = meters
                self._redraw_meters()
            self._redraw_region()
            if self.anim >= 1.0:
                self.rebuild()  # the values stopped moving: now the explanation
        if self.timer is not None and self.timer > 0:
            before = int(self.timer + 0.999)
            self.timer = max(0.0, self.timer - dt)
            if self.timer <= 0:
                self.timer_flash = FLASH_SECONDS
                self.app.sounds.play("timer_end")
                self._redraw_timer()
            elif int(self.timer + 0.999) != before:
                self._redraw_timer()
        elif self.timer_flash > 0:
            before = int(self.timer_flash * 2)
            self.timer_flash = max(0.0, self.timer_flash - dt)
            if int(self.timer_flash * 2) != before:
                self._redraw_timer()

    def _redraw_meters(self) -> None:
        """Draw the meters row again if what it shows changed (a preview, the timer)."""
        if getattr(self, "meters", None) is not None and self.meters.alive():
            self.repaint(self.meters, partial(self._meters_surface, self.meters_rect.size),
                         self._meters_key())

    def animating(self) -> bool:
        """While the values move."""
        return (self.anim < 1.0 or self.timer_flash > 0) and not self.paused

    def wakeup_ms(self) -> int | None:
        """The timer needs a redraw every second."""
        if self.timer is not None and self.timer > 0 and not self.paused:
            return max(1, int((self.timer % 1.0) * 1000) + 1)
        if phones.active(self.app) is not None:
            return phones.POLL_MS  # a phone may change the table at any moment
        return None

    # ---------------------------------------------------------------- demo
    def demo_step(self) -> bool:
        """The demo presses the button a team would press, chosen by a bot."""
        if self.paused:
            return self.activate("resume")
        if self.selected is not None:
            return self.activate("close")
        if self.view in ("news", "resolve"):
            return self.activate("continue")
        bot = self.app.demo.bot if self.app.demo is not None else None
        if bot is None:
            return False
        action = bot.choose(self.state)
        key = {"propose": f"propose:{action.card}", "pass": "pass",
               "adopt": f"adopt:{action.card}", "done": "done",
               "vote": "vote_yes" if action.yes else "vote_no",
               "next": f"next:{action.card}"}[action.kind]
        if key not in self.keys and "cards_page" in self.keys:
            return self.activate("cards_page")  # the card is on the hand's other page
        return self.activate(key)


def _position_of(label: str) -> int:
    """The shortcut number of a card key: "1"–"9" are 1–9, "A" is 10, "B" 11…"""
    return int(label) if label.isdigit() else 10 + ord(label) - ord("A")


def _fit(picture: pygame.Surface, box: tuple[int, int]) -> pygame.Surface:
    """The picture scaled to fit inside `box`, keeping its proportions."""
    width, height = picture.get_size()
    scale = min(box[0] / max(1, width), box[1] / max(1, height))
    size = (max(1, int(width * scale)), max(1, int(height * scale)))
    return pygame.transform.smoothscale(picture, size)


def _merged(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """All of a variable's changes this game, per cause and source, biggest first."""
    return merge_causes(entries)
