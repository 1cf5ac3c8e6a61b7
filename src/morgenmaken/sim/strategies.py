"""The strategy panel: named ways of playing, to prove (or disprove) the lesson of a scenario.

The game teaches *integraal afwegen*. A scenario teaches it only if every one-sided or naive way
of playing loses most games and a balanced, long-sighted team wins most. Each strategy here is
one such way of playing, written only against the engine's public API and the scenario's own
data (cards and their printed effects, variable categories, role goals, the score and its
lens requirements) — never against card ids — so it plays any scenario an author writes.

:data:`PANEL` is the one registry: name → :class:`Strategy` (a one-line description in Dutch and
English, the bar it is held to, and a factory). ``simulate --strategy all``, the balance report
and ``tests/test_balance.py`` all read it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from morgenmaken.engine import Action, GameState, Phase
from morgenmaken.engine.compiled import CCard, CompiledScenario
from morgenmaken.scenario.expressions import parse
from morgenmaken.scenario.models import Aggregate, Category


class Bot(Protocol):
    """Anything that picks an action for a state."""

    def choose(self, state: GameState) -> Action:
        """A legal action for `state`."""
        ...


#: The lenses of brede welvaart a team must weigh; the resources are not a lens.
LENSES = (Category.HIER_EN_NU, Category.LATER, Category.ELDERS, Category.VERDELING)


# --------------------------------------------------------------------------- reading cards
def printed_lines(state: GameState, card: CCard) -> list[tuple[int, int, float]]:
    """A card's printed effects as a team reads them, one (variable, delay, amount) a line: a
    structural card's per-round effects count for the rounds left in the game (or its
    duration), from their delay on."""
    lines = [(e.var, e.delay, e.amount) for e in card.effects]
    if card.structural:
        left = state.last_round - state.round + 1
        rounds = left if card.duration is None else min(left, card.duration)
        lines += [(e.var, e.delay, e.amount * max(0, rounds - e.delay)) for e in card.per_round]
    return lines


def printed(state: GameState, card: CCard, variables: Iterable[int] | None = None,
            immediate_only: bool = False, delayed_only: bool = False) -> float:
    """The sum of a card's printed effects on `variables` (all but the resources by default).

    A structural card's per-round effects count for the rounds left in the game: that is what
    the card says it does, read without the model. `immediate_only` keeps what lands at once,
    `delayed_only` what lands later: how a team that only looks at now, or only at later, reads
    a card.
    """
    compiled = state.compiled
    if variables is None:
        wanted = set(range(len(compiled.var_ids))) - {compiled.budget, compiled.draagvlak}
    else:
        wanted = set(variables)
    return sum(amount for var, delay, amount in printed_lines(state, card)
               if var in wanted and not (immediate_only and delay > 0)
               and not (delayed_only and delay == 0))


def printed_cost(state: GameState, card: CCard) -> float:
    """What a card says it costs, read without the model: budget and draagvlak once, and a
    structural card's upkeep for the rounds left (the denominator of 'per unit of cost')."""
    left = state.last_round - state.round + 1
    return card.budget + (card.upkeep * left if card.structural else 0.0) + card.draagvlak


def lens_of_component(compiled: CompiledScenario, variables: tuple[int, ...]) -> Category | None:
    """The lens a score component (or requirement) measures: the category of its variables."""
    categories = {compiled.scenario.variables[i].category for i in variables}
    return categories.pop() if len(categories) == 1 else None


def goal_variables(compiled: CompiledScenario, role: str) -> set[int]:
    """The variables a role's open goal names (its 'own' portfolio, as a silo reads it)."""
    for item in compiled.scenario.roles:
        if item.id == role and item.goal is not None:
            names = parse(item.goal.condition).names()
            return {compiled.index[n] for n in names if n in compiled.index}
    return set()


def relief(state: GameState, card: str) -> list[float]:
    """What a card is expected to spare the region in the next round's news, per variable:
    for each likely event it softens (and no adopted card softens better already), the
    chance of the event times the share of its harm the card takes away.

    This is what the news screen's outlook tells a team ("Droogte: 35 % kans, te verzachten
    met ..."), so both the model-reading and the screen-reading teams may use it.
    """
    compiled = state.compiled
    spared = [0.0] * len(compiled.var_ids)
    for event_id, chance in state.outlook():
        event = compiled.events[compiled.event_index[event_id]]
        mine = [keep for cid, keep in event.softened_by if cid == card]
        if not mine:
            continue
        already = min((keep for cid, keep in event.softened_by if cid in state.adopted),
                      default=1.0)
        share = max(0.0, already - min(mine))
        for effect in event.effects:
            if effect.amount < 0:
                spared[effect.var] += chance * share * -effect.amount
    return spared


