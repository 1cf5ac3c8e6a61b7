"""The balance report as Markdown and HTML: figures from :mod:`morgenmaken.sim.balance`, in words.

The reader is a scenario author who wants to know *what to change*. So the report opens with
the verdict and the suggestions (each naming the number in the file), then the panel's win
rates and the threshold table (the main lever), then why games are lost (the round and, for
the median game, the flow of the variable that tipped it), the lenses over the rounds, the
cards (with the author's tags checked against the figures) and the variables. Names come from
the scenario (Dutch by default, ``lang="en"`` for English), ids beside them so the author can
find them in the YAML.

Both renderers are pure functions from a :class:`BalanceReport` to text. The HTML is one
self-contained file (inline CSS and SVG, no scripts) that can be mailed or opened offline;
every piece of text in it — scenario names included, which authors write — is escaped, and
the guide-style Markdown of the explanations (``**bold**``, ``*stress*``, ``code``) is turned
into HTML rather than shown as asterisks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.balance import (
    DOMINANT_SHARE,
    BalanceReport,
    CardFigures,
    LossFigures,
    StrategyFigures,
    VariableFigures,
)

__all__ = ["render_html", "render_markdown", "write_reports"]

ABOUT_PANEL = (
    "Every strategy of the panel plays the same seeds. Each is held to the bar of its kind: "
    "one-sided and *naive* play must lose (at most 25 % of games won), the long-sighted "
    "*balanced* team must win (at least 70 %), the *thoughtful* team without the model must "
    "think (40–80 %). The lesson of the game holds when every strategy meets its bar."
)
ABOUT_THRESHOLD = (
    "The win threshold is the main lever. The table gives the share of games each strategy "
    "would win at other thresholds (same games, same scores); rows marked ✓ meet every bar, "
    "◀ is the threshold in the file (`score.win_threshold`)."
)
ABOUT_CONTRIBUTION = (
    "**Contribution** is a card's *direct* contribution to the final score, from the ledger: "
    "in each game where the card was adopted, the final score minus the score of the same "
    "final values without the card's own effects (now, later and per round). Knock-on effects "
    "through interactions are left out. **Net** subtracts what its budget would have bought "
    "spent on an average card of this run ({rate}): a card with a negative net gives less "
    "than its money is worth. Columns per kind: *balanced* (the long-sighted team), "
    "*thoughtful*, and *naive* (the mean over the one-sided strategies)."
)
ABOUT_FLAGS = (
    "**never worth playing**: for every strategy that adopted it, the card lowers the final "
    "score on average — intended for a quick win that should be a trap, a design problem for "
    f"an investment. **dominant**: every choosing strategy adopts it in at least "
    f"{DOMINANT_SHARE:.0%} of its games, so it is no real choice. **never played**: no "
    "strategy ever adopted it. **tagged … but …**: the card's `tags` say one thing and the "
    "figures another (a `quick_win` should not pay off for long-sighted play, an "
    "`investering` should)."
)
#: Okabe–Ito colours, safe for colour-blind readers, one per lens.
LENS_COLOURS = {"hier-en-nu": "#0072B2", "later": "#009E73", "elders": "#E69F00",
                "verdeling": "#CC79A7"}
#: The columns of a flow table, in reading order: what comes in, then what goes out.
FLOW_COLUMNS = ("trend +", "card", "structural", "trend −", "cost", "upkeep", "event",
                "interaction", "clamp")


class _Names:
    """Player-facing names of a scenario's parts in one language, ids as fallback."""

    def __init__(self, scenario: Scenario, lang: str) -> None:
        self.title = scenario.title.get(lang)
        self.variables = {v.id: v.name.get(lang) for v in scenario.variables}
        self.cards = {c.id: c.title.get(lang) for c in scenario.cards}
        self.roles = {r.id: r.name.get(lang) for r in scenario.roles}
        self.ends = {e.id: e.text.get(lang) for e in scenario.end_conditions}
        self.components = {c.id: c.name.get(lang) for c in scenario.score.components}
        self.critical = {v.id: v.critical for v in scenario.variables}
        self.categories = {v.id: v.category.value for v in scenario.variables}

    def way_of_losing(self, way: str, threshold: float) -> str:
        if way == "below_threshold":
            return f"played to the end, score below the win threshold ({threshold:g})"
        kind, cause = way.split(":", 1)
        if kind == "lens":
            return f"a required lens fell short: {self.components.get(cause, cause)} ({cause})"
        if cause in self.variables:
            return f"collapse: {self.variables[cause]} ({cause}) reached its collapse level"
        if cause in self.ends:
            return f"collapse: {cause} — {self.ends[cause]}"
        return f"collapse: {cause}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 1, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _bar_text(figures: StrategyFigures) -> str:
    low, high = figures.bar
    if low is not None and high is not None:
        return f"{low:.0%}–{high:.0%}"
    if low is not None:
        return f"≥ {low:.0%}"
    if high is not None:
        return f"≤ {high:.0%}"
    return "–"


