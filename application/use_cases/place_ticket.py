"""Use case: place one issued ticket with its bookmaker, exactly once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from application.audit_events import TicketContext
from application.errors import NotFound
from application.placement.terms import bookmakers_of, order_of
from application.ports.bookmaker_gateway import BookmakerGateways
from application.ports.clock import Clock
from application.ports.ticket_placements import PlacementUnitOfWork
from application.ports.ticket_repository import TicketRecord
from domain.bankroll import BankrollScope
from domain.betting import place_ticket
from domain.customers import Transaction, TransactionKind
from domain.placement import Placement, PlacementStatus, RejectionReason
from domain.tickets import Ticket, TicketStatus

SEVERAL_BOOKMAKERS = "the legs are priced at several bookmakers: one bet cannot hold them"


@dataclass(frozen=True, slots=True)
class PlaceTicketRequest:
    ticket_id: str
    issued: TicketRecord | None = None  # the ticket as issuing has just stored it: spares reading it again

    def __post_init__(self) -> None:
        if self.issued is not None and self.issued.ticket_id != self.ticket_id:
            raise ValueError(f"the issued ticket {self.issued.ticket_id} is not ticket {self.ticket_id}")


@dataclass(frozen=True, slots=True)
class PlacedTicket:
    ticket: TicketRecord  # as stored when the step ended
    placement: Placement | None
    already_placed: bool  # an earlier request placed it: nothing was asked of the bookmaker now

    @property
    def ticket_id(self) -> str:
        return self.ticket.ticket_id

    @property
    def status(self) -> TicketStatus:
        return self.ticket.status


class PlaceTicket:
    """Place an issued ticket with the gateway of its bookmaker, in one transaction.

    Rules:
    - the order's client reference is the ticket id: a gateway asked twice for one ticket returns its
      first placement, and a ticket no longer `issued` is not sent again (the answer says so);
    - each leg's minimum acceptable odds are the odds the ticket was issued at;
    - legs priced at several bookmakers cannot make one bet: the ticket is rejected (reason unknown);
    - accepted → placed, partially matched → partially placed (the unmatched stake is released),
      rejected → rejected (the whole stake is released at once, and the customer gets it back);
    - a pending answer is stored and the ticket stays issued: the next request asks for its status;
    - rows are locked in the order issuing locks them (the ticket, then its customer, then its bankroll),
      so placing and issuing at once queue instead of deadlocking; the customer only when stake goes back
      to them (a bet matched in full leaves the customer's figures as they are);
    - the bookmaker is asked outside any transaction (no row is locked, no connection held while it
      answers); the placement, the ticket's status, the ledger postings and an audit entry then commit
      together, in a transaction that locks the ticket and finds it still issued.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], PlacementUnitOfWork],
        gateways: BookmakerGateways,
        clock: Clock,
    ) -> None:
        self._unit_of_work, self._gateways, self._clock = unit_of_work, gateways, clock

    async def execute(self, request: PlaceTicketRequest) -> PlacedTicket:
        asked = request.issued or await self._read(request.ticket_id)
        if asked.status is not TicketStatus.ISSUED:
            return _already(asked)
        placement = await self._ask(asked)
        async with self._unit_of_work() as uow:
            record = await uow.placements.lock(request.ticket_id)
            if record is None:
                raise NotFound("ticket", request.ticket_id)
            if record.status is not TicketStatus.ISSUED:  # placed meanwhile: the same bet (same client ref)
                return _already(record)
            await uow.placements.record(record.ticket_id, placement)
            if placement.status is PlacementStatus.PENDING:
                await uow.commit()
                return PlacedTicket(_with_placement(record, placement, record.status), placement, False)
            status = await self._apply(uow, record, placement)
            await uow.commit()
            return PlacedTicket(_with_placement(record, placement, status), placement, False)

    async def _read(self, ticket_id: str) -> TicketRecord:
        # read, then let go: no lock is held while the bookmaker thinks
        async with self._unit_of_work() as uow:
            asked = await uow.tickets.get(None, ticket_id)
        if asked is None:
            raise NotFound("ticket", ticket_id)
        return asked

    async def _ask(self, record: TicketRecord) -> Placement:
        order = order_of(record)
        if len(bookmakers_of(record)) > 1:
            return Placement.rejected(order, RejectionReason.UNKNOWN, SEVERAL_BOOKMAKERS, self._clock.now())
        gateway = self._gateways.gateway(order.bookmaker)
        pending = [p.bet_ref for p in record.placements if p.status is PlacementStatus.PENDING and p.bet_ref]
        return await (gateway.status(pending[-1]) if pending else gateway.place(order))

    async def _apply(
        self, uow: PlacementUnitOfWork, record: TicketRecord, placement: Placement
    ) -> TicketStatus:
        now = self._clock.now()
        if placement.unmatched_stake > 0:  # the customer gets stake back: customer, then bankroll, as issuing
            await uow.customers.lock(record.partner_id, record.customer_id)
        scope = BankrollScope(tickets=frozenset({record.ticket_id}))
        bankroll = await uow.bankrolls.lock(record.partner_id, record.bankroll_id, scope)
        if bankroll is None:
            raise NotFound("bankroll", record.bankroll_id)
        ticket = Ticket.restore(record)
        place_ticket(ticket, bankroll, placement)
        await uow.bankrolls.save(bankroll, now)
        await uow.placements.mark(record.ticket_id, ticket.status)
        if placement.unmatched_stake > 0:
            await uow.customers.add_transaction(Transaction(
                record.customer_id, TransactionKind.RETURN, placement.unmatched_stake, now, record.ticket_id
            ))  # fmt: skip
        uow.track(ticket, TicketContext())  # its TicketPlaced event is audited at commit
        return ticket.status


def _already(record: TicketRecord) -> PlacedTicket:
    latest = record.placements[-1] if record.placements else None
    return PlacedTicket(record, latest, True)


def _with_placement(record: TicketRecord, placement: Placement, status: TicketStatus) -> TicketRecord:
    """The record as the step stored it: the bookmaker's answer replaces its pending one (the store keeps
    one placement per bookmaker), or comes last."""
    if any(p.bookmaker == placement.bookmaker for p in record.placements):
        placed = tuple(placement if p.bookmaker == placement.bookmaker else p for p in record.placements)
    else:
        placed = (*record.placements, placement)
    return replace(record, status=status, placements=placed)


class UnplacedTickets:
    """Issued tickets no bookmaker has answered for yet (placing failed, or was never tried), oldest first."""

    def __init__(self, unit_of_work: Callable[[], PlacementUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def execute(self) -> tuple[str, ...]:
        async with self._unit_of_work() as uow:
            return tuple(await uow.placements.unplaced())
