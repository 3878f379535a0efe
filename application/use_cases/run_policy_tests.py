"""Use case: run the policy bundle's own tests and measure their coverage."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.policy_test_runner import PolicyTestReport, PolicyTestRunner

MINIMUM_COVERAGE = 95.0


@dataclass(frozen=True, slots=True)
class PolicyTestOutcome:
    report: PolicyTestReport
    minimum_coverage: float

    @property
    def coverage_ok(self) -> bool:
        return self.report.coverage_percent >= self.minimum_coverage

    @property
    def ok(self) -> bool:
        return self.report.failed == 0 and bool(self.report.results) and self.coverage_ok


class RunPolicyTests:
    """Run every Rego test of the bundle with the real engine.

    Rules:
    - Every `test_*` rule of every `*_test.rego` file is run; a test passes when it is true, fails when it
      is false or undefined, and an evaluation error is a failure that shows the error.
    - Coverage counts the lines of the policy files (the tests themselves excluded) that some test
      evaluated; the bundle passes only when every test passes and coverage is at least 95 %.
    - A bundle without tests does not pass.
    """

    def __init__(self, runner: PolicyTestRunner, minimum_coverage: float = MINIMUM_COVERAGE) -> None:
        self._runner, self._minimum = runner, minimum_coverage

    def execute(self) -> PolicyTestOutcome:
        return PolicyTestOutcome(self._runner.run(), self._minimum)
