"""Small football-data CSV payloads built in the test, one quirk at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.builtin.bookmakers import BOOKMAKERS

if TYPE_CHECKING:
    from collections.abc import Sequence

CODES = {code: book.key for book in BOOKMAKERS for code in book.codes.get("football-data", ())}
MODERN_HEADER = (
    "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,HTHG,HTAG,HTR,HS,AS,"
    "B365H,B365D,B365A,PSH,PSD,PSA,B365>2.5,B365<2.5,AHh,B365AHH,B365AHA,"
    "B365CH,B365CD,B365CA,PSCH,PSCD,PSCA,PC>2.5,PC<2.5,AHCh,PCAHH,PCAHA"
)
MODERN_ROW = (
    "E0,12/09/2020,12:30,Fulham,Arsenal,0,3,A,0,1,A,5,13,"
    "6,4.33,1.53,6.16,4.51,1.56,1.72,2.1,1,1.93,1.97,"
    "5,4,1.66,5.48,3.98,1.69,2.06,1.86,0.75,2.02,1.91"
)
OLD_HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,HTHG,HTAG,HTR"


def csv_bytes(
    header: str,
    rows: Sequence[str],
    *,
    encoding: str = "utf-8",
    line_end: str = "\r\n",
    final_line_end: bool = True,
) -> bytes:
    text = line_end.join([header, *rows]) + (line_end if final_line_end else "")
    return text.encode(encoding)
