"""Warnings: what loads and plays, but plays badly or not as the author meant.

Errors (:mod:`morgenmaken.scenario.checks`) stop a scenario from loading; warnings do not. They
catch what an author would only find by playing, or by watching a table get stuck at an event:

* a card with no effect (nothing happens when it is adopted);
* a variable that nothing can change (no card, event, interaction or trend touches it), which
  sits on the dashboard as dead weight;
* a condition that can never hold — an event that never happens, a card that can never be
  played, a role goal that can never be met — because it compares a variable with a value
  outside its range, or ``round`` with a round the scenario does not have;
* a loop of interactions with no delay, which feeds back on itself every round and quickly
  runs away; a delay on one link makes the loop slower and explainable;
* a role with too few cards to propose from in most rounds;
* a text without English translation (English falls back to Dutch, so it works, but a mixed
  screen in English is the result).

Every check is *sound*: it only warns when the problem is certain, so a scenario author never
learns to ignore warnings. In particular a condition is only called impossible when interval
arithmetic over the variables' ranges proves it, with the ranges widened by what the engine can
briefly put outside them (effects of news before clamping, costs paid before the round resolves).

This module is pure: it reads a validated :class:`Scenario` whose references are known to be
correct, and reports through a :class:`Locate` like the reference checks do.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from itertools import chain, compress
from operator import attrgetter, not_

from pydantic import BaseModel

from morgenmaken.i18n import Number, Phrase, counted, phrase
from morgenmaken.scenario.diagnostics import Diagnostic, Loc, Locate, no_location
from morgenmaken.scenario.expressions import ExpressionError, Node, parse
from morgenmaken.scenario.models import EventTrigger, Scenario, Text

__all__ = ["MIN_CARDS_PER_ROLE", "scenario_warnings", "untranslated_texts"]

#: A role with fewer cards than this has nothing to propose in most rounds of a game.
MIN_CARDS_PER_ROLE = 4

#: Comparisons are only called impossible when they miss by more than this, so rounding in
#: interval arithmetic can never turn a possible condition into a warning.
_EPSILON = 1e-9

Interval = tuple[float, float]
_EVERYTHING: Interval = (-math.inf, math.inf)


@dataclass
class _Report:
    locate: Locate
    path: str
    found: list[Diagnostic] = field(default_factory=list)

    def warn(self, loc: Loc, key: str, /, *, offset: int | None = None,
             **values: object) -> None:
        line, column = self.locate(loc, offset)
        self.found.append(Diagnostic.of(self.path, line, column, phrase(key, **values),
                                        "warning"))


def scenario_warnings(scenario: Scenario, locate: Locate = no_location,
                      path: str = "<scenario>") -> list[Diagnostic]:
    """Every warning about `scenario`, located through `locate`, in the order of the checks.

    `scenario` must have passed :func:`~morgenmaken.scenario.checks.check_references`: the
    checks rely on every id naming something that exists and every condition parsing.
    """
    report = _Report(locate, path)
    changers = _changed_variables(scenario)
    _cards_without_effect(scenario, report)
    _variables_nothing_changes(scenario, changers, report)
    _impossible_conditions(scenario, changers, report)
    _loops_without_delay(scenario, report)
    _small_hands(scenario, report)
    _untranslated_texts(scenario, report)
    _thresholds(scenario, report)
    return report.found


def _thresholds(scenario: Scenario, report: _Report) -> None:
    """Thresholds that play badly: outside the range (the dashboard always or never shows
    them), or at or below collapse (the game ends before they show). Those that make the
    game unplayable (collapse at the baseline) are errors of the model itself."""
    for index, variable in enumerate(scenario.variables):
        low, high = variable.range
        for name in ("warning", "critical"):
            value = getattr(variable, name)
            if value is None:
                continue
            if not low <= value <= high:
                report.warn(("variables", index, name),
                            "scn.warn.threshold_always" if value > high
                            else "scn.warn.threshold_never", name=name,
                            value=_number(value), id=variable.id, low=_number(low),
                            high=_number(high))
            elif variable.collapse is not None and value <= variable.collapse:
                report.warn(("variables", index, name), "scn.warn.threshold_below_collapse",
                            name=name, value=_number(value), id=variable.id,
                            collapse=_number(variable.collapse))
        if variable.collapse is not None and variable.collapse < low:
            report.warn(("variables", index, "collapse"), "scn.warn.collapse_below_range",
                        collapse=_number(variable.collapse), id=variable.id,
                        low=_number(low), high=_number(high))


def _number(value: float) -> Number:
    """A threshold as written: 40 rather than 40.0."""
    return Number(str(int(value)) if float(value).is_integer() else str(value))


# --- cards and variables ----------------------------------------------------------------------

def _cards_without_effect(scenario: Scenario, report: _Report) -> None:
    """A card whose adoption changes nothing but the budget is a trap for the table."""
    cards = scenario.cards  # whether each card has an effect, found in C loops
    acting = map(any, map(partial(map, _AMOUNT), map(attrgetter("effects"), cards)))
    for index in compress(range(len(cards)), map(not_, acting)):
        card = cards[index]
        if not any(map(_AMOUNT, card.per_round)):
            report.warn(("cards", index, "id"), "scn.warn.no_effect", id=card.id)


_AMOUNT = attrgetter("amount")


def _changed_variables(scenario: Scenario) -> set[str]:
    """Ids of the variables that something in the scenario can change."""
    changed: set[str] = set()
    cards = scenario.cards  # each question a C loop over all cards: there may be 100,000
    effects = chain(chain.from_iterable(map(attrgetter("effects"), cards)),
                    chain.from_iterable(map(attrgetter("per_round"), cards)))
    every = list(effects)
    changed.update(compress(map(attrgetter("variable"), every), map(_AMOUNT, every)))
    costs = list(map(attrgetter("cost"), cards))
    if any(map(attrgetter("budget"), costs)) or any(map(attrgetter("upkeep"), cards)):
        changed.add(scenario.settings.budget)
    if any(map(attrgetter("draagvlak"), costs)):
        changed.add(scenario.settings.draagvlak)
    for event in scenario.events:
        changed.update(e.variable for e in event.effects if e.amount)
    changed.update(link.target for link in scenario.interactions)
    changed.update(trend.variable for trend in scenario.trends if trend.per_round)
    return changed


def _variables_nothing_changes(scenario: Scenario, changers: set[str],
                               report: _Report) -> None:
    """A variable that stays at its baseline all game is noise on the dashboard."""
    for index, variable in enumerate(scenario.variables):
        if variable.id not in changers:
            report.warn(("variables", index, "id"), "scn.warn.unchanged", id=variable.id)


# --- conditions that can never hold ---------------------------------------------------------

def _impossible_conditions(scenario: Scenario, changers: set[str], report: _Report) -> None:
    """Events that can never happen, cards that can never be played, goals never met."""
    rounds = (1.0, float(scenario.rounds))
    years = (float(scenario.start_year), float(scenario.year_of_round(scenario.rounds)))
    settled = _settled_bounds(scenario, changers)

    # News: a triggered event's immediate effects apply before the next condition is read
    # and before clamping, so a value can briefly lie outside its range by that much.
    news = _widened(settled, _immediate_event_swing(scenario))
    judged: dict[str, _Analysis] = {}  # one set of bounds per loop: analyses shared in it
    for index, event in enumerate(scenario.events):
        if event.condition is not None:
            _check_condition(event.condition, ("events", index, "condition"),
                             news, rounds, years,
                             ("scn.warn.event_never", event.id), report, judged)
    # Decisions: costs are paid at once and only clamped when the round resolves.
    costs = list(map(attrgetter("cost"), scenario.cards))
    budget_cost = sum(map(attrgetter("budget"), costs))
    draagvlak_cost = sum(map(attrgetter("draagvlak"), costs))
    deciding = _widened(settled, {scenario.settings.budget: (-budget_cost, 0.0),
                                  scenario.settings.draagvlak: (-draagvlak_cost, 0.0)})
    deciding_judged: dict[str, _Analysis] = {}
    requires = list(map(attrgetter("requires"), scenario.cards))
    never: set[str] = set()  # each condition judged once; only the cards with one that never holds
    for text in set(requires):
        if text is not None:
            result = _analysed(text, deciding, rounds, years, deciding_judged)
            if result is not None and not result.can_be_true:
                never.add(text)
    for index in [i for i, text in enumerate(requires) if text in never] if never else ():
        _check_condition(requires[index], ("cards", index, "requires"), deciding, rounds,
                         years, ("scn.warn.card_never", scenario.cards[index].id), report,
                         deciding_judged)
    for index, role in enumerate(scenario.roles):
        if role.goal is not None:
            _check_condition(role.goal.condition, ("roles", index, "goal", "condition"),
                             settled, rounds, years,
                             ("scn.warn.goal_never", role.id), report)


def _settled_bounds(scenario: Scenario, changers: set[str]) -> dict[str, Interval]:
    """Where each variable can be once values are clamped: its range, or its baseline when
    nothing can change it."""
    bounds: dict[str, Interval] = {}
    for variable in scenario.variables:
        if variable.id in changers:
            bounds[variable.id] = (float(variable.range[0]), float(variable.range[1]))
        else:
            bounds[variable.id] = (float(variable.baseline), float(variable.baseline))
    return bounds


def _immediate_event_swing(scenario: Scenario) -> dict[str, Interval]:
    """Per variable, the largest drop and rise that triggered events' immediate effects can
    add up to within one round's news (each event fires at most once per round)."""
    swing: dict[str, list[float]] = {}
    for event in scenario.events:
        if event.trigger != EventTrigger.CONDITION:
            continue
        for effect in event.effects:
            if effect.delay:
                continue
            part = effect.amount / effect.spread
            low_high = swing.setdefault(effect.variable, [0.0, 0.0])
            low_high[0 if part < 0 else 1] += part
    return {name: (low, high) for name, (low, high) in swing.items()}


