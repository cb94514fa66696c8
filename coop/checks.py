"""``check`` for the cooperative: what the ledger alone cannot know.

Lines name members that exist; the base register totals its vouchers; 331 and
33201 are zero at every closed year end; parcels held past their term (a warning).
"""

from __future__ import annotations

import datetime as dt

from coop import (
    assets,
    capital_tags,
    crops,
    distribution,
    dividends,
    keys,
    land,
    members,
    products,
    reports,
    trade,
)
from coop.charter import STATUTORY_PATRONAGE
from coop.closing import CLOSED_CLASSES, year_end_balance_problems
from coop.kinds import PERSON_ACCOUNTS, Acct
from coop.kinds import VoucherKind as K
from coop.store import inventory, records, repo, views
from coop.store.uow import Context
from ledger.checks import Problem, guarded
from ledger.errors import LedgerError, NotFound
from ledger.i18n import tr
from ledger.money import format_fen, format_rate


def check(ctx: Context, *, strict: bool) -> list[Problem]:
    def year_end() -> list[Problem]:
        return [
            Problem(
                "year-end",
                tr(
                    "{code} is {balance} at the end of closed year {year}; it must be zero",
                    code=code,
                    balance=format_fen(b),
                    year=year,
                ),
            )
            for year, code, b in year_end_balance_problems(ctx)
        ]

    def coverage() -> list[Problem]:
        return records.uncovered(ctx.conn, ctx.coop_id) + [
            Problem(
                "chain",
                tr(
                    "parcel {parcel} is in the register but no land link covers it "
                    "(no contribution)",
                    parcel=p,
                ),
            )
            for p in records.parcels_without_movement(ctx.conn, ctx.coop_id)
        ]

    problems: list[Problem] = []
    problems += guarded("members", lambda: _members(ctx))
    problems += guarded("payee", lambda: _payees(ctx))
    problems += guarded("asset-register", lambda: _asset_register(ctx))
    problems += guarded("depreciation", lambda: _depreciation(ctx))
    problems += guarded("base-register", lambda: _base_register(ctx))
    problems += guarded("stock", lambda: products.problems(ctx))
    problems += guarded("trade", lambda: trade.problems(ctx))
    problems += guarded("year-end", year_end)
    problems += guarded("base", lambda: _base_expense(ctx))
    problems += guarded("member-accounts", lambda: _member_accounts(ctx))
    problems += guarded("distribution", lambda: _distributions(ctx, strict))
    problems += guarded("closed-years", lambda: _closed_year_forms(ctx))
    if strict:
        problems += guarded("membership", lambda: membership(ctx))
        problems += guarded("crop", lambda: crops.problems(ctx))
    problems += guarded("chain", coverage)
    problems += guarded("schema", lambda: inventory.problems(ctx.conn))
    return problems


