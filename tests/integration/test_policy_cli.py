"""`stakewise policy eval|test|bundle|replay` and `stakewise audit verify`: real OPA, real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from adapters.cli.app import run
from adapters.persistence.engine import create_engine
from bootstrap.container import Container
from tests.integration.policy_support import BUNDLE


@pytest.fixture
def database(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STAKEWISE_DATABASE_URL", fresh_database_url)
    monkeypatch.delenv("STAKEWISE_OPA_URL", raising=False)
    return fresh_database_url


def stakewise(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    container = Container()
    try:
        code = run(list(argv), container)
    finally:
        container.shutdown_resources()
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if "--json" in argv else captured.out, captured.err


def example(name: str) -> str:
    return str(BUNDLE.root / "data" / name)


def sql(database: str, statement: str) -> None:
    async def execute() -> None:
        engine = create_engine(database)
        try:
            table = statement.split()[1]  # as the owner, with the append-only triggers off
            async with engine.begin() as connection:
                await connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
                await connection.execute(text(statement))
                await connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        finally:
            await engine.dispose()

    asyncio.run(execute())


def test_a_deny_is_a_decision_stored_and_replayed(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, decision, _ = stakewise(
        capsys, "policy", "eval", "--input", example("DE/denied-deposit-past-monthly-limit.json"), "--json"
    )
    assert code == 0
    assert decision["allow"] is False
    assert [(r["rule"], r["figure"]) for r in decision["reasons"]] == [
        ("limits.deposit_30d", "deposit_limit_30d = 1000.00 EUR")
    ]
    assert decision["limits"]["remaining_deposit_allowance"] == "50"
    assert decision["bundle_hash"] == BUNDLE.describe().hash

    code, replay, _ = stakewise(capsys, "policy", "replay", decision["decision_id"], "--json")
    assert code == 0
    assert replay["same_answer"]
    assert replay["same_bundle"]
    assert replay["differences"] == []
    assert replay["recorded"]["reasons"] == decision["reasons"]


def test_an_allow_exits_0_with_the_limits(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, decision, _ = stakewise(
        capsys, "policy", "eval", "--input", example("CA-ON/allowed-19-year-old.json"), "--json"
    )
    assert code == 0
    assert decision["allow"] is True
    assert decision["reasons"] == []
    assert decision["limits"]["max_stake_per_ticket"] == "5000"


def test_a_malformed_input_names_the_field_and_is_a_recorded_deny(
    database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = json.loads(Path(example("GB/allowed-pre-match-single.json")).read_text())
    del document["customer"]["age"]
    document["customer"]["jurisdiction"] = "FR"
    document["tickets"][0]["legs"][0]["odds"] = "2.1"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    code, decision, err = stakewise(capsys, "policy", "eval", "--input", str(bad), "--json")
    assert code == 2
    assert decision["allow"] is False
    for field in ("customer.age", "customer.jurisdiction", "tickets[0].legs[0].odds"):
        assert field in err
    assert {r["rule"] for r in decision["reasons"]} == {"input.invalid"}
    code, replay, _ = stakewise(capsys, "policy", "replay", decision["decision_id"], "--json")
    assert code == 0
    assert replay["recorded"]["allow"] is False


@pytest.mark.parametrize(("content", "named"), [("{oops", "not JSON"), ("[1, 2]", "JSON object")])
def test_a_file_that_is_no_json_object_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, named: str
) -> None:
    path = tmp_path / "input.json"
    path.write_text(content)
    code, _, err = stakewise(capsys, "policy", "eval", "--input", str(path))
    assert code == 2
    assert named in err
    assert str(path) in err


def test_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = stakewise(capsys, "policy", "eval", "--input", "/no/such/file.json")
    assert code == 2
    assert "/no/such/file.json" in err


def test_an_unreachable_opa_server_fails_closed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    from tests.integration.servers import free_port

    monkeypatch.setenv("STAKEWISE_OPA_URL", f"http://127.0.0.1:{free_port()}")
    code, decision, err = stakewise(
        capsys, "policy", "eval", "--input", example("GB/allowed-pre-match-single.json"), "--json"
    )
    assert code == 1
    assert decision["allow"] is False
    assert decision["decision_id"] is None
    assert "policy engine unavailable" in err
    code, verification, _ = stakewise(capsys, "audit", "verify", "--json")
    assert verification["entries"] == 0  # nothing was decided, so nothing was recorded


def test_audit_verify_names_the_first_altered_row(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    for name in (
        "GB/allowed-pre-match-single.json",
        "DE/denied-under-18.json",
        "AU/denied-online-in-play.json",
    ):
        assert stakewise(capsys, "policy", "eval", "--input", example(name))[0] == 0
    code, verification, _ = stakewise(capsys, "audit", "verify", "--json")
    assert code == 0
    assert verification["intact"]
    assert verification["entries"] == 3

    sql(database, "UPDATE audit_log SET payload = jsonb_set(payload, '{allow}', 'true') "
                  "WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")  # fmt: skip
    code, verification, _ = stakewise(capsys, "audit", "verify", "--json")
    assert code == 1
    assert not verification["intact"]
    altered = verification["first_altered"]
    assert altered["seq"] == 2
    assert "altered" in altered["problem"]
    code, readable, _ = stakewise(capsys, "audit", "verify")
    assert code == 1
    assert "first altered entry: seq 2" in readable


def test_audit_verify_names_a_decision_whose_row_was_changed(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, decision, _ = stakewise(
        capsys, "policy", "eval", "--input", example("DE/denied-under-18.json"), "--json"
    )
    sql(database, f"UPDATE policy_decisions SET allow = true WHERE id = '{decision['decision_id']}'")
    code, verification, _ = stakewise(capsys, "audit", "verify", "--json")
    assert code == 1
    assert verification["first_altered"] is None
    assert [d["decision_id"] for d in verification["altered_decisions"]] == [decision["decision_id"]]


def test_policy_test_reports_counts_and_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = stakewise(capsys, "policy", "test", "--json")
    assert code == 0
    assert report["failed"] == 0
    assert report["passed"] == len(report["tests"]) >= 70
    assert report["coverage"] >= 95
    assert {f["path"] for f in report["files"]} >= {"limits/limits.rego", "decision/decision.rego"}
    code, readable, _ = stakewise(capsys, "policy", "test")
    assert "PASS stakewise.limits_test." in readable
    assert "coverage" in readable


def test_policy_bundle_lists_the_files_and_writes_an_opa_bundle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    archive = tmp_path / "bundle.tar.gz"
    code, bundle, _ = stakewise(capsys, "policy", "bundle", "--output", str(archive), "--json")
    assert code == 0
    paths = [file["path"] for file in bundle["files"]]
    assert "data/DE.json" in paths
    assert "limits/limits.rego" in paths
    assert not any(path.endswith("_test.rego") for path in paths)
    assert sorted(bundle["jurisdictions"]) == ["AU", "CA-ON", "DE", "ES", "GB", "IT", "NL", "SE", "US-NJ"]
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile(".manifest").read())  # type: ignore[union-attr]
    assert manifest["revision"] == bundle["hash"]
    assert "jurisdictions/CA-ON/data.json" in names
    assert "decision/decision.rego" in names


def test_replaying_an_unknown_decision_is_not_found(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = stakewise(capsys, "policy", "replay", "no-such-decision")
    assert code == 2
    assert "no-such-decision" in err
