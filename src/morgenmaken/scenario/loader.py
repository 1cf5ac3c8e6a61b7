"""Load a scenario from YAML, reporting every problem at ``file:line:column`` in plain English.

Scenario authors are staff, not programmers, so the loader's job is as much to explain as to
load. It works in four steps, collecting problems instead of stopping at the first:

1. **Read YAML safely** with :class:`ScenarioLoader`, a ``SafeLoader`` that drops the YAML 1.1
   surprises: only ``true``/``false`` are booleans (``no``, ``on``, ``y`` stay text, so the
   Norwegian problem cannot turn a word into ``False``), ``1:30`` stays text instead of the
   number 90, ``010`` is ten (not octal eight; ``0o52`` is octal, as in YAML 1.2 and every
   editor), and dates stay text.
2. **Check the node tree** (``compose``): duplicate keys, which PyYAML would silently resolve
   to the last one, are errors; so are aliases that loop or explode in size, and ``.nan``.
3. **Validate the models** strictly (JSON semantics, so ``"62"`` is not a number and ``"no"``
   is not a boolean), and map each pydantic error location back to the node tree.
4. **Check references** between ids and conditions (:mod:`morgenmaken.scenario.checks`).

Steps 1 to 3 are public (:func:`read_text_file`, :func:`read_tree`, :func:`validate_model`),
because other files staff write — the werksessie plans — deserve the same located errors.

Usage::

    try:
        scenario = load_scenario("scenarios/drenthe.yaml")
    except ScenarioError as error:
        print(error)  # one "path:line:column: message" per problem
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from morgenmaken.scenario.checks import check_references
from morgenmaken.scenario.diagnostics import Diagnostic, Loc, translate_errors
from morgenmaken.scenario.images import check_image_files, check_image_paths
from morgenmaken.scenario.models import Scenario
from morgenmaken.scenario.warnings import scenario_warnings
from morgenmaken.storage import (
    PLAN_LIMIT,
    SCENARIO_LIMIT,
    UnreadableFile,
    decode_text,
    read_user_file,
)

__all__ = [
    "Diagnostic",
    "NodeLocator",
    "ScenarioError",
    "ScenarioLoader",
    "check_scenario_file",
    "check_scenario_text",
    "load_scenario",
    "load_scenario_text",
    "read_mapping",
    "read_text_file",
    "read_tree",
    "sort_diagnostics",
    "validate_model",
]

#: The model a YAML document is validated against (a Scenario, a werksessie Plan, ...).
ModelT = TypeVar("ModelT", bound=BaseModel)

#: More values than this after expanding aliases means a mistake (or an attack), not a scenario.
MAX_EXPANDED_NODES = 200_000

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_KEY = "<<"
_KEPT_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"}


class ScenarioError(Exception):
    """A scenario that cannot be loaded, with every problem found, each located in the file.

    The whole list is reported at once so that an author fixes a file in one pass instead of
    one error per run.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(diagnostic) for diagnostic in self.diagnostics)


# --- step 1: a YAML loader without YAML 1.1 surprises -------------------------------------

class ScenarioLoader(yaml.SafeLoader):
    """A ``SafeLoader`` with YAML 1.2 core scalars: only true/false are booleans, no
    sexagesimal numbers, ``010`` is ten (``0o12`` octal), no dates. Explicit tags with bad
    values are load errors, not Python exceptions."""

    def construct_strict_bool(self, node: yaml.Node) -> bool:
        """``!!bool`` accepts only true/false, so ``!!bool maybe`` is a located error."""
        value = str(self.construct_scalar(node))  # type: ignore[arg-type]
        if value.lower() not in ("true", "false"):
            raise yaml.constructor.ConstructorError(
                None, None, f"'{value}' is not a boolean; write true or false", node.start_mark)
        return value.lower() == "true"

    def construct_decimal_int(self, node: yaml.Node) -> int:
        """Base 10 unless written ``0o``/``0x``: an author writing ``010`` means ten, not octal
    eight (as in YAML 1.2)."""
        value = str(self.construct_scalar(node))  # type: ignore[arg-type]
        try:
            if value[:2] in ("0o", "0x"):
                # YAML 1.2 writes octal and hex this way, and so reads every editor and
                # check-jsonschema: 0o52 is 42 everywhere, so validate agrees.
                return int(value[2:], 8 if value[1] == "o" else 16)
            return int(value.replace("_", ""), 10)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{value}' is not a whole number", node.start_mark) from None

    def construct_checked_float(self, node: yaml.Node) -> float:
        """PyYAML's float reading, but ``!!float abc`` is a located error, not a crash."""
        try:
            return float(self.construct_yaml_float(node))  # type: ignore[arg-type]
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a number", node.start_mark) from None

    def construct_text(self, node: yaml.Node) -> str:
        """Dates stay text: no scenario field is a date, and a ``date`` is not plain data."""
        return str(self.construct_scalar(node))  # type: ignore[arg-type]


