"""Money as integer øre: Billy sends amounts as JSON numbers (floats with two decimals); reports add them exactly.

A Billy float becomes øre by rounding value × 100 when that is already within a millionth of a whole number
(every two-decimal amount is), and through `Decimal` otherwise, so no sum is ever a float sum.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

# decimal is imported only on the rare path that needs it: it costs a cold start about 2 ms.


class BadAmount(ValueError):
    """A value from Billy that is not a finite amount of money."""


def to_ore(value: object) -> int:
    """Billy's amount (number or numeric string) in øre, rounded half up to the øre; refuses anything else."""
    if isinstance(value, bool) or value is None:
        raise BadAmount(repr(value))
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadAmount(repr(value))
        scaled = value * 100
        nearest = round(scaled)
        if abs(scaled - nearest) < 1e-6:
            return int(nearest)
        from decimal import Decimal

        return _decimal_ore(Decimal(repr(value)))
    if isinstance(value, str):
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise BadAmount(repr(value)[:40]) from None
        if not number.is_finite():
            raise BadAmount(repr(value)[:40])
        return _decimal_ore(number)
    raise BadAmount(type(value).__name__)


def _decimal_ore(number: Decimal) -> int:
    from decimal import ROUND_HALF_UP, Decimal

    return int((number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100).to_integral_value())


def kroner(ore: int) -> float:
    """Øre as a JSON number with two decimals: for two-decimal values the float's shortest form is exact."""
    return ore / 100
