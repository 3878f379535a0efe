"""A stored bankroll rebuilt from its snapshot judges new stakes exactly as the original would."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.bankroll import Bankroll, BankrollSnapshot
from domain.errors import DomainError, RuleViolation
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


def _partial(original: Bankroll, rules: tuple[MaxExposurePerFixture, ...] = ()) -> Bankroll:
    """Restored as storage restores it: the running figures of f1 and DAY, no reservation."""
    snapshot = BankrollSnapshot(
        bankroll_id=original.bankroll_id,
        starting_balance=original.starting_balance,
        balances={account: original.ledger.balance(account) for account in Account},
        reservations={},
        profit_by_day={},
        peak_balance=original.peak_balance,
        fixture_exposure={"f1": original.fixture_exposure("f1")},
        day_exposure={DAY: original.day_exposure(DAY)},
        profit_total=original.realised_profit(None, DAY),
        profit_from=DAY + timedelta(days=1),
    )
    return Bankroll.restore(snapshot, rules)


def test_a_figure_not_restored_is_an_error_never_a_zero() -> None:
    restored = _partial(_played())
    assert restored.fixture_exposure("f1") == Decimal("300.00")
    assert restored.realised_profit(None, DAY) == Decimal("150.00")
    with pytest.raises(DomainError, match="exposure of fixture f9 was not loaded"):
        restored.fixture_exposure("f9")
    with pytest.raises(DomainError, match="not loaded"):
        restored.day_exposure(DAY + timedelta(days=1))
    with pytest.raises(DomainError, match="profit from 2025-03-01 on was not loaded"):
        restored.realised_profit(DAY, DAY)


def test_changes_are_the_new_postings_and_the_differences_of_the_figures() -> None:
    restored = _partial(_played())
    restored.reserve(StakeRequest("t5", Decimal("20.00"), frozenset({"f1", "f7"}), DAY))
    restored.reserve(StakeRequest("t6", Decimal("30.00"), frozenset({"f1"}), DAY))
    restored.release("t6")
    changes = restored.changes()
    assert [p.description for p in changes.postings] == ["stake reserved"] * 2 + ["stake released"]
    assert changes.fixture_exposure == {"f1": Decimal("20.00"), "f7": Decimal("20.00")}
    assert changes.day_exposure == {DAY: Decimal("20.00")}
    assert changes.profit_by_day == {}
    assert restored.fixture_exposure("f1") == Decimal("320.00")