def likely_cut(state: GameState, chance: float) -> float:
    """The largest budget cut the news screen's outlook shows as at least `chance` likely next
    round: what a team that reads the outlook keeps money in hand for."""
    compiled = state.compiled
    largest = 0.0
    for event_id, likely in state.outlook():
        if likely >= chance:
            event = compiled.events[compiled.event_index[event_id]]
            cut = -sum(e.amount for e in event.effects if e.var == compiled.budget)
            largest = max(largest, cut)
    return largest


def budget_room(state: GameState, chance: float) -> float:
    """What a team can spend now and still pay its way: this round's budget line (income less
    upkeep and what the region's state costs, as the dashboard's forecast shows it) must
    leave the budget above zero after this round, and again after the next if the likeliest
    large cut of the outlook comes. Without it, a team that spends to the last euro goes
    bankrupt on its own upkeep or on the first cut, however well it weighs."""
    flow = state.project(rounds=1).values[-1][state.compiled.budget] - state.budget
    return min(state.budget + flow, state.budget + 2 * flow - likely_cut(state, chance))


# --------------------------------------------------------------------------- bot machinery
class RandomBot:
    """Picks uniformly among the legal actions."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def choose(self, state: GameState) -> Action:
        """A uniformly random legal action."""
        return self.rng.choice(state.legal_actions())


class CardBot:
    """Values each card with :meth:`worth`, proposes and adopts the best one worth more than 0.

    In vote mode the team first puts the most wanted proposal to the vote (the budget goes to
    what is voted first), and every player votes for a proposal worth more than 0. Subclasses
    only say what a card is worth to them; :meth:`prepare` computes, once per decision,
    whatever that needs.
    """

    def prepare(self, state: GameState) -> object:
        """Shared input of :meth:`worth` for one decision (e.g. a projection without cards)."""
        return None

    def worth(self, state: GameState, card: str, base: object) -> float:
        """How much this strategy wants `card` now; at most 0 means not at all."""
        raise NotImplementedError

    def choose(self, state: GameState) -> Action:
        """Propose or adopt the most wanted legal card, or pass / finish deciding."""
        legal = state.legal_actions()
        if state.phase == Phase.DECIDE and legal[0].kind == "vote":
            card = legal[0].card
            base = self.prepare(state)
            here = self.worth(state, card, base)
            moves = [a for a in legal if a.kind == "next"]  # only before the first vote
            if moves:
                value, move = max((self.worth(state, a.card, base), a) for a in moves)
                if value > here:
                    return move
            return Action.vote(card, here > 0)
        stop = legal[-1]  # "pass" or "done"
        candidates = [a for a in legal if a.kind in ("propose", "adopt")]
        if not candidates:
            return stop
        base = self.prepare(state)
        best, best_value = stop, 0.0
        for action in candidates:
            value = self.worth(state, action.card, base)
            if value > best_value:
                best, best_value = action, value
        if best is not stop and stop.kind == "pass" and not self._worth_a_slot(state, base,
                                                                               best_value):
            return stop
        return best

    def _worth_a_slot(self, state: GameState, base: object, value: float) -> bool:
        """Whether this role's best card earns one of its player's proposals this round.

        Where a player may propose fewer cards than they hold roles still to speak, a card
        here is a card not proposed for a later role of theirs: propose it only if it is
        among the best the player's remaining roles offer (the earlier role wins a tie)."""
        player = state.current_player
        assert player is not None
        left = state.proposals_left(player)
        if left is None:
            return True
        later = [r for r in state.roles_to_propose()[1:] if state.role_holders[r] == player]
        if len(later) < left:
            return True
        rivals = []
        for role in later:
            values = [self.worth(state, c, base) for c in state.proposable(role)]
            rivals.append(max(values, default=0.0))
        return sum(1 for v in rivals if v > value) < left


class NothingBot(CardBot):
    """Never proposes or adopts anything."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Nothing is worth doing."""
        return 0.0


class EverythingBot(CardBot):
    """Takes every card it can afford, in hand order."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Everything is worth the same."""
        return 1.0


