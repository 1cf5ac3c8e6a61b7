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

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from morgenmaken.i18n import t
from morgenmaken.report.charts import (
    BASE_SIZE,
    BLACK,
    CATEGORY_COLOURS,
    GREY,
    drawn,
    style,
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
_PANEL_EXTRA = 1.25


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


def _spread(ax: Axes, y: float, agg: Aggregate) -> None:
    """The individual ratings: a range line low–high and a numbered dot per position given."""
    if agg.low is not None and agg.high is not None and agg.high > agg.low:
        ax.plot([agg.low, agg.high], [y, y], color=GREY, linewidth=3, solid_capstyle="round",
                zorder=2)
    for value, count in zip(SCALE, agg.counts, strict=True):
        if not count:
            continue
        ax.scatter([value], [y], s=70 + 110 * count, facecolor="white", edgecolor="#333333",
                   linewidth=1.4, zorder=3)
        ax.text(value, y, str(count), ha="center", va="center", fontsize=BASE_SIZE * 0.62,
                zorder=4, color="#222222")


def _agreed(ax: Axes, y: float, value: Rating | str, colour: str, lang: str) -> None:
    """The team's agreed rating: a bar from zero and a black diamond; '?' for weet niet."""
    if value == "unset":
        return
    if value is None:
        ax.text(0, y, f"? {t('wsreport.dont_know', lang)}", ha="center", va="center",
                fontsize=BASE_SIZE * 0.8, fontweight="bold", zorder=5,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": BLACK})
        return
    assert isinstance(value, int)
    if value:
        ax.barh(y, value, height=0.3, color=colour, edgecolor=BLACK, linewidth=1.2, zorder=3)
    ax.plot([value], [y], marker="D", markersize=11, color=BLACK, markeredgecolor="white",
            markeredgewidth=1.2, linestyle="none", zorder=5)


def _side_note(ax: Axes, y: float, text: str, bold: bool = False) -> None:
    ax.text(2.55, y, text, ha="left", va="center", fontsize=BASE_SIZE * 0.8,
            fontweight="bold" if bold else "normal", clip_on=False)


def _row_labels(ax: Axes, dimensions: list[Dimension], lang: str) -> None:
    ax.set_yticks([-i for i in range(len(dimensions))],
                  [shorten(d.name.get(lang), LABEL_LIMIT) for d in dimensions])
    ax.set_ylim(-len(dimensions) + 0.45, 0.55)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def _panels(session: WorkSession, columns: int = 1,
            width_ratios: tuple[float, ...] | None = None,
            ) -> tuple[Figure, list[tuple[Lens, list[Dimension], list[Axes]]]]:
    """One figure with a row of panels per lens, as tall as its number of dimensions."""
    groups = session.groups()
    heights = [len(dims) + _PANEL_EXTRA for _, dims in groups]
    figure = Figure(figsize=(12, _ROW_HEIGHT * sum(heights) + 2.2), layout="constrained")
    axes = figure.subplots(len(groups), columns, squeeze=False,
                           gridspec_kw={"height_ratios": heights,
                                        "width_ratios": width_ratios})
    return figure, [(lens, dims, list(row)) for (lens, dims), row in
                    zip(groups, axes, strict=True)]


def measure_chart(session: WorkSession, measure_id: str, lang: str) -> Figure:
    """The effect profile of one revealed measure, a panel per lens and a row per dimension.

    Raises :class:`morgenmaken.werksessie.session.SessionError` before the reveal: the
    ratings stay hidden until everyone has rated, on screen and on paper alike.
    """
    results = {r.dimension.id: r for r in measure_profile(session, measure_id)}
    with style():
        figure, panels = _panels(session)
        for index, (lens, dims, (ax,)) in enumerate(panels):
            colour = lens_colour(lens)
            for i, dimension in enumerate(dims):
                result = results[dimension.id]
                y = -i
                if i % 2 == 0:
                    ax.axhspan(y - 0.5, y + 0.5, color="#F5F5F5", zorder=0)
                _spread(ax, y - 0.17, result.aggregate)
                _agreed(ax, y + 0.17, result.agreed, colour, lang)
                notes = [dont_know_note(result.aggregate)]
                if result.aggregate.disagreement:
                    notes.append(DIVIDED_FLAG)
                _side_note(ax, y, "  ".join(n for n in notes if n),
                           bold=result.aggregate.disagreement)
            _row_labels(ax, dims, lang)
            ax.set_xlim(-2.5, 2.5)
            _scale_axis(ax, lang, labelled=index == len(panels) - 1)
            ax.set_title(lens_label(lens, lang), loc="left")
        _legend(figure, lang, agreed_colour=GREY)
    return figure


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
    figure.legend(handles=handles, loc="outside upper center", ncols=2, frameon=False)


def plan_chart(session: WorkSession, lang: str) -> Figure:
    """The plan as a whole: per dimension the sum of the agreed ratings over the closed
    measures (left, bars with their number), and every individual rating behind them (right,
    on the five-point scale, with the median as a black bar)."""
    profile = {p.dimension.id: p for p in plan_profile(session)}
    closed = sum(1 for m in session.measures if session.closed(m.id))
    limit = max([2, *(abs(p.total) for p in profile.values())]) + 1
    with style():
        figure, panels = _panels(session, columns=2, width_ratios=(3, 2))
        for index, (lens, dims, (left, right)) in enumerate(panels):
            colour = lens_colour(lens)
            last = index == len(panels) - 1
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
                _spread(right, y, agg)
                if agg.median is not None:
                    right.plot([agg.median], [y - 0.36], marker="^", markersize=10,
                               color=BLACK, linestyle="none", zorder=5)
                notes = [dont_know_note(agg)]
                if entry.widest_spread >= 2:
                    notes.append(DIVIDED_FLAG)
                _side_note(right, y, "  ".join(n for n in notes if n),
                           bold=entry.widest_spread >= 2)
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
        figure.legend(handles=handles, loc="outside upper center", ncols=2, frameon=False)
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
