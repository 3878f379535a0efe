"""The records auditors rely on cannot be rewritten quietly.

- In the database: the runtime role (what the API and the workers connect as) may not delete, update or
  truncate `audit_log`, `policy_decisions` or `ledger_entries`, nor switch their triggers off; even the
  owner is stopped by the append-only triggers until it disables them.
- Outside it: with the triggers disabled by the owner, deleting the tail, emptying the log or re-hashing
  the chain without the key makes `stakewise audit verify` exit 1 and name what is wrong.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from adapters.cli.app import run
from adapters.persistence.engine import create_engine
from bootstrap.container import Container
from bootstrap.database_url import runtime_database_url
from domain.audit import canonical_json, timestamp

EXAMPLES = Path(__file__).resolve().parents[2] / "policies" / "data"


@pytest.fixture
def database(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STAKEWISE_DATABASE_URL", fresh_database_url)
    monkeypatch.delenv("STAKEWISE_OPA_URL", raising=False)
    monkeypatch.delenv("STAKEWISE_AUDIT_KEY", raising=False)
    return fresh_database_url


def stakewise(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    container = Container()
    try:
        code = run(list(argv), container)
    finally:
        container.shutdown_resources()
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in argv else out


def decide(capsys: pytest.CaptureFixture[str], times: int) -> None:
    for _ in range(times):
        code, _ = stakewise(
            capsys, "policy", "eval", "--input", str(EXAMPLES / "GB" / "allowed-pre-match-single.json")
        )
        assert code == 0


def verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, report = stakewise(capsys, "audit", "verify", "--json")
    assert isinstance(report, dict)
    return code, report


def as_owner(database: str, *statements: str, triggers_off: str | None = None) -> list[Any]:
    """Run statements as the owner (the migrating superuser), optionally with a table's triggers off."""

    async def execute() -> list[Any]:
        engine = create_engine(database, pooled=False)
        try:
            async with engine.begin() as connection:
                if triggers_off:
                    await connection.execute(text(f"ALTER TABLE {triggers_off} DISABLE TRIGGER USER"))
                rows: list[Any] = []
                for statement in statements:
                    result = await connection.execute(text(statement))
                    rows = list(result.all()) if result.returns_rows else []
                if triggers_off:
                    await connection.execute(text(f"ALTER TABLE {triggers_off} ENABLE TRIGGER USER"))
                return rows
        finally:
            await engine.dispose()

    return asyncio.run(execute())


def refused(url: str, statement: str) -> str:
    async def execute() -> str:
        engine = create_engine(url, pooled=False)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement))
        except DBAPIError as error:
            return str(error.orig)
        finally:
            await engine.dispose()
        return ""

    return asyncio.run(execute())


def test_the_runtime_role_may_not_delete_update_truncate_or_disable_triggers(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    decide(capsys, 2)
    runtime = runtime_database_url(database)
    assert "stakewise_runtime" in runtime
    for statement in (
        "DELETE FROM audit_log",
        "UPDATE policy_decisions SET allow = true",
        "DELETE FROM ledger_entries",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TABLE audit_log",
        "CREATE TABLE shadow (x int)",
    ):
        assert refused(runtime, statement), f"the runtime role could run: {statement}"
    assert "append-only" in refused(database, "DELETE FROM audit_log"), "even the owner meets the trigger"
    assert "append-only" in refused(database, "UPDATE policy_decisions SET allow = true")
    assert "append-only" in refused(database, "TRUNCATE ledger_entries")
    assert as_owner(database, "SELECT count(*) FROM audit_log") == [(2,)]


def test_the_key_is_a_0600_file_under_var_unless_configured(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    decide(capsys, 1)
    key = Path(os.environ["STAKEWISE_VAR_DIR"]) / "audit" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) == 64
    head = json.loads((key.parent / "head.json").read_text())
    [(seq, digest)] = as_owner(database, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert (head["seq"], head["hash"]) == (seq, digest)


def test_deleting_the_tail_is_named(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    decide(capsys, 5)
    assert verify(capsys)[0] == 0
    as_owner(
        database,
        "DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 3)",
        triggers_off="audit_log",
    )
    code, report = verify(capsys)
    assert code == 1, "what is left is a consistent chain"
    assert report["first_altered"] is None, "what is left is a consistent chain"
    assert "tail was deleted" in report["checkpoint_problem"]
    assert "up to seq 5" in report["checkpoint_problem"]
    assert [d["problem"] for d in report["altered_decisions"]] == []
    assert len([p for p in report["problems"] if "has no audit entry" in p]) == 3
    code, readable = stakewise(capsys, "audit", "verify")
    assert code == 1
    assert "tail was deleted" in readable


def test_emptying_the_log_is_named(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    decide(capsys, 2)
    as_owner(database, "DELETE FROM audit_log", triggers_off="audit_log")
    code, report = verify(capsys)
    assert code == 1
    assert "the log is empty" in report["checkpoint_problem"]


@pytest.mark.parametrize("key", [None, b"a guessed key"])
def test_a_chain_rehashed_from_an_edited_entry_without_the_key_is_named(
    database: str, capsys: pytest.CaptureFixture[str], key: bytes | None
) -> None:
    decide(capsys, 4)
    rows = as_owner(
        database, "SELECT seq, created_at, kind, ref, payload, prev_hash FROM audit_log ORDER BY seq"
    )
    previous = rows[1][5]
    updates = []
    for seq, created_at, kind, ref, payload, _ in rows[1:]:
        if seq == rows[1][0]:
            payload = {**payload, "allow": False}  # the edit
        body = canonical_json(
            {"created_at": timestamp(created_at), "kind": kind, "ref": ref, "payload": payload}
        )
        message = f"{previous or ''}|{body}".encode()
        digest = (
            hmac.new(key, message, hashlib.sha256).hexdigest() if key else hashlib.sha256(message).hexdigest()
        )
        updates.append(
            f"UPDATE audit_log SET payload = '{json.dumps(payload)}'::jsonb, prev_hash = '{previous}', "
            f"hash = '{digest}' WHERE seq = {seq}"
        )
        previous = digest
    as_owner(database, *updates, triggers_off="audit_log")
    code, report = verify(capsys)
    assert code == 1
    assert report["first_altered"]["seq"] == rows[1][0]
    assert "does not match its hash" in report["first_altered"]["problem"]
    assert "chain was rewritten" in report["checkpoint_problem"]


def test_ledger_postings_and_balances_are_held_against_each_other(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, partner = stakewise(capsys, "admin", "create-partner", "p1", "--json")
    code, bankroll = stakewise(
        capsys, "admin", "open-bankroll", "--partner", partner["id"], "--amount", "100.00", "--json"
    )
    assert code == 0
    assert verify(capsys)[0] == 0
    as_owner(
        database,
        "INSERT INTO ledger_entries (id, bankroll_id, reference, description, account, amount, posted_at) "
        f"VALUES ('forged', '{bankroll['id']}', 'gift', 'a gift', 'available', 50, now())",
    )
    code, report = verify(capsys)
    assert code == 1
    problems = " | ".join(report["problems"])
    assert "posting gift (a gift): its entries sum to 50" in problems
    assert f"bankroll {bankroll['id']}: stored available 100.00" in problems
