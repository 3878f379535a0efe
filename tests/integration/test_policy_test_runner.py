"""`policy test` machinery: every Rego test run by real OPA, failures and errors shown, coverage per file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.policy.bundle import PolicyDirectory
from application.use_cases.run_policy_tests import RunPolicyTests
from tests.fakes.container import memory_container, use_case
from tests.integration.policy_support import BUNDLE, copy_bundle

if TYPE_CHECKING:
    from pathlib import Path


def policy_tests(directory: PolicyDirectory) -> RunPolicyTests:
    """The container's RunPolicyTests (real OPA) over this policy directory."""
    return use_case(memory_container(policy_directory=directory), RunPolicyTests)


def test_the_shipped_policies_pass_every_test_with_full_coverage() -> None:
    outcome = policy_tests(BUNDLE).execute()
    report = outcome.report
    assert report.failed == 0, [r.name for r in report.results if not r.passed]
    assert report.passed >= 70
    assert outcome.coverage_ok
    assert report.coverage_percent >= 95
    assert {file.path for file in report.coverage} == {BUNDLE.relative(p) for p in BUNDLE.policy_files()}
    assert outcome.ok


def with_extra_tests(tmp_path: Path, rego: str) -> PolicyDirectory:
    root = copy_bundle(tmp_path)
    (root / "markets" / "extra_test.rego").write_text(rego, encoding="utf-8")
    return PolicyDirectory(root)


def test_a_failing_test_and_an_erroring_test_are_reported_while_the_others_pass(tmp_path: Path) -> None:
    directory = with_extra_tests(
        tmp_path,
        """package stakewise.extra_test

import rego.v1

test_wrong if 1 == 2

test_broken if {
	x := to_number("not a number")
	x > 0
}

test_fine if 1 == 1
""",
    )
    outcome = policy_tests(directory).execute()
    extra = {r.name: r for r in outcome.report.results if r.package == "stakewise.extra_test"}
    assert not extra["test_wrong"].passed
    assert extra["test_wrong"].error is None
    assert not extra["test_broken"].passed
    assert "to_number" in (extra["test_broken"].error or "")
    assert extra["test_fine"].passed
    assert outcome.report.failed == 2
    assert not outcome.ok
    assert outcome.report.passed == policy_tests(BUNDLE).execute().report.passed + 1


def test_an_untested_rule_lowers_the_coverage_of_its_file(tmp_path: Path) -> None:
    root = copy_bundle(tmp_path)
    untested = "\n".join(f"rule_{n} if input.flag_{n} == {n}\n" for n in range(60))
    markets = root / "markets" / "markets.rego"
    markets.write_text(markets.read_text(encoding="utf-8") + "\n" + untested, encoding="utf-8")
    outcome = policy_tests(PolicyDirectory(root)).execute()
    [file] = [file for file in outcome.report.coverage if file.path == "markets/markets.rego"]
    assert len(file.not_covered_lines) == 60
    assert file.percent < 50
    assert outcome.report.failed == 0
    assert not outcome.coverage_ok
    assert not outcome.ok


def test_a_bundle_without_tests_does_not_pass(tmp_path: Path) -> None:
    root = copy_bundle(tmp_path)
    for test in root.rglob("*_test.rego"):
        test.unlink()
    outcome = policy_tests(PolicyDirectory(root)).execute()
    assert outcome.report.results == ()
    assert not outcome.ok
