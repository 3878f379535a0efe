"""The activities every stakewise worker registers, over the composition root's use cases (by type).

Model use cases read the silver tables, the gold feature store and the registry on PostgreSQL (never
files): a worker serves whatever the pipeline ingested.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from application.use_cases.apply_strategy import ApplyStrategy
from application.use_cases.check_alerts import CheckAlerts
from application.use_cases.find_champions import FindChampions
from application.use_cases.find_edges import RecordEdges
from application.use_cases.ingest_source import IngestSource
from application.use_cases.issue_ticket import IssueTicket
from application.use_cases.list_leagues import ListLeagues
from application.use_cases.place_ticket import PlaceTicket, UnplacedTickets
from application.use_cases.price_upcoming_fixtures import PriceUpcomingFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.quote_tickets import QuoteTickets
from application.use_cases.refresh_features import RefreshFeatures
from application.use_cases.select_strategy import SelectStrategy
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from application.use_cases.train_model import TrainModel
from workflows.backtest.activities import BacktestActivities, BacktestUseCases
from workflows.pipeline.activities import PipelineActivities, PipelineUseCases
from workflows.pipeline.strategy import StrategyActivities, StrategyUseCases
from workflows.placement.activities import PlacementActivities, PlacementUseCases
from workflows.settlement.activities import SettlementActivities, SettlementUseCases
from workflows.training.activities import TrainingActivities, TrainingUseCases

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from application.ports.compliance_records import ComplianceRecords
    from application.use_cases.run_backtest import RunSeasonBacktest
    from bootstrap.use_cases import UseCases
    from plugins.manager import PluginHost


class WorkflowActivities:
    """Callable: the activity functions of the pipeline, training and settlement workflows."""

    def __init__(
        self,
        use_cases: UseCases,
        plugins: PluginHost,
        decisions: Callable[[], ComplianceRecords],
        season_backtest: Callable[[str | None], RunSeasonBacktest],
        place_ticket: Callable[[datetime | None], PlaceTicket],
    ) -> None:
        self._season_backtests: dict[str | None, RunSeasonBacktest] = {}
        self._new_season_backtest = season_backtest
        self._backtest = BacktestUseCases(self._season_backtest)
        self._strategy = StrategyUseCases(
            select_strategy=use_cases.factory(SelectStrategy), apply_strategy=use_cases.factory(ApplyStrategy)
        )
        self._pipeline = PipelineUseCases(
            ingest_source=use_cases.factory(IngestSource),
            refresh_features=use_cases.factory(RefreshFeatures),
            find_champions=use_cases.factory(FindChampions),
            price_upcoming=use_cases.factory(PriceUpcomingFixtures),
            find_edges=use_cases.factory(RecordEdges),
            quote_tickets=use_cases.factory(QuoteTickets),
            issue_ticket=use_cases.factory(IssueTicket),
            decisions=decisions,
            not_bettable=frozenset(key for key, book in plugins.bookmakers().items() if book.aggregate),
        )
        self._training = TrainingUseCases(
            train_model=use_cases.factory(TrainModel),
            promote_challenger=use_cases.factory(PromoteChallenger),
            list_leagues=use_cases.factory(ListLeagues),
            model_names=lambda: plugins.model_catalogue().names(),
        )
        self._placement = PlacementUseCases(
            place_ticket, use_cases.factory(CheckAlerts), use_cases.factory(UnplacedTickets)
        )
        self._settlement = SettlementUseCases(
            pending_settlements=use_cases.factory(PendingSettlements),
            settle_ticket=use_cases.factory(SettleTicket),
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
