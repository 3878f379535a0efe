"""The divisions football-data.co.uk publishes, by the code in its `Div` column: the shared competition
catalogue (plugins/builtin/sources/competitions.json)."""

from __future__ import annotations

from application.pipeline.records import Competition
from plugins.builtin.sources import catalogue


def competition(code: str) -> Competition:
    return catalogue.competition(code)
