"""Located, plain-worded problems in a scenario file (Dutch or English, see
``locale/scenario.yaml``), and the vocabulary to phrase them.

A scenario author is not a programmer: every problem we report must point at ``file:line:col``
and say what to change. This module holds the :class:`Diagnostic` record shared by the YAML
loader and the reference checks, the :class:`Locate` contract that lets checks ask "where in
the file is ``cards[3].effects[0].variable``?" without knowing anything about YAML, and the
translation of pydantic's validation errors into sentences an author can act on.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from pydantic import BaseModel

from morgenmaken.i18n import Phrase, phrase, t

#: A path into the scenario document, as YAML keys and list indices, e.g.
#: ``("cards", 3, "effects", 0, "variable")``. Keys are the names written in the file
#: (aliases such as ``from`` and ``evidence``), because that is what the author sees.
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario file, located at a 1-based line and column.

    ``severity`` is ``"error"`` (the scenario cannot be played) or ``"warning"`` (it can, but
    the author probably did not mean it). Editors and terminals understand the
    ``path:line:column: message`` shape of :meth:`__str__`, so the author can click to the spot.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"
    #: The message as a :class:`Phrase` (locale/scenario.yaml), so each reader gets it in
    #: their language; ``message`` is its English, which logs and tests compare.
    words: Phrase | None = dataclasses.field(default=None, compare=False)

    @classmethod
    def of(cls, path: str, line: int, column: int, words: Phrase,
           severity: str = "error") -> Diagnostic:
        """A diagnostic whose message is `words`, said in each reader's language."""
        return cls(path, line, column, words.text("en"), severity, words)

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return self.words.text(lang) if self.words is not None else self.message

    def shown(self, lang: str = "en") -> str:
        """``path:line:column: message`` in `lang`, as validate prints it."""
        prefix = t("scn.warning_prefix", lang) if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.text(lang)}"

    def reason(self, lang: str = "nl") -> str:
        """:meth:`shown`, under the name an error that carries this one (a save whose scenario
        no longer loads, :class:`~morgenmaken.engine.save.SaveError`) words its values by."""
        return self.shown(lang)

    def __str__(self) -> str:
        return self.shown("en")


class Locate(Protocol):
    """Finds a place in the scenario file; returns a 1-based ``(line, column)``.

    * ``locate(loc)`` is where the value at `loc` starts; when `loc` does not exist in the
      file (a missing field, a default), the deepest existing mapping or list around it.
    * ``locate(loc, key=True)`` is where the *key* of the last step is written, for problems
      with the key itself (an unknown field).
    * ``locate(loc, offset=n)`` is the ``n``-th character (0-based) inside the string at
      `loc`, when it can be computed exactly (a single-line plain or simply quoted string);
      otherwise the start of the string. Conditions use it to point inside the text.
    """

    def __call__(self, loc: Loc, offset: int | None = None, *,
                 key: bool = False) -> tuple[int, int]: ...


def no_location(loc: Loc, offset: int | None = None, *, key: bool = False) -> tuple[int, int]:
    """A :class:`Locate` for scenarios built in Python, which have no file: always 1:1."""
    return (1, 1)


def did_you_mean(word: str, candidates: Iterable[str]) -> Phrase | None:
    """``"; did you mean 'x'?"`` for the closest candidate, or None when none is close.

    Typos are the most common authoring mistake, so naming the intended id is usually the
    whole fix.
    """
    known = list(candidates)
    matches = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if not matches and len(word) >= 3:
        # 'rivm' for 'rivm_vtv_2024': a shortened id is no typo to difflib, but is one to
        # the author; the shortest id that contains it (or that it contains) is meant.
        matches = sorted((c for c in known if word in c or (len(c) >= 3 and c in word)),
                         key=len)[:1]
    return phrase("scn.did_you_mean", match=matches[0]) if matches else None


