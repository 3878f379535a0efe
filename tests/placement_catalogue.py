"""The catalogue the placing tests issue on: fixture F1 (far ahead, priced at pinnacle) and the fixture the
recorded Betfair exchange stream belongs to (Arsenal v Chelsea, 2024-04-20, priced at betfair-exchange).

Issuing checks the odds against these stored prices (at most them); the bookmakers answer from their own
current prices (the paper bookmaker's, the replayed exchange's), which the tests set apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from application.pipeline.records import fixture_id_for, team_id_for
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book

RECORDED = Path(__file__).resolve().parent / "data" / "betfair" / "arsenal-chelsea-2024-04-20.jsonl"
ARSENAL_CHELSEA = str(
    fixture_id_for("BFX", date(2024, 4, 20), team_id_for("Arsenal"), team_id_for("Chelsea"))
)
F1 = fixture_id("F1")


@dataclass(frozen=True)
class RecordedFixture(SeedFixture):
    """A catalogue fixture under the id stakewise derives for the recorded exchange's event."""

    id: str = ""

    @property
    def fixture_id(self) -> str:
        return self.id


CATALOGUE = [
    SeedFixture("F1"),
    RecordedFixture(
        "Arsenal v Chelsea", datetime(2024, 4, 20, 14, tzinfo=UTC), "BFX", (2, 0), id=ARSENAL_CHELSEA
    ),
]  # the score is known from kickoff on, so the fixture settles home
BOOK = [
    *match_result_book("F1", home="2.20"),
    *(replace(entry, fixture_id=ARSENAL_CHELSEA)
      for entry in match_result_book("F1", bookmaker="betfair-exchange", home="2.10")),
]  # fmt: skip
