"""Labour (operations.md §4): the payee register, and 212 应付工资 / 213 应付劳务费 kept by
person: accrual, payment, the year's list per payee.

A payee is a person paid wages or labour fees, a member or not. Lines on 212 and 213
(and their sub-accounts) name a payee (``213@P01``); the ledger keeps the payee number
where it keeps a member's on member accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from coop import csvio, keys, posting
from coop.errors import BadInput, NotAllowed, UnknownMember
from coop.kinds import PERSON_ACCOUNTS, YEAR_OPENING
from coop.kinds import VoucherKind as K
from coop.render.i18n import t
from coop.store import repo, views
from coop.store.repo import PayeeRow
from coop.store.uow import Context
from coop.text import (
    check_id_number,
    check_phone,
    clean_code,
    clean_memo,
    clean_text,
    mask_id,
    parse_date,
)
from ledger import i18n
from ledger.accounts import leaf_codes
from ledger.entries import Line, Posted, Voucher
from ledger.errors import Conflict, InvalidInput, NotFound, Refused
from ledger.i18n import gettext, tr
from ledger.money import format_fen, parse_amount

KINDS = ("seasonal", "staff")
COLUMNS = ("payee_no", "name", "member_no", "kind", "id_number", "phone")
#: Where labour is charged (operations.md §4.2): leaves under these, 52101 excepted.
COST_CENTRES = ("401", "141", "142", "144", "153", "521", "523")


def is_person_account(code: str) -> bool:
    return code.startswith(PERSON_ACCOUNTS)


class UnknownPayee(NotFound):
    def __init__(self, payee_no: str) -> None:
        super().__init__(tr("payee {payee!r} does not exist", payee=payee_no))


@dataclass(frozen=True)
class Added:
    added: list[str]
    unchanged: list[str]


def payee_row(
    ctx: Context,
    payee_no: str,
    name: str,
    member_no: str,
    kind: str,
    id_number: str,
    phone: str,
) -> dict[str, Any]:
    """Validate one payee (BadInput names the field; an unknown member is refused)."""
    member = member_no.strip() or None
    known = repo.members(ctx)
    if member is not None and member not in known:
        raise UnknownMember(member)
    if not name.strip() and member is None:
        raise BadInput(tr("a payee needs --name (or --member, whose name it takes)"), field="name")
    if kind.strip() and kind.strip() not in KINDS:
        raise BadInput(
            tr(
                "payee kind {text!r} is not valid: use one of {kinds}",
                text=kind,
                kinds=", ".join(KINDS),
            ),
            field="kind",
            value=kind,
        )
    return dict(
        payee_no=clean_code(payee_no, "payee_no"),
        name=clean_text(name, "name", max_len=64) if name.strip() else known[str(member)].name,
        member_no=member,
        kind=kind.strip() or "seasonal",
        id_number=check_id_number(id_number) if id_number.strip() else None,
        phone=check_phone(phone.strip()) if phone.strip() else None,
    )


def _add_rows(ctx: Context, rows: Sequence[tuple[str, dict[str, Any]]]) -> Added:
    existing = repo.payees(ctx)
    members = repo.members(ctx)
    new: list[dict[str, Any]] = []
    unchanged: list[str] = []
    for where, row in rows:
        no = row["payee_no"]
        if no in members and row["member_no"] != no:
            raise NotAllowed(
                tr(
                    "{where}payee number {payee} is member {payee}'s number: give the payee "
                    "another number, or --member {payee}",
                    where=where,
                    payee=no,
                )
            )
        found = existing.get(no)
        if found is not None:
            old = asdict(found)
            diff = [f for f in COLUMNS if old[f] != row[f]]
            if diff:
                raise Conflict(
                    tr(
                        "{where}payee {payee} already exists with a different {field} "
                        "({old!r}, not {new!r})",
                        where=where,
                        payee=no,
                        field=gettext(diff[0]),
                        old=old[diff[0]],
                        new=row[diff[0]],
                    )
                )
            unchanged.append(no)
            continue
        if any(r["payee_no"] == no for r in new):
            raise Conflict(tr("{where}payee {payee} is listed twice", where=where, payee=no))
        new.append(row)
    if new:
        repo.add_payees(ctx, new)
        ctx.books.audit("payee", [f"payee {r['payee_no']} added" for r in new])
    return Added([r["payee_no"] for r in new], unchanged)


def add(
    ctx: Context,
    payee_no: str,
    name: str = "",
    member_no: str = "",
    kind: str = "",
    id_number: str = "",
    phone: str = "",
) -> Added:
    return _add_rows(ctx, [("", payee_row(ctx, payee_no, name, member_no, kind, id_number, phone))])


def import_file(ctx: Context, path: str) -> Added:
    table = csvio.read_table(
        path, ("payee_no",), ("name", "member_no", "kind", "id_number", "phone")
    )
    rows = []
    for lineno, cells in table.rows:
        try:
            row = payee_row(ctx, *(cells.get(c, "") for c in COLUMNS))
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
    return _add_rows(ctx, rows)


def listed(ctx: Context) -> list[dict[str, Any]]:
    return [
        {**asdict(p), "id_number": mask_id(p.id_number)}
        for _no, p in sorted(repo.payees(ctx).items())
    ]


def require(ctx: Context, payee_no: str) -> PayeeRow:
    p = repo.payees(ctx).get(payee_no)
    if p is None:
        raise UnknownPayee(payee_no)
    return p


def check_lines(ctx: Context, lines: Sequence[Line]) -> None:
    """Every line on a person account names a payee of the register (operations.md §4.1)."""
    known: dict[str, PayeeRow] | None = None
    for ln in lines:
        if not is_person_account(ln.account):
            continue
        if not ln.member:
            raise NotAllowed(
                tr(
                    "{account} keeps a per-person sub-ledger: name the payee as {account}@P01",
                    account=ln.account,
                )
            )
        if known is None:
            known = repo.payees(ctx)
        if ln.member not in known:
            raise UnknownPayee(ln.member)


def _person_leaf(ctx: Context, account: str) -> str:
    accounts = ctx.books.accounts()
    if not is_person_account(account) or account not in accounts:
        raise NotAllowed(
            tr("--account {account} is not 212, 213 or a sub-account of them", account=account)
        )
    if account not in leaf_codes(accounts):
        raise NotAllowed(
            tr("account {account} has sub-accounts; post to one of them", account=account)
        )
    return account


def accrue(
    ctx: Context,
    payee_no: str,
    date: dt.date,
    amount: str,
    account: str,
    cost_centre: str,
    memo: str,
    ref: str | None,
) -> tuple[Posted, bool]:
    """Dr the cost centre / Cr 212|213@payee (kind ``labour_accrue``)."""
    key = keys.with_ref("labour", None if ref is None else clean_text(ref, "ref", max_len=100))
    v = _accrual(ctx, payee_no, date, parse_amount(amount), account, cost_centre, memo, key)
    return post(ctx, [v])[0]


def _accrual(
    ctx: Context,
    payee_no: str,
    date: dt.date,
    fen: int,
    account: str,
    cost_centre: str,
    memo: str,
    key: str | None,
) -> Voucher:
    require(ctx, payee_no)
    credit = _person_leaf(ctx, account)
    accounts = ctx.books.accounts()
    if (
        cost_centre not in leaf_codes(accounts)
        or not cost_centre.startswith(COST_CENTRES)
        or cost_centre.startswith("52101")
    ):
        raise NotAllowed(
            tr(
                "cost centre {account} is not a leaf account under 401, 141, 142, 144, 153, "
                "521 (not 52101) or 523",
                account=cost_centre,
            )
        )
    return Voucher(
        date=date,
        memo=clean_memo(memo),
        lines=(Line(cost_centre, fen), Line(credit, -fen, payee_no)),
        kind=K.LABOUR_ACCRUE,
        key=key,
        user=ctx.user,
    )


#: ``labour import`` (cli-additions.md §5): one accrual per row; ``ref`` optional.
LABOUR_COLUMNS = ("date", "payee_no", "account", "cost_centre", "amount", "memo")


def import_accruals(ctx: Context, path: str) -> list[tuple[Posted, bool]]:
    """Accrue the rows of a CSV file, all or nothing (operations.md §4.2): rows sharing a
    ``ref`` are one voucher, one line pair per row, keyed by the ref; a row without one
    is a voucher of its own, keyed by its content (and which of its twins it is), so
    importing the same file again, or an edited copy of it, writes only what is new."""
    table = csvio.read_table(path, LABOUR_COLUMNS, ("ref",))
    groups: dict[str, list[Voucher]] = {}
    seen: dict[str, int] = {}  # a row's content → how many such rows came before it
    for lineno, c in table.rows:
        where = f"{path}:{lineno}: "
        column = "date"
        try:
            date = parse_date(c["date"], table.label("date"))
            column = "payee_no"
            payee = clean_code(c["payee_no"], table.label("payee_no"))
            column = "amount"
            fen = parse_amount(c["amount"], what=table.label("amount"))
            column = "memo"
            memo = clean_memo(c["memo"])
            column = "ref"
            ref = clean_text(c.get("ref", ""), table.label("ref"), max_len=100, required=False)
            # keyed by what it says (and which twin it is, among the rows without a ref),
            # not by its line: a row moved by an edit of the file is still the same row
            row = "\x1f".join(
                (date.isoformat(), payee, c["account"], c["cost_centre"], str(fen), memo)
            )
            if not ref:
                seen[row] = seen.get(row, 0) + 1
            digest = hashlib.sha256(f"{seen.get(row, 0)}\x1f{row}".encode()).hexdigest()[:16]
            key = keys.with_ref("labour", ref or f"import:{digest}")
            assert key is not None
            v = _accrual(ctx, payee, date, fen, c["account"], c["cost_centre"], memo, key)
            column = "date"
            if key in groups and groups[key][0].date != date:
                raise InvalidInput(
                    tr(
                        "the rows of ref {ref} are dated {first} and {date}: one voucher "
                        "has one date",
                        ref=ref,
                        first=groups[key][0].date.isoformat(),
                        date=date.isoformat(),
                    )
                )
            groups.setdefault(key, []).append(v)
        except InvalidInput as exc:
            raise csvio.bad_cell(where, table.label(exc.field or column), exc) from None
        except Refused as exc:
            raise Refused(where + exc.message) from None
    if not groups:
        raise BadInput(tr("{path}: no rows to import", path=path))
    vouchers = [
        replace(vs[0], lines=tuple(ln for v in vs for ln in v.lines)) if len(vs) > 1 else vs[0]
        for vs in groups.values()
    ]
    return post(ctx, vouchers)


def post(ctx: Context, vouchers: Sequence[Voucher]) -> list[tuple[Posted, bool]]:
    check_lines(ctx, [ln for v in vouchers for ln in v.lines])  # the register read once
    return posting.post(ctx, vouchers)


def owed(ctx: Context, day: dt.date, *, unassigned: bool = False) -> dict[tuple[str, str], int]:
    """(payee, leaf of 212/213) → what the cooperative owes them on ``day`` (credit > 0);
    with ``unassigned``, lines that name no payee too, under payee ``""``."""
    out: dict[tuple[str, str], int] = {}
    for account, payee, amount in views.line_rows(
        ctx,
        ("account", "member", "amount"),
        views.Lines(prefixes=PERSON_ACCOUNTS, date_to=day, with_member=not unassigned),
    ):
        key = (payee or "", str(account))  # "": a line naming no payee (from before)
        out[key] = out.get(key, 0) - int(amount)
    return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class Paid:
    posted: Posted | None
    paid: list[tuple[str, str, int]]  # (payee, account, amount)


def pay(
    ctx: Context,
    date: dt.date,
    payee_no: str | None,
    account: str | None,
    credit: str,
    amount: str | None,
) -> Paid:
    """Pay what is owed on ``date`` (to one payee, on one account, or all): Dr 212|213@P,
    Cr the money account; one voucher (kind ``labour_pay``)."""
    if amount is not None and (payee_no is None or account is None):
        raise BadInput(tr("--amount needs --payee and --account"), field="amount")
    if payee_no is not None:
        require(ctx, payee_no)
    if account is not None:
        _person_leaf(ctx, account)
    accounts = ctx.books.accounts()
    if not credit.startswith(("101", "102", "109")) or credit not in leaf_codes(accounts):
        raise NotAllowed(
            tr("--credit {account} is not a leaf account of 101, 102 or 109", account=credit)
        )
    due = sorted(
        (p, a, v)
        for (p, a), v in owed(ctx, date).items()
        if v > 0 and payee_no in (None, p) and account in (None, a)
    )
    if amount is not None:
        fen = parse_amount(amount)
        have = sum(v for _p, _a, v in due)
        if fen > have:
            raise NotAllowed(
                tr(
                    "{payee} is owed {owed} on {account}: {amount} is more",
                    payee=payee_no,
                    owed=format_fen(have),
                    account=account,
                    amount=format_fen(fen),
                )
            )
        due = [(str(payee_no), str(account), fen)]
    if not due:
        return Paid(None, [])
    total = sum(v for _p, _a, v in due)
    lines = [Line(a, v, p) for p, a, v in due] + [Line(credit, -total)]
    v = Voucher(
        date=date,
        memo="支付工资、劳务费" if payee_no is None else f"支付 {payee_no} 工资、劳务费",
        lines=tuple(lines),
        kind=K.LABOUR_PAY,
        user=ctx.user,
    )
    ((posted, _),) = post(ctx, [v])
    return Paid(posted, due)


def year_list(ctx: Context, year: int) -> list[dict[str, Any]]:
    """Per payee and account: opening, accrued (credits), paid (debits), closing. Lines
    posted before the books kept 212/213 by person, naming no payee, are one row per
    account with ``payee_no`` null, named （未指定） (operations.md §4.1)."""
    start = dt.date(year, 1, 1)
    opening = owed(ctx, start - dt.timedelta(days=1), unassigned=True)
    moved: dict[tuple[str, str], list[int]] = {}
    for kind, day, account, payee, amount in views.line_rows(
        ctx,
        ("kind", "date", "account", "member", "amount"),
        views.Lines(prefixes=PERSON_ACCOUNTS, year=year, date_from=start),
    ):
        key = (payee or "", str(account))
        if kind in YEAR_OPENING and day == start.isoformat():  # the books' opening
            opening[key] = opening.get(key, 0) - int(amount)
            continue
        m = moved.setdefault(key, [0, 0])
        if int(amount) < 0:
            m[0] -= int(amount)
        else:
            m[1] += int(amount)
    payees = repo.payees(ctx)
    out = []
    for key in sorted(set(opening) | set(moved)):
        p, a = key
        o = opening.get(key, 0)
        accrued, paid = moved.get(key, [0, 0])
        who = payees.get(p)
        out.append(
            {
                "payee_no": p or None,
                "name": who.name if who else "" if p else t(i18n.current(), "payee.unassigned"),
                "member_no": who.member_no if who else None,
                "account": a,
                "opening": format_fen(o),
                "accrued": format_fen(accrued),
                "paid": format_fen(paid),
                "closing": format_fen(o + accrued - paid),
            }
        )
    return out


def labour_paid(ctx: Context, year: int) -> dict[str, int]:
    """member → the year's ``labour_pay`` debits to the member's payees (the statement's
    ``labour_paid``, operations.md §4.3)."""
    whose = {no: p.member_no for no, p in repo.payees(ctx).items() if p.member_no}
    out: dict[str, int] = {}
    if not whose:
        return out
    for payee, amount in views.line_rows(
        ctx,
        ("member", "amount"),
        views.Lines(prefixes=PERSON_ACCOUNTS, year=year, kinds=(K.LABOUR_PAY,)),
    ):
        member = whose.get(str(payee))
        if member is not None:
            out[member] = out.get(member, 0) + int(amount)
    return out
