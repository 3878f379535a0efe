"""Turning one parsed payload into silver records: names resolved through the alias table, ids assigned.

Rules applied here (each failure quarantines the source row with its reason, never drops it):
- a name a source uses for a team is an alias; an unknown name becomes a new team under the canonical name
  the source gives for it (or the name itself) and is recorded as an alias of it;
- a match whose two names resolve to the same team is `same_team`; a second row for the same fixture in
  one payload is `duplicate_fixture`; two prices with one identity in a row are `duplicate_price`;
- a team name with no letter or digit in it is `missing_field`.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from application.pipeline.records import (
    Competition,
    Fixture,
    OddsQuote,
    QuarantinedRow,
    Result,
    Season,
    Team,
    TeamAlias,
    fixture_id_for,
    normalise_name,
    team_id_for,
)
from application.pipeline.sources import ParsedPayload, RejectedRow, SourceMatch, SourcePrice

_new_tuple = tuple.__new__


class RowProblem(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.reason = f"{code}: {detail}"


def reason_code(reason: str) -> str:
    """Quarantine reasons start with a short code ("invalid_odds: B365H '0' ...")."""
    return reason.split(":", 1)[0].strip() or "unspecified"


class TeamResolver:
    """Resolves source names to team ids, collecting the teams and aliases that are new."""

    def __init__(self, known: Mapping[str, uuid.UUID], source: str, canonical: Mapping[str, str]) -> None:
        self._known = dict(known)
        self._source = source
        self._canonical = canonical
        self.new_teams: dict[uuid.UUID, Team] = {}
        self.new_aliases: dict[str, TeamAlias] = {}

    def known(self, name: str) -> uuid.UUID | None:
        found = self._known.get(normalise_name(name))
        if found is None and name in self._canonical:
            found = self._known.get(normalise_name(self._canonical[name]))
        return found

    def resolve(self, name: str) -> uuid.UUID:
        alias = normalise_name(name)
        if not alias:
            raise RowProblem("missing_field", f"team name {name!r} has no letter or digit")
        found = self._known.get(alias)
        if found is not None:
            return found
        canonical = self._canonical.get(name, name)
        team_id = self._known.get(normalise_name(canonical)) or team_id_for(canonical)
        if normalise_name(canonical) not in self._known:
            self.new_teams[team_id] = Team(team_id, canonical)
            self._remember(normalise_name(canonical), team_id)
        self._remember(alias, team_id)
        return team_id

    def _remember(self, alias: str, team_id: uuid.UUID) -> None:
        self._known[alias] = team_id
        self.new_aliases[alias] = TeamAlias(alias, team_id, self._source)


@dataclass
class MatchRecords:
    """The silver rows of a payload's matches, and its rows to quarantine."""

    competitions: list[Competition] = field(default_factory=list)
    seasons: list[Season] = field(default_factory=list)
    fixtures: list[Fixture] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    odds: list[OddsQuote] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


def match_records(
    parsed: ParsedPayload, batch_id: uuid.UUID, teams: TeamResolver, stored_competitions: Iterable[str]
) -> MatchRecords:
    records = MatchRecords(rejected=list(parsed.rejected))
    seen: dict[uuid.UUID, int] = {}
    for match in parsed.matches:
        try:
            _add_match(records, match, batch_id, teams, seen)
        except RowProblem as problem:
            records.rejected.append(RejectedRow(match.row, problem.reason, _describe(match)))
    records.competitions = _competitions(parsed.competitions, records.fixtures, stored_competitions)
    records.seasons = sorted({Season(f.competition, f.season) for f in records.fixtures},
                             key=lambda s: (s.competition, s.name))  # fmt: skip
    return records


def _add_match(
    records: MatchRecords,
    match: SourceMatch,
    batch_id: uuid.UUID,
    teams: TeamResolver,
    seen: dict[uuid.UUID, int],
) -> None:
    home, away = teams.resolve(match.home_team), teams.resolve(match.away_team)
    if home == away:
        raise RowProblem("same_team", f"{match.home_team!r} and {match.away_team!r} are the same team")
    fixture_id = fixture_id_for(match.competition, match.match_date, home, away)
    if fixture_id in seen:
        raise RowProblem("duplicate_fixture", f"the same fixture as row {seen[fixture_id]}")
    _check_unique_prices(match.prices)
    seen[fixture_id] = match.row
    records.fixtures.append(Fixture(fixture_id, match.competition, match.season, match.match_date, home, away,
                                    match.kickoff, batch_id))  # fmt: skip
    if match.result is not None:
        result = match.result
        records.results.append(Result(fixture_id, result.home_goals, result.away_goals,
                                      result.home_goals_half_time, result.away_goals_half_time,
                                      dict(result.statistics), batch_id))  # fmt: skip
    # an OddsQuote is (fixture_id, *SourcePrice, batch_id): tuples joined in C, millions of them per ingest
    head, tail = (fixture_id,), (batch_id,)
    records.odds += [_new_tuple(OddsQuote, head + price + tail) for price in match.prices]


def _check_unique_prices(prices: Sequence[SourcePrice]) -> None:
    identities = {(p[0], p[1], p[2], p[3], p[5], p[6]) for p in prices}
    if len(identities) == len(prices):
        return
    counts = Counter((p.market, p.line, p.selection, p.bookmaker, p.is_closing) for p in prices)
    market, line, selection, bookmaker, closing = next(key for key, n in counts.items() if n > 1)
    kind = "closing" if closing else "early"
    raise RowProblem("duplicate_price", f"two {kind} {bookmaker} prices for {market} {selection} line {line}")


def _competitions(
    listed: Sequence[Competition], fixtures: Sequence[Fixture], stored: Iterable[str]
) -> list[Competition]:
    """The competitions the source lists, plus a bare entry for a code neither listed nor stored yet."""
    named = {competition.code: competition for competition in listed}
    known = set(named) | set(stored)
    bare = {
        f.competition: Competition(f.competition, f.competition)
        for f in fixtures
        if f.competition not in known
    }
    return sorted([*named.values(), *bare.values()], key=lambda competition: competition.code)


def _describe(match: SourceMatch) -> str:
    return f"{match.competition} {match.match_date.isoformat()} {match.home_team} v {match.away_team}"


def quarantined_rows(
    rejected: Sequence[RejectedRow], batch_id: uuid.UUID, source: str, locator: str
) -> list[QuarantinedRow]:
    return [QuarantinedRow(batch_id, source, locator, row.row, row.reason, row.content) for row in rejected]


def count_reasons(rows: Iterable[QuarantinedRow]) -> dict[str, int]:
    return dict(Counter(reason_code(row.reason) for row in rows))
