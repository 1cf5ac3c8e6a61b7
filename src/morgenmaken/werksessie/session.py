"""A werksessie in progress: who takes part, every rating, what the team agreed and why.

Like the game's engine this is pure — no pygame, no files: the screen, the command line and the
report are clients of one :class:`WorkSession`. The session is a pydantic model so that saving is
``model_dump_json`` and loading is a strict validation with a sentence for every problem; it
carries the whole plan (dimensions resolved), so a session file alone is enough for a report
even after the plan file changed or moved.

The rules it keeps:

* a participant's ratings of a measure stay **hidden** until every participant has submitted
  theirs (:meth:`WorkSession.revealed`), so nobody anchors on the first voice; a submitted
  rating cannot be changed any more, an unsubmitted one can;
* participants may join while the session runs (phones scanning the room's QR code): a round
  counts those who had joined when it was *revealed* — when the last of them submitted, or when
  the facilitator closed the round with whoever was done (:meth:`WorkSession.reveal`); the
  reveal freezes that list (:attr:`WorkSession.revealed_with`), so a late joiner can never
  un-reveal a measure or see a round they did not rate;
* the team's agreed rating per dimension, with an argument and an open question per dimension
  (and one for the measure as a whole), are recorded after the reveal, and a measure is
  *closed* when the team confirms it;
* the session records when, where and with whom it was held (date, place, facilitator), and
  whether its report names the participants or numbers them;
* every change is one method call, so the client can autosave after each.

>>> from morgenmaken.werksessie.plan import Dimension, Measure, Plan
>>> from morgenmaken.scenario.models import Text
>>> plan = Plan(id="p", title=Text(nl="Plan"), measures=[Measure(id="m", title=Text(nl="M"),
...     description=Text(nl="Doet iets."))], dimensions=[Dimension(id="d", name=Text(nl="D"))])
>>> s = new_session(plan, ["Anna", "Bram"])
>>> s.rate("m", "Anna", "d", 2); s.submit("m", "Anna")
>>> s.revealed("m"), s.waiting_for("m")
(False, ['Bram'])
>>> s.rate("m", "Bram", "d", None); s.submit("m", "Bram")
>>> s.revealed("m"), s.aggregate("m", "d").median
(True, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from morgenmaken.werksessie.aggregate import SCALE, Aggregate, Rating, aggregate
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan

FORMAT = "morgenmaken-werksessie"
VERSION = 1
MIN_PARTICIPANTS = 1
#: Everyone in the room: up to 40 on their own phones plus the few who rate on the laptop.
MAX_PARTICIPANTS = 48
#: Names typed on the laptop's set-up form (the rest join from their phones).
LAPTOP_PARTICIPANTS = 12
#: Longest participant name (a phone's name field says so).
NAME_LIMIT = 40
#: Longest name, argument or question kept (a pasted essay must not wreck a screen or a page).
TEXT_LIMIT = 600

RatingValue = Annotated[int | None, Field(ge=-2, le=2)]


class SessionError(ValueError):
    """A step the session does not allow, or a session file that cannot be read; the message
    says what to do instead."""


class Agreement(BaseModel):
    """What the team agreed on one measure after the reveal."""

    model_config = ConfigDict(extra="forbid")

    #: Dimension id -> agreed rating (None: the team agreed it does not know).
    values: dict[str, RatingValue] = Field(default_factory=dict)
    argument: str = ""
    question: str = ""
    #: Dimension id -> the team's argument and open question for that dimension.
    arguments: dict[str, str] = Field(default_factory=dict)
    questions: dict[str, str] = Field(default_factory=dict)
    closed: bool = False


class WorkSession(BaseModel):
    """One werksessie: the plan, the participants, their ratings and the team's agreements."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    format: Literal["morgenmaken-werksessie"] = FORMAT
    version: Literal[1] = VERSION
    plan: Plan
    #: Where the plan came from (a file path, or "scenario:<id>" for one made from cards).
    plan_source: str = ""
    team: str = ""
    #: When, where and led by whom (free text as the facilitator writes it, e.g. "3 maart 2026").
    date: str = ""
    place: str = ""
    facilitator: str = ""
    #: The report numbers the participants instead of naming them.
    anonymous: bool = False
    participants: list[str]
    #: measure id -> the participants whose ratings count, frozen when the measure was revealed.
    revealed_with: dict[str, list[str]] = Field(default_factory=dict)
    #: measure id -> participant -> dimension id -> rating (absent: not rated yet).
    ratings: dict[str, dict[str, dict[str, RatingValue]]] = Field(default_factory=dict)
    #: measure id -> participants who submitted their ratings of it.
    submitted: dict[str, list[str]] = Field(default_factory=dict)
    agreements: dict[str, Agreement] = Field(default_factory=dict)

    # ------------------------------------------------------------------ what is where
    @property
    def dimensions(self) -> list[Dimension]:
        """The dimensions every measure is rated on (resolved when the session started)."""
        return list(self.plan.dimensions or [])

    @property
    def measures(self) -> list[Measure]:
        """The plan's measures in the order the team discusses them."""
        return list(self.plan.measures)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id."""
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise SessionError(f"the plan has no dimension '{dimension_id}'")

    def groups(self) -> list[tuple[Lens, list[Dimension]]]:
        """The dimensions by lens, in the lens order of the monitor; empty lenses left out."""
        return [(lens, [d for d in self.dimensions if d.group == lens]) for lens in Lens
                if any(d.group == lens for d in self.dimensions)]

    def _check(self, measure_id: str, participant: str | None = None,
               dimension_id: str | None = None) -> None:
        if measure_id not in {m.id for m in self.plan.measures}:
            raise SessionError(f"the plan has no measure '{measure_id}'")
        if participant is not None and participant not in self.participants:
            raise SessionError(f"'{participant}' does not take part in this session")
        if dimension_id is not None:
            self.dimension(dimension_id)

    # ------------------------------------------------------------------ rating, hidden
    def rating(self, measure_id: str, participant: str, dimension_id: str) -> Rating | str:
        """One participant's rating, or ``"unrated"``; for that participant's own screen."""
        given = self.ratings.get(measure_id, {}).get(participant, {})
        return given.get(dimension_id, "unrated")

    def rate(self, measure_id: str, participant: str, dimension_id: str,
             value: Rating) -> None:
        """Record (or change) a rating that has not been submitted yet."""
        self._check(measure_id, participant, dimension_id)
        if value is not None and value not in SCALE:
            raise SessionError(f"a rating is one of {SCALE} or 'weet niet', not {value!r}")
        if self.has_submitted(measure_id, participant):
            raise SessionError(f"{participant} already submitted the ratings of this measure")
        if self.revealed(measure_id):
            raise SessionError("this measure's round is closed; the ratings are revealed")
        self.ratings.setdefault(measure_id, {}).setdefault(participant, {})[dimension_id] = value

    def missing(self, measure_id: str, participant: str) -> list[str]:
        """Dimensions this participant has not rated yet (weet niet counts as rated)."""
        given = self.ratings.get(measure_id, {}).get(participant, {})
        return [d.id for d in self.dimensions if d.id not in given]

    def submit(self, measure_id: str, participant: str) -> None:
        """A participant is done with a measure: their ratings are fixed and stay hidden."""
        self._check(measure_id, participant)
        if self.has_submitted(measure_id, participant):
            return
        if self.revealed(measure_id):
            raise SessionError("this measure's round is closed; the ratings are revealed")
        missing = self.missing(measure_id, participant)
        if missing:
            names = ", ".join(self.dimension(d).name.nl for d in missing)
            raise SessionError(f"{participant} has not rated: {names} "
                               f"(choose 'weet niet' where you do not know)")
        self.submitted.setdefault(measure_id, []).append(participant)
        if not self.waiting_for(measure_id):
            self.revealed_with[measure_id] = list(self.submitted[measure_id])

    def reveal(self, measure_id: str) -> None:
        """The facilitator closes the round: the ratings of whoever submitted are shown, the
        others' (unsubmitted) choices are left out of this measure."""
        self._check(measure_id)
        if self.revealed(measure_id):
            return
        done = [p for p in self.participants if self.has_submitted(measure_id, p)]
        if not done:
            raise SessionError("nobody has handed in ratings of this measure yet")
        self.revealed_with[measure_id] = done

    def join(self, name: str | None) -> str:
        """A participant joins the running session (from a phone); ``None`` joins
        anonymously as "Deelnemer N". Returns the name the ratings are kept under."""
        if len(self.participants) >= MAX_PARTICIPANTS:
            raise SessionError(f"the session is full ({MAX_PARTICIPANTS} participants)")
        taken = {p.casefold() for p in self.participants}
        if name is None:
            number = len(self.participants) + 1
            while f"deelnemer {number}" in taken:
                number += 1
            clean = f"Deelnemer {number}"
        else:
            clean = " ".join(name.split())[:NAME_LIMIT]
            if not clean:
                raise SessionError("a name is needed (or join anonymously)")
            if clean.casefold() in taken:
                raise SessionError(f"someone is already called '{clean}'")
        self.participants.append(clean)
        return clean

    def has_submitted(self, measure_id: str, participant: str) -> bool:
        """Whether a participant has handed in the ratings of a measure."""
        return participant in self.submitted.get(measure_id, [])

    def waiting_for(self, measure_id: str) -> list[str]:
        """Who still has to rate a measure, in the order of the participants (nobody once
        it is revealed)."""
        if self.revealed(measure_id):
            return []
        return [p for p in self.participants if not self.has_submitted(measure_id, p)]

    def revealed(self, measure_id: str) -> bool:
        """Whether the ratings of the measure may be shown (everyone rated, or the
        facilitator closed the round)."""
        return measure_id in self.revealed_with

    def raters(self, measure_id: str) -> list[str]:
        """Whose ratings of a revealed measure count (empty before the reveal)."""
        return list(self.revealed_with.get(measure_id, []))

    def ratings_of(self, measure_id: str, dimension_id: str) -> dict[str, Rating]:
        """Every counted participant's rating of a measure on a dimension — only after the
        reveal."""
        if not self.revealed(measure_id):
            raise SessionError("the ratings stay hidden until everyone has rated")
        given = self.ratings.get(measure_id, {})
        return {p: given[p][dimension_id] for p in self.revealed_with[measure_id]}

    def aggregate(self, measure_id: str, dimension_id: str) -> Aggregate:
        """Median, spread and "weet niet" of a measure on a dimension (after the reveal)."""
        return aggregate(self.ratings_of(measure_id, dimension_id).values())

    # ------------------------------------------------------------------ agreeing
    def agreement(self, measure_id: str) -> Agreement:
        """What the team recorded for a measure so far (empty before the reveal)."""
        return self.agreements.get(measure_id, Agreement())

    def start_agreement(self, measure_id: str) -> Agreement:
        """Open the team's agreement on a revealed measure, each dimension starting at the
        median (rounded towards zero) so the team only changes what it discusses."""
        self._check(measure_id)
        if not self.revealed(measure_id):
            raise SessionError("the team agrees after everyone has rated")
        agreement = self.agreements.setdefault(measure_id, Agreement())
        for dimension in self.dimensions:
            if dimension.id not in agreement.values:
                agreement.values[dimension.id] = self.aggregate(measure_id,
                                                                dimension.id).suggestion
        return agreement

    def agree(self, measure_id: str, dimension_id: str, value: Rating) -> None:
        """Set the team's agreed rating of a measure on a dimension."""
        self._check(measure_id, dimension_id=dimension_id)
        if value is not None and value not in SCALE:
            raise SessionError(f"a rating is one of {SCALE} or 'weet niet', not {value!r}")
        self.start_agreement(measure_id).values[dimension_id] = value

    def argue(self, measure_id: str, argument: str | None = None,
              question: str | None = None) -> None:
        """Record the team's argument (one sentence) and an open question for a measure."""
        agreement = self.start_agreement(measure_id)
        if argument is not None:
            agreement.argument = argument.strip()[:TEXT_LIMIT]
        if question is not None:
            agreement.question = question.strip()[:TEXT_LIMIT]

    def argue_dimension(self, measure_id: str, dimension_id: str,
                        argument: str | None = None, question: str | None = None) -> None:
        """Record the team's argument and open question for one dimension of a measure."""
        self._check(measure_id, dimension_id=dimension_id)
        agreement = self.start_agreement(measure_id)
        for store, text in ((agreement.arguments, argument), (agreement.questions, question)):
            if text is None:
                continue
            clean = text.strip()[:TEXT_LIMIT]
            if clean:
                store[dimension_id] = clean
            else:
                store.pop(dimension_id, None)

    def close(self, measure_id: str) -> None:
        """The team is done with a measure; the session moves on to the next one."""
        self.start_agreement(measure_id).closed = True

    def reopen(self, measure_id: str) -> None:
        """Change an agreement after all (ratings stay fixed)."""
        self.start_agreement(measure_id).closed = False

    def closed(self, measure_id: str) -> bool:
        """Whether the team has confirmed its agreement on a measure."""
        return self.agreement(measure_id).closed

    def current(self) -> Measure | None:
        """The first measure the team has not closed yet; None when the session is done."""
        return next((m for m in self.plan.measures if not self.closed(m.id)), None)

    def finished(self) -> bool:
        """Whether every measure is closed."""
        return self.current() is None

    # ------------------------------------------------------------------ saving
    def dumps(self) -> str:
        """The session as JSON text (what the autosave writes)."""
        return self.model_dump_json(indent=1, exclude_none=False)


