"""The synthetic league placed around a date: live on that date, the same figures whatever the date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from application.pipeline.records import Market
from application.pipeline.sources import PayloadError, SourceMatch
from plugins.builtin.sources.synthetic.league import Options, season_starts
from plugins.manager import PluginHost
from tests.unit.pipeline.harness import NOW, FixedClock

SOURCES = PluginHost(entry_point_group=None).source_catalogue(FixedClock())


def league(locator: str) -> list[SourceMatch]:
    source = SOURCES.source("synthetic")
    return [match for payload in source.fetch(locator) for match in source.parse(payload).matches]


def test_a_placed_league_is_finished_before_the_date_and_the_coming_week_upcoming_and_priced() -> None:
    around = date(2026, 12, 2)  # a Wednesday: the next matchweek is on Saturday 5 December
    cut = datetime(2026, 12, 2, tzinfo=UTC)
    matches = league(f"seasons=2,seed=7,teams=6,around={around}")
    finished = [m for m in matches if m.kickoff is not None and m.kickoff < cut]
    upcoming = [m for m in matches if m.kickoff is not None and m.kickoff >= cut]
    assert finished
    assert upcoming
    assert len(finished) + len(upcoming) == len(matches)
    assert all(m.result is not None for m in finished)
    assert all(m.result is None for m in upcoming)
    assert all(any(p.is_closing for p in m.prices) for m in finished)
    assert {m.match_date for m in upcoming} == {date(2026, 12, 5)}  # later weeks are not published yet
    for match in upcoming:
        assert not any(p.is_closing for p in match.prices)
        assert {p.market for p in match.prices} == {Market.MATCH_RESULT, Market.TOTALS, Market.ASIAN_HANDICAP}
        assert all(p.captured_at <= cut for p in match.prices)
    assert matches[-1].season == "2026-2027"


def test_the_date_changes_what_is_known_never_the_figures() -> None:
    early = {(m.match_date, m.home_team): m for m in league("seasons=1,seed=3,teams=6,around=2026-08-20")}
    later = {(m.match_date, m.home_team): m for m in league("seasons=1,seed=3,teams=6,around=2026-09-20")}
    assert early.keys() < later.keys()  # a month on, more of the same fixtures are published ...
    played_later = [key for key, match in early.items() if match.result is None and later[key].result]
    assert played_later  # ... and the upcoming ones then carry their score
    for key, match in early.items():
        if match.result is not None:
            assert later[key].result == match.result
            assert later[key].prices == match.prices


def test_today_is_the_clock_s_date() -> None:
    assert league("seasons=1,seed=3,teams=6,around=today") == league(
        f"seasons=1,seed=3,teams=6,around={NOW.date().isoformat()}"
    )


@pytest.mark.parametrize(
    ("around", "first_matchday"),
    [
        (date(2026, 12, 2), date(2026, 8, 1)),  # mid-season: the season that began in August
        (date(2027, 3, 1), date(2026, 8, 1)),  # after New Year: still last August's season
        (date(2027, 6, 10), date(2027, 6, 12)),  # close season: a new season starts on the next Saturday
    ],
)
def test_the_last_season_is_the_one_under_way(around: date, first_matchday: date) -> None:
    starts = season_starts(Options(seasons=3, teams=20, around=around))
    assert starts[-1][1] == first_matchday
    assert len(starts) == 3
    weeks = [first + timedelta(weeks=37) for _, first in starts]
    assert all(end < start for end, (_, start) in zip(weeks, starts[1:], strict=False))  # no overlap


def test_a_bad_date_is_named() -> None:
    with pytest.raises(PayloadError, match="around='2026-13-01' is not a date"):
        league("around=2026-13-01")


def test_on_a_matchday_the_next_week_is_published_too() -> None:
    """After Saturday's kickoff its matches are in play: the next Saturday's are already priced."""
    matches = league("seasons=1,seed=7,teams=6,around=2026-12-05")
    upcoming = {m.match_date for m in matches if m.result is None}
    assert upcoming == {date(2026, 12, 5), date(2026, 12, 12)}
    assert all(m.prices for m in matches if m.result is None)
