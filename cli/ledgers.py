"""The books of statutory.md §9 on the ``report`` group: ``report balances`` (科目余额表) and
``report general-ledger`` (总账)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from cli import files
from cli.app import State, pass_state
from cli.books import DIRECTIONS, account_name, report
from cli.options import output_options
from cli.output import emit_rows
from cli.params import DATE, YEAR
from coop import ledgers, periods, trust
from coop.render.i18n import header, money, t
from ledger.i18n import N_, pgettext, tr
from ledger.money import format_fen


def _direction(balance: int) -> str:
    return pgettext(*DIRECTIONS[(balance > 0) - (balance < 0)])


def _money(fen: int, grouped: bool = False) -> str:
    """An amount as a book prints it: blank for zero; grouped digits for people."""
    if not fen:
        return ""
    return money(fen, _lang()) if grouped else format_fen(fen)


def _lang() -> str:
    from ledger import i18n

    return i18n.current()


@report.command(
    "balances",
    help=N_(
        "科目余额表: each account's opening balance, the period's debits and credits and "
        "its closing balance, on the side they fall (114 on both)."
    ),
)
@click.option("--period", help=N_("YYYY, YYYY-MM, YYYY-Qn or YYYY-H1/H2."))
@click.option("--from", "start", type=DATE, help=N_("First day of the period."))
@click.option("--to", "end", type=DATE, help=N_("Last day of the period."))
@click.option("--year", type=YEAR)
@click.option(
    "--level",
    type=click.Choice(["1", "all"]),
    default="all",
    show_default=True,
    help=N_("1: top-level accounts only; all: each parent with its sub-accounts."),
)
@click.option("--detail", is_flag=True, help=N_("One row per member under 114, 221, 222, 301."))
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def balances(
    state: State,
    period: str | None,
    start: dt.date | None,
    end: dt.date | None,
    year: int | None,
    level: str,
    detail: bool,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    chosen = periods.choose(period, start, end, year)
    result, coop_name, digest = state.read(
        lambda c: (
            ledgers.balances(c, chosen, level_all=level == "all", detail=detail),
            c.books.book.name,
            trust.digest(c),
        )
    )
    data: dict[str, Any] = {
        "from": chosen.start.isoformat(),
        "to": chosen.end.isoformat(),
        "chart": "2021",
        "accounts": [
            {
                "code": r.code,
                "name": r.name,
                "name_en": r.name_en,
                "level": r.level,
                "parent": r.parent,
                "member_no": r.member_no,
                "payee_no": None,
                **{k: format_fen(v) for k, v in r.figures.as_dict().items()},
            }
            for r in result.rows
        ],
        "totals": {k: format_fen(v) for k, v in result.totals.as_dict().items()},
        "ledger_digest": digest,
    }
    lang = state.lang
    rows = []
    people = fmt in ("table", "pdf")  # CSV keeps plain numbers for scripts
    for r in result.rows:
        name = r.name if lang == "zh" else r.name_en
        if r.member_no:
            code, name = f"{r.code} / {r.member_no}", ""
        else:
            code = r.code
            name = ("  " * (r.level - 1)) + name
        rows.append([code, name, *(_money(v, people) for v in r.figures.as_dict().values())])
    total = result.totals.as_dict().values()
    rows.append(
        ["", t(lang, "v.total"), *(money(v, lang) if people else format_fen(v) for v in total)]
    )
    fields = ["code", "account_name", "opening_debit", "opening_credit", "period_debit"]
    fields += ["period_credit", "closing_debit", "closing_credit"]
    title = tr(
        "{coop} 科目余额表 {start} – {end}",
        coop=coop_name,
        start=chosen.start.isoformat(),
        end=chosen.end.isoformat(),
    )
    if fmt == "pdf":
        heads = [header(lang, f) for f in fields]
        files.write_table_pdf(
            state, output or "", title, heads, rows, digest, force=force, landscape=True
        )
        return
    emit_rows(fmt, fields, rows, data, title=title)


@report.command(
    "general-ledger",
    help=N_(
        "总账 of ACCOUNT for YEAR (a parent sums its sub-accounts): 上年结转, each month's "
        "本月合计 and 本年累计, and 结转下年 once the year is closed."
    ),
)
@click.argument("code", metavar="ACCOUNT")
@click.option("--year", type=YEAR, required=True)
@click.option(
    "--monthly-opening", is_flag=True, help=N_("Print each month's opening balance (月初余额).")
)
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def general_ledger(
    state: State,
    code: str,
    year: int,
    monthly_opening: bool,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    (acc, found), coop_name, digest = state.read(
        lambda c: (ledgers.general_ledger(c, code, year), c.books.book.name, trust.digest(c))
    )
    lang = state.lang
    summary = {
        "brought_forward": t(lang, "gl.brought_forward"),
        "month_opening": t(lang, "gl.month_opening"),
        "month_total": t(lang, "gl.month_total"),
        "year_to_date": t(lang, "gl.year_to_date"),
        "carried_forward": t(lang, "gl.carried_forward"),
    }
    out_rows: list[dict[str, Any]] = []
    for r in found:
        if monthly_opening and r.kind == "month_total" and r.opening is not None:
            out_rows.append(
                dict(
                    kind="month_opening",
                    month=r.month,
                    date=dt.date(year, r.month, 1).isoformat(),
                    vouchers="",
                    summary=summary["month_opening"],
                    debit=None,
                    credit=None,
                    direction=_direction(r.opening),
                    balance=format_fen(abs(r.opening)),
                )
            )
        row: dict[str, Any] = dict(
            kind=r.kind,
            month=r.month,
            date=r.date.isoformat(),
            vouchers=r.vouchers,
            summary=summary[r.kind],
            debit=format_fen(r.debit) if r.kind in ("month_total", "year_to_date") else None,
            credit=format_fen(r.credit) if r.kind in ("month_total", "year_to_date") else None,
            direction=_direction(r.balance),
            balance=format_fen(abs(r.balance)),
        )
        if r.kind == "month_total" and r.opening is not None:
            row["opening"] = format_fen(abs(r.opening))
            row["opening_direction"] = _direction(r.opening)
        out_rows.append(row)
    data = {
        "account": acc.code,
        "name": acc.name,
        "year": year,
        "rows": out_rows,
        "ledger_digest": digest,
    }
    fields = ["month", "day", "number", "memo", "debit", "credit", "direction", "balance"]
    table = [
        [
            r["date"][5:7],
            r["date"][8:10],
            r["vouchers"],
            r["summary"],
            r["debit"] or "",
            r["credit"] or "",
            r["direction"],
            r["balance"],
        ]
        for r in out_rows
    ]
    name = account_name(acc, lang)
    title = f"{coop_name} {t(lang, 'report.general_ledger')} {acc.code} {name} {year}"
    if fmt == "pdf":
        heads = [header(lang, f) for f in fields]
        files.write_table_pdf(state, output or "", title, heads, table, digest, force=force)
        return
    emit_rows(fmt, fields, table, data, title=title)


@report.command(
    "journal",
    help=N_(
        "日记账 of 101, 102, 109 or one of their sub-accounts: each receipt and payment with "
        "its other side (对方科目), 本日合计 after each day, 本月合计 and 本年累计."
    ),
)
@click.argument("code", metavar="ACCOUNT")
@click.option("--period", help=N_("YYYY, YYYY-MM, YYYY-Qn or YYYY-H1/H2."))
@click.option("--from", "start", type=DATE, help=N_("First day of the period."))
@click.option("--to", "end", type=DATE, help=N_("Last day of the period."))
@click.option("--year", type=YEAR)
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def journal(
    state: State,
    code: str,
    period: str | None,
    start: dt.date | None,
    end: dt.date | None,
    year: int | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    chosen = periods.choose(period, start, end, year)

    def work(c: Any) -> tuple[list[tuple[Any, list[ledgers.JournalRow]]], str, dict[str, Any]]:
        leaves = ledgers.journal_leaves(c, code)
        return (
            [(leaf, ledgers.journal(c, leaf, chosen)) for leaf in leaves],
            c.books.book.name,
            (trust.digest(c)),
        )

    books, coop_name, digest = state.read(work)
    lang = state.lang
    opening_label = "gl.brought_forward" if chosen.opens_year else "gl.opening"
    summary = {
        "opening": t(lang, opening_label),
        "day_total": t(lang, "gl.day_total"),
        "month_total": t(lang, "gl.month_total"),
        "year_to_date": t(lang, "gl.year_to_date"),
        "carried_forward": t(lang, "gl.carried_forward"),
    }
    journals = []
    fields = ["month", "day", "number", "memo", "counter", "receipt", "payment", "balance"]
    table: list[list[str]] = []
    for leaf, rows in books:
        data_rows = []
        if len(books) > 1:
            table.append(["", "", "", f"{leaf.code} {account_name(leaf, lang)}", "", "", "", ""])
        for r in rows:
            is_line = r.kind == "line"
            data_rows.append(
                {
                    "kind": r.kind,
                    "date": r.date.isoformat(),
                    "number": r.number,
                    "memo": r.memo if is_line else summary[r.kind],
                    "counter_accounts": r.counter_accounts,
                    "receipt": format_fen(r.receipt),
                    "payment": format_fen(r.payment),
                    "balance": format_fen(r.balance),
                    "red": r.red,
                }
            )
            table.append(
                [
                    r.date.isoformat()[5:7],
                    r.date.isoformat()[8:10],
                    r.number,
                    r.memo if is_line else summary[r.kind],
                    r.counter_names,
                    _money(r.receipt) if r.kind != "opening" else "",
                    _money(r.payment) if r.kind != "opening" else "",
                    format_fen(r.balance),
                ]
            )
        journals.append(
            {
                "account": leaf.code,
                "name": leaf.name,
                "from": chosen.start.isoformat(),
                "to": chosen.end.isoformat(),
                "rows": data_rows,
            }
        )
    data: Any = journals[0] if len(journals) == 1 else {"journals": journals}
    if isinstance(data, dict):
        data = {**data, "ledger_digest": digest}
    title = tr(
        "{coop} 日记账 {account} {start} – {end}",
        coop=coop_name,
        account=code,
        start=chosen.start.isoformat(),
        end=chosen.end.isoformat(),
    )
    if fmt == "pdf":
        heads = [header(lang, f) for f in fields]
        files.write_table_pdf(state, output or "", title, heads, table, digest, force=force)
        return
    emit_rows(fmt, fields, table, data, title=title)
