"""The paper bookmaker's own rules: limits (recorded as data), latency, suspensions, seeds, closing prices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from application.ports.current_prices import CurrentPrice
from domain.placement import PlacementStatus, RejectionReason
from plugins.builtin.paper.settings import PaperSettingError, PaperSettings
from tests.contract.gateway_contract import order
from tests.unit.placement.harnesses import NOW, PaperHarness


async def test_a_stake_over_the_bookmakers_limit_is_rejected_with_the_reason_and_the_limit_recorded() -> None:
    harness = PaperHarness(PaperSettings(limits={"*": Decimal("500"), "pinnacle": Decimal("50")}))
    key = await harness.offer(Decimal("2.10"))

    over = await harness.gateway().place(order(key, "2.00", stake="50.01"))
    within = await harness.gateway().place(order(key, "2.00", stake="50.00"))

    assert over.status is PlacementStatus.REJECTED
    assert over.reason is RejectionReason.OVER_LIMIT
    assert "50" in over.detail
    assert over.matched_stake == 0
    assert within.status is PlacementStatus.ACCEPTED
    changes = await harness.book.limits.changes("pinnacle")
    assert [(c.previous, c.current) for c in changes] == [(None, Decimal("50"))], "recorded once"


async def test_a_changed_limit_is_recorded_as_a_change_from_the_last_one() -> None:
    harness = PaperHarness(PaperSettings(limits={"*": Decimal("500")}))
    key = await harness.offer(Decimal("2.10"))
    await harness.gateway().place(order(key, "2.00"))
    harness.settings = PaperSettings(limits={"*": Decimal("200")})

    await harness.gateway().place(order(key, "2.00"))

    changes = await harness.book.limits.changes("pinnacle")
    assert [(c.previous, c.current) for c in changes] == [
        (None, Decimal("500")),
        (Decimal("500"), Decimal("200")),
    ]


async def test_a_better_current_price_is_the_bettors_and_the_latest_price_counts_even_a_closing_one() -> None:
    harness = PaperHarness()
    key = await harness.offer(Decimal("2.30"))
    placed = await harness.gateway().place(order(key, "2.10"))
    harness.book.prices.quote(key, CurrentPrice(Decimal("2.05"), NOW - timedelta(minutes=1), True))

    later = await harness.gateway().place(order(key, "2.10"))
    cheaper = await harness.gateway().place(order(key, "2.05"))

    assert placed.leg_odds == (Decimal("2.30"),)
    assert later.reason is RejectionReason.PRICE_MOVED, "the closing 2.05 is the current price now"
    assert cheaper.status is PlacementStatus.ACCEPTED
    assert cheaper.leg_odds == (Decimal("2.05"),)


async def test_latency_is_waited_and_the_same_seed_gives_the_same_answers() -> None:
    settings = PaperSettings(latency_seconds=2.0, suspension_rate=0.5, seed=7)
    answers = []
    for _ in range(2):
        harness = PaperHarness(settings)
        key = await harness.offer(Decimal("2.10"))
        key = type(key)("fixture-1", key.market, key.selection, key.bookmaker)
        harness.book.prices.quote(key, CurrentPrice(Decimal("2.10"), NOW, False))
        placed = [await harness.gateway().place(order(key, "2.00", client_ref=f"t{n}")) for n in range(20)]
        answers.append([(p.status, p.reason, p.bet_ref) for p in placed])
        assert all(2.0 <= waited <= 3.0 for waited in harness.waited)
        assert len(harness.waited) == 20
    assert answers[0] == answers[1]
    reasons = {reason for _, reason, _ in answers[0]}
    assert reasons == {None, RejectionReason.SUSPENDED}, "about half the orders meet a suspended market"


def test_settings_are_read_from_the_environment_and_a_bad_one_is_named() -> None:
    settings = PaperSettings.from_settings(
        {"STAKEWISE_PAPER_LIMITS": "*=100,bet365=25.50", "STAKEWISE_PAPER_LATENCY_SECONDS": "0.5"}
    )
    assert settings.limit("bet365") == Decimal("25.50")
    assert settings.limit("coral") == Decimal("100")
    assert settings.latency_seconds == 0.5
    with pytest.raises(PaperSettingError, match="STAKEWISE_PAPER_LIMITS: 'bet365=lots'"):
        PaperSettings.from_settings({"STAKEWISE_PAPER_LIMITS": "bet365=lots"})
