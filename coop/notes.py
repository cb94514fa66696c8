"""附注: the nine items of 财会〔2021〕37号 art. 58 (statutory.md §7.1), in order, from what
the books hold. An item with nothing to say says 无; every item is always present, so a
reader sees the whole list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from coop import assets, distribution, entered_notes, land, org, products, reports, trade
from coop.errors import NotAllowed
from coop.kinds import Acct
from coop.kinds import VoucherKind as K
from coop.members import ORGANISATIONS, kinds_on
from coop.render.document import percent_rates
from coop.render.i18n import t
from coop.store import repo, views
from coop.store.uow import Context
from coop.yearend import plan_json
from ledger.errors import LedgerError
from ledger.i18n import tr
from ledger.money import Rounding, format_area, format_fen, parse_area, round_fraction

#: The items in order: (number, heading key).
ITEMS = [
    ("1", "nt.1"),
    ("2", "nt.2"),
    ("3.1", "nt.3.1"),
    ("3.2", "nt.3.2"),
    ("3.3", "nt.3.3"),
    ("3.4", "nt.3.4"),
    ("4", "nt.4"),
    ("5", "nt.5"),
    ("6", "nt.6"),
    ("7.1", "nt.7.1"),
    ("7.2", "nt.7.2"),
    ("7.3", "nt.7.3"),
    ("7.4", "nt.7.4"),
    ("7.5", "nt.7.5"),
    ("7.6", "nt.7.6"),
    ("7.7", "nt.7.7"),
    ("7.8", "nt.7.8"),
    ("7.9", "nt.7.9"),
    ("8", "nt.8"),
    ("9", "nt.9"),
]
#: A text the accountant entered: printed as written, in any language.
RAW = ""
#: 01表 lines whose leaf accounts item 4 shows (统计 of the main items).
ITEM4_LINES = (1, 2, 3, 4, 6, 13, 20, 24, 33)


@dataclass
class Table:
    columns: list[str]  # label keys
    rows: list[list[str]]


@dataclass
class Item:
    no: str
    title: str  # label key
    texts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (label key, values)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Notes:
    year: int
    items: list[Item]
    draft_plan: bool


def notes(
    ctx: Context,
    year: int,
    lang: str = "zh",
    retain: int = 0,
    convert: Fraction = Fraction(0),
) -> Notes:
    """The items for ``year``; account names in ``lang``; ``retain`` and ``convert`` shape
    the draft plan of item 7(8) while the distribution is not posted."""
    if ctx.books.first_year() is None:
        raise NotAllowed(tr("the books have no voucher yet: there are no notes to write"))
    by = {no: Item(no, key) for no, key in ITEMS}
    end = dt.date(year, 12, 31)
    bs = {ln.no: ln.values for ln in reports.balance_sheet(ctx, year).lines}
    members = repo.members(ctx)
    notices = repo.notices(ctx)

    def on_books(no: str) -> bool:
        m = members[no]
        gone = notices.get(no)
        return m.joined_on <= end.isoformat() and (gone is None or gone.exit_on > end.isoformat())

    present = sorted(no for no in members if on_books(no))
    kinds = kinds_on(ctx, end)
    farmers = sum(kinds[no] == "farmer" for no in present)
    bodies = sum(kinds[no] in ORGANISATIONS for no in present)

    def percent(n: int) -> str:
        return format_fen(round_fraction(Fraction(n * 10000, len(present)), Rounding.HALF_UP))

    by["1"].texts.append(("nt.1.text", {"year": year}))
    by["2"].texts.append(
        (
            "nt.2.text",
            {
                "capital": format_fen(bs[36][0]),
                "members": len(present),
                "farmers": farmers,
                "share": percent(farmers) if present else "0.00",
            },
        )
    )
    capital = ctx.books.member_balances(Acct.SHARE_CAPITAL, end)
    reserve = repo.memo_balances(ctx, "reserve", as_of=end)
    by["3.2"].tables.append(
        Table(
            ["h.member_no", "h.member_name", "h.capital", "h.reserve_share"],
            [
                [
                    no,
                    members[no].name,
                    format_fen(-capital.get(no, 0)),
                    format_fen(reserve.get(no, 0)),
                ]
                for no in present
            ],
        )
    )
    joined = [
        (no, m.joined_on) for no, m in sorted(members.items()) if m.joined_on[:4] == str(year)
    ]
    left = [(no, n.exit_on) for no, n in sorted(notices.items()) if n.exit_on[:4] == str(year)]
    if joined:
        by["3.2"].texts.append(("nt.3.2.joined", {"list": _list(joined)}))
    if left:
        by["3.2"].texts.append(("nt.3.2.left", {"list": _list(left)}))
    by["3.3"].texts.append(
        ("nt.3.3.text", {"count": bodies, "share": percent(bodies) if present else "0.00"})
    )
    _organisation(ctx, year, by)
    eq = reports.equity_changes(ctx, year)
    by["3.4"].tables.append(
        Table(
            ["col.item", *eq.columns],
            [[ln.key, *[format_fen(v) for v in ln.values]] for ln in eq.lines],
        )
    )
    _item4(ctx, year, by["4"], lang)
    _item73(ctx, year, by["7.3"])
    _item75(ctx, year, by["7.5"])
    _item76(ctx, year, by["7.6"])
    charter = repo.charter(ctx, year).as_text()
    rates = percent_rates(charter)
    by["7.7"].texts.append(
        ("nt.7.7.text", {"reserve": rates["reserve_rate"], "welfare": rates["welfare_rate"]})
    )
    draft = _item78(ctx, year, by["7.8"], retain, convert)
    _entered(ctx, year, by)
    return Notes(year, [by[no] for no, _ in ITEMS], draft)


def _item76(ctx: Context, year: int, item: Item) -> None:
    """Item 7(6) (law art. 41): per product, the year's trade with members and with
    non-members, and the members' share of the amount (the trade register)."""
    totals = trade.totals(ctx, trade.standing(ctx, year))
    if not totals:
        return
    item.tables.append(
        Table(
            [
                "h.name",
                "h.unit",
                "h.member_quantity",
                "h.member_amount",
                "h.non_member_quantity",
                "h.non_member_amount",
                "h.member_share",
            ],
            [
                [
                    f"{r['product_no']} {r['name'] or ''}".strip(),
                    r["unit"] or "",
                    r["member_quantity"],
                    r["member_amount"],
                    r["non_member_quantity"],
                    r["non_member_amount"],
                    r["member_share"] or "—",
                ]
                for r in totals
            ],
        )
    )


