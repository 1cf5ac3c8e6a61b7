"""Bot games on all cores: chunks of seeds per worker process, results in seed order.

A balance run is thousands of independent games, so it parallelises perfectly: each worker
process compiles the scenario once (in its initializer) and plays chunks of seeds. Game ``i``
of a strategy uses seed ``seed + i`` exactly as :func:`morgenmaken.sim.simulate.simulate` does, and
records come back sorted by seed, so the figures are the same with one process or many.

Workers are started with ``spawn``, not ``fork``: the progress bar runs a thread, and forking a
process with threads can deadlock; ``spawn`` also behaves the same on Linux, macOS and Windows.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from morgenmaken.engine import CompiledScenario, Decision, compile_scenario
from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.balance import GameRecord, record_game
from morgenmaken.sim.simulate import GameResult, SimulationResult, play_one, summarise

__all__ = ["default_workers", "results_of", "run_games", "run_games_with_progress"]

#: Largest chunk of seeds sent to a worker at once: small enough for a smooth progress bar,
#: large enough that sending work costs nothing next to playing it.
MAX_CHUNK = 25

Progressed = Callable[[str, int], None]

_COMPILED: CompiledScenario | None = None


def default_workers() -> int:
    """Every core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(scenario: Scenario) -> None:
    """Compile the scenario once per worker process."""
    global _COMPILED
    _COMPILED = compile_scenario(scenario)


def _play(compiled: CompiledScenario, strategy: str, seeds: Sequence[int], players: int,
          decision: Decision) -> list[GameRecord]:
    return [record_game(play_one(compiled, strategy, seed, players, decision), strategy)
            for seed in seeds]


def _play_in_worker(strategy: str, seeds: Sequence[int], players: int,
                    decision: Decision) -> list[GameRecord]:
    assert _COMPILED is not None, "worker started without a scenario"
    return _play(_COMPILED, strategy, seeds, players, decision)


def _chunks(games: int, seed: int, workers: int) -> list[range]:
    size = max(1, min(MAX_CHUNK, math.ceil(games / (workers * 4))))
    return [range(seed + start, seed + min(games, start + size))
            for start in range(0, games, size)]


def run_games(scenario: Scenario, strategies: Sequence[str], games: int, seed: int = 0,
              players: int = 4, decision: Decision = Decision.CONSENSUS,
              workers: int | None = None,
              progress: Progressed | None = None) -> dict[str, list[GameRecord]]:
    """Play `games` games per strategy; the records of each strategy in seed order.

    `workers` 1 plays in this process; more starts that many worker processes (default:
    every core). `progress(strategy, n)` is called as chunks of `n` games finish.
    """
    workers = default_workers() if workers is None else max(1, workers)
    records: dict[str, list[GameRecord]] = {name: [] for name in strategies}
    if workers == 1:
        compiled = compile_scenario(scenario)
        for name in strategies:
            for chunk in _chunks(games, seed, 1):
                records[name].extend(_play(compiled, name, chunk, players, decision))
                if progress is not None:
                    progress(name, len(chunk))
        return records
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(scenario,)) as pool:
        pending: dict[Future[list[GameRecord]], str] = {
            pool.submit(_play_in_worker, name, chunk, players, decision): name
            for name in strategies for chunk in _chunks(games, seed, workers)
        }
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    name = pending.pop(future)
                    played = future.result()
                    records[name].extend(played)
                    if progress is not None:
                        progress(name, len(played))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    for name in strategies:
        records[name].sort(key=lambda record: record.seed)
    return records


def run_games_with_progress(console: Console, scenario: Scenario, strategies: Sequence[str],
                            games: int, seed: int = 0, players: int = 4,
                            decision: Decision = Decision.CONSENSUS,
                            workers: int | None = None) -> dict[str, list[GameRecord]]:
    """:func:`run_games` with a progress bar per strategy on `console` (stderr, so the
    ``--json`` line on stdout stays clean)."""
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TaskProgressColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks = {name: bar.add_task(f"{name:<9}", total=games) for name in strategies}
        return run_games(scenario, strategies, games, seed, players, decision, workers,
                         progress=lambda name, n: bar.advance(tasks[name], n))


def results_of(strategy: str, records: Sequence[GameRecord]) -> SimulationResult:
    """The simulation summary (``simulate --json``) of one strategy's records."""
    return summarise(strategy, [GameResult(r.seed, r.score, r.won, r.outcome, r.rounds)
                                for r in records])