def _widened(bounds: dict[str, Interval],
             swing: dict[str, Interval]) -> dict[str, Interval]:
    return {name: (low + swing.get(name, (0.0, 0.0))[0], high + swing.get(name, (0.0, 0.0))[1])
            for name, (low, high) in bounds.items()}


@dataclass(frozen=True)
class _Analysis:
    """Which truth values a sub-expression can take as a condition; when one is impossible,
    `never_true` / `never_false` explain why, and `column` says where in the text."""

    can_be_true: bool = True
    can_be_false: bool = True
    never_true: Phrase | None = None
    never_false: Phrase | None = None
    column: int = 0

    def negated(self) -> _Analysis:
        return _Analysis(self.can_be_false, self.can_be_true, self.never_false,
                         self.never_true, self.column)


def _check_condition(text: str, loc: Loc, bounds: dict[str, Interval], rounds: Interval,
                     years: Interval, what: tuple[str, str], report: _Report,
                     judged: dict[str, _Analysis] | None = None) -> None:
    """Warn when `text` can never hold within `bounds`; `what` is the key and the id of the
    words that say what then never happens (made only for a warning). `judged` keeps the
    analysis of each condition text for calls with the same bounds: 100,000 cards repeat a
    few conditions, and each analysis copied every variable's bounds."""
    result = _analysed(text, bounds, rounds, years, judged)
    if result is None:
        return  # does not parse: reported as an error by the reference checks
    if not result.can_be_true:
        reason = phrase("scn.warn.because", reason=result.never_true) \
            if result.never_true else None
        report.warn(loc, "scn.warn.never_holds", offset=result.column,
                    what=phrase(what[0], id=what[1]), condition=repr(text), reason=reason)


