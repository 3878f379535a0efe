"""`stakewise policy ...`: decide on an input, run the policy tests, show the bundle, replay a decision."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.cli.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from adapters.cli.policy_views import (
    bundle_payload,
    decision_payload,
    render_bundle,
    render_decision,
    render_replay,
    render_test_report,
    replay_payload,
    tests_payload,
)
from application.use_cases.describe_policy_bundle import DescribeBundleRequest, DescribePolicyBundle
from application.use_cases.evaluate_policy import EvaluatePolicy, EvaluatePolicyRequest
from application.use_cases.replay_decision import ReplayDecision, ReplayRequest
from application.use_cases.run_policy_tests import RunPolicyTests
from domain.compliance import POLICY_ENGINE_UNAVAILABLE

if TYPE_CHECKING:
    import argparse

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private


def add_commands(commands: SubParsers, services: CliServices) -> None:
    policy = commands.add_parser("policy", help="compliance policies: decide, test, bundle, replay")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True, metavar="COMMAND")

    evaluate = policy_commands.add_parser("eval", help="decide on one input document (a deny exits 0)")
    evaluate.add_argument("--input", required=True, metavar="FILE", help="the decision input (JSON)")
    _finish(evaluate, services, _evaluate)

    test = policy_commands.add_parser("test", help="run every Rego test; pass/fail and coverage per file")
    _finish(test, services, _test)

    bundle = policy_commands.add_parser("bundle", help="the bundle's files and hash")
    bundle.add_argument("--output", metavar="FILE", help="also write an OPA bundle archive (tar.gz)")
    _finish(bundle, services, _bundle)

    replay = policy_commands.add_parser("replay", help="re-run a recorded decision and compare")
    replay.add_argument("decision_id", metavar="DECISION_ID")
    _finish(replay, services, _replay)


def _finish(parser: argparse.ArgumentParser, services: CliServices, handler: Any) -> None:
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: handler(args, services))


def _evaluate(args: argparse.Namespace, services: CliServices) -> int:
    document = _read_input(args.input)
    evaluation = asyncio.run(services.use_cases()(EvaluatePolicy).execute(EvaluatePolicyRequest(document)))
    decision = evaluation.decision
    emit(args.json, decision_payload(decision), lambda console: render_decision(decision, console))
    if evaluation.engine_unavailable:
        print(f"stakewise: failed: {POLICY_ENGINE_UNAVAILABLE}: nothing was decided", file=sys.stderr)
        return EXIT_FAILURE
    if evaluation.input_errors:
        problems = "; ".join(reason.message for reason in evaluation.input_errors)
        print(f"stakewise: error: invalid policy input (denied): {problems}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _read_input(name: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(name).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"stakewise policy eval: cannot read --input {name}: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(f"stakewise policy eval: --input {name} is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UsageError(
            f"stakewise policy eval: --input {name} must hold a JSON object (the decision input)"
        )
    return document


def _test(args: argparse.Namespace, services: CliServices) -> int:
    outcome = services.use_cases()(RunPolicyTests).execute()
    emit(args.json, tests_payload(outcome), lambda console: render_test_report(outcome, console))
    return EXIT_OK if outcome.ok else EXIT_FAILURE


def _bundle(args: argparse.Namespace, services: CliServices) -> int:
    bundle = services.use_cases()(DescribePolicyBundle).execute(DescribeBundleRequest(args.output))
    emit(args.json, bundle_payload(bundle, args.output), lambda c: render_bundle(bundle, args.output, c))
    return EXIT_OK


def _replay(args: argparse.Namespace, services: CliServices) -> int:
    replay = asyncio.run(services.use_cases()(ReplayDecision).execute(ReplayRequest(args.decision_id)))
    emit(args.json, replay_payload(replay), lambda console: render_replay(replay, console))
    return EXIT_OK if replay.same_answer else EXIT_FAILURE
