"""Both engines on the real policy bundle: real OPA in-process, and the REST engine (opa-python-client)
against a test server that answers OPA's Data API with regorus, a second Rego implementation."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from adapters.policy.bundle import PolicyDirectory
from adapters.policy.embedded import EmbeddedOpa, OpaBindingsMissing
from adapters.policy.engine import RegoPolicyEngine
from adapters.policy.rest import RestOpa
from adapters.runtime import TokenSecrets
from application.errors import ServiceUnavailable
from tests.integration.policy_support import (
    BUNDLE,
    MALFORMED,
    copy_bundle,
    example_id,
    examples,
    expected_allow,
    load,
)
from tests.integration.rego_data_server import RegoDataServer
from tests.integration.servers import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def embedded() -> EmbeddedOpa:
    return EmbeddedOpa(BUNDLE)


@pytest.fixture(scope="module")
def rego_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RegoDataServer, str]]:
    archive = tmp_path_factory.mktemp("bundle") / "bundle.tar.gz"
    BUNDLE.export(str(archive))
    server = RegoDataServer(archive)
    with server.serving() as url:
        yield server, url


@pytest.fixture
def server(rego_server: tuple[RegoDataServer, str]) -> Iterator[RegoDataServer]:
    yield rego_server[0]
    rego_server[0].delay_seconds, rego_server[0].fail_status = 0.0, None


@pytest.fixture
def url(rego_server: tuple[RegoDataServer, str]) -> str:
    return rego_server[1]


@pytest.mark.parametrize("path", examples(), ids=example_id)
def test_each_example_is_decided_as_its_name_says(embedded: EmbeddedOpa, path: Path) -> None:
    result = embedded.evaluate_now(load(path))
    assert result["allow"] is expected_allow(path), result["reasons"]
    assert (result["reasons"] == []) is expected_allow(path)


def parity_inputs() -> list[tuple[str, Any]]:
    return [(example_id(path), load(path)) for path in examples()] + sorted(MALFORMED.items())


@pytest.mark.parametrize(("name", "document"), parity_inputs(), ids=[name for name, _ in parity_inputs()])
async def test_both_engines_return_the_same_decision(
    embedded: EmbeddedOpa, url: str, name: str, document: Any
) -> None:
    over_rest = await RestOpa(url).evaluate(document)
    assert embedded.evaluate_now(document) == over_rest
    assert over_rest["allow"] is (name.split("/")[-1].startswith("allowed-"))


async def test_the_rest_engine_names_the_bundle_the_server_loaded(url: str) -> None:
    assert await RestOpa(url).bundle_hash() == BUNDLE.describe().hash


async def test_both_engines_give_the_same_policy_decision(embedded: EmbeddedOpa, url: str) -> None:
    document = load(BUNDLE.root / "data/DE/denied-deposit-past-monthly-limit.json")
    local = await RegoPolicyEngine(embedded, TokenSecrets()).decide(document)
    remote = await RegoPolicyEngine(RestOpa(url), TokenSecrets()).decide(document)
    assert (local.allow, local.reasons, local.limits, local.bundle_hash) == (
        remote.allow, remote.reasons, remote.limits, remote.bundle_hash,
    )  # fmt: skip
    assert local.decision_id != remote.decision_id
    assert [reason.rule for reason in local.reasons] == ["limits.deposit_30d"]


async def test_a_server_error_fails_closed(url: str, server: RegoDataServer) -> None:
    server.fail_status = 500
    with pytest.raises(ServiceUnavailable, match="policy engine unavailable"):
        await RegoPolicyEngine(RestOpa(url), TokenSecrets()).decide(load(examples()[0]))


async def test_a_slow_server_fails_closed_at_the_timeout(url: str, server: RegoDataServer) -> None:
    server.delay_seconds = 1.0
    engine = RegoPolicyEngine(RestOpa(url, timeout_seconds=5), TokenSecrets(), timeout_seconds=0.2)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match="policy engine unavailable"):
        await engine.decide(load(examples()[0]))
    assert time.monotonic() - started < 0.9


async def test_an_unreachable_server_fails_closed() -> None:
    engine = RegoPolicyEngine(RestOpa(f"http://127.0.0.1:{free_port()}"), TokenSecrets())
    with pytest.raises(ServiceUnavailable):
        await engine.decide(load(examples()[0]))
    with pytest.raises(ServiceUnavailable):
        await engine.check()


def without_decision(tmp_path: Path) -> PolicyDirectory:
    root = copy_bundle(tmp_path)
    shutil.rmtree(root / "decision")
    return PolicyDirectory(root)


async def test_an_undefined_decision_fails_closed_in_process(tmp_path: Path) -> None:
    engine = RegoPolicyEngine(EmbeddedOpa(without_decision(tmp_path)), TokenSecrets())
    with pytest.raises(ServiceUnavailable, match="policy engine unavailable"):
        await engine.decide(load(examples()[0]))


async def test_an_undefined_decision_fails_closed_over_rest(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.tar.gz"
    without_decision(tmp_path).export(str(archive))
    with RegoDataServer(archive).serving() as url, pytest.raises(ServiceUnavailable):
        await RegoPolicyEngine(RestOpa(url), TokenSecrets()).decide(load(examples()[0]))


async def test_an_evaluation_error_fails_closed(embedded: EmbeddedOpa) -> None:
    document = load(BUNDLE.root / "data/GB/allowed-pre-match-single.json")
    document["customer"]["cool_off_until"] = "2025-02-30T00:00:00Z"  # the right shape, but no such day
    with pytest.raises(ServiceUnavailable, match="policy engine unavailable"):
        await RegoPolicyEngine(embedded, TokenSecrets()).decide(document)


class Garbage:
    async def evaluate(self, document: Any) -> Any:
        return {"allow": "maybe"}

    async def bundle_hash(self) -> str:
        return "h"


async def test_a_malformed_decision_fails_closed() -> None:
    with pytest.raises(ServiceUnavailable):
        await RegoPolicyEngine(Garbage(), TokenSecrets()).decide({})


async def test_the_embedded_engine_is_ready(embedded: EmbeddedOpa) -> None:
    await RegoPolicyEngine(embedded, TokenSecrets()).check()


def test_missing_opa_bindings_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opa_bindings", None)  # as if the package were not installed
    with pytest.raises(OpaBindingsMissing, match="pip install --no-deps --ignore-requires-python"):
        EmbeddedOpa(BUNDLE)
