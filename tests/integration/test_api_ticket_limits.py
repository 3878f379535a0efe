"""A property of the partner API, over real HTTP against a real server and PostgreSQL: no schema-valid ticket
body gets a 5xx, up to the schema's limits (12 legs at the highest odds, the largest stake), and the lists
stay readable after every answer.

The server runs with the house limits and the price tolerance opened wide, so bodies at the limits get
past the catalogue and the house rules into the arithmetic, the ledger and storage: that is where a
narrow decimal context used to fail after the commit.
"""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from adapters.persistence.engine import create_engine
from domain.money import exact_product, potential_return
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_postgres
from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import Tenant, _tenant

if TYPE_CHECKING:
    from collections.abc import Iterator

OFFERED = [f"P{i}" for i in range(14)]
HIGHEST_ODDS, LOWEST_ODDS, LARGEST_STAKE = "999999.999999", "1.000001", "999999999999.99"
WIDE_OPEN = {
    "STAKEWISE_PRICE_TOLERANCE": "1000000",
    "STAKEWISE_MAX_COMBINED_ODDS": "1e90",
    "STAKEWISE_MAX_POTENTIAL_RETURN": "1e120",
}


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    asyncio.run(_offer(database_url))
    with api_servers(database_url, count=1, env=WIDE_OPEN) as urls:
        yield urls[0]


async def _offer(database_url: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        seeded = [SeedFixture(name) for name in OFFERED]
        await seed_postgres(engine, seeded, [e for f in seeded for e in match_result_book(f.name)])
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def desk(server: str, database_url: str) -> Iterator[tuple[httpx.Client, Tenant, str]]:
    tenant = asyncio.run(_tenant(database_url, "limits"))
    with httpx.Client(base_url=server, timeout=60, headers=tenant.headers) as client:
        body = {"jurisdiction": "GB", "date_of_birth": "1980-01-01", "identity_verified": True}
        customer = client.post("/v1/customers", json=body)
        assert customer.status_code == 201, customer.text
        yield client, tenant, customer.json()["id"]


odds_text = st.one_of(
    st.sampled_from([HIGHEST_ODDS, LOWEST_ODDS, "2.10", "1.01"]),
    st.from_regex(r"\A[0-9]{1,6}(\.[0-9]{1,6})?\Z"),
)
stake_text = st.one_of(
    st.sampled_from([LARGEST_STAKE, "0.01", "1.00", "100.00"]),
    st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,2})?\Z"),
)


@st.composite
def ticket_legs(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.permutations(OFFERED))[: draw(st.integers(1, 12))]
    return [
        {
            "fixture": draw(st.sampled_from([fixture_id(name), fixture_id(name), "made-up"])),
            "competition": "E0",
            "market": draw(st.sampled_from(["1x2", "1x2", "totals", "btts", "whatever"])),
            "selection": draw(st.sampled_from(["home", "draw", "away", "over", "yes"])),
            "bookmaker": draw(st.sampled_from(["pinnacle", "pinnacle", "nobody"])),
            "odds": draw(odds_text),
            **({"line": draw(st.sampled_from(["2.5", "-0.25", "999.99"]))} if draw(st.booleans()) else {}),
        }
        for name in names
    ]


def _at_the_limits(legs: int) -> list[dict[str, Any]]:
    return [{"fixture": fixture_id(name), "competition": "E0", "market": "1x2", "selection": "home",
             "bookmaker": "pinnacle", "odds": HIGHEST_ODDS} for name in OFFERED[:legs]]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(legs=_at_the_limits(12), stake=LARGEST_STAKE)
@example(legs=_at_the_limits(5), stake="0.01")
@example(legs=_at_the_limits(12), stake="0.01")
@given(legs=ticket_legs(), stake=stake_text)
def test_no_schema_valid_ticket_gets_a_server_error_and_the_lists_stay_readable(
    desk: tuple[httpx.Client, Tenant, str], legs: list[dict[str, Any]], stake: str
) -> None:
    client, tenant, customer = desk
    body = {"customer_id": customer, "bankroll_id": tenant.bankroll_id, "stake": stake, "legs": legs}
    answer = client.post("/v1/tickets", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201 or 400 <= answer.status_code < 500, answer.text
    if answer.status_code == 201:
        shown = client.get(f"/v1/tickets/{answer.json()['id']}")
        assert shown.status_code == 200
        assert shown.json()["combined_odds"] == answer.json()["combined_odds"]
    for path in ("/v1/tickets", "/v1/settlements"):
        listed = client.get(path, params={"limit": 200})
        assert listed.status_code == 200, (path, listed.text)


def test_twelve_legs_at_the_highest_odds_reach_storage_exactly(
    desk: tuple[httpx.Client, Tenant, str],
) -> None:
    client, tenant, customer = desk
    body = {"customer_id": customer, "bankroll_id": tenant.bankroll_id, "stake": "0.01",
            "legs": _at_the_limits(12)}  # fmt: skip
    answer = client.post("/v1/tickets", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201, answer.text
    ticket = answer.json()
    assert len(ticket["combined_odds"].split(".")[0]) == 72, "every digit of 999999.999999 ** 12"
    exact = exact_product([Decimal(HIGHEST_ODDS)] * 12)
    assert Decimal(ticket["combined_odds"]) == exact
    assert ticket["potential_return"] == str(potential_return(Decimal("0.01"), exact))
