"""What the command line needs from the composition root: one factory per use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from adapters.cli.services_cmd import ServiceControl
from adapters.http.server import ApiServer
from application.use_cases.create_api_key import CreateApiKey
from application.use_cases.create_partner import CreatePartner
from application.use_cases.devig_market import DevigMarket
from application.use_cases.open_bankroll import OpenBankroll
from application.use_cases.price_fixture import PriceFixture
from application.use_cases.revoke_api_key import RevokeApiKey


class CliServices(Protocol):
    @property
    def devig_market(self) -> Callable[[], DevigMarket]: ...

    @property
    def price_fixture(self) -> Callable[[], PriceFixture]: ...

    @property
    def create_partner(self) -> Callable[[], CreatePartner]: ...

    @property
    def create_api_key(self) -> Callable[[], CreateApiKey]: ...

    @property
    def revoke_api_key(self) -> Callable[[], RevokeApiKey]: ...

    @property
    def open_bankroll(self) -> Callable[[], OpenBankroll]: ...

    @property
    def api_server(self) -> Callable[[], ApiServer]: ...

    @property
    def embedded_services(self) -> Callable[[], ServiceControl]: ...