def _mark(passes: bool | None) -> str:
    return {True: "✓", False: "✗", None: ""}[passes]


def _verdict(report: BalanceReport) -> str:
    if report.passes_bar():
        return "passes the balance bar"
    failing = [s.strategy for s in report.strategies if s.passes_bar() is False]
    return "does NOT pass the balance bar (" + ", ".join(failing) + ")"


def _run_line(report: BalanceReport) -> str:
    last = report.first_seed + report.games_per_strategy - 1
    idle = report.idle_score
    nothing = ("" if idle is None else
               f" A team that does nothing scores {idle:.1f} (median of "
               f"{len(report.idle_scores)} games): the threshold must sit well above it.")
    return (f"{report.games_per_strategy} games per strategy (seeds {report.first_seed}–"
            f"{last}), {report.players} players, decision by {report.decision}; win threshold "
            f"{report.win_threshold:g}.{nothing}")


def _by_kind(report: BalanceReport, values: dict[str, float | None],
             fmt: str = "pct") -> tuple[str, str, str]:
    """A per-strategy figure summarised per kind: balanced, thoughtful, naive (mean)."""
    shown = []
    for kind in ("balanced", "thoughtful", "naive"):
        found = [values[s.strategy] for s in report.strategies
                 if s.kind == kind and values.get(s.strategy) is not None]
        picked = [v for v in found if v is not None]
        if not picked:
            shown.append("–")
            continue
        value = sum(picked) / len(picked)
        shown.append(_pct(value) if fmt == "pct" else _num(value, 2, True))
    return shown[0], shown[1], shown[2]


def _card_row(report: BalanceReport, card: CardFigures) -> list[str]:
    adopted = _by_kind(report, dict(card.adopted))
    contribution = _by_kind(report, card.contribution, "num")
    net = _by_kind(report, card.net, "num")
    return [" / ".join(adopted), " / ".join(contribution), " / ".join(net), _num(card.spent),
            ", ".join(card.tags)]


def _variable_texts(report: BalanceReport, figures: VariableFigures,
                    has_critical: bool) -> tuple[str, str, str, str]:
    """Range, mean final, share critical and share ended below zero, for the kinds."""
    ranges = {s.strategy: f"{_num(figures.lowest.get(s.strategy))}–"
                          f"{_num(figures.highest.get(s.strategy))}" for s in report.strategies}
    sighted = [s.strategy for s in report.strategies if s.kind == "balanced"] or [
        s.strategy for s in report.strategies[:1]]
    rng = " · ".join(f"{name} {ranges[name]}" for name in sighted)
    overall = (f"{_num(min(figures.lowest.values()))}–{_num(max(figures.highest.values()))}"
               if figures.lowest else "–")
    final = " · ".join(f"{name} {_num(figures.mean_final.get(name))}" for name in sighted)
    critical = ("no critical level" if not has_critical else " · ".join(
        f"{name} {_pct(figures.critical_share.get(name))}" for name in sighted))
    below = ("–" if figures.below_zero is None else " · ".join(
        f"{name} {_pct(figures.below_zero.get(name))}" for name in sighted))
    return f"{rng} (all: {overall})", final, critical, below


