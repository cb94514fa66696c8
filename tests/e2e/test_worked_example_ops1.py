"""operations.md §10, the part issue 12's commands make: the contributions, the donation of
3,000.00 quantified 750.00 each, the labour paid to M2 through payee P01, the tractor
contributed by M4 (2,000.00 to 321, poverty tag) and its depreciation of 190.00 a month
from August, 950.00 for the year. Every voucher's lines and amounts, to the fen."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop


def _lines(coop: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    v: Any = coop.ok("voucher", "show", number, "--format", "json").json()
    return [
        (ln["account"], ln["member_no"] or ln["payee_no"], ln["debit"], ln["credit"])
        for ln in v["lines"]
    ]


def test_the_worked_example_of_operations_i(coop: Coop) -> None:
    coop.ok("charter", "set", "reserve_rate", "0.10", "--from-year", "2024")
    for no, name in (("M1", "张大"), ("M2", "李二"), ("M3", "王三"), ("M4", "赵四")):
        coop.ok("member", "add", no, "--name", name, "--joined-on", "2024-01-01")
    coop.ok("account", "add", "40101", "生产成本—白术(2024)")
    numbers = [
        coop.ok("member", "contribute", m, "--amount", a, "--date", "2024-01-01").out.strip()
        for m, a in (("M1", "20000"), ("M2", "20000"), ("M3", "10000"), ("M4", "10000"))
    ]
    assert numbers == ["2024-1", "2024-2", "2024-3", "2024-4"]
    assert _lines(coop, "2024-1") == [
        ("102", None, "20000.00", "0.00"),
        ("301", "M1", "0.00", "20000.00"),
    ]
    seeds = coop.ok("voucher", "add", "--date", "2024-03-05", "--memo", "购白术种苗、肥料",
                    "--dr", "40101", "8000", "--cr", "102", "8000",
                    "--attachments", "2").out.strip()  # fmt: skip
    assert seeds == "2024-5"
    gift = coop.ok("donation", "receive", "--date", "2024-03-15", "--amount", "3000",
                   "--donor", "某农业公司").out.strip()  # fmt: skip
    assert gift == "2024-6"
    assert _lines(coop, gift) == [
        ("102", None, "3000.00", "0.00"),
        ("311", None, "0.00", "3000.00"),
    ]
    coop.ok("payee", "add", "P01", "--member", "M2")
    accrued = coop.ok("labour", "accrue", "P01", "--date", "2024-05-31", "--amount", "1500",
                      "--account", "213", "--cost-centre", "40101",
                      "--memo", "白术田间管理").out.strip()  # fmt: skip
    assert accrued == "2024-7"
    assert _lines(coop, accrued) == [
        ("40101", None, "1500.00", "0.00"),
        ("213", "P01", "0.00", "1500.00"),
    ]
    paid = coop.ok("labour", "pay", "--date", "2024-06-10", "--payee", "P01").out.strip()
    assert paid == "2024-8"
    assert _lines(coop, paid) == [
        ("213", "P01", "1500.00", "0.00"),
        ("102", None, "0.00", "1500.00"),
    ]
    tractor = coop.ok(
        "member", "contribute-asset", "M4", "--date", "2024-07-01", "--account", "151",
        "--value", "12000", "--capital", "10000", "--source", "poverty", "--asset", "FA01",
        "--name", "手扶拖拉机", "--life-months", "60", "--residual", "600",
        "--cost-centre", "40101", "--poverty",
    ).out.strip()  # fmt: skip
    assert tractor == "2024-9"  # 2024-12 in §10, which has the product vouchers between
    assert _lines(coop, tractor) == [
        ("151", None, "12000.00", "0.00"),
        ("301", "M4", "0.00", "10000.00"),
        ("321", None, "0.00", "2000.00"),
    ]
    july: Any = coop.ok("asset", "depreciate", "--month", "2024-07", "--format", "json").json()
    assert july["voucher"] is None
    total = 0
    for month in ("08", "09", "10", "11", "12"):
        run: Any = coop.ok("asset", "depreciate", "--month", f"2024-{month}", "--format",
                           "json").json()  # fmt: skip
        assert _lines(coop, run["voucher"]) == [
            ("40101", None, "190.00", "0.00"),
            ("152", None, "0.00", "190.00"),
        ]
        total += 19000
    assert total == 95000  # 950.00 for the year
    card: Any = coop.ok("asset", "show", "FA01", "--format", "json").json()
    assert card["asset"]["accumulated"] == "950.00"
    m4: Any = coop.ok("report", "member-account", "M4", "--year", "2024", "--format",
                      "json").json()  # fmt: skip
    assert m4["closing"]["capital_poverty"] == "10000.00"  # the tractor
    assert m4["closing"]["capital_other"] == "10000.00"  # the cash of 01-01
    assert m4["closing"]["donation_share"] == "750.00"
    statement: Any = coop.ok("statement", "M2", "--year", "2024", "--format", "json").json()
    assert statement["labour_paid"] == "1500.00"
    bal: Any = coop.ok("report", "balances", "--year", "2024", "--format", "json").json()
    closing = {r["code"]: r for r in bal["accounts"]}
    assert closing["40101"]["closing_debit"] == "10450.00"  # 8,000 + 1,500 + 950
    coop.ok("check")
