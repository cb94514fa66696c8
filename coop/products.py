"""Products and stock (operations.md §5.2): the product register, purchases from members
(交售, a ``delivery``) and non-members, sales, issues to production and stocktaking, each
one voucher with its stock movement; the cost of what leaves stock is the inventory
method's (``coop.stock``, O1 art. 18).

A product's stock leaf is written only here and by the crop commands (``voucher add``
refuses it), so its balance is always the cost of the stock the movements give (``check``
``stock``). Movements are posted in date order per product, so posted costs never change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from coop import csvio, keys, members, posting, stock
from coop.errors import BadInput, NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.store import repo
from coop.store.uow import Context
from coop.text import clean_code, clean_memo, clean_text, parse_date
from ledger.accounts import leaf_codes
from ledger.checks import Problem
from ledger.entries import Line, Posted, Voucher
from ledger.errors import Conflict, InvalidInput, NotFound, Refused
from ledger.i18n import tr
from ledger.money import allocate, format_fen, format_quantity, parse_amount, parse_quantity

STOCK_PARENTS = ("121", "122")
INCOME_PARENTS = ("501",)
EXPENSE_PARENTS = ("521",)
#: Credit of a purchase (operations.md §5.2): leaves under these, or 114@MEMBER.
BUY_CREDITS = ("101", "102", "109", "211")
#: Debit of a sale: leaves under these, or 114@MEMBER.
SELL_DEBITS = ("101", "102", "109", "113")
#: Where an issue goes (121 六).
ISSUE_TO = ("401", "141", "153", "523", "529")
ACTIONS = ("buy", "sell", "issue")


# ----- accounts ---------------------------------------------------------------------------------


def leaf_under(ctx: Context, code: str, parents: Sequence[str], option: str) -> str:
    """``code``, a leaf at or under one of ``parents`` (never 52101), or exit 1."""
    leaves = leaf_codes(ctx.books.accounts())
    if code not in leaves or not code.startswith(tuple(parents)) or code.startswith("52101"):
        raise NotAllowed(
            tr(
                "{option} {account} is not a leaf account under {parents}",
                option=option,
                account=code,
                parents=", ".join(parents),
            )
        )
    return code


def new_leaf(ctx: Context, parent: str, name: str, option: str) -> str:
    """The next free two-digit sub-account of ``parent``, named ``name`` (operations.md
    §5.1); refused, asking for ``option``, when ``parent`` is a leaf with lines."""
    accounts = ctx.books.accounts()
    taken = {c for c in accounts if c.startswith(parent) and len(c) == len(parent) + 2}
    codes = (f"{parent}{i:02d}" for i in range(1, 100))
    free = next((c for c in codes if c not in taken), None)
    if free is None or (ctx.books.has_lines(parent) and not taken):
        raise NotAllowed(
            tr(
                "account {account} has lines and no sub-accounts, so none can be added: "
                "name the account with {option}",
                account=parent,
                option=option,
            )
        )
    ctx.books.add_account(free, name, "", parent)
    return free


# ----- the register -----------------------------------------------------------------------------


def register(ctx: Context) -> dict[str, dict[str, Any]]:
    return repo.product_rows(ctx)


def require(ctx: Context, product_no: str) -> dict[str, Any]:
    p = register(ctx).get(product_no)
    if p is None:
        raise NotFound(tr("product {product!r} does not exist", product=product_no))
    return p


def stock_accounts(ctx: Context) -> dict[str, str]:
    """Stock leaf → the product it belongs to."""
    return {p["account"]: no for no, p in register(ctx).items()}


def add(
    ctx: Context,
    product_no: str,
    name: str,
    unit: str,
    account: str | None = None,
    income_account: str | None = None,
    expense_account: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Register a product; the same again is nothing to do, other content exit 1."""
    no = clean_code(product_no, "product_no")
    given = dict(
        name=clean_text(name, "name", max_len=60),
        unit=clean_text(unit, "unit", max_len=20),
        account=account,
        income_account=income_account,
        expense_account=expense_account,
    )
    old = register(ctx).get(no)
    if old is not None:
        for f, v in given.items():
            if v is not None and old[f] != v:
                raise Conflict(
                    tr(
                        "product {product} exists with another {field} ({old}); a product "
                        "is not changed",
                        product=no,
                        field=f,
                        old=old[f],
                    )
                )
        return old, False
    linked = stock_accounts(ctx)
    if account is not None:
        leaf_under(ctx, account, STOCK_PARENTS, "--account")
        if account in linked:
            raise NotAllowed(
                tr(
                    "{account} is already the stock account of product {product}",
                    account=account,
                    product=linked[account],
                )
            )
        if ctx.books.has_lines(account):
            raise NotAllowed(
                tr(
                    "{account} already has lines: a product's stock account starts empty, "
                    "so that its quantity and cost stay in step",
                    account=account,
                )
            )
    if income_account is not None:
        leaf_under(ctx, income_account, INCOME_PARENTS, "--income-account")
    if expense_account is not None:
        leaf_under(ctx, expense_account, EXPENSE_PARENTS, "--expense-account")
    label = str(given["name"])
    row = dict(
        product_no=no,
        name=label,
        unit=given["unit"],
        account=account or new_leaf(ctx, "121", label, "--account"),
        income_account=income_account or new_leaf(ctx, "501", label, "--income-account"),
        expense_account=expense_account or new_leaf(ctx, "521", label, "--expense-account"),
    )
    repo.add_product(ctx, row)
    ctx.books.audit("product", [f"product {no} {label} added"])
    return row, True


