"""Validate benchmark: ``morgenmaken validate``'s time as the scenario file grows.

Run ``python benchmarks/validate.py``. It writes synthetic scenarios of 1x, 10x and 100x the
cards (1,000, 10,000 and 100,000 cards by default) as YAML files and times the whole of
validate on each (reading, YAML, the models, the reference checks and the warnings), beside a
fixed pure-Python loop timed in the same run. The last line is one JSON object: ``seconds_1x``,
``seconds_10x``, ``seconds_100x``, the file sizes, and ``growth_10x`` / ``growth_100x`` (time
divided by the size factor, relative to 1x: 1.0 is exactly linear), ``peak_mb_<n>x`` (the
largest resident memory of the process that validated it: each size is validated in a process
of its own, so one size's memory does not hide the next), and ``baseline_loops``.

Two more files of the 100x size are timed the same way: ``..._100x_broken`` has one error near
its end (a word where a card's effect needs a number), which must be found and located without
the whole file's data in memory; ``..._100x_declined`` is valid but has one text with a
backslash escape, which the fast reading leaves to libyaml (``seconds_100x_broken``,
``peak_mb_100x_broken``, ``seconds_100x_declined``, ``peak_mb_100x_declined``); and
``..._100x_alias`` is valid but written as authors share values: the first card's text is
anchored (``&defaults``) and every other card's text is ``<<: *defaults``, so nearly every
chunk holds an alias whose anchor is in the first one (``seconds_100x_alias``,
``peak_mb_100x_alias``). ``..._100x_tag`` and ``..._100x_inf`` have one error each in a card
near the end, one that forbids building anything (``!!binary`` in a text, ``1e309`` as an
effect's amount): the file's only diagnostic, to be found without its whole node tree
(``seconds_100x_tag``, ``peak_mb_100x_tag``, ``seconds_100x_inf``, ``peak_mb_100x_inf``).
``..._100x_markers`` is valid, written between ``---`` and ``...`` with Windows line ends;
``..._100x_whole`` has top-level aliases and a refused value, which only reading the file
whole could word (2,3 GB): it is refused in one sentence instead (``seconds_100x_markers``,
``peak_mb_100x_markers``, ``seconds_100x_whole``, ``peak_mb_100x_whole``).
``--cards 100`` gives a quick run (100, 1,000 and 10,000 cards).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from morgenmaken.scenario.loader import check_scenario_file
from morgenmaken.scenario.synthetic import synthetic_data

ROLES = 6


def write_scenario(folder: Path, cards: int) -> Path:
    """A synthetic scenario with about `cards` cards, as a YAML file in `folder`."""
    data = synthetic_data(1, seed=3, roles=ROLES, cards_per_role=max(1, cards // ROLES))
    path = folder / f"kaarten-{cards}.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the writing is not what is timed
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def changed_copy(path: Path, kind: str) -> Path:
    """A copy of the scenario at `path` with one change in its last card: ``broken`` (its
    last effect's amount a word: one error, near the end), ``inf`` (that amount ``1e309``),
    ``tag`` (its text ``!!binary``: both one error that forbids building the file) or
    ``declined`` (its text written with a backslash escape: still valid); or, ``alias``,
    with every card's text merged from the first card's (the same scenario, written with an
    anchor and a merge key per card); or ``markers``, the whole file between ``---`` and
    ``...`` with ``\r\n`` line ends (still valid); or ``whole``, with aliases in the top level
    and a value refused there, which only the whole file could word: refused, above the
    size that is read whole, in one sentence."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\nevents:")
    if kind == "alias":
        old = "  text:\n    nl: Een maatregel.\n"
        first = text.index(old)
        cards = text[first + len(old):end]
        if cards.count(old) < 2:
            raise SystemExit(f"{path}: the cards do not share their text")
        text = (text[:first] + "  text: &defaults\n    nl: Een maatregel.\n"
                + cards.replace(old, "  text:\n    <<: *defaults\n") + text[end:])
    elif kind == "markers":  # as yaml.dump(..., explicit_start=True) writes it, on Windows
        text = ("---\n" + text + "...\n").replace("\n", "\r\n")
    elif kind == "whole":  # aliases only the whole file resolves, and a value refused
        text = "x-top: &top {a: 1}\nx-use: *top\nx-bad: !!int abc\n" + text
    elif kind in ("broken", "inf"):
        at = text.rindex("amount: ", 0, end) + len("amount: ")
        stop = text.index("\n", at)
        text = text[:at] + ("veel" if kind == "broken" else "1e309") + text[stop:]
    else:
        old = "nl: Een maatregel."
        at = text.rindex(old, 0, end)
        new = "nl: !!binary aGVsbG8=" if kind == "tag" else 'nl: "Een \\"maatregel\\"."'
        text = text[:at] + new + text[at + len(old):]
    changed = path.with_name(f"{path.stem}-{kind}.yaml")
    changed.write_text(text, encoding="utf-8")
    return changed


