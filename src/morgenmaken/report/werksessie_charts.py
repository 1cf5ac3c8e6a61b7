"""Charts of a werksessie: one measure's effect profile, and the plan's profile as a whole.

Built on the house style of :mod:`morgenmaken.report.charts` (matplotlib ``Figure`` + Agg only,
Noto Sans, Okabe–Ito colours, stable SVG) so the rating screen, the HTML and the PDF show the
same picture. The team's *agreed* rating is the figure's message, so it is the bold element (a
bar from zero with a black diamond at its end); the individual ratings behind it are drawn
lighter beneath it — a range line from the lowest to the highest rating and a dot per scale
position, sized by and labelled with how many gave it — so the room sees at a glance whether
its agreement hides a split. Nothing rests on colour alone: the lens is named in each panel's
title, "weet niet" is written as ``? n/N`` and a disagreement is flagged ``‼`` beside the row.
"""

from __future__ import annotations

import hashlib
from functools import cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.text import TextPath
from matplotlib.ticker import MaxNLocator

from morgenmaken.i18n import t
from morgenmaken.report.charts import (
    BASE_SIZE,
    BLACK,
    CATEGORY_COLOURS,
    DPI,
    GREY,
    InchMargins,
    canvas_png,
    drawn,
    is_drawn,
    store,
    style,
    text_inches,
)
from morgenmaken.report.common import shorten, signed
from morgenmaken.scenario.models import Category
from morgenmaken.werksessie.aggregate import SCALE, Aggregate, Rating, symbol
from morgenmaken.werksessie.plan import Dimension, Lens
from morgenmaken.werksessie.session import WorkSession, measure_profile, plan_profile

#: The flag beside a row where the team was far apart (in Noto Sans, so it renders everywhere).
DIVIDED_FLAG = "‼"
#: Longest dimension name on a chart axis (longer ones are cut with an ellipsis).
LABEL_LIMIT = 30
_SCALE_KEYS = {-2: "m2", -1: "m1", 0: "0", 1: "p1", 2: "p2"}
_ROW_HEIGHT = 0.62


def lens_colour(lens: Lens) -> str:
    """The lens's colour in the game's charts (the same four lenses as the scenario's)."""
    return CATEGORY_COLOURS[Category(lens.value)]


def lens_label(lens: Lens, lang: str) -> str:
    """The lens's name, as the game names its categories."""
    return t(f"category.{lens.value}", lang)


def scale_word(value: int, lang: str) -> str:
    """'duidelijk negatief' … 'duidelijk positief' for a position of the scale."""
    return t(f"wsreport.scale.{_SCALE_KEYS[value]}", lang)


def dont_know_note(agg: Aggregate) -> str:
    """'? 2/5' when some answered weet niet, else empty."""
    return f"? {agg.dont_know}/{agg.count}" if agg.dont_know else ""


def _scale_axis(ax: Axes, lang: str, labelled: bool, words: bool = True) -> None:
    """The −2..+2 axis with a symbol (and, where there is room, a word) under every position."""
    labels = [f"{symbol(v)}\n{scale_word(v, lang)}" if words else symbol(v) for v in SCALE]
    ax.set_xticks(list(SCALE), labels if labelled else [""] * len(SCALE),
                  fontsize=BASE_SIZE * (0.9 if words else 1.1))
    ax.tick_params(axis="x", length=0 if not labelled else 4)
    for value in SCALE:
        ax.axvline(value, color="#E2E2E2" if value else "#9A9A9A",
                   linewidth=1 if value else 1.6, zorder=0)


@cache
def _digits(label: str) -> tuple[MarkerStyle, float]:
    """A count as a marker, and its size per point of type: the outline of the text in the
    house font, centred (built once per count; a marker is drawn far faster than a text)."""
    outline = TextPath((0, 0), label, size=1, prop=FontProperties(weight="normal"))
    (x0, y0), (x1, y1) = outline.get_extents().get_points()
    centred = Path(outline.vertices - ((x0 + x1) / 2, (y0 + y1) / 2), outline.codes)
    return MarkerStyle(centred), max(x1 - x0, y1 - y0)