# ----- stock ------------------------------------------------------------------------------------


def _moves(ctx: Context, product_no: str, before: str | None = None) -> list[dict[str, Any]]:
    """The product's movements that stand (their voucher not reversed), in posting order;
    with ``before``, only those posted before voucher ``before``'s movement."""
    void = ctx.books.reversed_numbers()
    out = []
    for r in repo.stock_rows(ctx, product_no):
        if r["voucher"] == before:
            break
        if r["voucher"] not in void:
            out.append(r)
    return out


def method_of(ctx: Context) -> Callable[[int], str]:
    cache: dict[int, str] = {}

    def method(year: int) -> str:
        if year not in cache:
            cache[year] = repo.charter(ctx, year).inventory_method
        return cache[year]

    return method


def position(
    ctx: Context, product_no: str, as_of: dt.date | None = None, before: str | None = None
) -> stock.Stock:
    rows = [
        r
        for r in _moves(ctx, product_no, before)
        if as_of is None or r["date"] <= as_of.isoformat()
    ]
    held, _ = stock.replay(
        (stock.Move(int(r["date"][:4]), r["quantity"], r["cost"]) for r in rows), method_of(ctx)
    )
    return held


def in_order(ctx: Context, product: dict[str, Any], date: dt.date, before: str | None) -> None:
    moves = _moves(ctx, product["product_no"], before)
    if moves and max(r["date"] for r in moves) > date.isoformat():
        raise NotAllowed(
            tr(
                "{product} has a movement after {date}: post the movements of {product} "
                "in date order",
                product=product["product_no"],
                date=date.isoformat(),
            )
        )


def _existing(ctx: Context, key: str | None) -> str | None:
    """The voucher already posted under ``key`` (a re-run), if any."""
    if key is None:
        return None
    found = ctx.books.find_by_keys([key]).get(key)
    return None if found is None else found.number


def issue_cost(
    ctx: Context, product: dict[str, Any], date: dt.date, quantity: int, before: str | None
) -> int:
    """The cost of taking ``quantity`` out of ``product``'s stock on ``date`` (exit 1 when
    the stock holds less, or a later movement exists)."""
    in_order(ctx, product, date, before)
    held = position(ctx, product["product_no"], before=before)
    if quantity > held.quantity:
        raise NotAllowed(
            tr(
                "{product} has {held} {unit} on {date}; cannot issue {quantity}",
                product=product["product_no"],
                held=format_quantity(held.quantity),
                unit=product["unit"],
                date=date.isoformat(),
                quantity=format_quantity(quantity),
            )
        )
    return held.issue_cost(quantity, method_of(ctx)(date.year))


