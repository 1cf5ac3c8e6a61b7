"""The command line: ``morgenmaken play | validate | schema | docs | simulate``.

Every command is a thin client of the scenario loader and the engine. Errors a user can cause
(a broken scenario, an unknown name) are printed as located messages with exit status 1, never
as a traceback.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from morgenmaken.command_line import (
    DEFAULT_LANG,
    HELP_VALUES,
    LangOption,
    SpokenCommand,
    SpokenGroup,
    error_markup,
    exit_unless_language,
)
from morgenmaken.engine import Decision
from morgenmaken.i18n import counted, t
from morgenmaken.lab_command import register as register_lab_command
from morgenmaken.report.commands import register as register_report_commands
from morgenmaken.scenario.library import resolve, said
from morgenmaken.scenario.loader import ScenarioError, check_scenario_file, load_scenario
from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.simulate import SimulationResult
from morgenmaken.sim.strategies import PANEL
from morgenmaken.werksessie.command import register as register_werksessie_command
from morgenmaken.werksessie.plan_loader import check_plan_file, is_plan_file, plan_summary

if TYPE_CHECKING:
    from morgenmaken.scenario.diagnostics import Diagnostic
    from morgenmaken.table.game_room import GameRoom
    from morgenmaken.table.lab_link import LabLink
    from morgenmaken.table.room import Serving

#: Every command's help and usage errors speak the chosen language (see command_line.py);
#: the help texts are in locale/cli.yaml, not here.
app = typer.Typer(add_completion=False, no_args_is_help=False, cls=SpokenGroup)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: The strategy panel's names, in its order (``--strategy all`` runs them all).
STRATEGY_NAMES = tuple(PANEL)

#: ``simulate --help`` lists the panel, one strategy a line, in the language of the help.
HELP_VALUES["strategies"] = lambda lang: "\n".join(
    f"{s.name}: {s.nl if lang == 'nl' else s.en}" for s in PANEL.values())


@app.callback()
def command_line(ctx: typer.Context, lang: LangOption = DEFAULT_LANG) -> None:
    """``morgenmaken --lang en COMMAND``: the language before the command is the command's
    too (click's defaults for a subcommand, so the command's own ``--lang`` still wins)."""
    _check_lang(lang)
    ctx.default_map = {name: {"lang": lang} for name in getattr(ctx.command, "commands", {})}


def _check_lang(lang: str) -> None:
    """Exit 1 for a --lang that is not nl or en, as every command does."""
    exit_unless_language(lang, err)


def _load(name: str, lang: str = DEFAULT_LANG) -> Scenario:
    """Load a scenario by path or name, or exit 1 with every located error (in `lang`)."""
    try:
        return load_scenario(resolve(name))
    except FileNotFoundError as error:
        _fail(said(error, lang), lang)
    except ScenarioError as error:
        for diagnostic in error.diagnostics:
            err.print(diagnostic.shown(lang), markup=False)
        count = len(error.diagnostics)
        err.print(t(counted("scn.cli.not_loaded", count), lang, count=count), markup=False)
        raise typer.Exit(1) from None


def _fail(message: str, lang: str) -> NoReturn:
    """Print ``fout: message`` (``error: ...``) on stderr in `lang` and exit 1."""
    err.print(error_markup(message, lang))
    raise typer.Exit(1)


def _cannot_write(path: Path, error: OSError, lang: str) -> NoReturn:
    """Exit 1 saying `path` could not be written and why (the system's reason, not a
    traceback): the one wording of every command that writes a file."""
    _fail(t("cli.cannot_write", lang, path=path, reason=error.strerror or error), lang)


def summary_line(scenario: Scenario, lang: str = "en") -> str:
    """One line describing a scenario's size, as `validate` prints it."""
    last_year = scenario.year_of_round(scenario.rounds) + scenario.years_per_round
    counts = {"variables": len(scenario.variables), "roles": len(scenario.roles),
              "cards": len(scenario.cards), "events": len(scenario.events),
              "rounds": scenario.rounds}
    nouns = {noun: t(counted(f"scn.cli.count.{noun}", count), lang, count=count)
             for noun, count in counts.items()}
    return t("scn.cli.summary", lang, title=scenario.title.get(lang), **nouns,
             start=scenario.start_year, end=last_year)


