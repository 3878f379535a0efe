"""Port: the betting strategies on offer, created by name and parameters (plugins provide them)."""

from __future__ import annotations

from typing import Protocol

from application.ports.betting_strategy import BettingStrategy
from application.ports.prediction_model import Parameters


class StrategyCatalogue(Protocol):
    def names(self) -> list[str]: ...

    def create(self, name: str, parameters: Parameters | None = None) -> BettingStrategy:
        """UnknownPluginItem (a DomainError) for an unknown name; DomainError for an unknown parameter."""
        ...