def _analysed(text: str, bounds: dict[str, Interval], rounds: Interval, years: Interval,
              judged: dict[str, _Analysis] | None) -> _Analysis | None:
    """Which truth values the condition `text` can take within `bounds` (None when it does
    not parse), kept in `judged` for the next use with the same bounds."""
    result = judged.get(text) if judged is not None else None
    if result is None:
        try:
            expression = parse(text)
        except ExpressionError:
            return None
        names: dict[str, Interval] = {**bounds, "round": rounds, "year": years}
        result = _truth(expression, names)
        if judged is not None:
            judged[text] = result
    return result


def _truth(node: Node, names: dict[str, Interval]) -> _Analysis:
    """Which truth values `node` can take as a condition, with the reason when only one."""
    kind = node.kind
    if kind == "cmp":
        return _compare(node, names)
    if kind == "not":
        return _truth(node.children[0], names).negated()
    if kind in ("and", "or"):
        left, right = (_truth(child, names) for child in node.children)
        if kind == "or":  # a or b == not (not a and not b)
            return _both(left.negated(), right.negated()).negated()
        return _both(left, right)
    low, high = _interval(node, names)
    return _Analysis(not (low == high == 0.0), low <= 0.0 <= high, column=_start(node))


def _both(left: _Analysis, right: _Analysis) -> _Analysis:
    """`left and right`: true only when both can be, false when either can be."""
    if not left.can_be_true or not right.can_be_true:
        blame = left if not left.can_be_true else right
        return _Analysis(False, True, never_true=blame.never_true, column=blame.column)
    if not left.can_be_false and not right.can_be_false:
        reasons = [r for r in (left.never_false, right.never_false) if r]
        both = (phrase("scn.warn.reasons_and", first=reasons[0], second=reasons[1])
                if len(reasons) == 2 else reasons[0] if reasons else None)
        return _Analysis(True, False, never_false=both, column=left.column)
    return _Analysis()


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _possible(op: str, a: Interval, b: Interval) -> bool:
    """Can `a op b` be true for *some* values in the intervals? Sound: only "no" when the
    intervals prove it, by more than the rounding margin."""
    (a_low, a_high), (b_low, b_high) = a, b
    if op == "<":
        return a_low < b_high - _EPSILON
    if op == "<=":
        return a_low <= b_high + _EPSILON
    if op == ">":
        return a_high > b_low + _EPSILON
    if op == ">=":
        return a_high >= b_low - _EPSILON
    if op == "==":
        return a_low <= b_high + _EPSILON and b_low <= a_high + _EPSILON
    return not (a_low == a_high == b_low == b_high)  # "!="


