"""The divisions football-data.co.uk publishes, by the code in its `Div` column."""

from __future__ import annotations

from application.pipeline.records import Competition

DIVISIONS: dict[str, tuple[str, str]] = {
    "E0": ("Premier League", "England"), "E1": ("Championship", "England"),
    "E2": ("League One", "England"), "E3": ("League Two", "England"), "EC": ("National League", "England"),
    "SC0": ("Premiership", "Scotland"), "SC1": ("Championship", "Scotland"),
    "SC2": ("League One", "Scotland"), "SC3": ("League Two", "Scotland"),
    "D1": ("Bundesliga", "Germany"), "D2": ("2. Bundesliga", "Germany"),
    "I1": ("Serie A", "Italy"), "I2": ("Serie B", "Italy"),
    "SP1": ("La Liga", "Spain"), "SP2": ("Segunda División", "Spain"),
    "F1": ("Ligue 1", "France"), "F2": ("Ligue 2", "France"),
    "N1": ("Eredivisie", "Netherlands"), "B1": ("First Division A", "Belgium"),
    "P1": ("Primeira Liga", "Portugal"), "T1": ("Süper Lig", "Turkey"), "G1": ("Super League", "Greece"),
}  # fmt: skip


def competition(code: str) -> Competition:
    if code not in DIVISIONS:
        return Competition(code=code, name=code)
    name, country = DIVISIONS[code]
    return Competition(code=code, name=name, country=country)
