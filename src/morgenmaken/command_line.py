"""What every command of the command line shares: the language its help and its usage errors
speak, and one answer to a wrong ``--lang`` instead of a copy per command that can drift.

Typer (and click under it) word their own parts in English: "Usage:", "Missing argument",
"[default: nl]", panel titles, and type names such as ``<bool>`` or ``<list[Path]>`` that only
a programmer reads. The commands of ``morgenmaken`` use :class:`SpokenGroup` and
:class:`SpokenCommand` instead, which know the language before anything is printed (from
``--lang`` anywhere on the command line, else ``MORGENMAKEN_LANG``, else Dutch) and say all of
it from ``locale/cli.yaml``: the help of every command and option, the usage line, and a
usage error, said from the exception's own fields (which parameter, which option, which
value) rather than from its English sentence. Only click's public shape is relied on (the
exception class names and fields, ``Command.format_help``/``format_usage``, parameters'
``opts``, ``required``, ``is_flag``); tests/test_cli_language.py fails if a Typer release
changes that shape.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from difflib import get_close_matches
from enum import Enum
from functools import cache
from pathlib import PurePath
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from morgenmaken.i18n import LANGUAGES, counted, keys, said, t

#: The environment variable that chooses the language when ``--lang`` is not given.
LANG_ENV = "MORGENMAKEN_LANG"
#: The language when neither ``--lang`` nor :data:`LANG_ENV` chooses one.
DEFAULT_LANG = "nl"
#: ``--lang`` as every command takes it (nl or en; MORGENMAKEN_LANG when not given).
LangOption = Annotated[str, typer.Option("--lang", envvar=LANG_ENV, show_envvar=False)]

#: The language the command line speaks in the current call (set by :class:`SpokenGroup`).
_SPOKEN: ContextVar[str] = ContextVar("morgenmaken_cli_language", default=DEFAULT_LANG)

#: click's base of every error it reports to the user, found through Typer's public
#: ``BadParameter`` (Typer 0.29 carries its own copy of click, older releases use click's).
ClickException: type[Exception] = next(
    base for base in typer.BadParameter.__mro__ if base.__name__ == "ClickException")


def exit_unless_language(lang: str, err: Console) -> None:
    """Exit 1 for a --lang that is not nl or en, said on `err` in Dutch (the language asked
    for is the one unknown, so the message cannot be in it)."""
    if lang not in LANGUAGES:
        err.print(t("cli.error", "nl", message=t("cli.bad_lang", "nl", env=LANG_ENV)),
                  markup=False)
        raise typer.Exit(1)


def error_markup(message: str, lang: str) -> str:
    """``fout: message`` (``error: ...``) as rich markup, the prefix in bold red and the
    message escaped, so a path or a user's text with ``[brackets]`` prints as written."""
    from rich.markup import escape

    return f"[bold red]{escape(t('cli.error', lang, message=''))}[/]{escape(message)}"


