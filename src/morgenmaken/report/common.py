"""Formatting shared by the HTML and the PDF report, so both say exactly the same.

Numbers are shown as a room reads them (no decimals for 0-100 indices, a real minus sign);
sentences come from ``locale/ui.yaml``; names typed by players are shortened only when they
are absurdly long, so a 5,000-character team name cannot wreck a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from morgenmaken.i18n import t
from morgenmaken.report.debrief import (
    CardOutcome,
    Comparison,
    Debrief,
    Impact,
    ProposalLine,
    ScorePart,
    VariableDelta,
)
from morgenmaken.scenario.models import Category

# The one number formatter of every client; the report modules take it from here.
from morgenmaken.wording import danger, number, signed

#: Names longer than this are cut with an ellipsis in reports (they stay whole in the save).
NAME_LIMIT = 60


#: Bidirectional controls (embeddings, overrides, isolates, marks): a U+202E typed into a
#: team name would reverse the rest of the line it is printed in.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E,
                                0x200F, 0x061C])


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """Cut a long text with an ellipsis; bidirectional controls are dropped, so a name can
    never turn the text around it (a name in Arabic or Hebrew still reads right to left)."""
    text = text.translate(_BIDI_CONTROLS)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def isolate(name: str) -> str:
    """A name between U+2068 and U+2069 (first-strong isolate), for HTML: a name written
    right to left keeps its direction without pulling the words around it along."""
    return f"\u2068{name}\u2069"


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
    """The value lowest at the end over every lens (themes, capitals, elsewhere, groups),
    worded: the same rule as the shared screen's "weakest value"
    (:func:`morgenmaken.wording.danger`), so a natural capital at 17 is named, not a theme
    at 37 that only looked weakest among the *hier en nu* themes."""
    candidates = [v for g in debrief.profile if g.category != Category.RESOURCE
                  for v in g.variables]
    if not candidates:
        return ""
    low = min(candidates, key=lambda v: danger(v.status_kind, v.end, v.warning, v.critical,
                                              v.low, v.high))
    return f"{low.name} {number(low.end)} ({low.status})"


def team_rows(teams: Sequence[Debrief], labels: Sequence[str] | None = None,
              isolated: bool = False) -> list[TeamRow]:
    """The comparison table: one row per game, in the order given; `labels` name the rows
    (the LAB hub's "team · table"), else each team's own name. With `isolated` (HTML) every
    name is isolated (:func:`isolate`)."""
    if labels is not None and len(labels) != len(teams):
        raise ValueError("one label per team")
    mark = isolate if isolated else str
    return [TeamRow(team=mark(shorten(labels[i - 1]) if labels is not None
                              else team_label(d, i)),
                    players=", ".join(mark(shorten(p, 30)) for p in d.players),
                    score=number(d.score, 1, d.lang), verdict=verdict(d), outcome=d.outcome_text,
                    weakest=weakest_theme(d))
            for i, d in enumerate(teams, start=1)]


# --------------------------------------------------------------------------- page one
def headline(debrief: Debrief) -> str:
    """Won or lost, and by how much, in one sentence."""
    lang = debrief.lang
    values = {"score": number(debrief.score, 1, lang),
              "threshold": number(debrief.win_threshold, 0, lang),
              "margin": number(abs(debrief.story.margin), 1, lang)}
    if not debrief.finished:
        return t("story.playing", lang, **values)
    if debrief.won:
        return t("story.won_by", lang, **values)
    failed = [p.name for p in debrief.story.parts if not p.holds]
    if failed and debrief.story.margin >= 0:
        return t("story.lens_failed", lang, lenses=", ".join(failed), **values)
    return t("story.lost_by", lang, **values)


def part_verdict(part: ScorePart, lang: str) -> str:
    """Enough, short, or below the level the part must reach on its own."""
    if not part.holds:
        return t("story.below_level", lang, level=number(part.at_least or 0, 0, lang))
    return t("story.enough" if part.points >= part.needed - 1e-9 else "story.short", lang)


def part_rows(debrief: Debrief) -> list[tuple[str, str, str, str, str, str]]:
    """The score part by part: name, value, weight, points, needed, enough or short."""
    lang = debrief.lang
    def share(weight: float) -> str:
        whole = abs(weight * 100 - round(weight * 100)) < 0.05
        return f"{number(weight * 100, 0 if whole else 1, lang)}%"

    return [(p.name, number(p.value, 0, lang), share(p.weight), number(p.points, 1, lang),
             number(p.needed, 1, lang), part_verdict(p, lang))
            for p in debrief.story.parts]


def goals_line(debrief: Debrief) -> str:
    """The role goals met and their bonus, or that none was met (never a missing line)."""
    lang = debrief.lang
    if not debrief.goals_met:
        return t("story.no_goals", lang)
    return t("story.goal_bonus", lang, goals=", ".join(debrief.goals_met),
             points=number(debrief.story.goal_bonus, 0, lang))


def impact_title(impact: Impact, lang: str) -> str:
    """'2026 · Isolatieoffensief (Wonen en ruimte): score +3,4'."""
    return t("story.impact", lang, year=impact.year, title=impact.title, role=impact.role_name,
             score=signed(impact.score_delta, 1, lang))


def impact_effects(impact: Impact, lang: str, limit: int = 3) -> str:
    """The largest changes it made, with what came through other themes."""
    parts = []
    for effect in impact.effects[:limit]:
        if abs(effect.knock_on) >= 0.5:
            parts.append(t("story.effect_knock_on", lang, name=effect.name,
                           total=amount(effect.total, lang),
                           knock_on=amount(effect.knock_on, lang)))
        else:
            parts.append(t("story.effect", lang, name=effect.name,
                           total=amount(effect.total, lang)))
    return "; ".join(parts)


def left_behind_lines(debrief: Debrief) -> list[str]:
    """The group that fell most (or rose least), why, and the other groups."""
    lang = debrief.lang
    group = debrief.story.left_behind
    if group is None:
        return []
    values = {"name": group.name, "start": number(group.start, 0, lang),
              "end": number(group.end, 0, lang), "change": signed(group.change, 0, lang)}
    lines = [t("story.group_fell" if group.fell else "story.group_rose_least", lang, **values)]
    if group.causes:
        lines.append(t("story.group_why", lang, causes="; ".join(
            f"{cause} {amount(delta, lang)}" for cause, delta in group.causes)))
    if group.others:
        lines.append(t("story.group_others", lang, others=", ".join(
            f"{name} {signed(change, 0, lang)}" for name, change in group.others)))
    return lines


def later_lines(debrief: Debrief) -> list[str]:
    """What the team leaves for after the last year: the projected score and capitals."""
    lang = debrief.lang
    story = debrief.story
    capitals = ", ".join(t("story.capital", lang, name=v.name, end=number(v.end, 0, lang),
                           projected=number(v.projected, 0, lang))
                         for v in story.later) or t("none", lang)
    lines = [t("story.later_line", lang, year=story.horizon_year, end=debrief.end_year,
               score=number(story.projected_score, 1, lang), capitals=capitals)]
    lines.append(t("story.pipeline", lang, count=story.pipeline_sources)
                 if story.pipeline_sources else t("story.pipeline_none", lang))
    return lines


def unspent_line(debrief: Debrief) -> str:
    """What was left in the budget, what was spent, and the draagvlak at the end."""
    lang = debrief.lang
    story = debrief.story
    key = "story.unspent_line" if story.unspent >= 0 else "story.overspent_line"
    return t(key, lang, budget=story.budget_name, unspent=number(story.unspent, 0, lang),
             spent=number(story.spent, 0, lang), draagvlak=story.draagvlak_name,
             support=number(story.draagvlak_end, 0, lang))


def roles_line(debrief: Debrief, isolated: bool = False) -> str:
    """Who sat at the table, in one line (with `isolated`, each name isolated for HTML)."""
    lang = debrief.lang
    mark = isolate if isolated else str
    return t("story.roles", lang, roles=", ".join(
        t("story.role", lang, player=mark(shorten(player)), role=role)
        for role, player in debrief.roles))


def impact_of(debrief: Debrief, card: str, round_number: int) -> Impact | None:
    """What one adoption did to the score (None when it could not be replayed)."""
    return next((i for i in debrief.story.impacts
                 if i.card == card and i.round == round_number), None)


def whatif_lines(comparison: Comparison) -> tuple[str, str, str]:
    """A 'wat als?' the team made: what changed, both scores, and what ends differently."""
    lang = comparison.lang
    nothing = t("rep.whatif_nothing", lang)
    choice = next((c for c in comparison.choices if c.round == comparison.round_number), None)
    original = ", ".join(choice.original) if choice and choice.original else nothing
    branch = ", ".join(choice.branch) if choice and choice.branch else nothing
    first = t("rep.whatif_item", lang, round=comparison.round_number, year=comparison.year,
              original=original, branch=branch)

    def word(won: bool) -> str:
        return t("report.verdict_won" if won else "report.verdict_lost", lang)

    second = t("rep.whatif_scores", lang, original=number(comparison.original_score, 1, lang),
               original_verdict=word(comparison.original_won),
               branch=number(comparison.branch_score, 1, lang),
               branch_verdict=word(comparison.branch_won))
    changes = []
    for variable in comparison.changed_variables(0.5)[:4]:
        known = [d for d in variable.differences if d is not None]
        changes.append(f"{variable.name} {signed(known[-1], 0, lang)}")
    third = (t("rep.whatif_changed", lang, changes=", ".join(changes)) if changes
             else t("rep.whatif_same", lang))
    return first, second, third


def adopted_item(debrief: Debrief, line: ProposalLine, round_number: int) -> str:
    """An adopted card with what it did to the score: 'Isolatieoffensief (+3,4)'."""
    impact = impact_of(debrief, line.card, round_number)
    if impact is None:
        return line.title
    return t("rep.adopted_item", debrief.lang, title=line.title,
             score=signed(impact.score_delta, 1, debrief.lang))
