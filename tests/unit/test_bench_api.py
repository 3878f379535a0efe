"""bench.api's arithmetic: wrk's JSON line read back, the Lua script it runs, and the goals of issue #15."""

from __future__ import annotations

import pytest

from bench import api, wrk
from bench.history import settled_tickets_for

WRK_OUTPUT = """\
Running 8s test @ http://127.0.0.1:18840
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.20ms  80.00ms   90.00%
  4000 requests in 8.00s, 1.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    500.00
BENCH_WRK_JSON {"requests": 4000, "duration_us": 8000000, "p50_us": 11500, "p99_us": 41250, \
"statuses": {"201": 3997, "422": 2, "503": 1}, \
"errors": {"connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2}}
"""


def result(
    rate: float, p50: float = 10.0, p99: float = 20.0, statuses: dict[int, int] | None = None
) -> wrk.WrkResult:
    requests = int(rate * 10)
    return wrk.WrkResult(requests, 10.0, p50, p99, statuses or {200: requests}, 0)


def passing() -> dict[str, wrk.WrkResult]:
    return {
        api.BARE: result(20_000),
        api.PING: result(12_000),
        api.ISSUE: result(3_000, p99=200, statuses={201: 30_000}),
        api.HISTORY: result(2_700, p99=240, statuses={201: 27_000}),
        api.LIST: result(1_000),
        api.QUOTE: result(4, p50=250),
        api.QUOTE_8: result(16, p50=480),
    }


def verdicts(results: dict[str, wrk.WrkResult]) -> dict[str, bool]:
    return {goal.name: goal.passed for goal in api.goals(results)}


def test_the_json_line_of_done_is_read_back() -> None:
    found = wrk.parse(WRK_OUTPUT)
    assert found.requests == 4000
    assert found.seconds == 8.0
    assert found.rate == 500.0
    assert (found.p50_ms, found.p99_ms) == (11.5, 41.25)
    assert found.statuses == {201: 3997, 422: 2, 503: 1}
    assert found.non_2xx == 3
    assert found.socket_errors == 3  # read 1 + time-out 2; wrk's "status" errors are the non-2xx above


def test_output_without_the_json_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_WRK_JSON"):
        wrk.parse("Running 8s test @ http://127.0.0.1:1\nRequests/sec: 10\n")


def test_lua_strings_escape_quotes_backslashes_and_new_lines() -> None:
    assert wrk.lua_string('a"b\\c\nd') == '"a\\034b\\092c\\010d"'


def test_the_script_sends_each_body_with_unique_keys_only_when_asked() -> None:
    requests = [wrk.HttpRequest("POST", "/v1/tickets", {"Authorization": "Bearer k"}, '{"stake": "1.00"}')]
    script = wrk.lua_script(requests, idempotency_prefix="bench-x")
    assert '"{\\034stake\\034: \\0341.00\\034}"' in script
    assert 'local prefix = "bench-x"' in script
    assert 'headers["Idempotency-Key"] = prefix .. "-" .. thread_id .. "-" .. counter' in script
    assert "local prefix = nil" in wrk.lua_script(requests)
    with pytest.raises(ValueError, match="at least one request"):
        wrk.lua_script([])


def test_wrk_runs_with_at_most_as_many_threads_as_connections() -> None:
    command = wrk.command("http://127.0.0.1:1", "s.lua", connections=1, seconds=7.5, threads=2)
    assert "--threads=1" in command
    assert "--duration=8s" in command
    assert "--timeout=30s" in command


def test_every_goal_passes_on_figures_that_meet_them() -> None:
    assert all(verdicts(passing()).values())


