"""Money in øre: every amount Billy sends becomes exact øre, or is refused."""

from __future__ import annotations

import pytest

from billy_mcp.reports._money import BadAmount, kroner, to_ore


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1 + 0.2, 30),
        (44.28, 4428),
        (1e6 + 0.07, 100000007),
        (-12.5, -1250),
        (7, 700),
        ("19.99", 1999),
        ("0.005", 1),
        (2.675, 268),
    ],
)
def test_amounts_become_exact_ore(value: object, expected: int) -> None:
    assert to_ore(value) == expected


@pytest.mark.parametrize("value", [None, True, float("nan"), float("inf"), "abc", "Infinity", [1]])
def test_anything_else_is_refused(value: object) -> None:
    with pytest.raises(BadAmount):
        to_ore(value)


def test_sums_of_many_amounts_stay_exact() -> None:
    assert sum(to_ore(0.1) for _ in range(1000)) == 10000 and kroner(10000) == 100.0 and kroner(-5) == -0.05
