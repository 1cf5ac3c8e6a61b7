"""The region as a picture: its themes, capitals, the world elsewhere and its people.

The dashboard lists every value for the team to look up; this picture is for the room to *see*
the region: every variable a tile in the order of the CBS monitor (hier en nu, later, elders,
verdeling), each lens in its own colour band so the four lenses read at a glance, and the groups
of inhabitants drawn as people whose posture and face follow how they are doing. After a round,
the cards the team adopted sit above the tiles with a line from each to everything it touched,
blue where it helped and orange where it cost — the effects flowing from a card to the region.

Drawn with pygame primitives only (nothing downloaded). Status is shape as well as colour
(circle, triangle, octagon), as on the dashboard; every text goes through :func:`draw.text`,
so the layout tests see anything that would not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from morgenmaken.engine import GameState
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Category
from morgenmaken.ui import draw
from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import font, wrap
from morgenmaken.ui.layout import Layout
from morgenmaken.ui.wording import trend
from morgenmaken.wording import board_variables, number, status_kind

#: The colour band of each lens (never a status colour: status has its own shapes).
LENS_COLOURS = {Category.HIER_EN_NU: p.SKY_BLUE, Category.LATER: p.YELLOW,
                Category.ELDERS: p.REDDISH_PURPLE, Category.VERDELING: p.BLUE}


@dataclass(frozen=True)
class Flow:
    """A card adopted this round and one variable it moved (the sum over the round)."""

    card: str
    variable: str
    delta: float


def round_flows(state: GameState, round_number: int) -> list[Flow]:
    """What each card did to each variable on the picture in a round, from the ledger
    (cards only; budget and draagvlak have their meters)."""
    totals: dict[tuple[str, str], float] = {}
    resources = {v.id for v in state.scenario.variables if v.category == Category.RESOURCE}
    for entry in state.ledger(round_number=round_number):
        if entry.cause == "card" and entry.variable not in resources:
            key = (entry.source, entry.variable)
            totals[key] = totals.get(key, 0.0) + entry.delta
    return [Flow(card, vid, delta) for (card, vid), delta in totals.items()
            if abs(delta) >= 0.05]


def _items(state: GameState) -> list[tuple[Category, str]]:
    return [(category, vid) for category, ids in board_variables(state.scenario)
            if category != Category.RESOURCE for vid in ids]


@dataclass(frozen=True)
class Plan:
    """Where the tiles go: columns, tile size, and the height of the cards' strip."""

    columns: int
    tile_w: int
    tile_h: int
    strip_h: int


def min_height(state: GameState, lay: Layout, lang: str, width: int,
               with_flows: bool) -> int | None:
    """The least height a readable picture needs at `width` (None: not at this width)."""
    for height in range(lay.u(6), lay.u(40), max(2, lay.u(0.5))):
        if plan(state, lay, lang, (width, height), with_flows) is not None:
            return height
    return None


