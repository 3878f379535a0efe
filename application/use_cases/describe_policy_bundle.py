"""Use case: show which files make up the policy bundle, its hash, and export it for an OPA server."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.policy_bundle import BundleDescription, PolicyBundle


@dataclass(frozen=True, slots=True)
class DescribeBundleRequest:
    export_to: str | None = None


class DescribePolicyBundle:
    """List the bundle's policy and data files with their SHA-256 and the bundle hash.

    Rules:
    - The bundle hash is the one every decision records: SHA-256 over the `sha256sum` listing of the
      policy (.rego) and data files, sorted by path.
    - With a destination, the same files are written as an OPA bundle archive whose manifest revision is
      the bundle hash, so an OPA server names the bundle it decides with.
    """

    def __init__(self, bundle: PolicyBundle) -> None:
        self._bundle = bundle

    def execute(self, request: DescribeBundleRequest) -> BundleDescription:
        description = self._bundle.describe()
        if request.export_to is not None:
            self._bundle.export(request.export_to)
        return description
