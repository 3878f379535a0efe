"""Customers of a partner: who they are for the compliance policies, and what they did recently.

A partner owns its customers. Their age, jurisdiction, self-exclusion and recent deposits, stakes and
losses are the figures a policy decision is taken on; the rules themselves live in the policies.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.errors import DomainError

_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
WINDOWS = {"24h": 1, "7d": 7, "30d": 30}


class TransactionKind(enum.StrEnum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    STAKE = "stake"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class Customer:
    customer_id: str
    partner_id: str
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None

    def __post_init__(self) -> None:
        if not _JURISDICTION.match(self.jurisdiction):
            raise DomainError(
                f"invalid jurisdiction {self.jurisdiction!r}: expected an ISO 3166 code such as GB or CA-ON"
            )

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def self_excluded_on(self, day: date) -> bool:
        return self.self_excluded_until is not None and day <= self.self_excluded_until


@dataclass(frozen=True, slots=True)
class Transaction:
    customer_id: str
    kind: TransactionKind
    amount: Decimal
    at: datetime
    reference: str | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.amount, Decimal) and self.amount.is_finite() and self.amount > 0):
            raise DomainError(f"invalid amount {self.amount!r}: must be a positive amount")
        if self.amount != self.amount.quantize(Decimal("0.01")):
            raise DomainError(f"invalid amount {self.amount}: must be in whole cents")


@dataclass(frozen=True, slots=True)
class WindowTotals:
    """Sums over one window ending now: deposits, stakes, and net loss (stakes less returns, at least 0)."""

    deposits: Decimal
    withdrawals: Decimal
    stakes: Decimal
    returns: Decimal

    @property
    def losses(self) -> Decimal:
        return max(self.stakes - self.returns, Decimal(0))


@dataclass(frozen=True, slots=True)
class CustomerActivity:
    """Totals over the last 24 hours, 7 days and 30 days, keyed "24h", "7d", "30d"."""

    windows: dict[str, WindowTotals]
