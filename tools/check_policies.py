"""Fail when the policy bundle is incomplete for auditors:

- a policy file `<name>.rego` without `<name>_test.rego` beside it holding at least one `test_` rule;
- a jurisdiction `data/<CODE>.json` without allowed and denied example inputs in `data/<CODE>/`
  (`allowed-*.json`, `denied-*.json`), or example inputs without a jurisdiction;
- a figure without its value, its source, or a yes/no on whether it is illustrative, or a jurisdiction
  missing a figure the others have.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TEST_RULE = re.compile(r"^test_\w+", re.MULTILINE)
FIGURE_FIELDS = ("value", "source", "illustrative")


def test_problems(root: Path) -> list[str]:
    problems = []
    for policy in sorted(root.rglob("*.rego")):
        if policy.name.endswith("_test.rego"):
            continue
        test = policy.with_name(f"{policy.stem}_test.rego")
        if not test.exists():
            problems.append(f"{policy.relative_to(root)}: no test file {test.name} beside it")
        elif not TEST_RULE.search(test.read_text(encoding="utf-8")):
            problems.append(f"{test.relative_to(root)}: holds no test_ rule")
    return problems


def example_problems(root: Path) -> list[str]:
    data = root / "data"
    problems = []
    codes = {path.stem for path in data.glob("*.json")}
    for code in sorted(codes):
        for kind in ("allowed", "denied"):
            if not list((data / code).glob(f"{kind}-*.json")):
                problems.append(f"data/{code}.json: no {kind} example input (data/{code}/{kind}-*.json)")
    for folder in sorted(path for path in data.iterdir() if path.is_dir() and path.name not in codes):
        problems.append(
            f"data/{folder.name}/: example inputs for a jurisdiction without data/{folder.name}.json"
        )
    return problems


def figure_problems(root: Path) -> list[str]:
    problems: list[str] = []
    figures: dict[str, dict[str, object]] = {}
    for path in sorted((root / "data").glob("*.json")):
        try:
            figures[path.stem] = json.loads(path.read_text(encoding="utf-8")).get("figures") or {}
        except (ValueError, AttributeError) as error:
            problems.append(f"data/{path.name}: not a jurisdiction data file ({error})")
    every_name = set().union(*(set(named) for named in figures.values())) if figures else set()
    for code, named in figures.items():
        problems += [
            f"data/{code}.json: figure {name} is missing" for name in sorted(every_name - set(named))
        ]
        problems += [f"data/{code}.json: figure {name}: {p}" for name, f in named.items() for p in _figure(f)]
    return problems


def _figure(figure: object) -> list[str]:
    if not isinstance(figure, dict):
        return ["is not an object with value, source and illustrative"]
    problems = [f"has no {field}" for field in FIGURE_FIELDS if field not in figure]
    if "source" in figure and not (isinstance(figure["source"], str) and figure["source"].strip()):
        problems.append("its source is empty")
    if "illustrative" in figure and not isinstance(figure["illustrative"], bool):
        problems.append("illustrative must be true or false")
    return problems


def main(root: Path = Path("policies")) -> int:
    if not (root / "data").is_dir():
        print(f"{root}: no policy bundle here (no data/ folder)")
        return 1
    problems = test_problems(root) + example_problems(root) + figure_problems(root)
    for problem in problems:
        print(f"{root}/{problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("policies")))
