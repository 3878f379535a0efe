from __future__ import annotations

import pytest

from domain.errors import DomainError
from plugins.manager import PluginHost

MODELS_ONLY = [("models", "plugins.builtin.models.plugin")]


def test_built_in_models_register_through_the_model_hook() -> None:
    catalogue = PluginHost(builtins=MODELS_ONLY, entry_point_group=None).model_catalogue()
    assert catalogue.names() == ["blend", "dixon-coles", "lightgbm", "market", "negative-binomial"]
    blend = catalogue.create("blend", {"components": ["dixon-coles"]})
    assert blend.components == ("dixon-coles", "market")
    assert catalogue.create("dixon-coles", {"xi": 0.003}).parameters["xi"] == 0.003


def test_an_unknown_model_is_named_with_the_known_ones() -> None:
    catalogue = PluginHost(builtins=MODELS_ONLY, entry_point_group=None).model_catalogue()
    with pytest.raises(DomainError, match="poisson-ish") as error:
        catalogue.create("poisson-ish")
    assert "dixon-coles" in str(error.value)


def test_the_default_host_offers_the_models() -> None:
    assert "dixon-coles" in PluginHost(entry_point_group=None).model_catalogue().names()
