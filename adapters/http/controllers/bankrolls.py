"""Bankrolls, their risk rules and their ledgers (bankrolls are opened by an administrator)."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from adapters.http.controllers.common import OWNER_OR_ADMIN, PARTNER_DATA_READERS, Cursor, Limit, page_request
from adapters.http.schemas import BankrollOut, Identifier, LedgerEntryOut, PageOut, RiskIn
from application.use_cases.betting_queries import (
    GetBankroll,
    GetLedger,
    GetRequest,
    LedgerRequest,
    ListBankrolls,
    ListRequest,
)
from application.use_cases.set_bankroll_risk import SetBankrollRisk, SetBankrollRiskRequest
from domain.access import Principal


class BankrollController(Controller):
    path = "/v1/bankrolls"
    tags = ["bankrolls"]  # noqa: RUF012

    @get("/{bankroll_id:str}", guards=PARTNER_DATA_READERS, summary="One bankroll's balances and risk rules")
    async def get_one(
        self,
        bankroll_id: Identifier,
        principal: NamedDependency[Principal],
        get_bankroll: NamedDependency[GetBankroll],
    ) -> BankrollOut:
        return BankrollOut.of(await get_bankroll.execute(GetRequest(principal, bankroll_id)))

    @put(
        "/{bankroll_id:str}/risk",
        guards=OWNER_OR_ADMIN,
        summary="Change the bankroll's risk rules",
        description="max_exposure_per_fixture, max_exposure_per_day, stop_loss, take_profit, max_drawdown, "
        "max_combined_odds, max_potential_return; left out: unchanged, null: off. Audited.",
    )
    async def set_risk(
        self,
        bankroll_id: Identifier,
        data: JSONBody[RiskIn],
        principal: NamedDependency[Principal],
        set_bankroll_risk: NamedDependency[SetBankrollRisk],
    ) -> BankrollOut:
        request = SetBankrollRiskRequest(principal, bankroll_id, data.changes())
        return BankrollOut.of(await set_bankroll_risk.execute(request))

    @get("", guards=PARTNER_DATA_READERS, summary="Bankrolls")
    async def list_all(
        self,
        principal: NamedDependency[Principal],
        list_bankrolls: NamedDependency[ListBankrolls],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[BankrollOut]:
        page = await list_bankrolls.execute(ListRequest(principal, page_request(limit, cursor)))
        return PageOut(items=[BankrollOut.of(b) for b in page.items], next_cursor=page.next_cursor)

    @get(
        "/{bankroll_id:str}/ledger",
        guards=PARTNER_DATA_READERS,
        summary="The bankroll's ledger entries, newest first",
    )
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
