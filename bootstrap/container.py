"""The composition root: the one place that names concrete adapters and wires the use cases."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.use_cases.devig_market import DevigMarket
from application.use_cases.price_fixture import PriceFixture


class Container(containers.DeclarativeContainer):
    devig_market = providers.Factory(DevigMarket)
    price_fixture = providers.Factory(PriceFixture)