def new_session(plan: Plan, participants: Sequence[str], team: str = "",
                plan_source: str = "", *, phones: bool = False, date: str = "",
                place: str = "", facilitator: str = "",
                anonymous: bool = False) -> WorkSession:
    """Start a session; `plan` must have its dimensions resolved (see ``resolve_dimensions``).

    Names are trimmed; they must be unique (ignoring case) because ratings are kept by name.
    With `phones` the laptop may start with nobody: the participants join from their phones.
    """
    names = [" ".join(name.split())[:TEXT_LIMIT] for name in participants]
    names = [name for name in names if name]
    least = 0 if phones else MIN_PARTICIPANTS
    if not least <= len(names) <= MAX_PARTICIPANTS:
        raise SessionError(f"a werksessie has {MIN_PARTICIPANTS} to {MAX_PARTICIPANTS} "
                           f"participants, not {len(names)}")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise SessionError(f"two participants are called '{name}'; give each a "
                               f"different name")
        seen.add(name.casefold())
    if not plan.dimensions:
        raise SessionError("the plan's dimensions must be resolved before a session starts")
    def clean(text: str) -> str:
        return " ".join(text.split())[:TEXT_LIMIT]

    return WorkSession(plan=plan, participants=names, team=clean(team), plan_source=plan_source,
                       date=clean(date), place=clean(place), facilitator=clean(facilitator),
                       anonymous=anonymous)


