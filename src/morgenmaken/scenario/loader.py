"""Load a scenario from YAML, reporting every problem at ``file:line:column`` in plain words.

Every message is a :class:`~morgenmaken.i18n.Phrase` of ``locale/scenario.yaml``, so each
reader (validate's ``--lang``, the window, the web pages) gets it in Dutch or English; the
English is also the diagnostic's ``message``. A file over :data:`CHUNKED_ABOVE` bytes is read
a chunk of list items at a time (:func:`_read_chunked`), with the same result; where a chunk
is written plainly, rapidyaml turns it into JSON for pydantic without a Python object per value
(:func:`_fast_scenario`), trusted only where its reading provably equals the chunked one (any
other chunk is read by libyaml, as the chunked reader does). Errors in list items are judged a
chunk at a time, with the chunked reader's words and places; what the fast path cannot vouch
for goes to the chunked reader, the reference.

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

import bisect
import contextlib
import gc
import json
import math
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path
from types import UnionType
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from morgenmaken.i18n import Phrase, phrase
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
    megabytes,
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

class _Refused(yaml.constructor.ConstructorError):
    """A scalar this loader refuses, with its words as a :class:`Phrase`."""

    def __init__(self, words: Phrase, mark: Any) -> None:
        super().__init__(None, None, words.text("en"), mark)
        self.words = words


class _Scalars:
    """YAML 1.2 core scalars: only true/false are booleans, no sexagesimal numbers, ``010``
    is ten (``0o12`` octal), no dates. Explicit tags with bad values are load errors, not
    Python exceptions. Mixed into the pure-Python and the libyaml loader alike."""

    construct_scalar: Any
    construct_yaml_float: Any

    def construct_strict_bool(self, node: yaml.Node) -> bool:
        """``!!bool`` accepts only true/false, so ``!!bool maybe`` is a located error."""
        value = str(self.construct_scalar(node))  # type: ignore[arg-type]
        if value.lower() not in ("true", "false"):
            raise _Refused(phrase("scn.not_boolean", value=value), node.start_mark)
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
            raise _Refused(phrase("scn.not_whole", value=value), node.start_mark) from None

    def construct_checked_float(self, node: yaml.Node) -> float:
        """PyYAML's float reading, but ``!!float abc`` is a located error, not a crash."""
        try:
            return float(self.construct_yaml_float(node))  # type: ignore[arg-type]
        except ValueError:
            raise _Refused(phrase("scn.not_number", value=node.value),
                           node.start_mark) from None

    def construct_text(self, node: yaml.Node) -> str:
        """Dates stay text: no scenario field is a date, and a ``date`` is not plain data."""
        return str(self.construct_scalar(node))  # type: ignore[arg-type]


class ScenarioLoader(_Scalars, yaml.SafeLoader):  # type: ignore[misc]
    """The pure-Python ``SafeLoader`` with :class:`_Scalars`: its error messages are the
    ones the advice below knows, so a file that does not parse is read again with it."""


#: libyaml's loader (C, about twenty times faster, and it keeps line and column), where
#: PyYAML was built with it; otherwise the pure-Python one.
FastLoader: type = ScenarioLoader
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Scalars, yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """:class:`ScenarioLoader` on libyaml, with the tags of plain scalars remembered:
        libyaml asks Python for every scalar's tag, and a scenario repeats the same short
        values (keys, ids, small numbers) all over, so this saves a third of its reading."""

        _tags: ClassVar[dict[str, str]] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is yaml.ScalarNode and implicit[0]:
                first = value[:1]
                if first and first not in _RESOLVED_FIRST:
                    return _STR_TAG  # no implicit type starts so: text (ids, words)
                if first in _NUMBER_FIRST:  # the int and float resolvers, in their order
                    return (_INT_TAG if _INT_PATTERN.match(value)
                            else _FLOAT_TAG if _FLOAT_PATTERN.match(value) else _STR_TAG)
                tag = self._tags.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    # numbers are mostly unique (57.2388...): caching them fills the cache
                    if len(value) <= 40 and len(self._tags) < 50_000 \
                            and value[:1] not in _NUMBER_FIRST:
                        self._tags[value] = tag
                return tag
            return super().resolve(kind, value, implicit)

        # No path resolvers are registered: libyaml need not ask about every node's path.
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    FastLoader = _FastLoader

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_FIRST = frozenset("-+0123456789.")


#: Below this size a file that does not parse is read again by the pure-Python loader, for
#: its messages (above it, libyaml's own message is given: reading a huge file twice in
#: pure Python would take minutes).
_REREAD_LIMIT = 2_000_000


def _kept_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """SafeLoader's implicit resolvers minus the ones this loader replaces or drops."""
    kept: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        survivors = [(tag, regexp) for tag, regexp in entries if tag in _KEPT_TAGS]
        if survivors:
            kept[first] = survivors
    return kept


_INT_PATTERN = re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_PATTERN = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)
                         (?:[eE][-+]?[0-9]+)?
                      |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
                      |[-+]?\.(?:inf|Inf|INF)
                      |\.(?:nan|NaN|NAN))$""", re.VERBOSE)


def _configure(loader: Any) -> None:
    """The same resolvers and constructors on either loader."""
    loader.yaml_implicit_resolvers = _kept_resolvers()
    loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"), list("tTfF"))
    loader.add_implicit_resolver(_INT_TAG, _INT_PATTERN, list("-+0123456789"))
    loader.add_implicit_resolver(_FLOAT_TAG, _FLOAT_PATTERN, list("-+0123456789."))
    loader.add_constructor(_BOOL_TAG, _Scalars.construct_strict_bool)
    loader.add_constructor(_INT_TAG, _Scalars.construct_decimal_int)
    loader.add_constructor(_FLOAT_TAG, _Scalars.construct_checked_float)
    loader.add_constructor(_TIMESTAMP_TAG, _Scalars.construct_text)


_configure(ScenarioLoader)
if FastLoader is not ScenarioLoader:
    _configure(FastLoader)

#: First characters of every implicit (unquoted) type the loaders resolve (booleans, numbers,
#: null, the merge key), taken from their resolvers: a plain value starting otherwise is text.
_RESOLVED_FIRST = frozenset(first for first in FastLoader.yaml_implicit_resolvers if first)


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
        if not node.style and raw == node.value:  # plain: None in PyYAML, "" in libyaml
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
            found.append(Diagnostic.of(
                path, key.start_mark.line + 1, key.start_mark.column + 1,
                phrase("scn.duplicate_key", key=key.value, line=earlier)))
        else:
            first[key.value] = key
    return found


#: Tags a scenario may carry (written or implied): plain text, numbers, true/false, null,
#: lists and mappings. ``!!binary``, ``!!set``, ``!!omap`` and the like build Python objects
#: that no field takes, so they are refused where they are written.
_PLAIN_TAGS = {"tag:yaml.org,2002:str", _INT_TAG, _FLOAT_TAG, _BOOL_TAG,
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
               "tag:yaml.org,2002:merge", _TIMESTAMP_TAG}

#: No number in a scenario is anywhere near this; beyond it sums lose all precision (and
#: ``1e309`` is already infinite).
MAX_NUMBER = 1e12

#: Lists and mappings nested deeper than this are a mistake (a scenario is five deep).
MAX_DEPTH = 64

#: Text (in characters) the aliases of a file may expand to, at the least; a file may always
#: expand to twice its own size.
MAX_EXPANDED_TEXT = 20_000_000


def _at(node: yaml.Node, path: str, words: Phrase) -> Diagnostic:
    return Diagnostic.of(path, node.start_mark.line + 1, node.start_mark.column + 1, words)


def _shown(value: str) -> str:
    """A written value for a message, shortened (a 5,000-digit number is not repeated)."""
    return value if len(value) <= 24 else value[:20] + "..."


def _number_problem(node: yaml.ScalarNode, path: str) -> Diagnostic | None:
    """Numbers that parse but would poison every sum in the engine: infinite (``.inf``,
    ``1e309``, ``!!float inf``), not a number (``.nan``, ``!!float nan``), or absurdly large
    (a 5,000-digit integer), in any spelling."""
    if node.tag not in (_FLOAT_TAG, _INT_TAG):
        return None
    text = str(node.value).strip().replace("_", "")
    if node.tag == _INT_TAG and len(text.lstrip("+-")) <= 15:
        return None
    if node.tag == _INT_TAG and len(text.lstrip("+-")) > 40:  # not even worth converting
        return _at(node, path, phrase("scn.number_too_large", value=_shown(node.value)))
    try:
        if node.tag == _INT_TAG and text[:2].lower() not in ("0o", "0x"):
            value = float(text) if len(text) < 400 else float("inf")
        elif node.tag == _INT_TAG:
            value = float(int(text[2:], 8 if text[1] in "oO" else 16)) if len(text) < 60 \
                else float("inf")
        else:
            lowered = text.lower().lstrip("+-")
            value = float(text.lower().replace(".inf", "inf").replace(".nan", "nan")) \
                if lowered not in (".inf", ".nan") else float(lowered.strip("."))
    except (ValueError, OverflowError):
        return None  # not a number at all: the constructor says so, located
    if math.isnan(value) or math.isinf(value):
        return _at(node, path, phrase("scn.number_nan" if math.isnan(value)
                                      else "scn.number_infinite", value=_shown(node.value)))
    if abs(value) > MAX_NUMBER:
        return _at(node, path, phrase("scn.number_too_large", value=_shown(node.value)))
    return None


def _tag_problem(node: yaml.Node, path: str) -> Diagnostic | None:
    """A tag other than the plain ones, written in the file (``!!binary``, ``!!set``...)."""
    if node.tag in _PLAIN_TAGS:
        return None
    tag = str(node.tag)
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") \
        else tag
    return _at(node, path, phrase("scn.tag", tag=_shown(shown)))


def _expansion_problem(root: yaml.Node, path: str, written: int) -> Diagnostic | None:
    """An alias that contains itself, nesting too deep, or aliases expanding to a huge
    document (in values or in text).

    All would make validation loop, overflow the stack or exhaust memory ("billion laughs",
    also with one long string repeated), so they are refused before anything is built.
    Computed without recursion, each shared node once.
    """
    expanded = _expanded(root, path)
    if isinstance(expanded, Diagnostic):
        return expanded
    values, texts = expanded
    return _over_limits(path, values, texts, sum(1 for _ in _walk(root)), written)


def _over_limits(path: str, values: int, texts: int, distinct: int,
                 written: int) -> Diagnostic | None:
    """The expansion limits, one place for the whole reader and the chunked one: aliases may
    stand for twice the values the file holds (at least MAX_EXPANDED_NODES) and twice the
    text it is long (at least MAX_EXPANDED_TEXT), so a real file's reuse passes and a
    billion laughs does not."""
    node_limit = max(MAX_EXPANDED_NODES, 2 * distinct)
    text_limit = max(MAX_EXPANDED_TEXT, 2 * written)
    if values > node_limit:
        return Diagnostic.of(path, 1, 1, phrase("scn.alias_values", count=values,
                                                limit=node_limit))
    if texts > text_limit:
        return Diagnostic.of(path, 1, 1, phrase("scn.alias_text",
                                                millions=texts // 1_000_000,
                                                limit=text_limit // 1_000_000))
    return None


def _expanded(root: yaml.Node, path: str,
              depth: int = 1) -> Diagnostic | tuple[int, int]:
    """The values and the characters of text `root` stands for with every alias expanded,
    or the problem that forbids expanding it (an alias that contains itself, nesting
    deeper than :data:`MAX_DEPTH`, counted from `depth`, the root's own depth)."""
    nodes: dict[int, int] = {}
    text: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, depth, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            nodes[key] = 1 + sum(nodes[id(child)] for child in children)
            text[key] = sum(text[id(child)] for child in children)
            active.discard(key)
            continue
        if key in nodes:
            continue
        if key in active:
            return _at(node, path, phrase("scn.alias_loop"))
        if depth > MAX_DEPTH:
            return _at(node, path, phrase("scn.too_deep", depth=MAX_DEPTH))
        if isinstance(node, yaml.ScalarNode):
            nodes[key] = 1
            text[key] = len(node.value)
            continue
        active.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node)
                     if id(child) not in nodes)
    return nodes[id(root)], text[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _tree_problems(root: yaml.Node, path: str, shared: bool = True,
                   depth: int = 1) -> tuple[list[Diagnostic], bool]:
    """Duplicate keys, unusable numbers and tags, and nesting too deep, found before any
    Python object is built; and whether the document may be built at all (not with a tag,
    an unusable number or too deep a nesting, whose construction could itself fail or build
    something no field takes).

    One tight walk without recursion, for a file with aliases (a plain tree is checked while
    it is built, by :func:`_checked_build`). With `shared` False nodes are not
    deduplicated.
    """
    found: list[Diagnostic] = []
    blocking = False
    seen: set[int] = set()
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    plain, numbers = _PLAIN_TAGS, (_INT_TAG, _FLOAT_TAG)
    stack: list[tuple[yaml.Node, int]] = [(root, depth)]
    while stack:
        node, depth = stack.pop()
        if shared:
            if id(node) in seen:
                continue
            seen.add(id(node))
        tag = node.tag
        if tag not in plain:
            problem = _tag_problem(node, path)
            if problem is not None:
                found.append(problem)
                blocking = True
            continue
        if node.__class__ is scalar:
            if tag in numbers and (tag == _FLOAT_TAG or len(node.value) > 15):
                problem = _number_problem(node, path)  # type: ignore[arg-type]
                if problem is not None:
                    found.append(problem)
                    blocking = True
            continue
        if depth > MAX_DEPTH:
            found.append(_at(node, path, phrase("scn.too_deep", depth=MAX_DEPTH)))
            return found, False
        if node.__class__ is mapping:
            pairs = node.value
            keys = [key.value for key, _ in pairs if key.__class__ is scalar]
            if len(set(keys)) != len(keys):
                found.extend(_duplicate_keys(node, path))  # type: ignore[arg-type]
            for key, value in pairs:
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in reversed(node.value))
    return found, not blocking


class _TooDeep(Exception):
    """Raised inside :func:`_checked_build` to stop at nesting deeper than MAX_DEPTH."""


def _checked_build(root: yaml.Node, loader: Any, path: str,
                   depth: int = 1) -> tuple[object, list[Diagnostic]]:
    """:func:`_tree_problems` and :func:`_build` in one walk, for a tree without aliases or
    merge keys: the data (None when it may not be built) and the problems, exactly as the
    two would give them one after the other, with each node visited once instead of twice
    (a 100,000-card file has four million).

    A value whose construction fails (``!!bool maybe``) is raised as its YAML error, as
    :func:`_build` would, unless the tree check blocks building, which then wins.
    """
    found: list[Diagnostic] = []
    blocked = False
    failed: yaml.YAMLError | None = None
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    plain, text_tag, null_tag = _PLAIN_TAGS, "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"

    def build(node: yaml.Node, level: int) -> object:
        nonlocal blocked, failed
        tag = node.tag
        if tag not in plain:
            problem = _tag_problem(node, path)
            if problem is not None:
                found.append(problem)
                blocked = True
            return None
        if node.__class__ is scalar:
            if tag == text_tag:
                return node.value
            if tag == _FLOAT_TAG or (tag == _INT_TAG and len(node.value) > 15):
                problem = _number_problem(node, path)  # type: ignore[arg-type]
                if problem is not None:
                    found.append(problem)
                    blocked = True
                    return None
            if blocked or failed is not None:
                return None
            try:
                if tag == _INT_TAG:
                    value = node.value
                    if value.isascii() and value.isdigit():  # the usual case, at once
                        return int(value)
                    return loader.construct_decimal_int(node)
                if tag == _FLOAT_TAG:
                    value = node.value
                    if "_" not in value and ":" not in value:
                        with contextlib.suppress(ValueError):  # then worded below
                            return float(value)
                    return loader.construct_checked_float(node)
                if tag == _BOOL_TAG:
                    return loader.construct_strict_bool(node)
            except yaml.YAMLError as error:
                failed = error
                return None
            if tag == null_tag:
                return None
            return str(node.value)  # a date, kept as text
        if level > MAX_DEPTH:
            found.append(_at(node, path, phrase("scn.too_deep", depth=MAX_DEPTH)))
            raise _TooDeep
        if node.__class__ is mapping:
            pairs = node.value
            keys = [key.value for key, _ in pairs if key.__class__ is scalar]
            if len(set(keys)) != len(keys):
                found.extend(_duplicate_keys(node, path))  # type: ignore[arg-type]
            built: dict[object, object] = {}
            for key_node, value_node in pairs:
                key = build(key_node, level + 1)
                value = build(value_node, level + 1)
                if isinstance(key, list | dict):
                    if failed is None:
                        failed = yaml.constructor.ConstructorError(
                            "while constructing a mapping", node.start_mark,
                            "found unhashable key", key_node.start_mark)
                    continue
                built[key] = value
            return built
        return [build(child, level + 1) for child in node.value]

    try:
        data = build(root, depth)
    except _TooDeep:
        return None, found
    if blocked:
        return None, found
    if failed is not None:
        raise failed
    return data, found


