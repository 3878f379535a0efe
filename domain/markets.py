"""The market catalogue: every market kind stakewise offers, its canonical code and selections, and the
life cycle of a fixture that decides whether its markets are open.

Market kinds (canonical codes; input is refused unless it is exactly one of them, never guessed):

| code | selections | line |
|---|---|---|
| `1x2` | home, draw, away | none |
| `double_chance` | home_draw, home_away, draw_away | none |
| `draw_no_bet` | home, away | none |
| `totals` | over, under | goals, a positive multiple of 0.25 |
| `asian_handicap` | home, away | the selected side's handicap, a multiple of 0.25 |
| `btts` | yes, no | none |
| `correct_score` | "H-A" for 0 to 5 goals each, and "other" | none |

A fixture's status at a moment: `finished` once it has a final score; `abandoned` or `postponed` as its
data says; otherwise `scheduled` before kickoff and `in_play` after it; a fixture with no final score a
grace period after its kickoff is `void` (so is a postponed one, and an abandoned one at once). A score
stored for a fixture that has not kicked off at the moment asked about (a replay of the past) is not known
yet: the fixture is scheduled then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidMarket
from domain.lines import parse_line
from domain.pricing import CORRECT_SCORE_MAX_GOALS
from domain.rules import BusinessRule

DEFAULT_VOID_GRACE = timedelta(hours=48)
OTHER_SCORE = "other"


@dataclass(frozen=True, slots=True)
class MarketKind:
    code: str
    selections: tuple[str, ...]
    needs_line: bool = False
    positive_line: bool = False  # a goals total is above 0; a handicap may be any sign

    def check_line(self, line: Decimal | None) -> str | None:
        """Why `line` does not fit this kind, or None when it does."""
        if line is None:
            return f"market {self.code} needs a line" if self.needs_line else None
        if not self.needs_line:
            return f"market {self.code} takes no line (got {line})"
        try:
            canonical = parse_line(line)
        except InvalidMarket as error:
            return str(error)
        if self.positive_line and canonical <= 0:
            return f"a {self.code} line must be above 0 (got {line})"
        return None


def _correct_scores() -> tuple[str, ...]:
    goals = range(CORRECT_SCORE_MAX_GOALS + 1)
    return (*(f"{home}-{away}" for home in goals for away in goals), OTHER_SCORE)


MATCH_RESULT = MarketKind("1x2", ("home", "draw", "away"))
DOUBLE_CHANCE = MarketKind("double_chance", ("home_draw", "home_away", "draw_away"))
DRAW_NO_BET = MarketKind("draw_no_bet", ("home", "away"))
TOTALS = MarketKind("totals", ("over", "under"), needs_line=True, positive_line=True)
ASIAN_HANDICAP = MarketKind("asian_handicap", ("home", "away"), needs_line=True)
BTTS = MarketKind("btts", ("yes", "no"))
CORRECT_SCORE = MarketKind("correct_score", _correct_scores())

MARKETS: dict[str, MarketKind] = {
    kind.code: kind
    for kind in (MATCH_RESULT, DOUBLE_CHANCE, DRAW_NO_BET, TOTALS, ASIAN_HANDICAP, BTTS, CORRECT_SCORE)
}


def market_kind(code: str) -> MarketKind | None:
    return MARKETS.get(code)


@dataclass(frozen=True, slots=True)
class MarketSelection:
    """One selection of one market, in canonical codes; `line` as read from the selected side."""

    market: str
    selection: str
    line: Decimal | None = None

    @classmethod
    def parse(cls, market: str, selection: str, line: Decimal | None) -> MarketSelection:
        """The canonical selection, or RuleViolation `UnknownSelection` naming what is not offered."""
        KnownSelection(market, selection, line).check()
        return cls(market, selection, None if line is None else parse_line(line))


@dataclass(frozen=True, slots=True)
class KnownSelection(BusinessRule):
    """Market, selection and line are canonical codes of the catalogue (nothing is guessed)."""

    market: str
    selection: str
    line: Decimal | None

    @property
    def name(self) -> str:
        return "UnknownSelection"

    def violation(self) -> str | None:
        kind = MARKETS.get(self.market)
        if kind is None:
            return f"unknown market {self.market!r}; markets are {', '.join(MARKETS)}"
        if self.selection not in kind.selections:
            shown = ", ".join(kind.selections[:6]) + (" ..." if len(kind.selections) > 6 else "")
            return f"unknown selection {self.selection!r} of market {kind.code}; selections are {shown}"
        return kind.check_line(self.line)


class FixtureStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PLAY = "in_play"
    FINISHED = "finished"
    POSTPONED = "postponed"
    ABANDONED = "abandoned"
    VOID = "void"


STORED_STATUSES = frozenset({FixtureStatus.POSTPONED, FixtureStatus.ABANDONED})


@dataclass(frozen=True, slots=True)
class Score:
    home: int
    away: int

    def __post_init__(self) -> None:
        if self.home < 0 or self.away < 0:
            raise InvalidMarket(f"invalid score {self.home}-{self.away}: goals cannot be negative")


@dataclass(frozen=True, slots=True)
class FixtureState:
    """What the catalogue knows of a fixture: its kickoff (aware), the status its data set, its score."""

    fixture_id: str
    competition: str
    kickoff_at: datetime
    stored_status: FixtureStatus | None = None
    score: Score | None = None

    def __post_init__(self) -> None:
        if self.kickoff_at.tzinfo is None:
            raise InvalidMarket(f"fixture {self.fixture_id}: kickoff time must be timezone-aware")
        if self.stored_status is not None and self.stored_status not in STORED_STATUSES:
            raise InvalidMarket(f"fixture {self.fixture_id}: {self.stored_status} is not a stored status")

    def status(self, now: datetime, grace: timedelta = DEFAULT_VOID_GRACE) -> FixtureStatus:
        if self.score is not None and now >= self.kickoff_at:  # a score is not known before kickoff
            return FixtureStatus.FINISHED
        if self.stored_status is FixtureStatus.ABANDONED:
            return FixtureStatus.ABANDONED
        if now >= self.kickoff_at + grace:
            return FixtureStatus.VOID
        if self.stored_status is FixtureStatus.POSTPONED:
            return FixtureStatus.POSTPONED
        return FixtureStatus.SCHEDULED if now < self.kickoff_at else FixtureStatus.IN_PLAY

    def stands_void(self, now: datetime, grace: timedelta = DEFAULT_VOID_GRACE) -> bool:
        """Legs on this fixture settle void: abandoned without a score, or no score after the grace."""
        return self.status(now, grace) in (FixtureStatus.ABANDONED, FixtureStatus.VOID)


@dataclass(frozen=True, slots=True)
class PriceBookEntry:
    """The latest price of one selection at one bookmaker, and where it came from."""

    fixture_id: str
    selection: MarketSelection
    bookmaker: str
    price: Decimal
    captured_at: datetime
    batch_id: str
    is_closing: bool = False

    def live_at(self, kickoff_at: datetime) -> bool:
        """A price taken after kickoff (not the closing one) is a live, in-play price."""
        return not self.is_closing and self.captured_at >= kickoff_at

    def newer_than(self, other: PriceBookEntry) -> bool:
        """The later capture wins; at the same moment the closing quote is preferred."""
        return (self.captured_at, self.is_closing) > (other.captured_at, other.is_closing)


@dataclass(frozen=True, slots=True)
class UnknownFixture(BusinessRule):
    """A leg is on a fixture the catalogue knows."""

    fixture_id: str
    state: FixtureState | None

    def violation(self) -> str | None:
        return None if self.state is not None else f"fixture {self.fixture_id!r} is not in the catalogue"


@dataclass(frozen=True, slots=True)
class OfferedSelection(BusinessRule):
    """The selection (market, selection, line) is offered for the fixture at the bookmaker named: the price
    book holds a price for it. `priced_by` names the bookmakers that do price it, if any."""

    fixture_id: str
    selection: MarketSelection
    bookmaker: str
    entry: PriceBookEntry | None
    priced_by: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return "UnknownSelection"

    def violation(self) -> str | None:
        if self.entry is not None:
            return None
        what = describe(self.selection)
        if self.priced_by:
            return f"{self.bookmaker} offers no price for {what} on fixture {self.fixture_id}; " + (
                f"priced by {', '.join(self.priced_by)}"
            )
        return f"{what} is not offered for fixture {self.fixture_id}"

    def facts(self) -> dict[str, str]:
        return {"priced_by": ", ".join(self.priced_by)} if self.priced_by else {}


@dataclass(frozen=True, slots=True)
class MarketClosed(BusinessRule):
    """A leg is taken while its market is open: before kickoff, or in play when the market is offered in
    play (the price book holds a live price taken after kickoff; the jurisdiction's policy then decides)."""

    state: FixtureState
    entry: PriceBookEntry
    now: datetime
    grace: timedelta = DEFAULT_VOID_GRACE

    def violation(self) -> str | None:
        status = self.state.status(self.now, self.grace)
        if status is FixtureStatus.SCHEDULED:
            return None
        if status is FixtureStatus.IN_PLAY:
            if self.entry.live_at(self.state.kickoff_at):
                return None
            return (
                f"fixture {self.state.fixture_id} kicked off at {self.state.kickoff_at.isoformat()} and "
                f"{describe(self.entry.selection)} is not offered in play"
            )
        return f"fixture {self.state.fixture_id} is {status}: its markets are closed"

    def facts(self) -> dict[str, str]:
        return {"fixture_status": self.state.status(self.now, self.grace).value}


@dataclass(frozen=True, slots=True)
class PriceChanged(BusinessRule):
    """The odds asked for are at most the bookmaker's latest stored price, raised by the tolerance (a
    fraction: 0.02 lets 2.04 through against 2.00). The refusal carries the current odds."""

    requested: Decimal
    entry: PriceBookEntry
    tolerance: Decimal = Decimal(0)

    def violation(self) -> str | None:
        ceiling = self.entry.price * (1 + self.tolerance)
        if self.requested <= ceiling:
            return None
        return (
            f"odds {self.requested} are above {self.entry.bookmaker}'s current price {self.entry.price} "
            f"for {describe(self.entry.selection)} on fixture {self.entry.fixture_id}"
        )

    def facts(self) -> dict[str, str]:
        return {
            "current_odds": str(self.entry.price),
            "bookmaker": self.entry.bookmaker,
            "captured_at": self.entry.captured_at.isoformat(),
        }


def describe(selection: MarketSelection) -> str:
    line = "" if selection.line is None else f" {selection.line}"
    return f"{selection.market} {selection.selection}{line}"


def fair_closing_probability(
    selection: MarketSelection, closing: Iterable[PriceBookEntry], bookmakers: Sequence[str]
) -> float | None:
    """The selection's fair probability at the close: the first bookmaker of `bookmakers` (then any, by
    name) whose closing quotes cover every selection of the market, de-vigged by normalising 1/price."""
    kind = MARKETS[selection.market]
    books: dict[str, dict[str, Decimal]] = {}
    for entry in closing:
        if _same_market(selection, entry.selection):
            books.setdefault(entry.bookmaker, {})[entry.selection.selection] = entry.price
    complete = [name for name, book in books.items() if len(book) == len(kind.selections)]
    if not complete:
        return None
    chosen = next((name for name in bookmakers if name in complete), min(complete))
    implied = {code: 1 / float(price) for code, price in books[chosen].items()}
    return implied[selection.selection] / sum(implied.values())


def _same_market(leg: MarketSelection, other: MarketSelection) -> bool:
    """Whether `other` is a selection of the same market as `leg` (an Asian handicap's other side is read
    from its own side: "away +0.25" and "home -0.25" are one market)."""
    if other.market != leg.market or (leg.line is None) != (other.line is None):
        return False
    if leg.line is None or other.line is None:
        return True
    flipped = leg.market == ASIAN_HANDICAP.code and other.selection != leg.selection
    return other.line == (-leg.line if flipped else leg.line)
