"""The built-in models by name, without the plugin host (for tests of the model use cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import InvalidModelInput
from plugins.builtin.models.blend import Blend
from plugins.builtin.models.dixon_coles import DixonColes
from plugins.builtin.models.lightgbm_model import LightGbm
from plugins.builtin.models.market import Market
from plugins.builtin.models.negative_binomial import NegativeBinomial

if TYPE_CHECKING:
    from application.ports.prediction_model import Parameters, PredictionModel

FAST_LIGHTGBM = {"max_rounds": 40, "threads": 1, "min_data_in_leaf": 30, "min_rows": 60}


class BuiltinCatalogue:
    def names(self) -> list[str]:
        return ["blend", "dixon-coles", "lightgbm", "market", "negative-binomial"]

    def create(self, name: str, parameters: Parameters | None = None) -> PredictionModel:
        if name == "blend":
            return Blend(self, parameters)
        if name == "lightgbm":
            return LightGbm({**FAST_LIGHTGBM, **(parameters or {})})
        if name == "dixon-coles":
            return DixonColes(parameters)
        if name == "negative-binomial":
            return NegativeBinomial(parameters)
        if name == "market":
            return Market(parameters)
        raise InvalidModelInput(f"no model {name!r}")
