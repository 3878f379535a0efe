"""Every STAKEWISE_* environment variable, declared once: its type, default and meaning.

This module is the only place that reads the environment. `load_settings()` validates everything at start;
a bad value raises SettingsError naming the variable (the command line exits 2 with that one line).
`stakewise config show [--json]` prints the effective settings with secrets masked, and README.md's table
is generated from the same declarations (`settings_table()`).

To add a variable, add ONE field to `Settings` below:

    my_thing: Annotated[int, Meta(ge=1, description="What it means, with its unit")] = 10

The variable is `STAKEWISE_` + the field name in upper case (here STAKEWISE_MY_THING). Strings from the
environment are converted to the field's type (int, float, bool, Path, Literal, `X | None`, ...) and
checked against the Meta constraints. Mark a secret with `Meta(extra=SECRET)` (the whole value is masked)
or `Meta(extra=URL_WITH_PASSWORD)` (only the password of a URL is masked). Then hand it to what needs it
in bootstrap/container.py as `settings.provided.my_thing` (a provider argument: adapters and use cases never
read settings themselves; a plugin takes them as `STAKEWISE_*` texts from `plugin_settings()`, declared
and validated here all the same), and paste the new table into README.md (`stakewise config show --table`;
tests/unit/test_settings.py checks it is there).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit

import msgspec
from msgspec import Meta

from adapters.http.client_address import trusted_networks
from adapters.persistence.engine import DEFAULT_POOL_SIZE, POOL_OVERFLOW
from domain.markets import DEFAULT_VOID_GRACE
from domain.tickets import DEFAULT_MAX_COMBINED_ODDS, DEFAULT_MAX_POTENTIAL_RETURN
from workflows.tuning import TASK_QUEUE

if TYPE_CHECKING:
    from collections.abc import Mapping

PREFIX = "STAKEWISE_"
SECRET: dict[str, Any] = {"secret": "value"}
URL_WITH_PASSWORD: dict[str, Any] = {"secret": "url-password"}
MASK = "****"


def decimal_bounds(
    least: str, most: str | None = None, *, above: bool = False, below: bool = False
) -> dict[str, Any]:
    """Meta extra of a Decimal field (msgspec's ge=/le= take int and float only): finite, at least `least`
    (above it when `above`), at most `most` (below it when `below`)."""
    return {"minimum": least, "maximum": most, "above": above, "below": below}


LogLevel = Literal["debug", "info", "warning", "error"]
HttpUrl = Annotated[str, Meta(pattern=r"^https?://[^/\s]+")]
LongSecret = Annotated[str, Meta(min_length=16)]
PATTERN_MEANINGS = {
    "bookmaker_adapters": "bookmaker=adapter pairs separated by commas",
    "opa_url": "an http(s)://HOST[:PORT] URL",
    "otlp_endpoint": "an http(s)://HOST[:PORT] URL",
    "alert_webhook_url": "an http(s) URL",
}
ADAPTER_CHOICE = r"^\s*([^=,\s]+\s*=\s*[^=,\s]+\s*(,\s*[^=,\s]+\s*=\s*[^=,\s]+\s*)*,?\s*)?$"


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """The effective configuration of one process (field name = variable name without STAKEWISE_)."""

    # storage and embedded services
    database_url: Annotated[
        str | None,
        Meta(
            description="PostgreSQL URL (postgresql+asyncpg://...); unset: the embedded server in VAR_DIR",
            extra=URL_WITH_PASSWORD,
        ),
    ] = None
    runtime_database_url: Annotated[
        str | None,
        Meta(
            description="URL the API, workers and commands connect with (a role without DDL rights); "
            "unset: the role stakewise_runtime on the embedded server, else DATABASE_URL",
            extra=URL_WITH_PASSWORD,
        ),
    ] = None
    database_lock_timeout_seconds: Annotated[
        float,
        Meta(gt=0, description="seconds a runtime statement may wait for a row lock (lock_timeout) -> 503"),
    ] = 10.0
    database_statement_timeout_seconds: Annotated[
        float,
        Meta(gt=0, description="seconds one runtime statement may run (statement_timeout) -> 503"),
    ] = 60.0
    database_pool_timeout_seconds: Annotated[
        float,
        Meta(gt=0, description="seconds a request may wait for a free pooled database connection -> 503"),
    ] = 30.0
    database_pool_size: Annotated[
        int,
        Meta(
            ge=1,
            le=1000,
            description="database connections an API worker keeps open: the requests it serves at once "
            f"(up to {POOL_OVERFLOW} more for a peak; workers x (size + {POOL_OVERFLOW}) must fit "
            "PostgreSQL's max_connections)",
        ),
    ] = DEFAULT_POOL_SIZE
    var_dir: Annotated[Path, Meta(description="where embedded servers keep their data, records and logs")] = (
        Path("var")
    )
    temporal_address: Annotated[
        str | None, Meta(description="HOST:PORT of a Temporal server; unset: the embedded dev server")
    ] = None
    temporal_namespace: Annotated[str, Meta(min_length=1, description="Temporal namespace")] = "default"
    temporal_task_queue: Annotated[
        str, Meta(min_length=1, description="task queue of the workers and the workflows they start")
    ] = TASK_QUEUE
    # compliance policies
    opa_url: Annotated[
        HttpUrl | None,
        Meta(
            description="http(s)://HOST[:PORT] of an OPA server; unset: real OPA in-process",
        ),
    ] = None
    policy_dir: Annotated[
        Path | None, Meta(description="policy bundle folder; unset: the policies/ shipped with stakewise")
    ] = None
    policy_timeout: Annotated[
        float, Meta(gt=0, description="seconds one policy decision may take before it fails closed")
    ] = 2.0
    audit_key: Annotated[
        str | None,
        Meta(
            description="the audit chain's HMAC key (its text is the key); unset: a 0600 file "
            "VAR_DIR/audit/key, created on first use",
            extra=SECRET,
        ),
    ] = None
    # market catalogue and house limits (docs/api.md)
    price_tolerance: Annotated[
        Decimal,
        Meta(
            description="how far above the stored price a leg's odds may be, as a fraction (0.02: 2 %)",
            extra=decimal_bounds("0"),
        ),
    ] = Decimal(0)
    void_grace_hours: Annotated[
        float, Meta(ge=0, description="hours after kickoff without a result before a fixture is void")
    ] = DEFAULT_VOID_GRACE.total_seconds() / 3600
    max_combined_odds: Annotated[
        Decimal, Meta(description="house limit on a ticket's combined odds", extra=decimal_bounds("1"))
    ] = DEFAULT_MAX_COMBINED_ODDS
    max_potential_return: Annotated[
        Decimal, Meta(description="house limit on what one ticket may pay", extra=decimal_bounds("0"))
    ] = DEFAULT_MAX_POTENTIAL_RETURN
    # placing tickets with bookmakers, alerts (docs/bookmakers.md)
    api_place_on_issue: Annotated[
        bool,
        Meta(
            description="place a ticket with its bookmakers when the API issues it (false: the workers' step)"
        ),
    ] = True
    bookmaker_adapters: Annotated[
        str,
        Meta(
            pattern=ADAPTER_CHOICE,
            description="bookmaker=adapter,...: the adapter placing for each bookmaker; unset: paper for all",
        ),
    ] = ""
    paper_limits: Annotated[
        str | None,
        Meta(
            description="the paper bookmaker's stake limits, bookmaker=amount,... (* for the others); "
            "unset: *=500.00,pinnacle=2000.00"
        ),
    ] = None
    paper_latency_seconds: Annotated[
        float, Meta(ge=0, le=60, description="seconds a paper placement takes (seeded jitter up to half)")
    ] = 0.0
    paper_suspension_rate: Annotated[
        float, Meta(ge=0, le=1, description="share of paper orders met by a suspended market")
    ] = 0.0
    paper_seed: Annotated[
        int, Meta(ge=0, le=2**31, description="seed of the paper bookmaker's draws (repeatable runs)")
    ] = 0
    betfair_stream: Annotated[
        Path | None,
        Meta(description="recorded Betfair stream file or folder the betfair-replay adapter replays"),
    ] = None
    betfair_competition: Annotated[
        str, Meta(min_length=1, description="competition code of the replayed exchange's fixtures")
    ] = "BFX"
    betfair_commission: Annotated[
        Decimal,
        Meta(
            description="the exchange's commission on net winnings, a share",
            extra=decimal_bounds("0", "1", below=True),
        ),
    ] = Decimal("0.05")
    notifiers: Annotated[
        str, Meta(description="comma-separated notifiers alerts are sent to (log, webhook, ...)")
    ] = "log"
    alert_price_move: Annotated[
        Decimal,
        Meta(
            description="price move that raises an alert, a share (0.10: 10 %)",
            extra=decimal_bounds("0", above=True),
        ),
    ] = Decimal("0.10")
    alert_rejection_rate: Annotated[
        Decimal,
        Meta(description="share of rejected placements that raises an alert", extra=decimal_bounds("0", "1")),
    ] = Decimal("0.50")
    alert_rejection_minimum: Annotated[
        int, Meta(ge=1, description="placements a bookmaker needs before its rejection rate is judged")
    ] = 5
    alert_webhook_url: Annotated[
        HttpUrl | None, Meta(description="URL the webhook notifier POSTs alerts to (JSON)")
    ] = None
    alert_webhook_timeout_seconds: Annotated[
        float, Meta(gt=0, le=120, description="seconds one webhook attempt may take")
    ] = 5.0
    alert_webhook_retries: Annotated[
        int, Meta(ge=0, le=10, description="webhook attempts after the first one fails")
    ] = 3
    # partner API
    api_rate_limit: Annotated[
        float,
        Meta(
            gt=0,
            description="requests per second per API key, over all workers (the window is BURST/LIMIT s)",
        ),
    ] = 50.0
    api_rate_burst: Annotated[
        float, Meta(ge=1, description="requests one API key may make per window, over all workers")
    ] = 100.0
    api_auth_failure_limit: Annotated[
        int,
        Meta(ge=1, description="failed authentications per client address per window before it gets 429"),
    ] = 20
    api_auth_failure_window_seconds: Annotated[
        float, Meta(gt=0, description="window of the failed-authentication limit per client address")
    ] = 60.0
    api_trusted_proxies: Annotated[
        str,
        Meta(
            description="reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For "
            "names the client the failed-authentication limit counts; unset: the peer is the client"
        ),
    ] = ""
    api_quote_processes: Annotated[
        Annotated[int, Meta(ge=1, le=256)] | None,
        Meta(description="solver processes of each API worker for quotes; unset: one per core"),
    ] = None
    api_quote_queue: Annotated[
        int,
        Meta(
            ge=0,
            le=10_000,
            description="quotes each API worker keeps waiting for a solver process beyond those being "
            "solved; more at once: 429 with Retry-After",
        ),
    ] = 8
    api_auth_cache_seconds: Annotated[
        float, Meta(ge=0, description="seconds a verified API key is cached (0: verify every request)")
    ] = 0.0
    metrics_key: Annotated[
        LongSecret | None,
        Meta(
            description="bearer key that /metrics of the API requires; unset: /metrics answers 404",
            extra=SECRET,
        ),
    ] = None
    # plugins
    blocked_plugins: Annotated[
        str, Meta(description="comma-separated plugin names not to load, e.g. weather,odds_api")
    ] = ""
    # operations: logs, traces, metrics
    log_level: Annotated[
        LogLevel | None,
        Meta(
            description="level of the JSON log lines on standard error; unset: info for the API and "
            "the worker, warning for other commands (-v: debug)"
        ),
    ] = None
    otel_file: Annotated[
        Path | None, Meta(description="file to append every finished trace span to, one JSON line each")
    ] = None
    otlp_endpoint: Annotated[
        HttpUrl | None,
        Meta(
            description="OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318) to export traces to",
        ),
    ] = None
    worker_metrics_port: Annotated[
        int,
        Meta(
            ge=0,
            le=65535,
            description="port of the worker's Prometheus /metrics on 127.0.0.1 (0: no metrics endpoint)",
        ),
    ] = 9464


class SettingsError(ValueError):
    """A STAKEWISE_* variable holds a value its declaration refuses (the message names the variable)."""


def variable(field: str) -> str:
    return PREFIX + field.upper()


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every declared variable (empty means unset)."""
    env = os.environ if environ is None else environ
    raw = {
        field.name: env[variable(field.name)]
        for field in _fields()
        if env.get(variable(field.name), "").strip() != ""
    }
    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode)
    except msgspec.ValidationError as error:
        raise SettingsError(_explain(error, raw)) from None
    for field in _fields():
        value = getattr(settings, field.name)
        if isinstance(value, Decimal) and "minimum" in _extra(field):
            _check_bounds(field, value, raw)
    _check_networks("api_trusted_proxies", settings.api_trusted_proxies)
    return settings