def suggest(word: str, candidates: Sequence[str], kinds: str) -> Phrase:
    """A did-you-mean, or else the list of valid choices (shortened), so the author can pick.

    `kinds` names the candidates, plural, as a key of ``scn.kinds.*`` (``variables``)."""
    hint = did_you_mean(word, candidates)
    if hint:
        return hint
    named = phrase(f"scn.kinds.{kinds}")
    if not candidates:
        return phrase("scn.none_defined", kinds=named)
    shown, more = listed(candidates)
    return phrase("scn.known", kinds=named, shown=shown, more=more)


def listed(candidates: Sequence[str], most: int = 8) -> tuple[str, Phrase | None]:
    """The first `most` candidates quoted (``'a', 'b'``) and, when there are more, an
    ``and N more`` phrase: a list of choices short enough to read in one line."""
    shown = ", ".join(f"'{c}'" for c in candidates[:most])
    more = (phrase("scn.and_more", count=len(candidates) - most)
            if len(candidates) > most else None)
    return shown, more


def describe(value: object) -> Phrase | str | float:
    """How a YAML value reads to an author in a message: ``'abc'``, ``12``, ``a list``; a
    decimal number stays a number, so a Dutch message writes it with a decimal comma."""
    if value is None:
        return phrase("scn.value.nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, dict):
        return phrase("scn.value.mapping")
    if isinstance(value, list):
        return phrase("scn.value.list")
    if isinstance(value, float):
        return value
    return str(value)


# --- walking the models along a location ----------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from a type, so ``Text | None`` reads as ``Text``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _model_field(model: type[BaseModel], key: str) -> Any | None:
    """The field of `model` written as `key` in YAML (its alias or its name)."""
    for name, field in model.model_fields.items():
        if key in (field.alias, name):
            return field
    return None


def annotation_at(model: type[BaseModel], loc: Loc) -> Any | None:
    """The type expected at `loc` in the document of `model`, or None when unknown there.

    Lets a message name what *should* be written (a number, a list of ids, ``{nl: ...}``)
    and lets an unknown field be compared with the fields that are allowed.
    """
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current,
                                                                              BaseModel):
            field = _model_field(current, part)
            if field is None:
                return None
            # pydantic moves a top-level Annotated's metadata onto the field; put it back so
            # an identifier still reads as one.
            current = (typing.Annotated[field.annotation, *field.metadata] if field.metadata
                       else field.annotation)
        elif isinstance(part, int) and origin in (list, tuple):
            args = typing.get_args(current)
            if not args:
                return None
            current = args[min(part, len(args) - 1)] if origin is tuple else args[0]
        else:
            return None
    return current