@pytest.mark.parametrize(
    ("scenario", "changed", "goal"),
    [
        (api.ISSUE, result(2_000, p99=200, statuses={201: 20_000}), "issue rate / ping rate"),
        (api.ISSUE, result(3_000, p99=260, statuses={201: 30_000}), "issue p99 (fresh)"),
        (
            api.HISTORY,
            result(2_700, statuses={201: 26_990, 422: 10}),
            "issue answers not 201 (fresh + history)",
        ),
        (api.HISTORY, result(2_500, statuses={201: 25_000}), "issue rate with history / fresh"),
        (api.QUOTE, result(4, p50=310), "quote p50 alone"),
        (api.QUOTE_8, result(16, p50=510), "quote p50 8 concurrent / alone"),
        (api.PING, result(9_900), "ping rate / bare Litestar rate"),
    ],
)
def test_each_goal_fails_alone_when_its_figure_misses(
    scenario: str, changed: wrk.WrkResult, goal: str
) -> None:
    found = verdicts({**passing(), scenario: changed})
    assert not found[goal]
    assert all(passed for name, passed in found.items() if name != goal)


def test_ratios_are_shown_as_measured() -> None:
    shown = {goal.name: goal.measured for goal in api.goals(passing())}
    assert shown["issue rate / ping rate"] == "25.0 %"
    assert shown["issue rate with history / fresh"] == "90.0 %"
    assert shown["quote p50 8 concurrent / alone"] == "1.92x"
    assert shown["issue answers not 201 (fresh + history)"] == "0 of 57000"


def test_a_scenario_that_did_not_run_fails_its_goals() -> None:
    results = passing()
    del results[api.BARE]
    goal = next(goal for goal in api.goals(results) if goal.name == "ping rate / bare Litestar rate")
    assert (goal.measured, goal.passed) == ("n/a", False)


def test_the_docs_section_between_the_markers_is_replaced() -> None:
    document = f"# API\n\nbefore\n{api.BEGIN}\nold table\n{api.END}\nafter\n"
    table = api.markdown([("GET /v1/ping", "50")], ("scenario", "connections"))
    replaced = api.replace_section(document, table)
    assert replaced == (
        f"# API\n\nbefore\n{api.BEGIN}\n| scenario | connections |\n|---|---|\n| GET /v1/ping | 50 |\n"
        f"{api.END}\nafter\n"
    )
    with pytest.raises(ValueError, match=r"bench\.api"):
        api.replace_section("# API\n", table)


def test_settled_tickets_fill_the_ledger_to_at_least_the_entries_asked() -> None:
    assert settled_tickets_for(open_tickets=10_000, ledger_entries=100_000) == 16_000  # 2 + 20,000 + 80,000
    assert settled_tickets_for(open_tickets=10, ledger_entries=23) == 1
    assert settled_tickets_for(open_tickets=10, ledger_entries=10) == 0


def test_a_row_nothing_answered_in_has_no_latency_to_meet_a_goal_with() -> None:
    results = {**passing(), api.QUOTE: wrk.WrkResult(0, 8.0, 0.0, 0.0, {}, 0)}
    found = {goal.name: goal for goal in api.goals(results)}
    assert (found["quote p50 alone"].measured, found["quote p50 alone"].passed) == ("n/a", False)
    assert not found["quote p50 8 concurrent / alone"].passed


def test_the_requests_left_in_flight_are_waited_for_at_the_rate_measured() -> None:
    assert api.backlog_seconds(result(10), connections=50) == 5.0  # 50 in flight at 10 per second
    assert api.backlog_seconds(result(0.1), connections=50) == api.DRAIN_LIMIT
    assert api.backlog_seconds(wrk.WrkResult(0, 8.0, 0.0, 0.0, {}, 0), connections=8) == 8.0


def test_an_issue_row_nothing_answered_in_fails_the_all_201_goal() -> None:
    results = {**passing(), api.HISTORY: wrk.WrkResult(0, 8.0, 0.0, 0.0, {}, 0)}
    found = {goal.name: goal for goal in api.goals(results)}
    every_201 = found["issue answers not 201 (fresh + history)"]
    assert (every_201.measured, every_201.passed) == ("0 of 30000 (a row answered nothing)", False)
    assert not found["issue rate with history / fresh"].passed