def record_free(ctx: Context, product_no: str, date: dt.date, action: str, quantity: int) -> None:
    """A movement that costs 0.00 (what rounding left, or a harvest with no cost): its
    quantity is recorded with no voucher (a voucher of zero lines is not a voucher)."""
    repo.add_stock(
        ctx,
        dict(
            product_no=product_no,
            date=date.isoformat(),
            action=action,
            quantity=quantity,
            cost=0,
            voucher="",
        ),
    )


def record(
    ctx: Context,
    v: Voucher,
    product_no: str,
    action: str,
    quantity: int,
    cost: int,
    trades: Sequence[dict[str, Any]] = (),
) -> tuple[Posted, bool]:
    """Post ``v`` and, when it is new, its stock movement and trade records; a re-run of
    its ``--ref`` with another quantity or party than the first is refused (exit 1), even
    when the voucher's lines happen to be the same."""
    ((posted, created),) = posting.post(ctx, [v])
    if not created:
        had = [
            (r["product_no"], r["action"], r["quantity"], r["cost"])
            for r in repo.stock_rows(ctx, product_no)
            if r["voucher"] == posted.number
        ]
        traded = sorted(
            (
                t["member_no"] or "",
                t["counterparty"] or "",
                t["kind"],
                t["quantity"] or 0,
                t["amount"],
            )
            for t in repo.trade_rows(ctx)
            if t["voucher"] == posted.number
        )
        given = sorted(
            (
                t["member_no"] or "",
                t["counterparty"] or "",
                t["kind"],
                t["quantity"] or 0,
                t["amount"],
            )
            for t in trades
        )
        if had != [(product_no, action, quantity, cost)] or traded != given:
            raise Conflict(
                tr(
                    "ref {key} was used for voucher {number} with another quantity or party",
                    key=v.key,
                    number=posted.number,
                )
            )
    if created:
        repo.add_stock(
            ctx,
            dict(
                product_no=product_no,
                date=v.date.isoformat(),
                action=action,
                quantity=quantity,
                cost=cost,
                voucher=posted.number,
            ),
        )
        repo.add_trades(ctx, [dict(t, voucher=posted.number) for t in trades])
    return posted, created


# ----- parties ----------------------------------------------------------------------------------


def party(
    ctx: Context, date: dt.date, member: str | None, non_member: str | None
) -> tuple[str | None, str | None]:
    """(member_no, non-member name) of a trade; the member must be one on ``date``."""
    if member is not None:
        members.require_on(ctx, member, date)
        return member, None
    if non_member is not None:
        return None, clean_text(non_member, "non-member", max_len=60)
    return None, None


def money_leg(
    ctx: Context, account: str | None, member: str | None, allowed: Sequence[str], option: str
) -> tuple[str, str | None]:
    """(account, member) of the money side: default 114@M for a member, 102 otherwise."""
    if account is None:
        return (Acct.MEMBER_CURRENT, member) if member else (Acct.BANK, None)
    target, _, who = account.partition("@")
    if target == Acct.MEMBER_CURRENT:
        if member is None or who not in ("", member):
            raise NotAllowed(
                tr("{option} 114 is for the member who trades (114@MEMBER)", option=option)
            )
        return Acct.MEMBER_CURRENT, member
    if who:
        raise NotAllowed(
            tr("{option} {account}: only 114 is kept by member", option=option, account=account)
        )
    leaf_under(ctx, target, allowed, option)
    return target, None


