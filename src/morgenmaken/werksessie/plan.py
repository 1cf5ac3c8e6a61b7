"""The plan format: what a werksessie weighs — a title, the measures, the dimensions.

A plan is data, written by staff in YAML like a scenario (Dutch first, English beside it) and
validated the same way (see :mod:`morgenmaken.werksessie.plan_loader`). It names *what* the team
weighs; the session (:mod:`morgenmaken.werksessie.session`) holds *how* the team weighed it.

The dimensions default to the brede-welvaart themes of a scenario (its *hier en nu*, *later*,
*elders* and *verdeling* variables), so a team weighs a plan on the same lenses the game uses;
a plan may also bring its own list, e.g. for a theme the scenarios do not model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from morgenmaken.i18n import t
from morgenmaken.scenario.models import Identifier, StrictModel, Text

#: The scenario whose themes are the dimensions when a plan names none.
DEFAULT_SCENARIO = "drenthe"


class Lens(StrEnum):
    """The four lenses of the CBS Monitor Brede Welvaart a dimension belongs to."""

    HIER_EN_NU = "hier-en-nu"
    LATER = "later"
    ELDERS = "elders"
    VERDELING = "verdeling"


class Dimension(StrictModel):
    """One aspect of brede welvaart that every measure is rated on."""

    id: Identifier = Field(description="Id of the dimension, used in the session file and the "
                           "CSV of ratings.", examples=["gezondheid"])
    name: Text = Field(description="Name shown on the rating screen and in the report.",
                       examples=[{"nl": "Gezondheid", "en": "Health"}])
    group: Lens = Field(default=Lens.HIER_EN_NU, description="Which lens of brede welvaart it "
                        "belongs to: hier-en-nu, later, elders or verdeling.",
                        examples=["hier-en-nu"])
    description: Text | None = Field(default=None, description="What the dimension stands "
                                     "for, shown as help while rating.",
                                     examples=[{"nl": "Lichamelijke en mentale gezondheid.",
                                                "en": "Physical and mental health."}])


class Measure(StrictModel):
    """A measure of the plan that the team weighs."""

    id: Identifier = Field(description="Id of the measure, used in the session file and the "
                           "CSV of ratings.", examples=["dorpswinkels"])
    title: Text = Field(description="Short title of the measure.",
                        examples=[{"nl": "Dorpswinkels steunen", "en": "Support village shops"}])
    description: Text = Field(description="What the measure does, in a sentence or two.",
                              examples=[{"nl": "Een startsubsidie en een servicepunt voor "
                                         "winkels in kleine kernen.",
                                         "en": "A start-up grant and a service desk for shops "
                                         "in small villages."}])
    card: Identifier | None = Field(default=None, description="The card of the plan's "
                                    "scenario this measure stands for; the report then "
                                    "compares the team's expectation with the game's model "
                                    "(on the dimensions that are themes of that scenario).",
                                    examples=["dorpswinkels"])
    source: Text | None = Field(default=None, description="Where the measure comes from "
                                "(a programme, a policy document).",
                                examples=[{"nl": "Coalitieakkoord 2027", "en": "Coalition "
                                           "agreement 2027"}])


class Plan(StrictModel):
    """A plan to weigh in a werksessie: its measures and the dimensions to weigh them on."""

    id: Identifier = Field(description="Id of the plan (file names of sessions and reports).",
                           examples=["uitvoeringsagenda_2027"])
    title: Text = Field(description="Title of the plan.",
                        examples=[{"nl": "Uitvoeringsagenda Zuidoost-Drenthe 2027",
                                   "en": "Implementation agenda South-East Drenthe 2027"}])
    description: Text | None = Field(default=None, description="What the plan is for, shown "
                                     "at the start of the session and in the report.",
                                     examples=[{"nl": "Zes maatregelen voor een regio waar de "
                                                "brede welvaart achterblijft.",
                                                "en": "Six measures for a region where broad "
                                                "well-being lags behind."}])
    scenario: Identifier = Field(default=DEFAULT_SCENARIO, description="Id of the scenario "
                                 "whose themes are the dimensions when `dimensions` is "
                                 "absent, and whose cards the measures' `card` fields name.",
                                 examples=["drenthe"])
    dimensions: list[Dimension] | None = Field(default=None, min_length=1, description="Your "
                                               "own list of dimensions; leave it out to use "
                                               "the themes of the scenario.",
                                               examples=[[{"id": "gezondheid",
                                                           "name": {"nl": "Gezondheid",
                                                                    "en": "Health"},
                                                           "group": "hier-en-nu"}]])
    model_rounds: int = Field(default=3, ge=1, le=20, description="Rounds the game's model "
                              "is played forward to compare with the team's expectations "
                              "(only for measures with a `card`).", examples=[3])
    model_slight: float = Field(default=0.5, gt=0, description="A model change (index "
                                "points) at least this large counts as an effect (+ or −) in "
                                "the comparison with the team's expectations.", examples=[0.5])
    model_clear: float = Field(default=3.0, gt=0, description="A model change at least this "
                               "large counts as a clear effect (++ or −−).", examples=[3])
    measures: list[Measure] = Field(min_length=1, description="The measures to weigh, in the "
                                    "order the team discusses them.",
                                    examples=[[{"id": "dorpswinkels",
                                                "title": {"nl": "Dorpswinkels steunen"},
                                                "description": {"nl": "Startsubsidie voor "
                                                                "winkels in kleine kernen."}}]])

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (KeyError when there is none)."""
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)


def plan_schema(lang: str = "nl") -> dict[str, Any]:
    """The JSON Schema of the plan format, as ``morgenmaken schema --plan`` prints it, its
    descriptions in `lang` the way the scenario schema has them (Dutch from
    ``locale/reference.yaml``, English from the models)."""
    from morgenmaken.scenario.schema import DRAFT, describe_in

    document = Plan.model_json_schema(by_alias=True)
    describe_in(document, lang, root="Plan")
    document["title"] = t("ref.schema.plan_title", lang)
    document["$schema"] = DRAFT
    return document

