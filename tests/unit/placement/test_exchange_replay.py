"""The exchange replay over the recorded file shipped with the tests (its story: tests/betfair_stream.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from application.pipeline.records import fixture_id_for, team_id_for
from application.pipeline.sources import PayloadError, RawPayload, SourceMatch
from application.ports.current_prices import PriceKey
from domain.placement import PlacementStatus, RejectionReason
from plugins.builtin.betfair_replay.exchange import BOOKMAKER, ReplayExchange
from plugins.builtin.betfair_replay.replay import Replay
from plugins.builtin.betfair_replay.source import BetfairStreamSource
from plugins.hookspecs import SourceContext
from tests.contract.gateway_contract import order
from tests.fakes.access import SteppingClock
from tests.fakes.bookmaking import PaperBookmaking
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.harness import ingest

RECORDED = Path(__file__).resolve().parents[2] / "data" / "betfair" / "arsenal-chelsea-2024-04-20.jsonl"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 4, 20, hour, minute, tzinfo=UTC)


def parsed() -> list[SourceMatch]:
    source = BetfairStreamSource(SourceContext(SteppingClock(), {}))
    (payload,) = source.fetch(str(RECORDED))
    return list(source.parse(payload).matches)


def arsenal_home() -> PriceKey:
    (match,) = [m for m in parsed() if m.home_team == "Arsenal"]
    fixture = fixture_id_for("BFX", match.match_date, team_id_for("Arsenal"), team_id_for("Chelsea"))
    return PriceKey(str(fixture), "1x2", "home", BOOKMAKER)


def exchange(when: datetime) -> ReplayExchange:
    book = PaperBookmaking()
    return ReplayExchange(
        book.context(SteppingClock(when)), Replay.from_path(RECORDED, "BFX"), Decimal("0.05")
    )


async def test_a_back_order_is_partially_matched_at_the_replayed_depth() -> None:
    placed = await exchange(at(13, 10)).place(order(arsenal_home(), "2.10", stake="50.00"))

    assert placed.status is PlacementStatus.PARTIALLY_MATCHED
    assert placed.matched_stake == Decimal("30.00")
    assert placed.unmatched_stake == Decimal("20.00")
    assert placed.leg_odds == (Decimal("2.1000"),)
    assert placed.commission == Decimal("0.05")


async def test_a_back_order_takes_several_levels_at_their_average_price() -> None:
    placed = await exchange(at(12, 30)).place(order(arsenal_home(), "2.08", stake="200.00"))

    assert placed.status is PlacementStatus.ACCEPTED
    assert placed.matched_stake == Decimal("200.00")
    assert placed.leg_odds == (Decimal("2.0900"),), "100 at 2.10 and 100 at 2.08"


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (at(13, 40), RejectionReason.PRICE_MOVED),  # 2.10 is gone: best 2.08
        (at(13, 52), RejectionReason.SUSPENDED),
        (at(14, 5), RejectionReason.MARKET_CLOSED),  # in play
        (at(11, 0), RejectionReason.MARKET_CLOSED),  # nothing recorded yet
    ],
)
async def test_the_replayed_market_decides_the_rejections(when: datetime, reason: RejectionReason) -> None:
    placed = await exchange(when).place(order(arsenal_home(), "2.10"))
    assert placed.status is PlacementStatus.REJECTED
    assert placed.reason is reason


def test_the_stream_source_feeds_best_back_prices_with_the_last_one_before_the_off_as_closing() -> None:
    matches = {m.home_team: m for m in parsed()}

    arsenal = matches["Arsenal"]
    assert (arsenal.away_team, arsenal.competition, arsenal.season) == ("Chelsea", "BFX", "2023-2024")
    assert arsenal.kickoff == at(14)
    assert arsenal.result is None
    home = [(p.price, p.captured_at, p.is_closing) for p in arsenal.prices if p.selection == "home"]
    assert home == [
        (Decimal("2.1"), at(12), False),
        (Decimal("2.08"), at(13, 30), True),
    ]
    over = [p for p in arsenal.prices if p.market == "totals" and p.selection == "over"]
    assert [(p.line, p.price, p.is_closing) for p in over] == [(Decimal("2.5"), Decimal("1.9"), True)]
    assert all(p.bookmaker == BOOKMAKER for p in arsenal.prices)
    assert not any(p.is_closing for p in matches["Everton"].prices), "that market never went in play"


def test_a_file_that_is_no_stream_is_refused_as_a_whole(tmp_path: Path) -> None:
    source = BetfairStreamSource(SourceContext(SteppingClock(), {}))
    payload = RawPayload("betfair-stream", "bad.jsonl", b"<html>not found</html>\n", at(12))
    with pytest.raises(PayloadError, match=r"bad\.jsonl"):
        source.parse(payload)
    with pytest.raises(PayloadError, match="unknown option 'league'"):
        list(source.fetch(f"{RECORDED}?league=E0"))


def test_ingesting_the_stream_stores_the_fixtures_and_the_exchange_prices_and_again_changes_nothing() -> None:
    store = InMemoryPipelineStore()

    first = ingest(store, "betfair-stream", str(RECORDED))
    again = ingest(store, "betfair-stream", str(RECORDED))

    assert (first.fixtures, first.odds_rows, first.quarantined) == (2, 9, 0)  # 4 + 2 + 3 prices
    assert (again.fixtures, again.odds_rows) == (0, 0)
    fixtures = {str(f.fixture_id) for f in store.state.fixtures.values()}
    assert arsenal_home().fixture_id in fixtures, "the gateway finds the fixture the source stored"
