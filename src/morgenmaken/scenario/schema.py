"""JSON Schemas for editors: the general scenario schema, and one made for a single file.

The general schema (:func:`scenario_schema`) comes from the models and checks shape: fields,
types, ranges. It cannot know a file's own ids, so a typo in a variable id inside an effect,
an unknown source, a condition that does not parse or ``min_players`` above ``max_players``
pass in the editor while ``morgenmaken validate`` refuses them.

:func:`schema_for` closes that gap for one scenario: it starts from the general schema and
narrows every reference to an ``enum`` of the ids that file defines (variables, cards, roles,
sources), gives every condition a ``pattern`` built from the file's variable names, and puts
the file's own bounds on values that validate compares with another field (a baseline inside
its variable's range, ``min_players`` not above ``max_players``). The author regenerates it
after adding ids (``morgenmaken schema --for FILE --out FILE.schema.json``); ``morgenmaken
watch`` does that on every save.

It reads the file's *data*, not a validated :class:`Scenario`, so it also works for a file
that does not validate yet — which is when the author needs it.

Both speak the author's language (``lang``, Dutch by default as the command line): in Dutch
every description an editor shows — a model's, a field's, an id's, the hints of a ``--for``
schema — is the Dutch of ``locale/reference.yaml``, the same text as the Dutch field reference.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from morgenmaken.i18n import counted, t
from morgenmaken.scenario.expressions import BUILTIN_NAMES, MAX_LENGTH, MAX_NESTING
from morgenmaken.scenario.loader import MAX_NUMBER
from morgenmaken.scenario.models import Identifier, Scenario
from morgenmaken.scenario.reference import field_description, model_description

__all__ = ["condition_pattern", "describe_in", "scenario_schema", "schema_for"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Where each model of the format refers to an id of another part: (model, field, kind).
#: ``kind`` is what the enum lists. A field that holds a list of ids is narrowed per item.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("Effect", "variable", "variables"),
    ("Interaction", "from", "variables"),
    ("Interaction", "to", "variables"),
    ("Interaction", "evidence", "sources"),
    ("Trend", "variable", "variables"),
    ("Trend", "source", "sources"),
    ("Variable", "source", "sources"),
    ("RealWorld", "source", "sources"),
    ("Role", "cards", "cards"),
    ("Card", "requires_cards", "cards"),
    ("Softening", "card", "cards"),
    ("ScoreComponent", "variables", "variables"),
    ("Settings", "budget", "variables"),
    ("Settings", "draagvlak", "variables"),
)
#: Fields that hold a condition in the scenario's condition language.
CONDITIONS: tuple[tuple[str, str], ...] = (
    ("Card", "requires"), ("Goal", "condition"), ("Event", "condition"),
    ("EndCondition", "condition"),
)

#: A picture inside the scenario's folder (see :mod:`morgenmaken.scenario.images`): relative,
#: '/' between folders, no '..' step, a .png/.jpg/.jpeg file. Stricter than validate in one
#: way only: validate allows a '..' that stays inside the folder ('a/../b.png').
IMAGE_PATTERN = (r"^(?![/\\])(?![A-Za-z]:)(?!.*\\)(?!(?:.*/)?\.\.(?:/|$))"
                 r".*\.(?:[pP][nN][gG]|[jJ][pP][eE]?[gG])$")
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_COMPARE = r"(?:<=|>=|==|!=|<|>)"
_ARITH = r"(?:[-+*/])"


def scenario_schema(lang: str = "nl") -> dict[str, Any]:
    """The general JSON Schema of the scenario format, as ``morgenmaken schema`` prints it,
    its descriptions in `lang`."""
    document = Scenario.model_json_schema(by_alias=True)
    describe_in(document, lang)
    document["title"] = t("ref.schema.title", lang)
    document["$schema"] = DRAFT
    _add_model_rules(document["$defs"])
    _bound_numbers(document)
    image = document["properties"]["image"]
    document["properties"]["image"] = _with_pattern(image, IMAGE_PATTERN)
    return document


#: The description pydantic gives every bare id (an item of a list of ids, an optional id).
_IDENTIFIER = typing.get_args(Identifier)[1].description


def describe_in(document: dict[str, Any], lang: str, root: str = "Scenario") -> None:
    """Put the descriptions of `document` (pydantic's, from the models: English) in `lang`,
    by place: a model's own under ``$defs`` (the root is the model named `root`: the
    Scenario, or a werksessie Plan), a field's under its ``properties`` key, and a bare id's
    wherever it stands. A model or field without Dutch raises KeyError, so the schema test
    fails rather than an editor showing English.

    The titles an editor shows above a description go too: pydantic's English 'Win
    Threshold' becomes the YAML key the author types (``win_threshold``), a model's its Dutch
    name ('Kaart')."""
    if lang == "en":
        return
    places = [(root, document), *document["$defs"].items()]
    for name, definition in places:
        if isinstance(definition.get("description"), str):
            definition["description"] = model_description(name, definition["description"],
                                                           lang)
        if name != root and isinstance(definition.get("title"), str):
            definition["title"] = t(f"ref.name.{name}", lang)
        for key, field in definition.get("properties", {}).items():
            if isinstance(field.get("description"), str):
                field["description"] = field_description(name, key, field["description"],
                                                         lang)
            if isinstance(field.get("title"), str):
                field["title"] = key
    _describe_ids(document, t("ref.identifier", "nl"))


def _describe_ids(schema: object, words: str) -> None:
    if isinstance(schema, dict):
        if schema.get("description") == _IDENTIFIER:
            schema["description"] = words
        for value in schema.values():
            _describe_ids(value, words)
    elif isinstance(schema, list):
        for value in schema:
            _describe_ids(value, words)


def _bound_numbers(schema: object) -> None:
    """Every number at most :data:`MAX_NUMBER` either way, as validate has it: that refuses
    ``.inf`` and ``1e309`` (infinite) and 5,000-digit integers in the editor too. (No JSON
    Schema can refuse NaN: it compares false with every bound.)"""
    if isinstance(schema, dict):
        if schema.get("type") in ("number", "integer"):
            schema.setdefault("maximum", MAX_NUMBER)
            schema.setdefault("minimum", -MAX_NUMBER)
        for value in schema.values():
            _bound_numbers(value)
    elif isinstance(schema, list):
        for value in schema:
            _bound_numbers(value)


def _add_model_rules(definitions: dict[str, Any]) -> None:
    """The models' own cross-field rules (their model validators and the reference
    checks that need no ids), written as JSON Schema so the editor flags them too."""
    definitions["Variable"]["properties"]["id"]["not"] = {"enum": list(BUILTIN_NAMES)}
    definitions["Interaction"].update({
        "if": {"properties": {"shape": {"const": "saturating"}}, "required": ["shape"]},
        "then": {"required": ["cap"], "properties": {"cap": {"type": "number"}}}})
    definitions["Event"].update({
        "if": {"properties": {"trigger": {"const": "condition"}}, "required": ["trigger"]},
        "then": {"required": ["condition"], "properties": {"condition": {"type": "string"}}}})
    definitions["Card"].update({
        "if": {"not": {"properties": {"structural": {"const": True}},
                       "required": ["structural"]}},
        "then": {"properties": {"upkeep": {"const": 0}, "per_round": {"maxItems": 0},
                                "duration": {"type": "null"}}}})
    for model, field in CONDITIONS:
        _set_in_strings(definitions[model]["properties"][field], "maxLength", MAX_LENGTH)
    for model in ("Card", "Event"):
        definitions[model]["properties"]["image"] = _with_pattern(
            definitions[model]["properties"]["image"], IMAGE_PATTERN)
    definitions["ScoreComponent"]["oneOf"] = [
        {"required": ["category"], "properties": {"category": {"type": "string"},
                                                  "variables": {"maxItems": 0}}},
        {"required": ["variables"], "properties": {"category": {"type": "null"},
                                                   "variables": {"minItems": 1}}},
    ]


def _set_in_strings(schema: dict[str, Any], key: str, value: object) -> None:
    """Set `key` on the schema of a string field (or on its string option, when optional)."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option[key] = value


