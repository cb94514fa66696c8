"""The books of statutory.md §9: 科目余额表 (balances with movements, §9.2) and 总账 (the
general ledger, §9.3). Amounts in fen; sides as §1.2 defines them (a red reversal line
stays on the side of the line it reverses, with a negative amount)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from coop import posting
from coop.errors import NotAllowed
from coop.kinds import CLOSING, YEAR_OPENING
from coop.kinds import VoucherKind as K
from coop.periods import Period, month_end
from coop.store import repo, views
from coop.store.uow import Context
from ledger.accounts import Account
from ledger.i18n import tr

OPENING_KINDS = tuple(sorted(YEAR_OPENING))
#: Accounts whose balance shows on both sides at once, never netted (as 01表 lines 2 and 24).
BOTH_SIDED = ("114",)
#: Accounts shown per member with ``--detail``.
MEMBER_DETAIL = ("114", "221", "222", "301")


@dataclass
class Figures:
    """Six columns of a row of the 科目余额表."""

    opening_debit: int = 0
    opening_credit: int = 0
    debit: int = 0
    credit: int = 0
    closing_debit: int = 0
    closing_credit: int = 0

    def add(self, other: Figures) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass
class BalanceRow:
    code: str
    name: str
    name_en: str
    level: int
    parent: str | None
    member_no: str | None
    figures: Figures


@dataclass
class Balances:
    period: Period
    rows: list[BalanceRow]
    totals: Figures = field(default_factory=Figures)


def level_of(code: str) -> int:
    return (len(code) - 3) // 2 + 1


def _split(net: int) -> tuple[int, int]:
    return (net, 0) if net > 0 else (0, -net)


def balances(
    ctx: Context, period: Period, *, level_all: bool = True, detail: bool = False
) -> Balances:
    """科目余额表 for ``period``: every account with a non-zero opening, movement or
    closing, parents carrying the sum of their leaves; ``detail``: one row per member
    under 114, 221, 222 and 301."""
    accounts = ctx.books.accounts()
    before = period.start - dt.timedelta(days=1)
    opening: dict[tuple[str, str | None], int] = defaultdict(int)
    for code, member, amount in views.line_totals(
        ctx, ("account", "member"), views.Lines(date_to=before)
    ):
        opening[(code, member)] += amount
    skip: tuple[str, ...] = ()
    if period.opens_year:
        skip = OPENING_KINDS
        for code, member, amount in views.year_opening_totals(
            ctx, period.start.year, OPENING_KINDS, ("account", "member")
        ):
            opening[(code, member)] += amount
    moved: dict[tuple[str, str | None], tuple[int, int]] = {}
    for code, member, d, c in views.side_totals(
        ctx, period.start, period.end, red_kind=K.REVERSAL, skip_kinds_on_first_day=skip
    ):
        moved[(code, member)] = (d, c)

    per_member: dict[str, dict[str | None, Figures]] = defaultdict(dict)
    for key in set(opening) | set(moved):
        code, member = key
        o = opening.get(key, 0)
        d, c = moved.get(key, (0, 0))
        od, oc = _split(o)
        cd, cc = _split(o + d - c)
        per_member[code][member] = Figures(od, oc, d, c, cd, cc)

    def leaf_figures(code: str) -> Figures:
        members = per_member.get(code, {})
        out = Figures()
        if code.startswith(BOTH_SIDED):  # members owing and members owed, never netted
            for f in members.values():
                out.add(f)
            return out
        for f in members.values():
            out.debit += f.debit
            out.credit += f.credit
        o = sum(f.opening_debit - f.opening_credit for f in members.values())
        c = sum(f.closing_debit - f.closing_credit for f in members.values())
        out.opening_debit, out.opening_credit = _split(o)
        out.closing_debit, out.closing_credit = _split(c)
        return out

    leaves = {code for code in per_member}
    unknown = leaves - set(accounts)
    if unknown:
        raise NotAllowed(tr("lines on accounts not in the chart: {codes}", codes=sorted(unknown)))
    figures: dict[str, Figures] = {}
    for code in sorted(accounts, key=lambda c: (-len(c), c)):  # leaves before parents
        children = [c for c, a in accounts.items() if a.parent == code]
        if not children:
            figures[code] = leaf_figures(code)
            continue
        total = Figures()
        if code.startswith(BOTH_SIDED):
            for child in children:
                total.add(figures[child])
        else:
            o = c = 0
            for child in children:
                f = figures[child]
                total.debit += f.debit
                total.credit += f.credit
                o += f.opening_debit - f.opening_credit
                c += f.closing_debit - f.closing_credit
            total.opening_debit, total.opening_credit = _split(o)
            total.closing_debit, total.closing_credit = _split(c)
        figures[code] = total

    rows: list[BalanceRow] = []
    totals = Figures()
    for code in sorted(accounts):
        acc = accounts[code]
        f = figures[code]
        if f.empty:
            continue
        if acc.parent is None:
            totals.add(f)
        elif not level_all:
            continue
        rows.append(_row(acc, None, f))
        if detail and code.startswith(MEMBER_DETAIL) and code not in _parents(accounts):
            for member, mf in sorted(per_member.get(code, {}).items(), key=lambda x: x[0] or ""):
                if member is not None and not mf.empty:
                    rows.append(_row(acc, member, mf))
    return Balances(period, rows, totals)


def _parents(accounts: dict[str, Account]) -> set[str]:
    return {a.parent for a in accounts.values() if a.parent}


def _row(acc: Account, member: str | None, f: Figures) -> BalanceRow:
    return BalanceRow(acc.code, acc.name, acc.name_en, level_of(acc.code), acc.parent, member, f)


# ----- 总账 -------------------------------------------------------------------------------------


@dataclass
class LedgerRow:
    # brought_forward | summary | close_income | close_surplus | month_total | year_to_date
    # | carried_forward
    kind: str
    month: int
    date: dt.date
    vouchers: str
    debit: int
    credit: int
    balance: int  # debit positive
    opening: int | None = None  # the month's 期初 (month_total rows)


def general_ledger(ctx: Context, code: str, year: int) -> tuple[Account, list[LedgerRow]]:
    """总账 of ``code`` (a parent sums its leaves) for ``year``: 上年结转, then 本月合计 and
    本年累计 for every month with lines and always December, and 结转下年 once closed. In
    the month of the year-end closing vouchers (结账分录), the month's other vouchers are
    one summarised row and each closing voucher a row of its own, before 本月合计."""
    accounts = ctx.books.accounts()
    acc = accounts.get(code)
    if acc is None:
        raise NotAllowed(tr("account {code} does not exist", code=code))
    y0 = dt.date(year, 1, 1)
    start = views.line_total(
        ctx, views.Lines(prefixes=(code,), date_to=y0 - dt.timedelta(days=1))
    ) + sum(
        amount
        for account, amount in views.year_opening_totals(ctx, year, OPENING_KINDS)
        if account.startswith(code)
    )
    # month → (seq, 借, 贷, the voucher's kind)
    months: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    rows_in = views.line_rows(
        ctx, ("date", "seq", "amount", "kind"), views.Lines(prefixes=(code,), year=year)
    )
    for day, seq, amount, kind in _not_opening(rows_in, y0):
        d, c = _sides(int(str(amount)), str(kind))
        months[int(str(day)[5:7])].append((int(str(seq)), d, c, str(kind)))
    rows = [LedgerRow("brought_forward", 1, y0, "", 0, 0, start)]
    balance, ytd_d, ytd_c = start, 0, 0
    for month in range(1, 13):
        lines = months.get(month)
        if not lines and month != 12:
            continue
        lines = lines or []
        d, c = sum(x[1] for x in lines), sum(x[2] for x in lines)
        opening = balance
        end = month_end(year, month)
        closing = sorted({x[0]: x[3] for x in lines if x[3] in CLOSING}.items())
        if closing:  # 结账分录 itemised after the month's other vouchers, summarised
            others = [x for x in lines if x[3] not in CLOSING]
            if others:
                od, oc = sum(x[1] for x in others), sum(x[2] for x in others)
                balance += od - oc
                rows.append(LedgerRow("summary", month, end, _span(year, others), od, oc, balance))
            for seq, kind in closing:
                mine = [x for x in lines if x[0] == seq]
                cd, cc = sum(x[1] for x in mine), sum(x[2] for x in mine)
                balance += cd - cc
                rows.append(LedgerRow(kind, month, end, f"{year}-{seq}", cd, cc, balance))
        balance = opening + d - c
        ytd_d, ytd_c = ytd_d + d, ytd_c + c
        rows.append(
            LedgerRow("month_total", month, end, _span(year, lines), d, c, balance, opening)
        )
        rows.append(LedgerRow("year_to_date", month, end, "", ytd_d, ytd_c, balance))
    if ctx.books.is_closed(year):
        rows.append(LedgerRow("carried_forward", 12, dt.date(year, 12, 31), "", 0, 0, balance))
    return acc, rows


def _span(year: int, lines: list[tuple[int, int, int, str]]) -> str:
    """The voucher numbers of ``lines``: ``2024-3–2024-17``, one number, or nothing."""
    seqs = sorted({x[0] for x in lines})
    if len(seqs) > 1:
        return f"{year}-{seqs[0]}–{year}-{seqs[-1]}"
    return f"{year}-{seqs[0]}" if seqs else ""


def _not_opening(
    rows: Iterable[tuple[object, ...]], y0: dt.date
) -> Iterable[tuple[object, object, object, object]]:
    first = y0.isoformat()
    for day, seq, amount, kind in rows:
        if kind in YEAR_OPENING and str(day) == first:
            continue  # a year-opening voucher is in 上年结转
        yield day, seq, amount, kind


def _sides(amount: int, kind: str) -> tuple[int, int]:
    """(借方, 贷方) of one line; a red line stays on its original side, negative."""
    if kind == K.REVERSAL:
        return (amount, 0) if amount < 0 else (0, -amount)
    return (amount, 0) if amount > 0 else (0, -amount)


# ----- 日记账 -----------------------------------------------------------------------------------

#: The accounts that keep a 日记账 (cash on hand, bank, other monetary funds) and their leaves.
JOURNAL_ACCOUNTS = ("101", "102", "109")


@dataclass
class JournalRow:
    # opening | line | day_total | month_total | year_to_date | carried_forward
    kind: str
    date: dt.date
    number: str = ""
    memo: str = ""
    counter_accounts: list[str] = field(default_factory=list)
    counter_names: str = ""
    receipt: int = 0
    payment: int = 0
    balance: int = 0
    red: bool = False
    account: str = ""
    member: str | None = None


def journal_leaves(ctx: Context, code: str) -> list[Account]:
    """The leaves a 日记账 of ``code`` is kept for (refused for any other account)."""
    accounts = ctx.books.accounts()
    if code not in accounts:
        raise NotAllowed(tr("account {code} does not exist", code=code))
    if not code.startswith(JOURNAL_ACCOUNTS):
        raise NotAllowed(tr("a 日记账 is kept for 101, 102 and 109 only"))
    parents = _parents(accounts)
    return [accounts[c] for c in sorted(accounts) if c.startswith(code) and c not in parents]


def journal(ctx: Context, leaf: Account, period: Period) -> list[JournalRow]:
    """日记账 of one leaf: the opening (上年结转 when the period opens the year), each line
    with its other side (对方科目), 本日合计 after each day, 本月合计 and 本年累计 after each
    month, 结转下年 at a closed year's end (statutory.md §9.5)."""
    return account_book(ctx, leaf.code, None, period, daily=True)