def time_validate(path: Path, broken: bool = False) -> float:
    """Seconds for one whole validate of `path`; the scenario must come out valid (or, when
    `broken`, with exactly one error)."""
    start = time.perf_counter()
    scenario, diagnostics = check_scenario_file(path)
    elapsed = time.perf_counter() - start
    errors = [d for d in diagnostics if d.severity == "error"]
    if broken and (scenario is not None or len(errors) != 1):
        raise SystemExit(f"{path}: the broken scenario must give one error: {errors[:3]}")
    if not broken and (scenario is None or errors):
        raise SystemExit(f"{path}: the benchmark scenario does not validate: {errors[:3]}")
    return elapsed


def measure_apart(path: Path, runs: int, broken: bool = False) -> tuple[float, float]:
    """The best of `runs` validates of `path` and the peak memory (MB), in a fresh process."""
    command = [sys.executable, __file__, "--one", str(path), "--runs", str(runs)]
    result = subprocess.run([*command, "--broken"] if broken else command,
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return float(figures["seconds"]), float(figures["peak_mb"])


def measure_here(path: Path, runs: int, broken: bool) -> None:
    """The child's side of :func:`measure_apart`: `runs` timed validates, the best counted
    (with more than one run the first warms up imports and compiled patterns)."""
    import resource

    seconds = min(time_validate(path, broken) for _ in range(runs))
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_megabytes(resource)}))


def _peak_megabytes(resource: object) -> float:
    """This process's peak resident memory. On Linux VmHWM, which starts anew at exec:
    ru_maxrss is kept across exec, so a child would report the parent's peak (the parent
    has just generated a 100,000-card file, 1.4 GB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # type: ignore[attr-defined]


def baseline_loops_per_second(loops: int = 200_000) -> float:
    """Speed of a fixed pure-Python workload, to normalise for the machine's speed."""
    start = time.perf_counter()
    total = 0.0
    values = [float(i) for i in range(32)]
    for i in range(loops):
        total += values[i & 31] * 0.5 - values[(i + 7) & 31]
    return loops / (time.perf_counter() - start)


def main() -> None:
    """Run the benchmark and print the figures, last line JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=1000, help="cards at 1x")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--broken", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        measure_here(args.one, args.runs, args.broken)
        return
    baseline = baseline_loops_per_second()
    figures: dict[str, float] = {"baseline_loops": round(baseline)}
    with tempfile.TemporaryDirectory() as folder:
        for factor in (1, 10, 100):
            path = write_scenario(Path(folder), args.cards * factor)
            seconds, peak = measure_apart(path, 2 if factor < 100 else 1)
            size = path.stat().st_size
            figures[f"seconds_{factor}x"] = round(seconds, 3)
            figures[f"megabytes_{factor}x"] = round(size / 1e6, 2)
            figures[f"peak_mb_{factor}x"] = round(peak)
            print(f"{args.cards * factor:>7} cards ({size / 1e6:6.1f} MB): {seconds:7.2f} s, "
                  f"peak {peak:6.0f} MB")
        for kind in ("broken", "declined", "alias", "tag", "inf", "markers", "whole"):
            seconds, peak = measure_apart(changed_copy(path, kind), 1,
                                          kind in ("broken", "tag", "inf", "whole"))
            figures[f"seconds_100x_{kind}"] = round(seconds, 3)
            figures[f"peak_mb_100x_{kind}"] = round(peak)
            print(f"{args.cards * 100:>7} cards, {kind:>8}: {seconds:7.2f} s, "
                  f"peak {peak:6.0f} MB")
    for factor in (10, 100):
        figures[f"growth_{factor}x"] = round(
            figures[f"seconds_{factor}x"] / factor / figures["seconds_1x"], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
