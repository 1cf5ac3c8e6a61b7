"""The field reference of the scenario format, generated from the models, in Dutch or English.

Authors need one place that lists every field with its type, default, meaning and an example.
Writing that by hand would drift from the models the first time a field is added, so it is
generated: ``morgenmaken docs --lang nl --out docs/referentie.md`` writes the Dutch one,
``--lang en --out docs/reference.md`` the English, and a test fails when a committed file
differs from what the models say. The English descriptions and examples come from the pydantic
``Field`` definitions in :mod:`morgenmaken.scenario.models`; their Dutch, and the reference's
own words, from ``locale/reference.yaml`` — the same texts the JSON Schema gives editors (see
:mod:`morgenmaken.scenario.schema`), so the reference, the schema and the autocompletion agree
in either language. Examples and defaults stay YAML (a decimal point) in both.

>>> text = field_reference("en")
>>> text.splitlines()[0]
'# Scenario field reference'
>>> "| `win_threshold` |" in text
True
>>> field_reference("nl").splitlines()[0]
'# Naslag van de scenariovelden'
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from morgenmaken.i18n import Number, counted, said, t
from morgenmaken.scenario.models import Scenario, Text

__all__ = ["field_description", "field_reference", "model_description", "models_in_order",
           "yaml_flow"]


def _word(key: str, lang: str, /, **values: object) -> str:
    """One of the reference's own words (``locale/reference.yaml``) in `lang`."""
    return t(f"ref.{key}", lang, **values)


def model_description(name: str, english: str, lang: str) -> str:
    """A model's description in `lang`: its own docstring (`english`) in English, the Dutch of
    ``locale/reference.yaml`` in Dutch (KeyError when that is missing, so a test sees it)."""
    return english if lang == "en" else t(f"ref.model.{name}", "nl")


def field_description(model: str, key: str, english: str, lang: str) -> str:
    """A field's description in `lang` (`key` is its YAML key): the model's own
    ``Field(description=...)`` in English, ``locale/reference.yaml``'s Dutch in Dutch."""
    return english if lang == "en" else t(f"ref.field.{model}.{key}", "nl")


def _header(lang: str) -> str:
    return f"# {_word('title', lang)}\n\n{_word('intro', lang)}\n"


def models_in_order(root: type[BaseModel] = Scenario) -> list[type[BaseModel]]:
    """Every model reachable from `root`, breadth first in field order (Text left out: it is
    described once in the header, as the type every player-facing text has)."""
    order: list[type[BaseModel]] = []
    queue = [root]
    while queue:
        model = queue.pop(0)
        if model in order or model is Text:
            continue
        order.append(model)
        for info in model.model_fields.values():
            queue.extend(m for m in _models_in(info.annotation) if m not in order)
    return order


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def _name(model: type[BaseModel], lang: str) -> str:
    """The model's section heading: its class name in English, a Dutch noun in Dutch."""
    return _word(f"name.{model.__name__}", lang)


def _anchor(model: type[BaseModel], lang: str) -> str:
    """The heading's link target, as GitHub makes it (lower case, a dash for a space)."""
    return _name(model, lang).lower().replace(" ", "-")


#: The reference's words for the plain types: (singular, plural) keys of locale/reference.yaml.
_PLAIN_TYPES: dict[Any, tuple[str, str]] = {
    bool: ("type.bool", "type.bool"), int: ("type.whole", "type.wholes"),
    float: ("type.number", "type.numbers"), str: ("type.text", "type.texts"),
    Text: ("type.text_nl_en", "type.texts_nl_en"),
}


def _one_of(values: Iterator[object], lang: str) -> str:
    return _word("type.one_of", lang, values=", ".join(f"`{value}`" for value in values))


