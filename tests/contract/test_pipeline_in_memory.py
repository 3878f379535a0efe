"""The in-memory fake of the ingestion unit of work passes the pipeline contract."""

from __future__ import annotations

import pytest

from tests.contract.pipeline_contract import PIPELINE_CONTRACT, ContractCheck
from tests.fakes.pipeline import InMemoryIngestionUnitOfWork


@pytest.mark.parametrize("check", PIPELINE_CONTRACT, ids=lambda check: check.__name__)
async def test_in_memory_unit_of_work(check: ContractCheck) -> None:
    await check(InMemoryIngestionUnitOfWork())
