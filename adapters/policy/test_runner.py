"""Runs the bundle's Rego tests with real OPA, the way `opa test --coverage` does.

Every `test_*` rule of every `*_test.rego` file is evaluated on its own, with coverage on; a line of a
policy file counts as covered when any test evaluated it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.policy.embedded import load_bundle, new_opa_engine
from application.ports.policy_test_runner import FileCoverage, PolicyTestReport, PolicyTestResult

if TYPE_CHECKING:
    from adapters.policy.bundle import PolicyDirectory

PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)


class OpaTestRunner:
    def __init__(self, directory: PolicyDirectory) -> None:
        self._directory = directory

    def run(self) -> PolicyTestReport:
        engine = new_opa_engine()
        try:
            load_bundle(engine, self._directory, with_tests=True)
            lines = _Lines()
            results = _Session(engine, lines).run(self._tests())
        finally:
            engine.close()
        policies = [self._directory.relative(path) for path in self._directory.policy_files()]
        return PolicyTestReport(tuple(results), tuple(lines.coverage(path) for path in policies))

    def _tests(self) -> list[_Test]:
        found = []
        for path in self._directory.test_files():
            source = path.read_text(encoding="utf-8")
            package = PACKAGE.search(source)
            if package is None:
                continue
            names = dict.fromkeys(TEST_RULE.findall(source))  # a test may have several bodies: run it once
            found += [_Test(self._directory.relative(path), package.group(1), name) for name in names]
        return found


@dataclass(frozen=True, slots=True)
class _Test:
    file: str
    package: str
    name: str


class _Session:
    """Evaluates every test package in one query (OPA prepares each distinct query once, which is the
    slow part); only when that fails are packages, and then single tests, run apart to find the error."""

    def __init__(self, engine: Any, lines: _Lines) -> None:
        self._engine, self._lines = engine, lines

    def run(self, tests: list[_Test]) -> list[PolicyTestResult]:
        packages = list(dict.fromkeys(test.package for test in tests))
        try:
            documents = self._packages(packages)
        except Exception:  # some test raised an error: look for it package by package
            return [result for package in packages for result in self._one_package(package, tests)]
        return [_outcome(test, documents[test.package]) for test in tests]

    def _packages(self, packages: list[str]) -> dict[str, Any]:
        query = "; ".join(f"p{index} := data.{package}" for index, package in enumerate(packages))
        bindings = self._engine.eval_query(query, coverage=True)
        self._lines.add(self._engine.last_coverage)
        found = bindings[0] if bindings else {}
        return {package: found.get(f"p{index}") or {} for index, package in enumerate(packages)}

    def _one_package(self, package: str, tests: list[_Test]) -> list[PolicyTestResult]:
        mine = [test for test in tests if test.package == package]
        try:
            document = self._packages([package])[package]
        except Exception:
            return [self._one_test(test) for test in mine]
        return [_outcome(test, document) for test in mine]

    def _one_test(self, test: _Test) -> PolicyTestResult:
        try:
            passed = bool(self._engine.eval_query(f"data.{test.package}.{test.name}", coverage=True))
        except Exception as error:  # an evaluation error fails the test and is shown with it
            return PolicyTestResult(test.file, test.package, test.name, False, f"{error}")
        self._lines.add(self._engine.last_coverage)
        return PolicyTestResult(test.file, test.package, test.name, passed)


def _outcome(test: _Test, document: dict[str, Any]) -> PolicyTestResult:
    return PolicyTestResult(test.file, test.package, test.name, document.get(test.name) is True)


class _Lines:
    def __init__(self) -> None:
        self._covered: dict[str, set[int]] = defaultdict(set)
        self._seen: dict[str, set[int]] = defaultdict(set)

    def add(self, report: dict[str, Any] | None) -> None:
        for path, file in ((report or {}).get("files") or {}).items():
            self._covered[path] |= _rows(file.get("covered"))
            self._seen[path] |= _rows(file.get("covered")) | _rows(file.get("not_covered"))

    def coverage(self, path: str) -> FileCoverage:
        covered = self._covered[path]
        return FileCoverage(path, len(covered), tuple(sorted(self._seen[path] - covered)))


def _rows(regions: list[dict[str, Any]] | None) -> set[int]:
    return {
        row for region in regions or [] for row in range(region["start"]["row"], region["end"]["row"] + 1)
    }