def _has_pattern(annotation: Any) -> bool:
    """Whether a string type carries a pattern, i.e. is an identifier rather than free text."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = members[0] if len(members) == 1 else None
    if typing.get_origin(annotation) is not typing.Annotated:
        return False
    metadata: list[Any] = []
    for item in typing.get_args(annotation)[1:]:
        metadata.extend([item, *getattr(item, "metadata", [])])
    return any(getattr(item, "pattern", None) for item in metadata)


def placeholder(annotation: Any) -> Phrase:
    """A YAML value template for a type, used in "add 'field: <...>'" advice."""
    raw = _unwrap(annotation)
    origin = typing.get_origin(raw)
    if raw is bool:
        return phrase("scn.slot.bool")
    if raw is int:
        return phrase("scn.slot.whole")
    if raw is float:
        return phrase("scn.slot.number")
    if raw is str:
        return phrase("scn.slot.id") if _has_pattern(annotation) else phrase("scn.slot.text")
    if origin is tuple:
        return phrase("scn.slot.pair")
    if origin is list:
        item = typing.get_args(raw)[0] if typing.get_args(raw) else str
        return phrase("scn.slot.list", item=placeholder(item))
    if isinstance(raw, type) and issubclass(raw, Enum):
        return phrase("scn.slot.choice",
                      choices=", ".join(str(member.value) for member in raw))
    if _is_text(raw):
        return phrase("scn.slot.texts")
    return phrase("scn.slot.value")


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_text(annotation: Any) -> bool:
    """Whether a type is the bilingual Text model, which has its own short YAML form."""
    return _is_model(annotation) and "nl" in annotation.model_fields


def missing_advice(field: str, annotation: Any) -> Phrase:
    """What to add for a missing field: a one-line template, or where the block goes."""
    raw = _unwrap(annotation)
    args = typing.get_args(raw)
    if typing.get_origin(raw) is list and args and _is_model(_unwrap(args[0])):
        return phrase("scn.add_list", field=field)
    if _is_model(raw) and not _is_text(raw):
        return phrase("scn.add_block", field=field)
    return phrase("scn.add_field", field=field, slot=placeholder(annotation))


# --- pydantic errors in plain English ---------------------------------------------------------

_NUMBER_ERRORS = {"float_type", "float_parsing", "finite_number"}
_INT_ERRORS = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}
_BOUNDS = {"greater_than": "scn.bound.above", "greater_than_equal": "scn.bound.at_least",
           "less_than": "scn.bound.below", "less_than_equal": "scn.bound.at_most"}


class WordedError(ValueError):
    """A model rule broken (raised in a validator), with its words as a :class:`Phrase`, so
    the diagnostic pydantic's error becomes is said in the reader's language."""

    def __init__(self, words: Phrase) -> None:
        super().__init__(words.text("en"))
        self.words = words


def worded(key: str, /, **values: object) -> WordedError:
    """``raise worded("scn.rule.x", ...)`` in a validator."""
    return WordedError(phrase(key, **values))


def _quote_hint(value: object) -> Phrase | None:
    """Advice for a number written in quotes, which YAML reads as text."""
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", value):
        return phrase("scn.remove_quotes")
    return None


def _field_name(loc: Loc) -> str | Phrase:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else phrase("scn.the_scenario")


def _type_message(kind: str, value: object, expected: Any) -> Phrase | None:
    """Messages for a value of the wrong kind (text where a number belongs, and so on)."""
    got = describe(value)
    if kind in _NUMBER_ERRORS:
        return phrase("scn.type.number", got=got, hint=_quote_hint(value))
    if kind in _INT_ERRORS:
        return phrase("scn.type.whole", got=got, hint=_quote_hint(value))
    if kind in ("bool_type", "bool_parsing"):
        return phrase("scn.type.bool", got=got)
    if kind == "string_type":
        return phrase("scn.type.text", got=got)
    if kind == "list_type":
        return phrase("scn.type.list", got=got)
    if kind == "tuple_type":
        return phrase("scn.type.pair", got=got)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if _is_text(_unwrap(expected)):
            return phrase("scn.type.expected", slot=placeholder(expected), got=got)
        return phrase("scn.type.fields", got=got)
    return None


def _constraint_message(kind: str, value: object, ctx: dict[str, Any],
                        loc: Loc) -> Phrase | str | None:
    """Messages for a value of the right kind that breaks a rule (range, pattern, choice)."""
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()), "?")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return phrase(_BOUNDS[kind], field=_field_name(loc), limit=limit, got=describe(value))
    if kind == "string_pattern_mismatch":
        return phrase("scn.bad_id", got=describe(value))
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
        expected = re.sub(r" or ('[^']*')$", r" {or} \1", expected)
        return phrase("scn.type.choice", choices=_with_or(expected), got=describe(value),
                      hint=hint)
    if kind == "too_short":
        return phrase("scn.too_short", field=_field_name(loc), least=ctx.get("min_length", 1),
                      count=ctx.get("actual_length", 0))
    if kind == "too_long":
        return phrase("scn.too_long", field=_field_name(loc), most=ctx.get("max_length"),
                      count=ctx.get("actual_length"))
    if kind == "value_error":
        error = ctx.get("error")
        if isinstance(error, WordedError):
            return error.words
        return str(error) if error is not None else None
    return None


def _with_or(choices: str) -> Phrase:
    """pydantic's "'a', 'b' or 'c'" with its last 'or' said in the reader's language."""
    head, _, last = choices.rpartition(" {or} ")
    if not head:
        return phrase("scn.choices_one", choices=choices)
    return phrase("scn.choices", head=head, last=last)


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The YAML keys allowed in the mapping at `loc` (aliases where a field has one)."""
    parent = _unwrap(annotation_at(model, loc))
    if not _is_model(parent):
        return []
    return [field.alias or name for name, field in parent.model_fields.items()]


