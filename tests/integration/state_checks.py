"""After a test's writes: the running figures stored with them must equal what their rows give."""

from __future__ import annotations

from adapters.persistence.derived_state import derived_state_differences
from adapters.persistence.engine import create_engine


async def running_figures_differences(database_url: str) -> list[str]:
    engine = create_engine(database_url, pooled=False)  # its own engine: on whichever loop asks
    try:
        async with engine.connect() as connection:
            return await derived_state_differences(connection)
    finally:
        await engine.dispose()
