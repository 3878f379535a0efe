"""Use case: propose optimised tickets for a partner's customer and bankroll; nothing is issued.

The selections are the partner's priced proposals, or stakewise's own: the champion's stored predictions
of the fixtures asked for beside the price book's latest prices (best price per selection), where a
partner's proposal for the same selection overrides only the probability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from application.errors import NotFound
from application.portfolio.bankroll_rules import tightened, within_rules
from application.portfolio.limits import OptimiserSettings, PortfolioLimits
from application.portfolio.selections import PricedSelection, SelectionKey
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.latest_prices import LatestPrice, LatestPrices
from application.ports.policy_engine import PolicyEngine
from application.ports.portfolio_solver import PortfolioSolver
from application.ports.prediction_store import ChampionPrediction, PredictionStore
from application.use_cases.issue_ticket import PolicyDenied
from application.use_cases.optimize_portfolio import OptimizePortfolioRequest, OptimizePortfolioResponse
from application.use_cases.policy_document import ticket_policy_document
from domain.access import Principal
from domain.bankroll import Bankroll, BankrollScope
from domain.compliance import PolicyDecision
from domain.errors import DomainError, RuleViolation
from domain.odds import Odds
from domain.tickets import HouseLimits

QUOTE_TIME_LIMIT_SECONDS = 2.0
QUOTE_SCENARIOS = 200
# a quote is a proposal, not a proof: the search stops within 1 % of the best expected log growth, which it
# reaches in a fraction of the time limit, so the answer does not depend on the machine's load (a search
# stopped by the clock returns whatever it held at that moment)
QUOTE_RELATIVE_GAP = 0.01


@dataclass(frozen=True, slots=True)
class QuoteTicketsRequest:
    principal: Principal
    customer_id: str
    bankroll_id: str
    proposals: tuple[PricedSelection, ...] = ()
    max_legs: int = 2
    fixtures: tuple[str, ...] = ()  # stakewise prices these fixtures' open markets itself


@dataclass(frozen=True, slots=True)
class Lineage:
    """Where a quoted selection's probability came from: a registered model version (None: the partner)."""

    model: str | None
    model_version: int | None
    probability: float

    @property
    def described(self) -> str | None:
        """ "dixon-coles/E0 v3", as a ticket leg's lineage names it; None for a partner's probability."""
        return None if self.model is None else f"{self.model} v{self.model_version}"


