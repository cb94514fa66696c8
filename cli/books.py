"""Commands on the books: init, charter, account, voucher, report, check, year close."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from cli import files
from cli.app import State, cli, lazy_module, pass_state
from cli.options import attachments_option, output_options, period_options
from cli.output import (
    TableSpool,
    csv_rows,
    echo_digest,
    emit_json,
    emit_rows,
    json_list,
    json_object,
    note,
    spooled,
    table_heads,
)
from cli.params import DATE, LINE_AMOUNT, YEAR, today
from coop import grades, members, services, trust, vouchers
from coop import org as coop_org
from coop.errors import BadInput
from coop.kinds import VoucherKind
from coop.payees import is_person_account
from coop.periods import Period
from coop.render import document
from coop.render.capitals import capitals
from coop.render.i18n import header, money, t
from coop.store.uow import Context
from ledger.accounts import Account
from ledger.checks import Problem
from ledger.entries import Posted
from ledger.i18n import N_, NC_, pgettext, tr
from ledger.money import format_fen
from ledger.store.engine import redact

#: A balance's direction, as ledgers print it: 借 / 贷 / 平 (Dr / Cr / -).
DIRECTIONS = {
    1: NC_("direction", "Dr"),
    -1: NC_("direction", "Cr"),
    0: NC_("direction", "-"),
}

if TYPE_CHECKING:
    from coop.render import pdf
else:
    pdf = lazy_module("coop.render.pdf")  # fpdf is imported when a PDF is made


def account_name(acc: Account, lang: str) -> str:
    return acc.name_en if lang == "en" else acc.name


# ----- init and charter -----------------------------------------------------------------------


@cli.command(
    help=N_("Create the database if needed, the cooperative, its charter and the 2021 chart.")
)
@click.option("--name", required=True, help=N_("The cooperative's registered name."))
@click.option("--code", default="C1", show_default=True, help=N_("A short code for --coop."))
@click.option("--base-rate", default="1000", show_default=True, help=N_("保底金, yuan per mu."))
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
    help=N_("Where the books begin: nothing posts before 1 January of it. Default: this year."),
)
@click.option(
    "--charter",
    "charter_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help=N_("Any charter key, in force from the start (repeatable)."),
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
    charter_pairs: tuple[str, ...],
) -> None:
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
    for pair in charter_pairs:  # cli-additions.md §1.1: any key, from the start
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise BadInput(tr("--charter {text!r} is not KEY=VALUE", text=pair), field="charter")
        if key == "first_year" or key.startswith("grade:"):
            raise BadInput(tr("--charter {key}: not a key init sets", key=key), field="charter")
        texts[key] = value
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
        note(
            tr(
                "created cooperative {code} {name} in {db}",
                code=result.code,
                name=result.name,
                db=redact(state.db),
            )
        )
        if result.head is not None:
            state.committed(result.code, *result.head)
    else:
        note(
            tr(
                "cooperative {code} already exists in {db}; nothing to do",
                code=result.code,
                db=redact(state.db),
            )
        )


@cli.group(help=N_("The charter (章程): rates and rules, amended from a year on."))
def charter() -> None:
    pass


@charter.command(
    "show", help=N_("Print the charter in force for YEAR (default: with every amendment applied).")
)
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def charter_show(state: State, year: int | None, fmt: str) -> None:
    def work(c: Any) -> tuple[int | None, dict[str, str], list[dict[str, str]]]:
        shown, values = services.charter_show(c, year)
        in_force = 9999 if year is None else year
        return shown, values, grades.listing(c, in_force)

    shown_year, values, table = state.read(work)
    emit_rows(
        fmt,
        ["key", "value"],
        sorted(values.items()),
        {"year": shown_year, "charter": values, "grades": table},
    )


@charter.group("grade", help=N_("The grade table (土地等级): value and base rate per mu by grade."))
def charter_grade() -> None:
    pass


@charter_grade.command(
    "set",
    help=N_(
        "Grade GRADE is valued at --value and paid --base-rate per mu (and --shares-per-mu) "
        "from an open year on."
    ),
)
@click.argument("grade")
@click.option("--value", required=True, help=N_("Yuan per mu."))
@click.option("--base-rate", required=True, help=N_("Yuan per mu a year."))
@click.option("--shares-per-mu", help=N_("Shares per mu (default: the charter's)."))
@click.option("--from-year", type=YEAR, required=True)
@pass_state
def charter_grade_set(
    state: State,
    grade: str,
    value: str,
    base_rate: str,
    shares_per_mu: str | None,
    from_year: int,
) -> None:
    state.run(lambda c: grades.set_grade(c, grade, value, base_rate, shares_per_mu, from_year))
    note(
        tr(
            "grade {grade} from {year}: {value} per mu, base {rate}",
            grade=grade,
            year=from_year,
            value=value,
            rate=base_rate,
        )
    )


GRADE_COLUMNS = ("grade", "value_per_mu", "base_rate", "shares_per_mu")


@charter_grade.command("list", help=N_("The grade table in force for YEAR."))
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def charter_grade_list(state: State, year: int | None, fmt: str) -> None:
    in_force = 9999 if year is None else year
    rows = state.read(lambda c: grades.listing(c, in_force))
    emit_rows(
        fmt,
        list(GRADE_COLUMNS),
        [[r[k] for k in GRADE_COLUMNS] for r in rows],
        {"year": year, "grades": rows},
    )


@charter.command(
    "set",
    help=N_(
        "Amend the charter: KEY becomes VALUE from an open year on. KEY: base_rate, "
        "land_value_per_mu, shares_per_mu, share_price, reserve_rate, welfare_rate, "
        "patronage_ratio, notice_months, allow_below_statutory (true|false)."
    ),
)
@click.argument("key")
@click.argument("value")
@click.option("--from-year", type=YEAR, required=True)
@pass_state
def charter_set(state: State, key: str, value: str, from_year: int) -> None:
    state.run(lambda c: services.charter_set(c, key, value, from_year))
    note(tr("charter: {key} = {value} from {year}", key=key, value=value, year=from_year))


# ----- accounts -------------------------------------------------------------------------------


@cli.group(help=N_("The chart of accounts."))
def account() -> None:
    pass


@account.command(
    "add",
    help=N_(
        "Add the leaf account CODE named NAME (under --parent, or the account its code extends)."
    ),
)
@click.argument("code")
@click.argument("name")
@click.option("--name-en")
@click.option("--parent")
@pass_state
def account_add(
    state: State, code: str, name: str, name_en: str | None, parent: str | None
) -> None:
    acc = state.run(lambda c: services.add_account(c, code, name, name_en, parent))
    if acc.parent is None:
        note(tr("account {code} {name} added", code=acc.code, name=acc.name))
    else:
        note(
            tr(
                "account {code} {name} added under {parent}",
                code=acc.code,
                name=acc.name,
                parent=acc.parent,
            )
        )


@account.command(
    "list", help=N_("List the chart of accounts: code, names, class, side, per-member, parent.")
)
@output_options()
@pass_state
def account_list(state: State, fmt: str) -> None:
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


@cli.group(help=N_("Vouchers (记账凭证): add, import, reverse, show, list."))
def voucher() -> None:
    pass


def voucher_json(p: Posted) -> dict[str, Any]:
    """The voucher as data; ``side`` is the line's side as printed (a red reversal's lines
    keep the side of the lines they reverse), ``debit``/``credit`` as before."""
    v = p.voucher
    sides = {id(ln): debit for ln, debit, _shown in document.voucher_sides(v)}
    total = document.voucher_total(v)
    return {
        "number": p.number,
        "date": v.date.isoformat(),
        "memo": v.memo,
        "kind": v.kind,
        "user": v.user,
        "ref": v.key,
        "reversal_of": v.reversal_of,
        "red": v.kind == VoucherKind.REVERSAL,
        "attachments": v.attachments,
        "corrects": v.corrects,
        "total": format_fen(total),
        "total_in_capitals": "人民币" + capitals(total),
        "lines": [
            {
                "account": ln.account,
                "general": ln.account[:3],
                "member_no": None if is_person_account(ln.account) else ln.member,
                "payee_no": ln.member if is_person_account(ln.account) else None,
                "side": "debit" if sides[id(ln)] else "credit",
                "debit": format_fen(ln.amount) if ln.amount > 0 else "0.00",
                "credit": format_fen(-ln.amount) if ln.amount < 0 else "0.00",
            }
            for ln in v.lines
        ],
    }


@voucher.command(
    "add",
    help=N_(
        "Post a voucher dated DATE: one or more --dr and --cr lines that balance; prints "
        "its number. With --ref, the same key and content does nothing the second time."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--memo", required=True)
@click.option(
    "--dr", nargs=2, multiple=True, type=(str, LINE_AMOUNT), metavar="ACCOUNT[@MEMBER] AMOUNT"
)
@click.option(
    "--cr", nargs=2, multiple=True, type=(str, LINE_AMOUNT), metavar="ACCOUNT[@MEMBER] AMOUNT"
)
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@click.option(
    "--corrects",
    metavar="NUMBER",
    help=N_(
        "The reversed voucher this one corrects (订正): printed under the memo as "
        "订正 <date> 第<number>号凭证."
    ),
)
@output_options()
@attachments_option
@pass_state
def voucher_add(
    state: State,
    date: dt.date,
    memo: str,
    dr: tuple[tuple[str, str], ...],
    cr: tuple[tuple[str, str], ...],
    ref: str | None,
    corrects: str | None,
    fmt: str,
) -> None:
    if not dr or not cr:
        raise click.UsageError(tr("a voucher needs at least one --dr and one --cr"))
    posted, created = state.run(
        lambda c: vouchers.add(c, date, memo, dr, cr, ref, corrects=corrects)
    )
    if fmt == "json":
        emit_json(voucher_json(posted))
    else:
        click.echo(posted.number)
    if not created:
        note(
            tr(
                "voucher {number} already posted with ref {ref}; nothing to do",
                number=posted.number,
                ref=ref,
            )
        )


@voucher.command(
    "import",
    help=N_(
        "Post the vouchers of a CSV file (ref,date,memo,account,member_no,debit,credit; "
        "rows sharing a ref are one voucher, and a ref already posted is skipped)."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def voucher_import(state: State, file: str) -> None:
    done = state.run(lambda c: vouchers.import_file(c, file))
    if done.skipped:
        note(
            tr(
                "imported {n} vouchers, {skipped} already posted",
                n=done.created,
                skipped=done.skipped,
            )
        )
    else:
        note(tr("imported {n} vouchers", n=done.created))
    if done.first:
        note(tr("numbers {first} … {last}", first=done.first, last=done.last))


@voucher.command(
    "reverse",
    help=N_("Reverse voucher NUMBER with a red voucher (红字冲销) dated DATE; prints its number."),
)
@click.argument("number")
@click.option("--date", type=DATE, required=True)
@click.option("--reason", required=True)
@pass_state
def voucher_reverse(state: State, number: str, date: dt.date, reason: str) -> None:
    posted = state.run(lambda c: vouchers.reverse(c, number, date, reason))
    click.echo(posted.number)
    note(tr("voucher {number} reversed by {reversal}", number=number, reversal=posted.number))


@voucher.command(
    "show",
    help=N_(
        "Print voucher NUMBER (记账凭证) with the chain head it rests on; --format pdf "
        "-o FILE prints it for signing."
    ),
)
@click.argument("number")
@output_options(("table", "json", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def voucher_show(state: State, number: str, fmt: str, output: str | None, force: bool) -> None:
    def work(c: Context) -> tuple[Any, ...]:
        posted = vouchers.show(c, number)
        staff = coop_org.staff(c, posted.voucher.date)
        corrected = vouchers.corrected_on(c, posted)
        books = (c.books.accounts(), c.books.book.name, trust.digest(c), members.names(c))
        return posted, *books, staff, corrected

    posted, accounts, coop_name, digest, names, staff, corrected = state.read(work)
    if fmt == "pdf":
        pages = document.voucher_pages(
            posted, accounts, coop_name, state.lang, digest, staff, corrected, names
        )
        files.write_bytes(state, output or "", pdf.render_vouchers(pages), force=force)
        note(tr("wrote {path}", path=output))
        return
    if fmt == "json":
        names = document.voucher_staff(posted.voucher, staff)
        emit_json({**voucher_json(posted), "staff": names, "ledger_digest": digest})
        return
    v = posted.voucher
    click.echo(
        tr(
            "{title} {number}  {date}  {memo}  ({kind}, {user})",
            title=t(state.lang, "v.title"),
            number=posted.number,
            date=v.date.isoformat(),
            memo=v.memo,
            kind=t(state.lang, f"kind.{v.kind}"),
            user=v.user,
        )
    )
    rows = [
        [
            ln.account + (f"@{ln.member}" if ln.member else ""),
            account_name(accounts[ln.account], state.lang),
            format_fen(shown) if debit else "",
            "" if debit else format_fen(shown),
        ]
        for ln, debit, shown in document.voucher_sides(v)
    ]
    total = document.voucher_total(v)
    rows.append(["", t(state.lang, "v.total"), format_fen(total), format_fen(total)])
    emit_rows("table", ["account", "name", "debit", "credit"], rows, None)
    echo_digest(digest, state.lang)


@voucher.command(
    "print",
    help=N_(
        "The vouchers of a month (or of a year, --from N --to N by number) bound in one PDF "
        "for filing: a cover (单位名称, 年度, 月份, 起讫日期, 凭证种类, 起讫号码, 张数) and one "
        "记账凭证 per page."
    ),
)
@click.option("--month", help=N_("YYYY-MM."))
@click.option("--year", type=YEAR)
@click.option("--from", "first", type=int, help=N_("First voucher number of the year."))
@click.option("--to", "last", type=int, help=N_("Last voucher number of the year."))
@output_options(None, output="required", output_help=N_("The PDF file."))
@pass_state
def voucher_print(
    state: State,
    month: str | None,
    year: int | None,
    first: int | None,
    last: int | None,
    output: str,
    force: bool,
) -> None:
    from coop import periods
    from coop.errors import BadInput

    if (month is None) == (year is None) or (month and (first or last)):
        raise BadInput(tr("give --month, or --year with --from/--to"), field="month")
    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise BadInput(
            tr("--month {text!r} is not a month: give YYYY-MM", text=month), field="month"
        )
    span = periods.parse_period(month) if month else None
    the_year = span.start.year if span else int(year or 0)

    def work(c: Context) -> tuple[Any, ...]:
        listed = [
            r
            for r in c.books.list_vouchers(the_year)
            if (span is None or span.start.isoformat() <= str(r.date) <= span.end.isoformat())
            and (first is None or r.seq >= first)
            and (last is None or r.seq <= last)
        ]
        posted = [vouchers.show(c, f"{r.year}-{r.seq}") for r in listed]
        staff = {p.number: coop_org.staff(c, p.voucher.date) for p in posted}
        corrected = {p.number: vouchers.corrected_on(c, p) for p in posted}
        books = (c.books.accounts(), c.books.book.name, trust.digest(c), members.names(c))
        return posted, *books, staff, corrected

    posted, accounts, coop_name, digest, names, staff, corrected = state.read(work)
    if not posted:
        raise BadInput(tr("no vouchers in what was asked for"), field="month")
    lang = state.lang
    dates = sorted(p.voucher.date for p in posted)
    cover = document.Document(
        coop_name,
        [
            document.Section(
                t(lang, "vp.cover"),
                [
                    [t(lang, "an.unit"), coop_name],
                    [t(lang, "vp.year"), str(the_year)],
                    [t(lang, "vp.month"), month[5:7] if month else ""],
                    [t(lang, "vp.dates"), f"{dates[0].isoformat()} – {dates[-1].isoformat()}"],
                    [t(lang, "vp.kind"), t(lang, "v.title")],
                    [t(lang, "vp.numbers"), f"{posted[0].number} – {posted[-1].number}"],
                    [t(lang, "vp.count"), str(len(posted))],
                ],
            ),
            document.digest_section(digest, lang),
        ],
    )
    pages = [
        page
        for p in posted
        for page in document.voucher_pages(
            p, accounts, coop_name, lang, None, staff[p.number], corrected[p.number], names
        )
    ]
    files.write_bytes(state, output, pdf.render_vouchers(pages, cover), force=force)
    note(tr("wrote {path}", path=output))


@voucher.command(
    "list", help=N_("List the vouchers (of YEAR, or all): number, date, memo, kind, total.")
)
@click.option("--year", type=YEAR)
@output_options()
@pass_state
def voucher_list(state: State, year: int | None, fmt: str) -> None:
    fields = ["number", "date", "memo", "kind", "total"]

    def items(c: Context) -> Iterator[dict[str, Any]]:
        for r in c.books.list_vouchers(year):
            yield {
                "number": f"{r.year}-{r.seq}",
                "date": r.date,
                "memo": r.memo,
                "kind": r.kind,
                "user": r.user,
                "total": format_fen(int(r.total)),
                "reversal_of": r.reversal_of,
            }

    if fmt in ("json", "csv"):  # streamed, at any length
        with spooled() as write:
            if fmt == "json":
                state.read(lambda c: json_list(write, "vouchers", items(c)))
            else:
                state.read(
                    lambda c: csv_rows(write, fields, ([d[f] for f in fields] for d in items(c)))
                )
        return
    data = state.read(lambda c: list(items(c)))
    emit_rows(fmt, fields, [[d[f] for f in fields] for d in data], None)


# ----- reports --------------------------------------------------------------------------------


@cli.group(help=N_("Reports: trial balance, ledgers, the statutory forms, member accounts, notes."))
def report() -> None:
    pass


@report.command(
    "trial-balance",
    help=N_("The trial balance (试算平衡表) of every account as of a date (default: all)."),
)
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def trial_balance(state: State, as_of: dt.date | None, fmt: str) -> None:
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
            t(state.lang, "v.total"),
            format_fen(tb.total_debit),
            format_fen(tb.total_credit),
        ]
    )
    emit_rows(fmt, ["code", "name", "debit", "credit"], rows, data)


def _whole_year(chosen: Period | None) -> int | None:
    """The year a period is, when it is one whole year (``--year``, ``--period YYYY``)."""
    if chosen is None or (chosen.start.month, chosen.start.day) != (1, 1):
        return None
    whole = chosen.end == chosen.start.replace(month=12, day=31)
    return chosen.start.year if whole else None


@report.command(
    "ledger",
    help=N_(
        "明细账 of ACCOUNT (or of one member's sub-ledger, ACCOUNT@MEMBER_NO): the opening "
        "balance, each line with its running balance and direction, 本月合计 and 本年累计; "
        "for a year, a period or a range of dates (all years when none is given)."
    ),
)
@click.argument("target", metavar="ACCOUNT[@MEMBER_NO]")
@period_options(optional=True)
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def ledger_report(
    state: State,
    target: str,
    chosen: Period | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    from coop import ledgers

    lang = state.lang
    summary = {  # "opening" is 上年结转 or 期初余额, by the span (set when it is known)
        "month_total": t(lang, "gl.month_total"),
        "year_to_date": t(lang, "gl.year_to_date"),
        "carried_forward": t(lang, "gl.carried_forward"),
    }

    def side(balance: int) -> str:
        """The balance's direction, as ledgers print it: 借 / 贷 / 平 (Dr / Cr / -)."""
        return pgettext(*DIRECTIONS[(balance > 0) - (balance < 0)])

    def book(c: Context) -> tuple[Any, str | None, Period, Iterator[Any]]:
        acc, member = services.ledger_target(c, target)
        span = chosen or ledgers.whole_books(c)
        summary["opening"] = t(lang, "gl.brought_forward" if span.opens_year else "gl.opening")
        return acc, member, span, ledgers.account_book_rows(c, acc.code, member, span, daily=False)

    if fmt == "json":  # streamed: "lines" as the book is read, "rows" kept in a file till then
        with spooled() as write, tempfile.TemporaryFile("w+", encoding="utf-8") as later:

            def to_json(c: Context) -> None:
                acc, member, span, rows = book(c)
                opening = next(rows)
                head = _ledger_json_head(acc, member, chosen, span, opening.balance, side)

                def lines() -> Iterator[dict[str, Any]]:
                    for r in itertools.chain([opening], rows):
                        later.write(json.dumps(_ledger_json_row(r, summary, side)) + "\n")
                        if r.kind == "line":
                            yield _ledger_json_line(r, side)

                def kept() -> Iterator[dict[str, Any]]:
                    later.seek(0)  # when "lines" is done
                    for text in later:
                        yield json.loads(text)

                json_object(write, head, [("lines", lines()), ("rows", kept())])

            state.read(to_json)
        return
    people = fmt in ("table", "pdf")

    def printed(
        c: Context, acc: Any, member: str | None, span: Period
    ) -> Callable[[Any], list[str]]:
        """A row as the book prints it."""
        # A parent's book names each line's leaf.
        parent = ledgers.names_leaves(c, acc.code, member, span)
        nobody = t(lang, "payee.unassigned") if is_person_account(acc.code) else ""

        def row(r: Any) -> list[str]:
            is_line = r.kind == "line"
            memo = r.memo if is_line else summary[r.kind]
            if is_line and parent:
                memo = f"{r.account} {memo}"
            amounts = (
                ["", ""]
                if r.kind in ("opening", "carried_forward")
                else [
                    _amount(r.receipt, people, lang, is_line),
                    _amount(r.payment, people, lang, is_line),
                ]
            )
            return [
                r.date.isoformat()[5:7],
                r.date.isoformat()[8:10],
                r.number,
                memo,
                (r.member or nobody) if is_line else "",
                *amounts,
                side(r.balance),
                money(abs(r.balance), lang) if people else format_fen(abs(r.balance)),
            ]

        return row

    def named(acc: Any, member: str | None) -> tuple[str, list[str]]:
        """The book's title, and its fields (212/213's lines name payees, O§4.1)."""
        who = "payee_no" if is_person_account(acc.code) else "member_no"
        title = f"{acc.code} {account_name(acc, lang)}" + (f" @{member}" if member else "")
        return title, [
            "month",
            "day",
            "number",
            "memo",
            who,
            "debit",
            "credit",
            "direction",
            "balance",
        ]

    if fmt == "pdf":  # 明细账: the page a board member or an auditor signs off

        def for_pdf(c: Context) -> tuple[Any, ...]:
            acc, member, span, rows = book(c)
            row = printed(c, acc, member, span)
            return acc, member, span, [row(r) for r in rows], c.books.book.name, trust.digest(c)

        acc, member, span, table, coop_name, digest = state.read(for_pdf)
        title, heads = named(acc, member)
        when = f"{span.start.isoformat()} – {span.end.isoformat()}"
        full = f"{coop_name} {t(lang, 'report.ledger')} {title} {when}"
        pdf_heads = [header(lang, f) for f in heads]
        files.write_table_pdf(state, output or "", full, pdf_heads, table, digest, force=force)
        return
    if fmt == "csv":  # streamed, at any length
        with spooled() as write:

            def to_csv(c: Context) -> None:
                acc, member, span, rows = book(c)
                row = printed(c, acc, member, span)
                csv_rows(write, named(acc, member)[1], (row(r) for r in rows))

            state.read(to_csv)
        return

    def to_table(c: Context) -> tuple[str, TableSpool]:  # measured in the read, printed after
        acc, member, span, rows = book(c)
        row = printed(c, acc, member, span)
        title, heads = named(acc, member)
        spool = TableSpool(*table_heads(lang, heads))
        for r in rows:
            spool.add(row(r))
        return title, spool

    title, spool = state.read(to_table)
    spool.emit(title)


