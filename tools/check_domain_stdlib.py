"""Fail when anything under domain/ imports a module outside the standard library.

import-linter has no "standard library only" contract, so this small check completes the layer rules.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ALLOWED = set(sys.stdlib_module_names) | {"domain", "__future__"}


def third_party_imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return [name for name in found if name.split(".")[0] not in ALLOWED]


def main(root: Path = Path("domain")) -> int:
    offences = [(path, name) for path in sorted(root.rglob("*.py")) for name in third_party_imports(path)]
    for path, name in offences:
        print(f"{path}: imports '{name}', but domain/ may import the standard library only")
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
