"""Cards and news on screen: their text as pygame_gui HTML, and tiles in a scrolling grid.

A card shows what a team argues about: its cost, its effects *now*, *later* (with an
"in 4 jaar" badge), *elders* and per round, and the real-world source it is based on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from html import escape
from typing import TYPE_CHECKING

import pygame

from morgenmaken.engine import GameState
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Effect
from morgenmaken.ui import palette as p
from morgenmaken.ui.wording import EffectLine, amount, cost_text, effect_lines, repair_note, signed

if TYPE_CHECKING:
    from morgenmaken.ui.scenes.base import Scene

BADGE = p.hex_colour(p.ORANGE)
NOW = p.hex_colour(p.SKY_BLUE)
ELDERS = p.hex_colour(p.REDDISH_PURPLE)
DIM = p.hex_colour(p.TEXT_DIM)


class Density(IntEnum):
    """How tightly a card sets its effects, loosest first: a hand is planned at the
    loosest density (and the largest type) at which it fits the screen.

    A big hand on a small screen once needed three page turns although a heading line per
    group ("Over 4 jaar:") was most of what did not fit; leading a group's first effect with
    its heading keeps one effect a line and saves a line a group before effects run on.
    """

    #: Each group's heading on its own line, then one effect a line.
    LINES = 0
    #: The heading leads its group's first effect ("Over 4 jaar: −3 Veiligheid").
    HEADED = 1
    #: Each group's effects run on in one paragraph ("Nu: +6 Economisch kapitaal, +8 Budget").
    RUN_ON = 2


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
        size = signed(line.amount, 1 if line.amount % 1 else 0, lang)
        limit = repair_note(line, lang)
        return (f"{escape(scenario.variable(line.variable).name.get(lang))} {size}"
                + (f" ({escape(limit)})" if limit else ""))

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


# ---------------------------------------------------------------- compact cards, drawn
#: A piece of text in one colour and weight.
Piece = tuple[str, p.Colour, bool]


def key_label(position: int) -> str:
    """The key a card answers to: 1–9, then A, B, C… (a hand of 10 or more still has a key
    per card, and "neem 2 en A" means the same cards all round)."""
    return str(position + 1) if position < 9 else chr(ord("A") + position - 9)


def key_position(key: int) -> int | None:
    """The card position a pressed key stands for (the inverse of :func:`key_label`)."""
    import pygame as pg
    if pg.K_1 <= key <= pg.K_9:
        return key - pg.K_1
    if pg.K_KP1 <= key <= pg.K_KP9:
        return key - pg.K_KP1
    if pg.K_a <= key <= pg.K_i:
        return 9 + key - pg.K_a
    return None


@dataclass
class CardTile:
    """One card on the table: drawn compactly, the whole tile is the button that acts on it."""

    key: str
    card_id: str
    label: str
    callback: Callable[[], None] | None
    note: str = ""
    tooltip: str | None = None
    mark: str | None = None


def card_units(state: GameState, card_id: str, lang: str,
               density: Density = Density.LINES) -> list[list[list[Piece]]]:
    """A card as sections (each starts a line) of units (kept on one line when they fit):
    the cost, then its effects by when they land and where, set at `density` (a denser
    setting is for a hand too big for the screen otherwise).
    """
    dense = density == Density.RUN_ON
    scenario = state.scenario
    card = scenario.card(card_id)
    sections: list[list[list[Piece]]] = []
    cost = [[(f"· {amount(card.cost.budget, lang)} M€", p.YELLOW, True)]]
    if card.structural and card.upkeep:
        cost.append([("· " + t("upkeep", lang, upkeep=amount(card.upkeep, lang)),
                      p.TEXT_DIM, False)])
    if card.cost.draagvlak:
        cost.append([("· " + t("cost_draagvlak_short", lang,
                               points=amount(card.cost.draagvlak, lang)), p.TEXT_DIM, False)])
    sections.append(cost)
    # One effect a line, its size first: a room scans a column of "+5" and "−3" at a glance.
    # Effects that land later are grouped under one heading in the colour of their lens
    # ("Over 4 jaar", "Elders", "Elke ronde"), so the timing is said once, not per line.
    groups: dict[tuple[int, str], list[EffectLine]] = {}
    for line in effect_lines(scenario, list(card.effects), list(card.per_round)):
        kind = "now" if line.kind == "later" and not line.years else line.kind
        groups.setdefault((line.years if kind in ("later", "elders") else 0, kind),
                          []).append(line)
    order = {"now": 0, "later": 1, "elders": 2, "per_round": 3}
    for (years, kind), group in sorted(groups.items(), key=lambda g: (order[g[0][1]], g[0][0])):
        heading: list[Piece] | None = None
        if kind == "later":
            heading = [(t("effects_later_label", lang, years=years), p.ORANGE, True)]
        elif kind == "elders":
            label = (t("effects_elders_later_label", lang, years=years) if years
                     else t("effects_elders_label", lang))
            heading = [(label, p.REDDISH_PURPLE, True)]
        elif kind == "per_round":
            heading = [(t("effects_per_round_label", lang), p.TEXT_DIM, True)]
        elif dense:
            heading = [(t("effects_now_label", lang), p.SKY_BLUE, True)]
        paragraph: list[list[Piece]] = [heading] if heading else []
        if heading and density == Density.LINES:
            sections.append(paragraph)
        for number, line in enumerate(group):
            name = scenario.variable(line.variable).name.get(lang)
            value = signed(line.amount, 1 if line.amount % 1 else 0, lang)
            unit: list[Piece] = [(value, p.UP if line.amount > 0 else p.DOWN, True),
                                 (name, p.TEXT, False)]
            notes = [note for note in (line.spread_years and t("spread_short", lang,
                                                                years=line.spread_years),
                                       repair_note(line, lang)) if note]
            if notes:  # "(in 4 jaar tijd, tot 60)": a repair says how far it lifts
                unit.append((f"({', '.join(notes)})", p.TEXT_DIM, False))
            if density == Density.HEADED and heading and not number:
                sections.append([heading, unit])  # a unit that does not fit moves down
                continue
            if not dense:
                sections.append([unit])
                continue
            if number < len(group) - 1:  # a comma after each but the last, on its last piece
                text, colour, bold = unit[-1]
                unit[-1] = (text + ",", colour, bold)
            paragraph.append(unit)
        if dense:
            sections.append(paragraph)
    return sections


@dataclass(frozen=True)
class _Placed:
    """Text laid out on a card: pieces at (x, line) positions, and how many lines."""

    pieces: tuple[tuple[int, int, str, p.Colour, bool], ...]
    lines: int


def _flow(sections: list[list[list[Piece]]], size: int, width: int, first_indent: int
          ) -> _Placed:
    """Lay sections out in lines of `width` pixels; a unit moves to the next line whole
    when it does not fit, and is broken between words only when it is wider than a line.

    Kept by what was laid out: planning a new hand lays every card out at many widths and
    sizes, and the same cards at the same widths come back all game (a note that changes,
    "Te duur voor het budget", is laid out on its own)."""
    key = (tuple(tuple(tuple(unit) for unit in units) for units in sections), size, width,
           first_indent)
    placed = _FLOWS.get(key)
    if placed is None:
        if len(_FLOWS) >= _FACES_LIMIT * 20:
            _FLOWS.clear()
        placed = _FLOWS[key] = _lay_out(sections, size, width, first_indent)
    return placed


def _lay_out(sections: list[list[list[Piece]]], size: int, width: int, first_indent: int
             ) -> _Placed:
    """:func:`_flow` itself."""
    space = _width(" ", size, False)
    placed: list[tuple[int, int, str, p.Colour, bool]] = []
    line = 0
    for number, units in enumerate(sections):
        x = first_indent if number == 0 else 0
        if number:
            line += 1
        for unit in units:
            words = [(w, colour, bold) for text, colour, bold in unit
                     for w in _breakable(text.split(), size, bold, width)]
            unit_w = (sum(_width(w.rstrip(_JOIN), size, b) for w, _, b in words)
                      + space * (len(words) - 1))
            if x and x + space + unit_w > width:
                line += 1
                x = 0
            elif x:
                x += space
            for i, (word, colour, bold) in enumerate(words):
                joined = word.endswith(_JOIN)  # a piece of a hyphenated word: no space after
                word = word.rstrip(_JOIN)
                word_w = _width(word, size, bold)
                if x and x + word_w > width:
                    line += 1
                    x = 0
                placed.append((x, line, word, colour, bold))
                x += word_w + (space if i < len(words) - 1 and not joined else 0)
    return _Placed(tuple(placed), line + 1)


def _breakable(words: list[str], size: int, bold: bool, width: int) -> list[str]:
    """Words wider than a line split after their hyphens ("Groningen-Emmen-Enschede" on a
    narrow card), so nothing runs off the card."""
    out: list[str] = []
    for word in words:
        if "-" not in word or _width(word, size, bold) <= width:
            out.append(word)
            continue
        parts = word.split("-")
        out += [part + "-" + _JOIN for part in parts[:-1]] + [parts[-1]]
    return out


@functools.lru_cache(maxsize=50_000)
def _width(word: str, size: int, bold: bool) -> int:
    """A word's width in pixels, kept (the same words are measured at every width a hand's
    plan tries; the game's two faces never change)."""
    from morgenmaken.ui.fonts import font
    return font(size, bold).size(word)[0]


