"""Reading the fixtures to predict from a CSV or JSON file.

Columns (CSV header) or keys (JSON: a list of objects): `home`, `away`, `kickoff` (ISO date, or date and
time in UTC), and optionally `odds_home`, `odds_draw`, `odds_away` (early decimal odds, for the market,
lightgbm and blend models) and `bookmaker` (default bet365). An error names the file, the row and the field.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from adapters.cli.errors import UsageError
from application.modelling.records import PriceTriple
from application.use_cases.predict_fixtures import FixtureToPredict
from domain.errors import InvalidOdds

ODDS = ("odds_home", "odds_draw", "odds_away")


def read_fixtures(path: str) -> tuple[FixtureToPredict, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"cannot read fixtures file {path}: {error.strerror or error}") from None
    rows = (
        _json_rows(path, text) if path.lower().endswith(".json") else list(csv.DictReader(text.splitlines()))
    )
    if not rows:
        raise UsageError(f"fixtures file {path} holds no fixture")
    return tuple(_fixture(path, number, row) for number, row in enumerate(rows, start=1))


def _json_rows(path: str, text: str) -> list[dict[str, Any]]:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"fixtures file {path} is not valid JSON: {error}") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise UsageError(f"fixtures file {path} must hold a JSON list of objects")
    return rows


def _fixture(path: str, number: int, row: dict[str, Any]) -> FixtureToPredict:
    where = f"fixtures file {path}, fixture {number}"
    for field in ("home", "away", "kickoff"):
        if not str(row.get(field) or "").strip():
            raise UsageError(f"{where}: missing {field!r}")
    kickoff_text = str(row["kickoff"]).strip()
    try:
        kickoff = datetime.fromisoformat(kickoff_text)
    except ValueError:
        raise UsageError(
            f"{where}: invalid kickoff {kickoff_text!r} (use ISO, e.g. 2025-08-16T14:00)"
        ) from None
    return FixtureToPredict(
        home_team=str(row["home"]).strip(),
        away_team=str(row["away"]).strip(),
        kickoff=kickoff,
        kickoff_time_known="T" in kickoff_text or " " in kickoff_text,
        early_prices=_prices(where, row),
        bookmaker=str(row.get("bookmaker") or "bet365"),
    )


def _prices(where: str, row: dict[str, Any]) -> PriceTriple | None:
    given = [row.get(name) for name in ODDS]
    if all(value in (None, "") for value in given):
        return None
    try:
        return PriceTriple(*(float(value) for value in given))  # type: ignore[arg-type]
    except (TypeError, ValueError, InvalidOdds) as error:
        raise UsageError(f"{where}: invalid odds {given!r}: {error}") from None