def _check_networks(name: str, text: str) -> None:
    try:
        trusted_networks(text)
    except ValueError as error:
        raise SettingsError(f"invalid {variable(name)}={text!r}: {error}") from None


def _check_bounds(field: msgspec.inspect.Field, value: Decimal, raw: Mapping[str, str]) -> None:
    bounds = _extra(field)
    least, most = Decimal(bounds["minimum"]), bounds.get("maximum")
    above, below = bounds.get("above", False), bounds.get("below", False)
    fits = value.is_finite() and (value > least if above else value >= least)
    if fits and most is not None:
        fits = value < Decimal(most) if below else value <= Decimal(most)
    if not fits:
        top = "" if most is None else f" and {'<' if below else '<='} {most}"
        wanted = f"{'>' if above else '>='} {least}{top}"
        shown = raw.get(field.name, str(value))
        raise SettingsError(f"invalid {variable(field.name)}={shown!r}: expected a number {wanted}")


def plugin_settings(settings: Settings, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The STAKEWISE_* settings as text, as plugins take them (GatewayContext.settings, notifier factories):
    every declared variable that has a value, as validated here, and the variables a third-party plugin
    declares itself (unknown here, handed over as they are; that plugin validates them)."""
    env = os.environ if environ is None else environ
    declared = {variable(field.name) for field in _fields()}
    texts = {name: value for name, value in env.items() if name.startswith(PREFIX) and name not in declared}
    for field in _fields():
        value = getattr(settings, field.name)
        if value is not None:
            texts[variable(field.name)] = str(value).lower() if isinstance(value, bool) else str(value)
    return texts


def environment() -> dict[str, str]:
    """A copy of this process's environment, for the child processes it starts (servers, workers)."""
    return dict(os.environ)


def effective(settings: Settings) -> list[dict[str, Any]]:
    """One row per variable: name, value as configured (secrets masked), type, default, meaning."""
    rows = []
    for field in _fields():
        value = getattr(settings, field.name)
        rows.append(
            {
                "variable": variable(field.name),
                "value": _shown(_mask(value, _secret_kind(field))),
                "default": _shown(field.default),
                "type": _type_name(field.type),
                "meaning": _description(field.type),
            }
        )
    return rows


def settings_table() -> str:
    """The Markdown table of README.md."""
    lines = ["| variable | type | default | meaning |", "| --- | --- | --- | --- |"]
    for row in effective(Settings()):
        default = f"`{row['default']}`" if row["default"] is not None else "unset"
        lines.append(f"| `{row['variable']}` | {row['type']} | {default} | {row['meaning']} |")
    return "\n".join(lines)


def _fields() -> tuple[msgspec.inspect.Field, ...]:
    info = msgspec.inspect.type_info(Settings)
    if not isinstance(info, msgspec.inspect.StructType):
        raise AssertionError("Settings is a msgspec struct")
    return info.fields


def _decode(kind: type, value: Any) -> Any:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(f"no conversion to {kind}")


def _explain(error: msgspec.ValidationError, raw: Mapping[str, str]) -> str:
    message = str(error)
    match = re.search(r"at `\$\.(\w+)`", message)
    if not match:
        return f"invalid settings: {message}"
    field = match.group(1)
    reason = message[: match.start()].rstrip(" -")
    declared = {f.name: f for f in _fields()}.get(field)
    value = raw.get(field, "")
    shown = MASK if declared is not None and _secret_kind(declared) == "value" else value
    if declared is not None and _secret_kind(declared) == "url-password":
        shown = mask_url_password(value)
    if "matching regex" in reason:  # the pattern itself says little to an operator
        reason = "expected " + PATTERN_MEANINGS.get(field, "a value of the documented form")
    return f"invalid {variable(field)}={shown!r}: {reason[0].lower()}{reason[1:]}"


def _extra(field: msgspec.inspect.Field) -> dict[str, Any]:
    extra = field.type.extra if isinstance(field.type, msgspec.inspect.Metadata) else None
    return extra or {}


def _secret_kind(field: msgspec.inspect.Field) -> str | None:
    return _extra(field).get("secret")


def _description(info: msgspec.inspect.Type) -> str:
    if not isinstance(info, msgspec.inspect.Metadata):
        return ""
    return str((info.extra_json_schema or {}).get("description", ""))


def _mask(value: Any, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    if kind == "url-password":
        return mask_url_password(str(value))
    return MASK


def mask_url_password(url: str) -> str:
    """The URL with its password (if any) replaced by ****."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:{MASK}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _shown(value: Any) -> Any:
    if value is msgspec.NODEFAULT:
        return None
    return str(value) if isinstance(value, (Path, Decimal)) else value


def _type_name(info: msgspec.inspect.Type) -> str:
    if isinstance(info, msgspec.inspect.Metadata):
        return _type_name(info.type)
    if isinstance(info, msgspec.inspect.UnionType):
        names = [_type_name(t) for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
        return " | ".join(names) + " (optional)"
    if isinstance(info, msgspec.inspect.LiteralType):
        return " / ".join(str(v) for v in info.values)
    return _TYPE_NAMES.get(type(info), type(info).__name__)


_TYPE_NAMES: dict[type, str] = {
    msgspec.inspect.StrType: "text",
    msgspec.inspect.IntType: "integer",
    msgspec.inspect.FloatType: "number",
    msgspec.inspect.BoolType: "true/false",
    msgspec.inspect.CustomType: "path",
    msgspec.inspect.DecimalType: "decimal",
}
