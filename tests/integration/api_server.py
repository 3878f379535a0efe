"""The ASGI app factory that test server processes run: the real composition root (PostgreSQL from
STAKEWISE_DATABASE_URL) with a scripted policy engine in place of the compliance policies."""

from __future__ import annotations

from dependency_injector import providers
from litestar import Litestar

from bootstrap.api import create_app as create_api
from bootstrap.container import Container
from tests.fakes.policy import AgeAndExclusionPolicy


def create_app() -> Litestar:
    container = Container()
    container.policy_engine.override(providers.Singleton(AgeAndExclusionPolicy))
    return create_api(container)
