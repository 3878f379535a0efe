"""The competition catalogue (`competitions.json` beside this file): names, countries, and the facts the
compliance policies need of a competition's events (youth, college, region). Data, not code: edit the file."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from application.pipeline.records import Competition

CATALOGUE = Path(__file__).with_name("competitions.json")


@cache
def entries() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))["competitions"]
    return found


def competition(code: str, name: str | None = None, country: str | None = None) -> Competition:
    """The catalogue's competition of that code; one named as given (else by its code) when not listed."""
    entry = entries().get(code)
    if entry is None:
        return Competition(code=code, name=name or code, country=country)
    return Competition(
        code=code,
        name=entry["name"],
        country=entry.get("country"),
        youth=bool(entry.get("youth", False)),
        college=bool(entry.get("college", False)),
        region=entry.get("region"),
    )


def code_of(source: str, key: str) -> str | None:
    """The catalogue's code of a competition a source names `key` (its `aliases`), if listed."""
    return next(
        (code for code, entry in entries().items() if entry.get("aliases", {}).get(source) == key), None
    )