class CheapestBot(CardBot):
    """Takes the cheapest card first (budget, then draagvlak, then upkeep)."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Higher the cheaper."""
        c = state.compiled.cards[card]
        return 1000.0 - c.budget - c.draagvlak - c.upkeep * 2


class PrintedPerCostBot(CardBot):
    """Sums the printed effects and divides by the budget cost: 'add up the card'."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Printed sum per M€ (one-off plus upkeep for the rounds left)."""
        c = state.compiled.cards[card]
        return printed(state, c) / (1.0 + printed_cost(state, c))


class PrintedSumBot(CardBot):
    """The card with the largest sum of its printed numbers, whatever it costs: 'add up the
    card' by a team that takes the budget as given and reads a structural card's "+0,4 per
    ronde" as the +0,4 it says. A strategy written outside the panel found that this wins
    Drenthe far more often than adding up per unit of cost, so the panel keeps it."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """The printed numbers on every lens added up as they read (the resources left out)."""
        compiled = state.compiled
        c = compiled.cards[card]
        resources = (compiled.budget, compiled.draagvlak)
        return (sum(e.amount for e in c.effects if e.var not in resources)
                + sum(e.amount for e in c.per_round if e.var not in resources))


class LensMeanBot(CardBot):
    """Adds up the card per lens, each lens as the mean over its variables and the resources
    (budget, draagvlak) as one more lens, per unit of cost: every lens counted equally, which
    looks balanced but reads neither the region's state nor the levels."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Sum over the lenses and the resources of the mean printed effect, per M€."""
        compiled = state.compiled
        c = compiled.cards[card]
        total = 0.0
        for lens in (*LENSES, Category.RESOURCE):
            variables = compiled.categories[lens]
            if variables:
                total += printed(state, c, variables) / len(variables)
        return total / (1.0 + printed_cost(state, c))


class RandomPositiveBot(CardBot):
    """A random card whose printed effects sum above zero."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Random among the cards whose printed sum is positive."""
        if printed(state, state.compiled.cards[card]) <= 0:
            return 0.0
        return 0.01 + self.rng.random()


class LensBot(CardBot):
    """Sums printed effects on some lenses only (optionally only what lands at once, or only
    what lands later)."""

    def __init__(self, lenses: tuple[Category, ...], immediate_only: bool = False,
                 delayed_only: bool = False) -> None:
        self.lenses = lenses
        self.immediate_only = immediate_only
        self.delayed_only = delayed_only

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Printed sum on the chosen lenses."""
        variables = [i for lens in self.lenses for i in state.compiled.categories[lens]]
        return printed(state, state.compiled.cards[card], variables, self.immediate_only,
                       self.delayed_only)


class WeightedSumBot(CardBot):
    """Adds up the card per lens, each lens weighed as the score weighs it, per unit of cost.

    The most careful way to 'add up the card': it reads every lens and the score's weights, but
    neither the state of the region, nor the level each lens must reach, nor the model.
    """

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Weighted printed sum per M€ (one-off plus upkeep for the rounds left)."""
        compiled = state.compiled
        c = compiled.cards[card]
        total = 0.0
        for component in compiled.components:
            if component.variables:
                total += (component.weight * printed(state, c, component.variables)
                          / len(component.variables))
        return total / (1.0 + printed_cost(state, c))


