"""The settlement workflow: settle the tickets whose results are in, post the ledger, record CLV.

pending tickets (every leg's fixture has a final score public at as_of) → settle each (one transaction per
ticket: status, payout, ledger postings, the customer's return, an audit entry with the closing-line value;
settling a settled ticket changes nothing) → report with the mean closing-line value. The body is
deterministic: results, tickets and the ledger are reached through activities only.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.settlement import names
    from workflows.settlement.messages import (
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
        outcomes = tuple(
            [
                await short_step(names.SETTLE, SettleRequest(ticket_id, as_of), SettlementOutcome, tuning)
                for ticket_id in pending.ticket_ids
            ]
        )
        values = [o.closing_line_value for o in outcomes if o.closing_line_value is not None]
        mean = sum(values) / len(values) if values else None
        return SettlementReport(workflow.info().workflow_id, as_of, outcomes, mean)
