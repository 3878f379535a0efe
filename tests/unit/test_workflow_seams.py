"""The seam between a workflow and its activities is typed: the workflow calls an activity as a method of
its activity class, so a wrong argument or a renamed activity is a mypy error, and the data converter
decodes each argument and result into the method's own types.

- every activity method has its parameter and result types resolved at run time (their imports are at
  module level, not under TYPE_CHECKING: the converter would hand the workflow plain dicts otherwise);
- the scripted stand-ins of the workflow tests answer under the same names with the same types;
- mypy rejects a step called with the wrong argument or a result taken as the wrong type.
"""

from __future__ import annotations

import dataclasses
import inspect
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from temporalio import activity

from tests.integration.workflows.scripted import ScriptedLeague
from workflows.backtest.activities import BacktestActivities
from workflows.pipeline.activities import PipelineActivities
from workflows.pipeline.strategy import StrategyActivities
from workflows.placement.activities import PlacementActivities
from workflows.settlement.activities import SettlementActivities
from workflows.steps import activity_name
from workflows.training.activities import TrainingActivities

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ACTIVITY_CLASSES: tuple[type[Any], ...] = (
    PipelineActivities,
    StrategyActivities,
    TrainingActivities,
    SettlementActivities,
    PlacementActivities,
    BacktestActivities,
)
ROOT = Path(__file__).resolve().parents[2]


def activity_methods() -> Iterator[Callable[..., Any]]:
    for cls in ACTIVITY_CLASSES:
        for _, method in inspect.getmembers(cls, inspect.isfunction):
            if activity._Definition.from_callable(method) is not None:
                yield method


def definition(method: Callable[..., Any]) -> activity._Definition:
    return activity._Definition.must_from_callable(method)


REAL = {activity_name(method): method for method in activity_methods()}


def test_every_activity_class_registers_exactly_its_activity_methods() -> None:
    registered: set[str] = set()
    for cls in ACTIVITY_CLASSES:
        instance: Any = object.__new__(cls)  # registration needs no use case
        lists = [
            instance.activities(),
            *([instance.season_activities()] if cls is BacktestActivities else []),
        ]
        registered |= {definition(method).name or "" for methods in lists for method in methods}

    assert registered == set(REAL)


@pytest.mark.parametrize("name", sorted(REAL))
def test_an_activity_takes_one_message_and_answers_one_message(name: str) -> None:
    found = definition(REAL[name])

    assert found.arg_types is not None, found.arg_types
    assert len(found.arg_types) == 1, found.arg_types
    assert dataclasses.is_dataclass(found.arg_types[0]), found.arg_types
    assert found.ret_type is not None, found.ret_type
    assert dataclasses.is_dataclass(found.ret_type), found.ret_type


def test_the_scripted_activities_stand_in_with_the_real_names_and_types() -> None:
    scripted = ScriptedLeague().activities()

    for method in scripted:
        stand_in = definition(method)
        assert stand_in.name in REAL, f"{stand_in.name}: no such activity"
        real = definition(REAL[stand_in.name])
        assert (stand_in.arg_types, stand_in.ret_type) == (real.arg_types, real.ret_type), stand_in.name


@pytest.mark.slow
def test_mypy_rejects_a_step_called_with_the_wrong_message(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    probe = tmp_path / "probe.py"
    probe.write_text(
        textwrap.dedent(
            """
            from workflows.pipeline.activities import PipelineActivities
            from workflows.pipeline.messages import FeaturesRequest, FeaturesSummary, IngestSummary
            from workflows.pipeline.messages import SourceRequest
            from workflows.steps import long_step
            from workflows.tuning import Tuning


            async def fine(tuning: Tuning) -> FeaturesSummary:
                await long_step(PipelineActivities.ingest, SourceRequest(name="synthetic"), tuning)
                return await long_step(PipelineActivities.build_features, FeaturesRequest(), tuning)


            async def wrong_argument(tuning: Tuning) -> None:
                await long_step(PipelineActivities.ingest, FeaturesRequest(), tuning)  # error


            async def wrong_result(tuning: Tuning) -> IngestSummary:
                return await long_step(PipelineActivities.build_features, FeaturesRequest(), tuning)  # error
            """
        )
    )

    out, _, status = api.run(
        ["--strict", "--no-error-summary", "--config-file", str(ROOT / "pyproject.toml"), str(probe)]
    )

    errors = sorted(int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line)
    expected = [n for n, line in enumerate(probe.read_text().splitlines(), 1) if line.endswith("# error")]
    assert status == 1, out
    assert errors == expected, out  # the wrong argument and the wrong result; `fine` passes
