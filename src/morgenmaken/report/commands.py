"""The ``morgenmaken report`` and ``morgenmaken compare`` commands.

They live here, not in ``cli.py``, so the report work does not collide with other changes to
the command line; ``cli.py`` only calls :func:`register`. Everything a trainer can get wrong —
a missing file, a damaged save, a save whose scenario is unknown or has changed since — ends
in one clear line on stderr and exit status 1, never a traceback: these commands are run in a
hurry right after a session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from morgenmaken.command_line import DEFAULT_LANG, LangOption, SpokenCommand, exit_unless_language
from morgenmaken.engine import (
    CompiledScenario,
    GameState,
    SaveError,
    ScenarioChangedError,
    compile_scenario,
    load_data,
)
from morgenmaken.i18n import t
from morgenmaken.report.debrief import Comparison, Debrief, build_debrief
from morgenmaken.scenario.library import resolve, said, scenario_files
from morgenmaken.scenario.loader import ScenarioError, load_scenario
from morgenmaken.storage import (
    SAVE_LIMIT,
    UnreadableFile,
    decode_text,
    parse_json,
    read_user_file,
    write_all,
)

if TYPE_CHECKING:
    from morgenmaken.werksessie.model import Contrast
    from morgenmaken.werksessie.session import WorkSession

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class ReportInputError(Exception):
    """A problem with the user's input, already worded for the user (one line)."""


# --------------------------------------------------------------------------- loading saves
def _read_bytes(path: Path, lang: str) -> bytes:
    """The bytes of a file the user named, through the one guarded reader (a pipe, a device
    or a huge file is refused in one sentence instead of hanging the command)."""
    try:
        return read_user_file(path, SAVE_LIMIT)
    except UnreadableFile as error:
        if error.key == "file.missing":
            raise ReportInputError(t("cli.no_file", lang, path=path)) from None
        raise ReportInputError(t("cli.unreadable", lang, path=path,
                                 reason=error.reason(lang))) from None


def read_input(path: Path, lang: str) -> str:
    """The text of a file the user named (a save, a session), or a worded
    :class:`ReportInputError` saying it is missing or unreadable."""
    raw = _read_bytes(path, lang)
    try:
        parse_json(raw, path)  # deep nesting, NaN, huge numbers: one sentence, not a crash
        return decode_text(raw, path)
    except UnreadableFile as error:
        raise ReportInputError(t("cli.bad_save", lang, path=path,
                                 reason=error.reason(lang))) from None


def read_save(path: Path, lang: str) -> dict[str, Any]:
    """The JSON document of a save file, or a worded :class:`ReportInputError`."""
    raw = _read_bytes(path, lang)
    try:
        data = parse_json(raw, path)
    except UnreadableFile as error:
        raise ReportInputError(t("cli.bad_save", lang, path=path,
                                 reason=t("save.not_json", lang,
                                          reason=error.reason(lang)))) from None
    if not isinstance(data, dict) or not isinstance(data.get("scenario"), str):
        raise ReportInputError(t("cli.no_scenario_id", lang, path=path))
    return data


class ScenarioFinder:
    """Finds the scenario a save names, by id, loading each scenario file at most once.

    A save names its scenario by id, not by path (the game may have been played on another
    laptop); the shipped and user folders are searched, files named like the id first.
    """

    def __init__(self, given: str | None, lang: str) -> None:
        self.given = given
        self.lang = lang
        self._compiled: dict[Path, CompiledScenario | None] = {}

    def _load(self, path: Path) -> CompiledScenario | None:
        if path not in self._compiled:
            try:
                self._compiled[path] = compile_scenario(load_scenario(path))
            except ScenarioError:
                self._compiled[path] = None
        return self._compiled[path]

    def find(self, scenario_id: str, save_path: Path) -> CompiledScenario:
        """The compiled scenario with this id, or a worded :class:`ReportInputError`."""
        lang = self.lang
        if self.given is not None:
            try:
                path = resolve(self.given)
                compiled = compile_scenario(load_scenario(path))
            except FileNotFoundError as error:
                raise ReportInputError(t("cli.error", lang, message=said(error, lang))) \
                    from None
            except ScenarioError as error:
                first = error.diagnostics[0].shown(lang) if error.diagnostics else error
                raise ReportInputError(t("cli.error", lang, message=first)) from None
            if compiled.scenario.id != scenario_id:
                raise ReportInputError(t("cli.wrong_scenario", lang, path=save_path,
                                         saved=scenario_id, given=compiled.scenario.id))
            return compiled
        files = scenario_files()
        ordered = sorted(files, key=lambda p: p.stem != scenario_id)
        for path in ordered:
            found = self._load(path)
            if found is not None and found.scenario.id == scenario_id:
                return found
        known = ", ".join(sorted({c.scenario.id for p in files
                                  if (c := self._load(p)) is not None})) or t("none", lang)
        raise ReportInputError(t("cli.unknown_scenario", lang, path=save_path,
                                 scenario=scenario_id, known=known))


