"""A printable document as data: a title, sections of label/value rows or tables, notes,
signature lines. The member statement and the voucher print are built as documents;
the text and PDF renderers draw the same document, so both say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tabulate import tabulate

from coop.kinds import VoucherKind as K
from coop.render.capitals import capitals
from coop.render.i18n import header as heading
from coop.render.i18n import money, t
from ledger.money import Rounding, format_fixed, round_fraction


@dataclass
class Section:
    title: str
    rows: list[list[str]] = field(default_factory=list)
    header: list[str] | None = None  # a table when set; else label/value rows
    ink: tuple[int, int, int] | None = None  # the amounts' and total's colour (红字: red)


@dataclass
class Document:
    title: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)


def member_statement(d: dict[str, Any], coop_name: str, lang: str) -> Document:
    def m(fen: int) -> str:
        return money(fen, lang)

    def area(units: int) -> str:
        return f"{units // 10_000}.{units % 10_000:04d}"

    member = Section(
        t(lang, "st.member"),
        [
            [t(lang, "st.member_no"), d["member_no"]],
            [t(lang, "st.name"), d["name"]],
            [t(lang, "st.household"), d["household"] or t(lang, "st.none")],
            [t(lang, "st.id_number"), d["id_masked"] or t(lang, "st.none")],
        ],
    )
    land = Section(
        t(lang, "st.land"),
        [
            [p["parcel_no"], area(p["area"]), p["start"], p["end"] or "—", str(p["days"])]
            for p in d["parcels_in_year"]
        ],
        header=[
            t(lang, "st.parcel"),
            t(lang, "st.area"),
            t(lang, "st.held_since"),
            t(lang, "st.held_until"),
            t(lang, "st.days"),
        ],
    )
    shares = format_fixed(round_fraction(d["shares"] * 10_000, Rounding.HALF_UP), 4)
    holding = Section(
        "", [[t(lang, "st.total_area"), area(d["area"])], [t(lang, "st.shares"), shares]]
    )
    base = Section(
        t(lang, "st.base"),
        [
            [
                r["parcel_no"],
                t(
                    lang,
                    "st.base_line",
                    area=area(r["area"]),
                    rate=m(r["rate"]),
                    amount=m(r["amount"]),
                ),
            ]
            for r in d["base_rows"]
        ]
        + [[t(lang, "st.base_payment"), m(d["base_payment"])]],
    )
    dividends = Section(
        t(lang, "st.dividends"),
        [
            [t(lang, "st.patronage"), m(d["patronage_return"])],
            [t(lang, "st.patronage_basis"), d["patronage_basis"] or "—"],
            *_pool_row(d, "patronage", lang),
            [t(lang, "st.residual"), m(d["residual_distribution"])],
            [t(lang, "st.residual_basis"), d["residual_basis"] or "—"],
            *_pool_row(d, "residual", lang),
            [t(lang, "st.dividend_total"), m(d["dividend_total"])],
            [t(lang, "st.in_capitals"), capitals(d["dividend_total"])],
            *(
                [[t(lang, "st.per_mu"), t(lang, "st.per_mu_value", amount=m(d["dividend_per_mu"]))]]
                if d.get("dividend_per_mu") is not None
                else []
            ),
        ],
    )
    account = Section(
        t(lang, "st.account"),
        [
            [t(lang, "st.capital"), m(d["opening_capital"]), m(d["share_capital"])],
            [t(lang, "st.reserve_share"), m(d["opening_reserve"]), m(d["reserve_share"])],
            [t(lang, "st.subsidy_share"), m(d["opening_subsidy"]), m(d["subsidy_share"])],
        ],
        header=["", t(lang, "st.opening"), t(lang, "st.closing")],
    )
    payment_rows = [
        [t(lang, "st.paid"), m(d["paid"])],
        [t(lang, "st.converted"), m(d["converted"])],
        [t(lang, "st.unpaid"), m(d["unpaid"])],
    ]
    payment_rows += [
        ["", t(lang, "st.payment_line", date=p["date"], number=p["number"], amount=p["amount"])]
        for p in d["payments"]
    ]
    payment = Section(t(lang, "st.payment"), payment_rows)
    c = d["charter"]
    charter = Section(
        t(lang, "st.charter"),
        [
            [t(lang, "note.charter", **percent_rates(c))],
            [t(lang, "st.approved_on"), d["approved_on"] or "—"],
        ],
    )
    digest = digest_section(d["ledger_digest"], lang)
    title = t(lang, "st.title", coop=coop_name, year=str(d["year"]))
    notes = [t(lang, "st.how_to_check"), t(lang, "note.base_expense")]
    if d["provisional"]:
        title += " " + t(lang, "st.provisional_mark")
        notes.insert(0, t(lang, "st.provisional"))
    return Document(
        title=title,
        sections=[member, land, holding, base, dividends, account, payment, charter, digest],
        notes=notes,
        signatures=[t(lang, "st.sign_accountant"), t(lang, "st.sign_member"), t(lang, "st.date")],
    )


RATES = ("reserve_rate", "welfare_rate", "patronage_ratio")


def _pool_row(d: dict[str, Any], pool: str, lang: str) -> list[list[str]]:
    """``全社 378,000.00 元 × 本户占 0.2277% ≈ 860.33``: how the amount comes from the pool."""
    if d.get(f"{pool}_pool") is None or d.get(f"{pool}_part") is None:
        return []
    said = t(
        lang,
        "st.pool_share",
        pool=money(d[f"{pool}_pool"], lang),
        part=d[f"{pool}_part"],
        amount=money(d[f"{pool}_return" if pool == "patronage" else "residual_distribution"], lang),
    )
    return [[t(lang, "st.pool_calc"), said]]


def percent_rates(charter: dict[str, str]) -> dict[str, str]:
    """The charter's rates as a farmer reads them: 10%, not 0.1000."""
    out = dict(charter)
    for k in RATES:
        value = Decimal(charter[k]) * 100
        out[k] = f"{value.normalize():f}%"
    return out