#: An alias (``*name``) as YAML writes it: after a space, an indicator or at a line's start.
#: Where none can be, the nodes form a tree and the expansion need not be computed.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]", re.MULTILINE)


def _has_alias(text: str) -> bool:
    """Whether `text` may use an alias (:data:`_ALIAS`); without a ``*`` at all it cannot,
    and finding that out is a hundred times quicker than the pattern's search."""
    return "*" in text and _ALIAS.search(text) is not None


# --- turning YAML errors into diagnostics -------------------------------------------------

_YAML_HINTS = (
    ("that cannot start any token", "'\\t'", "scn.yaml.tab"),
    ("that cannot start any token", "", "scn.yaml.bad_start"),
    ("could not determine a constructor", "", "scn.yaml.tag"),
    ("found undefined alias", "", "scn.yaml.undefined_alias"),
    ("mapping values are not allowed here", "", "scn.yaml.colon"),
    ("could not find expected ':'", "", "scn.yaml.no_colon"),
    ("did not find expected key", "", "scn.yaml.indent"),
    ("expected <block end>, but found", "", "scn.yaml.indent"),
    ("sequence entries are not allowed here", "", "scn.yaml.dash"),
    ("found unexpected end of stream", "", "scn.yaml.unclosed"),
    ("expected a single document", "", "scn.yaml.second_document"),
    # libyaml's words for the same mistakes (it reads files too big to read twice)
    ("mapping values are not allowed in this context", "", "scn.yaml.colon"),
    ("found unexpected ':'", "", "scn.yaml.colon"),
    ("found a tab character", "", "scn.yaml.tab"),
    ("did not find expected '-' indicator", "", "scn.yaml.indent"),
    ("block sequence entries are not allowed", "", "scn.yaml.dash"),
    # the rarer ones, in both readers' words
    ("found unknown escape character", "", "scn.yaml.escape"),
    ("expected alphabetic or numeric character", "", "scn.yaml.anchor_name"),
    ("found duplicate anchor", "", "scn.yaml.duplicate_anchor"),
    ("directive", "", "scn.yaml.directive"),
    ("tag handle", "", "scn.yaml.tag"),
    ("while scanning a tag", "", "scn.yaml.tag"),
    ("while parsing a tag", "", "scn.yaml.tag"),
    ("<document start>", "", "scn.yaml.document_start"),
    ("while scanning a block scalar", "", "scn.yaml.block_scalar"),
    ("node content", "", "scn.yaml.no_value"),
    ("comment or a line break", "", "scn.yaml.line_end"),
    ("comment or line break", "", "scn.yaml.line_end"),
)


def _yaml_message(error: yaml.MarkedYAMLError) -> Phrase:
    """PyYAML's problem text, with advice for the mistakes authors actually make.

    The advice is said in the reader's language; PyYAML's own words (English, and the
    parser's vocabulary) follow it in English only, for whoever searches for them. A problem
    no advice knows still gets a Dutch sentence that says where to look (the diagnostic's
    line and column, and the line where the broken part began), never the reader's English."""
    if isinstance(error, _Refused):
        return error.words
    problem = str(error.problem or error.context or "the YAML could not be read")
    context = str(error.context or "")
    detail = phrase("scn.yaml.detail", problem=problem)
    if "flow sequence" in context or "flow mapping" in context:
        start = error.context_mark.line + 1 if error.context_mark is not None else 0
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return phrase("scn.yaml.unclosed_bracket", bracket=bracket, line=start,
                      closing=closing, detail=detail)
    for needle, wanted, key in _YAML_HINTS:
        if needle in f"{problem} {context}" and wanted in problem:
            return phrase("scn.yaml.advised", advice=phrase(key), detail=detail)
    if error.context and error.context_mark is not None and error.problem:
        return phrase("scn.yaml.syntax_at", problem=problem, context=error.context,
                      line=error.context_mark.line + 1)
    return phrase("scn.yaml.syntax", problem=problem)


def _yaml_diagnostic(error: yaml.YAMLError, text: str, path: str) -> Diagnostic:
    """Locate any PyYAML error: marked errors at their mark, reader errors by index."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return Diagnostic.of(path, line, column, _yaml_message(error))
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position_of(text, error.position)
        code = (f"U+{error.character:04X}" if isinstance(error.character, int)
                else repr(error.character))
        return Diagnostic.of(path, line, column, phrase("scn.bad_character", code=code))
    return Diagnostic.of(path, 1, 1, phrase("scn.yaml.syntax", problem=str(error)))


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

    Line ends are made ``\n`` first (an old Mac editor writes ``\r`` alone, which would put
    every location on line 1), characters YAML does not allow are found before parsing (the
    same message from either loader), and the file is read by libyaml where it is available.
    """
    text = normalise_line_ends(text)
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = _position_of(text, bad.start())
        return None, None, [Diagnostic.of(path, line, column, phrase(
            "scn.bad_character", code=f"U+{ord(bad.group()):04X}"))]
    try:
        return _read_tree(FastLoader, text, path)
    except yaml.YAMLError as error:
        if FastLoader is ScenarioLoader or len(text) > _REREAD_LIMIT:
            return None, None, [_yaml_diagnostic(error, text, path)]
    try:  # the pure-Python loader's messages are the ones the advice knows
        return _read_tree(ScenarioLoader, text, path)
    except yaml.YAMLError as error:
        return None, None, [_yaml_diagnostic(error, text, path)]


#: What YAML's reader refuses (control characters and the like); the same set as PyYAML's.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010ffff]")


def normalise_line_ends(text: str) -> str:
    """``\r\n`` and a lone ``\r`` as ``\n``, so lines are counted as the editor shows them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _read_tree(loader_class: Any, text: str,
               path: str) -> tuple[yaml.Node | None, object, list[Diagnostic]]:
    """:func:`read_tree` with one loader; YAML errors are raised for the caller to word."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, []
        shared = _has_alias(text)
        if shared:
            expansion = _expansion_problem(root, path, len(text))
            if expansion is not None:
                return root, None, [expansion]
        if not shared and "<<" not in text:  # a plain tree: checked and built in one walk
            data, problems = _checked_build(root, loader, path)
            return root, data, problems
        problems, buildable = _tree_problems(root, path, shared)
        if not buildable:
            return root, None, problems
        return root, loader.construct_document(root), problems  # aliases, merge keys
    except RecursionError:
        return None, None, [Diagnostic.of(path, 1, 1, phrase("scn.nested_unreadable"))]
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
    except (TypeError, ValueError):
        return None, [Diagnostic.of(path, 1, 1, phrase("scn.not_plain_data"))]
    found, errors, _ = _validate_payload(model, payload, locate, path, data)
    return found, errors


def _validate_payload(model: type[ModelT], payload: str, locate: NodeLocator, path: str,
                      data: object = None,
                      ) -> tuple[ModelT | None, list[Diagnostic], object]:
    """:func:`validate_model` from the JSON text of the data; on failure also the data it
    was judged on (read back from `payload` when not given: a big scenario's data need not
    live beside its models while they are built, since all that is ever judged is its JSON).
    """
    try:
        return model.model_validate_json(payload, strict=True), [], None
    except ValidationError as error:
        errors = error.errors(include_url=False)
    if data is None:
        data = json.loads(payload)
    if _whole_floats_to_ints(errors, data):
        return _validate_payload(model, json.dumps(data, default=str), locate, path, data)
    return None, translate_errors(errors, model, locate, path), data


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
            if not _set_aside(pruned, kept, set_aside, error.errors(include_url=False)):
                return []
            continue

        return _references_of_the_rest(scenario, kept, set_aside, locate, path)
    return []


def _references_of_the_rest(scenario: Scenario, kept: dict[str, list[int]],
                            set_aside: set[str], locate: NodeLocator,
                            path: str) -> list[Diagnostic]:
    """The reference errors of a scenario whose failing items were set aside: `kept` gives,
    per list that lost items, the position in the file of each item left, and `set_aside`
    the ids of the items taken out."""

    def mapped(loc: Loc, offset: int | None = None, *, key: bool = False) -> tuple[int, int]:
        if len(loc) >= 2 and isinstance(loc[0], str) and loc[0] in kept:
            loc = (loc[0], kept[loc[0]][int(loc[1])], *loc[2:])
        return locate(loc, offset, key=key)

    def kept_problem(words: Phrase) -> bool:
        # Only what setting items aside cannot have caused: unknown ids (other than those
        # set aside) and conditions that do not parse. Checks about what is missing (a card
        # in no hand, a category with no variables) could be echoes of the set-aside items.
        message = words.text("en")
        return ((message.startswith("unknown ") or "does not parse" in message)
                and not any(f"'{gone}'" in message for gone in set_aside))

    # a reference to an id set aside names it ('v0'): never kept, so not even looked at
    return check_references(scenario, mapped, path,  # type: ignore[arg-type]
                            ignored=frozenset(set_aside), keep=kept_problem)


_REQUIRED = {(info.alias or name) for name, info in Scenario.model_fields.items()
             if info.is_required()}


def _set_aside(pruned: dict[object, object], kept: dict[str, list[int]], set_aside: set[str],
               errors: list[Any]) -> bool:
    """Remove the top-level list items (or optional fields) that `error` blames.

    Returns False when nothing could be removed, i.e. the remaining error is in a required
    top-level field.
    """
    drop: dict[str, set[int]] = {}
    for item in errors:
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


# --- big files: read in chunks, so the whole node tree never exists at once ----------------

#: Files above this size (as big as the re-read limit above: a big file) are read in chunks
#: where they can be (see :func:`_read_chunked`).
CHUNKED_ABOVE = 2_000_000

#: List items per chunk: small enough that a chunk's node tree is a few MB, large enough
#: that the per-chunk cost (a loader, a locator) stays negligible.
CHUNK_ITEMS = 500

#: A top-level key, at a line's start: its name and what follows it on the line.
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]([^\n]*))?(?=\n|\Z)")
#: Where a line starts with a letter (or '_'): the only lines a top-level key can be on.
_LETTER_LINE = re.compile(r"\n(?=[A-Za-z_])")
#: A line starting with a character other than a space, '-' or '#' (matched at the line
#: break before it): the end of the lines that belong to a top-level key.
_TOP_LINE = re.compile(r"\n(?=[^ \-#\n])")
#: A line with something other than whitespace or a comment.
_CONTENT_LINE = re.compile(r"(?:\A|(?<=\n))[^\S\n]*[^\s#]")
_ITEM = re.compile(r"( *)-(?= |\n|\Z)")


@dataclass(frozen=True)
class _Chunk:
    """Some consecutive items of a top-level list: the list position of the first one, where
    they start in the file (0-based line), and where their lines are in the file's text (kept
    as a place, not a copy: a 100,000-card file's chunks would be 33 MB more, all along)."""

    first: int
    line: int
    source: str
    start: int
    end: int
    #: how many items it holds where every line its list's items may start on does start one
    #: (a line of a text spanning lines can look so: then the chunk reads fewer, and its
    #: items' places in the list would be wrong; such a file is read whole)
    count: int = 0
    #: the cut file it belongs to, for the anchors its aliases need (see :class:`_File`)
    file: _File | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        """The chunk's lines as written, each ended by a line break."""
        return self.source[self.start:self.end] + "\n"


@dataclass(frozen=True)
class _List:
    """A chunked top-level list: its key, the key's line (start, end after its line break,
    0-based line number), where each item may start (every line at the items' indentation
    that starts with '-': a line inside a text that spans lines may be among them, see
    :meth:`_File.unit`) and the line break that ends its last item."""

    key: str
    key_start: int
    key_end: int
    key_line: int
    starts: list[int]
    end: int


@dataclass(frozen=True)
class _Unit:
    """What defines an anchor outside the chunk whose alias needs it, copied whole into
    that chunk's :class:`_View`: an item of a chunked list (`owner`) or, where `owner` is
    None, a top-level entry of the skeleton; its place in the file and first line."""

    owner: _List | None
    start: int
    end: int
    line: int


class _GiveUp(Exception):
    """What the chunks cannot carry after all (an anchor on a chunked list itself, a unit
    that does not read back as one item, an alias that loops): the whole reader reads it."""


class _Recount(Exception):
    """A chunk whose aliases add more values (or text) than it holds: whether the whole file
    is within the expansion limits is counted first (:meth:`_File.expansion_problem`), before
    anything more is built from it."""


#: An anchor or alias name as both of PyYAML's scanners read it.
_NAME = re.compile(r"[0-9A-Za-z_-]+")


def _marked(text: str, sign: str, before: str, start: int = 0,
            end: int | None = None) -> Iterator[tuple[int, str]]:
    """Where `sign` (``&`` or ``*``) starts a name in `text[start:end]`, after whitespace, a
    line's start or one of `before`, with the name: what YAML may read as an anchor or an
    alias (and more: such a sign inside a quoted text too). Found with ``str.find`` (C):
    the same search by a pattern took a second over a 33 MB file."""
    end = len(text) if end is None else end
    at = text.find(sign, start, end)
    while at >= 0:
        previous = text[at - 1] if at > 0 else "\n"
        if previous.isspace() or previous in before:
            name = _NAME.match(text, at + 1, end)
            if name is not None:
                yield at, name.group()
        at = text.find(sign, at + 1, end)


def _anchor_names(text: str, start: int = 0, end: int | None = None,
                  ) -> Iterator[tuple[int, str]]:
    """The places and names of what may be anchors (``&name`` after whitespace, a line's
    start, ``[``, ``{`` or ``,``: where YAML may write one, and more, never less)."""
    return _marked(text, "&", "[{,", start, end)


def _alias_names(text: str, start: int = 0, end: int | None = None,
                 ) -> Iterator[tuple[int, str]]:
    """The places and names of what may be aliases (as :data:`_ALIAS` finds them)."""
    return _marked(text, "*", "[{,:-", start, end)


