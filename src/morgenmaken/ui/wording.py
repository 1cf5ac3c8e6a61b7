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
from morgenmaken.scenario.models import Category, Scenario
from morgenmaken.wording import (
    EffectLine,
    amount,
    board_variables,
    cost_text,
    describe_cause,
    effect_lines,
    effect_text,
    names_and,
    number,
    outlook_lines,
    pipeline_totals,
    player_roles,
    proposal_limit,
    reading,
    repair_note,
    role_name,
    shared_role,
    signed,
    status_kind,
    unavailable_reason,
    weakest_value,
)
from morgenmaken.wording import outcome_text as _ending

__all__ = ["EffectLine", "amount", "board_variables", "cost_text", "describe_cause",
           "effect_lines", "effect_text", "names_and", "number", "outlook_lines", "pipeline_totals",
           "player_roles", "proposal_limit",
           "reading", "repair_note", "role_name", "shared_role", "signed", "status_kind",
           "unavailable_reason",
           "weakest_value"]

#: Changes smaller than this are shown as "no change" (values are shown without decimals).
FLAT = 0.5


def trend(before: float, after: float) -> int:
    """+1, 0 or -1: the direction an arrow points."""
    if after - before >= FLAT:
        return 1
    if before - after >= FLAT:
        return -1
    return 0


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
