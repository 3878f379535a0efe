"""Registry records: trained model versions, their stages, and promotion decisions.

A registry name is `model/league` (e.g. `dixon-coles/E0`): team-based models are fitted per league, and
each registry name has its own versions and at most one champion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from application.ports.prediction_model import JsonValue, Parameters
from domain.errors import InvalidModelInput


class Stage(StrEnum):
    CHALLENGER = "challenger"
    CHAMPION = "champion"
    RETIRED = "retired"


def registry_name(model: str, league: str) -> str:
    if not model or not league or "/" in model or "/" in league:
        raise InvalidModelInput(f"invalid model {model!r} or league {league!r}: both needed, without '/'")
    return f"{model}/{league}"


@dataclass(frozen=True, slots=True)
class NewModelVersion:
    model: str
    league: str
    parameters: Parameters
    training_data_versions: Sequence[str]
    metrics: Mapping[str, JsonValue]
    artefact: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return registry_name(self.model, self.league)


@dataclass(frozen=True, slots=True)
class RegisteredModel:
    name: str
    version: int
    parameters: Parameters
    training_data_versions: tuple[str, ...]
    metrics: Mapping[str, JsonValue]
    artefact: bytes = field(repr=False)
    artefact_sha256: str
    stage: Stage
    created_at: datetime

    @property
    def model(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def league(self) -> str:
        return self.name.split("/", 1)[1]


@dataclass(frozen=True, slots=True)
class PromotionDecision:
    """The champion/challenger rule applied once: promoted or not, with the evidence."""

    name: str
    challenger_version: int
    champion_version: int | None
    promoted: bool
    reason: str
    metric: str
    challenger_score: float | None
    champion_score: float | None
    margin: float
    seasons: tuple[str, ...]
    n_matches: int
    decided_at: datetime
