"""What the command line needs from the composition root: one factory per use case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from adapters.cli.backtest import BacktestServices
    from adapters.cli.db import Migrations
    from adapters.cli.models import ModelServices
    from adapters.cli.services_cmd import ServiceControl
    from adapters.http.server import ApiServer
    from adapters.temporal.runner import PipelineRunner
    from adapters.temporal.schedules import PipelineSchedules
    from adapters.temporal.worker_host import WorkerHost
    from application.use_cases.betting_queries import ListSettlements
    from application.use_cases.create_api_key import CreateApiKey
    from application.use_cases.create_partner import CreatePartner
    from application.use_cases.describe_policy_bundle import DescribePolicyBundle
    from application.use_cases.devig_market import DevigMarket
    from application.use_cases.evaluate_policy import EvaluatePolicy
    from application.use_cases.ingest_source import IngestSource
    from application.use_cases.jurisdiction_limits import JurisdictionLimits
    from application.use_cases.list_api_keys import ListApiKeys
    from application.use_cases.open_bankroll import OpenBankroll
    from application.use_cases.optimize_portfolio import OptimizePortfolio
    from application.use_cases.price_fixture import PriceFixture
    from application.use_cases.replay_decision import ReplayDecision
    from application.use_cases.revoke_api_key import RevokeApiKey
    from application.use_cases.run_policy_tests import RunPolicyTests
    from application.use_cases.verify_audit_log import VerifyAuditLog
    from plugins.manager import PluginHost


class CliServices(Protocol):
    @property
    def database_migrations(self) -> Callable[[], Migrations]: ...

    @property
    def settings_rows(self) -> Callable[[], list[dict[str, Any]]]: ...

    @property
    def settings_table(self) -> Callable[[], str]: ...

    @property
    def list_settlements(self) -> Callable[[], ListSettlements]: ...

    @property
    def devig_market(self) -> Callable[[], DevigMarket]: ...

    @property
    def price_fixture(self) -> Callable[[], PriceFixture]: ...

    @property
    def create_partner(self) -> Callable[[], CreatePartner]: ...

    @property
    def create_api_key(self) -> Callable[[], CreateApiKey]: ...

    @property
    def revoke_api_key(self) -> Callable[[], RevokeApiKey]: ...

    @property
    def list_api_keys(self) -> Callable[[], ListApiKeys]: ...

    @property
    def open_bankroll(self) -> Callable[[], OpenBankroll]: ...

    @property
    def api_server(self) -> Callable[[], ApiServer]: ...

    @property
    def embedded_services(self) -> Callable[[], ServiceControl]: ...

    @property
    def plugin_host(self) -> Callable[[], PluginHost]: ...

    @property
    def ingest_source(self) -> Callable[..., IngestSource]:
        """Called with `progress=` (an IngestProgress) by `stakewise ingest`."""
        ...

    @property
    def evaluate_policy(self) -> Callable[[], EvaluatePolicy]: ...

    @property
    def replay_decision(self) -> Callable[[], ReplayDecision]: ...

    @property
    def run_policy_tests(self) -> Callable[[], RunPolicyTests]: ...

    @property
    def describe_policy_bundle(self) -> Callable[[], DescribePolicyBundle]: ...

    @property
    def verify_audit_log(self) -> Callable[[], VerifyAuditLog]: ...

    @property
    def optimize_portfolio(self) -> Callable[[], OptimizePortfolio]: ...

    @property
    def jurisdiction_limits(self) -> Callable[[], JurisdictionLimits]: ...

    @property
    def model_services(self) -> Callable[[], ModelServices]: ...

    @property
    def backtest_services(self) -> Callable[[], BacktestServices]: ...

    @property
    def pipeline_runner(self) -> Callable[[], PipelineRunner]: ...

    @property
    def workflow_worker(self) -> Callable[[], WorkerHost]: ...

    @property
    def pipeline_schedules(self) -> Callable[[], PipelineSchedules]: ...
