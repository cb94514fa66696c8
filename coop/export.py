"""Exports of the whole books for other tools: Beancount (for bean-check and Fava), CSV
(UTF-8 with BOM, formula-safe) and XLSX (numbers as numbers, never formulas).

Lines are streamed from the database in voucher order, never loaded all at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from coop import land
from coop.kinds import CLOSING
from coop.render.cells import safe_cell
from coop.render.i18n import LABELS, t
from coop.store import repo, views
from coop.store.uow import Context
from ledger.accounts import Account, AccountClass
from ledger.money import AREA_UNITS_PER_MU, fen_to_decimal, format_fen

ROOTS = {
    AccountClass.ASSET: "Assets",
    AccountClass.COST: "Assets",
    AccountClass.LIABILITY: "Liabilities",
    AccountClass.EQUITY: "Equity",
    AccountClass.INCOME: "Income",
    AccountClass.EXPENSE: "Expenses",
}
COLUMNS = [
    "number",
    "date",
    "memo",
    "kind",
    "account",
    "account_name",
    "member_no",
    "debit",
    "credit",
]


def lines(ctx: Context) -> Iterator[views.ExportLine]:
    """Every line with its voucher, in voucher order, streamed."""
    return views.export_lines(ctx)


def bean_account(acc: Account, member: str | None, lang: str = "zh") -> str:
    """``Assets:C102-银行存款:M-S01``: the code keeps the name unique and sortable, the
    account's name (English with ``--lang en``) is what Fava shows."""
    label = acc.name if lang == "zh" else acc.name_en
    name = f"{ROOTS[acc.cls]}:C{acc.code}"
    words = re.sub(r"[^A-Za-z0-9\u4e00-\u9fff]+", "-", label).strip("-")
    if words:
        name += "-" + words
    if member:
        name += ":M-" + re.sub(r"[^A-Za-z0-9]", "-", member)
    return name


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: The tag of the year-end closing vouchers: in Fava, the filter ``-#closing`` shows a
#: closed year's income statement (the close empties the income and expense accounts).
CLOSING_TAG = "closing"


def beancount(ctx: Context, path: Path, lang: str = "zh") -> int:
    accounts = ctx.books.accounts()
    used: set[tuple[str, str | None]] = set()
    for r in lines(ctx):
        used.add((r.account, r.member))
    with path.open("w", encoding="utf-8") as f:
        f.write(f";; {ctx.books.book.name} ({ctx.books.book.code}) — exported by coop\n")
        f.write(f";; Fava: filter -#{CLOSING_TAG} to see a closed year's income statement\n")
        f.write('option "operating_currency" "CNY"\n')
        f.write(f'option "title" {_quote(ctx.books.book.name)}\n\n')
        for code, member in sorted(used, key=lambda u: (u[0], u[1] or "")):
            acc = accounts[code]
            f.write(f"1900-01-01 open {bean_account(acc, member, lang)} CNY\n")
            f.write(f"  name: {_quote(acc.name)}\n  name_en: {_quote(acc.name_en)}\n")
        f.write("\n")
        count, current = 0, None
        for r in lines(ctx):
            number = f"{r.year}-{r.seq}"
            if number != current:
                current = number
                count += 1
                tag = f" #{CLOSING_TAG}" if r.kind in CLOSING else ""
                f.write(
                    f"\n{r.date} * {_quote(r.memo)}{tag}\n  number: {_quote(number)}\n"
                    f"  kind: {_quote(r.kind)}\n"
                )
            account = bean_account(accounts[r.account], r.member, lang)
            f.write(f"  {account}  {format_fen(r.amount)} CNY\n")
    return count


def csv_file(ctx: Context, path: Path) -> int:
    accounts = ctx.books.accounts()
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for r in lines(ctx):
            w.writerow(
                [
                    safe_cell(x)
                    for x in (
                        f"{r.year}-{r.seq}",
                        r.date,
                        r.memo,
                        r.kind,
                        r.account,
                        accounts[r.account].name,
                        r.member or "",
                        format_fen(r.amount) if r.amount > 0 else "",
                        format_fen(-r.amount) if r.amount < 0 else "",
                    )
                ]
            )
            n += 1
    return n


