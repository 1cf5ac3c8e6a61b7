"""The comparison sheet of several tables: the weakest value over every lens, a style per team
that stays distinct beyond eight tables, the legend in team order, and one save refused.

Games are played by the strategy panel's bots and compared through the command line, as a
facilitator does after a LAB event.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.engine import GameConfig, GameState, compile_scenario, dumps, new_game
from morgenmaken.i18n import t
from morgenmaken.report import charts
from morgenmaken.report.common import team_rows, weakest_theme
from morgenmaken.report.debrief import build_debrief
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.scenario.models import Category
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.wording import number, weakest_value

COMPILED = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
runner = CliRunner()


def _play(strategy: str, seed: int, team: str = "") -> GameState:
    config = GameConfig(seed=seed, players=("A", "B", "C"), team=team)
    return play_game(new_game(COMPILED, config), make_bot(strategy, seed))


def test_the_weakest_value_looks_at_every_lens() -> None:
    # the short-sighted team of the issue: Milieu 37 is its lowest theme, but its natural
    # capital is 17 — the sheet must name the capital, as the shared screen does
    state = _play("myopic", 2)
    debrief = build_debrief(state, "nl")
    weakest = weakest_value(state)
    assert weakest is not None
    variable = COMPILED.scenario.variable(weakest)
    assert variable.category != Category.HIER_EN_NU
    themes = [v.id for v in COMPILED.scenario.variables if v.category == Category.HIER_EN_NU]
    lowest_theme = min(themes, key=lambda vid: state.values[COMPILED.index[vid]])
    assert state.values[COMPILED.index[weakest]] < state.values[COMPILED.index[lowest_theme]]
    text = weakest_theme(debrief)
    assert text.startswith(f"{variable.name.nl} {number(state.values[COMPILED.index[weakest]])} ")
    # and a balanced game, whose weakest value is a theme, still names the screen's choice
    other = _play("balanced", 0)
    name = COMPILED.scenario.variable(weakest_value(other) or "").name.nl
    assert weakest_theme(build_debrief(other, "nl")).startswith(name)


def test_more_than_eight_teams_get_distinct_styles() -> None:
    styles = [charts.team_style(k) for k in range(40)]
    assert len(set(styles)) == 40
    assert len({marker for _, marker in styles[:13]}) == 13  # shape alone tells 13 apart
    assert tuple(styles[:8]) == charts.TEAM_STYLES  # the first eight as before


def test_the_legend_reads_in_team_order() -> None:
    debrief = build_debrief(_play("balanced", 1), "en")
    names = [f"Tafel {k}" for k in range(1, 11)]
    figure = charts.teams_chart([(name, debrief) for name in names])
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # lays the legend out
    legend = figure.legends[0]
    renderer = canvas.get_renderer()
    placed = []
    for text in legend.get_texts():
        box = text.get_window_extent(renderer)
        placed.append((-round(box.y0), box.x0, text.get_text()))
    read = [label for _, _, label in sorted(placed)]  # row by row, left to right
    assert read[1:] == [f"{k}. {name}" for k, name in enumerate(names, start=1)]
    markers = [(h.get_color(), h.get_marker()) for h in legend.legend_handles][1:]
    assert len(set(markers)) == len(names)


def test_rows_can_be_named_by_team_and_table() -> None:
    teams = [build_debrief(_play("balanced", s, team=""), "nl") for s in (1, 2)]
    rows = team_rows(teams, ["Groen · tafel 1", "Tafel 2"])
    assert [r.team for r in rows] == ["Groen · tafel 1", "Tafel 2"]


def test_one_save_is_not_a_comparison(tmp_path: Path) -> None:
    save = tmp_path / "tafel1.json"
    save.write_text(dumps(_play("balanced", 1)), encoding="utf-8")
    for lang in ("nl", "en"):
        result = runner.invoke(app, ["compare", str(save), "--out", str(tmp_path / "out"),
                                     "--lang", lang])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        expected = t("compare.needs_two", lang, path=save)
        assert " ".join(result.output.split()) == " ".join(expected.split())
        assert not (tmp_path / "out").exists()
