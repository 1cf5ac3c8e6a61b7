"""Synthetic scenarios of any size, for benchmarks and property tests.

Real scenarios are hand-written and fixed in size; to show that the engine's cost grows no
faster than linearly, and to let hypothesis explore odd shapes, we need scenarios generated from
a few numbers. They use every feature of the format (delays, spreads, structural cards,
conditions, triggered events, every interaction shape) so a property that holds on them holds
for the format, not just for one file.
"""

from __future__ import annotations

import random
from typing import Any

from morgenmaken.scenario.models import Scenario

_CATEGORIES = ("hier-en-nu", "later", "elders", "verdeling")


def synthetic_data(scale: int = 1, seed: int = 0, roles: int = 6,
                   cards_per_role: int = 8, events: int = 16,
                   interactions_per_variable: int = 2, rounds: int = 8) -> dict[str, Any]:
    """Scenario data (as loaded from YAML) with ``16 * scale`` variables.

    Interactions number ``interactions_per_variable`` per variable, so 10x the scale gives 10x
    the variables and interactions.
    """
    rng = random.Random(seed)
    n = 16 * scale
    variables: list[dict[str, Any]] = [
        {"id": f"v{i}", "name": {"nl": f"Thema {i}", "en": f"Theme {i}"},
         "category": _CATEGORIES[i % 4], "baseline": rng.uniform(40, 70),
         "warning": 35, "critical": 20, "collapse": 3}
        for i in range(n)
    ]
    variables.append({"id": "budget", "name": {"nl": "Budget"}, "category": "resource",
                      "range": [-100, 1000], "baseline": 30})
    variables.append({"id": "draagvlak", "name": {"nl": "Draagvlak"}, "category": "resource",
                      "baseline": 60, "collapse": 0})
    shapes = ("linear", "saturating", "threshold")
    interactions = []
    for i in range(n * interactions_per_variable):
        source, target = rng.randrange(n), rng.randrange(n)
        shape = shapes[i % 3]
        link: dict[str, Any] = {"from": f"v{source}", "to": f"v{target}",
                                "weight": rng.uniform(0.01, 0.08),
                                "sign": rng.choice("+-"), "delay": rng.randrange(3),
                                "shape": shape}
        if shape == "saturating":
            link["cap"] = 1.5
        interactions.append(link)
    trends = [{"id": f"t{i}", "name": {"nl": f"Trend {i}"}, "variable": f"v{rng.randrange(n)}",
               "per_round": rng.uniform(-1.0, 0.3)} for i in range(max(2, n // 4))]
    trends.append({"id": "rijk", "name": {"nl": "Rijksbijdrage"}, "variable": "budget",
                   "per_round": 25})

    def effects(count: int) -> list[dict[str, Any]]:
        return [{"variable": f"v{rng.randrange(n)}", "amount": rng.uniform(-3, 5),
                 "delay": rng.randrange(3), "spread": rng.randrange(1, 3)}
                for _ in range(count)]

    cards: list[dict[str, Any]] = []
    role_list = []
    for r in range(roles):
        hand = []
        for c in range(cards_per_role):
            card_id = f"c{r}_{c}"
            hand.append(card_id)
            card: dict[str, Any] = {
                "id": card_id, "title": {"nl": f"Kaart {card_id}"},
                "text": {"nl": "Een maatregel."},
                "cost": {"budget": rng.randrange(2, 14), "draagvlak": rng.randrange(0, 4)},
                "effects": effects(rng.randrange(1, 4)),
            }
            if c % 4 == 1:
                card.update(structural=True, upkeep=rng.randrange(0, 3),
                            per_round=effects(1), duration=rng.choice([None, 3]))
                if card["duration"] is None:
                    del card["duration"]
            if c % 5 == 2:
                card["requires"] = "draagvlak >= 20 and round >= 2"
            if c == 3:
                card["requires_cards"] = [f"c{r}_0"]
            cards.append(card)
        role_list.append({"id": f"r{r}", "name": {"nl": f"Rol {r}"},
                          "portfolio": {"nl": "Portefeuille"}, "cards": hand,
                          "goal": {"text": {"nl": "Doel"}, "condition": f"v{r % n} >= 50"}})
    event_list = []
    for e in range(events):
        event: dict[str, Any] = {"id": f"e{e}", "title": {"nl": f"Nieuws {e}"},
                                 "text": {"nl": "Er gebeurt iets."},
                                 "weight": rng.uniform(0.5, 3), "max_times": rng.randrange(1, 3),
                                 "effects": effects(2)}
        if e % 4 == 0:
            event["condition"] = f"round >= 2 and v{rng.randrange(n)} < 60"
        if e % 7 == 3:
            event["trigger"] = "condition"
            event["condition"] = "draagvlak < 30"
        event_list.append(event)
    return {
        "id": f"synthetic_{scale}_{seed}",
        "title": {"nl": "Synthetisch", "en": "Synthetic"},
        "region": {"nl": "Nergensland"},
        "start_year": 2026, "rounds": rounds,
        "variables": variables, "interactions": interactions, "trends": trends,
        "roles": role_list, "cards": cards, "events": event_list,
        "score": {"win_threshold": 50, "goal_bonus": 1, "components": [
            {"id": "nu", "name": {"nl": "Hier en nu"}, "weight": 0.4,
             "category": "hier-en-nu", "aggregate": "balanced"},
            {"id": "later", "name": {"nl": "Later"}, "weight": 0.3, "category": "later",
             "aggregate": "mean"},
            {"id": "elders", "name": {"nl": "Elders"}, "weight": 0.1, "category": "elders",
             "aggregate": "min"},
            {"id": "verdeling", "name": {"nl": "Verdeling"}, "weight": 0.2,
             "category": "verdeling", "aggregate": "gap"},
        ]},
        "end_conditions": [{"id": "bankroet", "condition": "budget < 0",
                            "text": {"nl": "Failliet"}}],
    }


def synthetic_scenario(scale: int = 1, seed: int = 0, **kwargs: Any) -> Scenario:
    """A validated synthetic :class:`Scenario` (see :func:`synthetic_data`)."""
    return Scenario.model_validate(synthetic_data(scale, seed, **kwargs))
