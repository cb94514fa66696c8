"""Members (成员): admission, cash capital, notice of leaving; the member register.

A member row is written once; the same content again does nothing, other
content for an existing member number is refused naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from coop import csvio
from coop.errors import BadInput, DuplicateIdNumber, NotAllowed, UnknownMember
from coop.store import repo
from coop.store.repo import MemberRow, NoticeRow
from coop.store.uow import Context
from coop.text import (
    check_id_number,
    check_phone,
    clean_code,
    clean_text,
    mask_id,
    parse_date,
)
from ledger.errors import Conflict, InvalidInput
from ledger.i18n import gettext, tr

COLUMNS = ("member_no", "name", "household", "id_number", "phone", "joined_on")
FIELDS = ("name", "household", "id_number", "phone", "joined_on", "kind", "address")
#: Member kinds (法 arts 19–20): 农民, 其他公民, 企业, 事业单位, 社会组织.
KINDS = ("farmer", "citizen", "enterprise", "institution", "social")
#: Kinds whose members are counted against the 法 art. 20 limit (one, or 5 % above 20).
ORGANISATIONS = ("enterprise", "institution", "social")
#: What ``member set`` changes.
SETTABLE = ("kind", "address", "phone")


@dataclass(frozen=True)
class AddResult:
    added: list[str]
    unchanged: list[str]


def member_row(
    member_no: str,
    name: str,
    joined_on: str,
    household: str = "",
    id_number: str = "",
    phone: str = "",
    kind: str = "",
    address: str = "",
) -> dict[str, Any]:
    """Validate one member's fields into a row (raises BadInput naming the field)."""
    return dict(
        member_no=clean_code(member_no, "member_no"),
        name=clean_text(name, "name", max_len=64),
        household=clean_text(household, "household", max_len=64, required=False) or None,
        id_number=check_id_number(id_number) if id_number.strip() else None,
        phone=check_phone(phone.strip()) if phone.strip() else None,
        joined_on=parse_date(joined_on, "joined_on").isoformat(),
        kind=check_kind(kind) if kind.strip() else "farmer",
        address=clean_text(address, "address", max_len=200, required=False) or None,
    )


def check_kind(text: str) -> str:
    kind = text.strip()
    if kind not in KINDS:
        raise BadInput(
            tr(
                "member kind {text!r} is not valid: use one of {kinds}",
                text=text,
                kinds=", ".join(KINDS),
            ),
            field="kind",
            value=text,
        )
    return kind


def _refuse_duplicate_id(
    where: str, member_no: str, id_number: str | None, others: Mapping[str, MemberRow]
) -> None:
    """A second member with an ID number another member has now is refused, naming the
    first (the member with the lowest number when, in old books, several have it)."""
    if not id_number:
        return
    for no, m in sorted(others.items()):
        if no != member_no and m.id_number == id_number:
            raise DuplicateIdNumber(where, member_no, mask_id(id_number), no, m.name)


def _add_rows(
    ctx: Context,
    rows: Sequence[tuple[str, dict[str, Any]]],
    label: Callable[[str], str] = gettext,
) -> AddResult:
    """``label`` names a field as the file's header spells it."""
    existing = repo.members(ctx)
    registered = repo.members(ctx, amended=False)
    new: list[dict[str, Any]] = []
    unchanged: list[str] = []
    seen: dict[str, Mapping[str, Any]] = {}
    holders = dict(existing)
    for where, row in rows:
        no = row["member_no"]
        found = existing.get(no)
        old: Mapping[str, Any] | None = asdict(found) if found else seen.get(no)
        if old is not None:
            diff = [f for f in FIELDS if old[f] != row[f]]
            if diff and found is not None and asdict(registered[no]) != asdict(found):
                # amended since: the row as first registered is the same content too
                first = asdict(registered[no])
                diff = diff if [f for f in FIELDS if first[f] != row[f]] else []
            if diff:
                raise Conflict(
                    tr(
                        "{where}member {member} already exists with a different "
                        "{field} ({old!r}, not {new!r})",
                        where=where,
                        member=no,
                        field=label(diff[0]),
                        old=old[diff[0]],
                        new=row[diff[0]],
                    )
                )
            unchanged.append(no)
            continue
        if ctx.books.is_closed(int(row["joined_on"][:4])):
            raise NotAllowed(
                tr(
                    "{where}member {member} joins on {date}, in a closed year",
                    where=where,
                    member=no,
                    date=row["joined_on"],
                )
            )
        _refuse_duplicate_id(where, no, row["id_number"], holders)
        holders[no] = MemberRow(**row)
        seen[no] = row
        new.append(row)
    if new:
        repo.add_members(ctx, new)
        ctx.books.audit("member", [f"member {r['member_no']} admitted" for r in new])
    return AddResult([r["member_no"] for r in new], unchanged)


