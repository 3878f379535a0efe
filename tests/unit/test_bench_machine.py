"""bench.machine: the CPU a bench row used, from /proc/stat, and what each goal of issue #15 allows of it."""

from __future__ import annotations

import pytest

from bench import api, wrk
from bench.machine import CpuTimes, CpuUse, cpu_budget_ms, rate_bound

# user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 1/100 s
STAT = "cpu  1000 50 250 5000 100 10 40 200 0 0\ncpu0 500 25 125 2500 50 5 20 100 0 0\nintr 1 2 3\n"


def test_the_aggregate_line_is_read_as_busy_idle_and_steal_seconds() -> None:
    times = CpuTimes.parse(STAT, 100)
    assert times == CpuTimes(busy=13.5, idle=51.0, steal=2.0)  # busy: user nice system irq softirq


def test_a_stat_without_the_aggregate_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="'cpu' line"):
        CpuTimes.parse("cpu0 1 2 3 4 5 6 7 8\n", 100)
    with pytest.raises(ValueError, match="at least 8"):
        CpuTimes.parse("cpu  1 2 3 4\n", 100)


def test_a_row_uses_the_difference_and_its_share_of_stolen_time() -> None:
    use = CpuUse.between(CpuTimes(10.0, 50.0, 1.0), CpuTimes(25.0, 52.0, 4.0))
    assert use == CpuUse(busy_seconds=15.0, steal_share=3.0 / 20.0)
    assert use.per_answer_ms(3000) == 5.0
    assert use.per_answer_ms(0) is None
    assert CpuUse.between(None, CpuTimes(1.0, 1.0, 0.0)) is None


def test_the_rate_a_cpu_budget_allows_and_the_budget_a_rate_needs() -> None:
    assert rate_bound(5.0, 2) == 400.0
    assert cpu_budget_ms(400.0, 2) == 5.0


def test_each_row_shows_its_cpu_per_answer_the_rate_it_allows_and_the_steal() -> None:
    plan = [api.Scenario(api.ISSUE, (), 50), api.Scenario(api.PING, (), 50)]
    results = {api.ISSUE: wrk.WrkResult(800, 8.0, 400.0, 900.0, {201: 800}, 0)}
    found = api.rows(results, plan, {api.ISSUE: CpuUse(busy_seconds=8.0, steal_share=0.05)}, cores=2)
    label, *figures = found[0]
    assert len(found) == 1
    assert label == "POST /v1/tickets, fresh bankrolls"
    assert figures == ["50", "100.0", "400.0", "900.0", "0", "0", "10.00", "200", "5 %"]
    assert api.rows(results, plan)[0][-3:] == ("n/a", "n/a", "n/a")


def test_the_cpu_each_goal_allows_follows_from_the_rates_of_the_run() -> None:
    results = {
        api.PING: wrk.WrkResult(80_000, 8.0, 2.0, 9.0, {200: 80_000}, 0),  # 10,000 / s
        api.ISSUE: wrk.WrkResult(800, 8.0, 400.0, 900.0, {201: 800}, 0),
        api.QUOTE: wrk.WrkResult(30, 15.0, 400.0, 500.0, {200: 30}, 0),
    }
    cpu = {api.ISSUE: CpuUse(8.0, 0.0), api.QUOTE: CpuUse(12.0, 0.0)}
    assert api.cpu_bounds(results, cpu, cores=2, connections=50) == [
        ("issue rate >= 20 % of ping", "1.00 ms", "10.00 ms"),  # 2 cores / 2,000 issues a second
        ("issue p99 <= 250 ms at 50 connections", "< 10.00 ms", "10.00 ms"),  # at least 200 a second
        ("quote p50 8 concurrent <= 2x alone", "200 ms", "400.00 ms"),  # 8 x 200 ms / 2 cores = 2 x 400
    ]
