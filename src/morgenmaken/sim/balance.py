"""The balance report's figures: what many bot games say about how a scenario plays.

An author cannot play a scenario a thousand times; the bots can. This module turns finished
games into the figures an author needs to judge the design, in two pure steps:

1. :func:`record_game` reads one finished :class:`GameState` into a small, picklable
   :class:`GameRecord` (worker processes send these back);
2. :func:`aggregate` turns the records of a run into a :class:`BalanceReport` that answers
   *what should I change*: win rate and score distribution per strategy of the panel, held to
   the bar of its kind; the win rate of every strategy at thresholds around the scores, with
   the range that meets every bar; the score of a team that does nothing; per way of losing
   the round it happens in and, for its median game, the flow of the variable that tipped it
   (income, costs, upkeep, events per round); each lens over the rounds; per card how often
   it is adopted, its contribution and its net worth, its flags and whether its tags agree;
   per variable its range and how often it went critical or below zero; and suggestions that
   name the number in the file to change.

The flags and suggestions are :class:`~morgenmaken.i18n.Phrase` objects (keys of
``locale/balance.yaml`` with their values): the figures are made once, before anyone knows the
reader's language, and the report says them in its own (``phrase.text(lang)``), numbers with a
decimal comma in Dutch.

**A card's contribution** is measured from the ledger, not by comparing games: in each game
where the card was adopted, the final score (with everything set in motion counted, as the
game scores it) is compared with the score of the same final values minus the card's own
recorded effects and costs (effects now, later and per round, its upkeep). Knock-on effects
through interactions are left out, so this is the card's *direct* contribution. Its **net**
contribution subtracts the budget it cost at the run's exchange rate (score points per M€
over every adopted card): what the money would have bought spent on an average card.

Records are aggregated in (strategy, seed) order, whatever order worker processes finished
in, so one process and many give the very same figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import mean, median, quantiles

from morgenmaken.engine import Action, CompiledScenario, GameConfig, GameState, new_game
from morgenmaken.engine.ledger import Cause
from morgenmaken.i18n import Number, Phrase, counted, phrase
from morgenmaken.scenario.expressions import parse
from morgenmaken.scenario.models import Category, Scenario

__all__ = [
    "BALANCE_BAR",
    "BARS",
    "DOMINANT_SHARE",
    "BalanceReport",
    "CardFigures",
    "GameRecord",
    "LossFigures",
    "PanelEntry",
    "StrategyFigures",
    "ThresholdRow",
    "VariableFigures",
    "aggregate",
    "bar_of",
    "idle_scores",
    "panel",
    "record_game",
    "suggestions",
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

    Read from the registry (:data:`morgenmaken.sim.strategies.PANEL`), so a strategy added to
    the panel shows up in the report and in ``watch`` without touching them.
    """
    from morgenmaken.sim.strategies import PANEL

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
    #: Completed with every required lens held: the game is won at any threshold up to its
    #: score (None in records made before this was recorded: then "completed" decides).
    qualifies: bool | None = None
    #: The variable whose path explains the end (the one that collapsed, or the budget), and
    #: per round: (round, its value at the end of the round, ((cause, change), ...)).
    watched: str = ""
    flow: tuple[tuple[int, float, tuple[tuple[str, float], ...]], ...] = ()
    #: Per row of the history (start, then the end of each round): the mean of each lens.
    lens_rounds: tuple[tuple[float, ...], ...] = ()
    failed_lenses: tuple[str, ...] = ()  # required score components that fell short