class _Spreads:
    """The individual ratings of every row of one panel, drawn in three calls.

    A range line from the lowest to the highest rating and a numbered dot per position given.
    One ``hlines`` and one ``scatter`` per panel instead of one per row and dot: a chart has a
    hundred dots, and each artist costs time to build and to draw. The count labels are
    drawn as markers, one call per count: a hundred texts took a third of a chart's time.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[float, float, float]] = []
        self.dots: list[tuple[float, float, float]] = []
        self.labels: list[tuple[float, float, str]] = []

    def add(self, y: float, agg: Aggregate) -> None:
        """The ratings of one row at height `y`."""
        if agg.low is not None and agg.high is not None and agg.high > agg.low:
            self.lines.append((y, agg.low, agg.high))
        for value, count in zip(SCALE, agg.counts, strict=True):
            if count:
                self.dots.append((value, y, 70 + 110 * count))
                self.labels.append((value, y, str(count)))

    def draw(self, ax: Axes) -> None:
        """Put the collected ratings on `ax`."""
        if self.lines:
            ys, lows, highs = zip(*self.lines, strict=True)
            ax.hlines(ys, lows, highs, color=GREY, linewidth=3, capstyle="round", zorder=2)
        if self.dots:
            xs, ys, sizes = zip(*self.dots, strict=True)
            ax.scatter(xs, ys, s=sizes, facecolor="white", edgecolor="#333333",
                       linewidth=1.4, zorder=3)
        by_label: dict[str, list[tuple[float, float]]] = {}
        for x, y, label in self.labels:
            by_label.setdefault(label, []).append((x, y))
        for label, places in by_label.items():  # the digits as markers: one call per count
            xs, ys = zip(*places, strict=True)
            marker, size = _digits(label)
            ax.plot(xs, ys, linestyle="none", marker=marker, markersize=BASE_SIZE * 0.62 * size,
                    color="#222222", markeredgewidth=0, zorder=4)


class _Agreed:
    """The team's agreed ratings of one panel: a bar from zero and a black diamond per row,
    '?' for weet niet — collected, and drawn in one ``barh`` and one ``plot`` per panel."""

    def __init__(self, colour: str, lang: str) -> None:
        self.colour = colour
        self.lang = lang
        self.rows: list[tuple[float, int]] = []
        self.unknown: list[float] = []

    def add(self, y: float, value: Rating | str) -> None:
        """The agreed rating of the row at height `y` ("unset": not agreed, nothing drawn)."""
        if value == "unset":
            return
        if value is None:
            self.unknown.append(y)
            return
        assert isinstance(value, int)
        self.rows.append((y, value))

    def draw(self, ax: Axes) -> None:
        """Put the collected ratings on `ax`."""
        bars = [(y, v) for y, v in self.rows if v]
        if bars:
            ys, values = zip(*bars, strict=True)
            ax.barh(ys, values, height=0.3, color=self.colour, edgecolor=BLACK,
                    linewidth=1.2, zorder=3)
        if self.rows:
            ys, values = zip(*self.rows, strict=True)
            ax.plot(values, ys, marker="D", markersize=11, color=BLACK,
                    markeredgecolor="white", markeredgewidth=1.2, linestyle="none", zorder=5)
        for y in self.unknown:
            ax.text(0, y, f"? {t('wsreport.dont_know', self.lang)}", ha="center",
                    va="center", fontsize=BASE_SIZE * 0.8, fontweight="bold", zorder=5,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                          "edgecolor": BLACK})


def _side_note(ax: Axes, y: float, text: str, bold: bool = False) -> None:
    ax.text(2.55, y, text, ha="left", va="center", fontsize=BASE_SIZE * 0.8,
            fontweight="bold" if bold else "normal", clip_on=False)


def _row_labels(ax: Axes, dimensions: list[Dimension], lang: str) -> None:
    ax.set_yticks([-i for i in range(len(dimensions))],
                  [shorten(d.name.get(lang), LABEL_LIMIT) for d in dimensions])
    ax.set_ylim(-len(dimensions) + 0.45, 0.55)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


#: Inches around and between the panels (see :class:`InchMargins`): the legend's two rows
#: and the first title on top, a title between panels, the scale's labels at the bottom.
_TOP = 1.25
_GAP = 0.55
_BOTTOM = 0.8
_NOTE_SAMPLE = f"? 88/88  {DIVIDED_FLAG}"


def _panels(session: WorkSession, lang: str, columns: int = 1,
            width_ratios: tuple[float, ...] | None = None, bottom: float = _BOTTOM,
            wgap: float = 0.0,
            ) -> tuple[Figure, list[tuple[Lens, list[Dimension], list[Axes]]]]:
    """One figure with a row of panels per lens, as tall as its number of dimensions.

    The margins are measured here once (the longest row label on the left, the widest side
    note on the right) instead of by constrained layout at every draw.
    """
    groups = session.groups()
    heights = [max(1, len(dims)) for _, dims in groups]
    labels = [shorten(d.name.get(lang), LABEL_LIMIT) for _, dims in groups for d in dims]
    left = text_inches(labels, BASE_SIZE * 0.9) + 0.25
    right = text_inches([_NOTE_SAMPLE], BASE_SIZE * 0.8, bold=True) + 0.3
    height = _ROW_HEIGHT * sum(heights) + _GAP * (len(groups) - 1) + _TOP + bottom
    figure = Figure(figsize=(12, height))
    figure.set_layout_engine(InchMargins(left, right, _TOP, bottom, _GAP, wgap))
    axes = figure.subplots(len(groups), columns, squeeze=False,
                           gridspec_kw={"height_ratios": heights,
                                        "width_ratios": width_ratios})
    return figure, [(lens, dims, list(row)) for (lens, dims), row in
                    zip(groups, axes, strict=True)]


def _measure_frame(session: WorkSession, lang: str
                   ) -> tuple[Figure, list[tuple[Lens, list[Dimension], list[Axes]]]]:
    """What every measure's chart shares: panels, bands, row labels, scale, titles, legend."""
    figure, panels = _panels(session, lang)
    for index, (lens, dims, (ax,)) in enumerate(panels):
        for i in range(0, len(dims), 2):
            ax.axhspan(-i - 0.5, -i + 0.5, color="#F5F5F5", zorder=0)
        _row_labels(ax, dims, lang)
        ax.set_xlim(-2.5, 2.5)
        _scale_axis(ax, lang, labelled=index == len(panels) - 1)
        ax.set_title(lens_label(lens, lang), loc="left")
    _legend(figure, lang, agreed_colour=GREY)
    return figure, panels


