"""An OPA server over its REST API (opa-python-client): POST /v1/data/stakewise/decision/result.

The server must serve the bundle archive `stakewise policy bundle --output` writes: its manifest revision
is the bundle hash every decision records, read from /v1/data/system/bundles.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from opa_client import AsyncOpaClient

OPA_URL_VARIABLE = "STAKEWISE_OPA_URL"
PACKAGE_PATH = "stakewise.decision"
RULE = "result"


class OpaServerError(RuntimeError):
    """The OPA server answered, but not with a decision (undefined, or no bundle revision)."""


class RestOpa:
    """Each call opens its own HTTP session: nothing outlives the event loop that made it."""

    def __init__(self, url: str, *, timeout_seconds: float = 1.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"invalid {OPA_URL_VARIABLE} {url!r}: expected http(s)://HOST[:PORT]")
        self.url = url
        self._options: dict[str, Any] = {
            "host": parts.hostname,
            "port": parts.port or (443 if parts.scheme == "https" else 8181),
            "ssl": parts.scheme == "https",
            "timeout": timeout_seconds,
            "retries": 0,
        }

    async def evaluate(self, document: Any) -> Any:
        async with AsyncOpaClient(**self._options) as client:
            answer = await client.query_rule(input_data=document, package_path=PACKAGE_PATH, rule_name=RULE)
        if "result" not in answer:
            raise OpaServerError(f"{PACKAGE_PATH}.{RULE} is undefined on {self.url}")
        return answer["result"]

    async def bundle_hash(self) -> str:
        async with AsyncOpaClient(**self._options) as client:
            bundles = (await client.get_data("system/bundles"))["result"]
        revisions = {
            name: bundle["manifest"]["revision"]
            for name, bundle in (bundles or {}).items()
            if isinstance(bundle, dict) and "revision" in bundle.get("manifest", {})
        }
        if len(revisions) == 1:
            return str(next(iter(revisions.values())))
        if "stakewise" in revisions:
            return str(revisions["stakewise"])
        raise OpaServerError(
            f"the OPA server at {self.url} names no single bundle revision: {sorted(revisions)}"
        )
