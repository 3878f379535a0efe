"""The input documents of compliance decisions (their schema: docs/auditors.md).

Every fact comes from the system's own records: the customer (age, self-exclusion, cool-off, identity,
chosen deposit limits), the customer's activity windows, and, for each leg, what the competition catalogue
says of its event (involves minors; college teams and their region).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from application.ports.competition_facts import CompetitionFacts, CompetitionFactsReader
from domain.customers import Customer, CustomerActivity, DepositLimit
from domain.legs import Leg


@dataclass(frozen=True, slots=True)
class ProposedTicket:
    stake: Decimal
    legs: tuple[Leg, ...]
    in_play: tuple[bool, ...]
    events: tuple[CompetitionFacts | None, ...] = ()  # the catalogue's facts per leg; () when unknown


async def with_event_facts(ticket: ProposedTicket, catalogue: CompetitionFactsReader) -> ProposedTicket:
    """The ticket with the catalogue's facts of each leg's competition."""
    facts = await catalogue.for_legs([(leg.fixture_id, leg.competition) for leg in ticket.legs])
    return ProposedTicket(ticket.stake, ticket.legs, ticket.in_play, tuple(facts))


def ticket_policy_document(
    customer: Customer,
    activity: CustomerActivity,
    tickets: Sequence[ProposedTicket],
    now: datetime,
    bankroll_currency: str | None = None,
) -> dict[str, Any]:
    """Customer figures, the tickets asked for (and the currency of the bankroll they would be staked
    from), and the time of the decision; amounts as JSON numbers."""
    document: dict[str, Any] = {
        "customer": _customer(customer, activity, now),
        "tickets": [_ticket(ticket) for ticket in tickets],
        "now": _instant(now),
    }
    if bankroll_currency is not None:
        document["bankroll"] = {"currency": bankroll_currency}
    return document


def deposit_policy_document(
    customer: Customer, activity: CustomerActivity, amount: Decimal, now: datetime
) -> dict[str, Any]:
    """A deposit the customer asks to make: no tickets, `deposit.amount`."""
    return {
        "customer": _customer(customer, activity, now),
        "tickets": [],
        "deposit": {"amount": json_number(amount)},
        "now": _instant(now),
    }


def change_policy_document(
    customer: Customer, activity: CustomerActivity, change: Mapping[str, tuple[Any, Any]], now: datetime
) -> dict[str, Any]:
    """A change the partner asks for to the customer's protections: `change.<field>` = {"old", "new"}
    (dates as YYYY-MM-DD, instants as RFC 3339, null for none)."""
    return {
        "customer": _customer(customer, activity, now),
        "tickets": [],
        "change": {field: {"old": _plain(old), "new": _plain(new)} for field, (old, new) in change.items()},
        "now": _instant(now),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return _instant(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_number(amount: Decimal) -> int | float:
    """A JSON number with the same digits (amounts are whole cents; the policies compare in cents)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _instant(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _customer(customer: Customer, activity: CustomerActivity, now: datetime) -> dict[str, Any]:
    windows = activity.windows
    document: dict[str, Any] = {
        "id": customer.customer_id,
        "partner_id": customer.partner_id,  # carried along (scopes who may read the decision), not judged
        "age": customer.age_on(now.date()),
        "jurisdiction": customer.jurisdiction,
        "self_excluded": customer.self_excluded_on(now.date()),
        "identity_verified": customer.identity_verified,
        "cool_off_until": None if customer.cool_off_until is None else _instant(customer.cool_off_until),
        "deposits": {window: json_number(totals.deposits) for window, totals in windows.items()},
        "losses": {window: json_number(totals.losses) for window, totals in windows.items()},
        "stakes": {window: json_number(totals.stakes) for window, totals in windows.items()},
    }
    if customer.deposit_limits:
        document["deposit_limits"] = _deposit_limits(customer.deposit_limits)
    return document


def _deposit_limits(limits: Mapping[str, DepositLimit]) -> dict[str, Any]:
    return {
        window: {
            "value": None if limit.value is None else json_number(limit.value),
            "previous": None if limit.previous is None else json_number(limit.previous),
            "changed_at": None if limit.changed_at is None else _instant(limit.changed_at),
        }
        for window, limit in sorted(limits.items())
    }


def _ticket(ticket: ProposedTicket) -> dict[str, Any]:
    events = ticket.events or (None,) * len(ticket.legs)
    return {
        "stake": json_number(ticket.stake),
        "legs": [
            _leg(leg, in_play, facts)
            for leg, in_play, facts in zip(ticket.legs, ticket.in_play, events, strict=True)
        ],
    }


def _leg(leg: Leg, in_play: bool, facts: CompetitionFacts | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "fixture": leg.fixture_id,
        "competition": leg.competition,
        "market": leg.market,
        "selection": leg.selection,
        "odds": json_number(leg.odds.decimal),
        "in_play": in_play,
    }
    if facts is not None:
        document["involves_minors"] = facts.youth
        document["college_team_regions"] = _college_regions(facts)
    return document


def _college_regions(facts: CompetitionFacts) -> list[str]:
    """US-NJ -> ["NJ"]: the policies name regions by their subdivision code."""
    if not facts.college or not facts.region:
        return []
    return [facts.region.split("-", 1)[-1]]
