from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timedelta

import pytest

from application.modelling.features.builder import FEATURE_NAMES, FEATURE_SET, build_features
from application.modelling.features.ratings import EloRatings, PiRatings
from application.modelling.records import MatchRecord, PriceTriple, TeamMatchStats
from tests.modelling.synthetic_league import synthetic_league


def _perturbed(match: MatchRecord) -> MatchRecord:
    """Everything a later match could leak, changed: score, statistics, prices."""
    return dataclasses.replace(
        match,
        home_goals=(match.home_goals or 0) + 3,
        away_goals=0,
        home_stats=TeamMatchStats(shots=40, shots_on_target=20, xg=5.0),
        away_stats=TeamMatchStats(shots=1, shots_on_target=0, xg=0.1),
        early_prices=(("bet365", PriceTriple(9.0, 9.0, 1.2)),),
        closing_prices=(("pinnacle", PriceTriple(1.05, 20.0, 40.0)),),
    )


def _not_before(match: MatchRecord, fixture: MatchRecord) -> bool:
    """Dated at or after the fixture's kickoff (without kickoff times: the same date or later)."""
    if fixture.kickoff_time_known and match.kickoff_time_known:
        return match.kickoff >= fixture.kickoff
    return match.kickoff.date() >= fixture.kickoff.date()


def _date_only(matches: list[MatchRecord]) -> list[MatchRecord]:
    return [
        dataclasses.replace(
            m, kickoff=datetime.combine(m.kickoff.date(), datetime.min.time()), kickoff_time_known=False
        )
        for m in matches
    ]


@pytest.mark.parametrize("with_times", [True, False])
def test_no_feature_uses_anything_dated_at_or_after_kickoff(with_times: bool) -> None:
    league = synthetic_league(seasons=2, teams=8)
    if not with_times:
        league = _date_only(league)
    original = build_features(league)
    for fixture in league[40::37]:
        changed = [
            _perturbed(m) if _not_before(m, fixture) and m.fixture_id != fixture.fixture_id else m
            for m in league
        ]
        own = next(i for i, m in enumerate(changed) if m.fixture_id == fixture.fixture_id)
        changed[own] = dataclasses.replace(
            _perturbed(fixture),
            early_prices=fixture.early_prices,  # its own early prices are pre-match
        )
        assert build_features(changed)[fixture.fixture_id] == original[fixture.fixture_id]


def test_the_perturbation_does_reach_later_fixtures() -> None:
    """The check above can fail: a changed earlier result moves the features of the matches after it."""
    league = synthetic_league(seasons=1, teams=8)
    original = build_features(league)
    changed = [_perturbed(m) if i < 20 else m for i, m in enumerate(league)]
    after = build_features(changed)
    assert after[league[40].fixture_id] != original[league[40].fixture_id]


def test_same_day_results_count_only_when_their_kickoff_time_is_known() -> None:
    day = datetime(2020, 9, 12)  # noqa: DTZ001  naive UTC, as MatchRecord keeps kickoffs
    early = MatchRecord("a", "L", "2020-2021", day.replace(hour=11), "A", "B", home_goals=3, away_goals=0)
    late = MatchRecord("b", "L", "2020-2021", day.replace(hour=17), "A", "C")
    rows = build_features([early, late])
    assert rows["b"].values["home_goals_for"] == 3.0
    undated = [dataclasses.replace(m, kickoff_time_known=False) for m in (early, late)]
    assert build_features(undated)["b"].values["home_goals_for"] is None


def test_rows_have_every_feature_finite_or_missing() -> None:
    rows = build_features(synthetic_league(seasons=1, teams=6))
    for row in rows.values():
        assert row.feature_set == FEATURE_SET
        assert set(FEATURE_NAMES) <= set(row.values)
        assert all(v is None or math.isfinite(v) for v in row.values.values())


def test_market_features_are_the_de_vigged_early_prices() -> None:
    match = MatchRecord(
        "x",
        "L",
        "2020-2021",
        datetime(2020, 9, 12, 15),  # noqa: DTZ001  naive UTC, as MatchRecord keeps kickoffs
        "A",
        "B",
        early_prices=(("bet365", PriceTriple(2.0, 3.5, 4.0)),),
        closing_prices=(("pinnacle", PriceTriple(1.5, 4.0, 7.0)),),
    )
    values = build_features([match])["x"].values
    implied = [1 / 2.0, 1 / 3.5, 1 / 4.0]
    assert values["market_home"] == pytest.approx(implied[0] / sum(implied))
    assert values["market_overround"] == pytest.approx(sum(implied) - 1)


def test_congestion_and_rest_days() -> None:
    start = datetime(2020, 9, 1, 15)  # noqa: DTZ001  naive UTC, as MatchRecord keeps kickoffs
    teams = ["A", "B", "C", "D", "E"]
    matches = [
        MatchRecord(
            f"m{i}",
            "L",
            "2020-2021",
            start + timedelta(days=3 * i),
            "A",
            teams[i % 4 + 1],
            home_goals=1,
            away_goals=1,
        )
        for i in range(6)
    ]
    target = MatchRecord("t", "L", "2020-2021", start + timedelta(days=19), "A", "B")
    values = build_features([*matches, target])["t"].values
    assert values["home_rest_days"] == pytest.approx(4.0)  # last match on day 15
    assert values["home_matches_7d"] == 1.0  # day 15; day 12 is exactly 7 days back and excluded
    assert values["home_matches_14d"] == 4.0
    assert values["home_matches_28d"] == 6.0
    assert values["away_rest_days"] is not None


def test_elo_moves_more_for_bigger_wins_and_conserves_points() -> None:
    narrow, wide = EloRatings(), EloRatings()
    narrow.update("A", "B", 1, 0)
    wide.update("A", "B", 4, 0)
    assert wide.ratings["A"] - 1500 > narrow.ratings["A"] - 1500 > 0
    assert sum(wide.ratings.values()) == pytest.approx(3000)


def test_pi_ratings_follow_the_published_update() -> None:
    """Constantinou & Fenton (2013): a 0-0 start, a 2-0 home win, lambda 0.035, gamma 0.7, b 10, c 3."""
    pi = PiRatings()
    pi.update("A", "B", 2, 0)
    step = 3 * math.log10(1 + 2) * 0.035
    assert pi.home["A"] == pytest.approx(step)
    assert pi.away["A"] == pytest.approx(step * 0.7)
    assert pi.away["B"] == pytest.approx(-step)
    assert pi.home["B"] == pytest.approx(-step * 0.7)
