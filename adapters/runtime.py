"""The real clock (and the fixed one of a replayed day), the real source of identifiers and secrets."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

_KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """The time of a replayed day: what a bookmaker sees when the pipeline runs as of a past time."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at


class TokenSecrets:
    def new_id(self) -> str:
        return uuid.uuid4().hex

    def new_key_id(self) -> str:
        return "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16))

    def new_secret(self) -> str:
        return secrets.token_urlsafe(32)
