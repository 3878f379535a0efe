"""The audit chain's anchor: STAKEWISE_AUDIT_KEY (the HMAC key itself) or a key file under var/audit/,
and the head checkpoint beside it (adapters/files/audit_anchor.py)."""

from __future__ import annotations

import os
from pathlib import Path

from adapters.files.audit_anchor import FileAuditAnchor

AUDIT_KEY_VARIABLE = "STAKEWISE_AUDIT_KEY"


def audit_anchor(var_dir: Path) -> FileAuditAnchor:
    return FileAuditAnchor(var_dir / "audit", os.environ.get(AUDIT_KEY_VARIABLE) or None)
