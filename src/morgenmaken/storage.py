"""Where the program keeps its files, and the one way it writes a file that must never be half.

Saves (games and werksessies) and reports share these, so they live outside the front end: the
report and the werksessie store are not pygame clients.

The folder is the per-user data folder from platformdirs, or ``$MORGENMAKEN_HOME`` (tests and
kiosk set-ups point it elsewhere).
"""

from __future__ import annotations

import json
import os
import re
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


# --- reading what users hand us -----------------------------------------------------------

#: Size limits in bytes: far above any real file of the kind, far below what would exhaust
#: memory once parsed (a parsed YAML or JSON document takes many times its size on disk).
SCENARIO_LIMIT = 40_000_000
PLAN_LIMIT = 5_000_000
SAVE_LIMIT = 20_000_000
IMAGE_LIMIT = 20_000_000


class UnreadableFile(Exception):
    """A file the user gave cannot be read, with the reason as a locale key.

    ``key`` is one of the ``file.*`` strings of ``locale/files.yaml`` and ``values`` fills it
    in, so each client says it in its user's language (:meth:`reason`); ``str()`` is the
    English sentence, for logs (scenario diagnostics keep the key and values as a phrase).
    """

    def __init__(self, path: Path | str, key: str, **values: object) -> None:
        self.path = Path(path)
        self.key = key
        self.values = values
        super().__init__(self.reason("en"))

    def reason(self, lang: str = "nl") -> str:
        """Why the file cannot be read, as one sentence in `lang` (without the path)."""
        from morgenmaken.i18n import t
        return t(self.key, lang, **self.values)


def megabytes(size: int) -> str:
    """A size for a message: '40 MB' ('0,5 MB' style is not needed at these limits)."""
    return f"{max(1, round(size / 1_000_000))} MB"


def read_user_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a file the user gave (a scenario, plan, save, image), or
    :class:`UnreadableFile` saying why not.

    The one guarded door for every user file: only regular files (a folder, a named pipe,
    ``/dev/zero`` or a socket is refused *before* it is opened, and the file is opened
    non-blocking so a pipe swapped in afterwards cannot hang the game either), at most
    `limit` bytes (counted while reading too, since the size on disk can lie for special
    files), and every operating-system error as one sentence.
    """
    import stat

    where = Path(path)
    try:
        info = os.stat(where)
    except FileNotFoundError:
        raise UnreadableFile(where, "file.missing") from None
    except OSError as error:
        raise UnreadableFile(where, "file.unreadable",
                             reason=error.strerror or type(error).__name__) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(where, "file.folder")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(where, "file.not_regular")
    if info.st_size > limit:
        raise UnreadableFile(where, "file.too_big", size=megabytes(info.st_size),
                             limit=megabytes(limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(where, flags)
    except OSError as error:
        raise UnreadableFile(where, "file.unreadable",
                             reason=error.strerror or type(error).__name__) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped since the stat above
            raise UnreadableFile(where, "file.not_regular")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(where, "file.too_big", size=megabytes(total),
                                     limit=megabytes(limit))
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(where, "file.unreadable",
                             reason=error.strerror or type(error).__name__) from None
    finally:
        os.close(descriptor)


def utf16_without_mark(raw: bytes) -> bool:
    """Whether `raw` looks like UTF-16 text saved without a byte-order mark: many zero bytes,
    nearly all in the even or nearly all in the odd positions (plain text has none)."""
    sample = raw[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) >= 0.9 * (even + odd)


def decode_text(raw: bytes, path: Path | str) -> str:
    """User text as a string: UTF-8 (a byte-order mark is fine), or UTF-16 when it starts
    with one; anything else is :class:`UnreadableFile` naming the line and column."""
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(path, "file.utf16") from None
    if utf16_without_mark(raw):
        raise UnreadableFile(path, "file.utf16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise UnreadableFile(path, "file.not_utf8", line=line, column=column) from None


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not finite")
    return value


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a number")


#: JSON written by the program is a few levels deep; anything deeper is damage or an attack.
MAX_JSON_DEPTH = 64


_JSON_PARTS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str) -> bool:
    """Whether brackets nest deeper than :data:`MAX_JSON_DEPTH` outside strings (checked
    before parsing, so a deep file is one sentence instead of a recursion error). The regular
    expression skips strings and everything else in C; a deep file stops at the first
    :data:`MAX_JSON_DEPTH` brackets."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for match in _JSON_PARTS.finditer(text):
        part = match.group()
        if part in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif part in ("]", "}"):
            depth -= 1
    return False


def parse_json(raw: bytes, path: Path | str) -> object:
    """A JSON document the program wrote (a save, a session), or :class:`UnreadableFile`.

    Every way JSON can fail becomes one sentence: bad UTF-8, bad syntax (with its line),
    ``NaN`` or ``1e999`` (not finite), integers too long to read, nesting too deep.
    """
    text = decode_text(raw, path)
    if _too_deep(text):
        raise UnreadableFile(path, "file.json_deep")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise UnreadableFile(path, "file.json_syntax", line=error.lineno,
                             column=error.colno) from None
    except (ValueError, RecursionError, OverflowError):
        raise UnreadableFile(path, "file.json_number") from None


def read_json_file(path: Path | str, limit: int = SAVE_LIMIT) -> object:
    """:func:`read_user_file` and :func:`parse_json` in one."""
    return parse_json(read_user_file(path, limit), path)


#: The largest JSON message from the network (a LAB hub's answer, a table's save) parsed
#: here; the callers read at most this much, and a longer one is refused unparsed.
MESSAGE_LIMIT = 4_000_000


def parse_json_message(raw: bytes, source: str = "<message>") -> object:
    """A JSON message from another machine (the LAB hub, a table), or :class:`UnreadableFile`.

    The same guards as :func:`parse_json` (one sentence for bad UTF-8, bad syntax, non-finite
    or endless numbers, nesting too deep: never a RecursionError or a traceback), plus a
    size bound, since a message is parsed whole in memory. `source` names it in the reason.
    """
    if len(raw) > MESSAGE_LIMIT:
        raise UnreadableFile(source, "file.too_big", size=megabytes(len(raw)),
                             limit=megabytes(MESSAGE_LIMIT))
    return parse_json(raw, source)