def language_of(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its last ``--lang X`` or ``--lang=X`` (as click
    takes the last), else :data:`LANG_ENV`, else Dutch. A value that is no language counts as
    none here: the command itself answers it with its clear error, in Dutch."""
    chosen: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang":
            chosen = args[index + 1] if index + 1 < len(args) else None
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    if chosen is None:
        chosen = (os.environ if environ is None else environ).get(LANG_ENV)
    return chosen if chosen in LANGUAGES else DEFAULT_LANG


def spoken_language() -> str:
    """The language of the command line being run (Dutch outside a run)."""
    return _SPOKEN.get()


# --------------------------------------------------------------------------- the words
def _first_key(*candidates: str) -> str | None:
    known = _known_keys()
    return next((key for key in candidates if key in known), None)


@cache
def _known_keys() -> frozenset[str]:
    return frozenset(keys())


def command_help(name: str | None, lang: str) -> str:
    """The help of command `name` (None: of ``morgenmaken`` itself), paragraphs split by a
    blank line; the first is its line in the list of commands."""
    return t(f"cli.help.cmd.{name or 'app'}", lang, **help_values(lang))


def parameter_help(command: str | None, parameter: str, lang: str) -> str:
    """The help of a parameter: its own (``cli.help.<command>.<name>``), else the one every
    command shares (``cli.help.any.<name>``: ``--lang``, ``--help``). A parameter without
    either raises KeyError, so a test catches an option added without words."""
    key = _first_key(f"cli.help.{command or 'app'}.{parameter}", f"cli.help.any.{parameter}")
    if key is None:
        raise KeyError(f"no help for {command} {parameter}: add cli.help.{command}."
                       f"{parameter} to locale/cli.yaml")
    return t(key, lang, **help_values(lang), env=LANG_ENV)


def value_word(command: str | None, parameter: str, lang: str) -> str:
    """What an option takes or an argument is, in capitals (``AANTAL``, ``BESTANDEN``), from
    ``cli.value.<command>.<name>``, else ``cli.value.any.<name>``."""
    key = _first_key(f"cli.value.{command or 'app'}.{parameter}", f"cli.value.any.{parameter}")
    if key is None:
        raise KeyError(f"no value word for {command} {parameter}: add cli.value.{command}."
                       f"{parameter} to locale/cli.yaml")
    return t(key, lang)


#: Values some help texts name, by placeholder; set by the program that knows them (the
#: strategy panel is the simulator's, not this module's).
HELP_VALUES: dict[str, Callable[[str], str]] = {}


def help_values(lang: str) -> dict[str, str]:
    """The placeholders of help texts said in `lang` (each value a function of the
    language)."""
    return {name: value(lang) for name, value in HELP_VALUES.items()}


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False))


def _param_name(command: str | None, param: Any, lang: str) -> str:
    """A parameter as a message names it: an argument by its word, an option as typed."""
    if _is_argument(param):
        return value_word(command, param.name, lang)
    return str(max(param.opts, key=len))


def _shown_default(param: Any, lang: str) -> str | None:
    """The default an option's help names, or None: none for a flag, nothing, an empty list,
    or an option an environment variable sets (its help says so)."""
    default = param.default
    if _is_argument(param) or _is_flag(param) or param.envvar or callable(default):
        return None
    if default is None or default in ((), []):
        return None
    if isinstance(default, Enum):
        return str(default.value)
    if isinstance(default, PurePath):
        return str(default)
    return str(said(default, lang))


# --------------------------------------------------------------------------- usage and help
def usage_line(command: Any, ctx: Any, lang: str) -> str:
    """``Gebruik: morgenmaken validate [OPTIES] BESTANDEN...`` in `lang`."""
    name = ctx.command.name if ctx.parent is not None else None
    pieces = [ctx.command_path, t("cli.usage.options", lang)]
    for param in command.params:
        if _is_argument(param) and not getattr(param, "hidden", False):
            word = value_word(name, param.name, lang)
            word += "..." if param.nargs != 1 else ""
            pieces.append(word if param.required else f"[{word}]")
    if isinstance(command, TyperGroup):
        pieces.append(t("cli.usage.command", lang))
    return f"{t('cli.usage', lang)} {' '.join(pieces)}"


def _parameters_panel(title: str, rows: list[tuple[str, str, str, str]]) -> Panel:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold red", width=1)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(style="yellow", no_wrap=True)
    table.add_column(ratio=1)
    for marker, names, word, text in rows:
        table.add_row(marker, names, word, Text(text))
    return Panel(table, title=title, title_align="left", border_style="dim")


def print_help(command: Any, ctx: Any) -> None:
    """The help of `command` in the language of this run, on stdout."""
    lang = spoken_language()
    name = command.name if ctx.parent is not None else None
    console = Console(highlight=False)
    first, *rest = command_help(name, lang).split("\n\n")
    parts: list[Any] = [Padding(Text(usage_line(command, ctx, lang), style="yellow"), 1),
                        Padding(Text(first, style="bold"), (0, 1, 1, 1))]
    if rest:
        parts.append(Padding(Text("\n\n".join(rest), style="dim"), (0, 1, 1, 1)))
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        text = parameter_help(name, param.name, lang)
        default = _shown_default(param, lang)
        if default is not None:
            text += " " + t("cli.default", lang, value=default)
        if param.required:
            text += " " + t("cli.required", lang)
        marker = "*" if param.required else ""
        if _is_argument(param):
            arguments.append((marker, value_word(name, param.name, lang), "", text))
        else:
            word = "" if _is_flag(param) else value_word(name, param.name, lang)
            options.append((marker, ", ".join([*param.opts, *param.secondary_opts]), word,
                            text))
    if arguments:
        parts.append(_parameters_panel(t("cli.panel.arguments", lang), arguments))
    if options:
        parts.append(_parameters_panel(t("cli.panel.options", lang), options))
    if isinstance(command, TyperGroup):
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(ratio=1)
        for sub in command.list_commands(ctx):
            if not command.commands[sub].hidden:
                table.add_row(sub, Text(command_help(sub, lang).split("\n\n")[0]))
        parts.append(Panel(table, title=t("cli.panel.commands", lang), title_align="left",
                           border_style="dim"))
    console.print(Group(*parts))


# --------------------------------------------------------------------------- usage errors
def _bad_value_reason(error: Any, lang: str) -> str | None:
    """Why a value was refused, from the validation error Typer 0.29 keeps as the cause
    (its type, the input and the bound), or None when there is none to read."""
    cause = error.__cause__
    problems = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if not problems:
        return None
    problem = problems[0]
    value, bounds = problem.get("input"), problem.get("ctx") or {}
    kind = problem.get("type", "")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return t("cli.click.not_whole", lang, value=value)
    if kind in ("float_parsing", "float_type", "finite_number"):
        return t("cli.click.not_number", lang, value=value)
    for bound, key in (("ge", "at_least"), ("le", "at_most"), ("gt", "more_than"),
                       ("lt", "less_than")):
        if bound in bounds:
            return t(f"cli.click.{key}", lang, limit=said(bounds[bound], lang), value=value)
    default = getattr(error.param, "default", None)
    if isinstance(default, Enum):
        choices = [str(member.value) for member in type(default)]
        return t("cli.click.choose", lang, value=value,
                 choices=t("cli.click.or", lang, first=", ".join(choices[:-1]),
                           last=choices[-1]))
    return t("cli.click.not_valid", lang, value=value)


def said_usage_error(error: Any, lang: str) -> str:
    """A usage error of click in `lang`, worded from its fields (its English sentence only
    for an error of a kind this does not know)."""
    kinds = {base.__name__ for base in type(error).__mro__}
    ctx = getattr(error, "ctx", None)
    command = ctx.command.name if ctx is not None and ctx.parent is not None else None
    param = getattr(error, "param", None)
    message = str(getattr(error, "message", "") or "")
    if "MissingParameter" in kinds and param is not None:
        key = "cli.click.missing_argument" if _is_argument(param) else \
            "cli.click.missing_option"
        return t(key, lang, name=_param_name(command, param, lang))
    if "BadParameter" in kinds and param is not None:
        reason = _bad_value_reason(error, lang)
        if reason is None:  # click's own wording, English whatever the language
            reason = message if lang == "en" else t("cli.click.bad_value_plain", lang)
        return t("cli.click.bad_value", lang, name=_param_name(command, param, lang),
                 reason=reason)
    if "NoSuchOption" in kinds:
        text = t("cli.click.no_such_option", lang, name=error.option_name)
        possibilities = sorted(getattr(error, "possibilities", None) or [])
        if possibilities:
            text += " " + t("cli.click.did_you_mean", lang, names=", ".join(possibilities))
        return text
    if "BadOptionUsage" in kinds:
        key = "cli.click.takes_no_value" if "does not take" in message else \
            "cli.click.needs_value"
        return t(key, lang, name=error.option_name)
    if message.startswith("No such command") and ctx is not None:
        typed = message.split("'")[1] if message.count("'") >= 2 else ""
        text = t("cli.click.no_such_command", lang, name=typed)
        matches = get_close_matches(typed, list(getattr(ctx.command, "commands", {})))
        if matches:
            text += " " + t("cli.click.did_you_mean", lang, names=", ".join(matches))
        return text
    if message.startswith("Missing command"):
        return t("cli.click.missing_command", lang)
    if message.startswith("Got unexpected extra argument"):
        extra = message.rpartition("(")[2].rstrip(")")
        return t(counted("cli.click.extra", len(extra.split())), lang, arguments=extra)
    return message if lang == "en" else t("cli.click.other", lang, message=message)


def print_usage_error(error: Any, lang: str) -> None:
    """A usage error as the command line shows it, on stderr: the usage line, where the
    help is, and the error in a panel."""
    console = Console(stderr=True, highlight=False)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(Text(usage_line(ctx.command, ctx, lang), style="yellow"))
        console.print(Text(t("cli.try_help", lang, command=ctx.command_path), style="dim"))
    console.print(Panel(Text(said_usage_error(error, lang)), title=t("cli.panel.error", lang),
                        title_align="left", border_style="red"))


# --------------------------------------------------------------------------- the classes
class SpokenCommand(TyperCommand):
    """A command whose help is said in the chosen language (see the module's docstring)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line in the chosen language (also in a usage error)."""
        formatter.write(usage_line(self, ctx, spoken_language()) + "\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The whole help, in the chosen language."""
        print_help(self, ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """click's parsing, with the context given to an error its parser raised without
        one, so every usage error shows the usage line and where the help is."""
        return _parsed_with_context(super().parse_args, ctx, args)


def _parsed_with_context(parse: Any, ctx: Any, args: list[str]) -> list[str]:
    try:
        return list(parse(ctx, args))
    except ClickException as error:
        if getattr(error, "ctx", False) is None:  # a usage error of the option parser
            error.ctx = ctx  # type: ignore[attr-defined]
        raise


class SpokenGroup(TyperGroup):
    """``morgenmaken`` itself: chooses the language before Typer reads the command line, and
    shows every usage error and the help in it."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line in the chosen language (also in a usage error)."""
        formatter.write(usage_line(self, ctx, spoken_language()) + "\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The whole help, in the chosen language."""
        print_help(self, ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """As :meth:`SpokenCommand.parse_args`."""
        return _parsed_with_context(super().parse_args, ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Run the command line in the language it asks for; a usage error is shown in it
        with click's exit status (2), an interrupted prompt ends with 'Afgebroken.'."""
        args = list(sys.argv[1:] if args is None else args)
        lang = language_of(args)
        token = _SPOKEN.set(lang)
        try:
            try:
                result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                      **extra)
            except ClickException as error:
                if not standalone_mode:
                    raise
                print_usage_error(error, lang)
                sys.exit(getattr(error, "exit_code", 1))
            except typer.Abort:
                if not standalone_mode:
                    raise
                Console(stderr=True).print(t("cli.click.aborted", lang), style="red")
                sys.exit(1)
            if not standalone_mode:
                return result
            sys.exit(result if isinstance(result, int) else 0)
        finally:
            _SPOKEN.reset(token)
