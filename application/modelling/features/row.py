"""A gold feature row: the values of one feature set for one fixture, as of a moment."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from domain.errors import InvalidModelInput

FeatureValues = Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class FeatureRow:
    """`values` use only information known at `as_of` (the fixture's cutoff); None means missing."""

    fixture_id: str
    feature_set: str
    as_of: datetime
    values: FeatureValues

    def __post_init__(self) -> None:
        for name, value in self.values.items():
            if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
                raise InvalidModelInput(
                    f"feature {name!r} of fixture {self.fixture_id} is {value!r}: a feature is a finite "
                    "number or missing (None)"
                )
