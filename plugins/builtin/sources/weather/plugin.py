"""Built-in plugin `weather`: Open-Meteo historical weather (archive API JSON), hourly, at a home ground.

A payload is one Open-Meteo response (or a list of them, as Open-Meteo answers for several places). The
response says where, not whose ground: name the team with `--team NAME` (locator suffix `#team=NAME`) or a
top-level `"team"` key beside Open-Meteo's own. Hourly variables read: `temperature_2m`, `precipitation`,
`wind_speed_10m` (or `windspeed_10m`), `relative_humidity_2m`; times are local to `utc_offset_seconds` and
stored in UTC; units are converted to °C, mm and km/h. Each response is one source row.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from application.pipeline.silver import RowProblem
from application.pipeline.sources import (
    ParsedPayload,
    PayloadError,
    RawPayload,
    RejectedRow,
    SourceWeatherSeries,
)
from plugins.builtin.sources.fetch import fetch
from plugins.builtin.sources.text import decode_json
from plugins.hookspecs import SourceContext, hookimpl

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

NAME = "weather"
TEAM_MARK = "#team="
VARIABLES = {
    "temperature_c": ("temperature_2m",),
    "precipitation_mm": ("precipitation",),
    "wind_speed_kmh": ("wind_speed_10m", "windspeed_10m"),
    "relative_humidity": ("relative_humidity_2m", "relativehumidity_2m"),
}
CONVERSIONS: dict[str, Callable[[float], float]] = {
    "°F": lambda f: (f - 32) * 5 / 9,
    "m/s": lambda v: v * 3.6,
    "mp/h": lambda v: v * 1.609344,
    "mph": lambda v: v * 1.609344,
    "kn": lambda v: v * 1.852,
    "inch": lambda v: v * 25.4,
}


class WeatherSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._context = context

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        where, team = split_team(locator)
        for payload in fetch(
            NAME, where, self._context.clock, (".json",), self._context.http_timeout_seconds
        ):
            named = f"{payload.locator}{TEAM_MARK}{team}" if team else payload.locator
            yield RawPayload(NAME, named, payload.content, payload.fetched_at)

    def parse(self, payload: RawPayload) -> ParsedPayload:
        document = decode_json(payload.locator, payload.content, "Open-Meteo JSON")
        responses = document if isinstance(document, list) else [document]
        _, team = split_team(payload.locator)
        series: list[SourceWeatherSeries] = []
        rejected: list[RejectedRow] = []
        for row, response in enumerate(responses, start=1):
            try:
                series.append(_series(row, response, team, payload.locator))
            except RowProblem as problem:
                rejected.append(RejectedRow(row, problem.reason, json.dumps(response)[:2000]))
        return ParsedPayload(weather=series, rejected=rejected)


def split_team(locator: str) -> tuple[str, str | None]:
    where, mark, team = locator.partition(TEAM_MARK)
    return where, (team.strip() or None) if mark else None


def _series(row: int, response: object, team: str | None, locator: str) -> SourceWeatherSeries:
    if not isinstance(response, dict) or not isinstance(response.get("hourly"), dict):
        if isinstance(response, dict) and response.get("error"):
            raise PayloadError(locator, f"Open-Meteo answered with an error: {response.get('reason')}")
        raise RowProblem("invalid_series", "an Open-Meteo response with an `hourly` object was expected")
    named = response.get("team") if isinstance(response.get("team"), str) else team
    if not named:
        raise PayloadError(locator, 'whose ground? pass --team NAME or add a top-level "team" key')
    hourly, units = response["hourly"], response.get("hourly_units") or {}
    times = _times(hourly.get("time"), response.get("utc_offset_seconds", 0))
    columns = {field: _column(hourly, units, names, len(times)) for field, names in VARIABLES.items()}
    return SourceWeatherSeries(row, named, times, **columns)


def _times(values: object, offset: object) -> list[datetime]:
    if not isinstance(values, list) or not values:
        raise RowProblem("invalid_series", "hourly.time must be a non-empty list")
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise RowProblem("invalid_series", f"utc_offset_seconds {offset!r} is not a whole number")
    try:
        local = [datetime.fromisoformat(value) for value in values]
    except (TypeError, ValueError):
        raise RowProblem("invalid_series", "hourly.time holds a value that is not an ISO 8601 time") from None
    times = [(moment - timedelta(seconds=offset)).replace(tzinfo=UTC) for moment in local]
    if any(later <= earlier for earlier, later in pairwise(times)):
        raise RowProblem("invalid_series", "hourly.time is not strictly increasing")
    return times


def _column(
    hourly: dict[str, Any], units: dict[str, Any], names: Sequence[str], length: int
) -> list[float | None]:
    name = next((candidate for candidate in names if candidate in hourly), None)
    if name is None:
        return [None] * length
    values = hourly[name]
    if not isinstance(values, list) or len(values) != length:
        raise RowProblem("invalid_series", f"hourly.{name} must hold one value per hour ({length})")
    convert = CONVERSIONS.get(str(units.get(name, "")), lambda value: value)
    return [_number(value, name, convert) for value in values]


def _number(value: object, name: str, convert: Callable[[float], float]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowProblem("invalid_series", f"hourly.{name} holds {value!r}, not a number")
    return round(convert(float(value)), 3)


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[WeatherSource]:
    return [WeatherSource(context)]
