"""Candidate tickets: the singles and accumulators the optimiser may choose from."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from application.portfolio.limits import PortfolioLimits
from application.portfolio.selections import SelectionKey
from application.use_cases.find_edges import SelectionEdge
from domain.legs import Leg
from domain.money import exact_product
from domain.odds import Odds
from domain.staking import kelly_fraction
from domain.tickets import NoCorrelatedLegs


@dataclass(frozen=True, slots=True)
class CandidateLeg:
    key: SelectionKey
    competition: str
    bookmaker: str
    odds: Odds
    probability: float
    correlation_group: str | None

    def as_leg(self) -> Leg:
        key = self.key
        return Leg(
            fixture_id=key.fixture,
            competition=self.competition,
            market=key.market,
            selection=key.selection,
            bookmaker=self.bookmaker,
            odds=self.odds,
            line=key.line,
            correlation_group=self.correlation_group,
        )


@dataclass(frozen=True, slots=True)
class CandidateTicket:
    """A single (one leg) or an accumulator (legs on distinct fixtures, all at one bookmaker)."""

    legs: tuple[CandidateLeg, ...]

    @property
    def bookmaker(self) -> str:
        return self.legs[0].bookmaker

    @property
    def odds(self) -> Decimal:
        """The exact product of the leg odds, unrounded (domain.money)."""
        return exact_product(leg.odds.decimal for leg in self.legs)

    @property
    def probability(self) -> float:
        """Legs are independent (distinct fixtures, no shared correlation group)."""
        return math.prod(leg.probability for leg in self.legs)

    @property
    def expected_value(self) -> float:
        return self.probability * float(self.odds) - 1.0

    @property
    def fixtures(self) -> tuple[str, ...]:
        return tuple(leg.key.fixture for leg in self.legs)

    @property
    def competitions(self) -> tuple[str, ...]:
        return tuple(sorted({leg.competition for leg in self.legs}))

    @property
    def kelly_growth(self) -> float:
        """The log growth full Kelly would get from this ticket alone: how much it is worth on its own."""
        p, price = self.probability, float(self.odds)
        f = kelly_fraction(min(p, 1 - 1e-12), Odds(self.odds))
        if f <= 0.0:
            return 0.0
        return p * math.log(1.0 + f * (price - 1.0)) + (1.0 - p) * math.log(1.0 - f)


def correlation_violation(legs: Sequence[CandidateLeg]) -> str | None:
    """The domain rule NoCorrelatedLegs: an accumulator prices its legs as independent, so no two legs may
    share a fixture or a correlation group. Its reason, or None."""
    return NoCorrelatedLegs([leg.as_leg() for leg in legs]).violation()


def build_candidates(
    edges: Sequence[SelectionEdge], limits: PortfolioLimits, every_bookmaker: bool
) -> tuple[CandidateTicket, ...]:
    """Singles at the best price (at every bookmaker's positive-EV price when bookmakers have stake limits,
    so a stake can be spread), then accumulators of 2..max_legs legs built from the best `accumulator_pool`
    selections by EV: legs on distinct fixtures and correlation groups, all at the one bookmaker that pays
    the most for the combination, with a positive EV; the `max_accumulators` best by Kelly growth."""
    singles = [CandidateTicket((leg,)) for edge in edges for leg in _single_legs(edge, every_bookmaker)]
    accumulators = heapq.nlargest(
        limits.max_accumulators,
        _accumulators(edges[: limits.accumulator_pool], limits.max_legs),
        key=lambda ticket: ticket.kelly_growth,
    )
    return (*singles, *accumulators)


def _single_legs(edge: SelectionEdge, every_bookmaker: bool) -> list[CandidateLeg]:
    quotes = edge.quotes if every_bookmaker else edge.quotes[:1]
    legs = [_leg(edge, quote.bookmaker, quote.odds) for quote in quotes]
    return [leg for leg in legs if leg.probability * float(leg.odds) > 1.0] or legs[:1]


def _accumulators(pool: Sequence[SelectionEdge], max_legs: int) -> Iterator[CandidateTicket]:
    for size in range(2, max_legs + 1):
        for combo in combinations(pool, size):
            ticket = _accumulator(combo)
            if ticket is not None and ticket.expected_value > 0.0:
                yield ticket


def _accumulator(combo: Sequence[SelectionEdge]) -> CandidateTicket | None:
    if correlation_violation([_leg(edge, edge.best.bookmaker, edge.best.odds) for edge in combo]):
        return None
    bookmakers = set.intersection(*({quote.bookmaker for quote in edge.quotes} for edge in combo))
    best: CandidateTicket | None = None
    for bookmaker in sorted(bookmakers):
        ticket = CandidateTicket(tuple(_leg(edge, bookmaker, _price(edge, bookmaker)) for edge in combo))
        if best is None or ticket.odds > best.odds:
            best = ticket
    return best


def _price(edge: SelectionEdge, bookmaker: str) -> Odds:
    price = edge.price_at(bookmaker)
    if price is None:
        raise AssertionError("the bookmaker was chosen among those pricing every leg")
    return price


def _leg(edge: SelectionEdge, bookmaker: str, odds: Odds) -> CandidateLeg:
    return CandidateLeg(edge.key, edge.competition, bookmaker, odds, edge.probability, edge.correlation_group)
