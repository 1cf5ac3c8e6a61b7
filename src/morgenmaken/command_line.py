"""What every command of the command line shares, so ``morgenmaken``, ``report`` and
``lab`` answer a wrong ``--lang`` in one way instead of three copies that can drift."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from morgenmaken.i18n import LANGUAGES, t


def exit_unless_language(lang: str, err: Console) -> None:
    """Exit 1 for a --lang that is not nl or en, said on `err` in Dutch (the language asked
    for is the one unknown, so the message cannot be in it)."""
    if lang not in LANGUAGES:
        err.print(t("cli.error", "nl", message=t("cli.bad_lang", "nl")), markup=False)
        raise typer.Exit(1)


def error_markup(message: str, lang: str) -> str:
    """``fout: message`` (``error: ...``) as rich markup, the prefix in bold red and the
    message escaped, so a path or a user's text with ``[brackets]`` prints as written."""
    return f"[bold red]{escape(t('cli.error', lang, message=''))}[/]{escape(message)}"
