"""Properties and rules of the engine, on synthetic scenarios of varied shapes."""

from __future__ import annotations

import json
import operator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from morgenmaken.engine import (
    Action,
    Cause,
    Decision,
    GameConfig,
    GameState,
    IllegalActionError,
    Phase,
    SaveError,
    ScenarioChangedError,
    compile_scenario,
    deal_roles,
    dumps,
    load_data,
    new_game,
    replay,
    seat_roles,
)
from morgenmaken.engine.whatif import round_actions, what_if
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import load_scenario
from morgenmaken.scenario.models import Scenario
from morgenmaken.scenario.synthetic import synthetic_data, synthetic_scenario
from morgenmaken.sim.simulate import play_one

SCENARIOS = {seed: compile_scenario(synthetic_scenario(1, seed)) for seed in range(4)}


def play_drawn(data: st.DataObject, state: GameState, check: bool = True) -> GameState:
    """Apply actions drawn by hypothesis until the game ends, checking invariants each step."""
    while not state.is_terminal():
        legal = state.legal_actions()
        assert legal, "a running game always has a legal action"
        state.apply_action(data.draw(st.sampled_from(legal)))
        if check:
            assert_in_range(state)
            assert_budget_rule(state)
    return state


def assert_in_range(state: GameState) -> None:
    compiled = state.compiled
    for value, low, high in zip(state.values, compiled.lows, compiled.highs, strict=True):
        assert low <= value <= high


def assert_budget_rule(state: GameState) -> None:
    """The budget never ends a round below zero unless that ends the game.

    Within a round it may: the news can empty it, and the team still answers that round
    before the collapse check.
    """
    if state.budget < 0:
        if state.is_terminal():
            assert state.collapsed()
        else:
            assert state.history()[-1][state.compiled.budget] >= 0
            assert any(e.cause == Cause.EVENT for e in state.ledger("budget", state.round))


game_setup = st.fixed_dictionaries({
    "scenario": st.sampled_from(sorted(SCENARIOS)),
    "seed": st.integers(0, 2**31),
    "players": st.integers(2, 6),
    "decision": st.sampled_from(list(Decision)),
})