@app.command(cls=SpokenCommand)
def validate(
    files: Annotated[list[Path], typer.Argument()],
    strict: Annotated[bool, typer.Option("--strict")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Check scenario files and werksessie plans; print every error and warning as
    path:line:column: message.

    A file is checked as a plan when it lies in a 'plans' folder or lists 'measures:' and no
    'cards:'. Exit 1 when a file has errors (or, with --strict, warnings); warnings alone
    exit 0, because the scenario plays.
    """
    _check_lang(lang)
    failed = 0
    for path in (_shipped_or_given(file) for file in files):
        summary: str | None
        if is_plan_file(path):
            plan, diagnostics = check_plan_file(path)
            summary = plan_summary(plan, lang) if plan is not None else None
        else:
            scenario, diagnostics = check_scenario_file(path)
            summary = summary_line(scenario, lang) if scenario is not None else None
        for diagnostic in diagnostics:
            out.print(diagnostic.shown(lang), markup=False)
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        warned = t(counted("scn.cli.warnings", warnings), lang, count=warnings) \
            if warnings else ""
        if summary is None:
            failed += 1
            out.print(t(counted("scn.cli.failed", errors), lang, path=path, count=errors,
                        warnings=warned), markup=False)
            continue
        failed += bool(strict and warnings)
        out.print(t("scn.cli.ok", lang, path=path, summary=summary, warnings=warned),
                  markup=False)
    if failed:
        raise typer.Exit(1)


def _shipped_or_given(path: Path) -> Path:
    """`path`, or the shipped scenario or plan of that name when no such file exists
    (``validate kansengelijkheid``, as ``simulate kansengelijkheid``); a name nothing answers
    to stays as given, so the check says the file does not exist."""
    if path.exists() or path.suffix or len(path.parts) != 1:
        return path
    from morgenmaken.werksessie.plan_loader import resolve_plan

    for find in (resolve, resolve_plan):
        try:
            return find(str(path))
        except FileNotFoundError:
            continue
    return path


@app.command(cls=SpokenCommand)
def schema(
    output: Annotated[Path | None, typer.Option("--out", "-o")] = None,
    plan: Annotated[bool, typer.Option("--plan")] = False,
    for_file: Annotated[Path | None, typer.Option("--for")] = None,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Print the JSON Schema of the scenario format (or, with --plan, of the werksessie plan
    format; with --for FILE, of that one scenario), for editor autocompletion."""
    from morgenmaken.scenario.schema import scenario_schema
    from morgenmaken.werksessie.plan import plan_schema

    _check_lang(lang)
    if plan:
        document = plan_schema(lang)
    elif for_file is not None:
        document = _schema_for_file(for_file, lang)
    else:
        document = scenario_schema(lang)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            _cannot_write(output, error, lang)
        err.print(t("cmd.schema.written", lang, path=output), markup=False)


def _schema_for_file(path: Path, lang: str = DEFAULT_LANG) -> dict[str, object]:
    """The --for schema of a scenario file, or exit 1 when the file cannot be read as YAML
    (a schema needs the file's ids; every other error is left to the editor and validate)."""
    from morgenmaken.scenario.schema import schema_for

    data, problems = _scenario_mapping(path)
    if data is None:
        for diagnostic in problems:
            err.print(diagnostic.shown(lang), markup=False)
        _fail(t("cmd.schema.needs_yaml", lang), lang)
    return schema_for(data, lang)  # type: ignore[arg-type]


def _scenario_mapping(path: Path) -> tuple[object, list[Diagnostic]]:
    """The top-level mapping of a scenario file as YAML data (None when the file cannot be
    read or is not YAML) and the problems that stopped it: what a --for schema is made of,
    read the same way by ``schema --for`` and ``watch --schema``."""
    from morgenmaken.scenario.loader import read_mapping, read_text_file

    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    _, data, problems = read_mapping(text, str(path), kind="scenario", start="'id: ...'",
                                     fields="'id: ...', 'variables: ...', ...")
    return data, problems


@app.command(cls=SpokenCommand)
def docs(
    output: Annotated[Path | None, typer.Option("--out", "-o")] = None,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Print the field reference of the scenario format (Markdown), made from the models,
    in --lang (docs/referentie.md is the Dutch one, docs/reference.md the English)."""
    from morgenmaken.scenario.reference import field_reference

    _check_lang(lang)
    text = field_reference(lang)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _cannot_write(output, error, lang)
        err.print(t("cmd.docs.written", lang, path=output), markup=False)


def _check_players(scenario: Scenario, players: int, lang: str) -> None:
    """Exit 1 when the scenario is not for this many players (simulate's two ways alike)."""
    if not scenario.min_players <= players <= scenario.max_players:
        _fail(t("cmd.sim.players", lang, low=scenario.min_players, high=scenario.max_players),
              lang)


def _fixed_plan(scenario: Scenario, games: int, seed: int, players: int, lang: str) -> None:
    """Search the best fixed plan and say what it means for the lesson: a scenario whose one
    plan wins whatever the news has a single right answer, which any adder may stumble on."""
    from morgenmaken.engine import compile_scenario
    from morgenmaken.sim.fixed_plan import best_fixed_plan
    from morgenmaken.sim.strategies import BARS
    from morgenmaken.wording import number

    err.print(t("cmd.sim.fixed.searching", lang, games=games), markup=False)
    found = best_fixed_plan(compile_scenario(scenario), games, seed, players)
    titles = {card.id: card.title.get(lang) for card in scenario.cards}
    wins = round(found.win_rate * games)
    out.print(t("cmd.sim.fixed.found", lang, wins=wins, games=games,
                share=number(found.win_rate * 100, 1, lang)), markup=False)
    for rnd in range(1, scenario.rounds + 1):
        cards = found.plan.cards_in(rnd)
        shown = ", ".join(titles[c] for c in cards) if cards else t("cmd.sim.fixed.none", lang)
        out.print(t("cmd.sim.fixed.round", lang, round=rnd, cards=shown), markup=False)
    ceiling = BARS["naive"][1]
    assert ceiling is not None
    verdict = "one_answer" if found.win_rate > ceiling else "news_decides"
    out.print(t(f"cmd.sim.fixed.{verdict}", lang, bar=number(ceiling * 100, 0, lang)),
              markup=False)


def _print_result(result: SimulationResult, lang: str = DEFAULT_LANG) -> None:
    """One strategy's figures as a table, its labels and numbers in `lang` (decimal comma
    in Dutch)."""
    from morgenmaken.wording import number

    def said_number(value: float, decimals: int = 1) -> str:
        return number(value, decimals, lang)

    q1, q2, q3 = result.score_quartiles()
    table = Table(title=t("cmd.sim.title", lang, name=result.strategy), show_header=False)
    table.add_row(t("cmd.sim.games", lang), str(result.games))
    table.add_row(t("cmd.sim.wins", lang),
                  f"{result.wins} ({said_number(result.win_rate * 100)}%)")
    table.add_row(t("cmd.sim.mean_score", lang), said_number(result.mean_score))
    table.add_row(t("cmd.sim.quartiles", lang),
                  " / ".join(said_number(q) for q in (q1, q2, q3)))
    table.add_row(t("cmd.sim.range", lang),
                  f"{said_number(min(result.scores))} – {said_number(max(result.scores))}")
    table.add_row(t("cmd.sim.mean_rounds", lang), said_number(result.mean_rounds, 2))
    causes = result.collapse_causes()
    table.add_row(t("cmd.sim.collapses", lang),
                  ", ".join(f"{cause} ×{n}" for cause, n in causes[:5])
                  if causes else t("cmd.sim.no_collapses", lang))
    out.print(table)
    out.print(_histogram(result.scores), markup=False)


def _histogram(scores: list[float], width: int = 40) -> str:
    """A text histogram of scores in bins of 5 points."""
    if not scores:
        return ""
    bins: dict[int, int] = {}
    for score in scores:
        bins[int(score // 5) * 5] = bins.get(int(score // 5) * 5, 0) + 1
    top = max(bins.values())
    return "\n".join(f"{low:3d}-{low + 5:<3d} {'#' * max(1, round(n / top * width))} {n}"
                     for low, n in sorted(bins.items()))


@app.command(name="simulate", cls=SpokenCommand)
def simulate_command(
    scenario_name: Annotated[str, typer.Argument()],
    games: Annotated[int, typer.Option(min=1)] = 100,
    strategy: Annotated[str | None, typer.Option()] = None,
    seed: Annotated[int, typer.Option()] = 0,
    players: Annotated[int, typer.Option(min=2, max=6)] = 4,
    decision: Annotated[Decision, typer.Option()] = Decision.CONSENSUS,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
    report: Annotated[Path | None, typer.Option("--report")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    save_dir: Annotated[Path | None, typer.Option("--save-dir")] = None,
    fixed_plan: Annotated[bool, typer.Option("--fixed-plan")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Play games headless with bots on every core; print win rate, scores and collapses,
    and with --report write the balance report."""
    _check_lang(lang)
    if fixed_plan:
        scenario = _load(scenario_name, lang)
        _check_players(scenario, players, lang)
        _fixed_plan(scenario, games, seed, players, lang)
        return
    if strategy is None:
        strategy = "all" if report is not None else "balanced"
    strategies = STRATEGY_NAMES if strategy == "all" else (strategy,)
    for name in strategies:
        if name not in STRATEGY_NAMES:
            _fail(t("cmd.sim.unknown_strategy", lang, name=name,
                    names=", ".join(STRATEGY_NAMES)), lang)
    scenario = _load(scenario_name, lang)
    _check_players(scenario, players, lang)
    from morgenmaken.sim.balance import aggregate
    from morgenmaken.sim.parallel import results_of, run_games_with_progress
    from morgenmaken.sim.report import write_reports

    records = run_games_with_progress(err, scenario, strategies, games, seed, players,
                                      decision, workers)
    results = [results_of(name, records[name]) for name in strategies]
    if not as_json:
        for result in results:
            _print_result(result, lang)
    if report is not None:
        from morgenmaken.sim.balance import idle_scores

        idle = ([] if "nothing" in strategies else
                idle_scores(scenario, range(seed, seed + min(games, 50)), players))
        figures = aggregate(scenario, [r for name in strategies for r in records[name]],
                            players=players, decision=decision.value, idle=idle)
        try:
            written = write_reports(figures, scenario, report, lang)
        except OSError as error:
            _cannot_write(report, error, lang)
        err.print(t("cmd.sim.report_written", lang, markdown=written[0], html=written[1]),
                  markup=False)
    if as_json:
        for result in results:
            sys.stdout.write(json.dumps(result.to_json()) + "\n")
    if save_dir is not None:
        from morgenmaken.report.examples import write_saves

        try:
            for name in strategies:
                write_saves(scenario, name, games, save_dir, seed, players, decision)
        except OSError as error:
            _cannot_write(save_dir, error, lang)
        err.print(t("cli.saves_written", lang, count=games * len(strategies), path=save_dir),
                  markup=False)


@app.command(cls=SpokenCommand)
def watch(
    file: Annotated[Path, typer.Argument()],
    games: Annotated[int, typer.Option(min=1)] = 100,
    seed: Annotated[int, typer.Option()] = 0,
    interval: Annotated[float, typer.Option(min=0.1)] = 1.0,
    schema_out: Annotated[Path | None, typer.Option("--schema")] = None,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Re-validate a scenario every time it is saved and print the panel's win rates from a
    quick run; stop with Ctrl-C."""
    from morgenmaken.sim.balance import panel
    from morgenmaken.sim.watch import FileWatch, check_once

    _check_lang(lang)
    strategies = [entry.name for entry in panel()]
    watcher = FileWatch(file)
    err.print(t("cmd.watch.watching", lang, path=file), markup=False)
    try:
        while True:
            if watcher.changed():
                if schema_out is not None:
                    _write_file_schema(file, schema_out, lang)
                result = check_once(file, strategies, games, seed, workers, lang=lang)
                for line in result.lines:
                    out.print(line, markup=False)
                err.print(t("cmd.watch.waiting", lang), markup=False)
            time.sleep(interval)
    except KeyboardInterrupt:
        err.print(t("cmd.watch.stopped", lang), markup=False)


def _write_file_schema(file: Path, target: Path, lang: str = DEFAULT_LANG) -> None:
    """Write the --for schema of `file`; an unreadable file keeps the last schema."""
    from morgenmaken.scenario.schema import schema_for

    data, _ = _scenario_mapping(file)
    if data is None:
        return
    document = schema_for(data, lang)  # type: ignore[arg-type]
    try:
        target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    except OSError as error:
        err.print(t("cli.cannot_write", lang, path=target, reason=error.strerror or error),
                  markup=False)


@app.command(cls=SpokenCommand)
def play(
    scenario_name: Annotated[str, typer.Option("--scenario", "-s")] = "drenthe",
    players: Annotated[list[str] | None, typer.Option("--player", "-p")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    lang: LangOption = DEFAULT_LANG,
    text: Annotated[bool, typer.Option("--text")] = False,
    vote: Annotated[bool, typer.Option("--vote")] = False,
    demo: Annotated[bool, typer.Option("--demo")] = False,
    screenshots: Annotated[Path | None, typer.Option("--screenshots")] = None,
    seconds: Annotated[float | None, typer.Option("--seconds", min=0)] = None,
    moves: Annotated[int | None, typer.Option("--moves", min=1)] = None,
    pace: Annotated[float, typer.Option("--pace", min=0)] = 1.6,
    size: Annotated[str, typer.Option("--size")] = "1280x800",
    fullscreen: Annotated[bool, typer.Option("--fullscreen")] = False,
    mute: Annotated[bool, typer.Option("--mute")] = False,
    lab: Annotated[str | None, typer.Option("--lab")] = None,
    table: Annotated[str | None, typer.Option("--table")] = None,
) -> None:
    """Play a game: in the game window, or with --text in the terminal."""
    _check_lang(lang)
    if text and lab is not None:
        err.print(t("lab.cli.text_no_lab", lang), markup=False)
        raise typer.Exit(1)
    if text:
        from morgenmaken.clients.text import run_text_game

        scenario = _load(scenario_name, lang)
        run_text_game(scenario, players or [], seed, lang, out,
                      Decision.VOTE if vote else Decision.CONSENSUS)
        return
    from morgenmaken.ui.app import Options, run_game
    from morgenmaken.ui.layout import parse_size
    from morgenmaken.werksessie.command import serve_phones

    try:
        width, height = parse_size(size)
    except ValueError:
        _fail(t("cmd.bad_size", lang, size=size), lang)

    link = _lab_link(lab, table, lang) if lab is not None else None
    options = Options(size=(width, height), fullscreen=fullscreen, lang=lang,
                      scenario=scenario_name, players=list(players or []), seed=seed,
                      vote=vote, demo=demo, screenshots=screenshots, seconds=seconds,
                      moves=moves, pace=pace, serve=serve_phones,
                      serve_game=serve_game_phones, mute=mute,
                      lab=link, lab_address=link.address.url if link is not None else "")
    try:
        code = run_game(options)
    finally:
        if link is not None:
            link.close()  # the last decision on its way, if the hub is there
    if code:
        raise typer.Exit(code)


def serve_game_phones(room: GameRoom) -> Serving:
    """The web server for a game table with phones, imported only when a team starts them
    (the window opens as fast as before, and never imports the server itself)."""
    from morgenmaken.web.server import serve_game
    return serve_game(room)


def _lab_link(address: str, table: str | None, lang: str) -> LabLink:
    """The link that sends this table's game to the LAB hub, started; exit 1 on an address
    that is not a hub's."""
    import socket

    from morgenmaken.table.lab_link import LabAddressError, LabLink

    try:
        link = LabLink(address, (table or socket.gethostname() or "Tafel").strip()[:40])
    except LabAddressError:
        err.print(t("lab.cli.bad_address", lang, address=address), markup=False)
        raise typer.Exit(1) from None
    err.print(t("lab.cli.joined", lang, url=link.address.url, table=link.name), markup=False)
    return link.start()


register_report_commands(app)
register_lab_command(app)
register_werksessie_command(app)


def main() -> None:
    """Entry point of the ``morgenmaken`` command; ``play`` when no command is given."""
    if len(sys.argv) == 1:
        sys.argv.append("play")
    app()


if __name__ == "__main__":
    main()
