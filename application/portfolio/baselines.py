"""Baselines every optimised portfolio is compared with, on the same scenarios and within the same caps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from application.portfolio.limits import StakeCaps
from application.portfolio.placement import StakedTicket, place_within_caps
from application.portfolio.selections import MarketKey, SelectionKey
from application.portfolio.tickets import CandidateTicket
from domain.odds import Odds
from domain.staking import fractional_kelly, simultaneous_kelly

QUARTER = 0.25


def greedy_fractional_kelly(
    tickets: Sequence[CandidateTicket], caps: StakeCaps, bankroll: Decimal, share: float = QUARTER
) -> tuple[StakedTicket, ...]:
    """Quarter-Kelly singles at the best price of each positive-EV selection, by descending expected value,
    each cut to the room the caps leave, until the total allowed is used."""
    singles = sorted(_best_singles(tickets), key=lambda t: (-t.expected_value, t.legs[0].key))
    wanted = (
        (ticket, bankroll * Decimal(repr(fractional_kelly(ticket.probability, Odds(ticket.odds), share))))
        for ticket in singles
        if ticket.expected_value > 0.0
    )
    return place_within_caps(wanted, caps)


def simultaneous_kelly_portfolio(
    tickets: Sequence[CandidateTicket], caps: StakeCaps, bankroll: Decimal
) -> tuple[StakedTicket, ...]:
    """Full Kelly for the mutually exclusive selections of each market at their best prices (the
    simultaneous rule of domain.staking), scaled down together to the total allowed, then cut to the caps."""
    markets: dict[MarketKey, list[CandidateTicket]] = defaultdict(list)
    for ticket in _best_singles(tickets):
        markets[ticket.legs[0].key.market_key].append(ticket)
    wanted: list[tuple[CandidateTicket, float]] = []
    for singles in markets.values():
        probabilities = [t.probability for t in singles]
        scale = max(1.0, sum(probabilities))  # rounded probabilities may sum a little above 1
        kelly = simultaneous_kelly([p / scale for p in probabilities], [Odds(t.odds) for t in singles])
        wanted += [(t, f) for t, f in zip(singles, kelly.fractions, strict=True) if f > 0.0]
    total = sum(f for _, f in wanted) * float(bankroll)
    scale = min(1.0, float(caps.total) / total) if total > 0 else 0.0
    wanted.sort(key=lambda item: (-item[1], item[0].legs[0].key))
    return place_within_caps(((t, bankroll * Decimal(repr(f * scale))) for t, f in wanted), caps)


def _best_singles(tickets: Iterable[CandidateTicket]) -> list[CandidateTicket]:
    best: dict[SelectionKey, CandidateTicket] = {}
    for ticket in tickets:
        if len(ticket.legs) == 1:
            key = ticket.legs[0].key
            if key not in best or ticket.odds > best[key].odds:
                best[key] = ticket
    return list(best.values())
