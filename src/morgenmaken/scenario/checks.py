"""Reference checks: everything about a scenario that field validation cannot see.

The pydantic models check each value on its own; this module checks how values refer to
each other — ids must be unique, every reference must name something that exists, every
condition must parse and use known names, and every card must be in exactly one role's hand.
These checks run on a validated :class:`Scenario`, so they can rely on types, and they
collect *all* problems with their own file location (through a :class:`Locate`), because an
author fixing a scenario wants the whole list at once.

Locations (``loc``) are written with the YAML keys an author sees (``from``, ``evidence``),
not the Python attribute names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from morgenmaken.i18n import Phrase, phrase
from morgenmaken.scenario.diagnostics import (
    Diagnostic,
    Loc,
    Locate,
    did_you_mean,
    listed,
    no_location,
    suggest,
)
from morgenmaken.scenario.expressions import BUILTIN_NAMES, ExpressionError, parse
from morgenmaken.scenario.models import Effect, EventTrigger, Scenario

__all__ = ["check_references"]


@dataclass
class _Report:
    """Collects diagnostics while the checks run, so each check stays a small function."""

    locate: Locate
    path: str
    found: list[Diagnostic] = field(default_factory=list)
    #: Per condition text, what is wrong with it (its words and where in the text): checked
    #: once per text (100,000 cards repeat a few conditions), reported at every use.
    conditions: dict[str, list[tuple[str, int | None, dict[str, object]]]] = field(
        default_factory=dict)
    #: Ids whose unknown references are not reported, and which problems are (see
    #: :func:`check_references`).
    ignored: frozenset[str] = frozenset()
    keep: Callable[[Phrase], bool] | None = None

    def error(self, loc: Loc, key: str, /, *, offset: int | None = None,
              **values: object) -> None:
        words = phrase(key, **values)
        if self.keep is not None and not self.keep(words):
            return  # not wanted: not located either (that can take a chunk's reading)
        line, column = self.locate(loc, offset)
        self.found.append(Diagnostic.of(self.path, line, column, words))

    def line_of(self, loc: Loc) -> int:
        return self.locate(loc)[0]


def check_references(scenario: Scenario, locate: Locate = no_location,
                     path: str = "<scenario>", *, ignored: frozenset[str] = frozenset(),
                     keep: Callable[[Phrase], bool] | None = None) -> list[Diagnostic]:
    """Every cross-reference problem in `scenario`, located through `locate`.

    `locate` defaults to "no file" (1:1), so a scenario built in Python can be checked too.
    A reference to one of the `ignored` ids is not reported, and with `keep` only the
    problems it keeps are: both are looked at before a problem is located, so a scenario
    whose broken items were set aside (thousands of references to a variable set aside) is
    not located reference by reference for nothing.
    """
    report = _Report(locate, path, ignored=ignored, keep=keep)
    _check_unique_ids(scenario, report)
    _check_reserved_ids(scenario, report)
    variables = _Ids(v.id for v in scenario.variables)
    sources = _Ids(s.id for s in scenario.sources)
    _check_settings(scenario, variables, report)
    _check_variables(scenario, sources, report)
    _check_interactions(scenario, variables, sources, report)
    _check_trends(scenario, variables, sources, report)
    cards = _Ids(map(_ID, scenario.cards))  # set-speed `in`: once per reference
    _check_cards(scenario, variables, cards, report)
    _check_hands(scenario, cards, report)
    for index, role in enumerate(scenario.roles):
        if role.goal is not None:
            _check_condition(role.goal.condition, ("roles", index, "goal", "condition"),
                             variables, report)
    _check_events(scenario, variables, cards, report)
    _check_score(scenario, variables, report)
    for index, end in enumerate(scenario.end_conditions):
        _check_condition(end.condition, ("end_conditions", index, "condition"), variables,
                         report)
    return report.found


class _Ids(list[str]):
    """Ids in their order (for did-you-mean suggestions) with set-speed ``in``: a scenario of
    100,000 cards must be checked in seconds, not hours."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


