"""The names the training activities are registered under (histories record them; workflows call methods)."""

from __future__ import annotations

PLAN = "training.plan"
TRAIN = "training.train"
PROMOTE = "training.promote"

ALL = (PLAN, TRAIN, PROMOTE)
