"""Task kwargs back into the payload dataclasses of the contracts: how every consumer reads.

Tolerant of fields a newer producer adds (they are ignored), so that a payload may grow
without breaking a worker that has not been deployed yet (a rolling deploy); a missing
required field fails loudly (TypeError).
"""

import dataclasses
import typing
from typing import Any, TypeVar

T = TypeVar("T")


def payload_parse(cls: type[T], data: dict[str, Any]) -> T:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for name, value in data.items():
        if name not in known:
            continue
        values[name] = _value_parse(hints[name], value)
    return cls(**values)


def _value_parse(hint: Any, value: Any) -> Any:
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return payload_parse(hint, value)
    origin = typing.get_origin(hint)
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(hint)
        return [_value_parse(item, v) for v in value]
    return value
