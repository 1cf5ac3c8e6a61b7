"""Engine benchmark: random-bot games per second on Drenthe, and cost per round vs. model size.

Run ``python benchmarks/engine.py``. The last line is one JSON object with the keys
``games_per_second``, ``round_us_1x``, ``round_us_10x``, ``round_us_100x`` and the ratios that
make the figures comparable across noisy machines: ``growth_10x`` and ``growth_100x`` (cost per
round divided by the size factor, relative to 1x: 1.0 means exactly linear) and
``games_per_baseline`` (games per second divided by the speed of a fixed pure-Python loop timed
in the same run).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from morgenmaken.engine import GameConfig, compile_scenario, new_game
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.scenario.synthetic import synthetic_scenario
from morgenmaken.sim.bots import RandomBot, play_game

PLAYERS = ("A", "B", "C", "D")


def games_per_second(compiled: object, games: int) -> tuple[float, float]:
    """(games per second, microseconds per round) for random-bot games."""
    rounds = 0
    start = time.perf_counter()
    for seed in range(games):
        state = new_game(compiled, GameConfig(seed=seed, players=PLAYERS))  # type: ignore[arg-type]
        play_game(state, RandomBot(seed))
        rounds += state.round
    elapsed = time.perf_counter() - start
    return games / elapsed, elapsed / rounds * 1e6


def baseline_loops_per_second(loops: int = 200_000) -> float:
    """Speed of a fixed pure-Python workload, to normalise for the machine's speed."""
    start = time.perf_counter()
    total = 0.0
    values = [float(i) for i in range(32)]
    for i in range(loops):
        total += values[i & 31] * 0.5 - values[(i + 7) & 31]
    elapsed = time.perf_counter() - start
    return loops / elapsed


def main() -> None:
    """Run the benchmark and print the figures, last line JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=3000, help="Drenthe games to time")
    parser.add_argument("--scenario", type=Path, default=shipped_dir() / "drenthe.yaml")
    args = parser.parse_args()

    baseline = baseline_loops_per_second()
    drenthe = compile_scenario(load_scenario(args.scenario))
    games_per_second(drenthe, 200)  # warm up
    gps, _ = games_per_second(drenthe, args.games)
    print(f"Drenthe, random bot: {gps:,.0f} games/s")

    per_round = {}
    for scale, games in ((1, 1000), (10, 200), (100, 20)):
        compiled = compile_scenario(synthetic_scenario(scale, seed=1))
        games_per_second(compiled, max(2, games // 10))
        _, round_us = games_per_second(compiled, games)
        per_round[scale] = round_us
        print(f"synthetic {scale:>3}x ({len(compiled.var_ids)} variables, "
              f"{len(compiled.links)} interactions): {round_us:,.1f} µs per round")
    result = {
        "games_per_second": round(gps, 1),
        "round_us_1x": round(per_round[1], 2),
        "round_us_10x": round(per_round[10], 2),
        "round_us_100x": round(per_round[100], 2),
        "growth_10x": round(per_round[10] / per_round[1] / 10, 3),
        "growth_100x": round(per_round[100] / per_round[1] / 100, 3),
        "baseline_loops_per_second": round(baseline),
        "games_per_baseline": round(gps / baseline, 6),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
