"""Formatting shared by the HTML and the PDF report, so both say exactly the same.

Numbers are shown as a room reads them (no decimals for 0-100 indices, a real minus sign);
sentences come from ``locale/ui.yaml``; names typed by players are shortened only when they
are absurdly long, so a 5,000-character team name cannot wreck a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from morgenmaken.i18n import t
from morgenmaken.report.debrief import CardOutcome, Debrief, ProposalLine, VariableDelta
from morgenmaken.scenario.models import Category

# The one number formatter of every client; the report modules take it from here.
from morgenmaken.wording import number, signed

#: Names longer than this are cut with an ellipsis in reports (they stay whole in the save).
NAME_LIMIT = 60


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """Cut a long text with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def amount(delta: float, lang: str = "en") -> str:
    """An effect's size: whole points, or one decimal when it is smaller than one point."""
    return signed(delta, 0 if abs(delta) >= 0.95 else 1, lang)


def team_name(debrief: Debrief) -> str:
    """The team's name for a report, or a worded stand-in when the team has none."""
    return shorten(debrief.team.strip()) or t("report.team_unnamed", debrief.lang)


def verdict(debrief: Debrief) -> str:
    """Won, not achieved, or still playing."""
    if not debrief.finished:
        return t("report.verdict_playing", debrief.lang)
    return t("report.verdict_won" if debrief.won else "report.verdict_lost", debrief.lang)


def score_line(debrief: Debrief) -> str:
    """The score and the threshold, worded."""
    return t("report.score_value", debrief.lang, score=number(debrief.score, 1, debrief.lang),
             threshold=number(debrief.win_threshold))


def effect_text(delta: VariableDelta, lang: str) -> str:
    """'Gezondheid +7' or 'Gezondheid +7 (waarvan +3 nog onderweg)'."""
    if abs(delta.coming) >= 0.05:
        return t("report.effect_coming", lang, name=delta.name, amount=amount(delta.total, lang),
                 coming=amount(delta.coming, lang))
    return t("report.effect_item", lang, name=delta.name, amount=amount(delta.total, lang))


def effects_text(outcome: CardOutcome | None, lang: str) -> list[str]:
    """Every direct effect of an adopted card, largest first; one worded line when none."""
    if outcome is None or not outcome.effects:
        return [t("report.no_effect", lang)]
    return [effect_text(delta, lang) for delta in outcome.effects]


def proposed_by(line: ProposalLine, lang: str) -> str:
    """'Anna (Zorg en welzijn)'."""
    return t("report.by", lang, player=shorten(line.player), role=line.role_name)


def decision_text(line: ProposalLine, lang: str) -> str:
    """'aangenomen' or 'niet aangenomen', with the votes when the team voted."""
    text = t("report.adopted" if line.adopted else "report.not_adopted", lang)
    if line.votes_for or line.votes_against:
        none = t("none", lang)
        votes = t("report.votes", lang,
                  yes=", ".join(shorten(n, 30) for n in line.votes_for) or none,
                  no=", ".join(shorten(n, 30) for n in line.votes_against) or none)
        text = f"{text} ({votes})"
    return text


def adopted_before(line: ProposalLine, round_number: int, debrief: Debrief) -> str:
    """For a card adopted more than once: a note that its effect counts every adoption.

    The ledger names the card, not the adoption, so the honest thing is to say the figure is
    the total and when the other adoptions were.
    """
    outcome = line.outcome
    if outcome is None or len(outcome.adopted_rounds) < 2:
        return ""
    year_of = {record.round: record.year for record in debrief.rounds}
    years = [str(year_of.get(r, r)) for r in outcome.adopted_rounds if r != round_number]
    return t("report.adopted_again", debrief.lang, years=", ".join(years)) if years else ""


@dataclass(frozen=True)
class TeamRow:
    """One line of the comparison of several tables at a LAB event."""

    team: str
    players: str
    score: str
    verdict: str
    outcome: str
    weakest: str


def team_label(debrief: Debrief, number_: int) -> str:
    """A team's name, or 'Team 3' for a team that gave none (so rows stay distinguishable)."""
    return shorten(debrief.team.strip()) or t("compare.team_fallback", debrief.lang,
                                              number=number_)


def weakest_theme(debrief: Debrief) -> str:
    """The *hier en nu* theme (or any non-resource variable) lowest at the end, worded."""
    candidates = [v for g in debrief.profile if g.category == Category.HIER_EN_NU
                  for v in g.variables]
    candidates = candidates or [v for g in debrief.profile if g.category != Category.RESOURCE
                                for v in g.variables]
    if not candidates:
        return ""
    low = min(candidates, key=lambda v: v.end)
    return f"{low.name} {number(low.end)} ({low.status})"


def team_rows(teams: Sequence[Debrief]) -> list[TeamRow]:
    """The comparison table: one row per game, in the order given."""
    return [TeamRow(team=team_label(d, i), players=", ".join(shorten(p, 30) for p in d.players),
                    score=number(d.score, 1, d.lang), verdict=verdict(d), outcome=d.outcome_text,
                    weakest=weakest_theme(d))
            for i, d in enumerate(teams, start=1)]
