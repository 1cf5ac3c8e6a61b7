"""The ledger: every change of every variable with its cause.

The engine appends plain tuples in its hot loop; this module gives them names for clients.
Summing a variable's entries gives exactly its change since the start, which is what lets the
front end answer "why did gezondheid drop 3 points?".
"""

from __future__ import annotations

from typing import NamedTuple


class Cause:
    """The kinds of cause a ledger entry can have."""

    COST = "cost"              # one-off cost of adopting a card (budget, draagvlak)
    CARD = "card"              # an effect of an adopted card (now, later or spread)
    UPKEEP = "upkeep"          # the per-round cost of an active structural card
    STRUCTURAL = "structural"  # a per-round effect of an active structural card
    EVENT = "event"            # an effect of an event (news)
    INTERACTION = "interaction"  # the influence of another variable
    TREND = "trend"            # an autonomous trend
    CLAMP = "clamp"            # the value was held inside its range


class LedgerEntry(NamedTuple):
    """One change: in `round`, `variable` moved by `delta` because of `cause` (`source`).

    `source` is the card, event or trend id, or for an interaction the id of the variable
    that caused it.
    """

    round: int
    variable: str
    delta: float
    cause: str
    source: str
