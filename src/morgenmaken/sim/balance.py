"""The balance report's figures: what many bot games say about how a scenario plays.

An author cannot play a scenario a thousand times; the bots can. This module turns finished
games into the figures an author needs to judge the design, in two pure steps:

1. :func:`record_game` reads one finished :class:`GameState` into a small, picklable
   :class:`GameRecord` (worker processes send these back);
2. :func:`aggregate` turns the records of a run into a :class:`BalanceReport`: win rate and
   score distribution per strategy; per card how often it is proposed and adopted, what it
   contributes to the score, and the flags *never worth playing* and *dominant*; per variable
   its range and how often it went critical; the commonest ways to lose; and game length.

**A card's contribution** is measured from the ledger, not by comparing games: in each game
where the card was adopted, the final score (with everything set in motion counted, as the
game scores it) is compared with the score of the same final values minus the card's own
recorded effects and costs (effects now, later and per round, its upkeep). Knock-on effects
through interactions are left out, so this is the card's *direct* contribution. Comparing the
mean score of games with and without the card is also reported, but it mostly measures *who*
plays the card (a strategy that adopts it may play better or worse overall), so the flags use
the direct contribution.

Records are aggregated in (strategy, seed) order, whatever order worker processes finished
in, so one process and many give the very same figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean, quantiles

from morgenmaken.engine import GameState
from morgenmaken.engine.ledger import Cause
from morgenmaken.scenario.models import Scenario

__all__ = [
    "BALANCE_BAR",
    "BARS",
    "DOMINANT_SHARE",
    "BalanceReport",
    "CardFigures",
    "GameRecord",
    "PanelEntry",
    "StrategyFigures",
    "VariableFigures",
    "aggregate",
    "bar_of",
    "panel",
    "record_game",
]

#: The bar per kind of strategy (share of games won): (lowest, highest). One-sided and naive
#: play must lose, the long-sighted balanced team must win, the thoughtful one must think.
BARS: dict[str, tuple[float | None, float | None]] = {
    "naive": (None, 0.25), "balanced": (0.70, None), "thoughtful": (0.40, 0.80),
}


@dataclass(frozen=True)
class PanelEntry:
    """What the report needs to know of a strategy of the panel."""

    name: str
    kind: str  # "naive", "balanced", "thoughtful" (see BARS), or "" when it has no bar
    description: str


def panel() -> tuple[PanelEntry, ...]:
    """Every strategy the panel registers, in the panel's order, with its kind.

    Read from the registry (:mod:`morgenmaken.sim.strategies` once the panel is there; the
    three classic bots of :mod:`morgenmaken.sim.bots` before), so a strategy added to the
    panel shows up in the report and in ``watch`` without touching them.
    """
    try:
        from morgenmaken.sim.strategies import PANEL  # type: ignore[import-not-found]
    except ImportError:
        from morgenmaken.sim.bots import STRATEGIES

        classic = {"random": ("naive", "Picks at random among legal moves."),
                   "myopic": ("naive", "Greedy on the score one round ahead."),
                   "balanced": ("balanced", "Looks ahead to the end with the model, weighs "
                                "the weakest theme and keeps a reserve.")}
        return tuple(PanelEntry(name, *classic.get(name, ("", ""))) for name in STRATEGIES)
    return tuple(PanelEntry(s.name, s.kind, s.describe("en")) for s in PANEL.values())


def bar_of(strategy: str) -> tuple[float | None, float | None]:
    """The (lowest, highest) win rate the panel holds `strategy` to; (None, None) for none."""
    kinds = {entry.name: entry.kind for entry in panel()}
    return BARS.get(kinds.get(strategy, ""), (None, None))


#: Kept for callers of the first report: the bar by strategy name.
BALANCE_BAR: dict[str, tuple[float | None, float | None]] = {
    entry.name: BARS[entry.kind] for entry in panel() if entry.kind in BARS}
#: A card adopted in at least this share of the games of *every* choosing strategy (myopic
#: and balanced) is dominant: short- and long-sighted play both take it, so it is no choice.
DOMINANT_SHARE = 0.90
#: Strategies that choose cards by their worth; random play says nothing about dominance.
CHOOSING = ("myopic", "balanced")
#: Width of a bin in the score histograms.
BIN = 5

#: Ledger causes that belong to a card itself (not to the region's reaction to it).
_CARD_CAUSES = (Cause.CARD, Cause.STRUCTURAL, Cause.COST, Cause.UPKEEP)


@dataclass(frozen=True)
class GameRecord:
    """What the balance report needs from one finished game (small and picklable)."""

    strategy: str
    seed: int
    score: float
    won: bool
    outcome: str  # "completed" or the id of the variable / end condition that collapsed
    rounds: int
    proposed: tuple[tuple[str, int], ...]  # (card id, times proposed)
    adopted: tuple[tuple[str, int], ...]  # (card id, times adopted)
    contributions: tuple[tuple[str, float], ...]  # (card id, direct contribution to score)
    spent: tuple[tuple[str, float], ...]  # (card id, budget paid: cost and upkeep)
    lows: tuple[float, ...]  # per variable, the lowest value at the end of any round
    highs: tuple[float, ...]
    finals: tuple[float, ...]
    critical: tuple[bool, ...]  # per variable, whether it went below its critical level


def record_game(state: GameState, strategy: str) -> GameRecord:
    """The record of a finished game (see the module docstring for the contribution)."""
    compiled = state.compiled
    history = state.history()
    count = len(compiled.var_ids)
    lows = tuple(min(row[i] for row in history) for i in range(count))
    highs = tuple(max(row[i] for row in history) for i in range(count))
    criticals = [v.critical for v in compiled.scenario.variables]
    critical = tuple(level is not None and lows[i] < level for i, level in enumerate(criticals))
    proposed: Counter[str] = Counter()
    for record in state.rounds_log:
        proposed.update(p.card for p in record.proposals)
    adopted = {card: len(rounds) for card, rounds in state.adopted.items()}
    own: dict[str, list[float]] = {card: [0.0] * count for card in adopted}
    spent: dict[str, float] = dict.fromkeys(adopted, 0.0)
    index = compiled.index
    budget = compiled.var_ids[compiled.budget]
    for entry in (*state.ledger(), *state.pipeline()):
        if entry.cause in _CARD_CAUSES and entry.source in own:
            own[entry.source][index[entry.variable]] += entry.delta
            if entry.cause in (Cause.COST, Cause.UPKEEP) and entry.variable == budget:
                spent[entry.source] -= entry.delta
    settled = state.settled_values()
    with_all = state.score_of(settled)
    lo, hi = compiled.lows, compiled.highs
    contributions = []
    for card in sorted(own):
        without = [min(hi[i], max(lo[i], v - own[card][i])) for i, v in enumerate(settled)]
        contributions.append((card, with_all - state.score_of(without)))
    return GameRecord(
        strategy=strategy, seed=state.config.seed, score=state.score(), won=state.won(),
        outcome=state.outcome or "completed", rounds=state.round,
        proposed=tuple(sorted(proposed.items())), adopted=tuple(sorted(adopted.items())),
        contributions=tuple(contributions), spent=tuple(sorted(spent.items())),
        lows=lows, highs=highs, finals=tuple(state.values), critical=critical,
    )


# --- aggregation ------------------------------------------------------------------------------

@dataclass(frozen=True)
class StrategyFigures:
    """How one strategy fared over its games."""

    strategy: str
    games: int
    wins: int
    mean_score: float
    quartiles: tuple[float, float, float]
    lowest: float
    highest: float
    histogram: tuple[tuple[int, int], ...]  # (bin start, games), bins of BIN points
    mean_rounds: float
    rounds: tuple[tuple[int, int], ...]  # (rounds played, games)
    losses: tuple[tuple[str, int], ...]  # (way of losing, games), commonest first

    @property
    def win_rate(self) -> float:
        """Share of games won."""
        return self.wins / self.games if self.games else 0.0

    def passes_bar(self) -> bool | None:
        """Whether the win rate is within :data:`BALANCE_BAR` (None: no bar for it)."""
        if self.strategy not in BALANCE_BAR:
            return None
        low, high = BALANCE_BAR[self.strategy]
        return ((low is None or self.win_rate >= low)
                and (high is None or self.win_rate <= high))


@dataclass(frozen=True)
class CardFigures:
    """How one card was played, per strategy, and its flags."""

    id: str
    role: str
    proposed: dict[str, float]  # strategy -> share of games in which it was proposed
    adopted: dict[str, float]  # strategy -> share of games in which it was adopted
    contribution: dict[str, float | None]  # strategy -> mean direct contribution (if adopted)
    score_with: dict[str, float | None]  # strategy -> mean score of games with the card
    score_without: dict[str, float | None]  # ... and without it
    overall_contribution: float | None  # over every game where it was adopted
    spent: float | None  # mean budget paid for it (cost and upkeep) in games it was adopted
    never_played: bool
    never_worth: bool
    dominant: bool

    @property
    def flags(self) -> list[str]:
        """The flags that apply, as short words for tables."""
        return [name for name, on in (("never played", self.never_played),
                                      ("never worth playing", self.never_worth),
                                      ("dominant", self.dominant)) if on]


@dataclass(frozen=True)
class VariableFigures:
    """The range a variable covered and how often it went critical, per strategy."""

    id: str
    lowest: dict[str, float]
    highest: dict[str, float]
    mean_final: dict[str, float]
    critical_share: dict[str, float | None]  # None: the variable has no critical level


@dataclass(frozen=True)
class BalanceReport:
    """Every figure of a balance run, ready to render (see :mod:`balance_report`)."""

    scenario_id: str
    games_per_strategy: int
    first_seed: int
    players: int
    decision: str
    strategies: tuple[StrategyFigures, ...]
    cards: tuple[CardFigures, ...]
    variables: tuple[VariableFigures, ...]
    win_threshold: float

    def strategy(self, name: str) -> StrategyFigures:
        """The figures of one strategy (KeyError when it was not run)."""
        for figures in self.strategies:
            if figures.strategy == name:
                return figures
        raise KeyError(name)

    def passes_bar(self) -> bool:
        """True when every strategy with a bar is within it."""
        return all(s.passes_bar() is not False for s in self.strategies)


def aggregate(scenario: Scenario, records: Iterable[GameRecord], *, players: int = 4,
              decision: str = "consensus") -> BalanceReport:
    """All figures of a run; the order of `records` does not matter."""
    ordered = sorted(records, key=lambda r: (r.strategy, r.seed))
    by_strategy: dict[str, list[GameRecord]] = {}
    for record in ordered:
        by_strategy.setdefault(record.strategy, []).append(record)
    order = [s for s in BALANCE_BAR if s in by_strategy] + sorted(
        s for s in by_strategy if s not in BALANCE_BAR)
    groups = {name: by_strategy[name] for name in order}
    games = max((len(g) for g in groups.values()), default=0)
    return BalanceReport(
        scenario_id=scenario.id,
        games_per_strategy=games,
        first_seed=min((r.seed for r in ordered), default=0),
        players=players,
        decision=decision,
        strategies=tuple(_strategy_figures(name, group) for name, group in groups.items()),
        cards=_card_figures(scenario, groups),
        variables=_variable_figures(scenario, groups),
        win_threshold=float(scenario.score.win_threshold),
    )


def _strategy_figures(name: str, records: Sequence[GameRecord]) -> StrategyFigures:
    scores = [r.score for r in records]
    if len(scores) >= 2:
        q1, q2, q3 = quantiles(scores, n=4)
    else:
        q1 = q2 = q3 = scores[0] if scores else 0.0
    bins = Counter(int(score // BIN) * BIN for score in scores)
    losses = Counter(_way_of_losing(r) for r in records if not r.won)
    return StrategyFigures(
        strategy=name, games=len(records), wins=sum(r.won for r in records),
        mean_score=mean(scores) if scores else 0.0, quartiles=(q1, q2, q3),
        lowest=min(scores, default=0.0), highest=max(scores, default=0.0),
        histogram=tuple(sorted(bins.items())),
        mean_rounds=mean(r.rounds for r in records) if records else 0.0,
        rounds=tuple(sorted(Counter(r.rounds for r in records).items())),
        losses=tuple(sorted(losses.items(), key=lambda item: (-item[1], item[0]))),
    )


def _way_of_losing(record: GameRecord) -> str:
    """``collapse:<id>`` for an early end, ``below_threshold`` for a low final score."""
    if record.outcome != "completed":
        return f"collapse:{record.outcome}"
    return "below_threshold"


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _mean_or_none(values: Sequence[float]) -> float | None:
    return mean(values) if values else None


def _card_figures(scenario: Scenario,
                  groups: dict[str, list[GameRecord]]) -> tuple[CardFigures, ...]:
    holder = {card: role.id for role in scenario.roles for card in role.cards}
    views = {name: [(dict(r.proposed), dict(r.adopted), dict(r.contributions), r.score,
                     dict(r.spent)) for r in records] for name, records in groups.items()}
    figures = []
    for card in scenario.cards:
        proposed, adopted, contribution, with_, without = {}, {}, {}, {}, {}
        every: list[float] = []
        paid: list[float] = []
        for name, games in views.items():
            hits = [game for game in games if game[1].get(card.id)]
            own = [game[2][card.id] for game in hits]
            every.extend(own)
            paid.extend(game[4][card.id] for game in hits)
            proposed[name] = _share(sum(1 for game in games if game[0].get(card.id)),
                                    len(games))
            adopted[name] = _share(len(hits), len(games))
            contribution[name] = _mean_or_none(own)
            with_[name] = _mean_or_none([game[3] for game in hits])
            without[name] = _mean_or_none([game[3] for game in games
                                           if not game[1].get(card.id)])
        overall = _mean_or_none(every)
        choosing = [adopted[name] for name in CHOOSING if name in groups]
        figures.append(CardFigures(
            id=card.id, role=holder.get(card.id, ""), proposed=proposed, adopted=adopted,
            contribution=contribution, score_with=with_, score_without=without,
            overall_contribution=overall, spent=_mean_or_none(paid),
            never_played=not every,
            never_worth=bool(every) and all(value <= 0 for value in contribution.values()
                                            if value is not None),
            dominant=bool(choosing) and all(share >= DOMINANT_SHARE for share in choosing),
        ))
    return tuple(figures)


def _variable_figures(scenario: Scenario,
                      groups: dict[str, list[GameRecord]]) -> tuple[VariableFigures, ...]:
    figures = []
    for i, variable in enumerate(scenario.variables):
        lowest, highest, final, critical = {}, {}, {}, {}
        for name, records in groups.items():
            if not records:
                continue
            lowest[name] = min(r.lows[i] for r in records)
            highest[name] = max(r.highs[i] for r in records)
            final[name] = mean(r.finals[i] for r in records)
            critical[name] = (None if variable.critical is None else
                              _share(sum(r.critical[i] for r in records), len(records)))
        figures.append(VariableFigures(variable.id, lowest, highest, final, critical))
    return tuple(figures)