def _ordered_cards(report: BalanceReport) -> list[CardFigures]:
    """Flagged cards first, then the rest, each in scenario order."""
    return [c for c in report.cards if c.flags] + [c for c in report.cards if not c.flags]


def _flow_columns(loss: LossFigures) -> list[str]:
    present = {cause for _, _, changes in loss.flow for cause, _ in changes}
    return [c for c in FLOW_COLUMNS if c in present] + sorted(present - set(FLOW_COLUMNS))


def _flow_rows(loss: LossFigures) -> list[list[str]]:
    columns = _flow_columns(loss)
    rows = []
    for rnd, value, changes in loss.flow:
        by = dict(changes)
        rows.append([str(rnd), *(_num(by.get(c), 1, True) if c in by else "" for c in columns),
                     _num(value)])
    return rows


def _about_contribution(report: BalanceReport) -> str:
    rate = ("no budget was spent on cards" if report.points_per_budget is None
            else f"{report.points_per_budget:.3f} points per M€")
    return ABOUT_CONTRIBUTION.format(rate=rate)


def _losses_of(figures: StrategyFigures) -> list[LossFigures]:
    return list(figures.loss_details)


def _when(loss: LossFigures) -> str:
    if loss.first_round == loss.last_round:
        return f"round {loss.first_round}"
    return f"round {loss.median_round:g} (median; {loss.first_round}–{loss.last_round})"


# --- Markdown ---------------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _md_histogram(figures: StrategyFigures, width_of_bin: float, width: int = 30) -> list[str]:
    if not figures.histogram:
        return []
    top = max(n for _, n in figures.histogram)
    return ["```", *(f"{low:6.2f}–{low + width_of_bin:<6.2f} "
                     f"{'#' * max(1, round(n / top * width))} {n}"
                     for low, n in figures.histogram), "```"]


def _threshold_rows(report: BalanceReport) -> list[list[str]]:
    rows = []
    for row in report.thresholds:
        mark = ("✓" if row.passes else "") + (" ◀" if row.threshold == report.win_threshold
                                              else "")
        rows.append([f"{row.threshold:g}", mark.strip(),
                     *(_pct(row.rates[s.strategy]) for s in report.strategies)])
    return rows


def _passing_line(report: BalanceReport) -> str:
    if report.passing is None:
        return "**No threshold in the table meets every bar.**"
    low, high = report.passing
    return (f"**Thresholds from {low:g} to {high:g} meet every bar** (now "
            f"{report.win_threshold:g}).")


def _points(width: float) -> str:
    """'1 point', '2.5 points': the bin width with its noun in the right number."""
    return f"{width:g} point" + ("" if width == 1 else "s")


