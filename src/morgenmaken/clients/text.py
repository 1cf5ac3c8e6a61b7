"""A terminal client: play a whole game with the keyboard in any terminal.

It is a thin client of the engine, like the pygame front end: it shows the state, the news, the
hands and the "waarom?" of every change, and turns typed numbers into engine actions. Useful on a
machine without a screen and as a reference for how clients drive the engine.
"""

from __future__ import annotations

import random
from collections import defaultdict

from rich.console import Console
from rich.prompt import Prompt
from rich.table import Table

from morgenmaken.engine import Action, Decision, GameConfig, GameState, Phase, new_game
from morgenmaken.engine.ledger import LedgerEntry
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Category, Scenario
from morgenmaken.wording import (
    amount,
    describe_cause,
    number,
    outcome_text,
    proposal_limit,
    reading,
    shared_role,
    signed,
    status,
)

__all__ = ["describe_cause", "reading", "run_text_game", "status"]


class _NoInput(Exception):
    """Standard input ended: stop quietly instead of showing a traceback."""


def _read(prompt: str, console: Console) -> str:
    """One typed answer; the end of input stops the game quietly."""
    try:
        return Prompt.ask(prompt, console=console).strip()
    except EOFError:
        raise _NoInput from None


def _ask(prompt: str, console: Console, choices: int, lang: str) -> int:
    """A number from 0 to `choices`, asked again in the player's language until it is one
    (rich's own prompt would answer "Please enter a valid integer" in English)."""
    while True:
        answer = _read(prompt, console)
        if answer.isdigit() and 0 <= int(answer) <= choices:
            return int(answer)
        console.print(t("text.not_a_choice", lang, max=choices), markup=False)


def _yes_no(prompt: str, console: Console, lang: str) -> bool:
    """Yes or no in the player's language (j/ja/n/nee in Dutch, y/yes/n/no in English)."""
    yes = {w.strip() for w in t("text.yes_words", lang).split(",")}
    no = {w.strip() for w in t("text.no_words", lang).split(",")}
    while True:
        answer = _read(prompt, console).lower()
        if answer in yes:
            return True
        if answer in no:
            return False
        console.print(t("text.not_yes_no", lang), markup=False)


def _dashboard(state: GameState, console: Console, lang: str) -> None:
    scenario = state.scenario
    previous = state.history()[-2] if len(state.history()) > 1 else state.history()[-1]
    table = Table(title=t("dashboard", lang))
    for key in ("column.variable", "column.value", "column.reading", "column.status"):
        table.add_column(t(key, lang))
    for category in Category:
        table.add_row(f"[bold]{t('category.' + category.value, lang)}[/]")
        for index, variable in enumerate(scenario.variables):
            if variable.category != category:
                continue
            value = state.values[index]
            arrow = "↑" if value > previous[index] + 0.05 else (
                "↓" if value < previous[index] - 0.05 else "→")
            table.add_row(f"  {variable.name.get(lang)}", f"{number(value, 1, lang)} {arrow}",
                          reading(scenario, variable.id, value, lang),
                          status(scenario, variable.id, value, lang))
    console.print(table)


def _card_line(state: GameState, card_id: str, lang: str) -> str:
    card = state.scenario.card(card_id)
    parts = [t("cost", lang, budget=amount(card.cost.budget, lang))]
    if card.cost.draagvlak:
        parts.append(t("cost_draagvlak", lang, points=amount(card.cost.draagvlak, lang)))
    if card.structural:
        parts.append(t("upkeep", lang, upkeep=amount(card.upkeep, lang)))
    effects = []
    for effect in card.effects:
        name = state.scenario.variable(effect.variable).name.get(lang)
        when = (t("effects_now", lang) if effect.delay == 0 else
                t("in_years", lang, years=effect.delay * state.scenario.years_per_round))
        size = signed(effect.amount, 0 if float(effect.amount).is_integer() else 1, lang)
        effects.append(f"{name} {size} ({when})")
    for effect in card.per_round:
        name = state.scenario.variable(effect.variable).name.get(lang)
        size = signed(effect.amount, 0 if float(effect.amount).is_integer() else 1, lang)
        effects.append(f"{name} {size} ({t('per_round', lang)})")
    return f"{card.title.get(lang)} — {', '.join(parts)}; {'; '.join(effects)}"


def _why(state: GameState, round_number: int, console: Console, lang: str) -> None:
    changes: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in state.ledger(round_number=round_number):
        changes[entry.variable].append(entry)
    console.print(f"[bold]{t('why_header', lang)}[/]")
    for variable_id, entries in changes.items():
        total = sum(e.delta for e in entries)
        if abs(total) < 0.05:
            continue
        biggest = sorted(entries, key=lambda e: -abs(e.delta))[:3]
        causes = ", ".join(f"{describe_cause(state.scenario, e, lang)} "
                           f"{signed(e.delta, 1, lang)}" for e in biggest)
        name = state.scenario.variable(variable_id).name.get(lang)
        console.print(f"  {name} {signed(total, 1, lang)}: {causes}", markup=False)


def _players(scenario: Scenario, names: list[str], console: Console, lang: str) -> list[str]:
    if len(names) >= scenario.min_players:
        return names[: scenario.max_players]
    while len(names) < scenario.max_players:
        try:
            name = Prompt.ask(t("players_prompt", lang, number=len(names) + 1),
                              console=console, default="", show_default=False)
        except EOFError:
            raise _NoInput from None
        if not name:
            if len(names) >= scenario.min_players:
                break
            console.print(t("need_players", lang, min=scenario.min_players,
                            max=scenario.max_players))
            continue
        names.append(name)
    return names


