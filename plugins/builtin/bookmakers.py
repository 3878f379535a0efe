"""Built-in plugin `bookmakers`: the bookmakers the built-in sources know, and the codes each source uses.

The football-data.co.uk codes prefix its price columns (`B365H`, `PSCH`, `P>2.5`, `BbAvAHH`); The Odds API
uses its own bookmaker keys. Market aggregates ("maximum", "average") are not bookmakers one can bet with.
"""

from __future__ import annotations

from plugins.hookspecs import Bookmaker, hookimpl

FOOTBALL_DATA = "football-data"
ODDS_API = "odds-api"


def _book(key: str, name: str, football_data: tuple[str, ...] = (), odds_api: tuple[str, ...] = (),
          *, exchange: bool = False, aggregate: bool = False) -> Bookmaker:  # fmt: skip
    codes = {
        source: found for source, found in ((FOOTBALL_DATA, football_data), (ODDS_API, odds_api)) if found
    }
    return Bookmaker(key, name, codes, exchange=exchange, aggregate=aggregate)


BOOKMAKERS: tuple[Bookmaker, ...] = (
    _book("pinnacle", "Pinnacle", ("PS", "P"), ("pinnacle",)),
    _book("bet365", "Bet365", ("B365",), ("bet365",)),
    _book("bwin", "Bwin", ("BW",)),
    _book("interwetten", "Interwetten", ("IW",)),
    _book("william-hill", "William Hill", ("WH",), ("williamhill",)),
    _book("vc-bet", "VC Bet", ("VC",)),
    _book("betvictor", "BetVictor", ("BV",), ("betvictor",)),
    _book("gamebookers", "Gamebookers", ("GB",)),
    _book("ladbrokes", "Ladbrokes", ("LB",), ("ladbrokes_uk", "ladbrokes_au")),
    _book("sportingbet", "Sportingbet", ("SB",)),
    _book("stan-james", "Stan James", ("SJ",)),
    _book("sporting-odds", "Sporting Odds", ("SO",)),
    _book("stanleybet", "Stanleybet", ("SY",)),
    _book("blue-square", "Blue Square", ("BS",)),
    _book("coral", "Coral", ("CL",), ("coral",)),
    _book("betfair", "Betfair Sportsbook", ("BF",), ("betfair_sb_uk",)),
    _book("betfred", "Betfred", ("BFD",), ("betfred_uk",)),
    _book("betmgm", "BetMGM", ("BMGM",), ("betmgm",)),
    _book("1xbet", "1xBet", ("1XB",), ("onexbet",)),
    _book("unibet", "Unibet", (), ("unibet_eu", "unibet_uk")),
    _book("paddy-power", "Paddy Power", (), ("paddypower",)),
    _book("sky-bet", "Sky Bet", (), ("skybet",)),
    _book("betway", "Betway", (), ("betway",)),
    _book("marathonbet", "Marathonbet", (), ("marathonbet",)),
    _book(
        "betfair-exchange", "Betfair Exchange", ("BFE",), ("betfair_ex_uk", "betfair_ex_eu"), exchange=True
    ),
    _book("matchbook", "Matchbook", (), ("matchbook",), exchange=True),
    _book("maximum", "Market maximum", ("Max", "BbMx"), aggregate=True),
    _book("average", "Market average", ("Avg", "BbAv"), aggregate=True),
)


@hookimpl
def stakewise_bookmakers() -> tuple[Bookmaker, ...]:
    return BOOKMAKERS