# --- ids ------------------------------------------------------------------------------------

def _id_lists(scenario: Scenario) -> Iterator[tuple[str, Loc, Sequence[str]]]:
    """(kind, loc of the list, ids) for every list whose items carry an id."""
    yield "source", ("sources",), [s.id for s in scenario.sources]
    yield "variable", ("variables",), [v.id for v in scenario.variables]
    yield "trend", ("trends",), [t.id for t in scenario.trends]
    yield "role", ("roles",), [r.id for r in scenario.roles]
    yield "card", ("cards",), list(map(_ID, scenario.cards))
    yield "event", ("events",), [e.id for e in scenario.events]
    yield "score_component", ("score", "components"), [c.id for c in scenario.score.components]
    yield "end_condition", ("end_conditions",), [e.id for e in scenario.end_conditions]


def _check_unique_ids(scenario: Scenario, report: _Report) -> None:
    """An id used twice makes every reference to it ambiguous; report the later one."""
    for kind, list_loc, ids in _id_lists(scenario):
        if len(set(ids)) == len(ids):
            continue  # the usual case, found at once
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                line = report.line_of((*list_loc, first[item_id], "id"))
                report.error((*list_loc, index, "id"), f"scn.duplicate_id.{kind}",
                             id=item_id, line=line)
            else:
                first[item_id] = index


def _check_reserved_ids(scenario: Scenario, report: _Report) -> None:
    """A variable called ``round`` or ``year`` could never be read in a condition."""
    for index, variable in enumerate(scenario.variables):
        if variable.id in BUILTIN_NAMES:
            report.error(("variables", index, "id"), f"scn.reserved.{variable.id}",
                         id=variable.id)


# --- references -----------------------------------------------------------------------------

def _check_reference(value: str | None, known: Sequence[str], kind: str, loc: Loc,
                     report: _Report) -> None:
    """Report `value` when it is set but not among the `known` ids of `kind`."""
    if value is None or value in known or value in report.ignored:
        return
    hint: Phrase | None = did_you_mean(value, known)
    if not hint and kind == "source":
        # A source id must be listed before it can be cited; the list alone does not say so.
        shown, more = listed(known)
        hint = (phrase("scn.add_source_or_cite", id=value, shown=shown, more=more) if known
                else phrase("scn.add_source", id=value))
    report.error(loc, f"scn.unknown.{kind}", id=value,
                 hint=hint or suggest(value, known, f"{kind}s"))


def _check_settings(scenario: Scenario, variables: Sequence[str], report: _Report) -> None:
    """The budget and draagvlak resources must be variables; the defaults name them too."""
    for name in ("budget", "draagvlak"):
        value = getattr(scenario.settings, name)
        if value not in variables:
            advice = did_you_mean(value, variables) or phrase("scn.add_resource", id=value,
                                                              name=name)
            report.error(("settings", name), "scn.setting_not_variable", name=name, id=value,
                         hint=advice)


def _check_variables(scenario: Scenario, sources: Sequence[str], report: _Report) -> None:
    for index, variable in enumerate(scenario.variables):
        loc: Loc = ("variables", index)
        _check_reference(variable.source, sources, "source", (*loc, "source"), report)
        if variable.real_world is not None:
            _check_reference(variable.real_world.source, sources, "source",
                             (*loc, "real_world", "source"), report)


def _check_interactions(scenario: Scenario, variables: Sequence[str], sources: Sequence[str],
                        report: _Report) -> None:
    for index, link in enumerate(scenario.interactions):
        loc: Loc = ("interactions", index)
        _check_reference(link.source, variables, "variable", (*loc, "from"), report)
        _check_reference(link.target, variables, "variable", (*loc, "to"), report)
        _check_reference(link.source_ref, sources, "source", (*loc, "evidence"), report)