def _turn(state: GameState, console: Console, lang: str) -> Action:
    scenario = state.scenario
    legal = state.legal_actions()
    names = state.config.players
    if state.phase == Phase.PROPOSE:
        role = next(r for r in scenario.roles if r.id == state.current_role)
        # Numbers follow the hand and stay put all round, as on the shared screen; a card
        # that cannot be proposed now says why.
        hand = list(state.hands[role.id])
        playable = {a.card for a in legal if a.kind == "propose"}
        limit = proposal_limit(state, state.current_player or 0, lang)
        if limit:
            console.print(limit, markup=False)
        shared = shared_role(state, role.id, lang)
        if shared:
            console.print(shared, markup=False)
        for position, card_id in enumerate(hand, start=1):
            line = f"  {position}. {_card_line(state, card_id, lang)}"
            if card_id not in playable:
                line += f" [{_why_not(state, card_id, lang)}]"
            console.print(line, markup=False)
        prompt = t("propose_prompt", lang, role=role.name.get(lang),
                   player=names[state.current_player or 0])
        while True:
            choice = _ask(prompt, console, len(hand), lang)
            if not choice:
                return Action.pass_()
            if hand[choice - 1] in playable:
                return Action.propose(hand[choice - 1])
            console.print(_why_not(state, hand[choice - 1], lang), markup=False)
    under_vote = state.under_vote
    if under_vote is not None:
        movable = [a.card for a in legal if a.kind == "next"]
        if movable:
            # Before the first vote on a proposal (the engine offers it only then) the team
            # may put another to the vote first: what is voted first gets the budget.
            console.print(f"[bold]{t('text.vote_order', lang)}[/]")
            for position, card_id in enumerate(movable, start=1):
                console.print(f"  {position}. {_card_line(state, card_id, lang)}", markup=False)
            choice = _ask(t("text.vote_order_prompt", lang,
                            card=scenario.card(under_vote.card).title.get(lang)),
                          console, len(movable), lang)
            if choice:
                return Action.vote_next(movable[choice - 1])
        title = scenario.card(under_vote.card).title.get(lang)
        yes = _yes_no(t("vote_prompt", lang, player=names[state.current_player or 0],
                        card=title), console, lang)
        return Action.vote(under_vote.card, yes)
    adoptable = {a.card for a in legal if a.kind == "adopt"}
    console.print(f"[bold]{t('proposals', lang)}[/] — {t('budget', lang)} "
                  f"{number(state.budget, 1, lang)} M€, "
                  f"{t('draagvlak', lang)} {number(state.draagvlak, 0, lang)}")
    proposals = [pr.card for pr in state.proposals]
    for position, proposal in enumerate(state.proposals, start=1):
        line = f"  {position}. {_card_line(state, proposal.card, lang)}"
        if proposal.adopted:
            line += f" [{t('adopted_mark', lang)}]"
        elif proposal.card not in adoptable:
            line += f" [{t('reason.too_expensive', lang)}]"
        console.print(line, markup=False)
    while True:
        choice = _ask(t("decide_prompt", lang), console, len(proposals), lang)
        if not choice:
            return Action.done()
        if proposals[choice - 1] in adoptable:
            return Action.adopt(proposals[choice - 1])
        console.print(t("text.not_adoptable", lang), markup=False)


def _why_not(state: GameState, card_id: str, lang: str) -> str:
    """Why a card in hand cannot be proposed now."""
    if any(p.card == card_id for p in state.proposals):
        return t("reason.on_table", lang)
    if state.compiled.cards[card_id].budget > state.budget:
        return t("reason.too_expensive", lang)
    return t("reason.requirements", lang)


def run_text_game(scenario: Scenario, names: list[str], seed: int | None, lang: str,
                  console: Console, decision: Decision = Decision.CONSENSUS) -> GameState | None:
    """Play one game in the terminal; returns the final state, or None when input ran out."""
    try:
        names = _players(scenario, list(names), console, lang)
        config = GameConfig(seed=random.randrange(2**31) if seed is None else seed,
                            players=tuple(names), decision=decision)
        state = new_game(scenario, config)
        shown_round = 0
        while not state.is_terminal():
            if state.round != shown_round:
                if shown_round:
                    _why(state, shown_round, console, lang)
                shown_round = state.round
                console.rule(t("round_header", lang, round=state.round, rounds=scenario.rounds,
                               year=state.year))
                events = [next(e for e in scenario.events if e.id == eid)
                          for eid in state.round_events]
                console.print(f"[bold]{t('news', lang)}[/]")
                for event in events:
                    console.print(f"  {event.title.get(lang)}: {event.text.get(lang)}")
                if not events:
                    console.print(f"  {t('no_news', lang)}")
                _dashboard(state, console, lang)
            state.apply_action(_turn(state, console, lang))
    except _NoInput:
        console.print(t("no_input", lang))
        return None
    _why(state, state.round, console, lang)
    console.rule(t("end_header", lang))
    if state.collapsed():
        console.print(outcome_text(scenario, state.outcome, lang), markup=False)
    console.print(t("score", lang, score=number(state.score(), 1, lang),
                    threshold=amount(state.compiled.win_threshold, lang)))
    console.print(t("won", lang) if state.won() else t("lost", lang))
    return state
