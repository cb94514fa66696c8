"""Fixed and productive biological assets (operations.md §3): the register (固定资产登记簿 and
卡片, 151 八), acquisition, monthly depreciation by the straight-line method (年限平均法,
art. 26), disposal through 154 (or 181, 321, 502/529).

The schedule is exact: for the k-th of M months, ``cum(k) = round(B × k / M)`` half-up to
the fen and the month's amount is ``cum(k) − cum(k − 1)``, so the months add up to B.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from coop import keys, members, posting, products
from coop.errors import BadInput, NotAllowed
from coop.kinds import VoucherKind as K
from coop.store import repo, views
from coop.store.uow import Context
from coop.text import clean_code, clean_memo, clean_text
from ledger.accounts import leaf_codes
from ledger.entries import Line, Posted, Voucher
from ledger.errors import Conflict, NotFound
from ledger.i18n import tr
from ledger.money import Rounding, format_fen, round_fraction

#: category → (the asset's account, its contra account)
CATEGORIES = {"fixed": ("151", "152"), "bio": ("142", "143")}
#: Where depreciation is charged (152 二, 143 二): leaves under these, 52101 excepted.
COST_CENTRES = ("401", "141", "153", "521", "523", "529")
PAY_FROM = ("101", "102", "109", "211")
REASONS = ("sale", "scrap", "damage", "donate", "invest", "loss")


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, n: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def month_end(month: str) -> dt.date:
    y, m = int(month[:4]), int(month[5:7])
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_month(text: str) -> str:
    """``YYYY-MM`` (exit 2 otherwise)."""
    ok = len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()
    if not ok or not 1 <= int(text[5:]) <= 12 or not 1900 <= int(text[:4]) <= 2999:
        raise BadInput(tr("month {text!r} is not valid: use YYYY-MM", text=text), field="month")
    return text


@dataclass(frozen=True)
class Asset:
    row: dict[str, Any]
    rows: list[dict[str, Any]]  # its depreciation rows, by month
    disposed_on: dt.date | None
    #: `asset revise` events, in chain order: {"from_month", "life_months", "residual",
    #: "cost_centre"} (each a new value or None)
    revisions: tuple[dict[str, Any], ...] = ()

    @property
    def no(self) -> str:
        return str(self.row["asset_no"])

    @property
    def accumulated(self) -> int:
        return int(self.row["accumulated"]) + sum(int(r["amount"]) for r in self.rows)

    @property
    def first_month(self) -> str:
        if self.row["mode"] == "opening":
            return str(self.row["first_month"])
        return add_months(month_of(dt.date.fromisoformat(self.row["in_service"])), 1)

    def schedule(self) -> dict[str, int]:
        """month → amount over the asset's life (nothing for a nominal asset), segment by
        segment (operations.md §3.3): a segment from month f with base B and M months
        gives cum(k) = round(B × k / M); an `asset revise` from month r ends the segment
        before r and starts one at r with B = cost − residual − what was depreciated
        before r, and M = life − the months depreciated before r."""
        if self.row["nominal"]:
            return {}
        out: dict[str, int] = {}
        for start, base, months, upto in self.segments():
            out |= _segment(start, base, months, upto)
        return out

    def segments(self) -> list[tuple[str, int, int, int]]:
        """(first month, base B, months M, months used of it) of each schedule segment."""
        cost, residual = int(self.row["cost"]), int(self.row["residual"])
        life = int(self.row["life_months"])
        acc, used = int(self.row["accumulated"]), int(self.row["months_used"])
        start = self.first_month
        out = []
        for rev in self.revisions:
            base, months = cost - residual - acc, life - used
            k0 = min(max(months_between(start, rev["from_month"]), 0), max(months, 0))
            out.append((start, base, months, k0))
            acc += sum(_segment(start, base, months, k0).values())
            used += k0
            start = rev["from_month"]
            life = rev["life_months"] or life
            residual = residual if rev["residual"] is None else int(rev["residual"])
        base, months = cost - residual - acc, life - used
        return [*out, (start, base, months, max(months, 0))]

    def cost_centre(self, month: str) -> str:
        """The cost centre depreciation of ``month`` is charged to (`asset revise` may
        change it from a month on)."""
        centre = str(self.row["cost_centre"])
        for rev in self.revisions:
            if rev["cost_centre"] and rev["from_month"] <= month:
                centre = str(rev["cost_centre"])
        return centre

    def due(self, month: str) -> int:
        """What is due for ``month`` (0 when nothing): within the schedule and not disposed
        before the month (the disposal month is still depreciated)."""
        if self.disposed_on is not None and month > month_of(self.disposed_on):
            return 0
        return self.schedule().get(month, 0)


def months_between(first: str, later: str) -> int:
    """How many months from ``first`` up to (not including) ``later`` (YYYY-MM)."""
    y0, m0 = map(int, first.split("-"))
    y1, m1 = map(int, later.split("-"))
    return (y1 - y0) * 12 + (m1 - m0)


def _segment(start: str, base: int, months: int, upto: int) -> dict[str, int]:
    """The first ``upto`` months of a segment of ``months`` months from ``start`` with base
    ``base``: month k's amount is cum(k) − cum(k − 1), cum(k) = round(base × k / months)."""
    out: dict[str, int] = {}
    before = 0
    for k in range(1, upto + 1):
        cum = round_fraction(Fraction(base * k, months), Rounding.HALF_UP)
        out[add_months(start, k - 1)] = cum - before
        before = cum
    return out


