"""Names of the training activities: the workflow calls them by name, the activity class registers them."""

from __future__ import annotations

PLAN = "training.plan"
TRAIN = "training.train"
PROMOTE = "training.promote"

ALL = (PLAN, TRAIN, PROMOTE)