class _View:
    """Parts of the file read as one document, each whole lines copied as written (so every
    value is at its own column): a chunk's own lines after the list items and top-level
    entries that define the anchors its aliases need, under their lists' key lines, so that
    libyaml resolves the aliases exactly as it does reading the whole file. Its lines and
    places are counted back to the file's here; `dropped` is how many items of the chunk's
    own list come before its own (they are other chunks' items), `counts` the items each
    other list part holds (None for a top-level entry), to check that the view reads as
    it was put together."""

    def __init__(self, source: str, parts: list[tuple[int, int, int]], dropped: int,
                 counts: list[int | None], foreign: list[bool] | None = None) -> None:
        parts = [part for part in parts if part[0] < part[1]]
        pieces = [source[start:end] for start, end, _ in parts]
        if any(not piece.endswith("\n") for piece in pieces[:-1]):
            raise _GiveUp  # (only the file's last line may lack a line break)
        self._source = source
        self._parts = parts
        self.dropped = dropped
        self.counts = counts
        self._lines: list[int] = []  # the view's line (0-based) where each part starts
        self._file_lines: list[int] = []  # that line's in the file
        #: the view's places of the parts that are other chunks' (see :meth:`own_nodes`)
        self.foreign: list[tuple[int, int]] = []
        self._nulls: set[int] = set()  # the nulls :meth:`top` put in the lists' places
        self._places: list[tuple[int, int, int]] = []  # each part's place: file's, view's
        line = index = 0
        for at, ((start, end, file_line), piece) in enumerate(zip(parts, pieces, strict=True)):
            self._lines.append(line)
            self._file_lines.append(file_line)
            self._places.append((start, end, index))
            if foreign is not None and foreign[at]:
                self.foreign.append((index, index + len(piece)))
            line += piece.count("\n")
            index += len(piece)
        #: where the chunk's own lines start in the view's text
        self.own_from = index - len(pieces[-1])

    @property
    def text(self) -> str:
        """The view's text, made when read (views are kept for the chunks' locators: their
        texts would be the whole file again, all along)."""
        text = "".join(self._source[start:end] for start, end, _ in self._parts)
        return text if text.endswith("\n") else text + "\n"

    def index(self, at: int) -> int | None:
        """The view's place of the file's `at`, or None where the view does not hold it."""
        for start, end, index in self._places:
            if start <= at < end:
                return index + at - start
        return None

    def line(self, line: int) -> int:
        """The file's line (1-based) of the view's `line` (1-based)."""
        at = bisect.bisect_right(self._lines, line - 1) - 1
        return self._file_lines[at] + line - self._lines[at]

    def top(self, root: yaml.Node | None, counts: dict[str, int]) -> yaml.MappingNode | None:
        """The skeleton's own node tree from this view of the top level (the chunked lists'
        items that define anchors put in, `counts` of them per list): each chunked list's
        value null, as in the skeleton without them; None where the view did not read as
        it was put together."""
        if not isinstance(root, yaml.MappingNode):
            return None
        pairs = []
        for key, value in root.value:
            count = counts.get(key.value) if isinstance(key, yaml.ScalarNode) else None
            if count:
                if not isinstance(value, yaml.SequenceNode) or len(value.value) != count:
                    return None
                value = yaml.ScalarNode(_NULL_TAG, "", value.start_mark, value.start_mark)
                self._nulls.add(id(value))
            pairs.append((key, value))
        return yaml.MappingNode(root.tag, pairs, root.start_mark, root.end_mark,
                                flow_style=root.flow_style)

    def own_nodes(self, root: yaml.Node) -> tuple[int, int]:
        """The distinct values under `root` (itself too) written in this view's own parts,
        and their characters of text (as :func:`_own_nodes`)."""
        starts = [start for start, _ in self.foreign]
        count = text = 0
        for node in _walk(root):
            at = node.start_mark.index
            inside = bisect.bisect_right(starts, at) - 1
            if inside >= 0 and at < self.foreign[inside][1] and id(node) not in self._nulls:
                continue
            count += 1
            if node.__class__ is yaml.ScalarNode:
                text += len(node.value)
        return count, text

    def own(self, root: yaml.Node | None) -> yaml.SequenceNode | None:
        """The chunk's own items, from the view's node tree, as one list (the items that
        define anchors left out: they are their own chunk's); None where the view did not
        read as it was put together."""
        if not isinstance(root, yaml.MappingNode) or len(root.value) != len(self.counts) + 1:
            return None
        for (_, value), count in zip(root.value, self.counts, strict=False):
            if count is not None and (not isinstance(value, yaml.SequenceNode)
                                      or len(value.value) != count):
                return None
        items = root.value[-1][1]
        if not isinstance(items, yaml.SequenceNode) or len(items.value) <= self.dropped:
            return None
        return yaml.SequenceNode(items.tag, items.value[self.dropped:], items.start_mark,
                                 items.end_mark, flow_style=items.flow_style)


class _File:
    """A cut file as its chunks need it: where its anchors may be, and the lists, chunks
    and top-level entries that hold them, so a chunk whose alias names an anchor outside it
    is read together with what defines it (:meth:`view`) instead of the whole file being
    read at once. `unbounded` once the whole file's expansion has been counted and found
    within the limits (see :func:`_shared_build`)."""

    def __init__(self, text: str, chunks: dict[str, list[_Chunk]]) -> None:
        self.text = text
        self.chunks = chunks
        self.lists: list[_List] = []
        self.skeleton = ""
        self.removed: list[tuple[int, int]] = []  # each list's lines, taken out of the skeleton
        self.unbounded = False
        self._anchors: dict[str, int] | None = None
        self._order: list[_Chunk] | None = None
        self._views: dict[int, _View | None] = {}
        self._items: dict[int, list[int]] = {}
        self._entries: list[tuple[int, int]] | None = None
        self._units: dict[int, _Unit] = {}
        self._anchored: dict[int, tuple[str, int, int, int] | None] = {}
        #: the top level as read with the list items its aliases need (see :meth:`top_view`)
        self.top: _View | None = None
        #: per chunked list, how many of its items :attr:`top` holds
        self.top_counts: dict[str, int] = {}
        #: the top level's values, text and distinct values with aliases expanded, where it
        #: has aliases (else counted when needed, see :meth:`expansion_problem`)
        self.top_totals: tuple[int, int, int] | None = None
        #: the top level's alias that contains itself or nests too deep, located in the file
        self.top_problem: Diagnostic | None = None
        #: where the top level forbids building the file (see :func:`_read_chunk`): whether
        #: it holds a tag or an unusable number, its tree problems and a value a
        #: constructor refuses, located in the file (see :func:`_read_skeleton`)
        self.top_stop: tuple[bool, list[Diagnostic], Diagnostic | None] | None = None
        #: the top level's problems where it may be built all the same (a key written
        #: twice), located in the file
        self.top_problems: list[Diagnostic] = []

    @property
    def anchors(self) -> dict[str, int]:
        """Where each anchor name is written (:func:`_anchor_names`; the file was cut only
        where no name is found twice, see :func:`_may_cut`)."""
        if self._anchors is None:
            self._anchors = {name: at for at, name in _anchor_names(self.text)} \
                if "&" in self.text else {}
        return self._anchors

    def order(self) -> list[_Chunk]:
        """Every chunk, in the file's order."""
        if self._order is None:
            self._order = sorted(chain.from_iterable(self.chunks.values()),
                                 key=attrgetter("start"))
        return self._order

    def _chunk_at(self, at: int) -> _Chunk | None:
        order = self.order()
        found = bisect.bisect_right([chunk.start for chunk in order], at) - 1
        if found >= 0 and order[found].start <= at < order[found].end:
            return order[found]
        return None

    def _list_at(self, at: int) -> _List | None:
        for owner in self.lists:
            if owner.key_start <= at <= owner.end:
                return owner
        return None

    def view(self, chunk: _Chunk) -> _View | None:
        """What `chunk` is to be read as: None where its aliases need no anchor from
        elsewhere in the file (it is read alone), else a :class:`_View` with the items and
        entries that define them, and those that define what their own aliases need."""
        if chunk.start not in self._views:
            self._views[chunk.start] = self._view(chunk)
        return self._views[chunk.start]

    def _view(self, chunk: _Chunk) -> _View | None:
        if not _has_alias(chunk.text):
            return None
        units: dict[int, _Unit] = {}
        todo = [(chunk.start, chunk.end)]
        while todo:
            start, end = todo.pop()
            for _, name in _alias_names(self.text, start, end):
                anchor = self.anchors.get(name)
                if anchor is None or anchor >= start:
                    continue  # in the part itself, or after it: composing it says
                unit = self.unit(anchor)
                if unit.start not in units:
                    units[unit.start] = unit
                    todo.append((unit.start, unit.end))
        if not units:
            return None
        owner = self._list_at(chunk.start)
        assert owner is not None
        groups: dict[int, list[tuple[int, int, int]]] = {}
        for unit in sorted(units.values(), key=attrgetter("start")):
            if unit.owner is None:
                groups[unit.start] = [(unit.start, unit.end, unit.line)]
            else:
                groups.setdefault(unit.owner.key_start, [
                    (unit.owner.key_start, unit.owner.key_end, unit.owner.key_line),
                ]).append((unit.start, unit.end, unit.line))
        own = groups.pop(owner.key_start, [(owner.key_start, owner.key_end, owner.key_line)])
        listed = {item.key_start for item in self.lists}
        counts: list[int | None] = [len(groups[at]) - 1 if at in listed else None
                                    for at in sorted(groups)]
        parts = [part for at in sorted(groups) for part in groups[at]]
        parts.extend(own)
        parts.append((chunk.start, chunk.end, chunk.line))
        return _View(self.text, parts, len(own) - 1, counts)

    def top_view(self) -> _View:
        """The top level (the skeleton) as one document with the chunked lists' items that
        define the anchors its aliases need (and those theirs need) in their lists' places,
        so libyaml resolves its aliases as the whole reader does."""
        units: dict[int, _Unit] = {}
        todo, start = [], 0
        for owner in self.lists:
            todo.append((start, owner.starts[0]))
            start = owner.end
        todo.append((start, len(self.text)))
        while todo:
            start, end = todo.pop()
            for at, name in _alias_names(self.text, start, end):
                anchor = self.anchors.get(name)
                if anchor is None or anchor >= at or self._chunk_at(anchor) is None:
                    continue  # after it (undefined, read whole: composing says), or top-level
                unit = self.unit(anchor)
                if unit.start not in units:
                    units[unit.start] = unit
                    todo.append((unit.start, unit.end))
        parts: list[tuple[int, int, int]] = []
        foreign: list[bool] = []
        start, line = 0, 0
        for owner in self.lists:
            found = self.chunks[owner.key]
            parts.append((start, owner.starts[0], line))
            foreign.append(False)
            mine = sorted((unit for unit in units.values() if unit.owner is owner),
                          key=attrgetter("start"))
            self.top_counts[owner.key] = len(mine)
            parts.extend((unit.start, unit.end, unit.line) for unit in mine)
            foreign.extend(True for _ in mine)
            start = owner.end
            if owner.end < len(self.text):  # the empty line left (see :func:`_split`)
                parts.append((owner.end, owner.end + 1, found[0].line))
                foreign.append(False)
                line = found[-1].line + self.text.count("\n", found[-1].start, owner.end) + 1
                start = owner.end + 1
        parts.append((start, len(self.text), line))
        foreign.append(False)
        return _View(self.text, parts, 0, [], foreign)

    def unit(self, anchor: int) -> _Unit:
        """The list item or top-level entry whose text holds the anchor at `anchor`.

        An item is found among the places its list's items may start (lines at their
        indentation starting with '-'), as the first one at or before where the item
        really starts (its first event, parsed): a line of a text spanning lines can look
        like an item's start, but only inside an item that has already begun. So a unit
        is an item as the whole reader reads it, never a piece of a text."""
        if anchor not in self._units:
            self._units[anchor] = self._unit(anchor)
        return self._units[anchor]

    def _unit(self, anchor: int) -> _Unit:
        chunk = self._chunk_at(anchor)
        if chunk is None:
            if self._list_at(anchor) is not None:
                raise _GiveUp  # on a chunked list's own key line (or a comment in it)
            entries = self.entries()
            at = bisect.bisect_right([start for start, _ in entries], anchor) - 1
            if at < 0:
                raise _GiveUp
            start, end = entries[at]
            return _Unit(None, start, end, self.text.count("\n", 0, start))
        owner = self._list_at(chunk.start)
        assert owner is not None
        items = self.items(chunk)
        at = bisect.bisect_right(items, anchor) - 1
        if at < 0:
            raise _GiveUp
        starts = owner.starts
        start = starts[bisect.bisect_right(starts, items[at]) - 1]
        end = (starts[bisect.bisect_right(starts, items[at + 1]) - 1] if at + 1 < len(items)
               else chunk.end + 1)
        if not start < end:
            raise _GiveUp
        return _Unit(owner, start, end, chunk.line + self.text.count("\n", chunk.start, start))

    def items(self, chunk: _Chunk) -> list[int]:
        """Where each item of `chunk` really starts in the file (its first event, as
        libyaml parses the chunk: the parser needs no anchor)."""
        if chunk.start not in self._items:
            starts = _top_events(chunk.text)
            self._items[chunk.start] = [chunk.start + at for at, _ in starts]
        return self._items[chunk.start]

    def entries(self) -> list[tuple[int, int]]:
        """Each top-level entry of the skeleton, as the lines from its key's to the next
        key's, in the file."""
        if self._entries is None:
            keys = [at for at, is_key in _top_events(self.skeleton) if is_key]
            starts = [self._file_index(self.skeleton.rfind("\n", 0, at) + 1) for at in keys]
            self._entries = list(zip(starts, [*starts[1:], len(self.text)], strict=True))
        return self._entries

    def _file_index(self, at: int) -> int:
        """The file's place of the skeleton's `at`."""
        moved = 0
        for start, stop in self.removed:
            if start - moved > at:
                break
            moved += stop - start
        return at + moved

    def anchor(self, name: str, before: int) -> tuple[str, int, int, int] | None:
        """The value of the anchor `name` as the whole reader builds it, where it is before
        `before` (in a chunk or the top level): its JSON (as the whole reader writes it for
        pydantic), the values and the characters of text it stands for (as
        :func:`_expanded` counts an alias to it) and how deep it nests; None where it is
        after, or has a problem of its own (its own part's reading words it, and libyaml
        reads the chunks that use it). A node starting where the anchor is written is
        what vouches that it is one (not the same signs inside a text)."""
        at = self.anchors.get(name)
        if at is None or at >= before:
            return None
        if at not in self._anchored:
            self._anchored[at] = self._anchor(at)
        return self._anchored[at]

    def _anchor(self, at: int) -> tuple[str, int, int, int] | None:
        chunk = self._chunk_at(at)
        try:
            if chunk is None:  # in the top level (not on a chunked list's key line)
                if self._list_at(at) is not None:
                    return None
                view = self.top or self.top_view()
                text, place = view.text, view.index(at)
            else:
                view = self.view(chunk)
                text = chunk.text if view is None else view.text
                place = at - chunk.start + (0 if view is None else view.own_from)
        except _GiveUp:
            return None
        loader = FastLoader(text)
        try:
            root = loader.get_single_node()
            if view is not None and chunk is not None:
                root = view.own(root)
            node = next((node for node in _walk(root) if node.start_mark.index == place),
                        None) if root is not None else None
            if node is None:
                return None
            problems, buildable = _tree_problems(node, "", True)
            expanded = _expanded(node, "")
            if problems or not buildable or isinstance(expanded, Diagnostic):
                return None
            data = json.dumps(loader.construct_document(node), default=str,
                              ensure_ascii=False)
        except (yaml.YAMLError, RecursionError, TypeError, ValueError):
            return None
        finally:
            loader.dispose()
        return data, expanded[0], expanded[1], _height(node)

    def expansion_problem(self, path: str) -> Diagnostic | None:
        """The whole reader's words for this file's aliases expanding to too much (in values
        or in text), or None where the whole file is within the limits: every part composed
        (each chunk with the anchors it needs) and counted, one at a time, so the count of a
        bomb spread over many chunks is the whole file's. Before that, an alias that contains
        itself or nests too deep: each part's first (as :func:`_expanded` finds it), and of
        those the latest in the file, since the whole reader walks the tree from its last
        value back (where one node is reached from several parts, the one it names may be
        another of the same loop: a located sentence that says what to change all the
        same). Raises :class:`_GiveUp` where a part does not compose."""
        values = texts = distinct = 0
        if self.top_totals is not None:
            values, texts, distinct = self.top_totals
        else:
            loader = FastLoader(self.skeleton)
            try:
                skeleton = _composed(loader, self.text, path, self)
            except (yaml.YAMLError, RecursionError):
                raise _GiveUp from None
            finally:
                loader.dispose()
            if skeleton is not None:
                expanded = _expanded(skeleton, path)
                if isinstance(expanded, Diagnostic):
                    raise _GiveUp  # (a plain top level with no alias: cannot loop)
                values, texts = expanded
                distinct = sum(1 for _ in _walk(skeleton))
            del skeleton
        problems = [] if self.top_problem is None else [self.top_problem]
        for chunk in self.order():
            view = self.view(chunk)
            loader = FastLoader(chunk.text if view is None else view.text)
            try:
                root = _composed(loader, self.text, path, self)
            except (yaml.YAMLError, RecursionError):
                raise _GiveUp from None
            finally:
                loader.dispose()
            if view is not None:
                root = view.own(root)
            if root is None:
                raise _GiveUp
            expanded = _expanded(root, path, depth=2)
            if isinstance(expanded, Diagnostic):
                problems.append(_shifted(expanded, chunk.line if view is None else view.line))
                continue
            values += expanded[0] - 1  # the list itself is the skeleton's (null there)
            texts += expanded[1]
            distinct += _own_nodes(root, 0 if view is None else view.own_from)[0]
        if problems:  # the whole reader walks the top level's last value first, and so on
            return max(problems, key=attrgetter("line"))
        return _over_limits(path, values, texts, distinct, len(self.text))


