"""Setting up a werksessie: which plan, the team's name, who takes part, which language.

Plans are the shipped ones and the user's own (:func:`plan_files`); a plan file with errors
stays in the list, marked, and choosing it shows its located errors ("voorbeeldplan.yaml:12:5:
…") instead of hiding it, so the author knows what to fix. "Maatregelen uit een scenario" makes
a plan of a scenario's cards (chosen on :class:`~morgenmaken.ui.scenes.ws_cards.WsCardsScene`).
Participants: 1 to 12 names, each filled in and different; what is wrong is said in a sentence
next to Start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from morgenmaken.scenario.diagnostics import Diagnostic
from morgenmaken.scenario.models import Scenario
from morgenmaken.table.room import Room
from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import (
    WsRun,
    WsScene,
    fit_button,
    release,
    route,
    serve,
    text_in,
)
from morgenmaken.werksessie.plan import Plan
from morgenmaken.werksessie.session import LAPTOP_PARTICIPANTS as MAX_PARTICIPANTS
from morgenmaken.werksessie.session import MIN_PARTICIPANTS, new_session

if TYPE_CHECKING:
    from morgenmaken.ui.app import App

log = logging.getLogger(__name__)

#: Participants a new form starts with.
DEFAULT_COUNT = 3
#: Located errors shown for a broken plan (the rest: "en N meer").
ERRORS_SHOWN = 6


@dataclass
class PlanChoice:
    """A plan file in the list: loaded, or the located errors that stop it loading."""

    path: Path
    plan: Plan | None
    #: Located problems, worded in the reader's language only when shown (the list is read
    #: before the window knows its language); a plain string for a file that could not even
    #: be checked.
    errors: list[Diagnostic | str]

    def worded(self, lang: str) -> list[str]:
        """The errors as lines in `lang`."""
        return [e.shown(lang) if isinstance(e, Diagnostic) else e for e in self.errors]


def load_choices() -> list[PlanChoice]:
    """Every plan file, each loaded or with its errors (never raises)."""
    from morgenmaken.werksessie.plan_loader import plan_files
    return [_choice_for(path) for path in plan_files()]


class WsSetupScene(WsScene):
    """The form that starts a werksessie."""

    name = "ws_setup"

    def __init__(self, app: App, plan_path: Path | None = None,
                 scenario_path: Path | None = None, cards: list[str] | None = None) -> None:
        super().__init__(app, None)  # type: ignore[arg-type]
        self.choices = load_choices()
        #: Index into choices; len(choices) is "Maatregelen uit een scenario".
        self.chosen = 0
        self.scenario_path = scenario_path
        self.scenario: Scenario | None = None
        self.cards: list[str] = list(cards or [])
        if plan_path is not None:
            target = plan_path.resolve()
            found = [i for i, c in enumerate(self.choices) if c.path.resolve() == target]
            if not found:
                self.choices.insert(0, _choice_for(plan_path))
                found = [0]
            self.chosen = found[0]
        if scenario_path is not None:
            self.chosen = len(self.choices)
            self._load_scenario()
            if not self.cards and self.scenario is not None:
                self.cards = [card.id for card in self.scenario.cards]
        self.team = ""
        #: When, where, who leads (free text, on the report's first page).
        self.meta = {"date": "", "place": "", "facilitator": ""}
        #: Participants rate on their own phones (the laptop's names may stay empty).
        self.phones = False
        #: The report numbers the participants instead of naming them.
        self.anonymous = False
        self.count = DEFAULT_COUNT
        self.names: list[str] = []
        self.problem: str | None = None

    # ---------------------------------------------------------------- model
    @property
    def from_scenario(self) -> bool:
        """Whether the plan is made from a scenario's cards."""
        return self.chosen >= len(self.choices)

    def _load_scenario(self) -> None:
        from morgenmaken.scenario.library import load_or_reason
        if self.scenario_path is None:
            self.scenario = None
            return
        loaded = load_or_reason(self.scenario_path)
        self.scenario = loaded if isinstance(loaded, Scenario) else None

    def set_scenario(self, path: Path, scenario: Scenario, cards: list[str]) -> None:
        """The card chooser's outcome: this scenario and these cards."""
        self.scenario_path = path
        self.scenario = scenario
        self.cards = cards
        self.chosen = len(self.choices)

    def items(self) -> list[str]:
        """The plan list as shown: titles (broken files marked), then the scenario option."""
        shown = []
        for choice in self.choices:
            if choice.plan is None:
                shown.append(self.t("ws.plan_broken_item", file=choice.path.name))
            else:
                shown.append(text_in(choice.plan.title, self.lang))
        shown.append(self.t("ws.from_scenario"))
        seen: dict[str, int] = {}
        unique = []
        for text in shown:  # the toolkit's list tells items apart by their text
            seen[text] = seen.get(text, 0) + 1
            unique.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
        return unique

    def names_typed(self) -> list[str]:
        """The participants' names as typed (empty where nothing is typed yet)."""
        return [(self.names[i] if i < len(self.names) else "") for i in range(self.count)]

    def check_names(self) -> str | None:
        """Why the names cannot start a session, in a sentence (None: they can)."""
        seen: dict[str, int] = {}
        for i, name in enumerate(self.names_typed(), start=1):
            clean = " ".join(name.split())
            if not clean and self.phones:
                continue  # with phones the laptop may have fewer raters, or none
            if not clean:
                return self.t("ws.name_missing", number=i)
            if clean.casefold() in seen:
                return self.t("ws.name_twice", name=clean, first=seen[clean.casefold()],
                              second=i)
            seen[clean.casefold()] = i
        return None

    # ---------------------------------------------------------------- widgets
    def build(self) -> None:
        """Plan on the left, team and participants on the right, actions below."""
        lay = self.layout
        m = lay.margin
        y = self.heading(self.t("ws.setup_title"))
        bottom = lay.height - m - lay.row - lay.gap
        gap = lay.u(1)
        col_w = (lay.width - 2 * m - gap) // 2
        self._plan_column(pygame.Rect(m, y, col_w, bottom - y))
        self._people_column(pygame.Rect(m + col_w + gap, y, col_w, bottom - y))
        self.bottom_buttons([("back", self.t("back"), self.back, False),
                             ("language", self.t("switch_language"), self.switch_language,
                              False),
                             ("start", self.t("ws.start"), self.start, True)])
        if not self.can_start_plan():
            self.keys["start"].disable()
        self.default_key = "start" if self.can_start_plan() else "plans"

    def can_start_plan(self) -> bool:
        """Whether the chosen plan can be used (names are checked on Start)."""
        if self.from_scenario:
            return self.scenario is not None and bool(self.cards)
        return self.choices[self.chosen].plan is not None

    def _plan_column(self, area: pygame.Rect) -> None:
        lay = self.layout
        y = area.y
        self.label(pygame.Rect(area.x, y, area.width, lay.line), self.t("ws.plan"))
        y += lay.line
        items = self.items()
        rows = max(1, min(len(items), 5))
        height = rows * lay.line + lay.u(0.5)
        chooser = UISelectionList(pygame.Rect(area.x, y, area.width, height),
                                  [fit_text(i, area.width - lay.u(2.5), lay.body)
                                   for i in items],
                                  self.app.manager, container=self.root,
                                  default_selection=fit_text(items[self.chosen],
                                                             area.width - lay.u(2.5), lay.body),
                                  object_id="#scenarios")
        self.keys["plans"] = chooser
        self.widgets.append((chooser, None))
        self.focus_order.append("plans")
        y += height + lay.gap
        if self.from_scenario:
            self.button("cards", pygame.Rect(area.x, y, area.width, lay.row),
                        fit_button(self.t("ws.choose_cards"), area.width, lay.body),
                        self.choose_cards)
            y += lay.row + lay.gap
        self.text_box(pygame.Rect(area.x, y, area.width, area.bottom - y), self._plan_html())

    def _plan_html(self) -> str:
        if self.from_scenario:
            if self.scenario is None:
                return escape(self.t("ws.scenario_none"))
            return (f"<b>{escape(self.scenario.title.get(self.lang))}</b><br>"
                    + escape(self.t("ws.cards_chosen", count=len(self.cards))) + "<br><br>"
                    + escape(", ".join(self.scenario.card(c).title.get(self.lang)
                                       for c in self.cards)))
        choice = self.choices[self.chosen]
        if choice.plan is None:
            shown = choice.worded(self.lang)[:ERRORS_SHOWN]
            more = len(choice.errors) - len(shown)
            text = (f"<b>{escape(self.t('ws.plan_errors', file=choice.path.name))}</b><br>"
                    + "<br>".join(escape(e) for e in shown))
            if more > 0:
                text += "<br>" + escape(self.t("ws.more_errors", count=more))
            return text
        plan = choice.plan
        measures = "<br>".join(f"• {escape(text_in(mm.title, self.lang))}"
                               for mm in plan.measures)
        return (f"<b>{escape(text_in(plan.title, self.lang))}</b><br>"
                f"{escape(text_in(plan.description, self.lang))}<br><br>"
                f"{escape(self.t('ws.measure_count', count=len(plan.measures)))}<br>{measures}")

    def _people_column(self, area: pygame.Rect) -> None:
        lay = self.layout
        y = area.y
        self.label(pygame.Rect(area.x, y, area.width, lay.line), self.t("team_name"))
        y += lay.line
        self.entry("team", pygame.Rect(area.x, y, area.width, lay.row), self.team)
        y += lay.row + lay.gap
        third = (area.width - 2 * lay.gap) // 3
        for i, key in enumerate(("date", "place", "facilitator")):
            entry = self.entry(key, pygame.Rect(area.x + i * (third + lay.gap), y, third,
                                                lay.row), self.meta[key],
                               placeholder=self.t(f"ws.{key}_placeholder"))
            entry.set_text_length_limit(60)
        y += lay.row + lay.gap * 2
        heading = (self.t("ws.participants_phones", count=self.count) if self.phones else
                   self.t("ws.participants", count=self.count, min=MIN_PARTICIPANTS,
                          max=MAX_PARTICIPANTS))
        self.label(pygame.Rect(area.x, y, area.width, lay.line),
                   fit_text(heading, area.width - 4, lay.body))
        y += lay.line
        per_column = 6
        columns = 1 if self.count <= per_column else 2
        col_w = (area.width - (columns - 1) * lay.gap) // columns
        message_h = lay.u(3.6)
        room = area.bottom - y - 2 * (lay.row + lay.gap) - lay.gap - message_h
        rows = min(self.count, per_column)
        step = min(lay.row + lay.gap, max(lay.line + lay.gap, room // rows))
        typed = self.names_typed()
        for i in range(self.count):
            column, row = divmod(i, per_column)
            rect = pygame.Rect(area.x + column * (col_w + lay.gap), y + row * step, col_w,
                               step - lay.gap)
            entry = self.entry(f"name:{i}", rect, typed[i],
                               placeholder=self.t("ws.name_placeholder", number=i + 1))
            entry.set_text_length_limit(40)
        y += rows * step + lay.gap
        half = (area.width - lay.gap) // 2
        self.button("fewer", pygame.Rect(area.x, y, half, lay.row),
                    fit_button(self.t("ws.fewer"), half, lay.body), self.fewer,
                    enabled=self.count > MIN_PARTICIPANTS)
        self.button("more", pygame.Rect(area.x + half + lay.gap, y, half, lay.row),
                    fit_button(self.t("ws.more"), half, lay.body), self.more,
                    enabled=self.count < MAX_PARTICIPANTS)
        y += lay.row + lay.gap
        self.button("phones", pygame.Rect(area.x, y, half, lay.row),
                    fit_button(self.t("ws.phones_on" if self.phones else "ws.phones_off"),
                               half, lay.body), self.toggle_phones,
                    object_id="toggle_on" if self.phones else None)
        self.button("anonymous", pygame.Rect(area.x + half + lay.gap, y, half, lay.row),
                    fit_button(self.t("ws.report_anonymous" if self.anonymous
                                      else "ws.report_named"), half, lay.body),
                    self.toggle_anonymous, object_id="toggle_on" if self.anonymous else None)
        y += lay.row + lay.gap
        if self.problem is None and SessionStore().exists():
            self.text_box(pygame.Rect(area.x, y, area.width, -1), escape(self.t("ws.open_kept")))
        if self.problem:
            self.text_box(pygame.Rect(area.x, y, area.width, area.bottom - y),
                          f"<b>{escape(self.problem)}</b>")

    # ---------------------------------------------------------------- actions
    def on_ui_event(self, event: pygame.event.Event) -> None:
        """Keep typed names and the chosen plan in the scene (widgets come and go)."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            for key, element in self.keys.items():
                if element is event.ui_element:
                    self._typed(key, event.text)
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION \
                and event.ui_element is self.keys.get("plans"):
            lay = self.layout
            width = self.keys["plans"].rect.width - lay.u(2.5)
            shown = [fit_text(i, width, lay.body) for i in self.items()]
            if event.text in shown:
                self.choose(shown.index(event.text))
        super().on_ui_event(event)

    def _typed(self, key: str, text: str) -> None:
        if key == "team":
            self.team = text
        elif key in self.meta:
            self.meta[key] = text
        elif key.startswith("name:"):
            index = int(key.split(":")[1])
            while len(self.names) <= index:
                self.names.append("")
            self.names[index] = text

    def choose(self, index: int) -> None:
        """Pick another plan (the last item: measures from a scenario)."""
        if index == self.chosen:
            return
        self.chosen = index
        self.problem = None
        if self.from_scenario and self.scenario is None:
            self.choose_cards()
            return
        self.rebuild()

    def choose_cards(self) -> None:
        """Open the card chooser (scenario and cards)."""
        from morgenmaken.ui.scenes.ws_cards import WsCardsScene
        self.app.switch(WsCardsScene(self.app, self))

    def on_key(self, event: pygame.event.Event) -> bool:
        """Page Up / Page Down on the plan list changes the plan (keyboard-only teams)."""
        if self.app.focus_key == "plans" and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = -1 if event.key == pygame.K_PAGEUP else 1
            self.choose((self.chosen + step) % (len(self.choices) + 1))
            return True
        return super().on_key(event)

    def activate(self, key: str) -> bool:
        """Enter on the plan list moves to the next plan."""
        if key == "plans":
            self.choose((self.chosen + 1) % (len(self.choices) + 1))
            return True
        return super().activate(key)

    def fewer(self) -> None:
        """One participant less."""
        if self.count > MIN_PARTICIPANTS:
            self.count -= 1
            self.rebuild()

    def more(self) -> None:
        """One participant more."""
        if self.count < MAX_PARTICIPANTS:
            self.count += 1
            self.rebuild()
            self.app.set_focus(f"name:{self.count - 1}")

    def toggle_phones(self) -> None:
        """Everyone on their own phone, or one laptop passed around."""
        self.phones = not self.phones
        self.problem = None
        self.rebuild()
        self.app.set_focus("phones")

    def toggle_anonymous(self) -> None:
        """The report names the participants, or numbers them."""
        self.anonymous = not self.anonymous
        self.rebuild()
        self.app.set_focus("anonymous")

    def switch_language(self) -> None:
        """Dutch <-> English (the session is in the language chosen here)."""
        self.app.set_language("en" if self.lang == "nl" else "nl")

    def make_plan(self) -> tuple[Plan | None, str]:
        """The chosen plan ready for a session and where it came from, or None (and the
        reason in :attr:`problem`)."""
        if self.from_scenario:
            from morgenmaken.werksessie.from_scenario import plan_from_scenario
            if self.scenario is None or not self.cards:
                self.problem = self.t("ws.no_cards")
                return None, ""
            return plan_from_scenario(self.scenario, self.cards), f"scenario:{self.scenario.id}"
        from morgenmaken.werksessie.plan_loader import PlanError, prepare_plan
        choice = self.choices[self.chosen]
        if choice.plan is None:
            return None, ""
        try:
            return prepare_plan(choice.plan, str(choice.path)), str(choice.path)
        except PlanError as error:
            choice.errors = list(error.diagnostics) or [str(error)]
            choice.plan = None
            return None, ""

    def start(self) -> None:
        """Check the names, start the session, save it, and hand the screen to the first."""
        self.problem = self.check_names()
        if self.problem is None:
            plan, source = self.make_plan()
            if plan is not None:
                names = [" ".join(n.split()) for n in self.names_typed()]
                session = new_session(plan, [n for n in names if n], self.team,
                                      plan_source=source, phones=self.phones,
                                      anonymous=self.anonymous, **self.meta)
                run = WsRun(session)
                release()  # a room still served from before closes first
                if run.store.exists():  # the open session is kept, never overwritten
                    run.store.archive()
                if self.phones:
                    run.room = Room.create(session, run.store.room_path)
                    self.problem = serve(self.app, run)
                    if self.problem:
                        run.room.close_db()
                        run.store.room_path.unlink(missing_ok=True)
                        self.rebuild()
                        return
                run.save()
                self.app.switch(route(self.app, run))
                return
        self.rebuild()

    def back_target(self) -> Scene:
        """Back to the title screen."""
        from morgenmaken.ui.scenes.title import TitleScene
        return TitleScene(self.app)

    def info(self) -> dict[str, object]:
        """The form as filled in."""
        return {"scene": self.name, "chosen": self.chosen, "from_scenario": self.from_scenario,
                "names": self.names_typed(), "team": self.team, "problem": self.problem,
                "phones": self.phones, "anonymous": self.anonymous, **self.meta,
                "cards": list(self.cards),
                "errors": [] if self.from_scenario else self.choices[self.chosen].worded(self.lang)}


def _choice_for(path: Path) -> PlanChoice:
    """A plan file loaded, or with the located errors that stop it loading; a file that
    cannot even be checked is listed with its reason (it must never keep the form from
    opening)."""
    from morgenmaken.werksessie.plan_loader import check_plan_file
    try:
        plan, diagnostics = check_plan_file(path)
    except Exception as error:
        log.warning("plan %s could not be checked: %s", path, error)
        return PlanChoice(path, None, [f"{path.name}: {error}"])
    errors: list[Diagnostic | str] = [d for d in diagnostics if d.severity == "error"]
    return PlanChoice(path, plan if not errors else None, errors)
