"""State subsidies (专项基金) and reserves covering a loss: the member-account memo shares.

* ``receive``: Dr 102 / Cr 235;
* ``capitalise``: Dr 235 / Cr 311, the amount split equally among the members of
  that day as subsidy shares (never paid out);
* ``cover_loss``: Dr 32201 / Cr 33202 dated Y-12-31 between the year close and the
  distribution; the reserve shares shrink by the amount, allocated by themselves.
"""

from __future__ import annotations

import datetime as dt

from coop import assets, distribution, keys, posting, weights
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import clean_text
from ledger.accounts import leaf_codes
from ledger.entries import Line, Posted, Voucher
from ledger.i18n import tr
from ledger.money import allocate, format_fen, parse_amount


def _key(kind: str, ref: str | None) -> str | None:
    return keys.with_ref(kind, None if ref is None else clean_text(ref, "ref", max_len=100))


def project_leaf(ctx: Context, project: str | None) -> str:
    """The 235 leaf a subsidy command books: ``--project LEAF`` (a leaf under 235, one per
    subsidy project), or 235 itself while it has no sub-accounts."""
    leaves = leaf_codes(ctx.books.accounts())
    if project is None:
        if Acct.SUBSIDY in leaves:
            return Acct.SUBSIDY
        raise NotAllowed(
            tr("235 has sub-accounts, one per subsidy project: name one with --project LEAF")
        )
    if project not in leaves or not project.startswith(Acct.SUBSIDY):
        raise NotAllowed(tr("--project {account} is not a leaf under 235", account=project))
    return project


def receive(
    ctx: Context, date: dt.date, amount: str, ref: str | None, *, project: str | None = None
) -> tuple[Posted, bool]:
    fen = parse_amount(amount)
    leaf = project_leaf(ctx, project)
    v = Voucher(
        date,
        "收到财政补助资金",
        (Line(Acct.BANK, fen), Line(leaf, -fen)),
        kind=K.SUBSIDY_RECEIVE,
        key=_key("subsidy-receive", ref),
        user=ctx.user,
    )
    return posting.post(ctx, [v])[0]


#: Where a subsidy can have formed an asset (235 三): a crop, an orchard, a building under
#: construction, a fixed asset, a land right bought (operations.md §2.6).
FORMED = ("141", "142", "144", "151", "153", "161")


def linked(ctx: Context, target: str) -> int:
    """What earlier ``subsidy capitalise`` runs linked to ``target`` (``asset:NO`` or
    ``voucher:N``): their credits to 311, found by their key."""
    return -views.line_total(
        ctx,
        views.Lines(accounts=(Acct.SPECIAL_FUND,), key_prefixes=(f"subsidy-link:{target}:",)),
    )


def capitalise(
    ctx: Context,
    date: dt.date,
    amount: str,
    ref: str | None,
    *,
    asset: str | None = None,
    voucher: str | None = None,
    project: str | None = None,
) -> tuple[Posted, bool]:
    """Dr 235 / Cr 311 against the asset the subsidy formed (235 三): a registered asset
    (``asset``) or a voucher's debits on 141, 142, 144, 151, 153, 161 (``voucher``), up to
    what is not linked yet; the amount is split equally among the members of the day."""
    if (asset is None) == (voucher is None):
        raise BadInput(
            tr(
                "a subsidy is capitalised only against the asset it formed (财会〔2021〕37号 "
                "235 三): give --asset or --voucher"
            ),
            field="asset",
        )
    fen = parse_amount(amount)
    leaf = project_leaf(ctx, project)
    if asset is not None:
        a = assets.require(ctx, asset)
        if str(a.row["source"]).startswith("member:") or a.row["source"] == "donation":
            raise NotAllowed(
                tr("asset {asset} came from a member or a donor, not from a subsidy", asset=asset)
            )
        target, formed = f"asset:{a.no}", int(a.row["cost"])
        what = tr("asset {asset}", asset=a.no)
    else:
        p = ctx.books.voucher(str(voucher))
        if ctx.books.reversal_of(p.number) is not None or p.voucher.kind == K.REVERSAL:
            raise NotAllowed(tr("voucher {number} is reversed", number=p.number))
        formed = sum(
            ln.amount for ln in p.voucher.lines if ln.amount > 0 and ln.account.startswith(FORMED)
        )
        target, what = f"voucher:{p.number}", tr("voucher {number}", number=p.number)
    key_ref = None if ref is None else clean_text(ref, "ref", max_len=100)
    key = f"subsidy-link:{target}:{key_ref or ctx.books.next_chain_seq()}"
    if key_ref is not None and key in ctx.books.find_by_keys([key]):
        return posting.post(ctx, [_capitalise_voucher(ctx, date, fen, key, leaf)])[0]
    done = linked(ctx, target)
    if fen > formed - done:
        raise NotAllowed(
            tr(
                "{what} cost {formed}, of which {done} is already capitalised",
                what=what,
                formed=format_fen(formed),
                done=format_fen(done),
            )
        )
    available = -ctx.books.balance(leaf, as_of=None)
    if fen > available:
        raise NotAllowed(
            tr(
                "{account} holds {available}; cannot capitalise {amount}",
                account=leaf,
                available=format_fen(available),
                amount=format_fen(fen),
            )
        )
    members = weights.members_on(ctx, date)
    if not members:
        raise NotAllowed(tr("there are no members on {date} to quantify the subsidy to", date=date))
    result = posting.post(ctx, [_capitalise_voucher(ctx, date, fen, key, leaf)])[0]
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