def register(ctx: Context) -> dict[str, Asset]:
    rows = repo.asset_rows(ctx)
    depr: dict[str, list[dict[str, Any]]] = {}
    for r in repo.depr_rows(ctx):
        depr.setdefault(r["asset_no"], []).append(r)
    disposed: dict[str, dt.date] = {}
    revised: dict[str, list[dict[str, Any]]] = {}
    for e in repo.asset_event_rows(ctx):
        if e["kind"] == "dispose":
            disposed[e["asset_no"]] = dt.date.fromisoformat(e["date"])
        elif e["kind"] == REVISE:
            revised.setdefault(e["asset_no"], []).append(json.loads(e["detail"]))
    first = dt.date(max(repo.charter(ctx, 9999).first_year, 1900), 1, 1)
    reversed_ = ctx.books.reversed_numbers()
    out = {}
    for no, r in sorted(rows.items()):
        if r["mode"] in ("pay", "construction") and r["voucher"] in reversed_:
            continue  # its purchase was reversed: the card is void (operations.md §1.1)
        r = dict(r, first_month=month_of(first))
        out[no] = Asset(r, depr.get(no, []), disposed.get(no), tuple(revised.get(no, [])))
    return out


def months_run(ctx: Context) -> set[str]:
    """The months `asset depreciate` has run (its vouchers' keys ``depr:YYYY-MM``; a
    disposal's own month row is not a run)."""
    return {k.removeprefix("depr:") for k in views.keys_like(ctx, "depr:")}


def _within(
    ctx: Context,
    leaf: str,
    cost: int,
    day: dt.date,
    registered: Sequence[tuple[dt.date, dt.date | None, int]],
) -> None:
    """``cost`` is no more than what ``leaf`` holds beyond the assets registered on it
    (``registered``: in service, disposed of, cost), on ``day`` and on every later day the
    leaf or the register moves (`--from-construction` on 153, `--ledger` on 142)."""
    days = {day}
    days |= {
        dt.date.fromisoformat(str(d))
        for (d,) in views.line_rows(ctx, ("date",), views.Lines(accounts=(leaf,), date_from=day))
    }
    days |= {d for s, e, _c in registered for d in (s, e) if d is not None and d >= day}
    held = min(
        ctx.books.balance(leaf, as_of=d)
        - sum(c for s, e, c in registered if s <= d and (e is None or e > d))
        for d in days
    )
    if cost > held:
        taken_shown = ctx.books.balance(leaf, as_of=day) - held
        raise NotAllowed(
            tr(
                "{account} holds {balance} on {date}, of which {taken} is registered "
                "already: {cost} is more than the rest",
                account=leaf,
                balance=format_fen(ctx.books.balance(leaf, as_of=day)),
                date=day.isoformat(),
                taken=format_fen(taken_shown),
                cost=format_fen(cost),
            )
        )


def require(ctx: Context, asset_no: str) -> Asset:
    a = register(ctx).get(asset_no)
    if a is None:
        raise NotFound(tr("asset {asset!r} does not exist", asset=asset_no))
    return a


def _leaf_under(ctx: Context, code: str, parents: Sequence[str], what: str) -> str:
    leaves = leaf_codes(ctx.books.accounts())
    if code not in leaves or not code.startswith(tuple(parents)) or code.startswith("52101"):
        raise NotAllowed(
            tr(
                "{what} {account} is not a leaf account under {parents}",
                what=what,
                account=code,
                parents=", ".join(parents),
            )
        )
    return code


