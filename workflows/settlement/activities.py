"""The settlement workflow's activities: each calls the use case of its step and translates the messages.

Retries are safe: a ticket is locked in its settling transaction, and a settled ticket is reported as
already settled with nothing posted again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import NotFound
from application.use_cases.settle_ticket import PendingRequest as PendingSettlementsRequest
from application.use_cases.settle_ticket import (
    PendingSettlements,
    SettleTicket,
    SettleTicketRequest,
)
from domain.errors import InvalidSettlement
from domain.tickets import TicketStatus
from workflows.settlement import names
from workflows.settlement.messages import PendingRequest, PendingTickets, SettlementOutcome, SettleRequest


@dataclass(frozen=True)
class SettlementUseCases:
    pending_settlements: Callable[[], PendingSettlements]
    settle_ticket: Callable[[], SettleTicket]


class SettlementActivities:
    def __init__(self, use_cases: SettlementUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.pending, self.settle]

    @activity.defn(name=names.PENDING)
    async def pending(self, request: PendingRequest) -> PendingTickets:
        found = await self._use.pending_settlements().execute(PendingSettlementsRequest(request.as_of))
        return PendingTickets(found)

    @activity.defn(name=names.SETTLE)
    async def settle(self, request: SettleRequest) -> SettlementOutcome:
        try:
            settled = await self._use.settle_ticket().execute(
                SettleTicketRequest(request.ticket_id, request.as_of)
            )
        except InvalidSettlement as not_ready:  # a result withdrawn meanwhile: it waits for the next run
            return SettlementOutcome(request.ticket_id, TicketStatus.ISSUED.value, Decimal(0), False,
                                     note=str(not_ready))  # fmt: skip
        except NotFound as error:
            raise ApplicationError(str(error), type="NotFound", non_retryable=True) from error
        status, clv = settled.status.value, settled.closing_line_value
        return SettlementOutcome(settled.ticket_id, status, settled.payout, settled.already_settled, clv,
                                 note=settled.review_reason)  # fmt: skip
