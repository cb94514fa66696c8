"""Commands on the books: init, charter, account, voucher, report, check, year close."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import click

from cli import files
from cli.app import State, cli, pass_state
from cli.options import output_options
from cli.output import echo_digest, emit_json, emit_rows, note
from cli.params import AMOUNT, DATE, YEAR, today
from coop import services, trust, vouchers
from coop.render.i18n import t
from coop.store.uow import Context
from ledger.accounts import Account
from ledger.checks import Problem
from ledger.entries import Posted
from ledger.money import format_fen
from ledger.store.engine import redact


def account_name(acc: Account, lang: str) -> str:
    return acc.name_en if lang == "en" else acc.name


# ----- init and charter -----------------------------------------------------------------------


@cli.command()
@click.option("--name", required=True, help="The cooperative's registered name.")
@click.option("--code", default="C1", show_default=True, help="A short code for --coop.")
@click.option("--base-rate", default="1000", show_default=True, help="保底金, yuan per mu.")
@click.option("--land-value-per-mu", default="1000", show_default=True)
@click.option("--shares-per-mu", default="1", show_default=True)
@click.option("--share-price", default="1000", show_default=True)
@click.option("--reserve-rate", default="0.10", show_default=True)
@click.option("--welfare-rate", default="0", show_default=True)
@click.option("--patronage-ratio", default="0.60", show_default=True)
@click.option("--notice-months", default="3", show_default=True)
@click.option("--allow-below-statutory", is_flag=True)
@click.option(
    "--first-year",
    type=YEAR,
    help="Where the books begin: nothing posts before 1 January of it. Default: this year.",
)
@pass_state
def init(
    state: State,
    name: str,
    code: str,
    base_rate: str,
    land_value_per_mu: str,
    shares_per_mu: str,
    share_price: str,
    reserve_rate: str,
    welfare_rate: str,
    patronage_ratio: str,
    notice_months: str,
    allow_below_statutory: bool,
    first_year: int | None,
) -> None:
    """Create the database if needed, the cooperative, its charter and the 2021 chart."""
    texts = dict(
        base_rate=base_rate,
        land_value_per_mu=land_value_per_mu,
        shares_per_mu=shares_per_mu,
        share_price=share_price,
        reserve_rate=reserve_rate,
        welfare_rate=welfare_rate,
        patronage_ratio=patronage_ratio,
        notice_months=notice_months,
        allow_below_statutory="true" if allow_below_statutory else "false",
    )
    result = services.init(
        state.db,
        name=name,
        code=code,
        charter_text=texts,
        user=state.user,
        at=state.now(),
        command=state.command,
        first_year=first_year or today().year,
    )
    if result.created:
        note(f"created cooperative {result.code} {result.name} in {redact(state.db)}")
        if result.head is not None:
            state.committed(result.code, *result.head)
    else:
        note(f"cooperative {result.code} already exists in {redact(state.db)}; nothing to do")


@cli.group()
def charter() -> None:
    """The charter (章程): rates and rules, amended from a year on."""


@charter.command("show")
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def charter_show(state: State, year: int | None, fmt: str) -> None:
    """Print the charter in force for YEAR (default: with every amendment applied)."""
    shown_year, values = state.read(lambda c: services.charter_show(c, year))
    emit_rows(
        fmt, ["key", "value"], sorted(values.items()), {"year": shown_year, "charter": values}
    )


@charter.command("set")
@click.argument("key")
@click.argument("value")
@click.option("--from-year", type=YEAR, required=True)
@pass_state
def charter_set(state: State, key: str, value: str, from_year: int) -> None:
    """Amend the charter: KEY becomes VALUE from an open year on.

    KEY: base_rate, land_value_per_mu, shares_per_mu, share_price, reserve_rate,
    welfare_rate, patronage_ratio, notice_months, allow_below_statutory (true|false)."""
    state.run(lambda c: services.charter_set(c, key, value, from_year))
    note(f"charter: {key} = {value} from {from_year}")


# ----- accounts -------------------------------------------------------------------------------


@cli.group()
def account() -> None:
    """The chart of accounts."""


@account.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--name-en")
@click.option("--parent")
@pass_state
def account_add(
    state: State, code: str, name: str, name_en: str | None, parent: str | None
) -> None:
    """Add the leaf account CODE named NAME (under --parent, or the account its code
    extends)."""
    acc = state.run(lambda c: services.add_account(c, code, name, name_en, parent))
    note(f"account {acc.code} {acc.name} added under {acc.parent}")


@account.command("list")
@output_options()
@pass_state
def account_list(state: State, fmt: str) -> None:
    """List the chart of accounts: code, names, class, side, per-member, parent."""
    accs = state.read(services.list_accounts)
    rows = [
        [
            a.code,
            a.name,
            a.name_en,
            a.cls.value,
            a.side.value,
            "M" if a.per_member else "",
            a.parent or "",
        ]
        for a in accs
    ]
    emit_rows(
        fmt,
        ["code", "name", "name_en", "class", "side", "member", "parent"],
        rows,
        {
            "accounts": [
                dict(
                    code=a.code,
                    name=a.name,
                    name_en=a.name_en,
                    cls=a.cls.value,
                    side=a.side.value,
                    per_member=a.per_member,
                    parent=a.parent,
                )
                for a in accs
            ]
        },
    )


# ----- vouchers -------------------------------------------------------------------------------


@cli.group()
def voucher() -> None:
    """Vouchers (记账凭证): add, import, reverse, show, list."""


def voucher_json(p: Posted) -> dict[str, Any]:
    v = p.voucher
    return {
        "number": p.number,
        "date": v.date.isoformat(),
        "memo": v.memo,
        "kind": v.kind,
        "user": v.user,
        "ref": v.key,
        "reversal_of": v.reversal_of,
        "lines": [
            {
                "account": ln.account,
                "member_no": ln.member,
                "debit": format_fen(ln.amount) if ln.amount > 0 else "0.00",
                "credit": format_fen(-ln.amount) if ln.amount < 0 else "0.00",
            }
            for ln in v.lines
        ],
    }


@voucher.command("add")
@click.option("--date", type=DATE, required=True)
@click.option("--memo", required=True)
@click.option("--dr", nargs=2, multiple=True, type=(str, AMOUNT), metavar="ACCOUNT[@MEMBER] AMOUNT")
@click.option("--cr", nargs=2, multiple=True, type=(str, AMOUNT), metavar="ACCOUNT[@MEMBER] AMOUNT")
@click.option("--ref", help="Idempotency key: the same key and content does nothing.")
@output_options()
@pass_state
def voucher_add(
    state: State,
    date: dt.date,
    memo: str,
    dr: tuple[tuple[str, str], ...],
    cr: tuple[tuple[str, str], ...],
    ref: str | None,
    fmt: str,
) -> None:
    """Post a voucher dated DATE: one or more --dr and --cr lines that balance; prints
    its number. With --ref, the same key and content does nothing the second time."""
    if not dr or not cr:
        raise click.UsageError("a voucher needs at least one --dr and one --cr")
    posted, created = state.run(lambda c: vouchers.add(c, date, memo, dr, cr, ref))
    if fmt == "json":
        emit_json(voucher_json(posted))
    else:
        click.echo(posted.number)
    if not created:
        note(f"voucher {posted.number} already posted with ref {ref}; nothing to do")


@voucher.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def voucher_import(state: State, file: str) -> None:
    """Post the vouchers of a CSV file (ref,date,memo,account,member_no,debit,credit;
    rows sharing a ref are one voucher, and a ref already posted is skipped)."""
    results = state.run(lambda c: vouchers.import_file(c, file))
    created = [p for p, new in results if new]
    skipped = len(results) - len(created)
    note(f"imported {len(created)} vouchers" + (f", {skipped} already posted" if skipped else ""))
    if created:
        note(f"numbers {created[0].number} … {created[-1].number}")


@voucher.command("reverse")
@click.argument("number")
@click.option("--date", type=DATE, required=True)
@click.option("--reason", required=True)
@pass_state
def voucher_reverse(state: State, number: str, date: dt.date, reason: str) -> None:
    """Reverse voucher NUMBER with a red voucher (红字冲销) dated DATE; prints its
    number."""
    posted = state.run(lambda c: vouchers.reverse(c, number, date, reason))
    click.echo(posted.number)
    note(f"voucher {number} reversed by {posted.number}")


@voucher.command("show")
@click.argument("number")
@output_options(("table", "json", "pdf"), output="optional", output_help="The PDF file.")
@pass_state
def voucher_show(state: State, number: str, fmt: str, output: str | None, force: bool) -> None:
    """Print voucher NUMBER (记账凭证) with the chain head it rests on; --format pdf
    -o FILE prints it for signing."""

    def work(c: Context) -> tuple[Posted, dict[str, Any], str, dict[str, Any]]:
        return (vouchers.show(c, number), c.books.accounts(), c.books.book.name, trust.digest(c))

    posted, accounts, coop_name, digest = state.read(work)
    if fmt == "pdf":
        from coop.render import document, pdf

        doc = document.voucher_print(posted, accounts, coop_name, state.lang, digest)
        files.write_bytes(state, output or "", pdf.render(doc), force=force)
        note(f"wrote {output}")
        return
    if fmt == "json":
        emit_json({**voucher_json(posted), "ledger_digest": digest})
        return
    v = posted.voucher
    click.echo(
        f"{t(state.lang, 'v.title')} {posted.number}  {v.date.isoformat()}  {v.memo}  "
        f"({t(state.lang, f'kind.{v.kind}')}, {v.user})"
    )
    rows = [
        [
            ln.account + (f"@{ln.member}" if ln.member else ""),
            account_name(accounts[ln.account], state.lang),
            format_fen(ln.amount) if ln.amount > 0 else "",
            format_fen(-ln.amount) if ln.amount < 0 else "",
        ]
        for ln in v.lines
    ]
    total = sum(ln.amount for ln in v.lines if ln.amount > 0)
    rows.append(
        ["", "合计" if state.lang == "zh" else "Total", format_fen(total), format_fen(total)]
    )
    emit_rows("table", ["account", "name", "debit", "credit"], rows, None)
    echo_digest(digest, state.lang)


@voucher.command("list")
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def voucher_list(state: State, year: int | None, fmt: str) -> None:
    """List the vouchers (of YEAR, or all): number, date, memo, kind, total."""
    rows = state.read(lambda c: list(c.books.list_vouchers(year)))
    data = [
        {
            "number": f"{r.year}-{r.seq}",
            "date": r.date,
            "memo": r.memo,
            "kind": r.kind,
            "user": r.user,
            "total": format_fen(int(r.total)),
            "reversal_of": r.reversal_of,
        }
        for r in rows
    ]
    emit_rows(
        fmt,
        ["number", "date", "memo", "kind", "total"],
        [[d["number"], d["date"], d["memo"], d["kind"], d["total"]] for d in data],
        {"vouchers": data},
    )


# ----- reports --------------------------------------------------------------------------------


@cli.group()
def report() -> None:
    """Reports: trial balance, ledgers, the statutory forms, member accounts, notes."""


@report.command("trial-balance")
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def trial_balance(state: State, as_of: dt.date | None, fmt: str) -> None:
    """The trial balance (试算平衡表) of every account as of a date (default: all)."""
    tb = state.read(lambda c: services.trial_balance(c, as_of))
    data = {
        "as_of": as_of.isoformat() if as_of else None,
        "accounts": [
            {"code": a.code, "name": a.name, "name_en": a.name_en, "balance": format_fen(b)}
            for a, b in tb.rows
        ],
        "total_debit": format_fen(tb.total_debit),
        "total_credit": format_fen(tb.total_credit),
    }
    rows = [
        [
            a.code,
            account_name(a, state.lang),
            format_fen(b) if b > 0 else "",
            format_fen(-b) if b < 0 else "",
        ]
        for a, b in tb.rows
    ]
    rows.append(
        [
            "",
            "合计" if state.lang == "zh" else "Total",
            format_fen(tb.total_debit),
            format_fen(tb.total_credit),
        ]
    )
    emit_rows(fmt, ["code", "name", "debit", "credit"], rows, data)


@report.command("ledger")
@click.argument("target", metavar="ACCOUNT[@MEMBER_NO]")
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def ledger_report(state: State, target: str, year: int | None, fmt: str) -> None:
    """The ledger of ACCOUNT (or of one member's sub-ledger, ACCOUNT@MEMBER_NO):
    opening balance, each line and the running balance."""
    acc, member, opening, lines = state.read(lambda c: services.ledger_register(c, target, year))
    data: dict[str, Any] = {
        "account": acc.code,
        "name": acc.name,
        "name_en": acc.name_en,
        "member_no": member,
        "year": year,
        "opening": format_fen(opening),
        "lines": [
            {
                **ln,
                "amount": format_fen(int(ln["amount"])),
                "balance": format_fen(int(ln["balance"])),
            }
            for ln in lines
        ],
    }
    zh = state.lang == "zh"

    def side(balance: int) -> str:
        """The balance's direction, as ledgers print it: 借 / 贷 / 平 (Dr / Cr / -)."""
        if balance == 0:
            return "平" if zh else "-"
        return ("借" if balance > 0 else "贷") if zh else ("Dr" if balance > 0 else "Cr")

    for entry, ln in zip(data["lines"], lines, strict=True):
        entry["direction"] = side(int(ln["balance"]))
    data["opening_direction"] = side(opening)
    rows = [
        [
            "",
            "",
            "期初余额" if zh else "Opening",
            "",
            "",
            "",
            side(opening),
            format_fen(abs(opening)),
        ]
    ]
    for ln in lines:
        amt, bal = int(ln["amount"]), int(ln["balance"])
        rows.append(
            [
                ln["date"],
                ln["number"],
                ln["memo"],
                ln["member"] or "",
                format_fen(amt) if amt > 0 else "",
                format_fen(-amt) if amt < 0 else "",
                side(bal),
                format_fen(abs(bal)),
            ]
        )
    emit_rows(
        fmt,
        ["date", "number", "memo", "member_no", "debit", "credit", "direction", "balance"],
        rows,
        data,
        title=f"{acc.code} {account_name(acc, state.lang)}" + (f" @{member}" if member else ""),
    )


# ----- check and year close -------------------------------------------------------------------


@cli.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail on what the law allows only by charter "
    "and on parcels past their term; run SQLite's full integrity_check.",
)
@output_options(("text", "json"))
@click.pass_context
def check(ctx: click.Context, strict: bool, fmt: str) -> None:
    """Verify the books: silent and exit 0 when sound; one line per problem and exit 1."""
    state: State = ctx.obj
    today_ = today()
    witnessed: list[int] = []

    def work(c: Context) -> tuple[list[Problem], list[Problem]]:
        heads = state.witness_heads(c.books.book.code)
        witnessed.append(sum(1 for h in heads if h.kind != "rewind"))
        return services.check(c, strict, today_, heads)

    problems, warnings = state.read(work)
    for w in warnings:
        note(f"warning: {w}")
    if fmt == "json":
        emit_json(
            {
                "problems": [{"check": p.check, "detail": p.detail} for p in problems],
                "witnessed": witnessed[0] if witnessed else 0,
            }
        )
    else:
        for p in problems:
            click.echo(str(p))
    if problems:
        ctx.exit(1)


