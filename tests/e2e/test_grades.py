"""Land value and base payment by grade (operations.md §8): the charter's grade table, the
booked value at contribution, the base per parcel by its grade in the year, shares, and
regrading from a year on (base rate and shares follow, never the booked value)."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop


def _base(coop: Coop, year: str) -> dict[str, tuple[str, str, str | None]]:
    rows: Any = coop.ok("base", "list", "--year", year, "--format", "json").json()
    return {r["parcel_no"]: (r["rate"], r["amount"], r["grade"]) for r in rows["payments"]}


def test_grades_value_the_land_and_set_its_base(coop: Coop) -> None:
    coop.ok("charter", "grade", "set", "水田一等", "--value", "1200", "--base-rate", "1100",
            "--shares-per-mu", "1.2", "--from-year", "2024")  # fmt: skip
    coop.ok("charter", "grade", "set", "旱地", "--value", "800", "--base-rate", "700",
            "--from-year", "2024")  # fmt: skip
    listed: Any = coop.ok("charter", "grade", "list", "--year", "2024", "--format", "json").json()
    assert listed["grades"] == [
        {"grade": "旱地", "value_per_mu": "800.00", "base_rate": "700.00", "shares_per_mu": "1.00"},
        {"grade": "水田一等", "value_per_mu": "1200.00", "base_rate": "1100.00",
         "shares_per_mu": "1.20"},
    ]  # fmt: skip
    coop.ok("member", "add", "M1", "--name", "甲", "--joined-on", "2024-01-01")
    for parcel, area, grade in (("A1", "2", "水田一等"), ("A2", "1.5", "旱地"), ("A3", "1", "")):
        extra = ["--grade", grade] if grade else []
        coop.ok("land", "contribute", "M1", "--parcel", parcel, "--area", area, "--date",
                "2024-01-01", *extra)  # fmt: skip
    capital: Any = coop.ok("report", "trial-balance", "--format", "json").json()
    booked = {a["code"]: a["balance"] for a in capital["accounts"]}
    assert booked["161"] == "4600.00"  # 2 × 1,200 + 1.5 × 800 + 1 × 1,000 (the charter's)
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-03-01")
    assert _base(coop, "2024") == {
        "A1": ("1100.00", "2200.00", "水田一等"),
        "A2": ("700.00", "1050.00", "旱地"),
        "A3": ("1000.00", "1000.00", None),  # no grade: the charter's base_rate
    }
    statement: Any = coop.ok("statement", "M1", "--year", "2024", "--format", "json").json()
    assert statement["shares"] == "4.9000"  # 2 × 1.2 + 1.5 × 1 + 1 × 1
    # A2 becomes 水田一等 from 2025: its base and shares follow, its booked value does not
    coop.ok("land", "regrade", "A2", "--grade", "水田一等", "--from-year", "2025")
    again = coop.ok("land", "regrade", "A2", "--grade", "水田一等", "--from-year", "2025")
    assert again.err  # nothing to do, said
    coop.ok("base", "pay", "--year", "2025", "--date", "2025-03-01")
    assert _base(coop, "2025")["A2"] == ("1100.00", "1650.00", "水田一等")
    assert _base(coop, "2024")["A2"][2] == "旱地"
    coop.ok("base", "pay", "--year", "2026", "--date", "2026-03-01", "--rate", "500")
    assert {p: r[1] for p, r in _base(coop, "2026").items()} == {
        "A1": "1000.00",
        "A2": "750.00",
        "A3": "500.00",
    }  # --rate overrides every grade for the run
    capital = coop.ok("report", "trial-balance", "--format", "json").json()
    assert {a["code"]: a["balance"] for a in capital["accounts"]}["161"] == "4600.00"
    coop.ok("check")


def test_grade_refusals_write_nothing(coop: Coop) -> None:
    coop.ok("member", "add", "M1", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "A1", "--area", "2", "--date", "2024-01-01")
    coop.ok("year", "close", "2024")
    head = coop.ok("head").out
    for args, code in (
        (["charter", "grade", "set", "一 等", "--value", "1", "--base-rate", "1",
          "--from-year", "2025"], 2),
        (["charter", "grade", "set", "一等", "--value", "1.234", "--base-rate", "1",
          "--from-year", "2025"], 2),
        (["charter", "grade", "set", "一等", "--value", "1", "--base-rate", "1",
          "--from-year", "2024"], 1),
        (["charter", "set", "grade:一等:value", "1", "--from-year", "2025"], 2),
        (["land", "regrade", "A1", "--grade", "一等", "--from-year", "2024"], 1),
        (["land", "regrade", "A9", "--grade", "一等", "--from-year", "2025"], 1),
    ):  # fmt: skip
        r = coop(*args)
        assert r.code == code, (args, r.err)
        assert len(r.err.strip().splitlines()) == 1, r.err
        assert coop.ok("head").out == head, args
