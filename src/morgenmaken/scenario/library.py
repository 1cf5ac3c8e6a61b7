"""Where scenarios are found: the shipped folder and the user's own folder; and reloading one.

Shipped scenarios live inside the package (``morgenmaken/scenarios``) so they work the same from
a checkout and from an installed wheel; the checkout's top-level ``scenarios/`` points there.
Staff put their own scenarios in a per-user folder (platformdirs), so they survive upgrades:
either as a file directly in it, or in a folder of its own one level down (``wadlanden/
wadlanden.yaml`` with its ``images/`` beside it), because a scenario's images are read from the
scenario's own folder only.

:class:`ScenarioFile` is the loader side of hot reload: the game keeps one per running
scenario, asks :meth:`ScenarioFile.changed` (cheap: size and modification time) and calls
:meth:`ScenarioFile.reload`, which never raises — a broken file gives its located diagnostics,
so the game can keep running and show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

from morgenmaken.i18n import Phrase, phrase
from morgenmaken.scenario.diagnostics import Diagnostic
from morgenmaken.scenario.loader import ScenarioError, check_scenario_file, load_scenario
from morgenmaken.scenario.models import Scenario

__all__ = ["Reloaded", "ScenarioFile", "resolve", "scenario_files", "shipped_dir", "user_dir",
           "yaml_files_in"]

_SUFFIXES = (".yaml", ".yml")


def shipped_dir() -> Path:
    """The folder of the scenarios that come with the game."""
    return Path(str(resources.files("morgenmaken") / "scenarios"))


def user_dir() -> Path:
    """The folder where a user's own scenarios are looked for (it may not exist yet).

    Linux: ``~/.local/share/morgenmaken/scenarios``; macOS: ``~/Library/Application Support/
    morgenmaken/scenarios``; Windows: ``%LOCALAPPDATA%\\morgenmaken\\scenarios``.
    """
    return user_data_path("morgenmaken", appauthor=False) / "scenarios"


def _is_scenario_file(path: Path) -> bool:
    """A YAML file that is not an editor's lock or backup file (``.#x.yaml``, ``~x.yaml``)."""
    return (path.suffix.lower() in _SUFFIXES and path.is_file()
            and not path.name.startswith((".", "~")))


def yaml_files_in(folder: Path) -> list[Path]:
    """YAML files in `folder` and in its sub-folders one level down, sorted by name (the
    layout of both the scenario and the werksessie-plan folders)."""
    if not folder.is_dir():
        return []
    direct = [p for p in folder.iterdir() if _is_scenario_file(p)]
    nested = [p for sub in folder.iterdir()
              if sub.is_dir() and not sub.name.startswith((".", "_"))
              for p in sub.iterdir() if _is_scenario_file(p)]
    return sorted(direct, key=lambda p: p.name) + sorted(nested, key=lambda p: p.as_posix())


def scenario_files() -> list[Path]:
    """Every scenario file in the shipped folder and the user folder, shipped first."""
    return yaml_files_in(shipped_dir()) + yaml_files_in(user_dir())


class NotFound(FileNotFoundError):
    """A scenario or plan name that no file answers to, its words a :class:`Phrase` (the
    command line says it in ``--lang``; ``str()`` stays English, for logs)."""

    def __init__(self, words: Phrase) -> None:
        super().__init__(words.text("en"))
        self.words = words

    def reason(self, lang: str = "nl") -> str:
        """The sentence in `lang`."""
        return self.words.text(lang)


def said(error: BaseException, lang: str) -> str:
    """An error's sentence in `lang` when it has words (:class:`NotFound`), else ``str()``."""
    reason = getattr(error, "reason", None)
    return str(reason(lang)) if callable(reason) else str(error)


def resolve(name: str) -> Path:
    """A scenario path from a path or a bare name such as ``drenthe``.

    Raises :class:`NotFound` (a FileNotFoundError) that lists the scenarios that do exist.
    """
    path = Path(name)
    if path.is_file():
        return path
    for candidate in scenario_files():
        if candidate.stem == name:
            return candidate
    known = ", ".join(p.stem for p in scenario_files())
    raise NotFound(phrase("cmd.no_scenario", name=name,
                          known=known or phrase("cmd.none_known")))


@dataclass(frozen=True)
class Reloaded:
    """The outcome of a reload: the new scenario (None when the file has errors) and every
    diagnostic, located, warnings included."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """True when the file loaded (it may still have warnings)."""
        return self.scenario is not None

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the errors, for a message that says why the reload was refused."""
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass
class ScenarioFile:
    """One scenario file on disk, for hot reload.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> watched = ScenarioFile(folder / "x.yaml")
    >>> watched.reload().errors[0].message.startswith("cannot read the scenario file")
    True
    """

    path: Path
    _seen: tuple[int, int] | None = field(default=None, repr=False)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def changed(self) -> bool:
        """Whether the file differs (by time and size) from when it was last reloaded."""
        return self._stamp() != self._seen

    def reload(self) -> Reloaded:
        """Read and check the file now; never raises."""
        self._seen = self._stamp()
        scenario, diagnostics = check_scenario_file(self.path)
        return Reloaded(scenario, diagnostics)


_LOADED: dict[tuple[Path, int, int], Scenario] = {}


def load_current(path: Path) -> Scenario:
    """The scenario in `path`, loaded once per version of the file (its modification time and
    size are part of the key, so an author's edit is picked up); raises ScenarioError or
    OSError like the loader.

    Loading and checking a scenario takes a good half second, and the game window, resuming a
    save and checking werksessie plans all need the same few scenarios again and again.
    """
    resolved = path.resolve()
    stat = resolved.stat()
    key = (resolved, stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED:
        _LOADED[key] = load_scenario(resolved)
    return _LOADED[key]


def load_or_reason(path: Path) -> Scenario | str:
    """The scenario, or the first reason it cannot be loaded: lists of scenarios show the
    reason in place of the title instead of refusing the whole list."""
    try:
        return load_current(path)
    except ScenarioError as error:
        return str(error.diagnostics[0]) if error.diagnostics else str(error)
    except OSError as error:
        return str(error)
