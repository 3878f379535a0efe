"""The audit log's hash chain: every entry carries the hash of the one before it.

An entry's hash is SHA-256 over the previous entry's hash, a "|", and the canonical JSON (sorted keys, no
spaces) of its time (ISO 8601 in UTC, to the microsecond), kind, reference and payload. Changing,
removing or reordering an entry breaks the chain at that entry or the one after it, and
`first_broken_link` names it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def chain_hash(previous: str | None, created_at: datetime, kind: str, ref: str | None, payload: Any) -> str:
    row = {"created_at": timestamp(created_at), "kind": kind, "ref": ref, "payload": payload}
    return hashlib.sha256(f"{previous or ''}|{canonical_json(row)}".encode()).hexdigest()


def timestamp(moment: datetime) -> str:
    """2025-05-01T18:30:00.000000+00:00: one spelling of an instant, whatever zone it was read in."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def document_hash(document: Any) -> str:
    """SHA-256 of a JSON document's canonical form: what the audit log keeps of a decision's input."""
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    created_at: datetime
    kind: str
    ref: str | None
    payload: Any
    prev_hash: str | None
    hash: str


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """The first entry that does not fit the chain, and why."""

    seq: int
    problem: str


def first_broken_link(entries: Iterable[AuditEntry]) -> BrokenLink | None:
    """Walk the entries in order: each must point at its predecessor's hash and hash to its own."""
    before: AuditEntry | None = None
    for entry in entries:
        previous = None if before is None else before.hash
        if entry.prev_hash != previous:
            return _misfit(before, entry)
        if _hash_of(entry, previous) != entry.hash:
            return BrokenLink(entry.seq, "its content does not match its hash: the entry was altered")
        before = entry
    return None


def _misfit(before: AuditEntry | None, entry: AuditEntry) -> BrokenLink:
    """An entry that does not point at its predecessor: find which side was tampered with."""
    still_sealed = _hash_of(entry, entry.prev_hash) == entry.hash
    if before is None:
        return BrokenLink(entry.seq, "the first entry points at a predecessor: earlier entries were removed")
    if not still_sealed:
        return BrokenLink(entry.seq, "its prev_hash was changed: it no longer points at the entry before it")
    if entry.seq != before.seq + 1:
        return BrokenLink(
            entry.seq,
            f"it points at an entry that is gone: entries between {before.seq} and {entry.seq} "
            f"were removed, or entry {before.seq} was altered and re-hashed",
        )
    return BrokenLink(before.seq, "it was altered and re-hashed: the next entry still points at its old hash")


def _hash_of(entry: AuditEntry, previous: str | None) -> str:
    return chain_hash(previous, entry.created_at, entry.kind, entry.ref, entry.payload)
