"""`stakewise optimize`: choose tickets and stakes for a bankroll from a candidates file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.cli.candidates_file import house_limits, read_candidates, read_policy_limits
from adapters.cli.errors import EXIT_OK, UsageError
from adapters.cli.optimize_view import optimize_payload, render_optimize
from adapters.cli.output import emit, stderr_console
from adapters.cli.parser import add_json_flag
from application.portfolio.limits import OptimiserSettings
from application.use_cases.jurisdiction_limits import JurisdictionLimits, JurisdictionLimitsRequest
from application.use_cases.optimize_portfolio import OptimizePortfolio, OptimizePortfolioRequest
from domain.compliance import PolicyDecision, PolicyLimits
from domain.odds import to_decimal

if TYPE_CHECKING:
    import argparse

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private
DEFAULTS = OptimiserSettings()


def add_commands(commands: SubParsers, services: CliServices) -> None:
    parser = commands.add_parser(
        "optimize", help="choose singles, accumulators and stakes that maximise expected log growth"
    )
    parser.add_argument(
        "--candidates", required=True, metavar="FILE", help="priced selections (docs/candidates.md)"
    )
    parser.add_argument("--bankroll", required=True, metavar="AMOUNT", help="the bankroll to stake from")
    parser.add_argument(
        "--max-legs", type=int, default=2, metavar="K", help="most legs per accumulator (default 2)"
    )
    policy = parser.add_mutually_exclusive_group()
    policy.add_argument(
        "--jurisdiction", metavar="CODE", help="ask the policy engine for this jurisdiction's limits"
    )
    policy.add_argument("--limits", metavar="FILE", help="policy limits as JSON (instead of --jurisdiction)")
    parser.add_argument(
        "--customer", metavar="FILE", help="with --jurisdiction: the policy input's customer object (JSON)"
    )
    parser.add_argument("--house-limits", metavar="FILE", help="override house limits (docs/optimizer.md)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULTS.time_limit_seconds,
        metavar="SECONDS",
        help="solver time limit",
    )
    parser.add_argument(
        "--scenarios",
        type=int,
        default=DEFAULTS.scenarios,
        metavar="N",
        help="scenarios sampled (default 500)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed, metavar="SEED", help="sampling seed")
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _optimize(args, services))


def _optimize(args: argparse.Namespace, services: CliServices) -> int:
    if args.customer and not args.jurisdiction:
        raise UsageError("stakewise optimize: --customer needs --jurisdiction")
    selections = read_candidates(args.candidates)
    decision = _policy_decision(args, services)
    request = OptimizePortfolioRequest(
        selections=selections,
        bankroll=to_decimal(args.bankroll, "bankroll"),
        limits=house_limits(args.house_limits, args.max_legs),
        policy=_policy_limits(args, decision),
        settings=OptimiserSettings(
            scenarios=args.scenarios, seed=args.seed, time_limit_seconds=args.time_limit
        ),
    )
    with stderr_console().status(
        f"optimising {len(selections)} candidates over {args.scenarios} scenarios "
        f"(time limit {args.time_limit} s) …"
    ):
        response = services.use_cases()(OptimizePortfolio).execute(request)
    payload = optimize_payload(response, decision)
    emit(args.json, payload, lambda console: render_optimize(response, decision, console))
    return EXIT_OK


def _policy_decision(args: argparse.Namespace, services: CliServices) -> PolicyDecision | None:
    if not args.jurisdiction:
        return None
    customer = _read_json(args.customer, "--customer") if args.customer else None
    request = JurisdictionLimitsRequest(args.jurisdiction, customer)
    return asyncio.run(services.use_cases()(JurisdictionLimits).execute(request))


def _policy_limits(args: argparse.Namespace, decision: PolicyDecision | None) -> PolicyLimits:
    if decision is not None:
        return decision.limits
    return read_policy_limits(args.limits) if args.limits else PolicyLimits()


def _read_json(path: str, option: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"stakewise optimize: cannot read {option} {path}: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(f"stakewise optimize: {option} {path} is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UsageError(f"stakewise optimize: {option} {path} must hold a JSON object")
    return document
