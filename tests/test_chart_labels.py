"""No label of a report chart sits on another or runs off the picture; no word of a PDF table
is broken inside; the true minus looks like one.

Charts are checked where matplotlib knows it: every text a drawing really puts on the canvas
(titles, tick labels, the numbers on bars and markers, legend entries, side notes) has a box
(:meth:`matplotlib.text.Text.get_window_extent`); two boxes that overlap are two labels a
reader cannot read, like the budget chart's once did. Every chart of a won and a lost game and
of a werksessie is checked, in Dutch and English. PDF tables are measured in the PDF's fonts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from morgenmaken.engine import GameConfig, compile_scenario, new_game
from morgenmaken.report import charts
from morgenmaken.report.debrief import Debrief, build_debrief
from morgenmaken.report.werksessie_charts import measure_chart, plan_chart
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.werksessie.plan_loader import load_plan, prepare_plan, resolve_plan
from morgenmaken.werksessie.session import WorkSession, new_session

COMPILED = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
#: Overlap smaller than this many pixels (at 100 dpi) is two glyph boxes touching, not a clash.
SLACK = 1.5


def _drawn_texts(figure: Figure) -> list[tuple[Text, Bbox]]:
    """Every text the drawing of `figure` really puts on the canvas, with its box.

    Recorded while drawing (a tick label outside the axis's range exists but is not drawn,
    so asking the figure for its texts would report clashes nobody sees).
    """
    seen: list[Text] = []
    original = Text.draw

    def record(self: Text, renderer: object) -> None:
        if self.get_visible() and self.get_text().strip():
            seen.append(self)
        original(self, renderer)

    with charts.style(), patch.object(Text, "draw", record):
        figure.set_dpi(charts.DPI)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
    renderer = canvas.get_renderer()
    with charts.style():
        return [(text, text.get_window_extent(renderer)) for text in seen]


def clashes(figure: Figure) -> list[str]:
    """The labels that overlap one another or leave the figure, worded for a failure."""
    found = _drawn_texts(figure)
    width, height = figure.canvas.get_width_height()
    problems = []
    for text, box in found:
        if box.x0 < -SLACK or box.y0 < -SLACK or box.x1 > width + SLACK \
                or box.y1 > height + SLACK:
            problems.append(f"{text.get_text()!r} runs off the picture ({box.bounds})")
    for i, (first, a) in enumerate(found):
        for second, b in found[i + 1:]:
            overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if overlap_w > SLACK and overlap_h > SLACK:
                problems.append(f"{first.get_text()!r} overlaps {second.get_text()!r}")
    return problems


def _debriefs() -> Iterator[tuple[str, Debrief]]:
    for strategy, seed in (("balanced", 1), ("myopic", 1), ("short_sighted", 3)):
        try:
            bot = make_bot(strategy, seed)
        except (KeyError, ValueError):
            continue
        config = GameConfig(seed=seed, players=("Anna", "Bram", "Cor"), team="Tafel")
        state = play_game(new_game(COMPILED, config), bot)
        for lang in ("nl", "en"):
            yield f"{strategy}-{seed}-{lang}", build_debrief(state, lang)


DEBRIEFS = dict(_debriefs())


@pytest.mark.parametrize("name", sorted(DEBRIEFS))
def test_game_charts_have_no_overlapping_labels(name: str) -> None:
    debrief = DEBRIEFS[name]
    problems = [f"profile: {p}" for p in clashes(charts.profile_chart(debrief))]
    for group in debrief.profile:
        figure = charts.category_timelines_chart(debrief, group.category)
        problems += [f"{group.label}: {p}" for p in clashes(figure)]
    assert problems == []


def _session() -> WorkSession:
    path = resolve_plan("voorbeeldplan")
    session = new_session(prepare_plan(load_plan(path), path),
                          [f"Deelnemer {i}" for i in range(1, 9)])
    rng = random.Random(1)
    for measure in session.measures[:2]:
        for person in session.participants:
            for dimension in session.dimensions:
                session.rate(measure.id, person, dimension.id,
                             rng.choice([-2, -1, 0, 1, 2, None]))
            session.submit(measure.id, person)
        session.start_agreement(measure.id)
        session.close(measure.id)
    return session


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_werksessie_charts_have_no_overlapping_labels(lang: str) -> None:
    session = _session()
    problems = [f"plan: {p}" for p in clashes(plan_chart(session, lang))]
    problems += [f"measure: {p}" for p in clashes(measure_chart(session,
                                                              session.measures[0].id, lang))]
    assert problems == []


def test_the_check_sees_an_overlap() -> None:
    with charts.style():
        figure = Figure(figsize=(4, 3))
        ax = figure.subplots()
        ax.text(0.5, 0.5, "Budget 98")
        ax.text(0.52, 0.5, "(+68)")
        ax.text(1.4, 0.5, "far outside the picture")
    found = clashes(figure)
    assert any("overlaps" in p for p in found)
    assert any("runs off" in p for p in found)


@pytest.mark.parametrize("name", charts.FONT_FILES)
def test_the_true_minus_looks_like_a_minus(name: str) -> None:
    """The bundled font's U+2212 is drawn as wide as '+' (it was the hyphen, so "−3" read as
    "-3" on every screen and page)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(charts.font_path(name))) as font:
        cmap = font.getBestCmap()
        minus, plus, hyphen = cmap[0x2212], cmap[ord("+")], cmap[ord("-")]
        assert minus != hyphen
        assert font["hmtx"][minus][0] == font["hmtx"][plus][0]
        glyph = font["glyf"][minus]
        assert glyph.xMax - glyph.xMin > 1.5 * (font["glyf"][hyphen].xMax
                                                 - font["glyf"][hyphen].xMin)