@cli.group()
def year() -> None:
    """Fiscal years: close."""


@year.command("close")
@click.argument("year_", metavar="YEAR", type=YEAR)
@pass_state
def year_close(state: State, year_: int) -> None:
    """Close YEAR (结账): income and expense into 331, 331 into 33202, and lock the
    year; prints the chain link that records the close, for the board to sign."""
    head, done, numbers = state.run(lambda c: services.close_year(c, year_))
    if done:
        note(f"year {year_} closed" + (f" by vouchers {', '.join(numbers)}" if numbers else ""))
    else:
        note(f"year {year_} was already closed; nothing to do")
    seq, h = head
    click.echo(f"chain head: {seq} {h.hex()}")


@cli.command("export")
@click.argument("kind", type=click.Choice(["beancount", "csv", "xlsx"]))
@output_options(None, output="required", output_help="The file to write.")
@pass_state
def export(state: State, kind: str, output: str, force: bool) -> None:
    """The whole books as Beancount, CSV (UTF-8 with BOM) or XLSX."""
    from coop import export as exporter

    write = {"beancount": exporter.beancount, "csv": exporter.csv_file, "xlsx": exporter.xlsx_file}[
        kind
    ]
    with files.writing(state, output, force=force) as temp:
        count = state.read(lambda c: write(c, temp))
    note(f"wrote {output} ({count} {'vouchers' if kind == 'beancount' else 'lines'})")


@cli.command("backup")
@output_options(None, output="required", output_help="The copy to write.")
@pass_state
def backup(state: State, output: str, force: bool) -> None:
    """A consistent copy of the SQLite file, taken while others may write; prints the
    chain head it holds (compare it with `coop --db COPY check`)."""
    from ledger.store.engine import backup_sqlite

    files.check_target(state, output, force=force)
    with files.one_line(output):
        backup_sqlite(state.db, output, overwrite=force)
    copy = dataclasses.replace(state, db=output)
    heads = copy.read(lambda c: c.books.head())
    click.echo(f"chain head: {heads[1].hex()} (link {heads[0]})")
    note(f"backed up {state.db} to {output}")
