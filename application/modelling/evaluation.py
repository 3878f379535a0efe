"""Scoring a walk-forward: every model beside the market's early and closing prices, on the same matches.

The scored matches are the played fixtures of the scored seasons that every model forecast and that have
both an early and a closing 1X2 price. market_early and market_closing are those prices de-vigged by
normalising 1/odds, from the first bookmaker of PRICE_PREFERENCE that quotes them (Pinnacle first).
Each model row carries its mean per-match RPS difference to market_early with the paired standard error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from application.modelling.records import PRICE_PREFERENCE, MatchRecord, preferred_quote
from application.modelling.walk_forward import WalkForwardRun
from domain.scoring import (
    CalibrationBin,
    calibration_curve,
    paired_difference,
    ranked_probability_score,
    score_forecasts,
)

MARKET_EARLY = "market_early"
MARKET_CLOSING = "market_closing"
Probabilities = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class MarketReference:
    """A market row: `kind` early or closing, from one bookmaker or (None) the preferred one quoting."""

    label: str
    kind: str
    bookmaker: str | None = None


STANDARD_MARKETS = (MarketReference(MARKET_EARLY, "early"), MarketReference(MARKET_CLOSING, "closing"))


@dataclass(frozen=True, slots=True)
class ScoreRow:
    model: str
    n_matches: int
    rps: float
    log_loss: float
    brier: float
    accuracy: float
    rps_vs_market_early: float | None = None
    rps_vs_market_early_se: float | None = None


@dataclass(frozen=True, slots=True)
class SeasonScores:
    season: str
    rows: tuple[ScoreRow, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    rows: tuple[ScoreRow, ...]
    by_season: tuple[SeasonScores, ...]
    calibration: dict[str, list[CalibrationBin]]
    fixture_ids: tuple[str, ...]


def scored_matches(
    run: WalkForwardRun,
    seasons: Sequence[str],
    models: Sequence[str],
    markets: Sequence[MarketReference] = STANDARD_MARKETS,
) -> list[MatchRecord]:
    return [
        m
        for m in run.fixtures
        if m.season in seasons
        and m.played
        and all(m.fixture_id in run.forecasts.get(name, {}) for name in models)
        and all(_market_probabilities(m, market) is not None for market in markets)
    ]


def evaluate(
    run: WalkForwardRun,
    seasons: Sequence[str],
    models: Sequence[str],
    markets: Sequence[MarketReference] = STANDARD_MARKETS,
) -> Evaluation:
    matches = scored_matches(run, seasons, models, markets)
    table = _forecast_table(run, matches, models, markets)
    by_season = tuple(
        SeasonScores(season, _rows(table, [m for m in matches if m.season == season]))
        for season in seasons
        if any(m.season == season for m in matches)
    )
    outcomes = [int(m.outcome) for m in matches]
    calibration = {
        name: calibration_curve(list(forecasts.values()), outcomes) for name, forecasts in table.items()
    }
    return Evaluation(_rows(table, matches), by_season, calibration, tuple(m.fixture_id for m in matches))


def _forecast_table(
    run: WalkForwardRun,
    matches: Sequence[MatchRecord],
    models: Sequence[str],
    markets: Sequence[MarketReference],
) -> dict[str, dict[str, Probabilities]]:
    table = {
        name: {m.fixture_id: run.forecasts[name][m.fixture_id].probabilities for m in matches}
        for name in models
    }
    for market in markets:
        table[market.label] = {m.fixture_id: _checked_market(m, market) for m in matches}
    return table


def _market_probabilities(match: MatchRecord, market: MarketReference) -> Probabilities | None:
    quotes = match.early_prices if market.kind == "early" else match.closing_prices
    if market.bookmaker is None:
        quote = preferred_quote(quotes, PRICE_PREFERENCE)
    else:
        quote = dict(quotes).get(market.bookmaker)
    return quote.fair_probabilities() if quote else None


def _checked_market(match: MatchRecord, market: MarketReference) -> Probabilities:
    probabilities = _market_probabilities(match, market)
    if probabilities is None:
        raise AssertionError("scored_matches keeps only matches with every market's price")
    return probabilities


def _rows(table: dict[str, dict[str, Probabilities]], matches: Sequence[MatchRecord]) -> tuple[ScoreRow, ...]:
    if not matches:
        return ()
    outcomes = [int(m.outcome) for m in matches]
    ids = [m.fixture_id for m in matches]
    reference = [
        ranked_probability_score(table[MARKET_EARLY][i], o) for i, o in zip(ids, outcomes, strict=True)
    ]
    rows = []
    for name, forecasts in table.items():
        series = [forecasts[i] for i in ids]
        scores = score_forecasts(series, outcomes)
        difference = None
        if name != MARKET_EARLY and len(ids) > 1:
            per_match = [ranked_probability_score(f, o) for f, o in zip(series, outcomes, strict=True)]
            difference = paired_difference(per_match, reference)
        rows.append(
            ScoreRow(
                model=name,
                n_matches=scores.n,
                rps=scores.rps,
                log_loss=scores.log_loss,
                brier=scores.brier,
                accuracy=scores.accuracy,
                rps_vs_market_early=difference.mean
                if difference
                else (0.0 if name == MARKET_EARLY else None),
                rps_vs_market_early_se=difference.standard_error if difference else None,
            )
        )
    return tuple(rows)
