"""The books of statutory.md §9 (issue 11, item 5): 科目余额表 (`report balances`) and 总账
(`report general-ledger`): every row foots, sides as §1.2 defines them, year-opening
vouchers in the opening."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop
from tests.helpers import example_e1

D = Decimal
SIX = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")


def figures(row: dict[str, Any]) -> list[Decimal]:
    return [D(row[k]) for k in SIX]


def assert_foots(data: dict[str, Any]) -> None:
    for row in data["accounts"]:
        od, oc, d, c, cd, cc = figures(row)
        assert od - oc + d - c == cd - cc, row
    od, oc, d, c, cd, cc = figures(data["totals"])
    assert od == oc and d == c and cd == cc, data["totals"]
    top = [figures(r) for r in data["accounts"] if r["level"] == 1 and not r["member_no"]]
    assert [sum(col) for col in zip(*top, strict=True)] == figures(data["totals"])


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_demo_balances_foot(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    q4: Any = coop.ok("report", "balances", "--period", "2020-Q4", "--format", "json").json()
    assert (q4["from"], q4["to"]) == ("2020-10-01", "2020-12-31")
    assert_foots(q4)
    year: Any = coop.ok("report", "balances", "--year", "2020", "--format", "json").json()
    assert_foots(year)
    rows = {r["code"]: r for r in year["accounts"] if not r["member_no"]}
    tb: Any = coop.ok("report", "trial-balance", "--as-of", "2020-12-31", "--format", "json").json()
    for a in tb["accounts"]:  # the closing column is the trial balance
        closing = figures(rows[a["code"]])[4:]
        assert closing[0] - closing[1] == D(a["balance"]), a
    assert rows["331"]["level"] == 1 and rows["33202"]["parent"] == "332"
    # the close is gross: 331 takes the income on its credit and the expenses on its debit
    assert D(rows["331"]["credit"]) == D("1275000.00")
    assert D(rows["331"]["debit"]) == D("575000.00") + D("700000.00")
    level1: Any = coop.ok(
        "report", "balances", "--year", "2020", "--level", "1", "--format", "json"
    ).json()
    assert {r["level"] for r in level1["accounts"]} == {1} and level1["totals"] == year["totals"]
    detail: Any = coop.ok(
        "report", "balances", "--year", "2020", "--detail", "--format", "json"
    ).json()
    members = [r for r in detail["accounts"] if r["code"] == "221" and r["member_no"]]
    assert len(members) > 100
    assert sum(D(r["closing_credit"]) for r in members) == D(rows["221"]["closing_credit"])
    text = coop.ok("report", "balances", "--period", "2020-Q4").out
    assert "科目余额表" in text and "期初借方" in text and "合计" in text


def test_a_red_reversal_stays_on_its_side(coop: Coop) -> None:
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "办公费",
        "--dr",
        "523",
        "500",
        "--cr",
        "102",
        "500",
    )
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-04-01", "--reason", "错账")
    april: Any = coop.ok("report", "balances", "--period", "2024-04", "--format", "json").json()
    rows = {r["code"]: r for r in april["accounts"]}
    # the red copy of Dr 523 500.00 is 借方 −500.00, never 贷方 500.00
    assert figures(rows["523"]) == [D("500"), 0, D("-500"), 0, 0, 0]
    assert figures(rows["102"]) == [0, D("500"), 0, D("-500"), 0, 0]
    assert_foots(april)
    year: Any = coop.ok("report", "balances", "--year", "2024", "--format", "json").json()
    assert "523" not in {r["code"] for r in year["accounts"]}  # 500 − 500 on one side: nothing
    gl: Any = coop.ok(
        "report", "general-ledger", "523", "--year", "2024", "--format", "json"
    ).json()
    months = {r["month"]: r for r in gl["rows"] if r["kind"] == "month_total"}
    assert (months[3]["debit"], months[4]["debit"], months[4]["credit"]) == (
        "500.00",
        "-500.00",
        "0.00",
    )
    assert months[3]["vouchers"] == "2024-1" and months[4]["vouchers"] == "2024-2"


def test_year_opening_vouchers_are_the_opening(coop: Coop, tmp_path: Path) -> None:
    opening = tmp_path / "opening.csv"
    opening.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,8000.00,,,\n201,,,,8000.00,,\n",
        encoding="utf-8",
    )
    coop.ok("opening", "import", str(opening), "--date", "2024-01-01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "当日收款",
        "--dr",
        "102",
        "10",
        "--cr",
        "502",
        "10",
    )
    data: Any = coop.ok("report", "balances", "--year", "2024", "--format", "json").json()
    cash = next(r for r in data["accounts"] if r["code"] == "102")
    assert figures(cash) == [D("8000"), 0, D("10"), 0, D("8010"), 0]
    gl: Any = coop.ok(
        "report", "general-ledger", "102", "--year", "2024", "--format", "json"
    ).json()
    first = gl["rows"][0]
    assert first["kind"] == "brought_forward" and first["balance"] == "8000.00"
    assert first["summary"] == "上年结转" and first["direction"] == "借"
    jan = next(r for r in gl["rows"] if r["kind"] == "month_total" and r["month"] == 1)
    assert jan["debit"] == "10.00" and jan["opening"] == "8000.00"
    assert gl["rows"][-1]["kind"] == "year_to_date"  # 2024 is open: nothing carried forward
    a: Any = coop.ok("report", "balances", "--period", "2024-01", "--format", "json").json()
    b: Any = coop.ok(
        "report", "balances", "--from", "2024-01-02", "--to", "2024-12-31", "--format", "json"
    ).json()
    assert_foots(a)
    assert_foots(b)
    cash_b = next(r for r in b["accounts"] if r["code"] == "102")
    assert figures(cash_b)[:2] == [D("8010"), 0]  # from 2 January, the opening day is history


#: 总账 rows after a month's total.
LATE = ("year_to_date", "carried_forward")


def test_the_general_ledger_of_331_in_example_e1(coop: Coop) -> None:
    """domain check E1 (益民合作社): 331 takes 贷 780,000 from income and 借 660,000 from
    expenses; then the year's surplus, 120,000, goes on to 33202."""
    example_e1(coop)
    coop.ok("year", "close", "2024")
    gl: Any = coop.ok(
        "report", "general-ledger", "331", "--year", "2024", "--format", "json"
    ).json()
    dec = next(r for r in gl["rows"] if r["kind"] == "month_total" and r["month"] == 12)
    assert D(dec["credit"]) == D("780000.00")
    assert D(dec["debit"]) == D("660000.00") + D("120000.00")  # + the transfer to 33202
    # the closing vouchers are rows of their own: 贷 780,000 / 借 660,000, then 借 120,000
    closing = [r for r in gl["rows"] if r["kind"] in ("close_income", "close_surplus")]
    assert [(r["kind"], D(r["debit"]), D(r["credit"])) for r in closing] == [
        ("close_income", D("660000.00"), D("780000.00")),
        ("close_surplus", D("120000.00"), D(0)),
    ]
    assert [r["balance"] for r in closing] == ["120000.00", "0.00"]
    assert closing[0]["direction"] == "贷" and closing[0]["summary"] == "结转本年收支"
    assert not [r for r in gl["rows"] if r["kind"] == "summary"]  # 331 has only closings
    monthly: Any = coop.ok(
        "report", "general-ledger", "331", "--year", "2024", "--monthly-opening",
        "--format", "json",
    ).json()  # fmt: skip
    kinds = [r["kind"] for r in monthly["rows"] if r["month"] == 12]
    assert kinds[:2] == ["month_opening", "close_income"]
    income: Any = coop.ok(
        "report", "general-ledger", "501", "--year", "2024", "--format", "json"
    ).json()
    dec501 = [r for r in income["rows"] if r["month"] == 12 and r["kind"] not in LATE]
    assert [r["kind"] for r in dec501][-2:] == ["close_income", "month_total"]
    assert dec501[-2]["balance"] == dec501[-1]["balance"] == "0.00"
    assert gl["rows"][-1]["kind"] == "carried_forward" and gl["rows"][-1]["balance"] == "0.00"
    bal: Any = coop.ok("report", "balances", "--year", "2024", "--format", "json").json()
    assert_foots(bal)
    parent: Any = coop.ok(
        "report", "general-ledger", "521", "--year", "2024", "--format", "json"
    ).json()
    july = next(r for r in parent["rows"] if r["kind"] == "month_total" and r["month"] == 7)
    assert D(july["debit"]) == D("400000.00")  # 521 sums its sub-account 52102


