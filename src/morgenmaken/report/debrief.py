"""The debrief as plain data: what the team did, what it did to the region, and what is coming.

In a training for bestuurders the debrief is the point of the game, so its facts must be the same
wherever they are shown: on the projector after the last round, in the PDF handed out, in the
HTML mailed afterwards. This module computes them once from a finished (or stopped) game, using
only the engine's public queries (history, ledger, pipeline, projection, round records); the
screens and reports only lay them out.

Everything player-facing is already worded in the chosen language (titles from the scenario,
program text from ``locale/ui.yaml``); ids are kept beside the words so a front end can look
things up again.

Points in time: a timeline has one *point* per moment the engine records values — point 0 is the
start of the game, point ``r`` the end of round ``r``. A decision or event of round ``r`` happens
between point ``r - 1`` and point ``r``, in the year the round starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from morgenmaken.engine import Action, Cause, Decision, GameState, LedgerEntry, Phase, replay
from morgenmaken.engine.state import IllegalActionError
from morgenmaken.engine.whatif import round_actions, what_if
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Category, Scenario
from morgenmaken.wording import (
    describe_cause,
    names_and,
    outcome_text,
    reading,
    source_name,
    status,
    status_kind,
)

#: The order of the CBS monitor's lenses, the team's resources last.
CATEGORY_ORDER: tuple[Category, ...] = (
    Category.HIER_EN_NU, Category.LATER, Category.ELDERS, Category.VERDELING, Category.RESOURCE,
)

#: Ledger causes that belong to a card the team adopted (its own doing, not the region's drift).
CARD_CAUSES = frozenset({Cause.COST, Cause.CARD, Cause.UPKEEP, Cause.STRUCTURAL})

#: Changes smaller than this are treated as no change (values are shown with one decimal).
EPSILON = 0.05


# --------------------------------------------------------------------------- data types
@dataclass(frozen=True)
class VariableSummary:
    """One variable at the start and at the end of the game, worded."""

    id: str
    name: str
    category: Category
    start: float
    end: float
    low: float
    high: float
    reading_start: str
    reading_end: str
    status: str  # worded status at the end ("goed", "let op", "kritiek")
    status_kind: str  # "ok", "warning" or "critical", for colour *and* shape
    warning: float | None
    critical: float | None

    @property
    def change(self) -> float:
        """End minus start."""
        return self.end - self.start


@dataclass(frozen=True)
class ProfileGroup:
    """The variables of one lens of brede welvaart (or the resources)."""

    category: Category
    label: str
    variables: tuple[VariableSummary, ...]


@dataclass(frozen=True)
class Marker:
    """A decision or event on a variable's timeline, with what it did to that variable."""

    kind: str  # "decision" or "event"
    round: int  # the round of the decision or news
    year: int  # the year of `point`, where the effect shows on the line
    source: str  # card or event id
    label: str  # its title
    delta: float  # its direct effect on this variable that landed in the round ending at point
    point: int  # the point (end of the round) at which this part of the effect had landed


@dataclass(frozen=True)
class Timeline:
    """The course of one variable over the game, with decisions and events marked."""

    variable: str
    name: str
    category: Category
    years: tuple[int, ...]  # the year of every point
    values: tuple[float, ...]  # the value at every point
    markers: tuple[Marker, ...]
    warning: float | None
    critical: float | None
    low: float
    high: float


@dataclass(frozen=True)
class VariableDelta:
    """A change of one variable, split into what has landed and what is still coming."""

    variable: str
    name: str
    landed: float
    coming: float

    @property
    def total(self) -> float:
        """Landed plus coming: what the cause does in the end."""
        return self.landed + self.coming


@dataclass(frozen=True)
class CardOutcome:
    """What an adopted card did in the end: its direct effects from the ledger and pipeline.

    Effects through interactions (a healthier region is a happier one) are not attributed to a
    card: the model cannot split them fairly, and saying so is more honest than guessing.
    """

    card: str
    title: str
    adopted_rounds: tuple[int, ...]
    effects: tuple[VariableDelta, ...]  # sorted: largest total first; resources included


