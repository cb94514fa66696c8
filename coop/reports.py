"""The statutory reports of domain.md §8 as data: 会农社01表 (balance sheet), 02表 (surplus
and its distribution), 03表 (changes in members' equity), and the notes (附注).

Each line carries its number, its label key (see ``coop.render.i18n``), the
accounts behind it and its amounts in fen for both columns. Totals are computed
from the lines they add, so a form foots by construction; the tests recompute
them and cross-check the forms against each other and the trial balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coop import distribution, kinds, posting
from coop.kinds import CLOSING, YEAR_OPENING, Acct
from coop.kinds import VoucherKind as K
from coop.render.i18n import t
from coop.store import repo, views
from coop.store.uow import Context
from ledger.money import format_fen


@dataclass
class ReportLine:
    no: int
    key: str
    accounts: str
    values: list[int] = field(default_factory=list)


@dataclass
class Report:
    form: str  # 会农社01表 …
    key: str
    year: int
    columns: list[str]
    lines: list[ReportLine]
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    of_which: list[tuple[str, str, str, int]] = field(default_factory=list)  # 03表 其中
    date: dt.date | None = None  # 01表: the date it is drawn at
    interim: bool = False
    blank: frozenset[int] = frozenset()  # columns not applicable (上年 before the books)
    blank_cells: frozenset[tuple[int, int]] = frozenset()  # (line, column) not filled
    period: tuple[dt.date, dt.date] | None = None  # an interim 02表


Balances = dict[str, int]


def _balances(ctx: Context, as_of: dt.date) -> tuple[Balances, int, int]:
    tb = dict(ctx.books.trial_balance(as_of))
    members = ctx.books.member_balances("114", as_of)
    return tb, *_split(members)


def balances_at(ctx: Context, day: dt.date) -> tuple[Balances, int, int]:
    """The trial balance at ``day`` with 114 split: (balances, members owing, members owed)."""
    return _balances(ctx, day)


def balances_at_start(ctx: Context, year: int) -> tuple[Balances, int, int]:
    """As ``balances_at`` for the start of ``year`` (its year-opening vouchers included)."""
    return _start(ctx, year)


def _split(members: dict[str, int]) -> tuple[int, int]:
    """114 as 01表 shows it: members owing (line 2) apart from members owed (line 24)."""
    debit = sum(v for v in members.values() if v > 0)
    credit = -sum(v for v in members.values() if v < 0)
    return debit, credit


OPENING_KINDS = tuple(sorted(YEAR_OPENING))


def start_balances(ctx: Context, year: int) -> Balances:
    """年初余额 (statutory.md §1.2): every voucher dated up to the end of Y−1, plus the
    year-opening vouchers of Y (an ``opening import`` dated Y-01-01)."""
    tb = dict(ctx.books.trial_balance(dt.date(year - 1, 12, 31)))
    for code, amount in views.year_opening_totals(ctx, year, OPENING_KINDS):
        tb[code] = tb.get(code, 0) + amount
    return tb


def _start(ctx: Context, year: int) -> tuple[Balances, int, int]:
    members = ctx.books.member_balances("114", dt.date(year - 1, 12, 31))
    for code, member, amount in views.year_opening_totals(
        ctx, year, OPENING_KINDS, ("account", "member")
    ):
        if code == "114" and member:
            members[member] = members.get(member, 0) + amount
    return start_balances(ctx, year), *_split(members)


def _sum(tb: Balances, *prefixes: str) -> int:
    return sum(v for code, v in tb.items() if code.startswith(prefixes))


BS: list[tuple[int, str, str, Callable[[Balances, int, int, dict[int, int]], int]]] = [
    (1, "bs.cash", "101 102 109", lambda b, d, c, v: _sum(b, "101", "102", "109")),
    (2, "bs.receivables", "113 114(Dr)", lambda b, d, c, v: _sum(b, "113") + d),
    (
        3,
        "bs.inventory",
        "121 122 124 125 127 128 401",
        lambda b, d, c, v: _sum(b, "121", "122", "124", "125", "127", "128", "401"),
    ),
    (4, "bs.consumable_bio", "141", lambda b, d, c, v: _sum(b, "141")),
    (5, "bs.current_assets", "1+2+3+4", lambda b, d, c, v: v[1] + v[2] + v[3] + v[4]),
    (6, "bs.investments", "131", lambda b, d, c, v: _sum(b, "131")),
    (7, "bs.productive_bio_cost", "142", lambda b, d, c, v: _sum(b, "142")),
    (8, "bs.productive_bio_dep", "143", lambda b, d, c, v: -_sum(b, "143")),
    (9, "bs.productive_bio_net", "7-8", lambda b, d, c, v: v[7] - v[8]),
    (10, "bs.fixed_cost", "151", lambda b, d, c, v: _sum(b, "151")),
    (11, "bs.fixed_dep", "152", lambda b, d, c, v: -_sum(b, "152")),
    (12, "bs.fixed_net", "10-11", lambda b, d, c, v: v[10] - v[11]),
    (13, "bs.construction", "153", lambda b, d, c, v: _sum(b, "153")),
    (14, "bs.fixed_disposal", "154", lambda b, d, c, v: _sum(b, "154")),
    (15, "bs.fixed_subtotal", "12+13+14", lambda b, d, c, v: v[12] + v[13] + v[14]),
    (16, "bs.intangible_cost", "161", lambda b, d, c, v: _sum(b, "161")),
    (17, "bs.intangible_amort", "162", lambda b, d, c, v: -_sum(b, "162")),
    (18, "bs.intangible_net", "16-17", lambda b, d, c, v: v[16] - v[17]),
    (19, "bs.welfare_bio", "144", lambda b, d, c, v: _sum(b, "144")),
    (20, "bs.long_prepaid", "171", lambda b, d, c, v: _sum(b, "171")),
    (
        21,
        "bs.noncurrent_assets",
        "6+9+15+18+19+20",
        lambda b, d, c, v: v[6] + v[9] + v[15] + v[18] + v[19] + v[20],
    ),
    (22, "bs.total_assets", "5+21", lambda b, d, c, v: v[5] + v[21]),
    (23, "bs.short_loans", "201", lambda b, d, c, v: -_sum(b, "201")),
    (24, "bs.payables", "211 114(Cr)", lambda b, d, c, v: -_sum(b, "211") + c),
    (25, "bs.wages", "212", lambda b, d, c, v: -_sum(b, "212")),
    (26, "bs.labour", "213", lambda b, d, c, v: -_sum(b, "213")),
    (27, "bs.taxes", "214", lambda b, d, c, v: -_sum(b, "214")),
    (28, "bs.interest", "215", lambda b, d, c, v: -_sum(b, "215")),
    (29, "bs.patronage_payable", "221", lambda b, d, c, v: -_sum(b, "221")),
    (30, "bs.residual_payable", "222", lambda b, d, c, v: -_sum(b, "222")),
    (31, "bs.current_liabilities", "23…30", lambda b, d, c, v: sum(v[i] for i in range(23, 31))),
    (32, "bs.long_loans", "231", lambda b, d, c, v: -_sum(b, "231")),
    (33, "bs.special_payables", "235", lambda b, d, c, v: -_sum(b, "235")),
    (34, "bs.noncurrent_liabilities", "32+33", lambda b, d, c, v: v[32] + v[33]),
    (35, "bs.total_liabilities", "31+34", lambda b, d, c, v: v[31] + v[34]),
    (36, "bs.share_capital", "301", lambda b, d, c, v: -_sum(b, "301")),
    (37, "bs.special_fund", "311", lambda b, d, c, v: -_sum(b, "311")),
    (38, "bs.capital_reserve", "321", lambda b, d, c, v: -_sum(b, "321")),
    (39, "bs.surplus_reserve", "322", lambda b, d, c, v: -_sum(b, "322")),
    # 表结法 (statutory.md §3.2): before the year is closed, the year's result to date is
    # still on the income and expense accounts; at a closed year's end they are zero
    (40, "bs.undistributed", "331 332", lambda b, d, c, v: -_sum(b, "331", "332", "5")),
    (41, "bs.total_equity", "36…40", lambda b, d, c, v: sum(v[i] for i in range(36, 41))),
    (42, "bs.total_liabilities_equity", "35+41", lambda b, d, c, v: v[35] + v[41]),
]


def balance_sheet(ctx: Context, year: int, as_of: dt.date | None = None) -> Report:
    """01表 at the end of ``year``, or at ``as_of`` (a month end: the interim form, 中期);
    年初余额 is always the start of the form's year (statutory.md §3.3)."""
    day = as_of or dt.date(year, 12, 31)
    lines = [ReportLine(no, key, accts) for no, key, accts, _ in BS]
    for tb, debit, credit in (_balances(ctx, day), _start(ctx, day.year)):
        values: dict[int, int] = {}
        for (no, _k, _a, f), line in zip(BS, lines, strict=True):
            values[no] = f(tb, debit, credit, values)
            line.values.append(values[no])
    return Report(
        "会农社01表",
        "report.balance_sheet",
        day.year,
        ["col.year_end", "col.year_start"],
        lines,
        date=day,
        interim=day != dt.date(day.year, 12, 31),
    )