def _trade(
    date: dt.date,
    member: str | None,
    counterparty: str | None,
    product_no: str,
    kind: str,
    quantity: int,
    amount: int,
) -> list[dict[str, Any]]:
    if member is None and counterparty is None:
        return []  # a market customer: not a trade record (operations.md §7.1)
    return [
        dict(
            date=date.isoformat(),
            member_no=member,
            counterparty=counterparty,
            product_no=product_no,
            kind=kind,
            quantity=quantity,
            amount=amount,
            ref=None,
        )
    ]


# ----- the movements ----------------------------------------------------------------------------


def _key(ref: str | None) -> str | None:
    return keys.with_ref("product", None if ref is None else clean_text(ref, "ref", max_len=100))


def buy(
    ctx: Context,
    product_no: str,
    date: dt.date,
    quantity: str,
    amount: str,
    *,
    member: str | None = None,
    non_member: str | None = None,
    credit: str | None = None,
    ref: str | None = None,
) -> tuple[Posted, bool, int, int]:
    """Dr stock / Cr the money side: a member's delivery (交售) or a non-member's sale to
    the cooperative; both are trade records of kind ``delivery``."""
    q, fen = parse_quantity(quantity), parse_amount(amount)
    p = require(ctx, product_no)
    who, other = party(ctx, date, member, non_member)
    key = _key(ref)
    in_order(ctx, p, date, _existing(ctx, key))
    acct, acct_member = money_leg(ctx, credit, who, BUY_CREDITS, "--credit")
    memo = f"交售{p['name']}" if who else f"购进{p['name']}"
    v = Voucher(
        date,
        clean_memo(memo),
        (Line(p["account"], fen), Line(acct, -fen, acct_member)),
        kind=K.PRODUCT_BUY,
        key=key,
        user=ctx.user,
    )
    trades = _trade(date, who, other, p["product_no"], "delivery", q, fen)
    posted, created = record(ctx, v, p["product_no"], "buy", q, fen, trades)
    return posted, created, q, fen


def sell(
    ctx: Context,
    product_no: str,
    date: dt.date,
    quantity: str,
    amount: str,
    *,
    member: str | None = None,
    non_member: str | None = None,
    buyer: str | None = None,
    debit: str | None = None,
    ref: str | None = None,
) -> tuple[Posted, bool, int, int]:
    """Dr the money side / Cr income; Dr expense / Cr stock at its cost. A sale to a
    member or non-member is a trade record of kind ``purchase``; to a market buyer none."""
    q, fen = parse_quantity(quantity), parse_amount(amount)
    p = require(ctx, product_no)
    who, other = party(ctx, date, member, non_member)
    key = _key(ref)
    cost = issue_cost(ctx, p, date, q, _existing(ctx, key))
    acct, acct_member = money_leg(ctx, debit, who, SELL_DEBITS, "--debit")
    to = who or other or (clean_text(buyer, "buyer", max_len=60) if buyer is not None else "")
    lines = [Line(acct, fen, acct_member), Line(p["income_account"], -fen)]
    if cost:
        lines += [Line(p["expense_account"], cost), Line(p["account"], -cost)]
    v = Voucher(
        date,
        clean_memo(f"销售{p['name']}" + (f"（{to}）" if to and not who else "")),
        tuple(lines),
        kind=K.PRODUCT_SALE,
        key=key,
        user=ctx.user,
    )
    trades = _trade(date, who, other, p["product_no"], "purchase", q, fen)
    posted, created = record(ctx, v, p["product_no"], "sell", -q, -cost, trades)
    return posted, created, q, cost


