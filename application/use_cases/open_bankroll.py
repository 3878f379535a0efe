"""Use case: open a bankroll for a partner (an administrator's task)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from application.errors import NotFound
from application.ports.access_repository import AccessRepository
from application.ports.bankroll_repository import NewBankroll
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.secret_source import SecretSource
from application.use_cases.set_bankroll_risk import risk_entry
from domain.bankroll import Bankroll
from domain.errors import DomainError
from domain.risk import RiskSettings


@dataclass(frozen=True, slots=True)
class OpenBankrollRequest:
    partner_id: str
    name: str
    starting_balance: Decimal
    currency: str = "EUR"
    risk: Mapping[str, Decimal | None] = field(default_factory=dict)  # RiskSettings by name


class OpenBankroll:
    """Open a bankroll.

    Rules: the partner exists; the starting balance is a non-negative amount in whole cents (the
    bankroll's own rule); the currency is a three-letter ISO 4217 code; the risk rules given are valid
    (each rule checks its figure); the opening balance is the first posting of its ledger.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], BettingUnitOfWork],
        access: AccessRepository,
        clock: Clock,
        secrets: SecretSource,
    ) -> None:
        self._unit_of_work, self._access, self._clock, self._secrets = unit_of_work, access, clock, secrets

    async def execute(self, request: OpenBankrollRequest) -> NewBankroll:
        currency = request.currency.upper()
        if len(currency) != 3 or not currency.isalpha():
            raise DomainError(f"invalid currency {request.currency!r}: expected an ISO 4217 code such as EUR")
        if await self._access.partner(request.partner_id) is None:
            raise NotFound("partner", request.partner_id)
        risk = RiskSettings().updated(dict(request.risk))
        bankroll_id = self._secrets.new_id()
        Bankroll(bankroll_id, request.starting_balance)  # its rules check the starting balance
        new = NewBankroll(bankroll_id, request.partner_id, request.name.strip() or "main", currency,
                          request.starting_balance, self._clock.now(), risk)  # fmt: skip
        async with self._unit_of_work() as uow:
            await uow.bankrolls.add(new)
            await uow.audit.append(
                "bankroll.opened",
                {"bankroll_id": bankroll_id, "partner_id": request.partner_id, "currency": currency,
                 "starting_balance": str(request.starting_balance), "risk": risk_entry(risk)},
            )  # fmt: skip
            await uow.commit()
        return new