def _check_trends(scenario: Scenario, variables: Sequence[str], sources: Sequence[str],
                  report: _Report) -> None:
    for index, trend in enumerate(scenario.trends):
        loc: Loc = ("trends", index)
        _check_reference(trend.variable, variables, "variable", (*loc, "variable"), report)
        _check_reference(trend.source, sources, "source", (*loc, "source"), report)
        if trend.until_round is not None and trend.until_round < trend.from_round:
            report.error((*loc, "until_round"), "scn.trend_never", until=trend.until_round,
                         start=trend.from_round)


def _check_effects(effects: Iterable[Effect], variables: Sequence[str], loc: Loc,
                   report: _Report) -> None:
    for index, effect in enumerate(effects):
        _check_reference(effect.variable, variables, "variable", (*loc, index, "variable"),
                         report)


def _check_cards(scenario: Scenario, variables: Sequence[str], cards: Sequence[str],
                 report: _Report) -> None:
    known, card_ids = set(variables), set(cards)
    every = scenario.cards
    # What all cards refer to is asked at once, a C loop over each kind of reference; the
    # cards are gone through one by one only for a kind with an unknown reference, or with a
    # condition that has a problem (each condition text is checked once).
    effects = not known.issuperset(
        map(_VARIABLE, chain.from_iterable(map(attrgetter("effects"), every))))
    per_round = not known.issuperset(
        map(_VARIABLE, chain.from_iterable(map(attrgetter("per_round"), every))))
    required = not card_ids.issuperset(
        chain.from_iterable(map(attrgetter("requires_cards"), every)))
    texts = {text for text in set(map(attrgetter("requires"), every))
             if text is not None and _condition_has_problems(text, variables, report)}
    if effects or per_round or required or texts:
        for index, card in enumerate(every):
            if effects and card.effects and not known.issuperset(map(_VARIABLE,
                                                                    card.effects)):
                _check_effects(card.effects, variables, ("cards", index, "effects"), report)
            if per_round and card.per_round and not known.issuperset(map(_VARIABLE,
                                                                        card.per_round)):
                _check_effects(card.per_round, variables, ("cards", index, "per_round"),
                               report)
            if card.requires in texts:
                _check_condition(card.requires, ("cards", index, "requires"), variables,
                                 report)
            if required and card.requires_cards and not card_ids.issuperset(
                    card.requires_cards):
                for position, card_id in enumerate(card.requires_cards):
                    _check_reference(card_id, cards, "card",
                                     ("cards", index, "requires_cards", position), report)
    _check_requirement_cycles(scenario, report)


_ID = attrgetter("id")
_VARIABLE = attrgetter("variable")


def _check_requirement_cycles(scenario: Scenario, report: _Report) -> None:
    """A card whose required cards lead back to itself can never be adopted."""
    ids = list(map(_ID, scenario.cards))
    requires = dict(zip(ids, map(attrgetter("requires_cards"), scenario.cards), strict=True))
    reported: set[str] = set()
    for index in [i for i, card_id in enumerate(ids) if requires[card_id]]:
        card = scenario.cards[index]  # only a card that requires others can be in a cycle
        cycle = _cycle_from(card.id, requires)
        if cycle is None or reported & set(cycle):
            continue
        reported.update(cycle)
        chain = " → ".join([*cycle, cycle[0]])
        report.error(("cards", index, "requires_cards"), "scn.requirement_cycle", id=card.id,
                     chain=chain)


