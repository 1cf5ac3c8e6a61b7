"""Werksessie benchmark: what an autosave after every rating costs, and how long a report takes.

Run ``python benchmarks/werksessie.py``. A werksessie saves after *every* click, so the save must
stay far below what a person notices (~50 ms) even for the largest session the set-up allows:
12 participants weighing all 55 Drenthe cards on its 17 dimensions (11,220 ratings). It measures

* ``autosave_ms_large`` — one rating plus the atomic autosave (JSON, fsync, rename) of that
  session when it is full (median of 30);
* ``autosave_ms_game`` — the same store's baseline in the same run: the game's own autosave of
  a whole Drenthe game (what every decision in the game already costs), and
  ``autosave_per_game_save``, the ratio of the two, which is what to compare across machines;
* ``aggregate_us`` — summing up one measure on one dimension for 12 participants;
* ``report_s`` — writing the PDF, HTML and CSV report of the sample plan (6 measures, 17
  dimensions, 8 participants) with its model comparison.

The last line is one JSON object with all of these.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")


def _median_ms(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Measure and print the figures; the last line is JSON."""
    from morgenmaken.engine import GameConfig, new_game
    from morgenmaken.report.werksessie import write_session_report
    from morgenmaken.scenario.library import resolve
    from morgenmaken.scenario.loader import load_scenario
    from morgenmaken.sim.bots import make_bot, play_game
    from morgenmaken.table.store import Store, write_atomic
    from morgenmaken.werksessie.aggregate import aggregate
    from morgenmaken.werksessie.from_scenario import plan_from_scenario
    from morgenmaken.werksessie.model import model_contrasts
    from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
    from morgenmaken.werksessie.session import new_session

    rng = random.Random(1)
    scenario_path = resolve("drenthe")
    scenario = load_scenario(scenario_path)
    people = [f"Deelnemer {i}" for i in range(1, 13)]
    large = new_session(plan_from_scenario(scenario), people)
    for measure in large.measures:
        for person in people:
            for dimension in large.dimensions:
                large.rate(measure.id, person, dimension.id, rng.choice([-2, -1, 0, 1, 2, None]))
    folder = Path(tempfile.mkdtemp(prefix="mmwn-bench-"))
    target = folder / "werksessie-autosave.json"
    last = large.measures[-1].id

    def rate_and_save() -> None:
        large.ratings[last][people[-1]].pop(large.dimensions[0].id, None)
        large.rate(last, people[-1], large.dimensions[0].id, rng.choice([-1, 1]))
        write_atomic(target, large.dumps())

    autosave_large = _median_ms(rate_and_save, 30)

    state = play_game(new_game(scenario, GameConfig(seed=1, players=("A", "B", "C", "D"))),
                      make_bot("balanced", 1))
    store = Store("bench", folder=folder)
    autosave_game = _median_ms(lambda: store.save(state, scenario_path, {"view": "news"}), 30)

    values = [rng.choice([-2, -1, 0, 1, 2, None]) for _ in range(12)]
    loops = 20_000
    start = time.perf_counter()
    for _ in range(loops):
        aggregate(values)
    aggregate_us = (time.perf_counter() - start) / loops * 1e6

    path = resolve_plan("voorbeeldplan")
    sample = new_session(prepare_plan(load_plan(path), path), people[:8])
    from sample_session import rate_everything
    rate_everything(sample, rng)
    start = time.perf_counter()
    write_session_report(sample, folder / "verslag", "nl", model_contrasts(sample, scenario))
    report_s = time.perf_counter() - start

    figures = {
        "ratings_in_large_session": sum(len(v) for by in large.ratings.values()
                                        for v in by.values()),
        "autosave_ms_large": round(autosave_large, 2),
        "autosave_ms_game": round(autosave_game, 2),
        "autosave_per_game_save": round(autosave_large / autosave_game, 2),
        "aggregate_us": round(aggregate_us, 2),
        "report_s": round(report_s, 2),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