#: 01表 as printed (财会〔2021〕37号 p. 80): 24 rows, assets on the left, liabilities and
#: equity on the right; a string is a heading row (no amounts), a number a line (行次).
BS_LAYOUT: list[tuple[int | str | None, int | str | None]] = [
    ("bs.h.current_assets", "bs.h.current_liabilities"),
    (1, 23),
    (2, 24),
    (3, 25),
    (4, 26),
    (5, 27),
    ("bs.h.noncurrent_assets", 28),
    (6, 29),
    (7, 30),
    (8, 31),
    (9, "bs.h.noncurrent_liabilities"),
    (10, 32),
    (11, 33),
    (12, 34),
    (13, 35),
    (14, None),
    (15, "bs.h.equity"),
    (16, 36),
    (17, 37),
    (18, 38),
    (19, 39),
    (20, 40),
    (21, 41),
    (22, 42),
]
#: Indentation of a line's label, as printed: one level, or two for the totals.
BS_INDENT = {8: 1, 9: 1, 11: 1, 12: 1, 15: 1, 17: 1, 18: 1} | {
    n: 2 for n in (5, 21, 22, 31, 34, 35, 41, 42)
}


def balance_sheet_rows(r: Report) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """The 24 rows of 01表: each side (label key or None, line no or None, values)."""
    by_no = {ln.no: ln for ln in r.lines}

    def cell(x: int | str | None) -> tuple[Any, ...]:
        if x is None:
            return (None, None, None)
        if isinstance(x, str):
            return (x, None, None)
        ln = by_no[x]
        return (ln.key, ln.no, ln.values)

    return [(cell(left), cell(right)) for left, right in BS_LAYOUT]