def _cycle_from(start: str, requires: dict[str, list[str]]) -> list[str] | None:
    """The cycle through `start` in the requirement graph, as a list of ids, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, trail = stack.pop()
        for required in requires.get(current, []):
            if required == start:
                return trail
            if required not in seen:
                seen.add(required)
                stack.append((required, [*trail, required]))
    return None


def _check_hands(scenario: Scenario, cards: Sequence[str], report: _Report) -> None:
    """Every card belongs to exactly one role's hand, or nobody could ever propose it (or two
    players would hold the same card)."""
    ids = list(cards)
    known = set(cards)
    hands = list(chain.from_iterable(map(attrgetter("cards"), scenario.roles)))
    held = set(hands)
    if len(held) == len(hands) and known.issuperset(held):  # the usual case, seen at once
        for index in [i for i, card_id in enumerate(ids) if card_id not in held]:
            report.error(("cards", index, "id"), "scn.hand.none", id=ids[index])
        return
    holder: dict[str, tuple[str, int, int]] = {}
    for role_index, role in enumerate(scenario.roles):
        for position, card_id in enumerate(role.cards):
            if card_id not in known:
                _check_reference(card_id, cards, "card", ("roles", role_index, "cards",
                                                          position), report)
            elif card_id in holder:
                other, other_index, other_position = holder[card_id]
                line = report.line_of(("roles", other_index, "cards", other_position))
                where = (phrase("scn.hand.twice") if other == role.id
                         else phrase("scn.hand.also", role=other))
                report.error(("roles", role_index, "cards", position), "scn.hand.two",
                             id=card_id, where=where, line=line)
            else:
                holder[card_id] = (role.id, role_index, position)
    for index in [i for i, card_id in enumerate(ids) if card_id not in holder]:
        report.error(("cards", index, "id"), "scn.hand.none", id=ids[index])


def _check_events(scenario: Scenario, variables: Sequence[str], cards: Sequence[str],
                  report: _Report) -> None:
    for index, event in enumerate(scenario.events):
        loc: Loc = ("events", index)
        _check_effects(event.effects, variables, (*loc, "effects"), report)
        for position, soft in enumerate(event.softened_by):
            _check_reference(soft.card, cards, "card", (*loc, "softened_by", position, "card"),
                             report)
        if event.condition is not None:
            _check_condition(event.condition, (*loc, "condition"), variables, report)
        elif event.trigger == EventTrigger.CONDITION:
            report.error((*loc, "trigger"), "scn.event_no_condition", id=event.id)


def _check_score(scenario: Scenario, variables: Sequence[str], report: _Report) -> None:
    for index, component in enumerate(scenario.score.components):
        loc: Loc = ("score", "components", index)
        for position, variable in enumerate(component.variables):
            _check_reference(variable, variables, "variable", (*loc, "variables", position),
                             report)
        if component.category is not None and not any(
                v.category == component.category for v in scenario.variables):
            report.error((*loc, "category"), "scn.score_empty_category",
                         category=component.category.value, id=component.id)


# --- conditions -----------------------------------------------------------------------------

def _condition_has_problems(text: str, variables: Sequence[str], report: _Report) -> bool:
    """Whether :func:`_check_condition` reports anything about `text`."""
    found = report.conditions.get(text)
    if found is None:
        found = report.conditions[text] = _condition_problems(text, variables)
    return bool(found)


def _check_condition(text: str, loc: Loc, variables: Sequence[str], report: _Report) -> None:
    """A condition must parse and use only variable ids, ``round`` and ``year``.

    Problems are located at the exact character inside the string where the file allows it.
    """
    found = report.conditions.get(text)
    if found is None:
        found = report.conditions[text] = _condition_problems(text, variables)
    for key, offset, values in found:
        report.error(loc, key, offset=offset, **values)


def _condition_problems(text: str, variables: Sequence[str],
                        ) -> list[tuple[str, int | None, dict[str, object]]]:
    """What :func:`_check_condition` reports about `text`: each problem's key, column in
    the text and values."""
    try:
        expression = parse(text)
    except ExpressionError as error:
        shown = text if len(text) <= 80 else text[:77] + "..."  # a 10,000-character one too
        return [("scn.condition_unparsed", error.column,
                 {"condition": repr(shown), "problem": error.words})]
    found: list[tuple[str, int | None, dict[str, object]]] = []
    for name, column in expression.name_columns():
        if name not in variables and name not in BUILTIN_NAMES:
            # the list for suggestions only when a name is unknown: not once per condition
            known = [*variables, *BUILTIN_NAMES]
            hint = did_you_mean(name, known) or phrase("scn.use_variable")
            found.append(("scn.unknown_name", column, {"name": name, "hint": hint}))
    return found
