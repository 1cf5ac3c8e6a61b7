"""What a player in the back of the room would stumble over, as checks on the widget tree.

* nothing lies outside the window, and no two widgets of the same container overlap (the
  dashboard picture is a deliberate backdrop under its row buttons);
* no text is cut off: button and label text fits its widget, text the scenes draw themselves
  fits where it is drawn (``draw.OVERFLOWS``), long text sits in boxes that wrap and scroll;
* body text is at least 1/40 of the window height.
"""

from __future__ import annotations

from typing import Any

from pygame_gui.elements import (
    UIButton,
    UILabel,
    UIScrollingContainer,
    UISelectionList,
    UITextBox,
)

from morgenmaken.ui import draw
from morgenmaken.ui.app import App
from morgenmaken.ui.fonts import font


def problems(app: App) -> list[str]:
    """Every overlap, overflow and clipped text on screen now ([] when all is well)."""
    found: list[str] = [f"text drawn outside its room: {w!r}" for w in draw.OVERFLOWS]
    scene = app.scene
    assert scene is not None and scene.root is not None
    screen = app.layout.screen
    body = app.layout.body
    if body * 40 < app.layout.height:
        found.append(f"body text {body}px is below 1/40 of {app.layout.height}px")

    def name(e: Any) -> str:
        text = getattr(e, "text", "") or getattr(e, "html_text", "")[:30]
        return f"{type(e).__name__}({text!r})@{tuple(e.rect)}"

    groups: dict[int, list[Any]] = {}
    parents: dict[int, Any] = {}
    for widget, container in scene.widgets:
        if not widget.alive():
            continue
        groups.setdefault(id(container), []).append(widget)
        parents[id(container)] = container
    for key, widgets in groups.items():
        container = parents[key]
        scrolled = isinstance(container, UIScrollingContainer)
        bounds = container.rect if scrolled else screen
        for e in widgets:
            rect = e.rect
            if scrolled:
                if rect.left < bounds.left - 1 or rect.right > bounds.right + 1:
                    found.append(f"{name(e)} sticks out of its scrolling area {tuple(bounds)}")
            elif not bounds.contains(rect):
                found.append(f"{name(e)} is outside {tuple(bounds)}")
            if isinstance(e, UIButton | UILabel) and e.text and e.font is not None:
                width, height = e.font.size(e.text)
                if width > rect.width - 4 or height > rect.height + 2:
                    found.append(f"{name(e)} cuts its text ({width}x{height})")
            if isinstance(e, UISelectionList):
                room = rect.width - app.layout.unit - 2 * app.layout.u(0.5)
                for item in e.item_list:
                    width = font(app.layout.body).size(item["text"])[0]
                    if width > room:
                        found.append(f"list item {item['text']!r} is cut off ({width}>{room})")
            if isinstance(e, UITextBox) and e.scroll_bar is not None \
                    and rect.height < 2.5 * app.layout.line:
                found.append(f"{name(e)} scrolls but shows less than two lines")
            if isinstance(e, UIScrollingContainer):
                bar = e.vert_scroll_bar
                if bar is not None and bar.rect.width > 0 and not e.rect.contains(bar.rect):
                    found.append(f"the scroll bar {tuple(bar.rect)} of {name(e)} lies outside")
        solid = [e for e in widgets if e not in scene.backdrops]
        for i, a in enumerate(solid):
            for b in solid[i + 1:]:
                overlap = a.rect.clip(b.rect)
                if overlap.width > 1 and overlap.height > 1:
                    found.append(f"{name(a)} overlaps {name(b)}")
    return found
