"""The debrief and the comparison of teams as one self-contained HTML file.

Jinja2 with autoescaping on for every template: team and player names are typed by players and
scenario texts by authors, and a report is mailed around and opened in browsers, so nothing
they wrote may ever become markup. The charts are the PNGs the PDF and the window use (each
drawn once), embedded as ``data:`` URIs in ``<img>`` tags — no network, no second file, and an
image cannot run scripts even if a name in it were hostile.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from matplotlib.figure import Figure

from morgenmaken.i18n import t
from morgenmaken.report import charts
from morgenmaken.report.common import (
    adopted_item,
    amount,
    goals_line,
    headline,
    impact_effects,
    impact_title,
    isolate,
    later_lines,
    left_behind_lines,
    number,
    part_rows,
    roles_line,
    shorten,
    signed,
    team_name,
    team_rows,
    unspent_line,
    verdict,
    whatif_lines,
)
from morgenmaken.report.debrief import Comparison, Debrief


@cache
def environment() -> Environment:
    """The template environment: templates from the package, autoescape always on."""
    env = Environment(loader=PackageLoader("morgenmaken.report", "templates"),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(number=number, signed=signed, shorten=shorten)  # whole numbers only
    return env


def svg_uri(figure: Figure) -> str:
    """A chart as a ``data:image/svg+xml`` URI (for a chart no other document shares)."""
    data = base64.b64encode(charts.render(figure, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def png_uri(png: bytes) -> str:
    """A drawn chart as a ``data:image/png`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _translator(lang: str) -> Callable[..., str]:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)
    return tr


def debrief_html(debrief: Debrief, comparisons: Sequence[Comparison] = ()) -> str:
    """The whole debrief of one game as an HTML document, the story first."""
    lang = debrief.lang
    timelines = [(group.label, png_uri(charts.timelines_png(debrief, group.category)))
                 for group in debrief.profile]
    template = environment().get_template("debrief.html.j2")
    return template.render(
        lang=lang, d=debrief, s=debrief.story, tr=_translator(lang),
        team=isolate(team_name(debrief)),
        verdict=verdict(debrief), headline=headline(debrief), goals=goals_line(debrief),
        parts=part_rows(debrief), roles=roles_line(debrief, isolated=True),
        behind=left_behind_lines(debrief), later=later_lines(debrief),
        unspent=unspent_line(debrief), version=debrief.scenario_version,
        charts={"profile": png_uri(charts.profile_png(debrief)), "timelines": timelines},
        impact_title=lambda impact: impact_title(impact, lang),
        impact_effects=lambda impact: impact_effects(impact, lang),
        adopted=lambda line, rnd: adopted_item(debrief, line, rnd),
        whatifs=[whatif_lines(c) for c in comparisons],
        num=lambda value, decimals=0: number(value, decimals, lang),
        sign=lambda value: signed(value, 0, lang),
        change=lambda value: amount(value, lang))


def compare_html(teams: Sequence[Debrief], labels: Sequence[str] | None = None) -> str:
    """Several teams' games of one scenario side by side: a table and one profile chart
    (`labels` name the rows, as :func:`~morgenmaken.report.common.team_rows`)."""
    if not teams:
        raise ValueError("no games to compare")
    first = teams[0]
    rows = team_rows(teams, labels, isolated=True)  # names isolated in the text
    plain = team_rows(teams, labels)  # the chart draws them, without invisible marks
    chart = svg_uri(charts.teams_chart([(row.team, d) for row, d in zip(plain, teams,
                                                                        strict=True)]))
    template = environment().get_template("compare.html.j2")
    return template.render(lang=first.lang, tr=_translator(first.lang), rows=rows, chart=chart,
                           scenario_title=first.scenario_title, threshold=first.win_threshold,
                           version=first.scenario_version,
                           changed=", ".join(row.team for row, d in zip(rows, teams, strict=True)
                                             if d.replayed_on_changed))
