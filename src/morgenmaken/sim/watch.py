"""``morgenmaken watch``: re-validate a scenario on every save and show the panel's win rates.

Tuning a scenario is a loop of edit and look. The watcher polls the file's modification time
and size (no extra dependency, and it works the same on every system and on network drives),
and on a change checks the file as ``validate`` does; when it loads, a quick run of every
strategy of the panel shows the win rates against the balance bar. The pieces are pure enough
to test without waiting: :class:`FileWatch` says whether the file changed since it last looked,
:func:`check_once` does one check and returns the lines to print.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from morgenmaken.engine import Decision
from morgenmaken.i18n import counted, t
from morgenmaken.scenario.loader import check_scenario_file
from morgenmaken.sim.balance import BALANCE_BAR, bar_of
from morgenmaken.sim.parallel import run_games
from morgenmaken.wording import amount

__all__ = ["FileWatch", "WatchResult", "check_once"]


class FileWatch:
    """Whether a file changed (modification time in nanoseconds, size) since the last look.

    A save that keeps the size and lands in the same clock tick is missed only on file
    systems with a coarse clock; the next save is seen.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int] | None = None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def changed(self) -> bool:
        """True the first time, and whenever the file was saved since the previous call
        (a file that disappears while an editor saves counts once it is back)."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        self._seen = stamp
        return True


@dataclass(frozen=True)
class WatchResult:
    """One check of the file: the lines to print and whether the scenario loaded."""

    lines: tuple[str, ...]
    loaded: bool
    win_rates: dict[str, float]


def check_once(path: Path, strategies: Sequence[str], games: int = 100, seed: int = 0,
               workers: int | None = None,
               progress: Callable[[str, int], None] | None = None,
               lang: str = "en") -> WatchResult:
    """Validate `path`; when it loads, play `games` games per strategy and give win rates,
    every line in `lang` (the diagnostics too)."""
    scenario, diagnostics = check_scenario_file(path)
    lines = [d.shown(lang) for d in diagnostics]
    errors = sum(d.severity == "error" for d in diagnostics)
    if scenario is None:
        lines.append(t(counted("cmd.watch.failed", errors), lang, path=path, count=errors))
        return WatchResult(tuple(lines), False, {})
    warnings = len(diagnostics) - errors
    warned = t(counted("scn.cli.warnings", warnings), lang, count=warnings) if warnings else ""
    lines.append(t("cmd.watch.ok", lang, path=path, warnings=warned))
    players = max(scenario.min_players, min(4, scenario.max_players))
    records = run_games(scenario, strategies, games, seed, players, Decision.CONSENSUS,
                        workers, progress)
    rates = {name: sum(r.won for r in records[name]) / games for name in strategies}
    threshold = float(scenario.score.win_threshold)
    lines.append(t("cmd.watch.rates", lang, games=games, threshold=amount(threshold, lang)))
    width = max(len(name) for name in strategies)
    for name in strategies:
        low, high = bar_of(name)
        bar = (f"≥ {low:.0%}" if low is not None else "") + (
            " " if low is not None and high is not None else "") + (
            f"≤ {high:.0%}" if high is not None else "")
        passes = ((low is None or rates[name] >= low) and (high is None or rates[name] <= high))
        mark = "" if not bar else (t("cmd.watch.on_bar", lang) if passes
                                   else t("cmd.watch.off_bar", lang, bar=bar))
        lines.append(f"  {name:<{width}}  {rates[name]:>4.0%}{mark}")
    if all(bar_of(name) == (None, None) for name in strategies):
        lines.append(t("cmd.watch.no_bar", lang, names=", ".join(BALANCE_BAR)))
    return WatchResult(tuple(lines), True, rates)
