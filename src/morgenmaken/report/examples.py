"""Example games without playing: bot games written as ordinary save files.

A trainer preparing a session wants a few finished games to show a report or a comparison
before any team has played. Each game is saved exactly as the game window saves one (the seed
plus the action log), so every tool that reads saves — reports, compare, the debrief screen,
"wat als?" — works on it. Game ``i`` uses seed ``seed + i``, the same numbering as
:func:`morgenmaken.sim.simulate.simulate`, so a saved game matches its line in a simulation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from morgenmaken.engine import CompiledScenario, Decision, dumps
from morgenmaken.scenario.models import Scenario
from morgenmaken.sim.simulate import play_one


def save_name(scenario_id: str, strategy: str, seed: int) -> str:
    """The file name of a simulated game: ``<scenario>-<strategy>-<seed>.json``."""
    return f"{scenario_id}-{strategy}-{seed}.json"


def write_saves(scenario: Scenario | CompiledScenario, strategy: str, games: int,
                directory: Path, seed: int = 0, players: int = 4,
                decision: Decision = Decision.CONSENSUS,
                progress: Callable[[int], None] | None = None) -> list[Path]:
    """Play `games` bot games and write each as a save file in `directory` (created if needed).

    The games are played again rather than taken from a simulation run: saving is a trainer's
    preparation of a handful of games, so replaying them costs little and keeps this
    independent of how the simulator spreads its work over processes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    scenario_id = (scenario.scenario if isinstance(scenario, CompiledScenario) else scenario).id
    written = []
    for i in range(games):
        state = play_one(scenario, strategy, seed + i, players, decision)
        path = directory / save_name(scenario_id, strategy, seed + i)
        path.write_text(dumps(state) + "\n", encoding="utf-8")
        written.append(path)
        if progress is not None:
            progress(i + 1)
    return written
