"""Joint outcomes of the fixtures, sampled: the measure on which every portfolio's log growth is taken.

Each market (fixture, market, line) is one random draw among its selections, plus "none of them" when their
probabilities sum to less than 1. Markets are drawn independently of each other. The draw is stratified:
over the N scenarios each outcome occurs round(N × p) times exactly (largest remainder), in a random order
drawn from a fixed seed, so the same input always gives the same scenarios and every single wins in the
share of scenarios its probability says.

An accumulator wins where all its legs win; how often that happens in a sample varies by chance, and an
optimiser would chase the lucky ones. So payouts are moment-matched: in the scenarios where a ticket wins it
pays odds × p / (its share of winning scenarios), which makes its mean payout over the scenarios exactly its
expected payout (a control variate). Log growth on these scenarios is the optimiser's objective and the
measure every baseline is compared on.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from application.portfolio.selections import MarketKey, SelectionKey
from application.portfolio.tickets import CandidateTicket


@dataclass(frozen=True, slots=True)
class ScenarioSet:
    count: int
    wins: tuple[tuple[int, ...], ...]
    """Per ticket, the scenarios in which it wins (ascending)."""
    payouts: tuple[float, ...]
    """Per ticket, what it returns per unit staked in a scenario where it wins (moment-matched)."""

    def wealth(self, fractions: Sequence[float]) -> list[float]:
        """Bankroll after settlement in each scenario, as a multiple of the bankroll before."""
        wealth = [1.0 - math.fsum(fractions)] * self.count
        for fraction, wins, payout in zip(fractions, self.wins, self.payouts, strict=True):
            if fraction:
                for scenario in wins:
                    wealth[scenario] += payout * fraction
        return wealth

    def log_growth(self, fractions: Sequence[float]) -> float:
        """Mean over the scenarios of log(bankroll after / bankroll before); −∞ if it can be wiped out."""
        wealth = self.wealth(fractions)
        if min(wealth) <= 0.0:
            return -math.inf
        return math.fsum(math.log(w) for w in wealth) / self.count


def sample_scenarios(tickets: Sequence[CandidateTicket], count: int, seed: int) -> ScenarioSet:
    won_by = _draw_outcomes(tickets, count, random.Random(seed))  # noqa: S311  seeded, reproducible scenarios
    wins = tuple(_ticket_wins(ticket, won_by) for ticket in tickets)
    payouts = tuple(_matched_payout(t, len(won), count) for t, won in zip(tickets, wins, strict=True))
    return ScenarioSet(count, wins, payouts)


def _draw_outcomes(
    tickets: Sequence[CandidateTicket], count: int, rng: random.Random
) -> dict[SelectionKey, frozenset[int]]:
    markets: dict[MarketKey, dict[SelectionKey, float]] = defaultdict(dict)
    for ticket in tickets:
        for leg in ticket.legs:
            markets[leg.key.market_key][leg.key] = leg.probability
    won_by: dict[SelectionKey, frozenset[int]] = {}
    for market in sorted(markets, key=_market_order):
        selections = sorted(markets[market].items(), key=lambda item: item[0].selection)
        column = _stratified_column([p for _, p in selections], count, rng)
        for index, (key, _) in enumerate(selections):
            won_by[key] = frozenset(s for s, outcome in enumerate(column) if outcome == index)
    return won_by


def _stratified_column(probabilities: Sequence[float], count: int, rng: random.Random) -> list[int]:
    """Outcome index per scenario; index len(probabilities) is "none of the selections"."""
    total = math.fsum(probabilities)
    shares = [p / max(total, 1.0) for p in probabilities]
    shares.append(max(0.0, 1.0 - math.fsum(shares)))
    exact = [share * count for share in shares]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    column = [outcome for outcome, n in enumerate(counts) for _ in range(n)]
    rng.shuffle(column)
    return column


def _ticket_wins(ticket: CandidateTicket, won_by: dict[SelectionKey, frozenset[int]]) -> tuple[int, ...]:
    return tuple(sorted(frozenset.intersection(*(won_by[leg.key] for leg in ticket.legs))))


def _matched_payout(ticket: CandidateTicket, wins: int, count: int) -> float:
    odds = float(ticket.odds)
    return odds * ticket.probability * count / wins if wins else odds


def _market_order(market: MarketKey) -> tuple[str, str, str]:
    return (market.fixture, market.market, str(market.line))
