"""Use case: issue one ticket for a partner's customer against a partner's bankroll."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from application.audit_events import TicketContext
from application.errors import Conflict, NotFound
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.market_catalogue import MarketCatalogue
from application.ports.policy_engine import PolicyEngine
from application.ports.secret_source import SecretSource
from application.ports.ticket_repository import LegLineage, TicketRecord
from application.use_cases.policy_document import ProposedTicket, ticket_policy_document, with_event_facts
from domain.access import Principal
from domain.bankroll import Bankroll, BankrollScope
from domain.betting import issue_ticket
from domain.compliance import PolicyDecision
from domain.customers import Customer, CustomerActivity, Transaction, TransactionKind
from domain.errors import DomainError
from domain.legs import Leg
from domain.markets import (
    DEFAULT_VOID_GRACE,
    FixtureStatus,
    MarketClosed,
    MarketSelection,
    OfferedSelection,
    PriceChanged,
    UnknownFixture,
)
from domain.odds import Odds
from domain.tickets import HouseLimits, Ticket

IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused"

__all__ = ["IssueTicket", "IssueTicketRequest", "LegRequest", "MarketRules", "PolicyDenied", "PolicyEngine"]


@dataclass(frozen=True, slots=True)
class LegRequest:
    """One leg as asked for. `competition` is informative only (the fixture's own is stored); `in_play` is
    never asked for: the server derives it. The quote reference (model version, probability, edge), when
    the leg comes from a stakewise quote, is kept as the leg's lineage."""

    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    line: Decimal | None = None
    correlation_group: str | None = None
    model_version: str | None = None
    probability: float | None = None
    edge: float | None = None


@dataclass(frozen=True, slots=True)
class MarketRules:
    """The catalogue's settings: price tolerance (a fraction of the stored price), the grace after which a
    fixture without a result is void, and the house limits."""

    price_tolerance: Decimal = Decimal(0)
    void_grace: timedelta = DEFAULT_VOID_GRACE
    house_limits: HouseLimits = field(default_factory=HouseLimits)


@dataclass(frozen=True, slots=True)
class _BoundLeg:
    leg: Leg
    in_play: bool
    lineage: LegLineage


@dataclass(frozen=True, slots=True)
class IssueTicketRequest:
    principal: Principal
    idempotency_key: str
    customer_id: str
    bankroll_id: str
    stake: Decimal
    legs: tuple[LegRequest, ...]
    # when the catalogue judges the legs (fixture status, latest price): now, unless a replay of the
    # pipeline at an earlier moment sets it; never taken from a partner
    as_of: datetime | None = None

    def fingerprint(self) -> str:
        """SHA-256 over everything the request asks for, so a reused key with another body is told apart."""
        body = {
            "customer_id": self.customer_id,
            "bankroll_id": self.bankroll_id,
            "stake": str(self.stake),
            "legs": [[str(value) for value in _leg_fields(leg)] for leg in self.legs],
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket: TicketRecord
    replayed: bool


class PolicyDenied(DomainError):
    """The compliance policy refused the ticket (or the deposit); its reasons name the rules."""

    def __init__(self, decision: PolicyDecision, subject: str = "ticket") -> None:
        rules = ", ".join(reason.rule for reason in decision.reasons) or "no reason given"
        super().__init__(f"the compliance policy denied the {subject}: {rules}")
        self.decision = decision


class IssueTicket:
    """Issue a ticket: the whole of it or nothing.

    Rules:
    - Idempotency: the partner's Idempotency-Key is claimed first. The same key with the same request
      returns the ticket issued the first time; with a different request it is refused
      (`idempotency-key-reused`). A request that issued nothing (denied, refused, failed) frees its key.
    - The customer and the bankroll must be the calling partner's; anything else is "not found".
    - Every leg binds to the market catalogue, in the transaction and before any other rule (each refusal
      names its rule): the fixture is known (`UnknownFixture`); market, selection and line are canonical
      codes and the bookmaker prices them for that fixture (`UnknownSelection`); the market is open
      (`MarketClosed`: before kickoff, or in play where the market has a live price); the odds are not
      above the bookmaker's latest stored price beyond the tolerance (`PriceChanged`, with the current
      odds). `in_play` is derived from the fixture's status, the fixture's competition is stored, and the
      price-book entry checked is kept with the leg (lineage).
    - The house limits apply next (`MaxCombinedOdds`, `MaxPotentialReturn`).
    - The ticket's own rules apply (at least one leg, NoCorrelatedLegs, a positive stake in cents), then the
      bankroll's risk rules (StakeWithinBankroll first, then the rules stored with the bankroll: exposure
      caps, stop rules, combined odds, potential return; a refusal names the rule): the bankroll is locked
      for the whole transaction, so concurrent requests never spend the same money twice.
    - The compliance policy decides on the customer's figures, the catalogue's facts of each leg's event
      (youth, college teams) and the bankroll's currency; no answer means nothing is issued
      (fail closed, "policy engine unavailable"). Every decision is recorded, a deny included.
    - On allow, the ticket, its ledger postings, the customer's stake, the decision and an audit-log entry
      are committed in one transaction.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], BettingUnitOfWork],
        policy: PolicyEngine,
        clock: Clock,
        secrets: SecretSource,
        rules: MarketRules | None = None,
    ) -> None:
        self._unit_of_work, self._policy, self._clock, self._secrets = unit_of_work, policy, clock, secrets
        self._rules = rules or MarketRules()

    async def execute(self, request: IssueTicketRequest) -> IssuedTicket:
        partner_id = _partner_of(request.principal)
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            earlier = await uow.idempotency.claim(
                partner_id, request.idempotency_key, request.fingerprint(), now
            )
            if earlier is not None:
                return await _replay(uow, request, earlier.fingerprint, earlier.ticket_id)
            # what the catalogue says of the legs is read before any lock: the rows locked below are held
            # for as short a time as possible (every issue on the customer and bankroll queues on them)
            bound = [await self._bind(uow.catalogue, leg, request.as_of or now) for leg in request.legs]
            proposed = await with_event_facts(
                ProposedTicket(request.stake, tuple(b.leg for b in bound), tuple(b.in_play for b in bound)),
                uow.competitions,
            )
            customer = await uow.customers.lock(partner_id, request.customer_id)
            if customer is None:
                raise NotFound("customer", request.customer_id)
            # read before the bankroll is locked: a partner's bankroll is shared by all its customers
            activity = await uow.customers.activity(customer.customer_id, now)
            scope = BankrollScope(frozenset(b.leg.fixture_id for b in bound), frozenset({now.date()}))
            bankroll = await uow.bankrolls.lock(partner_id, request.bankroll_id, scope)
            if bankroll is None:
                raise NotFound("bankroll", request.bankroll_id)
            return await self._issue(uow, request, (customer, activity), bankroll, bound, proposed, now)

    async def _issue(
        self,
        uow: BettingUnitOfWork,
        request: IssueTicketRequest,
        customer_state: tuple[Customer, CustomerActivity],
        bankroll: Bankroll,
        bound: list[_BoundLeg],
        proposed: ProposedTicket,
        now: datetime,
    ) -> IssuedTicket:
        customer, activity = customer_state
        ticket = Ticket.quote(self._secrets.new_id(), [b.leg for b in bound], request.stake)
        self._rules.house_limits.check(ticket)
        issue_ticket(ticket, bankroll, now.date())
        currency = await _currency_of(uow, customer.partner_id, request.bankroll_id)
        document = ticket_policy_document(customer, activity, [proposed], now, currency)
        decision = await self._policy.decide(document)
        await uow.decisions.record(decision, document)
        if not decision.allow:
            await uow.idempotency.release(customer.partner_id, request.idempotency_key)
            await uow.commit()
            raise PolicyDenied(decision)
        lineage = tuple(b.lineage for b in bound)
        record = _record(ticket, request, customer, proposed, decision, now, lineage)
        await uow.tickets.add(record)
        await uow.bankrolls.save(bankroll, now)
        await uow.customers.add_transaction(
            Transaction(customer.customer_id, TransactionKind.STAKE, ticket.stake, now, ticket.ticket_id)
        )
        await uow.idempotency.complete(customer.partner_id, request.idempotency_key, ticket.ticket_id)
        uow.track(ticket, TicketContext(record.partner_id, record.customer_id, record.bankroll_id,
                                        record.decision_id))  # fmt: skip
        await uow.commit()
        return IssuedTicket(record, replayed=False)

    async def _bind(self, catalogue: MarketCatalogue, request: LegRequest, now: datetime) -> _BoundLeg:
        state = await catalogue.fixture(request.fixture_id)
        UnknownFixture(request.fixture_id, state).check()
        if state is None:
            raise AssertionError("checked by UnknownFixture")
        selection = MarketSelection.parse(request.market, request.selection, request.line)
        entry = await catalogue.price(state.fixture_id, selection, request.bookmaker, now)
        priced_by = () if entry else await catalogue.bookmakers(state.fixture_id, selection)
        OfferedSelection(state.fixture_id, selection, request.bookmaker, entry, priced_by).check()
        if entry is None:
            raise AssertionError("checked by OfferedSelection")
        MarketClosed(state, entry, now, self._rules.void_grace).check()
        PriceChanged(request.odds, entry, self._rules.price_tolerance).check()
        leg = Leg(state.fixture_id, state.competition, selection.market, selection.selection,
                  request.bookmaker, Odds.from_decimal(request.odds), selection.line,
                  request.correlation_group)  # fmt: skip
        in_play = state.status(now, self._rules.void_grace) is FixtureStatus.IN_PLAY
        lineage = LegLineage(entry.bookmaker, entry.price, entry.captured_at, entry.batch_id,
                             request.model_version, request.probability, request.edge)  # fmt: skip
        return _BoundLeg(leg, in_play, lineage)


async def _replay(
    uow: BettingUnitOfWork, request: IssueTicketRequest, fingerprint: str, ticket_id: str | None
) -> IssuedTicket:
    if fingerprint != request.fingerprint():
        raise Conflict(
            IDEMPOTENCY_KEY_REUSED,
            f"Idempotency-Key {request.idempotency_key!r} was already used with a different request",
        )
    ticket = await uow.tickets.get(_partner_of(request.principal), ticket_id) if ticket_id else None
    if ticket is None:  # the claim of a request still in flight, or of one whose ticket is not visible
        raise Conflict("idempotency-key-in-use", f"Idempotency-Key {request.idempotency_key!r} is in use")
    return IssuedTicket(ticket, replayed=True)


async def _currency_of(uow: BettingUnitOfWork, partner_id: str, bankroll_id: str) -> str | None:
    summary = await uow.bankrolls.summary(partner_id, bankroll_id)
    return None if summary is None else summary.currency


def _partner_of(principal: Principal) -> str:
    if principal.partner_id is None:
        raise DomainError("only a key acting for a partner can issue tickets")
    return principal.partner_id


def _leg_fields(leg: LegRequest) -> tuple[object, ...]:
    return (leg.fixture_id, leg.competition, leg.market, leg.selection, leg.bookmaker, leg.odds,
            leg.line, leg.correlation_group, leg.model_version, leg.probability, leg.edge)  # fmt: skip


def _record(
    ticket: Ticket,
    request: IssueTicketRequest,
    customer: Customer,
    proposed: ProposedTicket,
    decision: PolicyDecision,
    now: datetime,
    lineage: tuple[LegLineage, ...],
) -> TicketRecord:
    return TicketRecord(
        ticket_id=ticket.ticket_id,
        partner_id=customer.partner_id,
        customer_id=customer.customer_id,
        bankroll_id=request.bankroll_id,
        status=ticket.status,
        stake=ticket.stake,
        combined_odds=ticket.combined_odds,
        legs=ticket.legs,
        in_play=proposed.in_play,
        decision_id=decision.decision_id,
        issued_at=now,
        lineage=lineage,
    )
