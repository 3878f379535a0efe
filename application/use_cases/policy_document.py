"""The input document of a compliance decision on tickets (its schema: docs/auditors.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.customers import Customer, CustomerActivity
from domain.legs import Leg


@dataclass(frozen=True, slots=True)
class ProposedTicket:
    stake: Decimal
    legs: tuple[Leg, ...]
    in_play: tuple[bool, ...]


def ticket_policy_document(
    customer: Customer, activity: CustomerActivity, tickets: Sequence[ProposedTicket], now: datetime
) -> dict[str, Any]:
    """Customer figures, the tickets asked for, and the time of the decision; amounts as JSON numbers."""
    return {
        "customer": _customer(customer, activity, now),
        "tickets": [_ticket(ticket) for ticket in tickets],
        "now": now.isoformat().replace("+00:00", "Z"),
    }


def json_number(amount: Decimal) -> int | float:
    """A JSON number with the same digits (amounts are whole cents; the policies compare in cents)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _customer(customer: Customer, activity: CustomerActivity, now: datetime) -> dict[str, Any]:
    windows = activity.windows
    return {
        "id": customer.customer_id,
        "age": customer.age_on(now.date()),
        "jurisdiction": customer.jurisdiction,
        "self_excluded": customer.self_excluded_on(now.date()),
        "identity_verified": customer.identity_verified,
        "cool_off_until": None,
        "deposits": {window: json_number(totals.deposits) for window, totals in windows.items()},
        "losses": {window: json_number(totals.losses) for window, totals in windows.items()},
        "stakes": {window: json_number(totals.stakes) for window, totals in windows.items()},
    }


def _ticket(ticket: ProposedTicket) -> dict[str, Any]:
    return {
        "stake": json_number(ticket.stake),
        "legs": [
            {
                "fixture": leg.fixture_id,
                "competition": leg.competition,
                "market": leg.market,
                "selection": leg.selection,
                "odds": json_number(leg.odds.decimal),
                "in_play": in_play,
            }
            for leg, in_play in zip(ticket.legs, ticket.in_play, strict=True)
        ],
    }
