"""The ``morgenmaken lab`` command: the LAB hub on the facilitator's laptop.

It wires the layers and holds no logic of its own: the hub's tables and saves are
:class:`~morgenmaken.table.lab.Hub` (table layer), the protocol and the live page are
:mod:`morgenmaken.web.lab`, the comparison sheet is the report layer's
:func:`~morgenmaken.report.commands.write_comparison`. Two clients (web and report) meet only
here, in the command, as the house rules ask.

Into ``--out`` go the hub's database (``lab.sqlite3``: start the command again on the same
folder and the hub comes back with its code, port and every table), each table's latest save as
an ordinary save file (``tables/<table>.json``, rewritten on every update, so
``morgenmaken report`` and ``compare`` work on them too) and, from the page's button or on
Ctrl-C, ``compare.pdf`` and ``compare.html``.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from morgenmaken.command_line import DEFAULT_LANG, LangOption, SpokenCommand, exit_unless_language
from morgenmaken.i18n import t
from morgenmaken.storage import write_atomic
from morgenmaken.table.lab import Hub

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DB_NAME = "lab.sqlite3"


def table_file_name(name: str) -> str:
    """A file name for a table's save: its name with anything unusual made a dash."""
    stem = re.sub(r"[^0-9A-Za-z_.-]+", "-", name).strip("-.") or "tafel"
    return f"{stem[:60]}.json"


def write_saves(hub: Hub, folder: Path) -> list[Path]:
    """Every table's latest save as an ordinary save file in `folder`/tables."""
    written, used = [], set()
    for name, document in hub.documents():
        file_name = table_file_name(name)
        while file_name in used:
            file_name = file_name[:-5] + "-1.json"
        used.add(file_name)
        path = folder / "tables" / file_name
        write_atomic(path, document)
        written.append(path)
    return written


def write_sheet(hub: Hub, folder: Path, lang: str) -> list[Path]:
    """The comparison sheet of every table that sent a game, rows named by team and table;
    one sheet per scenario when the tables played different ones."""
    from morgenmaken.report.commands import write_comparison
    from morgenmaken.report.debrief import build_debrief

    by_scenario: dict[str, list[tuple[str, object]]] = {}
    for label, state in hub.games():
        by_scenario.setdefault(state.scenario.id, []).append((label, state))
    written: list[Path] = []
    for scenario_id, games in by_scenario.items():
        stem = "compare" if len(by_scenario) == 1 else f"compare-{scenario_id}"
        debriefs = [build_debrief(state, lang) for _, state in games]  # type: ignore[arg-type]
        written += write_comparison(debriefs, folder, stem, labels=[lab for lab, _ in games])
    return written


def lab_command(
    out_dir: Annotated[Path, typer.Option("--out", "-o")] = Path("lab"),
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535)] = None,
    lang: LangOption = DEFAULT_LANG,
    local: Annotated[bool, typer.Option("--local")] = False,
    seconds: Annotated[float | None, typer.Option("--seconds", min=0)] = None,
    open_page: Annotated[bool, typer.Option("--open")] = False,
) -> None:
    """Run the LAB hub: every table in the room live, and at the end the comparison sheet.

    Tables join with 'morgenmaken play --lab ADDRESS'. Ctrl-C stops the hub and writes
    compare.pdf and compare.html into --out; started again on the same folder, the hub goes
    on where it was."""
    from morgenmaken.web.lab import LabServer

    exit_unless_language(lang, err)
    path = out_dir / DB_NAME
    try:
        resumed = path.exists()
        hub = Hub.open_or_create(path, port or 8770)
    except (OSError, ValueError, sqlite3.Error) as error:  # a damaged or foreign file
        err.print(t("cli.cannot_write", lang, path=path, reason=error), markup=False)
        raise typer.Exit(1) from None
    if resumed:
        out.print(t("lab.cli.resumed", lang, count=len(hub.tables()), path=path), markup=False)
    pending = threading.Event()
    hub.listen(pending.set)

    def sheet(hub_: Hub, page_lang: str) -> list[Path]:
        return write_sheet(hub_, out_dir, page_lang)

    try:
        server = LabServer(hub, host="127.0.0.1" if local else "0.0.0.0", port=port,
                           sheet=sheet).start()
    except OSError as error:
        err.print(t("cli.error", lang, message=error), markup=False)
        raise typer.Exit(1) from None
    page = f"http://127.0.0.1:{server.port}/{hub.code}"
    out.print(t("lab.cli.started", lang, url=server.url, page=page, out=out_dir), markup=False)
    if open_page:
        import webbrowser

        webbrowser.open(page)
    ends = None if seconds is None else time.monotonic() + seconds
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C is how the facilitator ends the session and gets the sheet, so it must raise
        # here even when the hub was started from a shell that ignores it (a background job).
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while ends is None or time.monotonic() < ends:
            if pending.wait(0.5):
                pending.clear()
                write_saves(hub, out_dir)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    write_saves(hub, out_dir)
    if hub.games():
        for written in write_sheet(hub, out_dir, lang):
            out.print(t("cli.written", lang, path=written), markup=False)
    else:
        out.print(t("lab.cli.no_games", lang), markup=False)
    hub.close_db()
    out.print(t("lab.cli.stopped", lang, path=path), markup=False)


def register(app: typer.Typer) -> None:
    """Add ``lab`` to the ``morgenmaken`` command."""
    app.command(name="lab", cls=SpokenCommand)(lab_command)
