"""Tickets: singles and accumulators, their rules and their life cycle.

Life cycle: quoted → issued → (placed | partially placed | rejected) → settled, voided or cancelled;
an issued, placed or partially placed ticket → needs_review when settlement cannot settle it (its stake stays
reserved), and from there settled, voided or cancelled once reviewed.
- issue: only a quoted ticket; the bankroll reserves its stake (domain.betting).
- place: only an issued ticket, with the bookmaker's answer (domain.placement): placed, partially placed
  (settled on the matched stake) or rejected (final: the stake goes back to the bankroll).
- settle: only an issued, placed or partially placed ticket (or one set aside for review), with a result for
  every leg; a ticket whose legs are all void is voided.
- void: only an issued ticket; the stake is refunded (e.g. the event was abandoned).
- cancel: a quoted or issued ticket, never after settlement; an issued ticket's stake is released.
Any other move is refused by the rule `TicketLifecycle`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, Protocol

from domain.errors import DomainError, InvalidSettlement
from domain.events import (
    DomainEvent,
    TicketCancelled,
    TicketIssued,
    TicketPlaced,
    TicketQuoted,
    TicketSettled,
    TicketVoided,
)
from domain.legs import Leg
from domain.money import exact_product, potential_return, round_down_to_cent
from domain.odds import Odds
from domain.placement import Placement, net_of_commission
from domain.rules import BusinessRule
from domain.settlement import (
    LegResult,
    LegSettlement,
    SettlementInput,
    as_settlement,
    payout,
)


class TicketStatus(StrEnum):
    QUOTED = "quoted"
    ISSUED = "issued"
    SETTLED = "settled"
    VOIDED = "voided"
    CANCELLED = "cancelled"
    PLACED = "placed"
    PARTIALLY_PLACED = "partially_placed"
    REJECTED = "rejected"
    NEEDS_REVIEW = "needs_review"  # settlement could not settle it; a person looks at it


SETTLEABLE = frozenset({TicketStatus.ISSUED, TicketStatus.PLACED, TicketStatus.PARTIALLY_PLACED})
# the statuses whose stake the bankroll still holds: the settleable ones and those set aside for review
STAKE_RESERVED = SETTLEABLE | {TicketStatus.NEEDS_REVIEW}
_AFTER_SETTLEMENT = {TicketStatus.SETTLED, TicketStatus.VOIDED, TicketStatus.CANCELLED}


class TicketKind(StrEnum):
    SINGLE = "single"
    ACCUMULATOR = "accumulator"

    @classmethod
    def of(cls, legs: Sequence[object]) -> TicketKind:
        """A ticket of one leg is a single; of more, an accumulator."""
        return cls.SINGLE if len(legs) == 1 else cls.ACCUMULATOR


_ALLOWED_MOVES = {
    TicketStatus.QUOTED: {TicketStatus.ISSUED, TicketStatus.CANCELLED},
    TicketStatus.ISSUED: {
        *_AFTER_SETTLEMENT,
        TicketStatus.PLACED,
        TicketStatus.PARTIALLY_PLACED,
        TicketStatus.REJECTED,
        TicketStatus.NEEDS_REVIEW,
    },
    TicketStatus.PLACED: {*_AFTER_SETTLEMENT, TicketStatus.NEEDS_REVIEW},
    TicketStatus.PARTIALLY_PLACED: {*_AFTER_SETTLEMENT, TicketStatus.NEEDS_REVIEW},
    TicketStatus.NEEDS_REVIEW: _AFTER_SETTLEMENT,
}


@dataclass(frozen=True, slots=True)
class TicketLifecycle(BusinessRule):
    """A ticket moves only along quoted → issued → placed / partially placed / rejected → settled / voided /
    cancelled (cancel before settlement; a rejected ticket is final); an issued, placed or partially placed
    ticket may be set aside as needs_review, and leaves it settled, voided or cancelled."""

    current: TicketStatus
    target: TicketStatus

    def violation(self) -> str | None:
        if self.target in _ALLOWED_MOVES.get(self.current, set()):
            return None
        return f"a {self.current} ticket cannot become {self.target}"


@dataclass(frozen=True, slots=True)
class TicketHasLegs(BusinessRule):
    legs: Sequence[Leg]

    def violation(self) -> str | None:
        return None if self.legs else "a ticket needs at least one leg"


@dataclass(frozen=True, slots=True)
class NoCorrelatedLegs(BusinessRule):
    """An accumulator multiplies odds as if its legs were independent: legs of one fixture, or of one
    known correlation group, are not, so they may not be combined."""

    legs: Sequence[Leg]

    def violation(self) -> str | None:
        fixtures = _repeated(leg.fixture_id for leg in self.legs)
        if fixtures:
            return f"more than one leg on fixture {', '.join(fixtures)}"
        groups = _repeated(leg.correlation_group for leg in self.legs if leg.correlation_group)
        if groups:
            return f"more than one leg in correlation group {', '.join(groups)}"
        return None


@dataclass(frozen=True, slots=True)
class StakeIsPositive(BusinessRule):
    """A stake is a positive amount of money in whole cents."""

    stake: Decimal

    def violation(self) -> str | None:
        stake = self.stake
        if not isinstance(stake, Decimal) or not stake.is_finite() or stake <= 0:
            return f"invalid stake {stake!r}: must be a positive amount"
        if stake != round_down_to_cent(stake):
            return f"invalid stake {stake}: must be in whole cents"
        return None


DEFAULT_MAX_COMBINED_ODDS = Decimal(10_000)
DEFAULT_MAX_POTENTIAL_RETURN = Decimal("250000.00")


@dataclass(frozen=True, slots=True)
class _HouseLimit(BusinessRule):
    """A figure of the ticket is at most the house's limit."""

    figure: ClassVar[str] = "a figure"
    value: Decimal
    limit: Decimal

    def violation(self) -> str | None:
        if self.value <= self.limit:
            return None
        return f"{self.figure} {self.value:.6g} is above the house limit {self.limit}"

    def facts(self) -> dict[str, str]:
        return {"limit": str(self.limit)}