CLOSING_KINDS = tuple(sorted(CLOSING))


def _year_activity(
    ctx: Context, year: int, start: dt.date | None = None, end: dt.date | None = None
) -> Balances:
    """Per account, the lines of the year (or of ``start``…``end``) before the closing
    vouchers (debit positive)."""
    which = (
        views.Lines(prefixes=("5",), year=year, not_kinds=CLOSING_KINDS)
        if start is None or end is None
        else views.Lines(prefixes=("5",), date_from=start, date_to=end, not_kinds=CLOSING_KINDS)
    )
    return {a: v for a, v in views.line_totals(ctx, ("account",), which)}


def _year_end(ctx: Context, year: int, end: dt.date | None = None) -> dict[str, int]:
    """Lines 13–19 of 02表 as posted (statutory.md §2.1, G1): nothing planned is shown, so
    between ``year close`` and ``distribute post`` lines 15, 17, 18 and 19 are zero."""
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    to_date = end is None or end >= y1  # what is dated Y-12-31 is in the range

    def credits(accounts: tuple[str, ...], kind: str, day_from: dt.date) -> int:
        return -views.line_total(
            ctx,
            views.Lines(accounts=accounts, kinds=(kind,), date_from=day_from, date_to=day_from)
            if day_from == y0
            else views.Lines(accounts=accounts, kinds=(kind,), year=year),
        )

    at_end = dict(
        cover=credits((Acct.UNDISTRIBUTED,), K.COVER_LOSS, y1),
        reserve=credits((Acct.RESERVE, Acct.WELFARE), K.DISTRIBUTION, y1),
        patronage=credits((Acct.PATRONAGE_PAYABLE,), K.DISTRIBUTION, y1),
        residual=credits((Acct.RESIDUAL_PAYABLE,), K.DISTRIBUTION, y1),
        to_capital=credits((Acct.SHARE_CAPITAL,), K.DISTRIBUTION, y1),
    )
    if not to_date:
        at_end = dict.fromkeys(at_end, 0)
    return dict(
        u0=-start_balances(ctx, year).get(Acct.UNDISTRIBUTED, 0),
        other=at_end["cover"] + credits((Acct.UNDISTRIBUTED,), K.LEAVE, y0),
        reserve=at_end["reserve"],
        patronage=at_end["patronage"],
        residual=at_end["residual"],
        to_capital=at_end["to_capital"],
    )


