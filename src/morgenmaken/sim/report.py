"""The balance report as Markdown and HTML: figures from :mod:`morgenmaken.sim.balance`, in words.

The reader is a scenario author who wants to know *what to change*. So the report opens with
the verdict and the suggestions (each naming the number in the file), then the panel's win
rates and the threshold table (the main lever), then why games are lost (the round and, for
the median game, the flow of the variable that tipped it), the lenses over the rounds, the
cards (with the author's tags checked against the figures) and the variables.

Everything is said in ``lang`` (Dutch by default, ``"en"`` for English, as the command's
``--lang``): the report's own words from ``locale/balance.yaml``, the flags and suggestions
(phrases made with the figures) said in it, the names from the scenario, and every number
with a decimal comma and a true minus sign in Dutch. Ids stand beside the names, and strategy
names are the panel's ids, so the author can find them in the YAML and on the command line.

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

from morgenmaken.i18n import counted, t
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

#: Okabe–Ito colours, safe for colour-blind readers, one per lens.
LENS_COLOURS = {"hier-en-nu": "#0072B2", "later": "#009E73", "elders": "#E69F00",
                "verdeling": "#CC79A7"}
#: The columns of a flow table, in reading order: what comes in, then what goes out.
FLOW_COLUMNS = ("trend +", "card", "structural", "trend −", "cost", "upkeep", "event",
                "interaction", "clamp")
#: The words of a flow column (a ledger cause) in locale/balance.yaml.
_CAUSE_KEYS = {"trend +": "trend_in", "trend −": "trend_out"}


def _in(lang: str, written: str) -> str:
    """A number written the English way, as `lang` writes it: in Dutch a decimal comma and a
    true minus sign (English keeps Python's spelling, as the report always gave it).

    >>> _in("nl", "-2.5"), _in("en", "-2.5")
    ('−2,5', '-2.5')
    """
    return written.replace(".", ",").replace("-", "−") if lang == "nl" else written


class _Names:
    """Player-facing names of a scenario's parts in one language, ids as fallback, and the
    language's words for the report's own terms."""

    def __init__(self, scenario: Scenario, lang: str) -> None:
        self.lang = lang
        self.title = scenario.title.get(lang)
        self.variables = {v.id: v.name.get(lang) for v in scenario.variables}
        self.cards = {c.id: c.title.get(lang) for c in scenario.cards}
        self.roles = {r.id: r.name.get(lang) for r in scenario.roles}
        self.ends = {e.id: e.text.get(lang) for e in scenario.end_conditions}
        self.components = {c.id: c.name.get(lang) for c in scenario.score.components}
        self.critical = {v.id: v.critical for v in scenario.variables}
        self.categories = {v.id: v.category.value for v in scenario.variables}

    def __call__(self, key: str, /, **values: object) -> str:
        """The report's string `key` (of locale/balance.yaml, without 'bal.') in the language."""
        return t(f"bal.{key}", self.lang, **values)

    def g(self, value: float) -> str:
        """A number as the file has it (62, 57.5), in the language."""
        return _in(self.lang, f"{value:g}")

    def category(self, category: str) -> str:
        """A lens or category by its name in the language ('Hier en nu')."""
        return t(f"category.{category}", self.lang)

    def kind(self, kind: str) -> str:
        return self(f"kind.{kind}") if kind else "–"

    def cause(self, cause: str) -> str:
        """A flow column: the ledger cause in the language (an unknown cause as it is)."""
        try:
            return self(f"cause.{_CAUSE_KEYS.get(cause, cause)}")
        except KeyError:
            return cause

    def way_of_losing(self, way: str, threshold: float) -> str:
        if way == "below_threshold":
            return self("way.below_threshold", threshold=self.g(threshold))
        kind, cause = way.split(":", 1)
        if kind == "lens":
            return self("way.lens", name=self.components.get(cause, cause), id=cause)
        if cause in self.variables:
            return self("way.collapse_variable", name=self.variables[cause], id=cause)
        if cause in self.ends:
            return self("way.collapse_end", id=cause, text=self.ends[cause])
        return self("way.collapse", id=cause)

    def description(self, figures: StrategyFigures) -> str:
        """What the strategy does, in the language (the panel's own line)."""
        from morgenmaken.sim.strategies import PANEL

        entry = PANEL.get(figures.strategy)
        return entry.describe(self.lang) if entry is not None else figures.description


def _pct(value: float | None, lang: str = "en") -> str:
    return "–" if value is None else _in(lang, f"{value:.0%}")


def _num(value: float | None, digits: int = 1, signed: bool = False, lang: str = "en") -> str:
    if value is None:
        return "–"
    return _in(lang, f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}")


def _bar_text(figures: StrategyFigures, lang: str) -> str:
    low, high = figures.bar
    if low is not None and high is not None:
        return f"{_pct(low, lang)}–{_pct(high, lang)}"
    if low is not None:
        return f"≥ {_pct(low, lang)}"
    if high is not None:
        return f"≤ {_pct(high, lang)}"
    return "–"


def _mark(passes: bool | None) -> str:
    return {True: "✓", False: "✗", None: ""}[passes]


def _verdict(report: BalanceReport, words: _Names) -> str:
    if report.passes_bar():
        return words("verdict.pass")
    failing = [s.strategy for s in report.strategies if s.passes_bar() is False]
    return words("verdict.fail", names=", ".join(failing))


def _run_line(report: BalanceReport, words: _Names) -> str:
    games, first = report.games_per_strategy, report.first_seed
    last = first + games - 1
    decision = report.decision
    try:
        decided = words(f"decision.{decision}")
    except KeyError:
        decided = words("decision.other", decision=decision)
    line = words("run", games=words(counted("run.games", games), count=games),
                 seeds=words(counted("run.seeds", games), first=first, last=last),
                 players=words(counted("run.players", report.players), count=report.players),
                 decision=decided, threshold=words.g(report.win_threshold))
    idle = report.idle_score
    if idle is None:
        return line
    count = len(report.idle_scores)
    return line + words(counted("idle", count), score=_num(idle, 1, lang=words.lang),
                        count=count)


def _by_kind(report: BalanceReport, values: dict[str, float | None], lang: str,
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
        shown.append(_pct(value, lang) if fmt == "pct" else _num(value, 2, True, lang))
    return shown[0], shown[1], shown[2]


def _card_row(report: BalanceReport, card: CardFigures, lang: str) -> list[str]:
    adopted = _by_kind(report, dict(card.adopted), lang)
    contribution = _by_kind(report, card.contribution, lang, "num")
    net = _by_kind(report, card.net, lang, "num")
    return [" / ".join(adopted), " / ".join(contribution), " / ".join(net),
            _num(card.spent, lang=lang), ", ".join(card.tags)]


def _flags(card: CardFigures, lang: str) -> list[str]:
    return [flag.text(lang) for flag in card.flags]


def _variable_texts(report: BalanceReport, figures: VariableFigures,
                    has_critical: bool, words: _Names) -> tuple[str, str, str, str]:
    """Range, mean final, share critical and share ended below zero, for the kinds."""
    lang = words.lang
    ranges = {s.strategy: f"{_num(figures.lowest.get(s.strategy), lang=lang)}–"
                          f"{_num(figures.highest.get(s.strategy), lang=lang)}"
              for s in report.strategies}
    sighted = [s.strategy for s in report.strategies if s.kind == "balanced"] or [
        s.strategy for s in report.strategies[:1]]
    rng = " · ".join(f"{name} {ranges[name]}" for name in sighted)
    overall = (f"{_num(min(figures.lowest.values()), lang=lang)}–"
               f"{_num(max(figures.highest.values()), lang=lang)}" if figures.lowest else "–")
    final = " · ".join(f"{name} {_num(figures.mean_final.get(name), lang=lang)}"
                       for name in sighted)
    critical = (words("no_critical") if not has_critical else " · ".join(
        f"{name} {_pct(figures.critical_share.get(name), lang)}" for name in sighted))
    below = ("–" if figures.below_zero is None else " · ".join(
        f"{name} {_pct(figures.below_zero.get(name), lang)}" for name in sighted))
    return words("all", range=rng, overall=overall), final, critical, below


def _ordered_cards(report: BalanceReport) -> list[CardFigures]:
    """Flagged cards first, then the rest, each in scenario order."""
    return [c for c in report.cards if c.flags] + [c for c in report.cards if not c.flags]


def _flow_columns(loss: LossFigures) -> list[str]:
    present = {cause for _, _, changes in loss.flow for cause, _ in changes}
    return [c for c in FLOW_COLUMNS if c in present] + sorted(present - set(FLOW_COLUMNS))


def _flow_rows(loss: LossFigures, lang: str) -> list[list[str]]:
    columns = _flow_columns(loss)
    rows = []
    for rnd, value, changes in loss.flow:
        by = dict(changes)
        rows.append([str(rnd), *(_num(by.get(c), 1, True, lang) if c in by else ""
                                 for c in columns), _num(value, lang=lang)])
    return rows


def _about_contribution(report: BalanceReport, words: _Names) -> str:
    rate = (words("no_rate") if report.points_per_budget is None
            else words("rate", rate=_num(report.points_per_budget, 3, lang=words.lang)))
    return words("about.contribution", rate=rate)


def _about_flags(words: _Names) -> str:
    return words("about.flags", share=_pct(DOMINANT_SHARE, words.lang))


def _when(loss: LossFigures, words: _Names) -> str:
    if loss.first_round == loss.last_round:
        return words("when.round", round=loss.first_round)
    return words("when.median", round=words.g(loss.median_round), first=loss.first_round,
                 last=loss.last_round)


def _points(width: float, words: _Names) -> str:
    """'1 point', '2.5 points': the bin width with its noun in the right number."""
    return words(counted("points", 1 if width == 1 else 2), count=words.g(width))


def _rounds_played(figures: StrategyFigures, words: _Names) -> str:
    return ", ".join(words(counted("rounds", r), count=r, games=n) for r, n in figures.rounds)


def _panel_header(words: _Names) -> list[str]:
    return [words(f"col.{c}") for c in ("strategy", "kind", "what", "won", "win_rate", "bar",
                                        "mean_score", "quartiles", "range")]


def _card_header(words: _Names) -> list[str]:
    return [words(f"col.{c}") for c in ("card", "role", "adopted", "contribution", "net",
                                        "paid", "tags", "flags")]


def _variable_header(words: _Names) -> list[str]:
    return [words(f"col.{c}") for c in ("variable", "category", "range", "mean_final",
                                        "critical", "below_zero")]


def _flagged_line(report: BalanceReport, words: _Names) -> str:
    flagged = sum(1 for c in report.cards if c.flags)
    return words(counted("flagged", flagged), flagged=flagged, count=len(report.cards))


# --- Markdown ---------------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _md_histogram(figures: StrategyFigures, width_of_bin: float, lang: str,
                  width: int = 30) -> list[str]:
    if not figures.histogram:
        return []
    top = max(n for _, n in figures.histogram)
    return ["```", *(f"{_in(lang, f'{low:6.2f}')}–{_in(lang, f'{low + width_of_bin:<6.2f}')} "
                     f"{'#' * max(1, round(n / top * width))} {n}"
                     for low, n in figures.histogram), "```"]


def _threshold_rows(report: BalanceReport, words: _Names) -> list[list[str]]:
    rows = []
    for row in report.thresholds:
        mark = ("✓" if row.passes else "") + (" ◀" if row.threshold == report.win_threshold
                                              else "")
        rows.append([words.g(row.threshold), mark.strip(),
                     *(_pct(row.rates[s.strategy], words.lang) for s in report.strategies)])
    return rows


def _passing_line(report: BalanceReport, words: _Names) -> str:
    if report.passing is None:
        return words("no_passing")
    low, high = report.passing
    return words("passing", low=words.g(low), high=words.g(high),
                 now=words.g(report.win_threshold))


def render_markdown(report: BalanceReport, scenario: Scenario, lang: str = "nl") -> str:
    """The balance report as Markdown (GitHub tables; fenced text histograms), in `lang`."""
    words = _Names(scenario, lang)
    out = [f"# {words('title', title=words.title)} (`{scenario.id}`)", "",
           f"**{_verdict(report, words)}** {_run_line(report, words)}", "",
           f"## {words('h.todo')}", ""]
    out += [f"- {text.text(lang)}" for text in report.suggestions] or [words("nothing_to_do")]
    out += ["", f"## {words('h.panel')}", "", words("about.panel"), ""]
    out += _md_table(
        _panel_header(words),
        [[s.strategy, words.kind(s.kind), words.description(s), f"{s.wins}/{s.games}",
          _pct(s.win_rate, lang), f"{_bar_text(s, lang)} {_mark(s.passes_bar())}".strip(),
          _num(s.mean_score, lang=lang), " / ".join(_num(q, lang=lang) for q in s.quartiles),
          f"{_num(s.lowest, lang=lang)}–{_num(s.highest, lang=lang)}"]
         for s in report.strategies])
    out += ["", f"## {words('h.threshold')}", "", words("about.threshold"), "",
            _passing_line(report, words), ""]
    out += _md_table([words("col.threshold"), words("col.bar"),
                      *(s.strategy for s in report.strategies)],
                     _threshold_rows(report, words))
    out += ["", words("histograms", points=_points(report.bin_width, words))]
    for s in report.strategies:
        out += ["", f"**{s.strategy}**:", "", *_md_histogram(s, report.bin_width, lang)]
    out += ["", f"## {words('h.losses')}", ""]
    for s in report.strategies:
        out.append(words(counted("lost", s.games), strategy=s.strategy, lost=s.games - s.wins,
                         count=s.games))
        losses = list(s.loss_details)
        if losses:
            out += ["", *_md_table([words(f"col.{c}") for c in ("way", "games", "share",
                                                                  "when")],
                                   [[words.way_of_losing(loss.way, report.win_threshold),
                                     str(loss.games), _pct(loss.games / s.games, lang),
                                     _when(loss, words)] for loss in losses])]
        for loss in losses:
            if loss.way.startswith("collapse:") and loss.flow:
                columns = _flow_columns(loss)
                out += ["", words("flow", seed=loss.seed, variable=loss.watched), ""]
                out += _md_table([words("col.round"), *map(words.cause, columns),
                                  words("col.at_the_end", variable=loss.watched)],
                                 _flow_rows(loss, lang))
        out.append("")
    out += [f"## {words('h.lenses')}", "", words("about.lenses"), ""]
    out += _md_table([words("col.strategy"), *map(words.category, report.lenses)],
                     [[s.strategy, *(" → ".join(_num(row[i], 0, lang=lang)
                                                for row in s.lens_series)
                                     for i in range(len(report.lenses)))]
                      for s in report.strategies if s.lens_series])
    out += ["", f"## {words('h.length')}", ""]
    out += _md_table([words("col.strategy"), words("col.mean_rounds"), words("col.by_rounds")],
                     [[s.strategy, _num(s.mean_rounds, 2, lang=lang), _rounds_played(s, words)]
                      for s in report.strategies])
    out += ["", f"## {words('h.cards')}", "", _about_contribution(report, words), "",
            _about_flags(words), "", _flagged_line(report, words), ""]
    out += _md_table(
        _card_header(words),
        [[f"{words.cards.get(c.id, c.id)} (`{c.id}`)", words.roles.get(c.role, c.role),
          *_card_row(report, c, lang), ", ".join(_flags(c, lang))]
         for c in _ordered_cards(report)])
    out += ["", f"## {words('h.variables')}", "", words("about.variables"), ""]
    out += _md_table(
        _variable_header(words),
        [[f"{words.variables[v.id]} (`{v.id}`)", words.category(words.categories[v.id]),
          *_variable_texts(report, v, words.critical[v.id] is not None, words)]
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
                   words: _Names) -> str:
    """Bars of games per bin on the run's shared axis, with the win threshold as a line."""
    width, height, pad = 360, 150, 26
    low, high = span
    scale = (width - 2 * pad) / (high - low) if high > low else 1.0
    top = max((n for _, n in figures.histogram), default=1)
    bars = []
    for start, n in figures.histogram:
        h = (height - 2 * pad) * n / top
        x = pad + (start - low) * scale
        tip = words(counted("svg.bin", n), low=words.g(start),
                    high=words.g(start + report.bin_width), count=n)
        bars.append(f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" '
                    f'width="{max(1.0, report.bin_width * scale - 1):.1f}" height="{h:.1f}" '
                    f'fill="#0072B2"><title>{_h(tip)}</title></rect>')
    threshold = report.win_threshold
    line = ""
    if low <= threshold <= high:
        lx = pad + (threshold - low) * scale
        line = (f'<line x1="{lx:.1f}" y1="{pad / 2}" x2="{lx:.1f}" y2="{height - pad}" '
                f'stroke="#D55E00" stroke-dasharray="4 3"/><text x="{lx + 3:.1f}" y="{pad}" '
                f'font-size="10" fill="#D55E00">{_h(words.g(threshold))}</text>')
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    axis = "".join(f'<text x="{pad + (t - low) * scale:.1f}" y="{height - 8}" font-size="10" '
                   f'text-anchor="middle">{_in(words.lang, f"{t:.1f}")}</text>' for t in ticks)
    label = _h(words("svg.histogram", strategy=figures.strategy,
                     threshold=words.g(threshold)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{label}"><line x1="{pad}" y1="{height - pad}" '
            f'x2="{width - pad}" y2="{height - pad}" stroke="#555"/>{"".join(bars)}{line}'
            f'{axis}</svg>')


def _svg_lenses(figures: StrategyFigures, lenses: Sequence[str], words: _Names) -> str:
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
        name = _h(words.category(lens))
        lines.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"><title>{name}</title></polyline>'
                     f'<text x="{width - pad + 2}" y="{y(series[-1][i]) + 3:.1f}" '
                     f'font-size="9" fill="{colour}">{name}</text>')
    axis = "".join(f'<text x="{pad + r * step:.1f}" y="{height - 10}" font-size="9" '
                   f'text-anchor="middle">{r}</text>' for r in range(len(series)))
    scale = (f'<text x="2" y="{y(high - 2) + 3:.1f}" font-size="9">'
             f'{_in(words.lang, f"{high - 2:.0f}")}</text>'
             f'<text x="2" y="{y(low + 2) + 3:.1f}" font-size="9">'
             f'{_in(words.lang, f"{low + 2:.0f}")}</text>')
    label = _h(words("svg.lenses", strategy=figures.strategy))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 40}" height="{height}" '
            f'role="img" aria-label="{label}">{scale}{"".join(lines)}{axis}</svg>')


