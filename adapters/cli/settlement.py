"""`stakewise settlement review`: the tickets settlement set aside (status needs_review), with the reason."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.table import Table

from adapters.cli.errors import EXIT_OK
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from application.pagination import PageRequest
from application.use_cases.betting_queries import ListSettlements, SettlementsRequest
from domain.access import Principal, Role

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from adapters.cli.services import CliServices
    from application.ports.ticket_repository import TicketRecord

SubParsers = Any  # argparse's _SubParsersAction is private
OPERATOR = Principal("cli", Role.ADMIN, None)  # the operator at the command line sees every partner's
PAGE = 200


def add_commands(commands: SubParsers, services: CliServices) -> None:
    settlement = commands.add_parser("settlement", help="ticket settlement")
    settlement_commands = settlement.add_subparsers(
        dest="settlement_command", required=True, metavar="COMMAND"
    )
    review = settlement_commands.add_parser(
        "review", help="list the tickets settlement set aside for review, with the reason"
    )
    add_json_flag(review)
    review.set_defaults(handler=lambda args: _review(args, services))


def _review(args: argparse.Namespace, services: CliServices) -> int:
    tickets = asyncio.run(_all(services))
    emit(args.json, {"tickets": [_ticket(t) for t in tickets]}, lambda console: _render(tickets, console))
    return EXIT_OK


async def _all(services: CliServices) -> list[TicketRecord]:
    found: list[TicketRecord] = []
    cursor: str | None = None
    while True:
        request = SettlementsRequest(OPERATOR, PageRequest(limit=PAGE, cursor=cursor), needs_review=True)
        page = await services.use_cases()(ListSettlements).execute(request)
        found += page.items
        if (cursor := page.next_cursor) is None:
            return found


def _ticket(ticket: TicketRecord) -> dict[str, Any]:
    return {
        "ticket_id": ticket.ticket_id,
        "partner_id": ticket.partner_id,
        "customer_id": ticket.customer_id,
        "stake": str(ticket.stake),
        "issued_at": ticket.issued_at.isoformat(),
        "reason": ticket.review_reason,
        "legs": [
            {"fixture": leg.fixture_id, "market": leg.market, "selection": leg.selection,
             "line": None if leg.line is None else str(leg.line), "odds": str(leg.odds.decimal)}
            for leg in ticket.legs
        ],
    }  # fmt: skip


def _render(tickets: list[TicketRecord], console: Console) -> None:
    if not tickets:
        console.print("no ticket needs review")
        return
    table = Table("ticket", "partner", "stake", "issued", "reason")
    for t in tickets:
        table.add_row(t.ticket_id, t.partner_id, str(t.stake), t.issued_at.isoformat(), t.review_reason or "")
    console.print(f"{len(tickets)} ticket(s) need review")
    console.print(table)
