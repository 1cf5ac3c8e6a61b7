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

from dataclasses import dataclass
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


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """The string `key` in `lang`, with ``{placeholders}`` filled from `values`."""
    entry = _strings()[key]
    template = entry.get(lang) or entry["nl"]
    return template.format(**values) if values else template


def counted(key: str, count: int) -> str:
    """`key`, or its ``_one`` form for a count of one (Dutch says '1 fout', '2 fouten'): the
    one plural rule of the locale files, so each caller does not spell it out again."""
    return f"{key}_one" if count == 1 else key


def keys() -> list[str]:
    """Every known string key (for tests that check both languages are complete)."""
    return sorted(_strings())


@dataclass(frozen=True)
class Phrase:
    """A sentence to be said later, in whichever language the reader chose: a key and its
    values, which may be phrases themselves (a did-you-mean hint inside an error).

    Checks that run before anyone knows the reader's language (a scenario's diagnostics,
    made once and shown by validate, the window or the web pages) keep their words as a
    phrase, and each client says it in its own language with :meth:`text`.
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "nl") -> str:
        """The phrase in `lang`, its values in it too (numbers with a decimal comma in
        Dutch)."""
        return t(self.key, lang, **{name: said(value, lang) for name, value in self.values})


def phrase(key: str, /, **values: object) -> Phrase:
    """A :class:`Phrase` of `key` with `values` (checked at once: a missing key raises here,
    where the check is written, not when a reader happens to meet it)."""
    _strings()[key]
    return Phrase(key, tuple(values.items()))


@dataclass(frozen=True)
class Number:
    """A number already written out the English way ('2.5', '-3', '1e+06'), shown with a
    decimal comma and a true minus sign in a Dutch sentence."""

    written: str

    def __str__(self) -> str:
        return self.written


def said(value: object, lang: str) -> object:
    """A value as it goes into a sentence in `lang`: a phrase said in `lang`; None as nothing
    (an optional hint that does not apply); a float (or a
    :class:`Number`) with a decimal comma and a true minus sign in Dutch; anything else as is.
    English keeps Python's spelling of a float (10.0), as the messages always gave it."""
    if isinstance(value, Phrase):
        return value.text(lang)
    if value is None:  # a hint that did not apply
        return ""
    if isinstance(value, float | Number):
        shown = str(value)
        return shown.replace(".", ",").replace("-", "\u2212") if lang == "nl" else shown
    return value
