"""The game state and its rules: the core type every client drives.

A game is made with :func:`new_game` and driven like an OpenSpiel game: ask
:meth:`GameState.legal_actions`, :meth:`GameState.apply_action` one of them, until
:meth:`GameState.is_terminal`; then :meth:`GameState.score` and :meth:`GameState.won`.
Randomness comes only from a seeded ``random.Random``, so the same scenario, seed and actions
give the same game bit for bit, and a save is just the seed plus the action log.

A round runs as follows:

1. **news** — at the start of the round, events whose condition triggers them, then
   ``events_per_round`` random events drawn by weight; their immediate effects apply at once;
2. **propose** — each role in turn proposes up to ``proposals_per_role`` cards, or passes;
   where the scenario sets ``proposals_per_player``, a player proposes at most that many over
   all the roles they hold, and a role whose player has used them is passed over — so a
   small team chooses which portfolios speak, and more players put more views on the table;
   the turn order then starts one role further every round (:meth:`GameState.turn_order`);
3. **decide** — in consensus mode the team adopts proposals (paying their cost at once) and
   says done; in vote mode every player votes on each proposal in turn, and a majority adopts
   it if the budget allows. The team sets the order of the votes (``Action.vote_next``: this
   proposal next), so what is voted first — and gets the budget — is the team's choice, not
   the order in which the roles happened to propose (before the first vote on a proposal);
4. **resolve** — upkeep of structural cards, effects that are due (now, delayed, spread),
   per-round effects of structural cards, interactions, trends, then clamping to the ranges;
5. **end check** — a collapse ends the game early; otherwise the next round starts, or after the
   last round the game is over. The check comes after the team's response, never straight
   after the news, so a shock is a risk the team can answer.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from morgenmaken.engine.actions import Action, Decision, Phase
from morgenmaken.engine.compiled import (
    SHAPE_CEILING,
    SHAPE_THRESHOLD,
    CEffect,
    CEvent,
    CompiledScenario,
    compile_scenario,
)
from morgenmaken.engine.ledger import Cause, LedgerEntry
from morgenmaken.scenario.models import Aggregate, Scenario

_PASS = Action.pass_()
_DONE = Action.done()


class IllegalActionError(ValueError):
    """An action that is not legal in the current state; the state is left unchanged."""


@dataclass(frozen=True)
class GameConfig:
    """Everything that, with the scenario and the action log, fixes a game."""

    seed: int = 0
    players: tuple[str, ...] = ("Speler 1", "Speler 2")
    decision: Decision = Decision.CONSENSUS
    team: str = ""
    #: Role id -> index of the player holding it; roles not named are dealt round-robin.
    roles: dict[str, int] = field(default_factory=dict)
    #: Scripted news: the event ids of each round, used instead of drawing (for "wat als?",
    #: which replays a game with the same news, and for tutorials). Rounds past its end draw.
    events: tuple[tuple[str, ...], ...] | None = None
    #: A shorter game than the scenario's (a length preset, to run a session to time);
    #: None plays all the scenario's rounds.
    rounds: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A card on the table this round: who proposed it and what became of it."""

    card: str
    role: str
    adopted: bool = False
    #: Who put it on the table (a shared role speaks through another player each round);
    #: None for a proposal made before this was kept.
    player: int | None = None


@dataclass
class RoundRecord:
    """What happened in one round: the news, the proposals and what became of them, votes."""

    round: int
    year: int
    events: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    votes: list[tuple[str, int, bool]] = field(default_factory=list)  # (card, player, yes)

    def copy(self) -> RoundRecord:
        """An independent copy (the lists are copied; their items are immutable)."""
        return RoundRecord(self.round, self.year, self.events[:], self.proposals[:],
                           self.votes[:])


@dataclass(frozen=True)
class Projection:
    """The model played forward without new decisions or events (see ``project``)."""

    values: tuple[tuple[float, ...], ...]  # one row per projected round
    score: float  # of the last row
    settled: tuple[float, ...]  # the last row plus effects still scheduled after it


def deal_roles(role_ids: Sequence[str], players: int,
               fixed: dict[str, int] | None = None) -> dict[str, int]:
    """Give every role to a player; with fewer players than roles, players hold several.

    Roles named in `fixed` keep their player; the others are dealt round-robin in scenario
    order to the player holding the fewest roles, so nobody carries much more than another.

    >>> deal_roles(["a", "b", "c"], 2)
    {'a': 0, 'b': 1, 'c': 0}
    """
    holders = dict(fixed or {})
    load = [0] * players
    for player in holders.values():
        load[player] += 1
    for role in role_ids:
        if role not in holders:
            player = min(range(players), key=lambda p: (load[p], p))
            holders[role] = player
            load[player] += 1
    return {role: holders[role] for role in role_ids}


