"""The bankroll aggregate: the money available to stake, the stakes at risk and the ledger behind them.

- Opening puts the starting balance into `available` (against `capital`).
- Reserving a stake (when a ticket is issued) moves it from `available` to `at_risk`, after every risk rule
  of domain.risk has allowed it; `StakeWithinBankroll` always applies.
- Releasing (a cancelled, voided or rejected ticket) moves the stake back to `available`; a partially
  placed ticket releases its unmatched part.
- Settling moves the stake from `at_risk` to `bookmaker` and the payout from `bookmaker` to `available`.
The balance is available + at_risk; the profit of a day is the payouts less the stakes settled that day.
After each settlement the stop rules are checked and a newly reached one records its event.

What the rules read is kept as running figures, changed with each move: the exposure per fixture and per
betting day, the profit per day and since opening, the peak balance. A stored bankroll is restored with
only the part of them one change needs (`BankrollScope`: the fixtures and days it judges, the tickets it
releases or settles); reading a figure that was not restored is an error, never a silent zero. What
changed since the restore (`changes()`) is what storage writes back, as differences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Generic, TypeVar

from domain.errors import DomainError
from domain.events import DomainEvent, ReturnPosted, StakeReleased, StakeReserved
from domain.ledger import ZERO, Account, Entry, Ledger, Posting, transfer
from domain.money import CENT
from domain.risk import StakeRequest, StakeRule, StakeWithinBankroll, StopRule, profit_read_from
from domain.rules import enforce


@dataclass(frozen=True, slots=True)
class Reservation:
    stake: Decimal
    fixtures: frozenset[str]
    day: date


@dataclass(frozen=True, slots=True)
class BankrollScope:
    """The part of a bankroll's state one change needs: the exposure of `fixtures` and `days` (the rules
    judge a stake on them), the profit the stop rules read on `days`, the reservations of `tickets`."""

    fixtures: frozenset[str] = frozenset()
    days: frozenset[date] = frozenset()
    tickets: frozenset[str] = frozenset()


EMPTY_SCOPE = BankrollScope()  # the bankroll's row alone: its balances, peak and rules


@dataclass(frozen=True, slots=True)
class BankrollSnapshot:
    """What storage keeps of a bankroll: its account balances and what its rules need to judge a stake.

    `reservations` are those of the tickets in scope. `fixture_exposure` and `day_exposure` hold every
    fixture and day in scope (a zero included); None: derive them from `reservations`, which are then all
    of them. `profit_by_day` holds the days with a profit from `profit_from` on (None: every day), and
    `profit_total` the profit since opening (None: the sum of `profit_by_day`)."""

    bankroll_id: str
    starting_balance: Decimal
    balances: Mapping[Account, Decimal]
    reservations: Mapping[str, Reservation]
    profit_by_day: Mapping[date, Decimal]
    peak_balance: Decimal
    stops_reached: frozenset[str] = frozenset()
    fixture_exposure: Mapping[str, Decimal] | None = None
    day_exposure: Mapping[date, Decimal] | None = None
    profit_total: Decimal | None = None
    profit_from: date | None = None


@dataclass(frozen=True, slots=True)
class BankrollChanges:
    """What changed since the bankroll was restored (or opened): the new postings, and the differences of
    the running figures (only those that changed), to add to the stored ones."""

    postings: tuple[Posting, ...]
    fixture_exposure: Mapping[str, Decimal]
    day_exposure: Mapping[date, Decimal]
    profit_by_day: Mapping[date, Decimal]
    peak_balance: Decimal


def profit_days(rules: Sequence[StakeRule], days: frozenset[date]) -> date | None:
    """The first day whose profit the stop rules read when they judge `days` (None: no day is judged)."""
    return min((profit_read_from(rules, day) for day in days), default=None)


K = TypeVar("K", str, date)


@dataclass(slots=True)
class _Figures(Generic[K]):
    """Running figures by fixture or day: `known` None means every key is known (a missing one is zero)."""

    values: dict[K, Decimal] = field(default_factory=dict)
    known: set[K] | None = None
    delta: defaultdict[K, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def get(self, key: K, what: str) -> Decimal:
        if self.known is not None and key not in self.known:
            raise DomainError(f"the {what} {key} was not loaded with the bankroll")
        return self.values.get(key, ZERO)

    def add(self, key: K, amount: Decimal) -> None:
        self.delta[key] += amount
        if self.known is None or key in self.known:
            self.values[key] = self.values.get(key, ZERO) + amount

    def changed(self) -> dict[K, Decimal]:
        return {key: amount for key, amount in self.delta.items() if amount != ZERO}


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
        self._fixtures: _Figures[str] = _Figures()
        self._days: _Figures[date] = _Figures()
        self._profits: _Figures[date] = _Figures()
        self._profit_total = ZERO
        self._profit_from: date | None = None  # None: every day's profit is known
        self._stops_reached: set[str] = set()
        self._mark = 0  # a new bankroll: its opening posting is new too

    @classmethod
    def restore(cls, snapshot: BankrollSnapshot, rules: Sequence[StakeRule] = ()) -> Bankroll:
        """Rebuild a stored bankroll from its snapshot, without re-checking any rule (each move was checked
        when it was made). Its ledger then holds the opening posting and one that carries the stored balances
        forward: postings made after `restore` returns are the new ones, to be stored (`changes()`)."""
        bankroll = cls(snapshot.bankroll_id, snapshot.starting_balance, rules)
        carried = _carried_forward(snapshot, bankroll.ledger.balance)
        if carried.entries:
            bankroll.ledger.post(carried)
        bankroll.peak_balance = snapshot.peak_balance
        bankroll._reservations = dict(snapshot.reservations)
        bankroll._fixtures = _Figures(*_known(snapshot.fixture_exposure))
        bankroll._days = _Figures(*_known(snapshot.day_exposure))
        if snapshot.fixture_exposure is None or snapshot.day_exposure is None:
            fixtures, days = _Figures[str](), _Figures[date]()
            for reservation in snapshot.reservations.values():
                for fixture in reservation.fixtures:
                    fixtures.add(fixture, reservation.stake)
                days.add(reservation.day, reservation.stake)
            bankroll._fixtures = bankroll._fixtures if snapshot.fixture_exposure is not None else fixtures
            bankroll._days = bankroll._days if snapshot.day_exposure is not None else days
            bankroll._fixtures.delta.clear()
            bankroll._days.delta.clear()
        bankroll._profits.values.update(snapshot.profit_by_day)
        bankroll._profit_from = snapshot.profit_from
        bankroll._profit_total = (
            sum(snapshot.profit_by_day.values(), ZERO)
            if snapshot.profit_total is None
            else snapshot.profit_total
        )
        bankroll._stops_reached = set(snapshot.stops_reached)
        bankroll._mark = len(bankroll.ledger.postings)
        return bankroll

    def changes(self) -> BankrollChanges:
        """The postings and the differences of the running figures since the restore (or the opening)."""
        return BankrollChanges(
            tuple(self.ledger.postings[self._mark :]),
            self._fixtures.changed(),
            self._days.changed(),
            self._profits.changed(),
            self.peak_balance,
        )

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
        return self._fixtures.get(fixture_id, "exposure of fixture")

    def day_exposure(self, day: date) -> Decimal:
        return self._days.get(day, "exposure of day")

    def realised_profit(self, first_day: date | None, last_day: date) -> Decimal:
        """Payouts less stakes of tickets settled from first_day (None: since opening) to last_day."""
        needed = last_day + timedelta(days=1) if first_day is None else first_day
        if self._profit_from is not None and needed < self._profit_from:
            raise DomainError(f"the profit from {needed} on was not loaded with the bankroll")
        days = self._profits.values.items()
        if first_day is None:
            return self._profit_total - sum((p for d, p in days if d > last_day), ZERO)
        return sum((p for d, p in days if first_day <= d <= last_day), ZERO)

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
        reservation = Reservation(request.stake, request.fixtures, request.day)
        self._reservations[request.ticket_id] = reservation
        self._expose(reservation, request.stake)
        self.events.append(StakeReserved(self.bankroll_id, request.ticket_id, request.stake, request.day))

    def release(self, ticket_id: str) -> None:
        """Give a cancelled or voided ticket's stake back to `available`."""
        reservation = self._reservation(ticket_id)
        stake = reservation.stake
        self.ledger.post(transfer(ticket_id, "stake released", stake, Account.AT_RISK, Account.AVAILABLE))
        del self._reservations[ticket_id]
        self._expose(reservation, -stake)
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
        self._expose(reservation, -unmatched)
        self.events.append(StakeReleased(self.bankroll_id, ticket_id, unmatched))

    def settle(self, ticket_id: str, payout: Decimal, day: date) -> None:
        """Post a settled ticket: its stake goes to the bookmaker and its payout comes back."""
        _check_money(payout, "payout")
        reservation = self._reservation(ticket_id)
        stake = reservation.stake
        self.ledger.post(_settlement_posting(ticket_id, stake, payout))
        del self._reservations[ticket_id]
        self._expose(reservation, -stake)
        self._profits.add(day, payout - stake)
        self._profit_total += payout - stake
        self.peak_balance = max(self.peak_balance, self.balance)
        self.events.append(ReturnPosted(self.bankroll_id, ticket_id, stake, payout, day))
        self._check_stop_rules(day)

    def _expose(self, reservation: Reservation, amount: Decimal) -> None:
        for fixture in reservation.fixtures:
            self._fixtures.add(fixture, amount)
        self._days.add(reservation.day, amount)

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


def _known(figures: Mapping[K, Decimal] | None) -> tuple[dict[K, Decimal], set[K] | None]:
    return ({}, None) if figures is None else (dict(figures), set(figures))


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
