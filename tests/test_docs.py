"""The authoring guide and the field reference stay in step with the models.

* ``docs/reference.md`` (English) and ``docs/referentie.md`` (Dutch) are generated from the
  models and ``locale/reference.yaml``; each must be exactly what ``morgenmaken docs`` writes now
  (regenerate with ``morgenmaken docs --lang en --out docs/reference.md`` and ``--lang nl --out
  docs/referentie.md``). Every model and field has its Dutch, and the Dutch reference holds no
  English table words.
* Every field has a description and an example, and every example is valid for its field, so
  the schema never teaches an author something the loader refuses.
* Both guides mention every field, and the complete example they build loads without errors or
  warnings.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.i18n import keys, t
from morgenmaken.scenario import models as model_module
from morgenmaken.scenario.loader import ScenarioLoader, check_scenario_text
from morgenmaken.scenario.models import Text
from morgenmaken.scenario.reference import field_reference, models_in_order, yaml_flow
from morgenmaken.werksessie import plan as plan_module

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDES = [DOCS / "writing-scenarios.md", DOCS / "scenario-schrijven.md"]
#: The committed reference of each language, and the reference each guide links to.
REFERENCES = {"en": "reference.md", "nl": "referentie.md"}
GUIDE_LANG = {"writing-scenarios.md": "en", "scenario-schrijven.md": "nl"}
MODELS = [*models_in_order(), Text]
FIELDS = [(model, name, info) for model in MODELS for name, info in model.model_fields.items()]
#: The werksessie plan's models: their Dutch is in the same place (``schema --plan``).
PLAN_FIELDS = [(model, name, info) for model in models_in_order(plan_module.Plan)
               for name, info in model.model_fields.items()]
runner = CliRunner()


@pytest.mark.parametrize("lang", REFERENCES)
def test_committed_reference_is_current(lang: str) -> None:
    committed = (DOCS / REFERENCES[lang]).read_text(encoding="utf-8")
    assert committed == field_reference(lang), (
        f"run: morgenmaken docs --lang {lang} --out docs/{REFERENCES[lang]}")


def test_docs_command_prints_the_reference_in_its_language(tmp_path: Path) -> None:
    result = runner.invoke(app, ["docs"])
    assert result.exit_code == 0
    assert result.stdout == field_reference("nl")  # Dutch by default, as every command
    assert field_reference("nl") != field_reference("en")
    for lang in REFERENCES:
        out = tmp_path / f"{lang}.md"
        assert runner.invoke(app, ["docs", "--lang", lang, "--out", str(out)]).exit_code == 0
        assert out.read_text(encoding="utf-8") == field_reference(lang)


@pytest.mark.parametrize("lang", REFERENCES)
def test_reference_has_a_section_and_a_row_per_field(lang: str) -> None:
    text = field_reference(lang)
    for model in models_in_order():
        heading = t(f"ref.name.{model.__name__}", lang)
        section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in section, (model.__name__, name)
        anchor = heading.lower().replace(" ", "-")
        assert model is models_in_order()[0] or f"(#{anchor})" in text  # linked from above


def _documented() -> list[type]:
    """Every class whose docstring the schema shows: the models and the enums they use."""
    return [value for module in (model_module, plan_module) for value in vars(module).values()
            if isinstance(value, type) and value.__module__ == module.__name__
            and value.__doc__ and value.__name__ != "StrictModel"]


def test_every_model_and_field_has_its_dutch_and_no_dutch_is_left_over() -> None:
    """The English is the models' own; the Dutch in locale/reference.yaml must follow it:
    a new field without Dutch fails here, and so does Dutch for a field that is gone."""
    wanted = {f"ref.field.{model.__name__}.{info.alias or name}"
              for model, name, info in [*FIELDS, *PLAN_FIELDS]}
    wanted |= {f"ref.model.{cls.__name__}" for cls in _documented()}
    present = {key for key in keys() if key.startswith(("ref.field.", "ref.model."))}
    assert sorted(wanted - present) == [], "no Dutch in locale/reference.yaml"
    assert sorted(present - wanted) == [], "Dutch for a field or model that does not exist"
    for model, name, info in [*FIELDS, *PLAN_FIELDS]:
        dutch = t(f"ref.field.{model.__name__}.{info.alias or name}", "nl")
        assert dutch.strip() and dutch != info.description, (model.__name__, name)
    headings = {f"ref.name.{model.__name__}" for model in models_in_order()}
    assert headings <= set(keys())


#: Words of the English reference (its table words and plain English) that the Dutch
#: reference must not hold outside code (`...`); quoted values are YAML an author types.
ENGLISH = re.compile(r"\b(the|and|or|are|required|not set|none|whole|number|text|texts|"
                     r"list|one of|default|defaults|below|field|example|when|with|true|"
                     r"false|None|int|float|str|bool|at least|at most)\b")


def test_dutch_reference_speaks_dutch() -> None:
    text = field_reference("nl")
    prose = re.sub(r"`[^`]*`|\[[^]]*\]\([^)]*\)|'[^']*'", "", text)
    prose = prose.replace("JSON Schema", "").replace("Monitor Brede Welvaart", "")
    found = sorted(set(ENGLISH.findall(prose)))
    assert found == [], f"English in the Dutch reference: {found}"
    assert "**verplicht**" in text and "geheel getal (≥ 1)" in text and "id's" in text
    assert "(minstens 1 item)" in text and "item(s)" not in text
    english = field_reference("en")
    assert "(at least 1 item)" in english and "**required**" in english


@pytest.mark.parametrize(("model", "name", "info"), FIELDS,
                         ids=[f"{m.__name__}.{n}" for m, n, _ in FIELDS])
def test_every_field_has_a_description_and_valid_examples(model: type[BaseModel], name: str,
                                                          info: typing.Any) -> None:
    assert info.description, f"{model.__name__}.{name} has no description"
    assert info.examples, f"{model.__name__}.{name} has no example"
    annotation = (typing.Annotated[info.annotation, *info.metadata] if info.metadata
                  else info.annotation)
    for example in info.examples:
        TypeAdapter(annotation).validate_python(example)
        written = yaml.load(f"value: {yaml_flow(example)}", Loader=ScenarioLoader)["value"]
        assert written == example  # the reference shows it as YAML that reads back the same


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_mentions_every_field(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    missing = sorted({info.alias or name for _, name, info in FIELDS
                      if f"`{info.alias or name}`" not in text})
    assert not missing, f"{guide.name} does not mention: {', '.join(missing)}"
    own = REFERENCES[GUIDE_LANG[guide.name]]  # each guide links the reference in its language
    assert f"]({own})" in text


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_describes_every_strategy_of_the_panel(guide: Path) -> None:
    """The balance report plays the whole panel; an author reading the guide must find each
    strategy it names, with the bar of its kind (a guide that still spoke of three bots
    misled the first author who tuned with it)."""
    from morgenmaken.sim.strategies import BARS, PANEL
    text = guide.read_text(encoding="utf-8")
    section = text[text.index("### `morgenmaken simulate`"):]
    missing = [name for name in PANEL if f"`{name}`" not in section
               and f"**{name}**" not in section]
    assert not missing, f"{guide.name} does not describe: {', '.join(missing)}"
    for low, high in BARS.values():
        for share in (low, high):
            if share is not None:
                assert f"{round(share * 100)}" in section


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_example_loads_without_errors_or_warnings(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    match = re.search(r"<!-- complete-example -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert match, "the guide lost its complete example"
    scenario, diagnostics = check_scenario_text(match[1], guide.name)
    assert scenario is not None and diagnostics == [], "\n".join(map(str, diagnostics))
    for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL):
        yaml.load(block, Loader=ScenarioLoader)  # every snippet is valid YAML


def test_both_guides_build_the_same_example() -> None:
    examples = [re.search(r"<!-- complete-example -->\n```yaml\n(.*?)```",
                          guide.read_text(encoding="utf-8"), re.DOTALL)[1]  # type: ignore[index]
                for guide in GUIDES]
    assert examples[0] == examples[1]


def test_both_guides_give_the_limits_the_reader_enforces() -> None:
    """The limits section quotes the figures of the code, so a changed bound shows here."""
    from morgenmaken.scenario.expressions import MAX_LENGTH, MAX_NESTING
    from morgenmaken.scenario.images import MAX_PIXELS
    from morgenmaken.scenario.loader import (
        MAX_DEPTH,
        MAX_EXPANDED_NODES,
        MAX_EXPANDED_TEXT,
        MAX_NUMBER,
    )
    from morgenmaken.storage import IMAGE_LIMIT, PLAN_LIMIT, SCENARIO_LIMIT

    def grouped(number: float, separator: str) -> str:
        return f"{int(number):,}".replace(",", separator)

    for guide, separator in zip(GUIDES, (",", "."), strict=True):
        text = guide.read_text(encoding="utf-8")
        section = text.split("### Limits" if separator == "," else "### Grenzen", 1)[1]
        section = section.split("\n## ", 1)[0]
        million = "million" if separator == "," else "miljoen"
        for figure in (f"{SCENARIO_LIMIT // 1_000_000} MB", f"{PLAN_LIMIT // 1_000_000} MB",
                       f"{IMAGE_LIMIT // 1_000_000} MB", grouped(MAX_EXPANDED_NODES, separator),
                       f"{MAX_EXPANDED_TEXT // 1_000_000} {million}", f" {MAX_DEPTH} ",
                       f" {MAX_LENGTH} ", f" {MAX_NESTING} ", grouped(MAX_NUMBER, separator),
                       f"{MAX_PIXELS // 1_000_000} {million} pixels"):
            assert figure in section, (guide.name, figure)
