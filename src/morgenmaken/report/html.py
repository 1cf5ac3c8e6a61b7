"""The debrief and the comparison of teams as one self-contained HTML file.

Jinja2 with autoescaping on for every template: team and player names are typed by players and
scenario texts by authors, and a report is mailed around and opened in browsers, so nothing
they wrote may ever become markup. The charts are SVG, embedded as ``data:`` URIs in ``<img>``
tags — no network, no second file, and an SVG shown as an image cannot run scripts even if a
name in it were hostile.
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
    adopted_before,
    amount,
    decision_text,
    effects_text,
    number,
    proposed_by,
    score_line,
    shorten,
    signed,
    team_name,
    team_rows,
    verdict,
)
from morgenmaken.report.debrief import Debrief


@cache
def environment() -> Environment:
    """The template environment: templates from the package, autoescape always on."""
    env = Environment(loader=PackageLoader("morgenmaken.report", "templates"),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(number=number, signed=signed, shorten=shorten)  # whole numbers only
    return env


def svg_uri(figure: Figure) -> str:
    """A chart as a ``data:image/svg+xml`` URI."""
    data = base64.b64encode(charts.render(figure, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def _translator(lang: str) -> Callable[..., str]:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)
    return tr


def debrief_html(debrief: Debrief) -> str:
    """The whole debrief of one game as an HTML document."""
    lang = debrief.lang
    timelines = [(group.label, svg_uri(charts.category_timelines_chart(debrief, group.category)))
                 for group in debrief.profile]
    template = environment().get_template("debrief.html.j2")
    return template.render(
        lang=lang, d=debrief, tr=_translator(lang), team=team_name(debrief),
        verdict=verdict(debrief), score_line=score_line(debrief),
        version=debrief.scenario_version,
        charts={"profile": svg_uri(charts.profile_chart(debrief)), "timelines": timelines},
        by=lambda line: proposed_by(line, lang),
        decision=lambda line: decision_text(line, lang),
        effects=lambda line: effects_text(line.outcome, lang),
        before=lambda line, rnd: adopted_before(line, rnd, debrief),
        num=lambda value, decimals=0: number(value, decimals, lang),
        change=lambda value: amount(value, lang))


def compare_html(teams: Sequence[Debrief]) -> str:
    """Several teams' games of one scenario side by side: a table and one profile chart."""
    if not teams:
        raise ValueError("no games to compare")
    first = teams[0]
    rows = team_rows(teams)
    chart = svg_uri(charts.teams_chart([(row.team, d) for row, d in zip(rows, teams,
                                                                        strict=True)]))
    template = environment().get_template("compare.html.j2")
    return template.render(lang=first.lang, tr=_translator(first.lang), rows=rows, chart=chart,
                           scenario_title=first.scenario_title, threshold=first.win_threshold,
                           version=first.scenario_version)
