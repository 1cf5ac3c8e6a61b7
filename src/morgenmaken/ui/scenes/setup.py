"""A new game in under a minute: scenario, team name, players, roles, decision mode, language.

Everything has a sensible default, so a team can press Start at once; roles are dealt
automatically (the engine's ``deal_roles``) and a team may give a role to someone else by
clicking it.
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UISelectionList

from morgenmaken.engine import Decision, GameConfig, deal_roles, new_game, seat_roles
from morgenmaken.scenario.library import load_or_reason, resolve, scenario_files
from morgenmaken.scenario.models import Scenario
from morgenmaken.table.game import Session
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.wording import names_and

if TYPE_CHECKING:
    from morgenmaken.ui.app import App

def load_cached(path: Path) -> Scenario | str:
    """A scenario, or the first error that stops it loading (cached while unchanged)."""
    return load_or_reason(path)


class SetupScene(Scene):
    """The new-game form."""

    name = "setup"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.files: list[Path] = []
        self.problems: list[str] = []
        self.scenarios: list[tuple[Path, Scenario]] = []
        for path in scenario_files():
            loaded = load_cached(path)
            if isinstance(loaded, str):
                self.problems.append(f"{path.name}: {loaded}")
            else:
                self.scenarios.append((path, loaded))
        self.chosen = 0
        wanted = app.options.scenario
        if wanted:
            try:
                target = resolve(wanted).resolve()
            except FileNotFoundError:
                target = None
            for i, (path, _) in enumerate(self.scenarios):
                if path.resolve() == target:
                    self.chosen = i
            if target is not None and all(p.resolve() != target for p, _ in self.scenarios):
                loaded = load_cached(target)
                if not isinstance(loaded, str):
                    self.scenarios.insert(0, (target, loaded))
                    self.chosen = 0
        self.team = ""
        prefill = list(app.options.players)
        self.names: list[str] = prefill or []
        self.count = max(self.minimum, min(self.maximum, len(prefill) or 4))
        self.decision = Decision.VOTE if app.options.vote else Decision.CONSENSUS
        self.fixed: dict[str, int] = {}
        #: A shorter game than the scenario's, to fit a session (None: all its rounds).
        self.rounds: int | None = None
        #: The LAB hub's address as typed ('' when the table plays on its own).
        self.hub = app.options.lab_address
        self.hub_problem = False

    # ---------------------------------------------------------------- model
    @property
    def scenario(self) -> Scenario | None:
        """The chosen scenario (None when none could be loaded)."""
        return self.scenarios[self.chosen][1] if self.scenarios else None

    @property
    def minimum(self) -> int:
        """Fewest players of the chosen scenario."""
        return self.scenario.min_players if self.scenario else 2

    @property
    def maximum(self) -> int:
        """Most players of the chosen scenario."""
        return self.scenario.max_players if self.scenario else 6

    def player_names(self) -> list[str]:
        """The names typed, with 'Speler n' for the empty ones."""
        names = []
        for i in range(self.count):
            typed = self.names[i].strip() if i < len(self.names) else ""
            names.append(typed or self.t("player_default", number=i + 1))
        return names

    def holders(self) -> dict[str, int]:
        """Role id -> player, dealt automatically except the roles a team chose."""
        if self.scenario is None:
            return {}
        return deal_roles([r.id for r in self.scenario.roles], self.count, self.fixed)

    def seats(self) -> dict[str, tuple[int, ...]]:
        """Role id -> its players: with more players than roles, some share one."""
        return seat_roles([r.id for r in self.scenario.roles], self.count,
                          self.holders()) if self.scenario is not None else {}

    def role_text(self, role_id: str, seats: dict[str, tuple[int, ...]],
                  names: list[str]) -> str:
        """'Zorg en welzijn: Anna en Dirk' for a role's button."""
        assert self.scenario is not None
        role = self.scenario.role(role_id)
        players = names_and([names[p] for p in seats[role_id]], self.lang)
        return f"{role.name.get(self.lang)}: {players}"

    # ---------------------------------------------------------------- widgets
    def build(self) -> None:
        """The scenario list across the top (titles are long), then two columns: who plays
        (left) and how (right); Back and Start below."""
        lay = self.layout
        m = lay.margin
        self.label(pygame.Rect(m, m, lay.width - 2 * m, lay.u(2)),
                   self.t("setup_lab_bad") if self.hub_problem else self.t("setup_title"),
                   object_id="heading")
        y = self._scenarios(pygame.Rect(m, m + lay.u(2.5), lay.width - 2 * m, 0))
        top = y + lay.gap
        bottom = lay.height - m - lay.row
        gap = lay.u(1)
        col_w = (lay.width - 2 * m - gap) // 2
        left = pygame.Rect(m, top, col_w, bottom - top - lay.gap)
        right = pygame.Rect(m + col_w + gap, top, col_w, left.height)
        self._left(left)
        self._right(right)
        third = (lay.width - 2 * m - 2 * gap) // 3
        self.button("back", pygame.Rect(m, bottom, third, lay.row), self.t("back"), self.back)
        self.button("language", pygame.Rect(m + third + gap, bottom, third, lay.row),
                    self.t("switch_language"), self.switch_language)
        self.button("start", pygame.Rect(m + 2 * (third + gap), bottom, third, lay.row),
                    self.t("start_game"), self.start, object_id="primary",
                    enabled=self.scenario is not None)
        self.default_key = "start"

    def _scenarios(self, area: pygame.Rect) -> int:
        """The list of scenarios (shipped and the user's own); returns the y below it."""
        lay = self.layout
        y = area.y
        self.label(pygame.Rect(area.x, y, area.width, lay.line), self.t("scenario"))
        y += lay.line
        items: list[str | tuple[str, str]] = [s.title.get(self.lang) for _, s in self.scenarios]
        rows = max(1, min(len(items), 3))
        height = rows * lay.line + lay.u(0.5)
        if items:
            chooser = UISelectionList(pygame.Rect(area.x, y, area.width, height), items,
                                      self.app.manager, container=self.root,
                                      default_selection=items[self.chosen],
                                      object_id="#scenarios")
            self.keys["scenario"] = chooser
            self.widgets.append((chooser, None))
            self.focus_order.append("scenario")
            self.chooser = chooser
        else:
            self.text_box(pygame.Rect(area.x, y, area.width, height), self.t("no_scenarios"))
        y += height + lay.gap
        for problem in self.problems[:1]:
            box = self.text_box(pygame.Rect(area.x, y, area.width, -1),
                                self.t("scenario_broken", problem=problem))
            y = box.rect.bottom + lay.gap
        return y

    def _left(self, area: pygame.Rect) -> None:
        lay = self.layout
        y = area.y
        self.label(pygame.Rect(area.x, y, area.width, lay.line), self.t("team_name"))
        y += lay.line
        self.entry("team", pygame.Rect(area.x, y, area.width, lay.row), self.team)
        y += lay.row + lay.gap * 2
        self.label(pygame.Rect(area.x, y, area.width, lay.line),
                   self.t("players_count", count=self.count, min=self.minimum,
                          max=self.maximum))
        y += lay.line
        names = self.player_names()
        remaining = area.bottom - y - lay.row - lay.gap
        per = min(lay.row + lay.gap, max(lay.line + 2, remaining // max(1, self.count)))
        for i in range(self.count):
            typed = self.names[i] if i < len(self.names) else ""
            entry = self.entry(f"player:{i}", pygame.Rect(area.x, y, area.width,
                                                          min(lay.row, per - lay.gap)), typed,
                               placeholder=names[i])
            entry.set_text_length_limit(24)
            y += per
        half = (area.width - lay.gap) // 2
        self.button("fewer", pygame.Rect(area.x, y, half, lay.row), self.t("fewer_players"),
                    self.fewer, enabled=self.count > self.minimum)
        self.button("more", pygame.Rect(area.x + half + lay.gap, y, half, lay.row),
                    self.t("more_players"), self.more, enabled=self.count < self.maximum)

    def _right(self, area: pygame.Rect) -> None:
        lay = self.layout
        y = area.y
        self.label(pygame.Rect(area.x, y, area.width, lay.line), self.t("roles_dealt"))
        y += lay.line
        scenario = self.scenario
        names = self.player_names()
        if scenario is not None:
            rows = len(scenario.roles)
            room = area.bottom - y - 4 * (lay.row + lay.gap * 2) - lay.line
            per = max(lay.line + 2, min(lay.row + lay.gap, room // max(1, rows)))
            seats = self.seats()
            for role in scenario.roles:
                text = self.role_text(role.id, seats, names)
                self.button(f"role:{role.id}", pygame.Rect(area.x, y, area.width, per - lay.gap),
                            text, partial(self.cycle_role, role.id),
                            tooltip=role.portfolio.get(self.lang))
                y += per
        y += lay.gap
        self.button("deal", pygame.Rect(area.x, y, area.width, lay.row), self.t("deal_again"),
                    self.deal_again, enabled=bool(self.fixed))
        y += lay.row + lay.gap * 2
        mode = self.t("mode_vote" if self.decision == Decision.VOTE else "mode_consensus")
        self.button("decision", pygame.Rect(area.x, y, area.width, lay.row),
                    self.t("decision_mode", mode=mode), self.toggle_decision,
                    tooltip=self.t("decision_help"))
        y += lay.row + lay.gap * 2
        if scenario is not None:
            rounds = self.rounds or scenario.rounds
            last = scenario.year_of_round(rounds) + scenario.years_per_round
            self.button("length", pygame.Rect(area.x, y, area.width, lay.row),
                        self.t("game_length", rounds=rounds, start=scenario.start_year,
                               end=last), self.next_length, tooltip=self.t("length_help"))
        y += lay.row + lay.gap * 2
        hub = self.entry("hub", pygame.Rect(area.x, y, area.width, lay.row), self.hub,
                         placeholder=self.t("setup_lab_placeholder"))
        hub.set_text_length_limit(120)

    # ---------------------------------------------------------------- actions
    def on_ui_event(self, event: pygame.event.Event) -> None:
        """Keep typed names and the chosen scenario in the scene (widgets come and go)."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            for key, element in self.keys.items():
                if element is event.ui_element:
                    self._typed(key, event.text)
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            titles = [s.title.get(self.lang) for _, s in self.scenarios]
            if event.text in titles:
                self.choose(titles.index(event.text))
        super().on_ui_event(event)

    def _typed(self, key: str, text: str) -> None:
        if key == "team":
            self.team = text
        elif key == "hub":
            self.hub = text
        elif key.startswith("player:"):
            index = int(key.split(":")[1])
            while len(self.names) <= index:
                self.names.append("")
            before = self.player_names()
            self.names[index] = text
            if before != self.player_names():
                self._relabel_roles()

    def _relabel_roles(self) -> None:
        """Role buttons show the new names without rebuilding (typing keeps its focus)."""
        if self.scenario is None:
            return
        names = self.player_names()
        seats = self.seats()
        for role_id in self.holders():
            element = self.keys.get(f"role:{role_id}")
            if isinstance(element, UIButton):
                element.set_text(self.role_text(role_id, seats, names))

    def choose(self, index: int) -> None:
        """Pick another scenario."""
        if index != self.chosen:
            self.chosen = index
            self.fixed = {}
            self.rounds = None
            self.count = max(self.minimum, min(self.maximum, self.count))
            self.rebuild()

    def on_key(self, event: pygame.event.Event) -> bool:
        """Up/down on the scenario list changes the scenario (keyboard-only teams)."""
        if self.app.focus_key == "scenario" and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = -1 if event.key == pygame.K_PAGEUP else 1
            if self.scenarios:
                self.choose((self.chosen + step) % len(self.scenarios))
            return True
        if event.key == pygame.K_ESCAPE:
            self.back()
            return True
        return super().on_key(event)

    def activate(self, key: str) -> bool:
        """Enter on the scenario list moves to the next scenario."""
        if key == "scenario":
            if self.scenarios:
                self.choose((self.chosen + 1) % len(self.scenarios))
            return True
        return super().activate(key)

    def lengths(self) -> list[int]:
        """The length presets of the chosen scenario: all rounds, three quarters, half."""
        if self.scenario is None:
            return []
        full = self.scenario.rounds
        return sorted({full, max(1, full * 3 // 4), max(1, full // 2)}, reverse=True)

    def next_length(self) -> None:
        """The next length preset (for a session that has less time)."""
        presets = self.lengths()
        current = self.rounds or (presets[0] if presets else None)
        if not presets or current is None:
            return
        following = presets[(presets.index(current) + 1) % len(presets)]
        self.rounds = None if following == presets[0] else following
        self.rebuild()

    def cycle_role(self, role_id: str) -> None:
        """Give a role to the next player."""
        holders = self.holders()
        self.fixed = dict(holders)
        self.fixed[role_id] = (holders[role_id] + 1) % self.count
        self.rebuild()

    def deal_again(self) -> None:
        """Forget the choices and deal the roles evenly again."""
        self.fixed = {}
        self.rebuild()

    def fewer(self) -> None:
        """One player less."""
        if self.count > self.minimum:
            self.count -= 1
            self.fixed = {}
            self.rebuild()

    def more(self) -> None:
        """One player more."""
        if self.count < self.maximum:
            self.count += 1
            self.fixed = {}
            self.rebuild()

    def toggle_decision(self) -> None:
        """Consensus <-> a vote per proposal."""
        self.decision = Decision.VOTE if self.decision == Decision.CONSENSUS \
            else Decision.CONSENSUS
        self.rebuild()

    def switch_language(self) -> None:
        """Dutch <-> English."""
        self.app.set_language("en" if self.lang == "nl" else "nl")

    def back(self) -> None:
        """Back to the title screen."""
        from morgenmaken.ui.scenes.title import TitleScene
        self.app.switch(TitleScene(self.app))

    def start(self) -> None:
        """Deal, start the game, save it, and show the first round's news."""
        from morgenmaken.ui.scenes.round import RoundScene

        if self.scenario is None:
            return
        if not self.app.use_lab(self.hub):
            self.hub_problem = True  # said in the heading; the game waits for a good address
            self.rebuild()
            return
        path, scenario = self.scenarios[self.chosen]
        seed = self.app.options.seed
        config = GameConfig(seed=random.randrange(2**31) if seed is None else seed,
                            players=tuple(self.player_names()), decision=self.decision,
                            team=self.team.strip(), roles=self.holders(),
                            rounds=self.rounds)
        state = new_game(scenario, config)
        session = Session(scenario, path, state, self.app.store(),
                          {"view": "news", "lang": self.lang})
        session.save()
        self.app.session = session
        self.app.switch(RoundScene(self.app))

    def demo_step(self) -> bool:
        """The demo starts at once with the defaults."""
        return self.activate("start")

    def info(self) -> dict[str, object]:
        """The form as filled in."""
        return {"scene": self.name, "players": self.player_names(), "team": self.team,
                "rounds": self.rounds,
                "decision": str(self.decision), "roles": self.holders()}
