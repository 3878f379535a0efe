"""The divisions football-data.co.uk publishes, by the code in its `Div` column: the shared competition
catalogue (plugins/builtin/sources/competitions.json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.builtin.sources import catalogue

if TYPE_CHECKING:
    from application.pipeline.records import Competition


def competition(code: str) -> Competition:
    return catalogue.competition(code)
