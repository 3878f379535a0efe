"""Use cases: which issued (or placed) tickets are due for settlement, and settling one from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from application.audit_events import Recorded, TicketContext
from application.errors import NotFound, ServiceUnavailable
from application.modelling.records import PRICE_PREFERENCE, RESULT_DELAY
from application.ports.clock import Clock
from application.ports.market_catalogue import MarketCatalogue
from application.ports.ticket_repository import TicketRecord
from application.ports.ticket_settlements import SettlementUnitOfWork
from domain.bankroll import BankrollScope
from domain.betting import settle_ticket
from domain.customers import Transaction, TransactionKind
from domain.edges import closing_line_value
from domain.events import TicketSetAside
from domain.legs import Leg
from domain.markets import DEFAULT_VOID_GRACE, FixtureState, MarketSelection, fair_closing_probability
from domain.settlement import LegResult, NotReady, leg_result, result_decided
from domain.tickets import SETTLEABLE, Ticket, TicketStatus


@dataclass(frozen=True, slots=True)
class PendingRequest:
    as_of: datetime  # results public at this time count (aware)


@dataclass(frozen=True, slots=True)
class SettleTicketRequest:
    ticket_id: str
    as_of: datetime


@dataclass(frozen=True, slots=True)
class SettledTicket:
    ticket_id: str
    status: TicketStatus
    payout: Decimal
    already_settled: bool  # an earlier request settled it (or set it aside): nothing was posted now
    closing_line_value: float | None  # mean over the legs with a complete closing market
    review_reason: str | None = None  # set when the ticket went to needs_review


class PendingSettlements:
    """The issued, placed and partially placed tickets due for settlement at `as_of`, oldest first: every
    leg's fixture has a final score public at `as_of` (RESULT_DELAY after kickoff) or stands void; a leg on
    a fixture the catalogue does not know makes the ticket due as well (settling it sets it aside for review).
    """

    def __init__(
        self, unit_of_work: Callable[[], SettlementUnitOfWork], void_grace: timedelta = DEFAULT_VOID_GRACE
    ) -> None:
        self._unit_of_work, self._grace = unit_of_work, void_grace

    async def execute(self, request: PendingRequest) -> tuple[str, ...]:
        due: list[str] = []
        async with self._unit_of_work() as uow:
            states = _States(uow.catalogue)
            for ticket in await uow.settlements.issued():
                fixtures = [await states.of(leg.fixture_id) for leg in ticket.legs]
                if all(state is None or result_decided(state, request.as_of, self._grace, RESULT_DELAY)
                       for state in fixtures):  # fmt: skip
                    due.append(ticket.ticket_id)
        return tuple(due)


class SettleTicket:
    """Settle one issued (or placed) ticket from the market catalogue, in one transaction; never jam on it.

    Rules:
    - a ticket is settled once: asking again for a settled, voided or set-aside ticket changes nothing;
    - every leg's fixture needs a final score public at `as_of`, or must stand void (abandoned, or no score
      the grace period after kickoff); otherwise nothing happens (NotReady naming the fixture);
    - each leg's result comes from the score by its market kind (domain.settlement); a void leg counts at
      odds 1; the payout follows domain.settlement (exact, rounded down to the cent; a placed ticket on its
      accepted odds and matched stake, net of the bookmaker's commission); the bankroll posts
      it (or releases the stake when every leg is void), the customer gets a return transaction, the
      ticket is marked settled, and the audit log records it with the closing-line value;
    - a ticket that cannot be settled for any other reason (a fixture or market the catalogue does not
      know, bad data, arithmetic ...) is set aside: status `needs_review` with the reason, an audit entry,
      its stake still reserved; nothing else of the settlement is kept;
    - closing-line value: per leg, the odds taken against the de-vigged closing market (the leg's
      bookmaker when its closing quotes cover the market, else the preferred); the ticket's is the mean.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], SettlementUnitOfWork],
        clock: Clock,
        void_grace: timedelta = DEFAULT_VOID_GRACE,
    ) -> None:
        self._unit_of_work, self._clock, self._grace = unit_of_work, clock, void_grace

    async def execute(self, request: SettleTicketRequest) -> SettledTicket:
        try:
            return await self._settle_once(request)
        except (NotReady, NotFound, ServiceUnavailable):
            raise
        except Exception as error:  # whatever stops this ticket must not stop the others
            return await self._set_aside(request.ticket_id, f"{type(error).__name__}: {error}")

    async def _settle_once(self, request: SettleTicketRequest) -> SettledTicket:
        async with self._unit_of_work() as uow:
            record = await uow.settlements.lock(request.ticket_id)
            if record is None:
                raise NotFound("ticket", request.ticket_id)
            if record.status not in SETTLEABLE:
                return _already(record)
            states = _States(uow.catalogue)
            results = {
                leg.fixture_id: leg_result(
                    leg, await states.of(leg.fixture_id), request.as_of, self._grace, RESULT_DELAY
                )
                for leg in record.legs
            }
            settled = await self._settle(uow, record, results)
            await uow.commit()
            return settled

    async def _settle(
        self, uow: SettlementUnitOfWork, record: TicketRecord, results: dict[str, LegResult]
    ) -> SettledTicket:
        now = self._clock.now()
        # ticket, customer, then bankroll: the order of placing (issuing locks customer, then bankroll)
        await uow.customers.lock(record.partner_id, record.customer_id)
        scope = BankrollScope(days=frozenset({now.date()}), tickets=frozenset({record.ticket_id}))
        bankroll = await uow.bankrolls.lock(record.partner_id, record.bankroll_id, scope)
        if bankroll is None:
            raise NotFound("bankroll", record.bankroll_id)
        ticket = Ticket.restore(record)  # a placed ticket settles on its accepted odds and matched stake
        payout = settle_ticket(ticket, bankroll, results, now.date())
        await uow.bankrolls.save(bankroll, now)
        await uow.settlements.close(record.ticket_id, ticket.status, payout, now)
        if payout > 0:
            await uow.customers.add_transaction(
                Transaction(record.customer_id, TransactionKind.RETURN, payout, now, record.ticket_id)
            )
        clv = await _closing_line_value(uow.catalogue, record.legs)
        uow.track(ticket, TicketContext(closing_line_value=clv))  # TicketSettled / TicketVoided: audited
        return SettledTicket(record.ticket_id, ticket.status, payout, False, clv)

    async def _set_aside(self, ticket_id: str, reason: str) -> SettledTicket:
        async with self._unit_of_work() as uow:
            record = await uow.settlements.lock(ticket_id)
            if record is None:
                raise NotFound("ticket", ticket_id)
            if record.status not in SETTLEABLE:
                return _already(record)
            await uow.settlements.set_aside(ticket_id, reason, self._clock.now())
            # recorded here, not by the aggregate: a ticket that does not restore may be why it is set aside
            uow.track(Recorded([TicketSetAside(ticket_id, reason)]), TicketContext())
            await uow.commit()
        return SettledTicket(ticket_id, TicketStatus.NEEDS_REVIEW, Decimal(0), False, None, reason)


def _already(record: TicketRecord) -> SettledTicket:
    payout = record.payout or Decimal(0)
    return SettledTicket(record.ticket_id, record.status, payout, True, None, record.review_reason)


async def _closing_line_value(catalogue: MarketCatalogue, legs: Iterable[Leg]) -> float | None:
    values = []
    for leg in legs:
        selection = MarketSelection(leg.market, leg.selection, leg.line)
        closing = await catalogue.closing(leg.fixture_id, leg.market)
        fair = fair_closing_probability(selection, closing, (leg.bookmaker, *PRICE_PREFERENCE))
        if fair is not None:
            values.append(closing_line_value(leg.odds, fair))
    return sum(values) / len(values) if values else None


class _States:
    """Fixture states read once per pass."""

    def __init__(self, catalogue: MarketCatalogue) -> None:
        self._catalogue = catalogue
        self._seen: dict[str, FixtureState | None] = {}

    async def of(self, fixture_id: str) -> FixtureState | None:
        if fixture_id not in self._seen:
            self._seen[fixture_id] = await self._catalogue.fixture(fixture_id)
        return self._seen[fixture_id]