def _entered(ctx: Context, year: int, by: dict[str, Item]) -> None:
    """What the accountant entered (``coop notes``): the texts of items 4, 7(1), 7(2),
    7(3), 7(5), 7(9) and 9; the losses of item 5; the tax adjustments of item 8."""
    for item, text in entered_notes.texts(ctx, year).items():
        if item in by:
            by[item].texts.append((RAW, {"text": text}))
    rows = [
        [entered_notes.category_label(x.category), x.name, format_fen(x.amount), x.explanation]
        for x in entered_notes.losses(ctx, year)
    ]
    # the assets flagged at the year end (`asset flag --impaired`), at their net book value
    rows += [
        [
            entered_notes.category_label("fixed_asset" if c["category"] == "fixed" else "other"),
            f"{c['asset_no']} {c['name']}",
            c["net"],
            c["impaired"],
        ]
        for c in assets.listed(ctx, dt.date(year, 12, 31), False, None)
        if c["impaired"]
    ]
    if rows:
        by["5"].tables.append(
            Table(["nt.h.category", "nt.h.name", "h.amount", "nt.h.explanation"], rows)
        )
    rate, items = entered_notes.tax(ctx, year)
    if rate is None and not items:
        return
    ss = {ln.no: ln.values[0] for ln in reports.surplus_statement(ctx, year).lines}
    up = sum(x.amount for x in items if x.kind == "increase")
    down = sum(x.amount for x in items if x.kind == "decrease")
    taxable = ss[10] + up - down
    due = (
        round_fraction(taxable * rate, Rounding.HALF_UP) if rate is not None and taxable > 0 else 0
    )
    if items:
        by["8"].tables.append(
            Table(
                ["nt.h.kind", "nt.h.item", "h.amount"],
                [
                    [entered_notes.tax_kind_label(x.kind), x.item, format_fen(x.amount)]
                    for x in items
                ],
            )
        )
    by["8"].texts.append(
        (
            "nt.8.text",
            {
                "total": format_fen(ss[10]),
                "up": format_fen(up),
                "down": format_fen(down),
                "taxable": format_fen(taxable),
                "rate": entered_notes.rate_text(rate) if rate is not None else "—",
                "due": format_fen(due),
                "booked": format_fen(ss[11]),
                "difference": format_fen(due - ss[11]),
            },
        )
    )


