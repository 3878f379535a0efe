"""Read-only use cases over tickets, bankrolls and customers.

Rule shared by every query: a partner sees only its own objects, an auditor or an admin sees every
partner's, a quant none; another partner's object is reported exactly as a missing one ("not found").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.errors import NotFound
from application.pagination import Page, PageRequest
from application.ports.bankroll_repository import BankrollSummary, LedgerLine
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.ticket_repository import TicketRecord
from domain.access import Principal
from domain.customers import Customer
from domain.tickets import TicketStatus

UnitOfWork = Callable[[], BettingUnitOfWork]


@dataclass(frozen=True, slots=True)
class GetRequest:
    principal: Principal
    identifier: str


@dataclass(frozen=True, slots=True)
class ListRequest:
    principal: Principal
    page: PageRequest


@dataclass(frozen=True, slots=True)
class SettlementsRequest:
    principal: Principal
    page: PageRequest
    needs_review: bool = False  # the tickets settlement set aside instead of the settled ones


@dataclass(frozen=True, slots=True)
class LedgerRequest:
    principal: Principal
    bankroll_id: str
    page: PageRequest


class _Query:
    def __init__(self, unit_of_work: UnitOfWork) -> None:
        self._unit_of_work = unit_of_work


class GetTicket(_Query):
    """One ticket, if the caller may see it."""

    async def execute(self, request: GetRequest) -> TicketRecord:
        async with self._unit_of_work() as uow:
            ticket = await uow.tickets.get(request.principal.partner_scope, request.identifier)
        if ticket is None:
            raise NotFound("ticket", request.identifier)
        return ticket


class ListTickets(_Query):
    """The caller's tickets, newest first, one page at a time."""

    async def execute(self, request: ListRequest) -> Page[TicketRecord]:
        async with self._unit_of_work() as uow:
            return await uow.tickets.page(request.principal.partner_scope, request.page)


class ListSettlements(_Query):
    """The caller's settled and voided tickets with their payouts, the most recently settled first; or the
    tickets settlement set aside for review (status needs_review, with the reason), oldest first."""

    async def execute(self, request: SettlementsRequest | ListRequest) -> Page[TicketRecord]:
        review = isinstance(request, SettlementsRequest) and request.needs_review
        status = TicketStatus.NEEDS_REVIEW if review else None
        async with self._unit_of_work() as uow:
            return await uow.tickets.settlements(request.principal.partner_scope, request.page, status)


class GetBankroll(_Query):
    """One bankroll's balances, if the caller may see it."""

    async def execute(self, request: GetRequest) -> BankrollSummary:
        async with self._unit_of_work() as uow:
            summary = await uow.bankrolls.summary(request.principal.partner_scope, request.identifier)
        if summary is None:
            raise NotFound("bankroll", request.identifier)
        return summary


class ListBankrolls(_Query):
    """The caller's bankrolls, one page at a time."""

    async def execute(self, request: ListRequest) -> Page[BankrollSummary]:
        async with self._unit_of_work() as uow:
            return await uow.bankrolls.page(request.principal.partner_scope, request.page)


class GetLedger(_Query):
    """A bankroll's ledger entries, newest first; every posting's entries sum to zero."""

    async def execute(self, request: LedgerRequest) -> Page[LedgerLine]:
        async with self._unit_of_work() as uow:
            scope = request.principal.partner_scope
            page = await uow.bankrolls.ledger(scope, request.bankroll_id, request.page)
        if page is None:
            raise NotFound("bankroll", request.bankroll_id)
        return page


class GetCustomer(_Query):
    """One customer, if the caller may see it."""

    async def execute(self, request: GetRequest) -> Customer:
        async with self._unit_of_work() as uow:
            customer = await uow.customers.get(request.principal.partner_scope, request.identifier)
        if customer is None:
            raise NotFound("customer", request.identifier)
        return customer


class ListCustomers(_Query):
    """The caller's customers, one page at a time."""

    async def execute(self, request: ListRequest) -> Page[Customer]:
        async with self._unit_of_work() as uow:
            return await uow.customers.page(request.principal.partner_scope, request.page)
