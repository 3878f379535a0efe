"""The HTML report of a backtest, from its JSON document (docs/backtest.md).

One self-contained file: headline figures, the bankroll curve, the drawdown, the CLV histogram, the
calibration (reliability) diagram of the strategy's probabilities of the bets, ROI by edge bucket, and the
season table. The plots are matplotlib figures inlined as SVG.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from adapters.reports.svg import page, svg_plot

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

BLUE, RED, GREY = "#1f5f99", "#b23a3a", "#8a96a3"


def write_backtest_html(document: Mapping[str, Any], path: Path) -> None:
    path.write_text(backtest_html(document), encoding="utf-8")


def backtest_html(document: Mapping[str, Any]) -> str:
    title = f"Backtest {document['strategy']} · {', '.join(document['leagues'])} · {seasons_run(document)}"
    body = "\n".join([
        f"<h1>{escape(title)}</h1>",
        _settings(document),
        _headline(document),
        "<div class='plots'>",
        "<h2>Bankroll</h2>", svg_plot(lambda ax: _bankroll(ax, document)),
        "<h2>Drawdown</h2>", svg_plot(lambda ax: _drawdown(ax, document)),
        "<h2>Closing-line value of the bets</h2>", svg_plot(lambda ax: _clv_histogram(ax, document)),
        "<h2>Calibration of the strategy's probabilities</h2>",
        svg_plot(lambda ax: _calibration(ax, document), 5.0, 4.0),
        "<h2>ROI by edge bucket</h2>", svg_plot(lambda ax: _roi_by_edge(ax, document)),
        "</div>",
        "<h2>By season</h2>", _table(document["by_season"], "season"),
        "<h2>By league</h2>", _table(document["by_league"], "league"),
        "<h2>CLV by edge bucket (expected value at the price taken)</h2>",
        _table(document["by_edge"], "edge"),
        _notes(document),
    ])  # fmt: skip
    return page(escape(title), body)


def seasons_run(document: Mapping[str, Any]) -> str:
    """The first and last season actually run (the window asked for may reach beyond the data)."""
    seasons = sorted({unit["season"] for unit in document["units"]})
    if not seasons:
        return f"{document['first_season']} to {document['last_season']}"
    return f"{seasons[0]} to {seasons[-1]}"


def _settings(document: Mapping[str, Any]) -> str:
    parameters = ", ".join(f"{k}={v}" for k, v in sorted(document["strategy_parameters"].items()))
    return (
        f"<p class='note'>Staking: {escape(document['staking'])}; bankroll {escape(document['bankroll'])} "
        f"per league-season; strategy parameters: {escape(parameters)}. "
        f"Generated {escape(document['created_at'])}"
        + (f"; stored as {escape(document['backtest_id'])}" if document["backtest_id"] else "")
        + ".</p>"
    )


def _headline(document: Mapping[str, Any]) -> str:
    ci = document["roi_ci"]
    items = [
        ("bets", "Bets", str(document["bets"])),
        ("staked", "Turnover", f"{document['staked']:.2f}"),
        ("profit", "Profit", f"{document['profit']:.2f}"),
        ("roi", "ROI", _pct(document["roi"])),
        ("roi-ci", "ROI 95 % interval", f"{_pct(ci[0])} to {_pct(ci[1])}" if ci else "—"),
        ("yield", "Yield on capital", _pct(document["yield"])),
        ("max-drawdown", "Max drawdown", f"{100 * document['max_drawdown']:.2f} %"),
        ("sharpe", "Sharpe (daily)", _num(document["sharpe"])),
        ("hit-rate", "Hit rate", _pct(document["hit_rate"])),
        ("average-odds", "Average odds", _num(document["average_odds"])),
        ("clv-mean", "Mean CLV", _pct(document["clv_mean"])),
        ("clv-positive", "CLV > 0", _pct(document["clv_positive_share"])),
    ]
    cells = "".join(
        f"<div id='{key}'><dt>{label}</dt><dd>{escape(value)}</dd></div>" for key, label, value in items
    )
    return f"<dl class='figures'>{cells}</dl>"


def _table(rows: Sequence[Mapping[str, Any]], what: str) -> str:
    head = "".join(f"<th>{h}</th>" for h in (what, "bets", "turnover", "profit", "ROI", "hit rate",
                                              "avg odds", "mean CLV", "CLV > 0", "no close"))  # fmt: skip
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in (
            str(r["key"]), str(r["bets"]), f"{r['staked']:.2f}", f"{r['profit']:.2f}", _pct(r["roi"]),
            _pct(r["hit_rate"]), _num(r["average_odds"]), _pct(r["clv_mean"]),
            _pct(r["clv_positive_share"]), str(r["without_close"]))) + "</tr>"
        for r in rows
    )  # fmt: skip
    return f"<table><tr>{head}</tr>{body}</table>"


def _notes(document: Mapping[str, Any]) -> str:
    ci = document["roi_ci"]
    if not ci:
        verdict = "Too few bets for an interval on the ROI."
    elif ci[0] > 0:
        verdict = "The whole 95 % interval of the ROI is above zero."
    elif ci[1] < 0:
        verdict = "The whole 95 % interval of the ROI is below zero."
    else:
        verdict = "The 95 % interval of the ROI contains zero: the profit is not distinguishable from luck."
    return (
        f"<p class='note'>{verdict} CLV = odds taken × fair closing probability − 1 (Pinnacle's closing "
        f"price de-vigged by Shin, else the market average's); {document['without_close']} bets had no "
        "closing price and are left out of the CLV figures.</p>"
    )


def _bankroll(ax: Any, document: Mapping[str, Any]) -> None:
    days, balances = _series(document, "balance")
    ax.plot(days, balances, color=BLUE, linewidth=1.2)
    ax.axhline(document["capital"], color=GREY, linewidth=0.8, linestyle="--")
    ax.set_ylabel("bankroll")


def _drawdown(ax: Any, document: Mapping[str, Any]) -> None:
    days, drawdowns = _series(document, "drawdown")
    ax.fill_between(days, [-100 * d for d in drawdowns], 0, color=RED, alpha=0.5, linewidth=0)
    ax.set_ylabel("drawdown (%)")


def _series(document: Mapping[str, Any], field: str) -> tuple[list[date], list[float]]:
    curve = document["curve"] or [{"day": document["created_at"][:10], "balance": document["capital"],
                                   "drawdown": 0.0}]  # fmt: skip
    return [date.fromisoformat(p["day"]) for p in curve], [float(p[field]) for p in curve]


def _clv_histogram(ax: Any, document: Mapping[str, Any]) -> None:
    values = [100 * bet["clv"] for bet in document["bet_list"] if bet["clv"] is not None]
    ax.hist(values or [0.0], bins=40, color=BLUE, alpha=0.85)
    ax.axvline(0, color=RED, linewidth=1)
    ax.set_xlabel("CLV (%)")
    ax.set_ylabel("bets")


def _calibration(ax: Any, document: Mapping[str, Any]) -> None:
    points = document["calibration"]
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", linewidth=0.8)
    ax.scatter([p["mean_probability"] for p in points], [p["won_share"] for p in points],
               s=[12 + 3 * p["bets"] ** 0.5 for p in points], color=BLUE)  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("strategy probability of the bet")
    ax.set_ylabel("share won")


def _roi_by_edge(ax: Any, document: Mapping[str, Any]) -> None:
    rows = document["by_edge"]
    values = [100 * (r["roi"] or 0.0) for r in rows]
    ax.bar([r["key"] for r in rows], values, color=[BLUE if v >= 0 else RED for v in values])
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.set_ylabel("ROI (%)")
    ax.set_xlabel("expected value at the price taken")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:+.2f} %"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