def to_text(doc: Document) -> str:
    out = [doc.title, "=" * 60]
    for s in doc.sections:
        if s.title:
            out += ["", s.title, "-" * 40]
        if s.header is not None:
            out.append(tabulate(s.rows, headers=s.header, disable_numparse=True))
            continue
        pairs: list[list[str]] = []
        for row in [*s.rows, None]:
            if row is not None and len(row) > 1:
                pairs.append(row)
                continue
            if pairs:
                out.append(tabulate(pairs, tablefmt="plain", disable_numparse=True))
                pairs = []
            if row is not None:
                out.append(row[0])
    out.append("")
    out += doc.notes
    out.append("")
    out += [f"{sig} ____________________" for sig in doc.signatures]
    return "\n".join(out) + "\n"


def digest_section(digest: dict[str, Any], lang: str) -> Section:
    """The head a printed page rests on: its seq, the full hash in 4-character groups for
    reading aloud, and the command that checks it (trust.md §1)."""
    h = str(digest["hash"])
    return Section(
        t(lang, "st.digest"),
        [
            [t(lang, "dg.seq"), str(digest["seq"])],
            [t(lang, "dg.hash"), " ".join(h[i : i + 4] for i in range(0, len(h), 4))],
            [t(lang, "dg.verify", hash=h)],
        ],
    )


#: Body rows of a voucher page: at least five (unused ones crossed out, 会计基础工作规范
#: art. 51(六)), at most eight; a longer voucher runs on over pages numbered (1/n), (2/n)…
VOUCHER_MIN_ROWS = 5
VOUCHER_ROWS = 8


@dataclass
class VoucherPage:
    """One page of a printed 记账凭证 (statutory.md §10.1), as data: the PDF draws it."""

    title: str
    date: str
    number: str
    unit: str
    attachments: str
    header: list[str]
    rows: list[list[str]]
    slots: int  # body rows drawn; those after ``rows`` are crossed out
    carry_in: list[str] | None  # 承前页 (pages after the first)
    closing: list[str]  # 过次页 (pages before the last) or 合计：人民币… (the last)
    signatures: list[str]
    red: bool
    digest: list[str] = field(default_factory=list)


