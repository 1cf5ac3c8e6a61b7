"""Load a werksessie plan from YAML, with every problem at ``file:line:column`` like scenarios.

Plans are written by the same staff who write scenarios, so they get the same loader: the
scenario loader's safe YAML reading, node-tree checks and strict, located validation
(:func:`~morgenmaken.scenario.loader.read_tree`, :func:`~morgenmaken.scenario.loader.
validate_model`), plus the checks only a plan needs:

* measure ids and dimension ids are unique (sessions and CSV files are keyed by them);
* ``scenario`` names a scenario that exists (shipped or the user's own), with a did-you-mean;
* a measure's ``card`` is a card of that scenario, with a did-you-mean, because the
  comparison with the game's model silently skips a card it cannot find;
* an empty file, or a *scenario* file handed over as a plan, gets one sentence saying so
  instead of a list of unknown fields;
* texts without English are warnings, as in scenarios.

Plans are found like scenarios (:mod:`morgenmaken.scenario.library`): the shipped folder
``morgenmaken/plans`` and a ``plans`` folder beside the user's ``scenarios`` folder.

Usage::

    try:
        plan = prepare_plan(load_plan(resolve_plan("voorbeeldplan")))
    except PlanError as error:
        print(error)  # one "path:line:column: message" per problem
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from morgenmaken.i18n import phrase, t
from morgenmaken.scenario.diagnostics import Diagnostic, Loc, suggest
from morgenmaken.scenario.library import (
    NotFound,
    load_current,
    resolve,
    scenario_files,
    user_dir,
    yaml_files_in,
)
from morgenmaken.scenario.loader import (
    NodeLocator,
    ScenarioError,
    check_scenario_file,
    read_mapping,
    read_text_file,
    sort_diagnostics,
    validate_model,
)
from morgenmaken.scenario.models import Scenario
from morgenmaken.scenario.warnings import untranslated_texts
from morgenmaken.werksessie.from_scenario import resolve_dimensions
from morgenmaken.werksessie.plan import Plan

__all__ = [
    "PlanError",
    "check_plan_file",
    "check_plan_text",
    "is_plan_file",
    "load_plan",
    "load_plan_text",
    "plan_files",
    "plan_summary",
    "prepare_plan",
    "resolve_plan",
    "shipped_plans_dir",
    "user_plans_dir",
]

#: Top-level keys that only a scenario has: a file with these is a scenario, not a plan.
_SCENARIO_KEYS = ("cards", "variables", "roles", "events")


class PlanError(ScenarioError):
    """A plan that cannot be loaded or prepared, with every problem found, each located.

    A kind of :class:`ScenarioError` (same list of diagnostics, same one-per-line text), so
    code that already reports scenario errors reports plan errors too.
    """


# --- where plans are -------------------------------------------------------------------------

def shipped_plans_dir() -> Path:
    """The folder of the sample plans that come with the game (beside the scenarios)."""
    return Path(str(resources.files("morgenmaken") / "plans"))


def user_plans_dir() -> Path:
    """The folder where a user's own plans are looked for (it may not exist yet): ``plans``
    beside the user's ``scenarios`` folder, so staff keep both in one place."""
    return user_dir().parent / "plans"


def plan_files() -> list[Path]:
    """Every plan file in the shipped folder and the user folder, shipped first."""
    return yaml_files_in(shipped_plans_dir()) + yaml_files_in(user_plans_dir())


def resolve_plan(name: str | Path) -> Path:
    """A plan path from a path or a bare name such as ``voorbeeldplan``.

    Raises FileNotFoundError that lists the plans that do exist, so a typo is one look away
    from its fix.
    """
    path = Path(name)
    if path.is_file():
        return path
    found = plan_files()
    for candidate in found:
        if candidate.stem == str(name):
            return candidate
    known = ", ".join(p.stem for p in found)
    raise NotFound(phrase("cmd.no_plan", name=str(name), known=known or phrase("cmd.none_known"),
                          folder=user_plans_dir()))


def is_plan_file(path: str | Path, text: str | None = None) -> bool:
    """Whether a file is meant as a plan rather than a scenario: it lies in a ``plans``
    folder (or one folder down, as plans are found), or its top level has ``measures:`` and
    no ``cards:``.

    Read from the text, not the parsed YAML, so that a plan with a syntax error is still
    recognised and gets the plan's messages, not a scenario's.
    """
    folder = Path(path).resolve().parent
    if "plans" in (folder.name, folder.parent.name):  # directly in it, or one folder down
        return True
    if text is None:
        text, _ = read_text_file(path, "plan")
        if text is None:
            return False
    return bool(re.search(r"^measures\s*:", text, re.MULTILINE)
                and not re.search(r"^cards\s*:", text, re.MULTILINE))


