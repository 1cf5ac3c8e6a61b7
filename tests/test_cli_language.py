"""The command line's own words in the chosen language: the help of every command and option,
the usage line and click's usage errors, Dutch by default and English with ``--lang en`` (or
MORGENMAKEN_LANG).

Typer and click word these in English themselves; command_line.py says them from
locale/cli.yaml instead, reading click's exceptions by their class names and fields. These
tests fail when a Typer or click release changes what that relies on (an error then falls
back to click's English, or the help to Typer's own).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.command_line import (
    LANG_ENV,
    SpokenCommand,
    SpokenGroup,
    language_of,
    parameter_help,
    value_word,
)

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner(env={LANG_ENV: None})
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]

#: What Typer and click would say in English, or as Python: none of it belongs in Dutch.
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Show this message|\[default|"
                     r"\[required|Error|Try '|Missing|No such|Invalid value|Got unexpected|"
                     r"Input should|Did you mean|<(str|bool|int|float|path|Path)>|list\[|"
                     r"Traceback")
#: The same parts in Dutch: none of it belongs in English.
DUTCH = re.compile(r"Gebruik|Opties|Argumenten|Opdrachten|Toon deze hulp|\[standaard|"
                   r"\[verplicht|Fout|Uitleg van|ontbreekt|bestaat niet|Ongeldige waarde")


def flat(output: str) -> str:
    """The output without the panels' borders and line breaks, so a sentence that wraps in a
    cell reads as one."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def test_language_comes_from_the_command_line_then_the_environment() -> None:
    assert language_of([]) in ("nl", "en")
    assert language_of([], {}) == "nl"
    assert language_of(["validate", "--lang", "en", "x"], {}) == "en"
    assert language_of(["validate", "--lang=en"], {}) == "en"
    assert language_of(["--lang", "en", "validate", "--lang", "nl"], {}) == "nl"  # the last
    assert language_of(["validate"], {LANG_ENV: "en"}) == "en"
    assert language_of(["--lang", "nl"], {LANG_ENV: "en"}) == "nl"
    # a wrong or missing value is no language: Dutch, and the command says what is wrong
    assert language_of(["--lang", "de"], {LANG_ENV: "en"}) == "nl"
    assert language_of(["--lang"], {}) == "nl"
    assert language_of(["--", "--lang", "en"], {}) == "nl"


def test_every_command_speaks_through_the_spoken_classes() -> None:
    """A command registered without cls=SpokenCommand would print Typer's English help."""
    group = typer.main.get_command(app)
    assert isinstance(group, SpokenGroup)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert isinstance(command, SpokenCommand), name


def test_main_help_is_dutch_by_default_and_english_when_asked() -> None:
    dutch = runner.invoke(app, ["--help"])
    assert dutch.exit_code == 0, dutch.output
    text = flat(dutch.output)
    for words in ("Gebruik:", "[OPTIES] OPDRACHT [ARGUMENTEN]...", "Opties", "Opdrachten",
                  "Toon deze hulp en stop.", "een coöperatieve serious game",
                  "Speel een spel: in het spelvenster"):
        assert words in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    for name in COMMANDS:
        assert f" {name} " in text  # every command is listed
    english = runner.invoke(app, ["--help", "--lang", "en"])
    assert english.exit_code == 0, english.output
    text = flat(english.output)
    for words in ("Usage:", "[OPTIONS] COMMAND [ARGS]...", "Options", "Commands",
                  "Show this message and exit.", "Play a game: in the game window"):
        assert words in text
    assert not DUTCH.search(text), DUTCH.search(text)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_in_both_languages(command: str) -> None:
    dutch = runner.invoke(app, [command, "--help"])
    assert dutch.exit_code == 0, dutch.output
    text = flat(dutch.output)
    assert text.startswith("Gebruik:") and "[OPTIES]" in text and "Opties" in text
    assert "Toon deze hulp en stop." in text and "TAAL" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    english = runner.invoke(app, [command, "--help", "--lang", "en"])
    assert english.exit_code == 0, english.output
    text = flat(english.output)
    assert text.startswith("Usage:") and "Show this message and exit." in text
    assert not DUTCH.search(text), DUTCH.search(text)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_parameter_has_its_own_dutch_words(command: str) -> None:
    """Each option's and argument's help is translated, not the English copied into nl."""
    group = typer.main.get_command(app)
    for param in group.commands[command].params:  # type: ignore[attr-defined]
        dutch, english = (parameter_help(command, param.name, lang) for lang in ("nl", "en"))
        assert dutch != english, (command, param.name)
        if param.param_type_name == "argument" or not getattr(param, "is_flag", False):
            assert value_word(command, param.name, "nl").strip()


