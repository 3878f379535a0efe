"""How `stakewise odds price` shows a priced fixture: the JSON document (keys documented in the README)
and a compact rich rendering."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table

from domain.lines import LineOutcome

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from application.use_cases.price_fixture import PriceFixtureResponse
    from domain.pricing import FixturePrices, LinePrices


def price_payload(response: PriceFixtureResponse) -> dict[str, Any]:
    prices = response.prices
    return {
        "inputs": {"home_xg": response.home_xg, "away_xg": response.away_xg, "rho": response.rho},
        **_match_markets(prices),
        "correct_score": _correct_score(prices),
        "totals": _ladder(prices.totals),
        "asian_handicap": _ladder(prices.asian_handicap),
    }


def render_prices(response: PriceFixtureResponse, console: Console) -> None:
    console.print(
        f"Dixon-Coles prices · home xG {response.home_xg:g} · away xG {response.away_xg:g} · "
        f"rho {response.rho:g}"
    )
    console.print(_match_table(response.prices))
    console.print(_ladder_table("Totals (over side)", response.prices.totals))
    console.print(_ladder_table("Asian handicap (home side)", response.prices.asian_handicap))
    console.print(_correct_score_table(response.prices))


def line_key(line: Decimal) -> str:
    return format(line, "g")


def _match_markets(prices: FixturePrices) -> dict[str, dict[str, float]]:
    result, chance = prices.match_result, prices.double_chance
    return {
        "1x2": {"home": result.home, "draw": result.draw, "away": result.away},
        "double_chance": {
            "home_draw": chance.home_draw,
            "home_away": chance.home_away,
            "draw_away": chance.draw_away,
        },
        "draw_no_bet": {"home": prices.draw_no_bet.home, "away": prices.draw_no_bet.away},
        "btts": {"yes": prices.both_teams_to_score.yes, "no": prices.both_teams_to_score.no},
    }


def _correct_score(prices: FixturePrices) -> dict[str, float]:
    scores = {f"{home}-{away}": p for home, away, p in prices.correct_score.scores}
    return {**scores, "other": prices.correct_score.other}


def _ladder(ladder: tuple[tuple[Decimal, LinePrices], ...]) -> dict[str, dict[str, float]]:
    return {
        line_key(line): {outcome.value: prices.probability(outcome) for outcome in LineOutcome}
        for line, prices in ladder
    }


def _match_table(prices: FixturePrices) -> Table:
    table = Table("market", "selection", "probability", "fair odds", box=box.SIMPLE_HEAD)
    for market, selections in _match_markets(prices).items():
        for selection, probability in selections.items():
            table.add_row(market, selection, f"{probability:.4f}", _odds(probability))
    return table


def _ladder_table(title: str, ladder: tuple[tuple[Decimal, LinePrices], ...]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("line", "win", "½ win", "push", "½ loss", "loss", "fair odds"):
        table.add_column(column, justify="right")
    for line, prices in ladder:
        cells = [f"{prices.probability(outcome):.4f}" for outcome in LineOutcome]
        table.add_row(line_key(line), *cells, _format_odds(prices.fair_odds))
    return table


def _correct_score_table(prices: FixturePrices) -> Table:
    score = prices.correct_score
    table = Table(
        title=f"Correct score (home down, away across) · other {score.other:.4f}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("")
    for away in range(score.max_goals + 1):
        table.add_column(str(away), justify="right")
    for home in range(score.max_goals + 1):
        row = [f"{p:.4f}" for h, _, p in score.scores if h == home]
        table.add_row(str(home), *row)
    return table


def _odds(probability: float) -> str:
    return _format_odds(1.0 / probability if probability > 0.0 else math.inf)


def _format_odds(odds: float) -> str:
    return f"{odds:.3f}" if math.isfinite(odds) else "-"
