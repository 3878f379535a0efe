"""Port: the policy bundle (Rego files and per-jurisdiction data) the engines evaluate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.policy_bundle import BundleFile


@dataclass(frozen=True, slots=True)
class BundleDescription:
    location: str
    files: tuple[BundleFile, ...]
    hash: str
    jurisdictions: tuple[str, ...]


class PolicyBundle(Protocol):
    def describe(self) -> BundleDescription: ...

    def export(self, destination: str) -> None:
        """Write the bundle as an OPA bundle archive (tar.gz) for an OPA server."""
        ...