@dataclass(frozen=True)
class ProposalLine:
    """One card on the table: who proposed it, what the team did with it, what it did."""

    card: str
    title: str
    role: str
    role_name: str
    player: str
    adopted: bool
    votes_for: tuple[str, ...]
    votes_against: tuple[str, ...]
    cost_budget: float
    cost_draagvlak: float
    outcome: CardOutcome | None  # for adopted cards


@dataclass(frozen=True)
class EventLine:
    """One piece of news in a round."""

    event: str
    title: str
    text: str


@dataclass(frozen=True)
class RoundDecisions:
    """One round: the news, the proposals and what became of them."""

    round: int
    year: int
    events: tuple[EventLine, ...]
    proposals: tuple[ProposalLine, ...]

    @property
    def adopted(self) -> tuple[ProposalLine, ...]:
        """The proposals the team adopted."""
        return tuple(p for p in self.proposals if p.adopted)


@dataclass(frozen=True)
class ComingSource:
    """A card or event whose effects are still to land after the game, per variable."""

    source: str
    label: str
    cause: str  # a ledger cause: card, event, structural, upkeep
    first_year: int
    effects: tuple[VariableDelta, ...]  # only `coming` is set


@dataclass(frozen=True)
class ComingVariable:
    """One variable after the game: at the end, once the pipeline landed, and projected."""

    variable: str
    name: str
    category: Category
    end: float
    pipeline: float  # effects already set in motion that land after the end
    projected: float  # value after the projection horizon, without new decisions
    path: tuple[float, ...]  # end value, then one value per projected round


@dataclass(frozen=True)
class Coming:
    """What is still coming after the final round ("wat uw keuzes na 2042 nog doen")."""

    end_year: int
    years: tuple[int, ...]  # end_year, then the end of every projected round
    sources: tuple[ComingSource, ...]
    variables: tuple[ComingVariable, ...]
    projected_score: float


@dataclass(frozen=True)
class ScorePart:
    """One part of the score: its value, and the points it gave against the points needed.

    The score is the weighted sum of the parts (plus goal bonuses), so ``points`` add up to
    the score and ``needed`` (the weight times the win threshold) add up to the threshold:
    a trainer can point at the part that lost the game.
    """

    id: str
    name: str
    value: float  # 0-100
    weight: float  # share of the score, 0-1
    points: float
    needed: float
    at_least: float | None = None  # the level this part must reach on its own to win

    @property
    def holds(self) -> bool:
        """Whether the part reaches the level the scenario requires of it (if any)."""
        return self.at_least is None or self.value >= self.at_least


@dataclass(frozen=True)
class ImpactEffect:
    """What one decision changed in one variable by the end, all paths together."""

    variable: str
    name: str
    category: Category
    total: float  # the game minus the game without the decision (settled values)
    direct: float  # the card's own ledger and pipeline entries

    @property
    def knock_on(self) -> float:
        """What arrived through interactions with other themes (total minus direct)."""
        return self.total - self.direct


@dataclass(frozen=True)
class Impact:
    """What one adoption did to the score: the game replayed without it, compared.

    The replay keeps the news and every other choice (see
    :func:`morgenmaken.engine.whatif.what_if`), so the difference holds the card's direct
    effects, what they set off through interactions, later and elsewhere.
    """

    card: str
    title: str
    round: int
    year: int
    role_name: str
    score_delta: float
    cost_budget: float
    effects: tuple[ImpactEffect, ...]  # largest first, resources left out


@dataclass(frozen=True)
class GroupStory:
    """The group that fell most (or rose least), and what pushed it down."""

    variable: str
    name: str
    start: float
    end: float
    fell: bool
    causes: tuple[tuple[str, float], ...]  # worded cause, summed delta; most negative first
    others: tuple[tuple[str, float], ...]  # the other groups: name, change

    @property
    def change(self) -> float:
        """End minus start."""
        return self.end - self.start