@dataclass(frozen=True, slots=True)
class MaxCombinedOdds(_HouseLimit):
    """House limit: a ticket's combined odds are at most the limit (default 10,000)."""

    limit: Decimal = DEFAULT_MAX_COMBINED_ODDS
    figure: ClassVar[str] = "combined odds"


@dataclass(frozen=True, slots=True)
class MaxPotentialReturn(_HouseLimit):
    """House limit: what a ticket pays if every leg wins is at most the limit (default 250,000.00)."""

    limit: Decimal = DEFAULT_MAX_POTENTIAL_RETURN
    figure: ClassVar[str] = "the potential return"


@dataclass(frozen=True, slots=True)
class HouseLimits:
    """The house's own limits on every ticket, before any bankroll or compliance rule."""

    max_combined_odds: Decimal = DEFAULT_MAX_COMBINED_ODDS
    max_potential_return: Decimal = DEFAULT_MAX_POTENTIAL_RETURN

    def check(self, ticket: Ticket) -> None:
        MaxCombinedOdds(ticket.combined_odds, self.max_combined_odds).check()
        MaxPotentialReturn(ticket.potential_return, self.max_potential_return).check()


class StoredTicket(Protocol):
    """What a store keeps of a ticket, enough to restore the aggregate (application's TicketRecord)."""

    @property
    def ticket_id(self) -> str: ...

    @property
    def legs(self) -> Sequence[Leg]: ...

    @property
    def stake(self) -> Decimal: ...

    @property
    def status(self) -> TicketStatus: ...

    @property
    def payout(self) -> Decimal | None: ...

    @property
    def placed(self) -> Placement | None:
        """The bookmaker's accepted or partially matched placement the ticket stands on, if any."""
        ...


