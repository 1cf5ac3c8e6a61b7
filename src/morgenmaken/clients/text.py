"""A terminal client: play a whole game with the keyboard in any terminal.

It is a thin client of the engine, like the pygame front end: it shows the state, the news, the
hands and the "waarom?" of every change, and turns typed numbers into engine actions. Useful on a
machine without a screen and as a reference for how clients drive the engine.
"""

from __future__ import annotations

import random
from collections import defaultdict

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.table import Table

from morgenmaken.engine import Action, Decision, GameConfig, GameState, Phase, new_game
from morgenmaken.engine.ledger import LedgerEntry
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Category, Scenario
from morgenmaken.wording import describe_cause, reading, status

__all__ = ["describe_cause", "reading", "run_text_game", "status"]


class _NoInput(Exception):
    """Standard input ended: stop quietly instead of showing a traceback."""


def _ask(prompt: str, console: Console, choices: int) -> int:
    while True:
        try:
            answer = IntPrompt.ask(prompt, console=console)
        except EOFError:
            raise _NoInput from None
        if 0 <= answer <= choices:
            return answer


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
            table.add_row(f"  {variable.name.get(lang)}", f"{value:5.1f} {arrow}",
                          reading(scenario, variable.id, value, lang),
                          status(scenario, variable.id, value, lang))
    console.print(table)


def _card_line(state: GameState, card_id: str, lang: str) -> str:
    card = state.scenario.card(card_id)
    parts = [t("cost", lang, budget=f"{card.cost.budget:g}")]
    if card.cost.draagvlak:
        parts.append(t("cost_draagvlak", lang, points=f"{card.cost.draagvlak:g}"))
    if card.structural:
        parts.append(t("upkeep", lang, upkeep=f"{card.upkeep:g}"))
    effects = []
    for effect in card.effects:
        name = state.scenario.variable(effect.variable).name.get(lang)
        when = (t("effects_now", lang) if effect.delay == 0 else
                t("in_years", lang, years=effect.delay * state.scenario.years_per_round))
        effects.append(f"{name} {effect.amount:+g} ({when})")
    for effect in card.per_round:
        name = state.scenario.variable(effect.variable).name.get(lang)
        effects.append(f"{name} {effect.amount:+g} ({t('per_round', lang)})")
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
        causes = ", ".join(f"{describe_cause(state.scenario, e, lang)} {e.delta:+.1f}"
                           for e in biggest)
        name = state.scenario.variable(variable_id).name.get(lang)
        console.print(f"  {name} {total:+.1f}: {causes}")


def _players(scenario: Scenario, names: list[str], console: Console, lang: str) -> list[str]:
    if len(names) >= scenario.min_players:
        return names[: scenario.max_players]
    while len(names) < scenario.max_players:
        try:
            name = Prompt.ask(t("players_prompt", lang, number=len(names) + 1),
                              console=console, default="")
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
        cards = [a for a in legal if a.kind == "propose"]
        for number, action in enumerate(cards, start=1):
            console.print(f"  {number}. {_card_line(state, action.card, lang)}", markup=False)
        choice = _ask(t("propose_prompt", lang, role=role.name.get(lang),
                        player=names[state.current_player or 0]), console, len(cards))
        return cards[choice - 1] if choice else Action.pass_()
    under_vote = state.under_vote
    if under_vote is not None:
        title = scenario.card(under_vote.card).title.get(lang)
        try:
            yes = Confirm.ask(t("vote_prompt", lang, player=names[state.current_player or 0],
                                card=title), console=console)
        except EOFError:
            raise _NoInput from None
        return Action.vote(under_vote.card, yes)
    adoptable = [a for a in legal if a.kind == "adopt"]
    console.print(f"[bold]{t('proposals', lang)}[/] — {t('budget', lang)} {state.budget:.1f} M€, "
                  f"{t('draagvlak', lang)} {state.draagvlak:.0f}")
    for number, action in enumerate(adoptable, start=1):
        console.print(f"  {number}. {_card_line(state, action.card, lang)}", markup=False)
    choice = _ask(t("decide_prompt", lang), console, len(adoptable))
    return adoptable[choice - 1] if choice else Action.done()


def run_text_game(scenario: Scenario, names: list[str], seed: int | None, lang: str,
                  console: Console) -> GameState | None:
    """Play one game in the terminal; returns the final state, or None when input ran out."""
    try:
        names = _players(scenario, list(names), console, lang)
        config = GameConfig(seed=random.randrange(2**31) if seed is None else seed,
                            players=tuple(names), decision=Decision.CONSENSUS)
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
        console.print(t("collapsed", lang, reason=state.outcome))
    console.print(t("score", lang, score=f"{state.score():.1f}",
                    threshold=f"{state.compiled.win_threshold:g}"))
    console.print(t("won", lang) if state.won() else t("lost", lang))
    return state
