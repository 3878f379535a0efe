"""The bankroll aggregate: the money available to stake, the stakes at risk and the ledger behind them.

- Opening puts the starting balance into `available` (against `capital`).
- Reserving a stake (when a ticket is issued) moves it from `available` to `at_risk`, after every risk rule
  of domain.risk has allowed it; `StakeWithinBankroll` always applies.
- Releasing (a cancelled, voided or rejected ticket) moves the stake back to `available`; a partially
  placed ticket releases its unmatched part.
- Settling moves the stake from `at_risk` to `bookmaker` and the payout from `bookmaker` to `available`.
The balance is available + at_risk; the profit of a day is the payouts less the stakes settled that day.
After each settlement the stop rules are checked and a newly reached one records its event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from domain.errors import DomainError
from domain.events import DomainEvent, ReturnPosted, StakeReleased, StakeReserved
from domain.ledger import ZERO, Account, Entry, Ledger, Posting, transfer
from domain.risk import StakeRequest, StakeRule, StakeWithinBankroll, StopRule
from domain.rules import enforce
from domain.settlement import CENT


@dataclass(frozen=True, slots=True)
class Reservation:
    stake: Decimal
    fixtures: frozenset[str]
    day: date


@dataclass(frozen=True, slots=True)
class BankrollSnapshot:
    """What storage keeps of a bankroll: its account balances and what its rules need to judge a stake."""

    bankroll_id: str
    starting_balance: Decimal
    balances: Mapping[Account, Decimal]
    reservations: Mapping[str, Reservation]
    profit_by_day: Mapping[date, Decimal]
    peak_balance: Decimal
    stops_reached: frozenset[str] = frozenset()


class Bankroll:
    """Changes are recorded as domain events in `events`; money moves only through ledger postings."""

    def __init__(self, bankroll_id: str, starting_balance: Decimal, rules: Sequence[StakeRule] = ()) -> None:
        _check_money(starting_balance, "starting balance")
        self.bankroll_id = bankroll_id
        self.starting_balance = starting_balance
        self.rules: tuple[StakeRule, ...] = (StakeWithinBankroll(), *rules)
        self.ledger = Ledger()
        self.ledger.post(
            transfer(bankroll_id, "opening balance", starting_balance, Account.CAPITAL, Account.AVAILABLE)
        )
        self.peak_balance = starting_balance
        self.events: list[DomainEvent] = []
        self._reservations: dict[str, Reservation] = {}
        self._profit_by_day: defaultdict[date, Decimal] = defaultdict(Decimal)
        self._stops_reached: set[str] = set()

    @classmethod
    def restore(cls, snapshot: BankrollSnapshot, rules: Sequence[StakeRule] = ()) -> Bankroll:
        """Rebuild a stored bankroll from its snapshot, without re-checking any rule (each move was checked
        when it was made). Its ledger then holds the opening posting and one that carries the stored balances
        forward: postings made after `restore` returns are the new ones, to be stored."""
        bankroll = cls(snapshot.bankroll_id, snapshot.starting_balance, rules)
        carried = _carried_forward(snapshot, bankroll.ledger.balance)
        if carried.entries:
            bankroll.ledger.post(carried)
        bankroll.peak_balance = snapshot.peak_balance
        bankroll._reservations = dict(snapshot.reservations)
        bankroll._profit_by_day.update(snapshot.profit_by_day)
        bankroll._stops_reached = set(snapshot.stops_reached)
        return bankroll

    @property
    def available(self) -> Decimal:
        return self.ledger.balance(Account.AVAILABLE)

    @property
    def at_risk(self) -> Decimal:
        return self.ledger.balance(Account.AT_RISK)

    @property
    def bookmaker(self) -> Decimal:
        return self.ledger.balance(Account.BOOKMAKER)

    @property
    def balance(self) -> Decimal:
        return self.available + self.at_risk

    def holds(self, ticket_id: str) -> bool:
        return ticket_id in self._reservations

    def fixture_exposure(self, fixture_id: str) -> Decimal:
        return sum((r.stake for r in self._reservations.values() if fixture_id in r.fixtures), ZERO)

    def day_exposure(self, day: date) -> Decimal:
        return sum((r.stake for r in self._reservations.values() if r.day == day), ZERO)

    def realised_profit(self, first_day: date | None, last_day: date) -> Decimal:
        """Payouts less stakes of tickets settled from first_day (None: since opening) to last_day."""
        days = self._profit_by_day.items()
        return sum((p for d, p in days if (first_day is None or d >= first_day) and d <= last_day), ZERO)

    def reserve(self, request: StakeRequest) -> None:
        """Set a ticket's stake aside, if every rule allows it; otherwise RuleViolation names the rule."""
        if self.holds(request.ticket_id):
            raise DomainError(f"the stake of ticket {request.ticket_id} is already reserved")
        _check_money(request.stake, "stake")
        for rule in self.rules:
            enforce(rule, rule.refusal(self, request))
        self.ledger.post(
            transfer(request.ticket_id, "stake reserved", request.stake, Account.AVAILABLE, Account.AT_RISK)
        )
        self._reservations[request.ticket_id] = Reservation(request.stake, request.fixtures, request.day)
        self.events.append(StakeReserved(self.bankroll_id, request.ticket_id, request.stake, request.day))

    def release(self, ticket_id: str) -> None:
        """Give a cancelled or voided ticket's stake back to `available`."""
        stake = self._reservation(ticket_id).stake
        self.ledger.post(transfer(ticket_id, "stake released", stake, Account.AT_RISK, Account.AVAILABLE))
        del self._reservations[ticket_id]
        self.events.append(StakeReleased(self.bankroll_id, ticket_id, stake))

    def release_unmatched(self, ticket_id: str, unmatched: Decimal) -> None:
        """Give back the part of a ticket's stake no bookmaker matched; the rest stays at risk."""
        reservation = self._reservation(ticket_id)
        if not ZERO < unmatched < reservation.stake:
            raise DomainError(f"cannot release {unmatched} of the {reservation.stake} staked on {ticket_id}")
        self.ledger.post(
            transfer(ticket_id, "unmatched stake released", unmatched, Account.AT_RISK, Account.AVAILABLE)
        )
        self._reservations[ticket_id] = replace(reservation, stake=reservation.stake - unmatched)
        self.events.append(StakeReleased(self.bankroll_id, ticket_id, unmatched))

    def settle(self, ticket_id: str, payout: Decimal, day: date) -> None:
        """Post a settled ticket: its stake goes to the bookmaker and its payout comes back."""
        _check_money(payout, "payout")
        stake = self._reservation(ticket_id).stake
        self.ledger.post(_settlement_posting(ticket_id, stake, payout))
        del self._reservations[ticket_id]
        self._profit_by_day[day] += payout - stake
        self.peak_balance = max(self.peak_balance, self.balance)
        self.events.append(ReturnPosted(self.bankroll_id, ticket_id, stake, payout, day))
        self._check_stop_rules(day)

    def _reservation(self, ticket_id: str) -> Reservation:
        if not self.holds(ticket_id):
            raise DomainError(f"no stake is reserved for ticket {ticket_id}")
        return self._reservations[ticket_id]

    def _check_stop_rules(self, day: date) -> None:
        for rule in self.rules:
            if isinstance(rule, StopRule):
                self._record_if_newly_reached(rule, day)

    def _record_if_newly_reached(self, rule: StopRule, day: date) -> None:
        reason = rule.reached(self, day)
        if reason is None:
            self._stops_reached.discard(rule.name)
        elif rule.name not in self._stops_reached:
            self._stops_reached.add(rule.name)
            self.events.append(rule.event(self.bankroll_id, rule.name, reason, day))


def _carried_forward(snapshot: BankrollSnapshot, opened: Callable[[Account], Decimal]) -> Posting:
    entries = tuple(
        Entry(account, snapshot.balances.get(account, ZERO) - opened(account))
        for account in Account
        if snapshot.balances.get(account, ZERO) != opened(account)
    )
    return Posting(snapshot.bankroll_id, "balances carried forward", entries)


def _settlement_posting(ticket_id: str, stake: Decimal, payout: Decimal) -> Posting:
    entries = (
        Entry(Account.AT_RISK, -stake),
        Entry(Account.BOOKMAKER, stake - payout),
        Entry(Account.AVAILABLE, payout),
    )
    return Posting(ticket_id, "ticket settled", entries)


def _check_money(amount: Decimal, what: str) -> None:
    valid = isinstance(amount, Decimal) and amount.is_finite() and amount >= 0
    if not valid or amount != amount.quantize(CENT):
        raise DomainError(f"invalid {what} {amount!r}: must be a non-negative Decimal in whole cents")
