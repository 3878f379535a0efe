"""The market catalogue of the domain: canonical codes only, the fixture life cycle, settlement of every
market kind from a final score, the issuing rules, and money arithmetic at the schema's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from domain.errors import RuleViolation
from domain.markets import (
    MARKETS,
    FixtureState,
    FixtureStatus,
    MarketClosed,
    MarketSelection,
    PriceBookEntry,
    PriceChanged,
    Score,
    fair_closing_probability,
)
from domain.money import exact_product, potential_return, round_down_to_cent
from domain.settlement import LegResult, settle_selection
from domain.tickets import MaxCombinedOdds, MaxPotentialReturn

KICKOFF = datetime(2025, 5, 10, 16, tzinfo=UTC)
D = Decimal


def test_the_catalogue_names_every_kind_with_its_selections() -> None:
    assert list(MARKETS) == ["1x2", "double_chance", "draw_no_bet", "totals", "asian_handicap", "btts",
                             "correct_score"]  # fmt: skip
    scores = MARKETS["correct_score"].selections
    assert len(scores) == 37
    assert scores[0] == "0-0"
    assert "5-5" in scores
    assert scores[-1] == "other"
    assert [k for k, kind in MARKETS.items() if kind.needs_line] == ["totals", "asian_handicap"]


@pytest.mark.parametrize(
    ("market", "selection", "line", "reason"),
    [
        ("1X2", "home", None, "unknown market '1X2'"),
        ("match_odds", "home", None, "unknown market"),
        ("1x2", "Home", None, "unknown selection 'Home'"),
        ("1x2", "1", None, "unknown selection"),
        ("1x2", "home", D("0.5"), "takes no line"),
        ("totals", "over", None, "needs a line"),
        ("totals", "over", D("2.3"), "multiples of 0.25"),
        ("totals", "under", D("-1"), "above 0"),
        ("correct_score", "6-0", None, "unknown selection"),
        ("correct_score", "2 - 1", None, "unknown selection"),
        ("btts", "y", None, "unknown selection"),
    ],
)
def test_anything_but_a_canonical_code_is_refused_never_guessed(
    market: str, selection: str, line: Decimal | None, reason: str
) -> None:
    with pytest.raises(RuleViolation, match=reason) as refused:
        MarketSelection.parse(market, selection, line)
    assert refused.value.rule == "UnknownSelection"


def test_a_line_is_kept_canonical() -> None:
    assert MarketSelection.parse("asian_handicap", "away", D("0.250")).line == D("0.25")


@pytest.mark.parametrize(
    ("market", "selection", "line", "score", "result"),
    [
        ("1x2", "home", None, (2, 1), LegResult.WIN),
        ("1x2", "draw", None, (2, 1), LegResult.LOSS),
        ("1x2", "away", None, (0, 3), LegResult.WIN),
        ("double_chance", "home_draw", None, (1, 1), LegResult.WIN),
        ("double_chance", "home_away", None, (1, 1), LegResult.LOSS),
        ("double_chance", "draw_away", None, (0, 2), LegResult.WIN),
        ("draw_no_bet", "home", None, (1, 1), LegResult.PUSH),
        ("draw_no_bet", "away", None, (0, 1), LegResult.WIN),
        ("btts", "yes", None, (1, 1), LegResult.WIN),
        ("btts", "yes", None, (3, 0), LegResult.LOSS),
        ("btts", "no", None, (3, 0), LegResult.WIN),
        ("correct_score", "2-1", None, (2, 1), LegResult.WIN),
        ("correct_score", "1-2", None, (2, 1), LegResult.LOSS),
        ("correct_score", "other", None, (6, 0), LegResult.WIN),
        ("correct_score", "other", None, (5, 5), LegResult.LOSS),
        ("totals", "over", D("2.5"), (2, 1), LegResult.WIN),
        ("totals", "under", D("3"), (2, 1), LegResult.PUSH),
        ("totals", "over", D("2.75"), (2, 1), LegResult.HALF_WIN),
        ("totals", "under", D("2.75"), (2, 1), LegResult.HALF_LOSS),
        ("asian_handicap", "home", D("-0.25"), (1, 1), LegResult.HALF_LOSS),
        ("asian_handicap", "away", D("0.25"), (1, 1), LegResult.HALF_WIN),
        ("asian_handicap", "home", D("-1"), (2, 1), LegResult.PUSH),
        ("asian_handicap", "away", D("1.5"), (2, 1), LegResult.WIN),
    ],
)
def test_every_kind_settles_from_the_final_score(
    market: str, selection: str, line: Decimal | None, score: tuple[int, int], result: LegResult
) -> None:
    assert settle_selection(MarketSelection.parse(market, selection, line), Score(*score)) is result


def test_settling_refuses_a_selection_the_catalogue_does_not_know() -> None:
    with pytest.raises(RuleViolation, match="needs a line"):
        settle_selection(MarketSelection("totals", "over"), Score(1, 1))


@pytest.mark.parametrize(
    ("stored", "score", "moment", "status"),
    [
        (None, None, KICKOFF - timedelta(minutes=1), FixtureStatus.SCHEDULED),
        (None, None, KICKOFF, FixtureStatus.IN_PLAY),
        (None, None, KICKOFF + timedelta(hours=47), FixtureStatus.IN_PLAY),
        (None, None, KICKOFF + timedelta(hours=48), FixtureStatus.VOID),
        (None, (1, 0), KICKOFF + timedelta(hours=2), FixtureStatus.FINISHED),
        (None, (1, 0), KICKOFF - timedelta(days=1), FixtureStatus.SCHEDULED),  # a replay of the past
        (FixtureStatus.POSTPONED, None, KICKOFF - timedelta(days=1), FixtureStatus.POSTPONED),
        (FixtureStatus.POSTPONED, None, KICKOFF + timedelta(hours=48), FixtureStatus.VOID),
        (FixtureStatus.ABANDONED, None, KICKOFF + timedelta(hours=1), FixtureStatus.ABANDONED),
        (FixtureStatus.ABANDONED, (1, 1), KICKOFF + timedelta(hours=3), FixtureStatus.FINISHED),
    ],
)
def test_the_fixture_life_cycle(
    stored: FixtureStatus | None, score: tuple[int, int] | None, moment: datetime, status: FixtureStatus
) -> None:
    state = FixtureState("f", "E0", KICKOFF, stored, None if score is None else Score(*score))
    assert state.status(moment) is status
    assert state.stands_void(moment) is (status in (FixtureStatus.VOID, FixtureStatus.ABANDONED))


def _entry(price: str, captured: datetime, closing: bool = False, selection: str = "home",
           bookmaker: str = "pinnacle") -> PriceBookEntry:  # fmt: skip
    return PriceBookEntry("f", MarketSelection("1x2", selection), bookmaker, D(price), captured, "b", closing)


def test_a_market_closes_at_kickoff_unless_it_has_a_live_price() -> None:
    state = FixtureState("f", "E0", KICKOFF)
    before = _entry("2.10", KICKOFF - timedelta(days=1))
    MarketClosed(state, before, KICKOFF - timedelta(seconds=1)).check()
    with pytest.raises(RuleViolation, match="not offered in play"):
        MarketClosed(state, before, KICKOFF + timedelta(minutes=5)).check()
    MarketClosed(
        state, _entry("1.80", KICKOFF + timedelta(minutes=3)), KICKOFF + timedelta(minutes=5)
    ).check()
    with pytest.raises(RuleViolation, match="void"):
        MarketClosed(state, before, KICKOFF + timedelta(days=3)).check()


def test_price_changed_allows_the_tolerance_and_carries_the_current_odds() -> None:
    entry = _entry("2.00", KICKOFF - timedelta(days=1))
    PriceChanged(D("2.00"), entry).check()
    PriceChanged(D("2.04"), entry, D("0.02")).check()
    with pytest.raises(RuleViolation) as refused:
        PriceChanged(D("2.05"), entry, D("0.02")).check()
    assert refused.value.rule == "PriceChanged"
    assert refused.value.facts["current_odds"] == "2.00"


def test_the_latest_price_wins_and_the_closing_one_on_a_tie() -> None:
    early, closing = _entry("2.10", KICKOFF), _entry("2.05", KICKOFF, closing=True)
    assert closing.newer_than(early)
    assert not early.newer_than(closing)
    assert _entry("2.20", KICKOFF + timedelta(seconds=1)).newer_than(closing)


def test_the_fair_closing_probability_needs_a_complete_market() -> None:
    book = [_entry(p, KICKOFF, True, s) for s, p in (("home", "2.0"), ("draw", "3.5"), ("away", "4.0"))]
    fair = fair_closing_probability(MarketSelection("1x2", "home"), book, ("pinnacle",))
    implied = [1 / 2.0, 1 / 3.5, 1 / 4.0]
    assert fair == pytest.approx(implied[0] / sum(implied))
    assert fair_closing_probability(MarketSelection("1x2", "home"), book[:2], ("pinnacle",)) is None


def test_money_stays_exact_at_the_schemas_limits() -> None:
    odds = exact_product([D("999999.999999")] * 12)
    assert len(str(odds).split(".")[0]) == 72
    assert Fraction(odds) == Fraction(D("999999.999999")) ** 12
    amount = potential_return(D("999999999999.99"), odds)
    assert amount == round_down_to_cent(Fraction(odds) * Fraction(D("999999999999.99")))
    assert amount.as_tuple().exponent == -2
    with pytest.raises(RuleViolation, match="combined odds"):
        MaxCombinedOdds(odds).check()
    with pytest.raises(RuleViolation, match="potential return"):
        MaxPotentialReturn(amount).check()
    assert potential_return(D("10.00"), D("2.105")) == D("21.05")
