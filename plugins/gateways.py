"""The bookmaker gateways the plugins provide, one per bookmaker (application.ports.bookmaker_gateway).

STAKEWISE_BOOKMAKER_ADAPTERS (`bookmaker=adapter,...`) names the adapter of each bookmaker that places
with something other than the paper bookmaker; every other bookmaker is placed on paper. Nothing is placed
with real money unless it is named there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import DomainError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from application.ports.bookmaker_gateway import BookmakerGateway
    from plugins.hookspecs import BookmakerAdapter, GatewayContext

ADAPTERS_SETTING = "STAKEWISE_BOOKMAKER_ADAPTERS"
PAPER = "paper"


class AdapterChoiceError(DomainError):
    """STAKEWISE_BOOKMAKER_ADAPTERS names an adapter that is not loaded or cannot place with the bookmaker."""


def parse_adapter_choice(text: str) -> dict[str, str]:
    choice: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        bookmaker, separator, adapter = item.partition("=")
        if not separator or not bookmaker.strip() or not adapter.strip():
            raise AdapterChoiceError(f"{ADAPTERS_SETTING}: {item!r} is not bookmaker=adapter")
        choice[bookmaker.strip()] = adapter.strip()
    return choice


class PluginGateways:
    def __init__(
        self, adapters: Mapping[str, BookmakerAdapter], context: GatewayContext, choice: Mapping[str, str]
    ) -> None:
        self._adapters, self._context, self._choice = dict(adapters), context, dict(choice)
        self._made: dict[str, BookmakerGateway] = {}
        for bookmaker, name in self._choice.items():
            self._check(bookmaker, name)

    def adapter_of(self, bookmaker: str) -> str:
        return self._choice.get(bookmaker, PAPER)

    def gateway(self, bookmaker: str) -> BookmakerGateway:
        name = self.adapter_of(bookmaker)
        if name not in self._made:
            self._made[name] = self._check(bookmaker, name).create(self._context)
        return self._made[name]

    def _check(self, bookmaker: str, name: str) -> BookmakerAdapter:
        adapter = self._adapters.get(name)
        if adapter is None:
            known = ", ".join(sorted(self._adapters)) or "none"
            raise AdapterChoiceError(
                f"{ADAPTERS_SETTING}: unknown bookmaker adapter {name!r}; known: {known}"
            )
        if adapter.bookmakers and bookmaker not in adapter.bookmakers:
            raise AdapterChoiceError(
                f"{ADAPTERS_SETTING}: adapter {name!r} places with {', '.join(adapter.bookmakers)}, "
                f"not {bookmaker!r}"
            )
        return adapter