def subsidiary_ledger(
    ctx: Context, code: str, member: str | None, period: Period
) -> list[JournalRow]:
    """明细账 of ``code`` (a parent with its sub-accounts; one member's lines with
    ``member``): the opening, each line with its running balance, 本月合计 and 本年累计
    after each month, 结转下年 at a closed year's end (statutory.md §9.4)."""
    return account_book(ctx, code, member, period, daily=False)


def whole_books(ctx: Context) -> Period:
    """From 1 January of the first year with a voucher to the end of the last one."""
    first = ctx.books.first_year() or posting.first_year(ctx)  # no voucher: the books begin
    last = views.last_voucher_year(ctx) or first
    return Period(dt.date(first, 1, 1), dt.date(last, 12, 31))


def account_book(
    ctx: Context, prefix: str, member: str | None, period: Period, *, daily: bool
) -> list[JournalRow]:
    """The rows of a book of the lines on ``prefix`` (and its sub-accounts), of ``member``
    when given, dated in ``period``; each line names its other side (对方科目); ``daily``
    adds 本日合计 after each day (a 日记账)."""
    return list(account_book_rows(ctx, prefix, member, period, daily=daily))


def names_leaves(ctx: Context, code: str, member: str | None, period: Period) -> bool:
    """Whether the book of ``code`` (of ``member``) in ``period`` holds lines of its
    sub-accounts: a parent's book names each line's leaf."""
    return views.has_lines_below(ctx, code, member, period.start, period.end)


