"""Shared helpers of the policy tests: the shipped bundle, its example inputs, copies to break."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING, Any

from adapters.policy.bundle import PolicyDirectory

if TYPE_CHECKING:
    from pathlib import Path

BUNDLE = PolicyDirectory()


def examples() -> list[Path]:
    return BUNDLE.example_files()


def example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def expected_allow(path: Path) -> bool:
    return path.name.startswith("allowed-")


def copy_bundle(destination: Path) -> Path:
    """A private copy of the shipped policies/ folder, to change in a test."""
    target = destination / "policies"
    shutil.copytree(BUNDLE.root, target)
    return target


# Malformed inputs: both engines must refuse them in the same words.
MALFORMED: dict[str, Any] = {
    "not-an-object": [1, 2],
    "empty": {},
    "unknown-jurisdiction": {**load(BUNDLE.root / "data/GB/allowed-pre-match-single.json"), "customer": {
        **load(BUNDLE.root / "data/GB/allowed-pre-match-single.json")["customer"], "jurisdiction": "FR"}},
    "wrong-types": {"customer": {"age": "30", "jurisdiction": 5, "self_excluded": "no", "deposits": []},
                    "tickets": [{"stake": "10", "legs": [{"odds": "2.1"}]}], "now": "yesterday"},
}  # fmt: skip