def _type_words(annotation: Any, lang: str, many: bool = False) -> str:
    """How a type reads in the reference: 'number', 'list of [Card](#card)', ... (`many`:
    the plural, for the items of a list: 'list of ids')."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        if any(getattr(item, "pattern", None) for item in extra) or any(
                getattr(m, "pattern", None) for item in extra
                for m in getattr(item, "metadata", [])):
            return _word("type.ids" if many else "type.id", lang)
        return _type_words(inner, lang, many)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _word("type.or", lang).join(_type_words(m, lang, many) for m in members)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return _word("type.list", lang, items=_type_words(item, lang, many=True))
    if origin is tuple:
        return "[" + ", ".join(_type_words(a, lang) for a in typing.get_args(annotation)) + "]"
    if origin is typing.Literal:
        return _one_of(iter(typing.get_args(annotation)), lang)
    if annotation in _PLAIN_TYPES:
        return _word(_PLAIN_TYPES[annotation][1 if many else 0], lang)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _one_of((member.value for member in annotation), lang)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{_name(annotation, lang)}](#{_anchor(annotation, lang)})"
    return str(annotation)


_BOUNDS = ((annotated_types.Ge, "ge", "≥"), (annotated_types.Gt, "gt", ">"),
           (annotated_types.Le, "le", "≤"), (annotated_types.Lt, "lt", "<"),
           (annotated_types.MinLen, "min_length", "bound.at_least"),
           (annotated_types.MaxLen, "max_length", "bound.at_most"))


def _figure(value: object, lang: str) -> str:
    """A bound as prose: a decimal comma and a true minus sign in Dutch.

    >>> _figure(-2.5, "nl"), _figure(0.5, "en"), _figure(100, "nl")
    ('−2,5', '0.5', '100')
    """
    written = f"{value:g}" if isinstance(value, float) else str(value)
    return str(said(Number(written), lang))


def _constraints(info: FieldInfo, lang: str) -> str:
    found = []
    for item in info.metadata:
        for kind, attribute, symbol in _BOUNDS:
            if isinstance(item, kind):
                value = getattr(item, attribute)
                found.append(_word(counted(symbol, value), lang, count=value)
                             if "length" in attribute else f"{symbol} {_figure(value, lang)}")
    return ", ".join(found)


def _field_type(name: str, info: FieldInfo, lang: str) -> str:
    annotation = (typing.Annotated[info.annotation, *info.metadata] if info.metadata
                  else info.annotation)
    words = _type_words(annotation, lang)
    if name in ("condition", "requires") and words == _word("type.text", lang):
        words = _word("type.condition", lang)
    limits = _constraints(info, lang)
    return f"{words} ({limits})" if limits else words


def _default(info: FieldInfo, lang: str) -> str:
    if info.is_required():
        return _word("default.required", lang)
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        if isinstance(value, list):
            return _word("default.empty", lang)
        if isinstance(value, BaseModel):
            return _word("default.below", lang)
        return f"`{yaml_flow(value)}`"
    if info.default is None:
        return _word("default.unset", lang)
    return f"`{yaml_flow(info.default)}`"


_PLAIN = re.compile(r"^[A-Za-z0-9_./][A-Za-z0-9_ ./%()-]*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def yaml_flow(value: Any) -> str:
    """A value written as compact YAML, as an author would type it.

    >>> yaml_flow({"nl": "Gezondheid", "en": "Health"})
    '{nl: Gezondheid, en: Health}'
    >>> yaml_flow(["a", 1.5, True, "draagvlak >= 30"])
    '[a, 1.5, true, "draagvlak >= 30"]'
    """
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {yaml_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_flow(item) for item in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not _looks_numeric(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _model_intro(model: type[BaseModel], lang: str) -> str:
    """The model's docstring (English) or its Dutch, as plain paragraphs."""
    doc = inspect.cleandoc(model.__doc__ or "").replace("``", "`").strip()
    return model_description(model.__name__, doc, lang) if doc else ""


def field_reference(lang: str = "nl") -> str:
    """The whole reference as Markdown, in `lang` (``nl`` or ``en``)."""
    parts = [_header(lang)]
    columns = [_word(f"col.{column}", lang)
               for column in ("field", "type", "default", "description", "example")]
    for model in models_in_order():
        parts.append(f"## {_name(model, lang)}\n")
        intro = _model_intro(model, lang)
        if intro:
            parts.append(intro + "\n")
        parts.append("| " + " | ".join(columns) + " |")
        parts.append("|---|---|---|---|---|")
        for name, info in model.model_fields.items():
            key = info.alias or name
            example = f"`{_cell(yaml_flow(info.examples[0]))}`" if info.examples else ""
            description = field_description(model.__name__, key, info.description or "", lang)
            parts.append(f"| `{key}` | {_cell(_field_type(name, info, lang))} | "
                         f"{_default(info, lang)} | {_cell(description)} | {example} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
