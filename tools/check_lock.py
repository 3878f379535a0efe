"""requirements.lock and pyproject.toml agree (`make check`), or `make lock` must be run.

The lock (made by `make lock`: uv pip compile, universal, with hashes) ends with a line holding the
SHA-256 of the dependency declarations it was made from (requires-python, dependencies, the dev extra).
This check fails when pyproject.toml declares something else since, or when a declared requirement has no
pin in the lock that satisfies it.

    python tools/check_lock.py          check (exit 1 with the reason)
    python tools/check_lock.py --stamp  record the declarations' hash in the lock (make lock does)
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT, LOCK = ROOT / "pyproject.toml", ROOT / "requirements.lock"
STAMP = "# pyproject-dependencies-sha256: "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def declarations() -> dict[str, object]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    return {
        "requires-python": project.get("requires-python"),
        "dependencies": sorted(project.get("dependencies", [])),
        "dev": sorted(project.get("optional-dependencies", {}).get("dev", [])),
    }


def declared_hash() -> str:
    return hashlib.sha256(json.dumps(declarations(), sort_keys=True).encode()).hexdigest()


def pins(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def problems() -> list[str]:
    if not LOCK.exists():
        return [f"{LOCK.name} is missing: run `make lock`"]
    text = LOCK.read_text()
    recorded = next(
        (line[len(STAMP) :].strip() for line in text.splitlines() if line.startswith(STAMP)), None
    )
    found: list[str] = []
    if recorded != declared_hash():
        found.append(f"pyproject.toml's dependencies changed since {LOCK.name} was made: run `make lock`")
    locked = pins(text)
    declared = declarations()
    for line in [*declared["dependencies"], *declared["dev"]]:  # type: ignore[misc]
        requirement = Requirement(str(line))
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            found.append(f"{requirement.name} is declared in pyproject.toml but not pinned in {LOCK.name}")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name}=={version} in {LOCK.name} does not satisfy {requirement}")
    return found


def main(argv: list[str]) -> int:
    if argv == ["--stamp"]:
        lines = [line for line in LOCK.read_text().splitlines() if not line.startswith(STAMP)]
        LOCK.write_text("\n".join([*lines, STAMP + declared_hash()]) + "\n")
        return 0
    found = problems()
    for problem in found:
        print(f"check_lock: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
