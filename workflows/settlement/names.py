"""Names the settlement activities are registered under (histories record them; workflows call methods)."""

from __future__ import annotations

PENDING = "settlement.pending"
SETTLE = "settlement.settle"

ALL = (PENDING, SETTLE)
