"""The model commands on the real command line and container, with in-memory data and registry."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from dependency_injector import providers

from adapters.cli.app import run
from adapters.memory.feature_store import InMemoryFeatureStore
from application.use_cases.evaluate_models import EvaluateModels
from application.use_cases.predict_fixtures import PredictFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.train_model import TrainModel
from bootstrap.container import Container
from tests.fakes.container import memory_container, use_case
from tests.fakes.modelling import InMemoryMatchHistory, InMemoryModelRegistry
from tests.modelling.catalogue import BuiltinCatalogue
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from application.ports.progress import Progress

LEAGUE = synthetic_league(seasons=3, teams=10, seed=3)


class FixedClock:
    def now(self) -> datetime:
        return datetime(2018, 7, 1, tzinfo=UTC)


class InMemoryModelServices:
    def __init__(self) -> None:
        self.history = InMemoryMatchHistory(LEAGUE)
        self.features = InMemoryFeatureStore()
        self.registry = InMemoryModelRegistry()
        self.catalogue = BuiltinCatalogue()
        self.data_asked: list[str | None] = []
        self.container = memory_container(
            match_history=self.history, feature_store=self.features, model_registry=self.registry,
            model_catalogue=self.catalogue, clock=FixedClock(),
        )  # fmt: skip

    def evaluate_models(self, data: str | None, progress: Progress) -> EvaluateModels:
        self.data_asked.append(data)
        return use_case(self.container, EvaluateModels, progress=progress)

    def train_model(self, data: str | None, progress: Progress) -> TrainModel:
        return use_case(self.container, TrainModel, progress=progress)

    def promote_challenger(self, data: str | None, progress: Progress) -> PromoteChallenger:
        return use_case(self.container, PromoteChallenger, progress=progress)

    def predict_fixtures(self, data: str | None) -> PredictFixtures:
        return use_case(self.container, PredictFixtures)

    def model_registry(self) -> InMemoryModelRegistry:
        return self.registry

    def model_names(self) -> list[str]:
        return self.catalogue.names()


@pytest.fixture
def services() -> InMemoryModelServices:
    return InMemoryModelServices()


@pytest.fixture
def container(services: InMemoryModelServices) -> Iterator[Container]:
    container = Container()
    container.model_services.override(providers.Object(services))
    yield container
    container.model_services.reset_override()


def _json(capsys: pytest.CaptureFixture[str], args: list[str], container: Container) -> Any:
    assert run(args, container) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_evaluate_json_rows_share_the_same_matches(
    capsys: pytest.CaptureFixture[str], container: Container, services: InMemoryModelServices
) -> None:
    args = ["evaluate", "--league", "SYN", "--seasons", "2017-2018:2017-2018", "--model", "dixon-coles"]
    document = _json(capsys, [*args, "--data", "somewhere", "--json"], container)
    rows = {row["model"]: row for row in document["rows"]}
    assert set(rows) == {"dixon-coles", "market_early", "market_closing"}
    for row in rows.values():
        assert set(row) >= {"model", "n_matches", "rps", "log_loss", "brier", "accuracy"}
        assert row["n_matches"] == document["n_matches"] == 90
    assert rows["dixon-coles"]["rps_vs_market_early"] == pytest.approx(
        rows["dixon-coles"]["rps"] - rows["market_early"]["rps"]
    )
    assert document["warmup_seasons"] == ["2015-2016", "2016-2017"]
    assert services.data_asked == ["somewhere"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--seasons", "2017:2018", "--model", "dixon-coles"], "'2017'"),
        (["--seasons", "2030-2031:2031-2032", "--model", "dixon-coles"], "no season"),
        (["--seasons", "2017-2018:2017-2018", "--model", "poisson-ish"], "poisson-ish"),
        (["--seasons", "2017-2018:2017-2018", "--model", "dixon-coles", "--param", "zeta=1"], "'zeta'"),
        (["--seasons", "2017-2018:2017-2018", "--model", "dixon-coles", "--param", "nope"], "KEY=VALUE"),
    ],
)
def test_bad_input_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], container: Container, args: list[str], named: str
) -> None:
    assert run(["evaluate", "--league", "SYN", *args, "--json"], container) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert named in captured.err
    assert "Traceback" not in captured.err


def test_train_is_deterministic_then_promote_and_predict(
    capsys: pytest.CaptureFixture[str], container: Container, tmp_path: Path
) -> None:
    train = ["train", "--league", "SYN", "--model", "dixon-coles", "--seed", "4", "--json"]
    first, second = _json(capsys, train, container), _json(capsys, train, container)
    assert (first["version"], second["version"]) == (1, 2)
    assert first["stage"] == "challenger"
    assert first["artefact_sha256"] == second["artefact_sha256"]
    assert first["metrics"]["training_matches"] == 270
    assert first["training_data_versions"] == ["in-memory"]

    evaluate = ["evaluate", "--league", "SYN", "--seasons", "2017-2018:2017-2018", "--model", "dixon-coles"]
    promotion = _json(capsys, [*evaluate, "--promote", "--promote-seasons", "1", "--json"], container)[
        "promotion"
    ]
    assert promotion["promoted"] is True
    assert promotion["challenger_version"] == 2
    assert promotion["reason"] == "no champion yet"
    assert promotion["n_matches"] == 90

    fixtures = tmp_path / "fixtures.csv"
    fixtures.write_text(
        "home,away,kickoff,odds_home,odds_draw,odds_away\n"
        "Team A,Team B,2018-08-11T14:00,2.1,3.4,3.6\n"
        "Team C,Nowhere Rovers,2018-08-11,,,\n"
    )
    predict = ["predict", "--league", "SYN", "--model", "dixon-coles", "--fixtures", str(fixtures), "--json"]
    document = _json(capsys, predict, container)
    assert document["model"]["version"] == 2
    assert document["model"]["stage"] == "champion"
    known, stranger = document["predictions"]
    for prediction in (known, stranger):
        assert sum(prediction["1x2"].values()) == pytest.approx(1.0)
        assert prediction["total_2_5"]["over"] + prediction["total_2_5"]["under"] == pytest.approx(1.0)
    assert known["fallback"] is None
    assert "Nowhere Rovers" in stranger["fallback"]

    listing = _json(
        capsys, ["models", "list", "--league", "SYN", "--model", "dixon-coles", "--json"], container
    )
    assert [v["stage"] for v in listing["versions"]] == ["challenger", "champion"]
    assert [d["promoted"] for d in listing["decisions"]] == [True]


def test_predict_without_a_trained_model_exits_2(
    capsys: pytest.CaptureFixture[str], container: Container, tmp_path: Path
) -> None:
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text(json.dumps([{"home": "Team A", "away": "Team B", "kickoff": "2018-08-11"}]))
    assert (
        run(["predict", "--league", "SYN", "--model", "dixon-coles", "--fixtures", str(fixtures)], container)
        == 2
    )
    assert "train one" in capsys.readouterr().err


def test_a_missing_data_path_exits_2_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    args = ["evaluate", "--league", "E0", "--seasons", "2020-2021:2020-2021", "--model", "market"]
    assert run([*args, "--data", str(missing)], Container()) == 2
    assert str(missing) in capsys.readouterr().err
