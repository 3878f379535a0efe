"""The bundle hash every decision records: what it covers, and that auditors can recompute it by hand."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from adapters.policy.bundle import PolicyDirectory
from domain.policy_bundle import BundleFile, bundle_hash
from tests.integration.policy_support import BUNDLE, copy_bundle

DOCS = Path(__file__).resolve().parents[2] / "docs" / "auditors.md"


def documented_command() -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"```\ncd policies\n(sha256sum .+)\n```", text)
    assert match is not None, "docs/auditors.md no longer shows the command that recomputes the hash"
    return match.group(1)


def test_the_command_in_the_docs_recomputes_the_bundle_hash() -> None:
    assert shutil.which("sha256sum") is not None
    output = subprocess.run(
        ["bash", "-c", documented_command()], cwd=BUNDLE.root, capture_output=True, text=True, check=True
    ).stdout
    assert output.split()[0] == BUNDLE.describe().hash


def test_the_hash_is_that_of_the_sorted_sha256sum_listing() -> None:
    files = [BundleFile("b.rego", "2" * 64), BundleFile("a.rego", "1" * 64)]
    listing = f"{'1' * 64}  a.rego\n{'2' * 64}  b.rego\n"
    assert bundle_hash(files) == hashlib.sha256(listing.encode()).hexdigest()
    assert bundle_hash(reversed(files)) == bundle_hash(files)


def test_a_changed_figure_changes_the_hash_and_a_changed_test_does_not(tmp_path: Path) -> None:
    root = copy_bundle(tmp_path)
    original = PolicyDirectory(root).describe().hash
    test = root / "limits" / "limits_test.rego"
    test.write_text(test.read_text() + "\n# a comment\n")
    assert PolicyDirectory(root).describe().hash == original
    data = root / "data" / "DE.json"
    data.write_text(data.read_text().replace('"value": 1000', '"value": 1500'))
    assert PolicyDirectory(root).describe().hash != original
