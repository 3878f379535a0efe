"""Customers of a partner: who they are for the compliance policies, and what they did recently.

A partner owns its customers. Their age, jurisdiction, self-exclusion and recent deposits, stakes and
losses are the figures a policy decision is taken on; the rules themselves live in the policies.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from domain.errors import DomainError

_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
WINDOWS = {"24h": 1, "7d": 7, "30d": 30}
# The policies compare instants as nanoseconds since 1970 (OPA's time functions cover 1677 to 2262): an
# instant a customer's protections carry must lie in this span, or no decision could be taken on them.
EARLIEST_INSTANT = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(2200, 1, 1, tzinfo=UTC)


class TransactionKind(enum.StrEnum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    STAKE = "stake"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class DepositLimit:
    """A deposit limit the customer chose for one window, with the one it replaced and when.

    `value` None means no limit. Whether a raised (or removed) limit applies yet is the policy's decision
    (a waiting period in the jurisdiction's figures): the policy input carries all three.
    """

    value: Decimal | None
    previous: Decimal | None = None
    changed_at: datetime | None = None

    def __post_init__(self) -> None:
        for amount in (self.value, self.previous):
            if amount is not None and not (amount.is_finite() and amount >= 0):
                raise DomainError(f"invalid deposit limit {amount}: must be an amount of at least 0")


@dataclass(frozen=True, slots=True)
class Customer:
    customer_id: str
    partner_id: str
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None
    cool_off_until: datetime | None = None
    deposit_limits: Mapping[str, DepositLimit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _JURISDICTION.match(self.jurisdiction):
            raise DomainError(
                f"invalid jurisdiction {self.jurisdiction!r}: expected an ISO 3166 code such as GB or CA-ON"
            )
        _instant_or_none(self.cool_off_until)

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def self_excluded_on(self, day: date) -> bool:
        return self.self_excluded_until is not None and day <= self.self_excluded_until

    def changed(self, change: CustomerChange, at: datetime) -> Customer:
        """The customer with the change applied; a new deposit limit keeps the one it replaces."""
        limits = dict(self.deposit_limits)
        for window, value in change.deposit_limits.items():
            if window not in WINDOWS:
                raise DomainError(
                    f"invalid deposit limit window {window!r}: expected one of {sorted(WINDOWS)}"
                )
            old = limits.get(window)
            limits[window] = DepositLimit(value, None if old is None else old.value, at)
        given = change.fields()
        return replace(
            self,
            identity_verified=bool(given.get("identity_verified", self.identity_verified)),
            self_excluded_until=_date_or_none(given.get("self_excluded_until", self.self_excluded_until)),
            cool_off_until=_instant_or_none(given.get("cool_off_until", self.cool_off_until)),
            deposit_limits=limits,
        )


def _date_or_none(value: object) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise DomainError(f"invalid self_excluded_until {value!r}: expected a date")


def _instant_or_none(value: object) -> datetime | None:
    if value is None:
        return None
    if not (isinstance(value, datetime) and value.tzinfo is not None):
        raise DomainError(f"invalid cool_off_until {value!r}: expected a date-time with a time zone")
    if not EARLIEST_INSTANT <= value < LATEST_INSTANT:
        raise DomainError(
            f"invalid cool_off_until {value.isoformat()}: must lie between "
            f"{EARLIEST_INSTANT:%Y-%m-%d} and {LATEST_INSTANT:%Y-%m-%d} (UTC)"
        )
    return value


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET


@dataclass(frozen=True, slots=True)
class CustomerChange:
    """What a partner changes of a customer's compliance state; UNSET leaves a field as it is."""

    self_excluded_until: date | _Unset | None = UNSET
    cool_off_until: datetime | _Unset | None = UNSET
    identity_verified: bool | _Unset = UNSET
    deposit_limits: Mapping[str, Decimal | None] = field(default_factory=dict)

    def fields(self) -> dict[str, object]:
        given = {
            "self_excluded_until": self.self_excluded_until,
            "cool_off_until": self.cool_off_until,
            "identity_verified": self.identity_verified,
        }
        return {name: value for name, value in given.items() if value is not UNSET}

    @property
    def empty(self) -> bool:
        return not self.fields() and not self.deposit_limits


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
