"""The scenario loader and reference checks: a valid scenario loads, broken ones are located.

The broken corpus lives in ``tests/broken/``: one small scenario per kind of mistake, each
starting with a comment that says what it shows and one ``# expect: line:column: message``
line per diagnostic it must produce (the message part is a substring). Adding a case is adding
a file; the test below picks it up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from morgenmaken.scenario.checks import check_references
from morgenmaken.scenario.loader import (
    Diagnostic,
    ScenarioError,
    ScenarioLoader,
    check_scenario_text,
    load_scenario,
    load_scenario_text,
)
from morgenmaken.scenario.models import Scenario
from tests.corpus import assert_exactly_expected_errors, expectations

BROKEN = Path(__file__).parent / "broken"

VALID = """\
id: proef
title: {nl: Proefregio, en: Test region}
region: {nl: Proefland}
start_year: 2026
rounds: 4
sources:
  - id: cbs
    title: CBS Monitor Brede Welvaart 2023
variables:
  - id: gezondheid
    name: {nl: Gezondheid, en: Health}
    category: hier-en-nu
    baseline: 60
    warning: 40
    critical: 25
    source: cbs
  - id: natuur
    name: {nl: Natuurlijk kapitaal}
    category: later
    baseline: 50
  - id: budget
    name: {nl: Budget}
    category: resource
    range: [0, 50]
    baseline: 10
  - id: draagvlak
    name: {nl: Draagvlak}
    category: resource
    baseline: 55
interactions:
  - from: gezondheid
    to: draagvlak
    weight: 0.05
    evidence: cbs
roles:
  - id: zorg
    name: {nl: Zorg en welzijn}
    portfolio: {nl: Zorg en preventie}
    cards: [preventie, sportpark]
    goal:
      text: {nl: Gezondheid op peil}
      condition: gezondheid >= 60
  - id: klimaat
    name: {nl: Klimaat en natuur}
    portfolio: {nl: Natuur}
    cards: [natuurherstel]
cards:
  - id: preventie
    title: {nl: Preventieakkoord}
    text: {nl: Samen werken aan gezonde leefstijl.}
    cost: {budget: 3}
    effects:
      - variable: gezondheid
        amount: 4
        delay: 1
  - id: sportpark
    title: {nl: Sportpark}
    text: {nl: Een nieuw sportpark.}
    structural: true
    upkeep: 1
    per_round:
      - variable: gezondheid
        amount: 1
    requires: draagvlak >= 30 and round >= 2
  - id: natuurherstel
    title: {nl: Natuurherstel}
    text: {nl: Herstel van heide en beekdalen.}
    cost: {budget: 2, draagvlak: 5}
    effects:
      - {variable: natuur, amount: 6, delay: 2, spread: 2}
    requires_cards: [preventie]
events:
  - id: droogte
    title: {nl: Droogte}
    text: {nl: Een droge zomer.}
    trigger: condition
    condition: natuur < 45
    effects:
      - variable: natuur
        amount: -3
score:
  components:
    - id: hier
      name: {nl: Hier en nu}
      weight: 2
      category: hier-en-nu
      aggregate: balanced
    - id: later
      name: {nl: Later}
      weight: 1
      variables: [natuur]
  win_threshold: 55
end_conditions:
  - id: failliet
    condition: budget < 0
    text: {nl: De regio is failliet.}
"""


def errors_of(text: str) -> list[Diagnostic]:
    """The diagnostics of a scenario that must fail to load."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return caught.value.diagnostics


def position(text: str, needle: str, shift: int = 0) -> tuple[int, int]:
    """1-based line and column of the unique `needle` in `text`, plus `shift` columns."""
    assert text.count(needle) == 1, needle
    index = text.index(needle) + shift
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced, failing loudly if the fixture no longer contains it."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- the valid scenario ---------------------------------------------------------------------

def test_valid_scenario_loads() -> None:
    scenario = load_scenario_text(VALID)
    assert isinstance(scenario, Scenario)
    assert [v.id for v in scenario.variables] == ["gezondheid", "natuur", "budget", "draagvlak"]
    assert [r.id for r in scenario.roles] == ["zorg", "klimaat"]
    assert scenario.card("sportpark").structural is True
    assert scenario.interactions[0].source == "gezondheid"  # written as 'from'
    assert scenario.interactions[0].source_ref == "cbs"  # written as 'evidence'
    assert scenario.variable("budget").range == (0.0, 50.0)


