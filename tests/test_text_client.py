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
