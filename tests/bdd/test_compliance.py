"""Step definitions for features/bdd/compliance.feature: the real policy bundle, evaluated by real OPA."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from adapters.policy.bundle import PolicyDirectory
from adapters.policy.embedded import EmbeddedOpa

scenarios("compliance.feature")

NOW = "2025-05-01T18:30:00Z"


@pytest.fixture(scope="module")
def engine() -> EmbeddedOpa:
    return EmbeddedOpa(PolicyDirectory())


@dataclass
class Request:
    customer: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)

    def ask(self, engine: EmbeddedOpa, tickets: list[dict[str, Any]], deposit: str | None = None) -> None:
        document: dict[str, Any] = {"customer": self.customer, "tickets": tickets, "now": NOW}
        if deposit is not None:
            document["deposit"] = {"amount": float(deposit)}
        self.result = engine.evaluate_now(document)


@pytest.fixture
def request_() -> Request:
    return Request()


def customer(jurisdiction: str, **changes: Any) -> dict[str, Any]:
    zero = {"24h": 0, "7d": 0, "30d": 0}
    base = {"age": 30, "jurisdiction": jurisdiction, "self_excluded": False, "identity_verified": True,
            "cool_off_until": None, "deposits": zero, "losses": zero, "stakes": zero}  # fmt: skip
    return {**base, **changes}


def single(stake: str, market: str = "1x2", in_play: bool = False, **leg: Any) -> list[dict[str, Any]]:
    fixture = {
        "fixture": "Home v Away",
        "market": market,
        "selection": "home",
        "odds": 2.0,
        "in_play": in_play,
    }
    return [{"stake": float(stake), "legs": [{**fixture, **leg}]}]


@given(
    parsers.parse(
        "a customer in {code} who has deposited {amount} over the last 30 days across all operators"
    )
)
@given(parsers.parse("a customer in {code} who has deposited {amount} over the last 30 days"))
def deposited(request_: Request, code: str, amount: str) -> None:
    request_.customer = customer(code, deposits={"24h": 0, "7d": 0, "30d": float(amount)})


@given(
    parsers.parse("a {age:d}-year-old customer in {code} who has deposited {amount} over the last 30 days")
)
def young_depositor(request_: Request, age: int, code: str, amount: str) -> None:
    request_.customer = customer(code, age=age, deposits={"24h": 0, "7d": 0, "30d": float(amount)})


@given(parsers.parse("a self-excluded customer in {code}"))
def self_excluded(request_: Request, code: str) -> None:
    request_.customer = customer(code, self_excluded=True)


@given(parsers.re(r"a customer in (?P<code>[A-Z-]+)$"))
def plain(request_: Request, code: str) -> None:
    request_.customer = customer(code)


@given(parsers.parse("an {age:d}-year-old customer in {code}"))
def aged(request_: Request, age: int, code: str) -> None:
    request_.customer = customer(code, age=age)


@given(parsers.parse('a customer in {code} whose age is given as "{age}"'))
def malformed_age(request_: Request, code: str, age: str) -> None:
    request_.customer = customer(code, age=age)


@when(parsers.parse("the customer asks to deposit {amount}"))
def ask_deposit(request_: Request, engine: EmbeddedOpa, amount: str) -> None:
    request_.ask(engine, [], deposit=amount)


@when(parsers.parse("the customer asks for a {stake} pre-match single"))
def ask_single(request_: Request, engine: EmbeddedOpa, stake: str) -> None:
    request_.ask(engine, single(stake))


@when(parsers.parse("the customer asks for a {stake} in-play single on {market}"))
def ask_in_play(request_: Request, engine: EmbeddedOpa, stake: str, market: str) -> None:
    request_.ask(engine, single(stake, market=market, in_play=True))


@when(
    parsers.parse(
        "the customer asks for a {stake} single on a match of college teams from {first} and {second}"
    )
)
def ask_college(request_: Request, engine: EmbeddedOpa, stake: str, first: str, second: str) -> None:
    request_.ask(engine, single(stake, college_team_regions=[first, second]))


@then(parsers.parse('the policy denies it under rule {rule} with figure "{figure}"'))
def denied(request_: Request, rule: str, figure: str) -> None:
    assert request_.result["allow"] is False
    assert [(reason["rule"], reason["figure"]) for reason in request_.result["reasons"]] == [(rule, figure)]
    assert request_.result["reasons"][0]["source"]


@then("the policy allows it")
def allowed(request_: Request) -> None:
    assert request_.result["allow"] is True, request_.result["reasons"]
    assert request_.result["reasons"] == []


@then(parsers.parse("the remaining deposit allowance is {amount:d}"))
def deposit_allowance(request_: Request, amount: int) -> None:
    assert request_.result["limits"]["remaining_deposit_allowance"] == amount


@then("the customer may stake nothing and deposit nothing")
def nothing_allowed(request_: Request) -> None:
    limits = request_.result["limits"]
    assert limits["max_stake_per_ticket"] == 0
    assert limits["remaining_deposit_allowance"] == 0
    assert limits["remaining_loss_allowance"] == 0


@then(parsers.parse("the policy denies it as invalid input naming the field {field_name}"))
def invalid(request_: Request, field_name: str) -> None:
    assert request_.result["allow"] is False
    assert [reason["field"] for reason in request_.result["reasons"]] == [field_name]
    assert request_.result["reasons"][0]["rule"] == "input.invalid"