def _out_of_235(
    ctx: Context,
    date: dt.date,
    amount: str,
    memo: str,
    credit: str,
    kind: str,
    ref: str | None,
    project: str | None,
) -> tuple[Posted, bool]:
    """Dr 235 (or the project's leaf) / Cr ``credit``: a subsidy spent, offset against an
    earlier expense or refunded (235 三–五); never more than the leaf holds."""
    fen = parse_amount(amount)
    leaf = project_leaf(ctx, project)
    key = _key(kind, ref)
    if key is None or key not in ctx.books.find_by_keys([key]):
        available = -ctx.books.balance(leaf, as_of=date)
        if fen > available:
            raise NotAllowed(
                tr(
                    "{account} holds {available}; cannot take {amount} out of it",
                    account=leaf,
                    available=format_fen(available),
                    amount=format_fen(fen),
                )
            )
    v = Voucher(
        date,
        clean_text(memo, "memo", max_len=200),
        (Line(leaf, fen), Line(credit, -fen)),
        kind=kind,
        key=key,
        user=ctx.user,
    )
    return posting.post(ctx, [v])[0]


def spend(
    ctx: Context,
    date: dt.date,
    amount: str,
    memo: str,
    credit: str,
    ref: str | None,
    *,
    project: str | None = None,
) -> tuple[Posted, bool]:
    """Spent on 信息、培训、质量认证、市场营销、技术推广 (235 三): Dr 235 / Cr 102."""
    _money_leaf(ctx, credit)
    return _out_of_235(ctx, date, amount, memo, credit, K.SUBSIDY_SPEND, ref, project)


def offset(
    ctx: Context,
    date: dt.date,
    amount: str,
    account: str,
    memo: str,
    ref: str | None,
    *,
    project: str | None = None,
) -> tuple[Posted, bool]:
    """The expense came before the money (235 四): Dr 235 / Cr the expense leaf."""
    leaves = leaf_codes(ctx.books.accounts())
    if account not in leaves or not account.startswith(("521", "523")) or account == "52101":
        raise NotAllowed(
            tr("{account} is not a leaf under 521 (not 52101) or 523", account=account)
        )
    return _out_of_235(ctx, date, amount, memo, account, K.SUBSIDY_OFFSET, ref, project)


def refund(
    ctx: Context,
    date: dt.date,
    amount: str,
    credit: str,
    ref: str | None,
    *,
    project: str | None = None,
) -> tuple[Posted, bool]:
    """Unused money returned (235 五): Dr 235 / Cr 102."""
    _money_leaf(ctx, credit)
    memo = "退回财政补助资金"
    return _out_of_235(ctx, date, amount, memo, credit, K.SUBSIDY_REFUND, ref, project)


def _money_leaf(ctx: Context, code: str) -> None:
    if code not in leaf_codes(ctx.books.accounts()) or not code.startswith(("101", "102", "109")):
        raise NotAllowed(tr("--credit {account} is not a leaf of 101, 102 or 109", account=code))


def _capitalise_voucher(
    ctx: Context, date: dt.date, fen: int, key: str | None, leaf: str
) -> Voucher:
    return Voucher(
        date,
        "财政补助形成资产转入专项基金",
        (Line(leaf, fen), Line(Acct.SPECIAL_FUND, -fen)),
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
