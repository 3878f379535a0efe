"""What the command line needs from the composition root: its use cases by type, and its services."""

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
    from adapters.use_cases import UseCaseFactories
    from plugins.manager import PluginHost


class CliServices(Protocol):
    @property
    def use_cases(self) -> Callable[[], UseCaseFactories]:
        """The use cases, by type: `services.use_cases()(DevigMarket)`."""
        ...

    @property
    def database_migrations(self) -> Callable[[], Migrations]: ...

    @property
    def settings_rows(self) -> Callable[[], list[dict[str, Any]]]: ...

    @property
    def settings_table(self) -> Callable[[], str]: ...

    @property
    def api_server(self) -> Callable[[], ApiServer]: ...

    @property
    def embedded_services(self) -> Callable[[], ServiceControl]: ...

    @property
    def plugin_host(self) -> Callable[[], PluginHost]: ...

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
