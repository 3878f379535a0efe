"""The HTML report of `stakewise evaluate --html FILE`, from the evaluation's JSON payload: the score table,
RPS by season for every model beside the market, and a calibration (reliability) diagram per model and
outcome. One self-contained file; the plots are matplotlib figures inlined as SVG."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from adapters.reports.svg import page, svg_plot

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

OUTCOMES = ("home", "draw", "away")
COLOURS = ("#1f5f99", "#b23a3a", "#3a8f5b", "#8a5fb2", "#c98a1b", "#4b5563", "#1b9aaa")


def write_evaluation_html(payload: Mapping[str, Any], path: Path) -> None:
    path.write_text(evaluation_html(payload), encoding="utf-8")


def evaluation_html(payload: Mapping[str, Any]) -> str:
    seasons = payload["seasons"]
    title = f"Walk-forward evaluation · {payload['league']} · {seasons[0]} to {seasons[-1]}"
    models = [row["model"] for row in payload["rows"]]
    parts = [
        f"<h1>{escape(title)}</h1>",
        f"<p class='note'>{payload['n_matches']} matches scored by every model and both market references; "
        "a lower RPS is better.</p>",
        _table(payload["rows"]),
        "<div class='plots'><h2>RPS by season</h2>",
        svg_plot(lambda ax: _rps_by_season(ax, payload, models), 7.5, 3.6),
        "<h2>Calibration</h2>",
    ]
    for model in models:
        curve = payload["calibration"].get(model, [])
        parts += [f"<h3>{escape(model)}</h3>", svg_plot(_calibration_of(curve), 5.0, 3.8)]
    parts.append("</div>")
    return page(escape(title), "\n".join(parts))


def _table(rows: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("model", "matches", "RPS", "log-loss", "Brier", "accuracy",
                                              "RPS vs market_early"))  # fmt: skip
    body = ""
    for row in rows:
        versus = row["rps_vs_market_early"]
        se = row["rps_vs_market_early_se"]
        difference = "—" if versus is None else f"{versus:+.4f}" + ("" if se is None else f" ± {se:.4f}")
        cells = (row["model"], str(row["n_matches"]), f"{row['rps']:.4f}", f"{row['log_loss']:.4f}",
                 f"{row['brier']:.4f}", f"{row['accuracy']:.3f}", difference)  # fmt: skip
        body += "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"
    return f"<table id='scores'><tr>{head}</tr>{body}</table>"


def _rps_by_season(ax: Any, payload: Mapping[str, Any], models: Sequence[str]) -> None:
    seasons = [entry["season"] for entry in payload["by_season"]]
    for index, model in enumerate(models):
        values = [
            next((row["rps"] for row in entry["rows"] if row["model"] == model), float("nan"))
            for entry in payload["by_season"]
        ]
        ax.plot(seasons, values, marker="o", markersize=3, label=model, color=COLOURS[index % len(COLOURS)])
    ax.set_ylabel("RPS")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize=7, ncol=2)


def _calibration_of(curve: Sequence[Mapping[str, Any]]) -> Callable[[Any], None]:
    return lambda ax: _calibration(ax, curve)


def _calibration(ax: Any, curve: Sequence[Mapping[str, Any]]) -> None:
    ax.plot([0, 1], [0, 1], color="#8a96a3", linestyle="--", linewidth=0.8)
    for index, outcome in enumerate(OUTCOMES):
        points = [entry for entry in curve if entry["outcome"] == outcome and entry["count"]]
        ax.plot([p["mean_forecast"] for p in points], [p["observed_frequency"] for p in points], marker="o",
                markersize=3, label=outcome, color=COLOURS[index])  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("observed frequency")
    ax.legend(fontsize=7)
