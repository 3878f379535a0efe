"""The identity of a policy bundle: one SHA-256 over the SHA-256 of every policy and data file.

The hash is that of the text `sha256sum` prints for the files, sorted by path (relative to the bundle
folder, with forward slashes): "<hex digest>  <path>\\n" per file. An auditor can recompute it with
standard tools; docs/auditors.md shows how.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class BundleFile:
    path: str
    sha256: str


def bundle_hash(files: Iterable[BundleFile]) -> str:
    listing = "".join(f"{file.sha256}  {file.path}\n" for file in sorted(files))
    return hashlib.sha256(listing.encode()).hexdigest()
