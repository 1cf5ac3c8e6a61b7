"""The title screen: resume the last game, start a new one, switch language, quit."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from morgenmaken.engine import SaveError, ScenarioChangedError
from morgenmaken.i18n import t
from morgenmaken.storage import SAVE_LIMIT, UnreadableFile, read_json_file
from morgenmaken.table.store import load_game
from morgenmaken.table.werksessie_store import DamagedSession, Peek, SessionStore
from morgenmaken.ui.scenes.base import Callback, Scene
from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.werksessie.session import SessionError

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
        #: A werksessie left open (plan title, which measure), or why it cannot be read.
        self.ws_peek: Peek | None = None
        self.ws_problem: str | None = None
        #: What was put aside at this start (a damaged save), said once on this screen.
        #: Kept as (string key, folder, reason in a language) so a language switch rewords it.
        self.notices: list[tuple[str, Path, Callable[[str], str]]] = []

    def _check_save(self) -> None:
        """Look at the autosave once: its notes say which round it stopped in. The game itself
        is replayed only when the team chooses to resume, so the title appears at once."""
        if self._checked:
            return
        self._checked = True
        self._check_werksessie()
        store = self.app.store()
        if not store.exists():
            return
        try:
            self.resumable = store.peek()
        except SaveError as error:
            self._put_aside(error)

    def _put_aside(self, error: SaveError) -> None:
        """A save that cannot be read is moved to ``saves/broken`` with its reason, and this
        screen says so: nothing a file can do keeps the game from starting."""
        log.warning("the autosave is damaged and put aside: %s (%s)", error, error.detail)
        store = self.app.store()
        try:
            moved = store.discard(f"{error.reason('nl')}\n{error.reason('en')}")
        except OSError as failure:
            log.error("the damaged autosave cannot be moved aside: %s", failure)
            self.problem = self.t("save_damaged")
            return
        folder = moved.parent if moved is not None else store.folder / "broken"
        self.resumable = None
        self.problem = None
        self.notices.append(("save.put_aside", folder, error.reason))

    def notice_texts(self) -> list[str]:
        """What was put aside at this start, in the current language."""
        return [self.t(key, folder=folder, reason=reason(self.lang))
                for key, folder, reason in self.notices]

    def _check_werksessie(self) -> None:
        """Peek at the werksessie autosave (its plan title and measure, nothing more)."""
        store = SessionStore()
        store.tidy()
        if not store.exists():
            return
        try:
            self.ws_peek = store.peek()
        except SessionError as error:
            self._ws_put_aside(store, error)

    def _ws_put_aside(self, store: SessionStore, error: SessionError) -> None:
        """As :meth:`_put_aside`, for the werksessie autosave."""
        log.warning("the werksessie autosave is damaged and put aside: %s", error)
        reason: Callable[[str], str] = (
            error.reason if isinstance(error, DamagedSession) else partial(t, "file.damaged"))
        try:
            moved = store.discard(str(error))
        except OSError as failure:
            log.error("the damaged werksessie cannot be moved aside: %s", failure)
            self.ws_problem = str(error)
            return
        folder = moved.parent if moved is not None else store.folder / "broken"
        self.ws_peek = None
        self.ws_problem = None
        self.notices.append(("save.ws_put_aside", folder, reason))

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
        # The buttons below: new, finished, results, werksessie, language, quit, and one for
        # each save that can be resumed or put aside.
        if self.notices:
            box = self.text_box(pygame.Rect(x, y, width, -1),
                                "<br>".join(escape(text) for text in self.notice_texts()),
                                object_id="plain")
            y = box.rect.bottom + lay.gap
        count = 6 + (self.resumable is not None or self.problem is not None) \
            + (self.ws_peek is not None or self.ws_problem is not None)
        # Buttons close up a little when both a game and a werksessie can be resumed, so the
        # keys help still fits at 1024x768.
        # The keys help spans the whole width under the column: lines that long keep it low
        # enough to fit under the buttons at 1024x768, with every save shown.
        help_width = lay.width - 2 * lay.margin
        help_box = self.text_box(pygame.Rect(lay.margin, 0, help_width, -1), self.t("keys_help"),
                                 object_id="plain")
        room = lay.height - y - help_box.rect.height - lay.margin - lay.gap
        step = max(lay.row + max(2, lay.gap // 3), min(lay.row + lay.gap * 2, room // count))

        def add(key: str, text: str, callback: Callback, primary: bool = False,
                number: int | None = None) -> None:
            nonlocal y
            if number is not None:
                text = f"{text}  [{number}]"
                self.shortcuts[number] = callback
            self.button(key, pygame.Rect(x, y, width, lay.row), text, callback,
                        object_id="primary" if primary else None)
            y += step

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
        add("new", self.t("new_game"), self.new_game,
            primary=self.resumable is None and self.ws_peek is None, number=number)
        add("finished", self.t("title_finished"), self.finished, number=number + 1)
        add("results", self.t("title_results"), self.results, number=number + 2)
        number += 3
        if self.ws_peek is not None:
            add("ws_resume", self.t("ws.title_resume", number=min(self.ws_peek.measure,
                                                                  self.ws_peek.measures),
                                    total=self.ws_peek.measures), self.ws_resume,
                primary=self.resumable is None, number=number)
            number += 1
        elif self.ws_problem is not None:
            add("ws_discard", self.t("ws.title_broken"), self.ws_discard, number=number)
            number += 1
        add("werksessie", self.t("ws.title_new"), self.ws_new, number=number)
        add("language", self.t("switch_language"), self.switch_language, number=number + 1)
        add("quit", self.t("quit"), self.app.quit, number=number + 2)
        help_box.set_relative_position((lay.margin, y + lay.gap))
        first = "resume" if self.resumable is not None \
            else "ws_resume" if self.ws_peek is not None else "new"
        self.default_key = first

    def resume(self) -> None:
        """Go back into the saved game exactly where it stopped."""
        from morgenmaken.table.game import Session
        from morgenmaken.ui.scenes.round import RoundScene

        if self.resumable is None:
            return
        try:
            found = self.app.store().load()
        except ScenarioChangedError as error:  # not damaged: the team decides
            self.resumable = None
            self.problem = self._reason(error)
            self.rebuild()
            return
        except SaveError as error:
            self._put_aside(error)
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

    def ws_new(self) -> None:
        """Set up a werksessie (a team weighs a plan's measures)."""
        from morgenmaken.ui.scenes.ws_setup import WsSetupScene
        self.app.switch(WsSetupScene(self.app))

    def ws_resume(self) -> None:
        """Back into the werksessie left open, at the same measure and participant."""
        from morgenmaken.ui.scenes.ws_common import open_run, route
        store = SessionStore()
        try:
            run = open_run(self.app, store)
        except SessionError as error:
            log.warning("the werksessie cannot be resumed: %s", error)
            self._ws_put_aside(store, error)
            self.rebuild()
            return
        self.app.switch(route(self.app, run))

    def ws_discard(self) -> None:
        """Put a werksessie file that cannot be read aside (kept in werksessies/broken)."""
        SessionStore().discard()
        self.ws_problem = None
        self.rebuild()

    def new_game(self) -> None:
        """Open the new-game form."""
        from morgenmaken.ui.scenes.setup import SetupScene
        self.app.switch(SetupScene(self.app))

    def finished(self) -> None:
        """The games that were played to the end: open one's debrief again."""
        self.app.switch(FinishedScene(self.app))

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
                "problem": self.problem, "ws_resumable": self.ws_peek is not None,
                "ws_problem": self.ws_problem, "notices": self.notice_texts()}


