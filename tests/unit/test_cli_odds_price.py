from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from adapters.cli.app import run
from bootstrap.container import Container
from tests.unit.poisson_reference import probability_that, scores

STAKEWISE = Path(sys.executable).with_name("stakewise")
SETTLEMENTS = {"win", "half_win", "push", "half_loss", "loss"}


def price_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert run(["odds", "price", *args, "--json"], Container()) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def quarter_labels(first_quarter: int, last_quarter: int) -> list[str]:
    return [format(quarters / 4, "g") for quarters in range(first_quarter, last_quarter + 1)]


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    document = price_json(capsys, "--home-xg", "1.6", "--away-xg", "1.1")
    assert set(document) >= {"1x2", "double_chance", "draw_no_bet", "btts", "correct_score", "totals"}
    assert set(document["1x2"]) == {"home", "draw", "away"}
    assert set(document["double_chance"]) == {"home_draw", "home_away", "draw_away"}
    assert set(document["draw_no_bet"]) == {"home", "away"}
    assert set(document["btts"]) == {"yes", "no"}
    assert list(document["totals"]) == quarter_labels(2, 26)
    assert list(document["asian_handicap"]) == quarter_labels(-12, 12)
    assert "0" in document["asian_handicap"]
    assert "-0.25" in document["asian_handicap"]
    assert all(set(line) == SETTLEMENTS for line in document["totals"].values())
    assert all(set(line) == SETTLEMENTS for line in document["asian_handicap"].values())
    assert len(document["correct_score"]) == 37
    assert "5-5" in document["correct_score"]


def test_every_market_in_the_json_sums_to_one(capsys: pytest.CaptureFixture[str]) -> None:
    document = price_json(capsys, "--home-xg", "2.3", "--away-xg", "0.8", "--rho", "-0.1")
    markets = [document[name] for name in ("1x2", "draw_no_bet", "btts", "correct_score")]
    markets += [*document["totals"].values(), *document["asian_handicap"].values()]
    assert max(abs(math.fsum(market.values()) - 1) for market in markets) < 1e-9
    assert math.fsum(document["double_chance"].values()) == pytest.approx(2.0, abs=1e-9)


def test_rho_defaults_to_zero_and_matches_poisson(capsys: pytest.CaptureFixture[str]) -> None:
    default = price_json(capsys, "--home-xg", "1.35", "--away-xg", "1.05")
    explicit = price_json(capsys, "--home-xg", "1.35", "--away-xg", "1.05", "--rho", "0")
    assert default == explicit
    table = scores(1.35, 1.05)
    assert default["1x2"]["away"] == pytest.approx(probability_that(table, lambda h, a: a > h), abs=1e-9)
    assert default["totals"]["2.5"]["win"] == pytest.approx(
        probability_that(table, lambda h, a: h + a > 2), abs=1e-9
    )


def test_rho_moves_probability_into_the_draw(capsys: pytest.CaptureFixture[str]) -> None:
    poisson = price_json(capsys, "--home-xg", "1.35", "--away-xg", "1.05")
    adjusted = price_json(capsys, "--home-xg", "1.35", "--away-xg", "1.05", "--rho", "-0.1")
    assert adjusted["1x2"]["draw"] > poisson["1x2"]["draw"]


def test_human_output_shows_every_market(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["odds", "price", "--home-xg", "1.65", "--away-xg", "1.10", "--rho", "-0.05"], Container()) == 0
    )
    out = capsys.readouterr().out
    for heading in (
        "1x2",
        "double_chance",
        "draw_no_bet",
        "btts",
        "Totals",
        "Asian handicap",
        "Correct score",
    ):
        assert heading in out
    assert "-0.25" in out
    assert "6.5" in out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--home-xg", "-1", "--away-xg", "1"], "home_xg '-1'"),
        (["--home-xg", "abc", "--away-xg", "1"], "home_xg 'abc'"),
        (["--home-xg", "1", "--away-xg", "nan"], "away_xg 'nan'"),
        (["--home-xg", "1", "--away-xg", "0"], "away_xg '0'"),
        (["--home-xg", "1", "--away-xg", "25"], "away_xg '25'"),
        (["--home-xg", "1", "--away-xg", "1", "--rho", "5"], "rho '5'"),
        (["--home-xg", "2", "--away-xg", "2", "--rho", "0.3"], "rho '0.3'"),
        (["--home-xg", "1", "--away-xg", "1", "--rho", "x"], "rho 'x'"),
        (["--home-xg", "1"], "--away-xg"),
    ],
)
def test_invalid_input_exits_2_with_a_short_message_naming_it(
    args: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["odds", "price", *args], Container()) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert named in captured.err
    assert 1 <= len(captured.err.strip().splitlines()) <= 3
    assert "Traceback" not in captured.err


def test_the_installed_console_script_prices_and_refuses_cleanly() -> None:
    done = subprocess.run(
        [str(STAKEWISE), "odds", "price", "--home-xg", "1.6", "--away-xg", "1.1", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["asian_handicap"]["0"]["push"] > 0
    refused = subprocess.run(
        [str(STAKEWISE), "odds", "price", "--home-xg", "-1", "--away-xg", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "Traceback" not in refused.stderr
    assert "home_xg '-1'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) <= 3
