"""The engine's facts in words, shared by every client: terminal, game window, reports.

The terminal client, the pygame front end and the printed report all word a real-world reading,
a status or the cause of a change; keeping those words in one module means a facilitator reads
the same sentence on the projector and in the handout afterwards. Every string comes from
``locale/ui.yaml`` (program text) or the scenario (its own names), never from Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from morgenmaken.engine import GameState
from morgenmaken.engine.ledger import LedgerEntry
from morgenmaken.i18n import counted, t
from morgenmaken.scenario.models import Card, Category, Effect, Scenario


def number(value: float, decimals: int = 0, lang: str = "en") -> str:
    """A value as a room reads it: a true minus sign (−), never "−0", a decimal comma in Dutch.

    The one formatter of numbers for every client (screen, text client, reports), so "52,7"
    never turns into "52.7" on one of them.

    >>> number(-2.54, 1, "nl"), number(-0.01, 1, "en"), number(30, 0, "nl")
    ('−2,5', '0.0', '30')
    """
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    text = text.replace("-", "−")
    return text.replace(".", t("number.decimal", lang)) if decimals else text


def signed(value: float, decimals: int = 0, lang: str = "en") -> str:
    """A change with its sign, "+3", "−2,5", or "0" when it rounds to nothing.

    >>> signed(5.44, 1, "nl"), signed(-3, 0, "nl"), signed(0.02, 1, "nl")
    ('+5,4', '−3', '0,0')
    """
    text = number(value, decimals, lang)
    if text.startswith("−") or not any(c in "123456789" for c in text):
        return text
    return f"+{text}"


def amount(value: float, lang: str = "en") -> str:
    """A number as written in scenario data (a cost, a threshold): whole when it is whole,
    else with the decimals it needs (at most two), "4", "2,5".

    >>> amount(4.0, "nl"), amount(2.5, "nl"), amount(2.5, "en")
    ('4', '2,5', '2.5')
    """
    if float(value).is_integer():
        return number(value, 0, lang)
    decimals = 1 if round(value, 1) == round(value, 2) else 2
    return number(value, decimals, lang)


def status_kind(scenario: Scenario, variable_id: str, value: float) -> str:
    """``ok``, ``warning`` or ``critical`` by the variable's thresholds."""
    variable = scenario.variable(variable_id)
    if variable.critical is not None and value < variable.critical:
        return "critical"
    if variable.warning is not None and value < variable.warning:
        return "warning"
    return "ok"


def status(scenario: Scenario, variable_id: str, value: float, lang: str) -> str:
    """A worded status, so meaning is never carried by colour alone."""
    return t(f"status.{status_kind(scenario, variable_id, value)}", lang)


def reading(scenario: Scenario, variable_id: str, value: float, lang: str) -> str:
    """The index as a real-world figure (e.g. '84% tevreden'), or '' when none is given."""
    variable = scenario.variable(variable_id)
    real = variable.real_world
    if real is None:
        return ""
    figure = real.at_baseline + real.per_point * (value - variable.baseline)
    text = number(figure, real.decimals, lang)  # "70,3" in Dutch
    return f"{text} {real.unit.get(lang)}"


def source_name(scenario: Scenario, source: str, lang: str) -> str:
    """The name of a card, event, variable or trend id; the id itself when it names none.

    Ledger entries and pipelines carry bare ids; players should read titles.
    """
    for card in scenario.cards:
        if card.id == source:
            return card.title.get(lang)
    for event in scenario.events:
        if event.id == source:
            return event.title.get(lang)
    for variable in scenario.variables:
        if variable.id == source:
            return variable.name.get(lang)
    for trend in scenario.trends:
        if trend.id == source:
            return trend.name.get(lang)
    return source


def describe_cause(scenario: Scenario, entry: LedgerEntry, lang: str) -> str:
    """A ledger entry's cause in words, with the names of cards, events and variables."""
    return t(f"cause.{entry.cause}", lang, source=source_name(scenario, entry.source, lang))


