"""The composition root: the one place that names concrete adapters and wires the use cases."""

from __future__ import annotations

import os

from dependency_injector import containers, providers

from adapters.http.server import ApiServer
from adapters.http.services import ApiServices
from adapters.optimizer.solvers import SolverProcesses, SolverThread
from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.alerts import PostgresAlertStore
from adapters.persistence.backtests import PostgresBacktestStore
from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.bookmaking import (
    PostgresBookmakerLimits,
    PostgresCurrentPrices,
    PostgresPaperOrderLog,
)
from adapters.persistence.compliance_records import PostgresComplianceRecords
from adapters.persistence.engine import Timeouts, create_engine
from adapters.persistence.feature_store import PostgresFeatureStore
from adapters.persistence.market_data import PostgresMarketData
from adapters.persistence.match_history import PostgresMatchHistory
from adapters.persistence.model_registry import PostgresModelRegistry
from adapters.persistence.pipeline.unit_of_work import SqlIngestionUnitOfWork
from adapters.persistence.placements import PostgresPlacementUnitOfWork
from adapters.persistence.predictions import PostgresLatestPrices, PostgresPredictionStore
from adapters.persistence.probe import DatabaseProbe, engine_closer
from adapters.persistence.rate_limits import PostgresRateCounter
from adapters.persistence.settlements import PostgresSettlementUnitOfWork
from adapters.policy.bundle import PolicyDirectory
from adapters.policy.engine import RegoPolicyEngine
from adapters.policy.test_runner import OpaTestRunner
from adapters.runtime import SystemClock, TokenSecrets
from adapters.temporal.backtest_runner import TemporalBacktest
from adapters.temporal.connection import TemporalConnection
from adapters.temporal.runner import PipelineRunner
from adapters.temporal.schedules import PipelineSchedules
from adapters.temporal.worker_host import WorkerHost
from application.ports.progress import SilentProgress
from application.use_cases.apply_strategy import ApplyStrategy
from application.use_cases.authenticate_api_key import AuthenticateApiKey
from application.use_cases.betting_queries import (
    GetBankroll,
    GetCustomer,
    GetLedger,
    GetTicket,
    ListBankrolls,
    ListCustomers,
    ListSettlements,
    ListTickets,
)
from application.use_cases.build_silver import BuildSilver
from application.use_cases.check_alerts import CheckAlerts, ListAlerts
from application.use_cases.create_api_key import CreateApiKey
from application.use_cases.create_partner import CreatePartner
from application.use_cases.describe_policy_bundle import DescribePolicyBundle
from application.use_cases.devig_market import DevigMarket
from application.use_cases.ensure_house_account import EnsureHouseAccount
from application.use_cases.evaluate_models import EvaluateModels
from application.use_cases.evaluate_policy import EvaluatePolicy
from application.use_cases.find_champions import FindChampions
from application.use_cases.find_edges import FindEdges, RecordEdges
from application.use_cases.ingest_source import IngestSource
from application.use_cases.issue_ticket import IssueTicket
from application.use_cases.jurisdiction_limits import JurisdictionLimits
from application.use_cases.list_api_keys import ListApiKeys
from application.use_cases.list_leagues import ListLeagues
from application.use_cases.open_bankroll import OpenBankroll
from application.use_cases.optimize_portfolio import OptimizePortfolio
from application.use_cases.place_ticket import PlaceTicket, UnplacedTickets
from application.use_cases.predict_fixtures import PredictFixtures
from application.use_cases.price_fixture import PriceFixture
from application.use_cases.price_upcoming_fixtures import PriceUpcomingFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.quote_tickets import QuoteTickets
from application.use_cases.read_models import (
    GetDecision,
    GetFixture,
    ListDecisions,
    ListEdges,
    ListFixtures,
    ListModels,
)
from application.use_cases.refresh_features import RefreshFeatures
from application.use_cases.register_customer import RecordPayment, RegisterCustomer
from application.use_cases.replay_decision import ReplayDecision
from application.use_cases.revoke_api_key import RevokeApiKey
from application.use_cases.run_backtest import FinishBacktest, RunBacktest, RunSeasonBacktest
from application.use_cases.run_policy_tests import RunPolicyTests
from application.use_cases.select_strategy import SelectStrategy
from application.use_cases.set_bankroll_risk import SetBankrollRisk
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from application.use_cases.store_raw_payload import StoreRawPayload
from application.use_cases.train_model import TrainModel
from application.use_cases.update_customer import UpdateCustomer
from application.use_cases.verify_audit_log import VerifyAuditLog
from bootstrap.alerts import alert_thresholds as alert_thresholds_of
from bootstrap.audit import audit_anchor as audit_anchor_of
from bootstrap.backtest import BacktestServiceFactory
from bootstrap.database_url import database_url as resolve_database_url
from bootstrap.database_url import runtime_database_url as resolve_runtime_database_url
from bootstrap.database_url import var_dir as resolve_var_dir
from bootstrap.markets import market_rules as market_rules_of
from bootstrap.markets import void_grace as void_grace_of
from bootstrap.migrations import DatabaseMigrations
from bootstrap.models import ModelServiceFactory
from bootstrap.optimizer import optimise_in_solver_process, portfolio_optimizer, warm_up_solver_process
from bootstrap.placement import PlaceTicketAt
from bootstrap.policy import policy_evaluator
from bootstrap.services.control import EmbeddedServices, database_service
from bootstrap.services.temporal_control import temporal_service
from bootstrap.settings import effective, environment, load_settings
from bootstrap.settings import plugin_settings as plugin_settings_of
from bootstrap.settings import settings_table as settings_markdown
from bootstrap.temporal import temporal_address as resolve_temporal_address
from bootstrap.use_cases import UseCases
from bootstrap.workflows import WorkflowActivities
from plugins.hookspecs import GatewayContext
from plugins.manager import PluginHost


