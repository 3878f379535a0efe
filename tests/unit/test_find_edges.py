from decimal import Decimal
from typing import Any

import pytest

from application.portfolio.selections import PricedSelection
from application.use_cases.find_edges import EdgeFilters, FindEdges, FindEdgesRequest, FindEdgesResponse
from domain.errors import DomainError, InvalidProbability
from tests.fakes.container import memory_container, use_case
from tests.portfolio_builders import selection

FIND_EDGES = use_case(memory_container(), FindEdges)


def edges(*rows: PricedSelection, **filters: Any) -> FindEdgesResponse:
    return FIND_EDGES.execute(FindEdgesRequest(tuple(rows), EdgeFilters(**filters)))


def market(
    bookmaker: str, home: str, draw: str, away: str, p: tuple[float, float, float] = (0.5, 0.3, 0.2)
) -> list[PricedSelection]:
    return [
        selection("F1", "home", home, p[0], bookmaker),
        selection("F1", "draw", draw, p[1], bookmaker),
        selection("F1", "away", away, p[2], bookmaker),
    ]


def test_best_price_expected_value_and_edge_against_the_devigged_market() -> None:
    rows = market("bookA", "2.00", "3.20", "4.80") + market("bookB", "1.95", "3.40", "4.60")
    found = {e.key.selection: e for e in edges(*rows, min_expected_value=-1.0).edges}
    home = found["home"]
    assert home.best.bookmaker == "bookA"
    assert str(home.best.odds) == "2.00"
    assert [q.bookmaker for q in home.quotes] == ["bookA", "bookB"]
    assert home.expected_value == pytest.approx(0.5 * 2.00 - 1)
    # fair probability: the average of each bookmaker's normalised implied probabilities
    book_a = [1 / 2.00, 1 / 3.20, 1 / 4.80]
    book_b = [1 / 1.95, 1 / 3.40, 1 / 4.60]
    fair_home = (book_a[0] / sum(book_a) + book_b[0] / sum(book_b)) / 2
    assert home.fair_probability == pytest.approx(fair_home)
    assert home.edge == pytest.approx(0.5 / fair_home - 1)
    assert found["draw"].best.bookmaker == "bookB"


OVERROUND = ("2.00", "3.10", "5.50")  # implied probabilities sum to 1.0044
MODEL = (0.52, 0.28, 0.2)  # EV: home +0.04, draw -0.132, away +0.10


def test_kept_selections_have_positive_ev_and_come_by_descending_ev() -> None:
    rows = market("bookA", *OVERROUND, p=MODEL)
    response = edges(*rows)
    assert [e.key.selection for e in response.edges] == ["away", "home"]
    assert response.excluded == {"expected value not above the minimum": 1}
    assert response.outcomes == 3


def test_filters_on_probability_edge_and_maximum_odds() -> None:
    rows = market("bookA", *OVERROUND, p=MODEL)
    assert [e.key.selection for e in edges(*rows, min_probability=0.25).edges] == ["home"]
    assert [e.key.selection for e in edges(*rows, min_expected_value=0.07).edges] == ["away"]
    only_away_edge = edges(*rows, min_edge=0.1).edges
    assert [e.key.selection for e in only_away_edge] == ["away"]
    assert only_away_edge[0].edge is not None
    assert only_away_edge[0].edge >= 0.1
    capped = edges(*rows, max_odds=Decimal("5.00"))
    assert [e.key.selection for e in capped.edges] == ["home"]
    assert capped.excluded["every price above the maximum odds"] == 1


def test_without_a_complete_market_the_edge_is_unknown_and_a_min_edge_drops_it() -> None:
    rows = [selection("F1", "home", "2.20", 0.5), selection("F1", "away", "4.00", 0.3, bookmaker="bookB")]
    found = edges(*rows).edges
    assert all(e.edge is None and e.fair_probability is None for e in found)
    assert edges(*rows, min_edge=0.0).edges == ()


def test_a_market_whose_probabilities_sum_above_one_is_refused() -> None:
    rows = market("bookA", "2.10", "3.20", "5.00", p=(0.5, 0.35, 0.2))
    with pytest.raises(InvalidProbability, match=r"F1 1X2 sum to 1\.05"):
        edges(*rows)


@pytest.mark.parametrize(
    ("second", "named"),
    [
        (selection("F1", "home", "2.0", 0.51, "bookB"), "probability of F1 1X2 home differs"),
        (selection("F1", "home", "2.0", 0.5, "bookB", competition="C9"), "competition of F1 1X2 home"),
        (selection("F1", "home", "2.0", 0.5, "bookA"), "two prices from bookA"),
    ],
)
def test_inconsistent_rows_for_one_outcome_are_refused(second: PricedSelection, named: str) -> None:
    with pytest.raises(DomainError, match=named):
        edges(selection("F1", "home", "2.1", 0.5), second)
