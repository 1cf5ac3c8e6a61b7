"""Charts of the debrief with matplotlib: one renderer for the HTML, the PDF and the game window.

matplotlib is used through :class:`matplotlib.figure.Figure` and its Agg canvas only, never
``pyplot``: no global backend is chosen and no window can open, so the charts render the same
in a test, on a server and beside a running pygame window. The same figure renders to SVG (for
the HTML, where it stays sharp on a projector) and PNG (for the PDF and the pygame screen).

Readable from the back of a room and by colour-blind readers: large type, the Okabe–Ito palette,
and meaning that never rests on colour alone — bars carry their numbers, start and end differ
by hatching, lines by marker shape and dash, decisions and events by marker shape.

All text comes from ``locale/ui.yaml`` or the scenario. Mathtext is switched off, so a team
called ``$x$`` is drawn as typed, not parsed as a formula.
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import LayoutEngine
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image

from morgenmaken.i18n import t
from morgenmaken.report.common import amount, number, shorten, signed
from morgenmaken.report.debrief import (
    NOTABLE_FALL,
    Coming,
    Comparison,
    Debrief,
    ProfileGroup,
    Timeline,
    VariableSummary,
)
from morgenmaken.scenario.models import Category

# Okabe & Ito (2008), "Color Universal Design": distinguishable for the common colour blindness.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"

#: One colour per lens; the lens is also named in every panel title, so colour only repeats it.
CATEGORY_COLOURS: dict[Category, str] = {
    Category.HIER_EN_NU: BLUE,
    Category.LATER: BLUISH_GREEN,
    Category.ELDERS: ORANGE,
    Category.VERDELING: REDDISH_PURPLE,
    Category.RESOURCE: SKY_BLUE,
}
#: For several teams: colour and marker shape together tell teams apart.
TEAM_COLOURS = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, BLACK, YELLOW)
#: Thirteen shapes: with eight colours (13 and 8 share no factor) the pair of colour and shape
#: repeats only after 104 teams, and no two of the first thirteen share a shape, so a
#: colour-blind reader tells a LAB room's tables apart by shape alone.
TEAM_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "p", "h", "<", ">", "8")


def team_style(k: int) -> tuple[str, str]:
    """The colour and marker of the k-th team (0-based) in a comparison."""
    return TEAM_COLOURS[k % len(TEAM_COLOURS)], TEAM_MARKERS[k % len(TEAM_MARKERS)]


#: The first teams' styles (the same as :func:`team_style` gives).
TEAM_STYLES: tuple[tuple[str, str], ...] = tuple(team_style(k) for k in range(8))


def row_major(items: Sequence[Any], columns: int) -> list[Any]:
    """`items` reordered so that a legend, which matplotlib fills column by column, reads
    in their order row by row (left to right, then the next row).

    >>> row_major([1, 2, 3, 4, 5], 3)
    [1, 4, 2, 5, 3]
    """
    rows = -(-len(items) // columns) if items else 0
    grid = [items[r * columns:(r + 1) * columns] for r in range(rows)]
    return [grid[r][c] for c in range(columns) for r in range(rows) if c < len(grid[r])]
STATUS_COLOURS = {"ok": BLUISH_GREEN, "warning": ORANGE, "critical": VERMILLION}

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
BASE_SIZE = 15  # points at the figure's own size: large, because charts are shown on projectors


def font_path(file_name: str) -> Path:
    """A bundled font file (the same Noto Sans the game window and the PDF use)."""
    return Path(str(resources.files("morgenmaken") / "assets" / "fonts" / file_name))


@cache
def _register_fonts() -> str:
    """Make the bundled Noto Sans known to matplotlib once; returns its family name."""
    for name in FONT_FILES:
        font_manager.fontManager.addfont(str(font_path(name)))
    return font_manager.FontProperties(fname=str(font_path(FONT_FILES[0]))).get_name()


@contextmanager
def style(size: float = BASE_SIZE) -> Iterator[None]:
    """The house style for building *and* rendering a chart (fonts resolve at both moments).

    DejaVu Sans, which ships with matplotlib, is the fallback for characters Noto Sans lacks.
    """
    family = _register_fonts()
    with matplotlib.rc_context({
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "font.size": size,
        "axes.titlesize": size * 1.1,
        "axes.titleweight": "bold",
        "axes.labelsize": size,
        "xtick.labelsize": size * 0.9,
        "ytick.labelsize": size * 0.9,
        "legend.fontsize": size * 0.9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#333333",
        "axes.linewidth": 1.0,
        "hatch.linewidth": 1.2,
        "svg.fonttype": "path",  # text as outlines: the SVG looks the same without the font
        "svg.hashsalt": "morgenmaken",  # stable ids, so the same game gives the same file
        "text.parse_math": False,
        "text.usetex": False,
    }):
        yield


@cache
def _measurer() -> RendererAgg:
    return RendererAgg(8, 8, 72)  # at 72 dpi a pixel is a point


def text_inches(texts: Sequence[str], size: float, bold: bool = False) -> float:
    """The width in inches of the widest of `texts` at `size` points in the house font.

    Measured with the renderer's own font metrics, without a figure: what lets a chart set
    its margins once instead of having constrained layout measure every label at each draw.
    Call it inside :func:`style` (the font family comes from it).
    """
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    renderer = _measurer()
    return max((renderer.get_text_width_height_descent(text, prop, ismath=False)[0]
                for text in texts if text), default=0.0) / 72


class InchMargins(LayoutEngine):
    """Margins and gaps fixed in inches, applied to the figure's grid at every draw.

    Constrained layout measures every text of a figure at each draw (two passes), which was
    half the time of a werksessie chart. Charts whose furniture is known (row labels measured
    once with :func:`text_inches`, a legend on top, titles above panels) set their margins
    here instead; as inches, they stay right when a screen draws the figure at another size.
    """

    _adjust_compatible = True
    _colorbar_gridspec = True

    def __init__(self, left: float, right: float, top: float, bottom: float,
                 hgap: float = 0.0, wgap: float = 0.0) -> None:
        super().__init__()
        self.margins = (left, right, top, bottom, hgap, wgap)

    def execute(self, fig: Figure) -> None:  # type: ignore[override]
        """Place the grid of `fig`'s axes inside the margins at its current size."""
        left, right, top, bottom, hgap, wgap = self.margins
        width, height = fig.get_size_inches()
        grids = {id(spec.get_gridspec()): spec.get_gridspec() for ax in fig.axes
                 if (spec := ax.get_subplotspec()) is not None}
        for grid in grids.values():
            rows, columns = grid.get_geometry()
            inner_w = max(0.5, width - left - right)
            inner_h = max(0.5, height - top - bottom)
            each_w = max(0.1, (inner_w - (columns - 1) * wgap) / columns)
            each_h = max(0.1, (inner_h - (rows - 1) * hgap) / rows)
            grid.update(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height, hspace=hgap / each_h, wspace=wgap / each_w)
        for ax in fig.axes:  # GridSpec.update moves the axes of pyplot's figures only
            spec = ax.get_subplotspec()
            if spec is not None:
                ax.set_position(spec.get_position(fig))


