"""Commands on the organisation register (statutory.md §7.2): the cooperative's particulars,
its officers and the staff of its accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import click

from cli.app import State, cli, pass_state
from cli.options import output_options
from cli.output import emit_json, emit_rows, note
from cli.params import DATE, YEAR, today
from coop import org
from ledger.i18n import N_, tr

FORMATS = ("table", "json")


@cli.group(
    "org",
    help=N_(
        "The organisation register (组织登记): the cooperative's particulars, its officers "
        "(理事长, 理事, 监事 …) and the staff of its accounts (会计主管, 出纳 …)."
    ),
)
def org_group() -> None:
    pass


def _officer_headers() -> list[str]:
    return [tr("No."), tr("Office"), "member_name", "member_no", tr("From"), tr("To")]


def _officer_rows(officers: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [
        [o["id"], org.officer_label(o["role"]), o["name"], o["member_no"], o["from"], o["to"]]
        for o in officers
    ]


def _staff_headers() -> list[str]:
    return [tr("Post"), "member_name", tr("From")]


def _staff_rows(posts: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [[org.staff_label(p["role"]), p["name"], p["from"]] for p in posts]


@org_group.command(
    "show",
    help=N_(
        "Show the register in force on a day (default: today): the cooperative's "
        "particulars, the officers in office and who holds each post of the accounts."
    ),
)
@click.option("--as-of", type=DATE, help=N_("The day; default: today."))
@output_options(FORMATS)
@pass_state
def org_show(state: State, as_of: dt.date | None, fmt: str) -> None:
    day = as_of or today()
    data = state.read(lambda c: org.show(c, day))
    if fmt == "json":
        emit_json(data)
        return
    emit_rows(
        fmt,
        ["field", "value"],
        [[org.key_label(k), v] for k, v in data["org"].items()],
        None,
        title=tr("Organisation register on {date}", date=data["as_of"]),
    )
    click.echo()
    emit_rows(fmt, _officer_headers(), _officer_rows(data["officers"]), None, title=tr("Officers"))
    click.echo()
    emit_rows(fmt, _staff_headers(), _staff_rows(data["staff"]), None, title=tr("Staff"))


@org_group.command(
    "set",
    help=N_(
        "Record that the particular KEY is VALUE from a day on (a later value of the same "
        "KEY replaces it from its own day). KEY: credit_code (统一社会信用代码, 18 digits and "
        "upper-case letters), address, phone, email, website, registered_on (YYYY-MM-DD), "
        "registrar, service_objects, business_items, licences."
    ),
)
@click.argument("key")
@click.argument("value")
@click.option("--from", "from_date", type=DATE, required=True, help=N_("In force from this day."))
@pass_state
def org_set(state: State, key: str, value: str, from_date: dt.date) -> None:
    written = state.run(lambda c: org.set_value(c, key, value, from_date))
    if written:
        note(
            tr(
                "organisation register: {key} = {value} from {date}",
                key=key,
                value=value.strip(),
                date=from_date,
            )
        )
    else:
        note(
            tr(
                "organisation register: {key} is {value} on {date} already; nothing to do",
                key=key,
                value=value.strip(),
                date=from_date,
            )
        )


# ----- officers -------------------------------------------------------------------------------


@org_group.group(
    "officer",
    help=N_("Officers (理事会、监事会成员): add, end a term, list."),
)
def officer_group() -> None:
    pass


@officer_group.command(
    "add",
    help=N_(
        "Register an officer from a day on; prints the officer's id. The same --ref with "
        "the same details does nothing; with other details it is refused."
    ),
)
@click.option(
    "--role",
    required=True,
    help=N_(
        "The office: chair (理事长), director (理事), executive_supervisor (执行监事), "
        "supervisory_chair (监事会主席), supervisor (监事)."
    ),
)
@click.option("--name", required=True, help=N_("The officer's name."))
@click.option("--member", "member_no", help=N_("The member who holds the office, if any."))
@click.option("--from", "from_date", type=DATE, required=True, help=N_("The first day in office."))
@click.option("--ref", help=N_("A key that makes the command safe to repeat."))
@output_options(FORMATS)
@pass_state
def officer_add(
    state: State,
    role: str,
    name: str,
    member_no: str | None,
    from_date: dt.date,
    ref: str | None,
    fmt: str,
) -> None:
    officer_id, new = state.run(lambda c: org.add_officer(c, role, name, member_no, from_date, ref))
    if fmt == "json":
        emit_json({"id": officer_id})
    else:
        click.echo(officer_id)
    if new:
        note(
            tr(
                "officer {id} registered: {role} {name} from {date}",
                id=officer_id,
                role=org.officer_label(role),
                name=name.strip(),
                date=from_date,
            )
        )
    else:
        note(tr("already recorded as officer {id}; nothing to do", id=officer_id))


@officer_group.command(
    "end",
    help=N_("End the term of officer OFFICER_ID: DATE is the last day in office."),
)
@click.argument("officer_id")
@click.option("--date", type=DATE, required=True, help=N_("The last day in office."))
@pass_state
def officer_end(state: State, officer_id: str, date: dt.date) -> None:
    ended = state.run(lambda c: org.end_officer(c, officer_id, date))
    note(
        tr(
            "officer {id} ({role} {name}) left office on {date}",
            id=ended.id,
            role=org.officer_label(ended.role),
            name=ended.name,
            date=date,
        )
    )


@officer_group.command(
    "list",
    help=N_(
        "List the officers in office on a day (--as-of), or at any time in a year (--year); "
        "without either, every officer ever registered."
    ),
)
@click.option("--as-of", type=DATE, help=N_("Officers in office on this day."))
@click.option("--year", type=YEAR, help=N_("Officers in office at any time in this year."))
@output_options(FORMATS)
@pass_state
def officer_list(state: State, as_of: dt.date | None, year: int | None, fmt: str) -> None:
    found = state.read(lambda c: org.officers(c, as_of=as_of, year=year))
    data = [o.as_json() for o in found]
    emit_rows(
        fmt,
        _officer_headers(),
        _officer_rows(data),
        {"as_of": as_of.isoformat() if as_of else None, "year": year, "officers": data},
    )


# ----- staff ----------------------------------------------------------------------------------


@org_group.group(
    "staff",
    help=N_("The staff of the accounts (单位负责人, 会计主管, 记账, 审核, 出纳): set, list."),
)
def staff_group() -> None:
    pass


@staff_group.command(
    "set",
    help=N_(
        "Record that NAME holds the post ROLE from a day on. ROLE: head (单位负责人), chief "
        "(会计主管), bookkeeper (记账), reviewer (审核), cashier (出纳)."
    ),
)
@click.argument("role")
@click.argument("name")
@click.option("--from", "from_date", type=DATE, required=True, help=N_("In force from this day."))
@pass_state
def staff_set(state: State, role: str, name: str, from_date: dt.date) -> None:
    written = state.run(lambda c: org.set_staff(c, role, name, from_date))
    said = dict(role=org.staff_label(role), name=name.strip(), date=from_date)
    if written:
        note(tr("{role}: {name} from {date}", **said))
    else:
        note(tr("{role} is {name} on {date} already; nothing to do", **said))


@staff_group.command(
    "list",
    help=N_("List who holds each post of the accounts on a day (default: today)."),
)
@click.option("--as-of", type=DATE, help=N_("The day; default: today."))
@output_options(FORMATS)
@pass_state
def staff_list(state: State, as_of: dt.date | None, fmt: str) -> None:
    day = as_of or today()
    found = state.read(lambda c: org.posts(c, day))
    data = [p.as_json() for p in found]
    emit_rows(
        fmt,
        _staff_headers(),
        _staff_rows(data),
        {"as_of": day.isoformat(), "staff": data},
    )
