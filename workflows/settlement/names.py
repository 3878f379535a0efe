"""Names of the settlement activities: the workflow calls them by name, the activity class registers them."""

from __future__ import annotations

PENDING = "settlement.pending"
SETTLE = "settlement.settle"

ALL = (PENDING, SETTLE)
