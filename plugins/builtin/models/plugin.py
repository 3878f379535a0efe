"""Built-in plugin `models`: dixon-coles, negative-binomial, lightgbm, market and blend.

Registered through the `stakewise_models` hook like any third-party model plugin.
"""

from __future__ import annotations

from plugins.builtin.models.blend import Blend
from plugins.builtin.models.dixon_coles import DixonColes
from plugins.builtin.models.lightgbm_model import LightGbm
from plugins.builtin.models.market import Market
from plugins.builtin.models.negative_binomial import NegativeBinomial
from plugins.hookspecs import ModelEntry, hookimpl

MODELS = (
    ModelEntry(
        "dixon-coles",
        lambda parameters, catalogue: DixonColes(parameters),
        "Poisson attack/defence/home GLM with time decay and the Dixon-Coles low-score correction",
    ),
    ModelEntry(
        "negative-binomial",
        lambda parameters, catalogue: NegativeBinomial(parameters),
        "the dixon-coles structure with negative-binomial goal counts",
    ),
    ModelEntry(
        "lightgbm",
        lambda parameters, catalogue: LightGbm(parameters),
        "gradient-boosted trees, home/draw/away, on the point-in-time feature rows, boosted from the market",
    ),
    ModelEntry(
        "market",
        lambda parameters, catalogue: Market(parameters),
        "the bookmakers' early 1X2 prices with the margin removed",
    ),
    ModelEntry(
        "blend",
        lambda parameters, catalogue: Blend(catalogue, parameters),
        "out-of-sample logistic stacking of dixon-coles and lightgbm on the market prior",
    ),
)


@hookimpl
def stakewise_models() -> tuple[ModelEntry, ...]:
    return MODELS
