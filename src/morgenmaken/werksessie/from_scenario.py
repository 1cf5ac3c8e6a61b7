"""Plans and dimensions taken from a scenario, so a team weighs the game's own measures on the
game's own themes — before playing, to state expectations, or after, to argue with the model.

Pure: a scenario (already loaded) in, a plan out.
"""

from __future__ import annotations

from collections.abc import Sequence

from morgenmaken.i18n import t
from morgenmaken.scenario.models import Scenario, Text
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan

_LENSES = {lens.value: lens for lens in Lens}


def scenario_dimensions(scenario: Scenario) -> list[Dimension]:
    """The scenario's brede-welvaart variables (not its resources) as dimensions, by lens."""
    found = [Dimension(id=v.id, name=v.name, group=_LENSES[v.category.value],
                       description=v.description)
             for v in scenario.variables if v.category.value in _LENSES]
    order = list(Lens)
    return sorted(found, key=lambda d: order.index(d.group))


def resolve_dimensions(plan: Plan, scenario: Scenario | None) -> Plan:
    """The plan with its dimensions written out: its own list, or else the scenario's themes.

    A session keeps the resolved plan, so it stays readable when the scenario changes later.
    """
    if plan.dimensions:
        return plan
    if scenario is None:
        raise ValueError(f"the plan '{plan.id}' has no dimensions of its own and its "
                         f"scenario '{plan.scenario}' is not available")
    return plan.model_copy(update={"dimensions": scenario_dimensions(scenario)})


def plan_from_scenario(scenario: Scenario, cards: Sequence[str] | None = None) -> Plan:
    """A plan of the scenario's cards (all of them, or those named, in that order), weighed on
    the scenario's themes; each measure keeps its card for the comparison with the model."""
    chosen = [scenario.card(card_id) for card_id in cards] if cards else list(scenario.cards)
    measures = [Measure(id=card.id, title=card.title, description=card.text, card=card.id,
                        source=card.source) for card in chosen]
    title = Text(nl=t("wsplan.from_scenario_title", "nl", scenario=scenario.title.nl),
                 en=t("wsplan.from_scenario_title", "en", scenario=scenario.title.get("en")))
    return Plan(id=f"{scenario.id}_kaarten", title=title, description=scenario.description,
                scenario=scenario.id, dimensions=scenario_dimensions(scenario),
                measures=measures)