def start(setup: dict) -> GameState:
    names = tuple(f"P{i}" for i in range(setup["players"]))
    return new_game(SCENARIOS[setup["scenario"]],
                    GameConfig(seed=setup["seed"], players=names, decision=setup["decision"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(setup=game_setup, data=st.data())
def test_legal_play_never_raises_and_keeps_ranges(setup: dict, data: st.DataObject) -> None:
    state = play_drawn(data, start(setup))
    assert state.outcome is not None
    assert state.legal_actions() == []


@settings(max_examples=40, deadline=None)
@given(setup=game_setup, data=st.data())
def test_ledger_adds_up_to_every_change(setup: dict, data: st.DataObject) -> None:
    state = play_drawn(data, start(setup), check=False)
    compiled = state.compiled
    totals = [0.0] * len(compiled.var_ids)
    for entry in state.ledger():
        totals[compiled.index[entry.variable]] += entry.delta
    for i, vid in enumerate(compiled.var_ids):
        assert compiled.baselines[i] + totals[i] == pytest.approx(state.value(vid), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(setup=game_setup, data=st.data())
def test_replay_and_save_round_trip(setup: dict, data: st.DataObject) -> None:
    state = start(setup)
    steps = data.draw(st.integers(0, 200))
    for _ in range(steps):
        if state.is_terminal():
            break
        state.apply_action(data.draw(st.sampled_from(state.legal_actions())))
    again = replay(state)
    loaded = load_data(state.compiled, dumps(state))
    for other in (again, loaded):
        assert other.values == state.values  # bit for bit
        assert other.ledger() == state.ledger()
        assert other.round == state.round and other.phase == state.phase
        assert other.legal_actions() == state.legal_actions()
        assert other.pipeline() == state.pipeline()
    assert json.loads(dumps(loaded)) == json.loads(dumps(state))


@settings(max_examples=30, deadline=None)
@given(setup=game_setup, data=st.data())
def test_clone_is_independent(setup: dict, data: st.DataObject) -> None:
    state = start(setup)
    before = (state.values[:], state.ledger(), list(state.actions))
    other = state.clone()
    play_drawn(data, other, check=False)
    assert (state.values, state.ledger(), state.actions) == before


def test_same_seed_same_game_different_seed_different_news() -> None:
    compiled = SCENARIOS[0]
    news = set()
    for seed in range(12):
        a = new_game(compiled, seed=seed, players=("A", "B"))
        b = new_game(compiled, seed=seed, players=("A", "B"))
        assert a.round_events == b.round_events and a.values == b.values
        news.add(tuple(a.round_events))
    assert len(news) > 1


def test_illegal_action_is_refused_and_changes_nothing() -> None:
    state = new_game(SCENARIOS[0], seed=3, players=("A", "B"))
    values = state.values[:]
    with pytest.raises(IllegalActionError):
        state.apply_action(Action.adopt("c0_0"))  # not the decide phase
    with pytest.raises(IllegalActionError):
        state.apply_action(Action.propose("c1_0"))  # not this role's card
    assert state.values == values and state.actions == []


def test_card_cost_effects_delay_and_pipeline() -> None:
    data = synthetic_data(1, 0)
    data["events"] = []
    data["interactions"] = []
    data["trends"] = []
    data["cards"][0].update(cost={"budget": 5, "draagvlak": 2}, effects=[
        {"variable": "v0", "amount": 3},
        {"variable": "v1", "amount": 4, "delay": 2},
        {"variable": "v2", "amount": 6, "spread": 3},
    ])
    scenario = Scenario.model_validate(data)
    state = new_game(scenario, seed=0, players=("A", "B"))
    start_values = state.values[:]
    index = state.compiled.index
    state.apply_action(Action.propose("c0_0"))
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    state.apply_action(Action.adopt("c0_0"))
    assert state.budget == start_values[index["budget"]] - 5  # paid at once
    assert state.draagvlak == start_values[index["draagvlak"]] - 2
    coming = [(e.round, e.variable, e.delta) for e in state.pipeline()
              if e.source == "c0_0"]
    assert (1, "v0", 3) in coming and (3, "v1", 4) in coming
    assert [(r, v) for r, v, _ in coming if v == "v2"] == [(1, "v2"), (2, "v2"), (3, "v2")]
    state.apply_action(Action.done())
    assert state.value("v0") == pytest.approx(start_values[index["v0"]] + 3)
    assert state.value("v1") == pytest.approx(start_values[index["v1"]])
    assert state.value("v2") == pytest.approx(start_values[index["v2"]] + 2)
    for _ in range(2):  # two more rounds of doing nothing
        while not state.is_terminal() and state.round < 4 and state.legal_actions():
            state.apply_action(state.legal_actions()[-1])
            if state.round == 4:
                break
    assert state.value("v1") == pytest.approx(start_values[index["v1"]] + 4)
    assert state.value("v2") == pytest.approx(start_values[index["v2"]] + 6)
    causes = {(e.cause, e.source) for e in state.ledger("v1")}
    assert causes == {(Cause.CARD, "c0_0")}
    assert "c0_0" not in state.hands["r0"]  # played cards leave the hand


def test_vote_mode_majority_adopts() -> None:
    state = new_game(SCENARIOS[1], seed=5, players=("A", "B", "C"),
                     decision=Decision.VOTE)
    proposed = next(a for a in state.legal_actions() if a.kind == "propose")
    state.apply_action(proposed)
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    assert state.under_vote is not None and state.under_vote.card == proposed.card
    budget = state.budget
    for yes, player in ((True, 0), (False, 1), (True, 2)):
        assert state.current_player == player
        state.apply_action(Action.vote(proposed.card, yes))
    assert proposed.card in state.adopted
    assert state.ledger("budget", 1)[0].delta == pytest.approx(
        -state.compiled.cards[proposed.card].budget)
    assert budget >= state.compiled.cards[proposed.card].budget


def test_vote_mode_tie_rejects() -> None:
    state = new_game(SCENARIOS[1], seed=5, players=("A", "B"), decision=Decision.VOTE)
    proposed = next(a for a in state.legal_actions() if a.kind == "propose")
    state.apply_action(proposed)
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    state.apply_action(Action.vote(proposed.card, True))
    state.apply_action(Action.vote(proposed.card, False))
    assert proposed.card not in state.adopted
    assert state.round == 2 or state.is_terminal()


def _vote_table(cards: int, scarce: bool = True) -> tuple[GameState, list[str]]:
    """A vote-mode game in its decide phase with `cards` proposals on the table, from the
    first roles in turn, and (if `scarce`) a budget for only one of them."""
    state = new_game(SCENARIOS[1], seed=5, players=("A", "B", "C"), decision=Decision.VOTE)
    proposed: list[str] = []
    while state.phase == Phase.PROPOSE:
        offer = [a for a in state.legal_actions() if a.kind == "propose"]
        if offer and len(proposed) < cards and state.current_role not in {
                p.role for p in state.proposals}:
            state.apply_action(offer[0])
            proposed.append(offer[0].card)
        else:
            state.apply_action(Action.pass_())
    assert len(proposed) == cards
    if scarce:
        costs = [state.compiled.cards[c].budget for c in proposed]
        state.values[state.compiled.budget] = max(costs) + min(costs) / 2
        state._legal = None  # the budget was set by hand: ask the rules again
    return state, proposed


def test_vote_mode_the_team_sets_the_order_and_so_who_gets_the_budget() -> None:
    state, (first, second, third) = _vote_table(3)
    assert state.under_vote is not None and state.under_vote.card == first
    legal = state.legal_actions()
    assert legal[:2] == [Action.vote(first, True), Action.vote(first, False)]
    assert set(legal[2:]) == {Action.vote_next(second), Action.vote_next(third)}
    state.apply_action(Action.vote_next(third))  # no vote yet: the third is voted on now
    assert state.under_vote.card == third
    assert [p.card for p in state.proposals] == [third, first, second]
    assert Action.vote_next(third) not in state.legal_actions()
    for _ in range(3):
        state.apply_action(Action.vote(third, True))
    assert third in state.adopted
    # The role that proposed first no longer gets the budget by coming first.
    for _ in range(3):
        card = state.under_vote.card
        state.apply_action(Action.vote(card, True))
        if state.phase != Phase.DECIDE:
            break
    assert third in state.adopted and first not in state.adopted


def test_vote_mode_the_order_is_set_before_a_vote_and_each_card_moves_once() -> None:
    state, (first, second, third) = _vote_table(3)
    state.apply_action(Action.vote(first, True))
    assert not any(a.kind == "next" for a in state.legal_actions())
    with pytest.raises(IllegalActionError, match="before the first vote"):
        state.apply_action(Action.vote_next(third))
    while state.under_vote is not None and state.under_vote.card == first:
        state.apply_action(Action.vote(first, False))
    state.apply_action(Action.vote_next(third))
    assert [p.card for p in state.proposals] == [first, third, second]
    with pytest.raises(IllegalActionError, match="moved up"):
        state.apply_action(Action.vote_next(third))
    assert Action.from_json(Action.vote_next(third).to_json()) == Action.vote_next(third)
    again = replay(state)
    assert [p.card for p in again.proposals] == [p.card for p in state.proposals]
    assert again.legal_actions() == state.legal_actions()


def test_what_if_keeps_the_teams_vote_order() -> None:
    state, (first, _second, third) = _vote_table(3, scarce=False)
    state.apply_action(Action.vote_next(third))
    while state.round == 1 and not state.is_terminal():
        state.apply_action(Action.vote(state.under_vote.card, state.under_vote.card != first))
    order = [p.card for p in state.rounds_log[0].proposals]
    assert order[0] == third
    branch = what_if(state, 1, [a for a in round_actions(state, 1)
                                if a.kind in ("propose", "pass")])
    assert [p.card for p in branch.rounds_log[0].proposals] == order
    assert branch.rounds_log[0].proposals == state.rounds_log[0].proposals
    assert branch.values == state.values


@pytest.mark.parametrize("players", range(2, 7))
def test_roles_are_shared_out_evenly(players: int) -> None:
    roles = [f"r{i}" for i in range(6)]
    dealt = deal_roles(roles, players)
    assert set(dealt) == set(roles)
    loads = [list(dealt.values()).count(p) for p in range(players)]
    assert max(loads) - min(loads) <= 1 and min(loads) >= 1


def test_player_count_outside_scenario_is_refused() -> None:
    with pytest.raises(ValueError, match="2 to 6 players"):
        new_game(SCENARIOS[0], seed=0, players=("Alleen",))


def test_changed_scenario_is_detected_on_load() -> None:
    state = new_game(SCENARIOS[0], seed=1, players=("A", "B"))
    state.apply_action(state.legal_actions()[0])
    data = synthetic_data(1, 0)
    data["cards"][0]["cost"] = {"budget": 1}
    changed = Scenario.model_validate(data)
    with pytest.raises(ScenarioChangedError, match="has changed"):
        load_data(changed, dumps(state))
    with pytest.raises(SaveError, match="not a Morgen"):
        load_data(SCENARIOS[0], "{}")
    with pytest.raises(SaveError, match="not valid JSON"):
        load_data(SCENARIOS[0], "{broken")


def test_projection_leaves_the_game_untouched() -> None:
    state = new_game(SCENARIOS[2], seed=9, players=("A", "B"))
    before = (state.values[:], state.ledger(), state.pipeline(), list(state.active))
    card = next(a.card for a in state.legal_actions() if a.kind == "propose")
    projection = state.project(adopt=[card])
    assert len(projection.values) == state.compiled.rounds
    assert (state.values, state.ledger(), state.pipeline(), state.active) == before
    assert card in state.hands["r0"]


@settings(max_examples=25, deadline=None)
@given(setup=game_setup, data=st.data())
def test_what_if_with_the_original_decision_reproduces_the_game(setup: dict,
                                                                data: st.DataObject) -> None:
    original = play_drawn(data, start(setup), check=False)
    round_number = data.draw(st.integers(1, len(original.rounds_log)))
    branch = what_if(original, round_number, round_actions(original, round_number))
    assert branch.values == original.values
    assert branch.ledger() == original.ledger()
    assert [r.events for r in branch.rounds_log] == [r.events for r in original.rounds_log]
    assert branch.actions == original.actions


def test_what_if_with_another_decision_differs_from_that_round_on() -> None:
    compiled = SCENARIOS[0]
    for seed in range(20):
        original = play_one(compiled, "balanced", seed=seed, players=3)
        adopted_rounds = [r.round for r in original.rounds_log
                          if any(p.adopted for p in r.proposals)]
        if original.outcome == "completed" and adopted_rounds:
            break
    round_number = adopted_rounds[0]
    # The same proposals, but the team adopts nothing this time.
    changed = [a for a in round_actions(original, round_number) if a.kind != "adopt"]
    branch = what_if(original, round_number, changed)
    before, after = original.history(), branch.history()
    assert before[:round_number] == after[:round_number]  # identical up to that round
    assert before[round_number] != after[round_number]  # differs from that round on
    assert [r.events for r in branch.rounds_log] == [r.events for r in original.rounds_log]
    assert len(branch.rounds_log) == len(original.rounds_log)
    with pytest.raises(ValueError, match="was not played"):
        what_if(original, 99, [])


def test_rounds_log_records_who_proposed_what() -> None:
    state = play_one(SCENARIOS[3], "balanced", seed=4, players=2, decision=Decision.VOTE)
    assert len(state.rounds_log) == state.round
    for record in state.rounds_log:
        assert record.year == state.compiled.year(record.round)
        for proposal in record.proposals:
            assert state.compiled.cards[proposal.card].role == proposal.role
            votes = [v for v in record.votes if v[0] == proposal.card]
            if proposal.adopted:
                assert sum(yes for _, _, yes in votes) * 2 > len(state.config.players)
    adopted = {p.card for r in state.rounds_log for p in r.proposals if p.adopted}
    assert adopted == set(state.adopted)


@pytest.mark.parametrize("rounds", [1, 3, 5])
def test_a_shorter_game_ends_after_its_rounds_and_round_trips(rounds: int) -> None:
    state = new_game(SCENARIOS[0], GameConfig(seed=2, players=("A", "B"), rounds=rounds))
    while not state.is_terminal():
        state.apply_action(state.legal_actions()[-1])  # pass / done
    assert state.round <= rounds
    if state.outcome == "completed":
        assert state.round == rounds and len(state.history()) == rounds + 1
    structural = [e for e in state.pipeline() if e.cause in (Cause.UPKEEP, Cause.STRUCTURAL)]
    assert all(entry.round <= rounds for entry in structural)
    loaded = load_data(state.compiled, dumps(state))
    assert loaded.values == state.values and loaded.last_round == rounds
    with pytest.raises(ValueError, match="lasts 1 to 8 rounds"):
        new_game(SCENARIOS[0], GameConfig(seed=2, players=("A", "B"), rounds=9))


ORACLE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
          "==": operator.eq, "!=": operator.ne}


@pytest.mark.parametrize("op", sorted(ORACLE))
@pytest.mark.parametrize("name", ["x", "round", "year"])
def test_simple_comparisons_evaluate_like_python(op: str, name: str) -> None:
    from morgenmaken.scenario.expressions import parse

    compiled = parse(f"{name} {op} 3").compile({"x": 0})
    negated = parse(f"not ({name} {op} 3) and 1 == 1").compile({"x": 0})
    for value in (2, 3, 4):
        expected = ORACLE[op](value, 3)
        args = ([float(value)], 1, 1) if name == "x" else (
            ([0.0], value, 1) if name == "round" else ([0.0], 1, value))
        assert compiled(*args) == expected
        assert negated(*args) == (not expected)


def _quiet(data: dict) -> dict:  # type: ignore[type-arg]
    """A synthetic scenario without news, links or trends, to isolate one rule."""
    data["events"] = []
    data["interactions"] = []
    data["trends"] = []
    return data


def _pass_round(state: GameState) -> None:
    """Every role passes: the round resolves without a decision."""
    rnd = state.round
    while state.round == rnd and not state.is_terminal():
        state.apply_action(state.legal_actions()[-1])  # pass, or done


def test_a_ceiling_link_only_acts_above_its_reference() -> None:
    data = _quiet(synthetic_data(1, 0))
    data["variables"][0].update(baseline=80)
    data["variables"][1].update(baseline=40)
    data["interactions"] = [
        {"from": "v0", "to": "v0", "weight": 0.5, "sign": "-", "shape": "ceiling",
         "reference": 70},
        {"from": "v1", "to": "v1", "weight": 0.5, "sign": "-", "shape": "ceiling",
         "reference": 70},
    ]
    state = new_game(Scenario.model_validate(data), seed=0, players=("A", "B"))
    _pass_round(state)
    assert state.value("v0") == pytest.approx(75)  # half the excess above 70 is lost
    assert state.value("v1") == pytest.approx(40)  # below the reference nothing happens
    assert [e.cause for e in state.ledger("v0")] == [Cause.INTERACTION]


def test_news_that_empties_the_budget_leaves_the_team_its_answer() -> None:
    data = _quiet(synthetic_data(1, 0))
    data["variables"][-2].update(baseline=5)  # the budget
    data["events"] = [{"id": "ravijn", "title": {"nl": "Ravijn"}, "text": {"nl": "Kort."},
                       "weight": 1, "effects": [{"variable": "budget", "amount": -10}]},
                      {"id": "herstel", "title": {"nl": "Herstel"}, "text": {"nl": "Erbij."},
                       "weight": 1, "condition": "round >= 2",
                       "effects": [{"variable": "budget", "amount": 0.5}]}]
    data["trends"] = [{"id": "rijk", "name": {"nl": "Rijk"}, "variable": "budget",
                       "per_round": 20}]
    state = new_game(Scenario.model_validate(data), seed=0, players=("A", "B"))
    assert state.round_events == ["ravijn"] and state.budget == pytest.approx(-5)
    assert not state.is_terminal()  # the news alone does not end the game
    _pass_round(state)
    assert state.round == 2 and state.budget == pytest.approx(15.5)
    broke = new_game(Scenario.model_validate({**data, "trends": []}), seed=0,
                     players=("A", "B"))
    _pass_round(broke)  # no answer: the end-of-round check ends the game
    assert broke.is_terminal() and broke.outcome == "bankroet"


def _softening_game(adopt: bool) -> GameState:
    """A game whose round 2 always brings a harmful event that a card of round 1 softens."""
    data = synthetic_data(1, seed=1)
    data["events"] = [{"id": "storm", "title": {"nl": "Storm"}, "text": {"nl": "Een storm."},
                       "trigger": "condition", "condition": "round >= 2",
                       "effects": [{"variable": "v0", "amount": -10},
                                   {"variable": "v1", "amount": 4}],
                       "softened_by": [{"card": "c0_0", "keep": 0.5},
                                       {"card": "c1_0", "keep": 0.3}]}]
    data["cards"] = [{**c, "cost": {"budget": 2}, "effects": [{"variable": "v2", "amount": 1}]}
                     if c["id"] == "c0_0" else c for c in data["cards"]]
    state = new_game(Scenario.model_validate(data), seed=3, players=("A", "B"))
    while state.round == 1 and state.phase == Phase.PROPOSE:
        wanted = Action.propose("c0_0")
        state.apply_action(wanted if adopt and wanted in state.legal_actions()
                           else Action.pass_())
    if adopt:
        state.apply_action(Action.adopt("c0_0"))
    if state.phase == Phase.DECIDE:
        state.apply_action(Action.done())
    assert state.round == 2, state.outcome
    return state


def test_a_card_adopted_before_the_event_softens_its_harm_and_the_ledger_says_so() -> None:
    softened, bare = _softening_game(True), _softening_game(False)
    assert "c0_0" in softened.adopted and "c0_0" not in bare.adopted
    for state in (softened, bare):
        assert state.round_events == ["storm"]
        news = [(e.cause, e.source, e.delta) for e in state.ledger("v0", 2)
                if e.cause in (Cause.EVENT, Cause.CARD)]
        assert (Cause.EVENT, "storm", -10) in news  # the whole harm is shown
        gains = [(e.cause, e.source, e.delta) for e in state.ledger("v1", 2)]
        assert (Cause.EVENT, "storm", 4) in gains  # only harm is softened
    relief = [e for e in softened.ledger("v0", 2) if e.cause == Cause.CARD and e.source == "c0_0"]
    assert [e.delta for e in relief] == [pytest.approx(5)]  # keep 0.5: half the harm is taken
    assert not [e for e in bare.ledger("v0", 2) if e.source == "c0_0"]
    assert not [e for e in softened.ledger("v1", 2) if e.cause == Cause.CARD]


def test_the_outlook_names_the_news_a_round_ahead_with_its_likelihood() -> None:
    state = new_game(SCENARIOS[0], seed=2, players=("A", "B", "C"))
    outlook = dict(state.outlook())
    compiled = state.compiled
    values = list(state.project(rounds=1).values[0])
    for event in compiled.events:
        holds = event.condition is None or event.condition(values, 2, compiled.year(2))
        if event.triggered and holds:
            assert outlook[event.id] == 1.0
        if not holds:
            assert event.id not in outlook
    randoms = [outlook[e.id] for e in compiled.events if not e.triggered and e.id in outlook]
    assert sum(randoms) == pytest.approx(min(compiled.events_per_round, len(randoms)))
    assert all(0 < p <= 1 for p in outlook.values())
    assert list(outlook.values()) == sorted(outlook.values(), reverse=True)
    while not state.is_terminal() and state.round < state.last_round:
        state.apply_action(state.legal_actions()[-1])
    assert state.outlook() == []


@pytest.mark.parametrize("draws", [1, 2, 3])
def test_drawing_chances_add_up_to_the_number_of_draws(draws: int) -> None:
    from morgenmaken.engine.state import _inclusion
    pool = (("a", 1.0), ("b", 2.0), ("c", 0.5), ("d", 4.0))
    chances = _inclusion(pool, draws)
    assert sum(chances.values()) == pytest.approx(draws)
    assert chances["d"] > chances["b"] > chances["a"] > chances["c"]
    rng = __import__("random").Random(7)
    seen = dict.fromkeys(chances, 0)
    for _ in range(20000):
        left = list(pool)
        for _ in range(draws):
            pick = rng.random() * sum(w for _, w in left)
            for i, (item, weight) in enumerate(left):
                pick -= weight
                if pick < 0 or i == len(left) - 1:
                    seen[item] += 1
                    del left[i]
                    break
    for item, chance in chances.items():
        assert seen[item] / 20000 == pytest.approx(chance, abs=0.02)


def test_the_outlook_in_words_names_what_softens_it_and_when_the_team_is_prepared() -> None:
    from morgenmaken.wording import outlook_lines

    data = synthetic_data(1, seed=1)
    data["events"] = [{"id": "storm", "title": {"nl": "Storm", "en": "Gale"},
                       "text": {"nl": "Een storm."}, "trigger": "condition",
                       "condition": "round >= 2",
                       "effects": [{"variable": "v0", "amount": -10}],
                       "softened_by": [{"card": "c0_0", "keep": 0.5}]},
                      {"id": "regen", "title": {"nl": "Regen"}, "text": {"nl": "Regen."},
                       "weight": 1, "max_times": 5,
                       "effects": [{"variable": "v1", "amount": -1}]},
                      {"id": "wind", "title": {"nl": "Wind"}, "text": {"nl": "Wind."},
                       "weight": 3, "max_times": 5,
                       "effects": [{"variable": "v1", "amount": -1}]}]
    data["settings"] = {**data.get("settings", {}), "events_per_round": 1}
    data["cards"] = [{**c, "cost": {"budget": 2}} if c["id"] == "c0_0" else c
                     for c in data["cards"]]
    state = new_game(Scenario.model_validate(data), seed=3, players=("A", "B"))
    card = state.scenario.card("c0_0").title.get("nl")
    lines = outlook_lines(state, "nl")
    assert lines[0] == f"Storm: komt eraan (te verzachten met {card})"
    assert lines[1:] == ["Wind: 75 % kans", "Regen: 25 % kans"]
    assert outlook_lines(state, "en")[0].startswith("Gale: on its way (can be softened by ")
    state.apply_action(Action.propose("c0_0"))
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    state.apply_action(Action.adopt("c0_0"))
    assert outlook_lines(state, "nl")[0] == f"Storm: komt eraan (jullie zijn voorbereid: {card})"


@pytest.mark.parametrize("strategy", ["balanced", "thoughtful"])
def test_a_team_that_reads_the_outlook_values_the_card_that_softens_a_likely_shock(
        strategy: str) -> None:
    """The long-sighted and the thoughtful team read the outlook: a card that softens a shock
    on its way is worth more to them than the same card with nothing to soften."""
    from morgenmaken.sim.strategies import PANEL

    def worth(softened: bool) -> float:
        data = synthetic_data(1, seed=1)
        data["events"] = [{"id": "storm", "title": {"nl": "Storm"}, "text": {"nl": "Storm."},
                           "trigger": "condition", "condition": "round >= 2",
                           "effects": [{"variable": "v0", "amount": -12}],
                           "softened_by": [{"card": "c0_0", "keep": 0.2}] if softened else []}]
        data["cards"] = [{**c, "cost": {"budget": 2}} if c["id"] == "c0_0" else c
                         for c in data["cards"]]
        state = new_game(Scenario.model_validate(data), seed=3, players=("A", "B"))
        bot = PANEL[strategy].factory(0)
        return bot.worth(state, "c0_0", bot.prepare(state))

    assert worth(True) > worth(False)


def test_the_outlook_names_several_softening_cards_as_a_dutch_list() -> None:
    from morgenmaken.wording import outlook_lines

    data = synthetic_data(1, seed=1)
    data["events"] = [{"id": "storm", "title": {"nl": "Storm"}, "text": {"nl": "Een storm."},
                       "trigger": "condition", "condition": "round >= 2",
                       "effects": [{"variable": "v0", "amount": -10}],
                       "softened_by": [{"card": c, "keep": 0.5} for c in ("c0_0", "c1_0",
                                                                          "c2_0")]}]
    state = new_game(Scenario.model_validate(data), seed=3, players=("A", "B"))
    a, b, c = (state.scenario.card(f"c{i}_0").title.get("nl") for i in range(3))
    assert outlook_lines(state, "nl") == [f"Storm: komt eraan (te verzachten met {a}, {b} of {c})"]
    assert outlook_lines(state, "en")[0].endswith(f"(can be softened by {a}, {b} or {c})")


def _limited(limit: int | None, seed: int = 0, per_role: int = 1) -> GameState:
    """A synthetic six-role game for two players with a limit of proposals per player."""
    data = synthetic_data(1, seed)
    data["settings"] = {"proposals_per_role": per_role, "proposals_per_player": limit}
    return new_game(Scenario.model_validate(data), seed=seed, players=("Anna", "Bram"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), limit=st.sampled_from([None, 1, 2, 3, 4]),
       per_role=st.integers(1, 2), seed=st.integers(0, 3))
def test_no_player_proposes_more_than_the_limit(data: st.DataObject, limit: int | None,
                                                per_role: int, seed: int) -> None:
    state = _limited(limit, seed, per_role)
    while not state.is_terminal():
        if state.phase == Phase.PROPOSE:
            role = state.current_role
            assert role is not None
            player = state.role_holders[role]
            assert state.proposals_left(player) != 0, "a role whose player is done is skipped"
            assert state.roles_to_propose()[0] == role
        state.apply_action(data.draw(st.sampled_from(state.legal_actions())))
        for record in state.rounds_log:
            made = [0, 0]
            for proposal in record.proposals:
                made[state.role_holders[proposal.role]] += 1
            assert limit is None or max(made) <= limit


def test_a_small_team_chooses_which_roles_speak() -> None:
    state = _limited(2)
    roles = list(state.compiled.role_ids)
    anna = [r for r in roles if state.role_holders[r] == 0]
    assert len(anna) == 3 and state.proposals_left(0) == 2
    assert state.roles_to_propose() == roles
    # Anna passes for her first role and proposes for the next two ...
    assert state.current_role == anna[0]
    state.apply_action(Action.pass_())
    while state.current_role != anna[2]:
        role = state.current_role
        assert role is not None
        first = next(a for a in state.legal_actions() if a.kind == "propose")
        state.apply_action(first)
    first = next(a for a in state.legal_actions() if a.kind == "propose")
    state.apply_action(first)
    # ... so she had her say twice; Bram proposed for his first two roles, so his third is
    # passed over: it never comes to propose, and the team goes on to decide
    assert state.proposals_left(0) == 0
    made = [p.role for p in state.proposals]
    assert anna[0] not in made and anna[1] in made and anna[2] in made
    bram = [r for r in roles if state.role_holders[r] == 1]
    assert [r for r in bram if r in made] == bram[:2]
    assert state.phase == Phase.DECIDE
    # the same rule replays from the save
    assert load_data(state.compiled, dumps(state)).proposals == state.proposals


def test_with_enough_players_every_role_speaks() -> None:
    data = synthetic_data(1, 0)
    data["settings"] = {"proposals_per_player": 2}
    state = new_game(Scenario.model_validate(data), seed=0, players=("A", "B", "C"))
    while state.phase == Phase.PROPOSE:
        state.apply_action(next(a for a in state.legal_actions() if a.kind == "propose"))
    assert len(state.proposals) == len(state.compiled.role_ids)


def test_with_a_limit_per_player_the_turn_order_moves_on_every_round() -> None:
    """Where a small team leaves roles silent, the silent ones are not always the last in the
    scenario's order: the round's first role moves one on every round."""
    state = _limited(2)
    roles = list(state.compiled.role_ids)
    seen = []
    while not state.is_terminal():
        if state.phase == Phase.PROPOSE and state.round not in [r for r, _ in seen]:
            seen.append((state.round, state.turn_order()))
            assert state.current_role == state.turn_order()[0]
        state.apply_action(state.legal_actions()[-1])  # pass / done: nothing on the table
    for rnd, order in seen:
        first = (rnd - 1) % len(roles)
        assert order == roles[first:] + roles[:first]
    assert len(seen) > 1
    # without a limit the order is the scenario's in every round
    plain = _limited(None)
    while not plain.is_terminal():
        assert plain.phase != Phase.PROPOSE or plain.turn_order() == roles
        plain.apply_action(plain.legal_actions()[-1])
    assert plain.round > 1


def _shipped(stem: str) -> Scenario:
    return load_scenario(shipped_dir() / f"{stem}.yaml")


@pytest.mark.parametrize("players", [4, 5, 6])
def test_more_players_than_roles_share_them_and_each_speaks_in_turn(players: int) -> None:
    """The tutorial has three roles: with four to six players every player holds one, a
    shared role speaks through each of its players a round in turn, proposals name who made
    them, and a save replays to the same seats."""
    scenario = _shipped("tutorial")
    names = tuple(f"P{i}" for i in range(players))
    state = new_game(scenario, GameConfig(seed=3, players=names))
    seats = state.role_seats
    assert sorted(p for held in seats.values() for p in held) == list(range(players))
    assert max(map(len, seats.values())) - min(map(len, seats.values())) <= 1
    spoke: set[int] = set()
    while not state.is_terminal():
        if state.phase == Phase.PROPOSE:
            role = state.current_role
            assert role is not None
            held = seats[role]
            assert state.current_player == held[(state.round - 1) % len(held)]
            if len(held) > 1:
                assert state.current_player == state.role_holders[role]
        action = next((a for a in state.legal_actions() if a.kind == "propose"),
                      state.legal_actions()[-1] if state.phase == Phase.PROPOSE
                      else state.legal_actions()[0])
        state.apply_action(action)
        if action.kind == "propose":
            made = state.proposals[-1]
            assert made.player == state.role_holders[made.role]
            spoke.add(made.player)
    assert spoke == set(range(players)), "every player put a card on the table"
    again = load_data(scenario, json.loads(dumps(state)))
    assert again.role_seats == seats and again.values == state.values


def test_seats_keep_a_chosen_holder_first() -> None:
    """A role the team gave to someone keeps them as its first voice; the players left
    without a role join the roles with the fewest players."""
    assert seat_roles(["a", "b", "c"], 5, {"a": 2, "b": 0, "c": 1}) == {
        "a": (2, 3), "b": (0, 4), "c": (1,)}


def _adopt_first_card(state: GameState) -> None:
    """The first role proposes its first card and the team adopts it; the round resolves."""
    state.apply_action(Action.propose("c0_0"))
    while state.phase == Phase.PROPOSE:
        state.apply_action(Action.pass_())
    state.apply_action(Action.adopt("c0_0"))
    state.apply_action(Action.done())


@pytest.mark.parametrize(("baseline", "coming", "lifted"), [
    (40, 0, 14),   # far below its level: the whole repair
    (52, 0, 8),    # close to it: only what is missing
    (50, 6, 4),    # what is already on its way counts as there
    (65, 0, 0),    # above its level: nothing (the money is spent all the same)
])
def test_a_repair_lifts_no_higher_than_its_level(baseline: float, coming: float,
                                                 lifted: float) -> None:
    """An answer to a blow (``up_to``) is worth its price after the blow, little before it:
    what it adds is cut to what is missing, measured on adoption with the pipeline."""
    data = _quiet(synthetic_data(1, 0))
    data["variables"][0].update(baseline=baseline)
    data["cards"][0].update(cost={"budget": 1}, effects=[
        {"variable": "v0", "amount": 14, "spread": 2, "up_to": 60}])
    if coming:
        data["cards"][1].update(cost={"budget": 1}, effects=[
            {"variable": "v0", "amount": coming, "delay": 1}])
    scenario = Scenario.model_validate(data)
    state = new_game(scenario, seed=0, players=("A", "B"))
    if coming:
        other = scenario.cards[1]
        role = next(r.id for r in scenario.roles if other.id in r.cards)
        while state.current_role != role:
            state.apply_action(Action.pass_())
        state.apply_action(Action.propose(other.id))
        while state.phase == Phase.PROPOSE:
            state.apply_action(Action.pass_())
        state.apply_action(Action.adopt(other.id))
        state.apply_action(Action.done())
    projected = state.project(adopt=("c0_0",)).settled[state.compiled.index["v0"]]
    _adopt_first_card(state)
    paid = [e.delta for e in state.ledger("budget") if e.source == "c0_0"]
    assert paid == [pytest.approx(-1)]  # the price is paid whatever the repair does
    repair = sum(e.delta for e in state.pipeline() if e.source == "c0_0") + sum(
        e.delta for e in state.ledger("v0") if e.source == "c0_0")
    assert repair == pytest.approx(lifted)
    assert state.settled_values()[state.compiled.index["v0"]] == pytest.approx(
        min(max(baseline + coming, 60), baseline + coming + 14))
    assert projected == pytest.approx(state.settled_values()[state.compiled.index["v0"]])


@pytest.mark.parametrize("where", ["fall", "per_round", "event"])
def test_a_repair_only_where_it_means_something(where: str) -> None:
    """up_to on a fall, on a structural card's per-round effect or on news is refused with
    a message that says what to change."""
    from morgenmaken.scenario.loader import ScenarioError, load_scenario_text

    data = _quiet(synthetic_data(1, 0))
    effect = {"variable": "v0", "amount": 3, "up_to": 60}
    if where == "fall":
        data["cards"][0].update(effects=[{**effect, "amount": -3}])
    elif where == "per_round":
        data["cards"][0].update(structural=True, upkeep=1, per_round=[effect])
    else:
        data["events"] = [{"id": "nieuws", "title": {"nl": "Nieuws", "en": "News"},
                           "text": {"nl": "Iets.", "en": "Something."}, "effects": [effect]}]
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(json.dumps(data), "proef.yaml")
    (found,) = caught.value.diagnostics
    assert "remove 'up_to'" in found.text("en") and "haal 'up_to'" in found.text("nl")