def _closed_year_forms(ctx: Context) -> list[Problem]:
    """For every closed year (trust.md §4, statutory.md §2.1 and §12): income and expense
    accounts and 181 are zero at its end; 01表 balances; 02表 line 20 = 01表 line 40; 03表
    foots and its year-end row equals 01表 lines 36–41. The forms show what is posted, so
    this holds between ``year close`` and ``distribute post`` as well as after."""
    out = []
    accounts = ctx.books.accounts()
    for year in ctx.books.closed_years():
        tb = dict(ctx.books.trial_balance(dt.date(year, 12, 31)))
        for code, b in sorted(tb.items()):
            acc = accounts.get(code)
            if acc is not None and acc.cls in CLOSED_CLASSES and b:
                out.append(
                    Problem(
                        "closed-years",
                        tr(
                            "{code} is {balance} at the end of closed year {year}; it must be zero",
                            code=code,
                            balance=format_fen(b),
                            year=year,
                        ),
                    )
                )
        b181 = sum(b for code, b in tb.items() if code.startswith(Acct.LOSS_PENDING))
        if b181:
            out.append(
                Problem(
                    "181",
                    tr(
                        "181 is {balance} ({side}) at the end of closed year {year}; it must be "
                        "cleared before closing",
                        balance=format_fen(abs(b181)),
                        side=tr("Dr") if b181 > 0 else tr("Cr"),
                        year=year,
                    ),
                )
            )
        bs = {ln.no: ln.values[0] for ln in reports.balance_sheet(ctx, year).lines}
        if bs[22] != bs[42]:
            out.append(
                Problem(
                    "balance-sheet",
                    tr(
                        "{year}: 01表 line 22 is {line22} but line 42 is {line42}",
                        year=year,
                        line22=format_fen(bs[22]),
                        line42=format_fen(bs[42]),
                    ),
                )
            )
        ss = {ln.no: ln.values[0] for ln in reports.surplus_statement(ctx, year).lines}
        if ss[20] != bs[40]:
            out.append(
                Problem(
                    "surplus-link",
                    tr(
                        "{year}: 02表 line 20 is {line20} but 01表 line 40 is {line40}",
                        year=year,
                        line20=format_fen(ss[20]),
                        line40=format_fen(bs[40]),
                    ),
                )
            )
        eq = reports.equity_changes(ctx, year)
        rows = {ln.no: ln.values for ln in eq.lines}
        for i, (key, _p) in enumerate(reports.EQUITY_COLUMNS):
            opening, inc, dec, closing = (rows[n][i] for n in (1, 2, 3, 4))
            if opening + inc - dec != closing:
                out.append(
                    Problem(
                        "equity-link",
                        tr(
                            "{year}: 03表 column {column} does not foot: "
                            "{opening} + {increase} − {decrease} ≠ {closing}",
                            year=year,
                            column=key,
                            opening=format_fen(opening),
                            increase=format_fen(inc),
                            decrease=format_fen(dec),
                            closing=format_fen(closing),
                        ),
                    )
                )
        if rows[4][-1] != bs[41]:
            out.append(
                Problem(
                    "equity-link",
                    tr(
                        "{year}: 03表 closing total {total} ≠ 01表 line 41 {line41}",
                        year=year,
                        total=format_fen(rows[4][-1]),
                        line41=format_fen(bs[41]),
                    ),
                )
            )
    return out


def _base_expense(ctx: Context) -> list[Problem]:
    """Per year: 52101 debits, and the 401 debits of base vouchers under base_cost
    capitalise, = in-year base runs + recognized prepayments (unreversed)."""
    reversed_ = ctx.books.reversed_numbers()
    expected: dict[int, int] = {}
    recognized = {
        keys.recognized_prepayment(k) for k in views.keys_like(ctx, keys.BASE_RECOGNIZE_PREFIX)
    }
    for r in views.base_rows(ctx):
        counts = (not r.prepaid and r.voucher not in reversed_) or (
            r.prepaid and r.voucher in recognized
        )
        if counts:
            expected[r.year] = expected.get(r.year, 0) + r.amount
    booked: dict[int, int] = {}
    lines = views.Lines(accounts=(Acct.BASE_EXPENSE,), not_kinds=(K.CLOSE_INCOME,))
    # under base_cost capitalise the base is a crop's cost: the 401 debits of base vouchers
    crop = views.Lines(prefixes=("401",), kinds=(K.BASE, K.BASE_RECOGNIZE))
    for f in (lines, crop):
        for date, amount in views.line_totals(ctx, ("date",), f):
            booked[int(date[:4])] = booked.get(int(date[:4]), 0) + amount
    return [
        Problem(
            "base",
            tr(
                "{year}: 52101 (and crop costs) show {booked} but the base register gives "
                "{expected}",
                year=y,
                booked=format_fen(booked.get(y, 0)),
                expected=format_fen(expected.get(y, 0)),
            ),
        )
        for y in sorted(set(booked) | set(expected))
        if booked.get(y, 0) != expected.get(y, 0)
    ]


