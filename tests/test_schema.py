"""The editor's schemas say what validate says: the general one on shape, the ``--for`` one on
a file's own ids too.

An author's editor checks the scenario against a JSON Schema with a YAML 1.2 reader; the
tests run the real check-jsonschema (the tool an author runs in a terminal or in CI) on every
shipped scenario, the broken corpus and the warnings corpus, and compare its verdict with
``morgenmaken validate``'s. The ``--for`` schema must agree on every file; the general one
may miss a reference error (it cannot know the file's ids) but may never refuse a file that
validate accepts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from check_jsonschema import main as check_jsonschema
from click.testing import CliRunner
from typer.testing import CliRunner as TyperRunner

from morgenmaken.cli import app
from morgenmaken.scenario.expressions import ExpressionError, parse
from morgenmaken.scenario.library import shipped_dir
from morgenmaken.scenario.loader import check_scenario_file, check_scenario_text
from morgenmaken.scenario.schema import condition_pattern, scenario_schema

HERE = Path(__file__).parent
CORPUS = sorted([*shipped_dir().glob("*.yaml"), *(HERE / "broken").glob("*.yaml"),
                 *(HERE / "warnings").glob("*.yaml")])
BASE = HERE / "warnings" / "role_with_few_cards.yaml"
runner = TyperRunner()


def _validate_refuses(path: Path) -> bool:
    _, diagnostics = check_scenario_file(path)
    return any(d.severity == "error" for d in diagnostics)


def _schema_refuses(schema: Path, path: Path) -> bool:
    """check-jsonschema's verdict (it reads YAML 1.2 with ruamel, as editors do)."""
    result = CliRunner().invoke(check_jsonschema, ["--schemafile", str(schema), str(path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code == 1


def _schema_for(path: Path, folder: Path) -> Path:
    result = runner.invoke(app, ["schema", "--for", str(path), "--out",
                                 str(folder / f"{path.stem}.schema.json")])
    if result.exit_code != 0:  # not readable YAML: no ids to build on, the general one
        assert _validate_refuses(path)
        return folder / "general.json"
    return folder / f"{path.stem}.schema.json"


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schemas")
    (folder / "general.json").write_text(json.dumps(scenario_schema()), encoding="utf-8")
    return folder


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_jsonschema_agrees_with_validate(path: Path, schemas: Path) -> None:
    refused = _validate_refuses(path)
    if "\n# schema: cannot tell" in path.read_text(encoding="utf-8"):
        assert refused  # what JSON Schema cannot express (NaN): validate alone refuses it
        return
    assert _schema_refuses(_schema_for(path, schemas), path) == refused
    general = _schema_refuses(schemas / "general.json", path)
    assert not general or refused, "the general schema refuses a file validate accepts"


def test_corpus_covers_errors_only_the_file_schema_sees(schemas: Path) -> None:
    """The comparison above is worth something only if the general schema misses errors
    that the --for schema catches: typos in ids, conditions, a baseline out of range."""
    missed = {p.name for p in CORPUS if _validate_refuses(p)
              and not _schema_refuses(schemas / "general.json", p)}
    assert {"unknown_variable_in_effect.yaml", "unknown_source.yaml",
            "bad_condition_syntax.yaml", "model_rule_baseline_range.yaml"} <= missed


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> Path:
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "refused"), [
    ("amount: 4, delay: 1", "amount: 4, delay: 2.0", False),  # a whole number, to everyone
    ("amount: 4, delay: 1", "amount: 4, delay: 2.5", True),
    ("amount: 4, delay: 1", "amount: 4, delay: 0o2", False),  # YAML 1.2 octal: 2
    ("    baseline: 60", "    baseline: 0o52", False),  # 42
    ("rounds: 4", "rounds: 0o62", False),  # 50 rounds, the most a scenario may have
    ("rounds: 4", "rounds: 0o63", True),  # 51
    ("start_year: 2026", "start_year: 2026-01-01", True),  # a date is text, not a year
    ("title: {nl: Proefregio", "title: {nl: 2026-01-01", False),  # ... and fine as text
    ("rounds: 4", "rounds: 4.0", False),
    ("rounds: 4", "rounds: 1e1", False),
    ("weight: 0.05", "weight: 0.05\n    sign: '-'", False),
])
def test_integers_octal_and_dates_agree(tmp_path: Path, schemas: Path, old: str, new: str,
                                        refused: bool) -> None:
    path = _variant(tmp_path, old, new)
    assert _validate_refuses(path) == refused
    assert _schema_refuses(schemas / "general.json", path) == refused
    assert _schema_refuses(_schema_for(path, tmp_path), path) == refused


def test_whole_float_is_read_as_the_integer(tmp_path: Path) -> None:
    scenario, _ = check_scenario_file(_variant(tmp_path, "amount: 4, delay: 1",
                                               "amount: 4, delay: 2.0"))
    assert scenario is not None
    effect = scenario.card("preventie").effects[0]
    assert effect.delay == 2 and type(effect.delay) is int


@pytest.mark.parametrize(("old", "new"), [
    ("{variable: gezondheid, amount: 4", "{variable: gezondhied, amount: 4"),
    ("cards: [wijkteams]", "cards: [wijkteam]"),
    ("    baseline: 55", "    baseline: 55\n    source: rivm"),
    ("  - from: gezondheid", "  - from: gezondheid_x"),
    ("start_year: 2026", "start_year: 2026\nmin_players: 5\nmax_players: 3"),
    ("    baseline: 10", "    baseline: 60"),  # budget's range is [0, 50]
    ("rounds: 4", "rounds: 4\nend_conditions:\n  - id: op\n    condition: budget =< 0\n"
                  "    text: {nl: Op.}"),
    ("rounds: 4", "rounds: 4\nend_conditions:\n  - id: op\n    condition: budgt < 0\n"
                  "    text: {nl: Op.}"),
    ("      variables: [natuur]", "      variables: [natur]"),
    ("    cards: [wijkteams]", "    cards: [wijkteams, preventie]"),  # in two hands
])
def test_file_schema_flags_what_validate_flags(tmp_path: Path, old: str, new: str) -> None:
    path = _variant(tmp_path, old, new)
    assert _validate_refuses(path)
    assert _schema_refuses(_schema_for(path, tmp_path), path)


def test_file_schema_lists_the_files_own_ids(tmp_path: Path) -> None:
    out = tmp_path / "proef.schema.json"
    result = runner.invoke(app, ["schema", "--for", str(BASE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text(encoding="utf-8"))
    effect = schema["$defs"]["Effect"]["properties"]["variable"]
    assert effect["enum"] == ["gezondheid", "natuur", "budget", "draagvlak"]
    hand = schema["$defs"]["Role"]["properties"]["cards"]["items"]
    assert hand["enum"] == ["preventie", "sportpark", "natuurherstel", "wijkteams"]


def _descriptions(schema: object, path: str = "") -> dict[str, str]:
    """Every description of a schema by its place (a field named 'description' is a place
    too, so only text counts)."""
    found: dict[str, str] = {}
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "description" and isinstance(value, str):
                found[path] = value
            else:
                found |= _descriptions(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found |= _descriptions(value, f"{path}/{i}")
    return found


def _without_descriptions(schema: object) -> object:
    """The schema without the words an editor shows (descriptions and titles)."""
    if isinstance(schema, dict):
        return {key: _without_descriptions(value) for key, value in schema.items()
                if not (key in ("description", "title") and isinstance(value, str))}
    if isinstance(schema, list):
        return [_without_descriptions(value) for value in schema]
    return schema


#: Words of the English descriptions that a Dutch one must not hold (outside `code`).
ENGLISH = re.compile(r"\b(the|and|when|which|this|that|must|are|defines|Made|after|"
                     r"One|adding|with|every|round|rounds|card|cards|variable)\b")


def _dutch_beside_english(dutch: dict[str, object], english: dict[str, object],
                          least: int) -> None:
    """Every description of the Dutch schema is Dutch (no English words outside code), at
    the same places as the English one's, and the shapes are the same."""
    said_nl, said_en = _descriptions(dutch), _descriptions(english)
    assert said_nl.keys() == said_en.keys() and len(said_nl) > least
    for place, text in said_nl.items():
        assert text != said_en[place], place
        assert not ENGLISH.search(re.sub(r"`[^`]*`|'[^']*'", "", text)), (place, text)
    assert _without_descriptions(dutch) == _without_descriptions(english)


def test_schema_speaks_the_authors_language(tmp_path: Path) -> None:
    """Dutch by default, as every command: each description the editor shows is Dutch — the
    models', the fields', the ids' and a --for schema's own hints — and --lang en is the
    English of the models. The shapes are the same in both."""
    dutch = json.loads(runner.invoke(app, ["schema"]).output)
    english = json.loads(runner.invoke(app, ["schema", "--lang", "en"]).output)
    assert english == scenario_schema("en") and dutch == scenario_schema("nl")
    _dutch_beside_english(dutch, english, least=150)
    card = dutch["$defs"]["Card"]
    assert card["title"] == "Kaart" and english["$defs"]["Card"]["title"] == "Card"
    assert all(field.get("title", key) == key for key, field in card["properties"].items())
    assert english["properties"]["start_year"]["title"] == "Start Year"  # pydantic's own
    assert dutch["properties"]["start_year"]["title"] == "start_year"
    for lang, words in (("nl", "Een van de variabelen die dit bestand definieert: "),
                        ("en", "One of the variables this file defines: ")):
        out = tmp_path / f"{lang}.json"
        result = runner.invoke(app, ["schema", "--for", str(BASE), "--lang", lang, "--out",
                                     str(out)])
        assert result.exit_code == 0, result.output
        made = json.loads(out.read_text(encoding="utf-8"))
        assert words in made["$defs"]["Effect"]["properties"]["variable"]["description"]
        if lang == "nl":
            assert "4 variabelen, 4 kaarten, 2 rollen, 0 bronnen" in made["description"]
            for place, text in _descriptions(made).items():
                assert not ENGLISH.search(re.sub(r"`[^`]*`|'[^']*'", "", text)), (place, text)


def test_plan_schema_speaks_the_authors_language() -> None:
    """``schema --plan`` follows --lang the way the scenario schema does (Dutch by default):
    every model's and field's description is the Dutch of locale/reference.yaml, English
    with --lang en, the shapes the same."""
    from morgenmaken.werksessie.plan import plan_schema

    dutch = json.loads(runner.invoke(app, ["schema", "--plan"]).output)
    english = json.loads(runner.invoke(app, ["schema", "--plan", "--lang", "en"]).output)
    assert dutch == plan_schema("nl") and english == plan_schema("en")
    _dutch_beside_english(dutch, english, least=20)
    assert english["description"].startswith("A plan to weigh in a werksessie")
    assert dutch["description"].startswith("Een plan om in een werksessie te wegen")
    assert dutch["$defs"]["Measure"]["title"] == "Maatregel"
    assert dutch["title"] != english["title"] and english["$schema"] == dutch["$schema"]


def test_schema_for_unreadable_yaml_says_why(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("id: [kapot\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--for", str(path)])
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("text", [
    "gezondheid < 40 and round >= 2", "not (budget < 3) or draagvlak >= 2 * 3",
    "(budget + 2) / 3 > -1", "year<2030", "gezondheid => 3", "gezondhied < 3", "budget <",
    "budgetx < 0", "budget < 0 and", "budget = 0", "budget < 0 && round > 1",
])
def test_condition_pattern_matches_what_parses(text: str) -> None:
    """The pattern cannot count parentheses, but on these it judges as the parser does."""
    known = {"gezondheid", "budget", "draagvlak", "round", "year"}
    try:
        parsed = parse(text)
        good = parsed.names() <= known
    except ExpressionError:
        good = False
    pattern = condition_pattern(["gezondheid", "budget", "draagvlak"])
    assert bool(re.match(pattern, text)) == good


# --- the authoring messages the issue names ---------------------------------------------------

def _messages(tmp_path: Path, old: str, new: str) -> list[str]:
    _, diagnostics = check_scenario_file(_variant(tmp_path, old, new))
    return [f"{d.line}:{d.column}: {d.message}" for d in diagnostics if d.severity == "error"]


def test_range_with_one_number_says_it_takes_two(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "range: [0, 50]", "range: [-50]")
    assert "'range' takes two numbers" in message and "range: [0, 100]" in message
    assert "field '1'" not in message


def test_unquoted_minus_sign_says_to_quote_it(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "weight: 0.05", "weight: 0.05\n    sign: -")
    assert message.startswith("31:11:") and "put it in quotes" in message
    assert "sign: '-'" in message


def test_unknown_source_says_did_you_mean_or_how_to_add_it(tmp_path: Path) -> None:
    text = "    baseline: 55\n    source: {}\nsources:\n  - id: rivm_vtv_2024\n    title: VTV"
    (shortened,) = _messages(tmp_path, "    baseline: 55", text.format("rivm"))
    assert "did you mean 'rivm_vtv_2024'?" in shortened
    (unlisted,) = _messages(tmp_path, "    baseline: 55", text.format("cpb"))
    assert "add it under 'sources:' (- id: cpb, title: ...)" in unlisted


@pytest.mark.parametrize(("written", "meant"), [("=>", ">="), ("=<", "<="), ("<>", "!="),
                                                ("=", "=="), ("&&", "and")])
def test_operator_typo_says_did_you_mean(written: str, meant: str) -> None:
    text = BASE.read_text(encoding="utf-8").replace(
        "rounds: 4", f"rounds: 4\nend_conditions:\n  - id: op\n    condition: budget {written} 0"
                     "\n    text: {nl: Op.}", 1)
    _, diagnostics = check_scenario_text(text)
    (message,) = [d.message for d in diagnostics if d.severity == "error"]
    assert f"unexpected {written!r}; did you mean {meant!r}?" in message
