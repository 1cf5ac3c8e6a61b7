"""The window, the main loop, scene switching and the guard against the unexpected.

The loop draws at up to 60 frames per second only while something moves (an animation, the demo);
otherwise it blocks on ``pygame.event.wait`` with a timeout, so an idle game on a projector all
afternoon costs next to no CPU. A frame in which nothing changed (no event, no rebuild, no widget
with a new picture or place, nothing moving) is not drawn again: the window keeps the last one,
and it is drawn again at least every :data:`REDRAW_MS` in case the toolkit changed a picture in
place (a tooltip's delay, a text cursor). The shared screen of a table with phones polls many
times a second; most of those frames change nothing on screen.

Every iteration runs inside a guard: an unexpected exception is written with its traceback to
the log file, the game is saved, and the team sees a calm error scene instead of a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core.interfaces import IUIElementInterface
from pygame_gui.elements import UITextEntryLine

from morgenmaken.i18n import t
from morgenmaken.table.game import Session
from morgenmaken.table.game_room import GameRoom
from morgenmaken.table.room import Serve, Serving
from morgenmaken.table.store import Store, log_file
from morgenmaken.ui import palette
from morgenmaken.ui.fonts import BOLD, FONT_NAME, REGULAR, font, font_path
from morgenmaken.ui.layout import MIN_SIZE, Layout, clamp_size
from morgenmaken.ui.scenes.base import Scene
from morgenmaken.ui.scenes.phones import Phones
from morgenmaken.ui.sound import Sounds
from morgenmaken.ui.theme import build_theme

log = logging.getLogger("morgenmaken.ui")

FPS = 60
IDLE_WAIT_MS = 250
#: A frame that looks unchanged is still drawn again after this long (a safety net: the
#: toolkit hands over a new picture for what it changes, a blinking cursor included).
REDRAW_MS = 1000


@dataclass
class Options:
    """How the game was started (from the command line or a test)."""

    size: tuple[int, int] = (1280, 800)
    fullscreen: bool = False
    lang: str = "nl"
    scenario: str | None = None
    players: list[str] = field(default_factory=list)
    seed: int | None = None
    #: ``play --vote``: the new-game form starts on a vote per proposal instead of consensus.
    vote: bool = False
    demo: bool = False
    screenshots: Path | None = None
    seconds: float | None = None
    #: ``play --demo --moves N``: close after the demo's N-th move, so a check of the demo
    #: (a test, a stand being set up) ends at the same point of the game on any machine,
    #: however busy, where ``--seconds`` ends wherever the clock finds it.
    moves: int | None = None
    #: Seconds between the demo's moves (a readable pace for people passing a stand).
    pace: float = 1.6
    #: Tests: never block waiting for events, and run animations this many times faster.
    fast: bool = False
    time_scale: float = 1.0
    #: Screenshots: one per kind of view instead of one per view passed (tests at 4K).
    unique_shots: bool = False
    #: Serves a werksessie to phones (the command that opens the window passes the web
    #: server's ``serve_room``; the window never imports the server). None: laptop only.
    serve: Serve | None = None
    #: Serves a game table to phones (the web server's ``serve_game``), the same way.
    serve_game: Callable[[GameRoom], Serving] | None = None
    #: Hears every game session the window plays (attached when the session is set and told
    #: its state at once): the LAB hub's link, passed in by ``play --lab``. None: no hub.
    lab: Callable[[Session], None] | None = None
    #: The hub address `lab` sends to, shown in the new-game form ('' when none).
    lab_address: str = ""
    #: Start with sound off (``--mute``); the S key or the top bar's button switches it.
    mute: bool = False


#: Video drivers that show nothing: only acceptable when asked for (tests, CI, screenshots).
INVISIBLE_DRIVERS = ("offscreen", "dummy")


class App:
    """The game window and everything on it."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.lang = self.options.lang
        _setup_logging()
        pygame.display.init()
        if (pygame.display.get_driver() in INVISIBLE_DRIVERS
                and "SDL_VIDEODRIVER" not in os.environ):
            # SDL quietly falls back to drawing nowhere when there is no screen; a team would
            # wait for a window that never comes. Asked for explicitly (tests), it is fine.
            pygame.display.quit()
            raise pygame.error("no screen found (SDL chose the invisible "
                               "'offscreen' driver)")
        pygame.font.init()
        font.cache_clear()  # fonts from an earlier pygame.init() are no longer valid
        pygame.key.set_repeat(400, 60)
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if self.options.fullscreen else 0)
        size = (0, 0) if self.options.fullscreen else clamp_size(self.options.size)
        self.screen = pygame.display.set_mode(size, flags)
        pygame.display.set_caption("Morgen maken we nu!")
        _set_minimum_size()
        self.layout = Layout(*self.screen.get_size())
        self.manager = self._make_manager()
        for slot in ("game", "demo"):
            Store(slot).tidy()
        self.clock = pygame.time.Clock()
        self.running = True
        self.exit_code = 0
        self.focus_key: str | None = None
        #: One switch for every sound, kept across scenes and games.
        self.sounds = Sounds(on=not self.options.mute)
        self.session: Session | None = None
        #: The phones of the game on screen (see ``ui.scenes.phones``); None: laptop only.
        self.phones: Phones | None = None
        self._session: Session | None = None
        self.scene: Scene | None = None
        self.frames = 0
        #: Something on screen changed since the last drawn frame (see :meth:`invalidate`).
        self._dirty = True
        self._drawn_at = 0.0
        #: The scene has work ahead waiting (see Scene.warm): idle frames come at once.
        self._warming = False
        self._drawn_look: tuple[object, ...] = ()
        self.started = time.monotonic()
        self.shots_taken: list[Path] = []
        self._last_shot_view: str | None = None
        self._views_shot: set[str] = set()
        from morgenmaken.ui.demo import Demo
        self.demo: Demo | None = Demo(self) if self.options.demo else None
        if self.demo is not None:
            self.demo.start()  # before the title, which looks in the demo's own save slot
        from morgenmaken.ui.scenes.title import TitleScene
        self.switch(TitleScene(self))

    # ---------------------------------------------------------------- set-up
    def _make_manager(self) -> pygame_gui.UIManager:
        """A toolkit manager themed for this window size (the theme preloads our fonts)."""
        manager = pygame_gui.UIManager(self.layout.screen.size, build_theme(self.layout),
                                       enable_live_theme_updates=False)
        manager.add_font_paths(FONT_NAME, str(font_path(REGULAR)), str(font_path(BOLD)))
        # Bold and regular at the small size (cards, the pipeline) are used by HTML text
        # boxes the theme does not name; loaded here, not on first use.
        manager.preload_fonts([{"name": FONT_NAME, "point_size": self.layout.small,
                                "style": style} for style in ("regular", "bold")])
        return manager

    def use_lab(self, address: str) -> bool:
        """Send the games played from now on to the LAB hub at `address` ('' for none), as
        typed in the new-game form; False when it is not a hub's address. A link made here
        replaces the one before; the command line's own link is kept when its address is
        given again."""
        from morgenmaken.table.lab_link import LabAddressError, LabLink, parse_address

        address = address.strip()
        if address == self.options.lab_address:
            return True
        if address:
            try:
                parse_address(address)
            except LabAddressError:
                return False
        self._stop_lab()
        if address:
            import socket

            link = LabLink(address, (socket.gethostname() or "Tafel")[:40]).start()
            self._own_lab = link
            self.options.lab = link
        else:
            self.options.lab = None
        self.options.lab_address = address
        return True

    def _stop_lab(self) -> None:
        """Stop the link this window made (after a moment for the last save to go)."""
        link, self._own_lab = getattr(self, "_own_lab", None), None
        if link is not None:
            link.close()

    @property
    def session(self) -> Session | None:
        """The game on the table (None on the title screen and in a werksessie)."""
        return self._session

    @session.setter
    def session(self, session: Session | None) -> None:
        if session is not None and session is not self._session \
                and session.store is not None:  # a game played, not a finished one reread
            kept = session.client.get("lab")
            if self.options.lab is None and isinstance(kept, str) and kept:
                self.use_lab(kept)  # resumed after a crash: back to the hub it sent to
            lab = self.options.lab
            if lab is not None:
                session.listen(lab)
                if session.client.get("lab") != self.options.lab_address:
                    # kept in the autosave, so a resumed game finds its hub without --lab;
                    # the save tells the listeners, so the hub hears the game at once
                    session.client["lab"] = self.options.lab_address
                    session.save()
                else:
                    lab(session)  # the hub hears the resumed game at once
        self._session = session

    def store(self) -> Store:
        """The autosave slot: the demo plays in its own, never over a team's game."""
        return Store("demo" if self.demo is not None and self.demo.active else "game")

    def invalidate(self) -> None:
        """The next frame must be drawn (a scene was rebuilt, the window changed)."""
        self._dirty = True

    def _look(self) -> tuple[object, ...]:
        """What the toolkit would draw, cheaply: each widget's picture, place and
        visibility (a hover, a new picture or a moved widget changes it)."""
        return (self.focus_key, *((id(sprite.image), sprite.rect.x, sprite.rect.y,
                                   sprite.visible)
                                  for sprite in self.manager.get_sprite_group().sprites()))

    def _needs_drawing(self, events: int) -> bool:
        """Whether this frame differs from the one on screen (see the module)."""
        if self._dirty or events or self.busy() or (
                time.monotonic() - self._drawn_at) * 1000 >= REDRAW_MS:
            return True
        return self._look() != self._drawn_look

    # ---------------------------------------------------------------- scenes
    def switch(self, scene: Scene) -> None:
        """Show another scene."""
        if self.scene is not None:
            self.scene.teardown()
        self.focus_key = None
        self.scene = scene
        scene.rebuild()

    def resize(self, size: tuple[int, int]) -> None:
        """Lay everything out again for a new window size (new theme: type scales too)."""
        size = clamp_size(size)
        if self.screen.get_size() != size:
            flags = pygame.RESIZABLE | (self.screen.get_flags() & pygame.FULLSCREEN)
            self.screen = pygame.display.set_mode(size, flags)
        self.layout = Layout(*self.screen.get_size())
        if self.scene is not None:
            self.scene.teardown()
        self.manager = self._make_manager()
        if self.scene is not None:
            self.scene.rebuild()

    def set_language(self, lang: str) -> None:
        """Switch between Dutch and English; every widget is made again."""
        self.lang = lang
        if self.scene is not None:
            self.scene.rebuild()

    def toggle_fullscreen(self) -> None:
        """F11: fullscreen for the projector, and back."""
        try:
            pygame.display.toggle_fullscreen()
        except pygame.error:
            log.info("fullscreen is not available on this display")
            return
        surface = pygame.display.get_surface()
        if surface is not None:
            self.resize(surface.get_size())

    def quit(self) -> None:
        """Stop the loop (the game is already saved)."""
        self.running = False

    # ---------------------------------------------------------------- focus
    def _focusables(self) -> list[str]:
        scene = self.scene
        if scene is None:
            return []
        return [k for k in scene.focus_order
                if k in scene.keys and getattr(scene.keys[k], "is_enabled", True)
                and scene.keys[k].visible]

    def focused_element(self) -> IUIElementInterface | None:
        """The widget that has keyboard focus, if any."""
        if self.scene is None or self.focus_key is None:
            return None
        return self.scene.keys.get(self.focus_key)

    def restore_focus(self, key: str | None, default: str | None = None) -> None:
        """After a rebuild, keep focus on the same widget if it still exists, else on the
        scene's default (its main action), so Enter always does the obvious thing."""
        keys = self._focusables()
        if key in keys:
            self.set_focus(key)
        elif default in keys:
            self.set_focus(default)
        else:
            self.focus_key = None

    def set_focus(self, key: str | None) -> None:
        """Give keyboard focus to a widget (text entries take typing)."""
        previous = self.focused_element()
        if isinstance(previous, UITextEntryLine):
            previous.unfocus()
        self.focus_key = key
        element = self.focused_element()
        if isinstance(element, UITextEntryLine):
            self.manager.set_focus_set(element)
            element.focus()
        self._scroll_into_view(element)
        if self.scene is not None:
            self.scene.on_focus(key)

    def focus_element(self, element: object) -> None:
        """Focus follows the mouse click too, so keyboard and mouse can be mixed."""
        if self.scene is None:
            return
        for key, candidate in self.scene.keys.items():
            if candidate is element and key in self.scene.focus_order:
                self.focus_key = key
                return

    def move_focus(self, step: int) -> None:
        """Tab / Shift+Tab / arrows."""
        keys = self._focusables()
        if not keys:
            return
        if self.focus_key in keys:
            index = (keys.index(self.focus_key) + step) % len(keys)
        else:
            index = 0 if step > 0 else len(keys) - 1
        self.set_focus(keys[index])

    def _scroll_into_view(self, element: object) -> None:
        if self.scene is None or element is None:
            return
        for box in self.scene.scrollers:
            inner = box.scrollable_container
            if element in inner.elements and box.vert_scroll_bar is not None:
                rect = element.rect  # type: ignore[attr-defined]
                view = box.rect
                anchor = self.scene.anchors.get(element)  # type: ignore[arg-type]
                if anchor is not None and rect.union(anchor.rect).height <= view.height:
                    rect = rect.union(anchor.rect)
                if rect.top >= view.top and rect.bottom <= view.bottom:
                    return
                scrolled = view.top - inner.rect.top
                if rect.bottom > view.bottom:  # scroll as little as shows it (and its card)
                    scrolled += rect.bottom - view.bottom + self.layout.gap
                else:
                    scrolled -= view.top - rect.top + self.layout.gap
                height = max(1, inner.rect.height)
                box.vert_scroll_bar.set_scroll_from_start_percentage(max(0, scrolled) / height)
                box.update(0.0)
                return

    # ---------------------------------------------------------------- events
    def handle(self, event: pygame.event.Event) -> None:
        """One event: window events, app keys, then the toolkit, then the scene."""
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if self.demo is not None and self.demo.active and self.demo.interrupts(event):
            self.demo.stop()
            return
        if event.type == pygame.KEYDOWN and self._on_key(event):
            return
        self.manager.process_events(event)
        if event.type == pygame.MOUSEBUTTONDOWN:
            self._focus_from_click()
        if self.scene is not None and event.type >= pygame.USEREVENT:
            self.scene.on_ui_event(event)

    def _focus_from_click(self) -> None:
        if self.scene is None:
            return
        for key, element in self.scene.keys.items():
            if isinstance(element, UITextEntryLine) and element.is_focused:
                self.focus_key = key

    def _on_key(self, event: pygame.event.Event) -> bool:
        key, mods = event.key, event.mod
        if key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        element = self.focused_element()
        typing = isinstance(element, UITextEntryLine) and element.is_focused
        if key == pygame.K_TAB:
            self.move_focus(-1 if mods & pygame.KMOD_SHIFT else 1)
            return True
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (key == pygame.K_SPACE and not typing):
            if typing:
                self.move_focus(1)
                return True
            if self.scene is not None and self.focus_key is not None:
                return self.scene.activate(self.focus_key)
            return False
        if typing:
            if key in (pygame.K_UP, pygame.K_DOWN):
                self.move_focus(-1 if key == pygame.K_UP else 1)
                return True
            if key == pygame.K_ESCAPE:
                self.set_focus(None)
                return True
            return False  # the text entry gets the key
        if key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT) \
                and self.scene is not None and self.scene.on_arrow(key):
            return True  # a grid of buttons: up and down go by rows
        if key in (pygame.K_DOWN, pygame.K_RIGHT):
            self.move_focus(1)
            return True
        if key in (pygame.K_UP, pygame.K_LEFT):
            self.move_focus(-1)
            return True
        return self.scene is not None and self.scene.on_key(event)

    # ---------------------------------------------------------------- the loop
    def busy(self) -> bool:
        """Whether to draw at full rate now."""
        return self.scene is not None and self.scene.animating()

    def tick(self) -> None:
        """One iteration of the main loop: events, updates, drawing."""
        if self.busy() or self.options.fast:
            events = pygame.event.get()
            dt = self.clock.tick(0 if self.options.fast else FPS) / 1000
        else:
            timeout = IDLE_WAIT_MS
            if self.scene is not None and self.scene.wakeup_ms() is not None:
                timeout = max(1, min(timeout, self.scene.wakeup_ms() or timeout))
            if self.demo is not None and self.demo.active:
                timeout = max(1, min(timeout, self.demo.wakeup_ms()))
            if self._warming:  # work ahead waits: the next piece at once unless a key comes
                timeout = 1
            first = pygame.event.wait(timeout)
            events = [] if first.type == pygame.NOEVENT else [first, *pygame.event.get()]
            dt = self.clock.tick() / 1000
        for event in events:
            self.handle(event)
            if not self.running:
                return
        scaled = dt * self.options.time_scale
        if self.scene is not None:
            self.scene.update(scaled)
        if self.demo is not None:
            self.demo.update()
        self.manager.update(dt)
        if self._needs_drawing(len(events)):
            self.draw()
        elif self.scene is not None:
            # nothing changed: the scene may work ahead (see Scene.warm)
            self._warming = self.scene.warm()
        if self.options.seconds is not None and \
                time.monotonic() - self.started >= self.options.seconds:
            self.quit()
        if self.options.moves is not None and self.demo is not None and \
                self.demo.steps >= self.options.moves:
            self.quit()

    def draw(self) -> None:
        """Draw the frame and, in screenshot mode, keep a picture of every new view."""
        self.screen.fill(palette.BACKGROUND)
        self.manager.draw_ui(self.screen)
        self._draw_focus()
        pygame.display.flip()
        self.frames += 1
        self._dirty = False
        self._drawn_at = time.monotonic()
        self._drawn_look = self._look()
        if self.options.screenshots is not None and self.scene is not None:
            view = self.scene.view_name()
            if view != self._last_shot_view and not self.scene.animating():
                self._last_shot_view = view
                if not (self.options.unique_shots and view in self._views_shot):
                    self._views_shot.add(view)
                    self.screenshot(view)

    def screenshot(self, view: str) -> Path:
        """Save the screen as a numbered PNG."""
        folder = self.options.screenshots or Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(self.shots_taken) + 1:03d}-{view}.png"
        pygame.image.save(self.screen, str(path))
        self.shots_taken.append(path)
        return path

    def _draw_focus(self) -> None:
        element = self.focused_element()
        if element is None or not element.visible:
            return
        rect = element.rect.inflate(self.layout.u(0.3), self.layout.u(0.3))
        if self.scene is not None:
            for box in self.scene.scrollers:
                if element in box.scrollable_container.elements:
                    rect = rect.clip(box.rect)
        width = max(3, self.layout.unit // 6)
        pygame.draw.rect(self.screen, (0, 0, 0), rect.inflate(width * 2, width * 2), width)
        pygame.draw.rect(self.screen, palette.FOCUS, rect, width)

    def run(self) -> int:
        """The main loop, inside the guard; returns the exit code."""
        while self.running:
            try:
                self.tick()
            except Exception:  # the guard: no traceback is ever shown to players
                self.fail()
        self._stop_lab()
        pygame.quit()
        return self.exit_code

    def fail(self) -> None:
        """Log the error, keep the save, and show a calm screen."""
        log.error("unexpected error\n%s", traceback.format_exc())
        if self.session is not None:
            try:
                self.session.save()
            except Exception:
                log.error("the save could not be written\n%s", traceback.format_exc())
        if self.demo is not None:
            self.demo.active = False
        from morgenmaken.ui.scenes.error import ErrorScene
        if isinstance(self.scene, ErrorScene):
            self.exit_code = 1
            self.running = False
            return
        try:
            self.switch(ErrorScene(self))
        except Exception:
            log.error("the error screen failed\n%s", traceback.format_exc())
            self.exit_code = 1
            self.running = False


def _set_minimum_size() -> None:
    """Keep the window at least 1024×768, the smallest size the layout is made for."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            window = pygame.Window.from_display_module()
        window.minimum_size = MIN_SIZE
    except (AttributeError, pygame.error):
        pass


def _setup_logging() -> None:
    """Errors go to a log file in the user's data folder, never onto the screen."""
    path = log_file()
    root = logging.getLogger("morgenmaken")
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run_game(options: Options, first: Callable[[App], Scene] | None = None,
             no_display: str = "no_display") -> int:
    """Open the window and play until the team quits.

    `first` is the scene to open on instead of the title (the werksessie's set-up). Without
    a screen (a server, a terminal over ssh) no window can open: say so in a sentence (the
    string `no_display`) instead of showing a traceback.
    """
    try:
        app = App(options)
    except pygame.error as error:
        log.error("the game window cannot open: %s", error)
        sys.stderr.write(t(no_display, options.lang, reason=str(error)) + "\n")
        return 1
    if first is not None:
        app.switch(first(app))
    return app.run()
