"""Use case: choose the tickets (singles and accumulators) and stakes that maximise expected log growth."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from application.portfolio.baselines import greedy_fractional_kelly, simultaneous_kelly_portfolio
from application.portfolio.limits import OptimiserSettings, PortfolioLimits, StakeCaps
from application.portfolio.placement import StakedTicket, place_within_caps, violations
from application.portfolio.scenarios import ScenarioSet, sample_scenarios
from application.portfolio.selections import PricedSelection
from application.portfolio.tickets import CandidateTicket, build_candidates
from application.ports.portfolio_optimizer import (
    ModelSize,
    PortfolioOptimizer,
    StakeCap,
    StakingProblem,
    StakingSolution,
)
from application.use_cases.find_edges import EdgeFilters, FindEdges, FindEdgesRequest
from domain.compliance import PolicyLimits
from domain.errors import DomainError

NOT_SOLVED = "not_solved"
ROUNDING_SLACK = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class OptimizePortfolioRequest:
    selections: tuple[PricedSelection, ...]
    bankroll: Decimal
    limits: PortfolioLimits = field(default_factory=PortfolioLimits)
    policy: PolicyLimits = field(default_factory=PolicyLimits)
    filters: EdgeFilters = field(default_factory=EdgeFilters)
    settings: OptimiserSettings = field(default_factory=OptimiserSettings)


@dataclass(frozen=True, slots=True)
class Baseline:
    name: str
    tickets: tuple[StakedTicket, ...]
    expected_log_growth: float

    @property
    def staked(self) -> Decimal:
        return sum((t.stake for t in self.tickets), Decimal(0))


@dataclass(frozen=True, slots=True)
class CandidateCounts:
    rows: int
    banned: int
    outcomes: int
    with_edge: int
    singles: int
    accumulators: int


@dataclass(frozen=True, slots=True)
class Timings:
    prepare: float
    build: float
    solve: float


@dataclass(frozen=True, slots=True)
class OptimizePortfolioResponse:
    status: str
    optimal: bool
    gap: float | None
    bankroll: Decimal
    tickets: tuple[StakedTicket, ...]
    expected_log_growth: float
    baselines: tuple[Baseline, ...]
    caps: StakeCaps
    counts: CandidateCounts
    scenarios: int
    times: Timings
    model: ModelSize | None = None
    objective: float | None = None
    reason: str | None = None

    @property
    def staked(self) -> Decimal:
        return sum((t.stake for t in self.tickets), Decimal(0))

    @property
    def baseline_log_growth(self) -> float:
        return self.baselines[0].expected_log_growth if self.baselines else 0.0


class OptimizePortfolio:
    """Choose which singles and accumulators to issue, and how much to stake on each.

    Rules:
    - selections in a market the policy bans are left out; the others go through FindEdges;
    - the candidates are the singles and accumulators of build_candidates (legs of one accumulator never
      share a fixture or a correlation group: NoCorrelatedLegs);
    - the objective is the expected log growth of the bankroll over scenarios of the joint outcomes of the
      fixtures (application.portfolio.scenarios), never a sum of per-bet terms;
    - hard constraints: the StakeCaps of the house limits and the policy limits (total, per ticket, per
      fixture, per competition, per bookmaker, minimum stake, number of tickets);
    - stakes are rounded down to the cent, and the portfolio is re-checked against every cap before it is
      returned;
    - when nothing can be placed the answer has no tickets and says why;
    - baselines (greedy quarter-Kelly first, then simultaneous Kelly) are measured on the same scenarios
      within the same caps.
    """

    def __init__(self, optimizer: PortfolioOptimizer, find_edges: FindEdges) -> None:
        self.optimizer = optimizer
        self.find_edges = find_edges

    def execute(self, request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
        started = time.perf_counter()
        bankroll = _checked_bankroll(request.bankroll)
        caps = StakeCaps.combine(bankroll, request.limits, request.policy)
        allowed = tuple(s for s in request.selections if request.policy.allows_market(s.market))
        edges = self.find_edges.execute(FindEdgesRequest(allowed, request.filters))
        tickets = build_candidates(edges.edges, request.limits, every_bookmaker=bool(caps.per_bookmaker))
        counts = CandidateCounts(
            rows=len(request.selections),
            banned=len(request.selections) - len(allowed),
            outcomes=edges.outcomes,
            with_edge=len(edges.edges),
            singles=sum(len(t.legs) == 1 for t in tickets),
            accumulators=sum(len(t.legs) > 1 for t in tickets),
        )
        scenarios = sample_scenarios(tickets, request.settings.scenarios, request.settings.seed)
        context = _Context(bankroll, caps, tickets, scenarios, counts, request.settings.scenarios)
        reason = _why_nothing_to_optimise(counts, caps)
        if reason is not None:
            return context.answer_without_solving(reason, time.perf_counter() - started)
        problem = _problem(tickets, scenarios, caps, bankroll, request.settings)
        prepared = time.perf_counter() - started
        return context.answer(self.optimizer.solve(problem), prepared)


@dataclass(frozen=True, slots=True)
class _Context:
    bankroll: Decimal
    caps: StakeCaps
    tickets: tuple[CandidateTicket, ...]
    scenarios: ScenarioSet
    counts: CandidateCounts
    scenario_count: int

    def answer(self, solution: StakingSolution, prepared: float) -> OptimizePortfolioResponse:
        portfolio = self._rounded(solution.fractions)
        broken = violations(portfolio, self.caps)
        if broken:
            raise RuntimeError(f"the optimiser returned a portfolio that breaks its caps: {broken[0]}")
        reason = None
        if not portfolio:
            reason = (
                "no portfolio within the limits has a positive expected log growth"
                if solution.optimal
                else f"the solver stopped ({solution.status}) before it found a portfolio"
            )
        return OptimizePortfolioResponse(
            status=solution.status.value,
            optimal=solution.optimal,
            gap=solution.gap,
            bankroll=self.bankroll,
            tickets=portfolio,
            expected_log_growth=self.growth(portfolio),
            baselines=self.baselines(),
            caps=self.caps,
            counts=self.counts,
            scenarios=self.scenario_count,
            times=Timings(prepared, solution.build_seconds, solution.solve_seconds),
            model=solution.size,
            objective=solution.objective,
            reason=reason,
        )

    def answer_without_solving(self, reason: str, prepared: float) -> OptimizePortfolioResponse:
        return OptimizePortfolioResponse(
            status=NOT_SOLVED,
            optimal=False,
            gap=None,
            bankroll=self.bankroll,
            tickets=(),
            expected_log_growth=0.0,
            baselines=self.baselines(),
            caps=self.caps,
            counts=self.counts,
            scenarios=self.scenario_count,
            times=Timings(prepared, 0.0, 0.0),
            reason=reason,
        )

    def baselines(self) -> tuple[Baseline, ...]:
        portfolios = {
            "greedy_quarter_kelly": greedy_fractional_kelly(self.tickets, self.caps, self.bankroll),
            "simultaneous_kelly": simultaneous_kelly_portfolio(self.tickets, self.caps, self.bankroll),
        }
        return tuple(Baseline(name, placed, self.growth(placed)) for name, placed in portfolios.items())

    def growth(self, portfolio: Sequence[StakedTicket]) -> float:
        index = {ticket: i for i, ticket in enumerate(self.tickets)}
        fractions = [0.0] * len(self.tickets)
        for placed in portfolio:
            fractions[index[placed.ticket]] += float(placed.stake / self.bankroll)
        return self.scenarios.log_growth(fractions)

    def _rounded(self, fractions: Sequence[float]) -> tuple[StakedTicket, ...]:
        slack = ROUNDING_SLACK + self.bankroll * Decimal("1e-9")
        wanted = sorted(
            (
                (ticket, self.bankroll * Decimal(repr(x)) + slack)
                for ticket, x in zip(self.tickets, fractions, strict=True)
                if x
            ),
            key=lambda item: -item[1],
        )
        return place_within_caps(wanted, self.caps)


def _checked_bankroll(bankroll: Decimal) -> Decimal:
    if not isinstance(bankroll, Decimal) or not bankroll.is_finite() or bankroll <= 0:
        raise DomainError(f"invalid bankroll {bankroll!r}: must be a positive amount")
    return bankroll


def _why_nothing_to_optimise(counts: CandidateCounts, caps: StakeCaps) -> str | None:
    if counts.rows == 0:
        return "no candidate selections were given"
    if counts.banned == counts.rows:
        return "every candidate is in a market the policy bans"
    if counts.with_edge == 0:
        return "no selection passes the filters (a positive expected value at the best price, among others)"
    return caps.why_nothing_fits()


def _problem(
    tickets: Sequence[CandidateTicket],
    scenarios: ScenarioSet,
    caps: StakeCaps,
    bankroll: Decimal,
    settings: OptimiserSettings,
) -> StakingProblem:
    def share(amount: Decimal) -> float:
        return float(amount / bankroll)

    return StakingProblem(
        scenario_count=scenarios.count,
        wins=scenarios.wins,
        payouts=scenarios.payouts,
        min_fraction=share(caps.min_stake),
        max_fraction=tuple(share(caps.stake_cap(t.bookmaker, t.odds)) for t in tickets),
        max_total_fraction=share(caps.total),
        caps=_stake_caps(tickets, caps, share),
        max_tickets=caps.max_tickets,
        time_limit_seconds=settings.time_limit_seconds,
        relative_gap=settings.relative_gap,
        absolute_gap=settings.absolute_gap,
    )


def _stake_caps(
    tickets: Sequence[CandidateTicket], caps: StakeCaps, share: Callable[[Decimal], float]
) -> tuple[StakeCap, ...]:
    """One row per fixture, competition and bookmaker whose tickets could together exceed its cap."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, ticket in enumerate(tickets):
        for fixture in ticket.fixtures:
            groups.setdefault(("fixture", fixture), []).append(i)
        for competition in ticket.competitions:
            groups.setdefault(("competition", competition), []).append(i)
        groups.setdefault(("bookmaker", ticket.bookmaker), []).append(i)
    limit = {"fixture": caps.per_fixture, "competition": caps.per_competition}
    result = []
    for (kind, name), members in sorted(groups.items()):
        amount = caps.bookmaker_cap(name) if kind == "bookmaker" else limit[kind]
        if sum(caps.stake_cap(tickets[i].bookmaker, tickets[i].odds) for i in members) > amount:
            result.append(StakeCap(f"{kind} {name}", tuple(members), share(amount)))
    return tuple(result)
