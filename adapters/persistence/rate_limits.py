"""The API's shared rate-limit counters on PostgreSQL: one atomic upsert per counted request.

The window is computed from the database's clock, so every worker agrees on it. Concurrent hits on one
bucket queue on its row lock, so the counts are exact over any number of workers. The statement runs on
a pooled connection through the driver directly (no transaction block: one statement is atomic).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.http.rate_limits import Hit
from adapters.persistence.errors import translated

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

HIT = """
WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now)
INSERT INTO rate_limit_hits AS stored (bucket, window_end, hits)
SELECT $1::text, (floor(clock.now / $2::float8) + 1) * $2::float8, 1 FROM clock
ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN stored.window_end = excluded.window_end THEN stored.hits + 1 ELSE 1 END,
    window_end = excluded.window_end
RETURNING hits,
    window_end - (SELECT now FROM clock) AS reset_seconds,
    (SELECT watched.hits FROM rate_limit_hits AS watched, clock
      WHERE watched.bucket = $3::text AND watched.window_end > clock.now) AS watched
"""

FORGET_ENDED = "DELETE FROM rate_limit_hits WHERE window_end <= extract(epoch FROM clock_timestamp())::float8"


class PostgresRateCounter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def hit(self, bucket: str, window_seconds: float, watch: str | None = None) -> Hit:
        async with translated(), self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            row = await raw.driver_connection.fetchrow(HIT, bucket, window_seconds, watch)  # type: ignore[union-attr]
        return Hit(int(row["hits"]), float(row["reset_seconds"]), int(row["watched"] or 0))

    async def forget_ended(self) -> int:
        async with translated(), self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            status = await raw.driver_connection.execute(FORGET_ENDED)  # type: ignore[union-attr]
        return int(status.rsplit(" ", 1)[1])  # "DELETE <rows>"
