"""The corrections of statutory.md §2 (issue 11, item 1): the forms show what is posted
(G1), `year close` refuses a balance on 181 (G2), 109 and 122 may be added (G3), 331 is
closed gross, and year-opening vouchers are 年初."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop
from tests.helpers import example_e1, snapshot


def form(coop: Coop, name: str, year: int) -> dict[int, list[Any]]:
    data: Any = coop.ok("report", name, "--year", str(year), "--format", "json").json()
    return {
        ln["no"]: [Decimal(v) if v is not None else None for v in ln["values"]]
        for ln in data["lines"]
    }


def sale(coop: Coop, date: str, amount: str, memo: str = "销售") -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        date,
        "--memo",
        memo,
        "--dr",
        "102",
        amount,
        "--cr",
        "50101",
        amount,
    )


def books(coop: Coop) -> Coop:
    coop.ok("charter", "set", "patronage_ratio", "0.6", "--from-year", "2024")
    coop.ok("account", "add", "50101", "经营收入—白术")
    coop.ok("member", "add", "M1", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("member", "add", "M2", "--name", "李四", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "3", "--date", "2024-01-01")
    coop.ok("land", "contribute", "M2", "--parcel", "P2", "--area", "1", "--date", "2024-01-01")
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-02-01")
    sale(coop, "2024-10-01", "20000")
    return coop


def check_links(coop: Coop, year: int) -> tuple[dict[int, list[Decimal]], dict[int, list[Decimal]]]:
    bs, ss, eq = (
        form(coop, "balance-sheet", year),
        form(coop, "surplus", year),
        form(coop, "equity-changes", year),
    )
    assert bs[22][0] == bs[42][0] and bs[22][1] == bs[42][1]
    assert ss[20][0] == bs[40][0]
    for col in range(6):
        assert eq[1][col] + eq[2][col] - eq[3][col] == eq[4][col], col
    assert [eq[4][c] for c in range(5)] == [bs[n][0] for n in (36, 37, 38, 39, 40)]
    return bs, ss


def test_forms_show_what_is_posted_between_close_and_post(coop: Coop) -> None:
    books(coop)
    coop.ok("year", "close", "2024")
    bs, ss = check_links(coop, 2024)
    surplus = Decimal("20000") - Decimal("4000")  # sales less the base of 4 mu
    assert ss[12][0] == surplus
    assert [ss[n][0] for n in (15, 17, 18, 19)] == [Decimal(0)] * 4
    assert ss[16][0] == ss[20][0] == surplus == bs[40][0]
    coop.ok("check")  # the links are checked always, not only under --strict
    coop.ok("check", "--strict")
    plan: Any = coop.ok("distribute", "plan", "2024", "--format", "json").json()
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-08")
    bs, ss = check_links(coop, 2024)
    assert ss[15][0] == Decimal(plan["reserve"]) + Decimal(plan["welfare"])
    assert ss[17][0] == Decimal(plan["patronage_pool"])
    assert ss[18][0] == Decimal(plan["residual_pool"])
    assert ss[20][0] == Decimal(plan["retained"]) == bs[40][0]
    coop.ok("check", "--strict")


def test_year_close_refuses_a_balance_on_181(coop: Coop) -> None:
    books(coop)
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-11-01",
        "--memo",
        "盘亏",
        "--dr",
        "181",
        "200",
        "--cr",
        "121",
        "200",
    )
    before = snapshot(coop.db, coop.code)
    r = coop("year", "close", "2024", lang="en")
    assert r.code == 1 and r.err.count("\n") == 1, r.err
    assert "181" in r.err and "200.00" in r.err and "(Dr)" in r.err and "2024-12-31" in r.err
    zh = coop("year", "close", "2024")
    assert zh.code == 1 and "181 待处理财产损溢" in zh.err and "200.00（借）" in zh.err, zh.err
    assert snapshot(coop.db, coop.code) == before
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-12-20",
        "--memo",
        "盘亏处理",
        "--dr",
        "529",
        "200",
        "--cr",
        "181",
        "200",
    )
    coop.ok("year", "close", "2024")


def test_109_and_122_may_be_added_with_their_names(coop: Coop) -> None:
    books(coop)
    coop.ok("account", "add", "109", "其他货币资金")
    coop.ok("account", "add", "10901", "微信")
    coop.ok("account", "add", "122", "包装物")
    r = coop("account", "add", "123", "别的", lang="en")
    assert r.code == 1
    wrong = coop("account", "add", "109", "微信钱包")
    assert wrong.code != 0  # already there; a new book would say its fixed name
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-10-02",
        "--memo",
        "微信收款",
        "--dr",
        "10901",
        "300",
        "--cr",
        "50101",
        "300",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-10-03",
        "--memo",
        "买包装袋",
        "--dr",
        "122",
        "50",
        "--cr",
        "102",
        "50",
    )
    bs = form(coop, "balance-sheet", 2024)
    tb: Any = coop.ok("report", "trial-balance", "--format", "json").json()
    cash = sum(
        Decimal(a["balance"]) for a in tb["accounts"] if a["code"][:3] in ("101", "102", "109")
    )
    assert bs[1][0] == cash and bs[3][0] == Decimal("50.00")
    coop.ok("check")


def test_a_name_other_than_the_fixed_one_is_refused(coop: Coop) -> None:
    before = snapshot(coop.db, coop.code)
    r = coop("account", "add", "109", "微信钱包", lang="en")
    assert r.code == 1 and "其他货币资金" in r.err and r.err.count("\n") == 1
    assert snapshot(coop.db, coop.code) == before


def test_331_is_closed_gross(coop: Coop) -> None:
    """The domain check's example E1 (益民合作社): income 600,000 + 100,000 + 80,000,
    expenses 400,000 + 200,000 + 60,000 → 331 贷 780,000 / 借 660,000; 本年盈余 120,000."""
    example_e1(coop)
    coop.ok("year", "close", "2024")
    vouchers: Any = coop.ok("voucher", "list", "--year", "2024", "--format", "json").json()
    close = next(v for v in vouchers["vouchers"] if v["kind"] == "close_income")
    shown: Any = coop.ok("voucher", "show", close["number"], "--format", "json").json()
    lines331 = [ln for ln in shown["lines"] if ln["account"] == "331"]
    debit = sum(Decimal(ln["debit"] or 0) for ln in lines331)
    credit = sum(Decimal(ln["credit"] or 0) for ln in lines331)
    assert (debit, credit) == (Decimal("660000.00"), Decimal("780000.00"))
    assert form(coop, "surplus", 2024)[12][0] == Decimal("120000.00")
    coop.ok("check")


def test_an_opening_undistributed_surplus_is_year_opening(coop: Coop, tmp_path: Path) -> None:
    """An opening import dated Y-01-01 is 年初: 01表's 年初 column, 02表 line 13, U0 in the
    plan and 03表's opening row all hold it."""
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,5000.00,,,\n33202,,,,5000.00,,\n",
        encoding="utf-8",
    )
    coop.ok("opening", "import", str(opening), "--date", "2024-01-01")
    books(coop)
    bs = form(coop, "balance-sheet", 2024)
    assert bs[1][1] == Decimal("5000.00") and bs[40][1] == Decimal("5000.00")
    coop.ok("year", "close", "2024")
    ss = form(coop, "surplus", 2024)
    assert ss[13][0] == Decimal("5000.00")
    plan: Any = coop.ok("distribute", "plan", "2024", "--format", "json").json()
    assert Decimal(plan["opening_undistributed"]) == Decimal("5000.00")
    eq = form(coop, "equity-changes", 2024)
    assert eq[1][4] == Decimal("5000.00")  # 未分配盈余 at the start, not an increase
    check_links(coop, 2024)
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-08")
    check_links(coop, 2024)
    coop.ok("check", "--strict")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_demo_before_and_after_its_distribution(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    check_links(coop, 2020)
    coop.ok("check", "--strict")
