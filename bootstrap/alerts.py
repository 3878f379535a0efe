"""Alert thresholds from the settings: STAKEWISE_ALERT_PRICE_MOVE (0.10 = a 10% move),
STAKEWISE_ALERT_REJECTION_RATE (0.50) and STAKEWISE_ALERT_REJECTION_MINIMUM (5 placements)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from domain.alerts import AlertThresholds
from domain.errors import DomainError


def alert_thresholds(environ: Mapping[str, str] | None = None) -> AlertThresholds:
    env = os.environ if environ is None else environ
    defaults = AlertThresholds()
    try:
        return AlertThresholds(
            price_move=Decimal(env.get("STAKEWISE_ALERT_PRICE_MOVE", defaults.price_move)),
            rejection_rate=Decimal(env.get("STAKEWISE_ALERT_REJECTION_RATE", defaults.rejection_rate)),
            rejection_minimum=int(env.get("STAKEWISE_ALERT_REJECTION_MINIMUM", defaults.rejection_minimum)),
        )
    except (InvalidOperation, ValueError) as error:
        raise DomainError(f"STAKEWISE_ALERT_*: not a number ({error})") from None


def environment() -> dict[str, str]:
    return dict(os.environ)
