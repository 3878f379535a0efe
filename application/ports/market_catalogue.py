"""Port: the market catalogue as issuing and settlement see it, in their transaction: fixtures with their
life-cycle facts, and the price book (the latest price per fixture, market, line, selection, bookmaker)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.markets import FixtureState, MarketSelection, PriceBookEntry


class MarketCatalogue(Protocol):
    async def fixture(self, fixture_id: str) -> FixtureState | None:
        """The fixture's kickoff, stored status and final score, or None when the catalogue has no such id."""
        ...

    async def price(
        self, fixture_id: str, selection: MarketSelection, bookmaker: str, at: datetime
    ) -> PriceBookEntry | None:
        """The bookmaker's latest price of the selection captured by `at`: the greatest captured_at, the
        closing quote first at the same moment; None when it prices no such selection (lines compare
        exactly)."""
        ...

    async def bookmakers(self, fixture_id: str, selection: MarketSelection) -> tuple[str, ...]:
        """The bookmakers with a price for the selection, sorted."""
        ...

    async def closing(self, fixture_id: str, market: str) -> list[PriceBookEntry]:
        """The closing quotes of one market of the fixture, every line, selection and bookmaker."""
        ...
