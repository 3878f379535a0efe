"""Fair probabilities of the common football markets, read off a goal matrix.

Line markets (totals and Asian handicaps) are settled score by score with the one shared rule of
domain.lines, so a priced line and a settled ticket leg can never disagree. Totals are priced from the
over side, Asian handicaps from the home side (home wins the bet when home - away + line > 0).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import InvalidMarket
from domain.goal_matrix import GoalMatrix
from domain.lines import LineInput, LineOutcome, parse_line, settle_line, settle_over

CORRECT_SCORE_MAX_GOALS = 5
STANDARD_TOTAL_LINES = tuple(Decimal(quarters) / 4 for quarters in range(2, 27))  # 0.5 to 6.5
STANDARD_HANDICAP_LINES = tuple(Decimal(quarters) / 4 for quarters in range(-12, 13))  # -3 to +3


@dataclass(frozen=True, slots=True)
class MatchResult:
    home: float
    draw: float
    away: float


@dataclass(frozen=True, slots=True)
class DoubleChance:
    home_draw: float
    home_away: float
    draw_away: float


@dataclass(frozen=True, slots=True)
class DrawNoBet:
    """The probability of each side winning given that the match is not drawn (a draw is void)."""

    home: float
    away: float


@dataclass(frozen=True, slots=True)
class BothTeamsToScore:
    yes: float
    no: float


@dataclass(frozen=True, slots=True)
class LinePrices:
    """The probability of each way a line bet can settle."""

    win: float
    half_win: float
    push: float
    half_loss: float
    loss: float

    def probability(self, outcome: LineOutcome) -> float:
        value: float = getattr(self, outcome.value)
        return value

    @property
    def fair_odds(self) -> float:
        """The decimal odds at which the bet breaks even (infinite when it cannot win)."""
        winning_share = math.fsum(self.probability(o) * float(o.winning_fraction) for o in LineOutcome)
        refunded_share = math.fsum(self.probability(o) * float(o.refunded_fraction) for o in LineOutcome)
        return (1.0 - refunded_share) / winning_share if winning_share > 0.0 else math.inf

    def expected_return(self, odds: float) -> float:
        """Money expected back per unit staked at these decimal odds, stake included."""
        return math.fsum(
            self.probability(outcome)
            * (float(outcome.winning_fraction) * odds + float(outcome.refunded_fraction))
            for outcome in LineOutcome
        )


@dataclass(frozen=True, slots=True)
class CorrectScore:
    """Each score with both sides at most `max_goals`, and `other` for every other score."""

    max_goals: int
    scores: tuple[tuple[int, int, float], ...]
    other: float


@dataclass(frozen=True, slots=True)
class FixturePrices:
    match_result: MatchResult
    double_chance: DoubleChance
    draw_no_bet: DrawNoBet
    both_teams_to_score: BothTeamsToScore
    correct_score: CorrectScore
    totals: tuple[tuple[Decimal, LinePrices], ...]
    asian_handicap: tuple[tuple[Decimal, LinePrices], ...]


def price_fixture(
    matrix: GoalMatrix,
    total_lines: Iterable[LineInput] = STANDARD_TOTAL_LINES,
    handicap_lines: Iterable[LineInput] = STANDARD_HANDICAP_LINES,
) -> FixturePrices:
    result = price_match_result(matrix)
    return FixturePrices(
        match_result=result,
        double_chance=price_double_chance(result),
        draw_no_bet=price_draw_no_bet(result),
        both_teams_to_score=price_both_teams_to_score(matrix),
        correct_score=price_correct_score(matrix),
        totals=_ladder(matrix, total_lines, price_total),
        asian_handicap=_ladder(matrix, handicap_lines, price_asian_handicap),
    )


def _ladder(
    matrix: GoalMatrix, lines: Iterable[LineInput], price: Callable[[GoalMatrix, LineInput], LinePrices]
) -> tuple[tuple[Decimal, LinePrices], ...]:
    return tuple((parse_line(line), price(matrix, line)) for line in lines)


def price_match_result(matrix: GoalMatrix) -> MatchResult:
    by_result: dict[int, list[float]] = defaultdict(list)
    for home_goals, away_goals, probability in matrix.scores():
        by_result[_sign(home_goals - away_goals)].append(probability)
    return MatchResult(*(math.fsum(by_result[sign]) for sign in (1, 0, -1)))


def price_double_chance(result: MatchResult) -> DoubleChance:
    return DoubleChance(
        home_draw=result.home + result.draw,
        home_away=result.home + result.away,
        draw_away=result.draw + result.away,
    )


def price_draw_no_bet(result: MatchResult) -> DrawNoBet:
    decided = result.home + result.away
    if decided <= 0.0:
        raise InvalidMarket("draw no bet cannot be priced: the goal matrix gives every match a draw")
    return DrawNoBet(home=result.home / decided, away=result.away / decided)


def price_both_teams_to_score(matrix: GoalMatrix) -> BothTeamsToScore:
    by_answer: dict[bool, list[float]] = defaultdict(list)
    for home_goals, away_goals, probability in matrix.scores():
        by_answer[home_goals > 0 and away_goals > 0].append(probability)
    return BothTeamsToScore(yes=math.fsum(by_answer[True]), no=math.fsum(by_answer[False]))


def price_correct_score(matrix: GoalMatrix, max_goals: int = CORRECT_SCORE_MAX_GOALS) -> CorrectScore:
    listed = tuple(
        (home_goals, away_goals, matrix.probability(home_goals, away_goals))
        for home_goals in range(max_goals + 1)
        for away_goals in range(max_goals + 1)
    )
    other = math.fsum(
        probability
        for home_goals, away_goals, probability in matrix.scores()
        if home_goals > max_goals or away_goals > max_goals
    )
    return CorrectScore(max_goals=max_goals, scores=listed, other=other)


def price_total(matrix: GoalMatrix, line: LineInput) -> LinePrices:
    """The over side of a goals total."""
    canonical = parse_line(line)
    return _price_line(_by_total_goals(matrix), lambda total: settle_over(total, canonical))


def price_asian_handicap(matrix: GoalMatrix, line: LineInput) -> LinePrices:
    """The home side of an Asian handicap."""
    canonical = parse_line(line)
    return _price_line(_by_goal_difference(matrix), lambda margin: settle_line(margin, canonical))


def _by_total_goals(matrix: GoalMatrix) -> dict[int, list[float]]:
    grouped: dict[int, list[float]] = defaultdict(list)
    for home_goals, away_goals, probability in matrix.scores():
        grouped[home_goals + away_goals].append(probability)
    return grouped


def _by_goal_difference(matrix: GoalMatrix) -> dict[int, list[float]]:
    grouped: dict[int, list[float]] = defaultdict(list)
    for home_goals, away_goals, probability in matrix.scores():
        grouped[home_goals - away_goals].append(probability)
    return grouped


def _price_line(grouped: dict[int, list[float]], settle: Callable[[int], LineOutcome]) -> LinePrices:
    by_outcome: dict[LineOutcome, list[float]] = defaultdict(list)
    for goals, probabilities in grouped.items():
        by_outcome[settle(goals)].extend(probabilities)
    return LinePrices(**{outcome.value: math.fsum(by_outcome[outcome]) for outcome in LineOutcome})


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)