def outcome_text(scenario: Scenario, outcome: str | None, lang: str) -> str:
    """How a game ended, in a sentence: completed, or which collapse ended it early.

    A collapse is named by a variable id (it fell to its collapse level) or by an end
    condition id (whose text the scenario author wrote).
    """
    if outcome in (None, "completed"):
        return t("debrief.outcome_completed", lang)
    for condition in scenario.end_conditions:
        if condition.id == outcome:
            return condition.text.get(lang)
    try:
        name = scenario.variable(outcome).name.get(lang)
    except KeyError:
        name = outcome
    return t("debrief.outcome_collapsed", lang, name=name)


# ------------------------------------------------------------------ cards, roles, danger
# Shared by the game window and the phones at the table: a card reads the same on both.

#: The order of urgency of a status: critical first, then warning.
STATUS_RANK = {"critical": 0, "warning": 1, "ok": 2}


def danger(kind: str, value: float, warning: float | None, critical: float | None,
           low: float, high: float) -> tuple[int, float]:
    """How much a value needs the team's attention, smallest first: the one rule of "the
    weakest value" for the shared screen, the LAB hub and the comparison sheet.

    The worst status comes first (critical, then warning); among equals the value closest
    to (or furthest below) its next line — the warning level, else the critical one, else the
    bottom of its range — so a capital at 29 with a line at 30 beats a theme at 51.

    >>> danger("warning", 29, 30, 15, 0, 100) < danger("ok", 51, 40, 20, 0, 100)
    True
    """
    line = next((m for m in (warning, critical) if m is not None), low)
    return STATUS_RANK[kind], (value - line) / max(1e-9, high - low)


def weakest_value(state: GameState, values: list[float] | None = None) -> str | None:
    """The value a team should never lose sight of, over every lens: themes, capitals,
    elsewhere and groups alike (not only the hier-en-nu themes, which hid a critical natural
    capital behind "Milieu 51 (goed)").

    The ranking is :func:`danger`, so the shared screen, the LAB hub and the comparison
    sheet all name the same value.
    """
    scenario = state.scenario
    values = state.values if values is None else values
    ids = [v.id for v in scenario.variables if v.category != Category.RESOURCE]
    if not ids:
        return None
    index = state.compiled.index

    def rank(vid: str) -> tuple[int, float]:
        variable = scenario.variable(vid)
        value = values[index[vid]]
        return danger(status_kind(scenario, vid, value), value, variable.warning,
                      variable.critical, variable.range[0], variable.range[1])

    return min(ids, key=rank)


@dataclass(frozen=True)
class EffectLine:
    """One effect of a card or event, sorted into now / later / elsewhere / per round."""

    kind: str  # "now", "later", "elders", "per_round"
    variable: str
    amount: float
    years: int  # years until it starts (0 = now)
    spread_years: int  # years it is spread over (0 = at once)
    up_to: float | None = None  # a repair's level: it lifts no higher (None: no limit)


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
                                spread, effect.up_to))
    for effect in per_round or []:
        lines.append(EffectLine("per_round", effect.variable, effect.amount,
                                effect.delay * years, 0))
    order = {"now": 0, "later": 1, "elders": 2, "per_round": 3}
    return sorted(lines, key=lambda line: (order[line.kind], line.years))


def repair_note(line: EffectLine, lang: str) -> str:
    """How far a repair lifts ('tot 60'), or '' for an effect without a limit: the one
    wording of ``up_to`` on the board, in tooltips and on phones.

    >>> repair_note(EffectLine("now", "gezondheid", 14, 0, 4, 60.0), "nl")
    'tot 60'
    """
    return "" if line.up_to is None else t("up_to", lang, level=amount(line.up_to, lang))