class LossAverseBot(CardBot):
    """Adds up the card with every printed loss counted `loss_weight` times: the team that
    says "first, do no harm". Three readings of the lenses, each a shortcut a grid of outside
    strategies found beating the panel's own adders somewhere:

    - ``flat``: every theme and group alike, the card that adds up highest whatever it costs;
    - ``score``: each score component's weight spread over its variables (as
      :class:`WeightedSumBot`), per unit of cost;
    - ``lens``: each variable counts with the whole weight its lens has in the score, whatever
      the card costs (a team that reads "hier en nu 30 %" as the weight of every theme in it).
    """

    def __init__(self, loss_weight: float, weights: str = "flat") -> None:
        self.loss_weight = loss_weight
        self.weights = weights

    def _read(self, state: GameState, card: CCard, weight: dict[int, float]) -> float:
        """Each printed line as it reads, a minus made heavier: a card that gives now and
        takes later shows both lines, and this team sees the minus."""
        return sum(amount * weight[var] * (self.loss_weight if amount < 0 else 1.0)
                   for var, _delay, amount in printed_lines(state, card) if var in weight)

    def prepare(self, state: GameState) -> object:
        """What a point on each variable weighs in this reading (the resources left out)."""
        compiled = state.compiled
        if self.weights == "flat":
            resources = (compiled.budget, compiled.draagvlak)
            return {i: 1.0 for i in range(len(compiled.var_ids)) if i not in resources}
        weight: dict[int, float] = {}
        for component in compiled.components:
            members = component.variables
            if self.weights == "lens":
                lens = lens_of_component(compiled, members)
                members = compiled.categories[lens] if lens is not None else members
            share = component.weight / (len(members) if self.weights == "score" else 1)
            for i in members:
                weight[i] = weight.get(i, 0.0) + share
        return weight

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Printed gains plus the losses made heavier, in this reading of the lenses."""
        c = state.compiled.cards[card]
        total = self._read(state, c, base)  # type: ignore[arg-type]
        return total / (1.0 + printed_cost(state, c)) if self.weights == "score" else total


class NoLossBot(CardBot):
    """Only cards that print no loss anywhere (no minus on a theme, a group, the budget later
    or draagvlak), the largest printed sum first, whatever they cost: "no regret" measures
    only. It wins where the best investments are free lunches."""

    def worth(self, state: GameState, card: str, base: object) -> float:
        """The printed sum of a card without a printed minus; nothing for one with."""
        c = state.compiled.cards[card]
        if any(e.amount < 0 for e in (*c.effects, *c.per_round)):
            return 0.0
        return printed(state, c)


class SiloBot(CardBot):
    """Each role pushes only its own goal's variables; the team adopts what any role wants."""

    def __init__(self) -> None:
        self._goals: dict[str, set[int]] = {}

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Printed sum on the variables the card's role goal names."""
        c = state.compiled.cards[card]
        if c.role not in self._goals:
            self._goals[c.role] = goal_variables(state.compiled, c.role)
        own = self._goals[c.role]
        return printed(state, c, own) if own else 0.0


class DashboardBot(CardBot):
    """Greedy on this round's dashboard: the mean of every shown variable after this round."""

    def _mean(self, state: GameState, values: tuple[float, ...]) -> float:
        compiled = state.compiled
        shown = [i for lens in LENSES for i in compiled.categories[lens]]
        return sum(values[i] for i in shown) / max(1, len(shown))

    def prepare(self, state: GameState) -> object:
        """The dashboard after this round without a new card."""
        return self._mean(state, state.project(rounds=1).values[-1])

    def worth(self, state: GameState, card: str, base: object) -> float:
        """The gain in the dashboard mean by the end of this round."""
        return self._mean(state, state.project(rounds=1, adopt=[card]).values[-1]) - base  # type: ignore[operator]


class MyopicBot(CardBot):
    """Greedy on the score one round ahead, blind to what lands later and to reserves."""

    def prepare(self, state: GameState) -> object:
        """The score after this round with no new card."""
        return state.project(rounds=1).score

    def worth(self, state: GameState, card: str, base: object) -> float:
        """The gain in score by the end of this round."""
        return state.project(rounds=1, adopt=[card]).score - base  # type: ignore[operator]


