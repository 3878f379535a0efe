"""The in-memory fakes of the feature store and the model registry pass their contracts."""

from __future__ import annotations

import pytest

from adapters.memory.feature_store import InMemoryFeatureStore
from tests.contract.feature_store_contract import FEATURE_STORE_CONTRACT
from tests.contract.feature_store_contract import ContractCheck as FeatureStoreCheck
from tests.contract.model_registry_contract import MODEL_REGISTRY_CONTRACT
from tests.contract.model_registry_contract import ContractCheck as RegistryCheck
from tests.fakes.modelling import InMemoryModelRegistry

FIXTURES = ["fixture-1", "fixture-2", "fixture-3"]


@pytest.mark.parametrize("check", FEATURE_STORE_CONTRACT, ids=lambda check: check.__name__)
async def test_in_memory_feature_store(check: FeatureStoreCheck) -> None:
    await check(InMemoryFeatureStore(FIXTURES), FIXTURES)


@pytest.mark.parametrize("check", MODEL_REGISTRY_CONTRACT, ids=lambda check: check.__name__)
async def test_in_memory_model_registry(check: RegistryCheck) -> None:
    await check(InMemoryModelRegistry())
