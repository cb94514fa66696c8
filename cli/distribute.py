"""Commands of the year end: distribute, reserve cover-loss, subsidies, statements, settle."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from tabulate import tabulate

from cli import files
from cli.app import State, cli, lazy_module, pass_state
from cli.books import report
from cli.members import member
from cli.options import attachments_option, output_options
from cli.output import echo_digest, emit_json, emit_rows, json_object, note, recorded, spooled
from cli.params import AMOUNT, DATE, YEAR
from coop import (
    distribution,
    dividends,
    leaving,
    periods,
    reports,
    statements,
    subsidy,
    trust,
    weights,
)
from coop import notes as coop_notes
from coop import org as coop_org
from coop.errors import BadInput, NotAllowed
from coop.render import document
from coop.render.i18n import LABELS, money, t
from coop.store import repo
from coop.store.uow import Context
from ledger.errors import InvalidInput
from ledger.i18n import N_, tr
from ledger.money import format_fen, parse_amount, parse_rate

if TYPE_CHECKING:
    from coop.render import pdf
else:
    pdf = lazy_module("coop.render.pdf")  # fpdf is imported when a PDF is made


def _retain(text: str | None) -> int:
    if text is None:
        return 0
    try:
        return parse_amount(text, allow_zero=True, what="retain")
    except InvalidInput as exc:
        raise click.BadParameter(exc.message, param_hint="--retain") from None


def _convert(text: str | None) -> Fraction:
    """``--convert RATIO``: 0 to 1, at most four decimals (operations.md §2.7)."""
    if text is None:
        return Fraction(0)
    try:
        return parse_rate(text, what="convert")
    except InvalidInput as exc:
        raise BadInput(f"--convert: {exc.message}", field="convert", value=text) from None


CONVERT_HELP = N_(
    "Part of each member's patronage return and residual distribution converted into "
    "股金 at posting (0 to 1, four decimals; default 0)."
)


@cli.group(help=N_("The statutory distribution of a year's surplus: plan, post, pay, convert."))
def distribute() -> None:
    pass


@distribute.command(
    "plan",
    help=N_(
        "Show the distribution of YEAR (writes nothing); as PDF, the plan for public notice "
        "with names, 合计, the head and the board's signature lines."
    ),
)
@click.argument("year", type=YEAR)
@click.option("--retain", help=N_("Amount the assembly keeps in 未分配盈余."))
@click.option("--convert", "convert_text", metavar="RATIO", help=CONVERT_HELP)
@output_options(
    ("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file (公示).")
)
@pass_state
def plan(
    state: State,
    year: int,
    retain: str | None,
    convert_text: str | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    k = _retain(retain)
    ratio = _convert(convert_text)
    if fmt == "json":  # streamed: a member at a time (100,000 members in flat memory)
        with spooled() as write:

            def to_json(c: Context) -> None:
                p = distribution.compute(c, year, k, ratio)
                total = distribution.weight_total(p)  # once, not per member
                json_object(
                    write,
                    distribution.plan_json_head(p),
                    [("members", (distribution.plan_member_json(p, m, total) for m in p.members))],
                    {**distribution.plan_json_tail(p), "ledger_digest": trust.digest(c)},
                )

            state.read(to_json)
        return

    def work(c: Context) -> tuple[dict[str, Any], dict[str, tuple[str, str]], str]:
        data = {
            **distribution.plan_json(distribution.compute(c, year, k, ratio)),
            "ledger_digest": trust.digest(c),
        }
        names = {no: (m.name, m.household or "") for no, m in repo.members(c).items()}
        return data, names, c.books.book.name

    data, names, coop_name = state.read(work)
    if fmt == "pdf":
        doc = document.distribution_plan(data, names, coop_name, state.lang)
        body = pdf.render(doc, data["ledger_digest"]["hash"][:16], landscape=True)
        files.write_bytes(state, output or "", body, force=force)
        note(tr("wrote {path}", path=output))
        return
    pools = [
        [k2, data[k2]]
        for k2 in (
            "surplus",
            "opening_undistributed",
            "reserve_cover",
            "leavers_loss",
            "reserve",
            "welfare",
            "distributable",
            "retained",
            "patronage_pool",
            "residual_pool",
            *(("convert_ratio", "converted") if data["converted"] != "0.00" else ()),
        )
    ]
    emit_rows(
        fmt, ["item", "amount"], pools, None, title=t(state.lang, "title.plan", year=str(year))
    )
    click.echo()
    conversions = (
        ("converted_patronage", "converted_residual") if data["converted"] != "0.00" else ()
    )
    emit_rows(
        fmt,
        [
            "member_no",
            "patronage_basis",
            "patronage_return",
            "residual_basis",
            "residual_distribution",
            "reserve_share",
            "total",
            *conversions,
        ],
        [
            [
                m["member_no"],
                m["patronage_basis"],
                m["patronage_return"],
                m["residual_basis"],
                m["residual_distribution"],
                m["reserve_share"],
                m["total"],
                *[m[c] for c in conversions],
            ]
            for m in data["members"]
        ],
        None,
        bom=False,
    )
    if fmt == "table":
        echo_digest(data["ledger_digest"], state.lang)


@distribute.command(
    "post",
    help=N_(
        "Post YEAR's distribution as `distribute plan` shows it (reserve, welfare, "
        "patronage return, residual distribution); prints the voucher numbers."
    ),
)
@click.argument("year", type=YEAR)
@click.option("--retain")
@click.option("--convert", "convert_text", metavar="RATIO", help=CONVERT_HELP)
@click.option("--approved-on", type=DATE, help=N_("The members' assembly that approved it."))
@pass_state
def post(
    state: State,
    year: int,
    retain: str | None,
    convert_text: str | None,
    approved_on: dt.date | None,
) -> None:
    k = _retain(retain)
    ratio = _convert(convert_text)
    p, created, numbers = state.run(lambda c: distribution.post(c, year, k, approved_on, ratio))
    if not created:
        note(tr("the distribution of {year} is already posted; nothing to do", year=year))
        return
    if numbers:
        click.echo("\n".join(numbers))
    note(
        tr(
            "distribution of {year} posted: reserve {reserve}, welfare {welfare}, "
            "patronage {patronage}, residual {residual}",
            year=year,
            reserve=format_fen(p.reserve),
            welfare=format_fen(p.welfare),
            patronage=format_fen(p.patronage_pool),
            residual=format_fen(p.residual_pool),
        )
    )


@distribute.command(
    "pay",
    help=N_(
        "Pay what YEAR's distribution still owes (to every member, or --member); prints "
        "the voucher number."
    ),
)
@click.argument("year", type=YEAR)
@click.option("--date", type=DATE, required=True)
@click.option("--member", "member_no")
@attachments_option
@pass_state
def pay(state: State, year: int, date: dt.date, member_no: str | None) -> None:
    number, total = state.run(lambda c: dividends.pay(c, year, date, member_no))
    if number is None:
        if member_no:
            note(
                tr(
                    "nothing is owed for {year} to {member}; nothing to do",
                    year=year,
                    member=member_no,
                )
            )
        else:
            note(tr("nothing is owed for {year}; nothing to do", year=year))
        return
    click.echo(number)
    note(
        tr(
            "paid {amount} of the {year} distribution (voucher {number})",
            amount=format_fen(total),
            year=year,
            number=number,
        )
    )


@distribute.command(
    "convert",
    help=N_(
        "Convert part of what YEAR's distribution owes a member into share capital "
        "(股金); prints the voucher number."
    ),
)
@click.argument("year", type=YEAR)
@click.option("--member", "member_no", required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--ref")
@attachments_option
@pass_state
def convert(
    state: State, year: int, member_no: str, amount: str, date: dt.date, ref: str | None
) -> None:
    number = state.run(lambda c: dividends.convert(c, year, member_no, amount, date, ref))
    click.echo(number)


@cli.group(help=N_("The reserve fund (公积金)."))
def reserve() -> None:
    pass


@reserve.command(
    "cover-loss", help=N_("Cover YEAR's loss from the reserve fund; prints the voucher number.")
)
@click.option("--year", type=YEAR, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--ref")
@pass_state
def cover_loss(state: State, year: int, amount: str, ref: str | None) -> None:
    recorded(*state.run(lambda c: subsidy.cover_loss(c, year, amount, ref)))


@cli.group("subsidy", help=N_("State subsidies: receive, capitalise into 专项基金."))
def subsidy_group() -> None:
    pass


project_option = click.option(
    "--project",
    metavar="LEAF",
    help=N_("The subsidy project's leaf under 235 (needed once 235 has sub-accounts)."),
)


@subsidy_group.command(
    "receive", help=N_("Record a state subsidy received; prints the voucher number.")
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--ref")
@project_option
@attachments_option
@pass_state
def subsidy_receive(
    state: State, date: dt.date, amount: str, ref: str | None, project: str | None
) -> None:
    recorded(*state.run(lambda c: subsidy.receive(c, date, amount, ref, project=project)))


@subsidy_group.command(
    "capitalise",
    help=N_(
        "Capitalise subsidies received into 专项基金 against the asset they formed (--asset "
        "NO or --voucher N); prints the voucher number."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--asset", "asset_no", help=N_("The registered asset the subsidy formed."))
@click.option(
    "--voucher",
    metavar="NUMBER",
    help=N_("The voucher that booked what it formed (141, 142, 144, 151, 153, 161)."),
)
@click.option("--ref")
@project_option
@attachments_option
@pass_state
def subsidy_capitalise(
    state: State,
    date: dt.date,
    amount: str,
    asset_no: str | None,
    voucher: str | None,
    ref: str | None,
    project: str | None,
) -> None:
    recorded(
        *state.run(
            lambda c: subsidy.capitalise(
                c, date, amount, ref, asset=asset_no, voucher=voucher, project=project
            )
        )
    )


@subsidy_group.command(
    "spend",
    help=N_(
        "Spend subsidy money on 信息、培训、质量认证、市场营销、技术推广 (235 三): Dr 235 / Cr "
        "102 (or --credit); not quantified to members."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--memo", required=True)
@click.option("--credit", default="102", help=N_("101, 102, 109 or a leaf (default 102)."))
@click.option("--ref")
@project_option
@attachments_option
@pass_state
def subsidy_spend(
    state: State,
    date: dt.date,
    amount: str,
    memo: str,
    credit: str,
    ref: str | None,
    project: str | None,
) -> None:
    recorded(
        *state.run(lambda c: subsidy.spend(c, date, amount, memo, credit, ref, project=project))
    )


@subsidy_group.command(
    "offset",
    help=N_(
        "Offset subsidy money against an expense booked before it came (235 四): Dr 235 / Cr "
        "the expense leaf (under 521, not 52101, or 523)."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--account", required=True)
@click.option("--memo", required=True)
@click.option("--ref")
@project_option
@attachments_option
@pass_state
def subsidy_offset(
    state: State,
    date: dt.date,
    amount: str,
    account: str,
    memo: str,
    ref: str | None,
    project: str | None,
) -> None:
    recorded(
        *state.run(lambda c: subsidy.offset(c, date, amount, account, memo, ref, project=project))
    )


@subsidy_group.command(
    "refund", help=N_("Return unused subsidy money (235 五): Dr 235 / Cr 102 (or --credit).")
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--credit", default="102", help=N_("101, 102, 109 or a leaf (default 102)."))
@click.option("--ref")
@project_option
@attachments_option
@pass_state
def subsidy_refund(
    state: State, date: dt.date, amount: str, credit: str, ref: str | None, project: str | None
) -> None:
    recorded(*state.run(lambda c: subsidy.refund(c, date, amount, credit, ref, project=project)))


@member.command("settle", help=N_("Pay a leaver what 114@M owes them."))
@click.argument("member_no")
@click.option("--date", type=DATE, required=True)
@attachments_option
@pass_state
def member_settle(state: State, member_no: str, date: dt.date) -> None:
    number, total = state.run(lambda c: leaving.settle(c, member_no, date))
    if number is None:
        note(tr("nothing is owed to {member} on 114; nothing to do", member=member_no))
        return
    click.echo(number)
    note(tr("paid {amount} to {member}", amount=format_fen(total), member=member_no))


@cli.command(help=N_("A member's share statement for YEAR (or --all into --out-dir)."))
@click.argument("member_no", required=False)
@click.option("--year", type=YEAR, required=True)
@output_options(
    ("text", "json", "pdf"),
    output="optional",
    output_help=N_("Write to this file."),
    binary_needs_output=False,
)  # checked below, after --all
@click.option("--all", "all_members", is_flag=True, help=N_("Every member of the year."))
@click.option("--out-dir", type=click.Path(file_okay=False), help=N_("With --all: the folder."))
@pass_state
def statement(
    state: State,
    member_no: str | None,
    year: int,
    fmt: str,
    output: str | None,
    all_members: bool,
    out_dir: str | None,
    force: bool,
) -> None:
    if all_members:
        if member_no or not out_dir or fmt == "json":
            raise click.UsageError(
                tr("use: coop statement --all --year YEAR --out-dir DIR [--format text|pdf]")
            )
        # Read everything the statements print in one read transaction, then render
        # (PDF included) with no transaction open.
        every, coop_name = state.read(lambda c: _read_statements(c, year))
        ext = "pdf" if fmt == "pdf" else "txt"
        targets = files.folder_targets(
            state, out_dir, [f"{m}-{year}.{ext}" for m, _ in every], force=force
        )
        count = _write_statements(every, coop_name, state.lang, year, fmt, targets, force)
        note(tr("wrote {n} statements to {folder}", n=count, folder=out_dir))
        return
    if member_no is None:
        raise click.UsageError(tr("give MEMBER_NO, or --all with --out-dir"))
    if fmt == "pdf" and not output:
        raise click.UsageError(tr("--format {fmt} needs -o FILE", fmt=fmt))

    def work(c: Context) -> tuple[dict[str, Any], str]:
        return statements.member_year(c, member_no, year), c.books.book.name

    data, coop_name = state.read(work)
    if fmt == "json":
        text = json.dumps(statements.statement_json(data), ensure_ascii=False, indent=1)
        _write_or_echo(state, text + "\n", output, force)
        return
    doc = document.member_statement(data, coop_name, state.lang)
    if fmt == "pdf":
        files.write_bytes(
            state, output or "", pdf.render(doc, data["ledger_digest"]["hash"][:16]), force=force
        )
        note(tr("wrote {path}", path=output))
    else:
        _write_or_echo(state, document.to_text(doc), output, force)


def _write_or_echo(state: State, text: str, output: str | None, force: bool) -> None:
    if output:
        files.write_text(state, output, text, force=force)
        note(tr("wrote {path}", path=output))
    else:
        click.echo(text, nl=False)


def _read_statements(c: Context, year: int) -> tuple[list[tuple[str, dict[str, Any]]], str]:
    """What every statement of the year prints: plain data, read in the caller's one
    read transaction."""
    view = statements.YearView(c, year)
    every = [
        (member, statements.member_year(c, member, year, view))
        for member in weights.year_members(c, year)
    ]
    return every, c.books.book.name


def _write_statements(
    every: list[tuple[str, dict[str, Any]]],
    coop_name: str,
    lang: str,
    year: int,
    fmt: str,
    targets: list[Path],
    force: bool,
) -> int:
    """Render and write the statements; no database transaction is open here. PDFs share
    one cut of the font, of every statement's characters (a first pass over them)."""
    chars = (
        pdf.chars_of(*(document.member_statement(d, coop_name, lang) for _m, d in every))
        if fmt == "pdf"
        else None
    )
    with click.progressbar(
        list(zip(every, targets, strict=True)),
        label=tr("statements {year}", year=year),
        file=sys.stderr,
    ) as bar:
        try:
            for (_member, data), target in bar:
                doc = document.member_statement(data, coop_name, lang)
                body = (
                    pdf.render(doc, data["ledger_digest"]["hash"][:16], chars=chars)
                    if fmt == "pdf"
                    else document.to_text(doc).encode("utf-8")
                )
                files.write_to(target, body, force=force)
        finally:  # the files written before a failure are made durable too
            files.folder_written(targets)
    return len(every)


