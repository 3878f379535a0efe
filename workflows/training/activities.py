"""The training workflow's activities: each calls the use case of its step and translates the messages.

A retried `train` may register one more challenger version (versions are cheap and never change money);
`promote` decides on the latest challenger and records every decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.use_cases.list_leagues import ListLeagues
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.train_model import TrainModel
from domain.errors import DomainError
from workflows.heartbeat import off_the_loop
from workflows.training import names, translate
from workflows.training.messages import (
    ModelVersion,
    PlanRequest,
    PromoteRequest,
    Promotion,
    TrainingPlan,
    TrainingTask,
)


@dataclass(frozen=True)
class TrainingUseCases:
    """Factories of the use cases the training workflow runs (the composition root builds them)."""

    train_model: Callable[[], TrainModel]
    promote_challenger: Callable[[], PromoteChallenger]
    list_leagues: Callable[[], ListLeagues]
    model_names: Callable[[], list[str]]


class TrainingActivities:
    """The training activities; the workflow calls them as methods (`TrainingActivities.train`)."""

    def __init__(self, use_cases: TrainingUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.plan, self.train, self.promote]

    @activity.defn(name=names.PLAN)
    async def plan(self, request: PlanRequest) -> TrainingPlan:
        leagues = request.leagues or await self._use.list_leagues().execute()
        models = request.models or tuple(self._use.model_names())
        return translate.training_plan(request, leagues, models)

    @activity.defn(name=names.TRAIN)
    async def train(self, task: TrainingTask) -> ModelVersion:
        use_case, asked = self._use.train_model(), translate.train_request(task)
        try:
            trained = await off_the_loop(lambda: use_case.execute(asked))
        except DomainError as error:  # e.g. no result known yet: retrying cannot help
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return translate.model_version(trained)

    @activity.defn(name=names.PROMOTE)
    async def promote(self, request: PromoteRequest) -> Promotion:
        use_case, asked = self._use.promote_challenger(), translate.promote_request(request)
        try:
            decision = await off_the_loop(lambda: use_case.execute(asked))
        except DomainError as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return translate.promotion(decision)