def record_game(state: GameState, strategy: str) -> GameRecord:
    """The record of a finished game (see the module docstring for the contribution)."""
    compiled = state.compiled
    history = state.history()
    count = len(compiled.var_ids)
    # The final values belong to the range: a game that ends in a collapse ends below the
    # last round's row, and the table must agree with the share that ended below zero.
    rows = [*history, tuple(state.values)]
    lows = tuple(min(row[i] for row in rows) for i in range(count))
    highs = tuple(max(row[i] for row in rows) for i in range(count))
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
    failed = tuple(state.lenses_failed())
    watched = _watched_variable(state)
    return GameRecord(
        qualifies=(state.outcome or "completed") == "completed" and not failed,
        watched=watched, flow=_flow(state, watched), failed_lenses=failed,
        lens_rounds=tuple(_lens_means(state, row) for row in (
            rows if not history or tuple(history[-1]) != tuple(state.values) else history)),
        strategy=strategy, seed=state.config.seed, score=state.score(), won=state.won(),
        outcome=state.outcome or "completed", rounds=state.round,
        proposed=tuple(sorted(proposed.items())), adopted=tuple(sorted(adopted.items())),
        contributions=tuple(contributions), spent=tuple(sorted(spent.items())),
        lows=lows, highs=highs, finals=tuple(state.values), critical=critical,
    )


#: The four lenses of brede welvaart, in the order the report shows them.
LENSES = (Category.HIER_EN_NU, Category.LATER, Category.ELDERS, Category.VERDELING)


def _lens_means(state: GameState, row: Sequence[float]) -> tuple[float, ...]:
    """The mean of each lens that has variables (LENSES order, empty lenses left out)."""
    categories = state.compiled.categories
    return tuple(mean(row[i] for i in categories[lens]) for lens in LENSES
                 if categories[lens])


def _watched_variable(state: GameState) -> str:
    """The variable that explains how the game ended: the one that collapsed, the first one
    an end condition that held names, or else the budget."""
    compiled = state.compiled
    outcome = state.outcome or "completed"
    if outcome in compiled.index:
        return outcome
    for end in compiled.scenario.end_conditions:
        if end.id == outcome:
            names = [n for n in sorted(parse(end.condition).names()) if n in compiled.index]
            if names:
                return names[0]
    return compiled.var_ids[compiled.budget]


def _cause_label(cause: str, delta: float) -> str:
    """Trends are split in what comes in and what goes out: income and drains read apart."""
    if cause == Cause.TREND:
        return "trend +" if delta > 0 else "trend −"
    return cause


def _flow(state: GameState, variable: str) -> tuple[tuple[int, float, tuple[tuple[str, float],
                                                                              ...]], ...]:
    """Per round, the variable's value at the end and its changes summed by cause."""
    history = state.history()
    position = state.compiled.index[variable]
    by_round: dict[int, Counter[str]] = {}
    for entry in state.ledger(variable):
        by_round.setdefault(entry.round, Counter())[_cause_label(entry.cause, entry.delta)] += (
            entry.delta)
    last = max([len(history) - 1, *by_round], default=0)
    rows = []
    for rnd in range(1, last + 1):
        value = history[rnd][position] if rnd < len(history) else state.values[position]
        changes = by_round.get(rnd, Counter())
        rows.append((rnd, float(value), tuple(sorted((k, round(v, 6))
                                                     for k, v in changes.items() if v))))
    return tuple(rows)


def idle_scores(scenario: Scenario | CompiledScenario, seeds: Iterable[int],
                players: int = 4) -> list[float]:
    """The score of a team that does nothing (proposes nothing, adopts nothing), per seed:
    where the win threshold starts from, since events still differ per seed."""
    names = tuple(f"Bot {i + 1}" for i in range(players))
    scores = []
    for seed in seeds:
        state = new_game(scenario, GameConfig(seed=seed, players=names))
        while not state.is_terminal():
            legal = state.legal_actions()
            if legal[0].kind == "vote":
                state.apply_action(Action.vote(legal[0].card, False))
            else:
                state.apply_action(legal[-1])
        scores.append(state.score())
    return scores