def add(
    ctx: Context,
    *,
    asset_no: str,
    name: str,
    account: str,
    cost: int,
    in_service: dt.date,
    life_months: int,
    cost_centre: str,
    residual: int = 0,
    contra: str | None = None,
    poverty: bool = False,
    quantity: str | None = None,
    unit: str | None = None,
    nominal_reason: str | None = None,
    pay_from: str | None = None,
    from_voucher: str | None = None,
    opening: tuple[int, int] | None = None,
    construction: str | None = None,
    ledger: bool = False,
    ref: str | None = None,
    source: str | None = None,
) -> tuple[str, Posted | None]:
    """Register an asset (one ``asset`` link) and, with ``pay_from``, post its purchase;
    with ``construction`` (a leaf under 153), its transfer from construction in progress
    (151 二(二)); with ``ledger``, a biological asset whose cost grew on its 142 leaf."""
    no = clean_code(asset_no, "asset_no")
    modes = [m for m in (pay_from, from_voucher, opening, construction) if m is not None]
    if len(modes) + ledger != 1:
        raise BadInput(
            tr(
                "give one of --pay-from, --from-construction, --from-voucher, --opening or --ledger"
            ),
            field="pay_from",
        )
    if not 1 <= life_months <= 1200:
        raise BadInput(tr("--life-months is a whole number from 1 to 1200"), field="life_months")
    if cost <= 0 or not 0 <= residual < cost:
        raise BadInput(
            tr("the residual value is below the cost, and not negative"), field="residual"
        )
    known = repo.asset_rows(ctx)
    category = "bio" if account.startswith("142") else "fixed"
    parent, contra_parent = CATEGORIES[category]
    _leaf_under(ctx, account, (parent,), tr("account"))
    leaves = leaf_codes(ctx.books.accounts())
    contra = contra or contra_parent
    if contra not in leaves or not contra.startswith(contra_parent):
        raise NotAllowed(
            tr(
                "the contra account {account} is not a leaf under {parent}",
                account=contra,
                parent=contra_parent,
            )
        )
    _leaf_under(ctx, cost_centre, COST_CENTRES, tr("cost centre"))
    accumulated, months_used = opening or (0, 0)
    if opening is not None and not (
        0 <= months_used < life_months and accumulated < cost - residual
    ):
        raise BadInput(
            tr(
                "--months-used is below --life-months and --accumulated below the cost "
                "less the residual"
            ),
            field="months_used",
        )
    row: dict[str, Any] = dict(
        asset_no=no,
        name=clean_text(name, "name", max_len=100),
        category=category,
        account=account,
        contra=contra,
        cost=cost,
        residual=residual,
        in_service=in_service.isoformat(),
        life_months=life_months,
        cost_centre=cost_centre,
        poverty=int(poverty),
        source=source
        or (
            "opening"
            if opening is not None
            else "purchase"
            if pay_from
            else "construction"
            if construction
            else "ledger"
        ),
        nominal=int(nominal_reason is not None),
        nominal_reason=nominal_reason,
        quantity=quantity,
        unit=unit,
        mode="opening"
        if opening is not None
        else "pay"
        if pay_from
        else "construction"
        if construction
        else "ledger"
        if ledger
        else "voucher",
        voucher=None,
        accumulated=accumulated,
        months_used=months_used,
        ref=None if ref is None else clean_text(ref, "ref", max_len=100),
    )
    if no in known:
        old = {k: known[no][k] for k in row if k != "voucher"}
        new = {k: row[k] for k in row if k != "voucher"}
        if old == new and ref is not None and known[no]["ref"] == ref:
            return no, None  # the same command again
        raise Conflict(tr("asset number {asset} is taken", asset=no))
    if opening is not None:
        first_day = dt.date(repo.charter(ctx, 9999).first_year, 1, 1)
        if in_service >= first_day:
            raise NotAllowed(
                tr(
                    "an asset in the opening balances came into use before {date}",
                    date=first_day.isoformat(),
                )
            )
    elif ctx.books.is_closed(in_service.year):
        raise NotAllowed(tr("{year} is closed", year=in_service.year))
    asset = Asset(
        dict(row, first_month=month_of(dt.date(repo.charter(ctx, 9999).first_year, 1, 1))), [], None
    )
    if asset.first_month in months_run(ctx):
        raise NotAllowed(
            tr(
                "the depreciation of {month}, this asset's first month, is already run",
                month=asset.first_month,
            )
        )
    posted = None
    if pay_from is not None:
        target, _, member = pay_from.partition("@")
        if member:
            if target != "114":
                raise NotAllowed(tr("--pay-from names a member only on 114"))
            members.require(ctx, member)
        elif target not in leaves or not target.startswith(PAY_FROM):
            raise NotAllowed(
                tr(
                    "--pay-from {account} is not a leaf of 101, 102, 109 or 211, nor 114@MEMBER",
                    account=pay_from,
                )
            )
        v = Voucher(
            date=in_service,
            memo=clean_memo(f"购入{row['name']}（{no}）"),
            lines=(Line(account, cost), Line(target, -cost, member or None)),
            kind=K.ASSET_ACQUIRE,
            key=keys.with_ref("asset", row["ref"]) or f"asset:{no}",
            user=ctx.user,
        )
        ((posted, _),) = posting.post(ctx, [v])
        row["voucher"] = posted.number
    elif construction is not None:
        _leaf_under(ctx, construction, ("153",), tr("construction account"))
        _within(ctx, construction, cost, in_service, ())  # transfers credit 153
        v = Voucher(
            date=in_service,
            memo=clean_memo(f"在建工程完工转入{row['name']}（{no}）"),
            lines=(Line(account, cost), Line(construction, -cost)),
            kind=K.ASSET_ACQUIRE,
            key=keys.with_ref("asset", row["ref"]) or f"asset:{no}",
            user=ctx.user,
        )
        ((posted, _),) = posting.post(ctx, [v])
        row["voucher"] = posted.number
    elif ledger:
        if category != "bio":
            raise NotAllowed(tr("--ledger is for a biological asset, under 142"))
        on_leaf = [
            (dt.date.fromisoformat(a.row["in_service"]), a.disposed_on, int(a.row["cost"]))
            for a in register(ctx).values()
            if a.row["account"] == account
        ]
        _within(ctx, account, cost, in_service, on_leaf)
    elif from_voucher is not None:
        p = ctx.books.voucher(from_voucher)
        debits = sum(ln.amount for ln in p.voucher.lines if ln.account == account and ln.amount > 0)
        taken = sum(
            int(r["cost"])
            for r in known.values()
            if r["voucher"] == p.number and r["account"] == account
        )
        if cost > debits - taken:
            raise NotAllowed(
                tr(
                    "voucher {number} debits {account} with {debits}, of which {taken} is "
                    "registered already: {cost} is more than the rest",
                    number=p.number,
                    account=account,
                    debits=format_fen(debits),
                    taken=format_fen(taken),
                    cost=format_fen(cost),
                )
            )
        row["voucher"] = p.number
    repo.add_asset(ctx, row)
    ctx.books.audit("asset", [f"asset {no} registered"])
    return no, posted


