"""Actions and phases: the vocabulary in which players (and bots) talk to the engine.

An action is a small immutable tuple so that it hashes, compares, and serialises into the
action log of a save file as a short JSON list.

>>> Action.propose("schuldhulp")
Action(kind='propose', card='schuldhulp', yes=False)
>>> Action.from_json(Action.vote("schuldhulp", True).to_json())
Action(kind='vote', card='schuldhulp', yes=True)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple


class Phase(StrEnum):
    """Where a round stands. Events and resolution happen inside the engine, between phases."""

    PROPOSE = "propose"
    DECIDE = "decide"
    OVER = "over"


class Decision(StrEnum):
    """How the team decides: everyone agrees at once, or every player votes per proposal."""

    CONSENSUS = "consensus"
    VOTE = "vote"


KINDS = ("propose", "pass", "adopt", "done", "vote", "next")


class Action(NamedTuple):
    """One move: propose a card, pass, adopt a proposal, end the decision, vote, or choose
    which proposal is voted on next."""

    kind: str
    card: str = ""
    yes: bool = False

    @classmethod
    def propose(cls, card: str) -> Action:
        """The current role puts `card` from its hand on the table."""
        return cls("propose", card)

    @classmethod
    def pass_(cls) -> Action:
        """The current role proposes nothing (more) this round."""
        return cls("pass")

    @classmethod
    def adopt(cls, card: str) -> Action:
        """Consensus mode: the team adopts a proposed card and pays its cost now."""
        return cls("adopt", card)

    @classmethod
    def done(cls) -> Action:
        """Consensus mode: the team is done deciding; the round resolves."""
        return cls("done")

    @classmethod
    def vote(cls, card: str, yes: bool) -> Action:
        """Vote mode: the current player votes for or against the proposal under vote."""
        return cls("vote", card, yes)

    @classmethod
    def vote_next(cls, card: str) -> Action:
        """Vote mode: the team puts `card` to the vote next, so the team — not the order of
        the roles — decides what the budget goes to first."""
        return cls("next", card)

    def to_json(self) -> list[Any]:
        """Compact form for the action log: only the fields the kind needs."""
        if self.kind == "vote":
            return [self.kind, self.card, self.yes]
        if self.card:
            return [self.kind, self.card]
        return [self.kind]

    @classmethod
    def from_json(cls, data: Any) -> Action:
        """Inverse of :meth:`to_json`; raises ValueError on anything malformed."""
        if not isinstance(data, list) or not data or data[0] not in KINDS:
            raise ValueError(f"not an action: {data!r}")
        kind = data[0]
        card = data[1] if len(data) > 1 else ""
        yes = data[2] if len(data) > 2 else False
        if not isinstance(card, str) or not isinstance(yes, bool) or len(data) > 3:
            raise ValueError(f"not an action: {data!r}")
        return cls(kind, card, yes)
