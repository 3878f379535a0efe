"""Built-in plugin `betfair-replay`: the `betfair-stream` data source and the `betfair-replay` exchange.

The exchange places with the bookmaker `betfair-exchange` when STAKEWISE_BOOKMAKER_ADAPTERS says
`betfair-exchange=betfair-replay` and STAKEWISE_BETFAIR_STREAM names the recorded files to replay.
"""

from __future__ import annotations

from plugins.builtin.betfair_replay.exchange import BOOKMAKER, ExchangeSettings, ReplayExchange
from plugins.builtin.betfair_replay.replay import Replay
from plugins.builtin.betfair_replay.source import BetfairStreamSource
from plugins.hookspecs import BookmakerAdapter, GatewayContext, SourceContext, hookimpl

DESCRIPTION = "Betfair Exchange replay: back orders matched against recorded stream files"


def create(context: GatewayContext) -> ReplayExchange:
    settings = ExchangeSettings.from_settings(context.settings)
    return ReplayExchange(
        context, Replay.from_path(settings.stream, settings.competition), settings.commission
    )


@hookimpl
def stakewise_data_sources(context: SourceContext) -> tuple[BetfairStreamSource, ...]:
    return (BetfairStreamSource(context),)


@hookimpl
def stakewise_bookmaker_adapters() -> tuple[BookmakerAdapter, ...]:
    return (BookmakerAdapter("betfair-replay", create, (BOOKMAKER,), DESCRIPTION),)
