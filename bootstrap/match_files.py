"""The matches of football-data files at a path (`--data PATH`), in place of the database's.

The model and backtest commands accept a data path; their use cases then read matches from the files
instead of the silver tables: the container's `history` provider, overridden for that one use case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.files.match_history import SourceMatchHistory

if TYPE_CHECKING:
    from application.ports.clock import Clock
    from application.ports.match_history import MatchHistory
    from plugins.manager import PluginHost

FILE_SOURCE = "football-data"


def file_history(plugins: PluginHost, clock: Clock, data: str | None) -> dict[str, object]:
    """`history=` the matches of the files at `data`, as a use case's keyword; nothing without a path (the
    container's history, the database's, stays)."""
    if not data:
        return {}
    history: MatchHistory = SourceMatchHistory(plugins.data_source(FILE_SOURCE, clock), data)
    return {"history": history}