def voucher_pages(
    posted: Any,
    accounts: dict[str, Any],
    coop_name: str,
    lang: str,
    digest: dict[str, Any] | None = None,
    staff: dict[str, str] | None = None,
    corrected_on: dt.date | None = None,
    member_names: dict[str, str] | None = None,
) -> list[VoucherPage]:
    """记账凭证 as 《会计基础工作规范》 arts 51–53 lay it out (statutory.md §10.1): the date,
    the number, 编制单位 and 附单据 N 张; 摘要 | 总账科目 | 明细科目 | 借方金额 | 贷方金额, debits
    first; 合计 with 人民币 and the 大写; the five signature lines. A red reversal keeps each
    line on the side of the line it reverses, with a negative amount, and its total and 大写
    are negative (负). A correcting voucher says under its 摘要 which voucher it corrects.
    Eight rows a page: a longer voucher ends each page but the last with 过次页 and begins
    the next with 承前页, numbered 2019-3（1/28）… (分数编号法)."""
    v = posted.voucher
    red = v.kind == K.REVERSAL
    # each body row with what it adds to the debit and the credit side
    rows: list[tuple[list[str], int, int]] = []
    for ln, debit_side, shown in voucher_sides(v):
        row = _voucher_row(
            ln, accounts, lang, debit_side, shown, "" if rows else v.memo, member_names
        )
        rows.append((row, shown if debit_side else 0, 0 if debit_side else shown))
    if v.corrects is not None and corrected_on is not None:
        said = t(
            lang,
            "v.corrects",
            y=corrected_on.year,
            m=f"{corrected_on.month:02d}",
            d=f"{corrected_on.day:02d}",
            number=v.corrects,
        )
        if len(rows) > 1 and not rows[1][0][0]:
            rows[1][0][0] = said
        else:
            rows.insert(1, ([said, "", "", "", ""], 0, 0))
    chunks = [rows[i : i + VOUCHER_ROWS] for i in range(0, len(rows), VOUCHER_ROWS)]
    total = voucher_total(v)
    names = voucher_staff(v, staff)
    signatures = [
        t(lang, "v.chief") + (names["chief"] or ""),
        t(lang, "v.bookkeeper") + (names["bookkeeper"] or ""),
        t(lang, "v.reviewer") + (names["reviewer"] or ""),
        t(lang, "v.cashier") + (names["cashier"] or ""),
        t(lang, "v.made_by") + (names["preparer"] or ""),
    ]
    day = v.date
    digest_lines = []
    if digest:
        h = str(digest["hash"])
        digest_lines = [
            f"{t(lang, 'dg.seq')} {digest['seq']}  {t(lang, 'dg.hash')} "
            + " ".join(h[i : i + 4] for i in range(0, len(h), 4)),
            t(lang, "dg.verify", hash=h),
        ]
    pages: list[VoucherPage] = []
    debits = credits = 0  # running totals of the pages before
    for i, chunk in enumerate(chunks, start=1):
        carry_in = None
        if i > 1:
            carry_in = [t(lang, "v.carried_in"), "", "", money(debits, lang), money(credits, lang)]
        debits += sum(d for _r, d, _c in chunk)
        credits += sum(c for _r, _d, c in chunk)
        if i < len(chunks):
            closing = [t(lang, "v.carried_out"), "", "", money(debits, lang), money(credits, lang)]
        else:
            closing = [
                t(lang, "v.in_capitals_value", words=capitals(total)),
                "",
                "",
                "¥" + money(total, lang),
                "¥" + money(total, lang),
            ]
        pages.append(
            VoucherPage(
                title=t(lang, "v.title_print") + (t(lang, "v.red") if red else ""),
                date=t(lang, "v.date_value", y=day.year, m=f"{day.month:02d}", d=f"{day.day:02d}"),
                number=t(lang, "v.number_value", number=posted.number)
                + (t(lang, "v.part", i=i, n=len(chunks)) if len(chunks) > 1 else ""),
                unit=t(lang, "form.unit", name=coop_name),
                attachments=t(lang, "v.attachments", n=v.attachments or 0),
                header=[
                    t(lang, "v.memo"),
                    t(lang, "v.general"),
                    t(lang, "v.detail"),
                    t(lang, "v.debit"),
                    t(lang, "v.credit"),
                ],
                rows=[r for r, _d, _c in chunk],
                slots=VOUCHER_ROWS if len(chunks) > 1 else max(VOUCHER_MIN_ROWS, len(chunk)),
                carry_in=carry_in,
                closing=closing,
                signatures=signatures,
                red=red,
                digest=digest_lines,
            )
        )
    return pages


