"""The title screen: resume the last game, start a new one, switch language, quit."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pygame

from morgenmaken.engine import SaveError, ScenarioChangedError
from morgenmaken.ui.scenes.base import Callback, Scene

if TYPE_CHECKING:
    from morgenmaken.ui.app import App


log = logging.getLogger(__name__)


class TitleScene(Scene):
    """First thing on screen: in under a second, with "Doorgaan" when a game was left open."""

    name = "title"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self._checked = False
        self.resumable: dict[str, object] | None = None
        self.problem: str | None = None

    def _check_save(self) -> None:
        """Look at the autosave once: its notes say which round it stopped in. The game itself
        is replayed only when the team chooses to resume, so the title appears at once."""
        if self._checked:
            return
        self._checked = True
        store = self.app.store()
        if not store.exists():
            return
        try:
            self.resumable = store.peek()
        except SaveError as error:
            self.problem = self._reason(error)

    def build(self) -> None:
        """Title, tagline and the menu buttons in a centred column."""
        self._check_save()
        lay = self.layout
        column = lay.centre_column(30)
        y = lay.u(4)
        self.label(pygame.Rect(lay.margin, y, lay.width - 2 * lay.margin, lay.u(4)),
                   self.t("app_title"), object_id="title")
        y += lay.u(4.5)
        self.label(pygame.Rect(lay.margin, y, lay.width - 2 * lay.margin, lay.line),
                   self.t("tagline"), object_id="centred")
        y += lay.u(3.5)
        width, x = column.width, column.x

        def add(key: str, text: str, callback: Callback, primary: bool = False,
                number: int | None = None) -> None:
            nonlocal y
            if number is not None:
                text = f"{text}  [{number}]"
                self.shortcuts[number] = callback
            self.button(key, pygame.Rect(x, y, width, lay.row), text, callback,
                        object_id="primary" if primary else None)
            y += lay.row + lay.gap * 2

        number = 1
        if self.resumable is not None:
            notes = self.resumable
            add("resume", self.t("resume", round=notes.get("round", "?"),
                                 year=notes.get("year", "?")), self.resume,
                primary=True, number=number)
            number += 1
        elif self.problem is not None:
            box = self.text_box(pygame.Rect(x, y, width, -1),
                                self.t("resume_broken", reason=self.problem))
            y = box.rect.bottom + lay.gap * 2
            add("discard", self.t("discard_save"), self.discard, number=number)
            number += 1
        add("new", self.t("new_game"), self.new_game, primary=self.resumable is None,
            number=number)
        add("results", self.t("title_results"), self.results, number=number + 1)
        add("language", self.t("switch_language"), self.switch_language, number=number + 2)
        add("quit", self.t("quit"), self.app.quit, number=number + 3)
        self.text_box(pygame.Rect(x, y + lay.gap, width, -1), self.t("keys_help"),
                      object_id="plain")
        first = "resume" if self.resumable is not None else "new"
        self.default_key = first

    def resume(self) -> None:
        """Go back into the saved game exactly where it stopped."""
        from morgenmaken.ui.scenes.round import RoundScene
        from morgenmaken.ui.session import Session

        if self.resumable is None:
            return
        try:
            found = self.app.store().load()
        except SaveError as error:
            self.resumable = None
            self.problem = self._reason(error)
            self.rebuild()
            return
        client = dict(found.client)
        if client.get("lang") in ("nl", "en"):
            self.app.lang = client["lang"]
        self.app.session = Session(found.scenario, found.scenario_file, found.state,
                                   self.app.store(), client)
        self.app.switch(RoundScene(self.app))

    def _reason(self, error: SaveError) -> str:
        """Why a save cannot be resumed, in the team's language (details go to the log)."""
        log.warning("the autosave cannot be resumed: %s", error)
        if isinstance(error, ScenarioChangedError):
            return self.t("save_scenario_changed")
        return self.t("save_damaged")

    def discard(self) -> None:
        """Put a save that cannot be read aside (it is kept in saves/broken)."""
        self.app.store().discard()
        self.problem = None
        self.rebuild()

    def new_game(self) -> None:
        """Open the new-game form."""
        from morgenmaken.ui.scenes.setup import SetupScene
        self.app.switch(SetupScene(self.app))

    def results(self) -> None:
        """Compare the games of several tables (a LAB event)."""
        from morgenmaken.ui.scenes.results import ResultsScene
        self.app.switch(ResultsScene(self.app))

    def switch_language(self) -> None:
        """Dutch <-> English."""
        self.app.set_language("en" if self.lang == "nl" else "nl")

    def on_key(self, event: pygame.event.Event) -> bool:
        """Esc on the title screen does nothing: quitting is a deliberate button."""
        return super().on_key(event)

    def demo_step(self) -> bool:
        """The demo resumes its own game or starts a new one."""
        return self.activate("resume") or self.activate("new")

    def info(self) -> dict[str, object]:
        """Whether a game can be resumed."""
        return {"scene": self.name, "resumable": self.resumable is not None,
                "problem": self.problem}