@dataclass(frozen=True)
class Story:
    """Page one of the debrief: why the team won or lost, in the facts a trainer needs."""

    margin: float  # score minus threshold
    parts: tuple[ScorePart, ...]
    goal_bonus: float  # points from role goals met
    impacts: tuple[Impact, ...]  # every adoption, in the order of play
    helped: tuple[Impact, ...]  # up to three, most positive first
    cost: tuple[Impact, ...]  # up to three, most negative first
    left_behind: GroupStory | None
    later: tuple[ComingVariable, ...]  # the capitals for later: end and projected
    projected_score: float
    horizon_year: int
    pipeline_sources: int
    budget_name: str
    unspent: float  # budget left at the end
    spent: float  # paid for cards: costs and upkeep
    draagvlak_name: str
    draagvlak_end: float


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief shows, for one game, in one language."""

    lang: str
    scenario_id: str
    scenario_title: str
    scenario_version: int
    region: str
    team: str
    players: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]  # (role name, player name)
    start_year: int
    end_year: int
    rounds_played: int
    rounds_total: int
    outcome: str
    outcome_text: str
    collapsed: bool
    finished: bool
    score: float
    win_threshold: float
    won: bool
    goals_met: tuple[str, ...]  # role names
    profile: tuple[ProfileGroup, ...]
    timelines: tuple[Timeline, ...]
    rounds: tuple[RoundDecisions, ...]
    outcomes: tuple[CardOutcome, ...]
    coming: Coming
    questions: tuple[str, ...]
    story: Story
    key: tuple[object, ...]  # identifies the game and language (for caching its charts)
    #: Replayed on a scenario that changed since the game was played (``--allow-changed``):
    #: the report says so, since its numbers may differ from what the team saw.
    replayed_on_changed: bool = False

    def variable(self, variable_id: str) -> VariableSummary:
        """The profile entry of a variable (KeyError when unknown)."""
        for group in self.profile:
            for summary in group.variables:
                if summary.id == variable_id:
                    return summary
        raise KeyError(variable_id)

    def timeline(self, variable_id: str) -> Timeline:
        """The timeline of a variable (KeyError when unknown)."""
        for timeline in self.timelines:
            if timeline.variable == variable_id:
                return timeline
        raise KeyError(variable_id)


# --------------------------------------------------------------------------- helpers
def points(state: GameState) -> list[tuple[float, ...]]:
    """The values at every point of the game, the current values last.

    A round whose news ended the game (a collapse at the start of a round) was begun but
    never resolved, so :meth:`GameState.history` has no row for it; the final values are
    added so that the timeline ends where the game really ended.
    """
    rows = state.history()
    if len(rows) <= len(state.rounds_log):
        rows.append(tuple(state.values))
    return rows


def point_years(scenario: Scenario, count: int) -> list[int]:
    """The calendar year of each of `count` points (point 0 is the start of the game)."""
    return [scenario.start_year + i * scenario.years_per_round for i in range(count)]


def end_year(state: GameState) -> int:
    """The year the game ended: the end of its last round, begun or resolved."""
    scenario = state.scenario
    played = len(state.rounds_log)
    return scenario.start_year + played * scenario.years_per_round


def _by_source(entries: Iterable[LedgerEntry],
               causes: frozenset[str] | None = None) -> dict[str, dict[str, float]]:
    """Source id -> variable id -> summed delta, for the entries with one of `causes`."""
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in entries:
        if causes is None or entry.cause in causes:
            table[entry.source][entry.variable] += entry.delta
    return table


def _deltas(scenario: Scenario, landed: dict[str, float], coming: dict[str, float],
            lang: str) -> tuple[VariableDelta, ...]:
    """Per-variable deltas in scenario order filtered to real changes, largest total first."""
    rows = []
    for variable in scenario.variables:
        now, later = landed.get(variable.id, 0.0), coming.get(variable.id, 0.0)
        if abs(now) >= EPSILON or abs(later) >= EPSILON:
            rows.append(VariableDelta(variable.id, variable.name.get(lang), now, later))
    return tuple(sorted(rows, key=lambda d: -abs(d.total)))


def card_outcomes(state: GameState, lang: str) -> dict[str, CardOutcome]:
    """Card id -> what the card did, for every card the team adopted.

    Landed effects are the card's ledger entries (cost, effects, upkeep, structural effects),
    so an effect that arrived three rounds after the decision is counted with the decision;
    coming effects are the card's entries in the pipeline.
    """
    scenario = state.scenario
    landed = _by_source(state.ledger(), CARD_CAUSES)
    coming = _by_source(state.pipeline(), CARD_CAUSES)
    outcomes = {}
    for card_id, rounds in state.adopted.items():
        outcomes[card_id] = CardOutcome(
            card_id, scenario.card(card_id).title.get(lang), tuple(rounds),
            _deltas(scenario, landed.get(card_id, {}), coming.get(card_id, {}), lang))
    return outcomes


#: A fall of at least this many points is worded even above the warning line.
NOTABLE_FALL = 5.0


def _status_word(scenario: Scenario, variable_id: str, start: float, end: float,
                 lang: str) -> str:
    """The status in words, never "goed" after a notable fall ("goed" after −11 misled)."""
    if status_kind(scenario, variable_id, end) == "ok" and end - start <= -NOTABLE_FALL:
        return t("story.status_fell", lang)
    return status(scenario, variable_id, end, lang)


def profile(state: GameState, lang: str) -> tuple[ProfileGroup, ...]:
    """Every variable at the start and at the end, grouped by lens, in the monitor's order."""
    scenario = state.scenario
    start = state.history()[0]
    end = state.values
    groups = []
    for category in CATEGORY_ORDER:
        rows = []
        for index, variable in enumerate(scenario.variables):
            if variable.category != category:
                continue
            rows.append(VariableSummary(
                id=variable.id, name=variable.name.get(lang), category=category,
                start=start[index], end=end[index],
                low=variable.range[0], high=variable.range[1],
                reading_start=reading(scenario, variable.id, start[index], lang),
                reading_end=reading(scenario, variable.id, end[index], lang),
                status=_status_word(scenario, variable.id, start[index], end[index], lang),
                status_kind=status_kind(scenario, variable.id, end[index]),
                warning=variable.warning, critical=variable.critical))
        if rows:
            groups.append(ProfileGroup(category, t(f"category.{category.value}", lang),
                                       tuple(rows)))
    return tuple(groups)


