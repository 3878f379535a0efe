"""An ingest pipeline on the in-memory unit of work, with the built-in plugins and a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from application.use_cases.ingest_source import IngestRequest, IngestSource, IngestSummary
from plugins.manager import BUILTIN_PLUGINS, PluginHost
from tests.fakes.container import memory_container, use_case

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tests.fakes.pipeline import InMemoryPipelineStore

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return NOW


@dataclass
class RecordingProgress:
    events: list[tuple[str, ...]] = field(default_factory=list)

    def started(self, source: str, payloads: int) -> None:
        self.events.append(("started", source, str(payloads)))

    def payload_done(self, locator: str, fixtures: int, quarantined: int) -> None:
        self.events.append(("done", locator, str(fixtures), str(quarantined)))

    def payload_rejected(self, locator: str, reason: str) -> None:
        self.events.append(("rejected", locator, reason))


def host(extra: Sequence[tuple[str, object]] = ()) -> PluginHost:
    plugins = PluginHost(entry_point_group=None, builtins=BUILTIN_PLUGINS)
    for name, plugin in extra:
        plugins.register(plugin, name, origin="test")
    return plugins


def ingest(
    store: InMemoryPipelineStore,
    source: str,
    locator: str,
    plugins: PluginHost | None = None,
    progress: RecordingProgress | None = None,
) -> IngestSummary:
    import asyncio

    catalogue = (plugins or host()).source_catalogue(FixedClock())
    container = memory_container(
        factories={"ingestion_unit_of_work": store.unit_of_work}, source_catalogue=catalogue
    )
    ingesting = use_case(container, IngestSource, progress=progress)
    return asyncio.run(ingesting.execute(IngestRequest(source, locator)))
