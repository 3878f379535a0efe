"""Risk rules a bankroll checks before it reserves a stake.

Two kinds:
- stake rules refuse one stake that would break a limit (StakeWithinBankroll, MaxExposurePerFixture,
  MaxExposurePerDay);
- stop rules (StopLoss, TakeProfit, MaxDrawdown) are reached after a settlement; the bankroll then records
  an event naming the rule and refuses every new stake while the rule stays reached.
Days are given by the caller (the betting day of a stake, the day of a settlement): there is no clock here.
Exposure is the stake of issued, unsettled tickets; an accumulator's whole stake counts on each fixture.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar, Protocol

from domain.errors import DomainError
from domain.events import MaxDrawdownTriggered, RuleTriggered, StopLossTriggered, TakeProfitTriggered
from domain.money import potential_return
from domain.rules import NamedRule


@dataclass(frozen=True, slots=True)
class StakeRequest:
    ticket_id: str
    stake: Decimal
    fixtures: frozenset[str]
    day: date
    combined_odds: Decimal | None = None


class BankrollState(Protocol):
    """What risk rules may read of a bankroll."""

    @property
    def available(self) -> Decimal: ...

    @property
    def balance(self) -> Decimal: ...

    @property
    def peak_balance(self) -> Decimal: ...

    def fixture_exposure(self, fixture_id: str) -> Decimal: ...

    def day_exposure(self, day: date) -> Decimal: ...

    def realised_profit(self, first_day: date | None, last_day: date) -> Decimal: ...


class StakeRule(NamedRule, ABC):
    @abstractmethod
    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        """Why the stake is refused, or None when the rule allows it."""


class StopRule(StakeRule):
    event: ClassVar[type[RuleTriggered]] = RuleTriggered

    @abstractmethod
    def reached(self, state: BankrollState, day: date) -> str | None:
        """A description of the limit reached on `day`, or None while it is not reached."""

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        reason = self.reached(state, request.day)
        return None if reason is None else f"no new stakes: {reason}"


@dataclass(frozen=True)
class StakeWithinBankroll(StakeRule):
    """A stake may not exceed the money available (stakes already at risk are not available)."""

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        if request.stake <= state.available:
            return None
        return f"stake {request.stake} exceeds the {state.available} available"


@dataclass(frozen=True)
class MaxExposurePerFixture(StakeRule):
    """The money at risk on one fixture may not exceed the limit."""

    limit: Decimal

    def __post_init__(self) -> None:
        _check_positive(self.limit, "exposure limit per fixture")

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        for fixture in sorted(request.fixtures):
            exposure = state.fixture_exposure(fixture) + request.stake
            if exposure > self.limit:
                return f"exposure on fixture {fixture} would be {exposure}, above the limit {self.limit}"
        return None


@dataclass(frozen=True)
class MaxExposurePerDay(StakeRule):
    """The money at risk on tickets of one betting day may not exceed the limit."""

    limit: Decimal

    def __post_init__(self) -> None:
        _check_positive(self.limit, "exposure limit per day")

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        exposure = state.day_exposure(request.day) + request.stake
        if exposure > self.limit:
            return f"exposure on {request.day} would be {exposure}, above the limit {self.limit}"
        return None


@dataclass(frozen=True)
class StopLoss(StopRule):
    """Stop staking once the money lost over the period reaches the limit.

    The period is the `days` days ending on the day considered (1 = that day alone), or, when `days` is None,
    everything since the bankroll opened. Losses are realised: settled tickets only.
    """

    limit: Decimal
    days: int | None = 1
    event: ClassVar[type[RuleTriggered]] = StopLossTriggered

    def __post_init__(self) -> None:
        _check_positive(self.limit, "stop-loss limit")
        _check_days(self.days)

    def reached(self, state: BankrollState, day: date) -> str | None:
        loss = -state.realised_profit(_first_day(day, self.days), day)
        if loss >= self.limit:
            return f"loss of {loss} {_period(day, self.days)} reached the stop-loss of {self.limit}"
        return None


@dataclass(frozen=True)
class TakeProfit(StopRule):
    """Stop staking once the profit over the period reaches the target (period as for StopLoss)."""

    target: Decimal
    days: int | None = None
    event: ClassVar[type[RuleTriggered]] = TakeProfitTriggered

    def __post_init__(self) -> None:
        _check_positive(self.target, "take-profit target")
        _check_days(self.days)

    def reached(self, state: BankrollState, day: date) -> str | None:
        profit = state.realised_profit(_first_day(day, self.days), day)
        if profit >= self.target:
            return f"profit of {profit} {_period(day, self.days)} reached the take-profit of {self.target}"
        return None


@dataclass(frozen=True)
class MaxDrawdown(StopRule):
    """Stop staking once the balance has fallen `fraction` (0.2 = 20 %) or more below its highest value."""

    fraction: Decimal
    event: ClassVar[type[RuleTriggered]] = MaxDrawdownTriggered

    def __post_init__(self) -> None:
        if not (isinstance(self.fraction, Decimal) and 0 < self.fraction < 1):
            raise DomainError(f"invalid drawdown fraction {self.fraction!r}: must be a Decimal in (0, 1)")

    def reached(self, state: BankrollState, day: date) -> str | None:
        peak, balance = state.peak_balance, state.balance
        if peak > 0 and (peak - balance) >= self.fraction * peak:
            return f"balance {balance} is {(peak - balance) / peak:.2%} below its peak {peak}"
        return None


def profit_read_from(rules: Sequence[StakeRule], day: date) -> date:
    """The first day whose own profit the stop rules read when they judge `day`: a rule over the last n days
    reads them; a rule since opening reads the total less the days after `day` (so from `day + 1` on)."""
    firsts = [day + timedelta(days=1)]
    for rule in rules:
        period = rule.days if isinstance(rule, StopLoss | TakeProfit) else None
        if period is not None:
            firsts.append(day - timedelta(days=period - 1))
    return min(firsts)


def _first_day(day: date, days: int | None) -> date | None:
    return None if days is None else day - timedelta(days=days - 1)


def _period(day: date, days: int | None) -> str:
    if days is None:
        return "since the bankroll opened"
    return f"on {day}" if days == 1 else f"in the {days} days to {day}"


def _check_positive(amount: Decimal, what: str) -> None:
    if not (isinstance(amount, Decimal) and amount.is_finite() and amount > 0):
        raise DomainError(f"invalid {what} {amount!r}: must be a positive Decimal amount")


def _check_days(days: int | None) -> None:
    if days is not None and days < 1:
        raise DomainError(f"invalid period of {days} days: must be at least 1")


@dataclass(frozen=True)
class MaxCombinedOdds(StakeRule):
    """A ticket's combined odds may not exceed the bankroll's limit."""

    limit: Decimal

    def __post_init__(self) -> None:
        _check_positive(self.limit, "combined-odds limit")

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        odds = request.combined_odds
        if odds is None or odds <= self.limit:
            return None
        return f"combined odds {odds} are above the bankroll's limit {self.limit}"


@dataclass(frozen=True)
class MaxPotentialReturn(StakeRule):
    """A ticket's potential return (stake times combined odds) may not exceed the bankroll's limit."""

    limit: Decimal

    def __post_init__(self) -> None:
        _check_positive(self.limit, "potential-return limit")

    def refusal(self, state: BankrollState, request: StakeRequest) -> str | None:
        if request.combined_odds is None:
            return None
        potential = potential_return(request.stake, request.combined_odds)
        if potential <= self.limit:
            return None
        return f"potential return {potential} is above the bankroll's limit {self.limit}"


RISK_SETTINGS = (
    "max_exposure_per_fixture",
    "max_exposure_per_day",
    "stop_loss",
    "take_profit",
    "max_drawdown",
    "max_combined_odds",
    "max_potential_return",
)


@dataclass(frozen=True, slots=True)
class RiskSettings:
    """A bankroll's own risk rules, by setting (None: the rule is off).

    Amounts are in the bankroll's currency; `stop_loss` and `take_profit` count realised losses and
    profits since the bankroll opened; `max_drawdown` is a fraction of the peak balance (0.2 = 20 %).
    """

    max_exposure_per_fixture: Decimal | None = None
    max_exposure_per_day: Decimal | None = None
    stop_loss: Decimal | None = None
    take_profit: Decimal | None = None
    max_drawdown: Decimal | None = None
    max_combined_odds: Decimal | None = None
    max_potential_return: Decimal | None = None

    def __post_init__(self) -> None:
        self.rules()  # each rule checks its own figure

    def rules(self) -> tuple[StakeRule, ...]:
        built: list[StakeRule] = []
        makers = (
            (self.max_exposure_per_fixture, MaxExposurePerFixture),
            (self.max_exposure_per_day, MaxExposurePerDay),
            (self.stop_loss, lambda limit: StopLoss(limit, days=None)),
            (self.take_profit, lambda target: TakeProfit(target, days=None)),
            (self.max_drawdown, MaxDrawdown),
            (self.max_combined_odds, MaxCombinedOdds),
            (self.max_potential_return, MaxPotentialReturn),
        )
        for value, make in makers:
            if value is not None:
                built.append(make(value))
        return tuple(built)

    def as_dict(self) -> dict[str, Decimal | None]:
        return {name: getattr(self, name) for name in RISK_SETTINGS}

    def updated(self, changes: dict[str, Decimal | None]) -> RiskSettings:
        unknown = sorted(set(changes) - set(RISK_SETTINGS))
        if unknown:
            raise DomainError(f"unknown risk settings {unknown}: expected some of {list(RISK_SETTINGS)}")
        return RiskSettings(**{**self.as_dict(), **changes})