#: The workbook's sheets and their columns, as labels (``coop.render.i18n``).
SHEETS = {
    "accounts": ["code", "name", "name_en", "class", "side", "member", "parent"],
    "vouchers": COLUMNS,
    "members": ["member_no", "member_name", "household", "id_number", "phone", "joined_on"],
    "parcels": [
        "parcel_no",
        "member_no",
        "area_mu",
        "contributed_on",
        "held_since",
        "contract_no",
        "term_years",
        "grade",
    ],
    "base": ["year", "parcel_no", "member_no", "area_mu", "rate", "amount", "paid_on", "voucher"],
    "trial_balance": [
        "year",
        "code",
        "name",
        "opening_debit",
        "opening_credit",
        "debit",
        "credit",
        "closing_debit",
        "closing_credit",
    ],
}
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def xlsx_file(ctx: Context, path: Path, lang: str = "zh") -> int:
    """The whole books as a spreadsheet opens them: a sheet each for the accounts, the
    vouchers' lines, the members, the parcels, the base register and the trial balance
    of every year with its movements; headers in ``lang`` on a frozen first row, dates
    as dates, amounts as numbers in ``#,##0.00``; text never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    accounts = ctx.books.accounts()
    wb = Workbook(write_only=True)

    def sheet(name: str, widths: dict[int, int] | None = None) -> Any:
        ws = wb.create_sheet(t(lang, f"xl.sheet.{name}"))
        ws.freeze_panes = "A2"
        for i in range(1, len(SHEETS[name]) + 1):
            ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(i, 14)
        ws.append([t(lang, f"xl.{field}") for field in SHEETS[name]])
        return ws

    def money(fen: int | None) -> Any:
        if fen is None:
            return None
        cell = WriteOnlyCell(ws, value=fen_to_decimal(fen))
        cell.number_format = MONEY_FORMAT
        return cell

    def day(text: str | None) -> Any:
        if not text:
            return None
        cell = WriteOnlyCell(ws, value=dt.date.fromisoformat(text))
        cell.number_format = DATE_FORMAT
        return cell

    def area(milli: int) -> Any:
        cell = WriteOnlyCell(ws, value=Decimal(milli) / AREA_UNITS_PER_MU)
        cell.number_format = "#,##0.0000"
        return cell

    ws = sheet("accounts", {2: 24, 3: 30})
    for acc in sorted(accounts.values(), key=lambda a: a.code):
        ws.append(
            [
                acc.code,
                safe_cell(acc.name),
                safe_cell(acc.name_en),
                t(lang, f"xl.class.{acc.cls.value}"),
                t(lang, f"xl.side.{acc.side.value}"),
                t(lang, "xl.yes") if acc.per_member else None,
                acc.parent,
            ]
        )
    ws = sheet("vouchers", {3: 30, 6: 24})
    n = 0
    for r in lines(ctx):
        ws.append(
            [
                safe_cell(f"{r.year}-{r.seq}"),
                day(r.date),
                safe_cell(r.memo),
                t(lang, f"kind.{r.kind}") if f"kind.{r.kind}" in LABELS else r.kind,
                r.account,
                safe_cell(accounts[r.account].name),
                safe_cell(r.member or ""),
                money(r.amount) if r.amount > 0 else None,
                money(-r.amount) if r.amount < 0 else None,
            ]
        )
        n += 1
    ws = sheet("members")
    for m in sorted(repo.members(ctx).values(), key=lambda m: m.member_no):
        ws.append(
            [
                safe_cell(m.member_no),
                safe_cell(m.name),
                safe_cell(m.household or ""),
                safe_cell(m.id_number or ""),
                safe_cell(m.phone or ""),
                day(m.joined_on),
            ]
        )
    ws = sheet("parcels")
    known = views.parcels(ctx)
    for p in land.listing(ctx, None):
        ws.append(
            [
                safe_cell(p["parcel_no"]),
                safe_cell(p["member_no"]),
                area(known[p["parcel_no"]].area),
                day(p["contributed_on"]),
                day(p["held_since"]),
                safe_cell(p["contract_no"] or ""),
                p["term_years"],
                safe_cell(p["grade"] or ""),
            ]
        )
    ws = sheet("base")
    for b in views.base_rows(ctx):
        ws.append(
            [
                b.year,
                safe_cell(b.parcel_no),
                safe_cell(b.member_no),
                area(b.area),
                money(b.rate),
                money(b.amount),
                day(b.paid_on),
                safe_cell(b.voucher),
            ]
        )
    ws = sheet("trial_balance", {3: 24})
    balance: dict[str, int] = {}
    by_year: dict[int, dict[str, tuple[int, int]]] = {}
    for year, code, debit, credit in views.account_movements(ctx):
        by_year.setdefault(year, {})[code] = (debit, credit)
    for year in sorted(by_year):
        moved = by_year[year]
        for code in sorted(set(moved) | {c for c, v in balance.items() if v}):
            opening = balance.get(code, 0)
            debit, credit = moved.get(code, (0, 0))
            closing = opening + debit - credit
            balance[code] = closing
            ws.append(
                [
                    year,
                    code,
                    safe_cell(accounts[code].name),
                    money(opening) if opening > 0 else None,
                    money(-opening) if opening < 0 else None,
                    money(debit) if debit else None,
                    money(credit) if credit else None,
                    money(closing) if closing > 0 else None,
                    money(-closing) if closing < 0 else None,
                ]
            )
    # Built in memory, then written: a full disk inside openpyxl would leave its zip
    # file half-closed and complain at exit; here it is one OSError from one write.
    buf = io.BytesIO()
    wb.save(buf)
    with path.open("wb") as f:
        f.write(buf.getbuffer())
    return n