def test_pdf_tables_break_no_word() -> None:
    """Every word of every PDF table cell fits its column ("Statu s", "Van af", "204 / 2" were
    headings broken inside a word): the tables' calls are recorded and measured in the PDF's
    own fonts, headings in bold, for the debrief of a won and a lost game and a werksessie."""
    import re

    from morgenmaken.report import pdf as pdf_module
    from morgenmaken.report.werksessie import session_pdf

    calls: list[tuple[object, list[str], list[list[str]], list[float], float, set[int]]] = []
    original = pdf_module.ReportPDF.table_rows

    def record(self: pdf_module.ReportPDF, headings, rows, widths, numeric=(),  # type: ignore[no-untyped-def]
               bold_first=False, size=pdf_module.BODY - 1, centred=(), bold=(), after=3):
        strong = set(bold) | ({0} if bold_first else set())
        calls.append((self, list(headings), [list(r) for r in rows],
                      [w * self.epw / sum(widths) for w in widths], size, strong))
        return original(self, headings, rows, widths, numeric, bold_first, size, centred,
                        bold, after)

    with patch.object(pdf_module.ReportPDF, "table_rows", record):
        for name in ("balanced-1-nl", "balanced-1-en", "myopic-1-nl"):
            pdf_module.debrief_pdf(DEBRIEFS[name])
        session_pdf(_session(), "nl")
    assert calls
    problems = []
    for pdf, headings, rows, widths, size, strong in calls:
        room = [w - 2 * pdf.PAD[0] for w in widths]  # type: ignore[attr-defined]
        for line, is_heading in [(headings, True)] + [(r, False) for r in rows]:
            for column, text in enumerate(line):
                pdf.set_font(pdf_module.FONT, "B" if is_heading or column in strong else "",  # type: ignore[attr-defined]
                             size)
                for word in re.split(r"\s+|(?<=[-–—/])", text):
                    wide = pdf.get_string_width(word)  # type: ignore[attr-defined]
                    if word and wide > room[column] + 0.05:
                        problems.append(f"{word!r}: {wide:.1f} mm in {room[column]:.1f} mm")
    assert problems == []
