"""`stakewise ingest` and `stakewise plugins list` on the in-memory unit of work."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from adapters.cli.app import run
from tests.fakes.container import memory_container
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.football_data_samples import csv_bytes
from tests.unit.pipeline.harness import FixedClock, host

if TYPE_CHECKING:
    from pathlib import Path

    from bootstrap.use_cases import UseCases
    from plugins.manager import PluginHost

HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A"
ROWS = ["E0,17/08/2024,Arsenal,Wolves,2,0,H,1.25,6.5,11", "E0,17/08/2024,Everton,Brighton,0,3,A,0,3.4,2.6"]


class Services:
    """The use cases and the plugin host the ingest and plugins commands use, over an in-memory store."""

    def __init__(self) -> None:
        self.store = InMemoryPipelineStore()
        self.plugins = host()
        self.container = memory_container(
            factories={"ingestion_unit_of_work": self.store.unit_of_work},
            source_catalogue=self.plugins.source_catalogue(FixedClock()),
        )

    def plugin_host(self) -> PluginHost:
        return self.plugins

    def use_cases(self) -> UseCases:
        return self.container.use_cases()


def stakewise(services: Services, *argv: str) -> int:
    return run(list(argv), services)  # type: ignore[arg-type]


@pytest.fixture
def league(tmp_path: Path) -> Path:
    path = tmp_path / "E0" / "2024-2025.csv"
    path.parent.mkdir()
    path.write_bytes(csv_bytes(HEADER, [*ROWS, ",,,,,,,,,"]))
    return path


def test_json_summary_is_one_document_with_the_counts(
    league: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services()
    assert stakewise(services, "ingest", "football-data", str(league), "--json") == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    expected = {"fixtures": 1, "odds_rows": 3, "quarantined": 1, "empty_rows": 1, "total_fixtures": 1}
    assert {key: document[key] for key in expected} == expected
    assert document["quarantined_by_reason"] == {"invalid_odds": 1}
    assert "ingest football-data" in captured.err  # the progress bar is on standard error


def test_a_second_run_reports_nothing_inserted_or_changed(
    league: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services()
    stakewise(services, "ingest", "football-data", str(league), "--json")
    capsys.readouterr()
    assert stakewise(services, "ingest", "football-data", str(league), "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["fixtures"], document["odds_rows"], document["total_fixtures"]) == (0, 0, 1)


def test_the_readable_summary_is_a_table(league: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stakewise(Services(), "ingest", "football-data", str(league)) == 0
    assert "rows quarantined" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["ingest", "football-data", "/nowhere/at/all.csv"], "no such file"),
        (["ingest", "football-data"], "PATH_OR_URL is required"),
        (["ingest", "nope", "x"], "unknown data source 'nope'"),
        (["ingest", "synthetic", "--seasons", "0"], "must be at least 1"),
        (["ingest", "synthetic", "some/path"], "takes no PATH_OR_URL"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_it(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stakewise(Services(), *argv, "--json") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert named in captured.err
    assert "Traceback" not in captured.err


def test_an_html_page_among_the_files_is_named_and_exits_2(
    league: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (league.parent / "2025-2026.csv").write_text("<!DOCTYPE html><html><body>Sorry</body></html>")
    services = Services()
    assert stakewise(services, "ingest", "football-data", str(league.parent), "--json") == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["fixtures"] == 1
    assert document["rejected_payloads"][0]["reason"].startswith("an HTML page")
    assert "2025-2026.csv: an HTML page" in captured.err


def test_synthetic_options_reach_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    services = Services()
    assert (
        stakewise(services, "ingest", "synthetic", "--seasons", "1", "--seed", "3", "--teams", "4", "--json")
        == 0
    )
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert document["fixtures"] == 12
    assert document["locator"] == "seasons=1,seed=3,teams=4"


def test_synthetic_league_placed_around_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    services = Services()
    arguments = ("ingest", "synthetic", "--seasons", "1", "--seed", "3", "--teams", "4", "--around")
    assert stakewise(services, *arguments, "2026-12-02", "--json") == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert document["locator"] == "seasons=1,seed=3,teams=4,around=2026-12-02"
    assert document["fixtures"] > 0
    assert stakewise(Services(), *arguments, "next-week") == 2
    assert "around='next-week'" in capsys.readouterr().err


def test_plugins_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert stakewise(Services(), "plugins", "list", "--json") == 0
    plugins = {plugin["name"]: plugin for plugin in json.loads(capsys.readouterr().out)["plugins"]}
    assert plugins["synthetic"]["data_sources"] == ["synthetic"]
    assert plugins["synthetic"]["origin"] == "built-in"
