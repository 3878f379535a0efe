"""The market catalogue's settings (declared in bootstrap/settings.py, documented in docs/api.md):

- STAKEWISE_PRICE_TOLERANCE: how far above the stored price a leg's odds may be, as a fraction (default 0);
- STAKEWISE_VOID_GRACE_HOURS: hours after kickoff without a result before a fixture is void (default 48);
- STAKEWISE_MAX_COMBINED_ODDS: the house limit on a ticket's combined odds (default 10000);
- STAKEWISE_MAX_POTENTIAL_RETURN: the house limit on what a ticket may pay (default 250000.00).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from application.use_cases.issue_ticket import MarketRules
from domain.tickets import HouseLimits

if TYPE_CHECKING:
    from decimal import Decimal


def void_grace(hours: float) -> timedelta:
    return timedelta(hours=hours)


def market_rules(
    price_tolerance: Decimal, grace: timedelta, max_combined_odds: Decimal, max_potential_return: Decimal
) -> MarketRules:
    return MarketRules(price_tolerance, grace, HouseLimits(max_combined_odds, max_potential_return))