def _ledger_json_head(
    acc: Any,
    member: str | None,
    chosen: Period | None,
    span: Any,
    opening: int,
    side: Callable[[int], str],
) -> dict[str, Any]:
    """``report ledger --format json``: the keys before the lists."""
    return {
        "account": acc.code,
        "name": acc.name,
        "name_en": acc.name_en,
        "member_no": None if is_person_account(acc.code) else member,
        "payee_no": member if is_person_account(acc.code) else None,
        "year": _whole_year(chosen),
        "from": span.start.isoformat(),
        "to": span.end.isoformat(),
        "opening": format_fen(opening),
        "opening_direction": side(opening),
    }


def _ledger_json_line(r: Any, side: Callable[[int], str]) -> dict[str, Any]:
    """An item of ``"lines"``: a line of the book."""
    return {
        "date": r.date.isoformat(),
        "number": r.number,
        "memo": r.memo,
        "account": r.account,
        "member": r.member,
        "amount": format_fen(r.receipt - r.payment),
        "balance": format_fen(r.balance),
        "direction": side(r.balance),
        "side": "debit" if r.receipt or not r.payment else "credit",
        "debit": format_fen(r.receipt),
        "credit": format_fen(r.payment),
        "red": r.red,
    }


def _ledger_json_row(r: Any, summary: dict[str, str], side: Callable[[int], str]) -> dict[str, Any]:
    """An item of ``"rows"``: a row as the book prints it (lines and the totals)."""
    return {
        "kind": "line" if r.kind == "line" else r.kind,
        "date": r.date.isoformat(),
        "number": r.number,
        "summary": r.memo if r.kind == "line" else summary[r.kind],
        "debit": format_fen(r.receipt),
        "credit": format_fen(r.payment),
        "direction": side(r.balance),
        "balance": format_fen(abs(r.balance)),
        "red": r.red,
    }


