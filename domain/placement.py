"""Placement: what a bookmaker made of an issued ticket, and what that means for the ticket and its money.

The rules, as a trader reads them:

1. An order carries the ticket's stake, one leg per selection with the lowest odds the ticket accepts
   (the odds it was issued at) and the ticket id as its client reference: a bookmaker that sees the same
   client reference twice places it once.
2. A bookmaker answers `accepted` (bet reference, accepted odds, matched stake), `partially_matched`
   (part of the stake matched), `rejected` with a reason (price moved, over limit, market closed,
   suspended, unknown) or `pending` (not decided yet).
3. The ticket follows: accepted → placed, partially matched → partially placed, rejected → rejected.
   The stake nobody matched goes back to the bankroll at once: all of it on a rejection, the unmatched
   part on a partial match.
4. A placed ticket is settled on the accepted odds and the matched stake; an exchange keeps its commission
   out of the winnings (never out of the stake), rounded up to the cent in the exchange's favour.
5. On an exchange, a back order takes the offers available to back at or above its minimum odds, best
   price first, up to its stake; its accepted odds are the average price matched (rounded down).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from domain.errors import DomainError
from domain.money import CENT, exact_product

ZERO = Decimal(0)


class PlacementStatus(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_MATCHED = "partially_matched"
    REJECTED = "rejected"
    PENDING = "pending"


class RejectionReason(StrEnum):
    PRICE_MOVED = "price_moved"
    OVER_LIMIT = "over_limit"
    MARKET_CLOSED = "market_closed"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class OrderLeg:
    """One selection of an order and the lowest odds the bettor takes for it."""

    fixture_id: str
    market: str
    selection: str
    minimum_odds: Decimal
    line: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """What is sent to a bookmaker: `client_ref` is the ticket id (rule 1)."""

    bookmaker: str
    client_ref: str
    stake: Decimal
    legs: tuple[OrderLeg, ...]

    def __post_init__(self) -> None:
        if not self.legs:
            raise DomainError("an order needs at least one leg")
        if self.stake <= 0 or self.stake != self.stake.quantize(CENT):
            raise DomainError(f"invalid order stake {self.stake}: a positive amount in whole cents")


@dataclass(frozen=True, slots=True)
class Placement:
    """A bookmaker's answer to an order (rule 2). `leg_odds` are the accepted odds of each leg."""

    bookmaker: str
    client_ref: str
    status: PlacementStatus
    requested_stake: Decimal
    matched_stake: Decimal = ZERO
    leg_odds: tuple[Decimal, ...] = ()
    bet_ref: str | None = None
    reason: RejectionReason | None = None
    detail: str = ""
    placed_at: datetime | None = None
    commission: Decimal = ZERO  # share of the winnings the bookmaker keeps (an exchange's commission)

    def __post_init__(self) -> None:
        if (self.status is PlacementStatus.REJECTED) != (self.reason is not None):
            raise DomainError("a rejection, and only a rejection, carries a reason")
        if not ZERO <= self.matched_stake <= self.requested_stake:
            raise DomainError(f"matched stake {self.matched_stake} outside 0..{self.requested_stake}")
        if self.status in (PlacementStatus.ACCEPTED, PlacementStatus.PARTIALLY_MATCHED) and not self.leg_odds:
            raise DomainError("an accepted placement names its accepted odds")

    @property
    def accepted_odds(self) -> Decimal | None:
        return exact_product(self.leg_odds) if self.leg_odds else None

    @property
    def unmatched_stake(self) -> Decimal:
        return self.requested_stake - self.matched_stake

    @property
    def is_bet(self) -> bool:
        """Money stands with the bookmaker."""
        return self.status in (PlacementStatus.ACCEPTED, PlacementStatus.PARTIALLY_MATCHED)

    @classmethod
    def rejected(
        cls,
        order: Order,
        reason: RejectionReason,
        detail: str,
        at: datetime | None,
        bet_ref: str | None = None,
    ) -> Placement:
        return cls(order.bookmaker, order.client_ref, PlacementStatus.REJECTED, order.stake,
                   bet_ref=bet_ref, reason=reason, detail=detail, placed_at=at)  # fmt: skip


def matched_status(order: Order, matched: Decimal) -> PlacementStatus:
    return PlacementStatus.ACCEPTED if matched == order.stake else PlacementStatus.PARTIALLY_MATCHED


def net_of_commission(payout: Decimal, stake: Decimal, commission: Decimal) -> Decimal:
    """The payout less the commission on the winnings (rule 4); a loss or a refund pays no commission."""
    winnings = payout - stake
    if winnings <= 0 or commission == 0:
        return payout
    kept = Decimal(math.ceil(winnings * commission * 100)).scaleb(-2)
    return payout - kept


def match_back_order(
    back_ladder: Sequence[tuple[Decimal, Decimal]], minimum_odds: Decimal, stake: Decimal
) -> tuple[Decimal, Decimal | None]:
    """A back order on an exchange takes the offers at or above its minimum odds, best price first, up to
    its stake; the rest is not matched. (matched stake in whole cents, its average price or None)."""
    matched, returned = ZERO, ZERO
    for price, size in sorted(back_ladder, reverse=True):
        if price < minimum_odds or matched >= stake:
            break
        taken = min(size, stake - matched).quantize(CENT, rounding=ROUND_DOWN)
        matched, returned = matched + taken, returned + taken * price
    if matched == 0:
        return ZERO, None
    return matched, (returned / matched).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
