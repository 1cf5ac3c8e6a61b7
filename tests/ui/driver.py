"""Drive the real app with synthetic events, as a player's mouse and keyboard would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine

from morgenmaken.ui.app import App, Options


def make_app(size: tuple[int, int], shots: Path | None = None, **kwargs: Any) -> App:
    """An app at `size` that never blocks and animates fast."""
    app = App(Options(size=size, fast=True, time_scale=40, screenshots=shots, **kwargs))
    pump(app, 2)
    return app


def pump(app: App, ticks: int = 1) -> None:
    """Run the app's loop iteration `ticks` times."""
    for _ in range(ticks):
        app.tick()


def settle(app: App, limit: int = 400) -> None:
    """Let animations finish."""
    pump(app, 2)
    for _ in range(limit):
        if not app.busy():
            break
        app.tick()
    pump(app, 1)


def element(app: App, key: str) -> Any:
    """The widget registered under `key` in the current scene."""
    assert app.scene is not None
    assert key in app.scene.keys, f"{key!r} not on screen; have {sorted(app.scene.keys)}"
    return app.scene.keys[key]


def click(app: App, key: str) -> None:
    """Move the mouse to the widget's centre and click it (scrolling it into view first)."""
    widget = element(app, key)
    app._scroll_into_view(widget)
    pump(app, 1)
    widget = element(app, key)
    pos = widget.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    pump(app, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pump(app, 2)


def press(app: App, key: int, mod: int = 0, unicode: str = "") -> None:
    """Press and release a key."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode,
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode,
                                         scancode=0))
    pump(app, 2)


def type_text(app: App, text: str) -> None:
    """Type into the focused text entry."""
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    pump(app, 2)


def visible_text(app: App) -> str:
    """All text on screen in widgets (labels, buttons, entries, text boxes)."""
    parts = []
    for sprite in app.manager.get_sprite_group().sprites():
        if not getattr(sprite, "visible", True):
            continue
        if isinstance(sprite, UILabel | UIButton):
            parts.append(sprite.text)
        elif isinstance(sprite, UITextEntryLine):
            parts.append(sprite.get_text())
        elif isinstance(sprite, UITextBox):
            parts.append(sprite.html_text)
    return "\n".join(parts)
