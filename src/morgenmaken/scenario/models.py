"""The scenario format: pydantic models for everything a scenario author writes in YAML.

These models are the single definition of the format. The YAML loader validates against them,
`morgenmaken schema` exports them as JSON Schema for editors, and the engine compiles them into
fast index-based tables. Every field carries a description (and where it helps an example),
because the schema is what a non-programmer sees as autocompletion help in the editor.

Cross-references (a card naming a variable, a role naming a card) are checked after field
validation by :mod:`morgenmaken.scenario.checks`, so that *all* reference errors can be reported
at once with their own file location instead of stopping at the first.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from morgenmaken.scenario.diagnostics import worded

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Lower-case identifier: letters a-z, digits and underscores, "
        "starting with a letter.",
        examples=["gezondheid"],
    ),
]


class StrictModel(BaseModel):
    """Base for every scenario model: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(StrictModel):
    """A player-facing text in Dutch with an optional English translation.

    Dutch is the language of the game; English falls back to Dutch when it is missing, so an
    author can write Dutch first and translate later.
    """

    nl: str = Field(description="Dutch text (required).", examples=["Gezondheid"])
    en: str | None = Field(
        default=None, description="English translation; Dutch is shown when missing.",
        examples=["Health"],
    )

    def get(self, lang: str) -> str:
        """The text in `lang` ("nl" or "en"), falling back to Dutch."""
        if lang == "en" and self.en:
            return self.en
        return self.nl


class Category(StrEnum):
    """The four lenses of the CBS Monitor Brede Welvaart, plus the team's resources."""

    HIER_EN_NU = "hier-en-nu"
    LATER = "later"
    ELDERS = "elders"
    VERDELING = "verdeling"
    RESOURCE = "resource"


class Source(StrictModel):
    """A public source that a figure, card or event is based on."""

    id: Identifier = Field(description="Id of the source, used to cite it elsewhere.",
                           examples=["cbs_mbw_2023"])
    title: str = Field(description="Title of the publication.",
                       examples=["CBS Monitor Brede Welvaart 2023"])
    publisher: str | None = Field(default=None, description="Who published it.",
                                  examples=["CBS"])
    year: int | None = Field(default=None, description="Year of publication.", examples=[2023])
    url: str | None = Field(default=None, description="Where to read it.",
                            examples=["https://www.cbs.nl/"])


class RealWorld(StrictModel):
    """How the 0-100 index maps onto a real-world figure, so the dashboard can say "84% tevreden".

    The reading is linear: ``figure = at_baseline + per_point * (index - baseline)``.
    """

    at_baseline: float = Field(description="The real-world figure when the index is at its "
                               "baseline.", examples=[84.2])
    per_point: float = Field(description="Change of the figure per index point.",
                             examples=[0.5])
    unit: Text = Field(description="Unit of the figure, e.g. '% tevreden'.",
                       examples=[{"nl": "% tevreden", "en": "% satisfied"}])
    decimals: int = Field(default=0, ge=0, le=3, description="Decimals to show.",
                          examples=[1])
    source: Identifier | None = Field(default=None,
                                      description="Id of the source in `sources`.",
                                      examples=["cbs_mbw_2023"])