def _member_accounts(ctx: Context) -> list[Problem]:
    """Σ member accounts = the ledger's control accounts."""
    out = []
    for share, code in (("reserve", Acct.RESERVE), ("subsidy", Acct.SPECIAL_FUND)):
        memo = sum(repo.memo_balances(ctx, share).values())
        if share == "subsidy":  # 311 holds the subsidy and the donation shares
            memo += sum(repo.memo_balances(ctx, "donation").values())
        ledger = -ctx.books.balance(code)
        if memo != ledger:
            values = dict(total=format_fen(memo), code=code, balance=format_fen(ledger))
            out.append(
                Problem(
                    "member-accounts",
                    tr(
                        "members' reserve shares total {total} but {code} is {balance}",
                        **values,
                    )
                    if share == "reserve"
                    else tr(
                        "members' subsidy and donation shares total {total} but {code} is "
                        "{balance}",
                        **values,
                    ),
                )
            )
    out += _capital_sources(ctx)
    led = dividends.ledger(ctx)
    for code in (Acct.PATRONAGE_PAYABLE, Acct.RESIDUAL_PAYABLE):
        owed: dict[str, int] = {}
        for (_y, m, acct), v in led["owed"].items():
            if acct == code:
                owed[m] = (
                    owed.get(m, 0)
                    + v
                    - led["paid"].get((_y, m, acct), 0)
                    - led["converted"].get((_y, m, acct), 0)
                )
        books = {m: -b for m, b in ctx.books.member_balances(code).items()}
        for m in sorted(set(owed) | set(books)):
            if owed.get(m, 0) != books.get(m, 0):
                out.append(
                    Problem(
                        "member-accounts",
                        tr(
                            "{account} is {balance} but the distributions leave {owed} owed",
                            account=code + "@" + m,
                            balance=format_fen(books.get(m, 0)),
                            owed=format_fen(owed.get(m, 0)),
                        ),
                    )
                )
    return out


def _capital_sources(ctx: Context) -> list[Problem]:
    """The 出资 source tags (operations.md §2.3): each tag row names a 301 line of its
    member, and per member no tag's balance is below zero, so that the tags' balances
    (poverty, and other as the rest) add up to 301@M."""
    out = []
    tags = capital_tags.tagged_lines(ctx)
    lines = {
        (f"{y}-{q}", int(n)): str(m)
        for y, q, n, m in views.line_rows(
            ctx, ("year", "seq", "line_no", "member"), views.Lines(accounts=(Acct.SHARE_CAPITAL,))
        )
        if m is not None
    }
    for (voucher, line_no), (member, _tag) in sorted(tags.items()):
        if lines.get((voucher, line_no)) != member:
            out.append(
                Problem(
                    "member-accounts",
                    tr(
                        "the source tag of voucher {voucher} line {line} names no 301 line of "
                        "{member}",
                        voucher=voucher,
                        line=line_no,
                        member=member,
                    ),
                )
            )
    for member, by_tag in sorted(capital_tags.balances(ctx).items()):
        for tag, amount in sorted(by_tag.items()):
            if amount < 0:
                out.append(
                    Problem(
                        "member-accounts",
                        tr(
                            "301@{member}: 出资 of source {tag} is {amount}, below zero",
                            member=member,
                            tag=tag,
                            amount=format_fen(amount),
                        ),
                    )
                )
    return out