def _compare(node: Node, names: dict[str, Interval]) -> _Analysis:
    left, right = node.children
    a, b = _interval(left, names), _interval(right, names)
    op = str(node.value)
    can_be_true, can_be_false = _possible(op, a, b), _possible(_NEGATED[op], a, b)
    def always(truth: str) -> Phrase:
        return phrase(f"scn.warn.always_{truth}", left=_show(left),
                      range=_range_words(left, *a), node=_show(node))

    return _Analysis(can_be_true, can_be_false,
                     never_true=None if can_be_true else always("false"),
                     never_false=None if can_be_false else always("true"),
                     column=_start(node))


def _range_words(node: Node, low: float, high: float) -> Phrase:
    """How an author reads an interval: 'runs from 1 to 3', 'stays between 0 and 100'."""
    if low == high:
        if node.kind == "name":
            return phrase("scn.warn.range_fixed", value=_figure(low))
        return phrase("scn.warn.range_always", value=_figure(low))
    if node.kind == "name" and node.value in ("round", "year"):
        return phrase("scn.warn.range_runs", low=_figure(low), high=_figure(high))
    return phrase("scn.warn.range_between", low=_figure(low), high=_figure(high))


def _figure(value: float) -> Phrase | Number:
    if math.isinf(value):
        return phrase("scn.warn.infinity" if value > 0 else "scn.warn.minus_infinity")
    return Number(f"{value:g}")


def _interval(node: Node, names: dict[str, Interval]) -> Interval:
    """The values an arithmetic expression can take (sound over-approximation)."""
    kind = node.kind
    if kind == "num":
        value = float(node.value)  # type: ignore[arg-type]
        return (value, value)
    if kind == "name":
        return names.get(str(node.value), _EVERYTHING)
    if kind == "neg":
        low, high = _interval(node.children[0], names)
        return (-high, -low)
    if kind in ("cmp", "and", "or", "not"):  # a truth value counts as 0 or 1
        truth = _truth(node, names)
        return (0.0 if truth.can_be_false else 1.0, 1.0 if truth.can_be_true else 0.0)
    (a_low, a_high), (b_low, b_high) = (_interval(child, names) for child in node.children)
    if any(math.isinf(v) for v in (a_low, a_high, b_low, b_high)):
        return _EVERYTHING
    op = node.value
    if op == "+":
        return (a_low + b_low, a_high + b_high)
    if op == "-":
        return (a_low - b_high, a_high - b_low)
    if op == "*":
        products = (a_low * b_low, a_low * b_high, a_high * b_low, a_high * b_high)
        return (min(products), max(products))
    # Division: the engine gives 0 for a zero denominator; only a denominator that can never
    # be zero gives a usable interval.
    if b_low > 0 or b_high < 0:
        quotients = (a_low / b_low, a_low / b_high, a_high / b_low, a_high / b_high)
        return (min(quotients), max(quotients))
    return _EVERYTHING


def _start(node: Node) -> int:
    """Column of the first character of a sub-expression (for locating it in the text)."""
    return min([node.column, *(_start(child) for child in node.children)])


_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def _show(node: Node, outer: int = 0) -> str:
    """The expression written back as text, with parentheses only where needed."""
    kind = node.kind
    if kind == "num":
        return f"{float(node.value):g}"  # type: ignore[arg-type]  # code, as written
    if kind == "name":
        return str(node.value)
    if kind == "neg":
        return f"-{_show(node.children[0], 7)}"
    if kind == "not":
        text, level = f"not {_show(node.children[0], 3)}", 3
    else:
        key = kind if kind in ("and", "or", "cmp") else str(node.value)
        level = _PRECEDENCE[key]
        symbol = str(node.value) if kind in ("cmp", "arith") else kind
        left, right = node.children
        text = f"{_show(left, level)} {symbol} {_show(right, level + 1)}"
    return f"({text})" if level < outer else text


