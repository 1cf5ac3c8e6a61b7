"""Cards and news on screen: their text as pygame_gui HTML, and tiles in a scrolling grid.

A card shows what a team argues about: its cost, its effects *now*, *later* (with an
"in 4 jaar" badge), *elders* and per round, and the real-world source it is based on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import pygame

from morgenmaken.engine import GameState
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Effect
from morgenmaken.ui import palette as p
from morgenmaken.ui.wording import EffectLine, cost_text, effect_lines, signed

if TYPE_CHECKING:
    from morgenmaken.ui.scenes.base import Scene

BADGE = p.hex_colour(p.ORANGE)
NOW = p.hex_colour(p.SKY_BLUE)
ELDERS = p.hex_colour(p.REDDISH_PURPLE)
DIM = p.hex_colour(p.TEXT_DIM)


def dim(words: str) -> str:
    """Secondary text (goals, sources, who proposed): dimmer, still high contrast."""
    return f"<font color='{DIM}'>{escape(words)}</font>"


def effects_html(state: GameState, effects: list[Effect], per_round: list[Effect] | None,
                 lang: str) -> str:
    """Effects grouped as now / later (badged) / elders / per round."""
    scenario = state.scenario
    lines = effect_lines(scenario, effects, per_round)
    now = [ln for ln in lines if ln.kind == "now"]
    out = []

    def name(line: EffectLine) -> str:
        amount = signed(line.amount, 1 if line.amount % 1 else 0)
        return f"{escape(scenario.variable(line.variable).name.get(lang))} {amount}"

    if now:
        out.append(f"<font color='{NOW}'><b>{escape(t('effects_now_label', lang))}</b></font> "
                   + ", ".join(name(ln) for ln in now))
    for line in lines:
        if line.kind == "later":
            badge = t("in_years", lang, years=line.years)
            spread = (", " + t("spread_over", lang, years=line.spread_years)
                      if line.spread_years else "")
            out.append(f"<font color='{BADGE}'><b>[{escape(badge)}]</b></font> {name(line)}"
                       f"{escape(spread)}")
    elders = [ln for ln in lines if ln.kind == "elders"]
    if elders:
        parts = []
        for line in elders:
            when = (t("effects_now", lang) if line.years == 0
                    else t("in_years", lang, years=line.years))
            parts.append(f"{name(line)} ({escape(when)})")
        out.append(f"<font color='{ELDERS}'><b>{escape(t('effects_elders_label', lang))}"
                   f"</b></font> " + ", ".join(parts))
    per = [ln for ln in lines if ln.kind == "per_round"]
    if per:
        out.append(f"<b>{escape(t('effects_per_round_label', lang))}</b> "
                   + ", ".join(name(ln) for ln in per))
    return "<br>".join(out)


def card_html(state: GameState, card_id: str, lang: str, extra: str = "") -> str:
    """The whole card: title, cost, effects, source."""
    card = state.scenario.card(card_id)
    parts = [f"<b>{escape(card.title.get(lang))}</b>"]
    if extra:
        parts.append(extra)
    parts.append(escape(cost_text(card, lang)))
    effects = effects_html(state, list(card.effects), list(card.per_round), lang)
    if effects:
        parts.append(effects)
    if card.source is not None:
        parts.append(f"<font color='{DIM}'>{escape(t('source', lang))}: "
                     f"{escape(card.source.get(lang))}</font>")
    return "<br>".join(parts)


def event_html(state: GameState, event_id: str, lang: str) -> str:
    """A news item: headline, text, and what it does."""
    event = next(e for e in state.scenario.events if e.id == event_id)
    parts = [f"<b>{escape(event.title.get(lang))}</b>", escape(event.text.get(lang))]
    effects = effects_html(state, list(event.effects), None, lang)
    if effects:
        parts.append(effects)
    if event.source is not None:
        parts.append(f"<font color='{DIM}'>{escape(t('source', lang))}: "
                     f"{escape(event.source.get(lang))}</font>")
    return "<br>".join(parts)


@dataclass
class Tile:
    """One card (or proposal) in the grid, with the button that acts on it."""

    key: str
    html: str
    label: str
    callback: Callable[[], None] | None
    tooltip: str | None = None
    number: int | None = None


def place_tiles(scene: Scene, area: pygame.Rect, tiles: list[Tile], min_width_units: float = 17
                ) -> int:
    """Lay tiles out in columns inside a scrolling container; returns the content height."""
    lay = scene.layout
    bar = scene.scrollbar_width()
    inner = area.width - bar - lay.gap
    columns = max(1, min(len(tiles) or 1, (inner + lay.gap) // (lay.u(min_width_units) + lay.gap)))
    width = (inner - lay.gap * (columns - 1)) // columns
    box = scene.scroller(area, area.height)
    y = 0
    for start in range(0, len(tiles), columns):
        row = tiles[start:start + columns]
        boxes = []
        for i, tile in enumerate(row):
            rect = pygame.Rect(i * (width + lay.gap), y, width, -1)
            boxes.append(scene.text_box(rect, tile.html, container=box))
        height = max(b.rect.height for b in boxes)
        for b in boxes:
            if b.rect.height < height:
                b.set_dimensions((width, height))
        y += height + lay.gap // 2
        for i, tile in enumerate(row):
            label = tile.label if tile.number is None else f"{tile.label}  [{tile.number}]"
            rect = pygame.Rect(i * (width + lay.gap), y, width, lay.row)
            button = scene.button(tile.key, rect, label, tile.callback, tooltip=tile.tooltip,
                                  container=box, object_id="primary" if tile.callback else None,
                                  enabled=tile.callback is not None)
            scene.anchors[button] = boxes[i]  # scrolling to the button shows its card too
            if tile.number is not None and tile.callback is not None:
                scene.shortcuts[tile.number] = tile.callback
        y += lay.row + lay.gap * 2
    content = max(y, 1)
    scene.fit_scroller(box, content)
    return content
