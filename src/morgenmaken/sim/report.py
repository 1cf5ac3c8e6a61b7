"""The balance report as Markdown and HTML: figures from :mod:`morgenmaken.sim.balance`, in words.

The reader is a scenario author, not a statistician: the report opens with the verdict (does
the scenario pass the balance bar?), then shows per strategy how games end, then the cards that
need a look (flags first), then every variable. Names come from the scenario (Dutch by default,
``lang="en"`` for English), ids are shown beside them so the author can find them in the YAML.

Both renderers are pure functions from a :class:`BalanceReport` to text. The HTML is one
self-contained file (inline CSS and SVG, no scripts) that can be mailed or opened offline, and
every piece of text in it — scenario names included, which authors write — is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.balance import (
    BALANCE_BAR,
    BIN,
    DOMINANT_SHARE,
    BalanceReport,
    CardFigures,
    StrategyFigures,
    VariableFigures,
)

__all__ = ["render_html", "render_markdown", "write_reports"]

_SHORT = {"random": "R", "myopic": "M", "balanced": "B"}

ABOUT_STRATEGIES = (
    "**random** proposes and adopts at random; **myopic** adopts whatever raises the score "
    "most this round; **balanced** weighs effects up to the end of the game and the weakest "
    "theme, and keeps a reserve. The lesson of the game holds when short-sighted play loses "
    "most games and balanced play wins most."
)
ABOUT_CONTRIBUTION = (
    "**Contribution** is a card's *direct* contribution to the final score, from the ledger: "
    "in each game where the card was adopted, the final score (with everything set in motion "
    "counted, as the game scores it) minus the score of the same final values without the "
    "card's own effects (now, later and per round). Knock-on effects through interactions are "
    "left out, and so is the budget it costs, which is shown separately. **Score with / "
    "without** compares whole games with and without the card for one strategy; it mostly "
    "shows *which* games a strategy plays the card in, so the flags do not use it."
)
ABOUT_FLAGS = (
    "**never worth playing**: for every strategy that adopted it, the card lowers the final "
    "score of its games on average (its later costs outweigh its gains) — intended for a "
    "quick win that should be a trap, a design problem for an investment. **dominant**: "
    "every choosing strategy "
    f"(myopic and balanced) adopts it in at least {DOMINANT_SHARE:.0%} of its games, so "
    "short- and long-sighted play both take it and it is no real choice. **never played**: "
    "no strategy ever adopted it (unaffordable, or its requirements never hold)."
)


class _Names:
    """Player-facing names of a scenario's parts in one language, ids as fallback."""

    def __init__(self, scenario: Scenario, lang: str) -> None:
        self.title = scenario.title.get(lang)
        self.variables = {v.id: v.name.get(lang) for v in scenario.variables}
        self.cards = {c.id: c.title.get(lang) for c in scenario.cards}
        self.roles = {r.id: r.name.get(lang) for r in scenario.roles}
        self.ends = {e.id: e.text.get(lang) for e in scenario.end_conditions}
        self.critical = {v.id: v.critical for v in scenario.variables}
        self.categories = {v.id: v.category.value for v in scenario.variables}

    def way_of_losing(self, way: str, threshold: float) -> str:
        if way == "below_threshold":
            return f"played to the end, score below the win threshold ({threshold:g})"
        cause = way.split(":", 1)[1]
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


def _bar_text(strategy: str) -> str:
    low, high = BALANCE_BAR.get(strategy, (None, None))
    if low is not None:
        return f"≥ {low:.0%}"
    if high is not None:
        return f"≤ {high:.0%}"
    return "–"


def _verdict(report: BalanceReport) -> str:
    if report.passes_bar():
        return "passes the balance bar"
    failing = [s.strategy for s in report.strategies if s.passes_bar() is False]
    return "does NOT pass the balance bar (" + ", ".join(failing) + ")"


def _per_strategy(report: BalanceReport, shown: Mapping[str, str]) -> str:
    """One figure per strategy on one line: 'R 35% · M 100% · B 15%'."""
    return " · ".join(f"{_SHORT.get(s.strategy, s.strategy)} {shown.get(s.strategy, '–')}"
                      for s in report.strategies)


