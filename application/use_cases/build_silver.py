"""Use case (silver + quarantine): turn one stored raw batch into clean facts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from application.errors import NotFound
from application.pipeline.context import ContextRecords, availability_records, weather_records
from application.pipeline.records import Fixture, QuarantinedRow, RawBatch
from application.pipeline.silver import (
    MatchRecords,
    TeamResolver,
    count_reasons,
    match_records,
    quarantined_rows,
)
from application.pipeline.sources import ParsedPayload, RawPayload
from application.ports.data_source_catalogue import DataSourceCatalogue
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork


@dataclass(frozen=True, slots=True)
class BuildSilverRequest:
    source: str
    batch_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class SilverReport:
    """What this run inserted or changed (a second run of the same batch reports zeros)."""

    batch_id: uuid.UUID
    locator: str
    fixtures: int = 0
    results: int = 0
    odds_rows: int = 0
    teams: int = 0
    weather: int = 0
    availability: int = 0
    quarantined: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    empty_rows: int = 0
    source_rows: int = 0


class BuildSilver:
    """Silver: parse a stored payload with its source and write its facts, quarantining what fails.

    Rules: the payload is read back from bronze (silver is always derived from a stored batch); every
    source row becomes silver rows or one quarantined row with its reason, never both and never neither
    (empty rows are only counted); team names go through the alias table; silver rows carry the batch that
    last changed them, and rows equal to the stored ones are left alone, so building the same batch again
    changes nothing; everything of one batch commits together or not at all. A payload unreadable as a
    whole raises PayloadError and writes nothing.
    """

    def __init__(self, unit_of_work: Callable[[], IngestionUnitOfWork], sources: DataSourceCatalogue) -> None:
        self._unit_of_work = unit_of_work
        self._sources = sources

    async def execute(self, request: BuildSilverRequest) -> SilverReport:
        batch = await self._batch(request.batch_id)
        payload = RawPayload(batch.source, batch.locator, batch.content, batch.fetched_at)
        parsed = self._sources.source(request.source).parse(payload)
        async with self._unit_of_work() as uow:
            report = await _write(uow, batch, parsed)
            await uow.commit()
        return report

    async def _batch(self, batch_id: uuid.UUID) -> RawBatch:
        async with self._unit_of_work() as uow:
            batch = await uow.raw_batches.get(batch_id)
        if batch is None:
            raise NotFound("raw batch", str(batch_id))
        return batch


async def _write(uow: IngestionUnitOfWork, batch: RawBatch, parsed: ParsedPayload) -> SilverReport:
    teams = TeamResolver(await uow.teams.aliases(), batch.source, parsed.aliases)
    stored_competitions = [competition.code for competition in await uow.competitions.competitions()]
    matches = match_records(parsed, batch.batch_id, teams, stored_competitions)
    new_teams = await _write_teams(uow, teams)
    counts = await _write_matches(uow, matches)
    availability = await availability_records(parsed.availability, batch.batch_id, teams, uow.fixtures)
    weather = await weather_records(parsed.weather, batch.batch_id, teams, uow.fixtures)
    context_counts = await _write_context(uow, availability, weather)
    quarantine = quarantined_rows([*matches.rejected, *availability.rejected, *weather.rejected],
                                  batch.batch_id, batch.source, batch.locator)  # fmt: skip
    new_rows = await _new_quarantine_rows(uow, batch, quarantine)
    await uow.quarantine.add(new_rows)
    rows = len(parsed.matches) + len(parsed.rejected) + len(parsed.availability) + len(parsed.weather)
    return SilverReport(batch.batch_id, batch.locator, *counts, new_teams, *context_counts, len(new_rows),
                        count_reasons(new_rows), parsed.empty_rows, rows)  # fmt: skip


async def _write_teams(uow: IngestionUnitOfWork, teams: TeamResolver) -> int:
    added = await uow.teams.add_teams(list(teams.new_teams.values()))
    await uow.teams.add_aliases(list(teams.new_aliases.values()))
    return added


async def _write_matches(uow: IngestionUnitOfWork, records: MatchRecords) -> tuple[int, int, int]:
    await uow.competitions.upsert_competitions(records.competitions)
    await uow.competitions.add_seasons(records.seasons)
    fixtures = await uow.fixtures.upsert_fixtures(await _keep_stored_facts(uow, records.fixtures))
    results = await uow.fixtures.upsert_results(records.results)
    odds = await uow.odds.upsert(records.odds)
    return fixtures, results, odds


async def _keep_stored_facts(uow: IngestionUnitOfWork, fixtures: list[Fixture]) -> list[Fixture]:
    """A source that does not know a fixture's kickoff does not erase it, nor move it to another season.

    Sources differ in what they know (football-data gives no kickoff time before 2019/20, The Odds API
    gives no season and derives it from the date): without this rule two sources would overwrite each
    other on every ingest and a re-run would never report zero changes.
    """
    stored = {
        fixture.fixture_id: fixture
        for fixture in await uow.fixtures.fixtures([f.fixture_id for f in fixtures])
    }
    return [_merged(fixture, stored.get(fixture.fixture_id)) for fixture in fixtures]


def _merged(incoming: Fixture, stored: Fixture | None) -> Fixture:
    if stored is None:
        return incoming
    return replace(incoming, season=stored.season, kickoff=incoming.kickoff or stored.kickoff)


async def _write_context(
    uow: IngestionUnitOfWork, availability: ContextRecords, weather: ContextRecords
) -> tuple[int, int]:
    return await uow.weather.upsert(weather.weather), await uow.availability.upsert(availability.availability)


async def _new_quarantine_rows(
    uow: IngestionUnitOfWork, batch: RawBatch, rows: list[QuarantinedRow]
) -> list[QuarantinedRow]:
    if not rows:
        return []
    stored = {row.row for row in await uow.quarantine.for_batch(batch.batch_id)}
    return [row for row in rows if row.row not in stored]
