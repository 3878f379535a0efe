"""`stakewise admin ...`: partners, API keys and bankrolls (the administrator's side of the partner API)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rich.table import Table

from adapters.cli.errors import EXIT_OK, UsageError
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.list_api_keys import ListApiKeys, ListApiKeysRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.revoke_api_key import RevokeApiKey, RevokeApiKeyRequest
from domain.access import Role
from domain.risk import RISK_SETTINGS

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private


def add_commands(commands: SubParsers, services: CliServices) -> None:
    admin = commands.add_parser("admin", help="partners, API keys and bankrolls of the partner API")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True, metavar="COMMAND")
    _command(
        admin_commands,
        "create-partner",
        "register a partner",
        _create_partner,
        services,
        ("name", {"help": "the partner's name (unique)"}),
    )
    _command(
        admin_commands,
        "create-key",
        "issue an API key (shown once; only its hash is stored)",
        _create_key,
        services,
        ("--role", {"required": True, "choices": [role.value for role in Role], "help": "the key's role"}),
        (
            "--partner",
            {
                "help": "the partner the key acts for (required for the partner role); a key of "
                "another role with a partner reads that partner's data only"
            },
        ),
        ("--expires", {"help": "when the key stops working, e.g. 2027-01-01T00:00:00Z (default: never)"}),
    )
    _command(
        admin_commands,
        "list-keys",
        "list the API keys: id, role, partner, created, revoked, expires (never a secret)",
        _list_keys,
        services,
        ("--partner", {"help": "only this partner's keys"}),
    )
    _command(
        admin_commands,
        "revoke-key",
        "revoke an API key",
        _revoke_key,
        services,
        ("key_id", {"help": "the key id: the 16 characters after 'sw_'"}),
    )
    _command(
        admin_commands,
        "open-bankroll",
        "open a bankroll for a partner",
        _open_bankroll,
        services,
        ("--partner", {"required": True, "help": "the partner id"}),
        ("--amount", {"required": True, "help": "starting balance, e.g. 1000.00"}),
        ("--name", {"default": "main", "help": "the bankroll's name"}),
        ("--currency", {"default": "EUR", "help": "ISO 4217 code"}),
        *(
            (f"--{name.replace('_', '-')}", {"help": f"risk rule {name} (off when not given)"})
            for name in RISK_SETTINGS
        ),
    )


def _command(
    commands: SubParsers,
    name: str,
    help_text: str,
    handler: Any,
    services: CliServices,
    *arguments: tuple[str, dict[str, Any]],
) -> None:
    parser = commands.add_parser(name, help=help_text)
    for flag, options in arguments:
        parser.add_argument(flag, **options)
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: handler(args, services))


def _create_partner(args: argparse.Namespace, services: CliServices) -> int:
    partner = asyncio.run(services.use_cases()(CreatePartner).execute(CreatePartnerRequest(args.name)))
    payload = {"id": partner.partner_id, "name": partner.name, "created_at": partner.created_at.isoformat()}
    emit(
        args.json, payload, lambda console: console.print(f"partner {partner.name}: id {partner.partner_id}")
    )
    return EXIT_OK


def _create_key(args: argparse.Namespace, services: CliServices) -> int:
    request = CreateApiKeyRequest(Role(args.role), args.partner, _instant("--expires", args.expires))
    created = asyncio.run(services.use_cases()(CreateApiKey).execute(request))
    record = created.record
    payload = {
        "key": created.key,
        "key_id": record.key_id,
        "role": record.role.value,
        "partner_id": record.partner_id,
        "expires_at": _iso(record.expires_at),
    }

    def render(console: Console) -> None:
        console.print(f"{record.role} key {record.key_id} for partner {record.partner_id or '-'}:")
        console.print(created.key, markup=False)
        console.print("[dim]Store it now: only its hash is kept, it cannot be shown again.[/dim]")

    emit(args.json, payload, render)
    return EXIT_OK


def _list_keys(args: argparse.Namespace, services: CliServices) -> int:
    keys = asyncio.run(services.use_cases()(ListApiKeys).execute(ListApiKeysRequest(args.partner)))
    rows = [
        {
            "key_id": key.key_id,
            "role": key.role.value,
            "partner_id": key.partner_id,
            "created_at": _iso(key.created_at),
            "revoked_at": _iso(key.revoked_at),
            "expires_at": _iso(key.expires_at),
        }
        for key in keys
    ]

    def render(console: Console) -> None:
        table = Table(title="API keys")
        for column in ("key id", "role", "partner", "created", "revoked", "expires"):
            table.add_column(column, overflow="fold", no_wrap=column == "key id")
        for row in rows:
            table.add_row(*(str(value or "") for value in row.values()))
        console.print(table)

    emit(args.json, {"keys": rows}, render)
    return EXIT_OK


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _instant(flag: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"stakewise admin: invalid {flag} {value!r}: expected an ISO 8601 date-time"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _revoke_key(args: argparse.Namespace, services: CliServices) -> int:
    asyncio.run(services.use_cases()(RevokeApiKey).execute(RevokeApiKeyRequest(args.key_id)))
    emit(args.json, {"key_id": args.key_id, "revoked": True}, lambda c: c.print(f"key {args.key_id} revoked"))
    return EXIT_OK


def _number(flag: str, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise UsageError(f"stakewise admin open-bankroll: invalid {flag} {value!r}: not a number") from None
    if not number.is_finite():
        raise UsageError(f"stakewise admin open-bankroll: invalid {flag} {value!r}: not a number")
    return number


def _open_bankroll(args: argparse.Namespace, services: CliServices) -> int:
    amount = _number("--amount", args.amount)
    risk = {
        name: _number(f"--{name.replace('_', '-')}", getattr(args, name))
        for name in RISK_SETTINGS
        if getattr(args, name) is not None
    }
    request = OpenBankrollRequest(args.partner, args.name, amount, args.currency, risk)
    bankroll = asyncio.run(services.use_cases()(OpenBankroll).execute(request))
    payload = {
        "id": bankroll.bankroll_id,
        "partner_id": bankroll.partner_id,
        "name": bankroll.name,
        "currency": bankroll.currency,
        "starting_balance": str(bankroll.starting_balance),
        "risk": {name: None if v is None else str(v) for name, v in bankroll.risk.as_dict().items()},
    }
    emit(args.json, payload, lambda c: c.print(f"bankroll {bankroll.name}: id {bankroll.bankroll_id}"))
    return EXIT_OK
