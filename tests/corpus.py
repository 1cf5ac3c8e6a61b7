"""The ``# expect: line:col: message`` corpora (broken scenarios, warnings, broken plans): each
file names the located diagnostics it must give, read and matched here once for all three."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from morgenmaken.scenario.diagnostics import Diagnostic

EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")


def expectations(path: Path) -> list[tuple[int, int, str]]:
    """The ``# expect:`` lines of a corpus file, in the order written."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3]))
    return found


def assert_exactly_expected_errors(diagnostics: Sequence[Diagnostic], path: Path) -> None:
    """Every expected error at its place with its words, and nothing else (in any order)."""
    expected = expectations(path)
    shown = "\n".join(str(d) for d in diagnostics)
    assert len(diagnostics) == len(expected), shown
    unmatched = list(diagnostics)
    for line, column, message in expected:
        match = next((d for d in unmatched if (d.line, d.column) == (line, column)
                      and message in d.message), None)
        assert match is not None, f"no diagnostic {line}:{column}: {message}\ngot:\n{shown}"
        unmatched.remove(match)
    assert all(d.path == str(path) and d.severity == "error" for d in diagnostics)
