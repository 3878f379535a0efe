"""The contract of a model registry: checks every implementation must pass on an EMPTY registry."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from application.errors import NotFound
from application.modelling.registry import NewModelVersion, PromotionDecision, Stage
from application.ports.model_registry import ModelRegistry
from domain.errors import RuleViolation

ContractCheck = Callable[[ModelRegistry], Awaitable[None]]
AT = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
NAME = "dixon-coles/E0"


def version(artefact: bytes = b'{"state":1}', xi: float = 0.0019) -> NewModelVersion:
    return NewModelVersion(
        model="dixon-coles",
        league="E0",
        parameters={"xi": xi, "history_days": 1460},
        training_data_versions=["batch-a", "batch-b"],
        metrics={"training_matches": 1520, "as_of": "2024-08-01T00:00:00"},
        artefact=artefact,
    )


def decision(challenger: int, champion: int | None, promoted: bool, at: datetime = AT) -> PromotionDecision:
    return PromotionDecision(
        name=NAME,
        challenger_version=challenger,
        champion_version=champion,
        promoted=promoted,
        reason="test",
        metric="rps",
        challenger_score=0.1981 if champion else None,
        champion_score=0.1990 if champion else None,
        margin=0.0005,
        seasons=("2022-2023", "2023-2024"),
        n_matches=760,
        decided_at=at,
    )


async def versions_are_numbered_per_name_and_round_trip(registry: ModelRegistry) -> None:
    first = await registry.register(version(b"one"), AT)
    second = await registry.register(version(b"two", xi=0.003), AT + timedelta(minutes=1))
    other = await registry.register(NewModelVersion("blend", "E0", {}, [], {}, b"x"), AT)
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.name == NAME
    assert first.model == "dixon-coles"
    assert first.league == "E0"
    assert first.stage is Stage.CHALLENGER
    assert first.artefact == b"one"
    assert first.artefact_sha256 == hashlib.sha256(b"one").hexdigest()
    stored = await registry.get(NAME, 2)
    assert stored == second
    assert stored is not None
    assert stored.parameters == {"xi": 0.003, "history_days": 1460}
    assert stored.training_data_versions == ("batch-a", "batch-b")
    assert stored.created_at == AT + timedelta(minutes=1)
    assert [m.version for m in await registry.versions(NAME)] == [1, 2]
    assert await registry.get(NAME, 3) is None
    assert (await registry.latest_challenger(NAME)) == second


async def metrics_are_merged(registry: ModelRegistry) -> None:
    await registry.register(version(), AT)
    await registry.record_metrics(NAME, 1, {"rps": 0.1985, "seasons": ["2023-2024"]})
    stored = await registry.get(NAME, 1)
    assert stored is not None
    assert stored.metrics == {
        "training_matches": 1520,
        "as_of": "2024-08-01T00:00:00",
        "rps": 0.1985,
        "seasons": ["2023-2024"],
    }
    with pytest.raises(NotFound):
        await registry.record_metrics(NAME, 9, {"rps": 0.2})


async def promotion_makes_one_champion_and_retires_the_last(registry: ModelRegistry) -> None:
    for artefact in (b"1", b"2", b"3"):
        await registry.register(version(artefact), AT)
    await registry.record_decision(decision(1, None, promoted=True))
    assert (await registry.champion(NAME)).version == 1  # type: ignore[union-attr]
    await registry.record_decision(decision(2, 1, promoted=False, at=AT + timedelta(hours=1)))
    assert (await registry.champion(NAME)).version == 1  # type: ignore[union-attr]
    await registry.record_decision(decision(3, 1, promoted=True, at=AT + timedelta(hours=2)))
    stages = {m.version: m.stage for m in await registry.versions(NAME)}
    assert stages == {1: Stage.RETIRED, 2: Stage.CHALLENGER, 3: Stage.CHAMPION}
    assert await registry.latest_challenger(NAME) == await registry.get(NAME, 2)
    recorded = await registry.decisions(NAME)
    assert [(d.challenger_version, d.promoted) for d in recorded] == [(1, True), (2, False), (3, True)]
    assert recorded[2] == decision(3, 1, promoted=True, at=AT + timedelta(hours=2))


async def a_promotion_against_a_stale_champion_is_refused(registry: ModelRegistry) -> None:
    for artefact in (b"1", b"2", b"3"):
        await registry.register(version(artefact), AT)
    await registry.record_decision(decision(1, None, promoted=True))
    with pytest.raises(RuleViolation):
        await registry.record_decision(decision(3, None, promoted=True))
    assert (await registry.champion(NAME)).version == 1  # type: ignore[union-attr]
    assert [d.challenger_version for d in await registry.decisions(NAME)] == [1]


async def a_decision_about_a_missing_version_is_refused(registry: ModelRegistry) -> None:
    with pytest.raises(NotFound):
        await registry.record_decision(decision(1, None, promoted=True))
    assert await registry.decisions(NAME) == []
    assert await registry.champion(NAME) is None


MODEL_REGISTRY_CONTRACT: list[ContractCheck] = [
    versions_are_numbered_per_name_and_round_trip,
    metrics_are_merged,
    promotion_makes_one_champion_and_retires_the_last,
    a_promotion_against_a_stale_champion_is_refused,
    a_decision_about_a_missing_version_is_refused,
]
