"""Use case: the champion model of every league that has fixtures to bet on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.errors import NotFound
from application.modelling.registry import registry_name
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork
from application.ports.match_history import MatchHistory
from application.ports.model_registry import ModelRegistry
from application.use_cases.upcoming_fixtures import UpcomingWindow


@dataclass(frozen=True, slots=True)
class FindChampionsRequest:
    window: UpcomingWindow
    model: str


@dataclass(frozen=True, slots=True)
class LeagueChampion:
    league: str
    name: str  # the registry name, model/league
    version: int


@dataclass(frozen=True, slots=True)
class Champions:
    champions: tuple[LeagueChampion, ...]
    without_champion: tuple[str, ...]  # leagues with fixtures in the window whose model has no champion


class FindChampions:
    """For each stored league with fixtures in the window: the champion version of model/league.

    Rules: leagues come from the stored competitions, in code order; a league with no fixture in the window
    is left out (nothing to bet on); a league whose model has no champion is listed as without one (the
    pipeline trains it first), never predicted with a challenger.
    """

    def __init__(
        self,
        ingestion: Callable[[], IngestionUnitOfWork],
        history: MatchHistory,
        registry: ModelRegistry,
    ) -> None:
        self._ingestion, self._history, self._registry = ingestion, history, registry

    async def execute(self, request: FindChampionsRequest) -> Champions:
        async with self._ingestion() as uow:
            leagues = [competition.code for competition in await uow.competitions.competitions()]
        found: list[LeagueChampion] = []
        missing: list[str] = []
        for league in leagues:
            if not await self._has_fixtures(league, request.window):
                continue
            name = registry_name(request.model, league)
            champion = await self._registry.champion(name)
            if champion is None:
                missing.append(league)
            else:
                found.append(LeagueChampion(league, name, champion.version))
        return Champions(tuple(found), tuple(missing))

    async def _has_fixtures(self, league: str, window: UpcomingWindow) -> bool:
        try:
            history = await self._history.league(league)
        except NotFound:  # a competition with no stored match
            return False
        return bool(window.fixtures(history.matches))