class LookaheadBot(CardBot):
    """Plays the model to the end of the game for each card and weighs what it shows.

    The measure is the score plus the weakest theme, with a penalty for every score component
    below the level the scenario requires to win, and for budget and draagvlak below a reserve.
    A card is worth its gain in that measure per unit of what it costs (budget now and upkeep
    for the rounds left, draagvlak), because a scarce budget is best spent where it does most.
    A long-sighted team also keeps a reserve now, for the shocks the news may bring, and never
    adopts a card after which the model shows the budget or draagvlak running out.
    `ignore` drops lenses from the measure, to show what a team blind to one lens does.
    """

    #: Weight of the weakest *hier en nu* theme next to the score.
    weakest_weight = 1.0
    #: Budget and draagvlak kept in reserve at the end (as a share of their baseline).
    reserve = 0.3
    #: Measure points lost per point a lens falls short of what the scenario requires.
    shortfall_weight = 3.0
    #: Budget kept in hand this round against a shock in the news (share of the baseline).
    shock_reserve = 0.0
    #: Points above a lens's required level this team aims for: the news of the rounds still
    #: to come can push a lens that the model shows ending just at its level below it.
    margin = 0.25
    #: Weigh a card's gain per unit of its cost (True) or as it is (False).
    per_cost = True
    #: How heavily cost counts against the gain (per baseline of budget or draagvlak).
    cost_weight = 4.0

    def __init__(self, ignore: tuple[Category, ...] = ()) -> None:
        self.ignore = ignore

    def measure(self, state: GameState, values: tuple[float, ...]) -> float:
        """What this team wants as high as possible at the end."""
        compiled = state.compiled
        total = 0.0
        for (cid, part), component in zip(state.score_parts(values), compiled.components,
                                          strict=False):
            lens = lens_of_component(compiled, component.variables)
            if lens in self.ignore:
                continue
            total += component.weight * part
            need = compiled.requirements.get(cid)
            if need is not None and part < need + self.margin:
                total -= self.shortfall_weight * (need + self.margin - part)
        if Category.HIER_EN_NU not in self.ignore:
            themes = compiled.categories[Category.HIER_EN_NU]
            total += self.weakest_weight * min((values[i] for i in themes), default=0.0)
        for index in (compiled.budget, compiled.draagvlak):
            floor = self.reserve * compiled.baselines[index]
            if values[index] < floor:
                total -= (floor - values[index]) * 0.5
        return total

    def _outlook(self, state: GameState, adopt: tuple[str, ...] = ()) -> float:
        projection = state.project(adopt=adopt)
        value = self.measure(state, projection.settled)
        compiled = state.compiled
        for row in projection.values:
            for index in (compiled.budget, compiled.draagvlak):
                if row[index] < 0:
                    value -= 20.0 - row[index]
        return value

    def prepare(self, state: GameState) -> object:
        """The outlook at the end of the game, with what is still coming, and no new card."""
        return self._outlook(state)

    def worth(self, state: GameState, card: str, base: object) -> float:
        """The gain in the outlook per unit of cost; nothing if it eats the shock reserve."""
        compiled = state.compiled
        c = compiled.cards[card]
        floor = self.shock_reserve * compiled.baselines[compiled.budget]
        if c.budget > 0 and state.budget - c.budget < floor:
            return 0.0
        gain = self._outlook(state, (card,)) - base  # type: ignore[operator]
        if card in compiled.softeners:
            # The model plays no news forward; what the card spares in a likely shock counts.
            settled = state.settled_values()
            spared = relief(state, card)
            gain += (self.measure(state, tuple(v + d for v, d in zip(settled, spared,
                                                                     strict=True)))
                     - self.measure(state, tuple(settled)))
        if gain <= 0 or not self.per_cost:
            return gain
        left = state.last_round - state.round + 1
        base_budget = compiled.baselines[compiled.budget] or 1.0
        base_draagvlak = compiled.baselines[compiled.draagvlak] or 1.0
        spend = c.budget + (c.upkeep * left if c.structural else 0.0)
        return gain / (1.0 + (spend / base_budget + c.draagvlak / base_draagvlak)
                       * self.cost_weight)


