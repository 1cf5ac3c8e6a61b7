"""``morgenmaken werksessie``: open the game window straight into the werksessie set-up.

A facilitator preparing a session names the plan on the command line (a file or a shipped
name such as ``voorbeeldplan``), or a scenario and its cards. Everything that can be wrong with
those — an unknown name, a plan with errors, a card the scenario does not have — is printed
as located lines with exit status 1 *before* any window opens, so a broken plan never reaches
the projector. Kept out of ``cli.py`` (which only calls :func:`register`) so work on the other
commands does not collide with this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from morgenmaken.command_line import (
    DEFAULT_LANG,
    LangOption,
    SpokenCommand,
    error_markup,
    exit_unless_language,
)
from morgenmaken.i18n import t
from morgenmaken.scenario.library import said

if TYPE_CHECKING:
    from morgenmaken.table.room import Room, Serving

err = Console(stderr=True, highlight=False, soft_wrap=True)


class CommandError(Exception):
    """A problem with the arguments, worded for the user (one or more lines)."""


@dataclass
class Start:
    """What the set-up screen opens with."""

    plan_path: Path | None = None
    scenario_path: Path | None = None
    cards: list[str] = field(default_factory=list)


def check_arguments(plan: str | None, scenario: str | None, cards: list[str],
                    lang: str = "en") -> Start:
    """Resolve and check everything the window would need; CommandError says what is wrong
    (a plan's or scenario's errors one per line, as ``path:line:column: message``, in
    `lang`)."""
    from morgenmaken.werksessie.plan_loader import (
        PlanError,
        check_plan_file,
        prepare_plan,
        resolve_plan,
    )
    if plan and scenario:
        raise CommandError(t("cmd.ws.not_both", lang))
    if cards and not scenario:
        raise CommandError(t("cmd.ws.card_needs_scenario", lang))
    if plan:
        try:
            path = resolve_plan(plan)
        except FileNotFoundError as error:
            raise CommandError(said(error, lang)) from None
        loaded, diagnostics = check_plan_file(path)
        errors = [d.shown(lang) for d in diagnostics if d.severity == "error"]
        if loaded is None or errors:
            raise CommandError("\n".join(errors) or t("cmd.ws.plan_unloadable", lang, path=path))
        try:
            prepare_plan(loaded, str(path))
        except PlanError as error:
            raise CommandError("\n".join(d.shown(lang) for d in error.diagnostics)
                               or str(error)) from None
        return Start(plan_path=path)
    if scenario:
        from morgenmaken.scenario.library import resolve
        from morgenmaken.scenario.loader import ScenarioError, load_scenario
        try:
            scenario_path = resolve(scenario)
            loaded_scenario = load_scenario(scenario_path)
        except FileNotFoundError as error:
            raise CommandError(said(error, lang)) from None
        except ScenarioError as error:
            raise CommandError("\n".join(d.shown(lang) for d in error.diagnostics)
                               or str(error)) from None
        known = [card.id for card in loaded_scenario.cards]
        unknown = [card for card in cards if card not in known]
        if unknown:
            raise CommandError(t("cmd.ws.no_card", lang, path=scenario_path,
                                 unknown=", ".join(f"'{c}'" for c in unknown),
                                 known=", ".join(known)))
        return Start(scenario_path=scenario_path, cards=list(dict.fromkeys(cards)))
    return Start()


def werksessie_command(
    plan: Annotated[str | None, typer.Argument()] = None,
    from_scenario: Annotated[str | None, typer.Option("--from-scenario")] = None,
    card: Annotated[list[str] | None, typer.Option("--card")] = None,
    lang: LangOption = DEFAULT_LANG,
    size: Annotated[str, typer.Option("--size")] = "1280x800",
    fullscreen: Annotated[bool, typer.Option("--fullscreen")] = False,
) -> None:
    """Open a werksessie: a team weighs the measures of a plan on brede welvaart."""
    from morgenmaken.ui.layout import parse_size

    exit_unless_language(lang, err)
    try:
        try:
            window = parse_size(size)
        except ValueError:
            raise CommandError(t("cmd.bad_size", lang, size=size)) from None
        start = check_arguments(plan, from_scenario, list(card or []), lang)
    except CommandError as error:
        for line in str(error).splitlines():
            err.print(error_markup(line, lang))
        raise typer.Exit(1) from None
    code = run_werksessie(start, window, lang, fullscreen)
    if code:
        raise typer.Exit(code)


def run_werksessie(start: Start, size: tuple[int, int], lang: str, fullscreen: bool) -> int:
    """The window, opened on the set-up screen; without a screen, a sentence and exit 1."""
    from morgenmaken.ui.app import Options, run_game
    from morgenmaken.ui.scenes.ws_setup import WsSetupScene

    return run_game(Options(size=size, fullscreen=fullscreen, lang=lang, serve=serve_phones),
                    lambda app: WsSetupScene(app, plan_path=start.plan_path,
                                             scenario_path=start.scenario_path,
                                             cards=start.cards or None),
                    no_display="ws.no_display")


def serve_phones(room: Room) -> Serving:
    """The web server for a session with phones, imported only when one starts (so the
    window opens as fast as before); the window is handed this, never the server itself."""
    from morgenmaken.web.server import serve_room
    return serve_room(room)


def register(app: typer.Typer) -> None:
    """Add ``werksessie`` to the ``morgenmaken`` command."""
    app.command(name="werksessie", cls=SpokenCommand)(werksessie_command)