@pytest.mark.parametrize(
    "args",
    [
        ["--period", "2024-13"],
        ["--period", "2024-Q5"],
        ["--from", "2024-03-01", "--to", "2024-02-01"],
        ["--from", "2024-03-01"],
        ["--year", "2024", "--period", "2024-01"],
        [],
    ],
)
def test_a_bad_period_is_one_line_and_exit_2(coop: Coop, args: list[str]) -> None:
    r = coop("report", "balances", *args)
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err, r.err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_demo_bank_journal(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    j: Any = coop.ok("report", "journal", "102", "--year", "2020", "--format", "json").json()
    rows = j["rows"]
    assert rows[0]["kind"] == "opening" and rows[0]["memo"] == "上年结转"
    balance = D(rows[0]["balance"])
    day_r = day_p = D(0)
    for r in rows[1:]:
        if r["kind"] == "line":
            balance += D(r["receipt"]) - D(r["payment"])
            day_r, day_p = day_r + D(r["receipt"]), day_p + D(r["payment"])
            assert D(r["balance"]) == balance
        elif r["kind"] == "day_total":
            assert (D(r["receipt"]), D(r["payment"]), D(r["balance"])) == (day_r, day_p, balance)
            day_r = day_p = D(0)
    sales = [r for r in rows if r["kind"] == "line" and r["memo"] == "白术销售收入"]
    assert sales and all(r["counter_accounts"] == ["50101"] for r in sales)
    tb: Any = coop.ok("report", "trial-balance", "--as-of", "2020-12-31", "--format", "json").json()
    assert balance == next(D(a["balance"]) for a in tb["accounts"] if a["code"] == "102")
    assert rows[-1]["kind"] == "carried_forward" and D(rows[-1]["balance"]) == balance
    text = coop.ok("report", "journal", "102", "--year", "2020").out
    assert "本日合计" in text and "对方科目" in text and "经营收入" in text


def test_the_journal_names_the_other_side(coop: Coop) -> None:
    coop.ok("account", "add", "50101", "经营收入—产品")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "销售及杂项",
        "--dr",
        "102",
        "100",
        "--cr",
        "50101",
        "60",
        "--cr",
        "502",
        "40",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "提现",
        "--dr",
        "101",
        "30",
        "--cr",
        "102",
        "30",
    )
    j: Any = coop.ok("report", "journal", "102", "--period", "2024-05", "--format", "json").json()
    lines = [r for r in j["rows"] if r["kind"] == "line"]
    assert lines[0]["counter_accounts"] == ["50101", "502"]
    assert lines[1]["counter_accounts"] == ["101"] and lines[1]["payment"] == "30.00"
    assert j["rows"][0]["memo"] == "期初余额"  # May does not open the year
    text = coop.ok("report", "journal", "102", "--period", "2024-05").out
    assert "经营收入、其他收入" in text and "库存现金" in text
    r = coop("report", "journal", "523", "--year", "2024", lang="en")
    assert r.code == 1 and "101, 102 and 109" in r.err