@dataclass(frozen=True)
class Run:
    month: str
    posted: Posted | None
    amounts: list[tuple[str, int]]


def _unrun_before(assets: dict[str, Asset], month: str) -> str | None:
    """The earliest month before ``month`` with something due and no row."""
    missing = []
    for a in assets.values():
        done = {r["month"] for r in a.rows}
        missing += [m for m in a.schedule() if m < month and a.due(m) and m not in done]
    return min(missing) if missing else None


def depreciate(ctx: Context, month: str) -> Run:
    """``asset depreciate --month``: one voucher for the month's amounts (idempotent)."""
    end = month_end(parse_month(month))
    if ctx.books.is_closed(end.year):
        raise NotAllowed(tr("{year} is closed", year=end.year))
    assets = register(ctx)
    earlier = _unrun_before(assets, month)
    if earlier is not None:
        raise NotAllowed(tr("run coop asset depreciate --month {month} first", month=earlier))
    due = [
        (a, a.due(month))
        for a in assets.values()
        if a.due(month) and month not in {r["month"] for r in a.rows}
    ]
    if not due:
        return Run(month, None, [])
    debit: dict[str, int] = {}
    credit: dict[str, int] = {}
    for a, amount in due:
        centre = a.cost_centre(month)
        debit[centre] = debit.get(centre, 0) + amount
        credit[a.row["contra"]] = credit.get(a.row["contra"], 0) + amount
    lines = [Line(c, v) for c, v in sorted(debit.items())]
    lines += [Line(c, -v) for c, v in sorted(credit.items())]
    v = Voucher(
        date=end,
        memo=f"计提{month[:4]}年{month[5:]}月折旧",
        lines=tuple(lines),
        kind=K.DEPRECIATION,
        key=f"depr:{month}",
        user=ctx.user,
    )
    ((posted, created),) = posting.post(ctx, [v], derived=True)
    if not created:
        raise NotAllowed(tr("the depreciation of {month} is already run", month=month))
    repo.add_depr(ctx, posted.number, [dict(asset_no=a.no, month=month, amount=x) for a, x in due])
    return Run(month, posted, [(a.no, x) for a, x in due])


def unrun_in_year(
    ctx: Context, year: int, held: dict[str, Asset] | None = None
) -> tuple[str, str] | None:
    """(month, asset) of the first month of ``year`` with depreciation due and not run;
    ``held``: the register, when the caller has read it already."""
    for a in (register(ctx) if held is None else held).values():
        done = {r["month"] for r in a.rows}
        for m in sorted(a.schedule()):
            if m[:4] == str(year) and a.due(m) and m not in done:
                return m, a.no
    return None