# --- interaction loops without delay --------------------------------------------------------

def _loops_without_delay(scenario: Scenario, report: _Report) -> None:
    """Interactions with delay 0 that form a cycle feed back on themselves every round.

    Each round every link reads the values at the start of the round, so the loop does not
    explode within a round, but it amplifies round over round with nothing in between that a
    team can see coming. One delayed link makes the loop slow and visible in the pipeline.
    A variable damping itself (a link to itself with sign '-', such as diminishing returns
    above a ceiling) pulls back rather than amplifies, so it is no such loop.
    """
    edges: dict[str, list[tuple[str, int]]] = {}
    for index, link in enumerate(scenario.interactions):
        if link.source == link.target and link.sign == "-":
            continue
        if link.delay == 0:
            edges.setdefault(link.source, []).append((link.target, index))
    reported: set[frozenset[int]] = set()
    for component in _strongly_connected(edges):
        cycle = _cycle_in(component, edges)
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        first = min(cycle)
        chain = " → ".join([*(scenario.interactions[i].source for i in cycle),
                            scenario.interactions[cycle[0]].source])
        report.warn(("interactions", first), "scn.warn.loop", chain=chain)


def _strongly_connected(edges: dict[str, list[tuple[str, int]]]) -> list[set[str]]:
    """Tarjan's strongly connected components of the delay-0 graph (iteratively)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    nodes = sorted(set(edges) | {t for targets in edges.values() for t, _ in targets})
    for root in nodes:
        if root in index_of:
            continue
        work: list[tuple[str, Iterator[tuple[str, int]]]] = [(root, iter(edges.get(root, [])))]
        index_of[root] = low[root] = len(index_of)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for target, _ in successors:
                if target not in index_of:
                    index_of[target] = low[target] = len(index_of)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, []))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index_of[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def _cycle_in(component: set[str],
              edges: dict[str, list[tuple[str, int]]]) -> list[int] | None:
    """One cycle inside a strongly connected component, as interaction indices in order,
    starting from the interaction written first; None when the component has no cycle (a
    single variable without a link to itself)."""
    inside = [(index, source, target) for source, targets in edges.items()
              if source in component for target, index in targets if target in component]
    if not inside:
        return None
    first_index, start, first_target = min(inside)
    # Shortest path back from the first link's target to its source (breadth first).
    previous: dict[str, tuple[str, int] | None] = {first_target: None}
    queue = [first_target]
    while queue and start not in previous:
        node = queue.pop(0)
        for target, index in sorted(edges.get(node, []), key=lambda pair: pair[1]):
            if target in component and target not in previous:
                previous[target] = (node, index)
                queue.append(target)
    path: list[int] = []
    node = start
    while previous.get(node) is not None:
        parent, index = previous[node]  # type: ignore[misc]
        path.append(index)
        node = parent
    return [first_index, *reversed(path)]


# --- roles and texts --------------------------------------------------------------------------

def _small_hands(scenario: Scenario, report: _Report) -> None:
    """A role with few cards runs out: cards are used up, or unaffordable, and the player
    holding it can only pass."""
    for index, role in enumerate(scenario.roles):
        if len(role.cards) < MIN_CARDS_PER_ROLE:
            report.warn(("roles", index, "cards"), counted("scn.warn.small_hand", len(role.cards)),
                        id=role.id, count=len(role.cards), least=MIN_CARDS_PER_ROLE)


def untranslated_texts(model: BaseModel, locate: Locate = no_location,
                       path: str = "<scenario>") -> list[Diagnostic]:
    """A warning for every :class:`Text` in `model` (a scenario, a werksessie plan) that has
    no English, located through `locate`."""
    report = _Report(locate, path)
    _untranslated_texts(model, report)
    return report.found


#: Texts without English named one by one; the rest are counted in one more warning. A file
#: generated without English would otherwise give a warning per text (200,000 lines for
#: 100,000 cards), which nobody reads and which cost validate a third of its time.
MAX_UNTRANSLATED_LISTED = 100


def _untranslated_texts(scenario: BaseModel, report: _Report) -> None:
    """English is selectable in the game; a text without it shows Dutch in an English game."""
    walk = _Untranslated(MAX_UNTRANSLATED_LISTED + 1)
    walk.visit(scenario, ())
    for loc, text in walk.first[:MAX_UNTRANSLATED_LISTED]:
        shown = text.nl if len(text.nl) <= 40 else text.nl[:37] + "..."
        report.warn(loc, "scn.warn.untranslated", text=repr(shown))
    more = len(walk.first) - MAX_UNTRANSLATED_LISTED + walk.more
    if more > 0:
        report.warn(walk.first[MAX_UNTRANSLATED_LISTED][0], "scn.warn.untranslated_more",
                    count=more, listed=MAX_UNTRANSLATED_LISTED)


def _lacks_english(text: Text) -> bool:
    return not (text.en and text.en.strip())


class _Untranslated:
    """The texts without English in a model, in the order they are written: the first
    `limit` with their locations, the others only counted (:attr:`more`).

    Only the texts named get a location: once the first `limit` are found, the rest of a list
    is counted a field at a time (:func:`_count_untranslated`) instead of walked item by item
    with a location for each (for 100,000 cards that walk took two seconds)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.first: list[tuple[Loc, Text]] = []
        self.more = 0

    def visit(self, value: object, loc: Loc) -> None:
        if isinstance(value, Text):
            if _lacks_english(value):
                if len(self.first) < self.limit:
                    self.first.append((loc, value))
                else:
                    self.more += 1
        elif isinstance(value, BaseModel):
            for name, key in _keys_of(type(value)):
                item = getattr(value, name)
                if not isinstance(item, _PLAIN):
                    self.visit(item, (*loc, key))
        elif isinstance(value, list | tuple):
            for position, item in enumerate(value):
                if len(self.first) >= self.limit:
                    self.more += _count_untranslated(list(value[position:]))
                    return
                if not isinstance(item, _PLAIN):
                    self.visit(item, (*loc, position))