def _typo_pairs(errors: Sequence[Any], model: type[BaseModel]) -> set[tuple[Loc, str]]:
    """(mapping loc, field) for each missing field that an unknown key nearby is a typo of.

    ``titel: ...`` gives both "unknown field 'titel'" and "field 'title' is required"; one
    mistake should give one message, so the second is dropped in favour of the did-you-mean.
    """
    missing = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors
               if e["type"] == "missing"}
    pairs: set[tuple[Loc, str]] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        parent: Loc = tuple(error["loc"][:-1])
        candidates = [f for p, f in missing if p == parent]
        match = difflib.get_close_matches(str(error["loc"][-1]), candidates, n=1, cutoff=0.6)
        if match:
            pairs.add((parent, match[0]))
    return pairs


def _short_list_message(model: type[BaseModel], loc: Loc) -> Phrase:
    """``range: [-50]`` misses its second number; pydantic calls that "field '1' is
    required", which no author can act on, so say how many values the list takes."""
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "this list")
    annotation = _unwrap(annotation_at(model, loc[:-1]))
    wanted = len(typing.get_args(annotation)) if typing.get_origin(annotation) is tuple else 0
    have = int(loc[-1])
    if name == "range":
        return phrase("scn.short_range", count=have)
    if wanted:
        return phrase("scn.short_list", field=name, wanted=wanted, count=have)
    return phrase("scn.short_list_least", field=name, wanted=have + 1, count=have)


def translate_errors(errors: Sequence[Any], model: type[BaseModel], locate: Locate,
                     path: str) -> list[Diagnostic]:
    """All pydantic errors (``ValidationError.errors()``) as located Diagnostics."""
    typos = _typo_pairs(errors, model)
    return [translate_error(error, model, locate, path) for error in errors
            if not (error["type"] == "missing"
                    and (tuple(error["loc"][:-1]), str(error["loc"][-1])) in typos)]


def translate_error(error: Any, model: type[BaseModel], locate: Locate,
                    path: str) -> Diagnostic:
    """One pydantic error (a dict from ``ValidationError.errors()``) as a located Diagnostic.

    Missing fields are placed at the mapping that lacks them, unknown fields at the key
    itself, everything else at the offending value.
    """
    kind = str(error["type"])
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = dict(error.get("ctx") or {})
    if kind == "missing" and loc and isinstance(loc[-1], int):
        line, column = locate(loc[:-1])
        return Diagnostic.of(path, line, column, _short_list_message(model, loc))
    if kind == "missing":
        field = str(loc[-1])
        advice = missing_advice(field, annotation_at(model, loc))
        line, column = locate(loc[:-1])
        return Diagnostic.of(path, line, column, phrase("scn.required", field=field,
                                                        advice=advice))
    if kind == "extra_forbidden":
        field = str(loc[-1])
        line, column = locate(loc, key=True)
        return Diagnostic.of(path, line, column, phrase(
            "scn.unknown_field", field=field,
            hint=suggest(field, _allowed_fields(model, loc[:-1]), "fields_here")))
    message = (_type_message(kind, value, annotation_at(model, loc))
               or _constraint_message(kind, value, ctx, loc))
    line, column = locate(loc)
    if message is None or isinstance(message, str):  # a rule no message here knows
        return Diagnostic.of(path, line, column, phrase(
            "scn.rule_broken", detail=message or str(error.get("msg", kind))))
    return Diagnostic.of(path, line, column, message)