def _top_events(text: str) -> list[tuple[int, bool]]:
    """Where each value of the document's top collection starts in `text` (its first
    event, parsed by libyaml, which needs no anchor for that), and whether it is a key;
    raises :class:`_GiveUp` where the text does not parse."""
    loader = FastLoader(text)
    found: list[tuple[int, bool]] = []
    depth, mapping, key = 0, False, True
    starts = (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)
    try:
        while loader.check_event():
            event = loader.get_event()
            if depth == 1 and isinstance(event, starts):
                found.append((event.start_mark.index, mapping and key))
                key = not key
            if isinstance(event, yaml.CollectionStartEvent):
                if depth == 0:
                    mapping = isinstance(event, yaml.MappingStartEvent)
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        raise _GiveUp from None
    finally:
        loader.dispose()
    return found


def _height(node: yaml.Node, known: dict[int, int] | None = None) -> int:
    """How many levels `node` nests (a value 1, a list of values 2...), aliases followed
    (for a node :func:`_expanded` has found free of loops)."""
    known = {} if known is None else known
    if id(node) not in known:
        children = _children(node)
        known[id(node)] = 1 + max((_height(child, known) for child in children), default=0)
    return known[id(node)]


def _own_nodes(root: yaml.Node, own_from: int) -> tuple[int, int]:
    """The distinct values under `root` (not counting it) written from `own_from` on in its
    text, and their characters of text: a chunk's own, not those of the items its view
    holds for their anchors (counted in their own chunk)."""
    count = text = 0
    scalar = yaml.ScalarNode
    for node in _walk(root):
        if node is root or node.start_mark.index < own_from:
            continue
        count += 1
        if node.__class__ is scalar:
            text += len(node.value)
    return count, text


class ChunkedLocator(NodeLocator):
    """A :class:`NodeLocator` for a file read in chunks: the top level from the skeleton
    (the file with the chunked lists' lines taken out, see :func:`_split`: its lines are
    counted back to the file's here), a list item from its chunk, composed again when asked
    (the last few are kept: checks ask about the items in order). :meth:`find` gives a
    skeleton node with its line in the skeleton."""

    def __init__(self, skeleton: yaml.Node | None, text: str,
                 chunks: dict[str, list[_Chunk]]) -> None:
        super().__init__(skeleton, text)
        self.chunks = chunks
        self._firsts = {key: [chunk.first for chunk in found] for key, found in chunks.items()}
        self._kept: dict[tuple[str, int], _InChunk] = {}
        first = next(iter(chunks.values()), None)
        self._top = first[0].file.top if first and first[0].file is not None else None
        # per list taken out, in file order: the skeleton line (0-based) of the empty line
        # left where it was, and how many lines it had
        self._taken: list[tuple[int, int]] = []
        shift = 0
        for found in sorted(chunks.values(), key=lambda found: found[0].line):
            lines = found[0].source.count("\n", found[0].start, found[-1].end)
            self._taken.append((found[0].line - shift, lines))
            shift += lines

    def _file_line(self, line: int) -> int:
        """The file's line (1-based) of a skeleton line (1-based): the lines of the lists
        taken out before it added back (or, where the top level was read with items that
        define its aliases' anchors, the line its view gives)."""
        if self._top is not None:
            return self._top.line(line)
        added = 0
        for empty, lines in self._taken:
            if line - 1 <= empty:
                break
            added += lines
        return line + added

    def _chunk_of(self, loc: Loc) -> tuple[_Chunk, _InChunk, Loc] | None:
        if len(loc) < 2 or not isinstance(loc[0], str) or loc[0] not in self.chunks \
                or not isinstance(loc[1], int) or loc[1] < 0:
            return None
        key = loc[0]
        at = bisect.bisect_right(self._firsts[key], loc[1]) - 1
        chunk = self.chunks[key][at]
        found = self._kept.get((key, at))
        if found is None:
            found = _chunk_locator(chunk)
            if len(self._kept) >= 4:
                self._kept.pop(next(iter(self._kept)))
            self._kept[(key, at)] = found
        return chunk, found, (loc[1] - chunk.first, *loc[2:])

    def find(self, loc: Loc) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        inside = self._chunk_of(loc)
        if inside is None:
            return super().find(loc)
        return inside[1].find(inside[2])

    def __call__(self, loc: Loc, offset: int | None = None, *,
                 key: bool = False) -> tuple[int, int]:
        inside = self._chunk_of(loc)
        if inside is None:
            line, column = super().__call__(loc, offset, key=key)
            return self._file_line(line), column
        _, locate, within = inside
        line, column = locate(within, offset, key=key)
        return locate.file_line(line), column


class _InChunk(NodeLocator):
    """A chunk's :class:`NodeLocator` (its own items as the root), with its lines counted
    back to the file's (`file_line`)."""

    def __init__(self, root: yaml.Node | None, text: str,
                 file_line: Callable[[int], int]) -> None:
        super().__init__(root, text)
        self.file_line = file_line


def _chunk_locator(chunk: _Chunk) -> _InChunk:
    """The node tree of `chunk` (read with its :class:`_View` where it has one) for
    locating in it; with merge keys flattened as PyYAML's construction flattens them in the
    whole reader's tree (a value merged in is located where its anchor's mapping has it)."""
    view = chunk.file.view(chunk) if chunk.file is not None else None
    text = chunk.text if view is None else view.text
    loader = FastLoader(text)
    try:
        root = loader.get_single_node()
        if view is not None:
            root = view.own(root)
        if root is not None and "<<" in text:
            with contextlib.suppress(yaml.YAMLError, RecursionError):
                loader.construct_document(root)
    finally:
        loader.dispose()
    if view is None:
        return _InChunk(root, text, partial(int.__add__, chunk.line))
    return _InChunk(root, text, view.line)


def _split(text: str) -> tuple[str, dict[str, list[_Chunk]]] | None:
    """The skeleton and the chunks of a big file, or None when it is not laid out so that
    it can be cut safely (then it is read whole).

    Cut only between items of a top-level block list (``cards:`` followed by ``- ...`` lines
    at one indentation). A cut at the wrong place (inside a quoted text or a bracket that
    spans lines) leaves the chunk before it unreadable, and then the whole file is read as
    one, so cutting can never change what a file means. The lines are found by patterns
    searched in the text (in C), not line by line in Python: a 100,000-card file has two
    million lines (looking at each took a second, and their copies 190 MB).

    In the skeleton each chunked list's lines are taken out, an empty line left in their
    place (its key's value is null either way); :class:`ChunkedLocator` counts the lines
    after it back to the file's. Left blank, they were two million lines for libyaml to
    read past, a third of the skeleton's reading.
    """
    if "\n---" in text or text.startswith(("---", "%")) or "\n..." in text or "\t" in text:
        return None
    size = len(text)
    chunks: dict[str, list[_Chunk]] = {}
    file = _File(text, chunks)
    used: set[str] | None = None if "*" in text else set()  # the alias names, when needed
    blanked: list[tuple[int, int]] = []  # the chunked lists' places, taken out of the skeleton
    line, counted = 0, 0  # a line number (0-based) and where it was counted up to
    done = 0  # the end of the last region looked at: keys before it are inside it
    lines = _LETTER_LINE.finditer(text)
    for begin in (0, *(found.end() for found in lines)):
        top = _TOP_KEY.match(text, begin) if begin >= done else None
        if top is None:
            continue
        rest = (top.group(2) or "").strip()
        if rest and not rest.startswith("#"):
            if not rest.startswith("&"):
                continue  # a key with its value on its own line
            if used is None:
                used = {name for _, name in _alias_names(text)}
            if not _unused_anchor(rest, used):
                continue
        begin = top.end() + 1  # the region: the lines after the key up to the next top line
        after = _TOP_LINE.search(text, top.end()) if begin < size else None
        end = after.start() + 1 if after is not None else size
        done = end
        first = _CONTENT_LINE.search(text, begin, end) if begin < end else None
        item = _ITEM.match(text, first.start(), end) if first is not None else None
        if item is None:
            continue  # not a list (a mapping, a text, empty)
        prefix = re.compile("\n" + re.escape(item.group(1) + "-") + "(?= |\n|\\Z)")
        starts = [first.start(), *(found.start() + 1 for found in
                                   prefix.finditer(text, first.start(), end))]
        if len(starts) < 2 * CHUNK_ITEMS:
            continue
        key = top.group(1)
        if key in chunks:
            return None  # a key twice: the whole reader says so
        last = end - 1 if end < size else size  # the line break before the next top line
        line += text.count("\n", counted, top.start())
        counted = top.start()
        file.lists.append(_List(key, top.start(), top.end() + 1, line, starts, last))
        found = []
        for at in range(0, len(starts), CHUNK_ITEMS):
            start = starts[at]
            stop = starts[at + CHUNK_ITEMS] - 1 if at + CHUNK_ITEMS < len(starts) else last
            line += text.count("\n", counted, start)
            counted = start
            found.append(_Chunk(at, line, text, start, stop,
                                min(CHUNK_ITEMS, len(starts) - at), file))
        chunks[key] = found
        blanked.append((starts[0], last))
    if not chunks:
        return None
    pieces, kept = [], 0
    for start, stop in blanked:  # an empty line left (libyaml took 0.1 s over 2M blank ones)
        pieces.append(text[kept:start])
        kept = stop
    pieces.append(text[kept:])
    file.skeleton = "".join(pieces)
    file.removed = blanked
    return file.skeleton, chunks


#: An anchor and nothing more on a list's key line (``cards: &all``), a comment after it.
_LIST_ANCHOR = re.compile(r"&([0-9A-Za-z_-]+)(?:[ \t]+#.*)?")


def _unused_anchor(rest: str, used: set[str]) -> bool:
    """Whether `rest`, what follows a top-level key on its line, is an anchor that no alias
    in the file may name (`used`: the names :func:`_alias_names` finds there, more than
    there are, never fewer): then the list under the key may be cut, the anchor left on the
    key's empty value in the skeleton, since nothing stands for the whole list. One that
    may be used would stand for all of it: that list is not cut."""
    anchor = _LIST_ANCHOR.fullmatch(rest)
    return anchor is not None and anchor.group(1) not in used


def _shifted(diagnostic: Diagnostic, lines: int | Callable[[int], int]) -> Diagnostic:
    """A diagnostic found in a chunk, at its line in the file (a repeated key's "first at
    line" moves with it): `lines` more, or the line `lines` gives (a :class:`_View`'s)."""
    move = lines if callable(lines) else partial(int.__add__, lines)
    words = diagnostic.words
    if words is not None and words.key == "scn.duplicate_key":
        values = {name: (move(value) if name == "line" else value)  # type: ignore[arg-type]
                  for name, value in words.values}
        words = phrase(words.key, **values)
    moved = Diagnostic.of(diagnostic.path, move(diagnostic.line), diagnostic.column,
                          words, diagnostic.severity) if words is not None else diagnostic
    return moved


def _read_chunked(text: str, path: str,
                  ) -> tuple[NodeLocator, dict[object, object], list[Diagnostic]] | None:
    """:func:`read_mapping` for a big file, a chunk of list items at a time, or None when
    the file is small, is not cut cleanly, or has a YAML error or an alias the whole reader
    might word otherwise. A chunk (or the top level) whose aliases name anchors elsewhere is
    read with the items or entries that define them (:class:`_View`); the expansion limits
    hold for the whole file (:class:`_Recount`).

    A 100,000-card file makes millions of nodes; read whole, they all live at once (1.5 GB).
    In chunks, only one chunk's nodes live at a time, and the data is the same. A file
    whose YAML does not parse gives no locator, no data and the whole reader's diagnostic
    where that is found without reading it whole (:func:`_unparsed`); so does a file with
    something that forbids building it (a tag, an unusable number, a refused value: every
    chunk is read for the whole reader's diagnostics, see :func:`_stopped`).
    """
    try:
        return _read_cut(text, path)
    except _Unreadable as unreadable:
        return None, None, [unreadable.diagnostic]  # type: ignore[return-value]


def _read_cut(text: str, path: str,
              ) -> tuple[NodeLocator, dict[object, object], list[Diagnostic]] | None:
    """:func:`_read_chunked` but for a file that does not parse (raised as
    :class:`_Unreadable`)."""
    cut = _cut(text, path)
    if cut is None:
        return None
    skeleton_text, chunks, skeleton, data = cut
    while True:
        problems: list[Diagnostic] = []
        counts: list[tuple[int, int, int]] = []
        blocked, failures = False, []
        top = next(iter(chunks.values()))[0].file
        top_found = list(top.top_problems) if top is not None else []  # the top level's own
        if top is not None and top.top_stop is not None:
            blocked = top.top_stop[0]
            top_found.extend(top.top_stop[1])
            failures.extend(top.top_stop[2:] if top.top_stop[2] is not None else ())
        deep: list[Diagnostic] | None = None  # once a chunk nests too deep: all that is said
        try:
            for key, found in chunks.items():
                items: list[object] = []
                for chunk in found:
                    read = _read_chunk(chunk, path, counts)
                    if read is None:
                        return None
                    if deep is not None:
                        continue  # (read on: a syntax error after it is the whole reader's)
                    if read[0] is None and not blocked and not failures:
                        items.clear()  # nothing of the file is built: what was is let go
                        data.update((name, []) for name in chunks if name in data)
                    if read[0] is None and read[2] is None and _deep(read[1]):
                        if failures:  # a refused value's chunk's problems are not known
                            return None
                        deep = [*_before_deep(top_found, chunk), *problems, *read[1]]
                        continue
                    problems.extend(read[1])
                    if read[0] is None:  # nothing of the file may be built: read on, for
                        if read[2] is None:  # the other chunks' problems
                            blocked = True
                        else:
                            failures.append(read[2])
                    elif not blocked and not failures:
                        items.extend(read[0])
                data[key] = items
        except _Recount:
            if not _counted(chunks, path):
                return None
            continue
        if not _within(chunks, path, counts):
            return None
        if deep is not None:  # the whole reader's walk in the file's order: without aliases
            plain = top is not None and not _has_alias(top.text) and "<<" not in top.text
            return (None, None, deep) if plain else None  # type: ignore[return-value]
        problems[:0] = top_found
        if blocked or failures:
            stopped = _stopped(problems, blocked, failures, top)
            return None if stopped is None else (None, None, stopped)  # type: ignore[return-value]
        return ChunkedLocator(skeleton, skeleton_text, chunks), data, problems


def _within(chunks: dict[str, list[_Chunk]], path: str,
            counts: list[tuple[int, int, int]]) -> bool:
    """Once every chunk is read: whether the whole file is surely within the expansion
    limits, its chunks' aliases (`counts`: what each adds, in values and characters, and
    the fewest values it holds) adding no more values than they hold and no more text than
    the file is long (the top level is bounded on its own, see
    :func:`_read_shared_skeleton`); else the whole file is counted (:func:`_counted`: raises
    :class:`_Unreadable` with the whole reader's words, False where it cannot be)."""
    added = sum(count[0] for count in counts)
    if not added:
        return True
    file = next(iter(chunks.values()))[0].file
    if file is None or file.unbounded:
        return True
    if added <= sum(count[2] for count in counts) \
            and sum(count[1] for count in counts) <= len(file.text):
        return True
    return _counted(chunks, path)


