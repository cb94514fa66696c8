"""Equity beyond land (operations.md §2, in part): cash contributions with a premium and a
source, contributions in kind of fixed and biological assets (and other long-term
assets), the source of each 301@M line, and donations received and quantified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coop import assets, capital_tags, crops, keys, members, posting, products, weights
from coop.errors import BadInput, NotAllowed
from coop.kinds import CAPITALISE_321, CAPITALISE_322, DONATION_ASSET, SUBSIDY_ASSET, Acct
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_text
from ledger.accounts import leaf_codes
from ledger.entries import Line, Posted, Voucher
from ledger.i18n import tr
from ledger.money import allocate, format_fen, parse_quantity

MONEY = ("101", "102", "109")
CAPITAL_RESERVE = "321"
DONATION = "donation"


def _key(kind: str, ref: str | None) -> str | None:
    return keys.with_ref(kind, None if ref is None else clean_text(ref, "ref", max_len=100))


def _tag(ctx: Context, posted: Posted, created: bool, source: str) -> None:
    """The source of each 301@M line of a voucher just posted (operations.md §2.3)."""
    if created:
        capital_tags.tag_posted(ctx, posted, source, always=True)


def contribute(
    ctx: Context,
    member_no: str,
    amount: int,
    date: dt.date,
    ref: str | None,
    *,
    capital: int | None = None,
    source: str = "other",
    debit: str = "102",
) -> tuple[Posted, bool]:
    """Cash capital: Dr the money account A / Cr 301@M C, Cr 321 A − C (the premium)."""
    capital_tags.check_source(source)
    c = amount if capital is None else capital
    if c > amount:
        raise NotAllowed(tr("a cash contribution cannot credit 股金 more than it brings"))
    if debit not in leaf_codes(ctx.books.accounts()) or not debit.startswith(MONEY):
        raise NotAllowed(tr("--debit {account} is not a leaf of 101, 102 or 109", account=debit))
    m = members.require(ctx, member_no)
    if date < dt.date.fromisoformat(m.joined_on):
        raise NotAllowed(
            tr(
                "member {member} joined on {joined}; cannot contribute on {date}",
                member=member_no,
                joined=m.joined_on,
                date=date,
            )
        )
    members.require_on(ctx, member_no, date)
    lines = [Line(debit, amount), Line(Acct.SHARE_CAPITAL, -c, member_no)]
    if amount > c:
        lines.append(Line(CAPITAL_RESERVE, c - amount))
    v = Voucher(
        date,
        f"{member_no} 现金入股",
        tuple(lines),
        kind=K.CONTRIBUTE,
        key=_key("contribute", ref),
        user=ctx.user,
    )
    posted, created = posting.post(ctx, [v])[0]
    _tag(ctx, posted, created, source)
    return posted, created


#: Accounts a member may contribute in kind through ``contribute-asset`` now (those of
#: stock and crops come with their registers, operations.md §5).
IN_KIND = ("121", "122", "141", "142", "151", "144", "161")


def contribute_asset(
    ctx: Context,
    member_no: str,
    date: dt.date,
    account: str,
    value: int,
    *,
    capital: int | None = None,
    source: str = "other",
    ref: str | None = None,
    name: str | None = None,
    asset: dict[str, object] | None = None,
    approved_on: dt.date | None = None,
    product: str | None = None,
    quantity: str | None = None,
    crop: str | None = None,
) -> tuple[Posted, bool]:
    """A contribution in kind (operations.md §2.2): Dr ACCOUNT V / Cr 301@M C, and the
    difference to 321 (a discount only while 321 can absorb it). A fixed or biological
    asset is registered with the member as its source; products go into stock (+Q at cost
    V, the product's stock leaf); a growing crop's 141 leaf takes V."""
    capital_tags.check_source(source)
    leaves = leaf_codes(ctx.books.accounts())
    if account not in leaves or not account.startswith(IN_KIND):
        raise NotAllowed(
            tr(
                "{account} is not a leaf under 121, 122, 141, 142, 144, 151 or 161",
                account=account,
            )
        )
    key = _key("contribute-asset", ref)
    stocked = account.startswith(("121", "122"))
    moved = 0
    if stocked:
        if product is None or quantity is None:
            raise BadInput(
                tr("a contribution of stock under 121 or 122 needs --product and --quantity"),
                field="product",
            )
        moved = parse_quantity(quantity)
        p = products.require(ctx, product)
        if p["account"] != account:
            raise NotAllowed(
                tr(
                    "{account} is not the stock account of product {product} ({stock})",
                    account=account,
                    product=product,
                    stock=p["account"],
                )
            )
        found = ctx.books.find_by_keys([key]).get(key) if key else None
        products.in_order(ctx, p, date, None if found is None else found.number)
        name = name or p["name"]
    if account.startswith("141"):
        if crop is None:
            raise BadInput(tr("a contribution under 141 needs --crop"), field="crop")
        grown = crops.require(ctx, crop)
        if grown["asset_account"] != account:
            raise NotAllowed(
                tr(
                    "{account} is not the 141 account of crop {crop} ({leaf})",
                    account=account,
                    crop=crop,
                    leaf=grown["asset_account"],
                )
            )
        name = name or grown["name"]
    registered = account.startswith(("142", "151"))
    if registered and asset is None:
        raise BadInput(
            tr("an asset under 142 or 151 needs --asset, --name, --life-months and --cost-centre"),
            field="asset",
        )
    if not registered and not name:
        raise BadInput(tr("--name is needed for a contribution under 144 or 161"), field="name")
    members.require_on(ctx, member_no, date)
    c = value if capital is None else capital
    lines = [Line(account, value), Line(Acct.SHARE_CAPITAL, -c, member_no)]
    if value != c:
        if c > value:
            reserve = -ctx.books.balance(CAPITAL_RESERVE, as_of=date)
            if c - value > reserve:
                raise NotAllowed(
                    tr(
                        "the capital {capital} exceeds the value {value} by more than 321 "
                        "holds ({reserve})",
                        capital=format_fen(c),
                        value=format_fen(value),
                        reserve=format_fen(reserve),
                    )
                )
        lines.append(Line(CAPITAL_RESERVE, c - value))
    label = name or str((asset or {}).get("name", ""))
    approved = f"（{approved_on.isoformat()} 成员大会通过）" if approved_on else ""
    v = Voucher(
        date,
        clean_text(f"{member_no} 以{label}作价入股{approved}", "memo", max_len=200),
        tuple(lines),
        kind=K.ASSET_CONTRIBUTE,
        key=key,
        user=ctx.user,
    )
    posted, created = posting.post(ctx, [v])[0]
    _tag(ctx, posted, created, source)
    if created and stocked:
        repo.add_stock(
            ctx,
            dict(
                product_no=product,
                date=date.isoformat(),
                action="contribute",
                quantity=moved,
                cost=value,
                voucher=posted.number,
            ),
        )
    if created and registered and asset is not None:
        assets.add(
            ctx,
            asset_no=str(asset["asset_no"]),
            name=str(asset["name"]),
            account=account,
            cost=value,
            in_service=asset.get("in_service") or date,  # type: ignore[arg-type]
            life_months=int(str(asset["life_months"])),
            cost_centre=str(asset["cost_centre"]),
            residual=int(str(asset.get("residual") or 0)),
            poverty=bool(asset.get("poverty")),
            from_voucher=posted.number,
            source=f"member:{member_no}",
        )
    return posted, created


def donation_receive(
    ctx: Context,
    date: dt.date,
    amount: int,
    donor: str,
    ref: str | None,
    debit: str = "102",
) -> tuple[Posted, bool]:
    """A cash donation (他人捐赠, operations.md §2.5): Dr the money account / Cr 311, split
    equally among the members of the day as donation shares."""
    who = clean_text(donor, "donor", max_len=100)
    leaves = leaf_codes(ctx.books.accounts())
    if debit not in leaves or not debit.startswith((*MONEY, "211")):
        raise NotAllowed(
            tr("--debit {account} is not a leaf of 101, 102, 109 or 211", account=debit)
        )
    key = _key("donation", ref)
    v = Voucher(
        date,
        clean_text(f"接受{who}捐赠", "memo", max_len=200),
        (Line(debit, amount), Line(Acct.SPECIAL_FUND, -amount)),
        kind=K.DONATION,
        key=key,
        user=ctx.user,
    )
    if key is not None and key in ctx.books.find_by_keys([key]):
        return posting.post(ctx, [v])[0]
    people = weights.members_on(ctx, date)
    if not people:
        raise NotAllowed(
            tr("there are no members on {date} to quantify the donation to", date=date)
        )
    posted, created = posting.post(ctx, [v])[0]
    quantify(ctx, date, amount, people)
    return posted, created


def quantify(ctx: Context, date: dt.date, amount: int, people: Sequence[str]) -> None:
    parts = allocate(amount, [1] * len(people), list(people))
    repo.add_memo(
        ctx,
        date,
        date.year,
        DONATION,
        [(m, DONATION, a) for m, a in zip(people, parts, strict=True)],
    )


@dataclass(frozen=True)
class Capitalised:
    posted: Posted
    created: bool
    parts: list[tuple[str, int]]


def capitalise(
    ctx: Context,
    source: str,
    amount: int,
    date: dt.date,
    basis: str | None,
    approved_on: dt.date | None,
    ref: str | None,
) -> Capitalised:
    """公积金 / 资本公积 转增股金 (operations.md §2.4): Dr 32201 or 321 / Cr 301@M by each
    member's weight on the day before (reserve share; capital or equal), largest
    remainder; from 32201 the reserve shares shrink by the same parts."""
    if source == "32202":
        raise NotAllowed(tr("公益金 (32202) is not quantified to members and is not converted"))
    if source not in ("321", "32201"):
        raise BadInput(tr("--from is 321 or 32201"), field="from")
    if source == "32201" and basis is not None:
        raise BadInput(
            tr("盈余公积 is converted by the shares it was quantified as: no --basis"),
            field="basis",
        )
    basis = basis or "capital"
    if basis not in ("capital", "equal"):
        raise BadInput(tr("--basis is capital or equal"), field="basis")
    key = _key("capitalise", ref)
    if key is not None and key in ctx.books.find_by_keys([key]):
        p = ctx.books.find_by_keys([key])[key]
        return Capitalised(p, False, [(ln.member or "", -ln.amount) for ln in p.voucher.lines[1:]])
    held = -ctx.books.balance(source, as_of=date)
    if amount > held:
        raise NotAllowed(
            tr(
                "{account} holds {balance}: {amount} cannot be converted",
                account=source,
                balance=format_fen(held),
                amount=format_fen(amount),
            )
        )
    people = weights.members_on(ctx, date)
    before = date - dt.timedelta(days=1)
    if source == "32201":
        shares = repo.memo_balances(ctx, "reserve", as_of=before)
        w = [max(0, shares.get(m, 0)) for m in people]
        if amount > sum(w):
            raise NotAllowed(
                tr(
                    "the members' reserve shares total {total}: {amount} cannot be converted",
                    total=format_fen(sum(w)),
                    amount=format_fen(amount),
                )
            )
    elif basis == "capital":
        capital = ctx.books.member_balances(Acct.SHARE_CAPITAL, before)
        w = [max(0, -capital.get(m, 0)) for m in people]
    else:
        w = [1] * len(people)
    if not any(w):
        raise NotAllowed(tr("every member's weight is zero on {date}", date=before.isoformat()))
    parts = [(m, a) for m, a in zip(people, allocate(amount, w, people), strict=True) if a]
    memo = "盈余公积转增股金" if source == "32201" else "资本公积转增股金"
    if approved_on is not None:
        memo += f"（{approved_on.isoformat()} 成员大会通过）"
    v = Voucher(
        date,
        memo,
        (Line(source, amount), *(Line(Acct.SHARE_CAPITAL, -a, m) for m, a in parts)),
        kind=CAPITALISE_322 if source == "32201" else CAPITALISE_321,
        key=key,
        user=ctx.user,
    )
    posted, created = posting.post(ctx, [v])[0]
    _tag(ctx, posted, created, "other")
    if created and source == "32201":
        repo.add_memo(ctx, date, date.year, "capitalise", [(m, "reserve", -a) for m, a in parts])
    return Capitalised(posted, created, parts)


def receive_in_kind(
    ctx: Context,
    fund: str,
    date: dt.date,
    giver: str,
    account: str,
    value: int,
    *,
    nominal_reason: str | None = None,
    costs: tuple[int, str] | None = None,
    name: str | None = None,
    asset: dict[str, object] | None = None,
    ref: str | None = None,
) -> tuple[Posted, bool]:
    """An asset given in kind (operations.md §2.5, §2.6): by a donor (``fund`` donation) or
    by the state (``fund`` subsidy). Dr ACCOUNT V + costs / Cr 311 V / Cr costs-from costs;
    at the nominal 1.00 when its value cannot be established (the costs then go to 529).
    What 311 receives is split equally among the members of the day."""
    leaves = leaf_codes(ctx.books.accounts())
    if account not in leaves or not account.startswith(IN_KIND):
        raise NotAllowed(
            tr(
                "{account} is not a leaf under 142, 151, 144 or 161 (stock and crops are "
                "contributed with their registers)",
                account=account,
            )
        )
    registered = account.startswith(("142", "151"))
    if registered and asset is None:
        raise BadInput(
            tr("an asset under 142 or 151 needs --asset, --name, --life-months and --cost-centre"),
            field="asset",
        )
    if not registered and not name:
        raise BadInput(tr("--name is needed for a contribution under 144 or 161"), field="name")
    who = clean_text(giver, "donor", max_len=100)
    credited = 100 if nominal_reason is not None else value
    cost_amount, cost_from = costs or (0, "")
    if cost_amount and (cost_from not in leaves or not cost_from.startswith((*MONEY, "211"))):
        raise NotAllowed(
            tr("--costs-from {account} is not a leaf of 101, 102, 109 or 211", account=cost_from)
        )
    people = weights.members_on(ctx, date)
    if not people:
        raise NotAllowed(
            tr("there are no members on {date} to quantify the donation to", date=date)
        )
    lines = [Line(account, credited), Line(Acct.SPECIAL_FUND, -credited)]
    if cost_amount:
        debit = "529" if nominal_reason is not None else account
        lines += [Line(debit, cost_amount), Line(cost_from, -cost_amount)]
    label = name or str((asset or {}).get("name", ""))
    donation = fund == DONATION
    memo = f"接受{who}捐赠{label}" if donation else f"收到财政补助资产{label}（{who}）"
    v = Voucher(
        date,
        clean_text(memo, "memo", max_len=200),
        tuple(lines),
        kind=DONATION_ASSET if donation else SUBSIDY_ASSET,
        key=_key("donation-asset" if donation else "subsidy-asset", ref),
        user=ctx.user,
    )
    posted, created = posting.post(ctx, [v])[0]
    if not created:
        return posted, created
    if registered and asset is not None:
        assets.add(
            ctx,
            asset_no=str(asset["asset_no"]),
            name=str(asset["name"]),
            account=account,
            cost=credited + (0 if nominal_reason is not None else cost_amount),
            in_service=asset.get("in_service") or date,  # type: ignore[arg-type]
            life_months=int(str(asset["life_months"])),
            cost_centre=str(asset["cost_centre"]),
            residual=0 if nominal_reason is not None else int(str(asset.get("residual") or 0)),
            poverty=bool(asset.get("poverty")),
            nominal_reason=nominal_reason,
            from_voucher=posted.number,
            source="donation" if donation else "subsidy",
        )
    parts = allocate(credited, [1] * len(people), list(people))
    share = DONATION if donation else "subsidy"
    repo.add_memo(
        ctx, date, date.year, share, [(m, share, a) for m, a in zip(people, parts, strict=True)]
    )
    return posted, created
