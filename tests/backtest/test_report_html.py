"""The HTML report opens in headless Chromium (Debian's package, `make system-packages`): a non-blank page
showing the headline figures, drawn from nothing but the file itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageStat

from adapters.reports.backtest_html import backtest_html, write_backtest_html
from application.backtest.document import backtest_document
from application.backtest.engine import BacktestSettings, SeasonBacktest, Staking
from application.backtest.figures import figures
from application.use_cases.run_backtest import BacktestRequest
from tests.backtest_builders import priced_league

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.manager import PluginStrategyCatalogue

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def document(engine: SeasonBacktest, strategies: PluginStrategyCatalogue) -> dict[str, object]:
    league = priced_league(seasons=3)
    strategy = strategies.create("market-consensus")
    settings = BacktestSettings(staking=Staking.KELLY, bankroll=Decimal(500))
    runs = [engine.run(league, {}, season, strategy, {}, settings) for season in ("2016-2017", "2017-2018")]
    request = BacktestRequest(("SYN",), "2016-2017", "2017-2018", settings=settings)
    return backtest_document(
        None, datetime(2026, 12, 2, tzinfo=UTC), request, strategy.parameters, runs, figures(runs)
    )


def _chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is missing (make system-packages installs it)")
        pytest.skip("chromium is not installed (make system-packages installs it)")
    return CHROMIUM


def _run_chromium(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def test_the_report_is_one_self_contained_file(document: dict[str, object]) -> None:
    html = backtest_html(document)
    assert html.count("<svg") == 5
    external = r"<script|<link|@import|url\((?!#)|(?:src|href)=[\"'](?!#)"
    assert not re.search(external, html, re.IGNORECASE), "only references inside the page (#id) are allowed"
    assert "font-face" not in html


def test_chromium_renders_a_non_blank_page_with_the_headline_figures(
    document: dict[str, object], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    write_backtest_html(document, page)
    shot = tmp_path / "shot.png"
    _run_chromium(f"--screenshot={shot}", "--window-size=1200,1000", page.as_uri())
    with Image.open(shot) as image:
        assert image.size == (1200, 1000)
        spread = ImageStat.Stat(image.convert("L")).stddev[0]
    assert spread > 10, "the screenshot is blank"
    dom = _run_chromium("--dump-dom", page.as_uri()).stdout
    bets = re.search(r"id=\"bets\"><dt>Bets</dt><dd>(\d+)</dd>", dom)
    assert bets is not None
    assert int(bets.group(1)) == document["bets"]
    clv = re.search(r"id=\"clv-mean\"><dt>Mean CLV</dt><dd>([^<]+)</dd>", dom)
    assert clv is not None
    assert clv.group(1) == f"{100 * float(document['clv_mean']):+.2f} %"  # type: ignore[arg-type]
    assert dom.count("<svg") == 5
