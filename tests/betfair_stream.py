"""Betfair Exchange stream messages (market-change messages, as in Betfair's historical files) for tests.

tests/data/betfair/arsenal-chelsea-2024-04-20.jsonl was written with these: one MATCH_ODDS and one
OVER_UNDER_25 market of Arsenal v Chelsea (kickoff 14:00 UTC) and a MATCH_ODDS market of Everton v Fulham
(16:30), recorded from 12:00: Arsenal's 2.10 thins to 30 at 13:00 and is gone at 13:30 (best 2.08), the
market is suspended at 13:50, open again at 13:55 and in play at 14:00.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

DRAW = 58805


def definition(
    event: str, kickoff: str, market_type: str, runners: list[tuple[int, str]], **changes: Any
) -> dict[str, Any]:
    """A full marketDefinition as the stream sends it (every field betfairlightweight requires)."""
    return {
        "bspMarket": False, "turnInPlayEnabled": True, "persistenceEnabled": True, "marketBaseRate": 5.0,
        "eventId": "33000001", "eventTypeId": "1", "numberOfWinners": 1, "bettingType": "ODDS",
        "marketType": market_type, "marketTime": kickoff, "suspendTime": kickoff, "bspReconciled": False,
        "complete": True, "inPlay": False, "crossMatching": True, "runnersVoidable": False,
        "numberOfActiveRunners": len(runners), "betDelay": 0, "status": "OPEN",
        "runners": [{"status": "ACTIVE", "sortPriority": i + 1, "id": rid, "name": name}
                    for i, (rid, name) in enumerate(runners)],
        "regulators": ["MR_INT"], "countryCode": "GB", "discountAllowed": True, "timezone": "Europe/London",
        "openDate": kickoff, "version": 1, "name": market_type.replace("_", " ").title(), "eventName": event,
        **changes,
    }  # fmt: skip


def message(clock: int, at: datetime, *markets: dict[str, Any]) -> dict[str, Any]:
    return {"op": "mcm", "clk": str(clock), "pt": int(at.timestamp() * 1000), "mc": list(markets)}


def market_image(n: int, home_back: list[list[float]]) -> dict[str, Any]:
    """Market n: "Home n v Away n" at 14:00 on 2024-04-20, recorded at 12:00 with the home ladder given."""
    runners = [(1, f"Home {n}"), (2, f"Away {n}"), (DRAW, "The Draw")]
    kickoff = "2024-04-20T14:00:00.000Z"
    rc = [{"id": 1, "atb": home_back}, {"id": 2, "atb": [[3.5, 100]]}, {"id": DRAW, "atb": [[3.4, 100]]}]
    match_odds = definition(f"Home {n} v Away {n}", kickoff, "MATCH_ODDS", runners)
    market = {"id": f"1.9{n:08d}", "img": True, "rc": rc, "marketDefinition": match_odds}
    return message(n, datetime(2024, 4, 20, 12, tzinfo=UTC), market)