def _counted(chunks: dict[str, list[_Chunk]], path: str) -> bool:
    """After :class:`_Recount`: whether the chunks may be read on, the whole file's
    expansion counted and within the limits (then no chunk is bounded any more); raises
    :class:`_Unreadable` with the whole reader's words where it is not, and is False where
    the whole reader must read the file (see :meth:`_File.expansion_problem`)."""
    file = next(iter(chunks.values()))[0].file
    if file is None or file.unbounded:
        return False
    try:
        problem = file.expansion_problem(path)
    except _GiveUp:
        return False
    if problem is not None:
        raise _Unreadable(problem)
    file.unbounded = True
    return True


def _cut(text: str, path: str) -> tuple[str, dict[str, list[_Chunk]], yaml.MappingNode,
                                        dict[object, object]] | None:
    """A big file cut for reading in chunks: the skeleton's text, the chunks, the skeleton's
    node tree and its data; or None when the file is not to be cut (see :func:`_may_cut`,
    :func:`_split` and :func:`_read_skeleton`). Line ends are made ``\n`` and a single
    document's markers comments first (:func:`_plain_document`), as an editor on Windows or
    ``yaml.dump(..., explicit_start=True)`` writes a file: the same lines, the same data."""
    text = _plain_document(normalise_line_ends(text))
    if not _may_cut(text):
        return None
    if not _anchors_unique(text):  # maybe an anchor defined twice: PyYAML refuses it
        found = _stop_diagnostic(text, path)
        if found is not None:
            raise _Unreadable(found)
        return None
    cut = _split(text)
    if cut is None:
        return None
    skeleton_text, chunks = cut
    try:
        read = _read_skeleton(skeleton_text, chunks, path, text)
    except (yaml.YAMLError, RecursionError):
        return None
    if read is None:
        return None
    top = next(iter(chunks.values()))[0].file
    if top is not None and top.top is not None:
        skeleton_text = top.top.text  # (its lines counted back by the locator)
    return skeleton_text, chunks, *read


def _read_chunk(chunk: _Chunk, path: str, counts: list[tuple[int, int, int]] | None = None,
                ) -> tuple[list[object] | None, list[Diagnostic], Diagnostic | None] | None:
    """One chunk's items as data and its problems, located in the file, as the whole reader
    finds them; None when it has a YAML error or nests too deep. A chunk whose aliases name
    anchors elsewhere in the file is read with what defines them (its :class:`_View`);
    raises :class:`_Recount` where its aliases add much more than it holds. What they add
    and its own values go to `counts` (see :func:`_within`).

    A chunk with something that forbids building the file (a tag, an unusable number,
    nesting too deep where it has no alias) has no items, its problems those the whole
    reader's tree check finds in it (up to the node nested too deep): read whole,
    such a file's diagnostics are every part's tree problems and nothing more
    (:func:`_stopped`). A value a constructor refuses (``!!int abc``, ``!!bool maybe``) in
    a chunk without aliases or merge keys is the third part, located in the file, with no
    items and no problems: read whole, the first such value is the file's one diagnostic
    where nothing forbids building it."""
    try:
        view = chunk.file.view(chunk) if chunk.file is not None else None
    except _GiveUp:
        return None
    lines = chunk.line if view is None else view.line
    loader = FastLoader(chunk.text if view is None else view.text)
    failure: Diagnostic | None = None
    try:
        root = _composed(loader, chunk.source, path, chunk.file)
        if view is not None:
            root = view.own(root)
        if not isinstance(root, yaml.SequenceNode):
            return None
        shared = _has_alias(chunk.text)
        if shared or "<<" in chunk.text:
            items, found = _shared_build(
                root, loader, path, shared, len(chunk.text),
                0 if view is None else view.own_from,
                bounded=chunk.file is None or not chunk.file.unbounded, counts=counts)
        else:
            try:
                items, found = _checked_build(root, loader, path, depth=2)
            except _Refused as refused:  # (in document order, as the whole reader builds)
                items, found = None, []
                failure = _shifted(_yaml_diagnostic(refused, chunk.text, path), lines)
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    if chunk.count and len(root.value) != chunk.count:
        return None  # fewer items than it was cut for: their places would be wrong
    if items is None:
        if failure is None and (not found or (_deep(found) and (shared or "<<" in chunk.text))):
            return None  # (nesting too deep with aliases: PyYAML's walk has its own order)
        return None, [_shifted(d, lines) for d in found], failure
    assert isinstance(items, list)
    return items, [_shifted(d, lines) for d in found], None


def _deep(found: list[Diagnostic]) -> bool:
    """Whether a part's tree problems `found` end at a node nested too deep, where the whole
    reader's walk stops, the problems after it in the file unsaid (see :func:`_read_cut`)."""
    return any(d.words is not None and d.words.key == "scn.too_deep" for d in found)


def _stops(found: list[Diagnostic]) -> bool:
    """Whether a part that may not be built (its tree problems `found`) can be read on for
    the whole file's problems: not where it nests too deep (:func:`_deep`)."""
    return bool(found) and not _deep(found)


def _before_deep(top: list[Diagnostic], chunk: _Chunk) -> list[Diagnostic]:
    """The top level's tree problems (`top`) the whole reader finds before it walks into
    `chunk`'s list: its own keys written twice (found on entering it; its keys are at the
    lines' starts) and what the entries before that list hold."""
    owner = chunk.file._list_at(chunk.start) if chunk.file is not None else None
    assert owner is not None
    return [d for d in top if d.line <= owner.key_line or (
        d.column == 1 and d.words is not None and d.words.key == "scn.duplicate_key")]


def _stopped(problems: list[Diagnostic], blocked: bool, failures: list[Diagnostic],
             file: _File | None) -> list[Diagnostic] | None:
    """The whole reader's diagnostics for a cut file some of whose chunks may not be built
    (see :func:`_read_chunk`), once every chunk is read and the file is within the expansion
    limits: with a chunk `blocked` (a tag, an unusable number), every part's tree
    `problems` (:func:`_checked_build` gives them all, and builds nothing); else the first
    of the values constructors refused (`failures`), alone, as the whole reader's build
    raises it. That is in document order only where the whole file is built by
    :func:`_checked_build` (no alias, no merge key anywhere; PyYAML's construction goes
    breadth first): None otherwise, and the whole reader reads the file."""
    if blocked:
        return problems
    if file is None or _has_alias(file.text) or "<<" in file.text:
        return None
    return [min(failures, key=lambda d: (d.line, d.column))]


#: How many times what it holds a chunk's aliases may add while it is read: the whole file
#: may add as much as it holds (:func:`_expansion_problem`), which is found once all chunks
#: are read (:func:`_within`); more than this in one chunk has the whole file counted first.
_CHUNK_GROWTH = 4


def _shared_build(root: yaml.SequenceNode, loader: Any, path: str, shared: bool,
                  written: int, own_from: int = 0, *, bounded: bool = True,
                  counts: list[tuple[int, int, int]] | None = None,
                  ) -> tuple[object, list[Diagnostic]]:
    """A chunk with aliases or merge keys, checked and built as :func:`_read_tree` does a
    whole file with them (:func:`_tree_problems`, then PyYAML's construction), or no data
    where its expansion is not surely within what the whole file's would be allowed.

    The whole file's limits (:func:`_expansion_problem`) are twice its distinct values and
    twice its length; chunks whose aliases add no more values than they have and no more
    text than the file is long keep the whole file within them (a value read from YAML is
    never longer than written): what this one adds and has goes to `counts`, summed by
    :func:`_within` once all are read; the values written before `own_from` in its text are
    other chunks' (a :class:`_View`'s), counted there. A chunk whose aliases add more than
    :data:`_CHUNK_GROWTH` times what it has raises :class:`_Recount` while `bounded`: the
    whole file is counted before anything more is built, as it is for an alias that
    contains itself or nests too deep (the whole file's first is named)."""
    expanded = _expanded(root, path, depth=2)
    if isinstance(expanded, Diagnostic):
        raise _Recount  # the whole file's first such problem is the one to name
    distinct_values, distinct_text = _own_nodes(root, own_from)
    values, texts = expanded[0] - 1, expanded[1]  # the chunk's own list is the file's
    if bounded and (values - distinct_values > _CHUNK_GROWTH * distinct_values
                    or texts - distinct_text > _CHUNK_GROWTH * written):
        raise _Recount
    if counts is not None:
        counts.append((values - distinct_values, texts - distinct_text, distinct_values))
    problems, buildable = _tree_problems(root, path, shared, depth=2)
    if not buildable:
        return None, problems
    return loader.construct_document(root), problems


class _Unreadable(Exception):
    """A cut file whose YAML does not parse, with the whole reader's `diagnostic` for it
    (see :func:`_unparsed`). Not a YAML error, so no handler of those swallows it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _composed(loader: Any, source: str, path: str,
              file: _File | None = None) -> yaml.Node | None:
    """``loader.get_single_node()`` for a part of the file `source` (a chunk, the
    skeleton); a YAML error there raises :class:`_Unreadable` where the whole file's
    diagnostic is found without building it (:func:`_unparsed`, with the cut `file`'s
    anchors), else is raised as is."""
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        found = _unparsed(source, path, file)
        if found is not None:
            raise _Unreadable(found) from None
        raise


def _unparsed(text: str, path: str, file: _File | None = None) -> Diagnostic | None:
    """What :func:`read_tree` says of a big file that does not parse, found by parsing it
    whole into events only (libyaml: under a second for 100,000 cards, no Python object
    per value), or None where that cannot be vouched for: the file reads (the cut was at
    a wrong place, or a constructor's problem), or nesting before the error might exhaust
    Python's stack. Where an alias or an anchor comes before the error, or the file parses
    but its composer stops (an alias to no anchor before it, an anchor defined twice), its
    events are walked for where the whole reader's composer stops (:func:`_first_stop`:
    seconds for 100,000 cards, in bounded memory).

    Read whole, such a file built millions of nodes before its error (1.8 GB and 24 s for
    an unclosed bracket near the end of 100,000 cards). The error is the same one: the
    same parser on the same text, where the composer only stops on aliases and anchors.
    As :func:`read_tree` does, a file up to :data:`_REREAD_LIMIT` is parsed again by the
    pure-Python loader, whose words the advice knows (and whose verdict wins)."""
    try:
        FastLoader(text).raw_parse()
    except yaml.MarkedYAMLError as error:
        if len(text) > _REREAD_LIMIT and _composes_before(text, error, file):
            return _yaml_diagnostic(error, text, path)  # nothing before it to stop at
    except yaml.YAMLError:
        return None
    return _stop_diagnostic(text, path)  # the composer's verdict too, from events


def _first_stop(text: str, loader_class: Any) -> yaml.MarkedYAMLError | None:
    """Where reading `text` whole with `loader_class` stops, found from its events alone (no
    node per value, so in bounded memory): the parser's error, or the composer's where it
    comes first, an alias to no anchor defined before it or an anchor name defined twice
    (PyYAML refuses it, where YAML lets the later one win), made in that loader's words at
    its places; or None where the text reads, or where the whole reader might stop
    otherwise (a second document, nesting deeper than :data:`MAX_DEPTH`, that could
    exhaust Python's stack). The composer stops nowhere else, so this is its verdict."""
    python = loader_class is ScenarioLoader
    loader = loader_class(text)
    anchors: dict[str, Any] = {}
    depth, documents = 0, 0
    check, get = loader.check_event, loader.get_event
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    starts, ends = yaml.CollectionStartEvent, yaml.CollectionEndEvent
    try:
        while check():
            event = get()
            kind = event.__class__
            if kind is scalar and event.anchor is None:
                continue  # nearly every event: nothing to look at
            if kind is alias:
                if event.anchor not in anchors:
                    return yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}" if python
                        else "found undefined alias", event.start_mark)
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                if anchor in anchors:
                    return yaml.composer.ComposerError(
                        f"found duplicate anchor {anchor!r}; first occurrence" if python
                        else "found duplicate anchor; first occurrence", anchors[anchor],
                        "second occurrence", event.start_mark)
                anchors[anchor] = event.start_mark
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    return None
            elif isinstance(event, ends):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return None
    except yaml.MarkedYAMLError as error:
        return error
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return None


def _stop_diagnostic(text: str, path: str) -> Diagnostic | None:
    """The whole reader's diagnostic where reading `text` whole stops (:func:`_first_stop`
    with libyaml; as :func:`read_tree` does, a file up to :data:`_REREAD_LIMIT` in the
    pure-Python loader's words, whose verdict then wins), or None where it does not stop
    or that cannot be vouched for."""
    found = _first_stop(text, FastLoader)
    if found is not None and FastLoader is not ScenarioLoader and len(text) <= _REREAD_LIMIT:
        found = _first_stop(text, ScenarioLoader)
    return None if found is None else _yaml_diagnostic(found, text, path)



def _composes_before(text: str, error: yaml.MarkedYAMLError, file: _File | None = None,
                     ) -> bool:
    """Whether libyaml's composer surely gets as far as `error` in `text`: no anchor name
    twice before the end of its line and no alias, or (with the cut `file`) every alias
    name there defined before its first use by an anchor its chunk's reading has as one
    (:meth:`_File.anchor`: a node starts there); found by patterns that may find more than
    there is, never less, so an alias that is not one only costs a look. libyaml refuses
    nesting deeper than its own limit in the parser, before Python's stack could overflow."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return False
    end = text.find("\n", min(mark.index, len(text)))
    end = len(text) if end < 0 else end
    if not _anchors_unique(text, end):
        return False
    if "*" not in text or _ALIAS.search(text, 0, end) is None:
        return True
    if file is None or file.text is not text:
        return False
    named: set[str] = set()
    for at, name in _alias_names(text, 0, end):
        if name not in named:
            named.add(name)
            if file.anchor(name, at) is None:  # not before it, or not vouched for
                return False
    return True


def _may_cut(text: str) -> bool:
    """Whether a file (its line ends made ``\n`` by :func:`_cut`) is big enough to be read
    in chunks and free of what chunks cannot carry (characters YAML refuses: those go to the
    whole reader, whose checks and messages cover them). Aliases and merge keys are read
    with their chunk, and the items or entries that define their anchors (:class:`_View`);
    an anchor name written twice has the whole reader's error found from the file's events
    (see :func:`_cut`)."""
    return len(text) > CHUNKED_ABOVE and FastLoader is not ScenarioLoader and _printable(text)


#: A document marker line, ``---`` or ``...``, alone or with a comment after it.
_MARKER_LINE = re.compile(r"^(?:---|\.\.\.)(?=[ \t]*(?:#[^\n]*)?$)", re.MULTILINE)
#: What may stand after a document's end marker: blank lines and comments.
_ONLY_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*(?:#[^\n]*)?")


def _plain_document(text: str) -> str:
    """`text` with the markers of its one document (a ``---`` line before it, a ``...``
    line after it) turned into comments, so it is cut like a file without them: the lines
    stay where they are and the data is the same. Anything else, a second document or a
    marker with content on its line (``--- !tag``), is left for the whole reader to word."""
    if "---" not in text and "..." not in text:
        return text
    markers = [match.start() for match in _MARKER_LINE.finditer(text)]
    if not markers or len(markers) > 2 or len(markers) != len(re.findall(
            r"^(?:---|\.\.\.)", text, re.MULTILINE)):
        return text
    start, *end = markers
    if text.startswith("...", start) or not _ONLY_COMMENTS.fullmatch(text, 0, start):
        return text
    if end and (not text.startswith("...", end[0])
                or not _ONLY_COMMENTS.fullmatch(text, end[0] + 3)):
        return text
    for at in markers:
        text = f"{text[:at]}#{text[at + 1:]}"
    return text


def _anchors_unique(text: str, end: int | None = None) -> bool:
    """Whether no anchor name is written twice in `text` (up to `end`), found by
    :func:`_anchor_names`, which may find more than there is, never less: read whole, a repeated
    anchor is an error, while two chunks could each hold one, and a chunk's alias must
    name one place (:attr:`_File.anchors`)."""
    if "&" not in text:
        return True
    names = [name for _, name in _anchor_names(text, 0, end)]
    return len(names) == len(set(names))


#: The bytes of ASCII text that YAML allows (tab, line breaks, space to '~').
_PRINTABLE_ASCII = b"\t\n\r" + bytes(range(0x20, 0x7F))


def _printable(text: str) -> bool:
    """Whether `text` holds only characters YAML allows (:data:`_NON_PRINTABLE`); for ASCII
    text by deleting the allowed bytes in C (the pattern takes a quarter second on 33 MB)."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return _NON_PRINTABLE.search(text) is None


