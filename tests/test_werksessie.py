"""The werksessie core: aggregates, the hidden-until-all-rated rule, agreements, profiles, saves."""

from __future__ import annotations

import json
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from morgenmaken.scenario.models import Text
from morgenmaken.werksessie.aggregate import SCALE, aggregate, symbol
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan
from morgenmaken.werksessie.session import (
    SessionError,
    WorkSession,
    loads,
    measure_profile,
    most_divided,
    new_session,
    plan_profile,
)

ratings = st.one_of(st.none(), st.sampled_from(SCALE))


def make_plan(measures: int = 2, dimensions: int = 3) -> Plan:
    lenses = list(Lens)
    return Plan(
        id="plan", title=Text(nl="Plan", en="Plan"),
        measures=[Measure(id=f"m{i}", title=Text(nl=f"Maatregel {i}"),
                          description=Text(nl="Doet iets.")) for i in range(measures)],
        dimensions=[Dimension(id=f"d{j}", name=Text(nl=f"Dimensie {j}"),
                              group=lenses[j % len(lenses)]) for j in range(dimensions)])


def rate_all(session: WorkSession, measure: str, values: dict[str, list[int | None]]) -> None:
    """Each participant rates every dimension (values in dimension order) and submits."""
    for person, row in values.items():
        for dimension, value in zip(session.dimensions, row, strict=True):
            session.rate(measure, person, dimension.id, value)
        session.submit(measure, person)


# ---------------------------------------------------------------------- aggregates
@given(st.lists(ratings, max_size=12), st.randoms())
def test_aggregate_does_not_depend_on_order(values: list[int | None], rng) -> None:  # type: ignore[no-untyped-def]
    shuffled = values[:]
    rng.shuffle(shuffled)
    assert aggregate(values) == aggregate(shuffled)


@given(st.lists(ratings, min_size=1, max_size=12))
def test_aggregate_figures_are_right(values: list[int | None]) -> None:
    result = aggregate(values)
    known = [v for v in values if v is not None]
    assert result.count == len(values)
    assert result.dont_know == values.count(None)
    assert result.share_dont_know == pytest.approx(values.count(None) / len(values))
    assert sum(result.counts) == len(known)
    if known:
        assert result.median == statistics.median(known)
        assert result.spread == max(known) - min(known)
        assert result.divided == (min(known) < 0 < max(known))
        assert result.suggestion is not None
        assert abs(result.suggestion) <= abs(result.median)  # rounded towards zero
    else:
        assert result.median is None and result.spread is None and not result.divided


def test_aggregate_refuses_values_off_the_scale() -> None:
    with pytest.raises(ValueError, match="rating is one of"):
        aggregate([3])


def test_symbols_read_like_a_flip_over() -> None:
    assert [symbol(v) for v in (-2, -1, 0, 1, 2, None)] == ["−−", "−", "0", "+", "++", "?"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ratings, min_size=3, max_size=3), min_size=1, max_size=8),
       st.randoms())
def test_session_aggregates_do_not_depend_on_participant_or_rating_order(
        rows: list[list[int | None]], rng) -> None:  # type: ignore[no-untyped-def]
    names = [f"P{i}" for i in range(len(rows))]
    first = new_session(make_plan(1, 3), names)
    rate_all(first, "m0", dict(zip(names, rows, strict=True)))
    # the same ratings, participants listed and rating in another order, dimensions too
    order = list(range(len(rows)))
    rng.shuffle(order)
    second = new_session(make_plan(1, 3), [names[i] for i in order])
    for i in order:
        dims = list(range(3))
        rng.shuffle(dims)
        for j in dims:
            second.rate("m0", names[i], f"d{j}", rows[i][j])
    for i in reversed(order):
        second.submit("m0", names[i])
    for dimension in ("d0", "d1", "d2"):
        assert first.aggregate("m0", dimension) == second.aggregate("m0", dimension)


# ---------------------------------------------------------------------- the session's rules
def test_ratings_stay_hidden_until_everyone_has_rated() -> None:
    session = new_session(make_plan(1, 2), ["Anna", "Bram", "Cem"])
    rate_all(session, "m0", {"Anna": [2, 1], "Bram": [-1, None]})
    assert session.waiting_for("m0") == ["Cem"]
    assert not session.revealed("m0")
    with pytest.raises(SessionError, match="hidden"):
        session.ratings_of("m0", "d0")
    with pytest.raises(SessionError, match="after everyone"):
        session.start_agreement("m0")
    rate_all(session, "m0", {"Cem": [0, 0]})
    assert session.ratings_of("m0", "d0") == {"Anna": 2, "Bram": -1, "Cem": 0}


def test_a_submitted_rating_is_fixed_and_a_submission_needs_every_dimension() -> None:
    session = new_session(make_plan(1, 2), ["Anna", "Bram"])
    session.rate("m0", "Anna", "d0", 1)
    with pytest.raises(SessionError, match="weet niet"):
        session.submit("m0", "Anna")
    session.rate("m0", "Anna", "d0", -2)  # may still change her mind
    session.rate("m0", "Anna", "d1", None)
    session.submit("m0", "Anna")
    with pytest.raises(SessionError, match="already submitted"):
        session.rate("m0", "Anna", "d0", 2)
    assert session.rating("m0", "Anna", "d0") == -2
    assert session.rating("m0", "Bram", "d0") == "unrated"