def add(
    ctx: Context,
    member_no: str,
    name: str,
    joined_on: str,
    household: str,
    id_number: str,
    phone: str,
    kind: str = "",
    address: str = "",
) -> AddResult:
    return _add_rows(
        ctx,
        [
            (
                "",
                member_row(member_no, name, joined_on, household, id_number, phone, kind, address),
            )
        ],
    )


def import_file(ctx: Context, path: str) -> AddResult:
    rows = []
    table = csvio.read_table(
        path,
        ("member_no", "name", "joined_on"),
        ("household", "id_number", "phone", "kind", "address"),
    )
    for lineno, cells in table.rows:
        try:
            row = member_row(
                cells["member_no"],
                cells["name"],
                cells["joined_on"],
                cells.get("household", ""),
                cells.get("id_number", ""),
                cells.get("phone", ""),
                cells.get("kind", ""),
                cells.get("address", ""),
            )
        except InvalidInput as exc:
            raise BadInput(
                tr(
                    "{path}:{lineno}: field {field}: {message}",
                    path=path,
                    lineno=lineno,
                    field=table.label(exc.field or ""),
                    message=exc.message,
                ),
                field=table.label(exc.field or ""),
            ) from None
        rows.append((f"{path}:{lineno}: ", row))
    return _add_rows(ctx, rows, table.label)


@dataclass(frozen=True)
class Amended:
    member_no: str
    changes: list[tuple[str, str | None, str | None]]  # (field, old, new)


def amend(
    ctx: Context,
    member_no: str,
    date: dt.date,
    reason: str,
    *,
    name: str | None = None,
    household: str | None = None,
    id_number: str | None = None,
    phone: str | None = None,
) -> Amended:
    """Correct a member's name, household, ID number or phone (None: leave as it is; an
    empty household, ID number or phone clears it). Validated as ``member add`` does; one
    ``amend`` link for the fields whose value changes, nothing written when none does."""
    why = clean_text(reason, "reason")
    given = {
        "name": None if name is None else clean_text(name, "name", max_len=64),
        "household": None
        if household is None
        else clean_text(household, "household", max_len=64, required=False) or None,
        "id_number": None
        if id_number is None
        else (check_id_number(id_number) if id_number.strip() else None),
        "phone": None if phone is None else (check_phone(phone.strip()) if phone.strip() else None),
    }
    asked = {
        "name": name,
        "household": household,
        "id_number": id_number,
        "phone": phone,
    }
    m = require(ctx, member_no)
    current = asdict(m)
    changes = [
        (f, current[f], v) for f, v in given.items() if asked[f] is not None and current[f] != v
    ]
    if not changes:
        return Amended(member_no, [])
    new_id = dict((f, v) for f, _o, v in changes).get("id_number")
    _refuse_duplicate_id("", member_no, new_id, repo.members(ctx))
    repo.amend_member(ctx, member_no, date.isoformat(), changes, why)
    ctx.books.audit(
        "amend",
        [f"member {member_no} amended: {', '.join(f for f, _o, _v in changes)} ({why})"],
    )
    return Amended(member_no, changes)


def set_field(ctx: Context, member_no: str, key: str, value: str, since: dt.date) -> Amended:
    """``member set``: the member's kind, address or phone from ``since`` on (one ``amend``
    link dated ``since``; nothing written when the value is the same)."""
    if key not in SETTABLE:
        raise BadInput(
            tr(
                "{key!r} cannot be set: use one of {keys}",
                key=key,
                keys=", ".join(SETTABLE),
            ),
            field="key",
            value=key,
        )
    new: str | None
    if key == "kind":
        new = check_kind(value)
    elif key == "address":
        new = clean_text(value, "address", max_len=200, required=False) or None
    else:
        new = check_phone(value.strip()) if value.strip() else None
    m = require(ctx, member_no)
    if since < dt.date.fromisoformat(m.joined_on) or ctx.books.is_closed(since.year):
        raise NotAllowed(
            tr(
                "member {member} cannot change from {date}: the day is before they joined "
                "or in a closed year",
                member=member_no,
                date=since.isoformat(),
            )
        )
    old = getattr(m, key)
    if old == new:
        return Amended(member_no, [])
    changes: list[tuple[str, str | None, str | None]] = [(key, old, new)]
    repo.amend_member(ctx, member_no, since.isoformat(), changes, "set")
    ctx.books.audit("amend", [f"member {member_no} set: {key} from {since.isoformat()}"])
    return Amended(member_no, changes)


