"""The damaged-save corpus (``tests/broken_saves/*.save``), read once for the tests that use it.

Each file starts with ``#`` lines: what it shows, and ``# expect: <key>`` naming the reason it
must give (a ``save.*`` or ``file.*`` string of ``locale/files.yaml``, so the expectation holds
in both languages). Everything after those lines is the save's bytes as written to disk, so a
file can hold bytes that are not UTF-8. ``@HASH@`` and ``@SCENARIO@`` stand for the tutorial's
content hash and file, so the corpus does not go stale when the tutorial changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from morgenmaken.engine import SaveError, compile_scenario
from morgenmaken.scenario.library import resolve
from morgenmaken.scenario.loader import load_scenario

FOLDER = Path(__file__).parent / "broken_saves"
FILES = sorted(FOLDER.glob("*.save"))

#: Words that are Python's, not a player's: none may appear in any message about a save.
INTERNALS = ("Traceback", "int()", "codec", "Expecting", "recursion", "Error", "literal",
             "JSONDecode", "NoneType", "dict", "str(", "'utf-8'", "line 1 column")


def report_fine(path: Path) -> bool:
    """Whether ``morgenmaken report`` may read the save (``# report: fine``): its damage is
    in the window's notes only, which a report does not need."""
    return b"\n# report: fine" in b"\n" + path.read_bytes().split(b"\n# expect:")[0]


def split(path: Path) -> tuple[str, bytes]:
    """The expected key and the save's bytes (placeholders filled in)."""
    raw = path.read_bytes()
    expect = ""
    while raw.startswith(b"#"):
        line, _, raw = raw.partition(b"\n")
        text = line.decode("utf-8")
        if text.startswith("# expect: "):
            expect = text.removeprefix("# expect: ").strip()
    tutorial = resolve("tutorial")
    digest = compile_scenario(load_scenario(tutorial)).content_hash
    filled = raw.replace(b"@HASH@", digest.encode())
    filled = filled.replace(b"@SCENARIO@", json.dumps(str(tutorial))[1:-1].encode())
    # The same placeholders in a file saved as UTF-16:
    filled = filled.replace("@HASH@".encode("utf-16-le"), digest.encode("utf-16-le"))
    return expect, filled.replace("@SCENARIO@".encode("utf-16-le"),
                                  json.dumps(str(tutorial))[1:-1].encode("utf-16-le"))


def keys_of(error: SaveError) -> set[str]:
    """The reason's key and the keys of the reasons inside it (a file that cannot be read)."""
    found = {error.key}
    for value in error.values.values():
        key = getattr(value, "key", None)
        if isinstance(key, str):
            found.add(key)
    return found