def timelines(state: GameState, lang: str) -> tuple[Timeline, ...]:
    """A timeline per variable with the decisions and events that moved it marked.

    A marker sits where its effect *landed* on the line (the end of the round the ledger
    booked it in), not at the decision: an effect that arrives two rounds later is drawn
    where the line moves, so "+9" never stands over a fall it did not cause. Effects still
    to land after the game belong to the projection, not to a marker.
    """
    scenario = state.scenario
    rows = points(state)
    years = tuple(point_years(scenario, len(rows)))
    card_round = {(p.card, r.round): r.round for r in state.rounds_log
                  for p in r.proposals if p.adopted}
    first_adopted = {card: min(rounds) for card, rounds in state.adopted.items()}
    event_rounds: dict[str, int] = {}
    for record in state.rounds_log:
        for event_id in record.events:
            event_rounds.setdefault(event_id, record.round)
    landed: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for entry in state.ledger():
        if entry.cause in CARD_CAUSES:
            kind = "decision"
        elif entry.cause == Cause.EVENT:
            kind = "event"
        else:
            continue
        landed[(entry.variable, kind, entry.source, entry.round)] += entry.delta
    result = []
    for variable in scenario.variables:
        index = scenario.variables.index(variable)
        markers = []
        for (var, kind, source, rnd), delta in landed.items():
            if var != variable.id or abs(delta) < EPSILON:
                continue
            point = min(rnd, len(rows) - 1)
            if kind == "decision":
                origin = card_round.get((source, rnd), first_adopted.get(source, rnd))
                label = scenario.card(source).title.get(lang)
            else:
                origin = event_rounds.get(source, rnd)
                label = source_name(scenario, source, lang)
            markers.append(Marker(kind, origin, years[point], source, label, delta, point))
        markers.sort(key=lambda m: (m.point, m.kind, m.label))
        result.append(Timeline(
            variable.id, variable.name.get(lang), variable.category, years,
            tuple(row[index] for row in rows), tuple(markers), variable.warning,
            variable.critical, variable.range[0], variable.range[1]))
    return tuple(result)