SS_SPEC = [
    (1, "ss.operating_income", "501"),
    (2, "ss.investment_income", "511"),
    (3, "ss.operating_expense", "521"),
    (4, "ss.taxes", "522"),
    (5, "ss.admin", "523"),
    (6, "ss.finance", "524"),
    (7, "ss.operating_result", "1+2-3-4-5-6"),
    (8, "ss.other_income", "502"),
    (9, "ss.other_expense", "529"),
    (10, "ss.total_surplus", "7+8-9"),
    (11, "ss.income_tax", "531"),
    (12, "ss.surplus", "10-11"),
    (13, "ss.opening_undistributed", "33202"),
    (14, "ss.other_in", "T+X"),
    (15, "ss.reserve", "32201 32202"),
    (16, "ss.distributable", "12+13+14-15"),
    (17, "ss.patronage", "221"),
    (18, "ss.residual", "222"),
    (19, "ss.to_capital", "301"),
    (20, "ss.closing_undistributed", "16-17-18-19"),
]


def surplus_statement(ctx: Context, year: int, period: Any = None) -> Report:
    """02表 for ``year``; with ``period`` (a month, quarter or half of the year: the
    interim form, statutory.md §4.3) the columns are 本期金额 and 本年累计金额, lines 13–20
    in 本年累计 only."""
    lines = [ReportLine(no, key, accts) for no, key, accts in SS_SPEC]
    if period is not None:
        start, end = period.start, period.end
        y0 = dt.date(start.year, 1, 1)
        for a, e in (
            (_year_activity(ctx, start.year, start, end), None),
            (_year_activity(ctx, start.year, y0, end), _year_end(ctx, start.year, end)),
        ):
            values = _surplus_values(a, e)
            for line in lines:
                line.values.append(values.get(line.no, 0))
        return Report(
            "会农社02表",
            "report.surplus",
            start.year,
            ["col.this_period", "col.year_to_date"],
            lines,
            blank_cells=frozenset((no, 0) for no in range(13, 21)),
            interim=True,
            period=(start, end),
        )
    for y in (year, year - 1):
        values = _surplus_values(_year_activity(ctx, y), _year_end(ctx, y))
        for line in lines:
            line.values.append(values[line.no])
    blank = frozenset({1}) if year - 1 < posting.first_year(ctx) else frozenset()
    return Report(
        "会农社02表",
        "report.surplus",
        year,
        ["col.this_year", "col.last_year"],
        lines,
        blank=blank,
    )


def _surplus_values(a: Balances, e: dict[str, int] | None) -> dict[int, int]:
    """02表's lines from the activity ``a`` and, when given, the year-end figures ``e``."""
    v: dict[int, int] = {}
    v[1], v[2] = -_sum(a, "501"), -_sum(a, "511")
    v[3], v[4], v[5], v[6] = (_sum(a, "521"), _sum(a, "522"), _sum(a, "523"), _sum(a, "524"))
    v[7] = v[1] + v[2] - v[3] - v[4] - v[5] - v[6]
    v[8], v[9] = -_sum(a, "502"), _sum(a, "529")
    v[10] = v[7] + v[8] - v[9]
    v[11] = _sum(a, "531")
    v[12] = v[10] - v[11]
    if e is None:
        return v
    v[13], v[14], v[15] = e["u0"], e["other"], e["reserve"]
    v[16] = v[12] + v[13] + v[14] - v[15]
    v[17], v[18], v[19] = e["patronage"], e["residual"], e["to_capital"]
    v[20] = v[16] - v[17] - v[18] - v[19]
    return v


EQUITY_COLUMNS = [
    ("col.share_capital", ("301",)),
    ("col.special_fund", ("311",)),
    ("col.capital_reserve", ("321",)),
    ("col.surplus_reserve", ("322",)),
    ("col.undistributed", ("331", "332")),
]


def _movements(ctx: Context, year: int, prefixes: tuple[str, ...]) -> tuple[int, int]:
    """(increase, decrease) of a credit-normal account in the year, net of reversals; the
    year-opening vouchers are its 年初, not a movement."""
    inc = dec = 0
    # a transfer between members is no change in the total
    which = views.Lines(prefixes=prefixes, year=year, not_kinds=(K.LAND_TRANSFER,))
    first = dt.date(year, 1, 1).isoformat()
    for amount, kind, day in views.line_rows(ctx, ("amount", "kind", "date"), which):
        if kind in YEAR_OPENING and str(day) == first:
            continue
        if kind == K.REVERSAL:  # a red copy reduces the side of the line it reverses
            if amount > 0:
                inc -= amount
            else:
                dec += amount
        elif amount < 0:
            inc -= amount
        else:
            dec += amount
    return inc, dec


