"""What the game's model does with a plan's measures, set beside what the team expected.

For a plan made from a scenario's cards, each card is adopted alone at the start of a game
without news, and the model is played forward ``plan.model_rounds`` rounds; the change of each
dimension against the same game without the card is the model's answer. Mapped onto the team's
five-point scale (``model_slight`` and ``model_clear`` in the plan), it gives sentences such as
"jullie verwachtten +, het model laat − zien na 6 jaar": not a verdict on the team, but a
starting point for the talk about the model and about the plan.

Pure: a loaded scenario and a session in, a list of contrasts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from morgenmaken.engine import GameConfig, new_game
from morgenmaken.i18n import t
from morgenmaken.scenario.models import Scenario
from morgenmaken.werksessie.aggregate import Rating, symbol
from morgenmaken.werksessie.plan import Plan
from morgenmaken.werksessie.session import WorkSession


@dataclass(frozen=True)
class Contrast:
    """One measure on one dimension: the team's agreed rating beside the model's change."""

    measure_id: str
    dimension_id: str
    #: The team's agreed rating (None: the team did not know).
    expected: Rating
    #: The model's change of the dimension in index points after `years`.
    model_delta: float
    #: The same change on the team's scale (−2 … +2).
    model_rating: int
    years: int

    @property
    def differs(self) -> bool:
        """The team expected another direction than the model shows (or did not know)."""
        return self.expected is None or _sign(self.expected) != _sign(self.model_rating)


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def on_scale(delta: float, plan: Plan) -> int:
    """A model change in index points as a position on the five-point scale.

    >>> from morgenmaken.werksessie.plan import Measure
    >>> from morgenmaken.scenario.models import Text
    >>> plan = Plan(id="p", title=Text(nl="P"), measures=[Measure(id="m", title=Text(nl="M"),
    ...     description=Text(nl="."))])
    >>> [on_scale(d, plan) for d in (-4.0, -1.0, 0.2, 0.6, 3.0)]
    [-2, -1, 0, 1, 2]
    """
    size = abs(delta)
    step = 2 if size >= plan.model_clear else 1 if size >= plan.model_slight else 0
    return step if delta > 0 else -step


def model_effects(scenario: Scenario, plan: Plan) -> dict[str, dict[str, float]]:
    """Card id -> dimension id -> the model's change after ``plan.model_rounds`` rounds, for
    every measure of the plan that names a card of `scenario` (others are left out)."""
    cards = {card.id for card in scenario.cards}
    wanted = [m.card for m in plan.measures if m.card in cards]
    dimensions = [d.id for d in plan.dimensions or [] if d.id in
                  {v.id for v in scenario.variables}]
    if not wanted or not dimensions:
        return {}
    state = new_game(scenario, GameConfig(seed=0, events=((),) * scenario.rounds))
    index = state.compiled.index
    rounds = min(plan.model_rounds, scenario.rounds)
    base = state.project(rounds).values[-1]
    effects: dict[str, dict[str, float]] = {}
    for card in dict.fromkeys(wanted):
        assert card is not None
        after = state.project(rounds, adopt=[card]).values[-1]
        effects[card] = {d: after[index[d]] - base[index[d]] for d in dimensions}
    return effects


def model_contrasts(session: WorkSession, scenario: Scenario) -> list[Contrast]:
    """For every closed measure with a card, each dimension the model changes or the team
    expected a change on: the team's agreed rating beside the model's, in plan order."""
    plan = session.plan
    effects = model_effects(scenario, plan)
    years = min(plan.model_rounds, scenario.rounds) * scenario.years_per_round
    found = []
    for measure in plan.measures:
        if measure.card not in effects or not session.closed(measure.id):
            continue
        agreed = session.agreement(measure.id).values
        for dimension in session.dimensions:
            if dimension.id not in effects[measure.card]:
                continue
            delta = effects[measure.card][dimension.id]
            expected = agreed.get(dimension.id)
            model = on_scale(delta, plan)
            if model == 0 and not expected:
                continue  # neither the team nor the model sees anything: nothing to discuss
            found.append(Contrast(measure.id, dimension.id, expected, delta, model, years))
    return found


def contrast_text(contrast: Contrast, lang: str) -> str:
    """"jullie verwachtten +, het model laat − zien na 6 jaar" (or that they agree)."""
    key = "wsmodel.differs" if contrast.differs else "wsmodel.agrees"
    return t(key, lang, expected=symbol(contrast.expected), model=symbol(contrast.model_rating),
             years=contrast.years)
