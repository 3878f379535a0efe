"""Bankrolls and their ledgers (read-only: bankrolls are opened by an administrator)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from adapters.http.controllers.common import PARTNER_DATA_READERS, Cursor, Limit, page_request
from adapters.http.schemas import BankrollOut, Identifier, LedgerEntryOut, PageOut
from application.use_cases.betting_queries import (
    GetBankroll,
    GetLedger,
    GetRequest,
    LedgerRequest,
    ListBankrolls,
    ListRequest,
)
from domain.access import Principal


class BankrollController(Controller):
    path = "/v1/bankrolls"
    tags = ["bankrolls"]  # noqa: RUF012
    guards = PARTNER_DATA_READERS

    @get("/{bankroll_id:str}", summary="One bankroll's balances")
    async def get_one(
        self,
        bankroll_id: Identifier,
        principal: NamedDependency[Principal],
        get_bankroll: NamedDependency[GetBankroll],
    ) -> BankrollOut:
        return BankrollOut.of(await get_bankroll.execute(GetRequest(principal, bankroll_id)))

    @get("", summary="Bankrolls")
    async def list_all(
        self,
        principal: NamedDependency[Principal],
        list_bankrolls: NamedDependency[ListBankrolls],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[BankrollOut]:
        page = await list_bankrolls.execute(ListRequest(principal, page_request(limit, cursor)))
        return PageOut(items=[BankrollOut.of(b) for b in page.items], next_cursor=page.next_cursor)

    @get("/{bankroll_id:str}/ledger", summary="The bankroll's ledger entries, newest first")
    async def ledger(
        self,
        bankroll_id: Identifier,
        principal: NamedDependency[Principal],
        get_ledger: NamedDependency[GetLedger],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[LedgerEntryOut]:
        page = await get_ledger.execute(LedgerRequest(principal, bankroll_id, page_request(limit, cursor)))
        return PageOut(items=[LedgerEntryOut.of(x) for x in page.items], next_cursor=page.next_cursor)
