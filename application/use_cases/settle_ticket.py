"""Use cases: which issued tickets can be settled, and settling one of them from the final scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from application.errors import NotFound
from application.modelling.records import MatchRecord
from application.placement.terms import ticket_as_placed
from application.ports.clock import Clock
from application.ports.match_history import MatchHistory
from application.ports.ticket_repository import TicketRecord
from application.ports.ticket_settlements import SettlementUnitOfWork
from domain.betting import settle_ticket
from domain.customers import Transaction, TransactionKind
from domain.edges import closing_line_value
from domain.errors import InvalidSettlement
from domain.legs import ASIAN_HANDICAP, TOTALS, Leg, settle_line_leg
from domain.settlement import LegResult, from_line_outcome
from domain.tickets import SETTLEABLE, TicketStatus

MATCH_RESULT = "1x2"
OUTCOME_INDEX = {"home": 0, "draw": 1, "away": 2}


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
    already_settled: bool  # an earlier request settled it: nothing was posted now
    closing_line_value: float | None  # mean over the 1X2 legs with a closing price


class PendingSettlements:
    """The issued tickets whose every leg's fixture has a final score public at `as_of`, oldest first."""

    def __init__(self, unit_of_work: Callable[[], SettlementUnitOfWork], history: MatchHistory) -> None:
        self._unit_of_work, self._history = unit_of_work, history

    async def execute(self, request: PendingRequest) -> tuple[str, ...]:
        async with self._unit_of_work() as uow:
            issued = await uow.settlements.issued()
        results = _Results(self._history, request.as_of)
        return tuple([ticket.ticket_id for ticket in issued if await results.ready(ticket.legs)])


class SettleTicket:
    """Settle one issued ticket from the final scores, in one transaction.

    Rules:
    - a ticket is settled once: asking again for a settled or voided ticket changes nothing and says so;
    - every leg needs its fixture's final score, public at `as_of`; otherwise nothing happens
      (InvalidSettlement naming the fixture);
    - a 1X2 leg wins when its selection is the result; totals and Asian handicap legs follow the shared line
      rule (push, half win, half loss on quarter lines); other markets cannot be settled from a score;
    - the payout follows domain.settlement (exact, rounded down to the cent); the bankroll posts it (or
      releases the stake when every leg is void), the customer gets a return transaction of the payout, the
      ticket is marked settled, and the audit log records it with the closing-line value;
    - closing-line value: for each 1X2 leg, the odds taken against the de-vigged closing price (the
      ticket's bookmaker when it quotes one, else the preferred); the ticket's is the mean of its legs'.
    """

    def __init__(
        self, unit_of_work: Callable[[], SettlementUnitOfWork], history: MatchHistory, clock: Clock
    ) -> None:
        self._unit_of_work, self._history, self._clock = unit_of_work, history, clock

    async def execute(self, request: SettleTicketRequest) -> SettledTicket:
        results = _Results(self._history, request.as_of)
        async with self._unit_of_work() as uow:
            record = await uow.settlements.lock(request.ticket_id)
            if record is None:
                raise NotFound("ticket", request.ticket_id)
            if record.status not in SETTLEABLE:
                return SettledTicket(record.ticket_id, record.status, record.payout or Decimal(0), True, None)
            matches = await results.of(record.legs)
            settled = await self._settle(uow, record, matches)
            await uow.commit()
            return settled

    async def _settle(
        self, uow: SettlementUnitOfWork, record: TicketRecord, matches: dict[str, MatchRecord]
    ) -> SettledTicket:
        now = self._clock.now()
        bankroll = await uow.bankrolls.lock(record.partner_id, record.bankroll_id)
        if bankroll is None:
            raise NotFound("bankroll", record.bankroll_id)
        ticket = ticket_as_placed(record)  # a placed ticket settles on its accepted odds and matched stake
        mark = len(bankroll.ledger.postings)
        leg_results = {leg.fixture_id: leg_result(leg, matches[leg.fixture_id]) for leg in record.legs}
        payout = settle_ticket(ticket, bankroll, leg_results, now.date())
        await uow.bankrolls.post(bankroll.bankroll_id, bankroll.ledger.postings[mark:], now)
        await uow.settlements.close(record.ticket_id, ticket.status, payout, now)
        if payout > 0:
            await uow.customers.add_transaction(
                Transaction(record.customer_id, TransactionKind.RETURN, payout, now, record.ticket_id)
            )
        clv = _closing_line_value(record.legs, matches)
        await uow.audit.append("ticket.settled", {
            "ticket_id": record.ticket_id, "status": ticket.status.value, "payout": str(payout),
            "closing_line_value": clv,
        })  # fmt: skip
        return SettledTicket(record.ticket_id, ticket.status, payout, False, clv)


def leg_result(leg: Leg, match: MatchRecord) -> LegResult:
    """A leg's result from its fixture's final score."""
    if match.home_goals is None or match.away_goals is None:
        raise InvalidSettlement(f"fixture {leg.fixture_id} has no final score yet")
    if leg.market == MATCH_RESULT:
        return LegResult.WIN if OUTCOME_INDEX.get(leg.selection) == match.outcome.value else LegResult.LOSS
    if leg.market in (TOTALS, ASIAN_HANDICAP):
        return from_line_outcome(settle_line_leg(leg, match.home_goals, match.away_goals))
    raise InvalidSettlement(
        f"market {leg.market!r} of ticket leg on {leg.fixture_id} cannot be settled from a score"
    )


def _closing_line_value(legs: Iterable[Leg], matches: dict[str, MatchRecord]) -> float | None:
    values = []
    for leg in legs:
        if leg.market != MATCH_RESULT:
            continue
        match = matches[leg.fixture_id]
        closing = dict(match.closing_prices).get(leg.bookmaker) or match.closing()
        if closing is not None:
            fair = closing.fair_probabilities()[OUTCOME_INDEX[leg.selection]]
            values.append(closing_line_value(leg.odds, fair))
    return sum(values) / len(values) if values else None


class _Results:
    """Final scores public at `as_of`, read once per league."""

    def __init__(self, history: MatchHistory, as_of: datetime) -> None:
        self._history = history
        self._as_of = as_of.astimezone(UTC).replace(tzinfo=None)
        self._leagues: dict[str, dict[str, MatchRecord]] = {}

    async def ready(self, legs: Iterable[Leg]) -> bool:
        try:
            await self.of(legs)
        except InvalidSettlement:
            return False
        return True

    async def of(self, legs: Iterable[Leg]) -> dict[str, MatchRecord]:
        found: dict[str, MatchRecord] = {}
        for leg in legs:
            match = (await self._league(leg.competition)).get(leg.fixture_id)
            if match is None or not match.played or match.known_from > self._as_of:
                raise InvalidSettlement(f"fixture {leg.fixture_id} has no final score known yet")
            found[leg.fixture_id] = match
        return found

    async def _league(self, league: str) -> dict[str, MatchRecord]:
        if league not in self._leagues:
            try:
                history = await self._history.league(league)
            except NotFound:
                self._leagues[league] = {}
            else:
                self._leagues[league] = {match.fixture_id: match for match in history.matches}
        return self._leagues[league]