def render_markdown(report: BalanceReport, scenario: Scenario, lang: str = "nl") -> str:
    """The balance report as Markdown (GitHub tables; fenced text histograms)."""
    names = _Names(scenario, lang)
    out = [f"# Balance report: {names.title} (`{scenario.id}`)", "",
           f"**Verdict: the scenario {_verdict(report)}.** {_run_line(report)}", "",
           "## What to change", ""]
    out += [f"- {text}" for text in report.suggestions] or ["Nothing: every figure is "
                                                            "within its bar."]
    out += ["", "## Win rate and score per strategy", "", ABOUT_PANEL, ""]
    out += _md_table(
        ["strategy", "kind", "what it does", "won", "win rate", "bar", "mean score",
         "quartiles", "range"],
        [[s.strategy, s.kind or "–", s.description, f"{s.wins}/{s.games}", _pct(s.win_rate),
          f"{_bar_text(s)} {_mark(s.passes_bar())}".strip(), _num(s.mean_score),
          " / ".join(_num(q) for q in s.quartiles), f"{_num(s.lowest)}–{_num(s.highest)}"]
         for s in report.strategies])
    out += ["", "## Win threshold", "", ABOUT_THRESHOLD, "", _passing_line(report), ""]
    out += _md_table(["threshold", "bar", *(s.strategy for s in report.strategies)],
                     _threshold_rows(report))
    out += ["", f"Score distributions (bins of {_points(report.bin_width)}, the same for "
                "every strategy):"]
    for s in report.strategies:
        out += ["", f"**{s.strategy}**:", "", *_md_histogram(s, report.bin_width)]
    out += ["", "## Why games are lost", ""]
    for s in report.strategies:
        out.append(f"**{s.strategy}** — lost {s.games - s.wins} of {s.games} games.")
        losses = _losses_of(s)
        if losses:
            out += ["", *_md_table(["way of losing", "games", "share", "when"],
                                   [[names.way_of_losing(loss.way, report.win_threshold),
                                     str(loss.games), _pct(loss.games / s.games), _when(loss)]
                                    for loss in losses])]
        for loss in losses:
            if loss.way.startswith("collapse:") and loss.flow:
                columns = _flow_columns(loss)
                out += ["", f"The median game of this way (seed {loss.seed}), "
                            f"`{loss.watched}` per round, by cause:", ""]
                out += _md_table(["round", *columns, f"{loss.watched} at the end"],
                                 _flow_rows(loss))
        out.append("")
    out += ["## The lenses over the rounds", "",
            "The mean of each lens (the variables of its category) at the start and at the "
            "end of every round, per strategy.", ""]
    out += _md_table(["strategy", *report.lenses],
                     [[s.strategy, *(" → ".join(_num(row[i], 0) for row in s.lens_series)
                                     for i in range(len(report.lenses)))]
                      for s in report.strategies if s.lens_series])
    out += ["", "## Length of a game", ""]
    out += _md_table(["strategy", "mean rounds", "games by rounds played"],
                     [[s.strategy, _num(s.mean_rounds, 2),
                       ", ".join(f"{r} rounds: {n}" for r, n in s.rounds)]
                      for s in report.strategies])
    flagged = [c for c in report.cards if c.flags]
    out += ["", "## Cards", "", _about_contribution(report), "", ABOUT_FLAGS, "",
            f"{len(flagged)} of {len(report.cards)} cards are flagged. Each cell: balanced / "
            "thoughtful / naive.", ""]
    out += _md_table(
        ["card", "role", "adopted", "contribution", "net", "budget paid", "tags", "flags"],
        [[f"{names.cards.get(c.id, c.id)} (`{c.id}`)", names.roles.get(c.role, c.role),
          *_card_row(report, c), ", ".join(c.flags)] for c in _ordered_cards(report)])
    out += ["", "## Variables", "",
            "Lowest and highest value over all games (every round and the end), for the "
            "long-sighted team and for all strategies; the mean final value; the share of "
            "games in which the variable fell below its critical level; and, where its range "
            "goes below zero, the share of games that ended below zero.", ""]
    out += _md_table(
        ["variable", "category", "range", "mean final", "went critical", "ended below 0"],
        [[f"{names.variables[v.id]} (`{v.id}`)", names.categories[v.id],
          *_variable_texts(report, v, names.critical[v.id] is not None)]
         for v in report.variables])
    return "\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 2rem auto;
       max-width: 82rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #ccc; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.passes td { background: #e3f0fa; } tr.now td { font-weight: bold; }
