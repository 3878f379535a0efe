"""The market catalogue's settings, from the environment (documented in docs/api.md):

- STAKEWISE_PRICE_TOLERANCE: how far above the stored price a leg's odds may be, as a fraction (default 0);
- STAKEWISE_VOID_GRACE_HOURS: hours after kickoff without a result before a fixture is void (default 48);
- STAKEWISE_MAX_COMBINED_ODDS: the house limit on a ticket's combined odds (default 10000);
- STAKEWISE_MAX_POTENTIAL_RETURN: the house limit on what a ticket may pay (default 250000.00).
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from application.use_cases.issue_ticket import MarketRules
from domain.markets import DEFAULT_VOID_GRACE
from domain.tickets import DEFAULT_MAX_COMBINED_ODDS, DEFAULT_MAX_POTENTIAL_RETURN, HouseLimits

TOLERANCE = "STAKEWISE_PRICE_TOLERANCE"
GRACE_HOURS = "STAKEWISE_VOID_GRACE_HOURS"
MAX_COMBINED_ODDS = "STAKEWISE_MAX_COMBINED_ODDS"
MAX_POTENTIAL_RETURN = "STAKEWISE_MAX_POTENTIAL_RETURN"


def _number(name: str, default: Decimal, minimum: Decimal) -> Decimal:
    configured = os.environ.get(name)
    if not configured:
        return default
    try:
        value = Decimal(configured)
    except InvalidOperation:
        raise ValueError(f"invalid {name} {configured!r}: not a number") from None
    if not value.is_finite() or value < minimum:
        raise ValueError(f"invalid {name} {configured!r}: must be a number of at least {minimum}")
    return value


def void_grace() -> timedelta:
    hours = _number(GRACE_HOURS, Decimal(DEFAULT_VOID_GRACE.total_seconds() / 3600), Decimal(0))
    return timedelta(hours=float(hours))


def market_rules() -> MarketRules:
    limits = HouseLimits(
        _number(MAX_COMBINED_ODDS, DEFAULT_MAX_COMBINED_ODDS, Decimal(1)),
        _number(MAX_POTENTIAL_RETURN, DEFAULT_MAX_POTENTIAL_RETURN, Decimal(0)),
    )
    return MarketRules(_number(TOLERANCE, Decimal(0), Decimal(0)), void_grace(), limits)