_SVG_HASHED_ID = re.compile(rb"\b([ph])([0-9a-f]{10})\b")


def stable_svg(data: bytes) -> bytes:
    """Clip-path and hatch ids numbered in order of appearance.

    matplotlib hashes them from the clip rectangle's coordinates at full float precision,
    and those differ in the last bits after the same figure type was rendered at another
    dpi (the PDF's PNG) — so the same chart gave another file. Numbering keeps every
    reference intact and the file the same.
    """
    numbers: dict[bytes, bytes] = {}

    def renumber(match: re.Match[bytes]) -> bytes:
        key = match.group(0)
        if key not in numbers:
            numbers[key] = match.group(1) + b"id%d" % (len(numbers) + 1)
        return numbers[key]

    return _SVG_HASHED_ID.sub(renumber, data)


def render(figure: Figure, fmt: str = "png", dpi: int = 150) -> bytes:
    """The figure as PNG or SVG bytes (SVG with stable ids, see :func:`stable_svg`)."""
    buffer = io.BytesIO()
    with style():
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata,
                       facecolor="white")
    return stable_svg(buffer.getvalue()) if fmt == "svg" else buffer.getvalue()


#: Dots per inch of every drawn chart: sharp on paper (A4 width) and on a 4K projector.
DPI = 100
#: Drawn charts, as PNG bytes by key: what the window, the HTML and the PDF share.
_DRAWN: OrderedDict[Hashable, bytes] = OrderedDict()
_DRAWN_LIMIT = 64