def _kept_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """SafeLoader's implicit resolvers minus the ones this loader replaces or drops."""
    kept: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        survivors = [(tag, regexp) for tag, regexp in entries if tag in _KEPT_TAGS]
        if survivors:
            kept[first] = survivors
    return kept


ScenarioLoader.yaml_implicit_resolvers = _kept_resolvers()
ScenarioLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"), list("tTfF"))
ScenarioLoader.add_implicit_resolver(
    _INT_TAG, re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
ScenarioLoader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?
                  |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
                  |[-+]?\.(?:inf|Inf|INF)
                  |\.(?:nan|NaN|NAN))$""", re.VERBOSE),
    list("-+0123456789."))
ScenarioLoader.add_constructor(_BOOL_TAG, ScenarioLoader.construct_strict_bool)
ScenarioLoader.add_constructor(_INT_TAG, ScenarioLoader.construct_decimal_int)
ScenarioLoader.add_constructor(_FLOAT_TAG, ScenarioLoader.construct_checked_float)
ScenarioLoader.add_constructor(_TIMESTAMP_TAG, ScenarioLoader.construct_text)


# --- locating a loc tuple in the node tree ------------------------------------------------

class NodeLocator:
    """Maps a document location such as ``("cards", 3, "effects", 0, "variable")`` to the
    1-based ``(line, column)`` where it is written; implements the ``Locate`` protocol.

    Where the path leaves the file (a missing field, a default value) it stops at the deepest
    node that exists, which is the mapping an author must edit.
    """

    def __init__(self, root: yaml.Node | None, text: str) -> None:
        self.root = root
        self.text = text

    def find(self, loc: Loc) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """The deepest node along `loc`, the key node of the last step taken, and whether
        the whole of `loc` was found."""
        node, key_node = self.root, None
        for part in loc:
            step = self._step(node, part)
            if step is None:
                return node, key_node, False
            key_node, node = step
        return node, key_node, True

    @staticmethod
    def _step(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None,
                                                                 yaml.Node] | None:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            # The last occurrence wins, as it does in the constructed dict.
            for key, value in reversed(node.value):
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    return key, value
            return None
        if (isinstance(node, yaml.SequenceNode) and isinstance(part, int)
                and 0 <= part < len(node.value)):
            return None, node.value[part]
        return None

    def __call__(self, loc: Loc, offset: int | None = None, *,
                 key: bool = False) -> tuple[int, int]:
        node, key_node, found = self.find(loc)
        if node is None:
            return (1, 1)
        if key and found and key_node is not None:
            node = key_node
        mark = node.start_mark
        if offset is not None and found and isinstance(node, yaml.ScalarNode):
            shift = self._text_shift(node)
            if shift is not None:
                return (mark.line + 1, mark.column + 1 + shift + offset)
        return (mark.line + 1, mark.column + 1)

    def _text_shift(self, node: yaml.ScalarNode) -> int | None:
        """Columns between the node's start and its first character of text, when the
        written text equals the value (single line, no escapes); else None."""
        start, end = node.start_mark, node.end_mark
        if start.line != end.line:
            return None
        raw = self.text[start.index:end.index]
        if node.style is None and raw == node.value:
            return 0
        if node.style in ("'", '"') and raw == f"{node.style}{node.value}{node.style}":
            return 1
        return None


# --- step 2: checks on the node tree ------------------------------------------------------

def _walk(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every distinct node once (aliases share nodes, so shared ones are not revisited)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _duplicate_keys(node: yaml.MappingNode, path: str) -> list[Diagnostic]:
    """Repeated keys in one mapping, located at the repeat: PyYAML would keep only the last
    silently, so an author's first value would vanish without a word."""
    first: dict[str, yaml.Node] = {}
    found: list[Diagnostic] = []
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.value == _MERGE_KEY:
            continue
        if key.value in first:
            earlier = first[key.value].start_mark.line + 1
            found.append(Diagnostic(
                path, key.start_mark.line + 1, key.start_mark.column + 1,
                f"duplicate key '{key.value}' (first at line {earlier}); remove one"))
        else:
            first[key.value] = key
    return found


