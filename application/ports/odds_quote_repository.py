"""Port: odds quotes, the long table (fixture, market, line, selection, bookmaker, price, captured_at,
is_closing). Over a million rows for the shared data: always written in whole batches."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from application.pipeline.records import OddsQuote


class OddsQuoteRepository(Protocol):
    async def upsert(self, quotes: Sequence[OddsQuote]) -> int:
        """Insert new quotes and update the price of stored ones; returns how many rows that touched.

        A quote's identity is (fixture_id, market, line, selection, bookmaker, is_closing, captured_at), a
        None line included (1X2). A stored quote with the same price is left alone (its batch_id too) and
        not counted. Identities are unique within one call; every quote's fixture is stored already.
        """
        ...

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[OddsQuote]:
        """The quotes of these fixtures, ordered by the identity's fields in the order listed above."""
        ...

    async def count(self) -> int: ...
