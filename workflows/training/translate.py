"""The training messages turned into the use cases' requests, and their answers into messages (by keyword)."""

from __future__ import annotations

from application.modelling.registry import PromotionDecision, RegisteredModel
from application.use_cases.promote_challenger import PromoteRequest as PromoteChallengerRequest
from application.use_cases.train_model import TrainRequest
from workflows.training.messages import (
    ModelVersion,
    PlanRequest,
    PromoteRequest,
    Promotion,
    TrainingPlan,
    TrainingTask,
)


def training_plan(request: PlanRequest, leagues: tuple[str, ...], models: tuple[str, ...]) -> TrainingPlan:
    """Every model for every league, league by league."""
    return TrainingPlan(
        tasks=tuple(
            TrainingTask(model=model, league=league, as_of=request.as_of)
            for league in leagues
            for model in models
        )
    )


def train_request(task: TrainingTask) -> TrainRequest:
    return TrainRequest(league=task.league, model=task.model, as_of=task.as_of)


def model_version(trained: RegisteredModel) -> ModelVersion:
    return ModelVersion(name=trained.name, version=trained.version)


def promote_request(request: PromoteRequest) -> PromoteChallengerRequest:
    """The rule on the latest challenger of a registry name (`model/league`)."""
    model, league = request.model.name.split("/", 1)
    return PromoteChallengerRequest(league=league, model=model, seasons=request.seasons)


def promotion(decision: PromotionDecision) -> Promotion:
    challenger = ModelVersion(name=decision.name, version=decision.challenger_version)
    previous = (
        None
        if decision.champion_version is None
        else ModelVersion(name=decision.name, version=decision.champion_version)
    )
    return Promotion(
        model=challenger,
        promoted=decision.promoted,
        reason=decision.reason,
        champion=challenger if decision.promoted else previous,
        metric=decision.metric,
        challenger_score=decision.challenger_score,
        champion_score=decision.champion_score,
        n_matches=decision.n_matches,
    )