def _amount(fen: int, people: bool, lang: str, line: bool) -> str:
    """A book's amount cell: grouped for people; a line's other side is left blank."""
    if line and not fen:
        return ""
    return money(fen, lang) if people else format_fen(fen)


# ----- check and year close -------------------------------------------------------------------


@cli.command(
    help=N_("Verify the books: silent and exit 0 when sound; one line per problem and exit 1.")
)
@click.option(
    "--strict",
    is_flag=True,
    help=N_(
        "Also fail on what the law allows only by charter "
        "and on parcels past their term; run SQLite's full integrity_check."
    ),
)
@output_options(("text", "json"))
@click.pass_context
def check(ctx: click.Context, strict: bool, fmt: str) -> None:
    state: State = ctx.obj
    today_ = today()
    witnessed: list[int] = []

    def work(c: Context) -> tuple[list[Problem], list[Problem]]:
        heads = state.witness_heads(c.books.book.code)
        witnessed.append(sum(1 for h in heads if h.kind != "rewind"))
        return services.check(c, strict, today_, heads)

    problems, warnings = state.read(work)
    for w in warnings:
        note(tr("warning: {warning}", warning=w))
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


@cli.group(help=N_("Fiscal years: close."))
def year() -> None:
    pass


@year.command(
    "close",
    help=N_(
        "Close YEAR (结账): income and expense into 331, 331 into 33202, and lock the "
        "year; prints the chain link that records the close, for the board to sign."
    ),
)
@click.argument("year_", metavar="YEAR", type=YEAR)
@pass_state
def year_close(state: State, year_: int) -> None:
    head, done, numbers = state.run(lambda c: services.close_year(c, year_))
    if done and numbers:
        note(tr("year {year} closed by vouchers {numbers}", year=year_, numbers=", ".join(numbers)))
    elif done:
        note(tr("year {year} closed", year=year_))
    else:
        note(tr("year {year} was already closed; nothing to do", year=year_))
    seq, h = head
    click.echo(tr("chain head: {seq} {hash}", seq=seq, hash=h.hex()))


