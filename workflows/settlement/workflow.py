"""The settlement workflow: settle the tickets whose results are in, post the ledger, record CLV.

pending tickets (every leg's fixture has a result) → settle each (one transaction per ticket: status,
payout, ledger postings; settling a settled ticket changes nothing) → closing-line value of the settled
tickets. The body is deterministic: results, tickets and the ledger are reached through activities only.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.settlement import names
    from workflows.settlement.messages import (
        ClosingLineRequest,
        ClosingLineSummary,
        PendingRequest,
        PendingTickets,
        SettlementInput,
        SettlementOutcome,
        SettlementReport,
        SettleRequest,
    )
    from workflows.steps import short_step


@workflow.defn(name="SettlementWorkflow")
class SettlementWorkflow:
    @workflow.run
    async def run(self, request: SettlementInput) -> SettlementReport:
        tuning = request.tuning
        as_of = request.as_of or workflow.now()
        pending = await short_step(names.PENDING, PendingRequest(as_of), PendingTickets, tuning)
        outcomes = [
            await short_step(names.SETTLE, SettleRequest(ticket_id, as_of), SettlementOutcome, tuning)
            for ticket_id in pending.ticket_ids
        ]
        settled = tuple(outcome.ticket_id for outcome in outcomes)
        closing_line = await short_step(
            names.CLOSING_LINE, ClosingLineRequest(settled), ClosingLineSummary, tuning
        )
        return SettlementReport(workflow.info().workflow_id, as_of, tuple(outcomes), closing_line)