MONEY_ACCOUNTS = ("101", "102", "109")
#: The red of a red reversal's amounts, total and capitals (statutory.md §10.1).
RED = (192, 0, 0)


def voucher_staff(v: Any, staff: dict[str, str] | None) -> dict[str, str | None]:
    """The names on a voucher's signature line: the staff in force on its date; 出纳 only
    on a voucher that moves money (101, 102, 109: 收款和付款凭证); 制单 is who posted it."""
    held = staff or {}
    money_moves = any(ln.account.startswith(MONEY_ACCOUNTS) for ln in v.lines)
    return {
        "chief": held.get("chief"),
        "bookkeeper": held.get("bookkeeper"),
        "reviewer": held.get("reviewer"),
        "cashier": held.get("cashier") if money_moves else None,
        "preparer": v.user,
    }


def voucher_sides(v: Any) -> list[tuple[Any, bool, int]]:
    """(line, on the debit side, the amount shown on that side), debits first. A line of a
    red reversal stays on the side of the line it reverses, with a negative amount
    (statutory.md §1.2), so a red voucher prints as a red copy of the one it cancels."""
    red = v.kind == K.REVERSAL
    out = []
    for debit_side in (True, False):
        for ln in v.lines:
            on_debit = (ln.amount < 0) if red else (ln.amount > 0)
            if on_debit == debit_side:
                out.append((ln, on_debit, ln.amount if on_debit else -ln.amount))
    return out


def voucher_total(v: Any) -> int:
    """The 合计 of either side (negative for a red voucher)."""
    return sum(shown for _ln, debit, shown in voucher_sides(v) if debit)


def _voucher_row(
    ln: Any,
    accounts: dict[str, Any],
    lang: str,
    debit_side: bool,
    shown: int,
    memo: str,
    names: dict[str, str] | None = None,
) -> list[str]:
    """摘要 | 总账科目 (the top-level account) | 明细科目 (the leaf when it differs, then the
    member with their name: ``M01 张大``) | 借方 | 贷方."""

    def name(code: str) -> str:
        acc = accounts[code]
        return f"{code} {acc.name_en if lang == 'en' else acc.name}"

    top = ln.account[:3]
    detail = [name(ln.account)] if ln.account != top else []
    if ln.member:
        known = (names or {}).get(ln.member)
        detail.append(f"{ln.member} {known}" if known else ln.member)
    amount = money(shown, lang)
    return [
        memo,
        name(top),
        " ".join(detail),
        amount if debit_side else "",
        "" if debit_side else amount,
    ]


def form_heading(report: Any, coop_name: str, lang: str) -> tuple[str, list[list[str]]]:
    """A form's title and the lines under it (statutory.md §1.3): the date (01表) or the
    year, the form number at the right; 编制单位 at the left and 单位：元 at the right."""
    title = t(lang, report.key) + (t(lang, "form.interim") if report.interim else "")
    day = report.date
    if day is not None:
        when = t(lang, "form.date", y=day.year, m=f"{day.month:02d}", d=f"{day.day:02d}")
    elif report.period is not None:
        first, last = report.period[0].month, report.period[1].month
        when = (
            t(lang, "form.month", y=report.year, m=first)
            if first == last
            else t(lang, "form.months", y=report.year, m1=first, m2=last)
        )
    else:
        when = t(lang, "form.year", y=report.year)
    return title, [
        [when, report.form],
        [t(lang, "form.unit", name=coop_name), t(lang, "form.unit_of_money")],
    ]


