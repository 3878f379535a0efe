"""Port: a partner's customers and their money movements (the figures policy decisions are taken on)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.pagination import Page, PageRequest
from domain.customers import Customer, CustomerActivity, Transaction


class CustomerRepository(Protocol):
    async def add(self, customer: Customer) -> None: ...

    async def update(self, customer: Customer) -> None:
        """Store the customer's compliance state (identity, self-exclusion, cool-off, deposit limits)."""
        ...

    async def get(self, partner_scope: str | None, customer_id: str) -> Customer | None: ...

    async def lock(self, partner_id: str, customer_id: str) -> Customer | None:
        """The customer, locked until the end of the transaction (its activity cannot change meanwhile)."""
        ...

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[Customer]: ...

    async def add_transaction(self, transaction: Transaction) -> None: ...

    async def activity(self, customer_id: str, now: datetime) -> CustomerActivity:
        """Deposits, withdrawals, stakes and returns over the 24 hours, 7 days and 30 days before now."""
        ...