def not_bettable(plugins: PluginHost) -> frozenset[str]:
    """Bookmaker keys one cannot bet with: market aggregates ("maximum", "average")."""
    return frozenset(key for key, book in plugins.bookmakers().items() if book.aggregate)


def solver_process_count(setting: int | None) -> int:
    """STAKEWISE_API_QUOTE_PROCESSES, or one solver process per core."""
    return setting or os.cpu_count() or 1


class Container(containers.DeclarativeContainer):
    """Adapters first, then one `providers.Factory` per use case (`use_cases(Kind)` finds it by its class).

    Tests override the adapter providers (tests/fakes/container.py: memory_container) and get the very
    same use cases; nothing outside bootstrap/ constructs a use case (tests/unit/test_composition_root.py).
    """

    __self__ = providers.Self()
    use_cases = providers.Singleton(UseCases, __self__)  # by type: use_cases(IssueTicket)
    devig_market = providers.Factory(DevigMarket)
    price_fixture = providers.Factory(PriceFixture)

    settings = providers.Singleton(
        load_settings
    )  # every STAKEWISE_* variable, validated (bootstrap/settings.py)
    settings_rows = providers.Callable(effective, settings)  # stakewise config show
    settings_table = providers.Callable(settings_markdown)

    # partner API: access, tickets, customers, bankrolls
    var_dir = providers.Singleton(resolve_var_dir, settings)
    database_url = providers.Resource(resolve_database_url, var_dir, settings.provided.database_url)
    pooled_connections = providers.Object(False)  # the API app factory overrides it with True
    # the API, workers and commands connect as the runtime role; migrations ran as the owner (database_url)
    runtime_database_url = providers.Callable(
        resolve_runtime_database_url, database_url, settings.provided.runtime_database_url
    )
    database_timeouts = providers.Singleton(
        Timeouts,
        settings.provided.database_lock_timeout_seconds,
        settings.provided.database_statement_timeout_seconds,
        settings.provided.database_pool_timeout_seconds,
    )
    engine = providers.Singleton(
        create_engine,
        runtime_database_url,
        pooled=pooled_connections,
        timeouts=database_timeouts,
        pool_size=settings.provided.database_pool_size,
    )
    clock = providers.Singleton(SystemClock)
    secrets = providers.Singleton(TokenSecrets)
    # the audit chain's key and head checkpoint, outside the database (STAKEWISE_AUDIT_KEY or var/audit/)
    audit_anchor = providers.Singleton(audit_anchor_of, var_dir, settings.provided.audit_key)
    access_repository = providers.Singleton(PostgresAccessRepository, engine, audit_anchor)
    # compliance policies: embedded OPA by default, an OPA server when STAKEWISE_OPA_URL is set
    policy_directory = providers.Singleton(PolicyDirectory, settings.provided.policy_dir)
    policy_engine = providers.Singleton(
        RegoPolicyEngine,
        providers.Singleton(
            policy_evaluator, policy_directory, settings.provided.opa_url, settings.provided.policy_timeout
        ),
        secrets,
        settings.provided.policy_timeout,
    )
    compliance_records = providers.Singleton(PostgresComplianceRecords, engine, audit_anchor)
    evaluate_policy = providers.Factory(EvaluatePolicy, policy_engine, compliance_records)
    replay_decision = providers.Factory(ReplayDecision, policy_engine, compliance_records)
    verify_audit_log = providers.Factory(VerifyAuditLog, compliance_records, audit_anchor)
    find_edges = providers.Factory(FindEdges)
    optimizer = providers.Factory(portfolio_optimizer)  # Pyomo and HiGHS, loaded when first asked for
    optimize_portfolio = providers.Factory(OptimizePortfolio, optimizer=optimizer, find_edges=find_edges)
    # quotes: one solver thread of this process; the API app factory overrides it with solver_processes
    portfolio_solver = providers.Singleton(SolverThread, optimize_portfolio)
    solver_processes = providers.Singleton(
        SolverProcesses,
        optimise_in_solver_process,
        providers.Callable(solver_process_count, settings.provided.api_quote_processes),
        settings.provided.api_quote_queue,
        warm_up_solver_process,
    )
    jurisdiction_limits = providers.Factory(JurisdictionLimits, policy_engine, clock)
    run_policy_tests = providers.Factory(RunPolicyTests, providers.Factory(OpaTestRunner, policy_directory))
    describe_policy_bundle = providers.Factory(DescribePolicyBundle, policy_directory)
    betting_unit_of_work = providers.Factory(PostgresBettingUnitOfWork, engine, audit_anchor)
    authenticate_api_key = providers.Factory(AuthenticateApiKey, access_repository, clock)
    create_partner = providers.Factory(CreatePartner, access_repository, clock, secrets)
    create_api_key = providers.Factory(CreateApiKey, access_repository, clock, secrets)
    revoke_api_key = providers.Factory(RevokeApiKey, access_repository, clock)
    list_api_keys = providers.Factory(ListApiKeys, access_repository)
    open_bankroll = providers.Factory(
        OpenBankroll, betting_unit_of_work.provider, access_repository, clock, secrets
    )
    # the market catalogue's grace and price tolerance, the house limits (bootstrap/markets.py)
    void_grace = providers.Singleton(void_grace_of, settings.provided.void_grace_hours)
    market_rules = providers.Singleton(
        market_rules_of,
        settings.provided.price_tolerance,
        void_grace,
        settings.provided.max_combined_odds,
        settings.provided.max_potential_return,
    )
    issue_ticket = providers.Factory(
        IssueTicket, betting_unit_of_work.provider, policy_engine, clock, secrets, market_rules
    )
    plugin_host = providers.Singleton(PluginHost.from_setting, settings.provided.blocked_plugins)
    prediction_store = providers.Factory(PostgresPredictionStore, engine)
    latest_prices = providers.Factory(PostgresLatestPrices, engine)
    quote_tickets = providers.Factory(
        QuoteTickets,
        betting_unit_of_work.provider,
        policy_engine,
        portfolio_solver,
        clock,
        prediction_store,
        latest_prices,
        providers.Callable(not_bettable, plugin_host),
        market_rules.provided.house_limits,
    )
    get_ticket = providers.Factory(GetTicket, betting_unit_of_work.provider)
    list_tickets = providers.Factory(ListTickets, betting_unit_of_work.provider)
    register_customer = providers.Factory(RegisterCustomer, betting_unit_of_work.provider, clock, secrets)
    record_payment = providers.Factory(RecordPayment, betting_unit_of_work.provider, clock, policy_engine)
    update_customer = providers.Factory(UpdateCustomer, betting_unit_of_work.provider, clock, policy_engine)
    set_bankroll_risk = providers.Factory(SetBankrollRisk, betting_unit_of_work.provider, clock)
    list_settlements = providers.Factory(ListSettlements, betting_unit_of_work.provider)
    get_customer = providers.Factory(GetCustomer, betting_unit_of_work.provider)
    list_customers = providers.Factory(ListCustomers, betting_unit_of_work.provider)
    get_bankroll = providers.Factory(GetBankroll, betting_unit_of_work.provider)
    list_bankrolls = providers.Factory(ListBankrolls, betting_unit_of_work.provider)
    get_ledger = providers.Factory(GetLedger, betting_unit_of_work.provider)
    market_data = providers.Singleton(PostgresMarketData, engine)
    list_fixtures = providers.Factory(ListFixtures, market_data, clock, void_grace)
    get_fixture = providers.Factory(GetFixture, market_data, clock, void_grace)
    list_edges = providers.Factory(ListEdges, market_data)
    list_models = providers.Factory(ListModels, market_data)
    list_decisions = providers.Factory(ListDecisions, market_data)
    get_decision = providers.Factory(GetDecision, market_data)
    rate_counter = providers.Singleton(PostgresRateCounter, engine)  # the API's limits, over all workers
    readiness_probes = providers.List(providers.Factory(DatabaseProbe, engine), policy_engine)
    on_shutdown = providers.List(providers.Factory(engine_closer, engine))
    api_services = providers.Factory(
        ApiServices, use_cases, rate_counter.provider, readiness_probes.provider, on_shutdown.provider
    )
    api_server = providers.Factory(
        ApiServer, "bootstrap.api:create_app", database_url.provider, providers.Object(environment)
    )

    # stakewise db upgrade|current|history (no implicit migration)
    database_migrations = providers.Factory(DatabaseMigrations, var_dir, settings.provided.database_url)

    # stakewise services up|down|status
    embedded_services = providers.Factory(
        EmbeddedServices,
        providers.List(
            providers.Factory(database_service, var_dir, settings.provided.database_url),
            providers.Factory(temporal_service, var_dir, settings.provided.temporal_address),
        ),
    )

    # placing tickets: the gateways of the bookmaker adapters (paper unless STAKEWISE_BOOKMAKER_ADAPTERS);
    # plugins take the settings as STAKEWISE_* texts (validated by Settings; see plugin_settings)
    plugin_settings = providers.Singleton(plugin_settings_of, settings)
    current_prices = providers.Singleton(PostgresCurrentPrices, engine)
    bookmaker_limits = providers.Singleton(PostgresBookmakerLimits, engine)
    gateway_context = providers.Singleton(
        GatewayContext,
        clock,
        current_prices,
        providers.Singleton(PostgresPaperOrderLog, engine),
        bookmaker_limits,
        plugin_settings,
    )
    bookmaker_gateways = providers.Singleton(plugin_host.provided.gateways.call(gateway_context))
    placement_unit_of_work = providers.Factory(PostgresPlacementUnitOfWork, engine, audit_anchor)
    place_ticket = providers.Factory(
        PlaceTicket, unit_of_work=placement_unit_of_work.provider, gateways=bookmaker_gateways, clock=clock
    )
    unplaced_tickets = providers.Factory(UnplacedTickets, placement_unit_of_work.provider)
    # alerts: checked after placing, sent to the notifiers of STAKEWISE_NOTIFIERS (the log by default)
    alert_store = providers.Factory(PostgresAlertStore, engine)
    notifiers = providers.Singleton(plugin_host.provided.notifiers.call(plugin_settings))
    alert_thresholds = providers.Singleton(
        alert_thresholds_of,
        settings.provided.alert_price_move,
        settings.provided.alert_rejection_rate,
        settings.provided.alert_rejection_minimum,
    )
    check_alerts = providers.Factory(
        CheckAlerts, alert_store.provider, current_prices, bookmaker_limits, notifiers, alert_thresholds
    )
    list_alerts = providers.Factory(ListAlerts, alert_store.provider)
    place_ticket_at = providers.Singleton(PlaceTicketAt, place_ticket.provider, plugin_host, gateway_context)
    # data pipeline: plugins and `stakewise ingest`
    source_catalogue = providers.Factory(plugin_host.provided.source_catalogue.call(clock))
    ingestion_unit_of_work = providers.Factory(SqlIngestionUnitOfWork, engine)
    store_raw_payload = providers.Factory(StoreRawPayload, ingestion_unit_of_work.provider)
    build_silver = providers.Factory(BuildSilver, ingestion_unit_of_work.provider, source_catalogue)
    ingest_source = providers.Factory(
        IngestSource,
        unit_of_work=ingestion_unit_of_work.provider,
        sources=source_catalogue,
        bronze=store_raw_payload,
        silver=build_silver,
    )

    # models: stakewise train | evaluate | predict | models, and the pipeline's model steps
    model_catalogue = providers.Factory(plugin_host.provided.model_catalogue.call())
    match_history = providers.Factory(PostgresMatchHistory, engine)
    feature_store = providers.Factory(PostgresFeatureStore, engine)
    model_registry = providers.Factory(PostgresModelRegistry, engine, audit_anchor)
    silent_progress = providers.Factory(SilentProgress)
    evaluate_models = providers.Factory(
        EvaluateModels, history=match_history, catalogue=model_catalogue, progress=silent_progress
    )
    train_model = providers.Factory(
        TrainModel,
        history=match_history,
        features=feature_store,
        catalogue=model_catalogue,
        registry=model_registry,
        clock=clock,
        progress=silent_progress,
    )
    promote_challenger = providers.Factory(
        PromoteChallenger,
        history=match_history,
        catalogue=model_catalogue,
        registry=model_registry,
        clock=clock,
        progress=silent_progress,
    )
    predict_fixtures = providers.Factory(
        PredictFixtures, history=match_history, catalogue=model_catalogue, registry=model_registry
    )
    model_services = providers.Factory(
        ModelServiceFactory, use_cases, model_registry.provider, model_catalogue.provider, plugin_host, clock
    )
    refresh_features = providers.Factory(
        RefreshFeatures, ingestion_unit_of_work.provider, match_history, feature_store
    )
    find_champions = providers.Factory(
        FindChampions, ingestion_unit_of_work.provider, match_history, model_registry
    )
    price_upcoming_fixtures = providers.Factory(
        PriceUpcomingFixtures, match_history, predict_fixtures, latest_prices, prediction_store
    )
    record_edges = providers.Factory(RecordEdges, prediction_store, find_edges)
    list_leagues = providers.Factory(ListLeagues, ingestion_unit_of_work.provider)

    # settlement (the settlement workflow)
    settlement_unit_of_work = providers.Factory(PostgresSettlementUnitOfWork, engine, audit_anchor)
    pending_settlements = providers.Factory(PendingSettlements, settlement_unit_of_work.provider, void_grace)
    settle_ticket = providers.Factory(SettleTicket, settlement_unit_of_work.provider, clock, void_grace)

    # backtests: stakewise backtest, the backtest workflow, the pipeline's strategy per league
    strategy_catalogue = providers.Factory(plugin_host.provided.strategy_catalogue.call())
    backtest_store = providers.Factory(PostgresBacktestStore, engine)
    run_season_backtest = providers.Factory(
        RunSeasonBacktest,
        history=match_history,
        strategies=strategy_catalogue,
        models=model_catalogue,
        optimize=optimize_portfolio,
    )
    finish_backtest = providers.Factory(
        FinishBacktest, strategies=strategy_catalogue, clock=clock, store=backtest_store
    )
    run_backtest = providers.Factory(
        RunBacktest, seasons=run_season_backtest, strategies=strategy_catalogue, finish=finish_backtest
    )
    select_strategy = providers.Factory(SelectStrategy, backtest_store)
    apply_strategy = providers.Factory(ApplyStrategy, strategy_catalogue)

    # durable pipeline on Temporal: stakewise run | worker | schedule create
    temporal_address = providers.Resource(
        resolve_temporal_address, var_dir, settings.provided.temporal_address
    )
    temporal_connection = providers.Singleton(
        TemporalConnection,
        temporal_address.provider,
        settings.provided.temporal_namespace,
        settings.provided.temporal_task_queue,
    )
    workflow_activities = providers.Singleton(
        WorkflowActivities,
        use_cases,
        plugin_host,
        compliance_records.provider,
        providers.Factory(
            BacktestServiceFactory, use_cases, backtest_store.provider, plugin_host, clock
        ).provided.season_backtest,
        place_ticket_at,
    )
    temporal_backtest = providers.Factory(
        TemporalBacktest,
        temporal_connection,
        workflow_activities,
        workflow_activities.provided.season_activities,
    )
    backtest_services = providers.Factory(
        BacktestServiceFactory,
        use_cases,
        backtest_store.provider,
        plugin_host,
        clock,
        temporal_backtest.provider,
    )
    ensure_house_account = providers.Factory(
        EnsureHouseAccount, access_repository, betting_unit_of_work.provider, clock
    )
    pipeline_runner = providers.Factory(
        PipelineRunner, temporal_connection, workflow_activities, ensure_house_account.provider
    )
    workflow_worker = providers.Factory(
        WorkerHost,
        temporal_connection,
        workflow_activities,
        workflow_activities.provided.season_activities,
        settings.provided.worker_metrics_port,
    )
    pipeline_schedules = providers.Factory(
        PipelineSchedules, temporal_connection, ensure_house_account.provider
    )


def container_on(engine: object, **objects: object) -> Container:
    """The container over a database engine made elsewhere (benchmarks, integration tests): the default
    settings and no audit anchor unless given; each keyword overrides the provider of that name."""
    container = Container()
    container.settings.override(providers.Object(load_settings({})))
    container.engine.override(providers.Object(engine))
    container.audit_anchor.override(providers.Object(objects.pop("audit_anchor", None)))
    for name, value in objects.items():
        getattr(container, name).override(providers.Object(value))
    return container
