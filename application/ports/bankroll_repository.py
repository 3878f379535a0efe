"""Port: bankrolls and their double-entry ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from application.pagination import Page, PageRequest
from domain.bankroll import EMPTY_SCOPE, Bankroll, BankrollScope
from domain.risk import RiskSettings


@dataclass(frozen=True, slots=True)
class BankrollSummary:
    bankroll_id: str
    partner_id: str
    name: str
    currency: str
    starting_balance: Decimal
    available: Decimal
    at_risk: Decimal
    created_at: datetime
    risk: RiskSettings = field(default_factory=RiskSettings)


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One entry of a posting, as stored: the posting's reference (a ticket id) and its time."""

    entry_id: str
    bankroll_id: str
    reference: str
    description: str
    account: str
    amount: Decimal
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class NewBankroll:
    bankroll_id: str
    partner_id: str
    name: str
    currency: str
    starting_balance: Decimal
    created_at: datetime
    risk: RiskSettings = field(default_factory=RiskSettings)


class BankrollRepository(Protocol):
    async def add(self, bankroll: NewBankroll) -> None:
        """Store a bankroll and the ledger posting of its opening balance."""
        ...

    async def lock(
        self, partner_id: str, bankroll_id: str, scope: BankrollScope = EMPTY_SCOPE
    ) -> Bankroll | None:
        """The partner's bankroll with its risk rules, locked until the transaction ends and restored with
        the part of its state `scope` names (its cost does not grow with the bankroll's history)."""
        ...

    async def set_risk(self, bankroll_id: str, risk: RiskSettings) -> None:
        """Replace the bankroll's risk rules."""
        ...

    async def save(self, bankroll: Bankroll, at: datetime) -> None:
        """Store what changed since `lock`: append its postings to the ledger and add the differences of
        its running figures (balances, exposure per fixture and day, profit per day, peak) to the stored
        ones, in the caller's transaction."""
        ...

    async def summary(self, partner_scope: str | None, bankroll_id: str) -> BankrollSummary | None: ...

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[BankrollSummary]: ...

    async def ledger(
        self, partner_scope: str | None, bankroll_id: str, request: PageRequest
    ) -> Page[LedgerLine] | None:
        """The bankroll's ledger, newest first; None when the bankroll is not the partner's."""
        ...
