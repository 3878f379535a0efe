"""A stored bankroll rebuilt from its snapshot judges new stakes exactly as the original would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.bankroll import Bankroll, BankrollSnapshot
from domain.errors import RuleViolation
from domain.ledger import Account
from domain.risk import MaxExposurePerFixture, StakeRequest

DAY = date(2025, 3, 1)


def _played(rules: tuple[MaxExposurePerFixture, ...] = ()) -> Bankroll:
    bankroll = Bankroll("b1", Decimal("1000.00"), rules)
    bankroll.reserve(StakeRequest("t1", Decimal("300.00"), frozenset({"f1"}), DAY))
    bankroll.reserve(StakeRequest("t2", Decimal("100.00"), frozenset({"f2"}), DAY))
    bankroll.settle("t2", Decimal("250.00"), DAY)
    return bankroll


def _snapshot_of(bankroll: Bankroll) -> BankrollSnapshot:
    return BankrollSnapshot(
        bankroll_id=bankroll.bankroll_id,
        starting_balance=bankroll.starting_balance,
        balances={account: bankroll.ledger.balance(account) for account in Account},
        reservations={"t1": bankroll._reservations["t1"]},
        profit_by_day={DAY: bankroll.realised_profit(DAY, DAY)},
        peak_balance=bankroll.peak_balance,
    )


def test_restored_balances_and_exposure_equal_the_original() -> None:
    original = _played()
    restored = Bankroll.restore(_snapshot_of(original))
    assert (restored.available, restored.at_risk, restored.bookmaker) == (
        original.available,
        original.at_risk,
        original.bookmaker,
    )
    assert restored.fixture_exposure("f1") == Decimal("300.00")
    assert restored.realised_profit(DAY, DAY) == Decimal("150.00")
    assert sum((e.amount for e in restored.ledger.entries()), Decimal(0)) == 0


def test_restored_bankroll_refuses_what_the_original_refuses() -> None:
    rules = (MaxExposurePerFixture(Decimal("400.00")),)
    restored = Bankroll.restore(_snapshot_of(_played(rules)), rules)
    with pytest.raises(RuleViolation) as refused:
        restored.reserve(StakeRequest("t3", Decimal("150.00"), frozenset({"f1"}), DAY))
    assert refused.value.rule == "MaxExposurePerFixture"
    with pytest.raises(RuleViolation) as overspent:
        restored.reserve(StakeRequest("t4", Decimal("850.01"), frozenset({"f9"}), DAY))
    assert overspent.value.rule == "StakeWithinBankroll"


def test_postings_after_restore_are_the_new_ones() -> None:
    restored = Bankroll.restore(_snapshot_of(_played()))
    mark = len(restored.ledger.postings)
    restored.release("t1")
    new = restored.ledger.postings[mark:]
    assert [p.description for p in new] == ["stake released"]
    assert restored.available == Decimal("1150.00")
