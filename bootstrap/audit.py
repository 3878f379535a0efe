"""The audit chain's anchor: STAKEWISE_AUDIT_KEY (the HMAC key itself, Settings.audit_key) or a key file
under var/audit/, and the head checkpoint beside it (adapters/files/audit_anchor.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.files.audit_anchor import FileAuditAnchor

if TYPE_CHECKING:
    from pathlib import Path


def audit_anchor(var_dir: Path, key: str | None = None) -> FileAuditAnchor:
    return FileAuditAnchor(var_dir / "audit", key or None)