def _read_skeleton(skeleton_text: str, chunks: dict[str, list[_Chunk]], path: str,
                   source: str) -> tuple[yaml.MappingNode, dict[object, object]] | None:
    """The node tree and the data of a cut file's top level (the chunked lists' lines taken
    out), or None when it is not a mapping, has a problem of its own, or already gives a
    chunked key a value (the whole reader then says what is wrong). YAML that does not
    parse raises :class:`_Unreadable` where the whole file (`source`) provably fails so.
    Where it holds what forbids building the file (a tag, an unusable number, a refused
    value, see :func:`_read_chunk`) its data is empty and its problems are the file's
    :attr:`_File.top_stop`: the chunks are then read for theirs."""
    if _has_alias(skeleton_text) or "<<" in skeleton_text:
        return _read_shared_skeleton(chunks, path, source)
    loader = FastLoader(skeleton_text)
    file = next(iter(chunks.values()))[0].file
    try:
        skeleton = _composed(loader, source, path, file)
        if not isinstance(skeleton, yaml.MappingNode):
            return None
        failure: Diagnostic | None = None
        try:
            data, problems = _checked_build(skeleton, loader, path)
        except _Refused as refused:
            data, problems = None, []
            failure = _yaml_diagnostic(refused, skeleton_text, path)
        if data is None and file is not None and (failure is not None or _stops(problems)):
            lines = ChunkedLocator(skeleton, skeleton_text, chunks)._file_line
            file.top_stop = (failure is None, [_shifted(d, lines) for d in problems],
                             None if failure is None else _shifted(failure, lines))
            return skeleton, {}  # nothing is built: the chunks are read for their problems
        if data is None:
            return None
        if problems and file is not None:  # keys written twice (the later one is kept)
            lines = ChunkedLocator(skeleton, skeleton_text, chunks)._file_line
            file.top_problems = [_shifted(d, lines) for d in problems]
        elif problems:
            return None
    finally:
        loader.dispose()
    assert isinstance(data, dict)
    if any(data.get(key) is not None for key in chunks):
        return None
    return skeleton, data


def _read_shared_skeleton(chunks: dict[str, list[_Chunk]], path: str, source: str,
                          ) -> tuple[yaml.MappingNode, dict[object, object]] | None:
    """:func:`_read_skeleton` for a top level with aliases or merge keys: read with the
    chunked lists' items that define its aliases' anchors (:meth:`_File.top_view`), checked
    and built as :func:`_read_tree` does a whole file with them. Its expansion within the
    bound of :func:`_shared_build` (no more values added than it has, no more text than it
    is long), or else the whole file's counted first; raises :class:`_Unreadable` with the
    whole reader's words where that is beyond the limits."""
    file = next(iter(chunks.values()))[0].file
    if file is None:
        return None
    try:
        view = file.top_view()
    except _GiveUp:
        return None
    text = view.text
    loader = FastLoader(text)
    try:
        top = view.top(_composed(loader, source, path, file), file.top_counts)
        if top is None:
            return None
        shared = _has_alias(text)
        if shared:
            expanded = _expanded(top, path)
            if isinstance(expanded, Diagnostic):  # a loop, too deep: the whole file's first
                file.top_problem = _shifted(expanded, view.line)
                _counted(chunks, path)  # raises it (or another part's)
                return None
            distinct, own_text = view.own_nodes(top)
            file.top_totals = (expanded[0], expanded[1], distinct)
            if (expanded[0] - distinct > distinct or expanded[1] - own_text > len(text)) \
                    and not _counted(chunks, path):
                return None
        problems, buildable = _tree_problems(top, path, shared)
        if problems or not buildable:
            return None
        data = loader.construct_document(top)  # (merge keys flattened, for the locator too)
    finally:
        loader.dispose()
    if not isinstance(data, dict) or any(data.get(key) is not None for key in chunks):
        return None
    file.top = view
    return top, data


# --- big files: the chunks' data straight to JSON, in C++ ---------------------------------
#
# Even chunked, libyaml makes a Python node (and two marks) for every value and the data is
# built from those in Python: 10 of the 17 seconds a 100,000-card file took. rapidyaml (C++)
# turns a chunk into JSON text without a Python object per value, and pydantic validates that
# JSON directly. Its reading of the YAML is trusted only where it provably equals this
# loader's: whatever could differ (a value this loader would read as a number, true/false or
# null but rapidyaml as text, a number too large, a repeated key, a tag, an anchor, an escape)
# has that chunk read by libyaml, as the chunked reader above (the reference) reads it. Errors
# are worded by the same translation of pydantic's errors on the same data, each chunk's
# items judged on their own. A chunk with something that may not be built (a tag, an unusable
# number) has nothing of the file built, the later chunks read for their problems only (the
# whole reader's diagnostics, see :func:`_stopped`); what cannot be judged so (a YAML error,
# nesting too deep) sends the file to the chunked reader. The guards stay the same: the
# size limit and regular files (read_text_file), characters YAML refuses, aliases only where
# their values are put in from libyaml's reading and their expansion bounded
# (:func:`_aliased_items`), libyaml's own verdict on every chunk's syntax.

try:
    import ryml as _ryml  # type: ignore[import-not-found,import-untyped,unused-ignore]
except ImportError:  # optional: without it, big files take the chunked reader
    _ryml = None

#: The start of a JSON string this loader might not have read as text, had it been written
#: plain: a number, ``~`` (null), ... rapidyaml emits such a plain value as a string ("~",
#: "0x1F", "1_000"); a quoted one is text for both, but the two cannot be told apart in the
#: JSON, so either sends the file to the chunked path when :data:`_TYPED` matches all of it.
_MAYBE_TYPED = re.compile(r'"([-+0-9.~][^"\\]*)"')
_TYPED = re.compile(_INT_PATTERN.pattern[1:-1] + "|~|" + _FLOAT_PATTERN.pattern.strip()[1:-1],
                    re.VERBOSE)
#: The other spellings of true, false and null this loader reads as such ("True", "NULL"),
#: once the JSON is in lower case (rapidyaml writes the plain true and false as JSON's).
_TYPED_WORDS = ('"true"', '"false"', '"null"')

#: Digits (and E) made alike, and so what may precede a JSON number (``b``), so that a
#: number's shape is found with ``in``, much quicker than a pattern (UTF-8 bytes: a
#: character beyond ASCII never holds an ASCII byte).
_SHAPES = bytes.maketrans(b"0123456789E :[,-\n", b"ddddddddddebbbbbb")
#: A number with 13 digits before its point (after what precedes a JSON number, or in a
#: text: then the chunked path judges it), or with a positive exponent: one that may be
#: beyond :data:`MAX_NUMBER`.
_BIG_SHAPES = (b"b" + b"d" * 13, b"ded", b"de+")

#: What only the chunked path reads right: a tag (``!!binary``, ``!x``) or an anchor written
#: where a value starts, a backslash (escapes in double quotes), a byte order mark.
_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,])(?:!|&\S)", re.MULTILINE)


def _fast_readable(text: str) -> bool:
    """No tag, anchor, backslash or byte order mark in `text` (see :data:`_TAG_OR_ANCHOR`);
    the pattern only runs where a ``!`` or ``&`` is there at all."""
    if "\\" in text or "\ufeff" in text or "<<" in text or _has_alias(text):
        return False  # (aliases and merge keys: libyaml's reading expands them)
    return ("!" not in text and "&" not in text) or _TAG_OR_ANCHOR.search(text) is None


def _typed_or_big(emitted: str) -> bool:
    """Whether a chunk's JSON holds a text this loader might have read otherwise, or a
    number that may be too large (see above)."""
    for found in _MAYBE_TYPED.finditer(emitted):
        if _TYPED.fullmatch(found.group(1)):
            return True
    lowered = emitted.lower()
    if any(word in lowered for word in _TYPED_WORDS):
        return True
    shapes = emitted.encode("utf-8").translate(_SHAPES)
    return any(shape in shapes for shape in _BIG_SHAPES)