def _ids(data: Mapping[str, Any], field: str) -> list[str]:
    """The ids written in a top-level list (``variables``, ``cards``, ...), in file order."""
    items = data.get(field)
    if not isinstance(items, list):
        return []
    found = [item["id"] for item in items
             if isinstance(item, Mapping) and isinstance(item.get("id"), str)]
    return list(dict.fromkeys(found))


def condition_pattern(names: Sequence[str]) -> str:
    """An ECMAScript/Python regular expression that a condition over `names` matches.

    A regular expression cannot count parentheses, so this is the condition grammar of
    :mod:`morgenmaken.scenario.expressions` with parentheses allowed anywhere around an
    operand: it catches an unknown name, a stray character, a missing operand and an
    operator typo (``=>``), which are the mistakes authors make; :func:`parse` stays the
    judge of the rest.
    """
    known = sorted({*names, *BUILTIN_NAMES}, key=lambda name: (-len(name), name))
    name = "(?:" + "|".join(re.escape(n) for n in known) + ")(?![A-Za-z0-9_])"
    operand = (r"(?:(?:not(?![A-Za-z0-9_])|-|\()\s*)*"
               rf"(?:{_NUMBER}|{name})(?:\s*\))*")
    operator = rf"(?:{_COMPARE}|{_ARITH}|and(?![A-Za-z0-9_])|or(?![A-Za-z0-9_]))"
    # More than MAX_NESTING parentheses in a row nest too deep for validate as well.
    too_deep = rf"(?!.*(?:\(\s*){{{MAX_NESTING + 1}}})"
    return rf"^{too_deep}\s*{operand}(?:\s*{operator}\s*{operand})*\s*$"


