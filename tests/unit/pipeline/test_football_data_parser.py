"""The football-data CSV parser survives every quirk of the format (../shared/data/README.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from application.pipeline.records import Market, Selection
from application.pipeline.sources import ParsedPayload, PayloadError, SourceMatch, SourcePrice
from plugins.builtin.sources.football_data.plugin import parse_csv
from tests.unit.pipeline.football_data_samples import CODES, MODERN_HEADER, MODERN_ROW, OLD_HEADER, csv_bytes

LOCATOR = "data/E0/2020-2021.csv"


def parse(content: bytes, locator: str = LOCATOR) -> ParsedPayload:
    return parse_csv(locator, content, CODES)


def only_match(parsed: ParsedPayload) -> SourceMatch:
    assert not parsed.rejected, parsed.rejected
    [match] = parsed.matches
    return match


def price(match: SourceMatch, **wanted: object) -> list[SourcePrice]:
    return [p for p in match.prices if all(getattr(p, key) == value for key, value in wanted.items())]


def test_a_modern_row_gives_fixture_result_and_every_price_column() -> None:
    match = only_match(parse(csv_bytes(MODERN_HEADER, [MODERN_ROW])))
    assert (match.competition, match.season, match.match_date) == ("E0", "2020-2021", date(2020, 9, 12))
    assert (match.home_team, match.away_team) == ("Fulham", "Arsenal")
    assert match.result is not None
    assert (match.result.home_goals, match.result.away_goals) == (0, 3)
    assert match.result.statistics == {"home_shots": 5.0, "away_shots": 13.0}
    assert len(match.prices) == 20  # every price column of the header, none of the line columns
    [pinnacle_home] = price(match, bookmaker="pinnacle", market=Market.MATCH_RESULT, selection=Selection.HOME,
                            is_closing=False)  # fmt: skip
    assert pinnacle_home.price == Decimal("6.16")
    assert pinnacle_home.line is None


def test_kickoff_is_uk_time_converted_to_utc() -> None:
    match = only_match(parse(csv_bytes(MODERN_HEADER, [MODERN_ROW])))
    assert match.kickoff == datetime(2020, 9, 12, 11, 30, tzinfo=UTC)  # 12:30 BST


def test_without_a_time_column_the_kickoff_is_unknown() -> None:
    match = only_match(parse(csv_bytes(OLD_HEADER, ["E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H"])))
    assert match.kickoff is None
    assert match.match_date == date(1995, 8, 19)


def test_closing_prices_are_stamped_at_kickoff_and_early_ones_the_day_before() -> None:
    match = only_match(parse(csv_bytes(MODERN_HEADER, [MODERN_ROW])))
    closing = {p.captured_at for p in match.prices if p.is_closing}
    early = {p.captured_at for p in match.prices if not p.is_closing}
    assert closing == {match.kickoff}
    assert early == {datetime(2020, 9, 11, 16, 0, tzinfo=UTC)}  # Friday 17:00 UK time before a Saturday


def test_totals_and_asian_handicap_lines_are_read_from_the_selected_side() -> None:
    match = only_match(parse(csv_bytes(MODERN_HEADER, [MODERN_ROW])))
    [over] = price(match, market=Market.TOTALS, selection=Selection.OVER, bookmaker="bet365")
    assert (over.line, over.price) == (Decimal("2.5"), Decimal("1.72"))
    [home] = price(match, market=Market.ASIAN_HANDICAP, selection=Selection.HOME, bookmaker="bet365")
    [away] = price(match, market=Market.ASIAN_HANDICAP, selection=Selection.AWAY, bookmaker="bet365")
    assert (home.line, away.line) == (Decimal("1"), Decimal("-1"))
    [closing_away] = price(match, market=Market.ASIAN_HANDICAP, selection=Selection.AWAY, is_closing=True)
    assert (closing_away.bookmaker, closing_away.line) == ("pinnacle", Decimal("-0.75"))


@pytest.mark.parametrize(
    ("line", "home_line"),
    [("-1 1/4", Decimal("-1.25")), ("-1,-1.5", Decimal("-1.25")), ("0.5", Decimal("0.5"))],
)
def test_handicap_lines_in_fraction_and_split_notation(line: str, home_line: Decimal) -> None:
    header = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,GBAHH,GBAHA,GBAH"
    match = only_match(parse(csv_bytes(header, [f'D1,01/10/04,Bochum,Hertha,1,1,1.9,1.95,"{line}"'])))
    lines = {p.selection: p.line for p in match.prices}
    assert lines == {Selection.HOME: home_line, Selection.AWAY: -home_line}


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_utf8_with_or_without_bom_and_cp1252_all_read_the_same_names(encoding: str, bom: bool) -> None:
    content = csv_bytes(OLD_HEADER, ["F1,02/08/03,St Étienne,Nîmes,2,1,H,1,0,H"], encoding=encoding)
    match = only_match(parse((b"\xef\xbb\xbf" if bom else b"") + content, "data/F1/2003-2004.csv"))
    assert (match.home_team, match.away_team) == ("St Étienne", "Nîmes")


def test_two_and_four_digit_years_give_the_same_date() -> None:
    rows = ["E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H", "E0,19/08/1995,Blackburn,QPR,1,0,H,1,0,H"]
    parsed = parse(csv_bytes(OLD_HEADER, rows), "data/E0/1995-1996.csv")
    assert [m.match_date for m in parsed.matches] == [date(1995, 8, 19)] * 2


def test_all_comma_rows_are_counted_as_empty_not_quarantined() -> None:
    rows = ["E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H", ",,,,,,,,,", ",,,,,,,,,", " , ,,,,,,,,"]
    parsed = parse(csv_bytes(OLD_HEADER, rows), "data/E0/1995-1996.csv")
    assert (len(parsed.matches), len(parsed.rejected), parsed.empty_rows) == (1, 0, 3)


def test_unnamed_trailing_columns_and_rows_of_another_width_are_read_by_name() -> None:
    header = OLD_HEADER + ",B365H,B365D,B365A,,,"
    rows = [
        "E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H,2.1,3.2,3.4",  # shorter than the header
        "E0,20/08/95,Blackburn,QPR,1,0,H,1,0,H,1.5,3.8,6,,,,,,",  # longer, empty cells
        "E0,21/08/95,Chelsea,Everton,0,0,D,0,0,D,2,3.1,3.9,,,,7,1",  # stray cells under unnamed columns
    ]
    parsed = parse(csv_bytes(OLD_HEADER.replace(OLD_HEADER, header), rows), "data/E0/1995-1996.csv")
    assert not parsed.rejected
    assert [len(m.prices) for m in parsed.matches] == [3, 3, 3]


def test_a_pandas_resaved_file_with_float_goals_and_renamed_totals() -> None:
    header = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365_2_5,B365_2_5_1,BbAv_2_5,BbAv_2_5_1"
    content = csv_bytes(
        header, ["D1,09/08/2014,Bayern Munich,Wolfsburg,2.0,1.0,H,1.5,2.6,1.48,2.55"], line_end="\n"
    )
    match = only_match(parse(content, "data/D1/2014-2015.csv"))
    assert match.result is not None
    assert (match.result.home_goals, match.result.away_goals) == (2, 1)
    totals = {(p.bookmaker, p.selection): (p.line, p.price) for p in match.prices}
    assert totals[("bet365", Selection.OVER)] == (Decimal("2.5"), Decimal("1.5"))
    assert totals[("average", Selection.UNDER)] == (Decimal("2.5"), Decimal("2.55"))


def test_greek_files_name_the_teams_ht_and_at() -> None:
    header = "Div,Date,HT,AT,FTHG,FTAG,FTR,HTHG,HTAG,HTR,GBH,GBD,GBA"
    match = only_match(parse(csv_bytes(header, ["G1,22/09/01,Olympiakos,Iraklis,3,0,H,2,0,H,1.2,5,8.5"]),
                             "data/G1/2001-2002.csv"))  # fmt: skip
    assert (match.home_team, match.away_team) == ("Olympiakos", "Iraklis")
    assert len(match.prices) == 3


def test_empty_odds_cells_are_no_quote() -> None:
    header = OLD_HEADER + ",B365H,B365D,B365A,WHH,WHD,WHA"
    match = only_match(parse(csv_bytes(header, ["E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H,,,,2,3,4"])))
    assert {p.bookmaker for p in match.prices} == {"william-hill"}


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("0", "decimal odds must be above 1"), ("1", "decimal odds must be above 1"), ("c", "is not a number")],
)
def test_an_invalid_price_quarantines_the_row_with_its_reason(cell: str, reason: str) -> None:
    header = OLD_HEADER + ",B365H,B365D,B365A"
    rows = [
        f"E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H,{cell},3,4",
        "E0,20/08/95,Leeds,QPR,1,0,H,1,0,H,2,3,4",
    ]
    parsed = parse(csv_bytes(header, rows))
    assert [m.home_team for m in parsed.matches] == ["Leeds"]
    [rejected] = parsed.rejected
    assert rejected.row == 2
    assert rejected.reason.startswith("invalid_odds: B365H")
    assert reason in rejected.reason
    assert rejected.content == rows[0]


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("E0,31/02/95,Aston Villa,Man United,3,1,H,3,0,H", "invalid_date"),
        ("E0,1995-08-19,Aston Villa,Man United,3,1,H,3,0,H", "invalid_date"),
        ("E0,19/08/95,,Man United,3,1,H,3,0,H", "missing_field"),
        ("E0,19/08/95,Aston Villa,Aston Villa,3,1,H,3,0,H", "same_team"),
        ("E0,19/08/95,Aston Villa,Man United,x,1,H,3,0,H", "invalid_goals"),
        ("E0,19/08/95,Aston Villa,Man United,-1,1,A,0,0,D", "invalid_goals"),
        ("E0,19/08/95,Aston Villa,Man United,4,0,D,3,0,H", "result_mismatch"),
    ],
)
def test_rows_failing_validation_are_quarantined_with_a_reason_code(row: str, code: str) -> None:
    parsed = parse(csv_bytes(OLD_HEADER, [row]))
    assert parsed.matches == []
    assert [r.reason.split(":")[0] for r in parsed.rejected] == [code]


def test_the_same_match_twice_in_a_file_is_quarantined_once() -> None:
    row = "E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H"
    parsed = parse(csv_bytes(OLD_HEADER, [row, row]))
    assert len(parsed.matches) == 1
    assert [(r.row, r.reason) for r in parsed.rejected] == [(3, "duplicate_fixture: the same match as row 2")]


def test_a_file_cut_off_inside_its_last_line_quarantines_that_line() -> None:
    rows = ["E0,19/08/95,Aston Villa,Man United,3,1,H,3,0,H", "E0,20/08/95,Blackburn,QP"]
    parsed = parse(csv_bytes(OLD_HEADER, rows, final_line_end=False))
    assert [m.home_team for m in parsed.matches] == ["Aston Villa"]
    assert [r.reason.split(":")[0] for r in parsed.rejected] == ["truncated_row"]


def test_a_file_cut_inside_a_utf8_character_is_still_read_as_utf8() -> None:
    content = csv_bytes(OLD_HEADER, ["F1,02/08/03,St Étienne,Nîmes,2,1,H,1,0,H", "F1,03/08/03,Nîmes,Lyon"])
    parsed = parse(content[:-2], "data/F1/2003-2004.csv")  # "Lyon" cut, as was the line end
    assert [m.home_team for m in parsed.matches] == ["St Étienne"]
    assert [r.reason.split(":")[0] for r in parsed.rejected] == ["truncated_row"]


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "an HTML page"),
        (b"  \n<html><head></head></html>", "an HTML page"),
        ("Div,Date,HomeTeam\r\n".encode("utf-16"), "UTF-16"),
        (b"Div,Date,HomeTeam,AwayTeam\r\nE0,\x81\x8d,x,y\r\n", "neither UTF-8 nor cp1252"),
        (b"", "empty payload"),
        (
            csv_bytes("Div,Date,HomeTeam,AwayTeam,FTHG", ["E0,19/08/95,A,B,1"]),
            "missing required column(s) FTAG",
        ),
    ],
)
def test_an_unreadable_payload_is_refused_as_a_whole_with_the_reason(content: bytes, named: str) -> None:
    with pytest.raises(PayloadError, match=r"E0/2020-2021\.csv") as raised:
        parse(content)
    assert named in raised.value.reason


@pytest.mark.parametrize(
    ("locator", "expected"),
    [
        ("data/SC0/1999-2000.csv", ("SC0", "1999-2000")),
        ("https://www.football-data.co.uk/mmz4281/2425/E0.csv", ("E0", "2024-2025")),
        ("https://www.football-data.co.uk/mmz4281/9900/E1.csv", ("E1", "1999-2000")),
    ],
)
def test_division_and_season_come_from_the_path(locator: str, expected: tuple[str, str]) -> None:
    header = "Date,HomeTeam,AwayTeam,FTHG,FTAG"
    match = only_match(parse(csv_bytes(header, ["14/08/99,Celtic,Aberdeen,5,0"]), locator))
    assert (match.competition, match.season) == expected


def test_without_a_season_in_the_path_the_season_follows_the_date() -> None:
    parsed = parse(csv_bytes(OLD_HEADER, ["E0,02/01/2021,Leeds,West Ham,1,2,A,0,1,A"]), "upload.csv")
    assert only_match(parsed).season == "2020-2021"


def test_competitions_seen_are_listed_with_their_names() -> None:
    parsed = parse(csv_bytes(MODERN_HEADER, [MODERN_ROW]))
    assert [(c.code, c.name, c.country) for c in parsed.competitions] == [("E0", "Premier League", "England")]


def test_a_bookmakers_bare_code_thrice_heads_its_home_draw_away_prices() -> None:
    header = OLD_HEADER + ",LB,LB,LB"
    match = only_match(parse(csv_bytes(header, ["D2,07/08/04,Dresden,Duisburg,3,1,H,0,0,D,2.2,3.3,2.9"])))
    assert {(p.bookmaker, p.selection): p.price for p in match.prices} == {
        ("ladbrokes", Selection.HOME): Decimal("2.2"),
        ("ladbrokes", Selection.DRAW): Decimal("3.3"),
        ("ladbrokes", Selection.AWAY): Decimal("2.9"),
    }