# --- aggregation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LossFigures:
    """One way of losing for one strategy: when it happens and, for its median game, why."""

    way: str  # "collapse:<id>", "lens:<component id>" or "below_threshold"
    games: int
    median_round: float
    first_round: int
    last_round: int
    seed: int  # the median game (by round of the end, then seed), to replay it
    watched: str  # the variable whose path the flow shows
    flow: tuple[tuple[int, float, tuple[tuple[str, float], ...]], ...]


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
    histogram: tuple[tuple[float, int], ...]  # (bin start, games), bins of the report's width
    mean_rounds: float
    rounds: tuple[tuple[int, int], ...]  # (rounds played, games)
    losses: tuple[tuple[str, int], ...]  # (way of losing, games), commonest first
    kind: str = ""  # the panel's kind of strategy ("naive", "balanced", "thoughtful")
    description: str = ""
    qualifying: tuple[float, ...] = ()  # scores of the games that completed with every lens
    loss_details: tuple[LossFigures, ...] = ()
    lens_series: tuple[tuple[float, ...], ...] = ()  # per history row: mean of each lens

    @property
    def win_rate(self) -> float:
        """Share of games won."""
        return self.wins / self.games if self.games else 0.0

    def win_rate_at(self, threshold: float) -> float:
        """Share of games that would be won at another win threshold."""
        return (sum(score >= threshold for score in self.qualifying) / self.games
                if self.games else 0.0)

    @property
    def bar(self) -> tuple[float | None, float | None]:
        """The (lowest, highest) win rate the panel holds this strategy to."""
        return BARS.get(self.kind, (None, None))

    def passes_bar(self, rate: float | None = None) -> bool | None:
        """Whether the win rate (or `rate`) is within the bar (None: no bar for it)."""
        if self.kind not in BARS:
            return None
        low, high = self.bar
        rate = self.win_rate if rate is None else rate
        return (low is None or rate >= low) and (high is None or rate <= high)


@dataclass(frozen=True)
class CardFigures:
    """How one card was played, per strategy, and its flags."""

    id: str
    role: str
    proposed: dict[str, float]  # strategy -> share of games in which it was proposed
    adopted: dict[str, float]  # strategy -> share of games in which it was adopted
    contribution: dict[str, float | None]  # strategy -> mean direct contribution (if adopted)
    net: dict[str, float | None]  # ... minus its budget at the run's points per M€
    overall_contribution: float | None  # over every game where it was adopted
    spent: float | None  # mean budget paid for it (cost and upkeep) in games it was adopted
    never_played: bool
    never_worth: bool
    dominant: bool
    tags: tuple[str, ...] = ()
    tag_flags: tuple[Phrase, ...] = ()  # "tagged quick_win but dominant", ...

    @property
    def flags(self) -> list[Phrase]:
        """The flags that apply, as short words for tables (say them with ``.text(lang)``)."""
        return [phrase(f"bal.flag.{name}") for name, on in (
            ("never_played", self.never_played), ("never_worth", self.never_worth),
            ("dominant", self.dominant)) if on] + list(self.tag_flags)


@dataclass(frozen=True)
class VariableFigures:
    """The range a variable covered and how often it went critical, per strategy."""

    id: str
    lowest: dict[str, float]
    highest: dict[str, float]
    mean_final: dict[str, float]
    critical_share: dict[str, float | None]  # None: the variable has no critical level
    below_zero: dict[str, float] | None = None  # share of games that ended below 0 (if it can)


@dataclass(frozen=True)
class ThresholdRow:
    """Win rate of every strategy if the win threshold were `threshold`."""

    threshold: float
    rates: dict[str, float]
    passes: bool  # every strategy with a bar within it


@dataclass(frozen=True)
class BalanceReport:
    """Every figure of a balance run, ready to render (see :mod:`morgenmaken.sim.report`)."""

    scenario_id: str
    games_per_strategy: int
    first_seed: int
    players: int
    decision: str
    strategies: tuple[StrategyFigures, ...]
    cards: tuple[CardFigures, ...]
    variables: tuple[VariableFigures, ...]
    win_threshold: float
    bin_width: float = BIN
    idle_scores: tuple[float, ...] = ()  # do-nothing games, per seed
    thresholds: tuple[ThresholdRow, ...] = ()
    passing: tuple[float, float] | None = None  # thresholds of the table that meet the bar
    points_per_budget: float | None = None  # the run's score points per M€ of cards
    lenses: tuple[str, ...] = ()  # the lens categories of lens_series, in order
    suggestions: tuple[Phrase, ...] = ()  # said in the report's language

    def strategy(self, name: str) -> StrategyFigures:
        """The figures of one strategy (KeyError when it was not run)."""
        for figures in self.strategies:
            if figures.strategy == name:
                return figures
        raise KeyError(name)

    def passes_bar(self) -> bool:
        """True when every strategy with a bar is within it."""
        return all(s.passes_bar() is not False for s in self.strategies)

    @property
    def idle_score(self) -> float | None:
        """The median score of a team that does nothing."""
        return median(self.idle_scores) if self.idle_scores else None


