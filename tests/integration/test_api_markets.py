"""The market catalogue through the partner API, over real HTTP against a real server process and a real
PostgreSQL: every ticket binds to a fixture, a canonical market and selection, and a stored price that
stakewise knows; each refusal is a 422 problem naming its rule; settled tickets follow the catalogue.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import update

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.pipeline import fixtures
from application.use_cases.settle_ticket import (
    PendingRequest,
    PendingSettlements,
    SettledTicket,
    SettleTicket,
    SettleTicketRequest,
)
from bootstrap.container import container_on
from domain.markets import FixtureStatus
from tests.catalogue_builders import (
    BATCH,
    SeedFixture,
    fixture_id,
    match_result_book,
    quote,
    result_postgres,
    seed_postgres,
)
from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import Tenant, _customer, _tenant

if TYPE_CHECKING:
    from collections.abc import Iterator

NOW = datetime.now(UTC).replace(microsecond=0)
SOON = NOW + timedelta(hours=6)
PRICED_AT = NOW - timedelta(days=1)
UPCOMING = ["UP1", "UP2", "UP3", "UP4", "UP5"]
CATALOGUE = [
    *(SeedFixture(name, SOON) for name in UPCOMING),
    SeedFixture("DONE", NOW - timedelta(days=3), score=(2, 1)),
    SeedFixture("KICKED", NOW - timedelta(minutes=30)),
    SeedFixture("PP", NOW + timedelta(days=1), status=FixtureStatus.POSTPONED),
    SeedFixture("NO RESULT", NOW - timedelta(days=3)),
]
QUOTES = [
    *(entry for f in CATALOGUE for entry in match_result_book(f.name, captured_at=PRICED_AT)),
    *(quote(name, "btts", side, price, captured_at=PRICED_AT)
      for name in UPCOMING for side, price in (("yes", "1.80"), ("no", "2.00"))),
    *(quote(name, "correct_score", score, "11.00", captured_at=PRICED_AT)
      for name in UPCOMING for score in ("2-1", "0-0")),
    *(quote(name, "totals", side, "1.95", line="2.5", captured_at=PRICED_AT)
      for name in UPCOMING for side in ("over", "under")),
    quote("UP1", "1x2", "home", "2.20", bookmaker="bet365", captured_at=PRICED_AT - timedelta(hours=1)),
    quote("UP1", "1x2", "home", "2.05", bookmaker="bet365", captured_at=PRICED_AT),  # the latest counts
]  # fmt: skip


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    asyncio.run(_seed(database_url))
    with api_servers(database_url, count=1) as urls:
        yield urls[0]


async def _seed(database_url: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        await seed_postgres(engine, CATALOGUE, QUOTES)
    finally:
        await engine.dispose()


class Desk:
    def __init__(self, server: str, database_url: str, name: str) -> None:
        self.server, self.database_url = server, database_url
        self.tenant: Tenant = asyncio.run(_tenant(database_url, name))
        self.client = httpx.Client(base_url=server, timeout=60)
        self.customer = asyncio.run(self._customer())

    async def _customer(self) -> str:
        async with httpx.AsyncClient(base_url=self.server, timeout=60) as client:
            return await _customer(client, self.tenant)

    def issue(self, *legs: dict[str, Any], stake: str = "2.00") -> httpx.Response:
        body = {"customer_id": self.customer, "bankroll_id": self.tenant.bankroll_id, "stake": stake,
                "legs": list(legs)}  # fmt: skip
        headers = {**self.tenant.headers, "Idempotency-Key": uuid.uuid4().hex}
        return self.client.post("/v1/tickets", json=body, headers=headers)

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params, headers=self.tenant.headers)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def desk(server: str, database_url: str, request: pytest.FixtureRequest) -> Iterator[Desk]:
    desk = Desk(server, database_url, request.node.name[:40])
    yield desk
    desk.client.close()


def leg(
    name: str, market: str = "1x2", selection: str = "home", odds: str = "2.10", **more: str
) -> dict[str, Any]:
    return {"fixture": fixture_id(name), "competition": "E0", "market": market, "selection": selection,
            "bookmaker": "pinnacle", "odds": odds, **more}  # fmt: skip


def _refused(response: httpx.Response, rule: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    problem: dict[str, Any] = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["type"].endswith("/rule-violation"), problem
    assert problem["rule"] == rule, problem
    return problem


def test_each_catalogue_refusal_is_a_422_naming_its_rule_and_stores_nothing(desk: Desk) -> None:
    assert (
        "not in the catalogue"
        in _refused(desk.issue({**leg("UP1"), "fixture": "made-up-1"}), "UnknownFixture")["detail"]
    )
    _refused(desk.issue({**leg("UP1"), "fixture": str(uuid.uuid4())}), "UnknownFixture")
    assert (
        "unknown market 'whatever'"
        in _refused(desk.issue(leg("UP1", market="whatever")), "UnknownSelection")["detail"]
    )
    _refused(desk.issue(leg("UP1", selection="anything")), "UnknownSelection")
    _refused(desk.issue(leg("UP1", market="totals", selection="over", odds="1.95")), "UnknownSelection")
    _refused(
        desk.issue(leg("UP1", market="totals", selection="over", odds="1.95", line="3.5")), "UnknownSelection"
    )
    _refused(desk.issue(leg("UP1", line="0.5")), "UnknownSelection")
    nobody = _refused(desk.issue({**leg("UP1"), "bookmaker": "nobody"}), "UnknownSelection")
    assert nobody["priced_by"] == "bet365, pinnacle"
    for closed in ("DONE", "KICKED", "PP", "NO RESULT"):
        problem = _refused(desk.issue(leg(closed)), "MarketClosed")
        assert problem["fixture_status"] in {"finished", "in_play", "postponed", "void"}
    changed = _refused(desk.issue(leg("UP1", odds="2.31")), "PriceChanged")
    assert (changed["current_odds"], changed["bookmaker"]) == ("2.10", "pinnacle")
    stale = _refused(desk.issue({**leg("UP1", odds="2.20"), "bookmaker": "bet365"}), "PriceChanged")
    assert stale["current_odds"] == "2.05", "the latest price counts, not the best one seen"
    _refused(desk.issue(leg("UP1", odds="999999.999999")), "PriceChanged")
    long_shots = [leg(name, "correct_score", "0-0", "11.00") for name in UPCOMING[:4]]
    assert _refused(desk.issue(*long_shots), "MaxCombinedOdds")["limit"] == "10000"
    assert _refused(desk.issue(leg("UP1", selection="away", odds="3.60"), stake="100000.00"),
                    "MaxPotentialReturn")["limit"] == "250000.00"  # fmt: skip
    assert desk.get("/v1/tickets")["items"] == [], "a refused ticket stores nothing"


def test_a_client_cannot_declare_a_leg_in_play(desk: Desk) -> None:
    response = desk.issue({**leg("UP1"), "in_play": False})
    assert response.status_code == 400
    assert "in_play" in response.json()["detail"]


def test_a_ticket_at_the_stored_price_is_issued_with_the_price_book_entry_it_was_checked_against(
    desk: Desk,
) -> None:
    reference = {"model_version": "dixon-coles/E0 v3", "probability": 0.52, "edge": 0.09}
    issued = desk.issue({**leg("UP2"), "competition": "whatever the client says", **reference}, stake="10.00")
    assert issued.status_code == 201, issued.text
    ticket = desk.get(f"/v1/tickets/{issued.json()['id']}")
    [stored] = ticket["legs"]
    assert (stored["fixture"], stored["competition"], stored["in_play"]) == (fixture_id("UP2"), "E0", False)
    assert stored["price_book"] == {"bookmaker": "pinnacle", "price": "2.10", "batch_id": str(BATCH),
                                    "captured_at": PRICED_AT.isoformat().replace("+00:00", "Z")}  # fmt: skip
    assert (stored["model_version"], stored["probability"], stored["edge"]) == tuple(reference.values())
    assert ticket["potential_return"] == "21.00"
    lower = desk.issue(leg("UP2", selection="draw", odds="3.00"))
    assert lower.status_code == 201, "odds below the stored price are taken as asked"


def test_fixtures_by_status_with_their_price_book_and_kickoff(desk: Desk) -> None:
    def listed(status: str) -> set[str]:
        return {f["id"] for f in desk.get("/v1/fixtures", status=status, limit=200)["items"]}

    assert {fixture_id(name) for name in UPCOMING} <= listed("scheduled")
    assert fixture_id("DONE") in listed("finished")
    assert fixture_id("KICKED") in listed("in_play")
    assert fixture_id("PP") in listed("postponed")
    assert fixture_id("NO RESULT") in listed("void")
    details = desk.get(f"/v1/fixtures/{fixture_id('UP1')}")
    assert details["fixture"]["status"] == "scheduled"
    assert details["fixture"]["kickoff_at"]
    books = {(m["market"], m["line"]): m["selections"] for m in details["markets"]}
    assert list(books) == [("1x2", None), ("totals", "2.50"), ("btts", None), ("correct_score", None)]
    home = books[("1x2", None)][0]
    assert home["selection"] == "home"
    assert {(p["bookmaker"], p["price"]) for p in home["prices"]} == {
        ("bet365", "2.05"),
        ("pinnacle", "2.10"),
    }
    bad = desk.client.get("/v1/fixtures", params={"status": "sideways"}, headers=desk.tenant.headers)
    assert bad.status_code == 400


def _settle_all(database_url: str, as_of: datetime) -> list[SettledTicket]:
    async def run() -> list[SettledTicket]:
        engine = create_engine(database_url, pooled=False)
        use_cases = container_on(engine).use_cases()
        try:
            due = await use_cases(PendingSettlements).execute(PendingRequest(as_of))
            settle = use_cases(SettleTicket)
            return [await settle.execute(SettleTicketRequest(t, as_of)) for t in due]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _record(database_url: str, name: str, home: int, away: int) -> None:
    async def run() -> None:
        engine = create_engine(database_url, pooled=False)
        try:
            await result_postgres(engine, name, home, away)
        finally:
            await engine.dispose()

    asyncio.run(run())


def _postpone(database_url: str, name: str) -> None:
    async def run() -> None:
        engine = create_engine(database_url, pooled=False)
        try:
            async with engine.begin() as c:
                chosen = fixtures.c.id == uuid.UUID(fixture_id(name))
                await c.execute(update(fixtures).where(chosen).values(status=FixtureStatus.POSTPONED.value))
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_btts_and_correct_score_settle_and_a_postponed_fixture_voids(desk: Desk) -> None:
    btts = desk.issue(leg("UP3", "btts", "yes", "1.80"), stake="10.00").json()["id"]
    score = desk.issue(leg("UP3", "correct_score", "2-1", "11.00"), stake="2.00").json()["id"]
    lost = desk.issue(leg("UP3", "correct_score", "0-0", "11.00"), stake="3.00").json()["id"]
    void = desk.issue(leg("UP5", "1x2", "draw", "3.40"), stake="4.00").json()["id"]
    _record(desk.database_url, "UP3", 2, 1)
    _postpone(desk.database_url, "UP5")

    settled = {s.ticket_id: s for s in _settle_all(desk.database_url, SOON + timedelta(hours=49))}

    assert (settled[btts].status.value, settled[btts].payout) == ("settled", Decimal("18.00"))
    assert (settled[score].status.value, settled[score].payout) == ("settled", Decimal("22.00"))
    assert (settled[lost].status.value, settled[lost].payout) == ("settled", Decimal("0.00"))
    assert (settled[void].status.value, settled[void].payout) == ("voided", Decimal("4.00"))
    listed = {t["id"]: (t["status"], t["payout"]) for t in desk.get("/v1/settlements")["items"]}
    assert {listed[t] for t in (btts, score, void)} == {("settled", "18.00"), ("settled", "22.00"),
                                                        ("voided", "4.00")}  # fmt: skip
    bankroll = desk.get(f"/v1/bankrolls/{desk.tenant.bankroll_id}")
    assert Decimal(bankroll["at_risk"]) == 0
    assert Decimal(bankroll["available"]) == Decimal("100.00") - 19 + Decimal("18.00") + 22 + 4