def test_validate_help_names_the_argument_and_the_options_in_dutch() -> None:
    text = flat(runner.invoke(app, ["validate", "--help"]).output)
    assert "validate [OPTIES] BESTANDEN..." in text
    assert "Argumenten" in text and "[verplicht]" in text
    assert "Ook bij waarschuwingen afsluiten met 1." in text
    text = flat(runner.invoke(app, ["validate", "--help", "--lang", "en"]).output)
    assert "validate [OPTIONS] FILES..." in text and "Exit 1 on warnings too." in text


def test_defaults_and_the_strategy_panel_in_the_language_of_the_help() -> None:
    text = flat(runner.invoke(app, ["simulate", "--help"]).output)
    assert "[standaard: 100]" in text and "[standaard: consensus]" in text
    assert "balanced: Rekent met het model vooruit" in text
    text = flat(runner.invoke(app, ["play", "--help"]).output)
    assert "[standaard: 1,6]" in text  # a decimal comma in Dutch
    text = flat(runner.invoke(app, ["simulate", "--help", "--lang", "en"]).output)
    assert "[default: 100]" in text and "balanced: Looks ahead" in text
    text = flat(runner.invoke(app, ["play", "--help", "--lang", "en"]).output)
    assert "[default: 1.6]" in text


#: Usage errors click finds, the Dutch said for them, and the English.
USAGE_ERRORS = [
    (["validate"], "Het argument BESTANDEN ontbreekt.", "Missing argument FILES."),
    (["validate", "--x", "a.yaml"], "De optie --x bestaat niet.", "No such option: --x"),
    (["simulate", "drenthe", "--gmes", "3"], "De optie --gmes bestaat niet. Bedoeld: --games?",
     "No such option: --gmes. Did you mean --games?"),
    (["valdate", "x"], "De opdracht 'valdate' bestaat niet. Bedoeld: validate?",
     "No such command 'valdate'. Did you mean validate?"),
    (["simulate", "drenthe", "--games", "abc"],
     "Ongeldige waarde voor --games: 'abc' is geen geheel getal.",
     "Invalid value for --games: 'abc' is not a whole number."),
    (["simulate", "drenthe", "--players", "9"],
     "Ongeldige waarde voor --players: de waarde mag hoogstens 6 zijn, niet 9.",
     "the value must be at most 6, not 9"),
    (["watch", "x.yaml", "--interval", "0"],
     "Ongeldige waarde voor --interval: de waarde moet minstens 0,1 zijn, niet 0.",
     "the value must be at least 0.1, not 0"),
    (["simulate", "drenthe", "--decision", "samen"],
     "Ongeldige waarde voor --decision: kies consensus of vote, niet 'samen'.",
     "choose consensus or vote, not 'samen'"),
    (["simulate", "drenthe", "extra"], "Onverwacht extra argument: extra",
     "Unexpected extra argument: extra"),
    (["validate", "--strict=1", "x.yaml"], "De optie --strict krijgt geen waarde.",
     "Option --strict does not take a value."),
    (["simulate", "drenthe", "--games"], "De optie --games heeft een waarde nodig.",
     "Option --games requires a value."),
]


@pytest.mark.parametrize(("args", "dutch", "english"), USAGE_ERRORS,
                         ids=[" ".join(case[0]) for case in USAGE_ERRORS])