def _measure_marks(session: WorkSession, measure_id: str, lang: str,
                   panels: list[tuple[Lens, list[Dimension], list[Axes]]]) -> None:
    """One measure's ratings on the frame: the agreed bars, the spread, the side notes.

    Raises :class:`morgenmaken.werksessie.session.SessionError` before the reveal.
    """
    results = {r.dimension.id: r for r in measure_profile(session, measure_id)}
    for lens, dims, (ax,) in panels:
        spreads, agreed = _Spreads(), _Agreed(lens_colour(lens), lang)
        for i, dimension in enumerate(dims):
            result = results[dimension.id]
            y = -i
            spreads.add(y - 0.17, result.aggregate)
            agreed.add(y + 0.17, result.agreed)
            notes = [dont_know_note(result.aggregate)]
            if result.aggregate.disagreement:
                notes.append(DIVIDED_FLAG)
            _side_note(ax, y, "  ".join(n for n in notes if n),
                       bold=result.aggregate.disagreement)
        spreads.draw(ax)
        agreed.draw(ax)


def measure_chart(session: WorkSession, measure_id: str, lang: str) -> Figure:
    """The effect profile of one revealed measure, a panel per lens and a row per dimension.

    Raises :class:`morgenmaken.werksessie.session.SessionError` before the reveal: the
    ratings stay hidden until everyone has rated, on screen and on paper alike.
    """
    measure_profile(session, measure_id)  # refuses before the reveal, before any drawing
    with style():
        figure, panels = _measure_frame(session, lang)
        _measure_marks(session, measure_id, lang, panels)
    return figure


def measure_pngs(session: WorkSession, lang: str) -> dict[str, bytes]:
    """Every revealed measure's chart as PNG, the frame drawn once for all of them.

    A report has a chart per measure, all alike but for the ratings: the frame (labels,
    bands, scale, legend — most of the text, and text is what costs) is drawn once and
    copied, and only each measure's marks are drawn on the copy. The pictures are the ones
    :func:`measure_chart` gives, and they go into the same cache as :func:`measure_png`.
    """
    key = _session_key(session)
    wanted = [m.id for m in session.measures if session.revealed(m.id)
              and not is_drawn((key, "measure", m.id, lang))]
    if wanted:
        with style():
            figure, panels = _measure_frame(session, lang)
            figure.set_dpi(DPI)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            frame = canvas.copy_from_bbox(figure.bbox)
            renderer = canvas.get_renderer()
            axes = [ax for _, _, (ax,) in panels]
            for measure_id in wanted:
                canvas.restore_region(frame)
                before = [set(ax.get_children()) for ax in axes]
                _measure_marks(session, measure_id, lang, panels)
                for ax, old in zip(axes, before, strict=True):
                    marks = [a for a in ax.get_children() if a not in old]
                    for mark in sorted(marks, key=lambda a: a.get_zorder()):
                        mark.draw(renderer)
                        mark.remove()
                store((key, "measure", measure_id, lang), canvas_png(canvas))
    return {m.id: measure_png(session, m.id, lang) for m in session.measures
            if session.revealed(m.id)}


def _text_handle(label: str) -> Line2D:
    """A legend entry that is its text only (the symbol is part of the words)."""
    return Line2D([], [], linestyle="none", marker="none", label=label)


def _legend(figure: Figure, lang: str, agreed_colour: str) -> None:
    handles = [
        Patch(facecolor=agreed_colour, edgecolor=BLACK, label=t("wsreport.chart.agreed", lang)),
        Line2D([], [], color=GREY, linewidth=3, marker="o", markersize=11,
               markerfacecolor="white", markeredgecolor="#333333",
               label=t("wsreport.chart.individual", lang)),
        _text_handle(t("wsreport.chart.dont_know", lang)),
        _text_handle(f"{DIVIDED_FLAG}  {t('wsreport.chart.divided', lang)}"),
    ]
    figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1),
                  ncols=2, frameon=False)


