"""One composition root: every use case is a provider of bootstrap/container.py, and nothing outside
bootstrap/ constructs one (the API, the command line, the workers, the tests and the benchmarks ask the
container for it by type; tests override the container's adapters: tests/fakes/container.py). The API's
handlers receive each use case under the name its class gives it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, get_args, get_origin, get_type_hints

import pytest
from litestar.handlers import HTTPRouteHandler

from adapters.http.app import CONTROLLERS, USE_CASES, dependency_name
from bootstrap.container import Container

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]
USE_CASE_PACKAGE = ROOT / "application" / "use_cases"
SCANNED = ("domain", "application", "adapters", "plugins", "workflows", "tests", "bench", "tools")
USE_CASE_METHODS = frozenset({"execute"})


def use_case_classes(package: Path = USE_CASE_PACKAGE) -> dict[str, str]:
    """Every use case, discovered: a class of application/use_cases/ with an `execute` method."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text(), str(path)).body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in USE_CASE_METHODS
                for item in node.body
            ):
                found[node.name] = module
    return found


def constructions(source: str, use_cases: frozenset[str], filename: str = "<snippet>") -> Iterator[str]:
    """`file:line: Name` for each call of a use-case class in `source` (also under an import alias, as an
    attribute `module.Name(...)`, or handed to functools.partial)."""
    tree = ast.parse(source, filename)
    aliases = {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname and alias.name in use_cases
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = [node.func]
        if _name(node.func) == "partial" and node.args:
            called.append(node.args[0])
        for target in called:
            name = _name(target)
            name = aliases.get(name, name) if name else None
            if name in use_cases:
                yield f"{filename}:{node.lineno}: {name}"


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def scanned_files() -> Iterator[Path]:
    for folder in SCANNED:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_use_cases_are_discovered() -> None:
    found = use_case_classes()
    assert {"IssueTicket", "QuoteTickets", "SettleTicket", "TrainModel", "PromoteChallenger"} <= set(found)
    assert len(found) >= 50


def test_no_use_case_is_constructed_outside_bootstrap() -> None:
    names = frozenset(use_case_classes())
    found = [
        hit
        for path in scanned_files()
        for hit in constructions(path.read_text(), names, str(path.relative_to(ROOT)))
    ]
    assert found == [], "use cases are built in bootstrap/container.py only:\n" + "\n".join(found)


def test_every_use_case_is_one_provider_of_the_container() -> None:
    use_cases = Container().use_cases()
    for name, module in use_case_classes().items():
        kind = getattr(__import__(module, fromlist=[name]), name)
        assert use_cases.factory(kind).cls is kind  # type: ignore[attr-defined]


SNIPPET = """
import functools
from application.use_cases.issue_ticket import IssueTicket
from application.use_cases.open_bankroll import OpenBankroll as Opening
from application.use_cases import settle_ticket

def build(uow, policy, clock, secrets):
    IssueTicket(uow, policy, clock, secrets)
    Opening(uow)
    settle_ticket.SettleTicket(uow, clock)
    functools.partial(IssueTicket, uow)
    return container.use_cases()(IssueTicket)  # by type: allowed
"""


def test_the_guard_finds_constructions_in_a_snippet() -> None:
    names = frozenset({"IssueTicket", "OpenBankroll", "SettleTicket"})
    assert list(constructions(SNIPPET, names)) == [
        "<snippet>:8: IssueTicket",
        "<snippet>:9: OpenBankroll",
        "<snippet>:10: SettleTicket",
        "<snippet>:11: IssueTicket",
    ]


@pytest.mark.parametrize("source", ["IssueTicketRequest(1)", "issue_ticket(1)", "x = IssueTicket"])
def test_requests_lookups_and_references_are_not_constructions(source: str) -> None:
    assert list(constructions(source, frozenset({"IssueTicket"}))) == []


def _use_cases_in(hint: object) -> list[type]:
    """The use-case classes a handler parameter's annotation names (through Annotated, `| None`)."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    found = get_args(hint) or (hint,)
    return [
        kind
        for kind in found
        if isinstance(kind, type)
        and kind.__module__.startswith("application.use_cases.")
        and "execute" in vars(kind)
    ]


def test_every_handler_takes_its_use_cases_by_type_under_their_dependency_name() -> None:
    taken: set[type] = set()
    for controller in CONTROLLERS:
        for member in vars(controller).values():
            if not isinstance(member, HTTPRouteHandler):
                continue
            for parameter, hint in get_type_hints(member.fn, include_extras=True).items():
                for kind in _use_cases_in(hint):
                    assert parameter == dependency_name(kind), f"{member.fn.__qualname__}: {parameter}"
                    taken.add(kind)
    assert taken, taken - set(USE_CASES)
    assert taken <= set(USE_CASES), taken - set(USE_CASES)
