"""The engine's facts summarised for the game window.

Everything here is a query on the engine's public API (values, history, ledger, pipeline,
scenario data); nothing changes the game. The words shared by every client (status, real-world
reading, cause, outcome) come from :mod:`morgenmaken.wording`, so the projector, the terminal and
the printed debrief say the same sentence; this module adds what only a screen needs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from morgenmaken.engine import Action, Decision, GameState, LedgerEntry, Phase
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Card, Category, Effect, Scenario
from morgenmaken.wording import amount, describe_cause, number, reading, signed, status_kind
from morgenmaken.wording import outcome_text as _ending

__all__ = ["amount", "describe_cause", "number", "reading", "signed", "status_kind"]

#: Changes smaller than this are shown as "no change" (values are shown without decimals).
FLAT = 0.5


def trend(before: float, after: float) -> int:
    """+1, 0 or -1: the direction an arrow points."""
    if after - before >= FLAT:
        return 1
    if before - after >= FLAT:
        return -1
    return 0


def board_variables(scenario: Scenario) -> list[tuple[Category, list[str]]]:
    """The dashboard's groups, in the order of the CBS monitor, resources last."""
    order = [Category.HIER_EN_NU, Category.LATER, Category.ELDERS, Category.VERDELING,
             Category.RESOURCE]
    groups = []
    for category in order:
        ids = [v.id for v in scenario.variables if v.category == category]
        if ids:
            groups.append((category, ids))
    return groups


def weakest_value(state: GameState, values: list[float] | None = None) -> str | None:
    """The value a team should never lose sight of, over every lens: themes, capitals,
    elsewhere and groups alike (not only the hier-en-nu themes, which hid a critical natural
    capital behind "Milieu 51 (goed)").

    The worst status comes first (critical, then warning); among equals the value closest
    to (or furthest below) its next line — the warning level, else the critical one, else the
    bottom of its range — so a capital at 29 with a line at 30 beats a theme at 51.
    """
    scenario = state.scenario
    values = state.values if values is None else values
    ids = [v.id for v in scenario.variables if v.category != Category.RESOURCE]
    if not ids:
        return None
    index = state.compiled.index
    rank = {"critical": 0, "warning": 1, "ok": 2}

    def danger(vid: str) -> tuple[int, float]:
        variable = scenario.variable(vid)
        value = values[index[vid]]
        line = next((m for m in (variable.warning, variable.critical) if m is not None),
                    variable.range[0])
        span = max(1e-9, variable.range[1] - variable.range[0])
        return rank[status_kind(scenario, vid, value)], (value - line) / span

    return min(ids, key=danger)


@dataclass(frozen=True)
class EffectLine:
    """One effect of a card or event, sorted into now / later / elsewhere / per round."""

    kind: str  # "now", "later", "elders", "per_round"
    variable: str
    amount: float
    years: int  # years until it starts (0 = now)
    spread_years: int  # years it is spread over (0 = at once)


def effect_lines(scenario: Scenario, effects: list[Effect],
                 per_round: list[Effect] | None = None) -> list[EffectLine]:
    """Sort effects for display: elsewhere first if any, then now, later, per round."""
    lines = []
    years = scenario.years_per_round
    for effect in effects:
        category = scenario.variable(effect.variable).category
        kind = ("elders" if category == Category.ELDERS else
                "now" if effect.delay == 0 else "later")
        spread = effect.spread * years if effect.spread > 1 else 0
        lines.append(EffectLine(kind, effect.variable, effect.amount, effect.delay * years,
                                spread))
    for effect in per_round or []:
        lines.append(EffectLine("per_round", effect.variable, effect.amount,
                                effect.delay * years, 0))
    order = {"now": 0, "later": 1, "elders": 2, "per_round": 3}
    return sorted(lines, key=lambda line: (order[line.kind], line.years))


def effect_text(scenario: Scenario, line: EffectLine, lang: str) -> str:
    """'Gezondheid +5' with its timing: 'nu', 'in 4 jaar', 'verspreid over 6 jaar'."""
    name = scenario.variable(line.variable).name.get(lang)
    text = f"{name} {signed(line.amount, 1 if line.amount % 1 else 0, lang)}"
    if line.kind == "per_round":
        return f"{text} {t('per_round', lang)}"
    when = t("effects_now", lang) if line.years == 0 else t("in_years", lang, years=line.years)
    if line.spread_years:
        when += ", " + t("spread_over", lang, years=line.spread_years)
    return f"{text} ({when})"


def cost_text(card: Card, lang: str) -> str:
    """What adopting a card costs, in words."""
    parts = [t("cost", lang, budget=amount(card.cost.budget, lang))]
    if card.cost.draagvlak:
        parts.append(t("cost_draagvlak", lang, points=amount(card.cost.draagvlak, lang)))
    if card.structural:
        parts.append(t("upkeep", lang, upkeep=amount(card.upkeep, lang)))
    return " ".join(parts)


def unavailable_reason(state: GameState, card_id: str, lang: str) -> str:
    """Why a card in hand cannot be proposed now ('' when it can)."""
    if any(p.card == card_id for p in state.proposals):
        return t("reason.on_table", lang)
    card = state.compiled.cards[card_id]
    if card.budget > state.budget:
        return t("reason.too_expensive", lang)
    if not state.card_available(card_id):
        return t("reason.requirements", lang)
    return ""


def role_name(state: GameState, role_id: str, lang: str) -> str:
    """The display name of a role."""
    return next(r.name.get(lang) for r in state.scenario.roles if r.id == role_id)


