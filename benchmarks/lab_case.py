"""LAB case: six tables playing whole games against one hub on loopback, one cut off and back.

Run ``python benchmarks/lab_case.py`` (``benchmarks/participants.py`` calls
:func:`run_lab_case` for its game case). The hub is the real one (:class:`LabServer` over a
SQLite hub, uvicorn in a thread); each table is a game session with its own autosave and a
:class:`LabLink`, played by one of the strategy panel's bots on the Drenthe scenario. Table 6
reaches the hub through a small TCP relay that the run closes for a few rounds (its Wi-Fi
drops) and opens again; the table plays on meanwhile. At the end every link must have
delivered, and the hub's games are compared with the tables' own autosaves.

It reports ``lab_tables`` (tables whose game the hub holds exactly as the table saved it) and
``lab_lost`` (rounds the hub missed: the tables' rounds minus the hub's, summed), with
``lab_cut_failures`` (sends that failed while table 6 was cut off: proof the cut was real) and
``lab_catch_up_s`` (from the relay opening again to the hub holding table 6's newest save).
Targets: 6 tables, 0 lost. The last line is one JSON object.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from morgenmaken.engine import GameConfig, compile_scenario, load_data, new_game  # noqa: E402
from morgenmaken.scenario.library import shipped_dir  # noqa: E402
from morgenmaken.scenario.loader import load_scenario  # noqa: E402
from morgenmaken.sim.bots import make_bot  # noqa: E402
from morgenmaken.table.game import Session  # noqa: E402
from morgenmaken.table.lab import Hub  # noqa: E402
from morgenmaken.table.lab_link import LabLink  # noqa: E402
from morgenmaken.table.store import Store  # noqa: E402
from morgenmaken.web.lab import LabServer  # noqa: E402
from morgenmaken.web.server import free_port  # noqa: E402

TABLES = 6
STRATEGIES = ["balanced", "myopic", "silo", "thoughtful", "random", "everything"]
#: Rounds table 6 plays while its connection is cut.
CUT_ROUNDS = (3, 6)
#: The longest the run waits for the links to deliver (bounded).
DELIVER_LIMIT_S = 120


class Relay:
    """A TCP relay from a port of its own to the hub: what a table's Wi-Fi is to the hub.
    :meth:`cut` closes it (connections refused), :meth:`restore` opens it again."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        """Listen again and relay every connection to the hub."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def run_lab_case() -> dict[str, float | int]:
    """Play the case and return its figures (``lab_tables``, ``lab_lost`` and more)."""
    scenario_file = shipped_dir() / "drenthe.yaml"
    scenario = load_scenario(scenario_file)
    compiled = compile_scenario(scenario)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        hub = Hub.create(folder / "hub" / "lab.sqlite3", port=free_port())
        server = LabServer(hub, host="127.0.0.1").start()
        relay = Relay(server.port)
        relay.restore()
        sessions, links, bots = [], [], []
        for k in range(1, TABLES + 1):
            port = relay.port if k == TABLES else server.port
            config = GameConfig(seed=1000 + k, players=("Anna", "Bram", "Cor", "Dewi"),
                                team=f"Team {k}")
            session = Session(scenario, scenario_file, new_game(compiled, config),
                              Store(f"tafel{k}", folder / "tables"))
            link = LabLink(f"http://127.0.0.1:{port}/{hub.code}", f"Tafel {k}",
                           folder=folder / f"link{k}", backoff=(0.05, 0.5)).start()
            session.listen(link)
            session.save()
            sessions.append(session)
            links.append(link)
            bots.append(make_bot(STRATEGIES[k - 1], k))

        def play(until_round: int) -> None:
            busy = True
            while busy:
                busy = False
                for session, bot in zip(sessions, bots, strict=True):
                    if not session.state.is_terminal() and session.state.round < until_round:
                        session.apply(bot.choose(session.state))
                        busy = True

        cut_link = links[-1]
        try:
            play(CUT_ROUNDS[0])
            assert cut_link.wait_sent(DELIVER_LIMIT_S)
            relay.cut()
            failures = cut_link.failures
            play(CUT_ROUNDS[1])
            ends = time.monotonic() + 10
            while cut_link.failures == failures and time.monotonic() < ends:  # bounded
                time.sleep(0.01)
            cut_failures = cut_link.failures - failures
            opened = time.monotonic()
            relay.restore()
            delivered_6 = cut_link.wait_sent(DELIVER_LIMIT_S)
            catch_up = time.monotonic() - opened
            play(99)
            delivered = all(link.wait_sent(DELIVER_LIMIT_S) for link in links) and delivered_6
        finally:
            for link in links:
                link.stop()
            relay.cut()
            server.stop()
        exact, lost = 0, 0
        views = {view.name: view for view in hub.tables()}  # joined in any order
        for k, session in enumerate(sessions, start=1):
            view = views[f"Tafel {k}"]
            assert session.store is not None
            own = load_data(compiled, json.loads(session.store.path.read_text("utf-8")))
            held = view.state
            held_rounds = len(held.rounds_log) if held is not None else 0
            lost += max(0, len(own.rounds_log) - held_rounds)
            if held is not None and held.actions == own.actions \
                    and held.config.team == own.config.team:
                exact += 1
        hub.close_db()
    return {"lab_tables": exact, "lab_lost": lost, "lab_delivered": int(delivered),
            "lab_cut_failures": cut_failures, "lab_catch_up_s": round(catch_up, 3)}


if __name__ == "__main__":
    started = time.monotonic()
    figures = run_lab_case()
    figures["lab_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(figures))
