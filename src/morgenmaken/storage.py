"""Where the program keeps its files, and the one way it writes a file that must never be half.

Saves (games and werksessies) and reports share these, so they live outside the front end: the
report and the werksessie store are not pygame clients.

The folder is the per-user data folder from platformdirs, or ``$MORGENMAKEN_HOME`` (tests and
kiosk set-ups point it elsewhere).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

HOME_ENV = "MORGENMAKEN_HOME"


def home() -> Path:
    """The folder for saves, reports and logs."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    return user_data_path("morgenmaken", appauthor=False)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` so that a crash leaves the old file or the new
    one, whole: a temporary file beside it, flushed to disk, then one rename.

    The temporary file is opened normally (not with ``mkstemp``, which makes it private), so
    the file gets the user's usual permissions: reports are mailed around and opened by
    others. Its name ``.<name>.<pid>.tmp`` is what :meth:`Store.tidy` clears after a kill.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(temporary, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all(documents: list[tuple[Path, str | bytes]]) -> list[Path]:
    """Write documents that were all made first (so an error while making one leaves no mix
    of old and new files), each replaced whole; returns their paths in order."""
    for path, data in documents:
        write_atomic(path, data)
    return [path for path, _ in documents]