def player_roles(state: GameState, player: int, lang: str) -> list[str]:
    """The names of the roles one player holds."""
    return [role_name(state, role, lang) for role, holder in state.role_holders.items()
            if holder == player]


def votes_so_far(state: GameState) -> list[bool]:
    """Vote mode: the votes already cast on the proposal under vote, in player order."""
    if state.under_vote is None or state.current_player is None:
        return []
    cast = state.current_player
    recent = state.actions[len(state.actions) - cast:] if cast else []
    return [a.yes for a in recent if a.kind == "vote"]


@dataclass(frozen=True)
class Change:
    """How one variable changed in a round, with its biggest causes."""

    variable: str
    total: float
    causes: list[LedgerEntry]


def round_changes(state: GameState, round_number: int) -> list[Change]:
    """The "waarom?" of a round: every variable that moved, biggest change first."""
    by_variable: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in state.ledger(round_number=round_number):
        by_variable[entry.variable].append(entry)
    changes = []
    for variable_id, entries in by_variable.items():
        total = sum(e.delta for e in entries)
        if abs(total) < 0.05 and all(abs(e.delta) < 0.05 for e in entries):
            continue
        merged = merge_causes(entries)
        changes.append(Change(variable_id, total, merged))
    resource = {v.id for v in state.scenario.variables if v.category == Category.RESOURCE}
    changes.sort(key=lambda c: (c.variable in resource, -abs(c.total)))
    return changes


def merge_causes(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Add up entries with the same variable, cause and source; biggest first.

    The variable is part of the key: one card touches several variables, and adding its
    effect on the budget to its effect on a capital would label a sum of unlike things with
    one of their names (the pipeline once showed a datacenter's +6, +8 and +2 on three
    variables as "Economisch kapitaal +16").
    """
    merged: dict[tuple[str, str, str], float] = defaultdict(float)
    first: dict[tuple[str, str, str], LedgerEntry] = {}
    for entry in entries:
        key = (entry.variable, entry.cause, entry.source)
        merged[key] += entry.delta
        first.setdefault(key, entry)
    out = [first[k]._replace(delta=d) for k, d in merged.items() if abs(d) >= 0.05]
    return sorted(out, key=lambda e: -abs(e.delta))


def pipeline_totals(state: GameState) -> list[tuple[int, list[tuple[str, float]]]]:
    """What is already set in motion: per coming round, one total per variable.

    Variables keep the dashboard's order, so a team finds a row where it expects it;
    totals that round to nothing are left out.
    """
    flat = {vid: n for n, vid in enumerate(
        vid for _, ids in board_variables(state.scenario) for vid in ids)}
    rounds: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in state.pipeline():
        rounds[entry.round][entry.variable] += entry.delta
    out = []
    for rnd in sorted(rounds):
        totals = sorted(((v, d) for v, d in rounds[rnd].items() if abs(d) >= 0.05),
                        key=lambda item: flat.get(item[0], len(flat)))
        if totals:
            out.append((rnd, totals))
    return out


def pipeline_by_round(state: GameState) -> list[tuple[int, list[LedgerEntry]]]:
    """What is already set in motion, per coming round, merged per variable and source."""
    rounds: dict[int, list[LedgerEntry]] = defaultdict(list)
    for entry in state.pipeline():
        rounds[entry.round].append(entry)
    return [(r, merge_causes(entries)) for r, entries in sorted(rounds.items())]


def outcome_text(state: GameState, lang: str) -> str:
    """Won or not; after a collapse, what ended the game (in the scenario's own words)."""
    if not state.collapsed():
        return t("won", lang) if state.won() else t("lost", lang)
    return _ending(state.scenario, state.outcome, lang)


def phase_key(state: GameState) -> str:
    """Which step of the round the team is in, as a key of ``phase.*`` strings."""
    if state.phase == Phase.OVER:
        return "over"
    if state.phase == Phase.PROPOSE:
        return "propose"
    return "vote" if state.config.decision == Decision.VOTE else "decide"


def action_summary(state: GameState, action: Action, lang: str) -> str:
    """A decision in words, for the undo button's tooltip and the log."""
    if action.card:
        title = state.scenario.card(action.card).title.get(lang)
        return t(f"did.{action.kind}", lang, card=title,
                 vote=t("vote_yes" if action.yes else "vote_no", lang))
    return t(f"did.{action.kind}", lang)



#: How bad a status is, for telling a step down from a step up.
SEVERITY = {"ok": 0, "warning": 1, "critical": 2}


def crossings(scenario: Scenario, index: dict[str, int], before: list[float],
              after: list[float]) -> list[tuple[str, str]]:
    """The values that went *down* over a warning or critical line between `before` and
    `after`, as (variable, new status), critical ones first, then in board order.

    A value that was already below its line is not news again; one that recovered is not an
    alarm. Draagvlak counts like a theme; the round's budget does not: it is spent down on
    purpose every round and its meter shows where it stands.
    """
    found: list[tuple[int, int, str, str]] = []
    order = [vid for _, ids in board_variables(scenario) for vid in ids
             if vid != scenario.settings.budget]
    for position, vid in enumerate(order):
        old = status_kind(scenario, vid, before[index[vid]])
        new = status_kind(scenario, vid, after[index[vid]])
        if SEVERITY[new] > SEVERITY[old]:
            found.append((-SEVERITY[new], position, vid, new))
    return [(vid, kind) for _, _, vid, kind in sorted(found)]