def _distributions(ctx: Context, strict: bool) -> list[Problem]:
    out = []
    for row in distribution.posted_years(ctx):
        try:
            plan = distribution.compute_posted(ctx, row)
        except LedgerError as exc:
            out.append(
                Problem(
                    "distribution",
                    tr(
                        "{year}: cannot be recomputed: {reason}",
                        year=row.year,
                        reason=exc.message,
                    ),
                )
            )
            continue
        if plan.digest() != row.digest:
            out.append(
                Problem(
                    "distribution",
                    tr(
                        "{year}: the posted distribution differs from what the books give now",
                        year=row.year,
                    ),
                )
            )
        if strict and plan.charter.patronage_ratio < STATUTORY_PATRONAGE:
            out.append(
                Problem(
                    "statutory",
                    tr(
                        "{year}: the patronage return was {ratio} of the distributable "
                        "surplus, below the statutory 0.60",
                        year=row.year,
                        ratio=format_rate(plan.charter.patronage_ratio),
                    ),
                )
            )
    return out


def membership(ctx: Context) -> list[Problem]:
    """法 art. 20 at each closed year's end (statutory.md §7.2, ``check --strict``): farmers
    are at least 80 % of the members, and members that are enterprises, institutions or
    social organisations are at most one (20 members or fewer) or 5 % (more than 20)."""
    registered = repo.members(ctx, amended=False)
    notices = repo.notices(ctx)
    out = []
    ends = [dt.date(year, 12, 31) for year in ctx.books.closed_years()]
    by_day = members.kinds_on_days(ctx, ends)  # the register read once for every year
    for day in ends:
        kind = by_day[day]
        kinds = [
            kind[no]
            for no, m in registered.items()
            if members.is_member_on(m, notices.get(no), day)
        ]
        n = len(kinds)
        if not n:
            continue
        farmers = kinds.count("farmer")
        if farmers * 100 < 80 * n:
            out.append(
                Problem(
                    "membership",
                    tr(
                        "on {date} {farmers} of {n} members are farmers, below the 80 % "
                        "that the law asks (法 art. 20)",
                        date=day.isoformat(),
                        farmers=farmers,
                        n=n,
                    ),
                )
            )
        bodies = sum(kinds.count(k) for k in members.ORGANISATIONS)
        if (n <= 20 and bodies > 1) or (n > 20 and bodies * 100 > 5 * n):
            out.append(
                Problem(
                    "membership",
                    tr(
                        "on {date} {bodies} of {n} members are enterprises, institutions or "
                        "social organisations: the law allows one with 20 members or fewer, "
                        "5 % above (法 art. 20)",
                        date=day.isoformat(),
                        bodies=bodies,
                        n=n,
                    ),
                )
            )
    return out


def _members(ctx: Context) -> list[Problem]:
    known = repo.member_numbers(ctx)
    return [
        Problem("members", tr("lines name member {member!r}, who is not in the register", member=m))
        for m in views.line_members(ctx, not_prefixes=PERSON_ACCOUNTS)
        if m not in known
    ]


def _payees(ctx: Context) -> list[Problem]:
    """Lines on 212/213 name a payee of the register (operations.md §4.1)."""
    known = set(repo.payees(ctx))
    return [
        Problem(
            "payee",
            tr("lines on 212/213 name payee {payee!r}, who is not in the register", payee=p),
        )
        for p in views.line_members(ctx, prefixes=PERSON_ACCOUNTS)
        if p not in known
    ]


def _asset_register(ctx: Context) -> list[Problem]:
    """A 151/142 leaf with registered assets holds their cost (151 八 登记簿); a 152/143 leaf
    they use holds their depreciation (rows and opening accumulated), unless ordinary
    vouchers touched it (then it is not the register's alone: skipped)."""
    held = assets.register(ctx)
    if not held:
        return []
    cost: dict[str, int] = {}
    depr: dict[str, int] = {}
    for a in held.values():
        if a.disposed_on is None:
            cost[a.row["account"]] = cost.get(a.row["account"], 0) + int(a.row["cost"])
            depr[a.row["contra"]] = depr.get(a.row["contra"], 0) + a.accumulated
        else:
            cost.setdefault(a.row["account"], 0)
            depr.setdefault(a.row["contra"], 0)
    out = []
    for code, want in sorted(cost.items()):
        have = ctx.books.balance(code)
        if have != want:
            out.append(
                Problem(
                    "asset-register",
                    tr(
                        "{account} holds {balance}; its registered assets cost {cost}",
                        account=code,
                        balance=format_fen(have),
                        cost=format_fen(want),
                    ),
                )
            )
    touched = {
        str(account)
        for account, kind in views.line_rows(
            ctx, ("account", "kind"), views.Lines(prefixes=tuple(depr))
        )
        if kind not in (K.DEPRECIATION, K.ASSET_DISPOSE, K.ASSET_CLEAR, K.OPENING)
    }
    for code, want in sorted(depr.items()):
        have = -ctx.books.balance(code)
        if code not in touched and have != want:
            out.append(
                Problem(
                    "asset-register",
                    tr(
                        "{account} holds {balance} of depreciation; the register {cost}",
                        account=code,
                        balance=format_fen(have),
                        cost=format_fen(want),
                    ),
                )
            )
    return out


