"""Scenarios for the game window, loaded once and kept while their file is unchanged.

The title screen, the new-game form and resuming a save all need one, and a team should not
wait for it twice; the cache itself is the scenario layer's
(:func:`morgenmaken.scenario.library.load_current`), shared with the werksessie's plan checks.
"""

from __future__ import annotations

from pathlib import Path

from morgenmaken.scenario.library import load_current
from morgenmaken.scenario.loader import ScenarioError
from morgenmaken.scenario.models import Scenario


def load(path: Path) -> Scenario:
    """The scenario in `path`, kept while its file is unchanged (see
    :func:`~morgenmaken.scenario.library.load_current`); raises ScenarioError or OSError."""
    return load_current(path)


def load_or_reason(path: Path) -> Scenario | str:
    """The scenario, or the first reason it cannot be loaded (for lists of scenarios)."""
    try:
        return load(path)
    except ScenarioError as error:
        return str(error.diagnostics[0]) if error.diagnostics else str(error)
    except OSError as error:
        return str(error)
