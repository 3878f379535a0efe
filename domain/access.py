"""Who may do what: API keys, roles, and the rule that a partner sees only what it owns.

An API key reads `sw_<key id>_<secret>`. Only the SHA-256 of the secret is ever stored; the key id finds
the stored hash, which is compared with the presented secret's hash in constant time. The secret carries
256 bits of entropy, so a fast hash is enough (no password stretching needed).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError

KEY_PREFIX = "sw"
_KEY_PATTERN = re.compile(r"^sw_(?P<key_id>[a-z0-9]{16})_(?P<secret>[A-Za-z0-9_-]{43})$")


class Role(enum.StrEnum):
    PARTNER = "partner"
    QUANT = "quant"
    AUDITOR = "auditor"
    ADMIN = "admin"


class InvalidApiKey(DomainError):
    """A presented API key that is malformed, unknown, revoked or wrong."""


class AccessDenied(DomainError):
    """The caller's role does not allow the operation."""


@dataclass(frozen=True, slots=True)
class PresentedKey:
    """An API key as a caller presented it, split into its public id and its secret."""

    key_id: str
    secret: str

    @classmethod
    def parse(cls, raw: str) -> PresentedKey:
        match = _KEY_PATTERN.match(raw.strip())
        if match is None:
            raise InvalidApiKey("malformed API key: expected sw_<16 characters>_<43 characters>")
        return cls(match["key_id"], match["secret"])

    def matches(self, stored_hash: str) -> bool:
        return hmac.compare_digest(secret_hash(self.secret), stored_hash)

    def __str__(self) -> str:
        return f"{KEY_PREFIX}_{self.key_id}_{self.secret}"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: which key, which role, and for partners the partner it acts for."""

    key_id: str
    role: Role
    partner_id: str | None

    def __post_init__(self) -> None:
        if self.role is Role.PARTNER and not self.partner_id:
            raise DomainError("a partner key must belong to a partner")

    def owns(self, partner_id: str) -> bool:
        return self.role is Role.PARTNER and self.partner_id == partner_id

    def may_read_all_partners(self) -> bool:
        """Admins and auditors not bound to a partner look across partners; partners and quants never do."""
        return self.role in (Role.ADMIN, Role.AUDITOR) and self.partner_id is None

    def may_see(self, owner_partner_id: str) -> bool:
        """Object-level rule: a partner sees its own objects only; others are as if they did not exist."""
        return self.may_read_all_partners() or self.owns(owner_partner_id)

    @property
    def partner_scope(self) -> str | None:
        """The partner a query must be limited to, or None when the caller may read every partner."""
        if self.may_read_all_partners():
            return None
        if self.role in (Role.PARTNER, Role.AUDITOR, Role.ADMIN) and self.partner_id:
            return self.partner_id  # a key bound to a partner reads that partner only, whatever its role
        raise AccessDenied(f"the {self.role} role has no access to partner data")


@dataclass(frozen=True, slots=True)
class Partner:
    partner_id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """A key as stored: never the secret, only its hash."""

    key_id: str
    secret_hash: str
    role: Role
    partner_id: str | None
    created_at: datetime
    revoked_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def active_at(self, moment: datetime) -> bool:
        """Not revoked, and not expired at `moment`."""
        return self.active and (self.expires_at is None or moment < self.expires_at)

    def principal(self) -> Principal:
        return Principal(self.key_id, self.role, self.partner_id)
