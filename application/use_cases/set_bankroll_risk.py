"""Use case: change a bankroll's risk rules (PUT /v1/bankrolls/{id}/risk)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from application.errors import NotFound
from application.ports.bankroll_repository import BankrollSummary
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from domain.access import Principal, Role
from domain.errors import DomainError
from domain.risk import RiskSettings

RISK_CHANGED = "bankroll.risk_changed"


@dataclass(frozen=True, slots=True)
class SetBankrollRiskRequest:
    principal: Principal
    bankroll_id: str
    changes: dict[str, Decimal | None]  # the settings named; null turns a rule off; others stay


class SetBankrollRisk:
    """Change some of a bankroll's risk rules.

    Rules: the owner partner's key or an admin key; each figure is checked by its rule (a positive amount;
    a drawdown fraction in (0, 1)); an unknown setting is refused; the change and its audit entry
    (`bankroll.risk_changed`: who, old and new settings) are committed together. The rules apply to the
    next ticket: issuing, quotes and the pipeline's optimiser all read them from the bankroll.
    """

    def __init__(self, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def execute(self, request: SetBankrollRiskRequest) -> BankrollSummary:
        principal = request.principal
        if principal.role is not Role.ADMIN and principal.role is not Role.PARTNER:
            raise DomainError(f"the {principal.role} role cannot change risk rules")
        scope = None if principal.role is Role.ADMIN else principal.partner_id
        async with self._unit_of_work() as uow:
            summary = await uow.bankrolls.summary(scope, request.bankroll_id)
            if summary is None or await uow.bankrolls.lock(summary.partner_id, summary.bankroll_id) is None:
                raise NotFound("bankroll", request.bankroll_id)
            risk = summary.risk.updated(request.changes)
            await uow.bankrolls.set_risk(summary.bankroll_id, risk)
            await uow.audit.append(
                RISK_CHANGED,
                {
                    "bankroll_id": summary.bankroll_id,
                    "partner_id": summary.partner_id,
                    "by_key": principal.key_id,
                    "at": self._clock.now().isoformat(),
                    "old": risk_entry(summary.risk),
                    "new": risk_entry(risk),
                },
            )
            await uow.commit()
        return BankrollSummary(
            summary.bankroll_id, summary.partner_id, summary.name, summary.currency, summary.starting_balance,
            summary.available, summary.at_risk, summary.created_at, risk,
        )  # fmt: skip


def risk_entry(risk: RiskSettings) -> dict[str, str | None]:
    return {name: None if value is None else str(value) for name, value in risk.as_dict().items()}
