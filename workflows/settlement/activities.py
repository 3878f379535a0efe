"""The settlement workflow's activities: each calls the use case of its step and translates the messages.

Retries are safe: a ticket is locked in its settling transaction, and a settled ticket is reported as
already settled with nothing posted again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import NotFound
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from domain.errors import InvalidSettlement
from workflows.settlement import names, translate
from workflows.settlement.messages import PendingRequest, PendingTickets, SettlementOutcome, SettleRequest


@dataclass(frozen=True)
class SettlementUseCases:
    pending_settlements: Callable[[], PendingSettlements]
    settle_ticket: Callable[[], SettleTicket]


class SettlementActivities:
    """The settlement activities; the workflow calls them as methods (`SettlementActivities.settle`)."""

    def __init__(self, use_cases: SettlementUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.pending, self.settle]

    @activity.defn(name=names.PENDING)
    async def pending(self, request: PendingRequest) -> PendingTickets:
        found = await self._use.pending_settlements().execute(translate.pending_request(request))
        return translate.pending_tickets(found)

    @activity.defn(name=names.SETTLE)
    async def settle(self, request: SettleRequest) -> SettlementOutcome:
        try:
            settled = await self._use.settle_ticket().execute(translate.settle_request(request))
        except InvalidSettlement as not_ready:  # a result withdrawn meanwhile: it waits for the next run
            return translate.not_ready(request, str(not_ready))
        except NotFound as error:
            raise ApplicationError(str(error), type="NotFound", non_retryable=True) from error
        return translate.settlement_outcome(settled)