def loads(text: str) -> WorkSession:
    """Read a session written by :meth:`WorkSession.dumps`; a :class:`SessionError` says why
    a file is not a usable session."""
    try:
        session = WorkSession.model_validate_json(text)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        if first["type"] == "json_invalid":
            raise SessionError("the session file is damaged (not valid JSON)") from None
        if first["loc"][:1] == ("format",):
            raise SessionError("this file is not a werksessie (saved games and plans are "
                               "other files)") from None
        raise SessionError(f"the session file is damaged at {where}: {first['msg']}") from None
    _reveal_complete(session)
    problem = _consistency(session)
    if problem:
        raise SessionError(f"the session file is damaged: {problem}")
    return session


def _reveal_complete(session: WorkSession) -> None:
    """Files written before rounds could be closed early say a measure is revealed by
    everyone having submitted it; record that the way a session does today."""
    for measure in session.plan.measures:
        given = session.submitted.get(measure.id, [])
        if (measure.id not in session.revealed_with and session.participants
                and set(session.participants) <= set(given)):
            session.revealed_with[measure.id] = [p for p in session.participants]


def _consistency(session: WorkSession) -> str | None:
    """What no sequence of method calls can produce (a hand-edited or damaged file)."""
    if not session.plan.dimensions:
        return "its plan has no dimensions"
    measures = {m.id for m in session.plan.measures}
    dimensions = {d.id for d in session.plan.dimensions}
    people = set(session.participants)
    for measure_id, by_person in session.ratings.items():
        if measure_id not in measures:
            return f"ratings of an unknown measure '{measure_id}'"
        for person, values in by_person.items():
            if person not in people or not set(values) <= dimensions:
                return f"ratings of '{measure_id}' by an unknown participant or dimension"
    for measure_id, names in session.submitted.items():
        if measure_id not in measures or not set(names) <= people:
            return f"submitted ratings of '{measure_id}' do not match the participants"
        for name in names:
            if session.missing(measure_id, name):
                return f"{name} submitted '{measure_id}' without rating every dimension"
    for measure_id, agreement in session.agreements.items():
        if measure_id not in measures or not set(agreement.values) <= dimensions:
            return f"the agreement on '{measure_id}' names an unknown measure or dimension"
        if not session.revealed(measure_id):
            return f"an agreement on '{measure_id}' before everyone rated it"
        if not (set(agreement.arguments) | set(agreement.questions)) <= dimensions:
            return f"the agreement on '{measure_id}' argues an unknown dimension"
    for measure_id, names in session.revealed_with.items():
        if measure_id not in measures or not names:
            return f"the reveal of '{measure_id}' names an unknown measure or nobody"
        if not set(names) <= set(session.submitted.get(measure_id, [])):
            return f"the reveal of '{measure_id}' counts someone who did not submit"
    return None