# --- the scenarios a plan refers to ----------------------------------------------------------

def _scenario_paths() -> dict[str, Path]:
    """Scenario name (file stem) -> file, the names a plan's ``scenario`` may use."""
    paths: dict[str, Path] = {}
    for path in scenario_files():
        paths.setdefault(path.stem, path)
    return paths


def _load_scenario(path: Path) -> tuple[Scenario | None, tuple[Diagnostic, ...]]:
    """A plan's scenario, loaded once per version of its file, or its errors."""
    try:
        return load_current(path), ()
    except ScenarioError as error:
        return None, tuple(error.diagnostics)
    except OSError:
        scenario, diagnostics = check_scenario_file(path)  # says why it cannot be read
        return scenario, tuple(d for d in diagnostics if d.severity == "error")


# --- checking a plan -------------------------------------------------------------------------

def _items(data: dict[object, object], field: str) -> Iterator[tuple[int, dict[object,
                                                                                object]]]:
    """The mappings in the list `field` with their positions; anything else is skipped (its
    own validation error says what is wrong with it)."""
    items = data.get(field)
    if isinstance(items, list):
        for position, item in enumerate(items):
            if isinstance(item, dict):
                yield position, item


def _duplicates(data: dict[object, object], field: str, kind: str, locate: NodeLocator,
                path: str) -> list[Diagnostic]:
    """A repeated id in the list `field`, located at the repeat: ratings are stored by id,
    so two measures with one id would share (and overwrite) each other's ratings."""
    first: dict[str, int] = {}
    found = []
    for position, item in _items(data, field):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            earlier, _ = locate((field, first[ident], "id"))
            line, column = locate((field, position, "id"))
            found.append(Diagnostic.of(path, line, column, phrase(
                f"plan.duplicate_id.{kind}", id=ident, line=earlier)))
        else:
            first[ident] = position
    return found


def _scenario_checks(data: dict[object, object], locate: NodeLocator,
                     path: str) -> list[Diagnostic]:
    """The plan's ``scenario`` exists and loads, and every measure's ``card`` is one of its
    cards. Without an explicit ``scenario`` the default applies and is checked the same."""
    name = data.get("scenario", Plan.model_fields["scenario"].default)
    if not isinstance(name, str):
        return []  # a wrong type; validation reports it
    where: Loc = ("scenario",)
    known = _scenario_paths()
    if name not in known:
        line, column = locate(where)
        return [Diagnostic.of(path, line, column, phrase(
            "plan.unknown_scenario", name=name, hint=suggest(name, sorted(known), "scenarios")))]
    scenario, errors = _load_scenario(known[name])
    if scenario is None:
        line, column = locate(where)
        return [Diagnostic.of(path, line, column, phrase(
            "plan.scenario_has_errors", name=name, count=len(errors), file=str(known[name])))]
    cards = [card.id for card in scenario.cards]
    found = []
    for position, item in _items(data, "measures"):
        card = item.get("card")
        if isinstance(card, str) and card not in cards:
            line, column = locate(("measures", position, "card"))
            found.append(Diagnostic.of(path, line, column, phrase(
                "plan.unknown_card", card=card, name=name, hint=suggest(card, cards, "cards"))))
    found.extend(_cards_without_model_dimensions(data, scenario, locate, path))
    return found


def _cards_without_model_dimensions(data: dict[object, object], scenario: Scenario,
                                    locate: NodeLocator, path: str) -> list[Diagnostic]:
    """A warning for each ``card`` when the plan's own dimensions include no variable of the
    scenario: the model can only be compared on the scenario's themes, so the report would
    show no comparison at all, which the author surely did not mean."""
    dimensions = [item.get("id") for _, item in _items(data, "dimensions")]
    if not dimensions or {v.id for v in scenario.variables} & set(dimensions):
        return []
    found = []
    for position, item in _items(data, "measures"):
        if isinstance(item.get("card"), str):
            line, column = locate(("measures", position, "card"))
            found.append(Diagnostic.of(path, line, column, phrase(
                "plan.card_not_comparable", card=item["card"], scenario=scenario.id),
                "warning"))
    return found


