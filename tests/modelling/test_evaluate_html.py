"""`stakewise evaluate --html FILE`: the score table, RPS by season and a calibration diagram per model,
in one self-contained page."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from dependency_injector import providers

from adapters.cli.app import run
from bootstrap.container import Container
from tests.modelling.test_cli_models import InMemoryModelServices

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def container() -> Iterator[Container]:
    container = Container()
    container.model_services.override(providers.Object(InMemoryModelServices()))
    yield container
    container.model_services.reset_override()


def test_evaluate_writes_calibration_and_rps_by_season(
    capsys: pytest.CaptureFixture[str], container: Container, tmp_path: Path
) -> None:
    page = tmp_path / "evaluation.html"
    args = ["evaluate", "--league", "SYN", "--seasons", "2016-2017:2017-2018", "--model", "dixon-coles",
            "--warmup-seasons", "1", "--json", "--html", str(page)]  # fmt: skip
    assert run(args, container) == 0, capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 1 + len(document["rows"])  # RPS by season, then one diagram per row
    for row in document["rows"]:
        assert f"<td>{row['model']}</td>" in html
        assert f"<td>{row['rps']:.4f}</td>" in html
    assert not re.search(r"<script|<link|@import|url\((?!#)|(?:src|href)=[\"'](?!#)", html, re.IGNORECASE)
