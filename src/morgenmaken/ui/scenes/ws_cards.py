"""Choosing a scenario's cards as the measures of a werksessie: grouped by the role that holds
them, each a toggle marked "[x]" (not by colour alone), with "Alle" and "Geen" per scenario.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

from morgenmaken.scenario.models import Scenario
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import ReviewScene, fit_text

if TYPE_CHECKING:
    from morgenmaken.ui.app import App
    from morgenmaken.ui.scenes.ws_setup import WsSetupScene


def card_groups(scenario: Scenario, lang: str) -> list[tuple[str, list[str]]]:
    """(role name, card ids) in the scenario's role order; cards no role holds come last."""
    groups: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for role in scenario.roles:
        ids = [c for c in role.cards if c not in seen]
        seen.update(ids)
        if ids:
            groups.append((role.name.get(lang), ids))
    rest = [c.id for c in scenario.cards if c.id not in seen]
    if rest:
        from morgenmaken.i18n import t
        groups.append((t("ws.other_cards", lang), rest))
    return groups


class WsCardsScene(ReviewScene):
    """Scenario tabs on top, the cards by role in a scrolling list, Klaar below."""

    name = "ws_cards"

    def __init__(self, app: App, setup: WsSetupScene) -> None:
        super().__init__(app)
        from morgenmaken.scenario.library import load_or_reason, scenario_files
        self.setup = setup
        self.scenarios: list[tuple[Path, Scenario]] = []
        for path in scenario_files():
            loaded = load_or_reason(path)
            if isinstance(loaded, Scenario):
                self.scenarios.append((path, loaded))
        self.index = 0
        if setup.scenario_path is not None:
            for i, (path, _) in enumerate(self.scenarios):
                if path.resolve() == setup.scenario_path.resolve():
                    self.index = i
        self.selected: list[str] = list(setup.cards) if setup.scenario is not None and \
            self.scenario is not None and setup.scenario.id == self.scenario.id else []

    @property
    def scenario(self) -> Scenario | None:
        """The scenario whose cards are shown."""
        return self.scenarios[self.index][1] if self.scenarios else None

    def build(self) -> None:
        """Scenarios, Alle/Geen, the cards, and Terug/Klaar."""
        lay = self.layout
        m = lay.margin
        width = lay.width - 2 * m
        self.label(pygame.Rect(m, m, width, lay.u(2)), self.t("ws.cards_title"),
                   object_id="heading")
        y = m + lay.u(2.2)
        count = max(1, len(self.scenarios))
        tab_w = (width - (count - 1) * lay.gap) // count
        for i, (_, scenario) in enumerate(self.scenarios):
            self.button(f"scenario:{i}", pygame.Rect(m + i * (tab_w + lay.gap), y, tab_w,
                                                     lay.row),
                        fit_text(scenario.title.get(self.lang), tab_w - lay.body, lay.body),
                        partial(self.pick_scenario, i),
                        object_id="toggle_on" if i == self.index else None)
        y += lay.row + lay.gap
        half = (width - lay.gap) // 2
        self.button("all", pygame.Rect(m, y, half, lay.row), self.t("ws.all_cards"),
                    self.select_all)
        self.button("none", pygame.Rect(m + half + lay.gap, y, half, lay.row),
                    self.t("ws.no_cards_button"), self.select_none)
        y += lay.row + lay.gap
        bottom = lay.height - m - lay.row - lay.gap
        if self.scenario is not None:
            self._cards(pygame.Rect(m, y, width, bottom - y), self.scenario)
        self.button("back", pygame.Rect(m, lay.height - m - lay.row, half, lay.row),
                    self.t("back"), self.back)
        self.button("done", pygame.Rect(m + half + lay.gap, lay.height - m - lay.row, half,
                                        lay.row),
                    self.t("ws.cards_done", count=len(self.selected)), self.done,
                    object_id="primary", enabled=bool(self.selected))
        self.default_key = "done" if self.selected else "all"

    def _cards(self, area: pygame.Rect, scenario: Scenario) -> None:
        lay = self.layout
        groups = card_groups(scenario, self.lang)
        columns = 2
        col_w = (area.width - self.scrollbar_width() - lay.gap * columns) // columns
        step = lay.row + lay.gap
        height = sum(lay.line + -(-len(ids) // columns) * step for _, ids in groups)
        box = self.scroller(area, height)
        y = 0
        for role, ids in groups:
            self.label(pygame.Rect(0, y, area.width - self.scrollbar_width() - lay.gap,
                                   lay.line), role, object_id="strong", container=box)
            y += lay.line
            for i, card_id in enumerate(ids):
                row, column = divmod(i, columns)
                rect = pygame.Rect(column * (col_w + lay.gap), y + row * step, col_w, lay.row)
                self.button(f"card:{card_id}", rect, self._card_text(card_id, col_w),
                            partial(self.toggle, card_id), container=box,
                            object_id="toggle_on" if card_id in self.selected else "row")
            y += -(-len(ids) // columns) * step

    def _card_text(self, card_id: str, width: int) -> str:
        assert self.scenario is not None
        on = card_id in self.selected
        mark = "[x]" if on else "[  ]"
        title = self.scenario.card(card_id).title.get(self.lang)
        # a chosen card is drawn bold (the toggle style), so it is fitted in bold
        return fit_text(f"{mark} {title}", width - self.layout.body, self.layout.body, on)

    # ---------------------------------------------------------------- actions
    def pick_scenario(self, index: int) -> None:
        """Show another scenario's cards (the choice starts empty)."""
        if index != self.index:
            self.index = index
            self.selected = []
            self.rebuild()

    def toggle(self, card_id: str) -> None:
        """Take a card in or out (plan order: the scenario's card order)."""
        assert self.scenario is not None
        if card_id in self.selected:
            self.selected.remove(card_id)
        else:
            self.selected.append(card_id)
        order = [c.id for c in self.scenario.cards]
        self.selected.sort(key=order.index)
        element = self.keys.get(f"card:{card_id}")
        if isinstance(element, UIButton):
            from pygame_gui.core import ObjectID
            on = card_id in self.selected
            element.change_object_id(ObjectID(object_id="#toggle_on" if on else "#row"))
            element.set_text(self._card_text(card_id, element.rect.width))
        self._update_done()

    def _update_done(self) -> None:
        done = self.keys.get("done")
        if isinstance(done, UIButton):
            done.set_text(self.t("ws.cards_done", count=len(self.selected)))
            if self.selected:
                done.enable()
                if "done" not in self.focus_order:
                    self.focus_order.append("done")
            else:
                done.disable()

    def select_all(self) -> None:
        """Every card of the scenario."""
        if self.scenario is not None:
            self.selected = [c.id for c in self.scenario.cards]
            self.rebuild()

    def select_none(self) -> None:
        """No card (to pick a few)."""
        self.selected = []
        self.rebuild()

    def done(self) -> None:
        """Back to the form with this scenario and these cards."""
        if self.scenario is None or not self.selected:
            return
        path, scenario = self.scenarios[self.index]
        self.setup.set_scenario(path, scenario, list(self.selected))
        self.app.switch(self.setup)

    def back_target(self) -> Scene:
        """The form, unchanged."""
        if self.setup.from_scenario and self.setup.scenario is None:
            self.setup.chosen = 0
        return self.setup

    def info(self) -> dict[str, object]:
        """Which scenario and cards are chosen."""
        return {"scene": self.name, "scenario": self.scenario.id if self.scenario else None,
                "selected": list(self.selected)}