def seat_roles(role_ids: Sequence[str], players: int,
               holders: dict[str, int]) -> dict[str, tuple[int, ...]]:
    """Every player at a role: where there are more players than roles, a player who holds
    none shares one, so every player holds a portfolio (the role with the fewest players,
    the first in scenario order among those). The holder comes first; who speaks for a
    shared role changes every round (:attr:`GameState.role_holders`).

    >>> seat_roles(["a", "b"], 5, {"a": 0, "b": 1})
    {'a': (0, 2, 4), 'b': (1, 3)}
    >>> seat_roles(["a", "b", "c"], 2, {"a": 0, "b": 1, "c": 0})
    {'a': (0,), 'b': (1,), 'c': (0,)}
    """
    seats = {role: [holders[role]] for role in role_ids}
    held = set(holders.values())
    for player in range(players):
        if player not in held:
            role = min(role_ids, key=lambda r: (len(seats[r]), role_ids.index(r)))
            seats[role].append(player)
    return {role: tuple(seats[role]) for role in role_ids}


def _pick(weights: Sequence[float], rng: random.Random) -> int:
    """The index drawn by weight, as the news draws: one random number against the running
    sum of the weights."""
    pick = rng.random() * sum(weights)
    for i, weight in enumerate(weights):
        pick -= weight
        if pick < 0:
            return i
    return len(weights) - 1


def _inclusion(pool: tuple[tuple[str, float], ...], draws: int) -> dict[str, float]:
    """The chance of each item being among `draws` drawn by weight without replacement, as
    the news draws them. Exact by enumeration for up to three draws (scenarios draw one or
    two a round); beyond that, by a fixed-seed sample of 2,000 draws.

    >>> _inclusion((("a", 1.0), ("b", 3.0)), 1)
    {'a': 0.25, 'b': 0.75}
    """
    chances = dict.fromkeys((item for item, _ in pool), 0.0)
    if draws <= 0 or not pool:
        return chances
    if draws > 3:
        rng = random.Random(0)
        for _ in range(2000):
            left = list(pool)
            for _ in range(draws):
                item, _weight = left.pop(_pick([w for _, w in left], rng))
                chances[item] += 1 / 2000
        return chances

    def walk(left: tuple[tuple[str, float], ...], chance: float, todo: int) -> None:
        total = sum(w for _, w in left)
        for i, (item, weight) in enumerate(left):
            p = chance * weight / total
            chances[item] += p
            if todo > 1 and len(left) > 1:
                walk(left[:i] + left[i + 1:], p, todo - 1)

    walk(pool, 1.0, draws)
    return chances