class ThoughtfulBot(CardBot):
    """A team that weighs all four lenses from what the screen shows, without the model.

    It reads the dashboard with the pipeline (the values once what is already coming has
    landed), the score's lenses and the level each must reach. A lens close to or below its
    level weighs more, and within a lens the weakest variable weighs most when the lens is
    scored on its weakest part. Each card's printed effects (now, later, per round) are weighed
    by those weights, per unit of what the card costs, and the team keeps a reserve of
    draagvlak, and of budget for this round's budget line and the likeliest large cut the news
    outlook shows (:func:`budget_room`). It does not play the model forward, so knock-ons and
    diminishing returns only reach it when they show on the dashboard.
    """

    #: Draagvlak kept in reserve (share of its baseline).
    reserve = 0.3
    #: Points above a lens's level at which the team starts to worry about it.
    worry = 4.0
    #: How heavily cost counts against what a card does (per baseline of budget or draagvlak).
    cost_weight = 15.0
    #: A cut in the news at least this likely is one the team keeps budget in hand for.
    shock_chance = 0.1

    def prepare(self, state: GameState) -> object:
        """A weight per variable (how much a point of it helps the lenses that need it), and
        the budget the team can spend this decision (:func:`budget_room`)."""
        compiled = state.compiled
        values = state.settled_values()
        weights = [0.0] * len(values)
        for (cid, part), component in zip(state.score_parts(values), compiled.components,
                                          strict=False):
            members = component.variables
            need = compiled.requirements.get(cid)
            urgency = 1.0
            if need is not None:
                urgency += max(0.0, need + self.worry - part) / 2.0
            share = component.weight * urgency
            weakest = min(members, key=lambda i: values[i])
            if component.aggregate == Aggregate.MEAN:
                for i in members:
                    weights[i] += share / len(members)
            elif component.aggregate == Aggregate.BALANCED:
                for i in members:
                    weights[i] += share / (2 * len(members))
                weights[weakest] += share / 2
            else:  # min or gap: what lifts the weakest
                weights[weakest] += share
        return weights, budget_room(state, self.shock_chance), values

    def worth(self, state: GameState, card: str, base: object) -> float:
        """Weighted printed effects per unit of cost; nothing if it eats the reserve."""
        compiled = state.compiled
        weights, room, settled = base  # type: ignore[misc]
        c = compiled.cards[card]
        base_draagvlak = compiled.baselines[compiled.draagvlak] or 1.0
        if c.draagvlak and state.draagvlak - c.draagvlak < self.reserve * base_draagvlak:
            return 0.0
        if c.budget > 0 and c.budget > room:
            return 0.0
        left = state.last_round - state.round + 1
        gain = 0.0
        for effect in c.effects:
            size = effect.amount
            if effect.up_to is not None:  # the card says "tot 60": only what is missing
                size = min(size, max(0.0, effect.up_to - settled[effect.var]))
            if effect.var == compiled.draagvlak:
                gain += size * 0.02
            elif effect.var != compiled.budget:
                gain += size * weights[effect.var]
        if c.structural:
            rounds = left if c.duration is None else min(left, c.duration)
            for effect in c.per_round:
                if effect.var != compiled.budget and effect.var != compiled.draagvlak:
                    gain += effect.amount * weights[effect.var] * max(0, rounds - effect.delay)
        if card in compiled.softeners:
            # The outlook on the news screen says what this card would soften, and how likely.
            for var, amount in enumerate(relief(state, card)):
                if amount and var != compiled.draagvlak:
                    gain += amount * (weights[var] if var != compiled.budget else 0.02)
        if gain <= 0:
            return gain
        base_budget = compiled.baselines[compiled.budget] or 1.0
        spend = c.budget + (c.upkeep * left if c.structural else 0.0)
        return gain / (1.0 + (spend / base_budget + c.draagvlak / base_draagvlak)
                       * self.cost_weight)


# --------------------------------------------------------------------------- the registry
@dataclass(frozen=True)
class Strategy:
    """One entry of the panel: what it does (nl/en), the bar it is held to, how to make it."""

    name: str
    nl: str
    en: str
    #: "naive" (must lose: at most 25% wins), "balanced" (must win: at least 70%) or
    #: "thoughtful" (can win, must think: 40-80%).
    kind: str
    factory: Callable[[int], Bot]

    def describe(self, lang: str = "nl") -> str:
        """The one-line description in `lang` (Dutch unless 'en')."""
        return self.en if lang == "en" else self.nl


#: The bar per kind of strategy: (lowest, highest) share of games won.
BARS: dict[str, tuple[float | None, float | None]] = {
    "naive": (None, 0.25), "balanced": (0.70, None), "thoughtful": (0.40, 0.80),
}

