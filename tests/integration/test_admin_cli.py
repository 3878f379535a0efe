"""`stakewise admin ...` on a real PostgreSQL: keys shown once and stored as hashes, errors exit 2."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.access import api_keys

STAKEWISE = Path(sys.executable).with_name("stakewise")


def _admin(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STAKEWISE_DATABASE_URL": url}
    return subprocess.run(
        [str(STAKEWISE), "admin", *args], capture_output=True, text=True, env=env, check=False
    )


def _json(run: subprocess.CompletedProcess[str]) -> Any:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


async def _stored_keys(url: str) -> list[Any]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(select(api_keys))).all())
    finally:
        await engine.dispose()


def test_partner_key_and_bankroll_then_revocation(fresh_database_url: str) -> None:
    url = fresh_database_url
    partner = _json(_admin(url, "create-partner", "Acme", "--json"))
    key = _json(_admin(url, "create-key", "--role", "partner", "--partner", partner["id"], "--json"))
    bankroll = _json(_admin(url, "open-bankroll", "--partner", partner["id"], "--amount", "250.00", "--json"))
    assert key["key"].startswith(f"sw_{key['key_id']}_") and key["role"] == "partner"
    assert bankroll["starting_balance"] == "250.00" and bankroll["partner_id"] == partner["id"]
    [stored] = asyncio.run(_stored_keys(url))
    secret = key["key"].split("_", 2)[2]
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(tuple(stored))  # only the hash is kept
    assert _json(_admin(url, "revoke-key", key["key_id"], "--json"))["revoked"] is True
    again = _admin(url, "revoke-key", key["key_id"])
    assert again.returncode == 2 and "not found" in again.stderr


def test_bad_input_exits_2_naming_the_problem(fresh_database_url: str) -> None:
    url = fresh_database_url
    _json(_admin(url, "create-partner", "Acme", "--json"))
    duplicate = _admin(url, "create-partner", "Acme")
    assert duplicate.returncode == 2 and "exists" in duplicate.stderr
    no_partner = _admin(url, "create-key", "--role", "partner")
    assert no_partner.returncode == 2 and "--partner" in no_partner.stderr
    unknown = _admin(url, "open-bankroll", "--partner", "nobody", "--amount", "10")
    assert unknown.returncode == 2 and "partner 'nobody' not found" in unknown.stderr
    amount = _admin(url, "open-bankroll", "--partner", "nobody", "--amount", "ten")
    assert amount.returncode == 2 and "--amount" in amount.stderr
    assert "Traceback" not in duplicate.stderr + no_partner.stderr + unknown.stderr + amount.stderr
