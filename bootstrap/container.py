"""The composition root: the one place that names concrete adapters and wires the use cases."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.use_cases.devig_market import DevigMarket


class Container(containers.DeclarativeContainer):
    devig_market = providers.Factory(DevigMarket)
