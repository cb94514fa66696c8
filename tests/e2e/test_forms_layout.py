"""01表 and 02表 as the forms are printed (statutory.md §1.3, §3, §4; issue 11 item 2 in
part): the two halves of 01表 with their headings, the header (date, form number,
编制单位, 单位：元) and footer, the interim 01表 at a month end (表结法), and 上年金额
blank before the books begin."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop


def books(coop: Coop) -> Coop:
    coop.ok("account", "add", "50101", "经营收入—白术")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-10",
        "--memo",
        "种苗",
        "--dr",
        "52102",
        "800",
        "--cr",
        "102",
        "800",
    )
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-20",
        "--memo",
        "销售",
        "--dr",
        "102",
        "3000",
        "--cr",
        "50101",
        "3000",
    )
    return coop


def test_the_balance_sheet_as_printed(coop: Coop) -> None:
    books(coop)
    data: Any = coop.ok("report", "balance-sheet", "--year", "2024", "--format", "json").json()
    assert (data["date"], data["interim"], data["balanced"]) == ("2024-12-31", False, True)
    assert data["currency_unit"] == "元" and data["unit"] == "测试合作社"
    assert [h["label"] for h in data["headings"]] == [
        "流动资产：",
        "流动负债：",
        "非流动资产：",
        "非流动负债：",
        "所有者权益：",
    ]
    place = {ln["no"]: (ln["side"], ln["row"]) for ln in data["lines"]}
    assert place[1] == ("assets", 2) and place[22] == ("assets", 24)
    assert place[23] == ("liabilities_equity", 2) and place[42] == ("liabilities_equity", 24)
    assert len({(s, r) for s, r in place.values()}) == 42
    # an open year balances: line 40 carries the year's result to date (表结法)
    line40 = next(ln for ln in data["lines"] if ln["no"] == 40)
    assert Decimal(line40["values"][0]) == Decimal("2200.00")
    text = coop.ok("report", "balance-sheet", "--year", "2024").out
    for word in (
        "资产负债表",
        "2024年12月31日",
        "会农社01表",
        "编制单位：测试合作社",
        "单位：元",
        "负债和所有者权益",
        "减：累计折旧",
        "单位负责人：",
        "会计主管：",
        "制表：tester",
    ):
        assert word in text, word
    csv = coop.ok("report", "balance-sheet", "--year", "2024", "--format", "csv").out
    assert csv.splitlines()[0].startswith("资产,行次") and "编制单位" not in csv


def test_the_interim_balance_sheet(coop: Coop) -> None:
    books(coop)
    march: Any = coop.ok(
        "report", "balance-sheet", "--as-of", "2024-03-31", "--format", "json"
    ).json()
    assert (march["date"], march["interim"], march["balanced"]) == ("2024-03-31", True, True)
    line40 = next(ln for ln in march["lines"] if ln["no"] == 40)
    assert Decimal(line40["values"][0]) == Decimal("-800.00")  # the loss to date
    assert "资产负债表（中期）" in coop.ok("report", "balance-sheet", "--as-of", "2024-03-31").out
    for bad in (["--as-of", "2024-03-30"], ["--as-of", "2024-03-31", "--year", "2024"], []):
        r = coop("report", "balance-sheet", *bad)
        assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err, (bad, r.err)


def test_last_year_is_blank_before_the_books_begin(coop: Coop) -> None:
    books(coop)
    first: Any = coop.ok("charter", "show", "--format", "json").json()
    year = int(first["charter"]["first_year"])
    ss: Any = coop.ok("report", "surplus", "--year", str(year), "--format", "json").json()
    assert all(ln["values"][1] is None for ln in ss["lines"])
    nxt: Any = coop.ok("report", "surplus", "--year", str(year + 1), "--format", "json").json()
    assert all(ln["values"][1] is not None for ln in nxt["lines"])
    text = coop.ok("report", "surplus", "--year", "2024").out
    assert "盈余及盈余分配表" in text and "2024年度" in text and "会农社02表" in text


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
def test_the_printed_balance_sheet(coop: Coop, tmp_path: Path) -> None:
    books(coop)
    out = tmp_path / "01.pdf"
    coop.ok("report", "balance-sheet", "--year", "2024", "--format", "pdf", "-o", str(out))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in (
        "资产负债表",
        "会农社01表",
        "编制单位",
        "负债和所有者权益",
        "资产总计",
        "负债和所有者权益总计",
        "单位负责人",
        "核对：coop verify",
    ):
        assert word in text, word


def test_the_equity_changes_with_its_of_which_cells(coop: Coop) -> None:
    books(coop)
    coop.ok("member", "add", "M1", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "2", "--date", "2024-01-10")
    coop.ok("member", "contribute", "M1", "--amount", "500", "--date", "2024-02-01")
    coop.ok("subsidy", "receive", "--amount", "900", "--date", "2024-04-01")
    shed = coop.ok("voucher", "add", "--date", "2024-04-02", "--memo", "建棚", "--dr", "151",
                   "900", "--cr", "102", "900").out.strip()  # fmt: skip
    coop.ok("subsidy", "capitalise", "--amount", "900", "--date", "2024-04-02", "--voucher", shed)
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-02-01")
    coop.ok("year", "close", "2024")
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-08")
    data: Any = coop.ok("report", "equity-changes", "--year", "2024", "--format", "json").json()
    assert data["foots"] is True and len(data["of_which"]) == 19
    cells = {(c["row"], c["column"], c["key"]): Decimal(c["value"]) for c in data["of_which"]}
    ss: Any = coop.ok("report", "surplus", "--year", "2024", "--format", "json").json()
    s = {ln["no"]: Decimal(ln["values"][0]) for ln in ss["lines"]}
    land_value = Decimal("2000.00")  # 2 mu at the charter's 1000 yuan per mu
    assert cells[("increase", "share_capital", "eq.inc.contribution")] == land_value + 500
    assert cells[("increase", "special_fund", "eq.inc.state_subsidy")] == Decimal("900.00")
    assert cells[("increase", "surplus_reserve", "eq.inc.from_surplus")] == s[15]
    assert cells[("increase", "undistributed", "eq.inc.surplus")] == max(s[12], Decimal(0))
    assert cells[("decrease", "undistributed", "eq.dec.reserve")] == s[15]
    assert cells[("decrease", "undistributed", "eq.dec.patronage")] == s[17]
    assert cells[("decrease", "undistributed", "eq.dec.residual")] == s[18]
    rows = {ln["no"]: [Decimal(v) for v in ln["values"]] for ln in data["lines"]}
    assert rows[2][0] == land_value + 500 and rows[2][1] == Decimal("900.00")
    text = coop.ok("report", "equity-changes", "--year", "2024").out
    assert text.count("其中：") == 9 and "成员增加出资 2,500.00" in text


def test_the_interim_surplus_statement(coop: Coop) -> None:
    books(coop)  # March: seedlings 800.00; May: sales 3,000.00
    q2: Any = coop.ok("report", "surplus", "--period", "2024-Q2", "--format", "json").json()
    assert (q2["from"], q2["to"], q2["interim"]) == ("2024-04-01", "2024-06-30", True)
    v = {ln["no"]: ln["values"] for ln in q2["lines"]}
    assert v[1] == ["3000.00", "3000.00"] and v[3] == ["0.00", "800.00"]
    assert v[12] == ["3000.00", "2200.00"]
    assert all(v[n][0] is None for n in range(13, 21))  # 本期 leaves lines 13–20 blank
    bs: Any = coop.ok("report", "balance-sheet", "--as-of", "2024-06-30", "--format", "json").json()
    line40 = next(ln for ln in bs["lines"] if ln["no"] == 40)
    assert v[20][1] == line40["values"][0]  # 本年累计 line 20 = 01表 line 40 at the end
    text = coop.ok("report", "surplus", "--period", "2024-Q2").out
    assert "盈余及盈余分配表（中期）" in text and "2024年4—6月" in text and "本年累计金额" in text
    may: Any = coop.ok("report", "surplus", "--period", "2024-05", "--format", "json").json()
    assert may["lines"][0]["values"] == ["3000.00", "3000.00"]
    for bad in (["--period", "2024"], ["--period", "2024-Q1", "--year", "2024"], []):
        r = coop("report", "surplus", *bad)
        assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err, (bad, r.err)


def test_the_notes_have_their_nine_items(coop: Coop) -> None:
    books(coop)
    coop.ok("member", "add", "M1", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "2", "--date", "2024-01-10")
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-02-01")
    coop.ok("year", "close", "2024")
    draft: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    numbers = [i["no"] for i in draft["items"]]
    assert numbers == [
        "1",
        "2",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "4",
        "5",
        "6",
        *[f"7.{n}" for n in range(1, 10)],
        "8",
        "9",
    ]
    items = {i["no"]: i for i in draft["items"]}
    assert "2024年12月31日" in items["1"]["text"] and items["5"]["text"] == "无"
    assert "成员总数 1 个" in items["2"]["text"]
    assert items["3.2"]["tables"][0]["rows"] == [["M1", "张三", "2000.00", "0.00"]]
    assert "本年入社：M1（2024-01-01）" in items["3.2"]["text"]
    assert draft["draft_plan"] is True and "草案" in items["7.8"]["text"]
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-01-08")
    posted: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    assert posted["draft_plan"] is False
    item78 = next(i for i in posted["items"] if i["no"] == "7.8")
    assert "2025-01-08" in item78["text"] and "草案" not in item78["text"]
    text = coop.ok("report", "notes", "--year", "2024").out
    assert "7.7 其他重要事项：提取盈余公积的比例" in text


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
def test_the_annual_report_pack(coop: Coop, tmp_path: Path) -> None:
    books(coop)
    out = tmp_path / "annual.pdf"
    r = coop("report", "annual", "--year", "2024", "-o", str(out), lang="en")
    assert r.code == 1 and "close 2024 first" in r.err and not out.exists()
    coop.ok("year", "close", "2024")
    coop.ok("report", "annual", "--year", "2024", "-o", str(out), "--sent-on", "2025-01-20")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    order = [
        "2024年度财务报告（分配方案待表决）",
        "目录",
        "资产负债表",
        "盈余及盈余分配表",
        "成员权益变动表",
        "遵循农民专业合作社会计制度的声明",
    ]
    places = [text.find(word) for word in order]
    assert all(p >= 0 for p in places) and places == sorted(places), places
    assert "2025年01月20日" in text
    pages = text.count("\f")
    assert pages >= 6 and f"{pages}/{pages}" in text.replace(" ", "")


def test_the_papers_carry_the_organisation_register(coop: Coop, tmp_path: Path) -> None:
    books(coop)
    coop.ok("org", "staff", "set", "head", "赵理事长", "--from", "2024-01-01")
    coop.ok("org", "staff", "set", "chief", "钱会计", "--from", "2024-01-01")
    coop.ok("org", "staff", "set", "cashier", "孙出纳", "--from", "2024-01-01")
    coop.ok("org", "staff", "set", "chief", "李会计", "--from", "2024-05-01")
    coop.ok("org", "set", "address", "南坡村一组", "--from", "2024-01-01")
    coop.ok("org", "set", "credit_code", "93370481MA3C0000X1", "--from", "2024-01-01")
    coop.ok(
        "org", "officer", "add", "--role", "chair", "--name", "赵理事长", "--from", "2024-01-01"
    )
    # forms: the staff in force on the form's date
    year_end = coop.ok("report", "balance-sheet", "--year", "2024").out
    assert "单位负责人：赵理事长" in year_end and "会计主管：李会计" in year_end
    march = coop.ok("report", "balance-sheet", "--as-of", "2024-03-31").out
    assert "会计主管：钱会计" in march
    # vouchers: the staff on their date; 出纳 only where money moves
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "计提",
        "--dr",
        "523",
        "5",
        "--cr",
        "211",
        "5",
    )
    paid: Any = coop.ok("voucher", "show", "2024-2", "--format", "json").json()
    assert paid["staff"] == {
        "chief": "李会计",
        "bookkeeper": None,
        "reviewer": None,
        "cashier": "孙出纳",
        "preparer": "tester",
    }
    accrual: Any = coop.ok("voucher", "show", "2024-3", "--format", "json").json()
    assert accrual["staff"]["cashier"] is None
    notes: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    items = {i["no"]: i for i in notes["items"]}
    assert "住所：南坡村一组" in items["2"]["text"] and "93370481MA3C0000X1" in items["2"]["text"]
    assert items["3.1"]["tables"][0]["rows"][0][:2] == ["理事长", "赵理事长"]
    coop.ok("year", "close", "2024")
    if shutil.which("pdftotext"):
        out = tmp_path / "annual.pdf"
        coop.ok("report", "annual", "--year", "2024", "-o", str(out))
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "南坡村一组" in text and "赵理事长" in text


def test_the_notes_carry_what_the_accountant_entered(coop: Coop) -> None:
    books(coop)  # 2024: surplus 2,200.00 (02表 line 10)
    coop.ok("notes", "set", "--year", "2024", "--item", "7.9", "--text", "无未决诉讼。")
    coop.ok("notes", "set", "--year", "2024", "--item", "4", "--text", "存货按实际成本计价。")
    coop.ok(
        "notes",
        "loss",
        "add",
        "--year",
        "2024",
        "--category",
        "receivable",
        "--name",
        "张三欠款",
        "--amount",
        "300",
        "--explanation",
        "债务人死亡",
    )
    coop.ok(
        "notes",
        "tax",
        "add",
        "--year",
        "2024",
        "--increase",
        "--item",
        "招待费超支",
        "--amount",
        "800",
    )
    coop.ok("notes", "tax", "rate", "--year", "2024", "--rate", "0.25")
    notes: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    items = {i["no"]: i for i in notes["items"]}
    assert items["7.9"]["text"] == "无未决诉讼。"
    assert items["4"]["text"].endswith("存货按实际成本计价。")
    assert items["5"]["tables"][0]["rows"] == [
        ["确实无法收回的应收款项", "张三欠款", "300.00", "债务人死亡"]
    ]
    # 2,200.00 + 800.00 = 3,000.00 taxable; × 0.25 = 750.00 due; 02表 line 11 holds 0.00
    assert (
        "应纳税所得额 3000.00" in items["8"]["text"] and "应纳所得税额 750.00" in items["8"]["text"]
    )
    assert "差额 750.00" in items["8"]["text"]