def _depreciation(ctx: Context) -> list[Problem]:
    """Every month of a closed year with depreciation due has its run (art. 26)."""
    out = []
    held = assets.register(ctx)  # read once for every closed year
    for year in ctx.books.closed_years():
        unrun = assets.unrun_in_year(ctx, year, held)
        if unrun is not None:
            out.append(
                Problem(
                    "depreciation",
                    tr(
                        "the depreciation of {month} is not run (asset {asset})",
                        month=unrun[0],
                        asset=unrun[1],
                    ),
                )
            )
    return out


def payee_warnings(ctx: Context) -> list[Problem]:
    """Lines on 212/213 that name no payee: posted before the books kept them by person
    (the engine refuses them since); said once, with how many."""
    n = sum(
        1
        for (payee,) in views.line_rows(ctx, ("member",), views.Lines(prefixes=PERSON_ACCOUNTS))
        if payee is None
    )
    if not n:
        return []
    return [
        Problem(
            "payee",
            tr(
                "{n} lines on 212/213 name no payee (posted before the books kept them by "
                "person); they show as （未指定）",
                n=n,
            ),
        )
    ]


def _base_register(ctx: Context) -> list[Problem]:
    reg: dict[str, int] = {}
    for r in views.base_rows(ctx):
        reg[r.voucher] = reg.get(r.voucher, 0) + r.amount
    out = []
    for number, total in sorted(reg.items()):
        try:
            p = ctx.books.voucher(number)
        except NotFound:
            out.append(
                Problem(
                    "base-register",
                    tr("rows name voucher {number}, which does not exist", number=number),
                )
            )
            continue
        paid = -sum(ln.amount for ln in p.voucher.lines if ln.account == Acct.BANK)
        if paid != total or p.voucher.kind not in (K.BASE, K.BASE_PREPAY):
            out.append(
                Problem(
                    "base-register",
                    tr(
                        "voucher {number} pays {paid} but its register rows total {total}",
                        number=number,
                        paid=format_fen(paid),
                        total=format_fen(total),
                    ),
                )
            )
    return out


def term_warnings(ctx: Context, today: dt.date) -> list[Problem]:
    """Parcels still held past their contract term (the term is informational)."""
    out = []
    spells = land.spells(ctx)
    for parcel_no, p in sorted(land.parcels(ctx).items()):
        ss = spells.get(parcel_no, [])
        if p.term_years is None or not ss or ss[-1].end is not None:
            continue
        start = ss[0].start
        try:
            ends = start.replace(year=start.year + p.term_years)
        except ValueError:  # 29 February
            ends = start.replace(year=start.year + p.term_years, day=28)
        if ends <= today:
            out.append(
                Problem(
                    "term",
                    tr(
                        "parcel {parcel} ({member}) is held past its {years}-year term, which "
                        "ended {ended}",
                        parcel=parcel_no,
                        member=ss[-1].member_no,
                        years=p.term_years,
                        ended=ends,
                    ),
                )
            )
    return out
