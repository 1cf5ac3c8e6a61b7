"""Every scenario example in the guides loads on its own, as an author would copy it.

An author copies one snippet of the guide into a file that holds nothing else from the guide.
So each snippet is put alone into a small scenario that has only the variables the guide's text
introduces (no sources, no other cards): a snippet that cites a source without listing it, or
uses a variable the guide never introduces, fails here as it would fail for the author.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from morgenmaken.scenario.loader import ScenarioLoader, check_scenario_text

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDES = [DOCS / "writing-scenarios.md", DOCS / "scenario-schrijven.md"]
#: The variables the guides' text introduces (the table of categories and the examples).
VARIABLES = ["gezondheid", "subjectief_welzijn", "materiele_welvaart", "wonen",
             "natuurlijk_kapitaal", "menselijk_kapitaal", "economisch_kapitaal",
             "voetafdruk_elders", "jongvolwassenen", "ouderen", "kwetsbare_huishoudens",
             "budget", "draagvlak"]
CATEGORY = {"gezondheid": "hier-en-nu", "subjectief_welzijn": "hier-en-nu",
            "materiele_welvaart": "hier-en-nu", "wonen": "hier-en-nu",
            "natuurlijk_kapitaal": "later", "menselijk_kapitaal": "later",
            "economisch_kapitaal": "later", "voetafdruk_elders": "elders",
            "jongvolwassenen": "verdeling", "ouderen": "verdeling",
            "kwetsbare_huishoudens": "verdeling", "budget": "resource",
            "draagvlak": "resource"}


def _base() -> dict[str, Any]:
    return {
        "id": "voorbeeld", "title": {"nl": "Voorbeeld", "en": "Example"},
        "region": {"nl": "Voorbeeldland", "en": "Example land"}, "start_year": 2026,
        "variables": [{"id": v, "name": {"nl": v, "en": v}, "category": CATEGORY[v],
                       "baseline": 50} for v in VARIABLES],
        "roles": [{"id": "team", "name": {"nl": "Team", "en": "Team"},
                   "portfolio": {"nl": "Alles", "en": "Everything"}, "cards": ["kaart"]}],
        "cards": [_stub_card("kaart")],
        "score": {"components": [{"id": "hier", "name": {"nl": "Hier", "en": "Here"},
                                  "weight": 1, "category": "hier-en-nu"}],
                  "win_threshold": 50},
    }


def _stub_card(card_id: str) -> dict[str, Any]:
    return {"id": card_id, "title": {"nl": card_id, "en": card_id},
            "text": {"nl": card_id, "en": card_id},
            "effects": [{"variable": "gezondheid", "amount": 1}]}


def _alone(snippet: dict[str, Any]) -> dict[str, Any]:
    """The base scenario with the snippet's parts in it: list items replace items with the
    same id, other fields replace the base's. Cards and hands are made to match (a card in no
    hand goes to the team, a hand's unknown card gets a stub), since a snippet shows one of
    the two only."""
    scenario = _base()
    for key, value in snippet.items():
        if isinstance(value, list) and isinstance(scenario.get(key), list):
            ids = {item.get("id") for item in value if isinstance(item, dict)}
            scenario[key] = [item for item in scenario[key] if item.get("id") not in ids]
            scenario[key].extend(value)
        else:
            scenario[key] = value
    cards = {card["id"] for card in scenario["cards"] if isinstance(card, dict)}
    held = {c for role in scenario["roles"] for c in role.get("cards", [])}
    for card in sorted(held - cards):
        scenario["cards"].append(_stub_card(card))
    missing = sorted(cards - held)
    if missing:
        team = next((role for role in scenario["roles"] if role["id"] == "team"), None)
        if team is None:
            team = _base()["roles"][0]
            scenario["roles"].append(team)
        team["cards"].extend(missing)
    return scenario


def _snippets(guide: Path) -> list[tuple[int, str]]:
    """(line, text) of each scenario snippet: not the complete example, not plans."""
    text = guide.read_text(encoding="utf-8")
    complete = re.search(r"<!-- complete-example -->\n```yaml\n(.*?)```", text, re.DOTALL)
    found = []
    for match in re.finditer(r"```yaml\n(.*?)```", text, re.DOTALL):
        block = match[1]
        if (complete is not None and block == complete[1]) or re.search(
                r"^(measures|dimensions|scenario):", block, re.MULTILINE):
            continue
        found.append((text[:match.start()].count("\n") + 2, block))
    return found


CASES = [(guide, line, block) for guide in GUIDES for line, block in _snippets(guide)]


@pytest.mark.parametrize(("guide", "line", "block"), CASES,
                         ids=[f"{g.name}:{n}" for g, n, _ in CASES])
def test_each_guide_example_loads_alone(guide: Path, line: int, block: str) -> None:
    data = yaml.load(block, Loader=ScenarioLoader)
    if data is None:  # only the editor's comment line
        return
    assert isinstance(data, dict), f"{guide.name}:{line}"
    text = yaml.safe_dump(_alone(data), allow_unicode=True, sort_keys=False)
    _, diagnostics = check_scenario_text(text, f"{guide.name}:{line}")
    errors = [d.message for d in diagnostics if d.severity == "error"]
    assert not errors, f"the example at {guide.name}:{line} does not load alone: {errors}"


def test_the_examples_are_found() -> None:
    """Each guide shows the variables, interactions, trends, cards, events, roles, score and
    end snippets, and the walk-through's first step."""
    for guide in GUIDES:
        firsts = {next(iter(yaml.load(block, Loader=ScenarioLoader) or {"-": 0}))
                  for _, block in _snippets(guide)}
        assert {"variables", "interactions", "trends", "cards", "events", "roles", "score",
                "end_conditions", "id"} <= firsts, guide.name
