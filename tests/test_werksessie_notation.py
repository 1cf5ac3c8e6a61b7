"""One notation for where the team differs, on the shared screen, the phones and the report;
the report anonymous or named; date, place and facilitator on it."""

from __future__ import annotations

import csv
import io

from starlette.testclient import TestClient

from morgenmaken.report.werksessie import session_csv, session_html, session_view
from morgenmaken.table.room import Room
from morgenmaken.ui.scenes.ws_reveal import marker, median_text
from morgenmaken.web.app import create_app
from morgenmaken.werksessie.notation import mark, spread_text
from morgenmaken.werksessie.session import WorkSession, new_session
from tests.web.conftest import join, small_plan


def rated(anonymous: bool) -> WorkSession:
    session = new_session(small_plan(), ["Anna Jansen", "Bram de Vries"], team="Dorp",
                          date="3 maart 2026", place="Emmen", facilitator="Sanne",
                          anonymous=anonymous)
    for person, values in (("Anna Jansen", (-1, 0, 2)), ("Bram de Vries", (0, 0, -2))):
        for dimension, value in zip(("d1", "d2", "d3"), values, strict=True):
            session.rate("m1", person, dimension, value)
        session.submit("m1", person)
    return session


def test_screen_and_report_write_median_spread_and_marks_alike() -> None:
    session = rated(anonymous=False)
    row = {r.dimension: r for r in session_view(session, "nl").measures[0].rows}
    for dimension in session.dimensions:
        agg = session.aggregate("m1", dimension.id)
        reported = row[dimension.name.get("nl")]
        assert reported.median == median_text(agg)  # the reveal screen's own function
        assert reported.spread.startswith(spread_text(agg, "nl"))
        assert marker(agg, "nl") == mark(agg, "nl")
    assert row["Dimensie 1"].median == "−/0"  # a half: between the two positions
    assert row["Dimensie 3"].spread == "−− tot ++ ‼"
    assert marker(session.aggregate("m1", "d3"), "nl") == "‼ verdeeld"


def test_the_phones_get_the_same_notation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    room = Room.create(new_session(small_plan(), [], phones=True), tmp_path / "r.sqlite3")
    try:
        client = TestClient(create_app(room, "http://testserver"), base_url="http://testserver")
        csrf = join(client, room, "Anna")
        for dimension, value in (("d1", -2), ("d2", 0), ("d3", 2)):
            client.post(f"/{room.code}/api/rate", headers={"X-CSRF-Token": csrf},
                        json={"measure": "m1", "dimension": dimension, "value": value})
        client.post(f"/{room.code}/api/submit", headers={"X-CSRF-Token": csrf},
                    json={"measure": "m1"})
        figures = client.get(f"/{room.code}/api/state").json()["figures"]
        agg = room.session.aggregate("m1", "d1")
        assert figures[0]["median_text"] == median_text(agg) == "−−"
        assert figures[0]["spread_text"] == spread_text(agg, "nl")
    finally:
        room.close_db()


def test_an_anonymous_report_numbers_the_participants_everywhere() -> None:
    session = rated(anonymous=True)
    html = session_html(session, "nl")
    data = session_csv(session, "nl")
    for name in ("Anna", "Jansen", "Bram", "Vries"):
        assert name not in html and name not in data
    assert "Deelnemer 1" in html and "Deelnemer 2" in html
    people = {row["deelnemer"] for row in csv.DictReader(io.StringIO(data.lstrip("\ufeff")),
                                                          delimiter=";")}
    assert people == {"Deelnemer 1", "Deelnemer 2"}
    named = session_html(rated(anonymous=False), "nl")
    assert "Anna Jansen" in named


def test_the_report_says_when_where_and_who_led() -> None:
    view = session_view(rated(anonymous=False), "en")
    assert view.held == "3 maart 2026 · Emmen · facilitated by Sanne"
    assert "3 maart 2026 · Emmen · begeleid door Sanne" in session_html(rated(False), "nl")