class Ticket:
    """The ticket aggregate. Changes are recorded as domain events in `events`."""

    def __init__(
        self, ticket_id: str, legs: Sequence[Leg], stake: Decimal, commission: Decimal = Decimal(0)
    ) -> None:
        TicketHasLegs(legs).check()
        NoCorrelatedLegs(legs).check()
        StakeIsPositive(stake).check()
        self.ticket_id = ticket_id
        self.legs = tuple(legs)
        self.stake = stake
        self.commission = commission  # the bookmaker's share of the winnings (domain.placement, rule 4)
        self.status = TicketStatus.QUOTED
        self.results: tuple[LegSettlement, ...] | None = None
        self.payout: Decimal | None = None
        self.events: list[DomainEvent] = []

    @classmethod
    def quote(cls, ticket_id: str, legs: Sequence[Leg], stake: Decimal) -> Ticket:
        ticket = cls(ticket_id, legs, stake)
        ticket.events.append(TicketQuoted(ticket_id, stake, ticket.combined_odds, len(ticket.legs)))
        return ticket

    @classmethod
    def restore(cls, stored: StoredTicket) -> Ticket:
        """The aggregate in its stored state, with no event (restoring changes nothing), on the terms it
        settles on: a placed ticket on the matched stake, the accepted odds of each leg and its bookmaker's
        commission (domain.placement, rule 4); an unplaced one on its own stake and odds."""
        placed = stored.placed
        if placed is None:
            ticket = cls(stored.ticket_id, stored.legs, stored.stake)
        else:
            legs = [replace(leg, odds=Odds.from_decimal(odds))
                    for leg, odds in zip(stored.legs, placed.leg_odds, strict=True)]  # fmt: skip
            ticket = cls(stored.ticket_id, legs, placed.matched_stake, placed.commission)
        ticket.status, ticket.payout = stored.status, stored.payout
        return ticket

    @property
    def kind(self) -> TicketKind:
        return TicketKind.of(self.legs)

    @property
    def combined_odds(self) -> Decimal:
        """The exact product of the leg odds, unrounded."""
        return exact_product(leg.odds.decimal for leg in self.legs)

    @property
    def potential_return(self) -> Decimal:
        """What the ticket pays if every leg wins, rounded down to the cent."""
        return potential_return(self.stake, self.combined_odds)

    @property
    def fixture_ids(self) -> frozenset[str]:
        return frozenset(leg.fixture_id for leg in self.legs)

    def can_become(self, target: TicketStatus) -> bool:
        return TicketLifecycle(self.status, target).violation() is None

    def issue(self) -> None:
        self._move_to(TicketStatus.ISSUED)
        self.events.append(TicketIssued(self.ticket_id, self.stake, self.combined_odds))

    def settle(self, results: Mapping[str, SettlementInput]) -> Decimal:
        """Settle with one result per leg, keyed by fixture id; returns the payout (domain.settlement)."""
        TicketLifecycle(self.status, TicketStatus.SETTLED).check()
        settlements = self._settlements_from(results)
        if all(s.result is LegResult.VOID for s in settlements):
            self.results = settlements
            self.void("every leg is void")
            return self.stake
        gross = payout(self.stake, zip((leg.odds for leg in self.legs), settlements, strict=True))
        amount = net_of_commission(gross, self.stake, self.commission)
        self._move_to(TicketStatus.SETTLED)
        self.results, self.payout = settlements, amount
        self.events.append(TicketSettled(self.ticket_id, self.stake, amount))
        return amount

    def place(self, status: TicketStatus, placement: Placement) -> None:
        """Record the bookmaker's answer, `placement`: placed, partially placed or rejected."""
        if status not in (TicketStatus.PLACED, TicketStatus.PARTIALLY_PLACED, TicketStatus.REJECTED):
            raise DomainError(f"{status} is not the outcome of a placement")
        self._move_to(status)
        self.events.append(TicketPlaced(self.ticket_id, status.value, placement))

    def void(self, reason: str) -> None:
        """The bet stands void as a whole: the stake is refunded."""
        self._move_to(TicketStatus.VOIDED)
        self.payout = self.stake
        self.events.append(TicketVoided(self.ticket_id, self.stake, reason))

    def cancel(self, reason: str) -> None:
        self._move_to(TicketStatus.CANCELLED)
        self.events.append(TicketCancelled(self.ticket_id, reason))

    def _move_to(self, target: TicketStatus) -> None:
        TicketLifecycle(self.status, target).check()
        self.status = target

    def _settlements_from(self, results: Mapping[str, SettlementInput]) -> tuple[LegSettlement, ...]:
        unknown = sorted(set(results) - self.fixture_ids)
        if unknown:
            raise InvalidSettlement(f"ticket {self.ticket_id} has no leg on fixture {', '.join(unknown)}")
        missing = [leg.fixture_id for leg in self.legs if leg.fixture_id not in results]
        if missing:
            raise InvalidSettlement(f"ticket {self.ticket_id}: no result for fixture {', '.join(missing)}")
        return tuple(as_settlement(results[leg.fixture_id]) for leg in self.legs)


def _repeated(values: Iterable[str]) -> list[str]:
    counts = Counter(values)
    return sorted(value for value, count in counts.items() if count > 1)
