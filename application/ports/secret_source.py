"""Port: fresh identifiers and secrets (randomness stays out of the core)."""

from __future__ import annotations

from typing import Protocol


class SecretSource(Protocol):
    def new_id(self) -> str:
        """A new unique identifier for a stored object (partner, customer, ticket...)."""
        ...

    def new_key_id(self) -> str:
        """The public part of a new API key: 16 characters of [a-z0-9]."""
        ...

    def new_secret(self) -> str:
        """The secret part of a new API key: 32 random bytes, URL-safe base64, no padding (43 chars)."""
        ...
