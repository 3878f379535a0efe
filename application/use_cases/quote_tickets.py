"""Use case: propose optimised tickets for a partner's customer and bankroll; nothing is issued."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from application.errors import NotFound
from application.portfolio.bankroll_rules import tightened, within_rules
from application.portfolio.limits import OptimiserSettings, PortfolioLimits
from application.portfolio.selections import PricedSelection
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.policy_engine import PolicyEngine
from application.use_cases.issue_ticket import PolicyDenied
from application.use_cases.optimize_portfolio import (
    OptimizePortfolio,
    OptimizePortfolioRequest,
    OptimizePortfolioResponse,
)
from application.use_cases.policy_document import ticket_policy_document
from domain.access import Principal
from domain.compliance import PolicyDecision
from domain.errors import DomainError

QUOTE_TIME_LIMIT_SECONDS = 2.0
QUOTE_SCENARIOS = 200
# The optimiser is not thread-safe (Pyomo keeps global state; concurrent solves deadlock): one solver
# thread per process, so quotes queue for it while the event loop keeps serving other requests.
_SOLVER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quote-solver")


@dataclass(frozen=True, slots=True)
class QuoteTicketsRequest:
    principal: Principal
    customer_id: str
    bankroll_id: str
    proposals: tuple[PricedSelection, ...]
    max_legs: int = 2


@dataclass(frozen=True, slots=True)
class Quote:
    decision: PolicyDecision
    portfolio: OptimizePortfolioResponse


class QuoteTickets:
    """Quote the tickets the optimiser would issue now, within the customer's policy limits.

    Rules:
    - the customer and the bankroll must be the calling partner's ("not found" otherwise);
    - the compliance policy decides on the customer's current figures with no ticket yet; a deny refuses
      the quote (naming the rules), an engine that does not answer refuses it with 503 (fail closed); the
      decision is recorded like every other;
    - the optimiser stakes at most what the bankroll has available, within the house limits and the
      policy's limits (maximum stake, loss allowance, banned markets) and the bankroll's own risk rules
      (exposure caps, stop rules, combined odds, potential return: application.portfolio.bankroll_rules)
      as hard constraints; a stop rule that is reached refuses the quote, naming the rule;
    - nothing is issued, reserved or posted: a quote is advice, each ticket must still be issued;
    - one solve at a time per process (the optimiser is not thread-safe), within a 2 s time limit.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], BettingUnitOfWork],
        policy: PolicyEngine,
        optimize: OptimizePortfolio,
        clock: Clock,
    ) -> None:
        self._unit_of_work, self._policy, self._optimize, self._clock = unit_of_work, policy, optimize, clock

    async def execute(self, request: QuoteTicketsRequest) -> Quote:
        partner_id = request.principal.partner_id
        if partner_id is None:
            raise DomainError("only a key acting for a partner can ask for quotes")
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            customer = await uow.customers.get(partner_id, request.customer_id)
            if customer is None:
                raise NotFound("customer", request.customer_id)
            bankroll = await uow.bankrolls.lock(partner_id, request.bankroll_id)
            if bankroll is None:
                raise NotFound("bankroll", request.bankroll_id)
            limits, proposals = tightened(
                PortfolioLimits(max_legs=request.max_legs), bankroll, request.proposals, now.date()
            )
            summary = await uow.bankrolls.summary(partner_id, request.bankroll_id)
            currency = None if summary is None else summary.currency
            document = ticket_policy_document(
                customer, await uow.customers.activity(customer.customer_id, now), [], now, currency
            )
            decision = await self._policy.decide(document)
            await uow.decisions.record(decision, document)
            await uow.commit()
        if not decision.allow:
            raise PolicyDenied(decision)
        optimise = OptimizePortfolioRequest(
            selections=proposals,
            bankroll=bankroll.available,
            limits=limits,
            policy=decision.limits,
            settings=OptimiserSettings(
                scenarios=QUOTE_SCENARIOS, time_limit_seconds=QUOTE_TIME_LIMIT_SECONDS
            ),
        )
        portfolio = await asyncio.get_running_loop().run_in_executor(
            _SOLVER, self._optimize.execute, optimise
        )
        kept = within_rules(bankroll, portfolio.tickets, now.date())
        if len(kept) < len(portfolio.tickets):
            portfolio = replace(portfolio, tickets=kept)
        return Quote(decision, portfolio)