def _not_finite(node: yaml.ScalarNode, path: str) -> list[Diagnostic]:
    """``.nan`` and ``.inf`` parse as numbers but would poison every sum in the engine."""
    if node.tag == _FLOAT_TAG and node.value.lower().lstrip("+-") in (".inf", ".nan"):
        return [Diagnostic(path, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"'{node.value}' is not a usable number; write a finite number")]
    return []


def _expansion_problem(root: yaml.Node, path: str) -> Diagnostic | None:
    """An alias that contains itself, or aliases expanding to a huge document.

    Both would make validation loop or exhaust memory ("billion laughs"), so they are
    refused before the document is built.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in active:
            raise _Loop(node)
        active.add(id(node))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1 + sum(size(child) for child in children)
        active.discard(id(node))
        sizes[id(node)] = total
        return total

    try:
        total = size(root)
    except _Loop as loop:
        mark = loop.node.start_mark
        return Diagnostic(path, mark.line + 1, mark.column + 1,
                          "this anchor (&name) is used inside itself (*name); "
                          "an alias must not contain itself")
    if total > MAX_EXPANDED_NODES:
        return Diagnostic(path, 1, 1, f"the aliases (*name) in this file expand to {total} "
                          f"values (more than {MAX_EXPANDED_NODES}); write the values out")
    return None


class _Loop(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__("alias loop")
        self.node = node


def _tree_problems(root: yaml.Node, path: str) -> list[Diagnostic]:
    """Duplicate keys and unusable numbers, found before any Python object is built."""
    found: list[Diagnostic] = []
    for node in _walk(root):
        if isinstance(node, yaml.MappingNode):
            found.extend(_duplicate_keys(node, path))
        elif isinstance(node, yaml.ScalarNode):
            found.extend(_not_finite(node, path))
    return found


# --- turning YAML errors into diagnostics -------------------------------------------------

_YAML_HINTS = (
    ("that cannot start any token", "'\\t'", "tabs are not allowed in YAML; indent with "
                                             "spaces"),
    ("that cannot start any token", "", "this character cannot start a value in YAML; put "
                                        "the value in quotes"),
    ("could not determine a constructor", "", "YAML tags ('!name') are not supported in "
                                              "scenarios; remove the tag"),
    ("found undefined alias", "", "this alias (*name) has no anchor (&name) above it; define "
                                  "the anchor first or write the value out"),
    ("mapping values are not allowed here", "", "a ':' where YAML does not expect one; put "
                                                "text containing ': ' in quotes, or check the "
                                                "indentation"),
    ("could not find expected ':'", "", "a line without 'key: value'; add the ':' or check "
                                        "the indentation of this and the previous line"),
    ("did not find expected key", "", "the indentation does not match the lines above; "
                                      "line up keys of the same mapping"),
    ("expected <block end>, but found", "", "the indentation does not match the lines above; "
                                            "line up keys of the same mapping"),
    ("sequence entries are not allowed here", "", "a '-' here starts a list item; to write "
                                                  "a minus sign as a value, put it in quotes, "
                                                  "e.g. sign: '-'"),
    ("found unexpected end of stream", "", "a quote or bracket is never closed"),
    ("expected a single document", "", "a second document starts here ('---'); keep one "
                                       "scenario per file"),
)


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem text, with advice for the mistakes authors actually make."""
    problem = str(error.problem or error.context or "the YAML could not be read")
    context = str(error.context or "")
    if "flow sequence" in context or "flow mapping" in context:
        start = error.context_mark.line + 1 if error.context_mark is not None else 0
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return (f"the '{bracket}' opened on line {start} is not closed with '{closing}', or an "
                f"item misses its ',' (YAML: {problem})")
    for needle, detail, advice in _YAML_HINTS:
        if needle in f"{problem} {context}" and detail in problem:
            return f"{advice} (YAML: {problem})"
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark is not None and error.problem:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return message


