"""Assembling a MatchRecord from pipeline records: a fixture, its result and its 1X2 odds quotes.

Early price of a bookmaker: per selection, its latest non-closing 1X2 quote captured before kickoff
(without a kickoff time: captured on or before the match date, as a source's pre-match prices are).
Closing price: its closing quotes. A bookmaker is used only when it quotes all three selections with
valid odds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Protocol

from application.modelling.records import MatchRecord, PriceTriple, Quotes, TeamMatchStats
from domain.errors import InvalidOdds

SELECTIONS = ("home", "draw", "away")
MATCH_RESULT = "1x2"


class PriceLike(Protocol):
    """What assembly reads of an odds quote (application.pipeline SourcePrice and OddsQuote have it)."""

    @property
    def market(self) -> str: ...

    @property
    def selection(self) -> str: ...

    @property
    def bookmaker(self) -> str: ...

    @property
    def price(self) -> object: ...

    @property
    def captured_at(self) -> datetime: ...

    @property
    def is_closing(self) -> bool: ...


def match_record(
    *,
    fixture_id: str,
    league: str,
    season: str,
    match_date: date,
    kickoff: datetime | None,
    home_team: str,
    away_team: str,
    goals: tuple[int, int] | None,
    statistics: Mapping[str, float],
    quotes: Iterable[PriceLike],
    extras: tuple[tuple[str, float], ...] = (),
) -> MatchRecord:
    moment = _naive_utc(kickoff) if kickoff else datetime.combine(match_date, time())
    one_x_two = [q for q in quotes if str(q.market) == MATCH_RESULT]
    early = [q for q in one_x_two if not q.is_closing and _before_kickoff(q, kickoff, match_date)]
    closing = [q for q in one_x_two if q.is_closing]
    return MatchRecord(
        fixture_id=fixture_id,
        league=league,
        season=season,
        kickoff=moment,
        home_team=home_team,
        away_team=away_team,
        kickoff_time_known=kickoff is not None,
        home_goals=goals[0] if goals else None,
        away_goals=goals[1] if goals else None,
        home_stats=_stats(statistics, "home"),
        away_stats=_stats(statistics, "away"),
        early_prices=_triples(early),
        closing_prices=_triples(closing),
        extras=extras,
    )


def _stats(statistics: Mapping[str, float], side: str) -> TeamMatchStats:
    def read(name: str) -> float | None:
        value = statistics.get(f"{side}_{name}")
        return float(value) if value is not None and math.isfinite(float(value)) else None

    return TeamMatchStats(shots=read("shots"), shots_on_target=read("shots_on_target"), xg=read("xg"))


def _triples(quotes: Iterable[PriceLike]) -> Quotes:
    latest: dict[str, dict[str, PriceLike]] = {}
    for quote in sorted(quotes, key=lambda q: _naive_utc(q.captured_at)):
        latest.setdefault(quote.bookmaker, {})[str(quote.selection)] = quote
    triples: list[tuple[str, PriceTriple]] = []
    for bookmaker in sorted(latest):
        by_selection = latest[bookmaker]
        if all(selection in by_selection for selection in SELECTIONS):
            try:
                prices = [float(str(by_selection[s].price)) for s in SELECTIONS]
                triples.append((bookmaker, PriceTriple(*prices)))
            except (InvalidOdds, ValueError):
                continue
    return tuple(triples)


def _before_kickoff(quote: PriceLike, kickoff: datetime | None, match_date: date) -> bool:
    captured = _naive_utc(quote.captured_at)
    return captured < _naive_utc(kickoff) if kickoff else captured.date() <= match_date


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
