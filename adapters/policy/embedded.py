"""Real OPA in-process (opa-golib-python-bindings embeds OPA's Go library): the embedded default engine."""

from __future__ import annotations

import asyncio
from typing import Any

from adapters.policy.bundle import DATA_ROOT, PolicyDirectory

DECISION_PATH = "stakewise.decision.result"
OPA_BINDINGS = "opa-golib-python-bindings==0.4.4"
MISSING_BINDINGS = (
    "the embedded policy engine needs real OPA from opa-golib-python-bindings, which is not installed: "
    f"run `make setup` or `.venv/bin/pip install --no-deps --ignore-requires-python {OPA_BINDINGS}`"
)


class OpaBindingsMissing(RuntimeError):
    pass


def new_opa_engine() -> Any:
    try:
        from opa_bindings import OpaEngine
    except ImportError as error:  # its metadata claims Python >= 3.14, so it is installed in its own step
        raise OpaBindingsMissing(MISSING_BINDINGS) from error
    return OpaEngine()


def load_bundle(engine: Any, directory: PolicyDirectory, *, with_tests: bool = False) -> None:
    files = directory.policy_files() + (directory.test_files() if with_tests else [])
    for name, source in directory.sources(files).items():
        engine.add_policy(name, source)
    engine.add_data({DATA_ROOT: directory.jurisdictions()})


class EmbeddedOpa:
    """Evaluates the decision document of the bundle in a folder; the bundle is read once, at start."""

    def __init__(self, directory: PolicyDirectory) -> None:
        self._engine = new_opa_engine()
        load_bundle(self._engine, directory)
        self._bundle_hash = directory.describe().hash

    def evaluate_now(self, document: Any) -> Any:
        """The decision document; raises OpaError (or OpaUndefinedError) when OPA cannot give one."""
        return self._engine.eval_document(DECISION_PATH, document)

    async def evaluate(self, document: Any) -> Any:
        # in a worker thread, so a caller's timeout can give up on an evaluation that hangs
        return await asyncio.to_thread(self.evaluate_now, document)

    async def bundle_hash(self) -> str:
        return self._bundle_hash
