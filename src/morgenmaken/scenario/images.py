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
import struct
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from morgenmaken.i18n import Phrase, phrase
from morgenmaken.scenario.diagnostics import Diagnostic, Loc, Locate, no_location
from morgenmaken.scenario.models import Scenario
from morgenmaken.storage import IMAGE_LIMIT, UnreadableFile, read_user_file

__all__ = ["IMAGE_SUFFIXES", "MAX_PIXELS", "check_image_files", "check_image_paths",
           "image_path", "image_references", "image_size", "read_image"]

#: The most pixels a picture may have (a 30000x30000 "decompression bomb" takes 3.6 GB once
#: decoded); a photo for a projector needs a tenth of this.
MAX_PIXELS = 40_000_000

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


def _problem(written: str) -> Phrase | None:
    """Why a written image path is not allowed, or None when it is."""
    if not written.strip():
        return phrase("scn.image.empty")
    if "\\" in written:
        return phrase("scn.image.backslash", image=written,
                      example=written.replace(chr(92), "/"))
    if written.startswith("/") or _DRIVE.match(written):
        return phrase("scn.image.absolute", image=written)
    depth = 0
    for part in PurePosixPath(written).parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return phrase("scn.image.leaves", image=written)
        elif part != ".":
            depth += 1
    if PurePosixPath(written).suffix.lower() not in IMAGE_SUFFIXES:
        return phrase("scn.image.kind", image=written, kinds=", ".join(IMAGE_SUFFIXES))
    return None


def check_image_paths(scenario: Scenario, locate: Locate = no_location,
                      path: str = "<scenario>") -> list[Diagnostic]:
    """Errors for image paths that are written so they could leave the scenario's folder."""
    found = []
    for loc, written in image_references(scenario):
        problem = _problem(written)
        if problem is not None:
            line, column = locate(loc)
            found.append(Diagnostic.of(path, line, column, problem))
    return found


def image_path(folder: Path, written: str) -> Path:
    """The file an ``image`` refers to, for a scenario in `folder`.

    Raises ValueError when the path is not allowed or, once links are followed, leads out of
    the folder; the front end then shows the card without its picture.
    """
    problem = _problem(written)
    if problem is not None:
        if problem.key == "scn.image.leaves":
            raise ValueError(f"'{written}' leaves the scenario's folder")
        raise ValueError(problem.text("en"))
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


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's or JPEG's header, without decoding the picture (so a
    decompression bomb is recognised before it takes any memory); None when the header is
    not one of these."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


class ImageProblem(ValueError):
    """A picture file that must not be shown, with the reason worded for an author (as a
    :class:`Phrase`, said in each reader's language; ``str()`` is its English)."""

    def __init__(self, words: Phrase) -> None:
        super().__init__(words.text("en"))
        self.words = words


def read_image(folder: Path, written: str) -> bytes:
    """The bytes of the picture an ``image`` refers to, ready to decode, through the guarded
    reader: only a regular file inside the folder, at most :data:`IMAGE_LIMIT` bytes, a PNG or
    JPEG header, at most :data:`MAX_PIXELS` pixels. Raises :class:`ImageProblem` (a
    ValueError) saying why, as a phrase in each reader's language."""
    candidate = image_path(folder, written)
    try:
        data = read_user_file(candidate, IMAGE_LIMIT)
    except UnreadableFile as error:
        raise ImageProblem(phrase("scn.image.unusable", image=written,
                                  reason=phrase(error.key, **error.values))) from None
    size = image_size(data)
    if size is None:
        raise ImageProblem(phrase("scn.image.not_picture", image=written))
    width, height = size
    if width * height > MAX_PIXELS:
        raise ImageProblem(phrase("scn.image.too_many_pixels", image=written, width=width,
                                  height=height, millions=MAX_PIXELS // 1_000_000))
    return data


def check_image_files(scenario: Scenario, folder: Path, locate: Locate = no_location,
                      path: str = "<scenario>") -> list[Diagnostic]:
    """What the disk says about well-written image paths: a link out of the folder is an
    error, a missing file a warning (the game plays on without the picture), and so is a
    file that is there but cannot be shown (a pipe, a folder, too big, not a picture)."""
    found = []
    for loc, written in image_references(scenario):
        if _problem(written) is not None:
            continue  # already an error from check_image_paths
        line, column = locate(loc)
        try:
            candidate = image_path(folder, written)
        except ValueError:
            found.append(Diagnostic.of(path, line, column,
                                       phrase("scn.image.link_out", image=written)))
            continue
        if not candidate.exists() and not candidate.is_symlink():
            found.append(Diagnostic.of(path, line, column, phrase(
                "scn.image.missing", image=written, folder=str(folder)), "warning"))
            continue
        try:
            read_image(folder, written)
        except ImageProblem as problem:
            found.append(Diagnostic.of(path, line, column, phrase(
                "scn.image.not_shown", problem=problem.words), "warning"))
        except ValueError:
            continue
    return found
