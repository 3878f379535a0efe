"""tools/check_policies.py: the bundle may not lose a test file, an example input or a figure's source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools.check_policies import main

POLICIES = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return Path(shutil.copytree(POLICIES, tmp_path / "policies"))


def test_the_shipped_bundle_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(POLICIES) == 0
    assert capsys.readouterr().out == ""


def test_a_policy_without_a_test_file_fails(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bundle / "in_play" / "in_play_test.rego").unlink()
    assert main(bundle) == 1
    assert "in_play/in_play.rego: no test file in_play_test.rego" in capsys.readouterr().out


def test_a_test_file_without_tests_fails(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bundle / "markets" / "markets_test.rego").write_text("package stakewise.markets_test\n")
    assert main(bundle) == 1
    assert "markets/markets_test.rego: holds no test_ rule" in capsys.readouterr().out


def test_a_new_policy_package_needs_its_tests(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bundle / "odds").mkdir()
    (bundle / "odds" / "odds.rego").write_text("package stakewise.odds\n\nimport rego.v1\n\ndeny := set()\n")
    assert main(bundle) == 1
    assert "odds/odds.rego: no test file" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["allowed", "denied"])
def test_a_jurisdiction_without_examples_of_one_kind_fails(
    bundle: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    for example in (bundle / "data" / "SE").glob(f"{kind}-*.json"):
        example.unlink()
    assert main(bundle) == 1
    assert f"data/SE.json: no {kind} example input" in capsys.readouterr().out


def test_examples_without_a_jurisdiction_fail(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bundle / "data" / "FR").mkdir()
    assert main(bundle) == 1
    assert "data/FR/: example inputs for a jurisdiction without data/FR.json" in capsys.readouterr().out


def test_a_figure_without_a_source_fails(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bundle / "data" / "ES.json"
    data = json.loads(path.read_text())
    data["figures"]["deposit_limit_24h"]["source"] = " "
    del data["figures"]["minimum_age"]["illustrative"]
    del data["figures"]["in_play_allowed"]
    path.write_text(json.dumps(data))
    assert main(bundle) == 1
    out = capsys.readouterr().out
    assert "data/ES.json: figure deposit_limit_24h: its source is empty" in out
    assert "data/ES.json: figure minimum_age: has no illustrative" in out
    assert "data/ES.json: figure in_play_allowed is missing" in out
