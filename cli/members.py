"""Commands on members, land, base payments, opening balances and the demo."""

from __future__ import annotations

import datetime as dt

import click

from cli.app import State, cli, pass_state
from cli.options import output_options
from cli.output import emit_json, emit_rows, note, recorded
from cli.params import AMOUNT, DATE, YEAR, today
from coop import base_pay, demo, land, members, opening, queries
from coop.render.i18n import t
from ledger.money import format_fen
from ledger.store.engine import redact

# ----- members --------------------------------------------------------------------------------


@cli.group()
def member() -> None:
    """Members (成员): import, add, amend, list, show, contribute, withdraw, settle."""


def _added(result: members.AddResult) -> None:
    note(
        f"added {len(result.added)} members"
        + (f", {len(result.unchanged)} already in the register" if result.unchanged else "")
    )


@member.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def member_import(state: State, file: str) -> None:
    """Add the members of a CSV file (member_no,name,household,id_number,phone,joined_on);
    members already in the register are left as they are."""
    _added(state.run(lambda c: members.import_file(c, file)))


@member.command("add")
@click.argument("member_no")
@click.option("--name", required=True)
@click.option("--joined-on", type=DATE, required=True)
@click.option("--household", default="")
@click.option("--id-number", default="")
@click.option("--phone", default="")
@pass_state
def member_add(
    state: State,
    member_no: str,
    name: str,
    joined_on: dt.date,
    household: str,
    id_number: str,
    phone: str,
) -> None:
    """Add member MEMBER_NO to the register."""
    _added(
        state.run(
            lambda c: members.add(
                c, member_no, name, joined_on.isoformat(), household, id_number, phone
            )
        )
    )


@member.command("list")
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def member_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    """List the members (as of a date): register details, land in mu and capital."""
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
    )


@member.command("show")
@click.argument("member_no")
@output_options()
@pass_state
def member_show(state: State, member_no: str, fmt: str) -> None:
    """Show member MEMBER_NO: register details (as amended), balances, the parcels held
    and the history of amendments (date, field, old and new value, reason)."""
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


@member.command("amend")
@click.argument("member_no")
@click.option("--name", help="The corrected name (姓名).")
@click.option("--phone", help="The corrected phone (电话); an empty value clears it.")
@click.option("--household", help="The corrected household (户); an empty value clears it.")
@click.option(
    "--id-number", help="The corrected resident ID number (身份证号); an empty value clears it."
)
@click.option("--reason", required=True, help="Why the details are corrected (recorded).")
@click.option("--date", type=DATE, help="The date of the correction; default: today.")
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
    """Correct MEMBER_NO's name, phone, household or ID number (更正成员资料).

    The correction is appended to the books with its reason, never overwriting the
    register: `member show` lists it under history, and every list, statement and
    report uses the corrected value. Giving the values the member already has
    changes nothing."""
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
    sep = "、" if state.lang == "zh" else ", "
    fields = sep.join(t(state.lang, f"amend.{f}") for f, _o, _v in result.changes)
    note(t(state.lang, "amend.done", member=member_no, fields=fields))


