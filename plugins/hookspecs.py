"""The hooks a stakewise plugin may implement (pluggy project name "stakewise").

A plugin is a module or an object with functions decorated by `hookimpl` whose names are the hooks below.
It implements any subset of them; an implementation may accept fewer arguments than its hook. Third-party
plugins are found through the entry-point group `stakewise.plugins` (see docs/plugins.md); the built-in
plugins (plugins/builtin/) register through the same hooks.

Every hook here collects: each plugin returns a sequence and the host joins them. Names must be unique
across plugins (two data sources called "football-data" are an error naming both plugins).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pluggy

from application.ports.betting_strategy import BettingStrategy
from application.ports.bookmaker_gateway import BookmakerGateway
from application.ports.bookmaker_limits import BookmakerLimits
from application.ports.clock import Clock
from application.ports.current_prices import CurrentPrices
from application.ports.model_catalogue import ModelCatalogue
from application.ports.notifier import Notifier
from application.ports.paper_order_log import PaperOrderLog
from application.ports.prediction_model import Parameters, PredictionModel

if TYPE_CHECKING:
    from application.ports.data_source import DataSource

PROJECT = "stakewise"
ENTRY_POINT_GROUP = "stakewise.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass(frozen=True, slots=True)
class Bookmaker:
    """A bookmaker (or exchange, or a market aggregate such as "average") and how sources name it.

    `key` is the name stored with every odds quote (e.g. "pinnacle"); `codes` maps a source name to the
    codes that source uses for it, e.g. {"football-data": ("PS", "P"), "odds-api": ("pinnacle",)}.
    """

    key: str
    name: str
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exchange: bool = False
    aggregate: bool = False


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a data source may use: the clock (for fetched_at) and every bookmaker the plugins declare."""

    clock: Clock
    bookmakers: Mapping[str, Bookmaker]
    http_timeout_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """A prediction model on offer.

    `create(parameters, catalogue)` builds it, defaults filled in for missing parameters; a model that
    stacks others (a blend) creates its components through `catalogue`, the others ignore it.
    """

    name: str
    create: Callable[[Parameters | None, ModelCatalogue], PredictionModel]
    description: str = ""


@dataclass(frozen=True, slots=True)
class StrategyEntry:
    """A betting strategy on offer (application.ports.betting_strategy.BettingStrategy).

    `create(parameters)` builds it, defaults filled in for missing parameters; an unknown parameter is a
    DomainError naming the known ones.
    """

    name: str
    create: Callable[[Parameters | None], BettingStrategy]
    description: str = ""


@dataclass(frozen=True, slots=True)
class GatewayContext:
    """What a bookmaker gateway may use: the clock, the current prices, the paper bookmaker's order log,
    the bookmaker limits (with their recorded changes), and the STAKEWISE_* settings."""

    clock: Clock
    prices: CurrentPrices
    paper_orders: PaperOrderLog
    limits: BookmakerLimits
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BookmakerAdapter:
    """A way of placing bets: `create(context)` builds its gateway.

    `bookmakers` are the keys it can place with; empty means any bookmaker (the paper bookmaker). Which
    adapter places for a bookmaker is chosen by STAKEWISE_BOOKMAKER_ADAPTERS (`key=adapter,...`); every
    bookmaker not named there is placed with the paper bookmaker.
    """

    name: str
    create: Callable[[GatewayContext], BookmakerGateway]
    bookmakers: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class NotifierEntry:
    """A notifier on offer: `create(settings)` builds it from the STAKEWISE_* settings.

    Which notifiers alerts go to is chosen by STAKEWISE_NOTIFIERS (comma-separated names; `log` unless set).
    """

    name: str
    create: Callable[[Mapping[str, str]], Notifier]
    description: str = ""


@hookspec
def stakewise_bookmakers() -> Sequence[Bookmaker]:  # type: ignore[empty-body]
    """Declare bookmakers: their stored key, display name and the codes each source uses for them.

    Sources map source codes (football-data's "B365", The Odds API's "williamhill") to these keys, so
    the same bookmaker has one name in the odds table whatever the source.
    """


@hookspec
def stakewise_data_sources(context: SourceContext) -> Sequence[DataSource]:  # type: ignore[empty-body]
    """Provide data sources (application.ports.data_source.DataSource): `stakewise ingest NAME LOCATOR`.

    A source fetches raw payloads from a locator (file, directory, URL) and parses each into source
    records; rows that fail validation come back as rejected rows with a reason, an unreadable payload
    raises application.pipeline.sources.PayloadError. `context` carries the clock and the bookmakers.
    """


@hookspec
def stakewise_models() -> Sequence[ModelEntry]:  # type: ignore[empty-body]
    """Provide prediction models (application.ports.prediction_model.PredictionModel) by name.

    Training, evaluation and prediction create them through the model catalogue by name and parameters.
    """


@hookspec
def stakewise_strategies() -> Sequence[StrategyEntry]:  # type: ignore[empty-body]
    """Provide betting strategies by name: `stakewise backtest --strategy NAME` and the live pipeline.

    A strategy gives each fixture the probabilities it believes and the bookmakers whose prices it takes;
    the backtest and the pipeline find the edges, stake and settle (see docs/plugins.md for an example).
    """


@hookspec
def stakewise_bookmaker_adapters() -> Sequence[BookmakerAdapter]:  # type: ignore[empty-body]
    """Provide bookmaker adapters (application.ports.bookmaker_gateway.BookmakerGateway) by name.

    A gateway places orders (idempotent on the client reference, the ticket id), cancels and reports
    bets. The built-in `paper` adapter places with any bookmaker against its current price.
    """


@hookspec
def stakewise_notifiers() -> Sequence[NotifierEntry]:  # type: ignore[empty-body]
    """Provide notifiers (application.ports.notifier.Notifier) by name: where alerts are sent.

    An alert (a price move on an open ticket, a bookmaker limit change, a rejection rate above its
    threshold) is stored once and then sent to every notifier named in STAKEWISE_NOTIFIERS.
    """