def issue(
    ctx: Context,
    product_no: str,
    date: dt.date,
    quantity: str,
    to: str,
    memo: str,
    ref: str | None = None,
) -> tuple[Posted | None, bool, int, int]:
    """Dr the target leaf / Cr stock at its cost (121 六: to production, construction …)."""
    q = parse_quantity(quantity)
    p = require(ctx, product_no)
    leaf_under(ctx, to, ISSUE_TO, "--to")
    key = _key(ref)
    cost = issue_cost(ctx, p, date, q, _existing(ctx, key))
    if not cost:
        record_free(ctx, p["product_no"], date, "issue", -q)
        return None, True, q, 0
    v = Voucher(
        date,
        clean_memo(memo),
        (Line(to, cost), Line(p["account"], -cost)),
        kind=K.PRODUCT_ISSUE,
        key=key,
        user=ctx.user,
    )
    posted, created = record(ctx, v, p["product_no"], "issue", -q, -cost)
    return posted, created, q, cost


def adjust(
    ctx: Context,
    product_no: str,
    date: dt.date,
    quantity: str,
    cost: str | None,
    ref: str | None = None,
) -> tuple[Posted | None, bool, int, int]:
    """Stocktaking (121 八): a surplus Dr stock / Cr 181 at ``cost``; a shortage Dr 181 /
    Cr stock at its cost by the inventory method."""
    q = parse_quantity(quantity, signed=True)
    p = require(ctx, product_no)
    key = _key(ref)
    before = _existing(ctx, key)
    if q > 0:
        if cost is None:
            raise BadInput(
                tr("a stock surplus needs --cost, the value it is taken in at"), field="cost"
            )
        fen = parse_amount(cost)
        in_order(ctx, p, date, before)
        lines = (Line(p["account"], fen), Line(Acct.LOSS_PENDING, -fen))
        memo = f"盘盈{p['name']}"
    else:
        if cost is not None:
            raise BadInput(tr("a shortage is taken out at its cost: give no --cost"), field="cost")
        fen = -issue_cost(ctx, p, date, -q, before)
        lines = (Line(Acct.LOSS_PENDING, -fen), Line(p["account"], fen))
        memo = f"盘亏{p['name']}"
    if not fen:
        record_free(ctx, p["product_no"], date, "adjust", q)
        return None, True, q, 0
    v = Voucher(
        date,
        clean_memo(memo),
        tuple(ln for ln in lines if ln.amount),
        kind=K.PRODUCT_ADJUST,
        key=key,
        user=ctx.user,
    )
    posted, created = record(ctx, v, p["product_no"], "adjust", q, fen)
    return posted, created, q, fen


# ----- import -----------------------------------------------------------------------------------

IMPORT_COLUMNS = ("ref", "date", "action", "product_no", "quantity")
IMPORT_OPTIONAL = ("member_no", "counterparty", "amount", "account")


def import_file(ctx: Context, path: str) -> list[tuple[Posted | None, bool]]:
    """``product import`` (operations.md §5.2): rows sharing a ref are one voucher of one
    date, action and product, keyed ``product:REF``; one stock movement per voucher, one
    trade record per member or non-member row. All or nothing."""
    table = csvio.read_table(path, IMPORT_COLUMNS, IMPORT_OPTIONAL)
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for lineno, c in table.rows:
        where = f"{path}:{lineno}: "
        column = "ref"
        try:
            ref = clean_text(c["ref"], table.label("ref"), max_len=100)
            column = "date"
            date = parse_date(c["date"], table.label("date"))
            column = "action"
            action = c["action"].strip()
            if action not in ACTIONS:
                raise InvalidInput(
                    tr("action {text!r} is not valid: buy, sell or issue", text=action)
                )
            column = "product_no"
            product = clean_code(c["product_no"], table.label("product_no"))
            column = "quantity"
            q = parse_quantity(c["quantity"], what=table.label("quantity"))
            column = "amount"
            fen = (
                0
                if action == "issue"
                else parse_amount(c.get("amount", ""), what=table.label("amount"))
            )
            row = dict(
                date=date,
                action=action,
                product=product,
                member=c.get("member_no", "").strip() or None,
                counterparty=c.get("counterparty", "").strip() or None,
                quantity=q,
                amount=fen,
                account=c.get("account", "").strip() or None,
            )
            column = "counterparty"
            if row["member"] and row["counterparty"]:
                raise InvalidInput(tr("give member_no or counterparty, not both"))
            if action == "buy" and not (row["member"] or row["counterparty"]):
                raise InvalidInput(tr("a purchase names its seller: member_no or counterparty"))
            first = groups.get(ref, [(0, row)])[0][1]
            for f in ("date", "action", "product"):
                if first[f] != row[f]:
                    column = f
                    raise InvalidInput(
                        tr(
                            "the rows of ref {ref} differ in {field}: one voucher has one "
                            "date, one action and one product",
                            ref=ref,
                            field=table.label({"product": "product_no"}.get(f, f)),
                        )
                    )
            groups.setdefault(ref, []).append((lineno, row))
        except InvalidInput as exc:
            raise csvio.bad_cell(where, table.label(exc.field or column), exc) from None
    if not groups:
        raise BadInput(tr("{path}: no rows to import", path=path))
    out = []
    for ref, rows in groups.items():
        try:
            out.append(_import_group(ctx, ref, [r for _, r in rows]))
        except Refused as exc:
            raise Refused(f"{path}:{rows[0][0]}: " + exc.message) from None
    return out


