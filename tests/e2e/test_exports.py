"""Exports: Beancount that bean-check accepts with the trial balance's balances; CSV and
XLSX with formula-looking text neutralised and numbers as numbers."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop

TRICKY = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd"]


@pytest.fixture
def books(coop: Coop) -> Coop:
    coop.ok("member", "add", "M1", "--name", "张三", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "1.5", "--date", "2024-01-01")
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-02-01")
    for i, memo in enumerate(TRICKY, start=1):
        coop.ok(
            "voucher",
            "add",
            "--date",
            f"2024-03-0{i}",
            "--memo",
            memo,
            "--dr",
            "102",
            f"{i}00.0{i}",
            "--cr",
            "501",
            f"{i}00.0{i}",
        )
    return coop


def test_beancount_passes_bean_check_and_matches_trial_balance(books: Coop, tmp_path: Path) -> None:
    from beancount import loader
    from beancount.core.data import Transaction

    out = tmp_path / "books.beancount"
    books.ok("export", "beancount", "-o", str(out))
    entries, errors, _ = loader.load_file(str(out))
    assert errors == []
    per_code: dict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        if isinstance(e, Transaction):
            for p in e.postings:
                code = p.account.split(":")[1][1:].split("-")[0]
                assert p.units is not None and p.units.number is not None
                per_code[code] += p.units.number
    tb: Any = books.ok("report", "trial-balance", "--format", "json").json()
    assert {c: v for c, v in per_code.items() if v} == {
        a["code"]: Decimal(a["balance"]) for a in tb["accounts"]
    }
    text = out.read_text(encoding="utf-8")
    assert "Equity:C301-股金:M-M1" in text  # Fava shows the account's name
    closing = [e for e in entries if isinstance(e, Transaction) and "closing" in e.tags]
    assert not closing  # 2024 is open: nothing is closed yet


def test_beancount_tags_the_year_close_and_speaks_english_on_request(
    books: Coop, tmp_path: Path
) -> None:
    from beancount import loader
    from beancount.core.data import Transaction

    books.ok("year", "close", "2024")
    out = tmp_path / "books.beancount"
    books.ok("export", "beancount", "-o", str(out), lang="en")
    entries, errors, _ = loader.load_file(str(out))
    assert errors == []
    txns = [e for e in entries if isinstance(e, Transaction)]
    closing = [e for e in txns if "closing" in e.tags]
    kinds = {e.meta["kind"] for e in closing}
    assert closing and kinds <= {"close_income", "close_surplus"}
    assert not [
        e
        for e in txns
        if e.meta["kind"] in {"close_income", "close_surplus"} and "closing" not in e.tags
    ]
    # Without the closing entries, 2024's income and expenses are what was earned and spent
    income = sum(
        p.units.number
        for e in txns
        if "closing" not in e.tags
        for p in e.postings
        if p.account.startswith("Income:") and p.units is not None and p.units.number
    )
    assert income == Decimal("-1000.10")
    assert "Equity:C301-Share-capital:M-M1" in out.read_text(encoding="utf-8")


def test_csv_is_utf8_bom_and_formula_safe(books: Coop, tmp_path: Path) -> None:
    out = tmp_path / "books.csv"
    books.ok("export", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    memos = {r["memo"] for r in rows}
    for text in TRICKY:
        assert "'" + text in memos and text not in memos
    debits = sum(Decimal(r["debit"] or 0) for r in rows)
    credits = sum(Decimal(r["credit"] or 0) for r in rows)
    assert debits == credits > 0


def test_xlsx_numbers_are_values_and_text_is_never_a_formula(books: Coop, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "books.xlsx"
    books.ok("export", "xlsx", "-o", str(out))
    wb = load_workbook(out)
    ws = wb["凭证"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not [c for sheet in wb for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    amounts = [c.value for c in cells if c.column in (8, 9) and c.value is not None]
    assert amounts and all(isinstance(v, (int, float)) for v in amounts)
    memos = {row[2].value for row in ws.iter_rows(min_row=2)}
    assert "'=1+1" in memos
    tb = {row[1]: row for row in wb["科目余额"].iter_rows(min_row=2, values_only=True)}
    assert tb["161"][-2] == 1500  # 期末借方


def test_xlsx_is_the_whole_books_as_people_open_them(books: Coop, tmp_path: Path) -> None:
    """Issue 10: Chinese sheets and headers (English with --lang en), real dates, amounts
    in #,##0.00, the header row frozen; accounts, vouchers, members, parcels, the base
    register and the trial balance with its movements."""
    import datetime as dt

    from openpyxl import load_workbook

    out = tmp_path / "books.xlsx"
    books.ok("export", "xlsx", "-o", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["科目", "凭证", "成员", "地块", "保底金", "科目余额"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        assert all(isinstance(h, str) and not h.isascii() for h in header), (ws.title, header)
    vouchers = wb["凭证"]
    assert [c.value for c in vouchers[1]][:3] == ["凭证号", "日期", "摘要"]
    dates = [row[1] for row in vouchers.iter_rows(min_row=2)]
    assert dates and all(isinstance(d.value, dt.datetime) for d in dates)
    assert all(d.number_format == "yyyy-mm-dd" for d in dates)
    money = [c for row in vouchers.iter_rows(min_row=2) for c in row[7:9] if c.value is not None]
    assert money and all(c.number_format == "#,##0.00" for c in money)
    members = {row[0]: row for row in wb["成员"].iter_rows(min_row=2, values_only=True)}
    assert members["M1"][1] == "张三"
    parcels = list(wb["地块"].iter_rows(min_row=2, values_only=True))
    assert [(p[0], p[1], p[2]) for p in parcels] == [("P1", "M1", 1.5)]
    base = list(wb["保底金"].iter_rows(min_row=2, values_only=True))
    assert len(base) == 1 and base[0][0] == 2024 and 1500 in base[0]
    tb = list(wb["科目余额"].iter_rows(min_row=1, values_only=True))
    assert tb[0][:3] == ("年度", "科目编码", "科目名称")
    rows = {(r[0], r[1]): r for r in tb[1:]}
    cash = rows[(2024, "102")]  # opening, this year's debit and credit, closing
    assert cash[3:5] == (None, None) and cash[5:] == (1000.1, 1500, None, 499.9)
    assert round(sum(r[5] or 0 for r in tb[1:]), 2) == round(sum(r[6] or 0 for r in tb[1:]), 2)
    en = tmp_path / "books-en.xlsx"
    books.ok("export", "xlsx", "-o", str(en), lang="en")
    wb_en = load_workbook(en)
    assert wb_en.sheetnames[:2] == ["Accounts", "Vouchers"]
    assert [c.value for c in wb_en["Vouchers"][1]][:3] == ["Voucher", "Date", "Memo"]