def _bar_cell(figures: StrategyFigures, lang: str) -> str:
    passes = figures.passes_bar()
    if passes is None:
        return "–"
    css = "pass" if passes else "fail"
    return f'<span class="{css}">{_h(_bar_text(figures, lang))} {_mark(passes)}</span>'


def render_html(report: BalanceReport, scenario: Scenario, lang: str = "nl") -> str:
    """The balance report as one self-contained HTML page in `lang`, every text escaped."""
    words = _Names(scenario, lang)
    passes = report.passes_bar()
    title = words("title", title=words.title)
    parts = [
        "<!DOCTYPE html>", f'<html lang="{_h(lang)}"><head><meta charset="utf-8">',
        f"<title>{_h(title)}</title><style>{_CSS}</style></head>",
        "<body>", f"<h1>{_h(title)} (<code>{_h(scenario.id)}</code>)</h1>",
        f'<p class="verdict"><span class="{"pass" if passes else "fail"}">'
        f"{_h(_verdict(report, words))}</span> {_h(_run_line(report, words))}</p>",
        f"<h2>{_h(words('h.todo'))}</h2>",
        ('<ul class="todo">' + "".join(f"<li>{_inline(text.text(lang))}</li>"
                                       for text in report.suggestions) + "</ul>"
         if report.suggestions else f"<p>{_h(words('nothing_to_do'))}</p>"),
        f"<h2>{_h(words('h.panel'))}</h2>", f"<p>{_inline(words('about.panel'))}</p>",
    ]
    parts.append(_html_table(
        _panel_header(words),
        [[_h(s.strategy), _h(words.kind(s.kind)), _h(words.description(s)),
          f"{s.wins}/{s.games}", _h(_pct(s.win_rate, lang)), _bar_cell(s, lang),
          _h(_num(s.mean_score, lang=lang)),
          _h(" / ".join(_num(q, lang=lang) for q in s.quartiles)),
          _h(f"{_num(s.lowest, lang=lang)}–{_num(s.highest, lang=lang)}")]
         for s in report.strategies],
        numeric=(3, 4, 6)))
    parts += [f"<h2>{_h(words('h.threshold'))}</h2>",
              f"<p>{_inline(words('about.threshold'))}</p>",
              f"<p>{_inline(_passing_line(report, words))}</p>"]
    classes = [" ".join(c for c in ("passes" if row.passes else "",
                                    "now" if row.threshold == report.win_threshold else "")
                        if c) for row in report.thresholds]
    cells = [[_h(row[0]), _h(row[1]), *(
        f'<span class="fail">{_h(text)}</span>'
        if figures.passes_bar(threshold.rates[figures.strategy]) is False else _h(text)
        for figures, text in zip(report.strategies, row[2:], strict=True))]
        for threshold, row in zip(report.thresholds, _threshold_rows(report, words),
                                  strict=True)]
    parts.append('<div class="wide">' + _html_table(
        [words("col.threshold"), words("col.bar"), *(s.strategy for s in report.strategies)],
        cells, numeric=tuple(range(2, 2 + len(report.strategies))), classes=classes)
        + "</div>")
    parts.append(f"<p>{_h(words('html.orange'))}</p>")
    scores = [low for s in report.strategies for low, _ in s.histogram]
    span = ((min(scores), max(scores) + report.bin_width) if scores else (0.0, 100.0))
    span = (min(span[0], report.win_threshold - report.bin_width),
            max(span[1], report.win_threshold + report.bin_width))
    parts.append(f"<p>{_h(words('html.histograms', points=_points(report.bin_width, words)))}"
                 "</p>")
    parts.append('<div class="charts">' + "".join(
        f"<figure><figcaption>{_h(s.strategy)}</figcaption>"
        f"{_svg_histogram(s, report, span, words)}</figure>" for s in report.strategies)
        + "</div>")
    parts.append(f"<h2>{_h(words('h.losses'))}</h2>")
    for s in report.strategies:
        lost = words(counted("lost", s.games), strategy=s.strategy, lost=s.games - s.wins,
                     count=s.games)
        parts.append(f"<p>{_inline(lost)}</p>")
        losses = list(s.loss_details)
        if losses:
            parts.append(_html_table(
                [words(f"col.{c}") for c in ("way", "games", "share", "when")],
                [[_h(words.way_of_losing(loss.way, report.win_threshold)), str(loss.games),
                  _h(_pct(loss.games / s.games, lang)), _h(_when(loss, words))]
                 for loss in losses],
                numeric=(1, 2)))
        for loss in losses:
            if loss.way.startswith("collapse:") and loss.flow:
                columns = _flow_columns(loss)
                parts.append("<p>" + _inline(words("html.flow", seed=loss.seed,
                                                   variable=loss.watched)) + "</p>")
                parts.append(_html_table(
                    [words("col.round"), *map(words.cause, columns),
                     words("col.at_the_end", variable=loss.watched)],
                    [[_h(cell) for cell in row] for row in _flow_rows(loss, lang)],
                    numeric=tuple(range(len(columns) + 2))))
    parts += [f"<h2>{_h(words('h.lenses'))}</h2>",
              f"<p>{_h(words('html.lenses'))}</p>",
              '<div class="charts">' + "".join(
                  f"<figure><figcaption>{_h(s.strategy)}</figcaption>"
                  f"{_svg_lenses(s, report.lenses, words)}</figure>"
                  for s in report.strategies if s.lens_series) + "</div>"]
    parts.append(f"<h2>{_h(words('h.length'))}</h2>")
    parts.append(_html_table(
        [words("col.strategy"), words("col.mean_rounds"), words("col.by_rounds")],
        [[_h(s.strategy), _h(_num(s.mean_rounds, 2, lang=lang)),
          _h(_rounds_played(s, words))] for s in report.strategies],
        numeric=(1,)))
    parts += [f"<h2>{_h(words('h.cards'))}</h2>",
              f"<p>{_inline(_about_contribution(report, words))}</p>",
              f"<p>{_inline(_about_flags(words))}</p>",
              f"<p>{_h(_flagged_line(report, words))}</p>"]
    parts.append(_html_table(
        _card_header(words),
        [[f"{_h(words.cards.get(c.id, c.id))} (<code>{_h(c.id)}</code>)",
          _h(words.roles.get(c.role, c.role)),
          *(_h(text) for text in _card_row(report, c, lang)),
          " ".join(f'<span class="flag">{_h(flag)}</span>' for flag in _flags(c, lang))]
         for c in _ordered_cards(report)], numeric=(5,)))
    parts += [f"<h2>{_h(words('h.variables'))}</h2>",
              f"<p>{_h(words('html.variables'))}</p>"]
    parts.append(_html_table(
        _variable_header(words),
        [[f"{_h(words.variables[v.id])} (<code>{_h(v.id)}</code>)",
          _h(words.category(words.categories[v.id])),
          *(_h(text) for text in _variable_texts(report, v, words.critical[v.id] is not None,
                                                 words))]
         for v in report.variables]))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_reports(report: BalanceReport, scenario: Scenario, folder: Path,
                  lang: str = "nl") -> tuple[Path, Path]:
    """Write ``<scenario id>-balance.md`` and ``.html`` into `folder` (made if missing), in
    `lang`."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / f"{scenario.id}-balance.md"
    page = folder / f"{scenario.id}-balance.html"
    markdown.write_text(render_markdown(report, scenario, lang), encoding="utf-8")
    page.write_text(render_html(report, scenario, lang), encoding="utf-8")
    return markdown, page