def decisions(state: GameState, lang: str,
              outcomes: dict[str, CardOutcome] | None = None) -> tuple[RoundDecisions, ...]:
    """Per round: the news, who (player and role) proposed what, votes, what was adopted."""
    scenario = state.scenario
    outcomes = card_outcomes(state, lang) if outcomes is None else outcomes
    players = state.config.players
    roles = {r.id: r.name.get(lang) for r in scenario.roles}
    events = {e.id: e for e in scenario.events}
    result = []
    for record in state.rounds_log:
        lines = []
        for proposal in record.proposals:
            card = scenario.card(proposal.card)
            votes = [(players[p] if 0 <= p < len(players) else str(p), yes)
                     for c, p, yes in record.votes if c == proposal.card]
            lines.append(ProposalLine(
                card=card.id, title=card.title.get(lang), role=proposal.role,
                role_name=roles.get(proposal.role, proposal.role),
                player=players[state.role_seats[proposal.role][0] if proposal.player is None
                               else proposal.player],
                adopted=proposal.adopted,
                votes_for=tuple(name for name, yes in votes if yes),
                votes_against=tuple(name for name, yes in votes if not yes),
                cost_budget=card.cost.budget, cost_draagvlak=card.cost.draagvlak,
                outcome=outcomes.get(card.id) if proposal.adopted else None))
        news = tuple(EventLine(e, events[e].title.get(lang), events[e].text.get(lang))
                     for e in record.events if e in events)
        result.append(RoundDecisions(record.round, record.year, news, tuple(lines)))
    return tuple(result)


def default_horizon(state: GameState) -> int:
    """Rounds to play forward after the game: until the last scheduled effect, at least 3.

    Three rounds (six years in Drenthe) is long enough to show slow interactions arriving,
    short enough that the projection is still about this team's choices.
    """
    pending = [entry.round for entry in state.pipeline()]
    last_round = len(state.rounds_log)
    return max(3, (max(pending) - last_round) if pending else 0)


def coming(state: GameState, lang: str, horizon: int | None = None) -> Coming:
    """What is still coming after the final round: the pipeline and a projection.

    The projection plays the model forward with no new decisions and no news — only what is
    set in motion, the interactions and the trends — so it shows where the region drifts on
    the team's choices alone.
    """
    scenario = state.scenario
    rounds = default_horizon(state) if horizon is None else horizon
    pipeline = state.pipeline()
    projection = state.project(rounds=rounds)
    last = end_year(state)
    years = tuple(last + i * scenario.years_per_round for i in range(rounds + 1))
    first_round: dict[str, int] = {}
    causes: dict[str, str] = {}
    for entry in pipeline:
        first_round.setdefault(entry.source, entry.round)
        causes.setdefault(entry.source, entry.cause)
    per_source = _by_source(pipeline)
    sources = []
    for source, deltas in per_source.items():
        effects = _deltas(scenario, {}, deltas, lang)
        if effects:
            sources.append(ComingSource(
                source, source_name(scenario, source, lang), causes[source],
                scenario.year_of_round(first_round[source]), effects))
    sources.sort(key=lambda s: (s.first_year, s.label))
    pending: dict[str, float] = defaultdict(float)
    for entry in pipeline:
        pending[entry.variable] += entry.delta
    variables = []
    for index, variable in enumerate(scenario.variables):
        path = (state.values[index], *(row[index] for row in projection.values))
        variables.append(ComingVariable(
            variable.id, variable.name.get(lang), variable.category, state.values[index],
            pending.get(variable.id, 0.0), path[-1], path))
    return Coming(last, years, tuple(sources), tuple(variables), projection.score)


def score_parts(state: GameState, lang: str) -> tuple[ScorePart, ...]:
    """The score part by part: value, points given and points needed (see :class:`ScorePart`)."""
    names = {c.id: c.name.get(lang) for c in state.scenario.score.components}
    weights = {c.id: c.weight for c in state.compiled.components}
    threshold = state.compiled.win_threshold
    levels = {cid: level for cid, _, level in state.lenses()}
    return tuple(ScorePart(cid, names.get(cid, cid), value, weights[cid], weights[cid] * value,
                           weights[cid] * threshold, levels.get(cid))
                 for cid, value in state.score_parts())


