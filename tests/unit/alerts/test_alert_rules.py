"""The alert rules (domain.alerts) and CheckAlerts over the in-memory stores."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from application.ports.bookmaker_limits import LimitChange
from application.ports.current_prices import CurrentPrice, PriceKey
from application.ports.notifier import NotificationFailed
from application.ports.ticket_repository import TicketRecord
from application.use_cases.check_alerts import CheckAlerts, CheckAlertsRequest
from domain.alerts import Alert, AlertKind, AlertThresholds, limit_change, price_move, rejection_rate
from domain.placement import Placement, PlacementStatus, RejectionReason
from domain.tickets import TicketStatus
from tests.betting_builders import leg
from tests.fakes.alerts import InMemoryAlertStore
from tests.fakes.betting import InMemoryDatabase
from tests.fakes.bookmaking import InMemoryBookmakerLimits, InMemoryCurrentPrices
from tests.fakes.container import memory_container, use_case

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_a_price_move_beyond_the_threshold_either_way_is_an_alert() -> None:
    assert price_move("t1", "F1 1x2 home", Decimal("2.00"), Decimal("2.20"), T0, Decimal("0.10")) is None
    up = price_move("t1", "F1 1x2 home", Decimal("2.00"), Decimal("2.21"), T0, Decimal("0.10"))
    down = price_move("t1", "F1 1x2 home", Decimal("2.00"), Decimal("1.79"), T0, Decimal("0.10"))
    assert up is not None
    assert up.kind is AlertKind.PRICE_MOVE
    assert "+10.5%" in up.message
    assert down is not None
    assert "-10.5%" in down.message
    assert down.key != up.key


def test_a_first_limit_is_no_change_and_a_changed_one_is() -> None:
    assert limit_change("bet365", None, Decimal("500"), T0) is None
    assert limit_change("bet365", Decimal("500"), Decimal("500"), T0) is None
    changed = limit_change("bet365", Decimal("500"), Decimal("50"), T0)
    assert changed is not None
    assert "from 500 to 50" in changed.message


def test_a_rejection_rate_needs_enough_placements_and_a_share_above_the_threshold() -> None:
    thresholds = AlertThresholds(rejection_rate=Decimal("0.5"), rejection_minimum=4)
    assert rejection_rate("coral", 3, 3, "day", T0, thresholds) is None, "too few placements"
    assert rejection_rate("coral", 2, 4, "day", T0, thresholds) is None, "50% is not above 50%"
    alert = rejection_rate("coral", 3, 4, "day", T0, thresholds)
    assert alert is not None
    assert "3 of 4" in alert.message
    assert "75%" in alert.message


class Recording:
    def __init__(self, name: str = "recording", fails: bool = False) -> None:
        self.name, self.fails, self.sent = name, fails, list[Alert]()

    async def notify(self, alert: Alert) -> None:
        if self.fails:
            raise NotificationFailed("down")
        self.sent.append(alert)


def _ticket(ticket_id: str, odds: str, status: TicketStatus, placement: Placement | None) -> TicketRecord:
    legs = (leg("F1", odds),)
    placed = (placement,) if placement else ()
    return TicketRecord(ticket_id, "p1", "c1", "b1", status, Decimal("10.00"), Decimal(odds), legs, (False,),
                        "d1", T0 - timedelta(days=1), placements=placed)  # fmt: skip


def _placement(ticket_id: str, rejected: bool) -> Placement:
    if rejected:
        return Placement("coral", ticket_id, PlacementStatus.REJECTED, Decimal("10.00"),
                         reason=RejectionReason.PRICE_MOVED, placed_at=T0 - timedelta(hours=1))  # fmt: skip
    return Placement("coral", ticket_id, PlacementStatus.ACCEPTED, Decimal("10.00"), Decimal("10.00"),
                     (Decimal("2.0"),), "bet", placed_at=T0 - timedelta(hours=1))  # fmt: skip


async def test_check_alerts_raises_each_fact_once_and_a_failing_notifier_stops_no_other() -> None:
    database = InMemoryDatabase()
    for n in range(5):  # four of five rejected at coral in the last day
        rejected = n < 4
        status = TicketStatus.REJECTED if rejected else TicketStatus.PLACED
        database.state.tickets[f"t{n}"] = _ticket(f"t{n}", "2.00", status, _placement(f"t{n}", rejected))
    prices, limits = InMemoryCurrentPrices(), InMemoryBookmakerLimits()
    prices.quote(PriceKey("F1", "1x2", "home", "pinnacle"), CurrentPrice(Decimal("1.70"), T0, False))
    await limits.record(LimitChange("coral", None, Decimal("500"), T0 - timedelta(days=2)))
    await limits.record(LimitChange("coral", Decimal("500"), Decimal("100"), T0 - timedelta(days=1)))
    store, working, broken = InMemoryAlertStore(database), Recording(), Recording("broken", fails=True)
    container = memory_container(alert_store=store, current_prices=prices, bookmaker_limits=limits,
                                 notifiers=[broken, working], alert_thresholds=AlertThresholds())  # fmt: skip
    check = use_case(container, CheckAlerts)

    first = await check.execute(CheckAlertsRequest(T0))
    again = await check.execute(CheckAlertsRequest(T0))

    kinds = sorted(alert.kind.value for alert in first.raised)
    assert kinds == ["limit_change", "price_move", "rejection_rate"], "one open ticket's price, one change"
    assert first.undelivered == 3
    assert len(working.sent) == 3
    assert again.raised == ()
    assert len(store.alerts) == 3


async def test_a_ticket_no_longer_open_raises_no_price_alert() -> None:
    database = InMemoryDatabase()
    settled = dataclasses.replace(_ticket("t1", "2.00", TicketStatus.SETTLED, None), payout=Decimal(0))
    database.state.tickets["t1"] = settled
    prices = InMemoryCurrentPrices()
    prices.quote(PriceKey("F1", "1x2", "home", "pinnacle"), CurrentPrice(Decimal("1.50"), T0, False))
    container = memory_container(alert_store=InMemoryAlertStore(database), current_prices=prices,
                                 bookmaker_limits=InMemoryBookmakerLimits(), notifiers=[],
                                 alert_thresholds=AlertThresholds())  # fmt: skip
    check = use_case(container, CheckAlerts)

    assert (await check.execute(CheckAlertsRequest(T0))).raised == ()
