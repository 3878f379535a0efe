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
    """Customer figures, the tickets asked for, and the time of the decision; amounts as decimal strings."""
    return {
        "customer": _customer(customer, activity, now),
        "tickets": [_ticket(ticket) for ticket in tickets],
        "now": now.isoformat().replace("+00:00", "Z"),
    }


def _customer(customer: Customer, activity: CustomerActivity, now: datetime) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": customer.customer_id,
        "age": customer.age_on(now.date()),
        "jurisdiction": customer.jurisdiction,
        "self_excluded": customer.self_excluded_on(now.date()),
        "identity_verified": customer.identity_verified,
    }
    for window, totals in activity.windows.items():
        document[f"deposits_{window}"] = str(totals.deposits)
        document[f"losses_{window}"] = str(totals.losses)
        document[f"stakes_{window}"] = str(totals.stakes)
    return document


def _ticket(ticket: ProposedTicket) -> dict[str, Any]:
    return {
        "stake": str(ticket.stake),
        "legs": [
            {
                "fixture": leg.fixture_id,
                "competition": leg.competition,
                "market": leg.market,
                "selection": leg.selection,
                "odds": str(leg.odds.decimal),
                "in_play": in_play,
            }
            for leg, in_play in zip(ticket.legs, ticket.in_play, strict=True)
        ],
    }
