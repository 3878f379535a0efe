"""Use case: ingest everything behind a locator from one data source (bronze, then silver, per payload)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from application.pipeline.sources import PayloadError
from application.ports.data_source_catalogue import DataSourceCatalogue
from application.ports.ingest_progress import IngestProgress
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork
from application.use_cases.build_silver import BuildSilver, BuildSilverRequest, SilverReport
from application.use_cases.store_raw_payload import StoreRawPayload, StoreRawPayloadRequest


@dataclass(frozen=True, slots=True)
class IngestRequest:
    source: str
    locator: str


@dataclass(frozen=True, slots=True)
class RejectedPayload:
    locator: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """Counts of what this run inserted or changed, and `total_fixtures` stored after it."""

    source: str
    locator: str
    payloads: int
    new_batches: int
    fixtures: int
    results: int
    odds_rows: int
    teams: int
    weather: int
    availability: int
    quarantined: int
    quarantined_by_reason: dict[str, int]
    empty_rows: int
    source_rows: int
    total_fixtures: int
    rejected_payloads: tuple[RejectedPayload, ...] = field(default=())


class SilentIngestProgress:
    def started(self, source: str, payloads: int) -> None:
        return None

    def payload_done(self, locator: str, fixtures: int, quarantined: int) -> None:
        return None

    def payload_rejected(self, locator: str, reason: str) -> None:
        return None


class IngestSource:
    """Ingest a locator (a file, a directory, a URL) through a named data source.

    Rules: each payload is stored in bronze first, then built into silver in a transaction of its own, so
    one bad file never leaves half of itself behind and never blocks the others; a payload unreadable as a
    whole is reported as rejected (its raw bytes stay in bronze, as received) and nothing of it reaches
    silver; a locator that cannot be read at all (missing file, HTTP error) is an error before anything is
    stored. The counts are what this run inserted or changed: ingesting the same data again reports zero
    fixtures and zero odds rows and leaves total_fixtures unchanged.
    """

    def __init__(
        self,
        unit_of_work: Callable[[], IngestionUnitOfWork],
        sources: DataSourceCatalogue,
        bronze: StoreRawPayload,
        silver: BuildSilver,
        progress: IngestProgress | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._sources = sources
        self._bronze, self._silver = bronze, silver
        self._progress = progress or SilentIngestProgress()

    async def execute(self, request: IngestRequest) -> IngestSummary:
        payloads = list(self._sources.source(request.source).fetch(request.locator))
        self._progress.started(request.source, len(payloads))
        reports: list[SilverReport] = []
        rejected: list[RejectedPayload] = []
        new_batches = 0
        for payload in payloads:
            stored = await self._bronze.execute(StoreRawPayloadRequest(payload))
            new_batches += stored.new
            try:
                report = await self._silver.execute(BuildSilverRequest(request.source, stored.batch_id))
            except PayloadError as error:
                rejected.append(RejectedPayload(payload.locator, error.reason))
                self._progress.payload_rejected(payload.locator, error.reason)
                continue
            reports.append(report)
            self._progress.payload_done(payload.locator, report.fixtures, report.quarantined)
        return _summary(request, len(payloads), new_batches, reports, rejected, await self._total_fixtures())

    async def _total_fixtures(self) -> int:
        async with self._unit_of_work() as uow:
            return await uow.fixtures.count()


def _summary(
    request: IngestRequest,
    payloads: int,
    new_batches: int,
    reports: list[SilverReport],
    rejected: list[RejectedPayload],
    total_fixtures: int,
) -> IngestSummary:
    reasons: Counter[str] = Counter()
    for report in reports:
        reasons.update(report.quarantined_by_reason)
    return IngestSummary(
        source=request.source,
        locator=request.locator,
        payloads=payloads,
        new_batches=new_batches,
        fixtures=sum(report.fixtures for report in reports),
        results=sum(report.results for report in reports),
        odds_rows=sum(report.odds_rows for report in reports),
        teams=sum(report.teams for report in reports),
        weather=sum(report.weather for report in reports),
        availability=sum(report.availability for report in reports),
        quarantined=sum(report.quarantined for report in reports),
        quarantined_by_reason=dict(sorted(reasons.items())),
        empty_rows=sum(report.empty_rows for report in reports),
        source_rows=sum(report.source_rows for report in reports),
        total_fixtures=total_fixtures,
        rejected_payloads=tuple(rejected),
    )
