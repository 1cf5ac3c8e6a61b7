"""A scenario compiled into flat, index-based tables for the engine's hot loop.

The pydantic models are the right shape for authors and validation, but walking them for every
interaction of every round would make simulations of thousands of games slow. Compiling once
turns ids into list positions and conditions into closures; a compiled scenario is immutable and
shared by every game state made from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from morgenmaken.engine.actions import Action
from morgenmaken.scenario.expressions import Evaluator, parse
from morgenmaken.scenario.models import Aggregate, Category, EventTrigger, Scenario, Shape

SHAPE_LINEAR, SHAPE_SATURATING, SHAPE_THRESHOLD, SHAPE_CEILING = 0, 1, 2, 3
_SHAPES = {Shape.LINEAR: SHAPE_LINEAR, Shape.SATURATING: SHAPE_SATURATING,
           Shape.THRESHOLD: SHAPE_THRESHOLD, Shape.CEILING: SHAPE_CEILING}


@dataclass(frozen=True, slots=True)
class CEffect:
    """An effect with its variable as an index: (variable, amount, delay, spread), and the
    level a card's repair lifts to at most (``up_to``, None: no limit)."""

    var: int
    amount: float
    delay: int
    spread: int
    up_to: float | None = None


@dataclass(frozen=True, slots=True)
class CCard:
    """A card as the engine needs it."""

    id: str
    role: str
    budget: float
    draagvlak: float
    structural: bool
    upkeep: float
    duration: int | None
    effects: tuple[CEffect, ...]
    per_round: tuple[CEffect, ...]
    requires: Evaluator | None
    requires_cards: tuple[str, ...]
    repeatable: bool


@dataclass(frozen=True, slots=True)
class CEvent:
    """An event as the engine needs it."""

    id: str
    weight: float
    condition: Evaluator | None
    max_times: int
    triggered: bool
    effects: tuple[CEffect, ...]
    #: (card id, share of the harm that still lands once that card is adopted)
    softened_by: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class CInteraction:
    """An interaction with its signed weight; `source_id` names the cause in the ledger."""

    source: int
    target: int
    k: float
    delay: int
    reference: float
    shape: int
    cap: float | None
    source_id: str


@dataclass(frozen=True, slots=True)
class CComponent:
    """A score component: normalised weight, variable indices and aggregate."""

    id: str
    weight: float
    variables: tuple[int, ...]
    aggregate: Aggregate


