"""Staked tickets (a candidate with the stake the portfolio puts on it) and the exposure they add up to,
checked against every cap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from application.portfolio.limits import StakeCaps, floor_to_cent
from application.portfolio.tickets import CandidateTicket, correlation_violation


@dataclass(frozen=True, slots=True)
class StakedTicket:
    ticket: CandidateTicket
    stake: Decimal


class Exposure:
    """Running stake totals per fixture, competition and bookmaker, and the room each cap leaves."""

    def __init__(self, caps: StakeCaps) -> None:
        self.caps = caps
        self.total = Decimal(0)
        self.count = 0
        self.fixtures: defaultdict[str, Decimal] = defaultdict(Decimal)
        self.competitions: defaultdict[str, Decimal] = defaultdict(Decimal)
        self.bookmakers: defaultdict[str, Decimal] = defaultdict(Decimal)

    def room(self, ticket: CandidateTicket) -> Decimal:
        """The largest stake this ticket can still take (0 once max_tickets are placed)."""
        if self.count >= self.caps.max_tickets:
            return Decimal(0)
        caps = self.caps
        limits = [
            caps.total - self.total,
            caps.stake_cap(ticket.bookmaker, ticket.odds),
            caps.bookmaker_cap(ticket.bookmaker) - self.bookmakers[ticket.bookmaker],
            *(caps.per_fixture - self.fixtures[f] for f in ticket.fixtures),
            *(caps.per_competition - self.competitions[c] for c in ticket.competitions),
        ]
        return max(min(limits), Decimal(0))

    def add(self, placed: StakedTicket) -> None:
        ticket, stake = placed.ticket, placed.stake
        self.total += stake
        self.count += 1
        self.bookmakers[ticket.bookmaker] += stake
        for fixture in ticket.fixtures:
            self.fixtures[fixture] += stake
        for competition in ticket.competitions:
            self.competitions[competition] += stake


def place_within_caps(
    wanted: Iterable[tuple[CandidateTicket, Decimal]], caps: StakeCaps
) -> tuple[StakedTicket, ...]:
    """Place tickets in the order given, each at the amount wanted cut to the room the caps still leave and
    rounded down to the cent; a ticket that cannot take the minimum stake is left out."""
    exposure = Exposure(caps)
    placed: list[StakedTicket] = []
    for ticket, amount in wanted:
        stake = floor_to_cent(min(amount, exposure.room(ticket)))
        if stake >= caps.min_stake:
            chosen = StakedTicket(ticket, stake)
            exposure.add(chosen)
            placed.append(chosen)
    return tuple(placed)


def violations(portfolio: Sequence[StakedTicket], caps: StakeCaps) -> list[str]:
    """Every cap the portfolio breaks, named; empty when it keeps them all."""
    found: list[str] = []
    exposure = Exposure(caps)
    for placed in portfolio:
        found.extend(_ticket_violations(placed, caps))
        exposure.add(placed)
    found.extend(_exposure_violations(exposure))
    return found


def _ticket_violations(placed: StakedTicket, caps: StakeCaps) -> list[str]:
    found = []
    where = " + ".join(leg.key.describe() for leg in placed.ticket.legs)
    if placed.stake < caps.min_stake:
        found.append(f"stake {placed.stake} on {where} below the minimum {caps.min_stake}")
    if placed.stake > caps.per_ticket:
        found.append(f"stake {placed.stake} on {where} above the maximum per ticket {caps.per_ticket}")
    if placed.stake > caps.stake_cap(placed.ticket.bookmaker, placed.ticket.odds):
        found.append(
            f"stake {placed.stake} on {where} above the house limits at odds {placed.ticket.odds:.6g}"
        )
    reason = correlation_violation(placed.ticket.legs)
    if reason:
        found.append(f"NoCorrelatedLegs: {reason} ({where})")
    return found


def _exposure_violations(exposure: Exposure) -> list[str]:
    caps = exposure.caps
    found = []
    if exposure.count > caps.max_tickets:
        found.append(f"{exposure.count} tickets, above the maximum {caps.max_tickets}")
    if exposure.total > caps.total:
        found.append(f"total stake {exposure.total} above the maximum {caps.total}")
    found += [
        f"fixture {f}: {v} above {caps.per_fixture}"
        for f, v in exposure.fixtures.items()
        if v > caps.per_fixture
    ]
    found += [
        f"competition {c}: {v} above {caps.per_competition}"
        for c, v in exposure.competitions.items()
        if v > caps.per_competition
    ]
    found += [
        f"bookmaker {b}: {v} above {caps.bookmaker_cap(b)}"
        for b, v in exposure.bookmakers.items()
        if v > caps.bookmaker_cap(b)
    ]
    return found
