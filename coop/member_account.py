"""成员账户 as the official dated ledger of one member and year (statutory.md §6): the
opening, one numbered entry per command run and date that changed the member's 出资,
公积金份额, 补助份额 or 捐赠份额 or gave them a 盈余返还 or 剩余盈余分配, and the closing.

交易量 and 交易额 are kept per product the member traded in the year (its trade records,
operations.md §7.1)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from coop import capital_tags
from coop.kinds import CONVERTED_PATRONAGE, CONVERTED_RESIDUAL, YEAR_OPENING, Acct
from coop.kinds import VoucherKind as K
from coop.members import require
from coop.store import repo, views
from coop.store.uow import Context

BALANCES = ("capital_poverty", "capital_other", "reserve_share", "subsidy_share", "donation_share")
FLOWS = ("patronage_return", "residual_distribution")
SHARES = {"reserve": "reserve_share", "subsidy": "subsidy_share", "donation": "donation_share"}
#: A distribution's conversion at posting (O§2.7): its 221/222 lines hold p − cp and
#: q − cq, these memo entries cp and cq, so the columns show p and q as allocated.
CONVERSIONS = {CONVERTED_PATRONAGE: "patronage_return", CONVERTED_RESIDUAL: "residual_distribution"}


@dataclass
class Entry:
    no: int
    date: str
    voucher: str | None
    memo: str
    cause: str | None  # a memo-only row: the cause of its entries (its 摘要 is worded from it)
    values: dict[str, int] = field(default_factory=dict)  # only the columns it touches


@dataclass
class MemberAccount:
    member_no: str
    name: str
    year: int
    opening: dict[str, int]
    entries: list[Entry]
    closing: dict[str, int]
    address: str = ""
    #: The products the member traded in the year: (product_no, name, unit), by number.
    products: list[tuple[str, str, str]] = field(default_factory=list)


def member_account(ctx: Context, member: str, year: int) -> MemberAccount:
    m = require(ctx, member)
    y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = y0.isoformat()

    def year_opening(kind: str, day: str) -> bool:
        return kind in YEAR_OPENING and day == first

    opening = dict.fromkeys(BALANCES, 0)
    poverty = {
        line
        for line, (who, tag) in capital_tags.tagged_lines(ctx).items()
        if who == member and tag == capital_tags.POVERTY
    }

    def capital_column(vyear: object, vseq: object, line_no: object) -> str:
        """出资 by its source (operations.md §2.3): a 301@M line tagged poverty, else other."""
        tagged = (f"{vyear}-{vseq}", int(str(line_no))) in poverty
        return "capital_poverty" if tagged else "capital_other"

    for vyear, vseq, line_no, amount in views.line_rows(
        ctx,
        ("year", "seq", "line_no", "amount"),
        views.Lines(accounts=(Acct.SHARE_CAPITAL,), member=member, date_to=y0 - dt.timedelta(1)),
    ):
        opening[capital_column(vyear, vseq, line_no)] -= int(amount)
    commands = views.command_links(ctx)

    def command_of(seq: int) -> int:
        i = bisect.bisect_left(commands, seq)
        return commands[i] if i < len(commands) else seq

    groups: dict[tuple[int, str], dict[str, object]] = {}

    def group(seq: int, day: str) -> dict[str, object]:
        key = (command_of(seq), day)
        if key not in groups:
            groups[key] = {"values": {}, "voucher": None, "memo": "", "cause": None, "seq": seq}
        return groups[key]

    lines = views.line_rows(
        ctx,
        ("chain_seq", "year", "seq", "date", "memo", "kind", "account", "amount", "line_no"),
        views.Lines(
            accounts=(Acct.SHARE_CAPITAL, Acct.PATRONAGE_PAYABLE, Acct.RESIDUAL_PAYABLE),
            member=member,
            date_from=y0,
            date_to=y1,
        ),
    )
    for seq, vyear, vseq, day, memo, kind, account, amount, line_no in lines:
        if year_opening(str(kind), str(day)):
            if account == Acct.SHARE_CAPITAL:
                opening[capital_column(vyear, vseq, line_no)] -= int(amount)
            continue
        line_column = {
            Acct.SHARE_CAPITAL: capital_column(vyear, vseq, line_no),
            Acct.PATRONAGE_PAYABLE: "patronage_return",
            Acct.RESIDUAL_PAYABLE: "residual_distribution",
        }[str(account)]
        if line_column in FLOWS and kind != K.DISTRIBUTION:
            continue  # payments and settlements of what is owed are on the statement
        g = group(int(seq), str(day))
        values = g["values"]
        assert isinstance(values, dict)
        values[line_column] = values.get(line_column, 0) - int(amount)
        number = f"{vyear}-{vseq}"
        if g["voucher"] is None or int(seq) < int(str(g["seq"])):
            g["voucher"], g["memo"], g["seq"] = number, str(memo), int(seq)
    for seq, day, share, amount, _year, cause in views.member_memo_entries(ctx, member, y1):
        column = SHARES.get(share) or CONVERSIONS.get(share)
        if column is None:
            continue  # owed:… entries of an opening are not shares
        if day < first or (day == first and cause.startswith("opening")):
            if column in opening:  # a flow of an earlier year opens nothing
                opening[column] += amount
            continue
        g = group(seq, day)
        values = g["values"]
        assert isinstance(values, dict)
        values[column] = values.get(column, 0) + amount
        if g["voucher"] is None and g["cause"] is None:
            g["cause"] = cause

    # Trade records (statutory.md §6.2): 交易量 and 交易额 of their product, on the row of
    # the command that wrote them; a reversed voucher voids its records.
    void = ctx.books.reversed_numbers()
    traded: set[str] = set()
    catalogue = repo.product_rows(ctx)
    for r in repo.trade_rows(ctx):
        if r["member_no"] != member or not first <= r["date"] <= y1.isoformat():
            continue
        if r["voucher"] is not None and r["voucher"] in void:
            continue
        g = group(int(r["chain_seq"]), r["date"])
        values = g["values"]
        assert isinstance(values, dict)
        p = r["product_no"]
        traded.add(p)
        values[f"quantity:{p}"] = values.get(f"quantity:{p}", 0) + (r["quantity"] or 0)
        values[f"amount:{p}"] = values.get(f"amount:{p}", 0) + r["amount"]
        if g["voucher"] is None and g["cause"] is None and r["voucher"] is not None:
            g["voucher"], g["memo"] = r["voucher"], ctx.books.voucher(r["voucher"]).voucher.memo
        if not g["memo"]:  # a record entered without a voucher: worded from its kind
            name = catalogue.get(p, {}).get("name", p)
            g["memo"] = {"delivery": "交售", "purchase": "购买"}.get(r["kind"], "接受服务：") + name
    # A memo-only row carries the voucher its command wrote that day (the donation's
    # 2024-6 beside its quantified shares), its 摘要 still worded from its cause.
    by_command: dict[tuple[int, str], str] = {}
    for seq, number, day in views.vouchers_between(ctx, y0, y1):
        by_command.setdefault((command_of(seq), day), number)
    for key, g in groups.items():
        if g["voucher"] is None and key in by_command:
            g["voucher"] = by_command[key]

    def order(item: tuple[tuple[int, str], dict[str, object]]) -> tuple[object, ...]:
        (_command, day), g = item
        if g["voucher"] is not None and g["cause"] is None:
            y, n = str(g["voucher"]).split("-")
            return (day, 0, int(y), int(n))
        return (day, 1, int(str(g["seq"])), 0)

    entries = []
    for no, (key, g) in enumerate(sorted(groups.items(), key=order), start=1):
        values = g["values"]
        assert isinstance(values, dict)
        entries.append(
            Entry(
                no,
                key[1],
                None if g["voucher"] is None else str(g["voucher"]),
                str(g["memo"]),
                None if g["cause"] is None else str(g["cause"]),
                {k: int(v) for k, v in values.items() if v},
            )
        )
    closing = {c: opening[c] + sum(e.values.get(c, 0) for e in entries) for c in BALANCES}
    flows = [*FLOWS, *(f"{k}:{p}" for p in sorted(traded) for k in ("quantity", "amount"))]
    closing |= {c: sum(e.values.get(c, 0) for e in entries) for c in flows}
    register = repo.product_rows(ctx)
    goods = [(p, register[p]["name"], register[p]["unit"]) for p in sorted(traded)]
    return MemberAccount(member, m.name, year, opening, entries, closing, m.address or "", goods)