def dispose(
    ctx: Context,
    asset_no: str,
    date: dt.date,
    reason: str,
    amounts: dict[str, tuple[int, str]],
    open_: bool = False,
) -> Posted:
    """``asset dispose``: the month's depreciation when due and not run, then the entries of
    operations.md §3.4 by reason, and the net result to 529 or 502 (with ``open_``, left on
    154 until `asset clear`)."""
    if reason not in REASONS:
        raise BadInput(
            tr(
                "--reason {text!r} is not valid: one of {values}",
                text=reason,
                values=", ".join(REASONS),
            ),
            field="reason",
        )
    a = require(ctx, asset_no)
    if a.disposed_on is not None:
        raise NotAllowed(
            tr(
                "asset {asset} was disposed of on {date}",
                asset=asset_no,
                date=a.disposed_on.isoformat(),
            )
        )
    if open_ and (reason in ("invest", "loss") or a.row["category"] == "bio"):
        raise NotAllowed(
            tr("--open is for a fixed asset's sale, scrap, damage or donation (through 154)")
        )
    month = month_of(date)
    earlier = _unrun_before({asset_no: a}, month)
    if earlier is not None:
        raise NotAllowed(tr("run coop asset depreciate --month {month} first", month=earlier))
    lines: list[Line] = []
    done = {r["month"] for r in a.rows}
    this_month = a.schedule().get(month, 0) if month not in done else 0
    if this_month:
        lines += [
            Line(a.cost_centre(month_of(date)), this_month),
            Line(a.row["contra"], -this_month),
        ]
    acc = a.accumulated + this_month
    cost = int(a.row["cost"])
    nbv = cost - acc
    account, contra = a.row["account"], a.row["contra"]

    def target(option: str, parents: Sequence[str]) -> tuple[int, str, str | None]:
        return _target(ctx, amounts, option, parents)

    if reason == "invest":
        value, investment, _ = target("value", ("131",))
        if not value:
            raise BadInput(
                tr("--value and --investment are needed to invest an asset"), field="value"
            )
        lines += [Line(investment, value), Line(contra, acc), Line(account, -cost)]
        lines.append(Line("321", nbv - value))
    elif reason == "loss":
        lines += [Line("181", nbv), Line(contra, acc), Line(account, -cost)]
    elif a.row["category"] == "bio":
        if reason != "sale":
            raise NotAllowed(
                tr("a productive biological asset is sold, invested or lost (142 四–六)")
            )
        proceeds, to, member = target("proceeds", ("101", "102", "109", "113", "114"))
        lines += [Line(contra, acc), Line(account, -cost)]
        if proceeds:
            lines.append(Line(to, proceeds, member))
        diff = nbv - proceeds
        lines.append(Line("529" if diff > 0 else "502", diff))
    else:
        lines += [Line("154", nbv), Line(contra, acc), Line(account, -cost)]
        lines += _clearing(ctx, amounts, proceeds=reason != "donate")
        if not open_:
            lines += _net_result(sum(ln.amount for ln in lines if ln.account == "154"))
    lines = [ln for ln in lines if ln.amount]
    v = Voucher(
        date=date,
        memo=clean_memo(f"处置{a.row['name']}（{asset_no}）"),
        lines=tuple(lines),
        kind=K.ASSET_DISPOSE,
        key=f"asset-dispose:{asset_no}",
        user=ctx.user,
    )
    ((posted, _),) = posting.post(ctx, [v])
    if this_month:
        repo.add_depr(ctx, posted.number, [dict(asset_no=asset_no, month=month, amount=this_month)])
    figures: dict[str, Any] = {"reason": reason, "accumulated": acc, "net_book_value": nbv}
    left = sum(ln.amount for ln in lines if ln.account == "154")
    if open_ and left:  # what stays on 154 until `asset clear` (nothing left: it is done)
        figures["open"] = left
    detail = json.dumps(figures, sort_keys=True, separators=(",", ":"))
    repo.add_asset_event(
        ctx,
        dict(
            asset_no=asset_no,
            date=date.isoformat(),
            kind="dispose",
            detail=detail,
            voucher=posted.number,
        ),
    )
    return posted


def _target(
    ctx: Context, amounts: dict[str, tuple[int, str]], option: str, parents: Sequence[str]
) -> tuple[int, str, str | None]:
    """(amount, account, member) of a disposal's amount option, its account checked."""
    amount, where = amounts.get(option, (0, ""))
    if not amount:
        return 0, "", None
    code, _, member = where.partition("@")
    if member:
        members.require(ctx, member)
    if code not in leaf_codes(ctx.books.accounts()) or not code.startswith(tuple(parents)):
        raise NotAllowed(
            tr(
                "--{option}-to/-from {account} is not a leaf under {parents}",
                option=option,
                account=where,
                parents=", ".join(parents),
            )
        )
    return amount, code, member or None