def _yaml_diagnostic(error: yaml.YAMLError, text: str, path: str) -> Diagnostic:
    """Locate any PyYAML error: marked errors at their mark, reader errors by index."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return Diagnostic(path, line, column, _yaml_message(error))
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position_of(text, error.position)
        code = (f"U+{error.character:04X}" if isinstance(error.character, int)
                else repr(error.character))
        return Diagnostic(path, line, column, f"the file contains a character that YAML "
                          f"does not allow ({code}); remove it")
    return Diagnostic(path, 1, 1, f"YAML error: {error}")


def _position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# --- steps 3 and 4: validation and reference checks ---------------------------------------

def read_tree(text: str, path: str) -> tuple[yaml.Node | None, object, list[Diagnostic]]:
    """Compose and construct the document; the node tree is kept for locating errors.

    Steps 1 and 2 for any YAML file an author writes (scenarios, werksessie plans): returns
    the node tree (None for an empty file or unreadable YAML), the plain data built from it
    (None when it could not be built) and the located problems found on the way.
    """
    try:
        loader = ScenarioLoader(text)  # the reader already rejects unprintable characters
    except yaml.YAMLError as error:
        return None, None, [_yaml_diagnostic(error, text, path)]
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, []
        expansion = _expansion_problem(root, path)
        if expansion is not None:
            return root, None, [expansion]
        problems = _tree_problems(root, path)
        return root, loader.construct_document(root), problems
    except yaml.YAMLError as error:
        return None, None, [_yaml_diagnostic(error, text, path)]
    except RecursionError:
        return None, None, [Diagnostic(path, 1, 1, "the file is nested too deeply to read")]
    finally:
        loader.dispose()


def validate_model(model: type[ModelT], data: dict[object, object], locate: NodeLocator,
                   path: str) -> tuple[ModelT | None, list[Diagnostic]]:
    """Strict validation with JSON semantics: ``"62"`` is not a number, ``"no"`` not a bool.

    Going through JSON is the simplest way to get pydantic's strict *JSON* rules, which accept
    what YAML naturally produces (lists for tuples, strings for enums) and nothing looser.
    Step 3 for any model read from YAML: every error located through `locate`.
    """
    try:
        payload = json.dumps(data, default=str)
    except (TypeError, ValueError) as error:
        return None, [Diagnostic(path, 1, 1, f"the file holds a value that is not plain "
                                 f"data ({error}); use text, numbers, lists and mappings")]
    try:
        return model.model_validate_json(payload, strict=True), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
    if _whole_floats_to_ints(errors, data):
        return validate_model(model, data, locate, path)
    return None, translate_errors(errors, model, locate, path)


def _whole_floats_to_ints(errors: list[Any], data: object) -> bool:
    """Turn ``delay: 2.0`` into ``2`` where a whole number is expected, in `data` itself.

    JSON Schema (and so every editor) counts 2.0 as an integer; validate must agree, or the
    editor accepts what validate refuses. 2.5 stays an error. True when anything changed.
    """
    changed = False
    for item in errors:
        value = item.get("input")
        if item["type"] != "int_type" or not isinstance(value, float) or not value.is_integer():
            continue
        *parents, last = item["loc"]
        holder = data
        for part in parents:
            holder = holder[part]  # type: ignore[index]
        if isinstance(holder, dict | list):
            holder[last] = int(value)  # type: ignore[index]
            changed = True
    return changed


def _references_despite_errors(data: dict[object, object], locate: NodeLocator,
                               path: str) -> list[Diagnostic]:
    """Reference errors in the parts of a scenario that are otherwise valid.

    An author should see every error in one run, including an unknown variable in a card
    while another card has a wrong type. So the items that fail validation (a whole card,
    variable, event, ...) are set aside, the rest is validated again and its references are
    checked, with list positions mapped back to the file. A reference to an id that was set
    aside is not reported: that item's own error is. Gives up (reports nothing more) when a
    required top-level field itself is broken.
    """
    pruned: dict[object, object] = dict(data)
    kept: dict[str, list[int]] = {}  # list field -> original index of each kept item
    set_aside: set[str] = set()
    for _ in range(4):
        try:
            payload = json.dumps(pruned, default=str)
            scenario = Scenario.model_validate_json(payload, strict=True)
        except (TypeError, ValueError) as error:
            if not isinstance(error, ValidationError):
                return []
            if not _set_aside(pruned, kept, set_aside, error):
                return []
            continue

        def mapped(loc: Loc, offset: int | None = None, *, key: bool = False) -> tuple[int, int]:
            if len(loc) >= 2 and isinstance(loc[0], str) and loc[0] in kept:
                loc = (loc[0], kept[loc[0]][int(loc[1])], *loc[2:])
            return locate(loc, offset, key=key)

        found = check_references(scenario, mapped, path)  # type: ignore[arg-type]
        # Only what setting items aside cannot have caused: unknown ids (other than those
        # set aside) and conditions that do not parse. Checks about what is missing (a card
        # in no hand, a category with no variables) could be echoes of the set-aside items.
        return [d for d in found
                if (d.message.startswith("unknown ") or "does not parse" in d.message)
                and not any(f"'{gone}'" in d.message for gone in set_aside)]
    return []


_REQUIRED = {(info.alias or name) for name, info in Scenario.model_fields.items()
             if info.is_required()}


def _set_aside(pruned: dict[object, object], kept: dict[str, list[int]], set_aside: set[str],
               error: ValidationError) -> bool:
    """Remove the top-level list items (or optional fields) that `error` blames.

    Returns False when nothing could be removed, i.e. the remaining error is in a required
    top-level field.
    """
    drop: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        field = loc[0] if loc else None
        if not isinstance(field, str):
            return False
        value = pruned.get(field)
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(value, list):
            drop.setdefault(field, set()).add(loc[1])
        elif field in pruned and (field not in _REQUIRED):  # optional, or unknown
            del pruned[field]
        else:
            return False
    for field, positions in drop.items():
        items = pruned[field]
        assert isinstance(items, list)
        origin = kept.setdefault(field, list(range(len(items))))
        for position in positions:
            entry = items[position]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                set_aside.add(entry["id"])
        pruned[field] = [x for i, x in enumerate(items) if i not in positions]
        kept[field] = [o for i, o in enumerate(origin) if i not in positions]
    return True


def read_mapping(text: str, path: str, *, kind: str, start: str, fields: str,
                 ) -> tuple[NodeLocator | None, dict[object, object] | None, list[Diagnostic]]:
    """Read a YAML document whose top level must be a mapping (a scenario, a plan).

    Returns the locator, the data and the problems so far; the data is None when there is
    nothing to validate, with a problem saying how a file of this `kind` starts (`start`) or
    which `fields` its top level holds.
    """
    root, data, problems = read_tree(text, path)
    if root is None and not problems:
        problems = [Diagnostic(path, 1, 1, f"the {kind} file is empty; start with {start}")]
    if root is None or (data is None and problems):
        return None, None, problems
    locate = NodeLocator(root, text)
    if not isinstance(data, dict):
        line, column = locate(())
        return locate, None, [*problems, Diagnostic(
            path, line, column, f"the top level of a {kind} must be a mapping of fields "
            f"({fields}), not a single value or a list")]
    return locate, data, problems


def check_scenario_text(text: str, path: str = "<scenario>", folder: Path | None = None,
                        ) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario (or None) and every diagnostic, warnings included, sorted by position.

    Meant for a ``validate`` command or an editor integration that shows warnings too;
    :func:`load_scenario_text` is the same with errors raised. With `folder` (the scenario
    file's folder) the images it refers to are looked up there too.
    """
    locate, data, problems = read_mapping(
        text, path, kind="scenario", start="'id: <scenario id>' and 'title: {nl: ...}'",
        fields="'id: ...', 'title: ...', ...")
    if locate is None or data is None:
        return None, sort_diagnostics(problems)
    scenario, errors = validate_model(Scenario, data, locate, path)
    problems.extend(errors)
    if scenario is not None:
        problems.extend(check_references(scenario, locate, path))
        problems.extend(check_image_paths(scenario, locate, path))
        if folder is not None:
            problems.extend(check_image_files(scenario, folder, locate, path))
        if not any(p.severity == "error" for p in problems):
            # Warnings need a scenario whose references hold; with errors they would be
            # guesses about a file the author is about to change anyway.
            problems.extend(scenario_warnings(scenario, locate, path))
    elif errors:
        problems.extend(_references_despite_errors(data, locate, path))
    if any(p.severity == "error" for p in problems):
        return None, sort_diagnostics(problems)
    return scenario, sort_diagnostics(problems)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """By position, without exact repeats (an alias can make one node fail twice)."""
    return sorted(set(diagnostics), key=lambda d: (d.line, d.column, d.message))


