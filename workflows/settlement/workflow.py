"""The settlement workflow: settle the tickets whose results are in, post the ledger, record CLV.

pending tickets (every leg's fixture has a final score public at as_of) → settle each (one transaction per
ticket: status, payout, ledger postings, the customer's return, an audit entry with the closing-line value;
settling a settled ticket changes nothing) → report with the mean closing-line value. The body is
deterministic: results, tickets and the ledger are reached through activities only.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.settlement.activities import SettlementActivities
    from workflows.settlement.messages import (
        PendingRequest,
        SettlementInput,
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
        pending = await short_step(SettlementActivities.pending, PendingRequest(as_of=as_of), tuning)
        outcomes = tuple(
            [
                await short_step(
                    SettlementActivities.settle, SettleRequest(ticket_id=ticket_id, as_of=as_of), tuning
                )
                for ticket_id in pending.ticket_ids
            ]
        )
        values = [o.closing_line_value for o in outcomes if o.closing_line_value is not None]
        mean = sum(values) / len(values) if values else None
        return SettlementReport(
            workflow_id=workflow.info().workflow_id,
            as_of=as_of,
            outcomes=outcomes,
            mean_closing_line_value=mean,
        )
