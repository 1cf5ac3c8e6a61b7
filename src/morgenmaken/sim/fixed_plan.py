"""The best fixed plan: the same cards in the same rounds, whatever the news brings.

A strategy that reads neither the state of the region nor the news plays, in effect, one fixed
plan. So the best fixed plan is a ceiling for every such strategy, however it adds up the card:
if it wins most games, the scenario has one right answer, and any adder that happens to find it
wins too. A scenario that teaches *integraal afwegen* makes the news and the state decide which
plan is right, and its best fixed plan wins little.

The search is a hill climb (add a card to a round, drop one, move one to another round, swap
one for a card not in the plan), started from the plans the panel's strategies play on the
first seed, judged on the same seeds throughout. It finds a good plan, not always the best: its
figure is a lower bound on the ceiling, which is what a check needs (if the plan it finds wins
too often, the scenario has a problem).

>>> from morgenmaken.engine import compile_scenario
>>> from morgenmaken.scenario.library import shipped_dir
>>> from morgenmaken.scenario.loader import load_scenario
>>> tutorial = compile_scenario(load_scenario(shipped_dir() / "tutorial.yaml"))
>>> plan = FixedPlan((("energiecoaches", "tegels_eruit"), ("energiecooperatie",), ()))
>>> sorted(play_plan(tutorial, plan, seed=1).adopted)
['energiecoaches', 'energiecooperatie', 'tegels_eruit']
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from morgenmaken.engine import CompiledScenario, GameConfig, GameState, Phase, new_game

#: Neighbours of the current plan tried per step of the climb.
NEIGHBOURS = 24
#: Steps without a better neighbour after which the climb stops.
PATIENCE = 6
#: The best starting plans the climb starts from (the others are only judged).
CLIMBS = 3


@dataclass(frozen=True)
class FixedPlan:
    """The cards to adopt in each round, in order (round 1 first; a round left out: none)."""

    rounds: tuple[tuple[str, ...], ...]

    def cards_in(self, rnd: int) -> tuple[str, ...]:
        """The cards planned for round `rnd` (1-based)."""
        return self.rounds[rnd - 1] if 0 < rnd <= len(self.rounds) else ()

    def cards(self) -> set[str]:
        """Every card in the plan."""
        return {card for cards in self.rounds for card in cards}


@dataclass(frozen=True)
class PlanSearch:
    """What the search found: the plan, its win rate on the seeds, and the work it took."""

    plan: FixedPlan
    win_rate: float
    plans_tried: int


def play_plan(compiled: CompiledScenario, plan: FixedPlan, seed: int,
              players: int = 4) -> GameState:
    """One game of the plan (consensus): each role proposes the first planned card of this
    round it may propose, and the team adopts what it can afford in the plan's order. A
    planned card that is not in hand or not affordable is simply not played."""
    state = new_game(compiled, GameConfig(seed=seed,
                                          players=tuple(f"p{i + 1}" for i in range(players))))
    while not state.is_terminal():
        wanted = plan.cards_in(state.round)
        legal = state.legal_actions()
        kind = "propose" if state.phase == Phase.PROPOSE else "adopt"
        offered = {a.card: a for a in legal if a.kind == kind}
        pick = next((offered[card] for card in wanted if card in offered), None)
        state.apply_action(pick if pick is not None else legal[-1])
    return state


def win_rate(compiled: CompiledScenario, plan: FixedPlan, seeds: Sequence[int],
             players: int = 4) -> float:
    """The share of `seeds` the plan wins."""
    return sum(play_plan(compiled, plan, s, players).won() for s in seeds) / len(seeds)


def plan_of(state: GameState) -> FixedPlan:
    """The plan a finished game played: its adopted cards per round, in the order adopted."""
    rounds: list[list[str]] = [[] for _ in range(state.round)]
    for record in state.rounds_log:
        for proposal in record.proposals:
            if proposal.adopted and record.round <= len(rounds):
                rounds[record.round - 1].append(proposal.card)
    return FixedPlan(tuple(tuple(cards) for cards in rounds))


def _neighbours(plan: FixedPlan, cards: Sequence[str], rounds: int,
                rng: random.Random) -> list[FixedPlan]:
    """Plans one small change away: a card added, dropped, moved or swapped."""
    planned = plan.cards()
    used = sorted(planned)
    unused = [c for c in cards if c not in planned]
    out = []
    for _ in range(NEIGHBOURS):
        table = [list(plan.cards_in(r)) for r in range(1, rounds + 1)]
        move = rng.random()
        if (move < 0.35 or not used) and unused:
            table[rng.randrange(rounds)].append(rng.choice(unused))
        elif move < 0.55 and used:
            card = rng.choice(used)
            table = [[c for c in row if c != card] for row in table]
        elif move < 0.8 and used:
            card = rng.choice(used)
            table = [[c for c in row if c != card] for row in table]
            table[rng.randrange(rounds)].append(card)
        elif used and unused:
            card, other = rng.choice(used), rng.choice(unused)
            table = [[other if c == card else c for c in row] for row in table]
        out.append(FixedPlan(tuple(tuple(row) for row in table)))
    return out


def best_fixed_plan(compiled: CompiledScenario, games: int = 100, seed: int = 1,
                    players: int = 4, starts: Sequence[FixedPlan] = (),
                    search_seed: int = 0) -> PlanSearch:
    """Judge each start (by default the empty plan and the plans the panel's strategies play
    on `seed`), and climb from the best few to the best plan the search finds on seeds
    seed..seed+games-1.

    The same seeds judge every plan, so the figure is exact for them; `search_seed` fixes the
    search's own choices, so a run can be repeated.
    """
    from morgenmaken.sim.simulate import play_one
    from morgenmaken.sim.strategies import PANEL

    seeds = range(seed, seed + games)
    rounds = compiled.scenario.rounds
    cards = [card.id for card in compiled.scenario.cards]
    if not starts:
        found = {FixedPlan(((),) * rounds)}
        for name in PANEL:
            found.add(plan_of(play_one(compiled, name, seed, players)))
        starts = sorted(found, key=repr)
    rng = random.Random(search_seed)
    judged = sorted(((win_rate(compiled, s, seeds, players), i) for i, s in enumerate(starts)),
                    reverse=True)
    tried = len(starts)
    best, best_rate = starts[judged[0][1]], judged[0][0]
    for start_rate, index in judged[:CLIMBS]:
        plan, rate = starts[index], start_rate
        stale = 0
        while stale < PATIENCE:
            candidates = _neighbours(plan, cards, rounds, rng)
            rates = [win_rate(compiled, c, seeds, players) for c in candidates]
            tried += len(candidates)
            top = max(range(len(candidates)), key=rates.__getitem__)
            if rates[top] > rate:
                plan, rate, stale = candidates[top], rates[top], 0
            else:
                stale += 1
        if rate > best_rate:
            best, best_rate = plan, rate
    return PlanSearch(best, best_rate, tried)