def test_the_quarterly_disclosure(coop: Coop, tmp_path: Path) -> None:
    coop.ok("account", "add", "50101", "经营收入—产品")
    coop.ok("account", "add", "109", "其他货币资金")
    coop.ok("account", "add", "10901", "微信")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-07-05",
        "--memo",
        "销售",
        "--dr",
        "102",
        "1000",
        "--cr",
        "50101",
        "1000",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-08-05",
        "--memo",
        "微信收款",
        "--dr",
        "10901",
        "200",
        "--cr",
        "50101",
        "200",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-09-05",
        "--memo",
        "办公费",
        "--dr",
        "523",
        "300",
        "--cr",
        "102",
        "300",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-10-05",
        "--memo",
        "下季度",
        "--dr",
        "523",
        "1",
        "--cr",
        "102",
        "1",
    )
    d: Any = coop.ok("report", "disclosure", "--quarter", "2024-Q3", "--format", "json").json()
    assert (d["from"], d["to"]) == ("2024-07-01", "2024-09-30")
    assert [r["memo"] for r in d["receipts"]] == ["销售", "微信收款"]
    assert [r["memo"] for r in d["payments"]] == ["办公费"]
    assert d["receipts_total"] == "1200.00" and d["payments_total"] == "300.00"
    assert D(d["money_opening"]) + D("1200") - D("300") == D(d["money_closing"])
    assert d["receipts"][1]["counter_accounts"] == ["50101"]
    assert len(d["surplus"]) == 12 and d["surplus"][11]["quarter"] == "900.00"
    assert_foots(d["balances"])
    text = coop.ok("report", "disclosure", "--quarter", "2024-Q3").out
    for word in (
        "财务公开表（2024年第3季度）",
        "一、收支明细",
        "二、收益情况",
        "三、科目余额",
        "对公开内容有异议的，请向监事会反映。",
    ):
        assert word in text, word
    out = tmp_path / "d.pdf"
    coop.ok("report", "disclosure", "--quarter", "2024-Q3", "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    r = coop("report", "disclosure", "--quarter", "2024-07")
    assert r.code == 2 and r.err.count("\n") == 1


def test_the_subsidiary_ledger_by_period_with_month_rows(coop: Coop) -> None:
    coop.ok("account", "add", "52301", "管理费用—办公")
    coop.ok("account", "add", "52302", "管理费用—差旅")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "办公用品",
        "--dr",
        "52301",
        "500",
        "--cr",
        "102",
        "500",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-15",
        "--memo",
        "差旅",
        "--dr",
        "52302",
        "200",
        "--cr",
        "102",
        "200",
    )
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-04-02", "--reason", "重复")
    led: Any = coop.ok("report", "ledger", "523", "--period", "2024-H1", "--format", "json").json()
    assert (led["from"], led["to"]) == ("2024-01-01", "2024-06-30")
    kinds = [r["kind"] for r in led["rows"]]
    assert kinds == [
        "opening",
        "line",
        "line",
        "month_total",
        "year_to_date",
        "line",
        "month_total",
        "year_to_date",
    ]
    march = led["rows"][3]
    assert (march["debit"], march["credit"], march["balance"]) == ("700.00", "0.00", "700.00")
    red = led["lines"][2]
    assert red["red"] is True and red["side"] == "debit" and red["debit"] == "-500.00"
    assert [ln["account"] for ln in led["lines"]] == ["52301", "52302", "52301"]
    assert [ln["balance"] for ln in led["lines"]] == ["500.00", "700.00", "200.00"]
    text = coop.ok("report", "ledger", "523", "--period", "2024-H1").out
    assert "52301 办公用品" in text and "本月合计" in text and "期初余额" not in text
    april: Any = coop.ok(
        "report", "ledger", "523", "--period", "2024-04", "--format", "json"
    ).json()
    assert april["rows"][0]["summary"] == "期初余额" and april["opening"] == "700.00"
    r = coop("report", "ledger", "523", "--period", "2024-13")
    assert r.code == 2 and r.err.count("\n") == 1
