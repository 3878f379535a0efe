"""Decision latency of the policy engines over every example input of the bundle.

    .venv/bin/python -m bench.policy [--rounds N]

Rows: real OPA in-process called directly (the embedded engine's evaluation), the full embedded
`RegoPolicyEngine.decide` path (worker thread, timeout, decision parsing), and, for comparison, regorus
in-process on the same bundle. Goal: p50 of the embedded engine at most 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from adapters.policy.bundle import PolicyDirectory
from adapters.policy.embedded import EmbeddedOpa
from adapters.policy.engine import RegoPolicyEngine
from adapters.runtime import TokenSecrets

if TYPE_CHECKING:
    from collections.abc import Callable

GOAL_P50_MS = 1.0


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[Any], Any], documents: list[Any], rounds: int) -> list[float]:
    for document in documents:  # warm up: OPA prepares its query on first use
        call(document)
    samples = []
    for _ in range(rounds):
        for document in documents:
            started = time.perf_counter()
            call(document)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def engine_path(embedded: EmbeddedOpa) -> Callable[[Any], Any]:
    engine = RegoPolicyEngine(embedded, TokenSecrets())
    loop = asyncio.new_event_loop()
    return lambda document: loop.run_until_complete(engine.decide(document))


def regorus_path(directory: PolicyDirectory) -> Callable[[Any], Any] | None:
    try:
        import regorus
    except ImportError:
        return None
    engine = regorus.Engine()
    for name, source in directory.sources(directory.policy_files()).items():
        engine.add_policy(name, source)
    engine.add_data_json(json.dumps({"jurisdictions": directory.jurisdictions()}))

    def evaluate(document: Any) -> Any:
        engine.set_input_json(json.dumps(document))
        return engine.eval_rule_as_json("data.stakewise.decision.result")

    return evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="passes over the example inputs (default 50)")
    rounds = parser.parse_args().rounds
    directory = PolicyDirectory()
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in directory.example_files()]
    embedded = EmbeddedOpa(directory)
    paths: dict[str, Callable[[Any], Any] | None] = {
        "embedded OPA, evaluation": embedded.evaluate_now,
        "embedded OPA, RegoPolicyEngine.decide": engine_path(embedded),
        "regorus in-process (comparison)": regorus_path(directory),
    }
    table = Table(title=f"policy decision latency: {len(documents)} example inputs x {rounds} rounds")
    for column in ("engine", "decisions", "p50 ms", "p99 ms", "mean ms"):
        table.add_column(column, justify="right" if column != "engine" else "left")
    for name, call in paths.items():
        if call is None:
            continue
        samples = timed(call, documents, rounds)
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        table.add_row(name, str(len(samples)), f"{p50:.3f}", f"{p99:.3f}", f"{statistics.fmean(samples):.3f}")
    console = Console()
    console.print(table)
    console.print(f"goal: p50 of the embedded engine <= {GOAL_P50_MS} ms")


if __name__ == "__main__":
    main()
