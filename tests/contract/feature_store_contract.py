"""The contract of a feature store: checks every implementation must pass.

Each check takes an EMPTY store and the ids of three fixtures that exist in it (a feature row belongs to a
stored fixture), and raises AssertionError when the contract is broken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

import pytest

from application.errors import NotFound
from application.modelling.features.row import FeatureRow
from application.ports.feature_store import FeatureStore

ContractCheck = Callable[[FeatureStore, Sequence[str]], Awaitable[None]]
AS_OF = datetime(2024, 8, 17, 14, 0)  # noqa: DTZ001  the application's feature rows keep naive UTC
UNKNOWN_FIXTURE = "00000000-0000-0000-0000-00000000dead"


def row(
    fixture_id: str, as_of: datetime = AS_OF, feature_set: str = "core-v1", **values: float | None
) -> FeatureRow:
    return FeatureRow(fixture_id, feature_set, as_of, values or {"elo_home": 1512.25, "home_xg_for": None})


async def rows_round_trip_exactly(store: FeatureStore, fixtures: Sequence[str]) -> None:
    saved = [row(fixtures[0], elo_home=1500.123456789012, market_home=0.1 + 0.2, kickoff_hour_sin=None)]
    assert await store.save(saved, ["batch-1"]) == 1
    loaded = await store.load("core-v1", [fixtures[0]])
    assert loaded == {fixtures[0]: saved[0]}


async def saving_an_equal_row_changes_nothing(store: FeatureStore, fixtures: Sequence[str]) -> None:
    rows = [row(fixtures[0]), row(fixtures[1])]
    assert await store.save(rows, ["batch-1"]) == 2
    assert await store.save(rows, ["batch-1"]) == 0
    changed = [row(fixtures[0], elo_home=1400.0), row(fixtures[1])]
    assert await store.save(changed, ["batch-2"]) == 1
    assert (await store.load("core-v1", [fixtures[0]]))[fixtures[0]].values == {"elo_home": 1400.0}


async def load_gives_the_latest_row_of_the_set_asked(store: FeatureStore, fixtures: Sequence[str]) -> None:
    older, newer = row(fixtures[0], elo_home=1.0), row(fixtures[0], AS_OF + timedelta(days=1), elo_home=2.0)
    other_set = row(fixtures[0], AS_OF + timedelta(days=2), feature_set="other", elo_home=3.0)
    await store.save([newer, older, other_set], [])
    assert await store.load("core-v1", fixtures) == {fixtures[0]: newer}
    assert await store.load("other", fixtures) == {fixtures[0]: other_set}
    assert await store.load("missing-set", fixtures) == {}


async def a_row_of_an_unknown_fixture_stores_nothing(store: FeatureStore, fixtures: Sequence[str]) -> None:
    with pytest.raises(NotFound):
        await store.save([row(fixtures[0]), row(UNKNOWN_FIXTURE)], ["batch-1"])
    assert await store.load("core-v1", fixtures) == {}


FEATURE_STORE_CONTRACT: list[ContractCheck] = [
    rows_round_trip_exactly,
    saving_an_equal_row_changes_nothing,
    load_gives_the_latest_row_of_the_set_asked,
    a_row_of_an_unknown_fixture_stores_nothing,
]