@dataclass(frozen=True, slots=True)
class TicketQuote:
    """The tickets quoted: the policy decision, the optimised portfolio and the lineage of its legs."""

    decision: PolicyDecision
    portfolio: OptimizePortfolioResponse
    lineage: Mapping[SelectionKey, Lineage] = field(default_factory=dict)
    skipped_fixtures: tuple[str, ...] = ()  # asked for, but not open or not priced by stakewise


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
    - the house limits issuing applies (MaxCombinedOdds, MaxPotentialReturn) are hard constraints too: a
      ticket priced above the combined-odds limit takes no stake, and no stake times its odds exceeds the
      potential-return limit, so a quoted ticket is never refused by them when it is issued;
    - nothing is issued, reserved or posted: a quote is advice, each ticket must still be issued;
    - the solve runs off the event loop (PortfolioSolver: the API's pool of solver processes, one solver
      thread elsewhere), within a 2 s time limit; a solver with too much work waiting refuses the quote at
      once (Overloaded: 429 with Retry-After), before any decision is asked for or recorded;
    - by fixtures: only open fixtures (not kicked off, no result) with the champion's stored predictions
      are priced, the others are named as skipped (all of them skipped: 422 `NotQuotable`, before any
      policy decision); every bookmaker's latest price stored by now of a predicted selection is a
      candidate (market aggregates are not bookmakers), so each leg carries the stored price and the
      bookmaker offering it, and issues as quoted; a proposal of a selection stakewise prices overrides
      its probability, a proposal of any other selection is refused (422 `UnknownSelection`).
    """

    def __init__(
        self,
        unit_of_work: Callable[[], BettingUnitOfWork],
        policy: PolicyEngine,
        solver: PortfolioSolver,
        clock: Clock,
        predictions: PredictionStore,
        prices: LatestPrices,
        not_bettable: frozenset[str] = frozenset(),
        house_limits: HouseLimits | None = None,
    ) -> None:
        self._unit_of_work, self._policy, self._solver, self._clock = unit_of_work, policy, solver, clock
        self._predictions, self._prices, self._not_bettable = predictions, prices, not_bettable
        self._house = house_limits or HouseLimits()

    async def execute(self, request: QuoteTicketsRequest) -> TicketQuote:
        partner_id = request.principal.partner_id
        if partner_id is None:
            raise DomainError("only a key acting for a partner can ask for quotes")
        now = self._clock.now()
        selections: tuple[PricedSelection, ...] = request.proposals
        skipped: tuple[str, ...] = ()
        if request.fixtures:  # refused before any decision is asked for or recorded
            selections, skipped = await self._own_selections(request, now)
        with self._solver.admit():  # refused at once when the solver has too much waiting: nothing done
            decision, bankroll, limits, proposals = await self._decided(request, partner_id, selections, now)
            if not decision.allow:
                raise PolicyDenied(decision)
            settings = OptimiserSettings(
                scenarios=QUOTE_SCENARIOS,
                time_limit_seconds=QUOTE_TIME_LIMIT_SECONDS,
                relative_gap=QUOTE_RELATIVE_GAP,
            )
            portfolio = await self._solver.optimise(
                OptimizePortfolioRequest(
                    proposals, bankroll.available, limits, decision.limits, settings=settings
                )
            )
        kept = within_rules(bankroll, portfolio.tickets, now.date())
        if len(kept) < len(portfolio.tickets):
            portfolio = replace(portfolio, tickets=kept)
        lineage = {s.key: Lineage(s.model, s.model_version, s.probability) for s in selections}
        return TicketQuote(decision, portfolio, lineage, skipped)

    async def _decided(
        self,
        request: QuoteTicketsRequest,
        partner_id: str,
        selections: tuple[PricedSelection, ...],
        now: datetime,
    ) -> tuple[PolicyDecision, Bankroll, PortfolioLimits, tuple[PricedSelection, ...]]:
        """The policy's decision (recorded), the bankroll, and the limits and selections its rules leave."""
        async with self._unit_of_work() as uow:
            customer = await uow.customers.get(partner_id, request.customer_id)
            if customer is None:
                raise NotFound("customer", request.customer_id)
            summary = await uow.bankrolls.summary(partner_id, request.bankroll_id)
            if summary is None:
                raise NotFound("bankroll", request.bankroll_id)
            activity = await uow.customers.activity(customer.customer_id, now)
            document = ticket_policy_document(customer, activity, [], now, summary.currency)
            decision = await self._policy.decide(document)
            # locked only from here to the commit: quotes and issues on one bankroll wait briefly
            scope = BankrollScope(frozenset(s.fixture for s in selections), frozenset({now.date()}))
            bankroll = await uow.bankrolls.lock(partner_id, request.bankroll_id, scope)
            if bankroll is None:
                raise NotFound("bankroll", request.bankroll_id)
            house = PortfolioLimits(
                max_legs=request.max_legs,
                max_combined_odds=self._house.max_combined_odds,
                max_potential_return=self._house.max_potential_return,
            )
            limits, proposals = tightened(house, bankroll, selections, now.date())
            await uow.decisions.record(decision, document)
            await uow.commit()
        return decision, bankroll, limits, proposals

    async def _own_selections(
        self, request: QuoteTicketsRequest, now: datetime
    ) -> tuple[tuple[PricedSelection, ...], tuple[str, ...]]:
        asked = tuple(dict.fromkeys(request.fixtures))
        predicted = await self._predictions.champion_predictions(asked)
        open_ = {p.fixture_id for p in predicted if not p.finished and p.kickoff_at and p.kickoff_at > now}
        skipped = tuple(fixture for fixture in asked if fixture not in open_)
        if not open_:
            listed = ", ".join(asked)
            raise RuleViolation("NotQuotable", f"no open fixture priced by stakewise among {listed} "
                                "(unknown, kicked off, finished, or not predicted yet)")  # fmt: skip
        by_key = {
            _key(p.fixture_id, p.market, p.line, p.selection): p for p in predicted if p.fixture_id in open_
        }
        overrides = _overrides(request.proposals, by_key)
        rows = []
        for price in await self._prices.latest(sorted(open_), now):
            key = _key(price.fixture_id, price.market, price.line, price.selection)
            found = by_key.get(key)
            if found is not None and price.bookmaker not in self._not_bettable:
                rows += _own_row(price, found, overrides.get(key))
        return tuple(rows), skipped


Key = tuple[str, str, object, str]  # fixture, market, line, selection


def _key(fixture: str, market: str, line: Decimal | None, selection: str) -> Key:
    return (fixture, market, line, selection)


def _own_row(price: LatestPrice, found: ChampionPrediction, override: float | None) -> list[PricedSelection]:
    """One bookmaker's latest price of a predicted selection, with the champion's (or the override's) view."""
    probability = found.probability if override is None else override
    if not 0.0 < probability < 1.0:
        return []
    model, version = (found.model, found.version) if override is None else (None, None)
    odds = Odds.from_decimal(price.price)
    return [PricedSelection(price.fixture_id, found.competition, price.market, price.selection,
                            price.bookmaker, odds, probability, price.line, None, price.captured_at,
                            model, version)]  # fmt: skip


def _overrides(proposals: tuple[PricedSelection, ...], priced: Mapping[Key, object]) -> dict[Key, float]:
    found: dict[Key, float] = {}
    for proposal in proposals:
        key = _key(proposal.fixture, proposal.market, proposal.line, proposal.selection)
        if key not in priced:
            raise RuleViolation("UnknownSelection", f"{proposal.key.describe()} is not priced by stakewise "
                                "for these fixtures: a proposal can only override a priced selection's "
                                "probability")  # fmt: skip
        found[key] = proposal.probability
    return found