class FinishedScene(Scene):
    """Finished games, newest first: a team (or the trainer, the next morning) reopens the
    debrief of a game whose end screen was already left."""

    name = "finished"
    #: The newest games shown (older ones stay on disk, for "Resultaten vergelijken").
    SHOWN = 8

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.paths = self.app.store().finished()
        self.problem: str | None = None

    def build(self) -> None:
        """A heading with the count, one button per game, and the way back."""
        lay = self.layout
        column = lay.centre_column(34)
        x, width = column.x, column.width
        y = lay.u(2)
        self.label(pygame.Rect(x, y, width, lay.u(2)), self.t("title_finished"),
                   object_id="heading")
        y += lay.u(2.5)
        count = len(self.paths)
        words = (self.t("finished_none") if not count
                 else self.t("finished_count_one") if count == 1
                 else self.t("finished_count", count=count))
        if self.problem:
            words += " " + self.problem
        box = self.text_box(pygame.Rect(x, y, width, -1), escape(words), object_id="plain")
        y = box.rect.bottom + lay.gap * 2
        room = lay.height - y - lay.row - 2 * lay.margin
        shown = self.paths[:max(0, min(self.SHOWN, room // (lay.row + lay.gap)))]
        for i, path in enumerate(shown):
            text = fit_text(self._describe(path), width - lay.u(1.5), lay.body)
            self.button(f"game:{i}", pygame.Rect(x, y, width, lay.row),
                        text, partial(self.open, path), object_id="primary" if i == 0 else None)
            y += lay.row + lay.gap
        self.button("back", pygame.Rect(x, lay.height - lay.margin - lay.row, width, lay.row),
                    f"{self.t('back')}  [Esc]", self.back)
        self.default_key = "game:0" if shown else "back"

    def _describe(self, path: Path) -> str:
        """Team, scenario and when, from the save's own notes (no replay: the list is fast)."""
        try:
            document = read_json_file(path, SAVE_LIMIT)  # the guarded reader: never a hang
        except UnreadableFile:
            return path.stem
        if not isinstance(document, dict):
            return path.stem
        team = document.get("team") if isinstance(document.get("team"), str) else ""
        scenario = document.get("scenario") if isinstance(document.get("scenario"), str) else "?"
        client = document.get("client") if isinstance(document.get("client"), dict) else {}
        when = client.get("saved_at")
        try:
            stamp = (time.strftime("%d-%m-%Y %H:%M", time.localtime(float(when)))
                     if isinstance(when, int | float) else path.stem)
        except (OverflowError, ValueError, OSError):  # a date no clock can show
            stamp = path.stem
        return self.t("finished_item", team=team[:80] or self.t("finished_no_team"),
                      scenario=scenario[:80], when=stamp)

    def open(self, path: Path) -> None:
        """Replay the finished game and show its debrief (nothing is saved over it)."""
        from morgenmaken.table.game import Session
        from morgenmaken.ui.scenes.debrief import DebriefScene
        try:
            found = load_game(path)
        except SaveError as error:
            log.warning("a finished game cannot be opened: %s", error)
            self.problem = self.t("finished_broken")
            self.rebuild()
            return
        self.app.session = Session(found.scenario, found.scenario_file, found.state, None,
                                   dict(found.client))
        self.app.switch(DebriefScene(self.app))

    def back(self) -> None:
        """To the title screen."""
        self.app.switch(TitleScene(self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        """Esc goes back."""
        if event.key == pygame.K_ESCAPE:
            self.back()
            return True
        return super().on_key(event)

    def info(self) -> dict[str, object]:
        """How many finished games are listed."""
        return {"scene": self.name, "games": len(self.paths), "problem": self.problem}