def _clearing(ctx: Context, amounts: dict[str, tuple[int, str]], *, proceeds: bool) -> list[Line]:
    """The lines of a disposal's proceeds, costs, compensation and salvage against 154;
    without ``proceeds`` (a donation, 151 七) proceeds are refused."""
    if not proceeds and "proceeds" in amounts:
        raise NotAllowed(tr("a donated asset brings no proceeds (151 七)"))
    lines: list[Line] = []
    if proceeds:
        fen, to, member = _target(ctx, amounts, "proceeds", ("101", "102", "109", "113", "114"))
        if fen:
            lines += [Line(to, fen, member), Line("154", -fen)]
    fen, frm, member = _target(ctx, amounts, "costs", ("101", "102", "109", "211"))
    if fen:
        lines += [Line("154", fen), Line(frm, -fen, member)]
    fen, frm, member = _target(ctx, amounts, "compensation", ("113", "114"))
    if fen:
        lines += [Line(frm, fen, member), Line("154", -fen)]
    fen, to, member = _target(ctx, amounts, "salvage", ("121", "122"))
    if fen and to in products.stock_accounts(ctx):
        # a product's stock leaf moves only with a quantity (operations.md §0.6)
        raise NotAllowed(
            tr(
                "{account} is the stock account of product {product}: salvage goes to another "
                "121/122 leaf, or through coop product adjust",
                account=to,
                product=products.stock_accounts(ctx)[to],
            )
        )
    if fen:
        lines += [Line(to, fen, member), Line("154", -fen)]
    return lines


def _net_result(net: int) -> list[Line]:
    """154's net after a disposal: a loss to 529 (清理净损失), a gain to 502 (净收益)."""
    if net > 0:
        return [Line("529", net), Line("154", -net)]
    if net < 0:
        return [Line("154", -net), Line("502", net)]
    return []


CLEAR = "clear"  # the asset_event kind of `asset clear`


def open_disposals(ctx: Context, as_of: dt.date | None = None) -> dict[str, int]:
    """asset → what its open disposal (`asset dispose --open`) leaves on 154 (debit > 0),
    on ``as_of`` (today's when None)."""
    out: dict[str, int] = {}
    for e in repo.asset_event_rows(ctx):
        if as_of is not None and e["date"] > as_of.isoformat():
            continue
        if e["kind"] == "dispose":
            figures = json.loads(e["detail"])
            if "open" in figures:
                out[e["asset_no"]] = int(figures["open"])
        elif e["kind"] == CLEAR:
            out.pop(e["asset_no"], None)
    return out


def clear(
    ctx: Context, asset_no: str, date: dt.date, amounts: dict[str, tuple[int, str]]
) -> Posted:
    """`asset clear`: further proceeds, costs, compensation or salvage of an open disposal
    against 154, then its net to 529 or 502, so that its 154 is zero (operations.md §3.4)."""
    a = require(ctx, asset_no)
    left = open_disposals(ctx).get(asset_no)
    if left is None:
        raise NotAllowed(tr("asset {asset} has no open disposal", asset=asset_no))
    if a.disposed_on is not None and date < a.disposed_on:
        raise NotAllowed(
            tr("asset {asset} was disposed of on {date}", asset=asset_no, date=a.disposed_on)
        )
    reason = next(
        json.loads(e["detail"])["reason"]
        for e in reversed(repo.asset_event_rows(ctx))
        if e["asset_no"] == asset_no and e["kind"] == "dispose"
    )
    lines = _clearing(ctx, amounts, proceeds=reason != "donate")
    lines += _net_result(left + sum(ln.amount for ln in lines if ln.account == "154"))
    if not lines:
        raise NotAllowed(tr("asset {asset}: nothing is left on 154 to clear", asset=asset_no))
    v = Voucher(
        date=date,
        memo=clean_memo(f"{a.row['name']}（{asset_no}）清理完毕"),
        lines=tuple(lines),
        kind=K.ASSET_CLEAR,
        key=f"asset-clear:{asset_no}",
        user=ctx.user,
    )
    ((posted, _),) = posting.post(ctx, [v])
    repo.add_asset_event(
        ctx,
        dict(
            asset_no=asset_no,
            date=date.isoformat(),
            kind=CLEAR,
            detail=json.dumps({"open": left}, sort_keys=True, separators=(",", ":")),
            voucher=posted.number,
        ),
    )
    return posted


REVISE = "revise"  # the asset_event kind of `asset revise` (operations.md §3.3)