def equity_changes(ctx: Context, year: int) -> Report:
    end = dt.date(year, 12, 31)
    tb_end, tb_start = dict(ctx.books.trial_balance(end)), start_balances(ctx, year)
    rows = [
        ReportLine(1, "eq.opening", ""),
        ReportLine(2, "eq.increase", ""),
        ReportLine(3, "eq.decrease", ""),
        ReportLine(4, "eq.closing", ""),
    ]
    s_line = surplus_statement(ctx, year).lines
    ss = {ln.no: ln.values[0] for ln in s_line}
    for _key, prefixes in EQUITY_COLUMNS:
        opening, closing = -_sum(tb_start, *prefixes), -_sum(tb_end, *prefixes)
        if prefixes == ("331", "332"):
            surplus = ss[12]
            inc = max(surplus, 0) + ss[14]
            dec = max(-surplus, 0) + ss[15] + ss[17] + ss[18] + ss[19]
        else:
            inc, dec = _movements(ctx, year, prefixes)
        for row, value in zip(rows, (opening, inc, dec, closing), strict=True):
            row.values.append(value)
    for row in rows:
        row.values.append(sum(row.values))
    return Report(
        "会农社03表",
        "report.equity_changes",
        year,
        [k for k, _ in EQUITY_COLUMNS] + ["col.total"],
        rows,
        of_which=_of_which(ctx, year, ss),
    )


#: The 其中 cells of 03表 in form order (statutory.md §5.1–§5.2): (row, column, key).
OF_WHICH = [
    ("increase", "share_capital", "eq.inc.capital_reserve_transfer"),
    ("increase", "special_fund", "eq.inc.state_subsidy"),
    ("increase", "capital_reserve", "eq.inc.share_premium"),
    ("increase", "surplus_reserve", "eq.inc.from_surplus"),
    ("increase", "undistributed", "eq.inc.surplus"),
    ("increase", "share_capital", "eq.inc.surplus_reserve_transfer"),
    ("increase", "special_fund", "eq.inc.donation"),
    ("increase", "capital_reserve", "eq.inc.revaluation"),
    ("increase", "undistributed", "eq.inc.other_in"),
    ("increase", "share_capital", "eq.inc.contribution"),
    ("decrease", "share_capital", "eq.dec.withdrawal"),
    ("decrease", "capital_reserve", "eq.dec.capital_reserve_to_capital"),
    ("decrease", "surplus_reserve", "eq.dec.surplus_reserve_to_capital"),
    ("decrease", "undistributed", "eq.dec.reserve"),
    ("decrease", "capital_reserve", "eq.dec.capital_reserve_cover"),
    ("decrease", "surplus_reserve", "eq.dec.cover_loss"),
    ("decrease", "undistributed", "eq.dec.patronage"),
    ("decrease", "undistributed", "eq.dec.residual"),
    ("decrease", "undistributed", "eq.dec.to_capital"),
]