def _narrow(schema: dict[str, Any], allowed: list[str], kind: str,
            lang: str = "nl") -> dict[str, Any]:
    """The schema of an id field (or a list of ids) narrowed to `allowed`."""
    enum: dict[str, Any] = {"enum": allowed} if allowed else {"not": {}}
    kinds = t(f"scn.kinds.{kind}", lang)
    hint = (t("ref.schema.one_of_file", lang, kinds=kinds, ids=", ".join(allowed)) if allowed
            else t("ref.schema.none_in_file", lang, kinds=kinds))
    description = f"{schema.get('description', '')} {hint}".strip()
    if schema.get("type") == "array":
        items = {**schema.get("items", {}), **enum}
        items.pop("pattern", None)
        return {**schema, "items": items, "description": description}
    if "anyOf" in schema:  # optional: the id or null
        options = []
        for option in schema["anyOf"]:
            if option.get("type") == "string":
                option = {k: v for k, v in option.items() if k != "pattern"} | enum
            options.append(option)
        return {**schema, "anyOf": options, "description": description}
    narrowed = {k: v for k, v in schema.items() if k != "pattern"} | enum
    narrowed["description"] = description
    return narrowed


def _with_pattern(schema: dict[str, Any], pattern: str) -> dict[str, Any]:
    if "anyOf" in schema:
        options = [option | {"pattern": pattern} if option.get("type") == "string" else option
                   for option in schema["anyOf"]]
        return {**schema, "anyOf": options}
    return {**schema, "pattern": pattern}


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


#: Top-level lists whose items carry an id that must be unique, with the kind for messages.
ID_LISTS = ("sources", "variables", "trends", "roles", "cards", "events", "end_conditions")


def _per_item(data: Mapping[str, Any], field: str, hands: set[str]) -> list[dict[str, Any]]:
    """Per item written in a list of the file, what validate checks against other fields.

    JSON Schema cannot compare two fields, but a schema made for one file can check each item
    against the values the file holds (``prefixItems``, item by item): an id not used by an
    earlier item, a baseline inside its own range, critical not above warning, a card that is
    in a role's hand, a trend that does not end before it starts.
    """
    items = data.get(field)
    if not isinstance(items, list):
        return []
    seen: list[str] = []
    found = []
    for item in items:
        item = item if isinstance(item, Mapping) else {}
        rules: dict[str, Any] = {}
        if seen:
            rules["id"] = {"not": {"enum": list(seen)}}
        if isinstance(item.get("id"), str):
            seen.append(item["id"])
        if field == "variables":
            rules.update(_variable_rules(item))
        elif field == "cards":
            rules["id"] = {**rules.get("id", {}), "enum": sorted(hands) or ["-"]}
        elif field == "trends":
            start = _number(item.get("from_round", 1))
            if start is not None:
                rules["until_round"] = {"anyOf": [{"type": "null"}, {"minimum": start}]}
        found.append({"properties": rules} if rules else {})
    return found


