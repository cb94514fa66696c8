"""Crops (operations.md §5.1, O1 art. 22(二)): a crop's costs gather on its 401 leaf (its
cost centre), move to its 141 leaf while it grows (``settle``, 141 四), and leave 141 when
it is harvested into its product's stock (141 五), sold standing (141 六) or lost (141 八).

A crop spanning two years keeps its cost in 141 at the first year end (01表 line 4) and
reaches 02表 line 3 only in the year its product, or the crop, is sold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coop import base_pay, csvio, land, posting, products
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import clean_code, clean_memo, clean_text
from ledger.checks import Problem
from ledger.entries import Line, Posted, Voucher
from ledger.errors import Conflict, InvalidInput, NotFound
from ledger.i18n import tr
from ledger.money import format_area, format_fen, parse_amount, parse_area, parse_quantity

STATUSES = ("growing", "harvested", "sold", "lost")
#: An event that ends a crop, and the status it leaves.
ENDS = {"harvest": "harvested", "sale": "sold", "loss": "lost"}


def register(ctx: Context) -> dict[str, dict[str, Any]]:
    return repo.crop_rows(ctx)


def require(ctx: Context, crop_no: str) -> dict[str, Any]:
    c = register(ctx).get(crop_no)
    if c is None:
        raise NotFound(tr("crop {crop!r} does not exist", crop=crop_no))
    return c


def status(ctx: Context, as_of: dt.date | None = None) -> dict[str, str]:
    """Each crop's status (on ``as_of``): growing until a final event of a voucher that
    stands."""
    void = ctx.books.reversed_numbers()
    out = {no: "growing" for no in register(ctx)}
    for e in repo.crop_event_rows(ctx):
        if e["final"] and e["voucher"] not in void:
            if as_of is None or e["date"] <= as_of.isoformat():
                out[e["crop_no"]] = ENDS[e["kind"]]
    return out


def add(
    ctx: Context,
    crop_no: str,
    name: str,
    started: dt.date,
    *,
    cost_account: str | None = None,
    asset_account: str | None = None,
    product_no: str | None = None,
    area: str | None = None,
    poverty: bool = False,
) -> tuple[dict[str, Any], bool]:
    """Register a crop; its 401 and 141 leaves are created when not given, named
    ``<name>(<year started>)``. The same again is nothing to do; other content exit 1."""
    no = clean_code(crop_no, "crop_no")
    label = clean_text(name, "name", max_len=60)
    units = None if area is None else parse_area(area, what="area")
    old = register(ctx).get(no)
    given = dict(
        name=label,
        started=started.isoformat(),
        cost_account=cost_account,
        asset_account=asset_account,
        product_no=product_no,
        area=units,
        poverty=int(poverty),
    )
    if old is not None:
        for f, v in given.items():
            if v is not None and old[f] != v:
                raise Conflict(
                    tr(
                        "crop {crop} exists with another {field} ({old}); a crop is not changed",
                        crop=no,
                        field=f,
                        old=old[f],
                    )
                )
        return old, False
    if product_no is not None:
        products.require(ctx, product_no)
    taken = {c["cost_account"] for c in register(ctx).values()} | {
        c["asset_account"] for c in register(ctx).values()
    }
    for given_acct, parent, option in (
        (cost_account, "401", "--cost-account"),
        (asset_account, "141", "--asset-account"),
    ):
        if given_acct is not None:
            products.leaf_under(ctx, given_acct, (parent,), option)
            if given_acct in taken:
                raise NotAllowed(
                    tr("{account} is already another crop's account", account=given_acct)
                )
    full = f"{label}({started.year})"
    row = dict(
        crop_no=no,
        name=label,
        started=started.isoformat(),
        cost_account=cost_account or products.new_leaf(ctx, "401", full, "--cost-account"),
        asset_account=asset_account or products.new_leaf(ctx, "141", full, "--asset-account"),
        product_no=product_no,
        area=units,
        poverty=int(poverty),
    )
    repo.add_crop(ctx, row)
    ctx.books.audit("crop", [f"crop {no} {label} added"])
    return row, True


def _growing(ctx: Context, crop_no: str, date: dt.date) -> dict[str, Any]:
    c = require(ctx, crop_no)
    if status(ctx)[crop_no] != "growing":
        raise NotAllowed(tr("crop {crop} is not growing", crop=crop_no))
    if c["started"] > date.isoformat():
        raise NotAllowed(
            tr("crop {crop} was started on {started}", crop=crop_no, started=c["started"])
        )
    return c


def _in_order(ctx: Context, c: dict[str, Any], date: dt.date) -> None:
    """A crop's movements are posted in date order (as a product's): a settle, harvest,
    sale or loss dated before a later one on its 141 leaf would move its 401 cost twice."""
    dates = [
        str(d)
        for (d,) in views.line_rows(ctx, ("date",), views.Lines(accounts=(c["asset_account"],)))
    ]
    if dates and max(dates) > date.isoformat():
        raise NotAllowed(
            tr(
                "crop {crop} has a movement on {last}: post the movements of {crop} in date order",
                crop=c["crop_no"],
                last=max(dates),
            )
        )


def _settle_lines(ctx: Context, c: dict[str, Any], date: dt.date) -> list[Line]:
    """Dr 141 / Cr 401 for the crop's 401 balance on ``date`` (a credit balance the other
    way); refused when the crop has a later movement."""
    _in_order(ctx, c, date)
    cost = ctx.books.balance(c["cost_account"], as_of=date)
    if not cost:
        return []
    return [Line(c["asset_account"], cost), Line(c["cost_account"], -cost)]


def _post(ctx: Context, v: Voucher, events: list[tuple[str, str, bool]]) -> tuple[Posted, bool]:
    ((posted, created),) = posting.post(ctx, [v])
    if created:
        for crop_no, kind, final in events:
            repo.add_crop_event(
                ctx,
                dict(
                    crop_no=crop_no,
                    date=v.date.isoformat(),
                    kind=kind,
                    final=int(final),
                    voucher=posted.number,
                ),
            )
    return posted, created


def settle(
    ctx: Context, date: dt.date, crop_no: str | None = None
) -> tuple[Posted | None, list[tuple[str, int]]]:
    """One voucher: for each growing crop (or ``crop_no``) with a non-zero 401 leaf on
    ``date``, Dr 141 / Cr 401 for that balance. Nothing to settle writes nothing."""
    if crop_no is not None:
        chosen = [_growing(ctx, crop_no, date)]
    else:
        states = status(ctx)
        chosen = [
            c
            for no, c in register(ctx).items()
            if states[no] == "growing" and c["started"] <= date.isoformat()
        ]
    lines: list[Line] = []
    settled: list[tuple[str, int]] = []
    for c in chosen:
        pair = _settle_lines(ctx, c, date)
        if pair:
            lines += pair
            settled.append((c["crop_no"], pair[0].amount))
    if not lines:
        return None, []
    v = Voucher(
        date,
        clean_memo(f"结转{date.year}年生产成本至消耗性生物资产"),
        tuple(lines),
        kind=K.CROP_SETTLE,
        user=ctx.user,
    )
    posted, _ = _post(ctx, v, [])
    return posted, settled


def harvest(
    ctx: Context, crop_no: str, date: dt.date, quantity: str, cost: str | None, partial: bool
) -> tuple[Posted | None, int, int]:
    """The settle pair, then Dr the product's stock / Cr 141 for the whole 141 balance
    (final) or ``cost`` of it (``partial``); the stock takes the quantity at that cost."""
    q = parse_quantity(quantity)
    c = _growing(ctx, crop_no, date)
    if c["product_no"] is None:
        raise NotAllowed(
            tr(
                "crop {crop} has no product: add the crop with --product to harvest it",
                crop=crop_no,
            )
        )
    if partial and cost is None:
        raise BadInput(
            tr("--partial needs --cost, the part of the crop's cost harvested"), field="cost"
        )
    p = products.require(ctx, c["product_no"])
    pair = _settle_lines(ctx, c, date)
    held = ctx.books.balance(c["asset_account"], as_of=date) + (pair[0].amount if pair else 0)
    x = held
    if partial:
        assert cost is not None
        x = parse_amount(cost)
        if x > held:
            raise NotAllowed(
                tr(
                    "--cost {cost} is more than the {held} the crop holds",
                    cost=format_fen(x),
                    held=format_fen(held),
                )
            )
    products.in_order(ctx, p, date, None)
    lines = [ln for ln in (*pair, Line(p["account"], x), Line(c["asset_account"], -x)) if ln.amount]
    if not lines:  # nothing left to cost: the quantity comes in at 0.00, no voucher
        repo.add_crop_event(
            ctx,
            dict(
                crop_no=crop_no,
                date=date.isoformat(),
                kind="harvest",
                final=int(not partial),
                voucher="",
            ),
        )
        products.record_free(ctx, p["product_no"], date, "harvest", q)
        return None, q, 0
    v = Voucher(
        date,
        clean_memo(f"{c['name']}收获入库"),
        tuple(lines),
        kind=K.CROP_HARVEST,
        user=ctx.user,
    )
    posted, _ = _post(ctx, v, [(crop_no, "harvest", not partial)])
    repo.add_stock(
        ctx,
        dict(
            product_no=p["product_no"],
            date=date.isoformat(),
            action="harvest",
            quantity=q,
            cost=x,
            voucher=posted.number,
        ),
    )
    return posted, q, x


def sell(
    ctx: Context,
    crop_no: str,
    date: dt.date,
    amount: str,
    *,
    buyer: str | None = None,
    member: str | None = None,
    non_member: str | None = None,
    debit: str | None = None,
    income_account: str | None = None,
    expense_account: str | None = None,
) -> tuple[Posted, int]:
    """A standing crop sold (141 六): the settle pair; Dr the money side / Cr income; Dr
    expense / Cr 141 for its whole balance. A member or non-member buyer makes a trade
    record of kind ``purchase``."""
    fen = parse_amount(amount)
    c = _growing(ctx, crop_no, date)
    p = products.require(ctx, c["product_no"]) if c["product_no"] else None
    who, other = products.party(ctx, date, member, non_member)
    if (who or other) and p is None:
        raise NotAllowed(
            tr(
                "crop {crop} has no product: a trade with a member or non-member is kept by "
                "product",
                crop=crop_no,
            )
        )
    income = income_account or (p["income_account"] if p else None)
    expense = expense_account or (p["expense_account"] if p else None)
    if income is None or expense is None:
        raise NotAllowed(
            tr(
                "crop {crop} has no product: give --income-account and --expense-account",
                crop=crop_no,
            )
        )
    products.leaf_under(ctx, income, products.INCOME_PARENTS, "--income-account")
    products.leaf_under(ctx, expense, products.EXPENSE_PARENTS, "--expense-account")
    acct, acct_member = products.money_leg(ctx, debit, who, products.SELL_DEBITS, "--debit")
    pair = _settle_lines(ctx, c, date)
    held = ctx.books.balance(c["asset_account"], as_of=date) + (pair[0].amount if pair else 0)
    lines = [
        *pair,
        Line(acct, fen, acct_member),
        Line(income, -fen),
        Line(expense, held),
        Line(c["asset_account"], -held),
    ]
    to = who or other or (clean_text(buyer, "buyer", max_len=60) if buyer is not None else "")
    v = Voucher(
        date,
        clean_memo(f"出售{c['name']}" + (f"（{to}）" if to else "")),
        tuple(ln for ln in lines if ln.amount),
        kind=K.CROP_SALE,
        user=ctx.user,
    )
    posted, _ = _post(ctx, v, [(crop_no, "sale", True)])
    if p is not None and (who or other):
        repo.add_trades(
            ctx,
            [
                dict(
                    date=date.isoformat(),
                    member_no=who,
                    counterparty=other,
                    product_no=p["product_no"],
                    kind="purchase",
                    quantity=None,
                    amount=fen,
                    voucher=posted.number,
                    ref=None,
                )
            ],
        )
    return posted, held


def loss(ctx: Context, crop_no: str, date: dt.date, amount: str) -> tuple[Posted, bool]:
    """The settle pair, then Dr 181 / Cr 141 (141 八); the crop is lost when the loss is
    its whole cost, else it grows on with the rest."""
    fen = parse_amount(amount)
    c = _growing(ctx, crop_no, date)
    pair = _settle_lines(ctx, c, date)
    held = ctx.books.balance(c["asset_account"], as_of=date) + (pair[0].amount if pair else 0)
    if fen > held:
        raise NotAllowed(
            tr(
                "the loss {amount} is more than the {held} the crop holds",
                amount=format_fen(fen),
                held=format_fen(held),
            )
        )
    lines = [*pair, Line(Acct.LOSS_PENDING, fen), Line(c["asset_account"], -fen)]
    v = Voucher(
        date,
        clean_memo(f"{c['name']}损失转入待处理"),
        tuple(lines),
        kind=K.CROP_LOSS,
        user=ctx.user,
    )
    final = fen == held
    posted, _ = _post(ctx, v, [(crop_no, "loss", final)])
    return posted, final


def listed(ctx: Context, as_of: dt.date | None) -> list[dict[str, Any]]:
    states = status(ctx, as_of)
    out = []
    for no, c in register(ctx).items():
        out.append(
            dict(
                crop_no=no,
                name=c["name"],
                started=c["started"],
                status=states[no],
                cost_account=c["cost_account"],
                asset_account=c["asset_account"],
                product_no=c["product_no"],
                area_mu=None if c["area"] is None else format_area(c["area"]),
                in_production_cost=format_fen(ctx.books.balance(c["cost_account"], as_of=as_of)),
                in_biological_assets=format_fen(ctx.books.balance(c["asset_account"], as_of=as_of)),
            )
        )
    return out


def problems(ctx: Context) -> list[Problem]:
    """``check --strict`` ``crop`` (operations.md §5.1): a crop whose 401 leaf is not zero
    at a closed year's end: a growing crop's costs not settled into 141, or costs posted to
    a crop already harvested, sold or lost (they would stay there for ever)."""
    out = []
    for year in ctx.books.closed_years():
        end = dt.date(year, 12, 31)
        states = status(ctx, end)
        for no, c in register(ctx).items():
            if c["started"] > end.isoformat():
                continue
            left = ctx.books.balance(c["cost_account"], as_of=end)
            if left and states[no] == "growing":
                out.append(
                    Problem(
                        "crop",
                        tr(
                            "crop {crop} is growing at the end of closed year {year} with "
                            "{amount} on {account}: run coop crop settle before the close",
                            crop=no,
                            year=year,
                            amount=format_fen(left),
                            account=c["cost_account"],
                        ),
                    )
                )
            elif left:  # a cost posted to a crop already harvested, sold or lost
                out.append(
                    Problem(
                        "crop",
                        tr(
                            "crop {crop} is {status} but {account} holds {amount} at the end of "
                            "closed year {year}: charge it where it belongs with an ordinary "
                            "voucher",
                            crop=no,
                            status=states[no],
                            year=year,
                            amount=format_fen(left),
                            account=c["cost_account"],
                        ),
                    )
                )
    return out


# ----- the crop of each parcel (operations.md §5.4) ----------------------------------------


def assign(ctx: Context, year: int, pairs: list[tuple[str, str]]) -> tuple[int, int]:
    """Record the crop each parcel grows in ``year`` (one ``land_assign`` link); returns
    (assigned, already so). Refused: a closed year, an unknown parcel or crop, and a
    parcel whose base for the year was already capitalised on another crop."""
    if ctx.books.is_closed(year):
        raise NotAllowed(tr("year {year} is closed", year=year))
    parcels = land.parcels(ctx)
    register_ = register(ctx)
    now = repo.land_assign_rows(ctx, year)
    used = {
        r.parcel_no
        for r in views.base_rows(ctx, year)
        if r.debit_account is not None and r.voucher not in ctx.books.reversed_numbers()
    }
    # the land's amortisation of the year went to the crop assigned then (O§6.1), and so
    # did a recognized prepayment of its base (O§5.4)
    used |= {r["parcel_no"] for r in repo.land_amort_rows(ctx) if r["date"][:4] == str(year)}
    used |= set(base_pay.recognized_debits(ctx, year))
    new, same = [], 0
    seen: dict[str, str] = {}
    for parcel, crop in pairs:
        if parcel not in parcels:
            raise NotFound(tr("parcel {parcel!r} does not exist", parcel=parcel))
        if crop not in register_:
            raise NotFound(tr("crop {crop!r} does not exist", crop=crop))
        if seen.get(parcel, crop) != crop:
            raise BadInput(
                tr("parcel {parcel} is given two crops for {year}", parcel=parcel, year=year)
            )
        seen[parcel] = crop
        old = now.get((year, parcel))
        if old == crop:
            same += 1
            continue
        if old is not None and parcel in used:
            raise NotAllowed(
                tr(
                    "the base or the land amortisation of {year} for parcel {parcel} is "
                    "already a cost of crop {crop}; it is not reassigned",
                    year=year,
                    parcel=parcel,
                    crop=old,
                )
            )
        new.append(dict(parcel_no=parcel, crop_no=crop))
    if new:
        repo.add_land_assign(ctx, year, new)
        ctx.books.audit("land", [f"{len(new)} parcels assigned crops for {year}"])
    return len(new), same


def assign_file(ctx: Context, year: int, path: str) -> tuple[int, int]:
    """``land assign --file``: columns parcel_no, crop_no."""
    table = csvio.read_table(path, ("parcel_no", "crop_no"))
    pairs = []
    for lineno, c in table.rows:
        try:
            pairs.append(
                (
                    clean_code(c["parcel_no"], table.label("parcel_no")),
                    clean_code(c["crop_no"], table.label("crop_no")),
                )
            )
        except InvalidInput as exc:
            raise csvio.bad_cell(f"{path}:{lineno}: ", exc.field or "parcel_no", exc) from None
    if not pairs:
        raise BadInput(tr("{path}: no rows to import", path=path))
    return assign(ctx, year, pairs)


def assigned(ctx: Context, year: int) -> list[dict[str, Any]]:
    return [
        dict(parcel_no=p, crop_no=c)
        for (_y, p), c in sorted(repo.land_assign_rows(ctx, year).items())
    ]
