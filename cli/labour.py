"""Commands on labour (operations.md §4, cli-additions.md §5): the payee register and 212
应付工资 / 213 应付劳务费 kept by person."""

from __future__ import annotations

import datetime as dt

import click

from cli.app import State, cli, pass_state
from cli.options import attachments_option, output_options
from cli.output import emit_json, emit_rows, note
from cli.params import AMOUNT, DATE, YEAR
from coop import payees
from coop.errors import BadInput
from ledger.i18n import N_, tr
from ledger.money import format_fen


@cli.group(
    "payee",
    help=N_(
        "The payees (人员): the people paid wages (212 应付工资) or labour fees (213 "
        "应付劳务费), members or not: add, import, list."
    ),
)
def payee_group() -> None:
    pass


def _added(result: payees.Added) -> None:
    if result.added:
        note(tr("added {n} payees", n=len(result.added)))
    if result.unchanged:
        note(tr("{n} payees already registered as given", n=len(result.unchanged)))


@payee_group.command("add", help=N_("Add payee PAYEE_NO to the register."))
@click.argument("payee_no")
@click.option("--name", default="", help=N_("The payee's name (default: the member's)."))
@click.option("--member", "member_no", default="", help=N_("The member the payee is."))
@click.option(
    "--kind",
    default="seasonal",
    help=N_("staff 职工 (应付工资) or seasonal 临时性工作人员 (default)."),
)
@click.option("--id-number", default="")
@click.option("--phone", default="")
@pass_state
def payee_add(
    state: State, payee_no: str, name: str, member_no: str, kind: str, id_number: str, phone: str
) -> None:
    _added(state.run(lambda c: payees.add(c, payee_no, name, member_no, kind, id_number, phone)))


@payee_group.command(
    "import",
    help=N_("Add the payees of a CSV file (payee_no,name,member_no,kind,id_number,phone)."),
)
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def payee_import(state: State, file: str) -> None:
    _added(state.run(lambda c: payees.import_file(c, file)))


@payee_group.command("list", help=N_("List the payees."))
@output_options()
@pass_state
def payee_list(state: State, fmt: str) -> None:
    rows = state.read(payees.listed)
    emit_rows(
        fmt,
        ["payee_no", "name", "member_no", "kind", "id_number", "phone"],
        [[r[c] for c in payees.COLUMNS] for r in rows],
        {"payees": rows},
        labels={"name": "h.payee_name", "kind": "h.payee_kind"},
    )


@cli.group(
    "labour",
    help=N_(
        "Labour (工资和劳务费) kept by person: accrue what is owed, pay it, list the year "
        "per payee."
    ),
)
def labour_group() -> None:
    pass


@labour_group.command(
    "accrue",
    help=N_(
        "Owe PAYEE_NO wages or labour fees: Dr the cost centre, Cr 212|213@PAYEE_NO; prints "
        "the voucher number."
    ),
)
@click.argument("payee_no")
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--account", required=True, help=N_("212, 213 or a sub-account of them."))
@click.option(
    "--cost-centre",
    required=True,
    help=N_("Where the labour is charged: a leaf under 401, 141, 142, 144, 153, 521 or 523."),
)
@click.option("--memo", required=True)
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@attachments_option
@pass_state
def labour_accrue(
    state: State,
    payee_no: str,
    date: dt.date,
    amount: str,
    account: str,
    cost_centre: str,
    memo: str,
    ref: str | None,
) -> None:
    posted, created = state.run(
        lambda c: payees.accrue(c, payee_no, date, amount, account, cost_centre, memo, ref)
    )
    click.echo(posted.number)
    if not created:
        note(
            tr(
                "voucher {number} already posted with ref {ref}; nothing to do",
                number=posted.number,
                ref=ref,
            )
        )


@labour_group.command(
    "import",
    help=N_(
        "Accrue the rows of a CSV file (ref,date,payee_no,account,cost_centre,amount,memo), "
        "all or nothing; prints the new vouchers' numbers. Importing it again does nothing."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@attachments_option
@pass_state
def labour_import(state: State, file: str) -> None:
    results = state.run(lambda c: payees.import_accruals(c, file))
    for posted, created in results:
        if created:
            click.echo(posted.number)
    new = sum(1 for _p, created in results if created)
    note(tr("accrued {n} rows; {m} were recorded already", n=new, m=len(results) - new))


@labour_group.command(
    "pay",
    help=N_(
        "Pay what is owed on DATE to every payee (or --payee, on --account), from 102 (or "
        "--credit): one voucher; prints its number."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--payee", "payee_no")
@click.option("--account", help=N_("212, 213 or a sub-account of them."))
@click.option("--credit", default="102", show_default=True, help=N_("101, 102, 109 or a leaf."))
@click.option("--amount", type=AMOUNT, help=N_("A part payment (with --payee and --account)."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def labour_pay(
    state: State,
    date: dt.date,
    payee_no: str | None,
    account: str | None,
    credit: str,
    amount: str | None,
    fmt: str,
) -> None:
    if amount is not None and (payee_no is None or account is None):
        raise BadInput(tr("--amount needs --payee and --account"), field="amount")
    result = state.run(lambda c: payees.pay(c, date, payee_no, account, credit, amount))
    total = sum(a for _p, _acc, a in result.paid)
    if fmt == "json":
        emit_json(
            {
                "number": result.posted.number if result.posted else None,
                "paid": [
                    {"payee_no": p, "account": acc, "amount": format_fen(a)}
                    for p, acc, a in result.paid
                ],
                "total": format_fen(total),
            }
        )
    elif result.posted is not None:
        click.echo(result.posted.number)
    if result.posted is None:
        note(tr("nothing to pay"))


@labour_group.command(
    "list", help=N_("The year per payee and account: opening, accrued, paid and closing.")
)
@click.option("--year", type=YEAR, required=True)
@output_options()
@pass_state
def labour_list(state: State, year: int, fmt: str) -> None:
    rows = state.read(lambda c: payees.year_list(c, year))
    fields = ["payee_no", "name", "member_no", "account", "opening", "accrued", "paid", "closing"]
    emit_rows(
        fmt,
        fields,
        [[r[f] for f in fields] for r in rows],
        {"year": year, "payees": rows},
        labels={"name": "h.payee_name"},
    )
