"""`make check` fails when pyproject.toml and requirements.lock disagree (tools/check_lock.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import check_lock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.setattr(check_lock, "PYPROJECT", tmp_path / "pyproject.toml")
    monkeypatch.setattr(check_lock, "LOCK", tmp_path / "requirements.lock")
    return tmp_path


def test_the_checked_in_lock_matches_pyproject(checkout: Path) -> None:
    assert check_lock.problems() == []
    assert "--hash=sha256:" in (checkout / "requirements.lock").read_text()


def test_a_dependency_added_to_pyproject_without_relocking_fails(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"rich>=13.7",', '"rich>=13.7",\n    "left-pad>=1.0",')
    )
    found = check_lock.problems()
    assert any("make lock" in problem for problem in found)
    assert any("left-pad is declared in pyproject.toml but not pinned" in problem for problem in found)


def test_a_pin_that_no_longer_satisfies_pyproject_fails(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"rich>=13.7"', '"rich>=999"'))
    assert any("does not satisfy rich>=999" in problem for problem in check_lock.problems())


def test_stamping_records_the_declarations(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"msgspec>=0.19"', '"msgspec>=0.18"'))
    assert check_lock.problems()
    assert check_lock.main(["--stamp"]) == 0
    assert check_lock.problems() == []
