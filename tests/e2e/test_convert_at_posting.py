"""Converting distributable surplus into 股金 as the distribution is posted (operations.md
§2.7, 02表 line 19, law art. 44): `distribute plan|post Y --convert RATIO`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tests.conftest import Coop

RATIO = Decimal("0.3333")


def _year(coop: Coop) -> Coop:
    for m in ("M1", "M2", "M3"):
        coop.ok("member", "add", m, "--name", f"成员{m}", "--joined-on", "2024-01-01")
    for m, parcel, area, day in (("M1", "P1", "2", "01-01"), ("M2", "P2", "1", "01-01"),
                                 ("M3", "P3", "1.5", "07-01")):  # fmt: skip
        coop.ok("land", "contribute", m, "--parcel", parcel, "--area", area,
                "--date", f"2024-{day}")  # fmt: skip
    coop.ok("voucher", "add", "--date", "2024-06-01", "--memo", "销售", "--dr", "102", "10000",
            "--cr", "501", "10000")  # fmt: skip
    coop.ok("year", "close", "2024")
    return coop


def _half_up(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _json(coop: Coop, *args: str) -> Any:
    return coop.ok(*args, "--format", "json").json()


def test_the_plan_the_voucher_and_the_forms(coop: Coop) -> None:
    _year(coop)
    plain = _json(coop, "distribute", "plan", "2024")
    assert (plain["convert_ratio"], plain["converted"]) == ("0.0000", "0.00")
    assert {m["converted"] for m in plain["members"]} == {"0.00"}
    plan = _json(coop, "distribute", "plan", "2024", "--convert", "0.3333")
    assert plan["convert_ratio"] == "0.3333"
    expected = {}
    for before, after in zip(plain["members"], plan["members"], strict=True):
        p, q = Decimal(before["patronage_return"]), Decimal(before["residual_distribution"])
        cp, cq = _half_up(p * RATIO), _half_up(q * RATIO)
        assert after["patronage_return"] == before["patronage_return"]  # as allocated
        assert (Decimal(after["converted_patronage"]), Decimal(after["converted_residual"])) == (
            cp,
            cq,
        )
        assert Decimal(after["converted"]) == cp + cq
        expected[before["member_no"]] = (p, q, cp, cq)
    total = sum(cp + cq for _p, _q, cp, cq in expected.values())
    assert Decimal(plan["converted"]) == total

    r = coop("distribute", "post", "2024", "--convert", "1.5", "--approved-on", "2025-01-10")
    assert r.code == 2 and "--convert" in r.err and len(r.err.strip().splitlines()) == 1
    assert _json(coop, "voucher", "list")["vouchers"][-1]["kind"] == "close_surplus"

    numbers = coop.ok("distribute", "post", "2024", "--convert", "0.3333", "--approved-on",
                      "2025-01-10").out.split()  # fmt: skip
    v = _json(coop, "voucher", "show", numbers[0])
    credits = {(ln["account"], ln["member_no"]): Decimal(ln["credit"]) for ln in v["lines"]}
    for m, (p, q, cp, cq) in expected.items():
        assert credits[("221", m)] == p - cp
        assert credits[("222", m)] == q - cq
        assert credits[("301", m)] == cp + cq

    # Another ratio is another plan: refused once posted; the same one is a no-op.
    r = coop("distribute", "post", "2024", "--convert", "0.5")
    assert r.code == 1 and "--convert" in r.err
    coop.ok("distribute", "post", "2024", "--convert", "0.3333")

    surplus = _json(coop, "report", "surplus", "--year", "2024")
    line = {row["no"]: Decimal(row["values"][0]) for row in surplus["lines"]}
    pools = Decimal(plan["patronage_pool"]), Decimal(plan["residual_pool"])
    assert line[17] == pools[0] - sum(e[2] for e in expected.values())
    assert line[18] == pools[1] - sum(e[3] for e in expected.values())
    assert line[19] == total
    sheet = _json(coop, "report", "balance-sheet", "--year", "2024")
    assert {row["no"]: row["values"][0] for row in sheet["lines"]}[40] == "0.00"
    assert line[20] == Decimal("0.00")

    m1 = _json(coop, "report", "member-account", "M1", "--year", "2024")
    p, q, cp, cq = expected["M1"]
    row = next(e for e in m1["entries"] if e["voucher"] == numbers[0])
    assert Decimal(row["patronage_return"]) == p  # as allocated
    assert Decimal(row["residual_distribution"]) == q
    assert Decimal(row["capital_other"]) == cp + cq  # 出资 +, on the same row

    statement = _json(coop, "statement", "M1", "--year", "2024")
    assert Decimal(statement["converted"]) == cp + cq
    assert (
        Decimal(statement["patronage_return"]),
        Decimal(statement["residual_distribution"]),
    ) == (
        p,
        q,
    )  # as allocated, adding up to the total
    assert Decimal(statement["dividend_total"]) == p + q
    assert Decimal(statement["unpaid"]) == p + q - cp - cq
    coop.ok("distribute", "pay", "2024", "--date", "2025-02-01")
    statement = _json(coop, "statement", "M1", "--year", "2024")
    assert Decimal(statement["paid"]) == p + q - cp - cq and statement["unpaid"] == "0.00"
    coop.ok("check")


def test_the_conversion_counts_in_the_next_years_residual_basis(coop: Coop) -> None:
    _year(coop)
    before = {m["member_no"]: Decimal(m["residual_basis"])
              for m in _json(coop, "distribute", "plan", "2024")["members"]}  # fmt: skip
    coop.ok("distribute", "post", "2024", "--convert", "1")
    statement = _json(coop, "statement", "M2", "--year", "2024")
    capital = Decimal(statement["share_capital"])
    assert capital > Decimal("1000.00")  # the land and the whole of p and q converted
    coop.ok("voucher", "add", "--date", "2025-06-01", "--memo", "销售", "--dr", "102", "100",
            "--cr", "501", "100")  # fmt: skip
    coop.ok("year", "close", "2025")
    after = {m["member_no"]: Decimal(m["residual_basis"])
             for m in _json(coop, "distribute", "plan", "2025")["members"]}  # fmt: skip
    # M2 held 1 mu (1,000.00) all 2024 and all 2025: the conversion, a year-end entry of
    # 2024, is not in 2024's basis, and in 2025's for the whole year, as is the reserve
    # share the 2024 distribution gave.
    assert before["M2"] == Decimal("1000.00")
    assert after["M2"] == capital + Decimal(statement["reserve_share"])
    coop.ok("check")


def test_the_notes_draft_the_plan_with_retain_and_convert(coop: Coop) -> None:
    _year(coop)
    r = coop("report", "notes", "--year", "2024", "--convert", "2")
    assert r.code == 2 and "--convert" in r.err and r.err.count("\n") == 1
    draft = coop.ok("report", "notes", "--year", "2024", "--retain", "100", "--convert",
                    "0.5").out  # fmt: skip
    assert "留存 100.00 元" in draft and "按出资额等分配 3500.00 元" in draft
    # half of each member's p and q, each half-up to the fen: the plan's sum
    plan = _json(coop, "distribute", "plan", "2024", "--retain", "100", "--convert", "0.5")
    expected = sum(
        _half_up(Decimal(m["patronage_return"]) / 2)
        + _half_up(Decimal(m["residual_distribution"]) / 2)
        for m in plan["members"]
    )
    assert plan["converted"] == str(expected)
    assert f"其中 {expected} 元转为成员出资（比例 0.5000）" in draft
    plain = coop.ok("report", "notes", "--year", "2024").out
    assert "留存 0.00 元" in plain and "转为成员出资（比例" not in plain
