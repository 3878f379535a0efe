"""What the machine spent during a bench row, from /proc/stat: the CPU time of every process together (the
server, PostgreSQL and wrk) and the time the hypervisor took from this machine (steal).

A rate is bounded by the CPU one answer needs: N cores give at most N / (CPU seconds per answer) answers a
second, whatever the code does with its waits. bench.api prints that bound beside each rate, and the
CPU an answer would need to meet each goal of issue #15 on this machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")
# /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal (guest time is inside user)
BUSY_FIELDS = (0, 1, 2, 5, 6)
IDLE_FIELDS = (3, 4)
STEAL_FIELD = 7


@dataclass(frozen=True, slots=True)
class CpuTimes:
    """Seconds summed over all cores since boot."""

    busy: float
    idle: float
    steal: float

    @classmethod
    def parse(cls, stat: str, ticks_per_second: int) -> CpuTimes:
        line = next((line for line in stat.splitlines() if line.startswith("cpu ")), None)
        if line is None:
            raise ValueError("/proc/stat has no aggregate 'cpu' line")
        ticks = [int(field) for field in line.split()[1:]]
        if len(ticks) <= STEAL_FIELD:
            raise ValueError(f"/proc/stat's cpu line has {len(ticks)} fields, expected at least 8")

        def seconds(fields: tuple[int, ...]) -> float:
            return sum(ticks[field] for field in fields) / ticks_per_second

        return cls(seconds(BUSY_FIELDS), seconds(IDLE_FIELDS), ticks[STEAL_FIELD] / ticks_per_second)

    @classmethod
    def now(cls) -> CpuTimes | None:
        """None where there is no /proc/stat (not Linux)."""
        try:
            stat = PROC_STAT.read_text(encoding="ascii")
        except OSError:
            return None
        return cls.parse(stat, os.sysconf("SC_CLK_TCK"))


@dataclass(frozen=True, slots=True)
class CpuUse:
    """The CPU a row used: busy seconds of all processes, and the share of the time stolen from it."""

    busy_seconds: float
    steal_share: float

    @classmethod
    def between(cls, before: CpuTimes | None, after: CpuTimes | None) -> CpuUse | None:
        if before is None or after is None:
            return None
        busy = after.busy - before.busy
        steal = after.steal - before.steal
        elapsed = busy + (after.idle - before.idle) + steal
        return cls(busy, steal / elapsed if elapsed > 0 else 0.0)

    def per_answer_ms(self, answers: int) -> float | None:
        return 1000 * self.busy_seconds / answers if answers else None


def rate_bound(cpu_ms_per_answer: float, cores: int) -> float:
    """The most answers a second `cores` cores can give when each needs `cpu_ms_per_answer` of CPU."""
    return 1000 * cores / cpu_ms_per_answer


def cpu_budget_ms(rate: float, cores: int) -> float:
    """The CPU one answer may take for `cores` cores to give `rate` answers a second."""
    return 1000 * cores / rate