def _of_which(ctx: Context, year: int, ss: dict[int, int]) -> list[tuple[str, str, str, int]]:
    """The 其中 cells: what part of a row's amount came from which kind of voucher."""
    moved = views.kind_side_totals(ctx, year, ("301", "311", "321", "322"), red_kind=K.REVERSAL)

    def credits(acct: str, *kinds: str) -> int:
        return sum(moved.get((acct, k), (0, 0))[1] for k in kinds)

    def debits(acct: str, *kinds: str) -> int:
        return sum(moved.get((acct, k), (0, 0))[0] for k in kinds)

    known = {K.CONTRIBUTE, kinds.ASSET_CONTRIBUTE}
    value = {
        "eq.inc.capital_reserve_transfer": credits("301", kinds.CAPITALISE_321),
        "eq.inc.surplus_reserve_transfer": credits("301", kinds.CAPITALISE_322),
        "eq.inc.contribution": credits(
            "301", K.CONTRIBUTE, K.LAND, kinds.ASSET_CONTRIBUTE, K.CONVERT, K.DISTRIBUTION
        ),
        "eq.inc.state_subsidy": credits("311", K.SUBSIDY_CAPITALISE, kinds.SUBSIDY_ASSET),
        "eq.inc.donation": credits("311", kinds.DONATION, kinds.DONATION_ASSET),
        "eq.inc.share_premium": credits("321", *known),
        "eq.inc.revaluation": sum(
            c
            for (acct, kind), (_d, c) in moved.items()
            if acct == "321" and kind not in known and kind not in YEAR_OPENING
        ),
        "eq.inc.from_surplus": credits("322", K.DISTRIBUTION),
        "eq.inc.surplus": max(ss[12], 0),
        "eq.inc.other_in": ss[14],
        "eq.dec.withdrawal": sum(
            d
            for (acct, kind), (d, _c) in moved.items()
            if acct == "301" and kind not in (K.LAND_TRANSFER, *YEAR_OPENING)
        ),
        "eq.dec.capital_reserve_to_capital": debits("321", kinds.CAPITALISE_321),
        "eq.dec.capital_reserve_cover": 0,
        "eq.dec.surplus_reserve_to_capital": debits("322", kinds.CAPITALISE_322),
        "eq.dec.cover_loss": debits("322", K.COVER_LOSS),
        "eq.dec.reserve": ss[15],
        "eq.dec.patronage": ss[17],
        "eq.dec.residual": ss[18],
        "eq.dec.to_capital": ss[19],
    }
    return [(row, column, key, value[key]) for row, column, key in OF_WHICH]


def notes(ctx: Context, year: int) -> list[tuple[str, dict[str, str]]]:
    """附注: the charter's rates, the land policy and the distribution, as catalog keys."""
    c = repo.charter(ctx, year).as_text()
    out: list[tuple[str, dict[str, str]]] = [
        ("note.charter", c),
        ("note.land_policy", {"value": c["land_value_per_mu"], "base": c["base_rate"]}),
        ("note.base_expense", {}),
    ]
    row = distribution.posted(ctx, year)
    if row is not None:
        plan = distribution.compute_posted(ctx, row)
        data = distribution.plan_json(plan)
        out.append(
            (
                "note.distribution",
                {k: str(v) for k, v in data.items() if isinstance(v, str)}
                | {"approved_on": row.approved_on or "—"},
            )
        )
    return out


def report_json(r: Report, lang: str = "zh", unit: str | None = None) -> dict[str, Any]:
    """The form as data: stable English keys (``key``, ``columns``) and, beside them, the
    labels in ``lang`` (``title``, ``column_labels``, each line's ``label``); ``unit`` is
    the 编制单位."""
    out: dict[str, Any] = {
        "form": r.form,
        "title": t(lang, r.key),
        "unit": unit,
        "currency_unit": t(lang, "form.currency_unit"),
        "year": r.year,
        "columns": r.columns,
        "column_labels": [t(lang, c) for c in r.columns],
        "lines": [
            {
                "no": ln.no,
                "key": ln.key,
                "label": t(lang, ln.key),
                "accounts": ln.accounts,
                "values": [
                    None if i in r.blank or (ln.no, i) in r.blank_cells else format_fen(v)
                    for i, v in enumerate(ln.values)
                ],
            }
            for ln in r.lines
        ],
    }
    if r.period is not None:
        out["from"], out["to"] = r.period[0].isoformat(), r.period[1].isoformat()
        out["interim"] = True
    if r.of_which:
        out["of_which"] = [
            {
                "row": row,
                "column": column,
                "key": key,
                "label": t(lang, key),
                "value": format_fen(value),
            }
            for row, column, key, value in r.of_which
        ]
        v = {ln.no: ln.values for ln in r.lines}
        out["foots"] = all(v[1][i] + v[2][i] - v[3][i] == v[4][i] for i in range(len(v[1])))
    if r.form == "会农社01表" and r.date is not None:
        out["date"] = r.date.isoformat()
        out["interim"] = r.interim
        place: dict[int, tuple[str, int]] = {}
        headings = []
        for row, (left, right) in enumerate(BS_LAYOUT, start=1):
            for side, x in (("assets", left), ("liabilities_equity", right)):
                if isinstance(x, int):
                    place[x] = (side, row)
                elif isinstance(x, str):
                    headings.append({"side": side, "row": row, "label": t(lang, x)})
        out["headings"] = headings
        for line in out["lines"]:
            line["side"], line["row"] = place[line["no"]]
        v = {ln.no: ln.values for ln in r.lines}
        out["balanced"] = v[22] == v[42]
    return out