def account_book_rows(
    ctx: Context, prefix: str, member: str | None, period: Period, *, daily: bool
) -> Iterator[JournalRow]:
    """``account_book``'s rows, streamed: a voucher's lines at a time in memory (a book
    of every year at a million postings prints in flat memory)."""
    accounts = ctx.books.accounts()
    before = period.start - dt.timedelta(days=1)
    opening = views.line_total(ctx, views.Lines(prefixes=(prefix,), member=member, date_to=before))
    skip_first = period.opens_year
    if skip_first:
        opening += sum(
            a
            for c, m, a in views.year_opening_totals(
                ctx, period.start.year, OPENING_KINDS, ("account", "member")
            )
            if c.startswith(prefix) and (member is None or m == member)
        )
    vouchers = itertools.groupby(
        views.lines_of_vouchers_touching(ctx, prefix, period.start, period.end),
        key=lambda row: (int(row[0]), int(row[1])),
    )
    rows: list[JournalRow] = []  # the rows made since the last yield
    yield JournalRow("opening", period.start, balance=opening)
    balance = opening
    day_r = day_p = month_r = month_p = ytd_r = ytd_p = 0
    last_day: dt.date | None = None
    first_day = period.start.isoformat()

    def ours(ln: tuple[Any, ...]) -> bool:
        return str(ln[6]).startswith(prefix) and (member is None or ln[7] == member)

    def close_day(day: dt.date, month_done: bool) -> None:
        nonlocal day_r, day_p, month_r, month_p
        if daily:
            rows.append(JournalRow("day_total", day, receipt=day_r, payment=day_p, balance=balance))
        day_r = day_p = 0
        if month_done:
            end = month_end(day.year, day.month)
            rows.append(
                JournalRow("month_total", end, receipt=month_r, payment=month_p, balance=balance)
            )
            rows.append(
                JournalRow("year_to_date", end, receipt=ytd_r, payment=ytd_p, balance=balance)
            )
            month_r = month_p = 0

    for (year, seq), grouped in vouchers:  # in date and number order: the query's
        yield from rows
        rows.clear()
        lines = list(grouped)
        day = dt.date.fromisoformat(str(lines[0][3]))
        kind = str(lines[0][5])
        if skip_first and kind in YEAR_OPENING and str(lines[0][3]) == first_day:
            continue
        if not any(ours(ln) for ln in lines):
            continue  # the voucher touched the account, but not this member's part of it
        if last_day is not None and day != last_day:
            close_day(last_day, (day.year, day.month) != (last_day.year, last_day.month))
        if last_day is not None and day.year != last_day.year:
            ytd_r = ytd_p = 0
        last_day = day
        sides = [(ln, *_sides(int(ln[8]), kind)) for ln in lines]
        for ln, d, c in sides:
            if not ours(ln):
                continue
            debit_side = d != 0 or (c == 0 and int(ln[8]) > 0)
            amount = d if debit_side else c
            others = [
                (o, od, oc)
                for o, od, oc in sides
                if o is not ln and (od != 0) != debit_side and not str(o[6]).startswith(prefix)
            ]
            same = [o for o, od, oc in others if (od if od else oc) == amount]
            chosen = same if len(same) == 1 else [o for o, _d, _c in others]
            names: list[str] = []
            for o in chosen:
                top = accounts[str(o[6])[:3]].name if str(o[6])[:3] in accounts else str(o[6])
                if top not in names:
                    names.append(top)
            said = "、".join(names[:2]) + ("等" if len(names) > 2 else "")
            balance += d - c
            day_r, day_p = day_r + d, day_p + c
            month_r, month_p = month_r + d, month_p + c
            ytd_r, ytd_p = ytd_r + d, ytd_p + c
            rows.append(
                JournalRow(
                    "line",
                    day,
                    f"{year}-{seq}",
                    str(ln[4]),
                    [str(o[6]) for o in chosen],
                    said,
                    d,
                    c,
                    balance,
                    kind == K.REVERSAL,
                    str(ln[6]),
                    None if ln[7] is None else str(ln[7]),
                )
            )
    if last_day is not None:
        close_day(last_day, True)
    end = period.end
    if end.month == 12 and end.day == 31 and ctx.books.is_closed(end.year):
        rows.append(JournalRow("carried_forward", end, balance=balance))
    yield from rows


