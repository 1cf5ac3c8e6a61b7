"""Report benchmark: how long a trainer waits for the debrief report and the werksessie report.

Run ``python benchmarks/report.py``. A trainer presses "Verslag maken" at the end of a session
with bestuurders waiting, so a report must be there in about two seconds on a quiet machine.
It measures, each in a fresh state (no chart drawn before):

* ``report_s`` — the debrief of a finished Drenthe game (balanced bot, seed 1) built and written
  as PDF and HTML, charts included (what the window's button does);
* ``werksessie_report_s`` — the report of the sample plan (``voorbeeldplan``, 8 participants,
  every measure rated and closed) with its model comparison: PDF, HTML and CSV;
* ``pdf_pages`` — the number of pages of the debrief PDF (about six is the goal);
* ``charts_drawn`` — how many charts the debrief report drew (each once);
* ``baseline_s`` — in the same run, the way charts were written before: one profile chart
  saved as SVG and as PNG with a tight bounding box (three drawings of one figure), so
  ``report_per_baseline`` can be compared across machines.

Each time is given as wall time (``*_s``, what the trainer waits) and as CPU time of this
process (``*_cpu_s``): the machines it runs on are shared, and when other work takes the cores
the wall time grows while the CPU time stays what the report itself costs.

The last line is one JSON object with all of these.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")


def main() -> None:
    """Measure and print the figures; the last line is JSON."""
    from pypdf import PdfReader

    from morgenmaken.engine import GameConfig, compile_scenario, new_game
    from morgenmaken.report import charts
    from morgenmaken.report.commands import write_report
    from morgenmaken.report.debrief import build_debrief
    from morgenmaken.report.werksessie import write_session_report
    from morgenmaken.scenario.library import resolve
    from morgenmaken.scenario.loader import load_scenario
    from morgenmaken.sim.bots import make_bot, play_game
    from morgenmaken.werksessie.model import model_contrasts
    from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
    from morgenmaken.werksessie.session import new_session

    folder = Path(tempfile.mkdtemp(prefix="mmwn-report-bench-"))
    scenario = load_scenario(resolve("drenthe"))
    compiled = compile_scenario(scenario)
    config = GameConfig(seed=1, players=("Anna", "Bram", "Cor", "Dirk"), team="De Brug")
    state = play_game(new_game(compiled, config), make_bot("balanced", 1))

    # the baseline: one chart written the old way (SVG + PNG, tight bounding box)
    warm = build_debrief(state, "en")
    charts.png(charts.profile_chart(warm))  # fonts registered, caches warm, for both
    start, cpu = time.perf_counter(), time.process_time()
    figure = charts.profile_chart(warm)
    for fmt in ("svg", "png"):
        buffer = io.BytesIO()
        with charts.style():
            figure.savefig(buffer, format=fmt, dpi=170, bbox_inches="tight")
    baseline_s = time.perf_counter() - start
    baseline_cpu = time.process_time() - cpu

    drawn_before = len(charts._DRAWN)
    start, cpu = time.perf_counter(), time.process_time()
    debrief = build_debrief(state, "nl")
    paths = write_report(debrief, folder / "spel", "drenthe")
    report_s = time.perf_counter() - start
    report_cpu = time.process_time() - cpu
    charts_drawn = len(charts._DRAWN) - drawn_before
    pdf = next(p for p in paths if p.suffix == ".pdf")
    pages = len(PdfReader(pdf).pages)

    rng = random.Random(1)
    path = resolve_plan("voorbeeldplan")
    people = [f"Deelnemer {i}" for i in range(1, 9)]
    sample = new_session(prepare_plan(load_plan(path), path), people)
    from sample_session import rate_everything
    rate_everything(sample, rng)
    start, cpu = time.perf_counter(), time.process_time()
    write_session_report(sample, folder / "werksessie", "nl", model_contrasts(sample, scenario))
    werksessie_s = time.perf_counter() - start
    werksessie_cpu = time.process_time() - cpu

    figures = {
        "report_s": round(report_s, 2),
        "report_cpu_s": round(report_cpu, 2),
        "werksessie_report_s": round(werksessie_s, 2),
        "werksessie_report_cpu_s": round(werksessie_cpu, 2),
        "pdf_pages": pages,
        "charts_drawn": charts_drawn,
        "baseline_s": round(baseline_s, 2),
        "baseline_cpu_s": round(baseline_cpu, 2),
        "report_per_baseline": round(report_s / baseline_s, 2),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
