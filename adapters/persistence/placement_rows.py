"""Placements to and from rows (the `placements` and `paper_orders` tables share their columns)."""

from __future__ import annotations

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
