"""Benchmark of the prediction models on real data: walk-forward scores beside the market, and fit speed.

    .venv/bin/python -m bench.models                     # E0 2012/13-2024/25, D1 and F1 2012/13-2023/24
    .venv/bin/python -m bench.models --leagues E0 --ablations

For each league, every model is walk-forward forecast (weekly blocks, each model refitted on its own
cadence, two warm-up seasons) and scored on exactly the same matches as the market rows: market_early
(Pinnacle's early price, else Bet365's, de-vigged by normalisation), market_closing (Pinnacle's closing
price), market_early:bet365. Each model row shows its mean RPS difference to market_early and the
paired standard error. The checks: dixon-coles within 0.008 RPS of the closing price; blend not worse
than the market model it builds on by more than 0.0003.

--ablations adds lightgbm variants without some feature groups (on the first league only), to show
which features move it. The last table times one dixon-coles fit on one season next to penaltyblog's
Dixon-Coles (installed in its own environment, BENCH_VENV, default /tmp/bench-venv:
`python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install penaltyblog`).

Data: ../shared/data/football-data (football-data.co.uk, credit them); skipped with a message if absent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from adapters.files.match_history import SourceMatchHistory
from application.modelling.evaluation import MARKET_CLOSING, STANDARD_MARKETS, MarketReference, ScoreRow
from application.modelling.runs import resolve_models, scored_walk_forward, season_window, seasons_before
from application.modelling.walk_forward import WalkForwardPlan
from application.ports.prediction_model import (
    FittedModel,
    JsonValue,
    Parameters,
    PredictionModel,
    TrainingSet,
)
from plugins.builtin.models.dixon_coles import DixonColes, FittedDixonColes, log_likelihood
from plugins.builtin.models.goal_glm import goal_data
from plugins.manager import PluginHost

if TYPE_CHECKING:
    from collections.abc import Sequence

    from application.modelling.records import MatchRecord
    from application.ports.progress import ProgressTask

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "football-data"
LEAGUES = {
    "E0": ("2012-2013", "2024-2025"),
    "D1": ("2012-2013", "2023-2024"),
    "F1": ("2012-2013", "2023-2024"),
}
MODELS = ("dixon-coles", "negative-binomial", "lightgbm", "blend", "market")
CLOSING_TARGET = 0.008
BLEND_TOLERANCE = 0.0003
TIMING_SEASON = ("E0", "2023-2024")
BENCH_VENV = Path(os.environ.get("BENCH_VENV", "/tmp/bench-venv"))  # noqa: S108  a reusable venv; BENCH_VENV moves it
MARKET_FEATURES = ["market_home", "market_draw", "market_away", "market_overround"]
SHOTS = [
    f"{side}_{stat}"
    for side in ("home", "away")
    for stat in ("shots_for", "shots_against", "on_target_for", "on_target_against")
]
REST = [
    f"{side}_{name}"
    for side in ("home", "away")
    for name in ("rest_days", "matches_7d", "matches_14d", "matches_28d", "matches_365d")
]
RATINGS = [
    "elo_home",
    "elo_away",
    "elo_difference",
    "elo_home_expectation",
    "pi_home",
    "pi_away",
    "pi_expected_goal_difference",
]
ABLATIONS: dict[str, dict[str, JsonValue]] = {
    "lightgbm[no offset]": {"market_offset": False},
    "lightgbm[-market]": {"exclude": list[JsonValue](MARKET_FEATURES)},
    "lightgbm[-shots]": {"exclude": list[JsonValue](SHOTS)},
    "lightgbm[-rest,congestion]": {"exclude": list[JsonValue](REST)},
    "lightgbm[-ratings]": {"exclude": list[JsonValue](RATINGS)},
}  # fmt: skip


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class TimedModel:
    """A model whose fits are counted in seconds (for the table's fit-time column)."""

    model: PredictionModel
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def parameters(self) -> Parameters:
        return self.model.parameters

    @property
    def components(self) -> tuple[str, ...]:
        return self.model.components

    @property
    def refit_days(self) -> int:
        return self.model.refit_days

    def fit(self, training: TrainingSet) -> FittedModel:
        started = time.perf_counter()
        try:
            return self.model.fit(training)
        finally:
            self.seconds += time.perf_counter() - started

    def load(self, artefact: bytes) -> FittedModel:
        return self.model.load(artefact)


@dataclass
class ConsoleProgress:
    console: Console
    label: str
    started: float = field(default_factory=time.perf_counter)

    def task(self, description: str, total: int) -> ProgressTask:
        return _Dots(self.console, f"{self.label} {description}", total)


@dataclass
class _Dots:
    console: Console
    description: str
    total: int
    done: int = 0

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.done % 50 == 0 or self.done == self.total:
            self.console.log(f"{self.description}: {self.done}/{self.total} blocks")

    def finish(self) -> None:
        return None


def league_table(
    console: Console, history: Sequence[MatchRecord], league: str, seasons: tuple[str, str], ablations: bool
) -> dict[str, Any]:
    catalogue = PluginHost.from_setting().model_catalogue()
    models: dict[str, PredictionModel] = dict(resolve_models(catalogue, MODELS))
    if ablations:
        for label, parameters in ABLATIONS.items():
            models[label] = catalogue.create("lightgbm", parameters)
    timed = {name: TimedModel(model) for name, model in models.items()}
    scored = season_window(history, *seasons)
    plan = WalkForwardPlan(scored, seasons_before(history, scored[0], 2))
    markets = (*STANDARD_MARKETS, MarketReference("market_early:bet365", "early", "bet365"))
    started = time.perf_counter()
    result = scored_walk_forward(history, timed, list(timed), plan, ConsoleProgress(console, league), markets)
    elapsed = time.perf_counter() - started
    rows = {row.model: row for row in result.evaluation.rows}
    title = (
        f"{league} {scored[0]} to {scored[-1]} · walk-forward · {len(result.evaluation.fixture_ids)} matches"
    )
    table = Table(title=title)
    for column in (
        "model",
        "matches",
        "RPS",
        "log-loss",
        "Brier",
        "accuracy",
        "ΔRPS vs early",
        "± se",
        "fits",
        "fit s",
    ):
        table.add_column(column, justify="left" if column == "model" else "right")  # fmt: skip
    for row in result.evaluation.rows:
        fits = result.run.fits.get(row.model)
        seconds = timed[row.model].seconds if row.model in timed else None
        table.add_row(
            *_cells(row), "" if fits is None else str(fits), "" if seconds is None else f"{seconds:.0f}"
        )
    console.print(table)
    checks = _checks(rows)
    for line in checks:
        console.print(line)
    for model, failures in result.run.failures.items():
        console.print(f"[yellow]{model}: {len(failures)} failed fit(s)/forecast(s); first: {failures[0]}[/]")
    console.print(f"walk-forward time {elapsed:.0f} s")
    return {"league": league, "rows": [vars_of(row) for row in result.evaluation.rows], "checks": checks}


def _cells(row: ScoreRow) -> list[str]:
    difference, error = row.rps_vs_market_early, row.rps_vs_market_early_se
    return [
        escape(row.model),
        str(row.n_matches),
        f"{row.rps:.4f}",
        f"{row.log_loss:.4f}",
        f"{row.brier:.4f}",
        f"{row.accuracy:.3f}",
        "" if difference is None else f"{difference:+.4f}",
        "" if error is None else f"{error:.4f}",
    ]


def _checks(rows: dict[str, ScoreRow]) -> list[str]:
    lines = []
    gap = rows["dixon-coles"].rps - rows[MARKET_CLOSING].rps
    verdict = "PASS" if gap <= CLOSING_TARGET else "FAIL"
    lines.append(f"dixon-coles - market_closing RPS = {gap:+.4f} (target <= {CLOSING_TARGET}): {verdict}")
    if "blend" in rows and "market" in rows:
        gap = rows["blend"].rps - rows["market"].rps
        verdict = "PASS" if gap <= BLEND_TOLERANCE else "FAIL"
        lines.append(f"blend - market RPS = {gap:+.5f} (target <= {BLEND_TOLERANCE}): {verdict}")
    return lines


def vars_of(row: ScoreRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def timing_table(console: Console, history: Sequence[MatchRecord]) -> None:
    league, season = TIMING_SEASON
    matches = [m for m in history if m.season == season and m.played]
    as_of = max(m.known_from for m in matches)
    model = DixonColes({"xi": 0.0, "prior_matches": 0.0})
    training = TrainingSet(matches, as_of)
    model.fit(training)  # warm-up: imports statsmodels and scipy
    ours, fitted = _best_of(3, lambda: model.fit(training))
    assert isinstance(fitted, FittedDixonColes)
    data = goal_data("dixon-coles", matches, as_of, 0.0, 100000)
    ours_ll = log_likelihood(data, fitted.strengths, fitted.rho, weighted=False)
    table = Table(title=f"one Dixon-Coles fit: {league} {season}, {len(matches)} matches, no time decay")
    for column in ("implementation", "fit seconds (best of 3)", "log-likelihood", "rho", "home"):
        table.add_column(column, justify="right")
    table.add_row("stakewise dixon-coles", f"{ours:.4f}", f"{ours_ll:.3f}", f"{fitted.rho:.4f}",
                  f"{fitted.strengths.home:.4f}")  # fmt: skip
    theirs = _penaltyblog(matches)
    if theirs is None:
        console.print(table)
        console.print(f"penaltyblog not found in {BENCH_VENV}: python3 -m venv {BENCH_VENV} && "
                      f"{BENCH_VENV}/bin/pip install penaltyblog")  # fmt: skip
        return
    table.add_row(f"penaltyblog {theirs['version']}", f"{theirs['seconds']:.4f}", f"{theirs['loglik']:.3f}",
                  f"{theirs['rho']:.4f}", f"{theirs['home']:.4f}")  # fmt: skip
    console.print(table)
    console.print(
        f"time ratio stakewise / penaltyblog = {ours / theirs['seconds']:.2f}; "
        f"log-likelihood difference = {ours_ll - theirs['loglik']:+.3f}"
    )


def _best_of(count: int, work: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(count):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


PENALTYBLOG_SCRIPT = """
import json, sys, time
import numpy as np
import penaltyblog as pb
data = json.load(sys.stdin)
args = [np.array(data[key]) for key in ("home_goals", "away_goals", "home", "away")]
pb.models.DixonColesGoalModel(*args).fit()
best = None
for _ in range(3):
    model = pb.models.DixonColesGoalModel(*args)
    started = time.perf_counter()
    model.fit()
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
params = model.get_params()
print(json.dumps({"seconds": best, "loglik": float(model.loglikelihood), "rho": float(params["rho"]),
                  "home": float(params["home_advantage"]), "version": pb.__version__}))
"""


def _penaltyblog(matches: Sequence[MatchRecord]) -> dict[str, Any] | None:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        return None
    payload = {
        "home_goals": [m.home_goals for m in matches],
        "away_goals": [m.away_goals for m in matches],
        "home": [m.home_team for m in matches],
        "away": [m.away_team for m in matches],
    }
    done = subprocess.run(
        [str(python), "-c", PENALTYBLOG_SCRIPT], input=json.dumps(payload), capture_output=True, text=True,
        check=False, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"penaltyblog failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.models", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA), help="football-data folder (default ../shared/data/...)")
    parser.add_argument("--leagues", default="E0,D1,F1", help="comma-separated, of E0, D1, F1")
    parser.add_argument(
        "--ablations", action="store_true", help="lightgbm without feature groups (1st league)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the tables to this JSON file")
    args = parser.parse_args(argv)
    console = Console(highlight=False, width=max(Console().width, 120))
    if not Path(args.data).is_dir():
        console.print(f"skipped: no data folder at {args.data} (the shared football-data files)")
        return 0
    source = PluginHost.from_setting().data_source("football-data", SystemClock())
    history = SourceMatchHistory(source, args.data)
    results = []
    for index, league in enumerate(args.leagues.split(",")):
        matches = asyncio.run(history.league(league)).matches
        results.append(league_table(console, matches, league, LEAGUES[league], args.ablations and index == 0))
        if league == TIMING_SEASON[0]:
            timing_table(console, matches)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