def png(figure: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG from *one* drawing (Agg), at its own size.

    ``savefig`` with ``bbox_inches="tight"`` draws a figure twice (once to measure it), and
    an SVG and a PNG of the same figure are two more drawings: that was most of a report's
    time. Charts set their own margins, so their own size is already tight.
    """
    with style():
        figure.set_dpi(dpi)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        return canvas_png(canvas)


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """What a drawn Agg canvas holds, as PNG (RGB: fpdf embeds it without an alpha mask)."""
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw",
                             "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def store(key: Hashable, data: bytes, dpi: int = DPI) -> None:
    """Keep a chart drawn elsewhere (see :func:`drawn`) under `key`."""
    _DRAWN[(key, dpi)] = data
    _DRAWN.move_to_end((key, dpi))
    while len(_DRAWN) > _DRAWN_LIMIT:
        _DRAWN.popitem(last=False)


def drawn(key: Hashable, make: Callable[[], Figure], dpi: int = DPI) -> bytes:
    """The chart `make` builds, drawn once per `key` and kept: the window shows it, and the
    HTML and the PDF written afterwards embed the very same PNG."""
    found = _DRAWN.get((key, dpi))
    if found is None:
        found = png(make(), dpi)
        store(key, found, dpi)
    else:
        _DRAWN.move_to_end((key, dpi))
    return found


def is_drawn(key: Hashable, dpi: int = DPI) -> bool:
    """Whether the chart of `key` is already drawn (a screen can show it without waiting)."""
    return (key, dpi) in _DRAWN


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of PNG bytes (read from the header, no decoding)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def render_at(figure: Figure, size: tuple[int, int], fmt: str = "png", dpi: int = 100) -> bytes:
    """The figure at exactly `size` pixels (for a screen region; `render` trims to content).

    The type keeps its point size, so a larger region shows more room, not larger letters;
    pick `dpi` to scale the letters (e.g. 100 at 1080p, 200 at 4K).
    """
    figure.set_size_inches(size[0] / dpi, size[1] / dpi)
    buffer = io.BytesIO()
    with style():
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


# --------------------------------------------------------------------------- profile
def _index_groups(groups: Sequence[ProfileGroup]) -> list[ProfileGroup]:
    """Groups on the 0-100 index scale, with the resources on their own scale left out."""
    return [g for g in groups if g.category != Category.RESOURCE]


def _bar_panel(ax: Axes, group: ProfileGroup, start_label: str, end_label: str,
               limit: tuple[float, float], lang: str) -> None:
    """Start (hatched grey) and end (solid, the lens's colour) per variable, with numbers."""
    rows = list(group.variables)
    colour = CATEGORY_COLOURS.get(group.category, BLUE)
    height = 0.38
    span = limit[1] - limit[0]
    for i, summary in enumerate(rows):
        y = len(rows) - 1 - i
        ax.barh(y + height / 2, summary.start, height, color=LIGHT_GREY, edgecolor=GREY,
                hatch="///", label=start_label if i == 0 else None)
        ax.barh(y - height / 2, summary.end, height, color=colour, edgecolor=BLACK,
                label=end_label if i == 0 else None)
        ax.text(max(summary.start, limit[0]) + span * 0.01, y + height / 2,
                number(summary.start, 0, lang), va="center", fontsize=BASE_SIZE * 0.72,
                color="#333333")
        ax.text(max(summary.end, limit[0]) + span * 0.01, y - height / 2,
                f"{number(summary.end, 0, lang)}  ({signed(summary.change, 0, lang)})",
                va="center", fontsize=BASE_SIZE * 0.8, fontweight="bold")
    ax.set_yticks(range(len(rows)),
                  [_variable_label(s) for s in reversed(rows)])
    ax.set_xlim(limit[0], limit[1] + span * 0.22)
    ax.set_ylim(-0.65, len(rows) - 0.35)  # a row per variable, as the figure's grid reckons
    ax.set_xticks([tick for tick in (0, 25, 50, 75, 100) if limit[0] <= tick <= limit[1]])
    ax.set_title(group.label, loc="left")
    ax.grid(axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)


def _variable_label(summary: VariableSummary) -> str:
    """The name, with the status in words when it is not fine (never by colour alone)."""
    name = shorten(summary.name, 32)
    fell = summary.change <= -NOTABLE_FALL
    return name if summary.status_kind == "ok" and not fell else f"{name} ({summary.status})"


def profile_chart(debrief: Debrief) -> Figure:
    """The brede-welvaart profile: every index variable at the start and at the end, per lens.

    The lenses share one 0-100 scale so their bars compare. The resources are left out: a
    budget in M€ drawn on the index axis read as a score ("Budget 98 (+68)"); page one and
    the timelines show it on its own scale.
    """
    lang = debrief.lang
    panels = _index_groups(debrief.profile)
    start_label = t("chart.start", lang, year=debrief.start_year)
    end_label = t("chart.end", lang, year=debrief.end_year)
    with style():
        # a row per variable, 0.6 inch: the start's and the end's numbers, one above the
        # other, stay apart; between the panels room for the axis and the next title
        rows = [len(g.variables) + 0.3 for g in panels]
        top, bottom, gap = 0.75, 0.85, 1.0
        width = 11.0
        height = 0.6 * sum(rows) + gap * (len(panels) - 1) + top + bottom
        longest = max((len(_variable_label(v)) for g in panels for v in g.variables),
                      default=10)
        left = min(0.45 * width, longest * 0.55 * BASE_SIZE * 0.9 / 72 + 0.3)
        figure = Figure(figsize=(width, height))  # margins in inches: see InchMargins
        figure.set_layout_engine(InchMargins(left, 0.15, top, bottom, gap))
        axes = figure.subplots(len(panels), 1, squeeze=False,
                               gridspec_kw={"height_ratios": rows})[:, 0]
        for ax, group in zip(axes, panels, strict=True):
            _bar_panel(ax, group, start_label, end_label, (0.0, 100.0), lang)
        axes[-1].set_xlabel(t("chart.index", lang))
        # the end swatch shows every lens's colour, as the bars do
        ends = tuple(Patch(facecolor=CATEGORY_COLOURS.get(g.category, BLUE), edgecolor=BLACK)
                     for g in panels)
        start = Patch(facecolor=LIGHT_GREY, edgecolor=GREY, hatch="///")
        figure.legend(handles=[start, ends], labels=[start_label, end_label],
                      handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
                      loc="upper right", bbox_to_anchor=(1 - 0.1 / width, 1 - 0.05 / height),
                      ncols=2, frameon=False,
                      handlelength=max(2.0, 0.8 * len(ends)))
    return figure


def profile_png(debrief: Debrief) -> bytes:
    """The profile chart, drawn once per game and language."""
    return drawn((debrief.key, "profile"), lambda: profile_chart(debrief))


# --------------------------------------------------------------------------- timelines
def _y_limits(values: Sequence[float], low: float, high: float,
              extra: Sequence[float] = ()) -> tuple[float, float]:
    """A y-range that shows the movement (at least 20 points tall) inside the variable's range."""
    known = [v for v in [*values, *extra] if v is not None]
    bottom, top = min(known), max(known)
    middle, half = (bottom + top) / 2, max(10.0, (top - bottom) / 2 * 1.25)
    bottom, top = max(low, middle - half), min(high, middle + half)
    return bottom, top


def _year_ticks(ax: Axes, years: Sequence[int], most: int = 7) -> None:
    """Calendar years as ticks (never 2027.5), at most `most` of them."""
    ordered = sorted(set(years))
    step = max(1, -(-len(ordered) // most))
    ax.set_xticks(ordered[::step])
    ax.xaxis.set_major_formatter("{x:.0f}")


@dataclass(frozen=True)
class _Label:
    """A number beside a marker: where the marker is, which side first, and how much it says."""

    x: float
    y: float
    offset: float  # data units from the marker, the preferred side's sign
    text: str
    size: float  # the effect's size: larger effects get their place first
    needed: bool  # a key refers to it: placed even when it must touch another


def _place_labels(ax: Axes, labels: Sequence[_Label], fontsize: float) -> None:
    """Write the labels beside their markers without one covering another.

    Largest effect first, each on its preferred side of its marker, else on the other side;
    a label that fits on neither is left out (its marker stays, and the tables give the
    number) — a budget with a cost at every round once gave a heap of unreadable numbers.
    The boxes are reckoned in inches from the axes' place in its fixed grid.
    """
    if not labels:
        return
    figure = ax.get_figure()
    assert figure is not None
    ax.set_xlim(ax.get_xlim())  # the limits as they will be drawn (texts do not move them)
    place = ax.get_position()
    width_in, height_in = figure.get_size_inches()
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()

    def inches(x: float, y: float) -> tuple[float, float]:
        return ((place.x0 + (x - x_lo) / (x_hi - x_lo) * place.width) * width_in,
                (place.y0 + (y - y_lo) / (y_hi - y_lo) * place.height) * height_in)

    tall = fontsize * 1.5 / 72  # the font's line box and the white box's padding
    top_in = inches(x_lo, y_hi)[1]
    taken: list[tuple[float, float, float, float]] = []
    for label in sorted(labels, key=lambda item: -item.size):
        wide = text_inches([label.text], fontsize) + fontsize * 0.3 / 72
        chosen = None
        for offset in (label.offset, -label.offset):
            cx, cy = inches(label.x, label.y + offset)
            box = (cx - wide / 2, cy - tall / 2, cx + wide / 2, cy + tall / 2)
            clear = all(box[2] <= o[0] or box[0] >= o[2] or box[3] <= o[1] or box[1] >= o[3]
                        for o in taken)
            if clear and box[3] <= top_in:
                chosen = (offset, box)
                break
        if chosen is None and label.needed:
            cx, cy = inches(label.x, label.y + label.offset)
            chosen = (label.offset, (cx - wide / 2, cy - tall / 2, cx + wide / 2,
                                     cy + tall / 2))
        if chosen is None:
            continue
        offset, box = chosen
        taken.append(box)
        ax.text(label.x, label.y + offset, label.text, ha="center", va="center",
                fontsize=fontsize, zorder=6,
                bbox={"boxstyle": "round,pad=0.12", "facecolor": "white",
                      "edgecolor": "none", "alpha": 0.85})


def _draw_timeline(ax: Axes, timeline: Timeline, lang: str, colour: str,
                   projection: tuple[Sequence[int], Sequence[float]] | None = None,
                   key: list[str] | None = None) -> None:
    """One variable's line, its decisions and events, the warning line, the projection.

    With `key`, markers are numbered and a line per number ("1  2028  +8  title; title") is
    appended to it, to print beside the chart: titles written on the plot itself collide.
    """
    years, values = list(timeline.years), list(timeline.values)
    ax.plot(years, values, color=colour, marker="o", markersize=6, linewidth=2.6, zorder=3)
    extra: list[float] = []
    if projection is not None:
        p_years, p_values = projection
        ax.plot(p_years, p_values, color=colour, linestyle=(0, (4, 3)), linewidth=2.2,
                marker="o", markersize=4, markerfacecolor="white", zorder=3)
        ax.axvline(years[-1], color=GREY, linewidth=1, linestyle="-", zorder=1)
        extra = list(p_values)
        _year_ticks(ax, [*years, *p_years], 4)
    else:
        _year_ticks(ax, years, 4)
    bottom, top = _y_limits(values, timeline.low, timeline.high, extra)
    if timeline.warning is not None and bottom <= timeline.warning <= top:
        ax.axhline(timeline.warning, color=ORANGE, linestyle=":", linewidth=2, zorder=2)
    span = top - bottom
    labels: list[_Label] = []
    shapes: dict[str, list[tuple[float, float]]] = {}
    # one marker per kind and point, where the effect landed on the line
    per_point: dict[tuple[str, int], list[float]] = {}
    names: dict[tuple[str, int], list[str]] = {}
    for marker in timeline.markers:
        moment = (marker.kind, marker.point)
        per_point.setdefault(moment, []).append(marker.delta)
        names.setdefault(moment, []).append(marker.label)
    both = {p for (kind, p) in per_point if kind == "event"} & {
        p for (kind, p) in per_point if kind == "decision"}
    step = (years[1] - years[0]) if len(years) > 1 else 1
    for (kind, point), deltas in per_point.items():
        y = values[min(point, len(values) - 1)]
        total = sum(deltas)
        up = total >= 0
        x: float = years[min(point, len(years) - 1)]
        if point in both:  # news and decisions landing together: side by side
            x += -0.18 * step if kind == "event" else 0.18 * step
        shape = ("^" if up else "v") if kind == "decision" else "D"
        shapes.setdefault(shape, []).append((x, y))
        offset = span * 0.11 if up else -span * 0.11
        label = amount(total, lang) if abs(total) >= 0.05 else "±0"
        if key is not None:
            key.append(f"{len(key) + 1}.  {years[min(point, len(years) - 1)]}  {label}  "
                       + "; ".join(shorten(n, 34) for n in names[(kind, point)]))
            label = f"{len(key)}"
        elif abs(total) < 1.0:
            continue  # small effects keep their marker; only whole points get a number
        labels.append(_Label(x, y, offset, label, abs(total), key is not None))
    for shape, places in shapes.items():  # one line of markers per shape, not one each
        xs, ys = zip(*places, strict=True)
        if shape == "D":
            ax.plot(xs, ys, marker="D", markersize=10, color=BLACK, markerfacecolor="white",
                    zorder=4, linestyle="none")
        else:
            ax.plot(xs, ys, marker=shape, markersize=13, color=BLACK, markerfacecolor=YELLOW,
                    zorder=5, linestyle="none")
    ax.set_ylim(bottom - span * 0.05, top + span * 0.12)
    _place_labels(ax, labels, BASE_SIZE * 0.72)
    ax.set_title(shorten(timeline.name, 32), loc="left", fontsize=BASE_SIZE)
    ax.grid(axis="y", color="#E5E5E5")
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelrotation=0)


def _timeline_legend(figure: Figure, lang: str, projection: bool,
                     top: float | None = None) -> None:
    handles = [
        Line2D([], [], color=BLACK, marker="^", markerfacecolor=YELLOW, markersize=12,
               linestyle="none", label=t("chart.decision", lang)),
        Line2D([], [], color=BLACK, marker="D", markerfacecolor="white", markersize=9,
               linestyle="none", label=t("chart.event", lang)),
        Line2D([], [], color=ORANGE, linestyle=":", linewidth=2, label=t("chart.warning", lang)),
    ]
    if projection:
        handles.append(Line2D([], [], color=GREY, linestyle=(0, (4, 3)), linewidth=2,
                              label=t("chart.projection", lang)))
    if top is None:
        figure.legend(handles=handles, loc="outside upper center", ncols=len(handles),
                      frameon=False)
    else:
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, top),
                      ncols=len(handles), frameon=False)


def _projection_for(coming: Coming | None, variable: str
                    ) -> tuple[Sequence[int], Sequence[float]] | None:
    if coming is None:
        return None
    for entry in coming.variables:
        if entry.variable == variable:
            return coming.years, entry.path
    return None


#: Columns of the small multiples, the same on screen and on paper (one drawing for both).
TIMELINE_COLUMNS = 4
TIMELINE_WIDTH = 13.0  # inches
TIMELINE_ROW = 2.9  # inches per row of small multiples


def timeline_inches(count: int, columns: int = TIMELINE_COLUMNS) -> tuple[float, float]:
    """The size of the small multiples of `count` variables (so a screen can reserve it)."""
    rows = -(-max(1, count) // max(1, columns))
    return TIMELINE_WIDTH, TIMELINE_ROW * rows + 0.9


def category_timelines_chart(debrief: Debrief, category: Category,
                             columns: int = TIMELINE_COLUMNS,
                             with_projection: bool = True) -> Figure:
    """Small multiples: every variable of one lens over the years, decisions and news marked.

    Each panel has its own scale, so the budget (M€) is never read on the index axis.
    """
    lines = [tl for tl in debrief.timelines if tl.category == category]
    if not lines:
        raise ValueError(f"no variables in category {category}")
    coming = debrief.coming if with_projection else None
    columns = max(1, columns)  # every lens the same panel size, empty cells hidden
    rows = -(-len(lines) // columns)
    colour = CATEGORY_COLOURS.get(category, BLUE)
    width, height = timeline_inches(len(lines), columns)
    with style():
        # a fixed grid, not constrained layout: measuring every label costs as much as
        # drawing the chart, and these panels all have the same furniture
        figure = Figure(figsize=(width, height))
        grid = figure.add_gridspec(rows, columns, left=0.62 / width, right=1 - 0.15 / width,
                                   bottom=0.42 / height, top=1 - 0.85 / height, wspace=0.24,
                                   hspace=0.62)
        # only the cells in use get axes (an empty cell's axes cost as much as a full one's)
        for i in range(len(lines)):
            ax = figure.add_subplot(grid[i // columns, i % columns])
            _draw_timeline(ax, lines[i], debrief.lang, colour,
                           _projection_for(coming, lines[i].variable))
            ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        _timeline_legend(figure, debrief.lang, coming is not None, top=1 - 0.08 / height)
    return figure


def timelines_png(debrief: Debrief, category: Category) -> bytes:
    """The small multiples of one lens, drawn once per game and language."""
    return drawn((debrief.key, "timelines", category.value),
                 lambda: category_timelines_chart(debrief, category))


def timeline_chart(debrief: Debrief, variable_id: str, with_projection: bool = True) -> Figure:
    """One variable, large, with the titles of the decisions and news that moved it."""
    timeline = debrief.timeline(variable_id)
    coming = debrief.coming if with_projection else None
    key: list[str] = []
    with style():
        figure = Figure(figsize=(16, 7), layout="constrained")
        ax, text_ax = figure.subplots(1, 2, width_ratios=(3, 2))
        _draw_timeline(ax, timeline, debrief.lang,
                       CATEGORY_COLOURS.get(timeline.category, BLUE),
                       _projection_for(coming, variable_id), key=key)
        ax.set_title(timeline.name, loc="left")
        text_ax.axis("off")
        text_ax.text(0, 1, "\n".join(key), va="top", ha="left", fontsize=BASE_SIZE * 0.85,
                     linespacing=1.5, wrap=True)
        _timeline_legend(figure, debrief.lang, coming is not None)
    return figure


# --------------------------------------------------------------------------- wat als?
def whatif_chart(comparison: Comparison, variable_ids: Sequence[str] | None = None,
                 limit: int = 6, columns: int = 2) -> Figure:
    """The game as played (solid, circles) beside the branch (dashed, squares).

    By default the variables whose end differs most are shown; the rounds from the changed
    decision on are shaded.
    """
    lang = comparison.lang
    if variable_ids is None:
        chosen = list(comparison.changed_variables())[:limit] or list(comparison.variables[:2])
    else:
        chosen = [comparison.variable(v) for v in variable_ids]
    columns = max(1, min(columns, len(chosen)))
    rows = -(-len(chosen) // columns)
    years = list(comparison.years)
    changed_year = comparison.year
    with style():
        figure = Figure(figsize=(11, 3.3 * rows + 1.3), layout="constrained")
        axes = figure.subplots(rows, columns, squeeze=False)
        for i, ax in enumerate(axes.flat):
            if i >= len(chosen):
                ax.set_visible(False)
                continue
            entry = chosen[i]
            ax.axvspan(changed_year, years[-1], color=YELLOW, alpha=0.18, zorder=0)
            ax.axvline(changed_year, color=BLACK, linewidth=1.2, linestyle="-.")
            first = [(y, v) for y, v in zip(years, entry.original, strict=True) if v is not None]
            second = [(y, v) for y, v in zip(years, entry.branch, strict=True) if v is not None]
            ax.plot(*zip(*first, strict=True), color=BLUE, marker="o", linewidth=2.6,
                    markersize=7)
            ax.plot(*zip(*second, strict=True), color=VERMILLION, marker="s", linewidth=2.4,
                    linestyle=(0, (5, 3)), markersize=6)
            end_a, end_b = first[-1][1], second[-1][1]
            ax.annotate(number(end_a), (first[-1][0], end_a), textcoords="offset points",
                        xytext=(8, 6), fontsize=BASE_SIZE * 0.8, color=BLUE)
            ax.annotate(number(end_b), (second[-1][0], end_b), textcoords="offset points",
                        xytext=(8, -14), fontsize=BASE_SIZE * 0.8, color=VERMILLION)
            low, high = _y_limits([v for _, v in first], 0, 10**6, [v for _, v in second])
            ax.set_ylim(low, high)
            ax.set_title(shorten(entry.name, 36), loc="left", fontsize=BASE_SIZE)
            _year_ticks(ax, years)
            ax.grid(axis="y", color="#E5E5E5")
            ax.set_axisbelow(True)
        handles = [
            Line2D([], [], color=BLUE, marker="o", linewidth=2.6, label=t("chart.original", lang)),
            Line2D([], [], color=VERMILLION, marker="s", linewidth=2.4, linestyle=(0, (5, 3)),
                   label=t("chart.branch", lang)),
            Patch(facecolor=YELLOW, alpha=0.35, edgecolor=BLACK, linestyle="-.",
                  label=t("chart.changed_here", lang, year=changed_year)),
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        figure.suptitle(t("chart.whatif_title", lang, year=changed_year), fontweight="bold",
                        fontsize=BASE_SIZE * 1.2)
    return figure


# --------------------------------------------------------------------------- teams
def teams_chart(teams: Sequence[tuple[str, Debrief]]) -> Figure:
    """Several teams' final profiles in one dot plot; a tick marks the common start.

    A dot plot rather than bars: with six tables and seventeen themes, bars become a wall,
    while one row per theme with a shaped marker per team stays readable.
    """
    if not teams:
        raise ValueError("no teams to compare")
    lang = teams[0][1].lang
    first = teams[0][1]
    rows: list[tuple[str, float]] = []
    for group in first.profile:
        for summary in group.variables:
            if summary.low >= 0 and summary.high <= 100:
                rows.append((summary.id, summary.start))
    count = len(teams)
    with style():
        figure = Figure(figsize=(11, 0.55 * len(rows) + 1.8), layout="constrained")
        ax = figure.subplots()
        band = 0.7
        for r, (variable_id, start) in enumerate(rows):
            y = len(rows) - 1 - r
            if r % 2 == 0:
                ax.axhspan(y - 0.5, y + 0.5, color="#F3F3F3", zorder=0)
            ax.plot([start, start], [y - band / 2, y + band / 2], color=BLACK, linewidth=2.5,
                    zorder=2)
            for k, (_, debrief) in enumerate(teams):
                colour, marker = team_style(k)
                offset = ((count - 1) / 2 - k) * (band / max(count, 1))  # first team on top
                end = debrief.variable(variable_id).end
                ax.plot([end], [y + offset], marker=marker, color=colour, markersize=10,
                        markeredgecolor=BLACK, linestyle="none", zorder=3)
        labels = [shorten(first.variable(v).name, 30) for v, _ in rows]
        ax.set_yticks(range(len(rows)), list(reversed(labels)))
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlim(0, 100)
        ax.set_xlabel(t("chart.index", lang))
        ax.grid(axis="x", color="#DDDDDD")
        ax.set_axisbelow(True)
        handles = [Line2D([], [], color=BLACK, linewidth=2.5, label=t("chart.teams_start", lang))]
        for k, (name, _) in enumerate(teams):
            colour, marker = team_style(k)
            handles.append(Line2D([], [], marker=marker, color=colour, markeredgecolor=BLACK,
                                  markersize=10, linestyle="none",
                                  label=f"{k + 1}. {shorten(name, 26)}"))
        columns = min(4, len(handles))
        # in team order, read row by row as the table above it is
        figure.legend(handles=row_major(handles, columns), loc="outside upper center",
                      ncols=columns, frameon=False)
    return figure
