"""What every scene shares: building widgets from the layout, callbacks, keyboard focus.

A scene keeps its *logical* state (which view, which variable is selected) apart from its
widgets, so that :meth:`Scene.rebuild` can throw every widget away and make them again for a new
window size or language. Buttons are pygame_gui buttons; a scene registers each with a callback
and a stable *key*, which is how keyboard focus survives a rebuild and how tests find a widget.

Making a pygame_gui widget costs about a millisecond (theme look-ups, its shape drawn in every
state), so a scene that rebuilds after every decision (the round) sets :attr:`Scene.recycle`:
its build still describes the whole screen, but a widget asked for again at the same place,
with the same look, is the one already on screen, its text, tooltip, picture or state updated
only where they changed. Only widgets left over are removed. A new window size or language
still makes everything anew (:meth:`Scene.teardown` comes first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIContainer, UIElement
from pygame_gui.core.interfaces import IContainerLikeInterface, IUIElementInterface
from pygame_gui.elements import (
    UIButton,
    UIImage,
    UILabel,
    UIScrollingContainer,
    UITextBox,
    UITextEntryLine,
)

from morgenmaken.i18n import t
from morgenmaken.ui.layout import Layout

if TYPE_CHECKING:
    from morgenmaken.ui.app import App

Callback = Callable[[], None]


class Scene:
    """Base class of the title, setup, round, end and error scenes."""

    #: Name used for screenshots and tests.
    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app
        self.root: UIContainer | None = None
        self.callbacks: dict[IUIElementInterface, Callback] = {}
        self.keys: dict[str, IUIElementInterface] = {}
        self.focus_order: list[str] = []
        self.shortcuts: dict[int, Callback] = {}
        self.scrollers: list[UIScrollingContainer] = []
        #: Every widget this scene made, with the container it was put in (None: the root),
        #: so layout tests can check exactly what the scene laid out.
        self.widgets: list[tuple[IUIElementInterface, IContainerLikeInterface | None]] = []
        #: Widget -> the widget it belongs with (a card's button -> the card's text), so that
        #: scrolling one into view shows both.
        self.anchors: dict[IUIElementInterface, IUIElementInterface] = {}
        #: Pictures that other widgets lie on top of on purpose (not an overlap).
        self.backdrops: set[IUIElementInterface] = set()
        #: The widget that gets keyboard focus after a build when the focused one is gone.
        self.default_key: str | None = None
        #: During a recycling rebuild: last build's widgets by what they are and where
        #: (see :meth:`_reuse`), taken as the build asks for them again.
        self._pool: dict[tuple[object, ...], list[IUIElementInterface]] = {}
        #: Widgets made ahead in idle frames (hidden) for a build to come (see :meth:`warm`):
        #: a build takes them like last build's widgets; the ones not asked for yet wait.
        self._warm: dict[tuple[object, ...], list[IUIElementInterface]] = {}

    #: Keep the widgets between rebuilds where they are asked for again (see the module).
    recycle = False

    # ---------------------------------------------------------------- helpers
    @property
    def lang(self) -> str:
        """The language the team chose."""
        return self.app.lang

    def t(self, key: str, **values: object) -> str:
        """A UI string in the current language."""
        return t(key, self.lang, **values)

    @property
    def layout(self) -> Layout:
        """The layout of the window now."""
        return self.app.layout

    def button(self, key: str, rect: pygame.Rect, text: str, callback: Callback | None,
               *, tooltip: str | None = None, object_id: str | None = None,
               container: IContainerLikeInterface | None = None, enabled: bool = True,
               focus: bool = True, height: int = 1) -> UIButton:
        """A button with a callback, registered for keyboard focus under `key`."""
        ident = ("button", rect.size, object_id, height)
        element = self._reuse(ident, container, rect, resize=not text)
        if isinstance(element, UIButton):
            if element.text != text:
                element.set_text(text)
            if element.tool_tip_text != tooltip:
                element.set_tooltip(tooltip)
                if element.tool_tip is not None:  # shown with the old words: made again
                    element.tool_tip.kill()
                    element.tool_tip = None
            if enabled and callback is not None:
                element.enable()
        else:
            element = UIButton(rect, text, self.app.manager, container=container or self.root,
                               tool_tip_text=tooltip, starting_height=height,
                               object_id=ObjectID(object_id=f"#{object_id}") if object_id
                               else None)
            self._made(element, ident, container)
        self.widgets.append((element, container))
        if not enabled or callback is None:
            element.disable()
        if callback is not None:
            self.callbacks[element] = callback
        self.keys[key] = element
        if focus and enabled and callback is not None:
            self.focus_order.append(key)
        return element

    def label(self, rect: pygame.Rect, text: str, object_id: str | None = None,
              container: IContainerLikeInterface | None = None) -> UILabel:
        """A one-line text."""
        ident = ("label", rect.size, object_id)
        element = self._reuse(ident, container, rect)
        if isinstance(element, UILabel):
            if element.text != text:
                element.set_text(text)
        else:
            element = UILabel(rect, text, self.app.manager, container=container or self.root,
                              object_id=ObjectID(object_id=f"#{object_id}") if object_id
                              else None)
            self._made(element, ident, container)
        self.widgets.append((element, container))
        return element

    def text_box(self, rect: pygame.Rect, html: str, object_id: str | None = None,
                 container: IContainerLikeInterface | None = None,
                 reuse: bool = True) -> UITextBox:
        """Wrapped text (pygame_gui's small HTML subset); height -1 grows to fit the text.
        `reuse` False: a box made only to be measured, never one already on screen."""
        ident = ("text", rect.size, object_id, html)
        element = self._reuse(ident, container, rect) if reuse else None
        if not isinstance(element, UITextBox):
            element = UITextBox(html, rect, self.app.manager, container=container or self.root,
                                object_id=ObjectID(object_id=f"#{object_id}") if object_id
                                else None)
            self._made(element, ident, container)
        self.widgets.append((element, container))
        return element

    def warm_text_box(self, size: tuple[int, int], html: str,
                      object_id: str | None = None) -> UITextBox | None:
        """Make, hidden, the text box a build to come will ask for (a text box is the
        dearest widget to make: its words are parsed and laid out), so that build finds it
        ready; at most a few wait (they are dropped when the scene goes). Returns the box
        that waits (None: this scene does not keep widgets)."""
        ident = ("text", size, object_id, html)
        if not self.recycle or self.root is None:
            return None
        if ident in self._warm:
            waiting = self._warm[ident][-1]
            assert isinstance(waiting, UITextBox)
            return waiting
        while sum(len(elements) for elements in self._warm.values()) >= self.WARM_LIMIT:
            for element in self._warm.pop(next(iter(self._warm))):  # the oldest goes
                element.kill()
        element = UITextBox(html, pygame.Rect((0, 0), size), self.app.manager,
                            container=self.root, visible=0,
                            object_id=ObjectID(object_id=f"#{object_id}") if object_id
                            else None)
        element.recycle_ident = ident  # type: ignore[attr-defined]
        self._warm.setdefault(ident, []).append(element)
        return element

    #: Widgets made ahead that may wait at once.
    WARM_LIMIT = 8

    def entry(self, key: str, rect: pygame.Rect, text: str, placeholder: str | None = None,
              container: IContainerLikeInterface | None = None) -> UITextEntryLine:
        """A one-line text entry (names), in the focus order."""
        element = UITextEntryLine(rect, self.app.manager, container=container or self.root,
                                  initial_text=text or None, placeholder_text=placeholder)
        self.widgets.append((element, container))
        self.keys[key] = element
        self.focus_order.append(key)
        return element

    def image(self, rect: pygame.Rect, surface: pygame.Surface | Callable[[], pygame.Surface],
              container: IContainerLikeInterface | None = None,
              key: object = None) -> UIImage:
        """A picture the scene draws itself (meters, charts, icons).

        `surface` may be a function that draws it, and `key` what the picture shows: when
        the picture already on screen at `rect` was drawn for the same key, it is kept and
        the function is not called (drawing and handing a picture to the toolkit is most of
        what a rebuild would cost)."""
        ident = ("image", rect.size)
        element = self._reuse(ident, container, rect, resize=True)
        if isinstance(element, UIImage):
            self.repaint(element, surface, key, rect.size)
        else:
            element = UIImage(rect, surface() if callable(surface) else surface,
                              self.app.manager, container=container or self.root,
                              image_is_alpha_premultiplied=False)
            self._made(element, ident, container)
            element.shown_key = key  # type: ignore[attr-defined]
        self.widgets.append((element, container))
        return element

    @staticmethod
    def repaint(element: UIImage, surface: pygame.Surface | Callable[[], pygame.Surface],
                key: object, size: tuple[int, int] | None = None) -> None:
        """Hand a picture on screen a new one, unless it was drawn for `key` already at
        `size` (its own by default); the one check :meth:`image` and a scene redrawing a
        picture in place (the meters, the dashboard) share."""
        if key is None or getattr(element, "shown_key", None) != key or \
                element.image.get_size() != (size or element.rect.size):
            element.set_image(surface() if callable(surface) else surface)
        element.shown_key = key  # type: ignore[attr-defined]

    def scroller(self, rect: pygame.Rect, content_height: int) -> UIScrollingContainer:
        """A scrolling region for content taller than the space it has."""
        box = UIScrollingContainer(rect, self.app.manager, container=self.root,
                                   allow_scroll_x=False)
        self.fit_scroller(box, content_height)
        self.scrollers.append(box)
        self.widgets.append((box, None))
        return box

    def fit_scroller(self, box: UIScrollingContainer, content_height: int) -> None:
        """Tell a scrolling region how tall its content is (a scroll bar only when needed)."""
        rect = box.rect
        if content_height > rect.height:
            box.set_scrollable_area_dimensions((rect.width - self.scrollbar_width(),
                                                content_height))
        else:
            box.set_scrollable_area_dimensions((rect.width, rect.height))

    def scrollbar_width(self) -> int:
        """Room a vertical scroll bar takes (pygame_gui's default is 20 px; scaled up)."""
        return max(20, self.layout.u(1.0))

    # ---------------------------------------------------------------- lifecycle
    def build(self) -> None:
        """Make the widgets for the current layout and state."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """Build the screen again (window size, language or state changed): every widget
        made anew, or with :attr:`recycle` the ones asked for again kept (see the module)."""
        focused = self.app.focus_key
        self.app.invalidate()
        if self.recycle and self.root is not None and self.root.alive():
            left = [element for element, container in self.widgets]
            self._clear()
            for element in left:
                ident = getattr(element, "recycle_ident", None)
                if ident is not None and element.alive():
                    self._pool.setdefault(ident, []).append(element)
                else:
                    self._pool.setdefault(("gone", id(element)), []).append(element)
        else:
            self.teardown()
            self.root = UIContainer(self.app.layout.screen, self.app.manager)
        self.default_key = None
        try:
            self.build()
        finally:
            for elements in self._pool.values():
                for element in elements:
                    if element.alive():
                        element.kill()
            self._pool.clear()
        self.app.restore_focus(focused, self.default_key)

    def warm(self) -> bool:
        """Work ahead in a frame where nothing changed (the team is looking at the screen
        between two decisions): make what the next build will need, so the rebuild a
        decision makes finds it ready. Nothing on screen changes. One piece a call; True
        while more pieces wait."""
        return False

    def _reuse(self, ident: tuple[object, ...], container: IContainerLikeInterface | None,
               rect: pygame.Rect, resize: bool = False) -> IUIElementInterface | None:
        """Last build's widget with this identity (kind, size, look), the one at the same
        place if there is one, else one moved there (moving is cheap, a new size is not).
        `resize`: else one of the same kind and look at another size, given the new size
        (a picture, a button without words: nothing in them is laid out again, while a new
        widget looks its theme up and draws every state). Only widgets placed straight on
        the scene: a scrolling region and what is in it are made anew."""
        if container is not None:
            return None
        elements = self._pool.get(ident)
        if not elements and resize:
            for other, waiting in self._pool.items():
                if waiting and other[0] == ident[0] and other[2:] == ident[2:]:
                    element = waiting.pop(0)
                    element.set_relative_position(rect.topleft)
                    # the toolkit's own resizing of a picture scales the old one first:
                    # the caller hands over a new one at this size anyway
                    if isinstance(element, UIImage):
                        UIElement.set_dimensions(element, rect.size)
                    else:
                        element.set_dimensions(rect.size)
                    element.recycle_ident = ident  # type: ignore[attr-defined]
                    return element
        if not elements:
            waiting = self._warm.get(ident)
            if not waiting:
                return None
            element = waiting.pop()
            if not waiting:
                del self._warm[ident]
            element.set_relative_position(rect.topleft)
            element.show()
            return element
        for number, element in enumerate(elements):
            if element.rect.topleft == rect.topleft:
                return elements.pop(number)
        element = elements.pop(0)
        element.set_relative_position(rect.topleft)
        return element

    def _made(self, element: IUIElementInterface, ident: tuple[object, ...],
              container: IContainerLikeInterface | None) -> None:
        """Mark a new widget as one a recycling rebuild may keep."""
        if self.recycle and container is None:
            element.recycle_ident = ident  # type: ignore[attr-defined]

    def teardown(self) -> None:
        """Remove this scene's widgets."""
        if self.root is not None:
            self.root.kill()
        self.root = None
        self._warm.clear()
        self._clear()

    def _clear(self) -> None:
        """Forget the widgets' registrations (callbacks, keys, focus order...)."""
        self.callbacks.clear()
        self.keys.clear()
        self.focus_order.clear()
        self.shortcuts.clear()
        self.scrollers.clear()
        self.widgets.clear()
        self.anchors.clear()
        self.backdrops.clear()

    # ---------------------------------------------------------------- events
    def on_ui_event(self, event: pygame.event.Event) -> None:
        """pygame_gui events: run the callback of the pressed button."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            callback = self.callbacks.get(event.ui_element)
            if callback is not None:
                self.app.focus_element(event.ui_element)
                callback()

    def on_focus(self, key: str | None) -> None:
        """Keyboard focus moved to the widget under `key` (hover does the same for the mouse)."""

    def on_key(self, event: pygame.event.Event) -> bool:
        """Keys a scene handles itself (number keys, Esc); True when handled."""
        number = _number_key(event.key)
        if number is not None and number in self.shortcuts:
            self.shortcuts[number]()
            return True
        return False

    def on_arrow(self, key: int) -> bool:
        """An arrow key the scene moves focus with itself (a grid); False: the next or
        previous widget, as everywhere."""
        return False

    def activate(self, key: str) -> bool:
        """Run the callback of the widget registered under `key` (keyboard Enter, the demo)."""
        element = self.keys.get(key)
        if element is None or not getattr(element, "is_enabled", True):
            return False
        callback = self.callbacks.get(element)
        if callback is None:
            return False
        callback()
        return True

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""

    def animating(self) -> bool:
        """True while something moves, so the loop must draw at full rate."""
        return False

    def wakeup_ms(self) -> int | None:
        """Milliseconds until the scene needs to draw again on its own (a timer), or None."""
        return None

    def view_name(self) -> str:
        """Which part of the scene is shown, for screenshots of every scene passed."""
        return self.name

    def demo_step(self) -> bool:
        """Demo mode: make one move as a team would (press a button); False when idle."""
        return False

    def info(self) -> dict[str, Any]:
        """What the scene shows, for tests to assert on."""
        return {"scene": self.name}


def _number_key(key: int) -> int | None:
    if pygame.K_1 <= key <= pygame.K_9:
        return key - pygame.K_0
    if pygame.K_KP1 <= key <= pygame.K_KP9:
        return key - pygame.K_KP1 + 1
    return None
