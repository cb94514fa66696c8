"""Trade records (operations.md §7.1; law arts 41, 43, 44): what members and non-members
delivered to, bought through or used of the cooperative, per product, in fen.

Written by ``product buy|sell`` and ``crop sell`` with a member or non-member, or by
``trade add|import`` for trades booked otherwise. A record whose voucher is reversed is
void. Member and non-member trade are kept apart (art. 41): members' records are the
basis of 盈余返还 under ``patronage_basis`` ``trade_amount`` or ``mixed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from coop import csvio, members, posting, products
from coop.charter import TRADE_KINDS
from coop.errors import BadInput, NotAllowed
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_code, clean_text, parse_date
from ledger.checks import Problem
from ledger.errors import Conflict, InvalidInput, Refused
from ledger.i18n import tr
from ledger.money import (
    Rounding,
    format_fen,
    format_fixed,
    format_quantity,
    parse_amount,
    parse_quantity,
    round_fraction,
)


def _kind(text: str) -> str:
    if text not in TRADE_KINDS:
        raise BadInput(
            tr(
                "kind {text!r} is not valid: one of {values}",
                text=text,
                values=", ".join(TRADE_KINDS),
            ),
            field="kind",
            value=text,
        )
    return text


def record_row(
    ctx: Context,
    *,
    date: dt.date,
    member: str | None,
    non_member: str | None,
    product_no: str,
    kind: str,
    amount: str,
    quantity: str | None,
    voucher: str | None,
    ref: str | None,
) -> dict[str, Any]:
    """A trade record checked against the books (cli-additions.md §7's refusals)."""
    if (member is None) == (non_member is None):
        raise BadInput(tr("give one of --member and --non-member"), field="member")
    kind = _kind(kind)
    if quantity is None and kind != "service":
        raise BadInput(
            tr("--quantity is required for a {kind} (only a service may have none)", kind=kind),
            field="quantity",
        )
    q = None if quantity is None else parse_quantity(quantity)
    fen = parse_amount(amount)
    # the books' window and closed years, as for a voucher: a closed year's patronage
    # basis is what its posted distribution used (operations.md §1.4)
    posting.check_dates(ctx, [date])
    if ctx.books.is_closed(date.year):
        raise NotAllowed(tr("year {year} is closed", year=date.year))
    who, other = products.party(ctx, date, member, non_member)
    products.require(ctx, product_no)
    if voucher is not None:
        v = ctx.books.voucher(voucher)  # NotFound names it
        if v.year != date.year:
            raise NotAllowed(
                tr(
                    "voucher {number} is of {year}, not of {date}",
                    number=v.number,
                    year=v.year,
                    date=date.isoformat(),
                )
            )
        if v.number in ctx.books.reversed_numbers() or v.voucher.reversal_of is not None:
            raise NotAllowed(tr("voucher {number} is reversed", number=v.number))
        voucher = v.number
    return dict(
        date=date.isoformat(),
        member_no=who,
        counterparty=other,
        product_no=product_no,
        kind=kind,
        quantity=q,
        amount=fen,
        voucher=voucher,
        ref=None if ref is None else clean_text(ref, "ref", max_len=100),
    )


def add_rows(ctx: Context, rows: Sequence[dict[str, Any]]) -> tuple[list[int], int]:
    """Write the records not yet there (by ref: the same content is nothing to do, other
    content exit 1); returns the new numbers and how many were already there."""
    by_ref = {r["ref"]: r for r in repo.trade_rows(ctx) if r["ref"] is not None}
    new, same = [], 0
    for r in rows:
        old = by_ref.get(r["ref"]) if r["ref"] is not None else None
        if old is not None:
            if any(old[f] != r[f] for f in r):
                raise Conflict(tr("ref {ref} was used for another trade record", ref=r["ref"]))
            same += 1
            continue
        new.append(r)
        if r["ref"] is not None:
            by_ref[r["ref"]] = r
    numbers = repo.add_trades(ctx, new)
    if new:
        ctx.books.audit("trade", [f"{len(new)} trade records added"])
    return numbers, same


IMPORT_COLUMNS = ("ref", "date", "product_no", "kind", "amount")
IMPORT_OPTIONAL = ("member_no", "counterparty", "quantity", "voucher")


def import_file(ctx: Context, path: str) -> tuple[list[int], int]:
    """``trade import``: each row a record, its ref the idempotency key. All or nothing."""
    table = csvio.read_table(path, IMPORT_COLUMNS, IMPORT_OPTIONAL)
    rows = []
    for lineno, c in table.rows:
        where = f"{path}:{lineno}: "
        column = "ref"
        try:
            ref = clean_text(c["ref"], table.label("ref"), max_len=100)
            column = "date"
            date = parse_date(c["date"], table.label("date"))
            column = "product_no"
            product = clean_code(c["product_no"], table.label("product_no"))
            column = "member_no"
            rows.append(
                record_row(
                    ctx,
                    date=date,
                    member=c.get("member_no", "").strip() or None,
                    non_member=c.get("counterparty", "").strip() or None,
                    product_no=product,
                    kind=c["kind"].strip(),
                    amount=c["amount"],
                    quantity=c.get("quantity", "").strip() or None,
                    voucher=c.get("voucher", "").strip() or None,
                    ref=ref,
                )
            )
        except InvalidInput as exc:
            raise csvio.bad_cell(where, table.label(exc.field or column), exc) from None
        except Refused as exc:
            raise Refused(where + exc.message) from None
    if not rows:
        raise BadInput(tr("{path}: no rows to import", path=path))
    return add_rows(ctx, rows)


def standing(ctx: Context, year: int | None = None) -> list[dict[str, Any]]:
    """The records (of ``year``) with ``void`` set where their voucher is reversed."""
    void = ctx.books.reversed_numbers()
    out = []
    for r in repo.trade_rows(ctx):
        if year is not None and not r["date"].startswith(f"{year:04d}-"):
            continue
        out.append(dict(r, void=r["voucher"] is not None and r["voucher"] in void))
    return out


def member_amounts(ctx: Context, year: int, kinds: Sequence[str]) -> dict[str, int]:
    """A_i of operations.md §7.2: Σ amount of member i's records dated in ``year``, not
    void, of the kinds that count."""
    out: dict[str, int] = {}
    for r in standing(ctx, year):
        if r["member_no"] is not None and not r["void"] and r["kind"] in kinds:
            out[r["member_no"]] = out.get(r["member_no"], 0) + r["amount"]
    return out


def share_percent(part: int, whole: int) -> str | None:
    if whole <= 0:
        return None
    return format_fixed(round_fraction(Fraction(part * 10_000, whole), Rounding.HALF_UP), 2)


def totals(ctx: Context, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per product: members' and non-members' quantity and amount (law art. 41, 附注 7(6)),
    void records left out."""
    register = products.register(ctx)
    sums: dict[str, list[int]] = {}
    for r in records:
        if r["void"]:
            continue
        s = sums.setdefault(r["product_no"], [0, 0, 0, 0])
        i = 0 if r["member_no"] is not None else 2
        s[i] += r["quantity"] or 0
        s[i + 1] += r["amount"]
    out = []
    for no in sorted(sums):
        mq, ma, nq, na = sums[no]
        p = register.get(no, {})
        out.append(
            dict(
                product_no=no,
                name=p.get("name"),
                unit=p.get("unit"),
                member_quantity=format_quantity(mq),
                member_amount=format_fen(ma),
                non_member_quantity=format_quantity(nq),
                non_member_amount=format_fen(na),
                member_share=share_percent(ma, ma + na),
            )
        )
    return out


def listing(ctx: Context, year: int, member: str | None) -> dict[str, Any]:
    if member is not None:
        members.require(ctx, member)
    records = standing(ctx, year)
    shown = [r for r in records if member is None or r["member_no"] == member]
    return {
        "year": year,
        "records": [
            {
                "trade_no": r["trade_no"],
                "date": r["date"],
                "party": "member" if r["member_no"] is not None else "non_member",
                "member_no": r["member_no"],
                "counterparty": r["counterparty"],
                "product_no": r["product_no"],
                "kind": r["kind"],
                "quantity": None if r["quantity"] is None else format_quantity(r["quantity"]),
                "amount": format_fen(r["amount"]),
                "voucher": r["voucher"],
                "void": r["void"],
            }
            for r in shown
        ],
        "totals": totals(ctx, shown),
    }


def problems(ctx: Context) -> list[Problem]:
    """``check`` ``trade`` (statutory.md §12): a record names a voucher that does not
    exist, or a member who was not a member on its date."""
    out: list[Problem] = []
    rows = repo.trade_rows(ctx)
    if not rows:  # most books keep no trade records: read nothing else
        return out
    named = {r["voucher"] for r in rows if r["voucher"] is not None}
    numbers = ctx.books.existing_numbers(named) if named else set()
    notices = repo.notices(ctx)
    register = repo.members(ctx)
    for r in rows:
        if r["voucher"] is not None and r["voucher"] not in numbers:
            out.append(
                Problem(
                    "trade",
                    tr(
                        "trade record {no} names voucher {number}, which does not exist",
                        no=r["trade_no"],
                        number=r["voucher"],
                    ),
                )
            )
        m = r["member_no"]
        if m is not None and (
            m not in register
            or not members.is_member_on(
                register[m], notices.get(m), dt.date.fromisoformat(r["date"])
            )
        ):
            out.append(
                Problem(
                    "trade",
                    tr(
                        "trade record {no} is of {member}, who was not a member on {date}",
                        no=r["trade_no"],
                        member=m,
                        date=r["date"],
                    ),
                )
            )
    return out
