"""The books of statutory.md §9 on the ``report`` group: ``report balances`` (科目余额表) and
``report general-ledger`` (总账)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click
from tabulate import tabulate

from cli import files
from cli.app import State, pass_state
from cli.books import DIRECTIONS, account_name, report
from cli.options import output_options, period_options
from cli.output import emit_json, emit_rows, note
from cli.params import YEAR
from coop import ledgers, member_account, periods, reports, trust, weights
from coop.errors import BadInput
from coop.payees import is_person_account
from coop.render.i18n import header, money, t
from ledger.i18n import N_, pgettext, tr
from ledger.money import format_fen, format_quantity


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


def balances_json(result: ledgers.Balances) -> dict[str, Any]:
    """科目余额表 as data (statutory.md §9.2)."""
    return {
        "from": result.period.start.isoformat(),
        "to": result.period.end.isoformat(),
        "chart": "2021",
        "accounts": [
            {
                "code": r.code,
                "name": r.name,
                "name_en": r.name_en,
                "level": r.level,
                "parent": r.parent,
                "member_no": None if is_person_account(r.code) else r.member_no,
                "payee_no": r.member_no if is_person_account(r.code) else None,
                **{k: format_fen(v) for k, v in r.figures.as_dict().items()},
            }
            for r in result.rows
        ],
        "totals": {k: format_fen(v) for k, v in result.totals.as_dict().items()},
    }


@report.command(
    "balances",
    help=N_(
        "科目余额表: each account's opening balance, the period's debits and credits and "
        "its closing balance, on the side they fall (114 on both)."
    ),
)
@period_options()
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
    chosen: periods.Period,
    level: str,
    detail: bool,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    result, coop_name, digest = state.read(
        lambda c: (
            ledgers.balances(c, chosen, level_all=level == "all", detail=detail),
            c.books.book.name,
            trust.digest(c),
        )
    )
    data = {**balances_json(result), "ledger_digest": digest}
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
        "summary": t(lang, "gl.summary"),
        "close_income": t(lang, "gl.close_income"),
        "close_surplus": t(lang, "gl.close_surplus"),
        "year_to_date": t(lang, "gl.year_to_date"),
        "carried_forward": t(lang, "gl.carried_forward"),
    }
    out_rows: list[dict[str, Any]] = []
    # the month's opening goes before its first row (its summary, closing or total row)
    first_of_month: dict[int, int] = {}
    for i, r in enumerate(found):
        if r.kind in MOVEMENT_ROWS and r.kind != "year_to_date":
            first_of_month.setdefault(r.month, i)
    opening_of = {r.month: r.opening for r in found if r.kind == "month_total"}
    for i, r in enumerate(found):
        if monthly_opening and first_of_month.get(r.month) == i:
            month_start = opening_of[r.month]
            assert month_start is not None
            out_rows.append(
                dict(
                    kind="month_opening",
                    month=r.month,
                    date=dt.date(year, r.month, 1).isoformat(),
                    vouchers="",
                    summary=summary["month_opening"],
                    debit=None,
                    credit=None,
                    direction=_direction(month_start),
                    balance=format_fen(abs(month_start)),
                )
            )
        row: dict[str, Any] = dict(
            kind=r.kind,
            month=r.month,
            date=r.date.isoformat(),
            vouchers=r.vouchers,
            summary=summary[r.kind],
            debit=format_fen(r.debit) if r.kind in MOVEMENT_ROWS else None,
            credit=format_fen(r.credit) if r.kind in MOVEMENT_ROWS else None,
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
@period_options()
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def journal(
    state: State,
    code: str,
    chosen: periods.Period,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:

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
        "summary": t(lang, "gl.summary"),
        "close_income": t(lang, "gl.close_income"),
        "close_surplus": t(lang, "gl.close_surplus"),
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


@report.command(
    "disclosure",
    help=N_(
        "财务公开表 for the village board: the quarter's receipts and payments with their "
        "other side, the surplus to date and the balances of the top-level accounts."
    ),
)
@click.option("--quarter", required=True, help=N_("YYYY-Qn."))
@output_options(("table", "json", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def disclosure(state: State, quarter: str, fmt: str, output: str | None, force: bool) -> None:
    chosen = periods.parse_period(quarter)
    if "-Q" not in quarter.upper():
        raise BadInput(
            tr("--quarter {text!r} is not a quarter: give YYYY-Qn", text=quarter), field="quarter"
        )

    def work(c: Any) -> tuple[Any, ...]:
        money_leaves = [
            leaf
            for code in ledgers.JOURNAL_ACCOUNTS
            if code in c.books.accounts()
            for leaf in ledgers.journal_leaves(c, code)
        ]
        journals = [ledgers.journal(c, leaf, chosen) for leaf in money_leaves]
        threshold = ledgers.disclosure_threshold(c, chosen.start.year)
        return (
            threshold,
            journals,
            reports.surplus_statement(c, chosen.start.year, chosen),
            ledgers.balances(c, chosen, level_all=False),
            c.books.book.name,
            trust.digest(c),
        )

    threshold, journals, surplus, result, coop_name, digest = state.read(work)
    lang = state.lang
    lines = [r for rows in journals for r in rows if r.kind == "line"]
    lines.sort(key=lambda r: r.date)  # stable: each journal is in voucher order already
    shown = ledgers.disclosure_detail(lines, threshold)
    counts = {id(r): n for r, n in shown}
    receipts = [r for r, _n in shown if r.receipt]
    payments = [r for r, _n in shown if r.payment]

    def memo_of(r: ledgers.JournalRow) -> str:
        return t(lang, "dc.others", n=counts[id(r)]) if r.kind == "others" else r.memo

    opening = sum(rows[0].balance for rows in journals)
    closing = sum(
        next(r.balance for r in reversed(rows) if r.kind != "carried_forward") for rows in journals
    )

    def item(r: ledgers.JournalRow, amount: int) -> dict[str, Any]:
        others = r.kind == "others"
        return {
            "date": None if others else r.date.isoformat(),
            "number": None if others else r.number,
            "memo": memo_of(r),
            "counter_accounts": r.counter_accounts,
            "counter_names": r.counter_names,
            "amount": format_fen(amount),
            "count": counts[id(r)],
        }

    data = {
        "quarter": quarter.upper(),
        "from": chosen.start.isoformat(),
        "to": chosen.end.isoformat(),
        "unit": coop_name,
        "money_opening": format_fen(opening),
        "money_closing": format_fen(closing),
        "receipts": [item(r, r.receipt) for r in receipts],
        "receipts_total": format_fen(sum(r.receipt for r in receipts)),
        "payments": [item(r, r.payment) for r in payments],
        "payments_total": format_fen(sum(r.payment for r in payments)),
        "surplus": [
            {
                "no": ln.no,
                "label": t(lang, ln.key),
                "quarter": format_fen(ln.values[0]),
                "year_to_date": format_fen(ln.values[1]),
            }
            for ln in surplus.lines
            if ln.no <= 12
        ],
        "balances": balances_json(result),
        "ledger_digest": digest,
    }
    if fmt == "json":
        emit_json(data)
        return
    q = chosen.start.month // 3 + 1
    title = t(lang, "dc.title", coop=coop_name, year=chosen.start.year, q=q)
    detail = [
        [
            "" if r.kind == "others" else r.date.isoformat(),
            r.number,
            memo_of(r),
            r.counter_names,
            _money(r.receipt, True),
            _money(r.payment, True),
        ]
        for r, _n in shown
    ]
    detail += [
        [
            "",
            "",
            t(lang, "dc.receipts_total"),
            "",
            money(sum(r.receipt for r in receipts), lang),
            "",
        ],
        [
            "",
            "",
            t(lang, "dc.payments_total"),
            "",
            "",
            money(sum(r.payment for r in payments), lang),
        ],
        ["", "", t(lang, "dc.money_opening"), "", "", money(opening, lang)],
        ["", "", t(lang, "dc.money_closing"), "", "", money(closing, lang)],
    ]
    detail_head = [header(lang, f) for f in ("date", "number", "memo", "counter")]
    detail_head += [t(lang, "dc.receipt"), t(lang, "dc.payment")]
    income = [
        [t(lang, ln.key), str(ln.no), money(ln.values[0], lang), money(ln.values[1], lang)]
        for ln in surplus.lines
        if ln.no <= 12
    ]
    income_head = [t(lang, "col.item"), t(lang, "col.line"), t(lang, "dc.quarter")]
    income_head += [t(lang, "col.year_to_date")]
    bal = [
        [
            r.code,
            r.name if lang == "zh" else r.name_en,
            *(_money(v, True) for v in r.figures.as_dict().values()),
        ]
        for r in result.rows
    ]
    bal_fields = ["code", "account_name", "opening_debit", "opening_credit", "period_debit"]
    bal_fields += ["period_credit", "closing_debit", "closing_credit"]
    bal_head = [header(lang, f) for f in bal_fields]
    footer = [t(lang, "dc.footer"), t(lang, "dc.objection")]
    if fmt == "pdf":
        from coop.render import document, pdf

        doc = document.Document(
            title,
            [
                document.Section(t(lang, "dc.part1"), detail, header=detail_head),
                document.Section(t(lang, "dc.part2"), income, header=income_head),
                document.Section(t(lang, "dc.part3"), bal, header=bal_head),
                document.digest_section(digest, lang),
            ],
            notes=footer,
        )
        files.write_bytes(state, output or "", pdf.render(doc, landscape=True), force=force)
        note(tr("wrote {path}", path=output))
        return
    click.echo(title)
    for part, head, rows in (
        ("dc.part1", detail_head, detail),
        ("dc.part2", income_head, income),
        ("dc.part3", bal_head, bal),
    ):
        click.echo("")
        click.echo(t(lang, part))
        click.echo(tabulate(rows, headers=head, disable_numparse=True))
    click.echo("")
    for line in footer:
        click.echo(line)


#: 总账 rows that carry 借方 and 贷方 amounts.
MOVEMENT_ROWS = ("summary", "close_income", "close_surplus", "month_total", "year_to_date")
MA_COLUMNS = (
    "capital_poverty",
    "capital_other",
    "reserve_share",
    "subsidy_share",
    "donation_share",
)
CAUSES = {
    "cover-loss": "mc.cover_loss",
    "subsidy": "mc.subsidy",
    "leave": "mc.leave",
    "distribution": "mc.distribution",
    "requantify": "mc.requantify",
    "donation": "mc.donation",
    "capitalise": "mc.capitalise",
}


def _member_account_json(a: member_account.MemberAccount) -> dict[str, Any]:
    def fen(v: int | None) -> str | None:
        return None if v is None else format_fen(v)

    def qty(v: int | None) -> str | None:
        return None if v is None else format_quantity(v)

    return {
        "form": "成员账户",
        "year": a.year,
        "member_no": a.member_no,
        "name": a.name,
        "address": a.address,
        "products": [{"product_no": p, "name": n, "unit": u} for p, n, u in a.products],
        "opening": {c: format_fen(a.opening[c]) for c in MA_COLUMNS},
        "entries": [
            {
                "no": e.no,
                "date": e.date,
                "voucher": e.voucher,
                "memo": _entry_memo(e, a.year),
                **{c: fen(e.values.get(c)) for c in (*MA_COLUMNS, *member_account.FLOWS)},
                "quantity": {p: qty(e.values.get(f"quantity:{p}")) for p, _n, _u in a.products},
                "amount": {p: fen(e.values.get(f"amount:{p}")) for p, _n, _u in a.products},
            }
            for e in a.entries
        ],
        "closing": {
            **{c: format_fen(a.closing[c]) for c in (*MA_COLUMNS, *member_account.FLOWS)},
            "quantity": {
                p: format_quantity(a.closing[f"quantity:{p}"]) for p, _n, _u in a.products
            },
            "amount": {p: format_fen(a.closing[f"amount:{p}"]) for p, _n, _u in a.products},
        },
    }


MA_HEADS = (
    "no",
    "date",
    "memo",
    "capital_poverty",
    "capital_other",
    "reserve_share",
    "subsidy_share",
    "donation_share",
)
#: Products per page of the 成员账户 (statutory.md §6.1 [choice]); the rest are summed.
MA_PRODUCTS = 4

Getter = Callable[[dict[str, int]], int | None]


def _trade_columns(
    a: member_account.MemberAccount, lang: str
) -> list[tuple[str, str, Getter, Getter]]:
    """(quantity heading, amount heading, quantity of a row, amount of a row) per product
    column pair: the products
    the member traded, at most four, a fifth and later summed under 其他产品 (its quantity
    blank: units differ); with none, one empty pair headed 产品1."""

    def pick(keys: list[str]) -> Getter:
        def get(values: dict[str, int]) -> int | None:
            found = [values[k] for k in keys if k in values]
            return sum(found) if found else None

        return get

    def never(_values: dict[str, int]) -> int | None:
        return None

    goods = a.products
    if not goods:
        one = t(lang, "mx.product1")
        return [(one, one, never, never)]
    shown = goods[:MA_PRODUCTS]
    out = [(f"{n}（{u}）", n, pick([f"quantity:{p}"]), pick([f"amount:{p}"])) for p, n, u in shown]
    rest = goods[len(shown) :]
    if rest:
        summed = pick([f"amount:{p}" for p, _n, _u in rest])
        other = t(lang, "mx.other_products")
        out.append((other, other, never, summed))
    return out


def _qty(v: int | None) -> str:
    return "" if v is None else format_quantity(v)


def _entry_memo(e: member_account.Entry, year: int) -> str:
    if e.cause is None:
        return e.memo
    key = CAUSES.get(e.cause)
    lang = _lang()
    return t(lang, key, year=year) if key else e.cause


@report.command(
    "member-account",
    help=N_(
        "成员账户 of MEMBER_NO for YEAR as the official dated ledger: 年初余额, each entry "
        "(出资, 公积金份额, 补助份额, 盈余返还, 剩余盈余分配) and 年末余额/总额; --all for every "
        "member of the year."
    ),
)
@click.argument("member", metavar="MEMBER_NO", required=False)
@click.option("--year", type=YEAR, required=True)
@click.option("--all", "every", is_flag=True, help=N_("Every member of the year."))
@output_options(("table", "json", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def member_account_command(
    state: State,
    member: str | None,
    year: int,
    every: bool,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    if (member is None) == (not every):
        raise BadInput(tr("give MEMBER_NO or --all"), field="member")

    def work(c: Any) -> tuple[list[member_account.MemberAccount], str, dict[str, Any]]:
        which = [member] if member else weights.year_members(c, year)
        return (
            [member_account.member_account(c, m, year) for m in which],
            c.books.book.name,
            trust.digest(c),
        )

    accounts, coop_name, digest = state.read(work)
    if fmt == "json":
        docs = [_member_account_json(a) for a in accounts]
        emit_json(
            {**docs[0], "ledger_digest": digest}
            if member
            else {"member_accounts": docs, "ledger_digest": digest}
        )
        return
    lang = state.lang

    def cell(v: int | None) -> str:
        return "" if v is None else money(v, lang)

    sections = []
    for a in accounts:
        goods = _trade_columns(a, lang)
        heads = [
            *(t(lang, f"mx.{k}") for k in MA_HEADS),
            *(f"{t(lang, 'mx.quantity')} {label}" for label, _n, _q, _a in goods),
            *(f"{t(lang, 'mx.amount')} {label}" for _l, label, _q, _a in goods),
            t(lang, "mx.patronage_return"),
            t(lang, "mx.residual_distribution"),
        ]
        blank = [""] * (2 * len(goods))
        rows = [["", "", t(lang, "mx.opening"), *(cell(a.opening[c]) for c in MA_COLUMNS),
                 *blank, "", ""]]  # fmt: skip
        for e in a.entries:
            rows.append(
                [
                    str(e.no),
                    e.date,
                    _entry_memo(e, a.year),
                    *(cell(e.values.get(c)) for c in MA_COLUMNS),
                    *(_qty(sum_of(e.values)) for _l, _n, sum_of, _a in goods),
                    *(cell(sum_of(e.values)) for _l, _n, _q, sum_of in goods),
                    *(cell(e.values.get(c)) for c in member_account.FLOWS),
                ]
            )
        rows.append(
            [
                "",
                "",
                t(lang, "mx.closing"),
                *(cell(a.closing[c]) for c in (*MA_COLUMNS,)),
                *(_qty(sum_of(a.closing)) for _l, _n, sum_of, _a in goods),
                *(cell(sum_of(a.closing)) for _l, _n, _q, sum_of in goods),
                *(cell(a.closing[c]) for c in member_account.FLOWS),
            ]
        )
        who = t(lang, "mx.who", name=a.name, member=a.member_no) + a.address
        sections.append((who, heads, rows))
    title = f"{t(lang, 'report.member_accounts')} {t(lang, 'form.year', y=year)}"
    if fmt == "pdf":
        from coop.render import document, pdf

        doc = document.Document(
            f"{coop_name} {title}",
            [document.Section(who, rows, header=heads) for who, heads, rows in sections]
            + [document.digest_section(digest, lang)],
        )
        files.write_bytes(state, output or "", pdf.render(doc, landscape=True), force=force)
        note(tr("wrote {path}", path=output))
        return
    click.echo(f"{coop_name} {title}")
    for who, heads, rows in sections:
        click.echo("")
        click.echo(who)
        click.echo(tabulate(rows, headers=heads, disable_numparse=True))