def form_table(report: Any, lang: str, amount: Any) -> tuple[list[str], list[list[str]]]:
    """The body of a form as printed: 01表 in its two halves (资产 | 负债和所有者权益), the
    others as 项目 | 行次 | their columns; ``amount`` formats a value in fen."""
    if report.form == "会农社01表":
        from coop.reports import BS_INDENT, balance_sheet_rows

        def half(key: str | None, no: int | None, values: list[int] | None) -> list[str]:
            if key is None:
                return ["", "", "", ""]
            label = "\u3000" * BS_INDENT.get(no or 0, 0) + t(lang, key)
            if no is None:
                return [label, "", "", ""]
            return [label, str(no), *[amount(v) for v in values or []]]

        cols = [t(lang, c) for c in report.columns]
        header = [t(lang, "bs.assets"), t(lang, "col.line"), *cols]
        header += [t(lang, "bs.liabilities_equity"), t(lang, "col.line"), *cols]
        return header, [half(*left) + half(*right) for left, right in balance_sheet_rows(report)]
    if report.form == "会农社03表" and report.of_which:
        return _equity_table(report, lang, amount)
    header = [t(lang, "col.item"), t(lang, "col.line"), *[t(lang, c) for c in report.columns]]
    rows = [
        [
            t(lang, ln.key),
            str(ln.no),
            *[
                "" if i in report.blank or (ln.no, i) in report.blank_cells else amount(x)
                for i, x in enumerate(ln.values)
            ],
        ]
        for ln in report.lines
    ]
    return header, rows


EQUITY_COLUMN_NAMES = (
    "share_capital",
    "special_fund",
    "capital_reserve",
    "surplus_reserve",
    "undistributed",
)


def _equity_table(report: Any, lang: str, amount: Any) -> tuple[list[str], list[list[str]]]:
    """03表 in its thirteen rows: the four amounts rows and, under 本年增加数 and 本年减少数,
    the 其中 cells, each a label and its amount in its column (statutory.md §5.1)."""
    by_no = {ln.no: ln for ln in report.lines}
    header = [t(lang, "col.item"), *[t(lang, c) for c in report.columns]]

    def amounts(no: int) -> list[str]:
        ln = by_no[no]
        return [t(lang, ln.key), *[amount(v) for v in ln.values]]

    def cells(row: str, count: int) -> list[list[str]]:
        grid = [["" for _ in EQUITY_COLUMN_NAMES] for _ in range(count)]
        filled = dict.fromkeys(EQUITY_COLUMN_NAMES, 0)
        for r, column, key, value in report.of_which:
            if r == row:
                i = EQUITY_COLUMN_NAMES.index(column)
                grid[filled[column]][i] = f"{t(lang, key)} {amount(value)}"
                filled[column] += 1
        heads = ["" for _ in EQUITY_COLUMN_NAMES]
        for column, n in filled.items():
            if n:
                heads[EQUITY_COLUMN_NAMES.index(column)] = t(lang, "eq.of_which")
        return [["", *heads, ""]] + [["", *g, ""] for g in grid]

    rows = [amounts(1), amounts(2), *cells("increase", 3), amounts(3)]
    rows += [*cells("decrease", 4), amounts(4)]
    return header, rows


def notes_document(
    title: str, items: list[dict[str, Any]], digest: dict[str, Any] | None, lang: str
) -> Document:
    """附注 on paper: each item's number and heading, its text and its tables."""
    sections: list[Section] = []
    for it in items:
        lines = [[line] for line in str(it["text"]).split("\n") if line]
        sections.append(Section(f"{it['no']} {it['title']}", lines))
        for table in it["tables"]:
            sections.append(Section("", table["rows"], header=table["columns"]))
    if digest:
        sections.append(digest_section(digest, lang))
    return Document(title, sections)