.pass { color: #005a9c; font-weight: bold; } .fail { color: #b35806; font-weight: bold; }
.flag { background: #fee0b6; padding: 0 0.3rem; border-radius: 3px; white-space: nowrap; }
.verdict { font-size: 1.15rem; padding: 0.6rem 0.8rem; border-left: 6px solid #888;
           background: #f4f4f4; }
.todo li { margin: 0.3rem 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1.2rem; }
figure { margin: 0; } figcaption { font-weight: bold; }
code { background: #f0f0f0; padding: 0 0.2rem; }
.wide { overflow-x: auto; }
"""

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*")


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def _inline(text: str) -> str:
    """Guide-style Markdown (``code``, **bold**, *stress*) as HTML; everything escaped."""
    parts, at = [], 0
    for match in _INLINE.finditer(text):
        parts.append(_h(text[at:match.start()]))
        code, bold, stress = match.groups()
        if code is not None:
            parts.append(f"<code>{_h(code)}</code>")
        elif bold is not None:
            parts.append(f"<strong>{_inline(bold)}</strong>")
        else:
            parts.append(f"<em>{_inline(stress)}</em>")
        at = match.end()
    parts.append(_h(text[at:]))
    return "".join(parts)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                numeric: Sequence[int] = (), classes: Sequence[str] = ()) -> str:
    """A table; cells are already-escaped HTML."""
    head = "".join(f"<th>{_h(h)}</th>" for h in header)
    body = "".join(
        (f'<tr class="{classes[r]}">' if r < len(classes) and classes[r] else "<tr>")
        + "".join(f"<td class=\"n\">{cell}</td>" if i in numeric else f"<td>{cell}</td>"
                  for i, cell in enumerate(row)) + "</tr>"
        for r, row in enumerate(rows))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg_histogram(figures: StrategyFigures, report: BalanceReport, span: tuple[float, float],
                   ) -> str:
    """Bars of games per bin on the run's shared axis, with the win threshold as a line."""
    width, height, pad = 360, 150, 26
    low, high = span
    scale = (width - 2 * pad) / (high - low) if high > low else 1.0
    top = max((n for _, n in figures.histogram), default=1)
    bars = []
    for start, n in figures.histogram:
        h = (height - 2 * pad) * n / top
        x = pad + (start - low) * scale
        bars.append(f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" '
                    f'width="{max(1.0, report.bin_width * scale - 1):.1f}" height="{h:.1f}" '
                    f'fill="#0072B2"><title>{start:g}–{start + report.bin_width:g}: {n} '
                    f'games</title></rect>')
    threshold = report.win_threshold
    line = ""
    if low <= threshold <= high:
        lx = pad + (threshold - low) * scale
        line = (f'<line x1="{lx:.1f}" y1="{pad / 2}" x2="{lx:.1f}" y2="{height - pad}" '
                f'stroke="#D55E00" stroke-dasharray="4 3"/><text x="{lx + 3:.1f}" y="{pad}" '
                f'font-size="10" fill="#D55E00">{_h(f"{threshold:g}")}</text>')
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    axis = "".join(f'<text x="{pad + (t - low) * scale:.1f}" y="{height - 8}" font-size="10" '
                   f'text-anchor="middle">{t:.1f}</text>' for t in ticks)
    label = _h(f"Scores of {figures.strategy}: histogram, win threshold {threshold:g}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{label}"><line x1="{pad}" y1="{height - pad}" '
            f'x2="{width - pad}" y2="{height - pad}" stroke="#555"/>{"".join(bars)}{line}'
            f'{axis}</svg>')


def _svg_lenses(figures: StrategyFigures, lenses: Sequence[str]) -> str:
    """One line per lens over the history rows (start, then the end of each round)."""
    width, height, pad = 300, 160, 28
    series = figures.lens_series
    if len(series) < 2:
        return ""
    values = [v for row in series for v in row]
    low, high = min(values) - 2, max(values) + 2
    step = (width - 2 * pad) / (len(series) - 1)

    def y(value: float) -> float:
        return height - pad - (value - low) / (high - low) * (height - 2 * pad)

    lines = []
    for i, lens in enumerate(lenses):
        points = " ".join(f"{pad + r * step:.1f},{y(row[i]):.1f}"
                          for r, row in enumerate(series))
        colour = LENS_COLOURS.get(lens, "#555")
        lines.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"><title>{_h(lens)}</title></polyline>'
                     f'<text x="{width - pad + 2}" y="{y(series[-1][i]) + 3:.1f}" '
                     f'font-size="9" fill="{colour}">{_h(lens)}</text>')
    axis = "".join(f'<text x="{pad + r * step:.1f}" y="{height - 10}" font-size="9" '
                   f'text-anchor="middle">{r}</text>' for r in range(len(series)))
    scale = (f'<text x="2" y="{y(high - 2) + 3:.1f}" font-size="9">{high - 2:.0f}</text>'
             f'<text x="2" y="{y(low + 2) + 3:.1f}" font-size="9">{low + 2:.0f}</text>')
    label = _h(f"The lenses over the rounds for {figures.strategy}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 40}" height="{height}" '
            f'role="img" aria-label="{label}">{scale}{"".join(lines)}{axis}</svg>')


def _bar_cell(figures: StrategyFigures) -> str:
    passes = figures.passes_bar()
    if passes is None:
        return "–"
    css = "pass" if passes else "fail"
    return f'<span class="{css}">{_h(_bar_text(figures))} {_mark(passes)}</span>'


def render_html(report: BalanceReport, scenario: Scenario, lang: str = "nl") -> str:
    """The balance report as one self-contained HTML page, every text escaped."""
    names = _Names(scenario, lang)
    passes = report.passes_bar()
    parts = [
        "<!DOCTYPE html>", f'<html lang="{_h(lang)}"><head><meta charset="utf-8">',
        f"<title>{_h(f'Balance report: {names.title}')}</title><style>{_CSS}</style></head>",
        "<body>", f"<h1>Balance report: {_h(names.title)} (<code>{_h(scenario.id)}</code>)</h1>",
        f'<p class="verdict"><span class="{"pass" if passes else "fail"}">The scenario '
        f"{_h(_verdict(report))}.</span> {_h(_run_line(report))}</p>",
        "<h2>What to change</h2>",
        ('<ul class="todo">' + "".join(f"<li>{_inline(text)}</li>"
                                       for text in report.suggestions) + "</ul>"
         if report.suggestions else "<p>Nothing: every figure is within its bar.</p>"),
        "<h2>Win rate and score per strategy</h2>", f"<p>{_inline(ABOUT_PANEL)}</p>",
    ]
    parts.append(_html_table(
        ["strategy", "kind", "what it does", "won", "win rate", "bar", "mean score",
         "quartiles", "range"],
        [[_h(s.strategy), _h(s.kind or "–"), _h(s.description), f"{s.wins}/{s.games}",
          _h(_pct(s.win_rate)), _bar_cell(s), _h(_num(s.mean_score)),
          _h(" / ".join(_num(q) for q in s.quartiles)),
          _h(f"{_num(s.lowest)}–{_num(s.highest)}")] for s in report.strategies],
        numeric=(3, 4, 6)))
    parts += ["<h2>Win threshold</h2>", f"<p>{_inline(ABOUT_THRESHOLD)}</p>",
              f"<p>{_inline(_passing_line(report))}</p>"]
    classes = [" ".join(c for c in ("passes" if row.passes else "",
                                    "now" if row.threshold == report.win_threshold else "")
                        if c) for row in report.thresholds]
    cells = [[_h(row[0]), _h(row[1]), *(
        f'<span class="fail">{_h(text)}</span>'
        if figures.passes_bar(threshold.rates[figures.strategy]) is False else _h(text)
        for figures, text in zip(report.strategies, row[2:], strict=True))]
        for threshold, row in zip(report.thresholds, _threshold_rows(report), strict=True)]
    parts.append('<div class="wide">' + _html_table(
        ["threshold", "bar", *(s.strategy for s in report.strategies)], cells,
        numeric=tuple(range(2, 2 + len(report.strategies))), classes=classes) + "</div>")
    parts.append("<p>A win rate outside its strategy's bar is shown in orange.</p>")
    scores = [low for s in report.strategies for low, _ in s.histogram]
    span = ((min(scores), max(scores) + report.bin_width) if scores else (0.0, 100.0))
    span = (min(span[0], report.win_threshold - report.bin_width),
            max(span[1], report.win_threshold + report.bin_width))
    parts.append(f"<p>Score distributions, bins of {_h(_points(report.bin_width))} on "
                 "one axis for every strategy; the dashed line is the win threshold.</p>")
    parts.append('<div class="charts">' + "".join(
        f"<figure><figcaption>{_h(s.strategy)}</figcaption>"
        f"{_svg_histogram(s, report, span)}</figure>" for s in report.strategies) + "</div>")
    parts.append("<h2>Why games are lost</h2>")
    for s in report.strategies:
        parts.append(f"<p><strong>{_h(s.strategy)}</strong> — lost {s.games - s.wins} of "
                     f"{s.games} games.</p>")
        losses = _losses_of(s)
        if losses:
            parts.append(_html_table(
                ["way of losing", "games", "share", "when"],
                [[_h(names.way_of_losing(loss.way, report.win_threshold)), str(loss.games),
                  _h(_pct(loss.games / s.games)), _h(_when(loss))] for loss in losses],
                numeric=(1, 2)))
        for loss in losses:
            if loss.way.startswith("collapse:") and loss.flow:
                columns = _flow_columns(loss)
                parts.append(f"<p>The median game of this way (seed {loss.seed}): "
                             f"<code>{_h(loss.watched)}</code> per round, by cause.</p>")
                parts.append(_html_table(
                    ["round", *columns, f"{loss.watched} at the end"],
                    [[_h(cell) for cell in row] for row in _flow_rows(loss)],
                    numeric=tuple(range(len(columns) + 2))))
    parts += ["<h2>The lenses over the rounds</h2>",
              "<p>The mean of each lens at the start (0) and at the end of every round.</p>",
              '<div class="charts">' + "".join(
                  f"<figure><figcaption>{_h(s.strategy)}</figcaption>"
                  f"{_svg_lenses(s, report.lenses)}</figure>"
                  for s in report.strategies if s.lens_series) + "</div>"]
    parts.append("<h2>Length of a game</h2>")
    parts.append(_html_table(
        ["strategy", "mean rounds", "games by rounds played"],
        [[_h(s.strategy), _h(_num(s.mean_rounds, 2)),
          _h(", ".join(f"{r} rounds: {n}" for r, n in s.rounds))] for s in report.strategies],
        numeric=(1,)))
    flagged = [c for c in report.cards if c.flags]
    parts += ["<h2>Cards</h2>", f"<p>{_inline(_about_contribution(report))}</p>",
              f"<p>{_inline(ABOUT_FLAGS)}</p>",
              f"<p>{len(flagged)} of {len(report.cards)} cards are flagged. Each cell: "
              "balanced / thoughtful / naive.</p>"]
    parts.append(_html_table(
        ["card", "role", "adopted", "contribution", "net", "budget paid", "tags", "flags"],
        [[f"{_h(names.cards.get(c.id, c.id))} (<code>{_h(c.id)}</code>)",
          _h(names.roles.get(c.role, c.role)), *(_h(text) for text in _card_row(report, c)),
          " ".join(f'<span class="flag">{_h(flag)}</span>' for flag in c.flags)]
         for c in _ordered_cards(report)], numeric=(5,)))
    parts += ["<h2>Variables</h2>",
              "<p>Lowest and highest value over all games (every round and the end), the mean "
              "final value, the share of games below the critical level and, where the range "
              "goes below zero, the share that ended below zero.</p>"]
    parts.append(_html_table(
        ["variable", "category", "range", "mean final", "went critical", "ended below 0"],
        [[f"{_h(names.variables[v.id])} (<code>{_h(v.id)}</code>)",
          _h(names.categories[v.id]),
          *(_h(text) for text in _variable_texts(report, v, names.critical[v.id] is not None))]
         for v in report.variables]))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_reports(report: BalanceReport, scenario: Scenario, folder: Path,
                  lang: str = "nl") -> tuple[Path, Path]:
    """Write ``<scenario id>-balance.md`` and ``.html`` into `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / f"{scenario.id}-balance.md"
    page = folder / f"{scenario.id}-balance.html"
    markdown.write_text(render_markdown(report, scenario, lang), encoding="utf-8")
    page.write_text(render_html(report, scenario, lang), encoding="utf-8")
    return markdown, page