def revise(
    ctx: Context,
    asset_no: str,
    from_month: str,
    life_months: int | None,
    residual: int | None,
    cost_centre: str | None,
) -> None:
    """`asset revise`: a change of estimate applied from a month on (art. 59 未来适用法): a
    new schedule segment from ``from_month``, which must be after the last month run."""
    if life_months is None and residual is None and cost_centre is None:
        raise BadInput(
            tr("give at least one of --life-months, --residual and --cost-centre"),
            field="life_months",
        )
    month = parse_month(from_month)
    if life_months is not None and not 1 <= life_months <= 1200:
        raise BadInput(
            tr("--life-months {n} is not valid: 1 to 1200", n=life_months), field="life_months"
        )
    a = require(ctx, asset_no)
    if residual is not None and not 0 <= residual < int(a.row["cost"]):
        raise BadInput(
            tr("the residual value must be at least 0 and less than the cost"), field="residual"
        )
    if a.row["nominal"]:
        raise NotAllowed(
            tr("asset {asset} is at nominal value: it is not depreciated", asset=asset_no)
        )
    if a.disposed_on is not None:
        raise NotAllowed(
            tr("asset {asset} was disposed of on {date}", asset=asset_no, date=a.disposed_on)
        )
    # after every month run (any asset's: a month run once cannot take a new amount) and
    # not before an earlier revision's month (segments follow one another)
    last = max(months_run(ctx), default=None)
    last_rev = max((str(r["from_month"]) for r in a.revisions), default=None)
    if last_rev is not None and (last is None or last_rev > last):
        last = add_months(last_rev, -1)
    if month < a.first_month or (last is not None and month <= last):
        raise NotAllowed(
            tr(
                "--from-month {month} must be after the last month depreciated ({last}) and "
                "not before the first ({first})",
                month=month,
                last=last or "—",
                first=a.first_month,
            )
        )
    if ctx.books.is_closed(month_end(month).year):
        raise NotAllowed(tr("{year} is closed", year=month_end(month).year))
    centre = None
    if cost_centre is not None:
        centre = _leaf_under(ctx, cost_centre, COST_CENTRES, tr("cost centre"))
    rev = dict(from_month=month, life_months=life_months, residual=residual, cost_centre=centre)
    _start, base, months, _upto = replace(a, revisions=(*a.revisions, rev)).segments()[-1]
    if months <= 0 or base < 0:
        raise NotAllowed(
            tr(
                "asset {asset}: from {month} the remaining life would be {months} months and "
                "the amount left to depreciate {base}",
                asset=asset_no,
                month=month,
                months=months,
                base=format_fen(base),
            )
        )
    repo.add_asset_event(
        ctx,
        dict(
            asset_no=asset_no,
            date=f"{month}-01",
            kind=REVISE,
            detail=json.dumps(rev, sort_keys=True, separators=(",", ":")),
            voucher=None,
        ),
    )


IMPAIRED = "impaired"  # asset_event kinds of `asset flag` (operations.md §3.4)
IMPAIRED_CLEAR = "impaired_clear"


