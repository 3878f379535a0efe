"""Every data row of the shared football-data files is parsed into a match or a quarantined row.

Needs ../shared/data (read-only, never copied into the repository). Without it the test is skipped, unless
the environment variable CI is set: then a missing folder is a failure.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest

from plugins.builtin.sources.football_data.columns import plan_columns
from plugins.builtin.sources.football_data.plugin import parse_csv
from plugins.builtin.sources.text import decode_text
from tests.unit.pipeline.football_data_samples import CODES

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "football-data"


@pytest.fixture(scope="module")
def shared_files() -> list[Path]:
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the shared football data is missing at {SHARED}")
        pytest.skip(f"the shared football data is not at {SHARED} (read-only data beside the checkout)")
    return sorted(SHARED.rglob("*.csv"))


def non_empty_data_rows(content: bytes) -> int:
    """Counted independently of the parser, as the acceptance check counts them."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    return sum(1 for row in list(csv.reader(text.splitlines()))[1:] if any(cell.strip() for cell in row))


@pytest.mark.slow
def test_every_shared_row_is_a_match_or_quarantined_and_no_price_column_is_left_unread(
    shared_files: list[Path],
) -> None:
    matches = quarantined = rows = prices = 0
    reasons: Counter[str] = Counter()
    for path in shared_files:
        content = path.read_bytes()
        parsed = parse_csv(str(path), content, CODES)
        matches, quarantined = matches + len(parsed.matches), quarantined + len(parsed.rejected)
        rows += non_empty_data_rows(content)
        prices += sum(len(match.prices) for match in parsed.matches)
        reasons.update(row.reason.split(":")[0] for row in parsed.rejected)
    assert matches + quarantined == rows
    assert quarantined < rows / 1000, reasons  # a handful of bad rows, not a systematic failure
    assert prices > 4_000_000
    assert set(reasons) <= {"invalid_odds", "invalid_line", "result_mismatch"}


def test_every_shared_header_is_understood(shared_files: list[Path]) -> None:
    unmapped: Counter[str] = Counter()
    for path in shared_files:
        text = decode_text(str(path), path.read_bytes(), "CSV")
        header = next(csv.reader(text.splitlines()[:1]))
        unmapped.update(plan_columns(str(path), header, CODES).unmapped)
    assert not unmapped, f"columns neither read nor deliberately left out: {dict(unmapped)}"
