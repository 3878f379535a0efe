"""`stakewise train | evaluate | predict | models`: fit, score, use and inspect prediction models.

Data: with `--data PATH` the matches are read straight from football-data CSV files (PATH/LEAGUE/*.csv or
any file or folder the football-data source reads); without it, from the database filled by
`stakewise ingest football-data ...`. The registry (trained versions, champions, decisions) and the
feature store live in the database; `evaluate --data` without `--promote` needs no database at all.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rich.table import Table

from adapters.cli.errors import EXIT_OK, UsageError
from adapters.cli.fixtures_file import read_fixtures
from adapters.cli.model_views import (
    decision_payload,
    evaluation_payload,
    prediction_payload,
    registered_payload,
    render_decision,
    render_evaluation,
    render_predictions,
    render_registered,
)
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from adapters.cli.progress import StderrProgress
from application.modelling.evaluation import MarketReference
from application.modelling.registry import RegisteredModel, registry_name
from application.use_cases.evaluate_models import EvaluateModels, EvaluateRequest
from application.use_cases.predict_fixtures import PredictFixtures, PredictRequest
from application.use_cases.promote_challenger import (
    DEFAULT_MARGIN,
    DEFAULT_SEASONS,
    PromoteChallenger,
    PromoteRequest,
)
from application.use_cases.train_model import DEFAULT_STACK_SEASONS, TrainModel, TrainRequest

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Coroutine

    from rich.console import Console

    from application.ports.model_registry import ModelRegistry
    from application.ports.prediction_model import JsonValue, Parameters
    from application.ports.progress import Progress

SubParsers = Any  # argparse's _SubParsersAction is private
Result = TypeVar("Result")


class ModelServices(Protocol):
    """Use-case factories; `data` is a path of source files, or None for the database."""

    def evaluate_models(self, data: str | None, progress: Progress) -> EvaluateModels: ...

    def train_model(self, data: str | None, progress: Progress) -> TrainModel: ...

    def promote_challenger(self, data: str | None, progress: Progress) -> PromoteChallenger: ...

    def predict_fixtures(self, data: str | None) -> PredictFixtures: ...

    def model_registry(self) -> ModelRegistry: ...

    def model_names(self) -> list[str]: ...


class HasModelServices(Protocol):
    @property
    def model_services(self) -> Callable[[], ModelServices]: ...


def add_commands(commands: SubParsers, services: HasModelServices) -> None:
    _add_train(commands, services)
    _add_evaluate(commands, services)
    _add_predict(commands, services)
    _add_models(commands, services)


def _common(parser: argparse.ArgumentParser, model_help: str) -> None:
    parser.add_argument("--league", required=True, help="competition code, e.g. E0")
    parser.add_argument("--model", required=True, action="append", dest="models", help=model_help)
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="[MODEL.]KEY=VALUE",
        help="a model parameter (JSON value), e.g. --param xi=0.0025 or --param dixon-coles.xi=0.0025",
    )
    parser.add_argument(
        "--data", metavar="PATH", help="read matches from these source files, not the database"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    add_json_flag(parser)


def _add_train(commands: SubParsers, services: HasModelServices) -> None:
    parser = commands.add_parser("train", help="fit a model and register it as a challenger")
    _common(parser, "the model to train (see `stakewise models list`)")
    parser.add_argument("--as-of", metavar="DATE", help="learn only what was known then (default: now)")
    parser.add_argument(
        "--stack-seasons",
        type=int,
        default=DEFAULT_STACK_SEASONS,
        help=f"seasons of out-of-sample forecasts a blend learns from (default {DEFAULT_STACK_SEASONS})",
    )
    parser.set_defaults(handler=lambda args: _train(args, services.model_services()))


def _train(args: argparse.Namespace, services: ModelServices) -> int:
    model = _single(args.models, "train")
    request = TrainRequest(
        league=args.league,
        model=model,
        parameters=_parameters(args.param, [model]).get(model),
        as_of=_moment(args.as_of, "--as-of") if args.as_of else None,
        seed=args.seed,
        stack_seasons=args.stack_seasons,
    )
    with StderrProgress() as progress:
        registered = _run(services.train_model(args.data, progress).execute(request))
    emit(args.json, registered_payload(registered), lambda console: render_registered(registered, console))
    return EXIT_OK


def _add_evaluate(commands: SubParsers, services: HasModelServices) -> None:
    parser = commands.add_parser(
        "evaluate", help="walk-forward scores beside the market's early and closing prices"
    )
    _common(parser, "a model to score (repeat for several)")
    parser.add_argument("--seasons", required=True, metavar="FIRST:LAST", help="e.g. 2015-2016:2018-2019")
    parser.add_argument(
        "--warmup-seasons", type=int, default=2, help="seasons forecast before, unscored (default 2)"
    )
    parser.add_argument("--refit-days", type=int, help="refit every model this often (default: each its own)")
    parser.add_argument(
        "--bookmaker",
        action="append",
        default=[],
        help="add a market_early:BOOKMAKER row for this bookmaker's early prices (e.g. bet365)",
    )
    parser.add_argument("--promote", action="store_true", help="then apply the champion/challenger rule")
    parser.add_argument(
        "--promote-seasons", type=int, default=DEFAULT_SEASONS, help="seasons the rule scores"
    )
    parser.add_argument(
        "--margin", type=float, default=DEFAULT_MARGIN, help="RPS margin a challenger must beat"
    )
    parser.add_argument(
        "--html", metavar="FILE", help="also write an HTML report (calibration, RPS by season)"
    )
    parser.set_defaults(handler=lambda args: _evaluate(args, services.model_services()))


def _evaluate(args: argparse.Namespace, services: ModelServices) -> int:
    first, _, last = args.seasons.partition(":")
    request = EvaluateRequest(
        league=args.league,
        first_season=first,
        last_season=last or first,
        models=tuple(args.models),
        parameters=_parameters(args.param, args.models),
        warmup_seasons=args.warmup_seasons,
        refit_days=args.refit_days,
        seed=args.seed,
        extra_markets=tuple(MarketReference(f"market_early:{b}", "early", b) for b in args.bookmaker),
    )
    with StderrProgress() as progress:
        response = _run(services.evaluate_models(args.data, progress).execute(request))
        decision = None
        if args.promote:
            promote = PromoteRequest(
                args.league, _single(args.models, "promote"), args.promote_seasons, args.margin
            )
            decision = _run(services.promote_challenger(args.data, progress).execute(promote))
    payload = evaluation_payload(response)
    if args.html:
        from adapters.reports.evaluation_html import write_evaluation_html  # matplotlib loads slowly

        write_evaluation_html(payload, Path(args.html))
    if decision is not None:
        payload["promotion"] = decision_payload(decision)

    def render(console: Console) -> None:
        render_evaluation(response, console)
        if decision is not None:
            render_decision(decision, console)

    emit(args.json, payload, render)
    return EXIT_OK


def _add_predict(commands: SubParsers, services: HasModelServices) -> None:
    parser = commands.add_parser("predict", help="forecast fixtures with a registered model (the champion)")
    parser.add_argument("--league", required=True, help="competition code, e.g. E0")
    parser.add_argument("--model", required=True, help="the model name, e.g. dixon-coles")
    parser.add_argument("--version", type=int, help="this version (default: the champion, else the latest)")
    parser.add_argument(
        "--fixtures",
        required=True,
        metavar="FILE",
        help="CSV or JSON: home, away, kickoff[, odds_home, odds_draw, odds_away]",
    )
    parser.add_argument("--data", metavar="PATH", help="read past matches from these source files")
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _predict(args, services.model_services()))


def _predict(args: argparse.Namespace, services: ModelServices) -> int:
    request = PredictRequest(args.league, args.model, read_fixtures(args.fixtures), args.version)
    response = _run(services.predict_fixtures(args.data).execute(request))
    emit(args.json, prediction_payload(response), lambda console: render_predictions(response, console))
    return EXIT_OK


def _add_models(commands: SubParsers, services: HasModelServices) -> None:
    parser = commands.add_parser("models", help="the models on offer and the registry")
    models_commands = parser.add_subparsers(dest="models_command", required=True, metavar="COMMAND")
    listing = models_commands.add_parser("list", help="model names, or a registry name's versions")
    listing.add_argument("--league", help="with --model: list the registered versions of model/league")
    listing.add_argument("--model", help="with --league: list the registered versions of model/league")
    add_json_flag(listing)
    listing.set_defaults(handler=lambda args: _list(args, services.model_services()))


def _list(args: argparse.Namespace, services: ModelServices) -> int:
    if bool(args.league) != bool(args.model):
        raise UsageError("stakewise models list: give both --league and --model, or neither")
    if not args.model:
        names = services.model_names()
        emit(args.json, {"models": names}, lambda console: console.print("\n".join(names)))
        return EXIT_OK
    name = registry_name(args.model, args.league)
    registry = services.model_registry()
    versions, decisions = _run(_versions_and_decisions(registry, name))
    payload: dict[str, Any] = {
        "name": name,
        "versions": [registered_payload(v) for v in versions],
        "decisions": [decision_payload(d) for d in decisions],
    }

    def render(console: Console) -> None:
        table = Table(title=name)
        for column in ("version", "stage", "created", "artefact sha256", "parameters"):
            table.add_column(column)
        for v in versions:
            created = f"{v.created_at:%Y-%m-%d %H:%M}"
            parameters = json.dumps(dict(v.parameters), sort_keys=True)
            table.add_row(str(v.version), v.stage.value, created, v.artefact_sha256[:16], parameters)
        console.print(table)
        for decision in decisions:
            render_decision(decision, console)

    emit(args.json, payload, render)
    return EXIT_OK


async def _versions_and_decisions(
    registry: ModelRegistry, name: str
) -> tuple[list[RegisteredModel], list[Any]]:
    return await registry.versions(name), await registry.decisions(name)


def _single(models: list[str], command: str) -> str:
    if len(models) != 1:
        raise UsageError(f"stakewise {command}: give exactly one --model")
    return models[0]


def _parameters(pairs: list[str], models: list[str]) -> dict[str, Parameters]:
    """`[MODEL.]KEY=VALUE` pairs by model; VALUE is read as JSON when it parses, else as text."""
    found: dict[str, dict[str, JsonValue]] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"invalid --param {pair!r}: write KEY=VALUE or MODEL.KEY=VALUE")
        model, _, name = key.rpartition(".")
        if model and model not in models:
            raise UsageError(f"invalid --param {pair!r}: {model!r} is not among the --model given")
        found.setdefault(model or models[0], {})[name] = _json_value(text)
    return dict(found)


def _json_value(text: str) -> JsonValue:
    try:
        value: JsonValue = json.loads(text)
    except json.JSONDecodeError:
        return text
    return value


def _moment(text: str, flag: str) -> Any:
    from datetime import datetime

    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"invalid {flag} {text!r}: use an ISO date or date-time, e.g. 2024-08-01") from None


def _run(work: Coroutine[Any, Any, Result]) -> Result:
    return asyncio.run(work)
