"""In-memory predictions, edges and latest prices (the same contract tests as the PostgreSQL adapters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from application.errors import NotFound
from application.ports.latest_prices import LatestPrice
from application.ports.prediction_store import ChampionPrediction, EdgeRow, PredictionRow

if TYPE_CHECKING:
    from collections.abc import Sequence

# model, version, fixture, market, line, selection
PredictionKey = tuple[str, int, str, str, Decimal | None, str]


@dataclass(frozen=True, slots=True)
class FixtureFacts:
    competition: str
    kickoff_at: datetime | None
    finished: bool = False


@dataclass
class InMemoryPredictionStore:
    """`models` maps (name, version) to the stage; `fixtures` what a quote needs to know of each fixture."""

    models: dict[tuple[str, int], str] = field(default_factory=dict)
    fixtures: dict[str, FixtureFacts] = field(default_factory=dict)
    predictions: dict[PredictionKey, tuple[float, int]] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)
    _stored: int = 0

    async def store_predictions(self, model: str, version: int, rows: Sequence[PredictionRow]) -> int:
        if (model, version) not in self.models:
            raise NotFound("model", f"{model} v{version}")
        for row in rows:
            self._stored += 1
            key = (model, version, row.fixture_id, row.market, row.line, row.selection)
            self.predictions[key] = (row.probability, self._stored)
        return len(rows)

    async def store_edges(self, rows: Sequence[EdgeRow]) -> int:
        written = 0
        for row in rows:
            if (row.model, row.version) not in self.models:
                raise NotFound("model", f"{row.model} v{row.version}")
            if any(_identity(edge) == _identity(row) for edge in self.edges):
                continue
            self.edges.append(row)
            written += 1
        return written

    async def champion_predictions(self, fixture_ids: Sequence[str]) -> list[ChampionPrediction]:
        found: list[ChampionPrediction] = []
        for fixture_id in dict.fromkeys(fixture_ids):
            rows = [(key, value) for key, value in self.predictions.items()
                    if key[2] == fixture_id and self.models.get(key[:2]) == "champion"]  # fmt: skip
            facts = self.fixtures.get(fixture_id)
            if not rows or facts is None:
                continue
            latest = max(rows, key=lambda item: (item[1][1], item[0][0], -item[0][1]))[0][:2]
            found += [_champion(fixture_id, facts, key, value[0]) for key, value in rows if key[:2] == latest]
        return sorted(found, key=lambda p: (p.fixture_id, p.market, p.line or 0, p.selection))


def _champion(
    fixture_id: str, facts: FixtureFacts, key: PredictionKey, probability: float
) -> ChampionPrediction:
    model, version, _, market, line, selection = key
    return ChampionPrediction(fixture_id, facts.competition, facts.kickoff_at, facts.finished, model, version,
                              market, line, selection, probability)  # fmt: skip


def _identity(edge: EdgeRow) -> tuple[object, ...]:
    return (edge.model, edge.version, edge.fixture_id, edge.market, edge.line, edge.selection, edge.bookmaker,
            edge.price, edge.captured_at)  # fmt: skip


@dataclass
class InMemoryLatestPrices:
    quotes: list[LatestPrice] = field(default_factory=list)

    async def latest(self, fixture_ids: Sequence[str], at: datetime | None = None) -> list[LatestPrice]:
        wanted = set(fixture_ids)
        best: dict[tuple[str, str, Decimal | None, str, str], LatestPrice] = {}
        for quote in self.quotes:
            if quote.fixture_id not in wanted or (at is not None and quote.captured_at > at):
                continue
            key = (quote.fixture_id, quote.market, quote.line, quote.selection, quote.bookmaker)
            held = best.get(key)
            if held is None or (quote.captured_at, quote.is_closing) > (held.captured_at, held.is_closing):
                best[key] = quote
        return list(best.values())