def _count_untranslated(values: list[object]) -> int:
    """How many texts without English `values` hold (anywhere inside), taken a kind and a
    field at a time."""
    count = 0
    todo = [values]
    while todo:
        group = todo.pop()
        kinds = set(map(type, group))
        by_kind: dict[type, list[object]] = {}
        if len(kinds) == 1:  # the usual case: the same field of many models
            by_kind[kinds.pop()] = group
        else:
            for value in group:
                by_kind.setdefault(type(value), []).append(value)
        for kind, members in by_kind.items():
            if issubclass(kind, _PLAIN):
                continue
            if issubclass(kind, Text):  # those without English: not a text that strips
                english = filter(None, map(attrgetter("en"), members))
                count += len(members) - sum(map(bool, map(str.strip, english)))
            elif issubclass(kind, BaseModel):
                todo.extend(list(map(attrgetter(name), members)) for name, _ in _keys_of(kind))
            elif issubclass(kind, list | tuple):
                todo.append(list(chain.from_iterable(members)))  # type: ignore[arg-type]
    return count


_PLAIN = (str, int, float, bool, type(None))
_FIELD_KEYS: dict[type, list[tuple[str, str]]] = {}


def _keys_of(kind: type[BaseModel]) -> list[tuple[str, str]]:
    """The fields of `kind` that can hold a :class:`Text` somewhere inside (an effect has
    none, so the walk skips the effects of 100,000 cards), with their YAML keys."""
    keys = _FIELD_KEYS.get(kind)
    if keys is None:
        keys = [(name, info.alias or name) for name, info in kind.model_fields.items()
                if _may_hold_text(info.annotation, set())]
        _FIELD_KEYS[kind] = keys
    return keys


def _may_hold_text(annotation: object, seen: set[object]) -> bool:
    """Whether a value of this type can contain a Text (conservative: unknown is yes)."""
    if annotation in seen:
        return False
    seen.add(annotation)
    if isinstance(annotation, type):
        if issubclass(annotation, Text):
            return True
        if issubclass(annotation, BaseModel):
            return any(_may_hold_text(info.annotation, seen)
                       for info in annotation.model_fields.values())
        return not issubclass(annotation, str | int | float | bool | Enum)
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return False
    if typing.get_origin(annotation) is typing.Annotated:
        return _may_hold_text(arguments[0], seen)
    if not arguments:
        return annotation is not None and annotation is not type(None)
    return any(_may_hold_text(argument, seen) for argument in arguments
               if argument is not type(None) and not isinstance(argument, str | int))