def load_scenario_text(text: str, path: str = "<scenario>",
                       folder: Path | None = None) -> Scenario:
    """Parse and check a scenario; raises :class:`ScenarioError` listing every error.

    `path` is only used in the diagnostics, so editors can jump to the spot; `folder` is
    where its images are looked up (see :func:`check_scenario_text`).
    """
    scenario, diagnostics = check_scenario_text(text, path, folder)
    if scenario is None:
        raise ScenarioError([d for d in diagnostics if d.severity == "error"])
    return scenario


def read_text_file(path: str | Path, kind: str = "scenario") -> tuple[str | None,
                                                                      list[Diagnostic]]:
    """The text of an author's file, or None and the located reason it cannot be read
    (`kind` names the file in the message: "scenario", "plan").

    Read through :func:`morgenmaken.storage.read_user_file`: only a regular file, never
    more than the limit of its kind, so a pipe or ``/dev/zero`` cannot hang a validate.
    """
    shown = str(path)
    limit = PLAN_LIMIT if kind == "plan" else SCENARIO_LIMIT
    try:
        raw = read_user_file(path, limit)
        return decode_text(raw, path), []
    except UnreadableFile as error:
        line, column = (int(str(error.values.get("line", 1))),
                        int(str(error.values.get("column", 1))))
        if error.key == "file.not_utf8":
            return None, [Diagnostic(shown, line, column, "the file is not valid UTF-8 text; "
                                     "save it as UTF-8 in your editor")]
        return None, [Diagnostic(shown, line, column,
                                 f"cannot read the {kind} file: {error.reason('en')}")]


def read_scenario_file(path: str | Path) -> str:
    """The text of a scenario file as UTF-8; an unreadable or badly encoded file is a
    :class:`ScenarioError` located at the first byte that went wrong."""
    text, problems = read_text_file(path, "scenario")
    if text is None:
        raise ScenarioError(problems)
    return text


def load_scenario(path: str | Path) -> Scenario:
    """Load and check a scenario file; raises :class:`ScenarioError` listing every error."""
    return load_scenario_text(read_scenario_file(path), str(path), Path(path).parent)


def check_scenario_file(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario in a file (or None) and every diagnostic, warnings included.

    What ``morgenmaken validate`` and a hot reload need: nothing is raised, an unreadable file
    is a diagnostic like any other, and the images are looked up in the file's own folder.
    """
    try:
        text = read_scenario_file(path)
    except ScenarioError as error:
        return None, error.diagnostics
    return check_scenario_text(text, str(path), Path(path).parent)
