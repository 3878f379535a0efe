"""`stakewise backtest` and `stakewise report backtest ID --html FILE`.

One league runs in this process; several leagues (`--league E0,D1,F1`) fan out one activity per
league-season on the Temporal workers, unless `--in-process` is given. `--json` prints the report document
(docs/backtest.md lists its fields); `--html FILE` writes the self-contained report; `--store` saves the run
in the backtests table (PostgreSQL) so `report backtest ID` can render it later.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rich.table import Table

from adapters.cli.errors import EXIT_OK, UsageError
from adapters.cli.models import _parameters
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from adapters.cli.progress import StderrProgress
from application.backtest.engine import BacktestSettings, CustomerLimits, Staking
from application.portfolio.limits import PortfolioLimits
from application.use_cases.run_backtest import DEFAULT_STRATEGY, BacktestRequest, RunBacktest, StrategyChoice
from domain.risk import MaxDrawdown

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Coroutine, Mapping

    from rich.console import Console

    from application.ports.backtest_store import BacktestStore
    from application.ports.progress import Progress

SubParsers = Any
Result = TypeVar("Result")


class DistributedBacktest(Protocol):
    async def run(self, request: BacktestRequest, data: str | None) -> Mapping[str, Any]:
        """The report document of a backtest fanned out over the Temporal workers."""
        ...


class BacktestServices(Protocol):
    def run_backtest(self, data: str | None, progress: Progress, store: bool) -> RunBacktest: ...

    def distributed_backtest(self) -> DistributedBacktest: ...

    def backtest_store(self) -> BacktestStore: ...


class HasBacktestServices(Protocol):
    @property
    def backtest_services(self) -> Callable[[], BacktestServices]: ...


def add_commands(commands: SubParsers, services: HasBacktestServices) -> None:
    parser = commands.add_parser("backtest", help="replay a betting strategy over past seasons (CLV, ROI)")
    parser.add_argument("--league", required=True, help="competition code(s), e.g. E0 or E0,D1,F1")
    parser.add_argument("--seasons", required=True, metavar="FIRST:LAST", help="e.g. 2015-2016:2024-2025")
    parser.add_argument(
        "--data", metavar="PATH", help="read matches from football-data files, not the database"
    )
    parser.add_argument(
        "--strategy", default=DEFAULT_STRATEGY, help=f"strategy plugin (default {DEFAULT_STRATEGY})"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a strategy parameter (JSON value), e.g. --param min_expected_value=0.02",
    )
    parser.add_argument(
        "--model-param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter of the strategy's prediction model",
    )
    parser.add_argument("--staking", choices=[s.value for s in Staking], default=Staking.OPTIMIZER.value)
    parser.add_argument("--bankroll", default="1000", help="starting bankroll of each league-season (1000)")
    parser.add_argument("--bookmakers", help="comma-separated bookmaker keys whose prices may be taken")
    parser.add_argument("--refit-days", type=int, help="refit the model this often (default: its own)")
    parser.add_argument("--max-stake", help="the customer's maximum stake per ticket")
    parser.add_argument("--monthly-loss-limit", help="the customer's loss limit per calendar month")
    parser.add_argument(
        "--max-drawdown",
        metavar="FRACTION",
        help="risk rule: stop staking once the bankroll is this far below its peak (e.g. 0.25)",
    )
    parser.add_argument("--max-legs", type=int, default=1, help="legs per ticket for the optimiser (1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--html", metavar="FILE", help="write the self-contained HTML report here")
    parser.add_argument("--store", action="store_true", help="save the run in the backtests table")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run several leagues in this process instead of on the Temporal workers",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _backtest(args, services.backtest_services()))  # fmt: skip

    report = commands.add_parser("report", help="render a stored run as a report")
    kinds = report.add_subparsers(dest="report_kind", required=True, metavar="KIND")
    stored = kinds.add_parser("backtest", help="the HTML report of a stored backtest")
    stored.add_argument("backtest_id", metavar="ID")
    stored.add_argument("--html", required=True, metavar="FILE")
    add_json_flag(stored)
    stored.set_defaults(handler=lambda args: _report(args, services.backtest_services()))


def backtest_request(args: argparse.Namespace) -> BacktestRequest:
    first, _, last = args.seasons.partition(":")
    leagues = tuple(league.strip() for league in args.league.split(",") if league.strip())
    if not leagues:
        raise UsageError("stakewise backtest: --league needs at least one competition code")
    bookmakers = None
    if args.bookmakers:
        bookmakers = frozenset(b.strip() for b in args.bookmakers.split(",") if b.strip())
    settings = BacktestSettings(
        staking=Staking(args.staking),
        bankroll=_money(args.bankroll, "--bankroll"),
        bookmakers=bookmakers,
        refit_days=args.refit_days,
        limits=PortfolioLimits(max_legs=args.max_legs),
        customer=CustomerLimits(
            _money(args.max_stake, "--max-stake") if args.max_stake else None,
            _money(args.monthly_loss_limit, "--monthly-loss-limit") if args.monthly_loss_limit else None,
        ),
        risk_rules=_risk_rules(args.max_drawdown),
        seed=args.seed,
    )
    strategy = StrategyChoice(
        args.strategy,
        _parameters(args.param, [args.strategy]).get(args.strategy),
        _parameters(args.model_param, ["model"]).get("model"),
    )
    return BacktestRequest(leagues, first, last or first, strategy, settings, args.store)


def _backtest(args: argparse.Namespace, services: BacktestServices) -> int:
    request = backtest_request(args)
    if len(request.leagues) > 1 and not args.in_process:
        data = str(Path(args.data).resolve()) if args.data else None  # workers elsewhere read the same path
        document = dict(_run(services.distributed_backtest().run(request, data)))
    else:
        with StderrProgress() as progress:
            document = dict(
                _run(services.run_backtest(args.data, progress, args.store).execute(request)).document
            )
    if args.html:
        _write_html(document, Path(args.html))
    emit(args.json, _without_bets(document), lambda console: render_backtest(document, console))
    return EXIT_OK


def _report(args: argparse.Namespace, services: BacktestServices) -> int:
    stored = _run(services.backtest_store().get(args.backtest_id))
    if stored is None:
        raise UsageError(f"stakewise report backtest: no stored backtest {args.backtest_id!r}")
    _write_html(stored.document, Path(args.html))
    payload = {"backtest_id": stored.backtest_id, "html": args.html}
    emit(
        args.json,
        payload,
        lambda console: console.print(f"report of {stored.backtest_id} written to {args.html}"),
    )
    return EXIT_OK


def _write_html(document: Mapping[str, Any], path: Path) -> None:
    """matplotlib is imported only when a report is written (it is slow to load)."""
    from adapters.reports.backtest_html import write_backtest_html

    write_backtest_html(document, path)


def _without_bets(document: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in ("bet_list", "curve")}


def render_backtest(document: Mapping[str, Any], console: Console) -> None:
    run = sorted({unit["season"] for unit in document["units"]}) or [document["first_season"]]
    title = f"backtest {document['strategy']} · {', '.join(document['leagues'])} · {run[0]} to {run[-1]}"
    console.print(
        f"[bold]{title}[/]" + (f"  (id {document['backtest_id']})" if document["backtest_id"] else "")
    )
    console.print(headline(document))
    table = Table(title="by season")
    for column in ("season", "bets", "staked", "profit", "ROI", "CLV mean", "CLV > 0", "no close"):
        table.add_column(column, justify="right")
    for row in document["by_season"]:
        table.add_row(row["key"], str(row["bets"]), f"{row['staked']:.2f}", f"{row['profit']:.2f}",
                      _pct(row["roi"]), _pct(row["clv_mean"]), _pct(row["clv_positive_share"]),
                      str(row["without_close"]))  # fmt: skip
    console.print(table)


def headline(document: Mapping[str, Any]) -> str:
    ci = document["roi_ci"]
    interval = f" [{_pct(ci[0])}, {_pct(ci[1])}]" if ci else ""
    return (
        f"bets {document['bets']}  staked {document['staked']:.2f}  profit {document['profit']:.2f}  "
        f"ROI {_pct(document['roi'])}{interval}  yield {_pct(document['yield'])}  "
        f"max drawdown {100 * document['max_drawdown']:.2f} %  Sharpe {_num(document['sharpe'])}  "
        f"hit rate {_pct(document['hit_rate'])}  average odds {_num(document['average_odds'])}  "
        f"CLV mean {_pct(document['clv_mean'])}  CLV > 0 {_pct(document['clv_positive_share'])}  "
        f"without close {document['without_close']}"
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:+.2f} %"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _money(text: str, flag: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"invalid {flag} {text!r}: give an amount such as 1000 or 12.50") from None
    if not amount.is_finite() or amount <= 0:
        raise UsageError(f"invalid {flag} {text!r}: must be a positive amount")
    return amount


def _risk_rules(max_drawdown: str | None) -> tuple[MaxDrawdown, ...]:
    if max_drawdown is None:
        return ()
    try:
        fraction = Decimal(max_drawdown)
    except InvalidOperation:
        raise UsageError(f"invalid --max-drawdown {max_drawdown!r}: give a fraction such as 0.25") from None
    if not fraction.is_finite() or not 0 < fraction < 1:
        raise UsageError(f"invalid --max-drawdown {max_drawdown!r}: must be between 0 and 1")
    return (MaxDrawdown(fraction),)


def _run(work: Coroutine[Any, Any, Result]) -> Result:
    return asyncio.run(work)
