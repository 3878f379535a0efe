"""The divisions football-data.co.uk publishes, by the code in its `Div` column, and the facts compliance
needs of each (youth, college, region): the catalogue is data, `competitions.json` beside this file."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from application.pipeline.records import Competition

CATALOGUE = Path(__file__).with_name("competitions.json")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))["competitions"]
    return entries


def competition(code: str) -> Competition:
    entry = catalogue().get(code)
    if entry is None:
        return Competition(code=code, name=code)
    return Competition(
        code=code,
        name=entry["name"],
        country=entry.get("country"),
        youth=bool(entry.get("youth", False)),
        college=bool(entry.get("college", False)),
        region=entry.get("region"),
    )
