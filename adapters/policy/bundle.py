"""The policy bundle on disk: Rego files, per-jurisdiction data, example inputs.

Layout (policies/): one folder per concern with `<concern>.rego` and `<concern>_test.rego`;
`data/<CODE>.json` per jurisdiction (loaded as `data.jurisdictions.<CODE>`); example inputs beside the
data in `data/<CODE>/allowed-*.json` and `data/<CODE>/denied-*.json`.
The bundle proper, which the hash covers and an OPA server loads, is the policy files and the data files;
tests and examples stay out of it.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

from application.ports.policy_bundle import BundleDescription
from domain.policy_bundle import BundleFile, bundle_hash

POLICY_DIR_VARIABLE = "STAKEWISE_POLICY_DIR"
TEST_SUFFIX = "_test.rego"
DATA_ROOT = "jurisdictions"
ROOTS = ("stakewise", DATA_ROOT)


class PolicyBundleError(RuntimeError):
    """The bundle folder is missing or holds something unreadable (the message names the file)."""


def default_policy_dir() -> Path:
    """The policies/ folder that ships beside the code (STAKEWISE_POLICY_DIR, when set, is passed in)."""
    return Path(__file__).resolve().parents[2] / "policies"


class PolicyDirectory:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_policy_dir()).resolve()
        if not (self.root / "data").is_dir():
            raise PolicyBundleError(
                f"no policy bundle at {self.root} (no data/ folder): "
                f"set {POLICY_DIR_VARIABLE} to the policies/ folder"
            )

    def policy_files(self) -> list[Path]:
        return [path for path in self._rego_files() if not path.name.endswith(TEST_SUFFIX)]

    def test_files(self) -> list[Path]:
        return [path for path in self._rego_files() if path.name.endswith(TEST_SUFFIX)]

    def data_files(self) -> list[Path]:
        return sorted((self.root / "data").glob("*.json"))

    def example_files(self) -> list[Path]:
        return sorted((self.root / "data").glob("*/*.json"))

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def sources(self, files: list[Path]) -> dict[str, str]:
        return {self.relative(path): path.read_text(encoding="utf-8") for path in files}

    def jurisdictions(self) -> dict[str, Any]:
        return {path.stem: _read_json(path) for path in self.data_files()}

    def describe(self) -> BundleDescription:
        files = tuple(
            BundleFile(self.relative(path), hashlib.sha256(path.read_bytes()).hexdigest())
            for path in self.policy_files() + self.data_files()
        )
        codes = tuple(path.stem for path in self.data_files())
        return BundleDescription(str(self.root), tuple(sorted(files)), bundle_hash(files), codes)

    def export(self, destination: str) -> None:
        """An OPA bundle archive: the policies, each jurisdiction's data.json, a manifest naming the hash."""
        manifest = {"revision": self.describe().hash, "roots": list(ROOTS)}
        members = {".manifest": json.dumps(manifest).encode()}
        for path in self.policy_files():
            members[self.relative(path)] = path.read_bytes()
        for path in self.data_files():
            members[f"{DATA_ROOT}/{path.stem}/data.json"] = path.read_bytes()
        with tarfile.open(destination, "w:gz") as archive:
            for name, content in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))

    def _rego_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.rego"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PolicyBundleError(f"cannot read {path}: {error}") from error