def _looks_like_scenario(data: dict[object, object], locate: NodeLocator,
                         path: str) -> Diagnostic | None:
    """One clear sentence for a scenario given where a plan is expected, instead of an
    'unknown field' for each of its sections."""
    if "measures" in data or not any(key in data for key in _SCENARIO_KEYS):
        return None
    key = next(str(key) for key in data if key in _SCENARIO_KEYS)
    line, column = locate((key,), key=True)
    return Diagnostic.of(path, line, column, phrase("plan.is_scenario", key=key))


def check_plan_text(text: str, path: str = "<plan>") -> tuple[Plan | None, list[Diagnostic]]:
    """The plan (or None) and every diagnostic, warnings included, sorted by position.

    The plan is returned as written (dimensions not resolved: see :func:`prepare_plan`).
    The checks on ids and cards run on the raw data, so they are reported in the same run as
    a type error elsewhere in the file.
    """
    locate, data, problems = read_mapping(
        text, path, kind="plan", start=phrase("scn.start.plan"),
        fields="'id: ...', 'title: ...', 'measures: ...'")
    if locate is None or data is None:
        return None, sort_diagnostics(problems)
    scenario_file = _looks_like_scenario(data, locate, path)
    if scenario_file is not None:
        return None, sort_diagnostics([*problems, scenario_file])
    plan, errors = validate_model(Plan, data, locate, path)
    problems.extend(errors)
    problems.extend(_duplicates(data, "measures", "measure", locate, path))
    problems.extend(_duplicates(data, "dimensions", "dimension", locate, path))
    problems.extend(_scenario_checks(data, locate, path))
    if plan is not None and not any(p.severity == "error" for p in problems):
        problems.extend(untranslated_texts(plan, locate, path))
    if any(p.severity == "error" for p in problems):
        # Warnings about a file with errors are guesses about a file about to change.
        return None, sort_diagnostics([p for p in problems if p.severity == "error"])
    return plan, sort_diagnostics(problems)


def load_plan_text(text: str, path: str = "<plan>") -> Plan:
    """Parse and check a plan; raises :class:`PlanError` listing every error."""
    plan, diagnostics = check_plan_text(text, path)
    if plan is None:
        raise PlanError([d for d in diagnostics if d.severity == "error"])
    return plan


def check_plan_file(path: str | Path) -> tuple[Plan | None, list[Diagnostic]]:
    """The plan in a file (or None) and every diagnostic, warnings included; never raises,
    an unreadable file is a diagnostic like any other (what ``validate`` needs)."""
    text, problems = read_text_file(path, "plan")
    if text is None:
        return None, problems
    return check_plan_text(text, str(path))


def load_plan(path: str | Path) -> Plan:
    """Load and check a plan file; raises :class:`PlanError` listing every error."""
    plan, diagnostics = check_plan_file(path)
    if plan is None:
        raise PlanError([d for d in diagnostics if d.severity == "error"])
    return plan


def prepare_plan(plan: Plan, path: str = "<plan>") -> Plan:
    """The plan with its dimensions written out, ready for a session.

    A plan without dimensions of its own takes its scenario's themes, so the scenario is
    loaded; when it cannot be found or has errors, that is a :class:`PlanError` (located at
    `path`, the plan file, for lack of a better place) followed by the scenario's own errors.
    """
    if plan.dimensions:
        return plan
    try:
        scenario_path = resolve(plan.scenario)
    except FileNotFoundError:
        raise PlanError([Diagnostic.of(path, 1, 1, phrase(
            "plan.no_dimensions_no_scenario", name=plan.scenario,
            hint=suggest(plan.scenario, sorted(_scenario_paths()), "scenarios")))]) from None
    scenario, errors = _load_scenario(scenario_path)
    if scenario is None:
        raise PlanError([Diagnostic.of(path, 1, 1, phrase(
            "plan.no_dimensions_scenario_errors", name=plan.scenario)), *errors])
    return resolve_dimensions(plan, scenario)


def plan_summary(plan: Plan, lang: str = "en") -> str:
    """``<title>: N measures, M dimensions`` as ``validate`` prints it (dimensions counted
    after resolving, so a plan on a scenario's themes says how many the team will rate)."""
    try:
        dimensions = len(prepare_plan(plan).dimensions or [])
    except PlanError:
        dimensions = 0
    return t("plan.summary", lang, title=plan.title.get(lang), measures=len(plan.measures),
             dimensions=dimensions)
