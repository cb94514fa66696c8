"""Members (成员): admission, cash capital, notice of leaving; the member register.

A member row is written once; the same content again does nothing, other
content for an existing member number is refused naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from coop import csvio, keys, posting
from coop.errors import BadInput, NotAllowed, UnknownMember
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.repo import MemberRow, NoticeRow
from coop.store.uow import Context
from coop.text import check_id_number, check_phone, clean_code, clean_text, parse_date
from ledger.entries import Line, Posted, Voucher
from ledger.errors import Conflict, InvalidInput
from ledger.money import parse_amount

COLUMNS = ("member_no", "name", "household", "id_number", "phone", "joined_on")
FIELDS = ("name", "household", "id_number", "phone", "joined_on")


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
) -> dict[str, Any]:
    """Validate one member's fields into a row (raises BadInput naming the field)."""
    return dict(
        member_no=clean_code(member_no, "member_no"),
        name=clean_text(name, "name", max_len=64),
        household=clean_text(household, "household", max_len=64, required=False) or None,
        id_number=check_id_number(id_number) if id_number.strip() else None,
        phone=check_phone(phone.strip()) if phone.strip() else None,
        joined_on=parse_date(joined_on, "joined_on").isoformat(),
    )


def _add_rows(ctx: Context, rows: Sequence[tuple[str, dict[str, Any]]]) -> AddResult:
    existing = repo.members(ctx)
    new: list[dict[str, Any]] = []
    unchanged: list[str] = []
    seen: dict[str, Mapping[str, Any]] = {}
    for where, row in rows:
        no = row["member_no"]
        found = existing.get(no)
        old: Mapping[str, Any] | None = asdict(found) if found else seen.get(no)
        if old is not None:
            diff = [f for f in FIELDS if old[f] != row[f]]
            if diff:
                raise Conflict(
                    f"{where}member {no} already exists with a different "
                    f"{diff[0]} ({old[diff[0]]!r}, not {row[diff[0]]!r})"
                )
            unchanged.append(no)
            continue
        if ctx.books.is_closed(int(row["joined_on"][:4])):
            raise NotAllowed(f"{where}member {no} joins on {row['joined_on']}, in a closed year")
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
) -> AddResult:
    return _add_rows(
        ctx, [("", member_row(member_no, name, joined_on, household, id_number, phone))]
    )


def import_file(ctx: Context, path: str) -> AddResult:
    rows = []
    for lineno, cells in csvio.read_rows(
        path, ("member_no", "name", "joined_on"), ("household", "id_number", "phone")
    ):
        try:
            row = member_row(
                cells["member_no"],
                cells["name"],
                cells["joined_on"],
                cells.get("household", ""),
                cells.get("id_number", ""),
                cells.get("phone", ""),
            )
        except InvalidInput as exc:
            raise BadInput(
                f"{path}:{lineno}: field {exc.field}: {exc.message}", field=exc.field
            ) from None
        rows.append((f"{path}:{lineno}: ", row))
    return _add_rows(ctx, rows)


def require(ctx: Context, member_no: str) -> MemberRow:
    m = repo.member(ctx, member_no)
    if m is None:
        raise UnknownMember(member_no)
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


def is_member_on(m: MemberRow, notice: NoticeRow | None, day: dt.date) -> bool:
    joined = dt.date.fromisoformat(m.joined_on)
    left = dt.date.fromisoformat(notice.exit_on) if notice else None
    return joined <= day and (left is None or day < left)


def withdraw(ctx: Context, member_no: str, notice_on: dt.date) -> tuple[dt.date, bool]:
    """Record the notice; returns (exit date, whether it was new)."""
    m = require(ctx, member_no)
    if notice_on < dt.date.fromisoformat(m.joined_on):
        raise NotAllowed(
            f"member {member_no} joined on {m.joined_on}; the notice cannot come before"
        )
    if ctx.books.is_closed(notice_on.year):
        raise NotAllowed(f"year {notice_on.year} is closed")
    old = repo.notices(ctx).get(member_no)
    charter = repo.charter(ctx, notice_on.year)
    exit_on = exit_date(notice_on, charter.notice_months)
    if old is not None:
        if old.notice_on == notice_on.isoformat():
            return dt.date.fromisoformat(old.exit_on), False
        raise Conflict(
            f"member {member_no} already gave notice on {old.notice_on} (leaving {old.exit_on})"
        )
    repo.add_notice(ctx, member_no, notice_on, exit_on)
    ctx.books.audit("notice", [f"member {member_no} gave notice on {notice_on}, leaves {exit_on}"])
    return exit_on, True


def contribute(
    ctx: Context, member_no: str, amount: str, date: dt.date, ref: str | None
) -> tuple[Posted, bool]:
    """Cash capital: Dr 102 / Cr 301@M."""
    m = require(ctx, member_no)
    fen = parse_amount(amount)
    if date < dt.date.fromisoformat(m.joined_on):
        raise NotAllowed(f"member {member_no} joined on {m.joined_on}; cannot contribute on {date}")
    notice = repo.notices(ctx).get(member_no)
    if not is_member_on(m, notice, date):
        raise NotAllowed(f"member {member_no} has left by {date}")
    v = Voucher(
        date,
        f"{member_no} 现金入股",
        (Line(Acct.BANK, fen), Line(Acct.SHARE_CAPITAL, -fen, member_no)),
        kind=K.CONTRIBUTE,
        key=keys.with_ref(
            "contribute", None if ref is None else clean_text(ref, "ref", max_len=100)
        ),
        user=ctx.user,
    )
    return posting.post(ctx, [v])[0]
