"""Model parameters: defaults filled in, unknown names and wrong types refused with a clear error."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from domain.errors import InvalidModelInput

if TYPE_CHECKING:
    from collections.abc import Mapping

    from application.ports.prediction_model import Parameters


def merged_parameters(model: str, defaults: Mapping[str, Any], given: Parameters | None) -> dict[str, Any]:
    merged = dict(defaults)
    for name, value in (given or {}).items():
        if name not in defaults:
            known = ", ".join(sorted(defaults))
            raise InvalidModelInput(f"{model} has no parameter {name!r} (it has: {known})")
        merged[name] = _same_type(model, name, value, defaults[name])
    return merged


def _same_type(model: str, name: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InvalidModelInput(f"{model} parameter {name!r} must be true or false, not {value!r}")
        return value
    if isinstance(default, int | float) and not isinstance(value, bool) and isinstance(value, int | float):
        if not math.isfinite(value) or (isinstance(default, int) and not float(value).is_integer()):
            raise InvalidModelInput(f"{model} parameter {name!r} must be a finite {type(default).__name__}")
        return type(default)(value)
    if isinstance(default, list | tuple) and isinstance(value, list | tuple):
        return list(value)
    if isinstance(default, str) and isinstance(value, str):
        return value
    raise InvalidModelInput(f"{model} parameter {name!r} must be a {type(default).__name__}, not {value!r}")


def positive(model: str, name: str, value: float, allow_zero: bool = False) -> float:
    if value < 0.0 or (value == 0.0 and not allow_zero):
        bound = "at least 0" if allow_zero else "above 0"
        raise InvalidModelInput(f"{model} parameter {name!r} must be {bound}, not {value!r}")
    return value