def impacts(state: GameState, lang: str) -> list[Impact]:
    """Every adoption with what it did to the score, found by replaying the game without it.

    One replay per adoption (a few milliseconds each): the round is decided again with the
    same proposals and the other cards, later rounds re-enact the team's choices. An adoption
    whose round cannot be replayed without it is left out rather than guessed.
    """
    scenario = state.scenario
    direct = _by_source([*state.ledger(), *state.pipeline()], CARD_CAUSES)
    settled = state.settled_values()
    score = state.score()
    roles = {r.id: r.name.get(lang) for r in scenario.roles}
    decided = set(state.action_rounds)
    result = []
    for record in state.rounds_log:
        adopted = [p for p in record.proposals if p.adopted]
        if record.round not in decided:
            continue
        for proposal in adopted:
            others = [p.card for p in adopted if p.card != proposal.card]
            try:
                actions = alternative_actions(state, record.round, others)
                branch = what_if(state, record.round, actions)
            except (IllegalActionError, ValueError):
                continue
            other = branch.settled_values()
            effects = []
            for index, variable in enumerate(scenario.variables):
                if variable.category == Category.RESOURCE:
                    continue
                total = settled[index] - other[index]
                own = direct.get(proposal.card, {}).get(variable.id, 0.0)
                if abs(total) >= EPSILON or abs(own) >= EPSILON:
                    effects.append(ImpactEffect(variable.id, variable.name.get(lang),
                                                variable.category, total, own))
            effects.sort(key=lambda e: -abs(e.total))
            card = scenario.card(proposal.card)
            result.append(Impact(card.id, card.title.get(lang), record.round, record.year,
                                 roles.get(proposal.role, proposal.role),
                                 score - branch.score(), card.cost.budget, tuple(effects)))
    return result


def left_behind(state: GameState, lang: str) -> GroupStory | None:
    """The group of inhabitants that fell most (or, when none fell, rose least), and why.

    The causes are the ledger's entries for that group, summed per cause and source, the
    ones that pushed it down first — the trainer's answer to "who paid for this?".
    """
    scenario = state.scenario
    start, end = state.history()[0], state.values
    groups = [(i, v) for i, v in enumerate(scenario.variables)
              if v.category == Category.VERDELING]
    if not groups:
        return None
    index, variable = min(groups, key=lambda g: (end[g[0]] - start[g[0]], end[g[0]]))
    sums: dict[tuple[str, str], float] = defaultdict(float)
    examples: dict[tuple[str, str], LedgerEntry] = {}
    for entry in state.ledger(variable.id):
        key = (entry.cause, entry.source)
        sums[key] += entry.delta
        examples.setdefault(key, entry)
    down = sorted((k for k, v in sums.items() if v <= -EPSILON), key=lambda k: sums[k])[:3]
    causes = tuple((describe_cause(scenario, examples[k], lang), sums[k]) for k in down)
    others = tuple((v.name.get(lang), end[i] - start[i]) for i, v in groups if i != index)
    change = end[index] - start[index]
    return GroupStory(variable.id, variable.name.get(lang), start[index], end[index],
                      change < -EPSILON, causes, others)


def _spent(state: GameState) -> float:
    """Budget paid for the team's cards (one-off costs and upkeep), as a positive amount."""
    budget = state.scenario.settings.budget
    return -sum(e.delta for e in state.ledger(budget)
                if e.cause in (Cause.COST, Cause.UPKEEP) and e.delta < 0)


def story(state: GameState, lang: str, coming_: Coming) -> Story:
    """Page one: the margin, the parts, the decisions that helped and cost most, the group left
    behind, what is left for later and what was left unspent."""
    compiled = state.compiled
    found = impacts(state, lang)
    helped = sorted((i for i in found if i.score_delta >= EPSILON),
                    key=lambda i: -i.score_delta)[:3]
    cost = sorted((i for i in found if i.score_delta <= -EPSILON),
                  key=lambda i: i.score_delta)[:3]
    later = tuple(v for v in coming_.variables if v.category == Category.LATER)
    settings = state.scenario.settings
    return Story(
        margin=state.score() - compiled.win_threshold, parts=score_parts(state, lang),
        goal_bonus=compiled.goal_bonus * len(state.goals_met()), impacts=tuple(found),
        helped=tuple(helped), cost=tuple(cost), left_behind=left_behind(state, lang),
        later=later, projected_score=coming_.projected_score,
        horizon_year=coming_.years[-1] if coming_.years else end_year(state),
        pipeline_sources=len(coming_.sources),
        budget_name=state.scenario.variable(settings.budget).name.get(lang),
        unspent=state.budget, spent=_spent(state),
        draagvlak_name=state.scenario.variable(settings.draagvlak).name.get(lang),
        draagvlak_end=state.draagvlak)


