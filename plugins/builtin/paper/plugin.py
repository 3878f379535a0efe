"""Built-in plugin `paper`: the paper bookmaker adapter, placing with any bookmaker (see bookmaker.py)."""

from __future__ import annotations

from plugins.builtin.paper.bookmaker import PaperBookmaker
from plugins.builtin.paper.settings import PaperSettings
from plugins.hookspecs import BookmakerAdapter, GatewayContext, hookimpl

DESCRIPTION = "paper trading: fills against the current price, with limits, latency and rejections"


def create(context: GatewayContext) -> PaperBookmaker:
    return PaperBookmaker(context, PaperSettings.from_settings(context.settings))


@hookimpl
def stakewise_bookmaker_adapters() -> tuple[BookmakerAdapter, ...]:
    return (BookmakerAdapter("paper", create, (), DESCRIPTION),)
