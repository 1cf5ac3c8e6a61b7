"""``morgenmaken lab`` as a facilitator runs it: started, tables send, Ctrl-C writes the
comparison sheet; started again on the same folder it goes on with the same code and tables."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from morgenmaken.engine import GameConfig, compile_scenario, new_game, save_data
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.table.lab_link import LabLink
from morgenmaken.web.server import free_port

SRC = Path(__file__).resolve().parents[2] / "src"
COMPILED = compile_scenario(load_scenario(shipped_dir() / "tutorial.yaml"))


def _ignore_ctrl_c() -> None:
    """What a shell does to a job it starts in the background: the hub starts with Ctrl-C
    ignored, and must still stop on it (CI runs the suite so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start(out: Path, port: int, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "MORGENMAKEN_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-u", "-m", "morgenmaken.cli", "lab", "--local",
                             "--port", str(port), "--out", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            preexec_fn=_ignore_ctrl_c)


def _address(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    """The hub's address from its first lines (read until it is printed)."""
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "play --lab " in line:
            return line.split("play --lab ", 1)[1].strip(), lines
    raise AssertionError("".join(lines))


def test_the_hub_command_writes_the_sheet_on_ctrl_c_and_resumes(tmp_path: Path) -> None:
    out, port = tmp_path / "lab", free_port()
    process = _start(out, port, tmp_path / "home")
    try:
        url, _ = _address(process)
        assert url.startswith(f"http://127.0.0.1:{port}/")
        for k in (1, 2):
            config = GameConfig(seed=k, players=("Anna", "Bram"), team=f"Team {k}")
            state = play_game(new_game(COMPILED, config), make_bot("balanced", k))
            link = LabLink(url, f"Tafel {k}", folder=tmp_path / f"link{k}").start()
            link.offer(save_data(state))
            assert link.wait_sent(60), link.problem
            link.stop()
        ends = time.monotonic() + 60
        while len(list((out / "tables").glob("*.json"))) < 2 and time.monotonic() < ends:
            time.sleep(0.05)  # the hub writes the tables' saves after every update
        assert sorted(p.name for p in (out / "tables").glob("*.json")) == [
            "Tafel-1.json", "Tafel-2.json"]
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, rest
    assert "Traceback" not in rest
    assert (out / "compare.pdf").stat().st_size > 5000
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "Team 1 · Tafel 1" in html and "Team 2 · Tafel 2" in html

    again = _start(out, free_port(), tmp_path / "home", "--seconds", "0.5")
    try:
        url_again, lines = _address(again)
        rest, _ = again.communicate(timeout=120)
    finally:
        if again.poll() is None:
            again.kill()
    assert url_again.rsplit("/", 1)[1] == url.rsplit("/", 1)[1]  # the same hub code
    assert any("2 tafel(s)" in line for line in lines), lines
    assert again.returncode == 0, rest


def test_a_damaged_hub_database_is_one_clear_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from morgenmaken.cli import app

    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "lab.sqlite3").write_bytes(b"dit is geen database" * 100)
    result = CliRunner().invoke(app, ["lab", "--local", "--out", str(tmp_path / "lab"),
                                      "--seconds", "0"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "lab.sqlite3" in result.output


def test_play_with_lab_sends_the_window_s_game(tmp_path: Path) -> None:
    """The real command: the window (a bot playing, as at an event stand) with ``--lab``; the
    hub ends up holding the game the window autosaved, under the table's name."""
    import json

    from morgenmaken.engine import load_data
    from morgenmaken.table.lab import Hub
    from morgenmaken.web.lab import LabServer

    hub = Hub.create(tmp_path / "lab.sqlite3", port=free_port())
    server = LabServer(hub, host="127.0.0.1").start()
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "MORGENMAKEN_HOME": str(home), "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "morgenmaken.cli", "play", "--demo", "--pace", "0.01",
             "--moves", "8", "--seed", "1", "--size", "1024x768", "--scenario", "tutorial",
             "--mute",
             "--lab", server.url, "--table", "Stand"],
            env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        # the newest save the window wrote (eight moves, by count and not by the clock, so a
        # busy machine stops at the same point of the same game: seed 1, well before its end)
        files = [*(home / "saves").glob("demo-autosave.json"),
                 *(home / "saves" / "finished").glob("demo-*.json")]
        saves = [json.loads(f.read_text("utf-8")) for f in files]
        saved = max(saves, key=lambda doc: doc["client"]["saved_at"])
        views = hub.tables()
        assert [v.name for v in views] == ["Stand"]
        held = views[0].state
        assert held is not None and held.actions  # the bot decided something
        assert held.actions == load_data(COMPILED, saved).actions
    finally:
        server.stop()
        hub.close_db()


def test_tables_of_two_scenarios_get_a_sheet_each(tmp_path: Path) -> None:
    from morgenmaken.lab_command import write_sheet
    from morgenmaken.table.lab import Hub

    drenthe = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
    hub = Hub.create(tmp_path / "lab.sqlite3")
    try:
        for k, compiled in enumerate((COMPILED, drenthe, COMPILED), start=1):
            token, _ = hub.join(f"Tafel {k}")
            state = new_game(compiled, GameConfig(seed=k, players=("Anna", "Bram"),
                                                  team=f"Team {k}"))
            hub.receive(token, 1, save_data(state))
        written = write_sheet(hub, tmp_path / "out", "en")
        assert sorted(p.name for p in written) == [
            "compare-drenthe.html", "compare-drenthe.pdf",
            "compare-tutorial.html", "compare-tutorial.pdf"]
        tutorial = (tmp_path / "out" / "compare-tutorial.html").read_text(encoding="utf-8")
        assert "Team 1 · Tafel 1" in tutorial and "Team 3 · Tafel 3" in tutorial
        assert "Tafel 2" not in tutorial
    finally:
        hub.close_db()