def test_valid_scenario_has_no_errors() -> None:
    """The fixture is deliberately small and Dutch-only, so it plays but gets warnings (small
    hands, missing English); those are tested in test_warnings.py."""
    scenario, diagnostics = check_scenario_text(VALID)
    assert scenario is not None
    assert all(d.severity == "warning" for d in diagnostics)
    kinds = {d.message.split(";")[0].split(" has ", 1)[-1] for d in diagnostics}
    assert kinds == {"no English translation", "only 2 card(s)", "only 1 card(s)"}


def test_load_scenario_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "proef.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert load_scenario(path).id == "proef"
    assert load_scenario(str(path)).id == "proef"


# --- YAML 1.1 surprises -----------------------------------------------------------------------

@pytest.mark.parametrize(("written", "read"), [
    ("true", True), ("False", False), ("TRUE", True), ("tRuE", True),
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),
    ("1:30", "1:30"), ("-1:30", "-1:30"), ("010", 10), ("1_000", 1000), ("0x10", 16),
    ("0o52", 42), ("052", 52),
    ("2.5", 2.5), ("-.5", -0.5), ("1e3", 1000.0), ("1.5e-1", 0.15),
    ("2026-01-01", "2026-01-01"), ("~", None), ("null", None), ("=", "="),
])
def test_scalars_read_without_yaml_1_1_surprises(written: str, read: object) -> None:
    value = yaml.load(f"key: {written}", Loader=ScenarioLoader)["key"]
    assert value == read
    assert type(value) is type(read)


@pytest.mark.parametrize("tagged", ["!!int abc", "!!float abc", "!!bool maybe",
                                    "!!timestamp 3", "!!python/object:os.system ls",
                                    "!!binary '%%%'", "!custom x"])
def test_explicit_tags_never_escape_as_python_errors(tagged: str) -> None:
    text = replace_once(VALID, "baseline: 60", f"baseline: {tagged}")
    assert errors_of(text)


def test_not_a_number_is_refused() -> None:
    text = replace_once(VALID, "baseline: 60", "baseline: .nan")
    located = [(e.line, e.column) for e in errors_of(text) if "not a usable number" in e.message]
    assert located == [position(text, ".nan")]


# --- the broken corpus ------------------------------------------------------------------------

BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def test_the_broken_corpus_is_complete() -> None:
    assert len(BROKEN_FILES) >= 12
    for path in BROKEN_FILES:
        assert expectations(path), f"{path.name} has no '# expect:' line"
    assert any(len(expectations(path)) >= 4 for path in BROKEN_FILES)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_scenario_reports_exactly_the_expected_diagnostics(path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert_exactly_expected_errors(caught.value.diagnostics, path)


# --- locations and messages -------------------------------------------------------------------

def test_diagnostic_format() -> None:
    assert str(Diagnostic("a.yaml", 3, 7, "boom")) == "a.yaml:3:7: boom"
    assert str(Diagnostic("a.yaml", 3, 7, "hm", "warning")) == "a.yaml:3:7: warning: hm"


def test_scenario_error_lists_every_diagnostic_on_its_own_line() -> None:
    error = ScenarioError([Diagnostic("a", 1, 2, "x"), Diagnostic("a", 3, 4, "y")])
    assert str(error) == "a:1:2: x\na:3:4: y"
    assert len(error.diagnostics) == 2


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(missing)
    (error,) = caught.value.diagnostics
    assert (error.path, error.line, error.column) == (str(missing), 1, 1)
    assert "cannot read the scenario file" in error.message


def test_a_directory_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError):
        load_scenario(tmp_path)


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: proef\ntitle: {nl: Caf\xe9}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (error,) = caught.value.diagnostics
    assert (error.line, error.column) == (2, 16)
    assert "UTF-8" in error.message


def test_control_character_is_located() -> None:
    text = replace_once(VALID, "rounds: 4", "rounds: 4\x07")
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, "\x07")
    assert "U+0007" in error.message


def test_condition_errors_point_inside_a_quoted_string() -> None:
    text = replace_once(VALID, "requires: draagvlak >= 30 and round >= 2",
                        'requires: "draagvlak >= 30 and rond >= 2"')
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, "rond >=")
    assert "unknown name 'rond' in condition; did you mean 'round'?" in error.message