#: Marks a piece of a word split at its hyphen (never drawn).
_JOIN = "\x00"


_FACES: dict[tuple[object, ...], pygame.Surface] = {}
#: Cards as sections of units (:func:`card_units`), and laid-out text (:func:`_flow`).
_UNITS: dict[tuple[object, ...], list[list[list[Piece]]]] = {}
_FLOWS: dict[tuple[object, ...], _Placed] = {}
_FACES_LIMIT = 400
#: Heights of cards measured but not drawn (planning a hand tries many widths and sizes).
_HEIGHTS: dict[tuple[object, ...], int] = {}


def face_key(state: GameState, tile: CardTile, lang: str, width: int, size: int,
             density: Density = Density.LINES) -> tuple[object, ...]:
    """Everything a card's face shows: two tiles with the same key look the same."""
    enabled = tile.callback is not None or tile.mark is not None
    return (state.compiled.content_hash, tile.card_id, tile.label, tile.note, tile.mark,
            enabled, lang, width, size, density)


def card_face(state: GameState, tile: CardTile, lang: str, width: int, size: int,
              measure_only: bool = False, density: Density = Density.LINES
              ) -> tuple[int, pygame.Surface | None]:
    """The card drawn at `width` pixels in type of `size`: its height, and the picture.

    Faces are cached (a card looks the same all game but for its note), which is what keeps
    rebuilding the screen after a decision fast.
    """
    from morgenmaken.ui import draw
    from morgenmaken.ui.fonts import font
    key = face_key(state, tile, lang, width, size, density)
    enabled = tile.callback is not None or tile.mark is not None
    cached = _FACES.get(key)
    if cached is not None:
        return cached.get_height(), cached
    # the height is the same whether the card can be chosen or not (only its colours differ)
    height_key = (*key[:5], *key[6:])
    if measure_only and height_key in _HEIGHTS:
        return _HEIGHTS[height_key], None
    # A fifth of the type: at 4K large type sets a few per cent wider than at 1080p, and a
    # quarter left "+6 Economisch kapitaal" three pixels short of one line on a column.
    pad = max(4, size // 5)
    line_h = round(size * 1.12)
    badge_w = font(size, True).size(tile.label)[0] + size // 2 + 2
    card = state.scenario.card(tile.card_id)
    units_key = (state.compiled.content_hash, tile.card_id, lang, density)
    units = _UNITS.get(units_key)
    if units is None:
        if len(_UNITS) >= _FACES_LIMIT:
            _UNITS.clear()
        units = _UNITS[units_key] = card_units(state, tile.card_id, lang, density)
    # The cost runs on after the title (it is the first thing a team weighs, and a title's
    # last line usually has room for it).
    title = [[[(card.title.get(lang), p.TEXT, True)], *units[0]]]
    inner = width - 2 * pad
    head = _flow(title, size, inner, badge_w + size // 3)
    body = _flow(units[1:], size, inner, 0)
    notes: list[list[list[Piece]]] = []
    if tile.mark:
        notes.append([[(tile.mark, p.BLUISH_GREEN, True)]])
    if tile.note:
        notes.append([[(tile.note, p.TEXT_DIM, False)]])
    foot = _flow(notes, size, inner, 0) if notes else _Placed((), 0)
    height = 2 * pad + line_h * (head.lines + body.lines + foot.lines) + pad // 2
    if measure_only:
        if len(_HEIGHTS) >= _FACES_LIMIT * 10:
            _HEIGHTS.clear()
        _HEIGHTS[height_key] = height
        return height, None
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    ground = p.PANEL if enabled else p.DISABLED_BG
    pygame.draw.rect(surface, ground, surface.get_rect(), border_radius=max(3, size // 4))
    border = p.BLUISH_GREEN if tile.mark else p.BORDER
    pygame.draw.rect(surface, border, surface.get_rect(), max(1, size // 12),
                     border_radius=max(3, size // 4))
    badge = pygame.Rect(pad, pad + (line_h - size) // 2 - 1, badge_w, size + 2)
    pygame.draw.rect(surface, p.YELLOW if tile.callback else p.BORDER, badge,
                     border_radius=max(2, size // 6))
    draw.text(surface, tile.label, badge.center, size, p.TEXT_ON_ACCENT, bold=True,
              align="centre")
    top = pad
    for placed in (head, body, foot):
        for x, line, word, colour, bold in placed.pieces:
            shown = colour if enabled else p.DISABLED_TEXT
            draw.text(surface, word, (pad + x, top + line * line_h + line_h // 2), size,
                      shown, bold=bold)
        top += placed.lines * line_h
        if placed is head:
            top += pad // 2
    if len(_FACES) >= _FACES_LIMIT:
        _FACES.pop(next(iter(_FACES)))
    _FACES[key] = surface
    return height, surface


@dataclass(frozen=True)
class HandLayout:
    """How a hand is laid out: type size, column width, and on each page its columns of
    cards (cards run down a column, then on to the next, like a newspaper: their
    heights differ, and packed this way a whole hand fits where rows would not)."""

    size: int
    width: int
    pages: tuple[tuple[tuple[int, ...], ...], ...]
    density: Density = Density.LINES
    #: Space between cards in a column (half the space between columns: each card has its
    #: own border, and the pixels go to a tenth card).
    vgap: int = 4


def _columns(heights: list[int], count: int, room: int, gap: int
             ) -> list[tuple[int, ...]] | None:
    """Split cards, in order, into at most `count` columns of at most `room` pixels with the
    smallest tallest column; None when they do not fit."""
    if not heights:
        return []
    if max(heights) > room:
        return None

    def split(limit: int) -> list[tuple[int, ...]] | None:
        columns: list[tuple[int, ...]] = []
        column: list[int] = []
        used = 0
        for i, height in enumerate(heights):
            need = height + (gap if column else 0)
            if column and used + need > limit:
                columns.append(tuple(column))
                column, used = [], 0
                need = height
            column.append(i)
            used += need
        columns.append(tuple(column))
        return columns if len(columns) <= count else None

    low, high = max(heights), room
    if split(high) is None:
        return None
    while low < high:  # the lowest limit that still splits into `count` columns
        middle = (low + high) // 2
        if split(middle) is None:
            low = middle + 1
        else:
            high = middle
    return split(low)


def _packed(heights: list[int], count: int, room: int, gap: int
            ) -> list[tuple[int, ...]] | None:
    """Cards packed into at most `count` columns of `room` pixels, tallest first into the
    least filled column; each column then lists its cards in key order, and the columns go
    by their first key. None when they do not fit."""
    if not heights or max(heights) > room:
        return None if heights else []
    # Into the least filled column first (even columns look calm); when that leaves a card
    # over, into the fullest column it still fits (tighter, so more cards fit at all).
    for fullest in (False, True):
        columns: list[list[int]] = [[] for _ in range(count)]
        used = [0] * count
        for i in sorted(range(len(heights)), key=lambda k: -heights[k]):
            need = [heights[i] + (gap if columns[c] else 0) for c in range(count)]
            fits = [c for c in range(count) if used[c] + need[c] <= room]
            if not fits:
                break
            c = (max if fullest else min)(fits, key=lambda k: used[k])
            columns[c].append(i)
            used[c] += need[c]
        else:
            return [tuple(sorted(c)) for c in sorted((c for c in columns if c), key=min)]
    return None


def _packed_pages(heights: list[int], count: int, room: int, gap: int
                  ) -> tuple[tuple[tuple[int, ...], ...], ...] | None:
    """The fewest pages of `count` columns the cards pack into (see :func:`_packed`), the
    columns in the order of their first key, page by page."""
    if not heights or max(heights) > room:
        return None
    for pages in range(1, len(heights) + 1):
        columns = _packed(heights, pages * count, room, gap)
        if columns is not None:
            return tuple(tuple(columns[i:i + count]) for i in range(0, len(columns), count))
    return None


def plan_hand(state: GameState, tiles: list[CardTile], lang: str, area: pygame.Rect,
              sizes: list[int], gap: int) -> HandLayout:
    """The largest type at which every card fits `area` at once (trying more columns before
    smaller type), one effect a line; then the same at each denser :class:`Density`; when
    nothing fits at once, the fewest pages. Plans are kept: the same hand in the same room
    is planned once a round, not at every rebuild."""
    memo = (state.compiled.content_hash, lang, tuple(area), tuple(sizes), gap,
            tuple((t.card_id, t.label, t.note, t.mark, t.callback is not None) for t in tiles))
    if memo in _PLANS:
        return _PLANS[memo]
    plan = _plan(state, tiles, lang, area, sizes, gap)
    if len(_PLANS) >= _FACES_LIMIT:
        _PLANS.clear()
    _PLANS[memo] = plan
    return plan


_PLANS: dict[tuple[object, ...], HandLayout] = {}


def _plan(state: GameState, tiles: list[CardTile], lang: str, area: pygame.Rect,
          sizes: list[int], gap: int) -> HandLayout:
    best: HandLayout | None = None
    vgap = max(3, gap // 2)
    # First the cards in key order down the columns; when no size fits them so, packed
    # (each column still reads in key order, the keys do not change): one screen with
    # every card beats a page turn.
    for packer in (_columns, _packed):
        for density in Density:
            for size in sizes:
                for count in range(1, 7):
                    width = (area.width - gap * (count - 1)) // count
                    if width < max(size * 10, _longest_word(state, tiles, lang, size) + size):
                        break
                    heights = [card_face(state, tile, lang, width, size, measure_only=True,
                                         density=density)[0] for tile in tiles]
                    columns = packer(heights, count, area.height, vgap)
                    if columns is not None:
                        return HandLayout(size, width, (tuple(columns),), density, vgap)
                    pages = _pages(heights, count, area.height, vgap)
                    packed = _packed_pages(heights, count, area.height, vgap)
                    if packed is not None and (pages is None or len(packed) < len(pages)):
                        pages = packed
                    if pages is not None and (best is None or len(pages) < len(best.pages)):
                        best = HandLayout(size, width, pages, density, vgap)
    if best is None:  # not even one card fits the room: one card a page
        best = HandLayout(sizes[-1], area.width, tuple(((i,),) for i in range(len(tiles))),
                          Density.RUN_ON)
    return best


def _longest_word(state: GameState, tiles: list[CardTile], lang: str, size: int) -> int:
    """The widest unbreakable word on these cards in bold (a card is never narrower);
    kept per hand, language and size (a plan asks for it at every width it tries)."""
    key = (state.compiled.content_hash, tuple(tile.card_id for tile in tiles), lang, size)
    if key not in _LONGEST:
        if len(_LONGEST) >= _FACES_LIMIT:
            _LONGEST.clear()
        _LONGEST[key] = _widest_word(state, tiles, lang, size)
    return _LONGEST[key]


_LONGEST: dict[tuple[object, ...], int] = {}


def _widest_word(state: GameState, tiles: list[CardTile], lang: str, size: int) -> int:
    """:func:`_longest_word` itself."""
    from morgenmaken.ui.fonts import font
    face = font(size, True)
    widest = 0
    for tile in tiles:
        card = state.scenario.card(tile.card_id)
        words = card.title.get(lang).split()
        for effect in (*card.effects, *card.per_round):
            words += state.scenario.variable(effect.variable).name.get(lang).split()
        for word in words:
            for piece in word.split("-"):
                widest = max(widest, face.size(piece + "-")[0])
    return widest


def _pages(heights: list[int], count: int, room: int, gap: int
           ) -> tuple[tuple[tuple[int, ...], ...], ...] | None:
    """Cards in order over pages of `count` full columns (a small screen's page turns)."""
    if not heights or max(heights) > room:
        return None
    pages: list[tuple[tuple[int, ...], ...]] = []
    columns: list[tuple[int, ...]] = []
    column: list[int] = []
    used = 0
    for i, height in enumerate(heights):
        need = height + (gap if column else 0)
        if column and used + need > room:
            columns.append(tuple(column))
            column, used, need = [], 0, height
            if len(columns) == count:
                pages.append(tuple(columns))
                columns = []
        column.append(i)
        used += need
    columns.append(tuple(column))
    pages.append(tuple(columns))
    return tuple(pages)


def place_hand(scene: Scene, area: pygame.Rect, tiles: list[CardTile], plan: HandLayout,
               page: int) -> None:
    """Put one page of the hand on screen: each card's picture with a button over it."""
    lay = scene.layout
    state = scene.app.session.state  # type: ignore[union-attr]
    columns = plan.pages[page] if plan.pages else ()
    for number, column in enumerate(columns):
        x = area.x + number * (plan.width + lay.gap)
        y = area.y
        for i in column:
            tile = tiles[i]
            height, surface = card_face(state, tile, scene.lang, plan.width, plan.size,
                                        density=plan.density)
            assert surface is not None
            rect = pygame.Rect(x, y, plan.width, height)
            picture = scene.image(rect, surface, key=face_key(state, tile, scene.lang,
                                                              plan.width, plan.size,
                                                              plan.density))
            scene.backdrops.add(picture)
            button = scene.button(tile.key, rect, "", tile.callback, tooltip=tile.tooltip,
                                  object_id="row", height=2, enabled=tile.callback is not None)
            scene.anchors[button] = picture
            y += height + plan.vgap
