"""Exports of the whole books for other tools: Beancount (for bean-check and Fava), CSV
(UTF-8 with BOM, formula-safe) and XLSX (numbers as numbers, never formulas).

Lines are streamed from the database in voucher order, never loaded all at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from coop.render.cells import safe_cell
from coop.store import views
from coop.store.uow import Context
from ledger.accounts import Account, AccountClass
from ledger.money import fen_to_decimal, format_fen

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


def bean_account(acc: Account, member: str | None) -> str:
    name = f"{ROOTS[acc.cls]}:C{acc.code}"
    if member:
        name += ":M" + re.sub(r"[^A-Za-z0-9]", "-", member)
    return name


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def beancount(ctx: Context, path: Path) -> int:
    accounts = ctx.books.accounts()
    used: set[tuple[str, str | None]] = set()
    for r in lines(ctx):
        used.add((r.account, r.member))
    with path.open("w", encoding="utf-8") as f:
        f.write(f";; {ctx.books.book.name} ({ctx.books.book.code}) — exported by coop\n")
        f.write('option "operating_currency" "CNY"\n')
        f.write(f'option "title" {_quote(ctx.books.book.name)}\n\n')
        for code, member in sorted(used, key=lambda u: (u[0], u[1] or "")):
            acc = accounts[code]
            f.write(f"1900-01-01 open {bean_account(acc, member)} CNY\n")
            f.write(f"  name: {_quote(acc.name)}\n  name_en: {_quote(acc.name_en)}\n")
        f.write("\n")
        count, current = 0, None
        for r in lines(ctx):
            number = f"{r.year}-{r.seq}"
            if number != current:
                current = number
                count += 1
                f.write(
                    f"\n{r.date} * {_quote(r.memo)}\n  number: {_quote(number)}\n"
                    f"  kind: {_quote(r.kind)}\n"
                )
            f.write(
                f"  {bean_account(accounts[r.account], r.member)}  {format_fen(r.amount)} CNY\n"
            )
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


def xlsx_file(ctx: Context, path: Path) -> int:
    from openpyxl import Workbook

    accounts = ctx.books.accounts()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("vouchers")
    ws.append(COLUMNS)
    n = 0
    for r in lines(ctx):
        ws.append(
            [
                safe_cell(f"{r.year}-{r.seq}"),
                r.date,
                safe_cell(r.memo),
                r.kind,
                r.account,
                safe_cell(accounts[r.account].name),
                safe_cell(r.member or ""),
                fen_to_decimal(r.amount) if r.amount > 0 else None,
                fen_to_decimal(-r.amount) if r.amount < 0 else None,
            ]
        )
        n += 1
    tb = wb.create_sheet("trial balance")
    tb.append(["code", "name", "name_en", "balance"])
    for code, bal in ctx.books.trial_balance(None):
        acc = accounts[code]
        tb.append([code, safe_cell(acc.name), safe_cell(acc.name_en), fen_to_decimal(bal)])
    # Built in memory, then written: a full disk inside openpyxl would leave its zip
    # file half-closed and complain at exit; here it is one OSError from one write.
    buf = io.BytesIO()
    wb.save(buf)
    with path.open("wb") as f:
        f.write(buf.getbuffer())
    return n
