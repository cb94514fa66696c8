"""A statement a member can check by hand (issue 10, item 5): each pool, the member's
part of it as a percentage, pool × part ≈ the amount, and the dividend per mu."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Coop


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_pool_times_part_is_the_amount(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    plan: Any = coop.ok("distribute", "plan", "2020", "--format", "json").json()
    parts = {"patronage": Decimal(0), "residual": Decimal(0)}
    for member in ("Y001", "Y002", "Y007"):
        s: Any = coop.ok("statement", member, "--year", "2020", "--format", "json").json()
        for pool, amount_key in (
            ("patronage", "patronage_return"),
            ("residual", "residual_distribution"),
        ):
            total = Decimal(s[f"{pool}_pool"])
            assert total == Decimal(plan[f"{pool}_pool"])
            part = Decimal(s[f"{pool}_part_percent"])
            parts[pool] += part
            # the part is rounded to 1/10000 of a percent: pool × part is the amount to
            # within that rounding and the fen of the largest remainder
            assert abs(total * part / 100 - Decimal(s[amount_key])) <= total / 2_000_000 + Decimal(
                "0.01"
            ), (member, pool)
        mu = Decimal(s["patronage_basis"])
        per_mu = Decimal(s["dividend_per_mu"])
        assert abs(per_mu * mu - Decimal(s["dividend_total"])) <= Decimal("0.01") * mu + Decimal(
            "0.01"
        )
    text = coop.ok("statement", "Y001", "--year", "2020").out
    assert "每亩分红" in text and "全社 378,000.00 元 × 本户占" in text
    english = coop.ok("statement", "Y001", "--year", "2020", lang="en").out
    assert "Dividend per mu" in english and "3,150.00 yuan per mu" in english


def test_no_pool_before_the_distribution(coop: Coop) -> None:
    coop.ok("member", "add", "M1", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "2", "--date", "2024-01-01")
    s: Any = coop.ok("statement", "M1", "--year", "2024", "--format", "json").json()
    assert s["provisional"] is True
    assert s["patronage_pool"] is None and s["dividend_per_mu"] is None
    assert "每亩分红" not in coop.ok("statement", "M1", "--year", "2024").out
