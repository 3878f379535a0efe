"""The HTTP edge on in-memory services: problem details, authentication, roles, limits, paging, docs."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.openapi import OPERATION_IDS
from adapters.http.settings import ApiSettings
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from bootstrap.container import Container
from domain.access import Partner, Role
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_memory
from tests.fakes.access import SteppingClock
from tests.fakes.container import InMemoryAdapters, memory_container, use_case

if TYPE_CHECKING:
    from collections.abc import Iterator

PROBLEM = "application/problem+json"


@dataclass
class Api:
    client: TestClient[Any]
    adapters: InMemoryAdapters
    container: Container
    keys: dict[str, str]
    bankroll: str

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}", **extra}

    def customer(self, who: str = "partner", born: str = "1990-01-01") -> str:
        body = {"jurisdiction": "GB", "date_of_birth": born, "identity_verified": True}
        response = self.client.post("/v1/customers", json=body, headers=self.headers(who))
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def ticket_body(self, customer: str, stake: str = "10.00", **leg: Any) -> dict[str, Any]:
        base = {
            "fixture": fixture_id("F1"),
            "competition": "EPL",
            "market": "1x2",
            "selection": "home",
            "bookmaker": "pinnacle",
            "odds": "2.10",
        }
        return {
            "customer_id": customer,
            "bankroll_id": self.bankroll,
            "stake": stake,
            "legs": [{**base, **leg}],
        }


def _setup(adapters: InMemoryAdapters, container: Container) -> tuple[dict[str, str], str]:
    async def run() -> tuple[dict[str, str], str]:
        clock = adapters.clock
        for partner in ("pA", "pB"):
            await adapters.access.add_partner(Partner(partner, partner, clock.now()))
        create = use_case(container, CreateApiKey)
        roles = {
            "partner": (Role.PARTNER, "pA"),
            "other": (Role.PARTNER, "pB"),
            "quant": (Role.QUANT, None),
            "auditor": (Role.AUDITOR, None),
            "admin": (Role.ADMIN, None),
        }
        keys = {
            name: (await create.execute(CreateApiKeyRequest(role, p))).key
            for name, (role, p) in roles.items()
        }
        bankroll = await use_case(container, OpenBankroll).execute(
            OpenBankrollRequest("pA", "main", Decimal("100.00"))
        )
        offered = [f"F{i}" for i in range(6)]
        seed_memory(adapters.database, [SeedFixture(name) for name in offered],
                    [entry for name in offered for entry in match_result_book(name)])  # fmt: skip
        return keys, bankroll.bankroll_id

    return asyncio.run(run())


@pytest.fixture
def api() -> Iterator[Api]:
    adapters = InMemoryAdapters()
    container = memory_container(adapters)
    keys, bankroll = _setup(adapters, container)
    settings = ApiSettings(rate_limit_per_second=1000, rate_limit_burst=1000)
    with TestClient(create_app(container.api_services(), settings)) as client:
        yield Api(client, adapters, container, keys, bankroll)


def test_a_request_without_a_valid_key_is_a_401_problem(api: Api) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Bearer sw_" + "a" * 16 + "_" + "b" * 43},
    ):
        response = api.client.get("/v1/tickets", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["type"].endswith("/unauthenticated")


def test_a_revoked_key_stops_working(api: Api) -> None:
    key_id = api.keys["partner"].split("_")[1]
    asyncio.run(api.adapters.access.revoke_key(key_id, api.adapters.clock.now()))
    api.adapters.clock.now()
    fresh = TestClient(create_app(api.container.api_services(), ApiSettings(auth_cache_seconds=0)))
    with fresh:
        assert fresh.get("/v1/me", headers=api.headers("partner")).status_code == 401


def test_roles_are_enforced_per_endpoint(api: Api) -> None:
    assert api.client.get("/v1/tickets", headers=api.headers("quant")).status_code == 403
    assert api.client.post("/v1/customers", json={}, headers=api.headers("auditor")).status_code == 403
    forbidden = api.client.get("/v1/bankrolls", headers=api.headers("quant"))
    assert forbidden.json()["type"].endswith("/forbidden")
    assert "quant" in forbidden.json()["detail"]
    assert api.client.get("/v1/tickets", headers=api.headers("auditor")).status_code == 200
    me = api.client.get("/v1/me", headers=api.headers("quant")).json()
    assert me["role"] == "quant"
    assert me["partner_id"] is None


def test_validation_errors_name_the_field(api: Api) -> None:
    customer = api.customer()
    body = api.ticket_body(customer, odds="two")
    response = api.client.post(
        "/v1/tickets", json=body, headers=api.headers("partner", **{"Idempotency-Key": "v1"})
    )
    problem = response.json()
    assert response.status_code == 400
    assert problem["type"].endswith("/validation-error")
    assert [error["field"] for error in problem["errors"]] == ["legs[0].odds"]
    extra = api.client.post(
        "/v1/tickets",
        json={**api.ticket_body(customer), "colour": "red"},
        headers=api.headers("partner", **{"Idempotency-Key": "v2"}),
    )
    assert extra.status_code == 400
    assert "colour" in extra.json()["detail"]
    missing = api.client.post("/v1/tickets", json=api.ticket_body(customer), headers=api.headers("partner"))
    assert missing.status_code == 400
    assert "Idempotency-Key" in missing.json()["detail"]


def test_rule_violations_name_the_rule(api: Api) -> None:
    customer = api.customer()
    response = api.client.post(
        "/v1/tickets",
        json=api.ticket_body(customer, stake="100.01"),
        headers=api.headers("partner", **{"Idempotency-Key": "big"}),
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/rule-violation")
    assert response.json()["rule"] == "StakeWithinBankroll"
    correlated = api.ticket_body(customer)
    correlated["legs"].append({**correlated["legs"][0], "selection": "draw", "odds": "3.40"})
    response = api.client.post(
        "/v1/tickets", json=correlated, headers=api.headers("partner", **{"Idempotency-Key": "acc"})
    )
    assert response.json()["rule"] == "NoCorrelatedLegs"


def test_a_policy_deny_is_a_problem_listing_the_rules(api: Api) -> None:
    minor = api.customer(born="2015-01-01")
    response = api.client.post(
        "/v1/tickets", json=api.ticket_body(minor), headers=api.headers("partner", **{"Idempotency-Key": "m"})
    )
    problem = response.json()
    assert response.status_code == 422
    assert problem["type"].endswith("/policy-denied")
    assert [reason["rule"] for reason in problem["reasons"]] == ["minimum_age"]
    assert problem["decision_id"]


def test_issue_replay_and_conflict(api: Api) -> None:
    customer = api.customer()
    headers = api.headers("partner", **{"Idempotency-Key": "once"})
    first = api.client.post("/v1/tickets", json=api.ticket_body(customer), headers=headers)
    again = api.client.post("/v1/tickets", json=api.ticket_body(customer), headers=headers)
    other = api.client.post("/v1/tickets", json=api.ticket_body(customer, stake="9.00"), headers=headers)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 422)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert other.json()["type"].endswith("/idempotency-key-reused")
    ticket = first.json()
    assert ticket["potential_return"] == "21.00"
    assert ticket["kind"] == "single"


def test_cursor_pages_and_object_level_404(api: Api) -> None:
    customer = api.customer()
    for i in range(5):
        body = api.ticket_body(customer, stake="1.00", fixture=fixture_id(f"F{i}"))
        api.client.post(
            "/v1/tickets", json=body, headers=api.headers("partner", **{"Idempotency-Key": f"p{i}"})
        )
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/v1/tickets", params=params, headers=api.headers("partner")).json()
        seen += [t["id"] for t in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == len(set(seen)) == 5
    assert api.client.get(f"/v1/tickets/{seen[0]}", headers=api.headers("other")).status_code == 404
    assert api.client.get("/v1/tickets", headers=api.headers("other")).json()["items"] == []
    assert api.client.get(f"/v1/tickets/{seen[0]}", headers=api.headers("auditor")).status_code == 200
    ledger = api.client.get(f"/v1/bankrolls/{api.bankroll}/ledger", headers=api.headers("partner")).json()
    assert sum(Decimal(line["amount"]) for line in ledger["items"]) == 0  # double entry, opening included


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(api: Api) -> None:
    with TestClient(
        create_app(api.container.api_services(), ApiSettings(rate_limit_per_second=1, rate_limit_burst=3))
    ) as client:
        statuses = [client.get("/v1/me", headers=api.headers("partner")).status_code for _ in range(5)]
        limited = client.get("/v1/me", headers=api.headers("partner"))
        other_key = client.get("/v1/me", headers=api.headers("other"))
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    assert limited.json()["type"].endswith("/rate-limited")
    assert int(limited.headers["retry-after"]) >= 1
    assert other_key.status_code == 200
    assert other_key.headers["ratelimit-limit"] == "3"
    assert other_key.headers["ratelimit-remaining"] == "2"
    assert other_key.headers["ratelimit-policy"] == "3;w=3"
    assert 0 <= int(other_key.headers["ratelimit-reset"]) <= 3


def test_an_address_with_too_many_failed_authentications_gets_429_even_with_a_right_key(api: Api) -> None:
    settings = ApiSettings(rate_limit_per_second=1000, rate_limit_burst=1000, auth_failure_limit=3)
    with TestClient(create_app(api.container.api_services(), settings)) as client:
        wrong = [client.get("/v1/me", headers={"Authorization": "Bearer sw_x_y"}) for _ in range(4)]
        right = client.get("/v1/me", headers=api.headers("partner"))
        public = client.get("/v1/ping")
    assert [r.status_code for r in wrong] == [401, 401, 401, 429]
    assert wrong[3].json()["type"].endswith("/authentication-rate-limited")
    assert wrong[3].headers["retry-after"]
    assert right.status_code == 429
    assert public.status_code == 200


def test_request_ids_are_echoed_and_put_in_problems(api: Api) -> None:
    response = api.client.get(
        "/v1/tickets/none", headers=api.headers("partner", **{"X-Request-ID": "abc-123"})
    )
    assert response.headers["x-request-id"] == "abc-123"
    assert response.json()["request_id"] == "abc-123"
    generated = api.client.get("/v1/ping")
    assert len(generated.headers["x-request-id"]) == 32


def test_the_app_serves_its_openapi_document_docs_and_metrics(api: Api) -> None:
    schema = api.client.get("/schema/openapi.json").json()
    issue = schema["paths"]["/v1/tickets"]["post"]
    assert {"400", "401", "403", "404", "422", "429", "503"} <= set(issue["responses"])
    assert PROBLEM in issue["responses"]["422"]["content"]
    assert schema["paths"]["/v1/ping"]["get"]["security"] == []
    assert schema["components"]["schemas"]["TicketIn"]["additionalProperties"] is False
    assert "<html" in api.client.get("/schema/swagger").text.lower()
    assert api.client.get("/metrics").status_code == 404  # not public: no STAKEWISE_METRICS_KEY here


def test_metrics_answer_only_the_metrics_key(api: Api) -> None:
    key = "k" * 24
    with TestClient(create_app(api.container.api_services(), ApiSettings(metrics_key=key))) as client:
        _assert_metrics_need(client, key)


def _assert_metrics_need(client: TestClient[Any], key: str) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    metrics = client.get("/metrics", headers={"Authorization": f"Bearer {key}"}).text
    assert "stakewise_requests_total" in metrics or "stakewise_request" in metrics


def test_every_operation_has_a_deliberate_operation_id(api: Api) -> None:
    schema = api.client.get("/schema/openapi.json").json()
    ids = {
        (method.upper(), path): operation["operationId"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    assert ids[("POST", "/v1/tickets")] == "issueTicket"
    assert ids[("GET", "/v1/tickets")] == "listTickets"
    assert ids[("POST", "/v1/tickets/quotes")] == "quoteTickets"
    assert len(set(ids.values())) == len(ids)
    missing = sorted(key for key in ids if key not in OPERATION_IDS)
    assert not missing, f"add these operations to adapters/http/openapi.py OPERATION_IDS: {missing}"


def test_the_docs_load_nothing_from_another_origin(api: Api) -> None:
    for page in ("/schema/swagger", "/schema/redoc"):
        html = api.client.get(page).text
        links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
        assert links, links
        assert all(link.startswith("/schema/assets/") for link in links), links
        for link in links:
            assert api.client.get(link).status_code == 200, link


def test_a_quote_proposes_tickets_and_issues_nothing(api: Api) -> None:
    customer = api.customer()
    proposals = [
        {
            "fixture": f"F{i}",
            "competition": "EPL",
            "market": "1x2",
            "selection": selection,
            "bookmaker": "pin",
            "odds": odds,
            "probability": probability,
        }
        for i in range(3)
        for selection, odds, probability in (
            ("home", "2.30", 0.47),
            ("draw", "3.40", 0.27),
            ("away", "3.50", 0.26),
        )
    ]
    body = {"customer_id": customer, "bankroll_id": api.bankroll, "proposals": proposals}
    quote = api.client.post("/v1/tickets/quotes", json=body, headers=api.headers("partner"))
    assert quote.status_code == 200, quote.text
    answer = quote.json()
    assert answer["tickets"]
    assert Decimal(answer["staked"]) <= Decimal(answer["available"])
    assert answer["expected_log_growth"] >= answer["baseline_log_growth"] - 1e-9
    assert api.client.get("/v1/tickets", headers=api.headers("partner")).json()["items"] == []


def test_market_data_models_and_decisions_by_role(api: Api) -> None:
    from tests.integration.test_market_data_contract import DECISIONS, FIXTURES, MODEL, PREDICTIONS, PRICES

    market = api.adapters.market
    api.adapters.clock = SteppingClock(datetime(2025, 3, 5, tzinfo=UTC))  # after the first fixture
    market.fixture_rows, market.model_rows, market.decision_rows = FIXTURES, [MODEL], DECISIONS
    market.price_rows, market.prediction_rows = (
        {FIXTURES[0].fixture_id: PRICES},
        {FIXTURES[0].fixture_id: PREDICTIONS},
    )
    fixtures = api.client.get(
        "/v1/fixtures", params={"competition": "E0"}, headers=api.headers("quant")
    ).json()
    assert [f["competition"] for f in fixtures["items"]] == ["E0"] * 3
    details = api.client.get(f"/v1/fixtures/{FIXTURES[0].fixture_id}", headers=api.headers("partner")).json()
    [match_result] = details["markets"]
    home, draw = match_result["selections"]
    assert (match_result["market"], home["selection"], draw["selection"]) == ("1x2", "home", "draw")
    assert [p["is_closing"] for p in home["prices"]] == [True], "the latest price, the closing one first"
    assert home["probability"] == 0.45
    assert home["model"] == "dixon-coles v1"
    assert len(details["predictions"]) == 3
    assert details["fixture"]["status"] == "finished"
    assert api.client.get("/v1/fixtures/nope", headers=api.headers("partner")).status_code == 404
    assert api.client.get("/v1/models", headers=api.headers("quant")).json()[0]["stage"] == "champion"
    assert api.client.get("/v1/models", headers=api.headers("partner")).status_code == 403
    decisions = api.client.get("/v1/policy-decisions", headers=api.headers("auditor")).json()
    assert [d["id"] for d in decisions["items"]] == ["d4", "d3", "d2", "d1", "d0"]
    assert api.client.get("/v1/policy-decisions/d1", headers=api.headers("auditor")).json()["input"] == {
        "n": 1
    }
    assert api.client.get("/v1/policy-decisions", headers=api.headers("partner")).status_code == 403
