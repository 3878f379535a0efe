"""Market data (fixtures with prices and predictions, edges), the model registry, and policy decisions."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from adapters.http.controllers.common import (
    AUDITORS,
    MARKET_DATA_READERS,
    QUANTS,
    Cursor,
    Limit,
    page_request,
)
from adapters.http.schemas import (
    DecisionOut,
    EdgeOut,
    FixtureDetailsOut,
    FixtureOut,
    Identifier,
    ModelOut,
    PageOut,
)
from application.use_cases.read_models import (
    FixturePageRequest,
    GetDecision,
    GetFixture,
    ListDecisions,
    ListEdges,
    ListFixtures,
    ListModels,
)
from domain.access import Principal
from domain.markets import FixtureStatus

LifeCycle = Annotated[
    Literal["scheduled", "in_play", "finished", "postponed", "abandoned", "void"] | None,
    QueryParameter(description="only fixtures in this life-cycle status now"),
]
Competition = Annotated[
    str | None,
    QueryParameter(max_length=20, pattern=r"^[A-Za-z0-9_-]+$", description="competition code, e.g. E0"),
]


class MarketController(Controller):
    path = "/v1"
    tags = ["market data"]  # noqa: RUF012
    guards = MARKET_DATA_READERS

    @get("/fixtures", summary="Fixtures, newest match date first, each with its life-cycle status")
    async def fixtures(
        self,
        list_fixtures: NamedDependency[ListFixtures],
        limit: Limit = 50,
        cursor: Cursor = None,
        competition: Competition = None,
        status: LifeCycle = None,
    ) -> PageOut[FixtureOut]:
        wanted = None if status is None else FixtureStatus(status)
        request = FixturePageRequest(page_request(limit, cursor), competition, wanted)
        page = await list_fixtures.execute(request)
        return PageOut(items=[FixtureOut.of(f) for f in page.items], next_cursor=page.next_cursor)

    @get(
        "/fixtures/{fixture_id:str}",
        summary="One fixture with its markets: each selection's latest prices and the champion's probability",
    )
    async def fixture(
        self, fixture_id: Identifier, get_fixture: NamedDependency[GetFixture]
    ) -> FixtureDetailsOut:
        return FixtureDetailsOut.of(await get_fixture.execute(fixture_id))

    @get("/edges", summary="Edges found by the edge engine, newest first")
    async def edges(
        self, list_edges: NamedDependency[ListEdges], limit: Limit = 50, cursor: Cursor = None
    ) -> PageOut[EdgeOut]:
        page = await list_edges.execute(page_request(limit, cursor))
        return PageOut(items=[EdgeOut.of(e) for e in page.items], next_cursor=page.next_cursor)


class RegistryController(Controller):
    path = "/v1/models"
    tags = ["models"]  # noqa: RUF012
    guards = QUANTS

    @get("", summary="The model registry: every version, its stage and metrics")
    async def models(self, list_models: NamedDependency[ListModels]) -> list[ModelOut]:
        return [ModelOut.of(m) for m in await list_models.execute()]


class DecisionController(Controller):
    path = "/v1/policy-decisions"
    tags = ["compliance"]  # noqa: RUF012
    guards = AUDITORS

    @get("", summary="Policy decisions, newest first (auditors)")
    async def decisions(
        self,
        principal: NamedDependency[Principal],
        list_decisions: NamedDependency[ListDecisions],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[DecisionOut]:
        page = await list_decisions.execute(page_request(limit, cursor), principal.partner_scope)
        return PageOut(items=[DecisionOut.of(d) for d in page.items], next_cursor=page.next_cursor)

    @get("/{decision_id:str}", summary="One policy decision with its input, result and bundle hash")
    async def decision(
        self,
        decision_id: Identifier,
        principal: NamedDependency[Principal],
        get_decision: NamedDependency[GetDecision],
    ) -> DecisionOut:
        return DecisionOut.of(await get_decision.execute(decision_id, principal.partner_scope))
