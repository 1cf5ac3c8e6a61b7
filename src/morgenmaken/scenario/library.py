"""Where scenarios are found: the shipped folder and the user's own folder.

Shipped scenarios live inside the package (``morgenmaken/scenarios``) so they work the same from
a checkout and from an installed wheel; the checkout's top-level ``scenarios/`` points there.
Staff put their own scenarios in a per-user folder (platformdirs), so they survive upgrades.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from platformdirs import user_data_path


def shipped_dir() -> Path:
    """The folder of the scenarios that come with the game."""
    return Path(str(resources.files("morgenmaken") / "scenarios"))


def user_dir() -> Path:
    """The folder where a user's own scenarios are looked for (it may not exist yet)."""
    return user_data_path("morgenmaken", appauthor=False) / "scenarios"


def scenario_files() -> list[Path]:
    """Every scenario file in the shipped folder and the user folder, shipped first."""
    found: list[Path] = []
    for folder in (shipped_dir(), user_dir()):
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")))
    return found


def resolve(name: str) -> Path:
    """A scenario path from a path or a bare name such as ``drenthe``.

    Raises FileNotFoundError that lists the scenarios that do exist.
    """
    path = Path(name)
    if path.exists():
        return path
    for candidate in scenario_files():
        if candidate.stem == name:
            return candidate
    known = ", ".join(p.stem for p in scenario_files()) or "none"
    raise FileNotFoundError(f"no scenario file or name {name!r}; known scenarios: {known}")
