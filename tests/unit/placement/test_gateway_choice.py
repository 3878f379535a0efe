"""Which adapter places for a bookmaker: paper unless STAKEWISE_BOOKMAKER_ADAPTERS names another."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.builtin.betfair_replay.exchange import ExchangeSettingError, ReplayExchange
from plugins.builtin.paper.bookmaker import PaperBookmaker
from plugins.gateways import AdapterChoiceError, parse_adapter_choice
from plugins.manager import BUILTIN_PLUGINS, PluginHost
from tests.fakes.access import SteppingClock
from tests.fakes.bookmaking import PaperBookmaking

RECORDED = Path(__file__).resolve().parents[2] / "data" / "betfair" / "arsenal-chelsea-2024-04-20.jsonl"
ROOT = Path(__file__).resolve().parents[3]


def host() -> PluginHost:
    return PluginHost(entry_point_group=None, builtins=BUILTIN_PLUGINS)


def test_every_bookmaker_is_on_paper_unless_named() -> None:
    settings = {"STAKEWISE_BOOKMAKER_ADAPTERS": "betfair-exchange=betfair-replay",
                "STAKEWISE_BETFAIR_STREAM": str(RECORDED)}  # fmt: skip
    gateways = host().gateways(PaperBookmaking(settings=settings).context(SteppingClock()))

    assert isinstance(gateways.gateway("pinnacle"), PaperBookmaker)
    assert isinstance(gateways.gateway("betfair-exchange"), ReplayExchange)
    assert gateways.adapter_of("bet365") == "paper"


@pytest.mark.parametrize(
    ("choice", "named"),
    [
        ("pinnacle=pinnacle-api", "unknown bookmaker adapter 'pinnacle-api'"),
        ("pinnacle=betfair-replay", "places with betfair-exchange, not 'pinnacle'"),
        ("pinnacle", "'pinnacle' is not bookmaker=adapter"),
    ],
)
def test_a_wrong_choice_is_refused_naming_it(choice: str, named: str) -> None:
    context = PaperBookmaking(settings={"STAKEWISE_BOOKMAKER_ADAPTERS": choice}).context(SteppingClock())
    with pytest.raises(AdapterChoiceError, match=named):
        host().gateways(context)


def test_parse_adapter_choice_reads_pairs() -> None:
    assert parse_adapter_choice(" a=b , c=d,") == {"a": "b", "c": "d"}


def test_stakewise_plugins_json_lists_the_adapters_and_notifiers() -> None:
    run = subprocess.run([sys.executable, "-m", "bootstrap.cli", "plugins", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip

    assert run.returncode == 0, run.stderr
    plugins = {p["name"]: p for p in json.loads(run.stdout)["plugins"]}
    assert plugins["paper"]["bookmaker_adapters"] == ["paper"]
    assert plugins["betfair-replay"]["bookmaker_adapters"] == ["betfair-replay"]
    assert plugins["betfair-replay"]["data_sources"] == ["betfair-stream"]
    assert plugins["notifiers"]["notifiers"] == ["log", "webhook"]


def test_the_exchange_replay_without_its_stream_names_the_setting() -> None:
    settings = {"STAKEWISE_BOOKMAKER_ADAPTERS": "betfair-exchange=betfair-replay"}
    gateways = host().gateways(PaperBookmaking(settings=settings).context(SteppingClock()))
    with pytest.raises(ExchangeSettingError, match="STAKEWISE_BETFAIR_STREAM"):
        gateways.gateway("betfair-exchange")