@dataclass(frozen=True)
class DimensionResult:
    """A measure on one dimension: what each participant said, summed up, and what the team
    agreed."""

    dimension: Dimension
    aggregate: Aggregate
    agreed: Rating | str  # "unset" before the team agreed


def measure_profile(session: WorkSession, measure_id: str) -> list[DimensionResult]:
    """The effect profile of one revealed measure, dimension by dimension."""
    agreement = session.agreement(measure_id)
    return [DimensionResult(d, session.aggregate(measure_id, d.id),
                            agreement.values.get(d.id, "unset"))
            for d in session.dimensions]


@dataclass(frozen=True)
class PlanDimension:
    """The plan as a whole on one dimension: the sum of the team's agreed ratings over the
    closed measures, and how the individual ratings behind them spread."""

    dimension: Dimension
    #: Sum of agreed ratings over the measures (weet niet counts as nothing).
    total: int
    #: Measures the team agreed help (+) or harm (−) this dimension, and where it did not know.
    helped_by: tuple[str, ...]
    harmed_by: tuple[str, ...]
    unknown: tuple[str, ...]
    #: Every individual rating of every agreed measure on this dimension, summed up.
    ratings: Aggregate
    #: Of the agreed measures, the largest disagreement (spread) seen on this dimension.
    widest_spread: int

    @property
    def served(self) -> bool:
        """The plan on balance does this dimension good."""
        return self.total > 0

    @property
    def harmed(self) -> bool:
        """The plan on balance does this dimension harm, or harms it anywhere."""
        return self.total < 0


