"""Every message about a scenario or plan file speaks the reader's language.

Validate's errors and warnings, the loader's messages and the werksessie plan errors are
phrases of ``locale/scenario.yaml`` (Dutch and English); validate says them in ``--lang``,
Dutch by default as the rest of the command line. English stays what it always was (the
corpora compare it); Dutch must hold no English sentence and no Python wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from morgenmaken.cli import app
from morgenmaken.i18n import Phrase, phrase
from morgenmaken.scenario.loader import check_scenario_file
from morgenmaken.werksessie.plan_loader import check_plan_file

LOCALE = Path(__file__).resolve().parent.parent / "src" / "morgenmaken" / "locale"
BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))
BROKEN_PLANS = sorted((Path(__file__).parent / "broken_plans").glob("*.yaml"))
WARNINGS = sorted((Path(__file__).parent / "warnings").glob("*.yaml"))
runner = CliRunner()

#: Words of the English messages (and of Python) that a Dutch message must not hold.
ENGLISH = re.compile(r"\b(the|must|expected|got|unknown|duplicate|field|remove|write|is not|"
                     r"did you mean|cannot|error|warning|never|line|should|missing|"
                     r"Traceback|Exception|ValueError|KeyError|None|literal|codec|"
                     r"recursion|invalid)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _entries() -> dict[str, dict[str, str]]:
    return yaml.safe_load((LOCALE / "scenario.yaml").read_text(encoding="utf-8"))


def test_every_key_has_dutch_and_english_with_the_same_placeholders() -> None:
    entries = _entries()
    assert len(entries) > 100
    for key, entry in entries.items():
        assert set(entry) == {"nl", "en"}, key
        assert isinstance(entry["nl"], str) and isinstance(entry["en"], str), key
        if key not in ("scn.nothing", "scn.yaml.detail", "scn.yaml.advised"):
            assert entry["nl"].strip() and entry["en"].strip(), key
            dutch, english = (set(PLACEHOLDER.findall(entry[lang])) for lang in ("nl", "en"))
            # only the YAML reader's own (English) words are left out of the Dutch
            assert dutch <= english and english - dutch <= {"detail", "problem", "context"}, key


def test_a_phrase_with_an_unknown_key_fails_where_it_is_written() -> None:
    with pytest.raises(KeyError):
        phrase("scn.no_such_message")


def test_numbers_in_a_dutch_phrase_have_a_decimal_comma_and_a_true_minus() -> None:
    words = phrase("scn.rule.baseline", baseline=-2.5, low=0.0, high=5.0)
    assert words.text("en") == "baseline -2.5 lies outside the range [0.0, 5.0]"
    assert words.text("nl") == "baseline \u22122,5 ligt buiten het bereik [0,0; 5,0]"


def _dutch_lines(paths: list[Path]) -> list[str]:
    result = runner.invoke(app, ["validate", *map(str, paths)])  # Dutch by default
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()


@pytest.mark.parametrize("path", [*BROKEN, *BROKEN_PLANS, *WARNINGS], ids=lambda p: p.stem)
def test_dutch_validate_output_is_dutch(path: Path) -> None:
    lines = _dutch_lines([path])
    assert lines
    for line in lines:
        message = line.removeprefix(str(path))
        # quoted values are the author's own words (ids, conditions, texts): not judged
        unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", message)
        assert not ENGLISH.search(unquoted), line


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_every_diagnostic_has_words_in_both_languages(path: Path) -> None:
    _, diagnostics = check_scenario_file(path)
    for diagnostic in diagnostics:
        assert isinstance(diagnostic.words, Phrase), diagnostic
        assert diagnostic.text("en") == diagnostic.message
        assert diagnostic.text("nl") != diagnostic.message or "'" in diagnostic.message


@pytest.mark.parametrize("path", BROKEN_PLANS, ids=lambda p: p.stem)
def test_plan_diagnostics_have_words_too(path: Path) -> None:
    _, diagnostics = check_plan_file(path)
    assert diagnostics and all(isinstance(d.words, Phrase) for d in diagnostics)


def test_validate_speaks_english_when_asked_and_refuses_other_languages() -> None:
    path = Path(__file__).parent / "broken" / "unknown_field.yaml"
    english = runner.invoke(app, ["validate", "--lang", "en", str(path)]).output
    dutch = runner.invoke(app, ["validate", "--lang", "nl", str(path)]).output
    assert "unknown field 'descripton'; did you mean 'description'?" in english
    assert "onbekend veld 'descripton'; bedoel je 'description'?" in dutch
    assert english.strip().endswith("1 error(s)") and dutch.strip().endswith("1 fout")
    refused = runner.invoke(app, ["validate", "--lang", "de", str(path)])
    assert refused.exit_code == 1 and "--lang" in refused.output


def test_the_werksessie_command_says_a_plan_s_errors_in_its_language() -> None:
    from morgenmaken.werksessie.command import CommandError, check_arguments

    path = Path(__file__).parent / "broken_plans" / "unknown_card.yaml"
    with pytest.raises(CommandError) as dutch:
        check_arguments(str(path), None, [], "nl")
    with pytest.raises(CommandError) as english:
        check_arguments(str(path), None, [], "en")
    assert "onbekende kaart 'dorpswinkel'" in str(dutch.value)
    assert "unknown card 'dorpswinkel'" in str(english.value)


def test_a_save_whose_scenario_no_longer_loads_says_why_in_the_players_language(
        tmp_path: Path) -> None:
    from morgenmaken.engine import GameConfig, new_game
    from morgenmaken.engine.save import SaveError
    from morgenmaken.scenario.library import load_current, resolve
    from morgenmaken.table.store import Store

    source = resolve("drenthe")
    copy = tmp_path / "mijn.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = Store(folder=tmp_path)
    store.save(new_game(load_current(copy), GameConfig(seed=1)), copy, {})
    copy.write_text(source.read_text(encoding="utf-8").replace(
        "variable: gezondheid", "variable: gezondhied", 1), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        store.load()
    dutch, english = caught.value.reason("nl"), caught.value.reason("en")
    assert "mijn.yaml:" in dutch and "bedoel je 'gezondheid'" in dutch
    assert not ENGLISH.search(dutch.split(": ", 1)[1]), dutch
    assert "did you mean 'gezondheid'" in english


#: YAML mistakes an author can make, beyond the common ones the corpus holds.
YAML_MISTAKES = {
    "colon_in_text": "id: a\ntitle: b: c\n",
    "no_colon": "id: a\ntitle\nx: 1\n",
    "bad_indent": "id: a\n  title: b\n x: 1\n",
    "item_in_mapping": "a:\n  - b\n  c: d\n",
    "tab": "id: a\n\ttitle: b\n",
    "bad_start": "id: @a\n",
    "undefined_alias": "id: *nope\n",
    "dash_after_mapping": "a: b\n- c\n",
    "unclosed_quote": "id: 'abc\n",
    "second_document": "a: 1\n---\nb: 2\n",
    "unclosed_list": "a: [1, 2\nb: 3\n",
    "unknown_escape": 'a: "\\q"\n',
    "anchor_without_name": "a: & b\n",
    "alias_without_name": "a: * b\n",
    "unknown_directive": "%FOO bar\n--- \na: 1\n",
    "double_yaml_directive": "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "tag_directive_without_uri": "%TAG ! \n---\na: 1\n",
    "undefined_tag_handle": "a: !x!y b\n",
    "duplicate_anchor": "a: &x 1\nb: &x 2\n",
    "content_after_end": "a: 1\n... \nb: 2\n",
    "text_after_block_indicator": "a: |x\n  b\n",
    "closing_bracket_alone": "a: ]\n",
    "never_closed": "a: [[[\n",
    "bad_uri_escape": "a: !<tag:%zz> b\n",
    "long_key": "a" * 1030 + ": 1\n",
}


@pytest.mark.parametrize("reader", ["ScenarioLoader", "FastLoader"])
@pytest.mark.parametrize("text", YAML_MISTAKES.values(), ids=list(YAML_MISTAKES))
def test_a_yaml_mistake_is_advised_in_dutch_by_either_reader(text: str, reader: str) -> None:
    """Both PyYAML's and libyaml's words for a mistake become advice in Dutch; the reader's
    English stays in the English message only, after the advice."""
    from morgenmaken.scenario import loader

    try:
        yaml.compose(text, Loader=getattr(loader, reader))
    except yaml.MarkedYAMLError as error:
        caught = error
    else:  # PyYAML lets an unknown '%' directive pass with a warning; libyaml refuses it
        assert reader == "ScenarioLoader" and text.startswith("%FOO")
        return
    words = loader._yaml_message(caught)
    assert words.key not in ("scn.yaml.syntax", "scn.yaml.syntax_at"), caught
    dutch = words.text("nl")
    assert not ENGLISH.search(re.sub(r"'[^']*'", "", dutch)), dutch
    assert str(caught.problem) not in dutch
    assert str(caught.problem) in words.text("en")


def test_a_yaml_problem_no_advice_knows_is_still_said_in_dutch() -> None:
    from morgenmaken.scenario import loader

    mark = yaml.Mark("s.yaml", 0, 2, 4, None, None)
    for error in (yaml.MarkedYAMLError(None, None, "found a brand-new oddity", mark),
                  yaml.MarkedYAMLError("while scanning something new", mark,
                                       "found a brand-new oddity", mark)):
        words = loader._yaml_message(error)
        dutch, english = words.text("nl"), words.text("en")
        assert "oddity" not in dutch and "scanning" not in dutch
        assert not ENGLISH.search(re.sub(r"'[^']*'", "", dutch)), dutch
        assert dutch.startswith("de YAML kan hier niet worden gelezen")
        assert "found a brand-new oddity" in english
    assert "regel 3" in dutch and "line 3" in english  # where the broken part began


def test_validate_of_a_yaml_mistake_is_located_and_dutch(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("id: kapot\ntitle: {nl: x}\nnote: \"een \\q hier\"\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:" in result.output and "dubbele aanhalingstekens" in result.output
    assert "escape character" not in result.output


def test_a_decimal_out_of_bounds_is_written_with_a_comma_in_dutch(tmp_path: Path) -> None:
    """'keep' of 1.5 (at most 1): the Dutch message says 1,5, the English one 1.5."""
    from morgenmaken.scenario.loader import check_scenario_file

    text = (Path(__file__).parent / "broken" / "softened_by_unknown_card.yaml").read_text(
        encoding="utf-8")
    path = tmp_path / "keep.yaml"
    path.write_text(text.replace("keep: 0.5", "keep: 1.5").replace("preventei", "preventie"),
                    encoding="utf-8")
    _, diagnostics = check_scenario_file(path)
    assert [d.text("nl") for d in diagnostics] == ["'keep' mag hoogstens 1 zijn, maar is 1,5"]
    assert [d.text("en") for d in diagnostics] == ["'keep' must be at most 1, got 1.5"]
