"""Which policy engine: an OPA server when STAKEWISE_OPA_URL is set, otherwise real OPA in-process.

Both evaluate the bundle of STAKEWISE_POLICY_DIR (default: the policies/ folder shipped with stakewise);
STAKEWISE_POLICY_TIMEOUT (seconds, default 2) bounds one decision before it fails closed.
"""

from __future__ import annotations

import os

from adapters.policy.bundle import PolicyDirectory
from adapters.policy.embedded import EmbeddedOpa
from adapters.policy.engine import DEFAULT_TIMEOUT_SECONDS, Evaluator
from adapters.policy.rest import OPA_URL_VARIABLE, RestOpa

TIMEOUT_VARIABLE = "STAKEWISE_POLICY_TIMEOUT"


def policy_timeout() -> float:
    configured = os.environ.get(TIMEOUT_VARIABLE)
    if not configured:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(configured)
    except ValueError:
        raise ValueError(f"invalid {TIMEOUT_VARIABLE} {configured!r}: expected seconds, e.g. 2") from None
    if not seconds > 0:
        raise ValueError(f"invalid {TIMEOUT_VARIABLE} {configured!r}: must be more than 0")
    return seconds


def policy_evaluator(directory: PolicyDirectory) -> Evaluator:
    url = os.environ.get(OPA_URL_VARIABLE)
    if url:
        return RestOpa(url, timeout_seconds=policy_timeout())
    return EmbeddedOpa(directory)