def aggregate(scenario: Scenario, records: Iterable[GameRecord], *, players: int = 4,
              decision: str = "consensus", idle: Sequence[float] = ()) -> BalanceReport:
    """All figures of a run; the order of `records` does not matter. `idle` are the scores
    of do-nothing games (see :func:`idle_scores`)."""
    ordered = sorted(records, key=lambda r: (r.strategy, r.seed))
    by_strategy: dict[str, list[GameRecord]] = {}
    for record in ordered:
        by_strategy.setdefault(record.strategy, []).append(record)
    entries = {entry.name: entry for entry in panel()}
    order = [name for name in entries if name in by_strategy] + sorted(
        name for name in by_strategy if name not in entries)
    groups = {name: by_strategy[name] for name in order}
    games = max((len(g) for g in groups.values()), default=0)
    threshold = float(scenario.score.win_threshold)
    width, origin = _bins([r.score for r in ordered])
    strategies = tuple(
        _strategy_figures(name, group, width, origin,
                          entries[name] if name in entries else PanelEntry(name, "", ""))
        for name, group in groups.items())
    rate = _points_per_budget(ordered)
    cards = _card_figures(scenario, groups, strategies, rate)
    thresholds = _threshold_table(strategies, threshold)
    passing = [row.threshold for row in thresholds if row.passes]
    if not idle and "nothing" in groups:
        idle = [r.score for r in groups["nothing"]]
    report = BalanceReport(
        scenario_id=scenario.id, games_per_strategy=games,
        first_seed=min((r.seed for r in ordered), default=0), players=players,
        decision=decision, strategies=strategies, cards=cards,
        variables=_variable_figures(scenario, groups), win_threshold=threshold,
        bin_width=width, idle_scores=tuple(idle), thresholds=thresholds,
        passing=(min(passing), max(passing)) if passing else None,
        points_per_budget=rate,
        lenses=tuple(lens.value for lens in LENSES
                     if any(v.category == lens for v in scenario.variables)),
    )
    return replace(report, suggestions=tuple(suggestions(report, scenario)))


def _bins(scores: Sequence[float]) -> tuple[float, float]:
    """A bin width that gives about 20 bins over the scores of the run, and the first bin's
    start: one width for every strategy, so their histograms compare."""
    if not scores:
        return float(BIN), 0.0
    span = max(scores) - min(scores)
    width = next((w for w in (0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0) if span / w <= 20), 10.0)
    return width, math.floor(min(scores) / width) * width


def _strategy_figures(name: str, records: Sequence[GameRecord], width: float, origin: float,
                      entry: PanelEntry) -> StrategyFigures:
    scores = [r.score for r in records]
    if len(scores) >= 2:
        q1, q2, q3 = quantiles(scores, n=4)
    else:
        q1 = q2 = q3 = scores[0] if scores else 0.0
    bins = Counter(origin + math.floor((score - origin) / width + 1e-9) * width
                   for score in scores)
    losing = [r for r in records if not r.won]
    losses = Counter(_way_of_losing(r) for r in losing)
    return StrategyFigures(
        strategy=name, games=len(records), wins=sum(r.won for r in records),
        mean_score=mean(scores) if scores else 0.0, quartiles=(q1, q2, q3),
        lowest=min(scores, default=0.0), highest=max(scores, default=0.0),
        histogram=tuple(sorted(bins.items())),
        mean_rounds=mean(r.rounds for r in records) if records else 0.0,
        rounds=tuple(sorted(Counter(r.rounds for r in records).items())),
        losses=tuple(sorted(losses.items(), key=lambda item: (-item[1], item[0]))),
        kind=entry.kind, description=entry.description,
        qualifying=tuple(sorted(r.score for r in records if _qualifies(r))),
        loss_details=tuple(_loss_figures(way, [r for r in losing if _way_of_losing(r) == way])
                           for way, _ in sorted(losses.items(),
                                                key=lambda item: (-item[1], item[0]))),
        lens_series=_lens_series(records),
    )


