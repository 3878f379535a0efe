"""Use case: the account the pipeline stakes from (a partner, its customer, its bankroll), made once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from application.errors import Conflict
from application.ports.access_repository import AccessRepository
from application.ports.bankroll_repository import NewBankroll
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from domain.access import Partner
from domain.bankroll import Bankroll
from domain.customers import Customer

HOUSE_ACCOUNT_MISMATCH = "house-account-mismatch"


@dataclass(frozen=True, slots=True)
class HouseAccountRequest:
    partner_id: str = "house"
    partner_name: str = "stakewise house"
    customer_id: str = "house-customer"
    jurisdiction: str = "GB"
    date_of_birth: date = date(1990, 1, 1)
    bankroll_id: str = "house-bankroll"
    starting_balance: Decimal = Decimal("10000.00")
    currency: str = "GBP"  # the currency of the default jurisdiction's figures


@dataclass(frozen=True, slots=True)
class HouseAccount:
    partner_id: str
    customer_id: str
    bankroll_id: str
    jurisdiction: str
    created: tuple[str, ...]  # what this call created: "partner", "customer", "bankroll"


class EnsureHouseAccount:
    """Make sure the house account exists, creating what is missing.

    Rules:
    - the partner, its customer (an identity-verified adult, not self-excluded, in the house's
      jurisdiction: the policy engine checks every ticket against that customer's figures) and its bankroll
      are created once, with the ids asked for; what exists is used as stored and never changed (the
      bankroll's balance is its ledger's, the customer's jurisdiction is the one recorded);
    - a customer or bankroll id that belongs to another partner is a conflict, never taken over;
    - the bankroll's own rules check the starting balance (whole cents, not negative).
    """

    def __init__(
        self, access: AccessRepository, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock
    ) -> None:
        self._access, self._unit_of_work, self._clock = access, unit_of_work, clock

    async def execute(self, request: HouseAccountRequest) -> HouseAccount:
        created: list[str] = []
        now = self._clock.now()
        if await self._access.partner(request.partner_id) is None:
            await self._access.add_partner(Partner(request.partner_id, request.partner_name, now))
            created.append("partner")
        async with self._unit_of_work() as uow:
            customer = await uow.customers.get(None, request.customer_id)
            if customer is None:
                customer = _customer(request)
                await uow.customers.add(customer)
                created.append("customer")
            bankroll = await uow.bankrolls.summary(None, request.bankroll_id)
            if bankroll is None:
                Bankroll(request.bankroll_id, request.starting_balance)  # its rules check the balance
                await uow.bankrolls.add(_bankroll(request, now))
                created.append("bankroll")
            elif bankroll.partner_id != request.partner_id:
                raise _mismatch("bankroll", request.bankroll_id, bankroll.partner_id)
            if customer.partner_id != request.partner_id:
                raise _mismatch("customer", request.customer_id, customer.partner_id)
            await uow.commit()
        return HouseAccount(request.partner_id, request.customer_id, request.bankroll_id,
                            customer.jurisdiction, tuple(created))  # fmt: skip


def _customer(request: HouseAccountRequest) -> Customer:
    return Customer(request.customer_id, request.partner_id, request.jurisdiction, request.date_of_birth,
                    identity_verified=True)  # fmt: skip


def _bankroll(request: HouseAccountRequest, now: datetime) -> NewBankroll:
    return NewBankroll(request.bankroll_id, request.partner_id, "house", request.currency.upper(),
                       request.starting_balance, now)  # fmt: skip


def _mismatch(what: str, identifier: str, owner: str) -> Conflict:
    message = f"{what} {identifier!r} belongs to partner {owner!r}, not the house"
    return Conflict(HOUSE_ACCOUNT_MISMATCH, message)