def _organisation(ctx: Context, year: int, by: dict[str, Item]) -> None:
    """Items 2, 3(1) and 7(1) from the organisation register (``coop org``)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    now = org.org_values(ctx, end)
    for key in ("credit_code", "address", "registered_on", "service_objects", "business_items"):
        if now.get(key):
            by["2"].texts.append(("nt.2.org", {"label": org.key_label(key), "value": now[key]}))
    held = org.officers(ctx, year=year)
    if held:
        by["3.1"].tables.append(
            Table(
                ["nt.h.role", "h.member_name", "h.member_no", "nt.h.from", "nt.h.to"],
                [
                    [
                        org.officer_label(o.role),
                        o.name,
                        o.member_no or "",
                        o.from_date,
                        o.to_date or "",
                    ]
                    for o in held
                ],
            )
        )
        came = [o for o in held if o.from_date[:4] == f"{year}"]
        went = [o for o in held if o.to_date and o.to_date[:4] == f"{year}"]
        for o in came:
            by["3.1"].texts.append(
                (
                    "nt.3.1.came",
                    {"name": o.name, "role": org.officer_label(o.role), "date": o.from_date},
                )
            )
        for o in went:
            by["3.1"].texts.append(
                (
                    "nt.3.1.went",
                    {"name": o.name, "role": org.officer_label(o.role), "date": o.to_date or ""},
                )
            )
    before = org.org_values(ctx, start - dt.timedelta(days=1)).get("business_items")
    after = now.get("business_items")
    if after and before and before != after:
        by["7.1"].texts.append(("nt.7.1.text", {"before": before, "after": after}))


def _list(pairs: list[tuple[str, str]]) -> str:
    return "、".join(f"{no}（{day}）" for no, day in pairs)


def _item4(ctx: Context, year: int, item: Item, lang: str) -> None:
    """The leaf accounts behind the main lines of 01表 (年初 and 期末) and behind 02表 lines
    1 and 3; then the land policy the books follow."""
    accounts = ctx.books.accounts()

    def name(code: str) -> str:
        return accounts[code].name if lang == "zh" else accounts[code].name_en

    end, end_owing, end_owed = reports.balances_at(ctx, dt.date(year, 12, 31))
    start, start_owing, start_owed = reports.balances_at_start(ctx, year)
    lines = {no: accts for no, _key, accts, _f in reports.BS}
    rows = []
    for no in ITEM4_LINES:
        prefixes = tuple(p.split("(")[0] for p in lines[no].split() if p[0].isdigit())
        for code in sorted(set(end) | set(start)):
            if not code.startswith(prefixes):
                continue
            before, after = start.get(code, 0), end.get(code, 0)
            if code.startswith(Acct.MEMBER_CURRENT):  # members owing on line 2, owed on 24
                before, after = (start_owing, end_owing) if no == 2 else (start_owed, end_owed)
            if before or after:
                rows.append([str(no), code, name(code), format_fen(before), format_fen(after)])
    if rows:
        item.tables.append(
            Table(["col.line", "h.code", "h.account_name", "col.year_start", "col.year_end"], rows)
        )
    activity = views.line_totals(
        ctx,
        ("account",),
        views.Lines(prefixes=("501", "521"), year=year, not_kinds=reports.CLOSING_KINDS),
    )
    if any(v for _c, v in activity):
        item.tables.append(
            Table(
                ["h.code", "h.account_name", "col.this_year"],
                [[c, name(c), format_fen(abs(v))] for c, v in activity if v],
            )
        )
    charter = repo.charter(ctx, year).as_text()
    item.texts.append(
        ("note.land_policy", {"value": charter["land_value_per_mu"], "base": charter["base_rate"]})
    )
    item.texts.append(("note.base_expense", {}))
    # the land by valuation model (operations.md §6.3): parcels, area, booked, amortised
    held = land.listing(ctx, dt.date(year, 12, 31))
    by_model: dict[str, list[int]] = {}
    for r in held:
        row = by_model.setdefault(r["model"], [0, 0, 0, 0])
        row[0] += 1
        row[1] += parse_area(r["area_mu"])
        row[2] += r["booked"]
        row[3] += r["amortised"]
    if by_model:
        item.tables.append(
            Table(
                ["nt.h.model", "nt.h.parcels", "h.area_mu", "nt.h.booked", "nt.h.amortised"],
                [
                    [
                        t(lang, f"land_model.{m}"),
                        str(n),
                        format_area(a),
                        format_fen(b),
                        format_fen(c),
                    ]
                    for m, (n, a, b, c) in sorted(by_model.items())
                ],
            )
        )
    if products.register(ctx):  # O1 art. 18: the method stock is costed by
        method = repo.charter(ctx, year).inventory_method
        item.texts.append(("nt.4.inventory", {"method": t(lang, f"inventory.{method}")}))


def _item73(ctx: Context, year: int, item: Item) -> None:
    """Large loans taken (credits to 201/231) and investments made (debits to 131)."""
    rows = []
    for number_y, seq, day, memo, account, amount in views.line_rows(
        ctx,
        ("year", "seq", "date", "memo", "account", "amount"),
        views.Lines(prefixes=("201", "231", "131"), year=year),
    ):
        material = repo.charter(ctx, year).notes_material_amount
        big = (-amount if str(account)[:3] in ("201", "231") else amount) >= material
        if big:
            rows.append(
                [
                    str(day),
                    f"{number_y}-{seq}",
                    str(memo),
                    str(account),
                    format_fen(abs(int(amount))),
                ]
            )
    if rows:
        item.tables.append(Table(["h.date", "h.number", "h.memo", "h.code", "h.amount"], rows))


def _item75(ctx: Context, year: int, item: Item) -> None:
    """State subsidies received (credits to 235) and used (debits to 235) in the year."""
    received = views.line_totals(ctx, ("kind",), views.Lines(prefixes=(Acct.SUBSIDY,), year=year))
    got = -sum(v for k, v in received if k == K.SUBSIDY_RECEIVE)
    used = sum(v for k, v in received if k == K.SUBSIDY_CAPITALISE)
    if got or used:
        item.texts.append(
            ("nt.7.5.text", {"received": format_fen(got), "capitalised": format_fen(used)})
        )


def _item78(ctx: Context, year: int, item: Item, retain: int, convert: Fraction) -> bool:
    """The posted distribution of the year, or before it is posted the plan as a draft
    (with what the assembly is asked to retain and convert)."""
    if not ctx.books.is_closed(year):
        return False
    row = distribution.posted(ctx, year)
    try:
        plan = (
            distribution.compute_posted(ctx, row)
            if row is not None
            else distribution.compute(ctx, year, retain, convert)
        )
    except LedgerError:
        return False
    data = {k: str(v) for k, v in plan_json(plan).items() if isinstance(v, str)}
    key = "note.distribution" if row is not None else "nt.7.8.draft"
    item.texts.append((key, data | {"approved_on": (row.approved_on if row else None) or "—"}))
    if plan.convert:  # 02表 line 19 (operations.md §2.7)
        item.texts.append(("nt.7.8.converted", data))
    return row is None
