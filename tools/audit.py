"""`make audit`: pip-audit over requirements.lock, saying plainly when nothing could be audited.

pip-audit asks an advisory source (PyPI's JSON API by default, or OSV with `--service osv`) about every
pinned version. Where that source cannot be reached (no route, no DNS, or a registry mirror without the
JSON API, which answers 404 for every package), pip-audit would skip every package and still print "No
known vulnerabilities found". This wrapper tells that apart:

    exit 0  every locked package was audited and none has a known vulnerability
    exit 1  known vulnerabilities (listed)
    exit 3  the advisory source could not be reached, or left packages unaudited: NOT audited
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
UNREACHABLE = 3


def main(argv: list[str]) -> int:
    service = argv[0] if argv else "pypi"
    command = [
        str(Path(sys.executable).parent / "pip-audit"), "--requirement", str(LOCK), "--require-hashes",
        "--disable-pip", "--progress-spinner", "off", "--format", "json", "--vulnerability-service", service,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"audit: NOT AUDITED: pip-audit ({service}) gave no report: {reason}")
        return UNREACHABLE
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if skipped:
        print(
            f"audit: NOT AUDITED: {len(skipped)} of {len(dependencies)} locked packages could not be "
            f"checked against the advisory source ({service}), e.g. {skipped[0]['skip_reason']!r}; "
            "this machine cannot reach it (try `make audit AUDIT_SERVICE=osv` where OSV is reachable)"
        )
        return UNREACHABLE
    if vulnerable:
        return 1
    print(f"audit: {len(dependencies)} locked packages, no known vulnerabilities ({service})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