def plan(state: GameState, lay: Layout, lang: str, size: tuple[int, int],
         with_flows: bool) -> Plan | None:
    """The grid that fits `size` with names on at most two lines at the small size and the
    value at body size; None when the room is too small for a picture a room can read."""
    items = _items(state)
    if not items:
        return None
    face = font(lay.small)
    widest = max(face.size(word)[0] for _, vid in items
                 for word in state.scenario.variable(vid).name.get(lang).split())
    pad = lay.u(0.3)
    tile_min_w = widest + 2 * pad  # draw.text allows a pixel; 6 columns at 1024 wide
    line = round(lay.small * 1.2)
    tile_min_h = pad * 2 + lay.u(0.3) + 2 * line + round(lay.body * 1.3)
    strip_h = legend_height(lay) + (round(lay.small * 1.9) + lay.u(1.2) if with_flows else 0)
    gap = lay.gap
    width, height = size
    names = sum(font(lay.small).size(w)[0] + lay.u(2.5) for w, _ in legend(lang))
    if names > width:
        return None
    for columns in range(len(items), 0, -1):
        tile_w = (width - gap * (columns - 1)) // columns
        if tile_w < tile_min_w:
            continue
        rows = -(-len(items) // columns)
        tile_h = (height - strip_h - gap * (rows - 1)) // rows
        if tile_h >= tile_min_h:
            return Plan(columns, tile_w, min(tile_h, tile_min_h + lay.u(3)), strip_h)
        break  # fewer columns only means more rows: it will not fit either
    return None


def region_surface(state: GameState, values: list[float], previous: list[float],
                   lay: Layout, lang: str, size: tuple[int, int], layout: Plan,
                   flows: list[Flow]) -> pygame.Surface:
    """Draw the region: the cards' strip and flows (if any), then a tile per variable."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    scenario = state.scenario
    index = state.compiled.index
    items = _items(state)
    gap = lay.gap
    pad = lay.u(0.3)
    anchors: dict[str, tuple[int, int]] = {}
    rects: dict[str, pygame.Rect] = {}
    for number_, (_, vid) in enumerate(items):
        row, column = divmod(number_, layout.columns)
        rect = pygame.Rect(column * (layout.tile_w + gap),
                           layout.strip_h + row * (layout.tile_h + gap),
                           layout.tile_w, layout.tile_h)
        rects[vid] = rect
        anchors[vid] = (rect.centerx, rect.y + 2)
    # The four lenses and their colours, in one line.
    x = 0
    mid = legend_height(lay) // 2
    for words, colour in legend(lang):
        swatch = pygame.Rect(x, mid - lay.u(0.25), lay.u(1.2), lay.u(0.5))
        pygame.draw.rect(surface, colour, swatch, border_radius=2)
        rect = draw.text(surface, words, (swatch.right + lay.u(0.3), mid), lay.small,
                         p.TEXT_DIM)
        x = rect.right + lay.u(1)
    # The cards of the round, then their lines (under the tiles' text, over the ground).
    cards = list(dict.fromkeys(f.card for f in flows))
    chip_centres: dict[str, tuple[int, int]] = {}
    top = legend_height(lay)
    if cards and layout.strip_h > top:
        chip_h = round(lay.small * 1.6)
        chip_w = (size[0] - gap * (len(cards) - 1)) // len(cards)
        for i, card_id in enumerate(cards):
            chip = pygame.Rect(i * (chip_w + gap), top, chip_w, chip_h)
            pygame.draw.rect(surface, p.PANEL_RAISED, chip, border_radius=pad)
            pygame.draw.rect(surface, p.BLUISH_GREEN, chip, max(2, lay.u(0.08)),
                             border_radius=pad)
            title = scenario.card(card_id).title.get(lang)
            from morgenmaken.ui.scenes.review import fit_text
            words = fit_text(title, chip_w - 2 * pad, lay.small, bold=True)
            draw.text(surface, words, chip.center, lay.small, p.TEXT, bold=True,
                      align="centre")
            chip_centres[card_id] = chip.midbottom
        for flow in flows:
            if flow.variable not in anchors or flow.card not in chip_centres:
                continue
            colour = p.UP if flow.delta > 0 else p.DOWN
            start, end = chip_centres[flow.card], anchors[flow.variable]
            width = max(2, min(lay.u(0.35), round(abs(flow.delta) * lay.u(0.06)) + 2))
            mid_y = (start[1] + layout.strip_h) // 2 + lay.u(0.3)
            points = [start, (start[0], mid_y), (end[0], mid_y), end]
            pygame.draw.lines(surface, colour, False, points, width)
            pygame.draw.circle(surface, colour, end, width + 2)
    for category, vid in items:
        _tile(surface, state, vid, category, values[index[vid]], previous[index[vid]],
              rects[vid], lay, lang, pad)
    return surface


def _tile(surface: pygame.Surface, state: GameState, vid: str, category: Category,
          value: float, before: float, rect: pygame.Rect, lay: Layout, lang: str,
          pad: int) -> None:
    scenario = state.scenario
    variable = scenario.variable(vid)
    kind = status_kind(scenario, vid, value)
    pygame.draw.rect(surface, p.PANEL, rect, border_radius=pad)
    band = pygame.Rect(rect.x, rect.y, rect.width, lay.u(0.3))
    pygame.draw.rect(surface, LENS_COLOURS[category], band, border_top_left_radius=pad,
                     border_top_right_radius=pad)
    if kind != "ok":  # danger shows on the tile itself, not only in a corner
        pygame.draw.rect(surface, p.STATUS[kind], rect, max(3, lay.u(0.15)),
                         border_radius=pad)
    line = round(lay.small * 1.2)
    people = category == Category.VERDELING
    text_w = rect.width - 2 * pad
    person_w = 0
    if people:
        # The person stands at the tile's right, full height; the name wraps beside it.
        person_w = max(lay.u(1.6), (rect.bottom - band.bottom) * 2 // 5)
        words = variable.name.get(lang).split()
        if max(font(lay.small).size(w)[0] for w in words) <= text_w - person_w:
            text_w -= person_w
        else:
            person_w = 0
    lines = wrap(variable.name.get(lang), font(lay.small), text_w)[:2]
    y = band.bottom + pad + line // 2
    for words in lines:
        draw.text(surface, words, (rect.x + pad, y), lay.small, max_width=text_w)
        y += line
    bottom = rect.bottom - pad - round(lay.body * 0.65)
    icon = lay.u(0.9)
    value_rect = draw.text(surface, number(value, 0, lang), (rect.x + pad, bottom), lay.body,
                           bold=True)
    arrow_x = value_rect.right + icon
    draw.arrow(surface, trend(before, value), (arrow_x, bottom), icon)
    if people:
        # The group as a person, beside its value, as tall as the tile allows.
        draw.status_icon(surface, kind, (arrow_x + icon + lay.u(0.2), bottom), icon)
        left = arrow_x + 2 * icon + lay.u(0.5)
        # Every group at one scale (the tile's full height, or the room under two lines of
        # name), so a taller person is always a group doing better.
        if person_w:
            room = pygame.Rect(rect.right - pad - person_w, band.bottom + pad, person_w,
                               rect.bottom - 2 * pad - band.bottom)
        else:
            tall = rect.bottom - pad - band.bottom - pad - 2 * line
            room = pygame.Rect(left, rect.bottom - pad - tall, rect.right - pad - left, tall)
        _person(surface, room, value, kind, variable.range)
    else:
        draw.status_icon(surface, kind, (rect.right - pad - icon // 2, bottom), icon)


def _person(surface: pygame.Surface, room: pygame.Rect, value: float, kind: str,
            span: tuple[float, float]) -> None:
    """A person whose posture follows the value: upright and smiling when well, smaller and
    with a flat or downturned mouth when not; the body in the status colour."""
    if room.height < 12 or room.width < 12:
        return
    low, high = span
    share = 0.0 if high <= low else max(0.0, min(1.0, (value - low) / (high - low)))
    height = round(room.height * (0.6 + 0.4 * share))
    head_r = max(4, min(height // 6, room.width // 4))
    cx = room.centerx
    feet = room.bottom
    top = feet - height
    colour = p.STATUS[kind]
    body = pygame.Rect(0, 0, head_r * 3, height - 2 * head_r - 2)
    body.midbottom = (cx, feet)
    pygame.draw.rect(surface, colour, body, border_top_left_radius=head_r,
                     border_top_right_radius=head_r)
    head = (cx, top + head_r)
    pygame.draw.circle(surface, p.TEXT, head, head_r)
    eye = max(1, head_r // 5)
    pygame.draw.circle(surface, p.BACKGROUND, (cx - head_r // 3, head[1] - head_r // 5), eye)
    pygame.draw.circle(surface, p.BACKGROUND, (cx + head_r // 3, head[1] - head_r // 5), eye)
    mouth = pygame.Rect(0, 0, head_r, max(2, head_r // 2))
    mouth.center = (cx, head[1] + head_r // 3)
    thick = max(1, head_r // 6)
    if kind == "ok":
        pygame.draw.arc(surface, p.BACKGROUND, mouth.move(0, -mouth.height // 2), 3.4, 6.0,
                        thick)
    elif kind == "warning":
        pygame.draw.line(surface, p.BACKGROUND, mouth.midleft, mouth.midright, thick)
    else:
        pygame.draw.arc(surface, p.BACKGROUND, mouth.move(0, mouth.height // 2), 0.3, 2.8,
                        thick)


def legend_height(lay: Layout) -> int:
    """The line that names the lenses' colours."""
    return round(lay.small * 1.5)


def legend(lang: str) -> list[tuple[str, p.Colour]]:
    """The four lenses with their colours, for a line above the picture."""
    return [(t(f"category.{c.value}", lang), colour) for c, colour in LENS_COLOURS.items()]
