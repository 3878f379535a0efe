"""A seeded, realistic football league: what the main job runs on when no data is at hand.

Each team has an attack and a defence rating (log scale) that drift a little every matchweek; the home side
gets a home advantage. Expected goals are exp(base + home + attack - defence); the score is drawn from the
domain's Dixon-Coles goal matrix (low scores correlated by rho). Two bookmakers price every match from the
true probabilities with their margin and some noise: early prices two days before kickoff with more noise,
closing prices at kickoff with less. 1X2, over/under 2.5 and the Asian handicap line nearest to even money.
Everything comes from one random.Random(seed): the same options give the same league, byte for byte.

Placed around a date (`around`), the league is live on that date: its last season is the one under way
(seasons start on the first Saturday of August and play one matchweek a week; in the close season a new
season starts on the first Saturday on or after the date), the matches before the date are finished with
their scores and closing prices, the matches kicking off within PRICED_AHEAD of it are upcoming: no score,
no closing price, early prices captured no later than the date itself; later matches are not published
yet. Every score and price is still drawn, so a match's figures do not depend on the date, and a later
date only publishes more of the same fixtures and results.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.goal_matrix import GoalMatrix, dixon_coles_matrix
from domain.pricing import price_asian_handicap, price_match_result, price_total

if TYPE_CHECKING:
    from collections.abc import Iterator

BASE_GOALS = math.log(1.2)
HOME_ADVANTAGE = 0.22
RHO = -0.1
RATING_SPREAD = 0.18
WEEKLY_DRIFT = 0.015
TOTALS_LINE = Decimal("2.5")
HALF_LINES = tuple(Decimal(halves) / 2 for halves in range(-5, 6, 2))  # -2.5 … +2.5
QUARTER = Decimal("0.25")
KICKOFF = time(14, 0)  # 15:00 UK time in winter; a fixed UTC hour keeps the league simple
EARLY = timedelta(days=2)
PRICED_AHEAD = timedelta(days=8)  # published and priced ahead: on a Saturday, next Saturday too


@dataclass(frozen=True, slots=True)
class Book:
    key: str
    margin: float
    early_noise: float
    closing_noise: float


BOOKS = (Book("pinnacle", 0.025, 0.05, 0.015), Book("bet365", 0.055, 0.06, 0.025))
FIRST = ("North", "South", "East", "West", "Port", "Old", "New", "Upper", "Lower", "Royal", "Great", "Little")
SECOND = ("Ashby", "Bramford", "Calder", "Dunmore", "Elston", "Fairholm", "Glenrock", "Harwick", "Ilford",
          "Jedburgh", "Kesford", "Lindale", "Marston", "Northam", "Orwell", "Penrith")  # fmt: skip
SUFFIX = ("United", "City", "Rovers", "Athletic", "Town", "Wanderers", "Albion", "County")


@dataclass(frozen=True, slots=True)
class Options:
    seasons: int = 3
    seed: int = 42
    teams: int = 20
    first_season: int = 2021
    around: date | None = None  # place the league live on this date (first_season is then derived)


@dataclass
class Team:
    name: str
    attack: float
    defence: float


def team_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(FIRST)} {rng.choice(SECOND)} {rng.choice(SUFFIX)}")
    return sorted(names)


def round_robin(teams: int) -> list[list[tuple[int, int]]]:
    """A double round robin by the circle method: every pair meets once at each ground."""
    order = list(range(teams))
    rounds = []
    for week in range(teams - 1):
        pairs = [(order[i], order[teams - 1 - i]) for i in range(teams // 2)]
        rounds.append([(a, b) if (week + i) % 2 == 0 else (b, a) for i, (a, b) in enumerate(pairs)])
        order = [order[0], order[-1], *order[1:-1]]
    return rounds + [[(away, home) for home, away in week] for week in rounds]


def generate(options: Options) -> Iterator[tuple[str, dict[str, object]]]:
    """(season name, season document) for each season, in order."""
    rng = random.Random(options.seed)  # noqa: S311  a seeded, reproducible league
    teams = [Team(name, rng.gauss(0, RATING_SPREAD), rng.gauss(0, RATING_SPREAD))
             for name in team_names(rng, options.teams)]  # fmt: skip
    for start, first_saturday in season_starts(options):
        yield f"{start}-{start + 1}", _season(rng, teams, start, first_saturday, options.around)


def season_starts(options: Options) -> list[tuple[int, date]]:
    """(first year, first matchday) of each season; placed around a date, the last one is under way then."""
    if options.around is None:
        years = range(options.first_season, options.first_season + options.seasons)
        return [(year, _first_saturday(date(year, 8, 1))) for year in years]
    weeks = len(round_robin(options.teams))
    year = options.around.year if options.around >= _first_saturday(date(options.around.year, 8, 1)) else (
        options.around.year - 1)  # fmt: skip
    last = (year, _first_saturday(date(year, 8, 1)))
    if last[1] + timedelta(weeks=weeks - 1) < options.around:  # close season: a new season starts now
        last = (options.around.year, _first_saturday(options.around))
    earlier = range(last[0] - options.seasons + 1, last[0])
    return [*((y, _first_saturday(date(y, 8, 1))) for y in earlier), last]


def _season(
    rng: random.Random, teams: list[Team], start: int, first_saturday: date, around: date | None
) -> dict[str, object]:
    cut = None if around is None else datetime.combine(around, time(0), UTC)
    matches = []
    for week, pairs in enumerate(round_robin(len(teams))):
        day = first_saturday + timedelta(weeks=week)
        for home, away in pairs:
            match = _match(rng, teams[home], teams[away], datetime.combine(day, KICKOFF, UTC))
            seen = match if cut is None else _as_seen_at(match, cut)
            if seen is not None:
                matches.append(seen)
        for team in teams:
            team.attack += rng.gauss(0, WEEKLY_DRIFT)
            team.defence += rng.gauss(0, WEEKLY_DRIFT)
    return {"season": f"{start}-{start + 1}", "matches": matches}


def _as_seen_at(match: dict[str, Any], cut: datetime) -> dict[str, Any] | None:
    """A match as known at `cut`: upcoming ones lose their score and closing prices, later ones are not
    published yet (None; see the module)."""
    kickoff = datetime.fromisoformat(match["kickoff"])
    if kickoff < cut:
        return match
    if kickoff - cut > PRICED_AHEAD:
        return None
    upcoming = {key: value for key, value in match.items() if key not in ("home_goals", "away_goals")}
    upcoming["prices"] = [
        {**price, "captured_at": min(kickoff - EARLY, cut).isoformat()}
        for price in match["prices"]
        if not price["closing"]
    ]
    return upcoming


def _first_saturday(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _match(rng: random.Random, home: Team, away: Team, kickoff: datetime) -> dict[str, Any]:
    home_xg = math.exp(BASE_GOALS + HOME_ADVANTAGE + home.attack - away.defence)
    away_xg = math.exp(BASE_GOALS + away.attack - home.defence)
    matrix = dixon_coles_matrix(home_xg, away_xg, RHO)
    home_goals, away_goals = _draw_score(rng, matrix)
    fair = _fair_odds(matrix)
    prices = [
        _quote(rng, market, line, selection, odds, book, noise, at, closing)
        for book in BOOKS
        for closing, noise, at in (
            (False, book.early_noise, kickoff - EARLY),
            (True, book.closing_noise, kickoff),
        )
        for market, line, selection, odds in fair
    ]
    return {
        "date": kickoff.date().isoformat(),
        "kickoff": kickoff.isoformat(),
        "home": home.name,
        "away": away.name,
        "home_goals": home_goals,
        "away_goals": away_goals,
        "prices": prices,
    }


def _draw_score(rng: random.Random, matrix: GoalMatrix) -> tuple[int, int]:
    pick, total = rng.random(), 0.0
    last = (0, 0)
    for home_goals, away_goals, probability in matrix.scores():
        total += probability
        last = (home_goals, away_goals)
        if pick < total:
            return last
    return last


def _fair_odds(matrix: GoalMatrix) -> list[tuple[str, Decimal | None, str, float]]:
    result = price_match_result(matrix)
    over = price_total(matrix, TOTALS_LINE)
    line = _even_money_line(matrix)
    home_side, away_side = price_asian_handicap(matrix, line), price_asian_handicap(_mirrored(matrix), -line)
    return [
        ("1x2", None, "home", 1 / result.home),
        ("1x2", None, "draw", 1 / result.draw),
        ("1x2", None, "away", 1 / result.away),
        ("totals", TOTALS_LINE, "over", 1 / over.win),
        ("totals", TOTALS_LINE, "under", 1 / over.loss),
        ("asian_handicap", line, "home", home_side.fair_odds),
        ("asian_handicap", -line, "away", away_side.fair_odds),
    ]


def _quote(
    rng: random.Random,
    market: str,
    line: Decimal | None,
    selection: str,
    fair_odds: float,
    book: Book,
    noise: float,
    at: datetime,
    closing: bool,
) -> dict[str, object]:
    price = max(1.01, fair_odds / (1 + book.margin) * math.exp(rng.gauss(0, noise)))
    return {"market": market, "line": None if line is None else str(line), "selection": selection,
            "bookmaker": book.key, "price": f"{price:.2f}", "captured_at": at.isoformat(),
            "closing": closing}  # fmt: skip


def _even_money_line(matrix: GoalMatrix) -> Decimal:
    """The handicap whose home price is nearest evens: the nearest half line or a quarter line beside it."""
    margins: dict[int, float] = {}
    for home_goals, away_goals, probability in matrix.scores():
        margins[home_goals - away_goals] = margins.get(home_goals - away_goals, 0.0) + probability

    def home_wins(line: Decimal) -> float:
        return sum(p for margin, p in margins.items() if margin + line > 0)

    half = min(HALF_LINES, key=lambda line: abs(home_wins(line) - 0.5))
    nearby = (half - QUARTER, half, half + QUARTER)
    return min(nearby, key=lambda line: abs(price_asian_handicap(matrix, line).fair_odds - 2.0))


def _mirrored(matrix: GoalMatrix) -> GoalMatrix:
    return GoalMatrix(tuple(zip(*matrix.probabilities, strict=True)))