@cli.command("export", help=N_("The whole books as Beancount, CSV (UTF-8 with BOM) or XLSX."))
@click.argument("kind", type=click.Choice(["beancount", "csv", "xlsx"]))
@output_options(None, output="required", output_help=N_("The file to write."))
@pass_state
def export(state: State, kind: str, output: str, force: bool) -> None:
    from coop import export as exporter

    lang = state.lang  # CSV keeps its column names for scripts; the others speak ``lang``
    with files.writing(state, output, force=force) as temp:
        if kind == "beancount":
            count = state.read(lambda c: exporter.beancount(c, temp, lang))
        elif kind == "xlsx":
            count = state.read(lambda c: exporter.xlsx_file(c, temp, lang))
        else:
            count = state.read(lambda c: exporter.csv_file(c, temp))
    if kind == "beancount":
        note(tr("wrote {path} ({n} vouchers)", path=output, n=count))
    else:
        note(tr("wrote {path} ({n} lines)", path=output, n=count))


@cli.command(
    "backup",
    help=N_(
        "A consistent copy of the SQLite file, taken while others may write; prints the "
        "chain head it holds (compare it with `coop --db COPY check`)."
    ),
)
@output_options(None, output="required", output_help=N_("The copy to write."))
@pass_state
def backup(state: State, output: str, force: bool) -> None:
    from ledger.store.engine import backup_sqlite

    files.check_target(state, output, force=force)
    with files.one_line(output):
        backup_sqlite(state.db, output, overwrite=force)
    copy = dataclasses.replace(state, db=output)
    heads = copy.read(lambda c: c.books.head())
    click.echo(tr("chain head: {hash} (link {seq})", hash=heads[1].hex(), seq=heads[0]))
    note(tr("backed up {db} to {path}", db=state.db, path=output))
