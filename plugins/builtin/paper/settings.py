"""The paper bookmaker's settings, read from STAKEWISE_PAPER_* (limits are data: `key=amount,...`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from domain.errors import DomainError

ANY_BOOKMAKER = "*"
DEFAULT_LIMITS = {ANY_BOOKMAKER: Decimal("500.00"), "pinnacle": Decimal("2000.00")}


class PaperSettingError(DomainError):
    """A STAKEWISE_PAPER_* setting that cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class PaperSettings:
    """`limits`: maximum stake per selection by bookmaker key, `*` for the others; `latency_seconds`: how
    long a placement takes (with a seeded jitter of up to half of it); `suspension_rate`: the share of
    orders met by a suspended market; `seed` makes every draw repeatable."""

    limits: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    latency_seconds: float = 0.0
    suspension_rate: float = 0.0
    seed: int = 0

    def limit(self, bookmaker: str) -> Decimal | None:
        return self.limits.get(bookmaker, self.limits.get(ANY_BOOKMAKER))

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> PaperSettings:
        limits = settings.get("STAKEWISE_PAPER_LIMITS")
        return cls(
            limits=_limits(limits) if limits else dict(DEFAULT_LIMITS),
            latency_seconds=_number(settings, "STAKEWISE_PAPER_LATENCY_SECONDS", 0.0, 0.0, 60.0),
            suspension_rate=_number(settings, "STAKEWISE_PAPER_SUSPENSION_RATE", 0.0, 0.0, 1.0),
            seed=int(_number(settings, "STAKEWISE_PAPER_SEED", 0, 0, 2**31)),
        )


def _limits(text: str) -> dict[str, Decimal]:
    limits: dict[str, Decimal] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, amount = item.partition("=")
        try:
            value = Decimal(amount)
        except InvalidOperation:
            value = Decimal(-1)
        if not key or not value.is_finite() or value <= 0:
            raise PaperSettingError(f"STAKEWISE_PAPER_LIMITS: {item!r} is not bookmaker=positive amount")
        limits[key.strip()] = value
    return limits


def _number(settings: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    text = settings.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise PaperSettingError(f"{name}: {text!r} is not a number from {low:g} to {high:g}")
    return value
