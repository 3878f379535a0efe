"""Deterministic artefacts: canonical JSON (sorted keys, shortest round-trip floats, no whitespace).

The same fitted state always serialises to the same bytes, so the artefact hash identifies a fit.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from domain.errors import InvalidModelInput

FORMAT_VERSION = 1


def dump_artefact(model: str, state: dict[str, Any]) -> bytes:
    document = {"format": FORMAT_VERSION, "model": model, "state": _plain(state)}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False).encode("utf-8")


def load_artefact(model: str, artefact: bytes) -> dict[str, Any]:
    try:
        document = json.loads(artefact.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidModelInput(f"not a {model} artefact: {error}") from None
    if not isinstance(document, dict) or document.get("model") != model:
        found = document.get("model") if isinstance(document, dict) else type(document).__name__
        raise InvalidModelInput(f"not a {model} artefact (it is a {found!r} artefact)")
    if document.get("format") != FORMAT_VERSION:
        raise InvalidModelInput(f"unsupported {model} artefact format {document.get('format')!r}")
    state: dict[str, Any] = document["state"]
    return state


def artefact_hash(artefact: bytes) -> str:
    return hashlib.sha256(artefact).hexdigest()


def _plain(value: Any) -> Any:
    """numpy scalars and arrays become plain floats and lists (their repr round-trips exactly)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidModelInput(f"a fitted parameter is {value!r}: the fit did not converge")
    return value