@report.command("member-accounts", help=N_("成员账户: each member's account for YEAR."))
@click.option("--year", type=YEAR, required=True)
@output_options(("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def member_accounts(state: State, year: int, fmt: str, output: str | None, force: bool) -> None:
    rows, coop_name = state.read(lambda c: (statements.member_accounts(c, year), c.books.book.name))
    cols = [
        "member_no",
        "name",
        "opening_capital",
        "share_capital",
        "opening_reserve_share",
        "reserve_share",
        "subsidy_share",
        "area_mu",
        "mu_days",
        "base_payment",
        "patronage_return",
        "residual_distribution",
        "paid",
        "converted",
        "unpaid",
    ]
    if fmt == "json":
        # statutory.md §6.5: 出资 by source, the donation share and the trade amount
        emit_json({"year": year, "members": rows})
        return
    heads = cols if fmt == "csv" else [t(state.lang, f"ma.{c}") for c in cols]
    table = [[r[c] for c in cols] for r in rows]
    if fmt != "csv":  # people read a 合计 row; scripts sum for themselves
        table.append(
            [t(state.lang, "v.total"), ""]
            + [
                f"{sum(Decimal(r[c]) for r in rows):.{4 if c in ('area_mu', 'mu_days') else 2}f}"
                for c in cols[2:]
            ]
        )
    title = f"{coop_name} {t(state.lang, 'report.member_accounts')} {year}"
    if fmt == "pdf":
        doc = document.Document(title, [document.Section("", table, header=heads)])
        files.write_bytes(state, output or "", pdf.render(doc, landscape=True), force=force)
        note(tr("wrote {path}", path=output))
        return
    emit_rows(fmt, heads, table, None, title=title)


def form_day(form: Any) -> dt.date:
    """The day a form is drawn at: its date, the end of its period, or its year's end."""
    if form.date is not None:
        return form.date  # type: ignore[no-any-return]
    if form.period is not None:
        return form.period[1]  # type: ignore[no-any-return]
    return dt.date(form.year, 12, 31)


def _report_command(
    name: str,
    build: Callable[..., Any],
    help_text: str,
    *,
    as_of: bool = False,
    period: bool = False,
) -> click.Command:
    """``coop report NAME``: one of the statutory forms (会农社01表…), registered on
    ``report``; ``help_text`` is marked by the caller, ``N_("…")``. With ``as_of`` the
    form may also be drawn at a month end (``--as-of``), with ``period`` for a part of a
    year (``--period``): the interim forms."""
    as_of_option = as_of

    @report.command(name, help=help_text)
    @click.option("--year", type=YEAR, required=not (as_of or period))
    @output_options(
        ("table", "json", "csv", "pdf"), output="optional", output_help=N_("The PDF file.")
    )
    @pass_state
    def command(
        state: State,
        year: int | None,
        fmt: str,
        output: str | None,
        force: bool,
        as_of: dt.date | None = None,
        period: str | None = None,
    ) -> None:
        if sum(x is not None for x in (year, as_of, period)) != 1:
            said = tr("give --year or --as-of") if as_of_option else tr("give --year or --period")
            raise BadInput(said, field="year")
        chosen = None
        if period is not None:
            chosen = periods.parse_period(period)
            if chosen.start.month == 1 and chosen.end.month == 12:
                raise BadInput(
                    tr("--period for a form is part of a year: for the whole year use --year"),
                    field="period",
                )
        if as_of is not None and (as_of + dt.timedelta(days=1)).day != 1:
            raise BadInput(
                tr("--as-of {date} is not the last day of a month", date=as_of.isoformat()),
                field="as_of",
            )

        def built(c: Context) -> Any:
            if as_of is not None:
                return build(c, as_of.year, as_of)
            if chosen is not None:
                return build(c, chosen.start.year, chosen)
            return build(c, year)

        def read(c: Context) -> tuple[Any, ...]:
            form = built(c)
            return form, c.books.book.name, trust.digest(c), coop_org.staff(c, form_day(form))

        form, coop_name, digest, staff = state.read(read)
        if fmt == "pdf":
            doc = document.report_document(form, coop_name, state.lang, digest, state.user, staff)
            landscape = form.form in ("会农社01表", "会农社03表")
            files.write_bytes(
                state, output or "", pdf.render(doc, landscape=landscape), force=force
            )
            note(tr("wrote {path}", path=output))
            return
        if fmt == "json":
            data = reports.report_json(form, state.lang, coop_name)
            emit_json({**data, "ledger_digest": digest})
            return
        lang = state.lang
        amount = (lambda v: money(v, lang)) if fmt == "table" else format_fen
        heads, rows = document.form_table(form, lang, amount)
        if fmt == "csv":
            emit_rows(fmt, heads, rows, None)
            return
        title, lines = document.form_heading(form, coop_name, lang)
        click.echo(title)
        for left, right in lines:
            click.echo(f"{left}    {right}")
        emit_rows(fmt, heads, rows, None)
        click.echo("    ".join(document.form_signatures(lang, state.user, staff)))
        echo_digest(digest, lang)

    if as_of:
        command = click.option(
            "--as-of", "as_of", type=DATE, help=N_("A month end: the interim form (中期).")
        )(command)
    if period:
        command = click.option(
            "--period",
            "period",
            help=N_("YYYY-MM, YYYY-Qn or YYYY-H1/H2: the interim form (中期)."),
        )(command)
    return command


def _notes_items(found: Any, lang: str) -> list[dict[str, Any]]:
    """The 附注's items as data: number, title, text (无 when the item has nothing), tables
    with their headings and cells in ``lang``."""

    def said(key: str, values: dict[str, Any]) -> str:
        return str(values["text"]) if key == coop_notes.RAW else t(lang, key, **values)

    items: list[dict[str, Any]] = []
    for item in found.items:
        texts = [said(k, v) for k, v in item.texts]
        tables = [
            {
                "columns": [t(lang, c) for c in table.columns],
                "rows": [
                    [t(lang, cell) if cell in LABELS else cell for cell in row]
                    for row in table.rows
                ],
            }
            for table in item.tables
        ]
        items.append(
            {
                "no": item.no,
                "title": t(lang, item.title),
                "text": "\n".join(texts) if texts or tables else t(lang, "nt.none"),
                "tables": tables,
            }
        )
    return items


@report.command(
    "notes",
    help=N_("附注: the nine items of 财会〔2021〕37号 art. 58, from what the books hold."),
)
@click.option("--year", type=YEAR, required=True)
@click.option("--retain", help=N_("For the draft plan of item 7(8): kept in 未分配盈余."))
@click.option("--convert", "convert_text", metavar="RATIO", help=CONVERT_HELP)
@output_options(("text", "json", "pdf"), output="optional", output_help=N_("The PDF file."))
@pass_state
def notes_command(
    state: State,
    year: int,
    retain: str | None,
    convert_text: str | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    k, ratio = _retain(retain), _convert(convert_text)
    found, coop_name, digest = state.read(
        lambda c: (
            coop_notes.notes(c, year, state.lang, k, ratio),
            c.books.book.name,
            trust.digest(c),
        )
    )
    lang = state.lang
    items = _notes_items(found, lang)
    if fmt == "json":
        emit_json(
            {
                "year": year,
                "unit": coop_name,
                "items": items,
                "draft_plan": found.draft_plan,
                "ledger_digest": digest,
            }
        )
        return
    title = f"{coop_name} {t(lang, 'report.notes')} {t(lang, 'form.year', y=year)}"
    if fmt == "pdf":
        sections: list[document.Section] = []
        for it in items:
            sections.append(
                document.Section(
                    f"{it['no']} {it['title']}", [[line] for line in it["text"].split("\n") if line]
                )
            )
            for table in it["tables"]:
                sections.append(document.Section("", table["rows"], header=table["columns"]))
        sections.append(document.digest_section(digest, lang))
        files.write_bytes(
            state, output or "", pdf.render(document.Document(title, sections)), force=force
        )
        note(tr("wrote {path}", path=output))
        return
    click.echo(title)
    for it in items:
        click.echo("")
        click.echo(f"{it['no']} {it['title']}")
        if it["text"]:
            click.echo(it["text"])
        for table in it["tables"]:
            click.echo(tabulate(table["rows"], headers=table["columns"], disable_numparse=True))


@report.command(
    "annual",
    help=N_(
        "The annual report pack of a closed YEAR in one PDF: the cover, the contents, "
        "01表, 02表, 03表 and the 附注, the pages numbered through."
    ),
)
@click.option("--year", type=YEAR, required=True)
@click.option("--sent-on", type=DATE, help=N_("The date the report is sent (送出日期)."))
@output_options(None, output="required", output_help=N_("The PDF file."))
@pass_state
def annual(state: State, year: int, output: str, sent_on: dt.date | None, force: bool) -> None:
    def work(c: Context) -> tuple[Any, ...]:
        if not c.books.is_closed(year):
            raise NotAllowed(
                tr("the annual report is of a closed year; close {year} first", year=year)
            )
        end = dt.date(year, 12, 31)
        return (
            reports.balance_sheet(c, year),
            reports.surplus_statement(c, year),
            reports.equity_changes(c, year),
            coop_notes.notes(c, year, state.lang),
            distribution.posted(c, year) is not None,
            c.books.book.name,
            trust.digest(c),
            coop_org.staff(c, end),
            coop_org.org_values(c, end).get("address") or "",
        )

    bs, ss, eq, found, posted, coop_name, digest, staff, address = state.read(work)
    lang = state.lang
    forms = [
        document.report_document(form, coop_name, lang, digest, state.user, staff)
        for form in (bs, ss, eq)
    ]
    notes_doc = document.notes_document(
        f"{coop_name} {t(lang, 'report.notes')} {t(lang, 'form.year', y=year)}",
        _notes_items(found, lang),
        None,
        lang,
    )
    day = (
        t(lang, "form.date", y=sent_on.year, m=f"{sent_on.month:02d}", d=f"{sent_on.day:02d}")
        if sent_on
        else ""
    )
    cover = document.Document(
        coop_name,
        [
            document.Section(
                "",
                [
                    [
                        t(lang, "an.title", year=year)
                        + ("" if posted else t(lang, "an.plan_pending"))
                    ],
                    [t(lang, "an.unit"), coop_name],
                    [t(lang, "an.address"), address],
                    [t(lang, "an.sent_on"), day],
                ],
            ),
            document.digest_section(digest, lang),
        ],
        signatures=document.form_signatures(lang, state.user, staff)[:2],
    )
    contents = document.Document(
        t(lang, "an.contents"),
        [
            document.Section(
                "",
                [
                    [f"{bs.form} {t(lang, bs.key)}"],
                    [f"{ss.form} {t(lang, ss.key)}"],
                    [f"{eq.form} {t(lang, eq.key)}"],
                    [t(lang, "report.notes")],
                ],
            )
        ],
    )
    data = pdf.render_many(
        [
            (cover, False),
            (contents, False),
            (forms[0], True),
            (forms[1], False),
            (forms[2], True),
            (notes_doc, False),
        ]
    )
    files.write_bytes(state, output, data, force=force)
    note(tr("wrote {path}", path=output))


FORMS = [
    _report_command(
        "balance-sheet",
        reports.balance_sheet,
        N_("会农社01表, the balance sheet at the end of YEAR, or at a month end (--as-of)."),
        as_of=True,
    ),
    _report_command(
        "surplus",
        reports.surplus_statement,
        N_(
            "会农社02表, the surplus and its distribution for YEAR, or for a part of it (--period)."
        ),
        period=True,
    ),
    _report_command(
        "equity-changes",
        reports.equity_changes,
        N_("会农社03表, the changes in members' equity during YEAR."),
    ),
]