def effect_text(scenario: Scenario, line: EffectLine, lang: str) -> str:
    """'Gezondheid +5' with its timing: 'nu', 'in 4 jaar', 'verspreid over 6 jaar'."""
    name = scenario.variable(line.variable).name.get(lang)
    text = f"{name} {signed(line.amount, 1 if line.amount % 1 else 0, lang)}"
    if line.kind == "per_round":
        return f"{text} {t('per_round', lang)}"
    when = t("effects_now", lang) if line.years == 0 else t("in_years", lang, years=line.years)
    if line.spread_years:
        when += ", " + t("spread_over", lang, years=line.spread_years)
    if line.up_to is not None:
        when += ", " + repair_note(line, lang)
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
    """The names of the roles one player holds, alone or with others (a shared role speaks
    through each of its players a round in turn)."""
    return [role_name(state, role, lang) for role, seats in state.role_seats.items()
            if player in seats]


def shared_role(state: GameState, role: str, lang: str) -> str | None:
    """Who share `role` and who speaks for it this round, where players share it (more
    players than roles); None for a role one player holds."""
    seats = state.role_seats[role]
    if len(seats) < 2:
        return None
    names = state.config.players
    return t("shared_role", lang, players=names_and([names[p] for p in seats], lang),
             player=names[state.role_holders[role]])


def names_and(names: list[str], lang: str) -> str:
    """Names as a Dutch or English reader lists them: 'Anna, Bram en Dirk'."""
    return _listed(names, t("outlook.and", lang))


def _listed(items: list[str], last: str) -> str:
    """Items with commas and `last` ('en', 'of') before the final one."""
    return f"{', '.join(items[:-1])} {last} {items[-1]}" if len(items) > 1 else "".join(items)


def proposal_limit(state: GameState, player: int, lang: str, waiting: int = 0,
                   you: bool = False) -> str | None:
    """What a player's limit on proposals means this round, where it binds: the scenario
    sets one and the player holds more roles than it lets speak, so they choose which
    portfolios put a card on the table. None where the limit leaves every role its say.

    `waiting`: cards the player has readied on a phone but not yet on the table; `you`:
    worded to the player (their phone) rather than about them (the shared screen)."""
    limit, left = state.compiled.proposals_per_player, state.proposals_left(player)
    roles = sum(1 for holder in state.role_holders.values() if holder == player)
    if limit is None or left is None or roles * state.compiled.proposals_per_role <= limit:
        return None  # (left is None exactly when limit is: both narrow the type)
    key = counted("proposal_limit_you" if you else "proposal_limit", limit)
    return t(key, lang, player=state.config.players[player], limit=limit, roles=roles,
             left=max(0, left - waiting))


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


def outlook_lines(state: GameState, lang: str, limit: int = 4,
                  least: float = 0.05) -> list[str]:
    """The outlook a round ahead in words, most likely first: "Droogte: 35 % kans (te
    verzachten met Ruimte voor water)". Items below `least` are left out, so the board names
    what a team can prepare for rather than every remote chance; empty in the last round.

    A card that would soften the item is named; once the team has adopted one, the line
    says they are prepared — the reason to read the outlook at all.
    """
    scenario = state.scenario
    lines = []
    for event_id, chance in state.outlook():  # most likely first
        if chance < least or len(lines) >= limit:
            break
        event = scenario.event(event_id)
        title = event.title.get(lang)
        line = (t("outlook.certain", lang, title=title) if chance >= 0.999 else
                t("outlook.chance", lang, title=title, chance=f"{number(chance * 100, 0, lang)} %"))
        ready = [s.card for s in event.softened_by if s.card in state.adopted]
        helpers = ready or [s.card for s in event.softened_by]
        if helpers:
            titles = [scenario.card(c).title.get(lang) for c in helpers]
            # any one of them softens it; the ones adopted all count as prepared
            last = t("outlook.and" if ready else "outlook.or", lang)
            cards = _listed(titles, last)
            key = "outlook.prepared" if ready else "outlook.softened"
            line += f" ({t(key, lang, cards=cards)})"
        lines.append(line)
    return lines