def _import_group(ctx: Context, ref: str, rows: list[dict[str, Any]]) -> tuple[Posted | None, bool]:
    first = rows[0]
    date, action = first["date"], first["action"]
    p = require(ctx, first["product"])
    key = keys.with_ref("product", ref)
    before = _existing(ctx, key)
    if action == "buy":
        in_order(ctx, p, date, before)
    total_q = sum(r["quantity"] for r in rows)
    lines: list[Line] = []
    trades: list[dict[str, Any]] = []
    for r in rows:
        who, other = party(ctx, date, r["member"], r["counterparty"])
        acct = r["account"]
        if acct == Acct.MEMBER_CURRENT and who:
            acct = f"{Acct.MEMBER_CURRENT}@{who}"
        if action == "buy":
            a, m = money_leg(ctx, acct, who, BUY_CREDITS, "account")
            lines += [Line(p["account"], r["amount"]), Line(a, -r["amount"], m)]
            trades += _trade(
                date, who, other, p["product_no"], "delivery", r["quantity"], r["amount"]
            )
        elif action == "sell":
            a, m = money_leg(ctx, acct, who, SELL_DEBITS, "account")
            lines += [Line(a, r["amount"], m), Line(p["income_account"], -r["amount"])]
            trades += _trade(
                date, who, other, p["product_no"], "purchase", r["quantity"], r["amount"]
            )
        else:
            if acct is None:
                raise NotAllowed(tr("an issue needs the account it goes to"))
            lines.append(Line(leaf_under(ctx, acct, ISSUE_TO, "account"), 0))
    if action == "buy":
        cost = sum(r["amount"] for r in rows)
        moved = (total_q, cost)
        memo = f"交售{p['name']}" if all(r["member"] for r in rows) else f"购进{p['name']}"
    else:
        cost = issue_cost(ctx, p, date, total_q, before)
        moved = (-total_q, -cost)
        if action == "sell":
            lines += [Line(p["expense_account"], cost), Line(p["account"], -cost)]
            memo = f"销售{p['name']}"
        else:
            # the cost of each row by its share of the quantity, exact in total
            targets = [ln.account for ln in lines]
            order = [str(i) for i in range(len(rows))]
            parts = allocate(cost, [r["quantity"] for r in rows], order)
            lines = [Line(t, c) for t, c in zip(targets, parts, strict=True)]
            lines.append(Line(p["account"], -cost))
            memo = f"领用{p['name']}"
    kept = _merge(ln for ln in lines if ln.amount)
    if not kept:  # an issue that costs 0.00
        record_free(ctx, p["product_no"], date, action, moved[0])
        return None, True
    v = Voucher(
        date,
        clean_memo(memo),
        tuple(kept),
        kind={"buy": K.PRODUCT_BUY, "sell": K.PRODUCT_SALE}.get(action, K.PRODUCT_ISSUE),
        key=key,
        user=ctx.user,
    )
    return record(ctx, v, p["product_no"], action, *moved, trades)


