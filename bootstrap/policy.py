"""Which policy engine: an OPA server when STAKEWISE_OPA_URL is set, otherwise real OPA in-process.

Both evaluate the bundle of STAKEWISE_POLICY_DIR (default: the policies/ folder shipped with stakewise);
STAKEWISE_POLICY_TIMEOUT (seconds, default 2) bounds one decision before it fails closed. The settings
module validates both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.policy.embedded import EmbeddedOpa
from adapters.policy.rest import RestOpa

if TYPE_CHECKING:
    from adapters.policy.bundle import PolicyDirectory
    from adapters.policy.engine import Evaluator


def policy_evaluator(directory: PolicyDirectory, opa_url: str | None, timeout_seconds: float) -> Evaluator:
    if opa_url:
        return RestOpa(opa_url, timeout_seconds=timeout_seconds)
    return EmbeddedOpa(directory)