def disclosure_threshold(ctx: Context, year: int) -> int:
    """The charter's ``disclosure_detail_threshold`` for ``year`` (fen)."""
    return repo.charter(ctx, year).disclosure_detail_threshold


def disclosure_detail(lines: list[JournalRow], threshold: int) -> list[tuple[JournalRow, int]]:
    """财务公开 part 1 (statutory.md §9.7): each money line with 1, except those below
    ``threshold`` (charter ``disclosure_detail_threshold``; 0 keeps all), which are summed
    into one row per side and counter-account (kind ``others``, dated by its last line)
    with how many lines it sums, after the lines kept."""
    kept: list[tuple[JournalRow, int]] = []
    summed: dict[tuple[bool, str], list[JournalRow]] = {}
    for r in lines:
        if max(r.receipt, r.payment) < threshold:
            summed.setdefault((bool(r.receipt), r.counter_names), []).append(r)
        else:
            kept.append((r, 1))
    for (_side, names), rows in sorted(summed.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
        kept.append(
            (
                JournalRow(
                    "others",
                    rows[-1].date,
                    counter_accounts=rows[0].counter_accounts,
                    counter_names=names,
                    receipt=sum(r.receipt for r in rows),
                    payment=sum(r.payment for r in rows),
                ),
                len(rows),
            )
        )
    return kept