_PANEL: tuple[Strategy, ...] = (
    Strategy("random", "Kiest willekeurig uit wat mag.", "Picks at random among legal moves.",
             "naive", RandomBot),
    Strategy("nothing", "Doet niets: stelt niets voor, neemt niets aan.",
             "Does nothing: proposes and adopts nothing.", "naive", lambda seed: NothingBot()),
    Strategy("everything", "Neemt alles aan wat betaalbaar is.",
             "Adopts everything affordable.", "naive", lambda seed: EverythingBot()),
    Strategy("cheapest", "Neemt steeds de goedkoopste kaart.", "Always takes the cheapest card.",
             "naive", lambda seed: CheapestBot()),
    Strategy("printed_per_cost", "Telt de getallen op de kaart op, gedeeld door de kosten.",
             "Adds up the numbers on the card, divided by its cost.", "naive",
             lambda seed: PrintedPerCostBot()),
    Strategy("weighted_sum", "Telt de getallen op de kaart op per lens, gewogen als in de "
             "score, gedeeld door de kosten.",
             "Adds up the card per lens, weighed as in the score, divided by its cost.",
             "naive", lambda seed: WeightedSumBot()),
    Strategy("printed_sum", "Neemt de kaart met de grootste som van de getallen erop, wat die "
             "ook kost.", "Takes the card whose printed numbers add up highest, whatever it "
             "costs.", "naive", lambda seed: PrintedSumBot()),
    Strategy("lens_mean", "Telt de kaart op per lens (het gemiddelde per thema, en budget en "
             "draagvlak als lens), elke lens even zwaar, gedeeld door de kosten.",
             "Adds up the card per lens (the mean per theme, budget and draagvlak as one more "
             "lens), every lens equal, divided by its cost.", "naive",
             lambda seed: LensMeanBot()),
    Strategy("loss_averse", "Telt de getallen op de kaart op, elk verlies drie keer zo zwaar, "
             "wat de kaart ook kost.", "Adds up the card with every loss counted three times, "
             "whatever it costs.", "naive", lambda seed: LossAverseBot(3.0)),
    Strategy("loss_averse_weighted", "Telt de kaart op per lens, gewogen als in de score, "
             "elk verlies twee keer zo zwaar, gedeeld door de kosten.",
             "Adds up the card per lens, weighed as in the score, every loss counted twice, "
             "divided by its cost.", "naive", lambda seed: LossAverseBot(2.0, "score")),
    Strategy("loss_averse_lens", "Telt elk thema mee met het gewicht van zijn lens in de score, "
             "elk verlies twee keer zo zwaar, wat de kaart ook kost.",
             "Counts every theme with its lens's weight in the score, every loss twice, "
             "whatever the card costs.", "naive", lambda seed: LossAverseBot(2.0, "lens")),
    Strategy("no_loss", "Neemt alleen kaarten zonder minteken, de grootste som eerst, wat ze "
             "ook kosten.", "Takes only cards that print no loss, the largest sum first, "
             "whatever they cost.", "naive", lambda seed: NoLossBot()),
    Strategy("random_positive", "Een willekeurige kaart waarvan de getallen samen positief zijn.",
             "A random card whose printed numbers add up above zero.", "naive",
             RandomPositiveBot),
    Strategy("silo", "Elke rol duwt alleen de variabelen van het eigen doel.",
             "Each role pushes only its own goal's variables.", "naive", lambda seed: SiloBot()),
    Strategy("here_and_now", "Kijkt alleen naar wat nu op de thema's van hier en nu landt.",
             "Looks only at what lands now on the here-and-now themes.", "naive",
             lambda seed: LensBot((Category.HIER_EN_NU,), immediate_only=True)),
    Strategy("later_only", "Kijkt alleen naar de kapitalen voor later.",
             "Looks only at the capitals for later.", "naive",
             lambda seed: LensBot((Category.LATER,))),
    Strategy("delayed_only", "Neemt alleen kaarten om wat ze later doen.",
             "Takes cards only for what they do later.", "naive",
             lambda seed: LensBot(LENSES, delayed_only=True)),
    Strategy("ignores_distribution", "Rekent vooruit met het model, maar negeert de groepen.",
             "Looks ahead with the model but ignores the groups.", "naive",
             lambda seed: LookaheadBot(ignore=(Category.VERDELING,))),
    Strategy("ignores_elsewhere", "Rekent vooruit met het model, maar negeert elders.",
             "Looks ahead with the model but ignores elsewhere.", "naive",
             lambda seed: LookaheadBot(ignore=(Category.ELDERS,))),
    Strategy("dashboard", "Gretig op het dashboard van deze ronde (het gemiddelde).",
             "Greedy on this round's dashboard (the average).", "naive",
             lambda seed: DashboardBot()),
    Strategy("myopic", "Gretig op de score één ronde vooruit.",
             "Greedy on the score one round ahead.", "naive", lambda seed: MyopicBot()),
    Strategy("balanced", "Rekent met het model vooruit tot het eind en weegt alle lenzen.",
             "Looks ahead to the end with the model and weighs every lens.", "balanced",
             lambda seed: LookaheadBot()),
    Strategy("thoughtful", "Weegt de vier lenzen op wat het scherm toont, zonder vooruitrekenen.",
             "Weighs the four lenses on what the screen shows, without look-ahead.",
             "thoughtful", lambda seed: ThoughtfulBot()),
)

#: The panel: name → strategy, in the order the tables show them.
PANEL: dict[str, Strategy] = {s.name: s for s in _PANEL}


def bar_of(name: str) -> tuple[float | None, float | None]:
    """The (lowest, highest) win rate a strategy of the panel must keep to."""
    return BARS[PANEL[name].kind]