class GameState:
    """One game in progress. Mutated by :meth:`apply_action`; :meth:`child` gives a copy."""

    def __init__(self, compiled: CompiledScenario, config: GameConfig) -> None:
        scenario = compiled.scenario
        count = len(config.players)
        if not scenario.min_players <= count <= scenario.max_players:
            raise ValueError(f"this scenario is for {scenario.min_players} to "
                             f"{scenario.max_players} players, not {count}")
        if config.rounds is not None and not 1 <= config.rounds <= compiled.rounds:
            raise ValueError(f"a game of this scenario lasts 1 to {compiled.rounds} rounds, "
                             f"not {config.rounds}")
        #: The last round of this game.
        self.last_round = config.rounds or compiled.rounds
        for events in config.events or ():
            for event_id in events:
                if event_id not in compiled.event_index:
                    raise ValueError(f"unknown event {event_id!r} in the scripted news")
        for role, player in config.roles.items():
            if role not in compiled.hands:
                raise ValueError(f"unknown role {role!r}")
            if not 0 <= player < count:
                raise ValueError(f"role {role!r} is given to player {player}, "
                                 f"but there are {count} players")
        self.compiled = compiled
        self.config = config
        #: Role id -> the players at it, its holder first (see :func:`seat_roles`).
        self.role_seats = seat_roles(compiled.role_ids, count,
                                     deal_roles(compiled.role_ids, count, config.roles))
        self.values: list[float] = list(compiled.baselines)
        self.round = 1
        #: Role id -> the player who speaks for it this round (see :meth:`_voices`).
        self.role_holders = self._voices()
        self._year = compiled.year(1)
        self.phase = Phase.PROPOSE
        self.outcome: str | None = None  # None while playing, "completed" or a collapse id
        self.actions: list[Action] = []
        self.action_rounds: list[int] = []  # the round in which each action was taken
        self.rounds_log: list[RoundRecord] = []  # one record per round begun
        self.proposals: list[Proposal] = []
        self.hands: dict[str, list[str]] = {r: list(h) for r, h in compiled.hands.items()}
        self.adopted: dict[str, list[int]] = {}
        self.active: list[tuple[str, int, int]] = []  # (card, first round, last round)
        self.event_counts: dict[str, int] = {}
        self._role_at = 0
        #: This round's turn order of the roles (see :meth:`turn_order`).
        self._order: tuple[str, ...] = tuple(compiled.role_ids)
        self._proposed_by_role = 0
        self._vote_at = 0
        self._votes: list[bool] = []
        #: Vote mode: proposals the team has moved up the order this round. Each moves at most
        #: once a round, so a bot that keeps reordering still comes to a vote.
        self._moved: set[str] = set()
        self._scheduled: dict[int, list[tuple[int, float, str, str]]] = {}
        self._snapshots: list[list[float]] = [list(compiled.baselines)]
        self._history: list[tuple[float, ...]] = [tuple(compiled.baselines)]
        self._ledger: list[tuple[int, int, float, str, str]] = []
        self._legal: list[Action] | None = None
        #: outlook() of the state after this many actions (it costs a projection).
        self._outlook: tuple[int, list[tuple[str, float]]] | None = None
        self._start_round()

    # ----------------------------------------------------------------- queries
    @property
    def scenario(self) -> Scenario:
        """The scenario this game is played on."""
        return self.compiled.scenario

    @property
    def year(self) -> int:
        """Calendar year in which the current round starts."""
        return self._year

    @property
    def round_events(self) -> list[str]:
        """Ids of the events (news) of the current round."""
        return self.rounds_log[-1].events if self.rounds_log else []

    @property
    def current_role(self) -> str | None:
        """The role whose turn it is to propose, or None outside the propose phase."""
        if self.phase != Phase.PROPOSE:
            return None
        return self._order[self._role_at]

    @property
    def current_player(self) -> int | None:
        """Index of the player who acts now: the proposer, the voter, or None (the team)."""
        if self.phase == Phase.PROPOSE:
            return self.role_holders[self._order[self._role_at]]
        if self.phase == Phase.DECIDE and self.config.decision == Decision.VOTE:
            return len(self._votes)
        return None

    @property
    def under_vote(self) -> Proposal | None:
        """In vote mode, the proposal being voted on."""
        if self.phase == Phase.DECIDE and self.config.decision == Decision.VOTE:
            return self.proposals[self._vote_at]
        return None

    def value(self, variable: str) -> float:
        """Current value of a variable."""
        return self.values[self.compiled.index[variable]]

    @property
    def budget(self) -> float:
        """The team's budget now."""
        return self.values[self.compiled.budget]

    @property
    def draagvlak(self) -> float:
        """Public support now."""
        return self.values[self.compiled.draagvlak]

    def history(self) -> list[tuple[float, ...]]:
        """Values at the start of the game and at the end of every resolved round."""
        return list(self._history)

    def ledger(self, variable: str | None = None,
               round_number: int | None = None) -> list[LedgerEntry]:
        """Every recorded change, optionally only of one variable and/or one round."""
        ids = self.compiled.var_ids
        want = None if variable is None else self.compiled.index[variable]
        return [
            LedgerEntry(r, ids[v], d, cause, source)
            for r, v, d, cause, source in self._ledger
            if (want is None or v == want) and (round_number is None or r == round_number)
        ]

    def pipeline(self) -> list[LedgerEntry]:
        """Effects already set in motion for coming rounds, in round order.

        This includes delayed and spread effects of cards and events, and the upkeep and
        per-round effects of active structural cards up to the last round of the game.
        """
        ids = self.compiled.var_ids
        first = self.round if self.phase != Phase.OVER else self.round + 1
        entries = [
            LedgerEntry(r, ids[v], amount, cause, source)
            for r in sorted(self._scheduled) if r >= first
            for v, amount, cause, source in self._scheduled[r]
        ]
        for card_id, start, end in self.active:
            card = self.compiled.cards[card_id]
            for r in range(max(first, start), min(end, self.last_round) + 1):
                if card.upkeep:
                    entries.append(LedgerEntry(r, ids[self.compiled.budget], -card.upkeep,
                                               Cause.UPKEEP, card_id))
                entries.extend(LedgerEntry(r, ids[e.var], e.amount, Cause.STRUCTURAL, card_id)
                               for e in card.per_round if r >= start + e.delay)
        entries.sort(key=lambda e: e.round)
        return entries

    def is_terminal(self) -> bool:
        """True when the game is over (after the last round or a collapse)."""
        return self.phase == Phase.OVER

    def collapsed(self) -> bool:
        """True when the game ended early in a collapse."""
        return self.outcome not in (None, "completed")

    def score(self) -> float:
        """The score (0-100): balance rewarded, and what is set in motion counted.

        The score is taken on :meth:`settled_values`, so effects of cards and events that are
        still to land count as if they had: a team cannot borrow from after the last round.
        Role goals met add the scenario's goal bonus.
        """
        bonus = self.compiled.goal_bonus * len(self.goals_met())
        return min(100.0, self.score_of(self.settled_values()) + bonus)

    def settled_values(self) -> list[float]:
        """The values once every effect already set in motion has landed (clamped).

        Interactions and trends are left out: they are the region's own dynamics, not the
        team's commitments. Structural cards are counted for the rounds left in the game.
        """
        values = self.values[:]
        for entry in self.pipeline():
            values[self.compiled.index[entry.variable]] += entry.delta
        lows, highs = self.compiled.lows, self.compiled.highs
        return [min(highs[i], max(lows[i], v)) for i, v in enumerate(values)]

    def score_of(self, values: Sequence[float]) -> float:
        """The score of any vector of values (without goal bonuses)."""
        weights = {c.id: c.weight for c in self.compiled.components}
        total = sum(weights[cid] * part for cid, part in self.score_parts(values))
        return max(0.0, min(100.0, total))

    def score_parts(self, values: Sequence[float] | None = None) -> list[tuple[str, float]]:
        """Each score component's value (0-100), so a team sees which lens cost it the game.

        Taken on :meth:`settled_values` unless `values` are given. Components whose
        selection is empty are left out.
        """
        values = self.settled_values() if values is None else values
        parts = []
        for component in self.compiled.components:
            picked = [values[i] for i in component.variables]
            if not picked:
                continue
            aggregate = component.aggregate
            if aggregate == Aggregate.MEAN:
                part = sum(picked) / len(picked)
            elif aggregate == Aggregate.MIN:
                part = min(picked)
            elif aggregate == Aggregate.BALANCED:
                part = (sum(picked) / len(picked) + min(picked)) / 2
            else:
                part = 100.0 - (max(picked) - min(picked))
            parts.append((component.id, part))
        return parts

    def goals_met(self) -> list[str]:
        """Ids of the roles whose open goal holds now."""
        values, rnd, year = self.values, self.round, self.year
        return [role for role, goal in self.compiled.goals.items()
                if goal is not None and goal(values, rnd, year)]

    def lenses(self, values: Sequence[float] | None = None) -> list[tuple[str, float, float]]:
        """Each score component the scenario requires to hold: (id, value, level needed).

        Taken on :meth:`settled_values` unless `values` are given. A team wins only if every
        one holds, so a high total cannot hide a lens (later, elsewhere, the weakest group)
        that was given up.
        """
        needed = self.compiled.requirements
        return [(cid, part, needed[cid]) for cid, part in self.score_parts(values)
                if cid in needed]

    def lenses_failed(self, values: Sequence[float] | None = None) -> list[str]:
        """Ids of the required score components that do not reach their level."""
        return [cid for cid, part, level in self.lenses(values) if part < level]

    def won(self) -> bool:
        """True when the game is over, did not collapse, reached the win threshold and every
        lens the scenario requires holds."""
        return (self.phase == Phase.OVER and self.outcome == "completed"
                and self.score() >= self.compiled.win_threshold
                and not self.lenses_failed())

    def returns(self) -> list[float]:
        """The score for every player: the game is cooperative, so all share it."""
        return [self.score()] * len(self.config.players)

    # ----------------------------------------------------------------- legality
    def proposals_left(self, player: int) -> int | None:
        """How many more cards `player` may propose this round over all their roles (None:
        the scenario sets no limit per player, only per role).

        >>> from morgenmaken.scenario.synthetic import synthetic_scenario
        >>> state = new_game(synthetic_scenario(), seed=1, players=("Anna", "Bram"))
        >>> state.proposals_left(0) is None
        True
        """
        limit = self.compiled.proposals_per_player
        if limit is None:
            return None
        holders = self.role_holders
        used = sum(1 for p in self.proposals if holders[p.role] == player)
        return max(0, limit - used)

    def roles_to_propose(self) -> list[str]:
        """The roles still to propose this round, in turn order, starting with the current
        one; roles whose player has used their proposals are left out (they are passed
        over). Empty outside the propose phase."""
        if self.phase != Phase.PROPOSE:
            return []
        holders = self.role_holders
        return [r for r in self._order[self._role_at:]
                if self.proposals_left(holders[r]) != 0]

    def turn_order(self) -> list[str]:
        """The roles in the order they propose this round.

        The scenario's order; where a player may propose fewer cards than they hold roles
        (``proposals_per_player``), it starts one role further every round, so the roles a
        small team leaves silent are not always the same last ones.
        """
        return list(self._order)

    def proposable(self, role: str) -> list[str]:
        """The cards of `role`'s hand it could put on the table now: not on the table yet,
        affordable, their requirements holding. For a role that is not at turn this is what
        its turn would offer if nothing changed before it."""
        on_table = {p.card for p in self.proposals}
        return [c for c in self.hands[role] if c not in on_table and self.card_available(c)]

    def card_available(self, card_id: str) -> bool:
        """Whether a card's requirements hold and it can be afforded right now."""
        card = self.compiled.cards[card_id]
        if card.budget > self.values[self.compiled.budget]:
            return False
        if card.requires is not None and not card.requires(self.values, self.round, self._year):
            return False
        if card.requires_cards:
            return all(req in self.adopted for req in card.requires_cards)
        return True

    def legal_actions(self) -> list[Action]:
        """Every action that may be applied now (empty when the game is over)."""
        if self._legal is None:
            self._legal = self._compute_legal()
        return list(self._legal)

    def _compute_legal(self) -> list[Action]:
        if self.phase == Phase.PROPOSE:
            # card_available, inlined: this runs for every card of every hand every round,
            # the hottest path of a simulation.
            compiled = self.compiled
            role = self._order[self._role_at]
            on_table = {p.card for p in self.proposals}
            propose, cards, adopted = compiled.propose_actions, compiled.cards, self.adopted
            values, rnd, year = self.values, self.round, self._year
            budget = values[compiled.budget]
            legal = []
            for card_id in self.hands[role]:
                card = cards[card_id]
                if card_id in on_table or card.budget > budget:
                    continue
                if card.requires is not None and not card.requires(values, rnd, year):
                    continue
                if card.requires_cards and not all(r in adopted for r in card.requires_cards):
                    continue
                legal.append(propose[card_id])
            legal.append(_PASS)
            return legal
        if self.phase == Phase.DECIDE:
            if self.config.decision == Decision.VOTE:
                card = self.proposals[self._vote_at].card
                # The votes come first: a client that reads legal[0] as "the vote" still can.
                legal = [Action("vote", card, True), Action("vote", card, False)]
                if not self._votes:  # a vote under way is not interrupted
                    legal.extend(Action("next", p.card)
                                 for p in self.proposals[self._vote_at + 1:]
                                 if p.card not in self._moved and self.card_available(p.card))
                return legal
            adopt = self.compiled.adopt_actions
            legal = [adopt[p.card] for p in self.proposals
                     if not p.adopted and self.card_available(p.card)]
            legal.append(_DONE)
            return legal
        return []

    # ----------------------------------------------------------------- transitions
    def apply_action(self, action: Action) -> None:
        """Apply a legal action; raises :class:`IllegalActionError` and changes nothing
        otherwise."""
        if self._legal is None:
            self._legal = self._compute_legal()
        if action not in self._legal:
            raise IllegalActionError(self._why_illegal(action))
        self._legal = None
        self.actions.append(action)
        self.action_rounds.append(self.round)
        kind = action.kind
        if kind == "propose":
            role = self._order[self._role_at]
            self.proposals.append(Proposal(action.card, role, player=self.role_holders[role]))
            self._proposed_by_role += 1
            if (self._proposed_by_role >= self.compiled.proposals_per_role
                    or self.proposals_left(self.role_holders[role]) == 0):
                self._next_proposer()
        elif kind == "pass":
            self._next_proposer()
        elif kind == "adopt":
            self._adopt(action.card)
        elif kind == "done":
            self._end_decision()
        elif kind == "next":
            self._vote_next(action.card)
        else:
            self.rounds_log[-1].votes.append((action.card, len(self._votes), action.yes))
            self._votes.append(action.yes)
            if len(self._votes) == len(self.config.players):
                proposal = self.proposals[self._vote_at]
                if (sum(self._votes) * 2 > len(self._votes)
                        and self.card_available(proposal.card)):
                    self._adopt(proposal.card)
                self._votes = []
                self._vote_at += 1
                self._skip_to_vote()

    def child(self, action: Action) -> GameState:
        """A new state with `action` applied; this one is left as it was."""
        state = self.clone()
        state.apply_action(action)
        return state

    def _why_illegal(self, action: Action) -> str:
        if self.phase == Phase.OVER:
            return "the game is over"
        if action.kind in ("propose", "adopt") and action.card in self.compiled.cards:
            card = self.compiled.cards[action.card]
            if card.budget > self.budget:
                return (f"{action.card!r} costs {card.budget:g} but the budget is "
                        f"{self.budget:g}")
            if not self.card_available(action.card):
                return f"the requirements of {action.card!r} do not hold now"
        if action.kind == "next" and action.card in self._moved:
            return f"{action.card!r} has been moved up the order already this round"
        if action.kind == "next" and self._votes:
            return "the order is set before the first vote on a proposal, not during it"
        return f"{action.kind} {action.card!r} is not legal in the {self.phase} phase".strip()

    def _next_proposer(self) -> None:
        self._proposed_by_role = 0
        self._role_at += 1
        order, holders = self._order, self.role_holders
        while (self._role_at < len(order)
               and self.proposals_left(holders[order[self._role_at]]) == 0):
            self._role_at += 1  # this role's player has proposed all they may this round
        if self._role_at >= len(order):
            self._role_at = 0
            self.phase = Phase.DECIDE
            if self.config.decision == Decision.VOTE:
                self._vote_at = 0
                self._votes = []
                self._skip_to_vote()
            elif not self.proposals:
                self._end_decision()

    def _vote_next(self, card_id: str) -> None:
        """Put a proposal to the vote now, before the one whose vote has not begun."""
        at = next(i for i, p in enumerate(self.proposals) if p.card == card_id)
        self.proposals.insert(self._vote_at, self.proposals.pop(at))
        self._moved.add(card_id)

    def _skip_to_vote(self) -> None:
        """Vote mode: move past proposals that can no longer be adopted; resolve at the end."""
        while (self._vote_at < len(self.proposals)
               and not self.card_available(self.proposals[self._vote_at].card)):
            self._vote_at += 1
        if self._vote_at >= len(self.proposals):
            self._end_decision()

    def _adopt(self, card_id: str) -> None:
        for i, proposal in enumerate(self.proposals):
            if proposal.card == card_id:
                self.proposals[i] = replace(proposal, adopted=True)
        self._commit(card_id, self.values, self._ledger, self._scheduled)

    def _commit(self, card_id: str, values: list[float], ledger: list,  # type: ignore[type-arg]
                scheduled: dict[int, list[tuple[int, float, str, str]]]) -> None:
        """Pay a card's cost and set its effects in motion."""
        compiled = self.compiled
        card = compiled.cards[card_id]
        rnd = self.round
        if card.budget:
            values[compiled.budget] -= card.budget
            ledger.append((rnd, compiled.budget, -card.budget, Cause.COST, card_id))
        if card.draagvlak:
            values[compiled.draagvlak] -= card.draagvlak
            ledger.append((rnd, compiled.draagvlak, -card.draagvlak, Cause.COST, card_id))
        self._schedule(self._repaired(card.effects, values, scheduled), rnd, Cause.CARD,
                       card_id, scheduled)
        if card.structural:
            last = rnd + card.duration - 1 if card.duration else 10**9
            self.active.append((card_id, rnd, last))
        self.adopted.setdefault(card_id, []).append(rnd)
        hand = self.hands.get(card.role)
        if not card.repeatable and hand is not None and card_id in hand:
            hand.remove(card_id)

    @staticmethod
    def _repaired(effects: tuple[CEffect, ...], values: list[float],
                  scheduled: dict[int, list[tuple[int, float, str, str]]]
                  ) -> tuple[CEffect, ...]:
        """A card's effects with each repair (``up_to``) cut to what is missing: the level
        less the value once what is already set in motion has landed. An answer to a blow
        is then worth its price after the blow and little before it, which the printed
        "+14" alone does not say (the card face adds "tot 60")."""
        if all(effect.up_to is None for effect in effects):
            return effects
        added: dict[int, float] = {}  # what this card's earlier effects bring
        out = []
        for effect in effects:
            var, amount = effect.var, effect.amount
            if effect.up_to is not None:
                coming = values[var] + added.get(var, 0.0) + sum(
                    a for items in scheduled.values() for v, a, _c, _s in items if v == var)
                amount = min(amount, max(0.0, effect.up_to - coming))
                if amount <= 1e-9:
                    continue
                effect = replace(effect, amount=amount)
            added[var] = added.get(var, 0.0) + amount
            out.append(effect)
        return tuple(out)

    @staticmethod
    def _schedule(effects: Iterable[CEffect], rnd: int, cause: str, source: str,
                  scheduled: dict[int, list[tuple[int, float, str, str]]]) -> None:
        for effect in effects:
            part = effect.amount / effect.spread
            for k in range(effect.spread):
                scheduled.setdefault(rnd + effect.delay + k, []).append(
                    (effect.var, part, cause, source))

    def _end_decision(self) -> None:
        self._resolve_round()
        self._history.append(tuple(self.values))
        ended = self._collapse()
        if ended is not None:
            self.outcome = ended
            self.phase = Phase.OVER
        elif self.round >= self.last_round:
            self.outcome = "completed"
            self.phase = Phase.OVER
        else:
            self.round += 1
            self._year = self.compiled.year(self.round)
            self._start_round()

    def _collapse(self) -> str | None:
        values = self.values
        for index, level in self.compiled.collapse:
            if values[index] <= level:
                return self.compiled.var_ids[index]
        for end_id, condition in self.compiled.end_conditions:
            if condition(values, self.round, self.year):
                return end_id
        return None

    # ----------------------------------------------------------------- the round
    def _start_round(self) -> None:
        """The news of a new round.

        The news never ends the game by itself: a shock that empties the budget or breaks a
        theme is a risk the team may still answer this round (a reserve, a card that
        repairs it). The collapse check comes after the team's response, at the end of the
        round — so a collapse is the team's to prevent, not a dice roll.
        """
        self._news()

    def _voices(self) -> dict[str, int]:
        """Who speaks for each role this round: its holder, or, for a role that players
        share, each of them a round in turn (the holder in round 1)."""
        return {role: seats[(self.round - 1) % len(seats)]
                for role, seats in self.role_seats.items()}

    def _news(self) -> None:
        self.phase = Phase.PROPOSE
        self.proposals = []
        self.rounds_log.append(RoundRecord(self.round, self.year, [], self.proposals))
        self._role_at = 0
        roles = tuple(self.compiled.role_ids)
        if self.compiled.proposals_per_player is not None:
            first = (self.round - 1) % len(roles)
            roles = roles[first:] + roles[:first]
        self._order = roles
        self.role_holders = self._voices()
        self._proposed_by_role = 0
        self._moved = set()
        rnd, year, values = self.round, self.year, self.values
        script = self.config.events
        if script is not None and rnd <= len(script):
            for event_id in script[rnd - 1]:
                self._fire(self.compiled.events[self.compiled.event_index[event_id]])
            self._clamp(values, self._ledger, rnd)
            return
        # Each round draws from its own generator, so the news of a round depends only on
        # the seed, the round and the state, not on how many draws earlier rounds made.
        rng = random.Random(self.config.seed * 1_000_003 + rnd)
        for event in self.compiled.events:
            if event.triggered and self._can_happen(event, values, rnd, year):
                self._fire(event)
        pool = [e for e in self.compiled.events
                if not e.triggered and e.weight > 0 and self._can_happen(e, values, rnd, year)]
        for _ in range(self.compiled.events_per_round):
            if not pool:
                break
            self._fire(pool.pop(_pick([e.weight for e in pool], rng)))
        self._clamp(values, self._ledger, rnd)

    def _can_happen(self, event: CEvent, values: Sequence[float], rnd: int, year: int) -> bool:
        """Whether an event may happen in round `rnd` on `values`: not used up yet, and its
        condition holds (the news and the outlook ask the same)."""
        return (self.event_counts.get(event.id, 0) < event.max_times
                and (event.condition is None or event.condition(values, rnd, year)))

    def _fire(self, event: CEvent) -> None:
        """An event happens: its immediate part applies now, the rest is scheduled.

        A card of its ``softened_by`` adopted before takes part of the harm away: the event's
        full harm and the card's relief are two ledger lines, so the "waarom?" shows what the
        preparation saved and the card is credited with it.
        """
        event_id = event.id
        self.rounds_log[-1].events.append(event_id)
        self.event_counts[event_id] = self.event_counts.get(event_id, 0) + 1
        rnd = self.round
        keep, helper = 1.0, ""
        for card_id, share in event.softened_by:
            if card_id in self.adopted and share < keep:
                keep, helper = share, card_id
        for effect in event.effects:
            part = effect.amount / effect.spread
            relief = -part * (1.0 - keep) if part < 0 and helper else 0.0
            for k in range(effect.spread):
                due = rnd + effect.delay + k
                lines = [(effect.var, part, Cause.EVENT, event_id)]
                if relief:
                    lines.append((effect.var, relief, Cause.CARD, helper))
                for var, amount, cause, source in lines:
                    if due == rnd:
                        self.values[var] += amount
                        self._ledger.append((rnd, var, amount, cause, source))
                    else:
                        self._scheduled.setdefault(due, []).append((var, amount, cause, source))

    def outlook(self) -> list[tuple[str, float]]:
        """The news the next round may bring and how likely each item is, as the team can
        know it now: events whose condition will hold (likelihood 1) and the chance of each
        random event being drawn, judged on the region as it will be after this round with
        no new decisions. Empty in the last round. Most likely first.

        The draw itself stays secret (it depends on the seed); this is the forecast a team
        prepares by — a reserve, a softening card — so a shock is a risk to manage.
        """
        if self.is_terminal() or self.round >= self.last_round:
            return []
        # The same state asks once: the window, the phones and the bots all read it.
        if self._outlook is not None and self._outlook[0] == len(self.actions):
            return list(self._outlook[1])
        values = list(self.project(rounds=1).values[0])
        rnd = self.round + 1
        year = self.compiled.year(rnd)
        likely: dict[str, float] = {}
        for event in self.compiled.events:
            if event.triggered and self._can_happen(event, values, rnd, year):
                likely[event.id] = 1.0
        pool = [(e.id, e.weight) for e in self.compiled.events
                if not e.triggered and e.weight > 0 and self._can_happen(e, values, rnd, year)]
        draws = min(self.compiled.events_per_round, len(pool))
        for event_id, chance in _inclusion(tuple(pool), draws).items():
            likely[event_id] = max(likely.get(event_id, 0.0), chance)
        ranked = sorted(likely.items(), key=lambda item: (-item[1], item[0]))
        self._outlook = (len(self.actions), ranked)
        return list(ranked)

    def _resolve_round(self, values: list[float] | None = None,
                       ledger: list | None = None,  # type: ignore[type-arg]
                       scheduled: dict[int, list[tuple[int, float, str, str]]] | None = None,
                       snapshots: list[list[float]] | None = None,
                       rnd: int | None = None) -> None:
        """Resolve one round on the given tables (the state's own by default).

        Projections pass copies, so the same rules play the model forward without touching
        the game.
        """
        compiled = self.compiled
        values = self.values if values is None else values
        ledger = self._ledger if ledger is None else ledger
        scheduled = self._scheduled if scheduled is None else scheduled
        snapshots = self._snapshots if snapshots is None else snapshots
        rnd = self.round if rnd is None else rnd
        add = ledger.append
        snapshots.append(values[:])
        budget = compiled.budget
        for card_id, start, last in self.active:
            if start <= rnd <= last:
                card = compiled.cards[card_id]
                if card.upkeep:
                    values[budget] -= card.upkeep
                    add((rnd, budget, -card.upkeep, Cause.UPKEEP, card_id))
                for effect in card.per_round:
                    if rnd >= start + effect.delay:
                        values[effect.var] += effect.amount
                        add((rnd, effect.var, effect.amount, Cause.STRUCTURAL, card_id))
        for var, amount, cause, source in scheduled.pop(rnd, ()):
            values[var] += amount
            add((rnd, var, amount, cause, source))
        latest = len(snapshots) - 1
        for origin, target, k, delay, reference, shape, cap, source_id in compiled.links:
            then = snapshots[latest - delay] if delay <= latest else snapshots[0]
            diff = then[origin] - reference
            if shape == SHAPE_THRESHOLD and diff >= 0:
                continue
            if shape == SHAPE_CEILING and diff <= 0:
                continue
            change = k * diff
            if cap is not None:
                if change > cap:
                    change = cap
                elif change < -cap:
                    change = -cap
            if change > 1e-9 or change < -1e-9:
                values[target] += change
                add((rnd, target, change, Cause.INTERACTION, source_id))
        for trend_id, var, per_round, first, last in compiled.trends:
            if first <= rnd <= last:
                values[var] += per_round
                add((rnd, var, per_round, Cause.TREND, trend_id))
        self._clamp(values, ledger, rnd)

    def _clamp(self, values: list[float], ledger: list, rnd: int) -> None:  # type: ignore[type-arg]
        lows, highs = self.compiled.lows, self.compiled.highs
        for i, value in enumerate(values):
            if value < lows[i]:
                ledger.append((rnd, i, lows[i] - value, Cause.CLAMP, ""))
                values[i] = lows[i]
            elif value > highs[i]:
                ledger.append((rnd, i, highs[i] - value, Cause.CLAMP, ""))
                values[i] = highs[i]

    # ----------------------------------------------------------------- projection
    def project(self, rounds: int | None = None, adopt: Sequence[str] = ()) -> Projection:
        """Play the model forward without new decisions or events.

        `rounds` defaults to the rounds left in the game, this one included; `adopt` adds
        cards as if the team adopted them now (their cost is paid). Used by bots to weigh
        cards, and by the debrief to show what is still coming after the last round.
        """
        first = self.round if self.phase != Phase.OVER else self.round + 1
        if rounds is None:
            rounds = max(0, self.last_round - first + 1)
        values = self.values[:]
        scheduled = {r: list(items) for r, items in self._scheduled.items() if r >= first}
        snapshots = self._snapshots[:]
        saved_active = self.active
        self.active = list(saved_active)
        sink: list = []  # type: ignore[type-arg]
        rows: list[tuple[float, ...]] = []
        try:
            if adopt:
                saved = (self.adopted, self.hands)
                self.adopted = dict(self.adopted)
                self.hands = {r: list(h) for r, h in self.hands.items()}
                try:
                    for card_id in adopt:
                        self._commit(card_id, values, sink, scheduled)
                finally:
                    self.adopted, self.hands = saved
            for rnd in range(first, first + rounds):
                self._resolve_round(values, sink, scheduled, snapshots, rnd)
                rows.append(tuple(values))
        finally:
            self.active = saved_active
        settled = values[:]
        for items in scheduled.values():
            for var, amount, _cause, _source in items:
                settled[var] += amount
        lows, highs = self.compiled.lows, self.compiled.highs
        settled = [min(highs[i], max(lows[i], v)) for i, v in enumerate(settled)]
        return Projection(tuple(rows), self.score_of(values), tuple(settled))

    # ----------------------------------------------------------------- copying
    def clone(self) -> GameState:
        """A deep, independent copy (cheap: only lists of numbers and short strings)."""
        other = GameState.__new__(GameState)
        other.__dict__.update(self.__dict__)
        other.values = self.values[:]
        other.actions = self.actions[:]
        other.action_rounds = self.action_rounds[:]
        other.proposals = self.proposals[:]
        other.rounds_log = [record.copy() for record in self.rounds_log]
        if other.rounds_log:
            other.rounds_log[-1].proposals = other.proposals
        other.hands = {r: h[:] for r, h in self.hands.items()}
        other.adopted = {c: r[:] for c, r in self.adopted.items()}
        other.active = self.active[:]
        other.event_counts = dict(self.event_counts)
        other._votes = self._votes[:]
        other._moved = set(self._moved)
        other._scheduled = {r: items[:] for r, items in self._scheduled.items()}
        other._snapshots = self._snapshots[:]
        other._history = self._history[:]
        other._ledger = self._ledger[:]
        other._legal = None
        return other


def new_game(scenario: Scenario | CompiledScenario, config: GameConfig | None = None,
             **kwargs: object) -> GameState:
    """Start a game: the first round's news has happened and the first role may propose.

    Pass a :class:`GameConfig`, or its fields as keywords (``seed=1, players=("A", "B")``).
    """
    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    if config is None:
        config = GameConfig(**kwargs)  # type: ignore[arg-type]
    return GameState(compiled, config)
