"""Werksessie plans: the shipped ones load clean, broken ones are located, the CLI checks them.

The broken corpus lives in ``tests/broken_plans/``, like ``tests/broken/`` for scenarios: one
small plan per kind of mistake, with a comment saying what it shows and one ``# expect:
line:column: message`` line per diagnostic it must produce (the message part is a substring).
Adding a case is adding a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.scenario.library import resolve
from morgenmaken.scenario.loader import ScenarioError, load_scenario
from morgenmaken.scenario.models import Scenario, Text
from morgenmaken.werksessie import plan_loader
from morgenmaken.werksessie.from_scenario import scenario_dimensions
from morgenmaken.werksessie.model import model_contrasts, model_effects, on_scale
from morgenmaken.werksessie.plan import Dimension, Lens, Measure, Plan
from morgenmaken.werksessie.plan_loader import (
    PlanError,
    check_plan_file,
    check_plan_text,
    is_plan_file,
    load_plan,
    load_plan_text,
    plan_files,
    prepare_plan,
    resolve_plan,
    shipped_plans_dir,
)
from morgenmaken.werksessie.session import new_session
from tests.corpus import assert_exactly_expected_errors, expectations

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "broken_plans"
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
SAMPLE = shipped_plans_dir() / "voorbeeldplan.yaml"
OWN_DIMENSIONS = shipped_plans_dir() / "eigen-dimensies.yaml"
runner = CliRunner()

SMALL = """\
id: proef
title: {nl: Proefplan, en: Test plan}
measures:
  - id: dorpshuis
    title: {nl: Dorpshuis, en: Village hall}
    description: {nl: Een dorpshuis., en: A village hall.}