def form_signatures(lang: str, user: str, staff: dict[str, str] | None = None) -> list[str]:
    """The footer of a form sent outside (O4 art. 69): 单位负责人, 会计主管 (the staff in
    force on the form's date, ``coop org staff``) and 制表 (who drew it)."""
    held = staff or {}
    return [
        t(lang, "form.head") + held.get("head", ""),
        t(lang, "form.chief") + held.get("chief", ""),
        t(lang, "form.preparer") + user,
    ]


def report_document(
    report: Any,
    coop_name: str,
    lang: str,
    digest: dict[str, Any] | None = None,
    user: str = "",
    staff: dict[str, str] | None = None,
) -> Document:
    """A statutory form as printed: title, date and form number, 编制单位 and 单位：元, the
    body in the official layout, the head it rests on, and the signature line."""
    title, lines = form_heading(report, coop_name, lang)
    header, rows = form_table(report, lang, lambda v: money(v, lang))
    sections = [Section("", lines), Section("", rows, header=header)]
    if digest:
        sections.append(digest_section(digest, lang))
    return Document(title=title, sections=sections, signatures=form_signatures(lang, user, staff))


PLAN_POOLS = (
    "surplus",
    "opening_undistributed",
    "reserve_cover",
    "leavers_loss",
    "reserve",
    "welfare",
    "distributable",
    "retained",
    "patronage_pool",
    "residual_pool",
)
PLAN_COLUMNS = (
    "patronage_basis",
    "patronage_return",
    "residual_basis",
    "residual_distribution",
    "reserve_share",
    "total",
)
PLAN_CONVERSIONS = ("converted_patronage", "converted_residual")


def distribution_plan(
    data: dict[str, Any], names: dict[str, tuple[str, str]], coop_name: str, lang: str
) -> Document:
    """盈余分配方案 for 公示 to the members' assembly: the pools, every member with name and
    household, a 合计 row, the head with the verify line, and the board's signatures."""

    def m(text: str) -> str:
        return money(int(Decimal(text) * 100), lang)

    converting = data["converted"] != "0.00"  # a conversion into 股金 at posting (O§2.7)
    pools = Section(
        t(lang, "plan.pools"),
        [[heading(lang, k), m(data[k])] for k in PLAN_POOLS]
        + (
            [
                [heading(lang, "convert_ratio"), data["convert_ratio"]],
                [heading(lang, "converted"), m(data["converted"])],
            ]
            if converting
            else []
        ),
    )
    columns = PLAN_COLUMNS + (PLAN_CONVERSIONS if converting else ())
    rows = []
    totals = dict.fromkeys(columns, 0)
    for row in data["members"]:
        name, household = names.get(row["member_no"], ("", ""))
        rows.append(
            [
                row["member_no"],
                name,
                household or "",
                *[row[c] if c.endswith("basis") else m(row[c]) for c in columns],
            ]
        )
        for c in columns:
            if not c.endswith("basis"):
                totals[c] += int(Decimal(row[c]) * 100)
    rows.append(
        [
            t(lang, "v.total"),
            "",
            "",
            *["" if c.endswith("basis") else money(totals[c], lang) for c in columns],
        ]
    )
    members = Section(
        t(lang, "plan.members"),
        rows,
        header=[
            heading(lang, "member_no"),
            t(lang, "plan.name"),
            heading(lang, "household"),
            *[heading(lang, c) for c in columns],
        ],
    )
    return Document(
        title=t(lang, "plan.title", coop=coop_name, year=str(data["year"])),
        sections=[pools, members, digest_section(data["ledger_digest"], lang)],
        notes=[t(lang, "plan.note")],
        signatures=[
            t(lang, "plan.sign_board"),
            t(lang, "plan.sign_supervisors"),
            t(lang, "st.date"),
        ],
    )