def load_game(path: Path, finder: ScenarioFinder, allow_changed: bool) -> GameState:
    """Replay a save file into a game, with every failure worded for the user."""
    return load_checked(path, finder, allow_changed)[0]


def load_checked(path: Path, finder: ScenarioFinder,
                 allow_changed: bool) -> tuple[GameState, bool]:
    """:func:`load_game`, and whether the game was replayed on a changed scenario (so the
    report can say so)."""
    lang = finder.lang
    data = read_save(path, lang)
    compiled = finder.find(str(data["scenario"])[:200], path)
    try:
        state = load_data(compiled, data, allow_changed=allow_changed)
    except ScenarioChangedError:
        raise ReportInputError(t("cli.scenario_changed", lang, path=path,
                                 scenario=compiled.scenario.id)) from None
    except SaveError as error:
        raise ReportInputError(t("cli.bad_save", lang, path=path,
                                 reason=error.reason(lang))) from None
    changed = data.get("content_hash") != compiled.content_hash
    if changed:
        err.print(t("cli.replayed_on_changed", lang, path=path, scenario=compiled.scenario.id),
                  markup=False)
    return state, changed


def load_games(paths: list[Path], lang: str = "nl", scenario: str | None = None,
               allow_changed: bool = False) -> tuple[list[tuple[Path, GameState]], list[str]]:
    """Every save that loads, and one worded line per save that does not.

    For a results folder at a LAB event (the comparison screen): one table's broken file
    should not hide the other tables' games.
    """
    finder = ScenarioFinder(scenario, lang)
    games: list[tuple[Path, GameState]] = []
    problems: list[str] = []
    for path in paths:
        try:
            games.append((path, load_game(path, finder, allow_changed)))
        except ReportInputError as error:
            problems.append(str(error))
    return games, problems


def load_folder(folder: Path, lang: str = "nl", scenario: str | None = None,
                allow_changed: bool = False) -> tuple[list[tuple[Path, GameState]], list[str]]:
    """The games saved in a folder (``*.json``, by name), as :func:`load_games`."""
    if not folder.is_dir():
        return [], [t("cli.no_file", lang, path=folder)]
    return load_games(sorted(folder.glob("*.json")), lang, scenario, allow_changed)