def test_condition_in_a_block_scalar_is_located_at_the_string() -> None:
    text = replace_once(VALID, "condition: natuur < 45", "condition: >-\n      natuur < 4 5")
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, ">-")
    assert "does not parse" in error.message


def test_missing_field_in_nested_model_points_at_its_mapping() -> None:
    text = replace_once(VALID, "        amount: 4\n", "")
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, "variable: gezondheid\n        delay")
    assert error.message == "field 'amount' is required: add 'amount: <number>'"


def test_model_rule_is_located_at_the_model() -> None:
    text = replace_once(VALID, "structural: true", "structural: false")
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, "id: sportpark")
    assert "set 'structural: true' or remove them" in error.message


def test_bound_is_located_at_the_value() -> None:
    text = replace_once(VALID, "    upkeep: 1\n", "    upkeep: 1\n    duration: 0\n")
    (error,) = errors_of(text)
    assert (error.line, error.column) == position(text, "0\n    per_round")
    assert error.message == "'duration' must be at least 1, got 0"


def test_alias_that_contains_itself_is_refused() -> None:
    text = VALID + "debrief_questions: &loop [*loop]\n"
    (error,) = errors_of(text)
    assert "used inside itself" in error.message


def test_exploding_aliases_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    (error,) = errors_of("\n".join(lines) + "\n")
    assert "expand to" in error.message


def test_references_are_all_reported_with_defaults() -> None:
    scenario = load_scenario_text(VALID)
    broken = scenario.model_copy(update={
        "cards": [scenario.cards[0].model_copy(update={"requires_cards": ["natuurherstel"]}),
                  *scenario.cards[1:]],
    })
    messages = [d.message for d in check_references(broken)]
    assert len(messages) == 1
    assert "can never be adopted" in messages[0]
    assert "preventie → natuurherstel → preventie" in messages[0]


def test_settings_defaults_must_name_variables() -> None:
    text = replace_once(VALID, "  - id: budget\n", "  - id: geld\n")
    errors = errors_of(text)
    assert any("settings.budget names 'budget'" in e.message for e in errors)
    assert all(e.line >= 1 for e in errors)


def test_score_category_without_variables() -> None:
    text = replace_once(VALID, "category: hier-en-nu\n      aggregate", "category: elders\n"
                        "      aggregate")
    (error,) = errors_of(text)
    assert "no variable has category 'elders'" in error.message


# --- robustness -------------------------------------------------------------------------------

MUTATIONS = st.lists(
    st.tuples(st.sampled_from(["delete", "duplicate", "indent", "dedent"]),
              st.integers(min_value=0, max_value=10_000)),
    min_size=1, max_size=3,
)


def mutate(text: str, steps: list[tuple[str, int]]) -> str:
    """Apply line mutations: the mistakes an editor makes easy (lost, doubled, shifted lines)."""
    lines = text.splitlines()
    for kind, raw in steps:
        if not lines:
            break
        at = raw % len(lines)
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "indent":
            lines[at] = "  " + lines[at]
        else:
            lines[at] = lines[at][2:] if lines[at].startswith("  ") else lines[at]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MUTATIONS)
def test_mutations_only_ever_raise_located_scenario_errors(steps: list[tuple[str, int]],
                                                           ) -> None:
    text = mutate(VALID, steps)
    try:
        load_scenario_text(text, "m.yaml")
    except ScenarioError as error:
        assert error.diagnostics
        last_line = text.count("\n") + 1
        for diagnostic in error.diagnostics:
            assert 1 <= diagnostic.line <= last_line, str(diagnostic)
            assert diagnostic.column >= 1, str(diagnostic)
            assert diagnostic.path == "m.yaml"
            assert diagnostic.message


YAML_SPECIALS = st.sampled_from([*":-[]{}&*!|>'\"#,%@`?~\t\n ", "  ", ": ", "- ", "<<: "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0), YAML_SPECIALS), min_size=1, max_size=3))
def test_inserted_yaml_characters_only_ever_raise_scenario_errors(
        edits: list[tuple[int, str]]) -> None:
    text = VALID
    for raw, inserted in edits:
        at = raw % len(text)
        text = text[:at] + inserted + text[at:]
    try:
        load_scenario_text(text, "m.yaml")
    except ScenarioError as error:
        last_line = text.count("\n") + 1
        assert all(1 <= d.line <= last_line and d.column >= 1 for d in error.diagnostics)
