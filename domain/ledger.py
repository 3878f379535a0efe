"""A double-entry ledger: every movement of money is a posting whose entries sum to zero.

Accounts and signs: an entry's amount is the change in what the account holds.
- available: money free to stake;
- at_risk: stakes of issued tickets, not yet settled;
- bookmaker: net money that went to bookmakers (stakes lost minus winnings collected);
- capital: the owner's side of the money put in, held as a negative amount.
Because every posting sums to zero, the four accounts always sum to zero, and
available + at_risk + bookmaker always equals the capital put in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.rules import BusinessRule

ZERO = Decimal(0)


class Account(StrEnum):
    CAPITAL = "capital"
    AVAILABLE = "available"
    AT_RISK = "at_risk"
    BOOKMAKER = "bookmaker"


@dataclass(frozen=True, slots=True)
class Entry:
    account: Account
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BalancedPosting(BusinessRule):
    """Double entry: what one account gains another loses."""

    entries: tuple[Entry, ...]

    def violation(self) -> str | None:
        total = sum((entry.amount for entry in self.entries), ZERO)
        return None if total == 0 else f"entries sum to {total}, not 0"


@dataclass(frozen=True, slots=True)
class Posting:
    """One movement of money, with the ticket (or other reference) it belongs to."""

    reference: str
    description: str
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        BalancedPosting(self.entries).check()


def transfer(reference: str, description: str, amount: Decimal, source: Account, target: Account) -> Posting:
    return Posting(reference, description, (Entry(source, -amount), Entry(target, amount)))


class Ledger:
    """Append-only list of balanced postings."""

    def __init__(self) -> None:
        self._postings: list[Posting] = []

    def post(self, posting: Posting) -> None:
        self._postings.append(posting)

    @property
    def postings(self) -> tuple[Posting, ...]:
        return tuple(self._postings)

    def entries(self) -> Iterator[Entry]:
        for posting in self._postings:
            yield from posting.entries

    def balance(self, account: Account) -> Decimal:
        return sum((entry.amount for entry in self.entries() if entry.account is account), ZERO)