class CompiledScenario:
    """Index tables for one scenario. Build with :func:`compile_scenario`."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.content_hash = content_hash(scenario)
        self.var_ids: tuple[str, ...] = tuple(v.id for v in scenario.variables)
        self.index: dict[str, int] = {vid: i for i, vid in enumerate(self.var_ids)}
        self.baselines: tuple[float, ...] = tuple(float(v.baseline) for v in scenario.variables)
        self.lows: tuple[float, ...] = tuple(float(v.range[0]) for v in scenario.variables)
        self.highs: tuple[float, ...] = tuple(float(v.range[1]) for v in scenario.variables)
        self.collapse: tuple[tuple[int, float], ...] = tuple(
            (i, float(v.collapse)) for i, v in enumerate(scenario.variables)
            if v.collapse is not None
        )
        self.categories: dict[Category, tuple[int, ...]] = {
            cat: tuple(i for i, v in enumerate(scenario.variables) if v.category == cat)
            for cat in Category
        }
        self.budget = self.index[scenario.settings.budget]
        self.draagvlak = self.index[scenario.settings.draagvlak]
        self.rounds = scenario.rounds
        self.proposals_per_role = scenario.settings.proposals_per_role
        self.proposals_per_player = scenario.settings.proposals_per_player
        self.events_per_round = scenario.settings.events_per_round
        self.interactions: tuple[CInteraction, ...] = tuple(
            CInteraction(
                source=self.index[i.source], target=self.index[i.target],
                k=i.weight if i.sign == "+" else -i.weight, delay=i.delay,
                reference=(float(i.reference) if i.reference is not None
                           else self.baselines[self.index[i.source]]),
                shape=_SHAPES[i.shape], cap=i.cap, source_id=i.source,
            )
            for i in scenario.interactions
        )
        #: The interactions as plain tuples, unpacked fastest in the resolution loop.
        self.links = tuple(
            (i.source, i.target, i.k, i.delay, i.reference, i.shape, i.cap, i.source_id)
            for i in self.interactions
        )
        self.trends = tuple(
            (t.id, self.index[t.variable], float(t.per_round), t.from_round,
             t.until_round if t.until_round is not None else 10**9)
            for t in scenario.trends
        )
        holder = {card_id: role.id for role in scenario.roles for card_id in role.cards}
        self.cards: dict[str, CCard] = {
            c.id: CCard(
                id=c.id, role=holder.get(c.id, ""), budget=float(c.cost.budget),
                draagvlak=float(c.cost.draagvlak), structural=c.structural,
                upkeep=float(c.upkeep), duration=c.duration,
                effects=self._effects(c.effects), per_round=self._effects(c.per_round),
                requires=self.condition(c.requires), requires_cards=tuple(c.requires_cards),
                repeatable=c.repeatable,
            )
            for c in scenario.cards
        }
        #: Ready-made actions, so listing legal actions allocates nothing new.
        self.propose_actions = {c: Action.propose(c) for c in self.cards}
        self.adopt_actions = {c: Action.adopt(c) for c in self.cards}
        self.events: tuple[CEvent, ...] = tuple(
            CEvent(id=e.id, weight=float(e.weight), condition=self.condition(e.condition),
                   max_times=e.max_times, triggered=e.trigger == EventTrigger.CONDITION,
                   effects=self._effects(e.effects),
                   softened_by=tuple((soft.card, float(soft.keep)) for soft in e.softened_by))
            for e in scenario.events
        )
        self.event_index: dict[str, int] = {e.id: i for i, e in enumerate(self.events)}
        #: Cards that soften some event's harm (the bots value them by the outlook).
        self.softeners: frozenset[str] = frozenset(
            card for e in self.events for card, _ in e.softened_by)
        self.role_ids: tuple[str, ...] = tuple(r.id for r in scenario.roles)
        self.hands: dict[str, tuple[str, ...]] = {r.id: tuple(r.cards) for r in scenario.roles}
        self.goals: dict[str, Evaluator | None] = {
            r.id: self.condition(r.goal.condition if r.goal else None) for r in scenario.roles
        }
        total = sum(c.weight for c in scenario.score.components)
        self.components: tuple[CComponent, ...] = tuple(
            CComponent(
                id=c.id, weight=c.weight / total,
                variables=(self.categories[c.category] if c.category is not None
                           else tuple(self.index[v] for v in c.variables)),
                aggregate=c.aggregate,
            )
            for c in scenario.score.components
        )
        #: Score component id -> the level it must reach for the team to win (its lens holds).
        self.requirements: dict[str, float] = {
            c.id: float(c.at_least) for c in scenario.score.components if c.at_least is not None
        }
        self.win_threshold = float(scenario.score.win_threshold)
        self.goal_bonus = float(scenario.score.goal_bonus)
        self.end_conditions: tuple[tuple[str, Evaluator], ...] = tuple(
            (e.id, self._required_condition(e.condition)) for e in scenario.end_conditions
        )

    def _effects(self, effects: list) -> tuple[CEffect, ...]:  # type: ignore[type-arg]
        return tuple(CEffect(self.index[e.variable], float(e.amount), e.delay, e.spread,
                             None if e.up_to is None else float(e.up_to))
                     for e in effects)

    def condition(self, text: str | None) -> Evaluator | None:
        """Compile an optional condition string against this scenario's variables."""
        return None if text is None else parse(text).compile(self.index)

    def _required_condition(self, text: str) -> Evaluator:
        return parse(text).compile(self.index)

    def year(self, round_number: int) -> int:
        """Calendar year in which a round starts."""
        return self.scenario.year_of_round(round_number)


def content_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content, so a save can tell that its scenario has changed."""
    payload = scenario.model_dump_json(by_alias=True).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


_CACHE: dict[int, CompiledScenario] = {}


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Compile, reusing the last compilation of the very same scenario object.

    Simulations create thousands of games from one scenario; the cache keeps that free. The
    compiled object holds the scenario, so the id used as key stays valid while cached.
    """
    cached = _CACHE.get(id(scenario))
    if cached is not None and cached.scenario is scenario:
        return cached
    compiled = CompiledScenario(scenario)
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(scenario)] = compiled
    return compiled
