"""Where scenarios are found, and the loader side of hot reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from morgenmaken.scenario import library
from morgenmaken.scenario.library import ScenarioFile, resolve, scenario_files, shipped_dir

DRENTHE = shipped_dir() / "drenthe.yaml"


@pytest.fixture
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "scenarios"
    monkeypatch.setattr(library, "user_dir", lambda: folder)
    return folder


def test_shipped_scenarios_are_listed_first() -> None:
    names = [p.name for p in scenario_files() if p.parent == shipped_dir()]
    assert {"drenthe.yaml", "tutorial.yaml", "kansengelijkheid.yaml"} <= set(names)


def test_user_scenarios_directly_and_in_their_own_folder(user_folder: Path) -> None:
    (user_folder / "wadlanden" / "images").mkdir(parents=True)
    (user_folder / "eigen.yaml").write_text("id: eigen\n", encoding="utf-8")
    (user_folder / "wadlanden" / "wadlanden.yml").write_text("id: w\n", encoding="utf-8")
    (user_folder / "wadlanden" / "images" / "diep.yaml").write_text("x", encoding="utf-8")
    (user_folder / ".#eigen.yaml").write_text("lock", encoding="utf-8")
    (user_folder / "~eigen.yaml").write_text("backup", encoding="utf-8")
    (user_folder / "notities.txt").write_text("-", encoding="utf-8")
    found = [p for p in scenario_files() if p.parent != shipped_dir()]
    assert found == [user_folder / "eigen.yaml", user_folder / "wadlanden" / "wadlanden.yml"]
    assert resolve("wadlanden") == user_folder / "wadlanden" / "wadlanden.yml"
    assert resolve("drenthe") == DRENTHE  # shipped first


def test_missing_user_folder_is_no_error(user_folder: Path) -> None:
    assert all(p.parent == shipped_dir() for p in scenario_files())


def test_resolve_names_what_exists(user_folder: Path) -> None:
    with pytest.raises(FileNotFoundError, match="drenthe"):
        resolve("nergens")
    assert resolve(str(DRENTHE)) == DRENTHE


def test_hot_reload_picks_up_a_valid_change_and_reports_a_broken_one(tmp_path: Path) -> None:
    path = tmp_path / "drenthe.yaml"
    text = DRENTHE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    watched = ScenarioFile(path)
    assert watched.changed()
    first = watched.reload()
    assert first.ok and first.diagnostics == [] and not watched.changed()

    threshold = first.scenario.score.win_threshold if first.scenario else 0
    changed = text.replace(f"win_threshold: {threshold:g}\n", "win_threshold: 63\n")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different time, whatever the clock's resolution
    assert watched.changed()
    second = watched.reload()
    assert second.ok and second.scenario is not None
    assert second.scenario.score.win_threshold == 63

    broken = changed.replace("variable: gezondheid", "variable: gezondhied", 1)
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(2, 2))
    third = watched.reload()
    assert not third.ok
    (error,) = third.errors
    line = broken[: broken.index("gezondhied")].count("\n") + 1
    assert (error.path, error.line) == (str(path), line)
    assert "did you mean 'gezondheid'" in error.message

    path.unlink()
    assert watched.changed()
    gone = watched.reload()
    assert not gone.ok and "cannot read the scenario file" in gone.errors[0].message