def _qualifies(record: GameRecord) -> bool:
    return record.outcome == "completed" if record.qualifies is None else record.qualifies


def _loss_figures(way: str, records: Sequence[GameRecord]) -> LossFigures:
    """The round a way of losing happens in, and the median game's flow (by end round)."""
    ordered = sorted(records, key=lambda r: (r.rounds, r.seed))
    middle = ordered[(len(ordered) - 1) // 2]
    rounds = [r.rounds for r in ordered]
    return LossFigures(way=way, games=len(ordered), median_round=median(rounds),
                       first_round=min(rounds), last_round=max(rounds), seed=middle.seed,
                       watched=middle.watched, flow=middle.flow)


def _lens_series(records: Sequence[GameRecord]) -> tuple[tuple[float, ...], ...]:
    """Per history row, the mean of each lens over the games that reached it."""
    length = max((len(r.lens_rounds) for r in records), default=0)
    series = []
    for row in range(length):
        reached = [r.lens_rounds[row] for r in records if len(r.lens_rounds) > row]
        series.append(tuple(mean(values) for values in zip(*reached, strict=True)))
    return tuple(series)


def _way_of_losing(record: GameRecord) -> str:
    """``collapse:<id>`` for an early end, ``lens:<id>`` for a required lens that fell
    short, ``below_threshold`` for a low final score."""
    if record.outcome != "completed":
        return f"collapse:{record.outcome}"
    if record.failed_lenses:
        return f"lens:{record.failed_lenses[0]}"
    return "below_threshold"


def _threshold_table(strategies: Sequence[StrategyFigures],
                     current: float) -> tuple[ThresholdRow, ...]:
    """Win rates at thresholds around the scores: from the lowest median to the highest
    75th percentile of the strategies, in steps of 0.5 or 1, with the current threshold."""
    if not strategies:
        return ()
    low = min(s.quartiles[1] for s in strategies) - 1
    high = max(s.quartiles[2] for s in strategies) + 1
    step = next((w for w in (0.5, 1.0, 2.0, 2.5, 5.0) if (high - low) / w <= 14), 10.0)
    start = math.floor(low / step) * step
    points = {round(start + i * step, 2) for i in range(int((high - start) / step) + 2)}
    points.add(round(current, 2))
    rows = []
    for threshold in sorted(points):
        rates = {s.strategy: s.win_rate_at(threshold) for s in strategies}
        passes = all(s.passes_bar(rates[s.strategy]) is not False for s in strategies)
        rows.append(ThresholdRow(threshold, rates, passes))
    return tuple(rows)


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _mean_or_none(values: Sequence[float]) -> float | None:
    return mean(values) if values else None


def _points_per_budget(records: Sequence[GameRecord]) -> float | None:
    """Score points per M€ over every card adopted in the run: what money buys on average,
    so a card's net contribution is what it gives beyond what its money would buy."""
    points = sum(value for r in records for _, value in r.contributions)
    spent = sum(value for r in records for _, value in r.spent)
    return points / spent if spent > 0 else None


QUICK_WIN_TAGS = ("quick_win", "quickwin", "snelle_winst")
INVESTMENT_TAGS = ("investering", "investment", "investeringen")


def _tag_flags(tags: Sequence[str], never_worth: bool, never_played: bool, dominant: bool,
               long_sighted: float | None) -> tuple[Phrase, ...]:
    """Where an author's tag and the figures disagree: a quick win should be a trap for the
    long-sighted team, an investment should pay off."""
    found = []
    for tag in tags:
        if tag in QUICK_WIN_TAGS:
            if dominant:
                found.append(phrase("bal.flag.tag_dominant", tag=tag))
            elif long_sighted is not None and long_sighted > 0:
                found.append(phrase("bal.flag.tag_pays_off", tag=tag))
        elif tag in INVESTMENT_TAGS:
            if never_worth:
                found.append(phrase("bal.flag.tag_never_worth", tag=tag))
            elif never_played:
                found.append(phrase("bal.flag.tag_never_played", tag=tag))
    return tuple(found)


def _card_figures(scenario: Scenario, groups: dict[str, list[GameRecord]],
                  strategies: Sequence[StrategyFigures],
                  rate: float | None) -> tuple[CardFigures, ...]:
    holder = {card: role.id for role in scenario.roles for card in role.cards}
    kinds = {s.strategy: s.kind for s in strategies}
    choosing = [name for name in groups if kinds.get(name) == "balanced" or name in CHOOSING]
    long_sighted = [name for name in groups if kinds.get(name) == "balanced"]
    views = {name: [(dict(r.proposed), dict(r.adopted), dict(r.contributions), dict(r.spent))
                    for r in records] for name, records in groups.items()}
    figures = []
    for card in scenario.cards:
        proposed, adopted, contribution, net = {}, {}, {}, {}
        every: list[float] = []
        paid: list[float] = []
        for name, games in views.items():
            hits = [game for game in games if game[1].get(card.id)]
            own = [game[2][card.id] for game in hits]
            costs = [game[3].get(card.id, 0.0) for game in hits]
            every.extend(own)
            paid.extend(costs)
            proposed[name] = _share(sum(1 for game in games if game[0].get(card.id)),
                                    len(games))
            adopted[name] = _share(len(hits), len(games))
            contribution[name] = _mean_or_none(own)
            net[name] = (None if not own or rate is None else
                         mean(o - c * rate for o, c in zip(own, costs, strict=True)))
        never_played = not every
        never_worth = bool(every) and all(value <= 0 for value in contribution.values()
                                          if value is not None)
        dominant = bool(choosing) and all(adopted[name] >= DOMINANT_SHARE for name in choosing)
        sighted = [net[name] if net[name] is not None else contribution[name]
                   for name in long_sighted if adopted[name] >= 0.5]
        figures.append(CardFigures(
            id=card.id, role=holder.get(card.id, ""), proposed=proposed, adopted=adopted,
            contribution=contribution, net=net, overall_contribution=_mean_or_none(every),
            spent=_mean_or_none(paid), never_played=never_played, never_worth=never_worth,
            dominant=dominant, tags=tuple(card.tags),
            tag_flags=_tag_flags(card.tags, never_worth, never_played, dominant,
                                 max((v for v in sighted if v is not None), default=None)),
        ))
    return tuple(figures)


def _variable_figures(scenario: Scenario,
                      groups: dict[str, list[GameRecord]]) -> tuple[VariableFigures, ...]:
    figures = []
    for i, variable in enumerate(scenario.variables):
        lowest, highest, final, critical, below = {}, {}, {}, {}, {}
        for name, records in groups.items():
            if not records:
                continue
            lowest[name] = min(r.lows[i] for r in records)
            highest[name] = max(r.highs[i] for r in records)
            final[name] = mean(r.finals[i] for r in records)
            critical[name] = (None if variable.critical is None else
                              _share(sum(r.critical[i] for r in records), len(records)))
            below[name] = _share(sum(r.finals[i] < 0 for r in records), len(records))
        figures.append(VariableFigures(variable.id, lowest, highest, final, critical,
                                       below if variable.range[0] < 0 else None))
    return tuple(figures)


# --- what to change -----------------------------------------------------------------------

def _g(value: float) -> Number:
    """A number from the file as the author wrote it (4, 2.5), a decimal comma in Dutch."""
    return Number(f"{value:g}")


def _share_of(value: float) -> Phrase:
    return phrase("bal.pct", value=Number(f"{value * 100:.0f}"))


def _budget_levers(scenario: Scenario) -> tuple[Phrase, Phrase | None]:
    """The income to raise and the upkeep to lower, named as fields with their values."""
    budget = scenario.settings.budget
    income = sorted((t for t in scenario.trends if t.variable == budget and t.per_round > 0),
                    key=lambda t: -t.per_round)
    upkeep = sorted((c for c in scenario.cards if c.upkeep > 0), key=lambda c: -c.upkeep)
    raise_ = (phrase("bal.do.raise_income", trend=income[0].id, now=_g(income[0].per_round))
              if income else phrase("bal.do.add_income", budget=budget))
    lower = None
    if len(upkeep) >= 2:
        lower = phrase("bal.do.lower_upkeep_two", card=upkeep[0].id, upkeep=_g(upkeep[0].upkeep),
                       card2=upkeep[1].id, upkeep2=_g(upkeep[1].upkeep))
    elif upkeep:
        lower = phrase("bal.do.lower_upkeep", card=upkeep[0].id, upkeep=_g(upkeep[0].upkeep))
    return raise_, lower


def suggestions(report: BalanceReport, scenario: Scenario) -> list[Phrase]:
    """What to change, each naming the number in the file and the figure that asks for it."""
    found: list[Phrase] = []
    threshold = report.win_threshold
    if report.passing is not None:
        low, high = report.passing
        if not low <= threshold <= high:
            middle = round((low + high) / 2 * 2) / 2
            found.append(phrase("bal.do.threshold", middle=_g(middle), now=_g(threshold),
                                low=_g(low), high=_g(high)))
    elif report.thresholds:
        naive = [s for s in report.strategies if s.kind == "naive"]
        sighted = [s for s in report.strategies if s.kind == "balanced"]
        if naive and sighted:
            best = max(naive, key=lambda s: s.quartiles[2])
            team = sighted[0]
            found.append(phrase("bal.do.no_threshold", best=best.strategy,
                                best_score=Number(f"{best.quartiles[2]:.1f}"),
                                team_score=Number(f"{team.quartiles[0]:.1f}")))
    ends = {end.id: end for end in scenario.end_conditions}
    for figures in report.strategies:
        if figures.kind != "balanced":
            continue
        for loss in figures.loss_details:
            share = loss.games / figures.games if figures.games else 0.0
            if share < 0.05 or loss.way == "below_threshold":
                continue
            when = (phrase("bal.do.when", round=_g(loss.median_round))
                    if loss.first_round == loss.last_round
                    else phrase("bal.do.around", round=_g(loss.median_round),
                                first=loss.first_round, last=loss.last_round))
            cause = loss.way.split(":", 1)[1]
            said = {"strategy": figures.strategy, "cause": cause, "when": when,
                    "share": _share_of(share)}
            if cause in ends and loss.watched == scenario.settings.budget:
                raise_, lower = _budget_levers(scenario)
                found.append(phrase("bal.do.bankrupt", raise_=raise_, lower=lower, **said))
            elif loss.way.startswith("collapse:") and cause in {v.id for v in scenario.variables}:
                variable = scenario.variable(cause)
                found.append(phrase("bal.do.collapse", baseline=_g(variable.baseline),
                                    collapse=_g(variable.collapse or 0.0), **said))
            elif loss.way.startswith("lens:"):
                found.append(phrase("bal.do.lens", **said))
            else:
                found.append(phrase("bal.do.end", **said))
    dominant = [card for card in report.cards if card.dominant]
    for card in report.cards:
        budget = _g(scenario.card(card.id).cost.budget)
        if card.dominant and card in dominant[:3]:
            found.append(phrase("bal.do.dominant", card=card.id, budget=budget))
        elif card.never_played:
            requires = scenario.card(card.id).requires
            loosen = (phrase("bal.do.loosen", card=card.id, requires=requires) if requires
                      else None)
            found.append(phrase("bal.do.never_played", card=card.id, budget=budget,
                                loosen=loosen))
        for flag in card.tag_flags:
            if flag.key == "bal.flag.tag_pays_off":
                found.append(phrase("bal.do.later_cost", card=card.id, flag=flag))
            elif flag.key == "bal.flag.tag_never_worth":
                found.append(phrase("bal.do.pay_off_later", card=card.id, flag=flag))
    if len(dominant) > 3:
        more = len(dominant) - 3
        found.append(phrase(counted("bal.do.more_dominant", more), count=more,
                            cards=", ".join(f"`{card.id}`" for card in dominant[3:])))
    return found
