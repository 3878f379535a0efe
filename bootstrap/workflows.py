"""The activities every stakewise worker registers, built from the composition root's use cases.

Model use cases read the silver tables, the gold feature store and the registry on PostgreSQL (never
files): a worker serves whatever the pipeline ingested.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.persistence.backtests import PostgresBacktestStore
from adapters.persistence.feature_store import PostgresFeatureStore
from adapters.persistence.match_history import PostgresMatchHistory
from adapters.persistence.model_registry import PostgresModelRegistry
from adapters.persistence.predictions import PostgresLatestPrices, PostgresPredictionStore
from adapters.persistence.settlements import PostgresSettlementUnitOfWork
from application.ports.progress import SilentProgress
from application.use_cases.apply_strategy import ApplyStrategy
from application.use_cases.find_champions import FindChampions
from application.use_cases.find_edges import RecordEdges
from application.use_cases.list_leagues import ListLeagues
from application.use_cases.predict_fixtures import PredictFixtures
from application.use_cases.price_upcoming_fixtures import PriceUpcomingFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.refresh_features import RefreshFeatures
from application.use_cases.select_strategy import SelectStrategy
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from application.use_cases.train_model import TrainModel
from domain.markets import DEFAULT_VOID_GRACE
from workflows.backtest.activities import BacktestActivities, BacktestUseCases
from workflows.pipeline.activities import PipelineActivities, PipelineUseCases
from workflows.pipeline.strategy import StrategyActivities, StrategyUseCases
from workflows.placement.activities import PlacementActivities, PlacementUseCases
from workflows.settlement.activities import SettlementActivities, SettlementUseCases
from workflows.training.activities import TrainingActivities, TrainingUseCases

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime, timedelta

    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.ports.audit_anchor import AuditAnchor
    from application.ports.clock import Clock
    from application.ports.compliance_records import ComplianceRecords
    from application.ports.ingestion_unit_of_work import IngestionUnitOfWork
    from application.use_cases.check_alerts import CheckAlerts
    from application.use_cases.ingest_source import IngestSource
    from application.use_cases.issue_ticket import IssueTicket
    from application.use_cases.place_ticket import PlaceTicket, UnplacedTickets
    from application.use_cases.quote_tickets import QuoteTickets
    from application.use_cases.run_backtest import RunSeasonBacktest
    from plugins.manager import PluginHost


class WorkflowActivities:
    """Callable: the activity functions of the pipeline, training and settlement workflows."""

    def __init__(
        self,
        engine: Callable[[], AsyncEngine],
        plugins: PluginHost,
        clock: Clock,
        ingestion: Callable[[], IngestionUnitOfWork],
        ingest_source: Callable[[], IngestSource],
        quote_tickets: Callable[[], QuoteTickets],
        issue_ticket: Callable[[], IssueTicket],
        decisions: Callable[[], ComplianceRecords],
        season_backtest: Callable[[str | None], RunSeasonBacktest],
        place_ticket: Callable[[datetime | None], PlaceTicket],
        check_alerts: Callable[[], CheckAlerts],
        unplaced: Callable[[], UnplacedTickets],
        audit_anchor: AuditAnchor | None = None,
        void_grace: timedelta = DEFAULT_VOID_GRACE,  # STAKEWISE_VOID_GRACE_HOURS
    ) -> None:
        self._void_grace = void_grace
        self._engine, self._plugins, self._clock, self._ingestion = engine, plugins, clock, ingestion
        self._audit_anchor = audit_anchor
        self._season_backtests: dict[str | None, RunSeasonBacktest] = {}
        self._new_season_backtest = season_backtest
        self._backtest = BacktestUseCases(self._season_backtest)
        self._strategy = StrategyUseCases(
            select_strategy=lambda: SelectStrategy(PostgresBacktestStore(self._engine())),
            apply_strategy=lambda: ApplyStrategy(plugins.strategy_catalogue()),
        )
        self._pipeline = PipelineUseCases(
            ingest_source=ingest_source,
            refresh_features=lambda: RefreshFeatures(ingestion, self._history(), self._features()),
            find_champions=lambda: FindChampions(ingestion, self._history(), self._registry()),
            price_upcoming=lambda: PriceUpcomingFixtures(
                self._history(), self._predict(), PostgresLatestPrices(engine()), self._predictions()
            ),
            find_edges=lambda: RecordEdges(self._predictions()),
            quote_tickets=quote_tickets,
            issue_ticket=issue_ticket,
            decisions=decisions,
            not_bettable=frozenset(key for key, book in plugins.bookmakers().items() if book.aggregate),
        )
        self._training = TrainingUseCases(
            train_model=self._train_model,
            promote_challenger=self._promote_challenger,
            list_leagues=lambda: ListLeagues(ingestion),
            model_names=lambda: plugins.model_catalogue().names(),
        )
        self._placement = PlacementUseCases(place_ticket, check_alerts, unplaced)
        self._settlement = SettlementUseCases(
            pending_settlements=lambda: PendingSettlements(self._settlements, self._void_grace),
            settle_ticket=lambda: SettleTicket(self._settlements, clock, self._void_grace),
        )

    def __call__(self) -> list[Callable[..., Any]]:
        return [
            *PipelineActivities(self._pipeline).activities(),
            *TrainingActivities(self._training).activities(),
            *SettlementActivities(self._settlement).activities(),
            *BacktestActivities(self._backtest).activities(),
            *StrategyActivities(self._strategy).activities(),
            *PlacementActivities(self._placement).activities(),
        ]

    def season_activities(self) -> list[Callable[..., Any]]:
        """The backtest's league-season activity, for the season worker (one at a time)."""
        return BacktestActivities(self._backtest).season_activities()

    def _season_backtest(self, data: str | None) -> RunSeasonBacktest:
        """One use case per data path for the worker's life: each league's matches are read once."""
        if data not in self._season_backtests:
            self._season_backtests[data] = self._new_season_backtest(data)
        return self._season_backtests[data]

    def _train_model(self) -> TrainModel:
        catalogue = self._plugins.model_catalogue()
        return TrainModel(
            self._history(), self._features(), catalogue, self._registry(), self._clock, SilentProgress()
        )

    def _promote_challenger(self) -> PromoteChallenger:
        catalogue = self._plugins.model_catalogue()
        return PromoteChallenger(self._history(), catalogue, self._registry(), self._clock, SilentProgress())

    def _predict(self) -> PredictFixtures:
        return PredictFixtures(self._history(), self._plugins.model_catalogue(), self._registry())

    def _predictions(self) -> PostgresPredictionStore:
        return PostgresPredictionStore(self._engine())

    def _settlements(self) -> PostgresSettlementUnitOfWork:
        return PostgresSettlementUnitOfWork(self._engine(), self._audit_anchor)

    def _history(self) -> PostgresMatchHistory:
        return PostgresMatchHistory(self._engine())

    def _features(self) -> PostgresFeatureStore:
        return PostgresFeatureStore(self._engine())

    def _registry(self) -> PostgresModelRegistry:
        return PostgresModelRegistry(self._engine(), self._audit_anchor)
