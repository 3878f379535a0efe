"""The columns of one football-data file, read by header name (they change over the years).

Header quirks handled here: a BOM or spaces around names, unnamed trailing columns, Greek files naming the
teams `HT`/`AT`, a bookmaker's 1X2 columns all headed by its bare code (`LB,LB,LB`), and files re-saved
by pandas whose over/under headers read `X_2_5` (= `X>2.5`) and
`X_2_5_1` (= `X<2.5`). Every price column becomes a PriceColumn: a bookmaker code from the bookmaker
plugins, an optional `C` (closing), then the market: `H/D/A` (1X2), `>2.5`/`<2.5` (totals) or
`AHH/AHA` (Asian handicap, its line read from `<code>AH`, `AHh`/`AHCh` or Betbrain's `BbAHh`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from application.pipeline.records import Market, Selection
from application.pipeline.sources import PayloadError

REQUIRED = ("Date", "HomeTeam", "AwayTeam", "FTHG", "FTAG")
GREEK_TEAM_COLUMNS = {"HT": "HomeTeam", "AT": "AwayTeam"}
PANDAS_TOTALS = re.compile(r"^(?P<code>.+?)_(?P<whole>\d+)_(?P<part>\d+)(?P<under>_1)?$")
STATISTICS = {
    "HS": "home_shots", "AS": "away_shots", "HST": "home_shots_on_target", "AST": "away_shots_on_target",
    "HF": "home_fouls", "AF": "away_fouls", "HC": "home_corners", "AC": "away_corners",
    "HY": "home_yellow_cards", "AY": "away_yellow_cards", "HR": "home_red_cards", "AR": "away_red_cards",
    "HO": "home_offsides", "AO": "away_offsides", "HBP": "home_booking_points", "ABP": "away_booking_points",
    "HHW": "home_woodwork", "AHW": "away_woodwork", "Attendance": "attendance",
}  # fmt: skip
LINE_COLUMNS = ("AHh", "AHCh", "BbAHh")
# read for context or deliberately left out: the number of bookmakers behind Betbrain's figures
OTHER_COLUMNS = frozenset({"Div", "Time", "FTR", "HTHG", "HTAG", "HTR", "Referee", "Bb1X2", "BbOU", "BbAH"})
ONE_X_TWO = {"H": Selection.HOME, "D": Selection.DRAW, "A": Selection.AWAY}


@dataclass(frozen=True, slots=True)
class PriceColumn:
    index: int
    name: str
    market: Market
    selection: Selection
    bookmaker: str
    is_closing: bool
    fixed_line: Decimal | None = None  # totals: the goal line in the header
    line_index: int | None = None  # Asian handicap: the column holding the home side's line
    away_side: bool = False  # Asian handicap away price: the line read from the away side is negated


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    width: int
    index: Mapping[str, int]
    prices: Sequence[PriceColumn]
    statistics: Sequence[tuple[int, str, str]]  # (index, column, statistic name)
    unmapped: Sequence[str]

    def get(self, name: str) -> int | None:
        return self.index.get(name)


def canonical_name(raw: str) -> str:
    name = raw.strip().lstrip("\ufeff").strip()
    match = PANDAS_TOTALS.match(name)
    if match:
        side = "<" if match["under"] else ">"
        return f"{match['code']}{side}{match['whole']}.{match['part']}"
    return name


def plan_columns(locator: str, header: Sequence[str], codes: Mapping[str, str]) -> ColumnPlan:
    """The plan for a header; `codes` maps football-data bookmaker codes to bookmaker keys."""
    names = [canonical_name(cell) for cell in header]
    if "HomeTeam" not in names:
        names = [GREEK_TEAM_COLUMNS.get(name, name) for name in names]
    names = _name_bare_one_x_two(names, codes)
    index = _first_index(names)
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise PayloadError(
            locator, f"missing required column(s) {', '.join(missing)} (header: {_short(names)})"
        )
    prices = _price_columns(index, codes)
    statistics = [
        (position, name, STATISTICS[name]) for name, position in index.items() if name in STATISTICS
    ]
    known = set(REQUIRED) | OTHER_COLUMNS | set(STATISTICS) | set(LINE_COLUMNS) | {p.name for p in prices}
    unmapped = [name for name in index if name not in known and not _is_line_of_bookmaker(name, codes)]
    return ColumnPlan(len(names), index, prices, statistics, unmapped)


def _name_bare_one_x_two(names: list[str], codes: Mapping[str, str]) -> list[str]:
    """One file (D2 2004/05) heads a bookmaker's three 1X2 columns `LB,LB,LB`: they are H, D, A in order."""
    named = list(names)
    for start in range(len(named) - 2):
        code = named[start]
        if code in codes and named[start + 1] == code and named[start + 2] == code:
            named[start : start + 3] = [f"{code}H", f"{code}D", f"{code}A"]
    return named


def _first_index(names: Sequence[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        if name and name not in index:
            index[name] = position
    return index


def _price_columns(index: Mapping[str, int], codes: Mapping[str, str]) -> list[PriceColumn]:
    code_pattern = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
    pattern = re.compile(
        rf"^(?P<code>{code_pattern})(?P<closing>C?)"
        r"(?:(?P<one_x_two>[HDA])|(?P<side>[<>])(?P<goals>\d+(?:\.\d+)?)|AH(?P<ah>[HA]))$"
    )
    found = []
    for name, position in index.items():
        match = pattern.match(name)
        if match:
            found.append(_price_column(name, position, match, index, codes))
    return [column for column in found if column is not None]


def _price_column(
    name: str, position: int, match: re.Match[str], index: Mapping[str, int], codes: Mapping[str, str]
) -> PriceColumn | None:
    code, closing = match["code"], bool(match["closing"])
    bookmaker = codes[code]
    if match["one_x_two"]:
        selection = ONE_X_TWO[match["one_x_two"]]
        return PriceColumn(position, name, Market.MATCH_RESULT, selection, bookmaker, closing)
    if match["side"]:
        selection = Selection.OVER if match["side"] == ">" else Selection.UNDER
        line = Decimal(match["goals"])
        return PriceColumn(position, name, Market.TOTALS, selection, bookmaker, closing, fixed_line=line)
    line_index = _handicap_line_index(code, closing, index)
    away = match["ah"] == "A"
    selection = Selection.AWAY if away else Selection.HOME
    return PriceColumn(position, name, Market.ASIAN_HANDICAP, selection, bookmaker, closing,
                       line_index=line_index, away_side=away)  # fmt: skip


def _handicap_line_index(code: str, closing: bool, index: Mapping[str, int]) -> int | None:
    candidates = ("AHCh",) if closing else (f"{code}AH", "AHh", "BbAHh")
    for candidate in candidates:
        if candidate in index:
            return index[candidate]
    return None


def _is_line_of_bookmaker(name: str, codes: Mapping[str, str]) -> bool:
    return name.endswith("AH") and name[:-2] in codes


def _short(names: Sequence[str]) -> str:
    shown = ",".join(name for name in names[:12] if name)
    return shown + ("…" if len(names) > 12 else "")
