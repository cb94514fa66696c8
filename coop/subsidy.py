"""State subsidies (专项基金) and reserves covering a loss: the member-account memo shares.

* ``receive``: Dr 102 / Cr 235;
* ``capitalise``: Dr 235 / Cr 311, the amount split equally among the members of
  that day as subsidy shares (never paid out);
* ``cover_loss``: Dr 32201 / Cr 33202 dated Y-12-31 between the year close and the
  distribution; the reserve shares shrink by the amount, allocated by themselves.
"""

from __future__ import annotations

import datetime as dt

from coop import distribution, keys, posting, weights
from coop.errors import NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_text
from ledger.entries import Line, Posted, Voucher
from ledger.i18n import tr
from ledger.money import allocate, format_fen, parse_amount


def _key(kind: str, ref: str | None) -> str | None:
    return keys.with_ref(kind, None if ref is None else clean_text(ref, "ref", max_len=100))


def receive(ctx: Context, date: dt.date, amount: str, ref: str | None) -> tuple[Posted, bool]:
    fen = parse_amount(amount)
    v = Voucher(
        date,
        "收到财政补助资金",
        (Line(Acct.BANK, fen), Line(Acct.SUBSIDY, -fen)),
        kind=K.SUBSIDY_RECEIVE,
        key=_key("subsidy-receive", ref),
        user=ctx.user,
    )
    return posting.post(ctx, [v])[0]


def capitalise(ctx: Context, date: dt.date, amount: str, ref: str | None) -> tuple[Posted, bool]:
    fen = parse_amount(amount)
    key = _key("subsidy-capitalise", ref)
    if key is not None and key in ctx.books.find_by_keys([key]):
        return posting.post(ctx, [_capitalise_voucher(ctx, date, fen, key)])[0]
    available = -ctx.books.balance(Acct.SUBSIDY, as_of=None)
    if fen > available:
        raise NotAllowed(
            tr(
                "235 holds {available}; cannot capitalise {amount}",
                available=format_fen(available),
                amount=format_fen(fen),
            )
        )
    members = weights.members_on(ctx, date)
    if not members:
        raise NotAllowed(tr("there are no members on {date} to quantify the subsidy to", date=date))
    result = posting.post(ctx, [_capitalise_voucher(ctx, date, fen, key)])[0]
    repo.add_memo(
        ctx,
        date,
        date.year,
        "subsidy",
        [
            (m, "subsidy", a)
            for m, a in zip(members, allocate(fen, [1] * len(members), members), strict=True)
        ],
    )
    return result


def _capitalise_voucher(ctx: Context, date: dt.date, fen: int, key: str | None) -> Voucher:
    return Voucher(
        date,
        "财政补助形成资产转入专项基金",
        (Line(Acct.SUBSIDY, fen), Line(Acct.SPECIAL_FUND, -fen)),
        kind=K.SUBSIDY_CAPITALISE,
        key=key,
        user=ctx.user,
    )


def cover_loss(ctx: Context, year: int, amount: str, ref: str | None) -> tuple[Posted, bool]:
    fen = parse_amount(amount)
    end = dt.date(year, 12, 31)
    key = keys.cover_loss(
        year,
        None if ref is None else clean_text(ref, "ref", max_len=100),
        ctx.books.next_chain_seq(),
    )
    found = ctx.books.find_by_keys([key]).get(key)
    v = Voucher(
        end,
        f"盈余公积弥补{year}年亏损",
        (Line(Acct.RESERVE, fen), Line(Acct.UNDISTRIBUTED, -fen)),
        kind=K.COVER_LOSS,
        key=key,
        user=ctx.user,
    )
    if found is not None:
        return posting.post(ctx, [v], closed_ok=frozenset({K.COVER_LOSS}))[0]
    if not ctx.books.is_closed(year):
        raise NotAllowed(
            tr("year {year} is not closed: a loss is covered after the year close", year=year)
        )
    if distribution.posted(ctx, year) is not None:
        raise NotAllowed(tr("the distribution of {year} is already posted", year=year))
    reserve = -ctx.books.balance(Acct.RESERVE, as_of=end)
    open_loss = ctx.books.balance(Acct.UNDISTRIBUTED, as_of=end)
    if fen > reserve:
        raise NotAllowed(
            tr(
                "the reserve (32201) holds {reserve}; cannot cover {amount}",
                reserve=format_fen(reserve),
                amount=format_fen(fen),
            )
        )
    if fen > open_loss:
        raise NotAllowed(
            tr(
                "the open loss after {year} is {loss}; cannot cover {amount}",
                year=year,
                loss=format_fen(max(open_loss, 0)),
                amount=format_fen(fen),
            )
        )
    shares = repo.memo_balances(ctx, "reserve", as_of=end)
    names = sorted(m for m, a in shares.items() if a > 0)
    result = posting.post(ctx, [v], closed_ok=frozenset({K.COVER_LOSS}))[0]
    cuts = allocate(fen, [shares[m] for m in names], names)
    repo.add_memo(
        ctx, end, year, "cover-loss", [(m, "reserve", -c) for m, c in zip(names, cuts, strict=True)]
    )
    return result
