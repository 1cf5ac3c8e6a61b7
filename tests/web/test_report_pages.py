"""The reports' HTML in a real browser (headless Chromium), at a phone's width and at A4's.

A report is mailed and opened on phones, and printed. In the browser every block of text is
checked against its own words: a table cell narrower than its longest word is where "Statu s",
"Van af" and a vertical "T h e m a" came from, so no element may be narrower than a word it
holds, and the page itself may not scroll sideways (a wide table scrolls in its own box).
Set ``MORGENMAKEN_SHOTS`` to a folder to keep a full-page screenshot of every page checked.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from morgenmaken.engine import GameConfig, compile_scenario, new_game
from morgenmaken.report.commands import write_report
from morgenmaken.report.debrief import build_debrief
from morgenmaken.report.werksessie import write_session_report
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.sim.bots import make_bot, play_game
from morgenmaken.werksessie.model import model_contrasts
from morgenmaken.werksessie.session import new_session
from tests.web.browser import PHONE, chromium
from tests.web.conftest import shipped_plan

#: CSS pixels: a phone, and an A4 sheet (210 mm at 96 px an inch) as printed.
WIDTHS = {"phone": PHONE[0], "a4": 794}

#: Every block whose own words are wider than its content box, and everything that sticks
#: out of the page sideways outside a scrolling box. Returns worded problems.
LAYOUT_CHECK = """
const problems = [];
const ctx = document.createElement('canvas').getContext('2d');
const width = window.innerWidth;
const root = document.documentElement;
if (root.scrollWidth > width + 1) problems.push('the page scrolls sideways: ' + root.scrollWidth);
const font = (cs) => `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
for (const el of document.body.querySelectorAll('*')) {
  const cs = getComputedStyle(el);
  if (cs.display === 'inline' || cs.display === 'none' || cs.visibility === 'hidden') continue;
  if (['IMG', 'BR', 'STYLE', 'SCRIPT'].includes(el.tagName)) continue;
  const pieces = [];  // [text, css font] of this block's own text and its inline children
  for (const node of el.childNodes) {
    if (node.nodeType === 3) pieces.push([node.textContent, font(cs)]);
    else if (node.nodeType === 1) {
      const inner = getComputedStyle(node);
      if (inner.display === 'inline') pieces.push([node.textContent, font(inner)]);
    }
  }
  const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  for (const [text, css] of pieces) {
    ctx.font = css;
    // a line may break at a space and after a hyphen or slash: those parts must fit
    for (const word of text.split(/\\s+|(?<=[-\u2010\u2013\u2014\\/])/)) {
      if (!word) continue;
      const wide = ctx.measureText(word).width;
      if (wide > room + 0.5) {
        problems.push(`${el.tagName}${el.id ? '#' + el.id : ''}: "${word}" is ` +
                      `${wide.toFixed(0)} px in ${room.toFixed(0)} px`);
      }
    }
  }
  const box = el.getBoundingClientRect();
  if (box.width && box.right > width + 1 && !el.closest('.scroll')) {
    problems.push(`${el.tagName}${el.id ? '#' + el.id : ''} sticks out to ` +
                  `${box.right.toFixed(0)} px`);
  }
}
for (const img of document.images) {
  if (img.getBoundingClientRect().right > width + 1) problems.push('a chart is too wide');
  if (!img.complete || !img.naturalWidth) problems.push('a chart did not load');
}
return problems;
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The debrief of a won and a lost game (Dutch, and the won one in English) and a
    werksessie report, as HTML files."""
    folder = tmp_path_factory.mktemp("pages")
    compiled = compile_scenario(load_scenario(shipped_dir() / "drenthe.yaml"))
    made: dict[str, Path] = {}
    # seeds chosen so the balanced team wins and the short-sighted one loses
    for kind, strategy, seed in (("won", "balanced", 2), ("lost", "myopic", 1)):
        config = GameConfig(seed=seed, players=("Anna", "Bram", "Cor", "Dewi"),
                            team="De Brug" if kind == "won" else "Het Veen")
        state = play_game(new_game(compiled, config), make_bot(strategy, seed))
        assert state.won() == (kind == "won")
        for lang in ("nl", "en") if kind == "won" else ("nl",):
            paths = write_report(build_debrief(state, lang), folder / f"{kind}-{lang}", kind)
            made[f"{kind}-{lang}"] = next(p for p in paths if p.suffix == ".html")
    session = new_session(shipped_plan(), [f"Deelnemer {i}" for i in range(1, 9)])
    rng = random.Random(1)
    for measure in session.measures[:2]:
        for person in session.participants:
            for dimension in session.dimensions:
                session.rate(measure.id, person, dimension.id,
                             rng.choice([-2, -1, 0, 1, 2, None]))
            session.submit(measure.id, person)
        session.start_agreement(measure.id)
        session.close(measure.id)
    paths = write_session_report(session, folder / "ws", "nl",
                                 model_contrasts(session, compiled.scenario), stem="ws")
    made["werksessie-nl"] = next(p for p in paths if p.suffix == ".html")
    return made


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = chromium()
    yield driver
    driver.quit()


def _look(driver: WebDriver, path: Path, width: str, print_media: bool) -> list[str]:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "print" if print_media else "screen"})
    driver.set_window_size(WIDTHS[width], PHONE[1])
    driver.get(path.as_uri())
    inner = driver.execute_script("return window.innerWidth")
    assert abs(inner - WIDTHS[width]) <= 20, inner  # the viewport is the width asked for
    problems: list[str] = driver.execute_script(LAYOUT_CHECK)
    folder = os.environ.get("MORGENMAKEN_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(WIDTHS[width], min(int(height) + 100, 16000))
        driver.save_screenshot(str(Path(folder) / f"report-{path.parent.name}-{width}.png"))
    return problems


@pytest.mark.parametrize("name", ["won-nl", "won-en", "lost-nl", "werksessie-nl"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_report_pages_break_no_word_at_phone_and_a4_width(
        name: str, width: str, pages: dict[str, Path], browser: WebDriver) -> None:
    problems = _look(browser, pages[name], width, print_media=width == "a4")
    assert problems == []


def test_the_check_sees_a_broken_word(tmp_path: Path, browser: WebDriver) -> None:
    page = tmp_path / "narrow.html"
    page.write_text('<!DOCTYPE html><meta name="viewport" content="width=device-width">'
                    '<table><tr><td style="width:1px;overflow-wrap:anywhere">Status</td>'
                    '<td>x</td></tr></table><div style="width:2000px">wide</div>',
                    encoding="utf-8")
    problems = _look(browser, page, "phone", print_media=False)
    assert any('"Status"' in p for p in problems)
    assert any("sideways" in p or "sticks out" in p for p in problems)
