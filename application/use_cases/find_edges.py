"""Use case: the edge of every priced selection at its best price, filtered for betting."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from application.modelling.market_probabilities import DOUBLE_CHANCE
from application.portfolio.selections import MarketKey, PricedSelection, SelectionKey
from application.ports.prediction_store import EdgeRow, PredictionStore
from domain.edges import edge, expected_value
from domain.errors import DevigError, DomainError, InvalidProbability
from domain.margin import DevigMethod, devig
from domain.odds import Odds
from domain.staking import kelly_fraction

PROBABILITY_TOLERANCE = 1e-3  # probabilities rounded in a file may sum a little above 1
OVERLAPPING = frozenset({DOUBLE_CHANCE})  # markets whose selections are not mutually exclusive


@dataclass(frozen=True, slots=True)
class BookmakerPrice:
    """A bookmaker's price for a selection."""

    bookmaker: str
    odds: Odds
    captured_at: datetime | None = None  # when the price was stored, where known


@dataclass(frozen=True, slots=True)
class EdgeFilters:
    """Which selections are worth betting.

    Defaults: a positive expected value at the best price, no floor on the edge against the market, a model
    probability of at least 2 %, prices up to 50 (higher ones are ignored).
    """

    min_expected_value: float = 0.0
    min_edge: float | None = None
    min_probability: float = 0.02
    max_odds: Decimal = Decimal(50)


# every priced outcome, whatever its value: what the pipeline stores (line shopping over every selection)
EVERY_OUTCOME = EdgeFilters(min_expected_value=-math.inf, min_probability=0.0)


@dataclass(frozen=True, slots=True)
class SelectionEdge:
    """One outcome: the model's probability, every usable price (best first), EV at the best price, and the
    edge against the de-vigged market when some bookmaker prices the whole market."""

    key: SelectionKey
    competition: str
    correlation_group: str | None
    probability: float
    quotes: tuple[BookmakerPrice, ...]
    expected_value: float
    fair_probability: float | None
    edge: float | None
    model: str | None = None  # whose probability it is, where stakewise priced it
    model_version: int | None = None

    @property
    def best(self) -> BookmakerPrice:
        return self.quotes[0]

    def price_at(self, bookmaker: str) -> Odds | None:
        return next((quote.odds for quote in self.quotes if quote.bookmaker == bookmaker), None)


@dataclass(frozen=True, slots=True)
class FindEdgesRequest:
    selections: tuple[PricedSelection, ...]
    filters: EdgeFilters = field(default_factory=EdgeFilters)
    devig_method: DevigMethod = DevigMethod.MULTIPLICATIVE


@dataclass(frozen=True, slots=True)
class FindEdgesResponse:
    edges: tuple[SelectionEdge, ...]
    outcomes: int
    excluded: Mapping[str, int]


class FindEdges:
    """For each outcome: the model's probability, the best price across bookmakers, EV and edge.

    Rules:
    - every row of one outcome carries the same probability, competition and correlation group, and a
      bookmaker prices an outcome at most once; otherwise the input is refused, naming the outcome;
    - the selections of one market (fixture, market, line) are mutually exclusive: their probabilities
      may not sum to more than 1;
    - prices above the maximum odds are ignored; the best price is the highest remaining one;
    - expected value = probability × best price − 1;
    - edge = model probability / fair probability − 1, where the fair probability is the average of the
      de-vigged probabilities of every bookmaker that prices each selection seen in that market (with a
      margin); without such a bookmaker the edge is unknown;
    - kept: EV above the minimum, probability at least the minimum, edge at least the minimum when one is
      set (an unknown edge then fails); the answer lists kept outcomes by descending EV.
    """

    def execute(self, request: FindEdgesRequest) -> FindEdgesResponse:
        by_outcome = _group_rows(request.selections)
        _check_markets(by_outcome)
        fair = _fair_probabilities(by_outcome, request.devig_method)
        excluded: Counter[str] = Counter()
        edges: list[SelectionEdge] = []
        for key, rows in by_outcome.items():
            found = _edge_of(key, rows, fair.get(key), request.filters)
            if isinstance(found, str):
                excluded[found] += 1
            else:
                edges.append(found)
        edges.sort(key=lambda e: (-e.expected_value, e.key))
        return FindEdgesResponse(tuple(edges), len(by_outcome), dict(excluded))


def _group_rows(rows: Iterable[PricedSelection]) -> dict[SelectionKey, list[PricedSelection]]:
    grouped: dict[SelectionKey, list[PricedSelection]] = defaultdict(list)
    for row in rows:
        same = grouped[row.key]
        if same:
            _check_consistent(same[0], row)
        grouped[row.key].append(row)
    return grouped


def _check_consistent(first: PricedSelection, row: PricedSelection) -> None:
    where = row.key.describe()
    if abs(first.probability - row.probability) > 1e-9:
        raise InvalidProbability(
            f"probability of {where} differs between rows ({first.probability}, {row.probability})"
        )
    if first.competition != row.competition:
        raise DomainError(
            f"competition of {where} differs between rows ({first.competition}, {row.competition})"
        )
    if first.correlation_group != row.correlation_group:
        raise DomainError(f"correlation_group of {where} differs between rows")
    if first.bookmaker == row.bookmaker:
        raise DomainError(f"two prices from {row.bookmaker} for {where}")


