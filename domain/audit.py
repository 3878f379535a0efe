"""The audit log's hash chain: every entry carries the hash of the one before it.

An entry's hash is HMAC-SHA256, keyed with the audit key (a secret kept outside the database), over the
previous entry's hash, a "|", and the canonical JSON (sorted keys, no spaces) of its time (ISO 8601 in
UTC, to the microsecond), kind, reference and payload. Changing, removing or reordering an entry breaks
the chain at that entry or the one after it, and `first_broken_link` names it; without the key nobody can
re-hash an edited chain so that it verifies.

Entries written before the chain was keyed carry a plain SHA-256 over the same text; they are accepted
only at the start of the chain (before the first keyed entry), and counted as such.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def chain_hash(
    previous: str | None,
    created_at: datetime,
    kind: str,
    ref: str | None,
    payload: Any,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 with `key`; plain SHA-256 (the unkeyed form of early chains) when key is None."""
    row = {"created_at": timestamp(created_at), "kind": kind, "ref": ref, "payload": payload}
    text = f"{previous or ''}|{canonical_json(row)}".encode()
    if key is None:
        return hashlib.sha256(text).hexdigest()
    return hmac.new(key, text, hashlib.sha256).hexdigest()


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


def first_broken_link(entries: Iterable[AuditEntry], key: bytes | None = None) -> BrokenLink | None:
    """Walk the entries in order: each must point at its predecessor's hash and hash to its own (keyed
    with `key`; unkeyed entries only before the first keyed one)."""
    before: AuditEntry | None = None
    keyed_seen = False
    for entry in entries:
        previous = None if before is None else before.hash
        if entry.prev_hash != previous:
            return _misfit(before, entry, key, keyed_seen)
        sealed = _sealed(entry, previous, key, keyed_seen)
        if sealed is None:
            return BrokenLink(entry.seq, "its content does not match its hash: the entry was altered")
        keyed_seen = keyed_seen or sealed
        before = entry
    return None


def unkeyed_entries(entries: Iterable[AuditEntry], key: bytes) -> int:
    """How many entries at the start of an intact chain were written before it was keyed."""
    count = 0
    for entry in entries:
        if _hash_of(entry, entry.prev_hash, key) == entry.hash:
            break
        count += 1
    return count


def _sealed(entry: AuditEntry, previous: str | None, key: bytes | None, keyed_seen: bool) -> bool | None:
    """True: sealed with the key; False: an unkeyed entry where one is still allowed; None: not sealed."""
    if key is not None and _hash_of(entry, previous, key) == entry.hash:
        return True
    if (key is None or not keyed_seen) and _hash_of(entry, previous, None) == entry.hash:
        return False
    return None


def _misfit(before: AuditEntry | None, entry: AuditEntry, key: bytes | None, keyed_seen: bool) -> BrokenLink:
    """An entry that does not point at its predecessor: find which side was tampered with."""
    still_sealed = _sealed(entry, entry.prev_hash, key, keyed_seen) is not None
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


def _hash_of(entry: AuditEntry, previous: str | None, key: bytes | None) -> str:
    return chain_hash(previous, entry.created_at, entry.kind, entry.ref, entry.payload, key)