# --------------------------------------------------------------------------- writing
def write_report(debrief: Debrief, directory: Path, stem: str,
                 comparisons: Sequence[Comparison] = (),
                 progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
    """Write ``<stem>.pdf`` and ``<stem>.html`` for one game (with the team's "wat als?"
    comparisons); returns the paths, the PDF first.

    The charts are drawn first, once, and both documents embed the same drawings;
    `progress` hears (step, steps, what) before each step so a window can say how far it is.
    """
    from morgenmaken.report.charts import profile_png, timelines_png
    from morgenmaken.report.html import debrief_html
    from morgenmaken.report.pdf import debrief_pdf

    def step(number: int, what: str) -> None:
        if progress is not None:
            progress(number, 3, what)

    step(1, "charts")
    profile_png(debrief)
    for group in debrief.profile:
        timelines_png(debrief, group.category)
    step(2, "pdf")
    pdf = debrief_pdf(debrief, comparisons)
    step(3, "html")
    html = debrief_html(debrief, comparisons)
    return write_all([(directory / f"{stem}.pdf", pdf), (directory / f"{stem}.html", html)])


def write_comparison(debriefs: list[Debrief], directory: Path, stem: str = "compare",
                     labels: Sequence[str] | None = None) -> list[Path]:
    """Write ``compare.html`` and ``compare.pdf`` for several games; returns the paths.
    `labels` name the rows (the LAB hub names them by team and table)."""
    from morgenmaken.report.html import compare_html
    from morgenmaken.report.pdf import compare_pdf

    return write_all([(directory / f"{stem}.html", compare_html(debriefs, labels)),
                      (directory / f"{stem}.pdf", compare_pdf(debriefs, labels))])


def _check_lang(lang: str) -> None:
    """Exit 1 for a --lang that is not nl or en, as every command does."""
    exit_unless_language(lang, err)


def _fail(message: str) -> typer.Exit:
    err.print(message, markup=False)
    return typer.Exit(1)


OutOption = Annotated[Path, typer.Option("--out", "-o")]
ScenarioOption = Annotated[str | None, typer.Option("--scenario", "-s")]
ChangedOption = Annotated[bool, typer.Option("--allow-changed")]


def report_command(
    save: Annotated[Path, typer.Argument()],
    out_dir: OutOption = Path("."),
    lang: LangOption = DEFAULT_LANG,
    scenario: ScenarioOption = None,
    allow_changed: ChangedOption = False,
) -> None:
    """Write the debrief of a saved game as a PDF and a self-contained HTML file."""
    _check_lang(lang)
    try:
        state, changed = load_checked(save, ScenarioFinder(scenario, lang), allow_changed)
        debrief = replace(build_debrief(state, lang), replayed_on_changed=changed)
        paths = write_report(debrief, out_dir, save.stem)
    except ReportInputError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(t("cli.cannot_write", lang, path=out_dir,
                      reason=error.strerror or error)) from None
    for path in paths:
        out.print(t("cli.written", lang, path=path), markup=False)


def compare_command(
    saves: Annotated[list[Path], typer.Argument()],
    out_dir: OutOption = Path("."),
    lang: LangOption = DEFAULT_LANG,
    scenario: ScenarioOption = None,
    allow_changed: ChangedOption = False,
) -> None:
    """Put several teams' games side by side: scores, outcomes and profiles (PDF and HTML)."""
    _check_lang(lang)
    if len(saves) < 2:
        raise _fail(t("compare.needs_two", lang, path=saves[0] if saves else "spel.json"))
    finder = ScenarioFinder(scenario, lang)
    try:
        loaded = [load_checked(path, finder, allow_changed) for path in saves]
        ids = sorted({s.scenario.id for s, _ in loaded})
        if len(ids) > 1:
            raise ReportInputError(t("compare.mixed_scenarios", lang, scenarios=", ".join(ids)))
        paths = write_comparison([replace(build_debrief(s, lang), replayed_on_changed=changed)
                                  for s, changed in loaded], out_dir)
    except ReportInputError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(t("cli.cannot_write", lang, path=out_dir,
                      reason=error.strerror or error)) from None
    for path in paths:
        out.print(t("cli.written", lang, path=path), markup=False)


def _session_contrasts(session: WorkSession, scenario: str | None,
                       lang: str) -> list[Contrast] | None:
    """The comparison with the game's model for a plan whose measures name cards, or None
    (with one line saying why) when the plan's scenario cannot be loaded."""
    from morgenmaken.werksessie.model import model_contrasts

    if not any(measure.card for measure in session.plan.measures):
        return None
    name = scenario or session.plan.scenario
    try:
        loaded = load_scenario(resolve(name))
        return model_contrasts(session, loaded)
    except FileNotFoundError as error:
        reason = said(error, lang)
    except ScenarioError as error:
        reason = error.diagnostics[0].shown(lang) if error.diagnostics else str(error)
    except (KeyError, ValueError) as error:  # a scenario that changed under the plan
        reason = str(error)
    err.print(t("wsreport.cli.no_model", lang, reason=reason), markup=False)
    return None


def werksessie_report_command(
    session_file: Annotated[Path, typer.Argument()],
    out_dir: Annotated[Path, typer.Option("--out", "-o")] = Path("."),
    lang: LangOption = DEFAULT_LANG,
    scenario: Annotated[str | None, typer.Option("--scenario", "-s")] = None,
) -> None:
    """Write the report of a werksessie: a PDF, a self-contained HTML file and a CSV of
    every rating."""
    from morgenmaken.report.werksessie import write_session_report
    from morgenmaken.werksessie.session import SessionError, loads

    _check_lang(lang)
    try:
        session = loads(read_input(session_file, lang))
    except ReportInputError as error:
        raise _fail(str(error)) from None
    except SessionError as error:
        raise _fail(t("cli.error", lang, message=f"{session_file}: {error}")) from None
    contrasts = _session_contrasts(session, scenario, lang)
    try:
        paths = write_session_report(session, out_dir, lang, contrasts,
                                     stem=session_file.stem)
    except OSError as error:
        raise _fail(t("cli.cannot_write", lang, path=out_dir,
                      reason=error.strerror or error)) from None
    for path in paths:
        out.print(t("cli.written", lang, path=path), markup=False)


def register(app: typer.Typer) -> None:
    """Add ``report``, ``compare`` and ``werksessie-report`` to the ``morgenmaken`` command."""
    app.command(name="report", cls=SpokenCommand)(report_command)
    app.command(name="compare", cls=SpokenCommand)(compare_command)
    app.command(name="werksessie-report", cls=SpokenCommand)(werksessie_report_command)
