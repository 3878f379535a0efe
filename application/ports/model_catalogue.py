"""Port: the prediction models on offer (built-in and third-party plugins), created by name."""

from __future__ import annotations

from typing import Protocol

from application.ports.prediction_model import Parameters, PredictionModel


class ModelCatalogue(Protocol):
    def names(self) -> list[str]:
        """Every model name on offer, sorted."""
        ...

    def create(self, name: str, parameters: Parameters | None = None) -> PredictionModel:
        """The model `name` with these parameters (defaults for the rest); an unknown name or parameter
        is a DomainError naming it."""
        ...
