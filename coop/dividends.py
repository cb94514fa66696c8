"""What members are owed from each year's distribution, per (year, member, account), and
paying or converting it (domain.md §7). Every voucher in the books counts, whatever its date.

The year a payment or conversion belongs to is part of its voucher's key
(``dist-pay:Y:…``, ``convert:Y:…``), so it is covered by the hash chain.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from coop import keys, posting
from coop import members as members_mod
from coop.errors import NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import views
from coop.store.uow import Context
from coop.text import clean_text
from ledger.entries import Line, Voucher
from ledger.i18n import tr
from ledger.money import format_fen, parse_amount

Key = tuple[int, str, str]  # (year, member, account)


def ledger(ctx: Context) -> dict[str, dict[Key, int]]:
    """{'owed': credited, 'paid': paid in cash, 'converted': converted}, in fen, by key."""
    out: dict[str, dict[Key, int]] = {k: defaultdict(int) for k in ("owed", "paid", "converted")}
    cols = ("year", "seq", "kind", "key", "reversal_of", "account", "member", "amount")
    payable = views.Lines(accounts=(Acct.PATRONAGE_PAYABLE, Acct.RESIDUAL_PAYABLE))
    # Streamed in voucher order (a reversal comes after what it reverses): the kind and
    # key of each voucher met so far, not every line, are kept.
    by_number: dict[str, tuple[str, str]] = {}
    last: tuple[int, int] | None = None
    for y, s, kind, key, reversal_of, account, member, amount in views.line_rows(
        ctx, cols, payable
    ):
        if (y, s) != last:
            last = (y, s)
            by_number[f"{y}-{s}"] = (kind, key)
        if kind == K.REVERSAL and reversal_of in by_number:
            kind, key = by_number[reversal_of]
        year = keys.dividend_year(key)
        if year is None:
            continue  # opening balances: counted from their memo entries below
        k = (year, member, account)
        if kind == K.DISTRIBUTION:
            out["owed"][k] -= amount
        elif kind == K.DIST_PAY:
            out["paid"][k] += amount
        elif kind == K.CONVERT:
            out["converted"][k] += amount
    for year, member, account, amount in views.owed_entries(ctx):
        out["owed"][(year, member, account)] += amount
    return out


def outstanding(ctx: Context, year: int) -> dict[tuple[str, str], int]:
    led = ledger(ctx)
    out: dict[tuple[str, str], int] = {}
    for (y, m, acct), owed in led["owed"].items():
        if y == year:
            left = owed - led["paid"].get((y, m, acct), 0) - led["converted"].get((y, m, acct), 0)
            if left:
                out[(m, acct)] = left
    return out


def pay(ctx: Context, year: int, date: dt.date, member: str | None) -> tuple[str | None, int]:
    """Pay what is still owed for ``year`` (to one member or all): Dr 221@M, 222@M / Cr 102."""
    if member is not None:
        members_mod.require(ctx, member)
    left = {
        k: v
        for k, v in outstanding(ctx, year).items()
        if v > 0 and (member is None or k[0] == member)
    }
    if not left:
        return None, 0
    total = sum(left.values())
    lines = [Line(acct, amt, m) for (m, acct), amt in sorted(left.items())]
    v = Voucher(
        date,
        f"支付{year}年盈余分配",
        (*lines, Line(Acct.BANK, -total)),
        kind=K.DIST_PAY,
        key=keys.dividend_payment(year, ctx.books.next_chain_seq()),
        user=ctx.user,
    )
    ((p, _),) = posting.post(ctx, [v])
    return p.number, total


def convert(
    ctx: Context, year: int, member: str, amount_text: str, date: dt.date, ref: str | None
) -> str:
    members_mod.require(ctx, member)
    amount = parse_amount(amount_text)
    key = keys.conversion(
        year, clean_text(ref, "ref", max_len=100) if ref else None, ctx.books.next_chain_seq()
    )
    if ref:
        found = ctx.books.find_by_keys([key]).get(key)
        if found is not None:
            total = -sum(
                ln.amount for ln in found.voucher.lines if ln.account == Acct.SHARE_CAPITAL
            )
            if (
                total == amount
                and found.voucher.date == date
                and any(ln.member == member for ln in found.voucher.lines)
            ):
                return found.number
            raise NotAllowed(
                tr(
                    "ref {ref!r} was already used for another conversion ({number})",
                    ref=ref,
                    number=found.number,
                )
            )
    left = outstanding(ctx, year)
    a221, a222 = (
        max(0, left.get((member, Acct.PATRONAGE_PAYABLE), 0)),
        max(0, left.get((member, Acct.RESIDUAL_PAYABLE), 0)),
    )
    if amount > a221 + a222:
        raise NotAllowed(
            tr(
                "member {member} is owed {owed} for {year}; cannot convert {amount}",
                member=member,
                owed=format_fen(a221 + a222),
                year=year,
                amount=format_fen(amount),
            )
        )
    from_221 = min(amount, a221)
    lines = [
        Line(Acct.PATRONAGE_PAYABLE, from_221, member),
        Line(Acct.RESIDUAL_PAYABLE, amount - from_221, member),
        Line(Acct.SHARE_CAPITAL, -amount, member),
    ]
    ((p, _),) = posting.post(
        ctx,
        [
            Voucher(
                date,
                f"{year}年盈余转为{member}出资",
                tuple(ln for ln in lines if ln.amount),
                kind=K.CONVERT,
                key=key,
                user=ctx.user,
            )
        ],
    )
    return p.number
