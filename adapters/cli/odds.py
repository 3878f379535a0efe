"""`stakewise odds ...`: de-vig a market and price a fixture from expected goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table

from adapters.cli.errors import EXIT_OK
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from adapters.cli.price_view import price_payload, render_prices
from application.use_cases.devig_market import DevigMarket, DevigRequest
from application.use_cases.price_fixture import PriceFixture, PriceFixtureRequest
from domain.margin import DevigMethod

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private; its type is not part of the public API


def add_commands(commands: SubParsers, services: CliServices) -> None:
    odds = commands.add_parser("odds", help="odds arithmetic: de-vig a market, price a fixture")
    odds_commands = odds.add_subparsers(dest="odds_command", required=True, metavar="COMMAND")
    _add_devig(odds_commands, services)
    _add_price(odds_commands, services)


def _add_devig(commands: SubParsers, services: CliServices) -> None:
    parser = commands.add_parser("devig", help="remove the margin from one market's decimal odds")
    parser.add_argument(
        "--method", required=True, choices=[method.value for method in DevigMethod], help="de-vig method"
    )
    parser.add_argument("odds", nargs="+", metavar="ODDS", help="decimal odds of every outcome")
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _devig(args, services))


def _devig(args: argparse.Namespace, services: CliServices) -> int:
    response = services.use_cases()(DevigMarket).execute(
        DevigRequest(prices=tuple(args.odds), method=DevigMethod(args.method))
    )
    payload = {
        "method": response.method.value,
        "overround": response.overround,
        "probabilities": list(response.probabilities),
    }

    def render(console: Console) -> None:
        table = Table(title=f"{response.method.value} de-vig · overround {response.overround:.4%}")
        for column in ("outcome", "odds", "implied", "fair", "fair odds"):
            table.add_column(column, justify="right")
        for index, (price, fair) in enumerate(zip(args.odds, response.probabilities, strict=True), 1):
            table.add_row(str(index), price, f"{1 / float(price):.4f}", f"{fair:.6f}", f"{1 / fair:.3f}")
        console.print(table)

    emit(args.json, payload, render)
    return EXIT_OK


def _add_price(commands: SubParsers, services: CliServices) -> None:
    parser = commands.add_parser(
        "price", help="fair prices of a fixture's markets from expected goals (Dixon-Coles)"
    )
    # Values stay strings here: the domain validates them and names the bad one (exit 2).
    parser.add_argument("--home-xg", required=True, metavar="X", help="home team's expected goals")
    parser.add_argument("--away-xg", required=True, metavar="Y", help="away team's expected goals")
    parser.add_argument(
        "--rho", default="0", metavar="R", help="Dixon-Coles low-score dependence (default 0: Poisson)"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _price(args, services))


def _price(args: argparse.Namespace, services: CliServices) -> int:
    response = services.use_cases()(PriceFixture).execute(
        PriceFixtureRequest(home_xg=args.home_xg, away_xg=args.away_xg, rho=args.rho)
    )
    emit(args.json, price_payload(response), lambda console: render_prices(response, console))
    return EXIT_OK
