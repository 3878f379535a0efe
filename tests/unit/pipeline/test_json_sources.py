"""The JSON sources: The Odds API v4, Open-Meteo weather, availability, and the synthetic league."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.pipeline.records import AvailabilityStatus, Market, Selection
from application.pipeline.sources import ParsedPayload, PayloadError, RawPayload
from plugins.manager import PluginHost
from tests.unit.pipeline.harness import NOW, FixedClock

SOURCES = PluginHost(entry_point_group=None).source_catalogue(FixedClock())


def parse(source: str, document: Any, locator: str = "payload.json") -> ParsedPayload:
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SOURCES.source(source).parse(RawPayload(source, locator, content, NOW))


def odds_api_event(**changes: Any) -> dict[str, Any]:
    event = {
        "id": "e1",
        "sport_key": "soccer_epl",
        "sport_title": "EPL",
        "commence_time": "2024-08-17T14:00:00Z",
        "home_team": "Arsenal",
        "away_team": "Wolverhampton Wanderers",
        "bookmakers": [
            {
                "key": "pinnacle",
                "title": "Pinnacle",
                "last_update": "2024-08-16T09:30:00Z",
                "markets": [
                    {
                        "key": "h2h",
                        "outcomes": [
                            {"name": "Arsenal", "price": 1.25},
                            {"name": "Wolverhampton Wanderers", "price": 11.5},
                            {"name": "Draw", "price": 6.4},
                        ],
                    },
                    {
                        "key": "totals",
                        "last_update": "2024-08-16T10:00:00Z",
                        "outcomes": [
                            {"name": "Over", "price": 1.8, "point": 2.5},
                            {"name": "Under", "price": 2.05, "point": 2.5},
                        ],
                    },
                    {
                        "key": "spreads",
                        "outcomes": [
                            {"name": "Arsenal", "price": 1.95, "point": -1.75},
                            {"name": "Wolverhampton Wanderers", "price": 1.9, "point": 1.75},
                        ],
                    },
                    {"key": "h2h_lay", "outcomes": [{"name": "Arsenal", "price": 1.3}]},
                ],
            },
            {"key": "williamhill", "markets": [{"key": "h2h", "outcomes": [{"name": "Draw", "price": 6}]}]},
        ],
    }
    return {**event, **changes}


def test_odds_api_events_become_fixtures_with_every_market() -> None:
    parsed = parse("odds-api", [odds_api_event()])
    [match] = parsed.matches
    assert (match.competition, match.season, match.match_date) == ("E0", "2024-2025", date(2024, 8, 17))
    assert match.kickoff == datetime(2024, 8, 17, 14, tzinfo=UTC)
    assert match.result is None
    quotes = {(p.bookmaker, p.market, p.selection): (p.line, p.price, p.captured_at) for p in match.prices}
    assert len(quotes) == 8  # h2h_lay is not stored
    assert quotes[("pinnacle", Market.MATCH_RESULT, Selection.AWAY)][1] == Decimal("11.5")
    assert quotes[("pinnacle", Market.TOTALS, Selection.UNDER)] == (
        Decimal("2.5"), Decimal("2.05"), datetime(2024, 8, 16, 10, tzinfo=UTC))  # fmt: skip
    assert quotes[("pinnacle", Market.ASIAN_HANDICAP, Selection.AWAY)][0] == Decimal("1.75")
    assert quotes[("william-hill", Market.MATCH_RESULT, Selection.DRAW)][2] == NOW  # no last_update: fetched
    assert parsed.aliases["Wolverhampton Wanderers"] == "Wolves"
    assert [(c.code, c.name) for c in parsed.competitions] == [("E0", "Premier League")]


def test_the_historical_endpoint_wraps_the_events_in_data() -> None:
    parsed = parse("odds-api", {"timestamp": "2024-08-16T10:00:00Z", "data": [odds_api_event()]})
    assert len(parsed.matches) == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"commence_time": "tomorrow"}, "invalid_date"),
        ({"home_team": ""}, "missing_field"),
        (
            {
                "bookmakers": [
                    {
                        "key": "pinnacle",
                        "markets": [{"key": "h2h", "outcomes": [{"name": "Draw", "price": 0}]}],
                    }
                ]
            },
            "invalid_odds",
        ),
        (
            {
                "bookmakers": [
                    {"key": "x", "markets": [{"key": "h2h", "outcomes": [{"name": "Chelsea", "price": 2}]}]}
                ]
            },
            "unknown_outcome",
        ),
        (
            {
                "bookmakers": [
                    {"key": "x", "markets": [{"key": "totals", "outcomes": [{"name": "Over", "price": 2}]}]}
                ]
            },
            "invalid_line",
        ),
    ],
)
def test_an_invalid_odds_api_event_is_quarantined_with_its_reason(changes: dict[str, Any], code: str) -> None:
    parsed = parse("odds-api", [odds_api_event(), odds_api_event(**changes)])
    assert len(parsed.matches) == 1
    [rejected] = parsed.rejected
    assert rejected.row == 2
    assert rejected.reason.startswith(f"{code}:")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b'{"message": "Usage quota has been reached"}', "Usage quota"),
        (b'[{"id": "e1", "sport_key": "soccer_epl"', "not valid JSON"),
        (b"<html><body>502 Bad Gateway</body></html>", "HTML page"),
        (b'{"events": []}', "expected a JSON list of events"),
    ],
)
def test_an_unreadable_odds_api_payload_is_refused(content: bytes, named: str) -> None:
    with pytest.raises(PayloadError, match=named):
        parse("odds-api", content)


def open_meteo(hours: int = 3, **changes: Any) -> dict[str, Any]:
    return {
        "latitude": 51.55, "longitude": -0.11, "utc_offset_seconds": 3600, "timezone": "Europe/London",
        "hourly_units": {"time": "iso8601", "temperature_2m": "°F", "wind_speed_10m": "m/s"},
        "hourly": {
            "time": [f"2024-08-17T{14 + hour:02d}:00" for hour in range(hours)],
            "temperature_2m": [68.0 + hour for hour in range(hours)],
            "precipitation": [0.0, 0.4, None][:hours],
            "wind_speed_10m": [5.0] * hours,
        },
        **changes,
    }  # fmt: skip


def test_open_meteo_hours_are_stored_in_utc_and_metric_units() -> None:
    parsed = parse("weather", open_meteo(), "weather/arsenal.json#team=Arsenal")
    [series] = parsed.weather
    assert series.team == "Arsenal"
    assert series.times[0] == datetime(2024, 8, 17, 13, tzinfo=UTC)
    assert series.temperature_c[0] == 20.0
    assert series.wind_speed_kmh[0] == 18.0
    assert list(series.precipitation_mm) == [0.0, 0.4, None]
    assert list(series.relative_humidity) == [None, None, None]


def test_the_team_may_come_from_the_document_itself() -> None:
    [series] = parse("weather", [open_meteo(team="Fulham")]).weather
    assert series.team == "Fulham"


def test_a_weather_series_without_a_team_is_refused_naming_the_fix() -> None:
    with pytest.raises(PayloadError, match="--team"):
        parse("weather", open_meteo())


def test_a_broken_series_is_quarantined() -> None:
    broken = open_meteo()
    broken["hourly"]["temperature_2m"] = [20.0]
    parsed = parse("weather", [open_meteo(team="Fulham"), {**broken, "team": "Fulham"}])
    assert len(parsed.weather) == 1
    assert [r.reason.split(":")[0] for r in parsed.rejected] == ["invalid_series"]


AVAILABILITY = {
    "competition": "E0", "date": "2024-08-17", "home_team": "Arsenal", "away_team": "Wolves",
    "team": "Arsenal", "player": "B. Saka", "status": "Injured", "reason": "hamstring",
    "reported_at": "2024-08-15T12:00:00Z",
}  # fmt: skip


def test_availability_records_are_read_from_the_documented_format() -> None:
    parsed = parse("availability", {"format": "stakewise-availability/1", "records": [AVAILABILITY]})
    [record] = parsed.availability
    assert (record.team, record.player, record.status) == ("Arsenal", "B. Saka", AvailabilityStatus.INJURED)
    assert record.reported_at == datetime(2024, 8, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": "tired"}, "invalid_status"),
        ({"player": None}, "missing_field"),
        ({"date": "17/08/24"}, "invalid_date"),
    ],
)
def test_an_invalid_availability_record_is_quarantined(changes: dict[str, Any], code: str) -> None:
    parsed = parse("availability", [AVAILABILITY, {**AVAILABILITY, **changes}])
    assert len(parsed.availability) == 1
    assert parsed.rejected[0].reason.startswith(f"{code}:")


def test_the_synthetic_league_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    source = SOURCES.source("synthetic")
    first = [payload.content for payload in source.fetch("seasons=2,seed=3,teams=6")]
    again = [payload.content for payload in source.fetch("seasons=2,seed=3,teams=6")]
    other = [payload.content for payload in source.fetch("seasons=2,seed=4,teams=6")]
    assert first == again
    assert first != other
    assert len(first) == 2


def test_a_synthetic_season_is_a_full_double_round_robin_with_early_and_closing_prices() -> None:
    source = SOURCES.source("synthetic")
    payload = next(iter(source.fetch("seasons=1,seed=5,teams=6,first_season=2022")))
    parsed = source.parse(payload)
    assert len(parsed.matches) == 6 * 5
    assert not parsed.rejected
    pairs = {(m.home_team, m.away_team) for m in parsed.matches}
    assert len(pairs) == 30  # every team hosts every other once
    match = parsed.matches[0]
    assert match.season == "2022-2023"
    assert match.result is not None
    for closing in (False, True):
        one_x_two = [p for p in match.prices if p.market is Market.MATCH_RESULT and p.is_closing is closing
                     and p.bookmaker == "pinnacle"]  # fmt: skip
        overround = sum(1 / float(p.price) for p in one_x_two) - 1
        assert len(one_x_two) == 3
        assert -0.05 < overround < 0.12
    assert match.kickoff is not None
    assert {p.captured_at for p in match.prices if not p.is_closing} == {match.kickoff - timedelta(days=2)}
    assert {p.captured_at for p in match.prices if p.is_closing} == {match.kickoff}


@pytest.mark.parametrize(
    ("locator", "named"),
    [("seasons=0", "outside"), ("colour=3", "unknown synthetic option"), ("seed=x", "whole")],
)
def test_bad_synthetic_options_are_named(locator: str, named: str) -> None:
    with pytest.raises(PayloadError, match=named):
        list(SOURCES.source("synthetic").fetch(locator))
