"""Placements to and from rows (the `placements` and `paper_orders` tables share their columns)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from domain.placement import Placement, PlacementStatus, RejectionReason


def placement_values(placement: Placement) -> dict[str, Any]:
    return {
        "bookmaker": placement.bookmaker,
        "status": placement.status.value,
        "reason": placement.reason.value if placement.reason else None,
        "detail": placement.detail,
        "requested_stake": placement.requested_stake,
        "matched_stake": placement.matched_stake,
        "leg_odds": [str(odds) for odds in placement.leg_odds],
        "commission": placement.commission,
        "bet_ref": placement.bet_ref,
        "placed_at": placement.placed_at,
    }


PLACEMENT_COLUMNS = (
    "bookmaker", "status", "reason", "detail", "requested_stake", "matched_stake", "commission", "bet_ref",
    "placed_at",
)  # fmt: skip  # then leg_odds, JSON, sent and read as text
_TYPES = {
    "requested_stake": "numeric",
    "matched_stake": "numeric",
    "commission": "numeric",
    "placed_at": "timestamptz",
}
PLACEMENT_SELECT = ", ".join(PLACEMENT_COLUMNS) + ", leg_odds::text AS leg_odds"


def placement_parameters(first: int) -> str:
    """The `$n` parameters of PLACEMENT_COLUMNS and leg_odds, from `$first`, with their types."""
    types = [_TYPES.get(column, "text") for column in PLACEMENT_COLUMNS] + ["text::jsonb"]
    return ", ".join(f"${first + number}::{kind}" for number, kind in enumerate(types))


def placement_arguments(placement: Placement) -> list[object]:
    """The values of PLACEMENT_COLUMNS and leg_odds (as JSON text), for `placement_parameters`."""
    values = placement_values(placement)
    return [*(values[column] for column in PLACEMENT_COLUMNS), json.dumps(values["leg_odds"])]


def placement_of(row: Any, client_ref: str) -> Placement:
    return Placement(
        bookmaker=row.bookmaker,
        client_ref=client_ref,
        status=PlacementStatus(row.status),
        requested_stake=row.requested_stake,
        matched_stake=row.matched_stake,
        leg_odds=tuple(Decimal(odds) for odds in row.leg_odds),
        bet_ref=row.bet_ref,
        reason=RejectionReason(row.reason) if row.reason else None,
        detail=row.detail,
        placed_at=row.placed_at,
        commission=row.commission,
    )