@member.command("contribute")
@click.argument("member_no")
@click.option("--amount", type=AMOUNT, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--ref")
@pass_state
def member_contribute(
    state: State, member_no: str, amount: str, date: dt.date, ref: str | None
) -> None:
    """Record MEMBER_NO's cash capital contribution (股金); prints the voucher number."""
    recorded(*state.run(lambda c: members.contribute(c, member_no, amount, date, ref)))


@member.command("withdraw")
@click.argument("member_no")
@click.option("--date", type=DATE, required=True, help="The date of the notice.")
@pass_state
def member_withdraw(state: State, member_no: str, date: dt.date) -> None:
    """Record MEMBER_NO's notice of leaving; prints the day they leave (the charter's
    notice period after DATE)."""
    exit_on, new = state.run(lambda c: members.withdraw(c, member_no, date))
    click.echo(exit_on.isoformat())
    note(
        f"member {member_no} gave notice on {date}; leaves on {exit_on}"
        if new
        else f"notice already recorded; member {member_no} leaves on {exit_on}"
    )


# ----- land -----------------------------------------------------------------------------------


@cli.group("land")
def land_group() -> None:
    """Land as equity: import, contribute, transfer, withdraw, list."""


def _land_note(added: list[str], unchanged: list[str]) -> None:
    note(
        f"contributed {len(added)} parcels"
        + (f", {len(unchanged)} already in the register" if unchanged else "")
    )


@land_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--no-voucher", is_flag=True, help="Register only (land in opening balances).")
@pass_state
def land_import(state: State, file: str, no_voucher: bool) -> None:
    """Contribute the parcels of a CSV file (member_no,parcel_no,area_mu,contributed_on,
    contract_no[,term_years][,grade]); parcels already in the register are left as they are."""
    _land_note(*state.run(lambda c: land.import_file(c, file, voucher=not no_voucher)))


@land_group.command("contribute")
@click.argument("member_no")
@click.option("--parcel", required=True)
@click.option("--area", required=True, help="mu, up to four decimals")
@click.option("--date", type=DATE, required=True)
@click.option("--contract")
@pass_state
def land_contribute(
    state: State, member_no: str, parcel: str, area: str, date: dt.date, contract: str | None
) -> None:
    """Record that MEMBER_NO contributes a parcel of land as equity (入股)."""
    _land_note(*state.run(lambda c: land.contribute(c, member_no, parcel, area, date, contract)))


@land_group.command("transfer")
@click.argument("parcel_no")
@click.option("--to", "to", required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--reason")
@pass_state
def land_transfer(state: State, parcel_no: str, to: str, date: dt.date, reason: str | None) -> None:
    """Transfer PARCEL_NO, and the equity it carries, to another member on DATE."""
    frm = state.run(lambda c: land.transfer(c, parcel_no, to, date, reason))
    note(f"parcel {parcel_no} transferred from {frm} to {to} on {date}")


@land_group.command("withdraw")
@click.argument("parcel_no")
@click.option("--date", type=DATE, required=True)
@click.option("--reason")
@pass_state
def land_withdraw(state: State, parcel_no: str, date: dt.date, reason: str | None) -> None:
    """Withdraw PARCEL_NO: the land goes back to its holder in kind."""
    frm = state.run(lambda c: land.withdraw(c, parcel_no, date, reason))
    note(f"parcel {parcel_no} withdrawn; the land goes back to {frm} in kind")


@land_group.command("list")
@click.option("--as-of", type=DATE)
@output_options()
@pass_state
def land_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    """List the parcels held (as of a date): holder, area in mu, dates, contract."""
    rows = state.read(lambda c: land.listing(c, as_of))
    data = [{k: v for k, v in r.items() if k != "booked"} for r in rows]
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


@cli.group("base")
def base_group() -> None:
    """Base payments (保底金): pay, recognize, list."""


@base_group.command("pay")
@click.option("--year", type=YEAR, required=True)
@click.option("--date", type=DATE, required=True)
@click.option("--rate", help="yuan per mu; default: the charter's rate for YEAR")
@pass_state
def base_pay_command(state: State, year: int, date: dt.date, rate: str | None) -> None:
    """Pay YEAR's base payment (保底金) for every parcel held on DATE and not yet paid
    for YEAR; a DATE before YEAR is a prepayment. Prints the voucher number."""
    r = state.run(lambda c: base_pay.pay(c, year, date, rate))
    skipped = []
    if r.skipped_paid:
        skipped.append(f"{r.skipped_paid} parcels already paid for {year}")
    if r.skipped_leaving:
        skipped.append(f"{r.skipped_leaving} parcels of members who have left")
    tail = f" (skipped {'; '.join(skipped)})" if skipped else ""
    if r.voucher is None:
        note(f"nothing to pay for {year}{tail}")
    else:
        click.echo(r.voucher)
        note(
            f"paid the {year} base for {r.paid} parcels, {format_fen(r.total)}, voucher "
            f"{r.voucher}{tail}"
        )


@base_group.command("recognize")
@click.option("--year", type=YEAR, required=True)
@pass_state
def base_recognize(state: State, year: int) -> None:
    """Move the base prepaid for YEAR into YEAR's expense; prints the voucher numbers."""
    numbers = state.run(lambda c: base_pay.recognize(c, year))
    if numbers:
        click.echo("\n".join(numbers))
        note(f"recognized the prepaid base for {year}: {', '.join(numbers)}")
    else:
        note(f"no prepaid base for {year} left to recognize; nothing to do")


@base_group.command("list")
@click.option("--year", type=YEAR, required=True)
@output_options()
@pass_state
def base_list(state: State, year: int, fmt: str) -> None:
    """List YEAR's base payments: parcel, area, rate, amount, when and how paid."""
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


@cli.group("opening")
def opening_group() -> None:
    """Opening balances of a cooperative moving from other books."""


@opening_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", type=DATE, required=True)
@pass_state
def opening_import(state: State, file: str, date: dt.date) -> None:
    """Post the opening balances of a CSV file
    (account,member_no,year,debit,credit,reserve_share,subsidy_share), dated the first day
    of a year, into books with no voucher yet; prints the voucher number."""
    posted = state.run(lambda c: opening.import_file(c, file, date))
    click.echo(posted.number)
    note(f"opening balances posted as {posted.number}")


@cli.command("demo")
@pass_state
def demo_command(state: State) -> None:
    """Build the seed cooperative (滕州市御宿种植专业合作社) in --db, end to end.

    Its code is YS, or the one given with --coop."""
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
            f"the demo cooperative {state.coop or demo.CODE} already exists in "
            f"{redact(state.db)}; "
            "nothing to do"
        )
        return
    for step in result.steps:
        click.echo(f"- {step}")
    if result.head is not None:
        state.committed(*result.head)
    db = redact(state.db)
    click.echo(
        f"\nTry next:\n  coop --db {db} distribute plan 2020\n"
        f"  coop --db {db} distribute pay 2020 --date 2021-01-20\n"
        f"  coop --db {db} statement Y001 --year 2020\n"
        f"  coop --db {db} --lang en statement Y001 --year 2020 --format pdf "
        f"-o Y001-2020.pdf\n"
        f"  coop --db {db} report balance-sheet --year 2020\n"
        f"  coop --db {db} member list\n  coop --db {db} voucher list --year 2020\n"
        f"  coop --db {db} check"
    )