"""


@pytest.fixture(scope="module")
def drenthe() -> Scenario:
    return load_scenario(resolve("drenthe"))


# --- the shipped plans ------------------------------------------------------------------------

def test_plans_are_found_shipped_first() -> None:
    names = [path.name for path in plan_files()]
    assert names[:2] == ["eigen-dimensies.yaml", "voorbeeldplan.yaml"]
    assert (ROOT / "plans" / "voorbeeldplan.yaml").is_file()  # the checkout's shortcut


@pytest.mark.parametrize("path", [SAMPLE, OWN_DIMENSIONS], ids=lambda p: p.stem)
def test_shipped_plans_load_without_errors_or_warnings(path: Path) -> None:
    plan, diagnostics = check_plan_file(path)
    assert plan is not None and diagnostics == [], "\n".join(map(str, diagnostics))
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=./plan.schema.json")


def test_sample_plan_takes_the_themes_of_drenthe(drenthe: Scenario) -> None:
    plan = load_plan(SAMPLE)
    assert plan.scenario == "drenthe" and plan.dimensions is None
    assert 5 <= len(plan.measures) <= 6
    assert all(m.title.en and m.description.en for m in plan.measures)
    prepared = prepare_plan(plan)
    assert prepared.dimensions == scenario_dimensions(drenthe)
    assert len(prepared.dimensions) == 17
    assert {d.group for d in prepared.dimensions} == set(Lens)
    cards = {card.id for card in drenthe.cards}
    assert sum(m.card in cards for m in plan.measures) >= 4


def test_plan_with_own_dimensions_keeps_them() -> None:
    plan = load_plan(OWN_DIMENSIONS)
    assert plan.dimensions is not None and len(plan.dimensions) == 6
    assert {d.group for d in plan.dimensions} == set(Lens)
    assert prepare_plan(plan) is plan


def test_resolve_plan_by_name_or_path_and_lists_plans_when_unknown() -> None:
    assert resolve_plan("voorbeeldplan") == SAMPLE
    assert resolve_plan(str(SAMPLE)) == SAMPLE
    with pytest.raises(FileNotFoundError) as caught:
        resolve_plan("voorbeeldplna")
    assert "voorbeeldplan" in str(caught.value) and "eigen-dimensies" in str(caught.value)


def test_users_own_plans_are_found_after_the_shipped_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_loader, "user_plans_dir", lambda: tmp_path)
    (tmp_path / "mijnplan.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / ".#mijnplan.yaml").write_text("lock", encoding="utf-8")
    assert plan_files()[-1] == tmp_path / "mijnplan.yaml"
    assert resolve_plan("mijnplan") == tmp_path / "mijnplan.yaml"


def test_user_plans_sit_beside_the_user_scenarios() -> None:
    from morgenmaken.scenario.library import user_dir

    assert plan_loader.user_plans_dir() == user_dir().parent / "plans"


# --- the broken corpus ------------------------------------------------------------------------

def test_the_broken_corpus_is_complete() -> None:
    names = {path.stem for path in BROKEN_FILES}
    assert {"syntax_unclosed_bracket", "wrong_type", "missing_field", "unknown_field",
            "duplicate_measure_id", "unknown_card", "unknown_scenario", "scenario_as_plan",
            "empty"} <= names
    for path in BROKEN_FILES:
        assert expectations(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_plan_reports_exactly_the_expected_diagnostics(path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert_exactly_expected_errors(caught.value.diagnostics, path)


def test_plan_error_is_a_scenario_error_with_one_line_per_problem() -> None:
    with pytest.raises(ScenarioError) as caught:  # callers that report scenarios report plans
        load_plan(BROKEN / "type_and_reference_errors.yaml")
    assert isinstance(caught.value, PlanError)
    assert len(str(caught.value).splitlines()) == 4


def test_missing_and_badly_encoded_files_are_located(tmp_path: Path) -> None:
    plan, diagnostics = check_plan_file(tmp_path / "nergens.yaml")
    assert plan is None and "cannot read the plan file" in diagnostics[0].message
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SMALL.replace("Dorpshuis,", "Caf\xe9,").encode("latin-1"))
    plan, diagnostics = check_plan_file(path)
    assert plan is None and (diagnostics[0].line, diagnostics[0].column) == (5, 20)
    assert "UTF-8" in diagnostics[0].message


def test_yaml_1_1_surprises_do_not_reach_a_plan() -> None:
    plan = load_plan_text(SMALL.replace("id: dorpshuis", "id: dorpshuis\n    card: null")
                          .replace("Een dorpshuis.", "no"))
    assert plan.measures[0].description.nl == "no"  # not False


def test_text_without_english_is_a_warning_not_an_error() -> None:
    text = SMALL.replace(", en: A village hall.", "")
    plan, diagnostics = check_plan_text(text, "p.yaml")
    assert plan is not None
    assert [(d.line, d.column, d.severity) for d in diagnostics] == [(6, 18, "warning")]
    assert "no English translation" in diagnostics[0].message


def test_a_card_is_pointless_when_no_dimension_is_a_theme_of_the_scenario() -> None:
    text = SMALL.replace("    title: {nl: Dorpshuis",
                         "    card: dorpswinkels\n    title: {nl: Dorpshuis") + (
        "dimensions:\n  - {id: rust, name: {nl: Rust, en: Quiet}}\n")
    plan, diagnostics = check_plan_text(text, "p.yaml")
    assert plan is not None
    assert [(d.line, d.column, d.severity) for d in diagnostics] == [(5, 11, "warning")]
    assert "cannot be compared" in diagnostics[0].message
    themed = text.replace("{id: rust,", "{id: samenleving,")
    assert check_plan_text(themed, "p.yaml")[1] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_plans_only_ever_give_diagnostics(data: st.DataObject) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text) - 1))
    length = data.draw(st.integers(1, 40))
    insert = data.draw(st.sampled_from(["", ":", "- ", "{", "'", "\t", "  ", "\n"]))
    damaged = text[:start] + insert + text[start + length:]
    plan, diagnostics = check_plan_text(damaged, "p.yaml")
    assert plan is not None or any(d.severity == "error" for d in diagnostics)
    assert all(d.line >= 1 and d.column >= 1 for d in diagnostics)


# --- preparing a plan for a session -----------------------------------------------------------

def _plan(**changes: object) -> Plan:
    plan = Plan(id="p", title=Text(nl="P"), measures=[
        Measure(id="m", title=Text(nl="M"), description=Text(nl="."))])
    return plan.model_copy(update=changes)


def test_prepare_plan_says_when_the_scenario_cannot_be_found() -> None:
    with pytest.raises(PlanError) as caught:
        prepare_plan(_plan(scenario="nergens"), "p.yaml")
    message = str(caught.value)
    assert message.startswith("p.yaml:1:1: the plan has no 'dimensions:' of its own")
    assert "drenthe" in message  # the known scenarios


def test_prepare_plan_says_when_the_scenario_is_broken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: kapot\n", encoding="utf-8")
    monkeypatch.setattr(plan_loader, "resolve", lambda name: broken)
    with pytest.raises(PlanError) as caught:
        prepare_plan(_plan(scenario="kapot"), "p.yaml")
    diagnostics = caught.value.diagnostics
    assert "has errors" in diagnostics[0].message
    assert any(d.path == str(broken) for d in diagnostics[1:])


def test_own_dimensions_need_no_scenario() -> None:
    own = [Dimension(id="rust", name=Text(nl="Rust"))]
    assert prepare_plan(_plan(scenario="nergens", dimensions=own)).dimensions == own


# --- the game's model beside the team ---------------------------------------------------------

def test_on_scale_uses_the_plans_thresholds() -> None:
    plan = _plan(model_slight=1.0, model_clear=5.0)
    assert [on_scale(d, plan) for d in (-6.0, -1.0, -0.9, 0.0, 0.9, 1.0, 4.9, 5.0)] == [
        -2, -1, 0, 0, 0, 1, 1, 2]


def test_model_shows_the_known_effect_of_a_sample_card(drenthe: Scenario) -> None:
    """Vroegsignalering en schuldhulp raises kwetsbare huishoudens in drenthe.yaml."""
    plan = prepare_plan(load_plan(SAMPLE))
    effects = model_effects(drenthe, plan)
    assert set(effects) == {m.card for m in plan.measures if m.card}
    assert effects["schuldhulp_vroegsignalering"]["kwetsbare_huishoudens"] > plan.model_clear
    assert effects["isolatie_energiearmoede"]["elders_milieu"] > 0

    session = new_session(plan, ["Anna"])
    measure = "vroegsignalering_schulden"
    for dimension in session.dimensions:
        session.rate(measure, "Anna", dimension.id, 0)
    session.submit(measure, "Anna")
    session.agree(measure, "kwetsbare_huishoudens", 2)
    session.agree(measure, "gezondheid", -1)
    session.close(measure)
    contrasts = {c.dimension_id: c for c in model_contrasts(session, drenthe)}
    assert all(c.measure_id == measure for c in contrasts.values())  # only closed measures
    poor = contrasts["kwetsbare_huishoudens"]
    assert poor.model_rating == 2 and poor.expected == 2 and not poor.differs
    assert poor.years == plan.model_rounds * drenthe.years_per_round
    health = contrasts["gezondheid"]
    assert health.model_rating >= 0 and health.differs


# --- the command line -------------------------------------------------------------------------

def test_validate_a_plan_prints_its_summary() -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", str(SAMPLE), str(OWN_DIMENSIONS)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == (f"ok {SAMPLE}: Implementation agenda South-East Drenthe 2027: "
                        "6 measures, 17 dimensions")  # the title in the language asked for
    assert lines[1].endswith(": 4 measures, 6 dimensions")


def test_validate_a_broken_plan_lists_located_errors() -> None:
    path = BROKEN / "unknown_card.yaml"
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert f"{path}:10:11: unknown card 'dorpswinkel'" in result.output
    assert "did you mean 'dorpswinkels'?" in result.output
    assert result.output.strip().endswith(f"{path}: 2 error(s)")


def test_validate_plan_warnings_exit_1_only_when_strict(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(SMALL.replace(", en: A village hall.", ""), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 0 and "1 warning(s)" in result.output
    assert runner.invoke(app, ["validate", "--lang", "en", "--strict", str(path)]).exit_code == 1


def test_a_file_in_a_plans_folder_is_checked_as_a_plan(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "leeg.yaml").write_text("# nog niets\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lang", "en", str(folder / "leeg.yaml")])
    assert result.exit_code == 1
    assert "the plan file is empty" in result.output
    assert is_plan_file(BROKEN / "syntax_unclosed_bracket.yaml")  # 'measures:', no 'cards:'
    assert not is_plan_file(resolve("drenthe"))


def test_shipped_plan_schema_is_current() -> None:
    """Editors read the schema next to the plans; it must match the models."""
    result = runner.invoke(app, ["schema", "--plan"])
    assert result.exit_code == 0
    shipped = (shipped_plans_dir() / "plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == json.loads(result.output), (
        "run: morgenmaken schema --plan --out plans/plan.schema.json")
    schema = json.loads(result.output)
    assert "measures" in schema["properties"] and "cards" not in schema["properties"]
    for name, field in schema["$defs"]["Measure"]["properties"].items():
        assert field.get("description"), name
    assert "variables" in json.loads(runner.invoke(app, ["schema"]).output)["properties"]


# --- the guides -------------------------------------------------------------------------------

@pytest.mark.parametrize("guide", ["writing-scenarios.md", "scenario-schrijven.md"])
def test_guide_plan_example_loads_without_errors_or_warnings(guide: str) -> None:
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(# yaml-language-server: \$schema=\./plan\.schema\.json\n.*?)"
                      r"```", text, re.DOTALL)
    assert match, f"{guide} lost its plan example"
    plan, diagnostics = check_plan_text(match[1], guide)
    assert plan is not None and diagnostics == [], "\n".join(map(str, diagnostics))
    for field in ("measures", "card", "scenario", "dimensions", "group", "model_rounds"):
        assert f"`{field}`" in text
