"""Images a scenario refers to: always inside the scenario's own folder.

A scenario is data that staff write and share, and a player may open one from anywhere. So an
``image`` path is read relative to the scenario file's folder and may never leave it: not with
``..``, not as an absolute path, and not through a symbolic link that points elsewhere. That
keeps a shared scenario from reading (and showing on a projector) any file on the machine, and
it keeps a scenario folder self-contained, so copying the folder copies everything it needs.

Two layers, like the rest of the scenario checks:

* :func:`check_image_paths` is pure: it judges how the paths are written (located errors);
* :func:`check_image_files` looks at the disk: a file that is missing is a warning (the game
  plays without the picture), a link that leads out of the folder is an error;
* :func:`image_path` is what the front end calls to get a file it may open.

>>> image_path(Path("/s"), "images/dorp.png").as_posix()
'/s/images/dorp.png'
>>> image_path(Path("/s"), "../geheim.png")
Traceback (most recent call last):
...
ValueError: '../geheim.png' leaves the scenario's folder
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from morgenmaken.scenario.diagnostics import Diagnostic, Loc, Locate, no_location
from morgenmaken.scenario.models import Scenario

__all__ = ["IMAGE_SUFFIXES", "check_image_files", "check_image_paths", "image_path",
           "image_references"]

#: Picture formats the front end can show.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")

_DRIVE = re.compile(r"^[A-Za-z]:")


def image_references(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every ``image`` in the scenario with its location (YAML keys)."""
    if scenario.image is not None:
        yield ("image",), scenario.image
    for index, card in enumerate(scenario.cards):
        if card.image is not None:
            yield ("cards", index, "image"), card.image
    for index, event in enumerate(scenario.events):
        if event.image is not None:
            yield ("events", index, "image"), event.image


def _problem(written: str) -> str | None:
    """Why a written image path is not allowed, or None when it is."""
    if not written.strip():
        return "the image path is empty; write e.g. 'images/dorp.png' or remove 'image'"
    if "\\" in written:
        return (f"image path '{written}' uses '\\'; write folders with '/' "
                f"(e.g. '{written.replace(chr(92), '/')}')")
    if written.startswith("/") or _DRIVE.match(written):
        return (f"image path '{written}' is absolute; images are read from the scenario's "
                "own folder, so write a path relative to it (e.g. 'images/dorp.png')")
    depth = 0
    for part in PurePosixPath(written).parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return (f"image path '{written}' leaves the scenario's folder; put the image "
                        "in the scenario's folder (or a folder inside it) and refer to it "
                        "from there")
        elif part != ".":
            depth += 1
    if PurePosixPath(written).suffix.lower() not in IMAGE_SUFFIXES:
        return (f"image '{written}' is not a picture the game can show; use "
                + ", ".join(IMAGE_SUFFIXES))
    return None


def check_image_paths(scenario: Scenario, locate: Locate = no_location,
                      path: str = "<scenario>") -> list[Diagnostic]:
    """Errors for image paths that are written so they could leave the scenario's folder."""
    found = []
    for loc, written in image_references(scenario):
        problem = _problem(written)
        if problem is not None:
            line, column = locate(loc)
            found.append(Diagnostic(path, line, column, problem))
    return found


def image_path(folder: Path, written: str) -> Path:
    """The file an ``image`` refers to, for a scenario in `folder`.

    Raises ValueError when the path is not allowed or, once links are followed, leads out of
    the folder; the front end then shows the card without its picture.
    """
    problem = _problem(written)
    if problem is not None:
        if "leaves" in problem:
            raise ValueError(f"'{written}' leaves the scenario's folder")
        raise ValueError(problem)
    kept: list[str] = []
    for part in PurePosixPath(written).parts:
        if part == "..":
            kept.pop()
        elif part != ".":
            kept.append(part)
    candidate = folder.joinpath(*kept)
    if candidate.exists() and not candidate.resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"'{written}' leaves the scenario's folder (through a link)")
    return candidate


def check_image_files(scenario: Scenario, folder: Path, locate: Locate = no_location,
                      path: str = "<scenario>") -> list[Diagnostic]:
    """What the disk says about well-written image paths: a link out of the folder is an
    error, a missing file a warning (the game plays on without the picture)."""
    found = []
    for loc, written in image_references(scenario):
        if _problem(written) is not None:
            continue  # already an error from check_image_paths
        line, column = locate(loc)
        try:
            candidate = image_path(folder, written)
        except ValueError:
            found.append(Diagnostic(path, line, column,
                                    f"image path '{written}' leads out of the scenario's "
                                    "folder through a link; copy the image into the folder "
                                    "instead"))
            continue
        if not candidate.is_file():
            found.append(Diagnostic(path, line, column,
                                    f"image '{written}' is not in the scenario's folder "
                                    f"({folder}); the game shows no picture here", "warning"))
    return found