def _check_markets(by_outcome: Mapping[SelectionKey, Sequence[PricedSelection]]) -> None:
    totals: dict[MarketKey, float] = defaultdict(float)
    for key, rows in by_outcome.items():
        if key.market not in OVERLAPPING:
            totals[key.market_key] += rows[0].probability
    for market, total in totals.items():
        if total > 1.0 + PROBABILITY_TOLERANCE:
            line = "" if market.line is None else f" line {market.line}"
            raise InvalidProbability(
                f"probabilities of {market.fixture} {market.market}{line} sum to {total:.6f}: the selections "
                "of one market must be mutually exclusive (sum at most 1)"
            )


def _fair_probabilities(
    by_outcome: Mapping[SelectionKey, Sequence[PricedSelection]], method: DevigMethod
) -> dict[SelectionKey, float]:
    markets: dict[MarketKey, list[SelectionKey]] = defaultdict(list)
    for key in by_outcome:
        if key.market not in OVERLAPPING:
            markets[key.market_key].append(key)
    fair: dict[SelectionKey, float] = {}
    for keys in markets.values():
        fair.update(_fair_for_market(keys, by_outcome, method))
    return fair


def _fair_for_market(
    keys: Sequence[SelectionKey],
    by_outcome: Mapping[SelectionKey, Sequence[PricedSelection]],
    method: DevigMethod,
) -> dict[SelectionKey, float]:
    if len(keys) < 2:
        return {}
    prices = {key: {row.bookmaker: row.odds for row in by_outcome[key]} for key in keys}
    complete = set.intersection(*(set(book) for book in prices.values()))
    estimates: list[tuple[float, ...]] = []
    for bookmaker in sorted(complete):
        try:
            estimates.append(devig([prices[key][bookmaker] for key in keys], method).probabilities)
        except DevigError:
            continue
    if not estimates:
        return {}
    return {key: sum(e[i] for e in estimates) / len(estimates) for i, key in enumerate(keys)}


def _edge_of(
    key: SelectionKey, rows: Sequence[PricedSelection], fair: float | None, filters: EdgeFilters
) -> SelectionEdge | str:
    first = rows[0]
    quotes = sorted(
        (
            BookmakerPrice(row.bookmaker, row.odds, row.captured_at)
            for row in rows
            if row.odds.decimal <= filters.max_odds
        ),
        key=lambda q: (-q.odds.decimal, q.bookmaker),
    )
    if not quotes:
        return "every price above the maximum odds"
    value = expected_value(first.probability, quotes[0].odds)
    edge_value = None if fair is None else edge(first.probability, fair)
    found = SelectionEdge(
        key=key,
        competition=first.competition,
        correlation_group=first.correlation_group,
        probability=first.probability,
        quotes=tuple(quotes),
        expected_value=value,
        fair_probability=fair,
        edge=edge_value,
        model=first.model,
        model_version=first.model_version,
    )
    return rejection(found, filters) or found


def rejection(found: SelectionEdge, filters: EdgeFilters) -> str | None:
    """Why an outcome is not worth betting under these filters, or None when it is."""
    if found.probability < filters.min_probability:
        return "probability below the minimum"
    if found.expected_value <= filters.min_expected_value:
        return "expected value not above the minimum"
    if filters.min_edge is not None and (found.edge is None or found.edge < filters.min_edge):
        return "edge below the minimum or unknown"
    return None


class RecordEdges:
    """Find the edge of every priced outcome, store each at its best price, and answer the ones worth betting.

    Rules:
    - line shopping: each outcome is stored once per run at its best price across bookmakers (the highest,
      a bookmaker's name breaking ties), with that price's bookmaker and capture time, the model version
      and its probability, the expected value, the edge against the de-vigged market (where known) and
      the Kelly fraction; an equal edge stored before is not stored again;
    - outcomes without a model version (a partner's proposals) are not stored;
    - the answer is FindEdges' under the request's filters.
    """

    def __init__(self, store: PredictionStore, find_edges: FindEdges) -> None:
        self._store, self._find_edges = store, find_edges

    async def execute(self, request: FindEdgesRequest) -> FindEdgesResponse:
        every = self._find_edges.execute(
            replace(request, filters=replace(EVERY_OUTCOME, max_odds=request.filters.max_odds))
        )
        await self._store.store_edges([_edge_row(found) for found in every.edges if found.model is not None])
        return self._find_edges.execute(request)


def _edge_row(found: SelectionEdge) -> EdgeRow:
    key, best = found.key, found.best
    if found.model is None or found.model_version is None:
        raise AssertionError("an edge row is made from a model's edge")
    kelly = kelly_fraction(found.probability, best.odds)
    return EdgeRow(found.model, found.model_version, key.fixture, key.market, key.line, key.selection,
                   best.bookmaker, best.odds.decimal, best.captured_at, found.probability,
                   found.expected_value, found.edge, kelly)  # fmt: skip
