"""Port: runs every Rego test of the policy bundle with the real engine and measures coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PolicyTestResult:
    file: str
    package: str
    name: str
    passed: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FileCoverage:
    path: str
    covered_lines: int
    not_covered_lines: tuple[int, ...]

    @property
    def percent(self) -> float:
        total = self.covered_lines + len(self.not_covered_lines)
        return 100.0 if total == 0 else 100.0 * self.covered_lines / total


@dataclass(frozen=True, slots=True)
class PolicyTestReport:
    results: tuple[PolicyTestResult, ...]
    coverage: tuple[FileCoverage, ...]

    @property
    def passed(self) -> int:
        return sum(result.passed for result in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def coverage_percent(self) -> float:
        covered = sum(file.covered_lines for file in self.coverage)
        total = covered + sum(len(file.not_covered_lines) for file in self.coverage)
        return 100.0 if total == 0 else 100.0 * covered / total


class PolicyTestRunner(Protocol):
    def run(self) -> PolicyTestReport:
        """Every test_* rule of every *_test.rego; coverage of the policy files (tests excluded)."""
        ...