def _variable_rules(item: Mapping[str, Any]) -> dict[str, Any]:
    written = item.get("range")
    low, high = (0.0, 100.0)
    if isinstance(written, list) and len(written) == 2:
        low_, high_ = _number(written[0]), _number(written[1])
        if low_ is not None and high_ is not None:
            low, high = low_, high_
    rules: dict[str, Any] = {
        "baseline": {"minimum": low, "maximum": high},
        "range": {"prefixItems": [{"exclusiveMaximum": high}]},
    }
    baseline = _number(item.get("baseline"))
    if baseline is not None:  # collapse at or above the baseline ends every game at once
        rules["collapse"] = {"anyOf": [{"type": "null"}, {"exclusiveMaximum": baseline}]}
    warning = _number(item.get("warning"))
    if warning is not None:
        rules["critical"] = {"anyOf": [{"type": "null"}, {"maximum": warning}]}
    return rules


def _hand_rules(data: Mapping[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    """Per role, no card that an earlier hand (or earlier in this hand) already holds; and
    every card id in some hand."""
    roles = data.get("roles")
    held: list[str] = []
    found = []
    for role in roles if isinstance(roles, list) else []:
        cards = role.get("cards") if isinstance(role, Mapping) else None
        positions = []
        for card in cards if isinstance(cards, list) else []:
            positions.append({"not": {"enum": list(held)}} if held else {})
            if isinstance(card, str):
                held.append(card)
        found.append({"properties": {"cards": {"prefixItems": positions}}} if positions else {})
    return found, set(held)


def schema_for(data: Mapping[str, Any], lang: str = "nl") -> dict[str, Any]:
    """A schema for the scenario whose YAML data is `data`: the general schema with every
    reference an enum of the file's own ids and every condition a pattern of its names, its
    descriptions in `lang`."""
    document = copy.deepcopy(scenario_schema(lang))
    variables = _ids(data, "variables")
    known = {"variables": variables, "cards": _ids(data, "cards"),
             "roles": _ids(data, "roles"), "sources": _ids(data, "sources")}
    definitions = document["$defs"]
    for model, field, kind in REFERENCES:
        properties = definitions[model]["properties"]
        properties[field] = _narrow(properties[field], known[kind], kind, lang)
    pattern = condition_pattern(variables)
    for model, field in CONDITIONS:
        properties = definitions[model]["properties"]
        properties[field] = _with_pattern(properties[field], pattern)
    hands, held = _hand_rules(data)
    properties = document["properties"]
    for field in ID_LISTS:
        per_item = hands if field == "roles" else _per_item(data, field, held)
        if any(per_item):
            properties[field] = {**properties[field],
                                 "allOf": [{"prefixItems": per_item}]}
    used = sorted({item.get("category") for item in data.get("variables") or []
                   if isinstance(item, Mapping) and isinstance(item.get("category"), str)})
    component = definitions["ScoreComponent"]["properties"]
    component["category"] = {**component["category"],
                             "anyOf": [{"type": "null"}, {"enum": used or ["-"]}]}
    _player_bounds(document, data)
    title = data.get("title")
    name = title.get("nl") if isinstance(title, Mapping) else None
    document["title"] = t("ref.schema.title_for", lang, name=name or data.get("id", "?"))
    counts = {kind: t(counted(f"ref.schema.{kind}", len(known[kind])), lang,
                      count=len(known[kind])) for kind in ("variables", "cards", "roles",
                                                           "sources")}
    document["description"] = t("ref.schema.made_for", lang, **counts)
    return document


def _player_bounds(document: dict[str, Any], data: Mapping[str, Any]) -> None:
    """``min_players`` at most the file's ``max_players``, and the other way round."""
    properties = document["properties"]
    low, high = data.get("min_players"), data.get("max_players")
    defaults = {"min": properties["min_players"].get("default", 2),
                "max": properties["max_players"].get("default", 6)}
    low_value = _number(low) if low is not None else float(defaults["min"])
    high_value = _number(high) if high is not None else float(defaults["max"])
    if low_value is not None:
        properties["max_players"] = {**properties["max_players"], "minimum": max(
            properties["max_players"].get("minimum", 1), low_value)}
    if high_value is not None:
        properties["min_players"] = {**properties["min_players"], "maximum": min(
            properties["min_players"].get("maximum", 6), high_value)}
