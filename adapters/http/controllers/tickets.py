"""Tickets: issue one (idempotent), read one, list them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from adapters.http.controllers.common import PARTNER_DATA_READERS, PARTNER_ONLY, Cursor, Limit, page_request
from adapters.http.controllers.placing import place_issued
from adapters.http.metrics import TICKETS
from adapters.http.quote_schemas import QuoteIn, QuoteOut
from adapters.http.schemas import Identifier, PageOut, TicketIn, TicketOut
from application.use_cases.betting_queries import (
    GetRequest,
    GetTicket,
    ListRequest,
    ListSettlements,
    ListTickets,
    SettlementsRequest,
)
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest
from application.use_cases.place_ticket import PlaceTicket
from application.use_cases.quote_tickets import QuoteTickets, QuoteTicketsRequest
from domain.access import Principal

IdempotencyKey = Annotated[
    str,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="the same key with the same body returns the same ticket; with another body: 422",
    ),
]


class TicketController(Controller):
    path = "/v1/tickets"
    tags = ["tickets"]  # noqa: RUF012

    @post(
        "",
        guards=PARTNER_ONLY,
        status_code=HTTP_201_CREATED,
        summary="Issue a ticket",
        description="Checked by the bankroll's risk rules and the customer's compliance policy, then placed "
        "with the bookmaker (the paper bookmaker unless a real adapter is configured): `status` and "
        "`placements` show the answer. 201 when issued, 200 when the Idempotency-Key replays an earlier "
        "request.",
        responses={
            200: ResponseSpec(TicketOut, description="replay of an earlier request with the same key")
        },
    )
    async def issue(
        self,
        data: JSONBody[TicketIn],
        idempotency_key: IdempotencyKey,
        principal: NamedDependency[Principal],
        issue_ticket: NamedDependency[IssueTicket],
        place_ticket: NamedDependency[PlaceTicket | None],
    ) -> Response[TicketOut]:
        request = IssueTicketRequest(
            principal=principal,
            idempotency_key=idempotency_key,
            customer_id=data.customer_id,
            bankroll_id=data.bankroll_id,
            stake=_decimal(data.stake),
            legs=tuple(leg.to_request() for leg in data.legs),
        )
        issued = await issue_ticket.execute(request)
        TICKETS.labels("replayed" if issued.replayed else "issued").inc()
        ticket = await place_issued(issued.ticket, place_ticket)
        status = HTTP_200_OK if issued.replayed else HTTP_201_CREATED
        headers = {"Idempotent-Replayed": "true"} if issued.replayed else {}
        return Response(TicketOut.of(ticket), status_code=status, headers=headers)

    @post(
        "/quotes",
        guards=PARTNER_ONLY,
        status_code=HTTP_200_OK,
        summary="Quote optimised tickets (nothing is issued)",
        description="Fixture ids (stakewise prices their open markets with the champion's predictions and "
        "the latest stored prices) or priced proposals in, the portfolio of singles and accumulators that "
        "maximises expected log growth within the bankroll, the house limits and the customer's policy "
        "limits out. Each quoted ticket issues as quoted through POST /v1/tickets.",
    )
    async def quote(
        self,
        data: JSONBody[QuoteIn],
        principal: NamedDependency[Principal],
        quote_tickets: NamedDependency[QuoteTickets],
    ) -> QuoteOut:
        data = data.checked()
        request = QuoteTicketsRequest(
            principal=principal,
            customer_id=data.customer_id,
            bankroll_id=data.bankroll_id,
            proposals=tuple(proposal.to_selection() for proposal in data.proposals),
            max_legs=data.max_legs,
            fixtures=tuple(data.fixtures),
        )
        return QuoteOut.of(await quote_tickets.execute(request))

    @get("/{ticket_id:str}", guards=PARTNER_DATA_READERS, summary="One ticket")
    async def get_one(
        self,
        ticket_id: Identifier,
        principal: NamedDependency[Principal],
        get_ticket: NamedDependency[GetTicket],
    ) -> TicketOut:
        return TicketOut.of(await get_ticket.execute(GetRequest(principal, ticket_id)))

    @get("", guards=PARTNER_DATA_READERS, summary="Tickets, newest first")
    async def list_all(
        self,
        principal: NamedDependency[Principal],
        list_tickets: NamedDependency[ListTickets],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[TicketOut]:
        page = await list_tickets.execute(ListRequest(principal, page_request(limit, cursor)))
        return PageOut(items=[TicketOut.of(t) for t in page.items], next_cursor=page.next_cursor)


def _decimal(text: str) -> Decimal:
    return Decimal(text)


SettlementStatus = Annotated[
    Literal["settled", "needs_review"] | None,
    QueryParameter(description="settled (default: settled and voided) or needs_review (set aside)"),
]


class SettlementController(Controller):
    path = "/v1/settlements"
    tags = ["tickets"]  # noqa: RUF012

    @get(
        "",
        guards=PARTNER_DATA_READERS,
        summary="Settled and voided tickets with their payouts, or those set aside for review",
    )
    async def list_all(
        self,
        principal: NamedDependency[Principal],
        list_settlements: NamedDependency[ListSettlements],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: SettlementStatus = None,
    ) -> PageOut[TicketOut]:
        request = SettlementsRequest(principal, page_request(limit, cursor), status == "needs_review")
        page = await list_settlements.execute(request)
        return PageOut(items=[TicketOut.of(t) for t in page.items], next_cursor=page.next_cursor)
