"""How workflow messages travel: Temporal's JSON, plus exact decimals (money) and dates.

Money crosses Temporal as a decimal string, never as a float; the client, every worker and the replay
tests use this same converter.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from temporalio.converter import (
    AdvancedJSONEncoder,
    CompositePayloadConverter,
    DataConverter,
    DefaultPayloadConverter,
    JSONPlainPayloadConverter,
    JSONTypeConverter,
)


class _Encoder(AdvancedJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, date) and not isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


class _DecimalsAndDates(JSONTypeConverter):
    def to_typed_value(self, hint: type, value: Any) -> Any:
        if hint is Decimal and isinstance(value, str | int):
            try:
                return Decimal(value)
            except InvalidOperation as error:
                raise TypeError(f"not a decimal: {value!r}") from error
        if hint is date and isinstance(value, str):
            return date.fromisoformat(value)
        return JSONTypeConverter.Unhandled


class _JsonWithDecimals(JSONPlainPayloadConverter):
    def __init__(self) -> None:
        super().__init__(encoder=_Encoder, custom_type_converters=[_DecimalsAndDates()])


class _PayloadConverter(CompositePayloadConverter):
    def __init__(self) -> None:
        super().__init__(
            *(
                _JsonWithDecimals() if isinstance(converter, JSONPlainPayloadConverter) else converter
                for converter in DefaultPayloadConverter.default_encoding_payload_converters
            )
        )


DATA_CONVERTER = dataclasses.replace(DataConverter.default, payload_converter_class=_PayloadConverter)