def impaired(ctx: Context, as_of: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """asset → (date, text) of its loss flag in force on ``as_of`` (附注 item 5): the last
    `asset flag` on or before the day, unless it cleared the flag."""
    out: dict[str, tuple[str, str]] = {}
    for e in repo.asset_event_rows(ctx):  # in chain order
        if as_of is not None and e["date"] > as_of.isoformat():
            continue
        if e["kind"] == IMPAIRED:
            out[e["asset_no"]] = (e["date"], str(json.loads(e["detail"])["text"]))
        elif e["kind"] == IMPAIRED_CLEAR:
            out.pop(e["asset_no"], None)
    return out


def flag(ctx: Context, asset_no: str, date: dt.date, text: str | None) -> bool:
    """`asset flag NO --date D --impaired TEXT` (``text``) or `--clear` (None): mark an
    asset whose loss is known but not yet approved for write-off (附注 item 5; the 2021
    system books no impairment), or take the mark off. An ``asset_event``, no voucher.
    False when it would change nothing."""
    a = require(ctx, asset_no)
    if ctx.books.is_closed(date.year):
        raise NotAllowed(tr("{year} is closed", year=date.year))
    if a.disposed_on is not None and a.disposed_on <= date:
        raise NotAllowed(
            tr(
                "asset {asset} was disposed of on {date}",
                asset=asset_no,
                date=a.disposed_on.isoformat(),
            )
        )
    if date < dt.date.fromisoformat(a.row["in_service"]):
        raise NotAllowed(
            tr(
                "asset {asset} came into service on {date}",
                asset=asset_no,
                date=a.row["in_service"],
            )
        )
    events = [
        e
        for e in repo.asset_event_rows(ctx)
        if e["asset_no"] == asset_no and e["kind"] in (IMPAIRED, IMPAIRED_CLEAR)
    ]
    if events and events[-1]["date"] > date.isoformat():
        raise NotAllowed(
            tr(
                "asset {asset} has an event on {last}; a later one cannot be dated {date}",
                asset=asset_no,
                last=events[-1]["date"],
                date=date.isoformat(),
            )
        )
    current = impaired(ctx).get(asset_no)
    if text is None:
        if current is None:
            return False
        row = dict(kind=IMPAIRED_CLEAR, detail="{}")
    else:
        clean = clean_text(text, "impaired", max_len=200)
        if current is not None and current[1] == clean:
            return False
        row = dict(kind=IMPAIRED, detail=json.dumps({"text": clean}, ensure_ascii=False))
    repo.add_asset_event(ctx, dict(asset_no=asset_no, date=date.isoformat(), voucher=None, **row))
    return True


def card(
    a: Asset,
    as_of: dt.date | None = None,
    flagged: tuple[str, str] | None = None,
    open_: bool = False,
) -> dict[str, Any]:
    """The register's fields of one asset (cli-additions.md §4)."""
    upto = month_of(as_of) if as_of is not None else "9999-12"
    acc = int(a.row["accumulated"]) + sum(int(r["amount"]) for r in a.rows if r["month"] <= upto)
    disposed = a.disposed_on is not None and (as_of is None or a.disposed_on <= as_of)
    life, residual = int(a.row["life_months"]), int(a.row["residual"])
    for rev in a.revisions:  # the estimates in force in the month (`asset revise`)
        if rev["from_month"] <= upto:
            life = rev["life_months"] or life
            residual = residual if rev["residual"] is None else int(rev["residual"])
    return {
        "asset_no": a.no,
        "name": a.row["name"],
        "category": a.row["category"],
        "account": a.row["account"],
        "contra": a.row["contra"],
        "cost": format_fen(int(a.row["cost"])),
        "residual": format_fen(residual),
        "in_service": a.row["in_service"],
        "life_months": life,
        "cost_centre": a.cost_centre(upto),
        "poverty": bool(a.row["poverty"]),
        "source": a.row["source"],
        "nominal": bool(a.row["nominal"]),
        "accumulated": format_fen(acc),
        "net": format_fen(0 if disposed else int(a.row["cost"]) - acc),
        "status": ("open_disposal" if open_ else "disposed") if disposed else "in_use",
        "disposed_on": a.disposed_on.isoformat() if disposed and a.disposed_on else None,
        "impaired": None if flagged is None or disposed else flagged[1],
    }


def listed(
    ctx: Context, as_of: dt.date | None, poverty: bool, category: str | None
) -> list[dict[str, Any]]:
    out = []
    flags = impaired(ctx, as_of)
    still_open = open_disposals(ctx, as_of)
    for a in register(ctx).values():
        if as_of is not None and dt.date.fromisoformat(a.row["in_service"]) > as_of:
            continue
        if poverty and not a.row["poverty"]:
            continue
        if category is not None and a.row["category"] != category:
            continue
        out.append(card(a, as_of, flags.get(a.no), a.no in still_open))
    return out


def show(ctx: Context, asset_no: str) -> dict[str, Any]:
    a = require(ctx, asset_no)
    run = {r["month"]: r for r in a.rows}
    schedule = [
        {"month": r["month"], "amount": format_fen(int(r["amount"])), "voucher": r["voucher"]}
        for r in a.rows
    ]
    schedule += [
        {"month": m, "amount": format_fen(x), "voucher": None}
        for m, x in sorted(a.schedule().items())
        if m not in run and a.due(m)
    ]
    events = [
        {"date": e["date"], "kind": e["kind"], "detail": e["detail"]}
        for e in repo.asset_event_rows(ctx)
        if e["asset_no"] == asset_no
    ]
    flagged = impaired(ctx).get(asset_no)
    card_ = card(a, None, flagged, asset_no in open_disposals(ctx))
    return {"asset": card_, "schedule": schedule, "events": events}


def check_reversible(ctx: Context, number: str) -> None:
    """An ``asset_acquire`` voucher is reversed only while its asset has no depreciation
    and no disposal; the reversal voids the card."""
    for a in register(ctx).values():
        if a.row["voucher"] == number and a.row["mode"] in ("pay", "construction"):
            if a.rows or a.disposed_on is not None:
                raise NotAllowed(
                    tr(
                        "asset {asset} has depreciation or a disposal: its purchase {number} "
                        "is no longer reversed; dispose of it instead",
                        asset=a.no,
                        number=number,
                    )
                )
