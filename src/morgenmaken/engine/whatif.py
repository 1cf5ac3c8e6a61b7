"""Wat als? — replay a game with one round decided differently.

The debrief's strongest question is "what if we had chosen differently in 2030?". This module
branches a game: everything before the chosen round is replayed as it was, the chosen round
gets new actions, and later rounds re-enact the team's original choices wherever they are still
possible (a card already adopted in the branch, or no longer affordable, is skipped). The news
is kept identical by scripting each round's events, so the only difference is the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from morgenmaken.engine.actions import Action, Decision, Phase
from morgenmaken.engine.state import GameState, IllegalActionError, RoundRecord, new_game


def _reenact(state: GameState, record: RoundRecord | None,
             adopted_in_order: Sequence[Action], votes_in_order: list[Action]) -> Action:
    """The action the team would take now if it repeated its original choices of the round.

    In vote mode the team's own votes and reorderings come back in their order as long as
    they fit (`votes_in_order` is consumed); where the branch has gone another way, each
    player votes as before on the same card, in the order the team voted then.
    """
    legal = state.legal_actions()
    if votes_in_order and votes_in_order[0] in legal:
        return votes_in_order.pop(0)
    if state.phase == Phase.PROPOSE:
        role = state.current_role
        on_table = {p.card for p in state.proposals}
        for proposal in record.proposals if record else ():
            wanted = Action.propose(proposal.card)
            if proposal.role == role and proposal.card not in on_table and wanted in legal:
                return wanted
        return Action.pass_()
    if state.config.decision == Decision.VOTE:
        under_vote = state.under_vote
        player = state.current_player
        assert under_vote is not None and player is not None
        # The team's original vote order: the next card it voted on that is still waiting.
        waiting = {p.card for p in state.proposals[state.proposals.index(under_vote):]}
        for proposal in record.proposals if record else ():
            if proposal.card in waiting:
                wanted = Action.vote_next(proposal.card)
                if proposal.card != under_vote.card and wanted in legal:
                    return wanted
                break
        for card, voter, yes in record.votes if record else ():
            if card == under_vote.card and voter == player:
                return Action.vote(card, yes)
        adopted = any(p.card == under_vote.card and p.adopted
                      for p in (record.proposals if record else ()))
        return Action.vote(under_vote.card, adopted)
    for wanted in adopted_in_order:  # the original order: budget and ledger depend on it
        if wanted in legal:
            return wanted
    return Action.done()


def what_if(original: GameState, round_number: int, actions: Sequence[Action],
            keep_events: bool = True) -> GameState:
    """The game as it would have gone with `actions` taken in `round_number`.

    `actions` are applied from the start of that round; when they run out before the round is
    over, the original choices finish it. Raises :class:`IllegalActionError` if one of the new
    actions is not legal where it falls, and ValueError for a round that was not played.
    The branch is played as far as the original game went.
    """
    if not 1 <= round_number <= len(original.rounds_log):
        raise ValueError(f"round {round_number} was not played in this game")
    config = original.config
    if keep_events:
        config = replace(config, events=tuple(tuple(r.events) for r in original.rounds_log))
    state = new_game(original.compiled, config)
    for action, rnd in zip(original.actions, original.action_rounds, strict=True):
        if rnd >= round_number:
            break
        state.apply_action(action)
    for action in actions:
        if state.round != round_number or state.is_terminal():
            raise IllegalActionError(f"{action.kind} {action.card}".strip()
                                     + f" comes after round {round_number} has ended")
        state.apply_action(action)
    last = original.round if original.is_terminal() else original.round - 1
    records = {r.round: r for r in original.rounds_log}
    adoptions: dict[int, list[Action]] = {}
    votes: dict[int, list[Action]] = {}
    for action, rnd in zip(original.actions, original.action_rounds, strict=True):
        if action.kind == "adopt":
            adoptions.setdefault(rnd, []).append(action)
        elif action.kind in ("vote", "next") and rnd > round_number:
            votes.setdefault(rnd, []).append(action)
    while not state.is_terminal() and state.round <= last:
        rnd = state.round
        state.apply_action(_reenact(state, records.get(rnd), adoptions.get(rnd, []),
                                    votes.setdefault(rnd, [])))
    return state


def round_actions(state: GameState, round_number: int) -> list[Action]:
    """The actions the team took in one round (to edit them for :func:`what_if`)."""
    return [a for a, r in zip(state.actions, state.action_rounds, strict=True)
            if r == round_number]