def _card_texts(report: BalanceReport, card: CardFigures) -> tuple[str, str, str]:
    """Proposed, adopted and contribution of a card, per strategy."""
    return (_per_strategy(report, {s: _pct(v) for s, v in card.proposed.items()}),
            _per_strategy(report, {s: _pct(v) for s, v in card.adopted.items()}),
            _per_strategy(report, {s: _num(v, 2, True) for s, v in card.contribution.items()}))


def _variable_texts(report: BalanceReport, figures: VariableFigures,
                    has_critical: bool) -> tuple[str, str, str]:
    """Range, mean final value and share critical of a variable, per strategy."""
    ranges = {s: f"{_num(low)}–{_num(figures.highest[s])}"
              for s, low in figures.lowest.items()}
    finals = {s: _num(value) for s, value in figures.mean_final.items()}
    critical = (_per_strategy(report, {s: _pct(v) for s, v in figures.critical_share.items()})
                if has_critical else "no critical level")
    return _per_strategy(report, ranges), _per_strategy(report, finals), critical


def _ordered_cards(report: BalanceReport) -> list[CardFigures]:
    """Flagged cards first, then the rest, each in scenario order."""
    return ([c for c in report.cards if c.flags] + [c for c in report.cards if not c.flags])


def _run_line(report: BalanceReport) -> str:
    last = report.first_seed + report.games_per_strategy - 1
    return (f"{report.games_per_strategy} games per strategy (seeds {report.first_seed}–"
            f"{last}), {report.players} players, decision by {report.decision}; win threshold "
            f"{report.win_threshold:g}.")


# --- Markdown ---------------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _md_histogram(figures: StrategyFigures, width: int = 40) -> list[str]:
    if not figures.histogram:
        return []
    top = max(n for _, n in figures.histogram)
    return ["```", *(f"{low:3d}–{low + BIN:<3d} {'#' * max(1, round(n / top * width))} {n}"
                     for low, n in figures.histogram), "```"]


def render_markdown(report: BalanceReport, scenario: Scenario, lang: str = "nl") -> str:
    """The balance report as Markdown (GitHub tables; fenced text histograms)."""
    names = _Names(scenario, lang)
    out = [f"# Balance report: {names.title} (`{scenario.id}`)", "",
           f"**Verdict: the scenario {_verdict(report)}.** {_run_line(report)}", "",
           ABOUT_STRATEGIES, "", "## Win rate and score per strategy", ""]
    out += _md_table(
        ["strategy", "games", "won", "win rate", "bar", "mean score", "quartiles", "range",
         "mean rounds"],
        [[s.strategy, str(s.games), str(s.wins), _pct(s.win_rate),
          f"{_bar_text(s.strategy)} {_mark(s.passes_bar())}".strip(), _num(s.mean_score),
          " / ".join(_num(q) for q in s.quartiles), f"{_num(s.lowest)}–{_num(s.highest)}",
          _num(s.mean_rounds, 2)] for s in report.strategies])
    for s in report.strategies:
        out += ["", f"Scores of **{s.strategy}** (bins of {BIN} points):", "",
                *_md_histogram(s)]
    out += ["", "## The commonest ways to lose", ""]
    for s in report.strategies:
        out.append(f"**{s.strategy}** — lost {s.games - s.wins} of {s.games} games.")
        if s.losses:
            out += ["", *_md_table(["way of losing", "games", "share"],
                                   [[names.way_of_losing(way, report.win_threshold), str(n),
                                     _pct(n / s.games)] for way, n in s.losses[:8]])]
        out.append("")
    out += ["## Length of a game", ""]
    out += _md_table(["strategy", "mean rounds", "games by rounds played"],
                     [[s.strategy, _num(s.mean_rounds, 2),
                       ", ".join(f"{r} rounds: {n}" for r, n in s.rounds)]
                      for s in report.strategies])
    flagged = [c for c in report.cards if c.flags]
    out += ["", "## Cards", "", ABOUT_CONTRIBUTION, "", ABOUT_FLAGS, "",
            f"{len(flagged)} of {len(report.cards)} cards are flagged. Shares are of games "
            f"({' · '.join(f'{v} = {k}' for k, v in _SHORT.items() if _has(report, k))}).", ""]
    out += _md_table(
        ["card", "role", "proposed", "adopted", "contribution", "budget paid",
         "score with / without (B)", "flags"],
        [[f"{names.cards.get(c.id, c.id)} (`{c.id}`)", names.roles.get(c.role, c.role),
          *_card_texts(report, c), _num(c.spent), _with_without(c), ", ".join(c.flags)]
         for c in _ordered_cards(report)])
    out += ["", "## Variables", "",
            "Lowest and highest value at the end of any round over all games, the mean final "
            "value, and the share of games in which the variable fell below its critical "
            "level.", ""]
    out += _md_table(
        ["variable", "category", "range", "mean final", "went critical"],
        [[f"{names.variables[v.id]} (`{v.id}`)", names.categories[v.id],
          *_variable_texts(report, v, names.critical[v.id] is not None)]
         for v in report.variables])
    return "\n".join(out) + "\n"


