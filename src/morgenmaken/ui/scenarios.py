"""Scenarios for the game window, loaded once and kept while their file is unchanged.

Loading and checking a scenario takes a good half second; the title screen, the new-game form
and resuming a save all need one, and a team should not wait for it twice. The cache key includes
the file's modification time and size, so an author who edits a scenario gets the new version.
"""

from __future__ import annotations

from pathlib import Path

from morgenmaken.scenario.loader import ScenarioError, load_scenario
from morgenmaken.scenario.models import Scenario

_CACHE: dict[tuple[Path, int, int], Scenario] = {}


def load(path: Path) -> Scenario:
    """The scenario in `path`; raises ScenarioError or OSError like the loader."""
    resolved = path.resolve()
    stat = resolved.stat()
    key = (resolved, stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = load_scenario(resolved)
    return _CACHE[key]


def load_or_reason(path: Path) -> Scenario | str:
    """The scenario, or the first reason it cannot be loaded (for lists of scenarios)."""
    try:
        return load(path)
    except ScenarioError as error:
        return str(error.diagnostics[0]) if error.diagnostics else str(error)
    except OSError as error:
        return str(error)