def game_key(state: GameState) -> tuple[object, ...]:
    """What identifies a game (scenario, seed, team, players, actions) for chart caches."""
    return (state.compiled.content_hash, state.config.seed, state.config.team,
            tuple(state.config.players), tuple(str(a) for a in state.actions))


def build_debrief(state: GameState, lang: str = "nl", horizon: int | None = None) -> Debrief:
    """The whole debrief of a game in `lang` ("nl" or "en").

    Works on a finished game and on one stopped halfway (then the "end" is now), so a
    facilitator can also debrief a game the clock cut short.
    """
    scenario = state.scenario
    players = state.config.players
    outcomes = card_outcomes(state, lang)
    roles = tuple((r.name.get(lang), names_and([players[p] for p in state.role_seats[r.id]], lang))
                  for r in scenario.roles)
    goals = {r.id: r.name.get(lang) for r in scenario.roles}
    ordered = sorted(outcomes.values(), key=lambda o: (o.adopted_rounds[0], o.title))
    after = coming(state, lang, horizon)
    return Debrief(
        lang=lang, scenario_id=scenario.id, scenario_title=scenario.title.get(lang),
        scenario_version=scenario.version,
        region=scenario.region.get(lang), team=state.config.team, players=tuple(players),
        roles=roles, start_year=scenario.start_year, end_year=end_year(state),
        rounds_played=len(state.rounds_log), rounds_total=scenario.rounds,
        outcome=state.outcome or "", outcome_text=outcome_text(scenario, state.outcome, lang),
        collapsed=state.collapsed(), finished=state.is_terminal(), score=state.score(),
        win_threshold=state.compiled.win_threshold, won=state.won(),
        goals_met=tuple(goals[g] for g in state.goals_met()),
        profile=profile(state, lang), timelines=timelines(state, lang),
        rounds=decisions(state, lang, outcomes), outcomes=tuple(ordered),
        coming=after,
        questions=tuple(q.get(lang) for q in scenario.debrief_questions),
        story=story(state, lang, after), key=(*game_key(state), lang, horizon))


# --------------------------------------------------------------------------- wat als?
@dataclass(frozen=True)
class VariableComparison:
    """One variable in the original game and in the branch, point by point.

    A game that ended earlier than the other has ``None`` for the points it did not reach.
    """

    variable: str
    name: str
    category: Category
    original: tuple[float | None, ...]
    branch: tuple[float | None, ...]

    @property
    def differences(self) -> tuple[float | None, ...]:
        """Branch minus original at every point both games reached."""
        return tuple(None if a is None or b is None else b - a
                     for a, b in zip(self.original, self.branch, strict=True))

    @property
    def first_difference(self) -> int | None:
        """The first point where the two games differ (or one has ended), or None."""
        for point, (a, b) in enumerate(zip(self.original, self.branch, strict=True)):
            if (a is None) != (b is None) or (a is not None and b is not None
                                              and abs(b - a) > 1e-9):
                return point
        return None