def plan_profile(session: WorkSession) -> list[PlanDimension]:
    """The plan's effect profile over the measures the team has closed."""
    done = [m for m in session.plan.measures if session.closed(m.id)]
    result = []
    for dimension in session.dimensions:
        total = 0
        helped, harmed, unknown = [], [], []
        everyone: list[Rating] = []
        widest = 0
        for measure in done:
            value = session.agreement(measure.id).values.get(dimension.id)
            if value is None:
                unknown.append(measure.id)
            else:
                total += value
                if value > 0:
                    helped.append(measure.id)
                elif value < 0:
                    harmed.append(measure.id)
            given = session.ratings_of(measure.id, dimension.id).values()
            everyone.extend(given)
            widest = max(widest, aggregate(given).spread or 0)
        result.append(PlanDimension(dimension, total, tuple(helped), tuple(harmed),
                                    tuple(unknown), aggregate(everyone), widest))
    return result


@dataclass(frozen=True)
class Division:
    """A measure and dimension on which the team was divided, for the report's open questions."""

    measure: Measure
    dimension: Dimension
    aggregate: Aggregate


def most_divided(session: WorkSession, limit: int = 5) -> list[Division]:
    """Where the team was furthest apart (revealed measures), widest spread first; ties broken
    by divided-ness, then by the share of "weet niet", then by plan order."""
    found = []
    for m_index, measure in enumerate(session.plan.measures):
        if not session.revealed(measure.id):
            continue
        for d_index, dimension in enumerate(session.dimensions):
            agg = session.aggregate(measure.id, dimension.id)
            if agg.disagreement:
                found.append(((-(agg.spread or 0), not agg.divided, -agg.share_dont_know,
                               m_index, d_index), Division(measure, dimension, agg)))
    found.sort(key=lambda pair: pair[0])
    return [division for _, division in found[:limit]]
