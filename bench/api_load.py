"""The load generator of bench/api: a second process that drives one server on 127.0.0.1.

    python -m bench.api_load --url http://127.0.0.1:8000 --scenario FILE.json --connections 50 --seconds 4

A minimal HTTP/1.1 keep-alive client on asyncio streams (much cheaper per request than a full HTTP client,
so the client does not hide the server's cost). Each connection sends one request at a time. A scenario is
a JSON object: method, path, headers, bodies (a list, used round-robin; `{n}` in a body or in a header
value is replaced by a run-unique request number). Bounded: stops after --seconds or --max-requests.
Prints one JSON object: requests, statuses, requests_per_second, p50_ms, p99_ms, errors.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

REQUEST_TIMEOUT_SECONDS = 30.0


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0


def _request(scenario: dict[str, Any], host: str, number: int, body: str | None) -> bytes:
    headers = {"Host": host, "Connection": "keep-alive", **scenario.get("headers", {})}
    payload = b""
    if body is not None:
        payload = body.replace("{n}", str(number)).encode()
        headers |= {"Content-Type": "application/json", "Content-Length": str(len(payload))}
    lines = [f"{scenario['method']} {scenario['path']} HTTP/1.1"]
    lines += [f"{name}: {str(value).replace('{n}', str(number))}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _connection(
    url: str, scenario: dict[str, Any], numbers: Any, deadline: float, left: list[int], results: Results
) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    bodies = scenario.get("bodies") or [None]
    try:
        while time.perf_counter() < deadline and left[0] > 0:
            left[0] -= 1
            number = next(numbers)
            request = _request(scenario, parts.netloc, number, bodies[number % len(bodies)])
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await asyncio.wait_for(_read_response(reader), REQUEST_TIMEOUT_SECONDS)
            results.latencies.append(time.perf_counter() - started)
            results.statuses[status] += 1
    except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError):
        results.errors += 1
    finally:
        writer.close()


async def run(
    url: str, scenario: dict[str, Any], connections: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    results, numbers, left = Results(), itertools.count(scenario.get("first_number", 0)), [max_requests]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_connection(url, scenario, numbers, deadline, left, results) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    latencies = sorted(results.latencies)
    quantiles = (
        statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    )
    return {
        "requests": len(latencies),
        "statuses": {str(code): count for code, count in sorted(results.statuses.items())},
        "requests_per_second": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * quantiles[49] if quantiles else None,
        "p99_ms": 1000 * quantiles[98] if quantiles else None,
        "errors": results.errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--scenario", required=True, help="a JSON file (see the module docstring)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args(argv)
    if urlsplit(args.url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the load generator only targets this machine (127.0.0.1)")
    with open(args.scenario, encoding="utf-8") as file:
        scenario = json.load(file)
    summary = asyncio.run(run(args.url, scenario, args.connections, args.seconds, args.max_requests))
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