class _Repeated(Exception):
    """A mapping in a chunk's JSON repeats a key (or holds NaN or Infinity): not fast."""


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object's dict, refusing a repeated key (which YAML's reading reports)."""
    built = dict(pairs)
    if len(built) != len(pairs):
        raise _Repeated
    return built


def _no_constant(name: str) -> object:
    """NaN and Infinity are not JSON, and never a number in a scenario."""
    raise _Repeated


def _key_count(emitted: str) -> int:
    """The keys of all mappings in rapidyaml's JSON of a chunk.

    rapidyaml writes every key as ``"...": `` and a ``"`` inside a text as ``\\"``, and a file
    read fast holds no backslash of its own (:func:`_fast_readable`), so every ``": `` not
    after a backslash ends a key. Compared with the fields the items' models were given
    (:func:`_settle`), this finds a repeated key without reading the JSON in Python
    (which took two of a 100,000-card file's seconds): with every mapping of an item a
    model that forbids unknown keys, a key counted more than given is a key written twice.
    """
    keys = emitted.count('": ')
    if "\\" not in emitted:  # no text with a '"' in it (the usual case): no second count
        return keys
    return keys - emitted.count('\\": ')


def _chunk_json(text: str, written: str | None = None,
                events: list[int] | None = None) -> tuple[str, int] | None:
    """The items of one chunk (a block list) as JSON text without the outer brackets and
    the keys in it (:func:`_key_count`), or None when rapidyaml's reading might differ from
    this loader's (see above). Whether the JSON is JSON is pydantic's to say (it is read
    there, once): what it refuses is read by the chunked reader. libyaml judges the syntax
    of `written`, the chunk as written, where `text` stands for it (see
    :func:`_aliased_items`)."""
    try:
        parsed = FastLoader(text if written is None else written).raw_parse()  # no nodes
        if events is not None:
            events.append(parsed)
        emitted = _ryml.emit_json(_ryml.parse_in_arena(text.encode("utf-8")))
    except Exception:  # libyaml's or rapidyaml's error (or its depth limit): not fast
        return None
    if not isinstance(emitted, str) or _typed_or_big(emitted):
        return None
    emitted = emitted.strip()
    if not emitted.startswith("[") or not emitted.endswith("]") or emitted == "[]":
        return None
    if "NaN" in emitted or "Infinity" in emitted:  # JSON's constants (or words in a text)
        try:
            json.loads(emitted, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
        except (_Repeated, ValueError, RecursionError):
            return None
    return emitted[1:-1], _key_count(emitted)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml writes its own errors to the process's stderr (C++, past Python) before it
    raises; a chunk it declines is read by the chunked path, whose messages are the ones an
    author should see, so its words go to the null device meanwhile."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield  # no real stderr to quieten
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class _NotFast(Exception):
    """Something the fast reading cannot vouch for: the reference reader reads the file."""


class _Decline(Exception):
    """A chunk's JSON that is not to be trusted after all: the chunk is read by libyaml."""


@dataclass
class _Part:
    """One chunk on its way to models: rapidyaml's JSON of its items (`json`, with the
    `keys` counted in it), or the reference reading's data (`data`, with its `problems`,
    such as a key written twice); `data` is also the JSON's data once it is needed."""

    chunk: _Chunk
    json: str | None = None
    keys: int = 0
    data: list[object] | None = None
    problems: list[Diagnostic] | None = None
    #: what its aliases add (values, characters) and the least of its own values (see
    #: :meth:`_File.within`)
    counts: tuple[int, int, int] = (0, 0, 0)
    #: nothing of the file may be built: it holds a tag or an unusable number (`blocked`), or
    #: a value a constructor refuses (`failure`, located); see :func:`_read_chunk`
    blocked: bool = False
    failure: Diagnostic | None = None
    #: it nests too deep (its problems up to that node, see :func:`_before_deep`)
    deep: bool = False

    @property
    def stops(self) -> bool:
        """Whether this part forbids building the file (then it has no items)."""
        return self.blocked or self.failure is not None or self.deep

    @property
    def counted(self) -> bool:
        """Whether a repeated key is still to be found by counting (data read by Python's
        or libyaml's reader has been checked for them already)."""
        return self.data is None

    def payload(self) -> str:
        """The items as JSON, for pydantic."""
        if self.data is None:
            return "[" + str(self.json) + "]"
        return json.dumps(self.data, default=str)

    def items(self) -> list[object]:
        """The items as data: the JSON read in Python where needed (for the words of an
        error), with a repeated key or a JSON constant declined."""
        if self.data is None:
            try:
                self.data = json.loads(self.payload(), object_pairs_hook=_unique_pairs,
                                       parse_constant=_no_constant)
            except (_Repeated, ValueError, RecursionError):
                raise _Decline from None
        return self.data


def _part(chunk: _Chunk, path: str, *, reference: bool = False) -> _Part:
    """A chunk read fast where it can be, else (or with `reference`) by libyaml."""
    if not reference and _fast_readable(chunk.text):
        events: list[int] = []
        read = _chunk_json(chunk.text, events=events)
        if read is not None and _json_items(read[0], chunk.count):
            return _Part(chunk, json=read[0], keys=read[1],
                         counts=(0, 0, _least_values(events[0], 0, read[0])))
    if not reference and chunk.file is not None and _has_alias(chunk.text):
        aliased = _aliased_items(chunk, path)
        if aliased is not None and _json_items(aliased[0], chunk.count):
            return _Part(chunk, json=aliased[0], keys=aliased[1], counts=aliased[2])
    counts: list[tuple[int, int, int]] = []
    found = _read_chunk(chunk, path, counts)
    if found is None:
        raise _NotFast  # a YAML error, nesting too deep: the whole reader words it
    items, problems, failure = found
    deep = items is None and failure is None and _deep(problems)
    return _Part(chunk, data=[] if items is None else items, problems=problems,
                 counts=counts[0] if counts else (0, 0, 0),
                 blocked=items is None and failure is None and not deep, failure=failure,
                 deep=deep)


def _least_values(events: int, aliases: int, body: str) -> int:
    """The fewest distinct values a chunk can hold (its list not counted), from libyaml's
    count of its `events` (its stream and document, each value one, each list and mapping
    two, each alias one) and rapidyaml's JSON of its items (`body`): every '{' or '[' in it
    taken for a list or mapping (a text may hold some), so never more than it holds."""
    return max(0, events - 6 - aliases - body.count("{") - body.count("["))


def _json_items(body: str, expected: int) -> bool:
    """Whether rapidyaml's JSON of a chunk (without its brackets) holds `expected` items:
    each starts a line of its own, indented by two (a text's line breaks are written
    ``\\n``), and never more than the chunk was cut for. Counted as mappings first (every
    scenario list's items are: one count in C), else every line so indented that does not
    close an item (a quarter of a 100,000-card file's second, where a pattern took 0.7)."""
    if body.count("\n  {") == expected:
        return True
    found = (body.count("\n  ") - body.count("\n   ") - body.count("\n  }")
             - body.count("\n  ]"))
    return found == expected


_SPACES = re.compile(" *")
#: What stands for an alias's value (and a merge key's) while rapidyaml reads a chunk:
#: characters of Unicode's private use area, which no scenario holds (checked).
_VALUE_MARK, _MERGE_MARK = "\ue000", "\ue001"


def _aliased_items(chunk: _Chunk, path: str,
                   ) -> tuple[str, int, tuple[int, int, int]] | None:
    """The items of a chunk whose aliases all name anchors before it, as a value (``key:
    *name``, ``- *name``, ``[*name]``) or with a merge key (``<<: *name``, in a block or a
    flow mapping: the way authors share values), read by rapidyaml; or None, where the
    chunk is to be read by libyaml.

    Each alias is replaced by a mark (a value, or a key for a merge key) that reads as plain
    text, rapidyaml reads the chunk so (the same checks as any chunk's reading, libyaml's
    verdict on the syntax of the chunk as written), and in its JSON each mark is replaced by
    the anchor's value as the whole reader writes it for pydantic (libyaml's reading of the
    anchor's node, once per anchor, see :meth:`_File.anchor`); a merge key by the anchor's
    pairs. PyYAML lets a mapping's own key win over a merged one: where both are there, the
    keys counted exceed the fields given and libyaml reads the chunk (:func:`_chunk_models`),
    so what is read fast has no such key and the same data. Each mark must come out as a
    whole key or value, exactly once, so one inside a text (a ``|`` block) sends the chunk
    to libyaml; so do an alias that adds more than the chunk has itself (the expansion
    limits, see :func:`_shared_build`), and one whose value would nest deeper than
    :data:`MAX_DEPTH`."""
    text = chunk.text
    if _VALUE_MARK in text or _MERGE_MARK in text:
        return None
    file = chunk.file
    assert file is not None
    marks: dict[str, tuple[str, int]] = {}  # each mark: the anchor's JSON, how deep it nests
    added = added_text = 0
    pieces: list[str] = []
    kept = 0
    for at, name in _alias_names(text):
        end = at + 1 + len(name)
        if text[end:end + 1] not in ("\n", " ", ",", "]", "}"):
            return None  # an alias as a key, ...: libyaml's
        anchor = file.anchor(name, chunk.start)
        if anchor is None:
            return None
        written, count, characters, height = anchor
        merge = text[at - 4:at] == "<<: " and (at == 4 or text[at - 5] in " \n{,")
        if merge and not written.startswith("{"):
            return None  # PyYAML merges mappings (or a list of them): libyaml reads it
        mark = f"{_MERGE_MARK if merge else _VALUE_MARK}{len(marks)}"
        marks[mark] = (written, height)
        added += count
        added_text += characters
        pieces.append(text[kept:at - 4 if merge else at])  # a merge key's '<<: ' goes
        pieces.append(mark + ": 0" if merge else mark)
        kept = end
    if not pieces:
        return None
    pieces.append(text[kept:])
    marked = "".join(pieces)
    if not _fast_readable(marked):
        return None  # another alias, an anchor, a tag...: libyaml's
    events: list[int] = []
    read = _chunk_json(marked, text, events)
    if read is None:
        return None
    least = _least_values(events[0], len(marks), read[0])
    if not file.unbounded and (added > _CHUNK_GROWTH * least
                               or added_text > _CHUNK_GROWTH * len(text)):
        return None  # (else the whole file's count found it within the limits)
    body, pieces, kept = read[0], [], 0
    for mark, (written, height) in marks.items():  # in the order written: rapidyaml keeps it
        token = f'"{mark}"'
        at = body.find(token, kept)
        if at < 0:
            return None
        end = at + len(token)
        line = body.rfind("\n", 0, at) + 1
        indent = _SPACES.match(body, line).end() - line  # type: ignore[union-attr]
        opened = body.count("{", line, at) + body.count("[", line, at)  # (at most: a text's too)
        if 2 + indent // 2 + opened + height > MAX_DEPTH:  # rapidyaml indents by two
            return None  # (deeper than the whole reader allows: libyaml's to say)
        first = line + indent == at or body[at - 1:at] in ("{", ",")
        if mark[0] == _MERGE_MARK:  # a key of its own: "<mark>": 0
            if not first or body[end:end + 3] != ": 0" \
                    or body[end + 3:end + 4] not in (",", "\n", "}") or written in ("{}", ""):
                return None
            if line + indent == at:  # a block mapping: its own keys win over the merged ones
                written = _merged_pairs(body, line, indent, written)
                if written is None:
                    return None
            pieces.append(body[kept:at])
            pieces.append(written[1:-1])  # its pairs, where the merge key was
            kept = end + 3
        else:  # a whole value: after a key or as a list's item, before the next or the end
            if (body[at - 3:at] != '": ' and not first and body[at - 1:at] != "[") \
                    or body[end:end + 1] not in (",", "\n", "]", "}"):
                return None
            pieces.append(body[kept:at])
            pieces.append(written)
            kept = end
    pieces.append(body[kept:])
    merged = "".join(pieces)
    if _VALUE_MARK in merged or _MERGE_MARK in merged:
        return None  # a mark inside a text (a '|' block), not an alias's place
    return merged, _key_count(merged), (added, added_text, least)


#: A key of a mapping in rapidyaml's JSON, per indentation (see :func:`_merged_pairs`).
_JSON_KEYS: dict[int, re.Pattern[str]] = {}


def _merged_pairs(body: str, line: int, indent: int, written: str) -> str | None:
    """The anchor's mapping (`written`, JSON) less the keys that the block mapping whose
    merge key's mark is on `line` (at `indent`, in rapidyaml's JSON `body`) has itself:
    PyYAML lets a mapping's own key win over a merged one (a card merging a whole card of
    defaults writes its own id and title). None where nothing of it would be left (then
    libyaml reads the chunk). The mapping's keys are the lines so indented between the
    line that opens it and the one that closes it (rapidyaml writes a block mapping a key
    to a line, nested values indented further)."""
    opening = line
    while opening > 0:  # back to the line that opens the mapping: indented less
        opening = body.rfind("\n", 0, opening - 1) + 1
        if _SPACES.match(body, opening).end() - opening < indent:  # type: ignore[union-attr]
            break
    closing = body.find("\n" + " " * (indent - 2) + "}", line)
    closing = len(body) if closing < 0 else closing
    keys = _JSON_KEYS.get(indent)
    if keys is None:
        keys = _JSON_KEYS[indent] = re.compile(
            "^" + " " * indent + r'"((?:[^"\\]|\\.)*)": ', re.MULTILINE)
    own = {json.loads(f'"{key}"') if "\\" in key else key
           for key in keys.findall(body, opening, closing)}
    merged = json.loads(written)
    if not own.intersection(merged):
        return written
    left = {key: value for key, value in merged.items() if key not in own}
    return json.dumps(left, ensure_ascii=False) if left else None


def _judged(validate: Any, part: _Part | _TopPart) -> tuple[Any, list[Any]]:
    """What `validate` (pydantic, strict JSON) makes of a part, with the errors it finds
    after whole floats are read as whole numbers where those are meant, as
    :func:`_validate_payload` does; the part's data holds them so."""
    try:
        return validate(part.payload()), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
    while True:
        if any(item["type"] == "json_invalid" for item in errors):
            raise _Decline  # rapidyaml's JSON is not JSON ("+1"): libyaml reads the chunk
        if not _whole_floats_to_ints(errors, part.items()):
            return None, errors
        try:
            return validate(part.payload()), []
        except ValidationError as error:
            errors = error.errors(include_url=False)


def _fast_scenario(text: str, path: str,
                   ) -> tuple[Scenario | None, list[Diagnostic], ChunkedLocator] | None:
    """A big file read a chunk at a time straight to models, or None where the chunked
    reader must read it. With a scenario, the problems found so far (a key written twice);
    without, every error, as the chunked reader words and locates them.

    The top level is validated with each chunked list's first chunk in it, then the other
    chunks one at a time against the list's item model: one chunk's JSON lives at a time
    (a 100,000-card file's JSON whole is 50 MB, and pydantic's reading of it as much again),
    and the items' models share their sets of given fields (see :func:`_settle`). A
    chunk is read by rapidyaml where that reading provably equals libyaml's, else by libyaml
    (the chunked reader's own reading of it), so one tag or escape slows one chunk only.

    Items are validated on their own (pydantic validates a list's items one by one, and no
    validator of a :class:`Scenario` looks into its lists), so an item's errors are the
    same in its chunk as in the whole file: a file with errors in list items gets the
    chunked reader's diagnostics without the whole file's data in memory (which took a
    100,000-card file to a gigabyte). Anything else that does not validate (a field of the
    top level, the list of a chunk itself) is read by the chunked reader.
    """
    if _ryml is None:
        return None
    try:
        cut = _cut(text, path)
    except _Unreadable as unreadable:  # the whole reader's words for YAML that does not parse
        return None, [unreadable.diagnostic], ChunkedLocator(None, "", {})
    if cut is None:
        return None
    skeleton_text, chunks, skeleton, data = cut
    fields = {key: _list_field(key) for key in chunks}
    if any(field is None for field in fields.values()):
        return None  # not a list of models (an unknown key, ...): the chunked path words it
    locate = ChunkedLocator(skeleton, skeleton_text, chunks)
    while True:
        try:
            try:
                with _quiet_stderr():
                    return _fast_read(dict(data), chunks, fields,  # type: ignore[arg-type]
                                      locate, path)
            except _Recount:
                if not _counted(chunks, path):
                    return None
        except _NotFast:
            return None
        except _Unreadable as unreadable:
            return None, [unreadable.diagnostic], locate


def _fast_read(data: dict[object, object], chunks: dict[str, list[_Chunk]],
               fields: dict[str, tuple[str, Any]], locate: ChunkedLocator, path: str,
               ) -> tuple[Scenario | None, list[Diagnostic], ChunkedLocator]:
    """:func:`_fast_scenario` once the file is cut; raises :class:`_NotFast`."""
    shared: dict[type, _SharedSets] = {}
    errors: list[Any] = []  # pydantic's errors, located in the whole file
    kept: dict[str, list[int]] = {}  # per list that lost items: the places of those kept
    set_aside: set[str] = set()
    top, firsts = _fast_top(data, chunks, path, shared, errors, kept, set_aside)
    problems = [p for part in firsts.values() for p in part.problems or ()]
    counts = [part.counts for part in firsts.values()]
    stops = [part for part in firsts.values() if part.stops]
    said = [(part.chunk.start, part.problems or []) for part in firsts.values()]  # per part
    file = next(iter(chunks.values()))[0].file
    top_found = list(file.top_problems) if file is not None else []
    if file is not None and file.top_stop is not None:  # the top level's own, as a part
        blocked, top_problems, failure = file.top_stop
        stops.append(_Part(next(iter(chunks.values()))[0], data=[], blocked=blocked,
                           failure=failure))
        top_found.extend(top_problems)
    problems[:0] = top_found
    update: dict[str, list[BaseModel]] = {}
    for key, found in chunks.items():
        name, adapter = fields[key]
        items = list(getattr(top, name)) if top is not None and not stops else []
        places = kept.get(key)
        validate = partial(adapter.validate_json, strict=True)
        for chunk in found[1:]:
            part = _part(chunk, path)
            if not part.stops:
                try:
                    models, failed = _chunk_models(validate, part, shared)
                except _Decline:
                    part = _part(chunk, path, reference=True)
                    if not part.stops:
                        models, failed = _chunk_models(validate, part, shared)
            counts.append(part.counts)
            problems.extend(part.problems or ())
            if part.problems:
                said.append((chunk.start, part.problems))
            if part.stops or stops:  # nothing is built: what is read is the parts' problems
                if part.stops and not stops:  # (a key written twice is found by the models'
                    update.clear()  # keys, so the later chunks are still validated)
                    items, errors = [], []
                stops.extend([part] if part.stops else [])
                continue
            if failed:
                errors.extend({**item, "loc": (key, chunk.first + item["loc"][0],
                                               *item["loc"][1:])} for item in failed)
                gone = {int(item["loc"][0]) for item in failed}
                _note_set_aside(part.items(), gone, set_aside)
                if places is None:
                    places = kept[key] = list(range(chunk.first))
                places.extend(chunk.first + i for i in range(len(part.items()))
                              if i not in gone)
            elif places is not None:
                places.extend(range(chunk.first, chunk.first + len(models)))
            items.extend(models)
        update[name] = items
    if not _within(chunks, path, counts):
        raise _NotFast
    deep = [part for part in stops if part.deep]
    if deep:  # the whole reader's walk stops at the first such node, in the file's order
        first = min(deep, key=lambda part: part.chunk.start)
        if any(part.failure is not None for part in stops) or file is None \
                or _has_alias(file.text) or "<<" in file.text:
            raise _NotFast  # (see _read_cut)
        return None, [*_before_deep(top_found, first.chunk),
                      *(p for start, found in said if start < first.chunk.start
                        for p in found), *(first.problems or ())], locate
    if stops:
        stopped = _stopped(problems, any(part.blocked for part in stops),
                           [part.failure for part in stops if part.failure is not None],
                           next(iter(chunks.values()))[0].file)
        if stopped is None:
            raise _NotFast
        return None, stopped, locate
    if not errors:
        assert top is not None
        return top.model_copy(update=update), problems, locate
    problems.extend(translate_errors(errors, Scenario, locate, path))
    if top is not None:  # the rest validated: its references can be checked
        rest = top.model_copy(update=update)
        problems.extend(_references_of_the_rest(rest, kept, set_aside, locate, path))
    return None, problems, locate


def _fast_top(data: dict[object, object], chunks: dict[str, list[_Chunk]], path: str,
              shared: dict[type, _SharedSets], errors: list[Any], kept: dict[str, list[int]],
              set_aside: set[str]) -> tuple[Scenario | None, dict[str, _Part]]:
    """The top level validated with each chunked list's first chunk in it, and those parts.

    Its errors are added to `errors`, what they blame is set aside (`kept`, `set_aside`) and
    the rest validated again (:func:`_rest_of_top`); the scenario is None where that fails
    (as :func:`_references_despite_errors` then gives up)."""
    firsts = {key: _part(found[0], path) for key, found in chunks.items()}
    file = next(iter(chunks.values()))[0].file
    if any(part.stops for part in firsts.values()) or (  # nothing is validated: libyaml says
            file is not None and file.top_stop is not None):
        return None, {key: part if not part.counted else  # which keys are written twice
                      _part(part.chunk, path, reference=True) for key, part in firsts.items()}
    while True:
        payload = _top_payload(data, firsts)
        try:
            top, failed = _judged(lambda json_text: Scenario.model_validate_json(
                json_text, strict=True), _TopPart(payload, data, firsts))
        except _Decline:  # which first chunk holds what is not JSON is not known: all
            if all(not part.counted for part in firsts.values()):
                raise _NotFast from None
            firsts = {key: part if not part.counted else _part(part.chunk, path,
                                                              reference=True)
                      for key, part in firsts.items()}
            continue
        if top is not None:
            recount = [key for key, part in firsts.items()  # every part's models settled
                       if _settle(getattr(top, _list_field(key)[0]),  # type: ignore[index]
                                  shared) != part.keys and part.counted]
            if not recount:
                return top, firsts
            for key in recount:  # a key written twice: libyaml reads the chunk and says so
                firsts[key] = _part(firsts[key].chunk, path, reference=True)
            continue
        errors.extend(failed)
        return _rest_of_top(failed, data, firsts, kept, set_aside), firsts


def _rest_of_top(failed: list[Any], data: dict[object, object], firsts: dict[str, _Part],
                 kept: dict[str, list[int]], set_aside: set[str]) -> Scenario | None:
    """The top level with what its errors blame set aside, validated again, as
    :func:`_references_despite_errors` does it (up to four validations in all, the first
    the one that failed), or None where that gives up. `data` holds the first chunks' items
    (each chunk's errors are its own: the later chunks are set aside chunk by chunk)."""
    pruned = dict(data)
    for _ in range(3):
        if not _set_aside(pruned, kept, set_aside, failed):
            return None
        if any(not pruned[key] for key in firsts):
            raise _NotFast  # the first chunk empty, its list not: the chunked reader says
        try:
            return Scenario.model_validate_json(json.dumps(pruned, default=str), strict=True)
        except ValidationError as error:
            failed = error.errors(include_url=False)
    return None


class _TopPart:
    """The top level's payload as a :class:`_Part` for :func:`_judged`: its data is the
    skeleton's with the first chunks' items in it (read in Python only for an error)."""

    def __init__(self, payload: str, data: dict[object, object],
                 firsts: dict[str, _Part]) -> None:
        self._payload = payload
        self._data = data
        self._firsts = firsts
        self._whole: dict[object, object] | None = None

    def payload(self) -> str:
        if self._whole is None:
            return self._payload
        return json.dumps(self._whole, default=str)

    def items(self) -> dict[object, object]:
        if self._whole is None:  # the skeleton's own data, so a whole float stays mended
            for key, part in self._firsts.items():
                self._data[key] = part.items()
            self._whole = self._data
        return self._whole


def _top_payload(data: dict[object, object], firsts: dict[str, _Part]) -> str:
    """The JSON of the top level with each first chunk's items in place, put in as text
    (the chunks' JSON is not read into Python for it)."""
    marked = dict(data)
    for key in firsts:
        marked[key] = f"\x00{key}"  # a mark no file can hold (\x00 is refused above)
    payload = json.dumps(marked, default=str)
    for key, part in firsts.items():
        payload = payload.replace(json.dumps(f"\x00{key}"), part.payload(), 1)
    return payload


def _chunk_models(validate: Any, part: _Part, shared: dict[type, _SharedSets],
                  ) -> tuple[list[BaseModel], list[Any]]:
    """The models of a chunk's items and the errors of those that fail (located in the
    chunk), the failing ones left out; raises :class:`_Decline` where its JSON is not to
    be trusted (a key counted twice: libyaml's reading then says so)."""
    models, failed = _judged(validate, part)
    if models is None:
        if any(not item["loc"] or not isinstance(item["loc"][0], int) for item in failed):
            raise _NotFast  # the list itself: the chunked reader words it
        gone = {int(item["loc"][0]) for item in failed}
        rest = [item for i, item in enumerate(part.items()) if i not in gone]
        if not rest:
            return [], failed
        try:
            models = validate(json.dumps(rest, default=str))
        except ValidationError:
            raise _NotFast from None  # items are validated on their own: cannot happen
    if _settle(models, shared) != part.keys and part.counted:
        raise _Decline
    return models, failed


def _note_set_aside(items: list[object], gone: set[int], set_aside: set[str]) -> None:
    """The ids of the items set aside, as :func:`_set_aside` notes them."""
    for position in gone:
        entry = items[position]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            set_aside.add(entry["id"])


#: The item validators of the scenario's list fields, made when first needed.
_ADAPTERS: dict[str, tuple[str, Any] | None] = {}


def _list_field(key: str) -> tuple[str, Any] | None:
    """The field name and a validator of the items of the scenario's list field written
    `key` (its name or alias), or None when `key` is not a list of models."""
    if key not in _ADAPTERS:
        from typing import get_args, get_origin

        from pydantic import TypeAdapter

        found = None
        for name, info in Scenario.model_fields.items():
            if key in (name, info.alias) and get_origin(info.annotation) is list:
                (item,) = get_args(info.annotation)
                if isinstance(item, type) and issubclass(item, BaseModel):
                    found = (name, TypeAdapter(list[item]))  # type: ignore[valid-type]
        _ADAPTERS[key] = found
    return _ADAPTERS[key]


class _SharedSets(dict[frozenset[str], set[str]]):
    """One set of given fields per distinct set, for the models of one class."""

    def __missing__(self, fields: frozenset[str]) -> set[str]:
        one = self[fields] = set(fields)
        return one


_FIELDS_SET = attrgetter("__pydantic_fields_set__")


def _settle(models: list[BaseModel], shared: dict[type, _SharedSets]) -> int:
    """The fields given to `models` and to every model inside them, counted; the models of
    one kind with the same given fields made to share one set of them; and, within
    `models` (one chunk's), equal models that hold no models (a
    :class:`~morgenmaken.scenario.models.Text`, a cost) made one object, held by each model
    that had one of them.

    pydantic keeps a set of the fields given per model, and a set costs 216 bytes or more:
    for a 100,000-card file 190 MB, 40% of its models. The models are frozen, so nothing adds
    to a model's set after validation (pydantic's copies copy it first), and a shared set
    says exactly what each own set said. Likewise their values are immutable (texts,
    numbers), so one leaf says all that the equal ones said; equal means the same given
    fields (by then one shared set) and the same values (compared as written, ``repr``,
    where a number is among them: ``-0.0`` is not ``0.0`` there). A 100,000-card file
    repeats its costs and many of its texts: 50 MB of models that are copies. Only within a
    chunk, so the table of what was seen stays small; a field whose first values are all
    different (titles) is left as it is.

    One walk does both (two walks of the same models took a 100,000-card file 0.3 s more):
    the models are taken a kind and a field at a time, each step a C loop (``map``) over all
    of them: one Python step per model took seconds. The count is of the models as
    validated, before equal leaves are made one.
    """
    given = 0
    todo: list[list[Any]] = [models]
    while todo:
        group = todo.pop()
        if not group:
            continue
        kinds = set(map(type, group))
        if len(kinds) > 1:  # a union of models: each kind on its own
            todo.extend([model for model in group if type(model) is kind] for kind in kinds)
            continue
        (kind,) = kinds
        given += _share_sets(kind, group, shared)
        inside = _NESTED.get(kind)
        if inside is None:
            inside = _NESTED[kind] = _nested_fields(kind)
        for name, many in inside:
            values = list(map(attrgetter(name), group))
            if many:
                todo.append(list(chain.from_iterable(values)))
                continue
            holders, leaf = group, set(map(type, values))
            if type(None) in leaf:  # (not `None in values`: that asks each model's __eq__)
                holders = [model for model, value in zip(group, values, strict=True)
                           if value is not None]
                values = [value for value in values if value is not None]
                leaf.discard(type(None))
            spelled = _leaf_key(next(iter(leaf))) if len(leaf) == 1 else None
            if spelled is None:
                todo.append(values)  # models inside (or mixed kinds): looked into
                continue
            given += _share_sets(next(iter(leaf)), values, shared)  # a leaf holds no models
            _share_equal(holders, name, values, spelled)
    return given


def _share_sets(kind: type, group: list[Any], shared: dict[type, _SharedSets]) -> int:
    """The fields given to `group` (models of `kind`) counted, and one set of them shared
    by the models given the same fields (see :func:`_settle`)."""
    own = list(map(_FIELDS_SET, group))
    given = sum(map(len, own))
    one = shared.get(kind)
    if one is None:
        one = shared[kind] = _SharedSets()
    first = one[frozenset(own[0])]
    if all(map(first.__eq__, own)):  # the usual case: all given the same fields
        sets: Iterator[set[str]] = repeat(first)
    else:
        sets = map(one.__getitem__, map(frozenset, own))
    deque(map(object.__setattr__, group, repeat("__pydantic_fields_set__"), sets), maxlen=0)
    return given


_DICT = attrgetter("__dict__")


def _share_equal(holders: list[Any], name: str, values: list[Any], spelled: Any) -> None:
    """Field `name` of each of `holders` (whose values are `values`, leaves of one kind
    compared `spelled`, their sets of given fields already shared) made one object per
    distinct value (see :func:`_settle`)."""
    def keyed(models: list[Any]) -> Iterator[tuple[int, object]]:
        values = map(tuple, map(dict.values, map(_DICT, models)))
        return zip(map(id, map(_FIELDS_SET, models)),
                   values if spelled is tuple else map(repr, values), strict=True)

    if len(set(keyed(values[:64]))) > 60:
        return  # all different, as titles are: nothing to share
    table: dict[tuple[int, object], BaseModel] = {}
    one = map(table.setdefault, keyed(values), values)
    deque(map(dict.__setitem__, map(_DICT, holders), repeat(name), one), maxlen=0)


#: Per model class, how its values are compared by :func:`_settle` (None
#: where it is not shared: it holds models, or values that are not plain).
_LEAF_KEYS: dict[type, Any] = {}


def _leaf_key(kind: type) -> Any:
    """How to compare the values of two `kind` models, or None (see :data:`_LEAF_KEYS`):
    as they are for texts, written out (``repr``) where a number is among them."""
    if kind not in _LEAF_KEYS:
        types: set[object] = set()
        for info in kind.model_fields.values():  # type: ignore[attr-defined]
            annotation = info.annotation
            types.update(get_args(annotation) if get_origin(annotation) in (Union, UnionType)
                         else (annotation,))
        key = None
        if types <= {str, type(None)}:
            key = tuple
        elif types <= {str, int, float, bool, type(None)}:
            key = repr
        _LEAF_KEYS[kind] = key
    return _LEAF_KEYS[kind]


#: Per model class, its fields that hold models: (name, whether a list of them).
_NESTED: dict[type, tuple[tuple[str, bool], ...]] = {}


def _nested_fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """The fields of `kind` (a model class) whose values are models, optional models or
    lists of models, each with whether it is a list."""
    from typing import get_args, get_origin

    def is_model(annotation: object) -> bool:
        return isinstance(annotation, type) and issubclass(annotation, BaseModel)

    found = []
    for name, info in kind.model_fields.items():  # type: ignore[attr-defined]
        annotation = info.annotation
        if get_origin(annotation) is list and all(map(is_model, get_args(annotation))):
            found.append((name, True))
        elif is_model(annotation) or (get_args(annotation) and get_origin(annotation) is not list
                                      and any(map(is_model, get_args(annotation)))
                                      and all(is_model(a) or a is type(None)
                                              for a in get_args(annotation))):
            found.append((name, False))
    return tuple(found)


#: The largest file read whole when it cannot be read in chunks: read whole, a file's node
#: tree takes about 70 times its size (a 33 MB file: 2,3 GB, half a minute), so a file above
#: this size that must be read whole is refused, in one sentence, instead of filling the
#: memory: a few hundred MB at most, as any file may take.
WHOLE_READ_LIMIT = 5_000_000


def _too_big_to_read_whole(text: str, path: str, kind: str, fields: str | Phrase) -> Diagnostic:
    """Why a big file cannot be read, and what to change, at the place that keeps it from
    being read in chunks where that is known: a list where the top level must be a mapping
    (the whole reader's words), its first alias (anchors and aliases that only the whole
    file can resolve), else its first line."""
    first = _CONTENT_LINE.search(text)
    if first is not None and (first.group().endswith("[") or (
            first.group().endswith("-") and text[first.end():first.end() + 1] in " \t\n")):
        line, column = _position_of(text, first.end() - 1)
        return Diagnostic.of(path, line, column, phrase(
            "scn.top_not_mapping", kind=phrase(f"scn.kind.{kind}"), fields=fields))
    size, limit = megabytes(len(text)), megabytes(WHOLE_READ_LIMIT)
    alias = next(_alias_names(text), None) if _has_alias(text) else None
    if alias is not None:
        why, (line, column) = "scn.whole.alias", _position_of(text, alias[0])
    elif "\n- " not in text and "\n  - " not in text:
        why, (line, column) = "scn.whole.flow", (1, 1)
    else:
        why, (line, column) = "scn.whole.other", (1, 1)
    return Diagnostic.of(path, line, column, phrase(
        "scn.too_big_to_read_whole", size=size, limit=limit, why=phrase(why, limit=limit)))


def read_mapping(text: str, path: str, *, kind: str, start: str | Phrase,
                 fields: str | Phrase,
                 ) -> tuple[NodeLocator | None, dict[object, object] | None, list[Diagnostic]]:
    """Read a YAML document whose top level must be a mapping (a scenario, a plan).

    Returns the locator, the data and the problems so far; the data is None when there is
    nothing to validate, with a problem saying how a file of this `kind` starts (`start`) or
    which `fields` its top level holds.
    """
    chunked = _read_chunked(text, path)
    if chunked is not None:
        return chunked
    if len(text) > WHOLE_READ_LIMIT:
        return None, None, [_too_big_to_read_whole(text, path, kind, fields)]
    root, data, problems = read_tree(text, path)
    if root is None and not problems:
        problems = [Diagnostic.of(path, 1, 1, phrase("scn.empty", kind=phrase(f"scn.kind.{kind}"),
                                                     start=start))]
    if root is None or (data is None and problems):
        return None, None, problems
    locate = NodeLocator(root, text)
    if not isinstance(data, dict):
        line, column = locate(())
        return locate, None, [*problems, Diagnostic.of(path, line, column, phrase(
            "scn.top_not_mapping", kind=phrase(f"scn.kind.{kind}"), fields=fields))]
    return locate, data, problems


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read and checked.

    A big scenario makes millions of small objects (nodes, marks, dicts) that all stay alive
    until the check ends; the collector would walk them again and again for nothing (it
    tripled validate's time on a 100,000-card file). Nothing made here needs it: the tree is
    freed by reference counting afterwards, and the collector runs again at once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What lives on (a scenario's models: millions of objects) goes straight to the
            # oldest generation: enabled as it was, the collector would first walk all of it
            # as young objects, twice (0.4 s for 100,000 cards), to find no garbage. Freezing
            # and unfreezing at once moves everything tracked there without a walk (a full
            # collection still sees it); nothing in this program freezes objects otherwise.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def check_scenario_text(text: str, path: str = "<scenario>", folder: Path | None = None,
                        ) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario (or None) and every diagnostic, warnings included, sorted by position.

    Meant for a ``validate`` command or an editor integration that shows warnings too;
    :func:`load_scenario_text` is the same with errors raised. With `folder` (the scenario
    file's folder) the images it refers to are looked up there too.
    """
    with _collector_paused():
        return _check_scenario_text(text, path, folder)


def _check_scenario_text(text: str, path: str, folder: Path | None,
                         ) -> tuple[Scenario | None, list[Diagnostic]]:
    """:func:`check_scenario_text` with the collector paused."""
    fast = _fast_scenario(text, path)
    if fast is not None:
        scenario, problems, locate = fast
        if scenario is None:
            return None, sort_diagnostics(problems)
        return _checked(scenario, problems, locate, path, folder)
    locate, data, problems = read_mapping(
        text, path, kind="scenario", start=phrase("scn.start.scenario"),
        fields="'id: ...', 'title: ...', ...")
    if locate is None or data is None:
        return None, sort_diagnostics(problems)
    try:
        payload = json.dumps(data, default=str)
    except (TypeError, ValueError):
        return None, sort_diagnostics([*problems, Diagnostic.of(
            path, 1, 1, phrase("scn.not_plain_data"))])
    del data  # a 100,000-card file's data is 260 MB: not kept while its models are built
    scenario, errors, data = _validate_payload(Scenario, payload, locate, path)
    del payload
    problems.extend(errors)
    if scenario is not None:
        return _checked(scenario, problems, locate, path, folder)
    if errors:
        assert isinstance(data, dict)
        problems.extend(_references_despite_errors(data, locate, path))
    return None, sort_diagnostics(problems)


def _checked(scenario: Scenario, problems: list[Diagnostic], locate: NodeLocator, path: str,
             folder: Path | None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Step 4 for a scenario whose models validated: references, images, then warnings."""
    problems.extend(check_references(scenario, locate, path))
    problems.extend(check_image_paths(scenario, locate, path))
    if folder is not None:
        problems.extend(check_image_files(scenario, folder, locate, path))
    if not any(p.severity == "error" for p in problems):
        # Warnings need a scenario whose references hold; with errors they would be
        # guesses about a file the author is about to change anyway.
        problems.extend(scenario_warnings(scenario, locate, path))
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
            return None, [Diagnostic.of(shown, line, column, phrase("scn.not_utf8"))]
        return None, [Diagnostic.of(shown, line, column, phrase(
            "scn.unreadable", kind=phrase(f"scn.kind.{kind}"),
            reason=phrase(error.key, **error.values)))]


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