def kind_on(m: MemberRow, changes: Sequence[Any], day: dt.date) -> str:
    """The member's kind on ``day``: the last ``kind`` amendment dated on or before it,
    else the kind registered. ``m`` is the row as registered (``amended=False``)."""
    kind = m.kind
    for c in changes:
        if c.field == "kind" and c.value and c.date <= day.isoformat():
            kind = c.value
    return kind


def kinds_on(ctx: Context, day: dt.date) -> dict[str, str]:
    """Every registered member's kind on ``day`` (``member set`` holds from its date)."""
    return kinds_on_days(ctx, [day])[day]


def kinds_on_days(ctx: Context, days: list[dt.date]) -> dict[dt.date, dict[str, str]]:
    """Every registered member's kind on each of ``days``: the register and its amendments
    read once for all of them."""
    changes: dict[str, list[Any]] = {}
    for c in repo.amendments(ctx):
        changes.setdefault(c.member_no, []).append(c)
    registered = repo.members(ctx, amended=False)
    return {
        day: {no: kind_on(m, changes.get(no, ()), day) for no, m in registered.items()}
        for day in days
    }


def names(ctx: Context) -> dict[str, str]:
    """Every member's name as it stands now (for the voucher print's 明细科目)."""
    return {no: m.name for no, m in repo.members(ctx).items()}


def require(ctx: Context, member_no: str) -> MemberRow:
    m = repo.member(ctx, member_no)
    if m is None:
        raise UnknownMember(member_no)
    return m


def require_on(ctx: Context, member_no: str, date: dt.date) -> MemberRow:
    """The member, who must exist and be a member on ``date`` (exit 1 otherwise)."""
    m = require(ctx, member_no)
    if not is_member_on(m, repo.notices(ctx).get(member_no), date):
        raise NotAllowed(
            tr("{member} is not a member on {date}", member=member_no, date=date.isoformat())
        )
    return m


def exit_date(notice_on: dt.date, notice_months: int) -> dt.date:
    """The first day of the fiscal year after the one in which the notice period ends."""
    month0 = notice_on.month - 1 + notice_months
    year = notice_on.year + month0 // 12
    month = month0 % 12 + 1
    day = min(notice_on.day, _days_in_month(year, month))
    return dt.date(dt.date(year, month, day).year + 1, 1, 1)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def member_during(joined_on: str, exit_on: str | None, first: str, last: str) -> bool:
    """A member on some day from ``first`` to ``last``: joined by ``last`` and not gone by
    ``first`` (the exit date is the first day out). The dates are the register's ISO
    text, which compares as the dates do: a pass over 100,000 members parses none."""
    return joined_on <= last and (exit_on is None or first < exit_on)


def is_member_on(m: MemberRow, notice: NoticeRow | None, day: dt.date) -> bool:
    iso = day.isoformat()
    return member_during(m.joined_on, notice.exit_on if notice else None, iso, iso)


def withdraw(ctx: Context, member_no: str, notice_on: dt.date) -> tuple[dt.date, bool]:
    """Record the notice; returns (exit date, whether it was new)."""
    m = require(ctx, member_no)
    if notice_on < dt.date.fromisoformat(m.joined_on):
        raise NotAllowed(
            tr(
                "member {member} joined on {date}; the notice cannot come before",
                member=member_no,
                date=m.joined_on,
            )
        )
    if ctx.books.is_closed(notice_on.year):
        raise NotAllowed(tr("year {year} is closed", year=notice_on.year))
    old = repo.notices(ctx).get(member_no)
    charter = repo.charter(ctx, notice_on.year)
    exit_on = exit_date(notice_on, charter.notice_months)
    if old is not None:
        if old.notice_on == notice_on.isoformat():
            return dt.date.fromisoformat(old.exit_on), False
        raise Conflict(
            tr(
                "member {member} already gave notice on {date} (leaving {exit_on})",
                member=member_no,
                date=old.notice_on,
                exit_on=old.exit_on,
            )
        )
    repo.add_notice(ctx, member_no, notice_on, exit_on)
    ctx.books.audit("notice", [f"member {member_no} gave notice on {notice_on}, leaves {exit_on}"])
    return exit_on, True