def _merge(lines: Any) -> list[Line]:
    """Lines of one account and member merged, in first-seen order (a purchase from four
    members credits 102 once when it is paid at once)."""
    out: dict[tuple[str, str | None, bool], int] = {}
    for ln in lines:
        k = (ln.account, ln.member, ln.amount > 0)
        out[k] = out.get(k, 0) + ln.amount
    return [Line(a, amt, m) for (a, m, _), amt in out.items()]


# ----- listing ----------------------------------------------------------------------------------


def stock_list(ctx: Context, as_of: dt.date | None) -> list[dict[str, Any]]:
    out = []
    for no, p in register(ctx).items():
        held = position(ctx, no, as_of)
        out.append(
            dict(
                product_no=no,
                name=p["name"],
                unit=p["unit"],
                account=p["account"],
                quantity=format_quantity(held.quantity),
                cost=format_fen(held.cost),
            )
        )
    return out


def listed(ctx: Context) -> list[dict[str, Any]]:
    return [dict(p) for p in register(ctx).values()]


def check_reversible(ctx: Context, number: str) -> None:
    """A product voucher is reversed only while no later movement of its product stands;
    the reversal voids its movement and trade records."""
    rows = repo.stock_rows(ctx)
    mine = [r for r in rows if r["voucher"] == number]
    void = ctx.books.reversed_numbers()
    for m in mine:
        later = [
            r
            for r in rows
            if r["product_no"] == m["product_no"]
            and r["chain_seq"] > m["chain_seq"]
            and r["voucher"] not in void
        ]
        if later:
            raise NotAllowed(
                tr(
                    "{product} has a later movement ({number}): the movement {voucher} is no "
                    "longer reversed; correct it with a new movement",
                    product=m["product_no"],
                    number=later[0]["voucher"],
                    voucher=number,
                )
            )


def problems(ctx: Context) -> list[Problem]:
    """``check`` ``stock`` (operations.md §5.2): per product, the cost of its stock (its
    standing movements) equals its account's balance, its quantity never goes below zero,
    and every issue took the cost the inventory method gives."""
    out = []
    void = ctx.books.reversed_numbers()
    method = method_of(ctx)
    for no, p in register(ctx).items():
        rows = [r for r in repo.stock_rows(ctx, no) if r["voucher"] not in void]
        moves = [stock.Move(int(r["date"][:4]), r["quantity"], r["cost"]) for r in rows]
        _held, costs = stock.replay(moves, method)
        posted = [-r["cost"] for r in rows if r["quantity"] < 0]
        balance = ctx.books.balance(p["account"])
        if sum(r["cost"] for r in rows) != balance:
            out.append(
                Problem(
                    "stock",
                    tr(
                        "product {product}: its movements cost {cost} but {account} is {balance}",
                        product=no,
                        cost=format_fen(sum(r["cost"] for r in rows)),
                        account=p["account"],
                        balance=format_fen(balance),
                    ),
                )
            )
        level = 0
        for r in rows:
            level += r["quantity"]
            if level < 0:
                out.append(
                    Problem(
                        "stock",
                        tr(
                            "product {product} goes below zero on {date} ({number})",
                            product=no,
                            date=r["date"],
                            number=r["voucher"],
                        ),
                    )
                )
                break
        for r, want, got in zip([r for r in rows if r["quantity"] < 0], costs, posted, strict=True):
            if want != got:
                out.append(
                    Problem(
                        "stock",
                        tr(
                            "product {product}: {number} took {got} out of stock where the "
                            "inventory method gives {want}",
                            product=no,
                            number=r["voucher"],
                            got=format_fen(got),
                            want=format_fen(want),
                        ),
                    )
                )
    return out