def test_usage_errors_are_dutch_by_default_with_clicks_exit_status(
        args: list[str], dutch: str, english: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    text = flat(result.output)
    assert dutch in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "Fout" in text and text.startswith("Gebruik:")  # the usage line first, always
    result = runner.invoke(app, ["--lang", "en", *args])
    assert result.exit_code == 2, result.output
    text = flat(result.output)
    assert english in text and "Error" in text and text.startswith("Usage:")
    assert not DUTCH.search(text), DUTCH.search(text)


def test_an_aborted_command_says_so_in_the_language() -> None:
    """click's 'Aborted!' (an interrupted prompt, typer.Abort) in the language too."""
    small = typer.Typer(cls=SpokenGroup, add_completion=False)

    @small.command(cls=SpokenCommand)
    def stop(lang: str = "nl") -> None:
        raise typer.Abort()

    @small.command(cls=SpokenCommand)
    def other() -> None:  # two commands, so the group keeps its command names
        pass

    result = runner.invoke(small, ["stop"])
    assert result.exit_code == 1 and "Afgebroken." in result.output
    assert "Abort" not in result.output
    result = runner.invoke(small, ["stop", "--lang", "en"])
    assert result.exit_code == 1 and "Aborted." in result.output


def test_usage_error_shows_the_usage_and_where_the_help_is() -> None:
    text = flat(runner.invoke(app, ["validate"]).output)
    assert "Gebruik:" in text and "validate [OPTIES] BESTANDEN..." in text
    assert "Uitleg van de opdracht: '" in text and "validate --help'." in text
    text = flat(runner.invoke(app, ["validate", "--lang", "en"]).output)
    assert "Usage:" in text and "validate --help' for help." in text


def test_the_environment_variable_chooses_when_lang_is_not_given() -> None:
    english = CliRunner(env={LANG_ENV: "en"})
    text = flat(english.invoke(app, ["validate", "--help"]).output)
    assert "Usage:" in text and "Exit 1 on warnings too." in text
    result = english.invoke(app, ["simulate", "nergens"])  # the command itself, too
    assert result.exit_code == 1 and "error: no scenario file or name 'nergens'" in result.output
    assert "Gebruik:" in flat(english.invoke(app, ["validate", "--help", "--lang", "nl"]).output)
    wrong = CliRunner(env={LANG_ENV: "de"}).invoke(app, ["simulate", "nergens"])
    assert wrong.exit_code == 1 and "fout: --lang is nl of en" in wrong.output
    assert LANG_ENV in wrong.output


def test_lang_before_the_command_is_the_commands_language() -> None:
    result = runner.invoke(app, ["--lang", "en", "simulate", "nergens"])
    assert result.exit_code == 1 and "error: no scenario file or name 'nergens'" in result.output
    result = runner.invoke(app, ["--lang", "en", "simulate", "nergens", "--lang", "nl"])
    assert "fout: geen scenariobestand of -naam 'nergens'" in result.output
    result = runner.invoke(app, ["--lang", "de", "simulate", "nergens"])
    assert result.exit_code == 1 and "fout: --lang is nl of en" in result.output


def test_a_wrong_lang_keeps_its_clear_error_and_a_dutch_help() -> None:
    result = runner.invoke(app, ["validate", "x.yaml", "--lang", "de"])
    assert result.exit_code == 1 and "fout: --lang is nl of en" in result.output
    result = runner.invoke(app, ["validate", "--help", "--lang", "de"])
    assert result.exit_code == 0 and "Gebruik:" in result.output


def test_the_real_command_line_speaks_the_language() -> None:
    """Through the launcher, as a user types it (sys.argv, not the test runner's args)."""
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {key: value for key, value in __import__("os").environ.items()
               if key != LANG_ENV}
        return subprocess.run([sys.executable, str(ROOT / "game" / "main.py"), *args],
                              capture_output=True, text=True, timeout=60, check=False,
                              env=env)

    dutch = run("validate", "--help")
    assert dutch.returncode == 0 and "Gebruik:" in dutch.stdout
    assert not ENGLISH.search(flat(dutch.stdout))
    english = run("--help", "--lang", "en")
    assert english.returncode == 0 and "Show this message and exit." in flat(english.stdout)
    missing = run("validate")
    assert missing.returncode == 2 and "Het argument BESTANDEN ontbreekt." in missing.stderr
    assert "Traceback" not in missing.stderr
