"""A bankroll's own risk rules as hard constraints of a quote (and so of the pipeline, which quotes first).

Before the solve the house limits are tightened to what the rules leave: the day's exposure cap bounds the
total stake, the fixture exposure cap the stake per fixture (less what the bankroll already has at risk on
the candidates' fixtures; a fixture with no room left loses its selections), the combined-odds cap removes
the selections priced above it and the potential-return cap bounds the stake per ticket. A stop rule that
is reached refuses the quote, naming the rule. After the solve every ticket is put to the bankroll's rules
in turn, exactly as issuing will (exposure adding up across the quote's tickets); a ticket they refuse is
left out. So a quote never proposes a ticket its bankroll would refuse.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from application.portfolio.limits import PortfolioLimits
from application.portfolio.placement import StakedTicket
from application.portfolio.selections import PricedSelection
from domain.bankroll import Bankroll
from domain.errors import RuleViolation
from domain.risk import (
    MaxCombinedOdds,
    MaxExposurePerDay,
    MaxExposurePerFixture,
    MaxPotentialReturn,
    StakeRequest,
    StopRule,
)
from domain.rules import enforce


def tightened(
    limits: PortfolioLimits, bankroll: Bankroll, selections: Sequence[PricedSelection], day: date
) -> tuple[PortfolioLimits, tuple[PricedSelection, ...]]:
    """The house limits tightened by the bankroll's rules, and the selections they leave."""
    kept = tuple(selections)
    available = bankroll.available
    for rule in bankroll.rules:
        if isinstance(rule, StopRule):
            reached = rule.reached(bankroll, day)
            enforce(rule, None if reached is None else f"no new stakes: {reached}")
        if available <= 0:
            continue
        if isinstance(rule, MaxExposurePerDay):
            room = rule.limit - bankroll.day_exposure(day)
            enforce(rule, None if room > 0 else f"exposure on {day} is at the limit {rule.limit}")
            limits = _capped(limits, "max_total_fraction", room / available)
        elif isinstance(rule, MaxExposurePerFixture):
            kept = tuple(s for s in kept if bankroll.fixture_exposure(s.fixture) < rule.limit)
            used = max((bankroll.fixture_exposure(s.fixture) for s in kept), default=Decimal(0))
            limits = _capped(limits, "max_fixture_fraction", (rule.limit - used) / available)
        elif isinstance(rule, MaxCombinedOdds):
            kept = tuple(s for s in kept if s.odds.decimal <= rule.limit)
        elif isinstance(rule, MaxPotentialReturn) and kept:
            highest = max(s.odds.decimal for s in kept)
            limits = _capped(limits, "max_stake_fraction", rule.limit / highest / available)
    return limits, kept


def within_rules(bankroll: Bankroll, tickets: Sequence[StakedTicket], day: date) -> tuple[StakedTicket, ...]:
    """The tickets the bankroll's rules accept one after the other (a copy of the bankroll is used)."""
    trial = copy.deepcopy(bankroll)
    kept: list[StakedTicket] = []
    for number, placed in enumerate(tickets):
        legs = [leg.as_leg() for leg in placed.ticket.legs]
        request = StakeRequest(
            f"quote-{number}",
            placed.stake,
            frozenset(leg.fixture_id for leg in legs),
            day,
            placed.ticket.odds,
        )
        try:
            trial.reserve(request)
        except RuleViolation:
            continue
        kept.append(placed)
    return tuple(kept)


def _capped(limits: PortfolioLimits, name: str, fraction: Decimal) -> PortfolioLimits:
    tighter = max(float(fraction), 1e-9)
    if name == "max_total_fraction":
        return replace(limits, max_total_fraction=min(limits.max_total_fraction, tighter))
    if name == "max_fixture_fraction":
        return replace(limits, max_fixture_fraction=min(limits.max_fixture_fraction, tighter))
    return replace(limits, max_stake_fraction=min(limits.max_stake_fraction, tighter))
