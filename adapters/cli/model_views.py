"""How the model commands show their results: JSON documents (keys in the README) and rich tables."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich import box
from rich.markup import escape
from rich.table import Table

from domain.scoring import Outcome

if TYPE_CHECKING:
    from rich.console import Console

    from application.modelling.evaluation import ScoreRow
    from application.modelling.registry import PromotionDecision, RegisteredModel
    from application.use_cases.evaluate_models import EvaluateResponse
    from application.use_cases.predict_fixtures import Prediction, PredictResponse

SCORE_COLUMNS = ("model", "n_matches", "rps", "log_loss", "brier", "accuracy")


def row_payload(row: ScoreRow) -> dict[str, Any]:
    return {
        "model": row.model,
        "n_matches": row.n_matches,
        "rps": row.rps,
        "log_loss": row.log_loss,
        "brier": row.brier,
        "accuracy": row.accuracy,
        "rps_vs_market_early": row.rps_vs_market_early,
        "rps_vs_market_early_se": row.rps_vs_market_early_se,
    }


def evaluation_payload(response: EvaluateResponse) -> dict[str, Any]:
    evaluation = response.evaluation
    return {
        "league": response.league,
        "seasons": list(response.seasons),
        "warmup_seasons": list(response.warmup_seasons),
        "models": list(response.models),
        "n_matches": len(evaluation.fixture_ids),
        "rows": [row_payload(row) for row in evaluation.rows],
        "by_season": [
            {"season": season.season, "rows": [row_payload(row) for row in season.rows]}
            for season in evaluation.by_season
        ],
        "calibration": {
            model: [
                {
                    "outcome": Outcome(entry.outcome).name.lower(),
                    "lower": entry.lower,
                    "upper": entry.upper,
                    "count": entry.count,
                    "mean_forecast": entry.mean_forecast,
                    "observed_frequency": entry.observed_frequency,
                }
                for entry in curve
            ]
            for model, curve in evaluation.calibration.items()
        },
        "fits": dict(response.fits),
        "failures": {
            model: {"count": len(found), "first": found[0]} for model, found in response.failures.items()
        },
        "data_versions": list(response.data_versions),
    }


def render_evaluation(response: EvaluateResponse, console: Console) -> None:
    seasons = response.seasons
    title = (
        f"{response.league} {seasons[0]} to {seasons[-1]} · walk-forward · "
        f"{len(response.evaluation.fixture_ids)} matches"
    )
    console.print(score_table(title, response.evaluation.rows))
    console.print("ΔRPS: mean per-match RPS difference to market_early (negative is better), ± its paired SE")
    for model, found in response.failures.items():
        console.print(f"[yellow]{model}: {len(found)} failed fit(s) or forecast(s), first: {found[0]}[/]")


def score_table(title: str, rows: tuple[ScoreRow, ...] | list[ScoreRow]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    for column in ("model", "n", "RPS", "log-loss", "Brier", "acc", "ΔRPS", "± se"):
        table.add_column(column, justify="left" if column == "model" else "right", no_wrap=True)
    for row in rows:
        table.add_row(
            escape(row.model),
            str(row.n_matches),
            f"{row.rps:.4f}",
            f"{row.log_loss:.4f}",
            f"{row.brier:.4f}",
            f"{row.accuracy:.3f}",
            "" if row.rps_vs_market_early is None else f"{row.rps_vs_market_early:+.4f}",
            "" if row.rps_vs_market_early_se is None else f"{row.rps_vs_market_early_se:.4f}",
        )
    return table


def registered_payload(model: RegisteredModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "model": model.model,
        "league": model.league,
        "version": model.version,
        "stage": model.stage.value,
        "parameters": dict(model.parameters),
        "training_data_versions": list(model.training_data_versions),
        "metrics": dict(model.metrics),
        "artefact_sha256": model.artefact_sha256,
        "artefact_bytes": len(model.artefact),
        "created_at": model.created_at.isoformat(),
    }


def render_registered(model: RegisteredModel, console: Console) -> None:
    console.print(
        f"registered {model.name} v{model.version} ({model.stage.value}) · artefact sha256 "
        f"{model.artefact_sha256} · {len(model.artefact)} bytes · metrics {dict(model.metrics)}"
    )


def decision_payload(decision: PromotionDecision) -> dict[str, Any]:
    return {
        "name": decision.name,
        "challenger_version": decision.challenger_version,
        "champion_version": decision.champion_version,
        "promoted": decision.promoted,
        "reason": decision.reason,
        "metric": decision.metric,
        "challenger_score": decision.challenger_score,
        "champion_score": decision.champion_score,
        "margin": decision.margin,
        "seasons": list(decision.seasons),
        "n_matches": decision.n_matches,
        "decided_at": decision.decided_at.isoformat(),
    }


def render_decision(decision: PromotionDecision, console: Console) -> None:
    verdict = "[green]promoted[/]" if decision.promoted else "[yellow]not promoted[/]"
    against = f"champion v{decision.champion_version}" if decision.champion_version else "no champion"
    console.print(
        f"{decision.name} v{decision.challenger_version} vs {against}: {verdict} — {decision.reason} "
        f"({decision.n_matches} matches, {', '.join(decision.seasons)})"
    )


def prediction_payload(response: PredictResponse) -> dict[str, Any]:
    return {
        "model": registered_payload(response.model) | {"artefact_bytes": len(response.model.artefact)},
        "predictions": [_prediction(p) for p in response.predictions],
    }


def _prediction(prediction: Prediction) -> dict[str, Any]:
    fixture, forecast = prediction.fixture, prediction.forecast
    payload: dict[str, Any] = {
        "home": fixture.home_team,
        "away": fixture.away_team,
        "kickoff": fixture.kickoff.isoformat(),
        "1x2": {"home": forecast.home, "draw": forecast.draw, "away": forecast.away},
        "fallback": forecast.fallback,
    }
    if forecast.expected_goals:
        payload["expected_goals"] = {"home": forecast.expected_goals[0], "away": forecast.expected_goals[1]}
    if prediction.prices is not None:
        prices = prediction.prices
        over = dict(prices.totals)[Decimal("2.5")]
        payload["both_teams_to_score"] = {
            "yes": prices.both_teams_to_score.yes,
            "no": prices.both_teams_to_score.no,
        }
        payload["total_2_5"] = {"over": over.win, "under": over.loss}
        best = max(prices.correct_score.scores, key=lambda score: score[2])
        payload["most_likely_score"] = {"home": best[0], "away": best[1], "probability": best[2]}
    return payload


def render_predictions(response: PredictResponse, console: Console) -> None:
    model = response.model
    table = Table(
        title=f"{model.name} v{model.version} ({model.stage.value})",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    for column in ("fixture", "kickoff", "home", "draw", "away", "xG"):
        table.add_column(column, no_wrap=True)
    notes = []
    for prediction in response.predictions:
        fixture, forecast = prediction.fixture, prediction.forecast
        goals = forecast.expected_goals
        name = f"{fixture.home_team} v {fixture.away_team}"
        table.add_row(
            name,
            f"{fixture.kickoff:%Y-%m-%d %H:%M}"
            if fixture.kickoff_time_known
            else f"{fixture.kickoff:%Y-%m-%d}",
            f"{forecast.home:.3f}",
            f"{forecast.draw:.3f}",
            f"{forecast.away:.3f}",
            f"{goals[0]:.2f}-{goals[1]:.2f}" if goals else "",
        )
        if forecast.fallback:
            notes.append(f"{name}: {forecast.fallback}")
    console.print(table)
    for note in notes:
        console.print(f"[yellow]{note}[/]")
