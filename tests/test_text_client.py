"""The text client speaks the chosen language and writes numbers as a Dutch reader expects.

It once answered "Please enter a valid integer" to a Dutch team and printed "+5.4" and
"Budget 30.0 M€"; here a whole game is typed through it, mistakes included.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _play(lang: str, answers: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "game" / "main.py"), "play", "--text", "-p", "Anna", "-p",
         "Bram", "--seed", "3", "--lang", lang],
        input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=180,
        check=False, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin",
                          "COLUMNS": "200"},
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_mistyped_answers_are_explained_in_the_chosen_language(lang: str) -> None:
    answers = ["x", "99", "1"] + ["0", "j" if lang == "nl" else "y"] * 4 + ["0"] * 400
    result = _play(lang, answers)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Please enter" not in out
    if lang == "nl":
        assert "Typ een getal van 0 tot en met" in out
        assert "Einde van het spel" in out
    else:
        assert "Type a number from 0 to" in out


def test_numbers_have_decimal_commas_and_true_minus_signs_in_dutch() -> None:
    result = _play("nl", ["1", "0"] * 6 + ["0"] * 400)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not re.search(r"\d\.\d", out), re.search(r".{30}\d\.\d.{10}", out)
    assert re.search(r"\d,\d", out)
    assert not re.search(r"(?<![\w−-])-\d", out), "a hyphen used as a minus sign"



def test_a_vote_game_lets_the_team_choose_what_is_voted_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the first vote on a proposal the text client offers the other proposals to
    vote on first (what is adopted first gets the budget); a number puts that card up."""
    from rich.console import Console

    from morgenmaken.clients import text
    from morgenmaken.engine import Action, Decision, Phase, new_game
    from morgenmaken.scenario.library import shipped_dir
    from morgenmaken.scenario.loader import load_scenario

    state = new_game(load_scenario(shipped_dir() / "drenthe.yaml"), seed=3,
                     players=("Anna", "Bram"), decision=Decision.VOTE)
    while state.phase == Phase.PROPOSE:
        offer = [a for a in state.legal_actions() if a.kind == "propose"]
        state.apply_action(offer[0] if offer and len(state.proposals) < 3 else Action.pass_())
    waiting = [p.card for p in state.proposals[1:]]
    answers = iter(["9", "2"])
    monkeypatch.setattr(text, "_read", lambda prompt, console: next(answers))
    console = Console(record=True, width=200)
    action = text._turn(state, console, "nl")
    assert action == Action.vote_next(waiting[1])
    shown = console.export_text()
    assert "Eerst over een ander voorstel stemmen?" in shown
    assert "Typ een getal van 0 tot en met 2." in shown  # "9" is not one of the two
    state.apply_action(action)
    assert state.under_vote is not None and state.under_vote.card == waiting[1]


def test_a_small_team_is_told_how_many_roles_may_speak(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two players hold three of Drenthe's roles each and propose two cards a round each: the
    turn says so, and counts down as the player uses them."""
    from rich.console import Console

    from morgenmaken.clients import text
    from morgenmaken.engine import Action, new_game
    from morgenmaken.scenario.library import shipped_dir
    from morgenmaken.scenario.loader import load_scenario

    state = new_game(load_scenario(shipped_dir() / "drenthe.yaml"), seed=3,
                     players=("Anna", "Bram"))
    monkeypatch.setattr(text, "_read", lambda prompt, console: "1")
    console = Console(record=True, width=200)
    action = text._turn(state, console, "nl")
    assert action.kind == "propose"
    assert ("Anna mag deze ronde 2 kaarten voorstellen voor 3 rollen samen (nog 2)"
            in console.export_text())
    state.apply_action(action)
    state.apply_action(Action.pass_())  # Bram
    console = Console(record=True, width=200)
    text._turn(state, console, "en")
    assert "Anna may propose 2 cards this round for 3 roles together (1 left)" in \
        console.export_text()


def test_a_shared_role_says_who_speaks_for_it_this_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four players at the tutorial's three roles: Anna and Dirk share the first; its turn
    says so, and the next round Dirk speaks for it."""
    from rich.console import Console

    from morgenmaken.clients import text
    from morgenmaken.engine import Action, Phase, new_game
    from morgenmaken.scenario.library import shipped_dir
    from morgenmaken.scenario.loader import load_scenario

    state = new_game(load_scenario(shipped_dir() / "tutorial.yaml"), seed=3,
                     players=("Anna", "Bram", "Cor", "Dirk"))
    monkeypatch.setattr(text, "_read", lambda prompt, console: "0")
    console = Console(record=True, width=200)
    text._turn(state, console, "nl")
    assert ("Anna en Dirk delen deze rol: elke ronde spreekt een ander van hen voor de rol, "
            "deze ronde Anna.") in console.export_text()
    while state.round == 1:
        state.apply_action(Action.pass_() if state.phase == Phase.PROPOSE else Action.done())
    while state.current_role != "zorg_welzijn":
        state.apply_action(Action.pass_())
    console = Console(record=True, width=200)
    text._turn(state, console, "en")
    assert "Anna and Dirk share this role: each round another of them speaks for it, " \
        "this round Dirk." in console.export_text()
    assert state.current_player == 3
