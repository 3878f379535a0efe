"""`stakewise optimize --jurisdiction`: the limits come from the real policy engine (embedded OPA)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from adapters.cli.app import run
from bootstrap.container import Container
from tests.portfolio_builders import priced_market

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def embedded_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAKEWISE_OPA_URL", raising=False)


def write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return str(path)


def candidates(tmp_path: Path) -> str:
    rows = [
        {
            "fixture": s.fixture,
            "competition": s.competition,
            "market": s.market,
            "selection": s.selection,
            "bookmaker": s.bookmaker,
            "odds": str(s.odds),
            "probability": s.probability,
        }
        for s in priced_market(6, seed=21, markets=("match_result", "player_cards"))
    ]
    return write(tmp_path, "candidates.json", rows)


def optimize(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = run(["optimize", *argv, "--scenarios", "120", "--json"], Container())
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else None, captured.err


def test_a_market_the_jurisdiction_bans_is_never_staked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = optimize(
        capsys, "--candidates", candidates(tmp_path), "--bankroll", "1000", "--jurisdiction", "SE"
    )
    assert code == 0
    assert out["tickets"]
    assert out["policy"]["allow"] is True
    assert out["policy"]["bundle_hash"]
    assert out["candidates"]["banned"] == out["candidates"]["rows"] // 2
    assert {leg["market"] for t in out["tickets"] for leg in t["legs"]} == {"match_result"}


def test_the_customer_remaining_loss_allowance_caps_the_total_stake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    windows = {"24h": 0, "7d": 0, "30d": 0}
    customer = {
        "id": "c-1",
        "age": 40,
        "jurisdiction": "SE",
        "self_excluded": False,
        "identity_verified": True,
        "cool_off_until": None,
        "deposits": windows,
        "losses": {**windows, "30d": 19992.5},
        "stakes": windows,
    }
    code, out, _ = optimize(
        capsys,
        "--candidates",
        candidates(tmp_path),
        "--bankroll",
        "1000",
        "--jurisdiction",
        "SE",
        "--customer",
        write(tmp_path, "customer.json", customer),
    )
    assert code == 0
    assert out["tickets"]
    assert out["limits"]["total"] == 7.5
    assert sum(t["stake"] for t in out["tickets"]) <= 7.5


def test_an_unknown_jurisdiction_exits_2_with_the_policy_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = optimize(
        capsys, "--candidates", candidates(tmp_path), "--bankroll", "1000", "--jurisdiction", "XX"
    )
    assert code == 2
    assert out is None
    assert "not a known jurisdiction" in err