def plan_chart(session: WorkSession, lang: str) -> Figure:
    """The plan as a whole: per dimension the sum of the agreed ratings over the closed
    measures (left, bars with their number), and every individual rating behind them (right,
    on the five-point scale, with the median as a black bar)."""
    profile = {p.dimension.id: p for p in plan_profile(session)}
    closed = sum(1 for m in session.measures if session.closed(m.id))
    limit = max([2, *(abs(p.total) for p in profile.values())]) + 1
    with style():
        figure, panels = _panels(session, lang, columns=2, width_ratios=(3, 2),
                                 bottom=_BOTTOM + 0.25, wgap=0.35)
        for index, (lens, dims, (left, right)) in enumerate(panels):
            colour = lens_colour(lens)
            last = index == len(panels) - 1
            spreads = _Spreads()
            for i, dimension in enumerate(dims):
                entry = profile[dimension.id]
                y = -i
                if i % 2 == 0:
                    for ax in (left, right):
                        ax.axhspan(y - 0.5, y + 0.5, color="#F5F5F5", zorder=0)
                if entry.total:
                    left.barh(y, entry.total, height=0.55, color=colour, edgecolor=BLACK,
                              linewidth=1.2, zorder=3)
                label = signed(entry.total)
                if entry.unknown:
                    label += f"  (? {len(entry.unknown)})"
                left.text(entry.total + (0.2 if entry.total >= 0 else -0.2), y, label,
                          ha="left" if entry.total >= 0 else "right", va="center",
                          fontsize=BASE_SIZE * 0.85, fontweight="bold", zorder=4)
                agg = entry.ratings
                spreads.add(y, agg)
                if agg.median is not None:
                    right.plot([agg.median], [y - 0.36], marker="^", markersize=10,
                               color=BLACK, linestyle="none", zorder=5)
                notes = [dont_know_note(agg)]
                if entry.widest_spread >= 2:
                    notes.append(DIVIDED_FLAG)
                _side_note(right, y, "  ".join(n for n in notes if n),
                           bold=entry.widest_spread >= 2)
            spreads.draw(right)
            _row_labels(left, dims, lang)
            _row_labels(right, dims, lang)
            right.set_yticklabels([])
            left.set_xlim(-limit - 1.5, limit + 1.5)
            left.axvline(0, color="#555555", linewidth=1.4, zorder=1)
            left.grid(axis="x", color="#E5E5E5")
            left.set_axisbelow(True)
            right.set_xlim(-2.5, 2.5)
            _scale_axis(right, lang, labelled=last, words=False)
            left.xaxis.set_major_locator(MaxNLocator(integer=True))
            left.xaxis.set_major_formatter(lambda value, _: signed(value))
            left.tick_params(axis="x", labelbottom=last)
            left.set_title(lens_label(lens, lang), loc="left")
            if index == 0:
                right.set_title(t("wsreport.chart.all_ratings", lang), loc="left",
                                fontsize=BASE_SIZE, fontweight="normal")
        panels[-1][2][0].set_xlabel(t("wsreport.chart.sum", lang, closed=closed,
                                      total=len(session.measures)))
        handles = [
            Patch(facecolor=GREY, edgecolor=BLACK, label=t("wsreport.chart.sum_legend", lang)),
            Line2D([], [], color=BLACK, marker="^", markersize=10, linestyle="none",
                   label=t("wsreport.chart.median", lang)),
            Line2D([], [], color=GREY, linewidth=3, marker="o", markersize=11,
                   markerfacecolor="white", markeredgecolor="#333333",
                   label=t("wsreport.chart.individual", lang)),
            _text_handle(f"{DIVIDED_FLAG}  {t('wsreport.chart.divided', lang)}"),
        ]
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1),
                  ncols=2, frameon=False)
    return figure



def _session_key(session: WorkSession) -> str:
    """What identifies a session's content (its saved form), for the drawn-chart cache."""
    return hashlib.sha1(session.dumps().encode("utf-8")).hexdigest()


def measure_png(session: WorkSession, measure_id: str, lang: str) -> bytes:
    """One measure's chart, drawn once for the HTML, the PDF and the screens."""
    return drawn((_session_key(session), "measure", measure_id, lang),
                 lambda: measure_chart(session, measure_id, lang))


def plan_png(session: WorkSession, lang: str) -> bytes:
    """The plan's chart, drawn once for the HTML, the PDF and the screens."""
    return drawn((_session_key(session), "plan", lang), lambda: plan_chart(session, lang))
