"""Commands on labour (operations.md §4, cli-additions.md §5): the payee register and 212
应付工资 / 213 应付劳务费 kept by person; and donations received (operations.md §2.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.app import State, cli, pass_state
from cli.distribute import subsidy_group
from cli.options import attachments_option, output_options
from cli.output import emit_json, emit_rows, note, recorded
from cli.params import AMOUNT, DATE, YEAR
from coop import equity, payees
from coop.errors import BadInput
from ledger.i18n import N_, tr
from ledger.money import format_fen, parse_amount

F = TypeVar("F", bound=Callable[..., Any])


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


@cli.group(
    "donation",
    help=N_(
        "Donations from others (他人捐赠) into 专项基金 (311), quantified equally to the "
        "members of the day."
    ),
)
def donation_group() -> None:
    pass


@donation_group.command(
    "receive",
    help=N_(
        "Record a cash donation: Dr 102 (or --debit) / Cr 311, split equally among the "
        "members on DATE as donation shares; prints the voucher number."
    ),
)
@click.option("--date", type=DATE, required=True)
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--donor", required=True, help=N_("Who gave it (捐赠人)."))
@click.option("--debit", default="102", help=N_("101, 102, 109 or a leaf of 211."))
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@attachments_option
@pass_state
def donation_receive(
    state: State, date: dt.date, amount: str, donor: str, debit: str, ref: str | None
) -> None:
    fen = parse_amount(amount)
    recorded(*state.run(lambda c: equity.donation_receive(c, date, fen, donor, ref, debit)))


@cli.group("equity", help=N_("Equity (所有者权益): 公积金 and 资本公积 转增股金."))
def equity_group() -> None:
    pass


@equity_group.command(
    "capitalise",
    help=N_(
        "Convert 资本公积 (--from 321) or 盈余公积 (--from 32201) into members' 股金 (转增): "
        "split by capital or equally (321) or by the reserve shares (32201), largest "
        "remainder; prints the voucher number."
    ),
)
@click.option("--from", "source", required=True, help=N_("321 or 32201."))
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--basis", help=N_("capital (default) or equal; only with --from 321."))
@click.option("--approved-on", type=DATE, help=N_("The members' assembly that approved it."))
@click.option("--ref", help=N_("Idempotency key: the same key and content does nothing."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def equity_capitalise(
    state: State,
    source: str,
    amount: str,
    date: dt.date,
    basis: str | None,
    approved_on: dt.date | None,
    ref: str | None,
    fmt: str,
) -> None:
    fen = parse_amount(amount)
    done = state.run(lambda c: equity.capitalise(c, source, fen, date, basis, approved_on, ref))
    if fmt == "json":
        emit_json(
            {
                "number": done.posted.number,
                "quantified": [{"member_no": m, "amount": format_fen(a)} for m, a in done.parts],
            }
        )
    else:
        recorded(done.posted, done.created)


def in_kind_options(f: F) -> F:
    """The options of an asset received in kind (operations.md §2.5): the account and value,
    the nominal amount, the costs of bringing it in, and the asset card's fields."""
    for option in reversed(
        (
            click.option("--date", type=DATE, required=True),
            click.option("--account", required=True, help=N_("A leaf under 151, 142, 144 or 161.")),
            click.option("--value", type=AMOUNT, required=True),
            click.option("--nominal", is_flag=True, help=N_("Valued at 1.00 (名义金额).")),
            click.option("--reason", help=N_("Why it is valued at the nominal amount.")),
            click.option("--costs", type=AMOUNT, help=N_("Taxes and transport paid.")),
            click.option("--costs-from", help=N_("101, 102, 109 or 211 leaves.")),
            click.option("--asset", "asset_no", help=N_("The asset number, for 151 and 142.")),
            click.option("--name"),
            click.option("--life-months", type=int),
            click.option("--cost-centre"),
            click.option("--residual"),
            click.option("--in-service", type=DATE),
            click.option(
                "--poverty", is_flag=True, help=N_("A poverty-alleviation project asset.")
            ),
            click.option(
                "--ref", help=N_("Idempotency key: the same key and content does nothing.")
            ),
        )
    ):
        f = option(f)
    return f


def _receive_in_kind(state: State, fund: str, giver: str, o: dict[str, Any]) -> None:
    if o["nominal"] and not o["reason"]:
        raise BadInput(tr("--nominal needs --reason"), field="reason")
    if (o["costs"] is None) != (o["costs_from"] is None):
        raise BadInput(tr("--costs goes with --costs-from"), field="costs")
    asset = None
    if o["asset_no"] is not None:
        if o["name"] is None or o["life_months"] is None or o["cost_centre"] is None:
            raise BadInput(
                tr("--asset needs --name, --life-months and --cost-centre"), field="asset"
            )
        asset = {
            "asset_no": o["asset_no"],
            "name": o["name"],
            "life_months": o["life_months"],
            "cost_centre": o["cost_centre"],
            "residual": parse_amount(o["residual"] or "0", allow_zero=True, what="residual"),
            "in_service": o["in_service"],
            "poverty": o["poverty"],
        }
    costs = None if o["costs"] is None else (parse_amount(o["costs"]), str(o["costs_from"]))
    recorded(
        *state.run(
            lambda c: equity.receive_in_kind(
                c,
                fund,
                o["date"],
                giver,
                o["account"],
                parse_amount(o["value"]),
                nominal_reason=o["reason"] if o["nominal"] else None,
                costs=costs,
                name=o["name"],
                asset=asset,
                ref=o["ref"],
            )
        )
    )


@donation_group.command(
    "receive-asset",
    help=N_(
        "Record an asset donated in kind: Dr ACCOUNT / Cr 311 (at 1.00 with --nominal), "
        "quantified equally to the members of the day; an asset under 151 or 142 is "
        "registered."
    ),
)
@click.option("--donor", required=True, help=N_("Who gave it (捐赠人)."))
@in_kind_options
@attachments_option
@pass_state
def donation_receive_asset(state: State, /, donor: str, **options: Any) -> None:
    _receive_in_kind(state, "donation", donor, options)


@subsidy_group.command(
    "receive-asset",
    help=N_(
        "Record an asset given by the state in kind: Dr ACCOUNT / Cr 311, quantified "
        "equally to the members of the day as subsidy shares."
    ),
)
@click.option("--giver", default="财政", help=N_("Who gave it (default 财政)."))
@in_kind_options
@attachments_option
@pass_state
def subsidy_receive_asset(state: State, /, giver: str, **options: Any) -> None:
    _receive_in_kind(state, "subsidy", giver, options)
