"""Gateway harnesses: the paper bookmaker over in-memory ports, the exchange replay over a stream file."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from application.ports.current_prices import CurrentPrice, PriceKey
from plugins.builtin.betfair_replay.exchange import BOOKMAKER, ReplayExchange
from plugins.builtin.betfair_replay.replay import Replay, fixture_of
from plugins.builtin.betfair_replay.stream import read_stream
from plugins.builtin.paper.bookmaker import PaperBookmaker
from plugins.builtin.paper.settings import PaperSettings
from tests.betfair_stream import market_image
from tests.fakes.access import SteppingClock
from tests.fakes.bookmaking import PaperBookmaking

if TYPE_CHECKING:
    from pathlib import Path

    from application.ports.bookmaker_gateway import BookmakerGateway

NOW = datetime(2024, 4, 20, 12, 30, tzinfo=UTC)


async def no_wait(seconds: float) -> None:
    return None


class PaperHarness:
    def __init__(self, settings: PaperSettings | None = None) -> None:
        self.book = PaperBookmaking()
        self.clock = SteppingClock(NOW)
        self.settings = settings or PaperSettings(limits={"*": Decimal("1000")})
        self.waited: list[float] = []

    async def offer(
        self, price: Decimal, size: Decimal = Decimal(0), bookmaker: str = "pinnacle"
    ) -> PriceKey:
        key = PriceKey(str(uuid.uuid4()), "1x2", "home", bookmaker)
        self.book.prices.quote(key, CurrentPrice(price, NOW - timedelta(hours=1), False))
        return key

    def gateway(self) -> PaperBookmaker:
        async def sleep(seconds: float) -> None:
            self.waited.append(seconds)

        return PaperBookmaker(self.book.context(self.clock), self.settings, sleep)

    async def orders(self) -> int:
        return len(self.book.orders.orders)


class ExchangeHarness:
    """Each offer is a MATCH_ODDS market of its own in a stream file recorded at 12:00 for a 14:00 kickoff."""

    def __init__(self, folder: Path, commission: Decimal = Decimal("0.05")) -> None:
        self.folder, self.commission = folder, commission
        self.book = PaperBookmaking()
        self.clock = SteppingClock(NOW)
        self._markets = itertools.count(1)

    async def offer(self, price: Decimal, size: Decimal = Decimal("10000")) -> PriceKey:
        n = next(self._markets)
        path = self.folder / f"market-{n}.jsonl"
        path.write_text(json.dumps(market_image(n, [[float(price), float(size)]])) + "\n")
        (snapshot,) = read_stream(path)
        return PriceKey(fixture_of(snapshot, "BFX"), "1x2", "home", BOOKMAKER)

    def gateway(self) -> BookmakerGateway:
        replay = Replay.from_path(self.folder, "BFX")
        return ReplayExchange(self.book.context(self.clock), replay, self.commission)

    async def orders(self) -> int:
        return len(self.book.orders.orders)
