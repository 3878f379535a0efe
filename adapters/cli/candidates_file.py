"""Reading the optimiser's input files: candidates (docs/candidates.md), policy limits, house limits.

JSON is decoded at this boundary with msgspec; an error names the file, the row and the field.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from adapters.cli.errors import UsageError
from application.portfolio.limits import PortfolioLimits
from application.portfolio.selections import PricedSelection
from domain.compliance import PolicyLimits
from domain.errors import DomainError
from domain.odds import Odds


class CandidateRow(msgspec.Struct, frozen=True, kw_only=True):
    """One candidate selection; other keys are allowed and ignored."""

    fixture: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    probability: float
    line: Decimal | None = None
    correlation_group: str | None = None


class PolicyLimitsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    max_stake_per_ticket: Decimal | None = None
    remaining_loss_allowance: Decimal | None = None
    remaining_deposit_allowance: Decimal | None = None
    banned_markets: list[str] = []


class HouseLimitsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    max_total_fraction: float | None = None
    max_fixture_fraction: float | None = None
    max_competition_fraction: float | None = None
    max_stake_fraction: float | None = None
    min_stake: Decimal | None = None
    bookmaker_limits: dict[str, Decimal] | None = None
    max_tickets: int | None = None
    accumulator_pool: int | None = None
    max_accumulators: int | None = None


Decoded = TypeVar("Decoded")


def read_candidates(path: str) -> tuple[PricedSelection, ...]:
    rows = _decode(path, "candidates", list[CandidateRow])
    return tuple(_selection(path, index, row) for index, row in enumerate(rows))


def read_policy_limits(path: str) -> PolicyLimits:
    raw = _decode(path, "limits", PolicyLimitsFile)
    for name in ("max_stake_per_ticket", "remaining_loss_allowance", "remaining_deposit_allowance"):
        amount = getattr(raw, name)
        if amount is not None and not (amount.is_finite() and amount >= 0):
            raise DomainError(f"limits file {path}: invalid {name} {amount}: must be zero or positive")
    return PolicyLimits(
        raw.max_stake_per_ticket,
        raw.remaining_loss_allowance,
        raw.remaining_deposit_allowance,
        frozenset(raw.banned_markets),
    )


def house_limits(path: str | None, max_legs: int) -> PortfolioLimits:
    """The defaults of PortfolioLimits, overridden by the keys the file sets."""
    given: dict[str, Any] = {}
    if path is not None:
        raw = _decode(path, "house limits", HouseLimitsFile)
        given = {name: getattr(raw, name) for name in raw.__struct_fields__ if getattr(raw, name) is not None}
    try:
        return PortfolioLimits(max_legs=max_legs, **given)
    except DomainError as error:
        raise DomainError(f"{'house limits file ' + path if path else '--max-legs'}: {error}") from None


def _decode(path: str, what: str, kind: type[Decoded]) -> Decoded:
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(
            f"stakewise optimize: cannot read {what} file {path}: {error.strerror or error}"
        ) from None
    try:
        return msgspec.json.decode(content, type=kind)
    except msgspec.ValidationError as error:
        raise DomainError(f"{what} file {path}: {error}") from None
    except msgspec.DecodeError as error:
        raise DomainError(f"{what} file {path} is not valid JSON: {error}") from None


def _selection(path: str, index: int, row: CandidateRow) -> PricedSelection:
    try:
        return PricedSelection(
            fixture=row.fixture,
            competition=row.competition,
            market=row.market,
            selection=row.selection,
            bookmaker=row.bookmaker,
            odds=Odds.from_decimal(str(row.odds)),
            probability=row.probability,
            line=row.line,
            correlation_group=row.correlation_group or None,
        )
    except DomainError as error:
        raise DomainError(f"candidates file {path}: row $[{index}]: {error}") from None
