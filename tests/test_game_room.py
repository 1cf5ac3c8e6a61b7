"""The game at the table with phones (table/game_room.py): proposals made at the same time land
in the engine's turn order, a phone acts only for its own roles, votes stay secret until cast,
and a killed laptop comes back with its devices and every waiting proposal."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from morgenmaken.engine import Action, Decision, GameConfig, GameState, Phase, new_game
from morgenmaken.scenario.library import load_current, resolve
from morgenmaken.table.game import Session
from morgenmaken.table.game_room import GameRoom
from morgenmaken.table.room import Device, RoomError
from morgenmaken.table.store import Store

PLAYERS = ("Anna", "Bram", "Cem", "Dewi")


def _game(decision: Decision = Decision.CONSENSUS, seed: int = 3,
          scenario_id: str = "drenthe") -> tuple[Session, GameState]:
    path = resolve(scenario_id)
    scenario = load_current(path)
    state = new_game(scenario, GameConfig(seed=seed, players=PLAYERS, decision=decision))
    return Session(scenario, path, state, None), state


def _room(tmp_path: Path, decision: Decision = Decision.CONSENSUS,
          auto_pump: bool = False) -> tuple[GameRoom, list[Device]]:
    session, _ = _game(decision)
    room = GameRoom.create(session, tmp_path / "room.sqlite3", auto_pump=auto_pump)
    return room, [room.join(i) for i in range(len(PLAYERS))]


def _choose(room: GameRoom, role: str, rng: random.Random) -> list[str]:
    open_cards = room.proposable(role)
    rng.shuffle(open_cards)
    return open_cards[:min(len(open_cards), room.left_to_propose(role), rng.randint(0, 2))]


def test_proposals_made_at_once_land_in_turn_order(tmp_path: Path) -> None:
    room, devices = _room(tmp_path)
    state = room.state
    order = list(state.compiled.role_ids)
    rng = random.Random(5)
    chosen: dict[str, list[str]] = {}
    # the phones answer in reverse seat order: the last roles are ready first
    for device in reversed(devices):
        for role in room.roles_of(device.token):
            chosen[role] = _choose(room, role, rng)
            room.propose(device.token, role, chosen[role])
    assert not state.proposals, "nothing is applied before the window's pump"
    assert room.pump()
    assert room.state.phase == Phase.DECIDE
    expected = [(role, card) for role in order for card in chosen[role]]
    assert [(p.role, p.card) for p in room.state.proposals] == expected
    assert not room.intents


def test_a_phone_acts_only_for_its_own_roles_and_legal_cards(tmp_path: Path) -> None:
    room, devices = _room(tmp_path)
    anna, bram = devices[0], devices[1]
    bram_role = room.roles_of(bram.token)[0]
    with pytest.raises(RoomError) as refused:
        room.propose(anna.token, bram_role, [])
    assert refused.value.code == "not_your_role"
    with pytest.raises(RoomError) as refused:
        room.propose("not-a-token", bram_role, [])
    assert refused.value.code == "unknown_device"
    other_hand = next(c for r, hand in room.state.hands.items() if r != bram_role for c in hand)
    with pytest.raises(RoomError) as refused:
        room.propose(bram.token, bram_role, [other_hand])
    assert refused.value.code == "card_unavailable"
    too_many = room.proposable(bram_role)[:room.left_to_propose(bram_role) + 1]
    with pytest.raises(RoomError) as refused:
        room.propose(bram.token, bram_role, too_many)
    assert refused.value.code == "too_many_cards"
    with pytest.raises(RoomError) as refused:
        room.join(1)
    assert refused.value.code == "seat_taken"
    assert room.intents == {}, "a refused proposal leaves nothing waiting"


def test_a_small_team_readies_no_more_than_its_limit(tmp_path: Path) -> None:
    """Two players hold three of Drenthe's six roles each and may put two cards a round on
    the table: readied proposals count against that before they land, a role beyond it is
    told why it is silent, and taking one back lets it speak again."""
    path = resolve("drenthe")
    scenario = load_current(path)
    state = new_game(scenario, GameConfig(seed=3, players=("Anna", "Bram")))
    assert state.compiled.proposals_per_player == 2
    room = GameRoom.create(Session(scenario, path, state, None), tmp_path / "room.sqlite3")
    anna, bram = room.join(0), room.join(1)
    first, second, third = room.roles_of(anna.token)
    assert [room.left_to_propose(r) for r in (first, second, third)] == [1, 1, 1]
    room.propose(anna.token, second, room.proposable(second)[:1])
    room.propose(anna.token, third, room.proposable(third)[:1])
    assert room.left_to_propose(first) == 0 and room.capped(first)
    assert room.readied(0) == 2
    with pytest.raises(RoomError) as refused:
        room.propose(anna.token, first, room.proposable(first)[:1])
    assert refused.value.code == "limit_reached"
    room.propose(anna.token, first, [])  # passing costs nothing
    room.withdraw(anna.token, third)
    assert room.left_to_propose(third) == 1 and not room.capped(third)
    room.propose(anna.token, third, room.proposable(third)[:1])
    for role in room.roles_of(bram.token):  # Bram readies a card for each: one too many
        if room.left_to_propose(role):
            room.propose(bram.token, role, room.proposable(role)[:1])
        else:
            assert room.capped(role)
    assert room.pump()
    assert room.state.phase == Phase.DECIDE
    made = [p.role for p in room.state.proposals]
    assert made.count(first) == 0 and second in made and third in made
    assert sum(1 for r in made if room.state.role_holders[r] == 1) == 2
    assert not room.intents
    # the next round starts one role further: a phone's roles follow that order, and what
    # both phones ready lands in it
    room.session.apply(Action.done())
    state = room.state
    assert state.round == 2 and state.phase == Phase.PROPOSE
    order = state.turn_order()
    assert order[0] == state.compiled.role_ids[1] and order[-1] == state.compiled.role_ids[0]
    readied = []
    for device in (bram, anna):
        mine = room.roles_of(device.token)
        seat = state.role_holders[mine[0]]
        assert mine == [r for r in order if state.role_holders[r] == seat]
        for role in mine:
            cards = room.proposable(role)[:room.left_to_propose(role)]
            room.propose(device.token, role, cards)
            readied += [(role, c) for c in cards]
    assert room.pump()
    assert [(p.role, p.card) for p in room.state.proposals] == sorted(
        readied, key=lambda item: order.index(item[0]))


def test_the_laptop_and_phones_mix(tmp_path: Path) -> None:
    """A player without a phone proposes on the shared screen; the phones' proposals that
    waited for that turn follow at once."""
    session, state = _game()
    room = GameRoom.create(session, tmp_path / "room.sqlite3")
    later = [room.join(i) for i in range(1, len(PLAYERS))]  # Anna plays on the laptop
    first = state.compiled.role_ids[0]
    assert state.role_holders[first] == 0
    for device in later:
        for role in room.roles_of(device.token):
            room.propose(device.token, role, room.proposable(role)[:1])
    assert not room.pump(), "the laptop's role is first: the phones wait"
    laptop_turns = 0
    while room.state.phase == Phase.PROPOSE:  # Anna's roles (0 and 4 of 6) on the laptop
        role = room.state.current_role
        assert role is not None and room.state.role_holders[role] == 0
        session.apply(Action.pass_())
        laptop_turns += 1
        room.pump()
    assert laptop_turns == sum(1 for p in room.state.role_holders.values() if p == 0)
    assert {p.role for p in room.state.proposals} == set(room.state.compiled.role_ids) - {
        r for r, p in room.state.role_holders.items() if p == 0}


def test_votes_are_secret_until_cast_and_cast_in_turn(tmp_path: Path) -> None:
    room, devices = _room(tmp_path, Decision.VOTE, auto_pump=True)
    for device in devices:
        for role in room.roles_of(device.token):
            room.propose(device.token, role, room.proposable(role)[:1])
    state = room.state
    assert state.phase == Phase.DECIDE and state.under_vote is not None
    card = state.under_vote.card
    # the last players vote first: nothing is cast, the board knows only the count
    for device, yes in zip(reversed(devices[1:]), (True, False, True), strict=True):
        room.vote(device.token, card, yes)
    assert room.vote_progress() == (3, 4)
    assert room.state.rounds_log[-1].votes == [], "no vote is cast before the first voter's"
    with pytest.raises(RoomError) as refused:
        room.vote(devices[3].token, card, False)
    assert refused.value.code == "voted"
    room.vote(devices[0].token, card, True)
    cast = [(c, p, yes) for c, p, yes in room.state.rounds_log[-1].votes if c == card]
    assert cast == [(card, 0, True), (card, 1, True), (card, 2, False), (card, 3, True)]
    assert any(p.card == card and p.adopted for p in room.state.proposals)


def test_kill_and_resume_keeps_devices_code_and_waiting_proposals(tmp_path: Path) -> None:
    store = Store(folder=tmp_path)
    session, _ = _game()
    session.store = store
    session.save()
    room = GameRoom.create(session, tmp_path / "room.sqlite3")
    devices = [room.join(i) for i in range(1, len(PLAYERS))]
    waiting = {}
    for device in devices:
        for role in room.roles_of(device.token):
            waiting[role] = tuple(room.proposable(role)[:1])
            room.propose(device.token, role, list(waiting[role]))
    code = room.code
    # the laptop is killed: no close, the process is gone; a new one resumes from the save
    resumed = store.load()
    again = Session(resumed.scenario, resumed.scenario_file, resumed.state, store)
    back = GameRoom.open_or_create(again, tmp_path / "room.sqlite3")
    assert back.code == code
    assert all(back.device(d.token) == room.device(d.token) for d in devices)
    assert {r: i.cards for r, i in back.intents.items()} == waiting
    # another game's room is not this one's
    other, _ = _game(seed=99)
    fresh = GameRoom.open_or_create(other, tmp_path / "room.sqlite3")
    assert fresh.code != code and fresh.device(devices[0].token) is None


def test_whole_games_played_on_phones(tmp_path: Path) -> None:
    """Every player on a phone, proposals at once each round, the team decides on the
    laptop: the game runs to its end through the engine's own rules."""
    for decision in (Decision.CONSENSUS, Decision.VOTE):
        room, devices = _room(tmp_path / decision.value, decision, auto_pump=True)
        rng = random.Random(11)
        rounds = 0
        while not room.state.is_terminal():
            state = room.state
            if state.phase == Phase.PROPOSE:
                for device in rng.sample(devices, len(devices)):
                    for role in room.roles_of(device.token):
                        if room.left_to_propose(role) and role not in room.intents:
                            room.propose(device.token, role, _choose(room, role, rng))
                rounds += 1
            elif decision == Decision.VOTE:
                for device in devices:
                    for card in room.to_vote():
                        player = room.device(device.token)
                        assert player is not None
                        if not room.has_voted(player, card):
                            room.vote(device.token, card, rng.random() < 0.6)
            else:
                legal = room.state.legal_actions()
                adopt = [a for a in legal if a.kind == "adopt"]
                room.session.apply(adopt[0] if adopt and rng.random() < 0.7 else Action.done())
                room.pump()
        assert room.state.is_terminal() and rounds >= 1
        room.close_db()