def _has(report: BalanceReport, strategy: str) -> bool:
    return any(s.strategy == strategy for s in report.strategies)


def _mark(passes: bool | None) -> str:
    return {True: "✓", False: "✗", None: ""}[passes]


def _with_without(card: CardFigures) -> str:
    if "balanced" not in card.score_with:
        return "–"
    return f"{_num(card.score_with['balanced'])} / {_num(card.score_without['balanced'])}"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 2rem auto;
       max-width: 80rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #ccc; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #005a9c; font-weight: bold; } .fail { color: #b35806; font-weight: bold; }
.flag { background: #fee0b6; padding: 0 0.3rem; border-radius: 3px; white-space: nowrap; }
.verdict { font-size: 1.15rem; padding: 0.6rem 0.8rem; border-left: 6px solid #888;
           background: #f4f4f4; }
.histograms { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; } figcaption { font-weight: bold; }
code { background: #f0f0f0; padding: 0 0.2rem; }
"""


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                numeric: Sequence[int] = ()) -> str:
    """A table; cells are already-escaped HTML."""
    head = "".join(f"<th>{_h(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td class=\"n\">{cell}</td>" if i in numeric else f"<td>{cell}</td>"
                         for i, cell in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg_histogram(figures: StrategyFigures, threshold: float) -> str:
    """Bars of games per 5-point score bin, 0-100, with the win threshold as a line."""
    width, height, pad = 420, 160, 24
    counts = dict(figures.histogram)
    top = max(counts.values(), default=1)
    step = (width - 2 * pad) / (100 / BIN)
    bars = []
    for low in range(0, 100, BIN):
        n = counts.get(low, 0)
        if not n:
            continue
        h = (height - 2 * pad) * n / top
        x = pad + (low / BIN) * step
        bars.append(f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" width="{step - 1:.1f}" '
                    f'height="{h:.1f}" fill="#4575b4"><title>{low}–{low + BIN}: {n} games'
                    f'</title></rect>')
    line_x = pad + threshold / 100 * (width - 2 * pad)
    axis = "".join(f'<text x="{pad + t / 100 * (width - 2 * pad):.1f}" y="{height - 6}" '
                   f'font-size="10" text-anchor="middle">{t}</text>' for t in range(0, 101, 20))
    label = _h(f"Scores of {figures.strategy}: histogram, win threshold {threshold:g}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{label}">'
            f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
            f'stroke="#555"/>{"".join(bars)}'
            f'<line x1="{line_x:.1f}" y1="{pad / 2}" x2="{line_x:.1f}" y2="{height - pad}" '
            f'stroke="#d73027" stroke-dasharray="4 3"/>'
            f'<text x="{line_x + 3:.1f}" y="{pad}" font-size="10" fill="#d73027">'
            f'{_h(f"{threshold:g}")}</text>{axis}</svg>')


def _md_inline_to_html(text: str) -> str:
    """The explanatory paragraphs use **bold** only; escape, then turn that into <strong>."""
    parts = _h(text).split("**")
    return "".join(f"<strong>{part}</strong>" if i % 2 else part for i, part in enumerate(parts))


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
        f"<p>{_md_inline_to_html(ABOUT_STRATEGIES)}</p>",
        "<h2>Win rate and score per strategy</h2>",
    ]
    parts.append(_html_table(
        ["strategy", "games", "won", "win rate", "bar", "mean score", "quartiles", "range",
         "mean rounds"],
        [[_h(s.strategy), str(s.games), str(s.wins), _h(_pct(s.win_rate)),
          _bar_cell(s), _h(_num(s.mean_score)), _h(" / ".join(_num(q) for q in s.quartiles)),
          _h(f"{_num(s.lowest)}–{_num(s.highest)}"), _h(_num(s.mean_rounds, 2))]
         for s in report.strategies], numeric=(1, 2, 3, 5, 8)))
    parts.append('<div class="histograms">' + "".join(
        f"<figure><figcaption>{_h(s.strategy)}</figcaption>"
        f"{_svg_histogram(s, report.win_threshold)}</figure>" for s in report.strategies)
        + "</div>")
    parts.append("<h2>The commonest ways to lose</h2>")
    for s in report.strategies:
        parts.append(f"<p><strong>{_h(s.strategy)}</strong> — lost {s.games - s.wins} of "
                     f"{s.games} games.</p>")
        if s.losses:
            parts.append(_html_table(
                ["way of losing", "games", "share"],
                [[_h(names.way_of_losing(way, report.win_threshold)), str(n),
                  _h(_pct(n / s.games))] for way, n in s.losses[:8]], numeric=(1, 2)))
    parts.append("<h2>Length of a game</h2>")
    parts.append(_html_table(
        ["strategy", "mean rounds", "games by rounds played"],
        [[_h(s.strategy), _h(_num(s.mean_rounds, 2)),
          _h(", ".join(f"{r} rounds: {n}" for r, n in s.rounds))] for s in report.strategies],
        numeric=(1,)))
    flagged = [c for c in report.cards if c.flags]
    legend = " · ".join(f"{v} = {k}" for k, v in _SHORT.items() if _has(report, k))
    parts += ["<h2>Cards</h2>", f"<p>{_md_inline_to_html(ABOUT_CONTRIBUTION)}</p>",
              f"<p>{_md_inline_to_html(ABOUT_FLAGS)}</p>",
              f"<p>{len(flagged)} of {len(report.cards)} cards are flagged. Shares are of "
              f"games ({_h(legend)}).</p>"]
    parts.append(_html_table(
        ["card", "role", "proposed", "adopted", "contribution", "budget paid",
         "score with / without (B)", "flags"],
        [[f"{_h(names.cards.get(c.id, c.id))} (<code>{_h(c.id)}</code>)",
          _h(names.roles.get(c.role, c.role)), *(_h(text) for text in _card_texts(report, c)),
          _h(_num(c.spent)), _h(_with_without(c)),
          " ".join(f'<span class="flag">{_h(flag)}</span>' for flag in c.flags)]
         for c in _ordered_cards(report)], numeric=(5,)))
    parts += ["<h2>Variables</h2>",
              "<p>Lowest and highest value at the end of any round over all games, the mean "
              "final value, and the share of games in which the variable fell below its "
              "critical level.</p>"]
    parts.append(_html_table(
        ["variable", "category", "range", "mean final", "went critical"],
        [[f"{_h(names.variables[v.id])} (<code>{_h(v.id)}</code>)",
          _h(names.categories[v.id]),
          *(_h(text) for text in _variable_texts(report, v, names.critical[v.id] is not None))]
         for v in report.variables]))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _bar_cell(figures: StrategyFigures) -> str:
    passes = figures.passes_bar()
    if passes is None:
        return "–"
    css = "pass" if passes else "fail"
    return f'<span class="{css}">{_h(_bar_text(figures.strategy))} {_mark(passes)}</span>'


def write_reports(report: BalanceReport, scenario: Scenario, folder: Path,
                  lang: str = "nl") -> tuple[Path, Path]:
    """Write ``<scenario id>-balance.md`` and ``.html`` into `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / f"{scenario.id}-balance.md"
    page = folder / f"{scenario.id}-balance.html"
    markdown.write_text(render_markdown(report, scenario, lang), encoding="utf-8")
    page.write_text(render_html(report, scenario, lang), encoding="utf-8")
    return markdown, page

