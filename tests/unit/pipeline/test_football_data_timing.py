"""When football-data's early and closing prices count as captured."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from plugins.builtin.sources.football_data.timing import (
    closing_captured_at,
    collection_day,
    early_captured_at,
    kickoff_utc,
)


@pytest.mark.parametrize(
    ("match_day", "collected"),
    [
        (date(2024, 8, 16), date(2024, 8, 16)),  # Friday night game: that Friday afternoon
        (date(2024, 8, 17), date(2024, 8, 16)),  # Saturday: the Friday before
        (date(2024, 8, 18), date(2024, 8, 16)),  # Sunday
        (date(2024, 8, 19), date(2024, 8, 16)),  # Monday
        (date(2024, 8, 20), date(2024, 8, 20)),  # Tuesday night: that Tuesday afternoon
        (date(2024, 8, 21), date(2024, 8, 20)),  # Wednesday: the Tuesday before
        (date(2024, 8, 22), date(2024, 8, 20)),  # Thursday
    ],
)
def test_weekend_games_are_priced_on_friday_and_midweek_games_on_tuesday(
    match_day: date, collected: date
) -> None:
    assert collection_day(match_day) == collected
    assert 0 <= (match_day - collected).days <= 3


def test_early_prices_are_never_stamped_after_an_hour_before_a_known_kickoff() -> None:
    kickoff = kickoff_utc(date(2024, 8, 16), time(12, 30))
    assert kickoff == datetime(2024, 8, 16, 11, 30, tzinfo=UTC)
    assert early_captured_at(date(2024, 8, 16), kickoff) == datetime(2024, 8, 16, 10, 30, tzinfo=UTC)


def test_closing_prices_are_stamped_at_kickoff_or_late_on_the_day_when_it_is_unknown() -> None:
    kickoff = datetime(2024, 12, 7, 15, 0, tzinfo=UTC)
    assert closing_captured_at(kickoff.date(), kickoff) == kickoff
    assert closing_captured_at(date(2024, 12, 7), None) == datetime(2024, 12, 7, 17, 0, tzinfo=UTC)  # GMT
    assert early_captured_at(date(2024, 12, 7), None) < closing_captured_at(date(2024, 12, 7), None)
