"""Commands on members, land, base payments, opening balances and the demo."""

from __future__ import annotations

import datetime as dt

import click

from cli.app import State, cli, pass_state
from cli.options import attachments_option, output_options
from cli.output import emit_json, emit_rows, note, recorded
from cli.params import AMOUNT, DATE, YEAR, today
from coop import base_pay, crops, demo, equity, grades, land, land_models, members, opening, queries
from coop.errors import BadInput
from coop.render.i18n import t
from ledger.i18n import N_, NC_, pgettext, tr
from ledger.money import format_fen, parse_amount
from ledger.store.engine import redact

#: Between the items of a list in a sentence: "name, phone" / 姓名、电话.
LIST_SEPARATOR = NC_("list separator", ", ")

# ----- members --------------------------------------------------------------------------------


@cli.group(help=N_("Members (成员): import, add, amend, list, show, contribute, withdraw, settle."))
def member() -> None:
    pass


def _added(result: members.AddResult) -> None:
    if result.unchanged:
        note(
            tr(
                "added {n} members, {unchanged} already in the register",
                n=len(result.added),
                unchanged=len(result.unchanged),
            )
        )
    else:
        note(tr("added {n} members", n=len(result.added)))


@member.command(
    "import",
    help=N_(
        "Add the members of a CSV file (member_no,name,household,id_number,phone,joined_on; "
        "optional kind,address); "
        "members already in the register are left as they are."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def member_import(state: State, file: str) -> None:
    _added(state.run(lambda c: members.import_file(c, file)))


@member.command("add", help=N_("Add member MEMBER_NO to the register."))
@click.argument("member_no")
@click.option("--name", required=True)
@click.option("--joined-on", type=DATE, required=True)
@click.option("--household", default="")
@click.option("--id-number", default="")
@click.option("--phone", default="")
@click.option(
    "--kind",
    default="farmer",
    help=N_(
        "The member's kind (法 arts 19–20): farmer 农民 (default), citizen 其他公民, "
        "enterprise 企业, institution 事业单位, social 社会组织."
    ),
)
@click.option("--address", default="", help=N_("The member's address (联系地址)."))
@pass_state
def member_add(
    state: State,
    member_no: str,
    name: str,
    joined_on: dt.date,
    household: str,
    id_number: str,
    phone: str,
    kind: str,
    address: str,
) -> None:
    _added(
        state.run(
            lambda c: members.add(
                c,
                member_no,
                name,
                joined_on.isoformat(),
                household,
                id_number,
                phone,
                kind,
                address,
            )
        )
    )


@member.command(
    "set",
    help=N_(
        "Set MEMBER_NO's KEY (kind, address or phone) to VALUE from DATE on: appended to "
        "the books, never overwriting the register (`member show` lists it under history)."
    ),
)
@click.argument("member_no")
@click.argument("key")
@click.argument("value")
@click.option("--from", "since", type=DATE, required=True, help=N_("The day it holds from."))
@pass_state
def member_set(state: State, member_no: str, key: str, value: str, since: dt.date) -> None:
    result = state.run(lambda c: members.set_field(c, member_no, key, value, since))
    if not result.changes:
        note(t(state.lang, "amend.nothing", member=member_no))
        return
    note(t(state.lang, "amend.done", member=member_no, fields=t(state.lang, f"amend.{key}")))


@member.command(
    "list",
    help=N_("List the members (as of a date): register details, land in mu and capital."),
)
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def member_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    rows = state.read(lambda c: queries.member_list(c, as_of))
    emit_rows(
        fmt,
        [
            "member_no",
            "name",
            "household",
            "id_number",
            "joined_on",
            "exit_on",
            "area_mu",
            "capital",
        ],
        [
            [
                r["member_no"],
                r["name"],
                r["household"],
                r["id_number"],
                r["joined_on"],
                r["exit_on"],
                r["area_mu"],
                r["capital"],
            ]
            for r in rows
        ],
        {"members": rows},
        labels={"name": "h.member_name"},
    )


@member.command(
    "show",
    help=N_(
        "Show member MEMBER_NO: register details (as amended), balances, the parcels held "
        "and the history of amendments (date, field, old and new value, reason)."
    ),
)
@click.argument("member_no")
@output_options()
@pass_state
def member_show(state: State, member_no: str, fmt: str) -> None:
    data = state.read(lambda c: queries.member_detail(c, member_no))
    if fmt == "json":
        emit_json(data)
        return
    flat = [[k, v] for k, v in data.items() if k not in ("parcels", "history")]
    emit_rows(fmt, ["field", "value"], flat, data)
    if data["parcels"]:
        click.echo()
        emit_rows(
            "table",
            ["parcel_no", "area_mu", "held_since", "contract_no"],
            [
                [p["parcel_no"], p["area_mu"], p["held_since"], p["contract_no"]]
                for p in data["parcels"]
            ],
            None,
        )
    if data["history"]:
        click.echo()
        emit_rows(
            "table",
            ["date", "field", "old", "new", "reason"],
            [
                [h["date"], t(state.lang, f"amend.{h['field']}"), h["old"], h["new"], h["reason"]]
                for h in data["history"]
            ],
            None,
        )


@member.command(
    "amend",
    help=N_(
        "Correct MEMBER_NO's name, phone, household or ID number (更正成员资料). The "
        "correction is appended to the books with its reason, never overwriting the "
        "register: `member show` lists it under history, and every list, statement and "
        "report uses the corrected value. Giving the values the member already has "
        "changes nothing."
    ),
)
@click.argument("member_no")
@click.option("--name", help=N_("The corrected name (姓名)."))
@click.option("--phone", help=N_("The corrected phone (电话); an empty value clears it."))
@click.option("--household", help=N_("The corrected household (户); an empty value clears it."))
@click.option(
    "--id-number",
    help=N_("The corrected resident ID number (身份证号); an empty value clears it."),
)
@click.option("--reason", required=True, help=N_("Why the details are corrected (recorded)."))
@click.option("--date", type=DATE, help=N_("The date of the correction; default: today."))
@pass_state
def member_amend(
    state: State,
    member_no: str,
    name: str | None,
    phone: str | None,
    household: str | None,
    id_number: str | None,
    reason: str,
    date: dt.date | None,
) -> None:
    day = date or today()
    result = state.run(
        lambda c: members.amend(
            c,
            member_no,
            day,
            reason,
            name=name,
            household=household,
            id_number=id_number,
            phone=phone,
        )
    )
    if not result.changes:
        note(t(state.lang, "amend.nothing", member=member_no))
        return
    sep = pgettext(*LIST_SEPARATOR)
    fields = sep.join(t(state.lang, f"amend.{f}") for f, _o, _v in result.changes)
    note(t(state.lang, "amend.done", member=member_no, fields=fields))


@member.command(
    "contribute",
    help=N_("Record MEMBER_NO's cash capital contribution (股金); prints the voucher number."),
)
@click.argument("member_no")
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--date", type=DATE, required=True)
@click.option(
    "--capital",
    type=AMOUNT,
    help=N_("What it credits to 股金 (default: the amount); the rest is 资本公积 (321)."),
)
@click.option(
    "--source",
    default="other",
    help=N_("other (default) or poverty: 来源于到户类扶贫项目资产 (the 成员账户's split)."),
)
@click.option("--debit", default="102", help=N_("101, 102, 109 or a leaf (default 102)."))
@click.option("--ref")
@attachments_option
@pass_state
def member_contribute(
    state: State,
    member_no: str,
    amount: str,
    date: dt.date,
    capital: str | None,
    source: str,
    debit: str,
    ref: str | None,
) -> None:
    fen = parse_amount(amount)
    c = None if capital is None else parse_amount(capital)
    recorded(
        *state.run(
            lambda ctx: equity.contribute(
                ctx, member_no, fen, date, ref, capital=c, source=source, debit=debit
            )
        )
    )


@member.command(
    "contribute-asset",
    help=N_(
        "Record MEMBER_NO's contribution in kind (实物出资) at the value appraised and "
        "approved: Dr ACCOUNT / Cr 301@MEMBER_NO (and 321 for the difference); an asset "
        "under 151 or 142 is registered (--asset, --name, --life-months, --cost-centre), "
        "stock under 121/122 goes into the product's stock (--product, --quantity), a "
        "growing crop's 141 leaf takes it (--crop)."
    ),
)
@click.argument("member_no")
@click.option("--date", type=DATE, required=True)
@click.option(
    "--account", required=True, help=N_("A leaf under 121, 122, 141, 142, 144, 151 or 161.")
)
@click.option("--value", type=AMOUNT, required=True)
@click.option("--capital", type=AMOUNT, help=N_("What it credits to 股金 (default: the value)."))
@click.option("--source", default="other", help=N_("other (default) or poverty."))
@click.option("--approved-on", type=DATE, help=N_("The members' assembly that approved it."))
@click.option("--asset", "asset_no", help=N_("The asset number, for 151 and 142."))
@click.option("--name")
@click.option("--life-months", type=int)
@click.option("--cost-centre")
@click.option("--residual")
@click.option("--in-service", type=DATE)
@click.option("--poverty", is_flag=True, help=N_("A poverty-alleviation project asset."))
@click.option("--product", "product_no", help=N_("The product, for 121 and 122."))
@click.option("--quantity", help=N_("Its quantity, for 121 and 122."))
@click.option("--crop", "crop_no", help=N_("The crop, for 141."))
@click.option("--ref")
@attachments_option
@pass_state
def member_contribute_asset(
    state: State,
    member_no: str,
    date: dt.date,
    account: str,
    value: str,
    capital: str | None,
    source: str,
    approved_on: dt.date | None,
    asset_no: str | None,
    name: str | None,
    life_months: int | None,
    cost_centre: str | None,
    residual: str | None,
    in_service: dt.date | None,
    poverty: bool,
    product_no: str | None,
    quantity: str | None,
    crop_no: str | None,
    ref: str | None,
) -> None:
    asset = None
    if asset_no is not None:
        if name is None or life_months is None or cost_centre is None:
            raise BadInput(
                tr("--asset needs --name, --life-months and --cost-centre"), field="asset"
            )
        asset = {
            "asset_no": asset_no,
            "name": name,
            "life_months": life_months,
            "cost_centre": cost_centre,
            "residual": parse_amount(residual or "0", allow_zero=True, what="residual"),
            "in_service": in_service,
            "poverty": poverty,
        }
    fen = parse_amount(value)
    c = None if capital is None else parse_amount(capital)
    recorded(
        *state.run(
            lambda ctx: equity.contribute_asset(
                ctx,
                member_no,
                date,
                account,
                fen,
                capital=c,
                source=source,
                ref=ref,
                name=name,
                asset=asset,
                approved_on=approved_on,
                product=product_no,
                quantity=quantity,
                crop=crop_no,
            )
        )
    )


@member.command(
    "withdraw",
    help=N_(
        "Record MEMBER_NO's notice of leaving; prints the day they leave (the charter's "
        "notice period after DATE)."
    ),
)
@click.argument("member_no")
@click.option("--date", type=DATE, required=True, help=N_("The date of the notice."))
@pass_state
def member_withdraw(state: State, member_no: str, date: dt.date) -> None:
    exit_on, new = state.run(lambda c: members.withdraw(c, member_no, date))
    click.echo(exit_on.isoformat())
    if new:
        note(
            tr(
                "member {member} gave notice on {date}; leaves on {exit_on}",
                member=member_no,
                date=date,
                exit_on=exit_on,
            )
        )
    else:
        note(
            tr(
                "notice already recorded; member {member} leaves on {exit_on}",
                member=member_no,
                exit_on=exit_on,
            )
        )


# ----- land -----------------------------------------------------------------------------------


@cli.group("land", help=N_("Land as equity: import, contribute, transfer, withdraw, list."))
def land_group() -> None:
    pass


def _land_note(added: list[str], unchanged: list[str]) -> None:
    if unchanged:
        note(
            tr(
                "contributed {n} parcels, {unchanged} already in the register",
                n=len(added),
                unchanged=len(unchanged),
            )
        )
    else:
        note(tr("contributed {n} parcels", n=len(added)))


@land_group.command(
    "import",
    help=N_(
        "Contribute the parcels of a CSV file (member_no,parcel_no,area_mu,contributed_on,"
        "contract_no[,term_years][,grade][,source]); parcels already in the register are "
        "left as they are."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--no-voucher", is_flag=True, help=N_("Register only (land in opening balances)."))
@pass_state
def land_import(state: State, file: str, no_voucher: bool) -> None:
    _land_note(*state.run(lambda c: land.import_file(c, file, voucher=not no_voucher)))


@land_group.command(
    "contribute",
    help=N_("Record that MEMBER_NO contributes a parcel of land as equity (入股)."),
)
@click.argument("member_no")
@click.option("--parcel", required=True)
@click.option("--area", required=True, help=N_("mu, up to four decimals"))
@click.option("--date", type=DATE, required=True)
@click.option("--contract")
@click.option("--source", default="other", help=N_("other (default) or poverty."))
@click.option("--grade", help=N_("The parcel's grade in the charter's grade table."))
@click.option("--term-years", help=N_("The term in whole years (needed under land_model term)."))
@attachments_option
@pass_state
def land_contribute(
    state: State,
    member_no: str,
    parcel: str,
    area: str,
    date: dt.date,
    contract: str | None,
    source: str,
    grade: str | None,
    term_years: str | None,
) -> None:
    _land_note(
        *state.run(
            lambda c: land.contribute(
                c, member_no, parcel, area, date, contract, source, grade, term_years
            )
        )
    )


@land_group.command(
    "amortise",
    help=N_(
        "Amortise the land booked for its term (land_model term): one voucher dated the "
        "period's last day, Dr the crop's 401 leaf or land_cost_account / Cr 162."
    ),
)
@click.option("--year", type=YEAR, help=N_("Under land_amortisation yearly."))
@click.option("--month", help=N_("YYYY-MM, under land_amortisation monthly."))
@output_options(("text", "json"))
@attachments_option
@pass_state
def land_amortise(state: State, year: int | None, month: str | None, fmt: str) -> None:
    posted, rows = state.run(lambda c: land_models.amortise(c, year, month))
    if fmt == "json":
        emit_json(
            {
                "period": month or str(year),
                "voucher": posted.number if posted else None,
                "parcels": [{"parcel_no": p, "amount": format_fen(a)} for p, a in rows],
                "total": format_fen(sum(a for _p, a in rows)),
            }
        )
    elif posted is not None:
        click.echo(posted.number)
    if posted is None:
        note(tr("no land amortisation is due; nothing to do"))


@land_group.command(
    "regrade",
    help=N_(
        "PARCEL_NO is of grade --grade from an open year on: its base rate and shares follow, "
        "never its booked value."
    ),
)
@click.argument("parcel_no")
@click.option("--grade", required=True)
@click.option("--from-year", required=True)
@pass_state
def land_regrade(state: State, parcel_no: str, grade: str, from_year: str) -> None:
    if state.run(lambda c: grades.regrade(c, parcel_no, grade, from_year)):
        note(
            tr(
                "parcel {parcel} is of grade {grade} from {year}",
                parcel=parcel_no,
                grade=grade,
                year=from_year,
            )
        )
    else:
        note(
            tr(
                "parcel {parcel} is of grade {grade} already; nothing to do",
                parcel=parcel_no,
                grade=grade,
            )
        )


@land_group.command(
    "transfer",
    help=N_("Transfer PARCEL_NO, and the equity it carries, to another member on DATE."),
)
@click.argument("parcel_no")
@click.option("--to", "to", required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--reason")
@attachments_option
@pass_state
def land_transfer(state: State, parcel_no: str, to: str, date: dt.date, reason: str | None) -> None:
    frm = state.run(lambda c: land.transfer(c, parcel_no, to, date, reason))
    note(
        tr(
            "parcel {parcel} transferred from {giver} to {taker} on {date}",
            parcel=parcel_no,
            giver=frm,
            taker=to,
            date=date,
        )
    )


@land_group.command(
    "withdraw", help=N_("Withdraw PARCEL_NO: the land goes back to its holder in kind.")
)
@click.argument("parcel_no")
@click.option("--date", type=DATE, required=True)
@click.option("--reason")
@attachments_option
@pass_state
def land_withdraw(state: State, parcel_no: str, date: dt.date, reason: str | None) -> None:
    frm = state.run(lambda c: land.withdraw(c, parcel_no, date, reason))
    note(
        tr(
            "parcel {parcel} withdrawn; the land goes back to {holder} in kind",
            parcel=parcel_no,
            holder=frm,
        )
    )


@land_group.command(
    "assign",
    help=N_(
        "Record the crop each parcel grows in YEAR (under base_cost capitalise its base is "
        "a cost of that crop): PARCEL_NO… with --crop, or --file with parcel_no,crop_no."
    ),
)
@click.argument("parcels", nargs=-1, metavar="PARCEL_NO…")
@click.option("--year", type=YEAR, required=True)
@click.option("--crop", "crop_no", help=N_("The crop the parcels grow."))
@click.option("--file", "path", type=click.Path(dir_okay=False), help=N_("A CSV file."))
@pass_state
def land_assign(
    state: State, parcels: tuple[str, ...], year: int, crop_no: str | None, path: str | None
) -> None:
    if (path is None) == (crop_no is None) or (path is None) != bool(parcels):
        raise BadInput(tr("give PARCEL_NO… with --crop, or --file"))
    if path is not None:
        new, same = state.run(lambda c: crops.assign_file(c, year, path))
    else:
        assert crop_no is not None
        new, same = state.run(lambda c: crops.assign(c, year, [(p, crop_no) for p in parcels]))
    note(tr("assigned crops to {n} parcels for {year}", n=new, year=year))
    if same:
        note(tr("{n} parcels already had that crop; nothing to do for them", n=same))


@land_group.command(
    "list",
    help=N_("List the parcels held (as of a date): holder, area in mu, dates, contract."),
)
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def land_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    rows = state.read(lambda c: land.listing(c, as_of))
    # booked, amortised and net (operations.md §6) in yuan, like every amount of the JSON
    data = [
        {
            **r,
            **{k: format_fen(r[k]) for k in ("booked", "amortised", "net")},
        }
        for r in rows
    ]
    emit_rows(
        fmt,
        ["parcel_no", "member_no", "area_mu", "held_since", "contributed_on", "contract_no"],
        [
            [
                r["parcel_no"],
                r["member_no"],
                r["area_mu"],
                r["held_since"],
                r["contributed_on"],
                r["contract_no"],
            ]
            for r in rows
        ],
        {"parcels": data},
    )


# ----- base -----------------------------------------------------------------------------------


@cli.group("base", help=N_("Base payments (保底金): pay, recognize, list."))
def base_group() -> None:
    pass


@base_group.command(
    "pay",
    help=N_(
        "Pay YEAR's base payment (保底金) for every parcel held on DATE and not yet paid "
        "for YEAR; a DATE before YEAR is a prepayment. Prints the voucher number."
    ),
)
@click.option("--year", type=YEAR, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--rate", help=N_("yuan per mu; default: the charter's rate for YEAR"))
@attachments_option
@pass_state
def base_pay_command(state: State, year: int, date: dt.date, rate: str | None) -> None:
    r = state.run(lambda c: base_pay.pay(c, year, date, rate))
    if r.skipped_paid and r.skipped_leaving:
        skipped = tr(
            "{paid} parcels already paid for {year}; {leaving} parcels of members who have left",
            paid=r.skipped_paid,
            leaving=r.skipped_leaving,
            year=year,
        )
    elif r.skipped_paid:
        skipped = tr("{paid} parcels already paid for {year}", paid=r.skipped_paid, year=year)
    elif r.skipped_leaving:
        skipped = tr("{leaving} parcels of members who have left", leaving=r.skipped_leaving)
    else:
        skipped = ""
    tail = tr(" (skipped {skipped})", skipped=skipped) if skipped else ""
    if r.voucher is None:
        note(tr("nothing to pay for {year}{skipped}", year=year, skipped=tail))
    else:
        click.echo(r.voucher)
        note(
            tr(
                "paid the {year} base for {n} parcels, {total}, voucher {voucher}{skipped}",
                year=year,
                n=r.paid,
                total=format_fen(r.total),
                voucher=r.voucher,
                skipped=tail,
            )
        )


@base_group.command(
    "recognize",
    help=N_("Move the base prepaid for YEAR into YEAR's expense; prints the voucher numbers."),
)
@click.option("--year", type=YEAR, required=True)
@attachments_option
@pass_state
def base_recognize(state: State, year: int) -> None:
    numbers = state.run(lambda c: base_pay.recognize(c, year))
    if numbers:
        click.echo("\n".join(numbers))
        note(
            tr(
                "recognized the prepaid base for {year}: {numbers}",
                year=year,
                numbers=", ".join(numbers),
            )
        )
    else:
        note(tr("no prepaid base for {year} left to recognize; nothing to do", year=year))


@base_group.command(
    "list",
    help=N_("List YEAR's base payments: parcel, area, rate, amount, when and how paid."),
)
@click.option("--year", type=YEAR, required=True)
@output_options()
@pass_state
def base_list(state: State, year: int, fmt: str) -> None:
    rows = state.read(lambda c: base_pay.listing(c, year))
    emit_rows(
        fmt,
        ["member_no", "parcel_no", "area_mu", "rate", "amount", "paid_on", "voucher", "how"],
        [
            [
                r["member_no"],
                r["parcel_no"],
                r["area_mu"],
                r["rate"],
                r["amount"],
                r["paid_on"],
                r["voucher"],
                t(
                    state.lang,
                    "how.reversed"
                    if r["reversed"]
                    else "how.prepaid"
                    if r["prepaid"]
                    else "how.in_year",
                ),
            ]
            for r in rows
        ],
        {"year": year, "payments": rows},
    )


# ----- opening and demo -----------------------------------------------------------------------


@cli.group("opening", help=N_("Opening balances of a cooperative moving from other books."))
def opening_group() -> None:
    pass


@opening_group.command(
    "import",
    help=N_(
        "Post the opening balances of a CSV file "
        "(account,member_no,year,debit,credit,reserve_share,subsidy_share), dated the first "
        "day of a year, into books with no voucher yet; prints the voucher number."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", type=DATE, required=True)
@pass_state
def opening_import(state: State, file: str, date: dt.date) -> None:
    posted = state.run(lambda c: opening.import_file(c, file, date))
    click.echo(posted.number)
    note(tr("opening balances posted as {number}", number=posted.number))


@cli.command(
    "demo",
    help=N_(
        "Build the seed cooperative (滕州市御宿种植专业合作社) in --db, end to end. Its "
        "code is YS, or the one given with --coop."
    ),
)
@pass_state
def demo_command(state: State) -> None:
    from coop import distribution

    result = demo.build(
        state.db,
        user=state.user,
        at=state.now(),
        code=state.coop,
        after_year=distribution.demo_year_end,
        command=state.command,
    )
    if not result.created:
        note(
            tr(
                "the demo cooperative {code} already exists in {db}; nothing to do",
                code=state.coop or demo.CODE,
                db=redact(state.db),
            )
        )
        return
    for step in result.steps:
        click.echo(f"- {step}")
    if result.head is not None:
        state.committed(*result.head)
    db = redact(state.db)
    click.echo("\n" + tr("Try next:"))
    click.echo(
        f"  coop --db {db} distribute plan 2020\n"
        f"  coop --db {db} distribute pay 2020 --date 2021-01-20\n"
        f"  coop --db {db} statement Y001 --year 2020\n"
        f"  coop --db {db} --lang en statement Y001 --year 2020 --format pdf "
        f"-o Y001-2020.pdf\n"
        f"  coop --db {db} report balance-sheet --year 2020\n"
        f"  coop --db {db} member list\n  coop --db {db} voucher list --year 2020\n"
        f"  coop --db {db} check"
    )
