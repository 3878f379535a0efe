"""When a football-data match kicks off and when its prices were captured.

Kickoff times (column Time, from 2019/20) are UK local time for every league. The prices without a `C`
were collected on the Friday afternoon before weekend games (Friday to Monday) and on the Tuesday
afternoon before midweek games (Tuesday to Thursday): they are stamped 17:00 UK time that day, and never
later than an hour before a known kickoff. Closing prices are stamped at kickoff, or 17:00 UK time on the
match day when the kickoff time is unknown (late rather than early: a price must not look available
before it was).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
COLLECTED_AT = time(17, 0)
BEFORE_KICKOFF = timedelta(hours=1)
FRIDAY, TUESDAY = 4, 1


def kickoff_utc(match_date: date, local_time: time | None) -> datetime | None:
    if local_time is None:
        return None
    return datetime.combine(match_date, local_time, UK).astimezone(UTC)


def collection_day(match_date: date) -> date:
    weekday = match_date.weekday()
    midweek = TUESDAY <= weekday < FRIDAY
    days_back = weekday - TUESDAY if midweek else (weekday - FRIDAY) % 7
    return match_date - timedelta(days=days_back)


def early_captured_at(match_date: date, kickoff: datetime | None) -> datetime:
    collected = datetime.combine(collection_day(match_date), COLLECTED_AT, UK).astimezone(UTC)
    if kickoff is not None:
        return min(collected, kickoff - BEFORE_KICKOFF)
    return collected


def closing_captured_at(match_date: date, kickoff: datetime | None) -> datetime:
    if kickoff is not None:
        return kickoff
    return datetime.combine(match_date, COLLECTED_AT, UK).astimezone(UTC)