class Variable(StrictModel):
    """A state variable: a theme, capital, elsewhere effect, group or resource."""

    id: Identifier = Field(description="Id of the variable, used in effects, interactions "
                           "and conditions.", examples=["gezondheid"])
    name: Text = Field(description="Name shown on the dashboard.",
                       examples=[{"nl": "Gezondheid", "en": "Health"}])
    category: Category = Field(description="Which lens of brede welvaart this belongs to.",
                               examples=["hier-en-nu"])
    description: Text | None = Field(default=None, description="What the variable stands for.",
                                     examples=[{"nl": "Lichamelijke en mentale gezondheid.",
                                                "en": "Physical and mental health."}])
    range: tuple[float, float] = Field(
        default=(0.0, 100.0), description="Lowest and highest value; values are clamped to it.",
        examples=[[0, 100]],
    )
    baseline: float = Field(description="Value at the start of the game.", examples=[62])
    warning: float | None = Field(
        default=None, description="Below this value the dashboard shows a warning.",
        examples=[40],
    )
    critical: float | None = Field(
        default=None, description="Below this value the variable is critical.", examples=[25],
    )
    collapse: float | None = Field(
        default=None,
        description="At or below this value the game ends early in a collapse.", examples=[5],
    )
    real_world: RealWorld | None = Field(
        default=None, description="How the index reads as a real-world figure.",
        examples=[{"at_baseline": 84.2, "per_point": 0.4, "decimals": 1,
                   "unit": {"nl": "% geeft het leven een 7 of hoger",
                            "en": "% rate their life 7 or higher"}}],
    )
    source: Identifier | None = Field(
        default=None, description="Id of the source in `sources` for the baseline.",
        examples=["cbs_mbw_2023"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Variable:
        low, high = self.range
        if low >= high:
            raise worded("scn.rule.range", low=low, high=high)
        if not low <= self.baseline <= high:
            raise worded("scn.rule.baseline", baseline=self.baseline, low=low, high=high)
        if (self.warning is not None and self.critical is not None
                and self.critical > self.warning):
            raise worded("scn.rule.critical", critical=self.critical, warning=self.warning)
        if self.collapse is not None and self.collapse >= self.baseline:
            # At or below collapse the game ends: from the baseline, in the very first round.
            raise worded("scn.rule.collapse", collapse=self.collapse, baseline=self.baseline)
        return self


class Shape(StrEnum):
    """How an interaction responds to its source variable."""

    LINEAR = "linear"
    SATURATING = "saturating"
    THRESHOLD = "threshold"
    CEILING = "ceiling"


class Interaction(StrictModel):
    """One variable influencing another every round.

    The effect per round is ``sign * weight * (source - reference)`` for a linear interaction,
    limited to ``±cap`` when saturating, and only counted while the source is below
    ``reference`` for a threshold interaction (a "when it gets bad, it hurts" link), or only
    while it is above ``reference`` for a ceiling interaction (diminishing returns: a variable
    linked to itself with sign '-' loses part of what it has above the reference every round,
    so piling measures on what is already high does little). The source value is read
    ``delay`` rounds back, so effects can take years to arrive.
    """

    source: Identifier = Field(alias="from", description="Variable that causes the effect.",
                               examples=["gezondheid"])
    target: Identifier = Field(alias="to", description="Variable that is affected.",
                               examples=["subjectief_welzijn"])
    weight: float = Field(gt=0, description="Strength: index points of effect per point of "
                          "difference from the reference.", examples=[0.05])
    sign: Literal["+", "-"] = Field(default="+", description="'+' when more of the source "
                                    "means more of the target, '-' when it means less.",
                                    examples=["-"])
    delay: int = Field(default=0, ge=0, le=10, description="Rounds before the source's value "
                       "takes effect (0: the value at the start of this round).", examples=[1])
    shape: Shape = Field(default=Shape.LINEAR, description="linear, saturating, threshold "
                         "(acts only below the reference) or ceiling (acts only above it).",
                         examples=["saturating"])
    reference: float | None = Field(
        default=None, description="Source value with no effect; default the source's baseline.",
        examples=[36],
    )
    cap: float | None = Field(
        default=None, gt=0, description="Largest effect per round (required for saturating).",
        examples=[0.6],
    )
    explanation: Text | None = Field(default=None,
                                     description="Why this link exists, shown in 'waarom?'.",
                                     examples=[{"nl": "Gezondheid is de sterkste voorspeller "
                                                "van tevredenheid met het leven.",
                                                "en": "Health is the strongest predictor of "
                                                "life satisfaction."}])
    source_ref: Identifier | None = Field(default=None, alias="evidence",
                                          description="Id of the source in `sources`.",
                                          examples=["cbs_mbw_2023"])

    @model_validator(mode="after")
    def _cap_for_saturating(self) -> Interaction:
        if self.shape == Shape.SATURATING and self.cap is None:
            raise worded("scn.rule.cap")
        return self


class Trend(StrictModel):
    """An autonomous change every round (ageing, climate, state funding)."""

    id: Identifier = Field(description="Id of the trend.", examples=["vergrijzing"])
    name: Text = Field(description="Name of the trend, shown in 'waarom?'.",
                       examples=[{"nl": "Vergrijzing: meer chronisch zieken",
                                  "en": "Ageing: more chronic illness"}])
    variable: Identifier = Field(description="Variable that changes.", examples=["gezondheid"])
    per_round: float = Field(description="Change per round in index points.", examples=[-0.8])
    from_round: int = Field(default=1, ge=1, description="First round the trend acts.",
                            examples=[3])
    until_round: int | None = Field(default=None, ge=1,
                                    description="Last round the trend acts (default: all).",
                                    examples=[6])
    source: Identifier | None = Field(default=None, description="Id of the source.",
                                      examples=["pbl_bevolking"])


class Effect(StrictModel):
    """A change to a variable caused by a card or an event.

    ``delay`` 0 means this round; ``delay`` 2 means two rounds later ("in 4 jaar" with rounds of
    two years). ``spread`` divides the amount evenly over that many rounds, starting after the
    delay.
    """

    variable: Identifier = Field(description="Variable that changes.",
                                 examples=["materiele_welvaart"])
    amount: float = Field(description="Total change in index points.", examples=[3])
    delay: int = Field(default=0, ge=0, le=20, description="Rounds before the effect starts.",
                       examples=[2])
    spread: int = Field(default=1, ge=1, le=20, description="Rounds the effect is spread over.",
                        examples=[3])
    up_to: float | None = Field(default=None, ge=0, le=100,
                                description="A card's repair: the effect lifts the variable "
                                "no higher than this level, judged on adoption with what is "
                                "already coming (a rise only; not in per_round or events).",
                                examples=[60])

    @model_validator(mode="after")
    def _up_to_lifts(self) -> Effect:
        if self.up_to is not None and self.amount <= 0:
            raise worded("scn.rule.up_to_rise")
        return self


class Cost(StrictModel):
    """What adopting a card costs the team."""

    budget: float = Field(default=0, ge=0, description="Budget (M€) paid once on adoption.",
                          examples=[5])
    draagvlak: float = Field(default=0, ge=0, description="Draagvlak points spent on adoption.",
                             examples=[2])


class Card(StrictModel):
    """A policy measure (beleidsmaatregel) that a role can propose and the team can adopt."""

    id: Identifier = Field(description="Id of the card, used in the roles' hands.",
                           examples=["welzijn_op_recept"])
    title: Text = Field(description="Short title on the card.",
                        examples=[{"nl": "Welzijn op Recept", "en": "Social prescribing"}])
    text: Text = Field(description="What the measure does, in a sentence or two.",
                       examples=[{"nl": "De huisarts verwijst naar een welzijnscoach in "
                                  "plaats van naar pillen.",
                                  "en": "The GP refers to a well-being coach instead of "
                                  "to pills."}])
    cost: Cost = Field(default_factory=Cost, description="One-off cost on adoption.",
                       examples=[{"budget": 4, "draagvlak": 1}])
    structural: bool = Field(default=False, description="A structural measure costs `upkeep` "
                             "every round while active, and has `per_round` effects.",
                             examples=[True])
    upkeep: float = Field(default=0, ge=0, description="Budget (M€) per round while active.",
                          examples=[1.5])
    duration: int | None = Field(default=None, ge=1, description="Rounds a structural measure "
                                 "stays active (default: to the end of the game).",
                                 examples=[3])
    effects: list[Effect] = Field(default_factory=list,
                                  description="Effects on adoption: now, later, spread.",
                                  examples=[[{"variable": "gezondheid", "amount": 1},
                                             {"variable": "gezondheid", "amount": 6,
                                              "delay": 1, "spread": 3}]])
    per_round: list[Effect] = Field(default_factory=list, description="Effects every round "
                                    "while a structural measure is active.",
                                    examples=[[{"variable": "ouderen", "amount": 0.4}]])
    requires: str | None = Field(default=None, description="Condition on the state that must "
                                 "hold to propose or adopt the card.",
                                 examples=["draagvlak >= 30 and round >= 2"])
    requires_cards: list[Identifier] = Field(default_factory=list,
                                             description="Cards that must be adopted first.",
                                             examples=[["isolatie_energiearmoede"]])
    tags: list[Identifier] = Field(default_factory=list, description="Free labels.",
                                   examples=[["investering", "preventie"]])
    source: Text | None = Field(default=None, description="Real-world instrument or source "
                                "this card is based on, so players argue with the evidence.",
                                examples=[{"nl": "Landelijk programma Welzijn op Recept",
                                           "en": "National programme Welzijn op Recept"}])
    repeatable: bool = Field(default=False, description="May be adopted again later.",
                             examples=[True])
    image: str | None = Field(default=None, description="Picture on the card: a .png or .jpg "
                              "file, relative to the scenario file's folder (it may not "
                              "leave that folder).", examples=["images/dorpswinkel.png"])

    @model_validator(mode="after")
    def _structural_fields(self) -> Card:
        if not self.structural and (self.upkeep or self.per_round or self.duration):
            raise worded("scn.rule.structural")
        return self

    @model_validator(mode="after")
    def _no_repair_per_round(self) -> Card:
        if any(e.up_to is not None for e in self.per_round):
            raise worded("scn.rule.up_to_where")
        return self


class Goal(StrictModel):
    """A role's open goal: shown to all, met when its condition holds at the end."""

    text: Text = Field(description="The goal in words.",
                       examples=[{"nl": "Gezondheid op peil (minstens 60).",
                                  "en": "Keep health up (at least 60)."}])
    condition: str = Field(description="Condition on the final state.",
                           examples=["gezondheid >= 60"])


class Role(StrictModel):
    """A portfolio held by a player: its own hand of cards and an open goal."""

    id: Identifier = Field(description="Id of the role.", examples=["zorg_welzijn"])
    name: Text = Field(description="Name of the role.",
                       examples=[{"nl": "Zorg en welzijn", "en": "Care and welfare"}])
    portfolio: Text = Field(description="What the role is responsible for.",
                            examples=[{"nl": "Gezondheid, zorg dichtbij en armoede.",
                                       "en": "Health, care close to home and poverty."}])
    cards: list[Identifier] = Field(min_length=1, description="Ids of the cards in the hand.",
                                    examples=[["welzijn_op_recept", "preventieakkoord_gli"]])
    goal: Goal | None = Field(default=None, description="The role's open goal.",
                              examples=[{"text": {"nl": "Gezondheid op peil.",
                                                  "en": "Keep health up."},
                                         "condition": "gezondheid >= 55"}])


class EventTrigger(StrEnum):
    """How an event enters the game."""

    RANDOM = "random"
    CONDITION = "condition"


class Softening(StrictModel):
    """A card that softens an event's harm when it was adopted before the event: resilience
    a team prepares for a shock it sees coming (a reserve, water storage, a buffer)."""

    card: Identifier = Field(description="Card that softens the event once adopted.",
                             examples=["waterberging"])
    keep: float = Field(ge=0, le=1, description="Share of the event's harm (its negative "
                        "effects) that still lands when the card has been adopted: 0 takes "
                        "it all away, 1 nothing. With several cards adopted the best counts.",
                        examples=[0.4])


class Event(StrictModel):
    """News: a trend or shock drawn by chance or triggered by the state of the region."""

    id: Identifier = Field(description="Id of the event.", examples=["droogte"])
    title: Text = Field(description="Headline.",
                        examples=[{"nl": "Extreem droge zomer", "en": "Extremely dry summer"}])
    text: Text = Field(description="The news item.",
                       examples=[{"nl": "Beken vallen droog en boeren mogen niet beregenen.",
                                  "en": "Brooks run dry and farmers may not irrigate."}])
    trigger: EventTrigger = Field(default=EventTrigger.RANDOM, description="'random': drawn "
                                  "by weight; 'condition': happens whenever its condition "
                                  "holds at the start of a round.", examples=["condition"])
    weight: float = Field(default=1, ge=0, description="Relative chance of being drawn.",
                          examples=[2])
    condition: str | None = Field(default=None, description="Condition that must hold.",
                                  examples=["round >= 3 and wonen < 50"])
    max_times: int = Field(default=1, ge=1, description="How often it can happen per game.",
                           examples=[2])
    effects: list[Effect] = Field(default_factory=list, description="What it does.",
                                  examples=[[{"variable": "natuurlijk_kapitaal",
                                              "amount": -4}]])
    softened_by: list[Softening] = Field(default_factory=list, description="Cards that "
                                         "soften this event's harm when adopted before it "
                                         "happens (the news shows its likelihood a round "
                                         "ahead, so a team can prepare).",
                                         examples=[[{"card": "waterberging", "keep": 0.4}]])
    source: Text | None = Field(default=None, description="Real-world background.",
                                examples=[{"nl": "Droogte 2018-2022; KNMI",
                                           "en": "Droughts 2018-2022; KNMI"}])
    image: str | None = Field(default=None, description="Picture with the news item: a .png or "
                              ".jpg file, relative to the scenario file's folder (it may not "
                              "leave that folder).", examples=["images/droogte.jpg"])

    @model_validator(mode="after")
    def _no_repair_in_news(self) -> Event:
        if any(e.up_to is not None for e in self.effects):
            raise worded("scn.rule.up_to_where")
        return self


class Aggregate(StrEnum):
    """How a score component combines its variables."""

    MEAN = "mean"
    MIN = "min"
    BALANCED = "balanced"
    GAP = "gap"


class ScoreComponent(StrictModel):
    """One part of the score: a lens of brede welvaart, combined so balance is rewarded.

    ``balanced`` is the mean of the average and the weakest value, so one strong theme cannot
    carry a weak one; ``gap`` is 100 minus the spread between the highest and lowest variable,
    rewarding a small gap between groups.
    """

    id: Identifier = Field(description="Id of this part of the score.",
                           examples=["hier_en_nu"])
    name: Text = Field(description="Name of this part of the score.",
                       examples=[{"nl": "Hier en nu (in balans)",
                                  "en": "Here and now (in balance)"}])
    weight: float = Field(gt=0, description="Relative weight in the total score.",
                          examples=[0.4])
    category: Category | None = Field(default=None,
                                      description="Use every variable of this category.",
                                      examples=["hier-en-nu"])
    variables: list[Identifier] = Field(default_factory=list,
                                        description="Or list the variables explicitly.",
                                        examples=[["jongvolwassenen", "ouderen"]])
    aggregate: Aggregate = Field(default=Aggregate.MEAN, description="mean, min, balanced, gap.",
                                 examples=["balanced"])
    at_least: float | None = Field(
        default=None, ge=0, le=100,
        description="The team wins only if this part of the score reaches this level at the "
        "end, whatever the total: a lens that must hold on its own.", examples=[50])

    @model_validator(mode="after")
    def _one_selection(self) -> ScoreComponent:
        if (self.category is None) == (not self.variables):
            raise worded("scn.rule.category_or_variables")
        return self


class Score(StrictModel):
    """The end score and what counts as winning."""

    components: list[ScoreComponent] = Field(min_length=1, description="The parts of the "
                                             "score, weighted.",
                                             examples=[[{"id": "hier_en_nu",
                                                         "name": {"nl": "Hier en nu",
                                                                  "en": "Here and now"},
                                                         "weight": 1,
                                                         "category": "hier-en-nu",
                                                         "aggregate": "balanced"}]])
    win_threshold: float = Field(description="Score (0-100) the team needs at the end to win.",
                                 examples=[62])
    goal_bonus: float = Field(default=0, ge=0,
                              description="Points added per role goal met at the end.",
                              examples=[1])


class EndCondition(StrictModel):
    """A collapse that ends the game early, besides variables reaching their `collapse`."""

    id: Identifier = Field(description="Id of the end condition.", examples=["bankroet"])
    condition: str = Field(description="When this holds after a round, the game ends.",
                           examples=["budget < 0"])
    text: Text = Field(description="What happened, for the end screen.",
                       examples=[{"nl": "Bankroet: de begroting sluit niet meer.",
                                  "en": "Bankrupt: the budget no longer balances."}])


class Settings(StrictModel):
    """Rules of play that a scenario may tune."""

    proposals_per_role: int = Field(default=1, ge=1, le=5,
                                    description="Cards a role may propose per round.",
                                    examples=[1])
    proposals_per_player: int | None = Field(
        default=None, ge=1, le=10,
        description="Cards one player may propose per round over all the roles they hold; "
        "none: no limit but the roles'. With fewer players than roles, a player holding "
        "several chooses which portfolio speaks this round, so more players put more views "
        "on the table.", examples=[2])
    events_per_round: int = Field(default=1, ge=0, le=5,
                                  description="Random events drawn per round.", examples=[0])
    budget: Identifier = Field(default="budget", description="Id of the budget variable.",
                               examples=["budget"])
    draagvlak: Identifier = Field(default="draagvlak", description="Id of the draagvlak "
                                  "variable.", examples=["draagvlak"])


class Scenario(StrictModel):
    """A whole scenario: region, time, model, roles, cards, events, score."""

    schema_ref: str | None = Field(default=None, alias="$schema",
                                   description="Optional path of the JSON Schema.",
                                   examples=["./scenario.schema.json"])
    id: Identifier = Field(description="Unique id of the scenario.", examples=["drenthe"])
    version: int = Field(default=1, ge=1, description="Bump when the content changes.",
                         examples=[2])
    title: Text = Field(description="Title shown in the scenario list and on the title screen.",
                        examples=[{"nl": "Drenthe 2026-2042", "en": "Drenthe 2026-2042"}])
    description: Text | None = Field(default=None, description="A few sentences introducing "
                                     "the scenario to the team.",
                                     examples=[{"nl": "Jullie besturen samen de provincie.",
                                                "en": "Together you govern the province."}])
    region: Text = Field(description="The region governed.",
                         examples=[{"nl": "Drenthe", "en": "Drenthe"}])
    image: str | None = Field(default=None, description="Picture for the scenario list and "
                              "title screen: a .png or .jpg file, relative to the scenario "
                              "file's folder (it may not leave that folder).",
                              examples=["images/drenthe.png"])
    start_year: int = Field(ge=1900, le=2200, description="Calendar year of round 1.",
                            examples=[2026])
    years_per_round: int = Field(default=2, ge=1, le=10, description="Years one round stands "
                                 "for; delays are shown as years with it.", examples=[2])
    rounds: int = Field(default=8, ge=1, le=50, description="Number of rounds in a full game.",
                        examples=[8])
    min_players: int = Field(default=2, ge=1, le=6, description="Fewest players.",
                             examples=[2])
    max_players: int = Field(default=6, ge=1, le=6, description="Most players.", examples=[6])
    settings: Settings = Field(default_factory=Settings, description="Rules of play.",
                               examples=[{"proposals_per_role": 1, "events_per_round": 1}])
    sources: list[Source] = Field(default_factory=list,
                                  description="Public sources cited by the scenario.",
                                  examples=[[{"id": "cbs_mbw_2023",
                                              "title": "Monitor Brede Welvaart 2023",
                                              "publisher": "CBS", "year": 2023}]])
    variables: list[Variable] = Field(min_length=1, description="The state of the region: "
                                      "themes, capitals, elsewhere, groups and resources.",
                                      examples=[[{"id": "gezondheid",
                                                  "name": {"nl": "Gezondheid",
                                                           "en": "Health"},
                                                  "category": "hier-en-nu",
                                                  "baseline": 58}]])
    interactions: list[Interaction] = Field(default_factory=list, description="How variables "
                                            "influence each other every round.",
                                            examples=[[{"from": "gezondheid",
                                                        "to": "subjectief_welzijn",
                                                        "weight": 0.15}]])
    trends: list[Trend] = Field(default_factory=list, description="Autonomous changes every "
                                "round.", examples=[[{"id": "vergrijzing",
                                                      "name": {"nl": "Vergrijzing",
                                                               "en": "Ageing"},
                                                      "variable": "gezondheid",
                                                      "per_round": -1}]])
    roles: list[Role] = Field(min_length=1, description="The portfolios players hold.",
                              examples=[[{"id": "zorg_welzijn",
                                          "name": {"nl": "Zorg en welzijn",
                                                   "en": "Care and welfare"},
                                          "portfolio": {"nl": "Gezondheid en zorg.",
                                                        "en": "Health and care."},
                                          "cards": ["welzijn_op_recept"]}]])
    cards: list[Card] = Field(min_length=1, description="The policy measures.",
                              examples=[[{"id": "welzijn_op_recept",
                                          "title": {"nl": "Welzijn op Recept",
                                                    "en": "Social prescribing"},
                                          "text": {"nl": "Welzijnscoach in plaats van pillen.",
                                                   "en": "A coach instead of pills."},
                                          "cost": {"budget": 4},
                                          "effects": [{"variable": "gezondheid",
                                                       "amount": 3, "delay": 1}]}]])
    events: list[Event] = Field(default_factory=list, description="News: trends and shocks.",
                                examples=[[{"id": "droogte",
                                            "title": {"nl": "Droogte", "en": "Drought"},
                                            "text": {"nl": "Een droge zomer.",
                                                     "en": "A dry summer."},
                                            "effects": [{"variable": "natuurlijk_kapitaal",
                                                         "amount": -4}]}]])
    score: Score = Field(description="How the end state is scored and what wins.",
                         examples=[{"components": [{"id": "hier_en_nu",
                                                    "name": {"nl": "Hier en nu",
                                                             "en": "Here and now"},
                                                    "weight": 1, "category": "hier-en-nu",
                                                    "aggregate": "balanced"}],
                                    "win_threshold": 60}])
    end_conditions: list[EndCondition] = Field(default_factory=list, description="Collapses "
                                               "that end the game early.",
                                               examples=[[{"id": "bankroet",
                                                           "condition": "budget < 0",
                                                           "text": {"nl": "Bankroet.",
                                                                    "en": "Bankrupt."}}]])
    debrief_questions: list[Text] = Field(default_factory=list,
                                          description="Questions for the debrief.",
                                          examples=[[{"nl": "Welke groep kwam er het "
                                                      "slechtst vanaf?",
                                                      "en": "Which group fared worst?"}]])

    @model_validator(mode="after")
    def _players(self) -> Scenario:
        if self.min_players > self.max_players:
            raise worded("scn.rule.players", least=self.min_players, most=self.max_players)
        return self

    def variable(self, variable_id: str) -> Variable:
        """The variable with this id (KeyError when unknown)."""
        for variable in self.variables:
            if variable.id == variable_id:
                return variable
        raise KeyError(variable_id)

    def card(self, card_id: str) -> Card:
        """The card with this id (KeyError when unknown)."""
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def event(self, event_id: str) -> Event:
        """The event with this id (KeyError when unknown)."""
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def role(self, role_id: str) -> Role:
        """The role with this id (KeyError when unknown)."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    def year_of_round(self, round_number: int) -> int:
        """Calendar year in which a round starts (round 1 starts in `start_year`)."""
        return self.start_year + (round_number - 1) * self.years_per_round