@dataclass(frozen=True)
class RoundChoice:
    """What the team adopted in one round, in the original and in the branch."""

    round: int
    year: int
    original: tuple[str, ...]  # card titles
    branch: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether the two games adopted different cards this round."""
        return self.original != self.branch


@dataclass(frozen=True)
class Comparison:
    """Two timelines side by side: the game as played and a "wat als?" branch of it."""

    lang: str
    round_number: int  # the round whose decision was changed
    year: int
    years: tuple[int, ...]
    variables: tuple[VariableComparison, ...]
    choices: tuple[RoundChoice, ...]
    original_score: float
    branch_score: float
    original_won: bool
    branch_won: bool
    original_outcome: str
    branch_outcome: str

    @property
    def first_difference(self) -> int | None:
        """The first point at which any variable differs, or None when the games agree."""
        found = [v.first_difference for v in self.variables if v.first_difference is not None]
        return min(found) if found else None

    def changed_variables(self, tolerance: float = EPSILON) -> tuple[VariableComparison, ...]:
        """The variables that end up differently, largest final difference first."""
        def final(v: VariableComparison) -> float:
            known = [d for d in v.differences if d is not None]
            return known[-1] if known else 0.0
        return tuple(sorted((v for v in self.variables if abs(final(v)) >= tolerance),
                            key=lambda v: -abs(final(v))))

    def variable(self, variable_id: str) -> VariableComparison:
        """The comparison of one variable (KeyError when unknown)."""
        for comparison in self.variables:
            if comparison.variable == variable_id:
                return comparison
        raise KeyError(variable_id)


def _adopted_titles(state: GameState, lang: str) -> dict[int, tuple[str, ...]]:
    scenario = state.scenario
    return {r.round: tuple(scenario.card(p.card).title.get(lang)
                           for p in r.proposals if p.adopted) for r in state.rounds_log}


def compare_games(original: GameState, branch: GameState, round_number: int,
                  lang: str = "nl") -> Comparison:
    """The original game and a branch of it side by side, point by point.

    Both must be games on the same scenario; `round_number` is the round the branch changed,
    kept so the screens can mark where the paths part.
    """
    if original.compiled.content_hash != branch.compiled.content_hash:
        raise ValueError("the two games are played on different scenarios")
    scenario = original.scenario
    first, second = points(original), points(branch)
    count = max(len(first), len(second))
    variables = []
    for index, variable in enumerate(scenario.variables):
        variables.append(VariableComparison(
            variable.id, variable.name.get(lang), variable.category,
            tuple(first[p][index] if p < len(first) else None for p in range(count)),
            tuple(second[p][index] if p < len(second) else None for p in range(count))))
    a, b = _adopted_titles(original, lang), _adopted_titles(branch, lang)
    choices = tuple(RoundChoice(r, scenario.year_of_round(r), a.get(r, ()), b.get(r, ()))
                    for r in sorted(set(a) | set(b)))
    return Comparison(
        lang=lang, round_number=round_number, year=scenario.year_of_round(round_number),
        years=tuple(point_years(scenario, count)), variables=tuple(variables), choices=choices,
        original_score=original.score(), branch_score=branch.score(),
        original_won=original.won(), branch_won=branch.won(),
        original_outcome=outcome_text(scenario, original.outcome, lang),
        branch_outcome=outcome_text(scenario, branch.outcome, lang))


def what_if_comparison(original: GameState, round_number: int, actions: Sequence[Action],
                       lang: str = "nl") -> tuple[GameState, Comparison]:
    """Branch the game at `round_number` with `actions` and compare it with the original.

    Returns the branch too, so a screen can show its own debrief. Raises what
    :func:`morgenmaken.engine.whatif.what_if` raises for actions that do not fit.
    """
    branch = what_if(original, round_number, actions)
    return branch, compare_games(original, branch, round_number, lang)


def alternative_actions(state: GameState, round_number: int,
                        adopt: Iterable[str]) -> list[Action]:
    """The actions of a round with the same proposals but another set of cards adopted.

    What a "wat als?" screen needs when the team ticks other proposals: the proposals stay as
    they were, the decision step adopts `adopt` (in consensus mode in the order given, in vote
    mode by every player voting for exactly those cards) as far as the budget allows.
    The round is played out on a replay to find which actions are legal, so the result can
    be passed straight to :func:`what_if_comparison`.
    """
    if round_number not in state.action_rounds:
        raise ValueError(f"no decision was taken in round {round_number}")
    branch = replay(state, state.action_rounds.index(round_number))
    actions: list[Action] = []
    for action in round_actions(state, round_number):
        if action.kind not in ("propose", "pass") or branch.phase != Phase.PROPOSE:
            break
        branch.apply_action(action)
        actions.append(action)
    chosen = list(dict.fromkeys(adopt))
    while not branch.is_terminal() and branch.round == round_number:
        if branch.phase == Phase.PROPOSE:
            action = Action.pass_()
        elif branch.config.decision == Decision.VOTE:
            under_vote = branch.under_vote
            assert under_vote is not None
            action = Action.vote(under_vote.card, under_vote.card in chosen)
        else:
            legal = branch.legal_actions()
            action = next((Action.adopt(card) for card in chosen
                           if Action.adopt(card) in legal), Action.done())
        branch.apply_action(action)
        actions.append(action)
    return actions
