"""Train, promote and predict on PostgreSQL: matches ingested from a football-data file, features stored in
the gold table, versions and decisions in the registry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.pipeline import features
from application.use_cases.ingest_source import IngestRequest, IngestSource
from application.use_cases.predict_fixtures import FixtureToPredict, PredictFixtures, PredictRequest
from application.use_cases.promote_challenger import PromoteChallenger, PromoteRequest
from application.use_cases.train_model import TrainModel, TrainRequest
from bootstrap.container import container_on
from plugins.manager import PluginHost
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from pathlib import Path

    from application.modelling.records import MatchRecord

HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,HS,AS,HST,AST,B365H,B365D,B365A,PSCH,PSCD,PSCA"


class Clock:
    def now(self) -> datetime:
        return datetime(2018, 7, 1, tzinfo=UTC)


def _csv_row(match: MatchRecord) -> str:
    early, closing = match.early_prices[0][1], match.closing_prices[0][1]
    result = "HDA"[int(match.outcome)]
    cells = [
        "E0", f"{match.kickoff:%d/%m/%Y}", f"{match.kickoff:%H:%M}", match.home_team, match.away_team,
        str(match.home_goals), str(match.away_goals), result,
        str(int(match.home_stats.shots or 0)), str(int(match.away_stats.shots or 0)),
        str(int(match.home_stats.shots_on_target or 0)), str(int(match.away_stats.shots_on_target or 0)),
        *(str(p) for p in (early.home, early.draw, early.away, closing.home, closing.draw, closing.away)),
    ]  # fmt: skip
    return ",".join(cells)


def _write_league(folder: Path) -> None:
    league = synthetic_league(seasons=3, teams=10, seed=9, league="E0")
    by_season: dict[str, list[str]] = {}
    for match in league:
        by_season.setdefault(match.season, []).append(_csv_row(match))
    (folder / "E0").mkdir()
    for season, rows in by_season.items():
        (folder / "E0" / f"{season}.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


async def test_train_promote_and_predict_on_postgres(tmp_path: Path, fresh_database_url: str) -> None:
    _write_league(tmp_path)
    plugins = PluginHost(entry_point_group=None)
    engine = create_engine(fresh_database_url)
    try:
        use_cases = container_on(engine, plugin_host=plugins, clock=Clock()).use_cases()
        ingest = use_cases(IngestSource)
        await ingest.execute(IngestRequest("football-data", str(tmp_path)))
        train = use_cases(TrainModel)
        first = await train.execute(TrainRequest("E0", "dixon-coles"))
        second = await train.execute(TrainRequest("E0", "dixon-coles"))
        async with engine.connect() as connection:
            stored_rows = (await connection.execute(select(func.count()).select_from(features))).scalar_one()
        promote = use_cases(PromoteChallenger)
        decision = await promote.execute(PromoteRequest("E0", "dixon-coles", seasons=1))
        predict = use_cases(PredictFixtures)
        fixture = FixtureToPredict("Team A", "Team B", datetime(2018, 8, 11, 14, 0))  # noqa: DTZ001  naive UTC, as MatchRecord keeps kickoffs
        response = await predict.execute(PredictRequest("E0", "dixon-coles", (fixture,)))
    finally:
        await engine.dispose()
    assert (first.version, second.version) == (1, 2)
    assert first.artefact_sha256 == second.artefact_sha256
    assert first.metrics["training_matches"] == 270
    assert len(first.training_data_versions) == 3  # one dataset version per season file
    assert stored_rows == 270
    assert decision.promoted
    assert decision.challenger_version == 2
    assert response.model.version == 2
    assert response.model.stage.value == "champion"
    assert (
        sum(response.predictions[0].forecast.probabilities) == 1.0
        or abs(sum(response.predictions[0].forecast.probabilities) - 1.0) < 1e-9
    )