def test_unknown_names_and_bad_values_are_refused_with_a_reason() -> None:
    session = new_session(make_plan(1, 1), ["Anna"])
    with pytest.raises(SessionError, match="does not take part"):
        session.rate("m0", "Zoë", "d0", 1)
    with pytest.raises(SessionError, match="no measure"):
        session.rate("mx", "Anna", "d0", 1)
    with pytest.raises(SessionError, match="no dimension"):
        session.rate("m0", "Anna", "dx", 1)
    with pytest.raises(SessionError, match="rating is one of"):
        session.rate("m0", "Anna", "d0", 5)


def test_participants_must_have_distinct_names() -> None:
    with pytest.raises(SessionError, match="different name"):
        new_session(make_plan(), ["Anna", " anna "])
    with pytest.raises(SessionError, match="participants"):
        new_session(make_plan(), ["", "  "])
    assert new_session(make_plan(), ["  Anna   de Vries "]).participants == ["Anna de Vries"]


def test_agreement_starts_at_the_median_and_closing_moves_on() -> None:
    session = new_session(make_plan(2, 2), ["A", "B", "C", "D"])
    rate_all(session, "m0", {"A": [2, -1], "B": [1, 0], "C": [1, None], "D": [-2, None]})
    agreement = session.start_agreement("m0")
    assert agreement.values == {"d0": 1, "d1": 0}  # medians 1 and −0.5 (towards zero: 0)
    session.agree("m0", "d1", None)
    session.argue("m0", "  Het helpt vooral jongeren. ", "Wat kost het na 2030?")
    assert session.current() is not None and session.current().id == "m0"
    session.close("m0")
    assert session.current() is not None and session.current().id == "m1"
    assert session.agreement("m0").argument == "Het helpt vooral jongeren."
    profile = measure_profile(session, "m0")
    assert [r.agreed for r in profile] == [1, None]
    assert profile[0].aggregate.divided and profile[0].aggregate.disagreement


def test_plan_profile_sums_agreed_ratings_and_names_what_is_served_and_harmed() -> None:
    session = new_session(make_plan(2, 2), ["A", "B"])
    rate_all(session, "m0", {"A": [2, -1], "B": [2, -2]})
    rate_all(session, "m1", {"A": [1, 1], "B": [-1, 1]})
    session.agree("m0", "d0", 2)
    session.agree("m0", "d1", -1)
    session.close("m0")
    session.agree("m1", "d0", 0)
    session.agree("m1", "d1", 1)
    session.close("m1")
    assert session.finished()
    d0, d1 = plan_profile(session)
    assert (d0.total, d0.helped_by, d0.harmed_by, d0.served) == (2, ("m0",), (), True)
    assert (d1.total, d1.helped_by, d1.harmed_by) == (0, ("m1",), ("m0",))
    assert d0.widest_spread == 2 and d0.ratings.count == 4
    divided = most_divided(session)
    assert (divided[0].measure.id, divided[0].dimension.id) == ("m1", "d0")


# ---------------------------------------------------------------------- saving
@st.composite
def sessions(draw: st.DrawFn) -> WorkSession:
    """A session part-way: some measures rated (some partly), some agreed and closed."""
    people = draw(st.lists(st.text(min_size=1, max_size=12).map(str.strip).filter(bool),
                           min_size=1, max_size=8, unique_by=str.casefold))
    people = [" ".join(p.split()) for p in people]
    if len({p.casefold() for p in people}) != len(people) or not all(people):
        people = [f"P{i}" for i in range(len(people))]
    session = new_session(make_plan(3, 3), people, team=draw(st.text(max_size=20)))
    for measure in session.measures:
        for person in people:
            for dimension in session.dimensions:
                if draw(st.booleans()):
                    session.rate(measure.id, person, dimension.id, draw(ratings))
            if not session.missing(measure.id, person) and draw(st.booleans()):
                session.submit(measure.id, person)
        if session.revealed(measure.id) and draw(st.booleans()):
            session.start_agreement(measure.id)
            session.argue(measure.id, draw(st.text(max_size=40)), draw(st.text(max_size=40)))
            if draw(st.booleans()):
                session.close(measure.id)
    return session


@settings(max_examples=80, deadline=None)
@given(sessions())
def test_a_session_save_round_trips(session: WorkSession) -> None:
    again = loads(session.dumps())
    assert again == session
    assert again.dumps() == session.dumps()
    assert [again.revealed(m.id) for m in again.measures] == \
        [session.revealed(m.id) for m in session.measures]


def test_a_damaged_or_foreign_file_is_refused_with_a_sentence() -> None:
    session = new_session(make_plan(1, 1), ["Anna", "Bram"])
    session.rate("m0", "Anna", "d0", 1)
    with pytest.raises(SessionError, match="damaged"):
        loads(session.dumps()[:-20])
    with pytest.raises(SessionError, match="not a werksessie"):
        loads(json.dumps({"format": "morgenmaken-save", "version": 1}))
    document = json.loads(session.dumps())
    document["submitted"] = {"m0": ["Anna"], }
    document["ratings"]["m0"]["Anna"] = {}
    with pytest.raises(SessionError, match="without rating every dimension"):
        loads(json.dumps(document))
    document = json.loads(session.dumps())
    document["agreements"] = {"m0": {"values": {"d0": 1}}}
    with pytest.raises(SessionError, match="before everyone rated"):
        loads(json.dumps(document))
