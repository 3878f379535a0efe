"""Alert thresholds from the settings (bootstrap/settings.py): STAKEWISE_ALERT_PRICE_MOVE (0.10 = a 10%
move), STAKEWISE_ALERT_REJECTION_RATE (0.50) and STAKEWISE_ALERT_REJECTION_MINIMUM (5 placements)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.alerts import AlertThresholds

if TYPE_CHECKING:
    from decimal import Decimal


def alert_thresholds(price_move: Decimal, rejection_rate: Decimal, rejection_minimum: int) -> AlertThresholds:
    return AlertThresholds(price_move, rejection_rate, rejection_minimum)
