import json
import math
from pathlib import Path
from typing import Any

import pytest

from adapters.cli.app import run
from bootstrap.container import Container
from tests.portfolio_builders import priced_market


def candidates_file(tmp_path: Path, rows: Any, name: str = "candidates.json") -> str:
    path = tmp_path / name
    path.write_text(rows if isinstance(rows, str) else json.dumps(rows), encoding="utf-8")
    return str(path)


def market_rows(fixtures: int = 8, seed: int = 5) -> list[dict[str, Any]]:
    return [
        {
            "fixture": s.fixture,
            "competition": s.competition,
            "market": s.market,
            "selection": s.selection,
            "bookmaker": s.bookmaker,
            "odds": float(s.odds.decimal),
            "probability": s.probability,
        }
        for s in priced_market(fixtures, seed)
    ]


def optimize(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any] | None, str]:
    code = run(["optimize", *args, "--scenarios", "120", "--json"], Container())
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else None), captured.err


def test_json_holds_one_document_with_feasible_tickets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = market_rows()
    code, out, _ = optimize(capsys, "--candidates", candidates_file(tmp_path, rows), "--bankroll", "500")
    assert code == 0
    assert out is not None
    for key in ("status", "optimal", "gap", "expected_log_growth", "baseline_log_growth", "tickets", "times"):
        assert key in out
    assert out["optimal"] is True
    assert out["status"] == "optimal"
    assert set(out["times"]) >= {"build", "solve"}
    assert out["baseline_log_growth"] == out["baselines"]["greedy_quarter_kelly"]["expected_log_growth"]
    offered = {(r["fixture"], r["selection"], r["bookmaker"]): r["odds"] for r in rows}
    assert out["tickets"]
    for ticket in out["tickets"]:
        product = math.prod(
            offered[(leg["fixture"], leg["selection"], leg["bookmaker"])] for leg in ticket["legs"]
        )
        assert ticket["odds"] == pytest.approx(product, rel=1e-12)
        assert len({leg["fixture"] for leg in ticket["legs"]}) == len(ticket["legs"]) <= 2
        assert ticket["stake"] >= 0.10
    assert sum(t["stake"] for t in out["tickets"]) <= 500 * 0.25 + 1e-9
    assert out["expected_log_growth"] >= out["baseline_log_growth"]


def test_policy_limits_from_a_file_bind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = market_rows()
    limits = {"max_stake_per_ticket": "2.50", "remaining_loss_allowance": 12, "banned_markets": ["corners"]}
    code, out, _ = optimize(
        capsys,
        "--candidates",
        candidates_file(tmp_path, rows),
        "--bankroll",
        "1000",
        "--limits",
        candidates_file(tmp_path, limits, "limits.json"),
    )
    assert code == 0
    assert out is not None
    assert out["tickets"]
    assert max(t["stake"] for t in out["tickets"]) <= 2.5
    assert sum(t["stake"] for t in out["tickets"]) <= 12
    assert out["limits"]["total"] == 12
    assert out["limits"]["per_ticket"] == 2.5


def test_empty_candidates_give_no_tickets_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = optimize(capsys, "--candidates", candidates_file(tmp_path, []), "--bankroll", "100")
    assert code == 0
    assert out is not None
    assert out["tickets"] == []
    assert out["optimal"] is False
    assert "no candidate selections" in out["reason"]


GOOD = {
    "fixture": "F1",
    "competition": "C",
    "market": "1X2",
    "selection": "home",
    "bookmaker": "b",
    "odds": 2.2,
}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ([{**GOOD, "probability": 0.5, "odds": "abc"}], "$[0].odds"),
        ([{**GOOD, "probability": 0.5, "odds": 0.9}], "odds"),
        ([{**GOOD, "probability": 1.5}], "probability 1.5"),
        ([{**GOOD}], "probability"),
        ([{**GOOD, "probability": 0.5, "fixture": ""}], "fixture"),
        ({"fixture": "F1"}, "array"),
        ("[{", "not valid JSON"),
        ([{**GOOD, "probability": 0.5}, {**GOOD, "probability": 0.6, "bookmaker": "c"}], "probability of F1"),
    ],
)
def test_malformed_candidates_exit_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, named: str
) -> None:
    code, out, err = optimize(capsys, "--candidates", candidates_file(tmp_path, content), "--bankroll", "100")
    assert code == 2
    assert out is None
    assert named in err
    assert len(err.strip().splitlines()) <= 3
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--bankroll", "-5"], "bankroll"),
        (["--bankroll", "lots"], "bankroll"),
        (["--bankroll", "100", "--max-legs", "0"], "max_legs"),
        (["--bankroll", "100", "--limits", "/nonexistent/limits.json"], "cannot read limits file"),
        (["--bankroll", "100", "--customer", "c.json"], "--customer needs --jurisdiction"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], named: str
) -> None:
    code, _, err = optimize(capsys, "--candidates", candidates_file(tmp_path, market_rows(2)), *extra)
    assert code == 2
    assert named in err


def test_a_limits_file_with_an_unknown_key_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    limits = candidates_file(tmp_path, {"max_stake": 5}, "limits.json")
    code, _, err = optimize(
        capsys,
        "--candidates",
        candidates_file(tmp_path, market_rows(2)),
        "--bankroll",
        "100",
        "--limits",
        limits,
    )
    assert code == 2
    assert "max_stake" in err


def test_human_output_lists_tickets_and_baselines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        ["optimize", "--candidates", candidates_file(tmp_path, market_rows()), "--bankroll", "300"],
        Container(),
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "proven optimal" in out
    assert "greedy_quarter_kelly" in out
    assert "tickets" in out
