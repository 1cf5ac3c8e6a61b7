"""The one translation mechanism for the program's own player-facing strings.

Scenario texts carry their own ``{nl, en}`` fields (see :class:`morgenmaken.scenario.models.Text`);
everything the program itself says lives in ``locale/*.yaml``, one file per concern (``ui.yaml``
for the game, ``werksessie.yaml`` for the working session, …: every file there is read, so a new
concern brings its own file), Dutch first; a key may be defined only once across them.
A missing English string falls back to Dutch; a missing key is a programming error and raises
KeyError, so tests catch it instead of players seeing a raw key.

>>> t("round_header", "en", round=1, rounds=8, year=2026)
'Round 1 of 8 — 2026'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("nl", "en")
#: libyaml's safe loader where it is built in (ten times faster: the strings are read at the
#: first word the program says, which is the window's first frame or a report's first line).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _strings() -> dict[str, dict[str, str]]:
    strings: dict[str, dict[str, str]] = {}
    folder = resources.files("morgenmaken") / "locale"
    for name in sorted(e.name for e in folder.iterdir() if e.name.endswith(".yaml")):
        text = (folder / name).read_text(encoding="utf-8")
        for key, value in yaml.load(text, Loader=_LOADER).items():
            if str(key) in strings:
                raise KeyError(f"the string '{key}' is defined twice (locale/{name})")
            strings[str(key)] = value
    return strings


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The string `key` in `lang`, with ``{placeholders}`` filled from `values`."""
    entry = _strings()[key]
    template = entry.get(lang) or entry["nl"]
    return template.format(**values) if values else template


def keys() -> list[str]:
    """Every known string key (for tests that check both languages are complete)."""
    return sorted(_strings())
