"""`stakewise admin ...` (its handlers, in this process) on a real PostgreSQL: a key is shown once and
only its hash is stored; bad input exits 2 naming the problem."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, text

from adapters.cli.app import run
from adapters.persistence.engine import create_engine
from adapters.persistence.schema.access import api_keys
from bootstrap.container import Container


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


Admin = Callable[..., Ran]


@pytest.fixture
def admin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fresh_database_url: str
) -> Admin:
    """The command line on the composition root, in process (a process start would cost seconds each)."""
    monkeypatch.setenv("STAKEWISE_DATABASE_URL", fresh_database_url)

    def run_admin(*args: str) -> Ran:
        container = Container()
        try:
            code = run(["admin", *args], container)
        finally:
            container.shutdown_resources()
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run_admin


def _json(ran: Ran) -> Any:
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


async def _stored_keys(url: str) -> list[Any]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(select(api_keys))).all())
    finally:
        await engine.dispose()


def test_partner_key_and_bankroll_then_revocation(admin: Admin, fresh_database_url: str) -> None:
    partner = _json(admin("create-partner", "Acme", "--json"))
    key = _json(admin("create-key", "--role", "partner", "--partner", partner["id"], "--json"))
    bankroll = _json(admin("open-bankroll", "--partner", partner["id"], "--amount", "250.00", "--json"))
    assert key["key"].startswith(f"sw_{key['key_id']}_")
    assert key["role"] == "partner"
    assert bankroll["starting_balance"] == "250.00"
    assert bankroll["partner_id"] == partner["id"]
    [stored] = asyncio.run(_stored_keys(fresh_database_url))
    secret = key["key"].split("_", 2)[2]
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(tuple(stored))  # only the hash is kept
    assert _json(admin("revoke-key", key["key_id"], "--json"))["revoked"] is True
    again = admin("revoke-key", key["key_id"])
    assert again.returncode == 2
    assert "not found" in again.stderr


def test_bad_input_exits_2_naming_the_problem(admin: Admin) -> None:
    _json(admin("create-partner", "Acme", "--json"))
    duplicate = admin("create-partner", "Acme")
    assert duplicate.returncode == 2
    assert "exists" in duplicate.stderr
    no_partner = admin("create-key", "--role", "partner")
    assert no_partner.returncode == 2
    assert "--partner" in no_partner.stderr
    unknown = admin("open-bankroll", "--partner", "nobody", "--amount", "10")
    assert unknown.returncode == 2
    assert "partner 'nobody' not found" in unknown.stderr
    amount = admin("open-bankroll", "--partner", "nobody", "--amount", "ten")
    assert amount.returncode == 2
    assert "--amount" in amount.stderr
    assert "Traceback" not in duplicate.stderr + no_partner.stderr + unknown.stderr + amount.stderr


async def _audit(url: str) -> list[Any]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT kind, ref, payload FROM audit_log ORDER BY seq"))
            return list(rows.all())
    finally:
        await engine.dispose()


def test_list_keys_shows_roles_partners_expiry_and_revocation_never_secrets(
    admin: Admin, fresh_database_url: str
) -> None:
    partner = _json(admin("create-partner", "acme", "--json"))
    bound = _json(admin("create-key", "--role", "auditor", "--partner", partner["id"],
                        "--expires", "2099-01-01T00:00:00Z", "--json"))  # fmt: skip
    other = _json(admin("create-key", "--role", "quant", "--json"))
    assert admin("revoke-key", other["key_id"]).returncode == 0
    listed = _json(admin("list-keys", "--json"))["keys"]
    assert [(k["key_id"], k["role"], k["partner_id"]) for k in listed] == [
        (bound["key_id"], "auditor", partner["id"]),
        (other["key_id"], "quant", None),
    ]
    assert listed[0]["expires_at"].startswith("2099-01-01")
    assert listed[0]["revoked_at"] is None
    assert listed[1]["revoked_at"] is not None
    assert bound["key"][len("sw_") + 17 :] not in json.dumps(listed), "the secret is never listed"
    assert [k["key_id"] for k in _json(admin("list-keys", "--partner", partner["id"], "--json"))["keys"]] == [
        bound["key_id"]
    ]
    readable = admin("list-keys")
    assert readable.returncode == 0
    assert bound["key_id"] in readable.stdout
    chained = [(kind, ref) for kind, ref, _ in asyncio.run(_audit(fresh_database_url))]
    assert chained == [
        ("api_key.created", bound["key_id"]),
        ("api_key.created", other["key_id"]),
        ("api_key.revoked", other["key_id"]),
    ]


def test_a_bad_expiry_exits_2(admin: Admin) -> None:
    ran = admin("create-key", "--role", "quant", "--expires", "next tuesday")
    assert ran.returncode == 2
    assert "--expires" in ran.stderr
    ran = admin("create-key", "--role", "quant", "--expires", "2001-01-01T00:00:00Z")
    assert ran.returncode == 2
    assert "not in the future" in ran.stderr


def test_open_bankroll_sets_its_risk_rules(admin: Admin) -> None:
    partner = _json(admin("create-partner", "risky", "--json"))
    rules = ("--max-exposure-per-fixture", "50.00", "--max-drawdown", "0.25")
    bankroll = _json(
        admin("open-bankroll", "--partner", partner["id"], "--amount", "500.00", *rules, "--json")
    )
    assert bankroll["risk"]["max_exposure_per_fixture"] == "50.00"
    assert bankroll["risk"]["max_drawdown"] == "0.25"
    assert bankroll["risk"]["stop_loss"] is None
    bad = admin("open-bankroll", "--partner", partner["id"], "--amount", "500.00", "--max-drawdown", "2")
    assert bad.returncode == 2
    assert "drawdown" in bad.stderr
