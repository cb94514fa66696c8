"""A printable document as data: a title, sections of label/value rows or tables, notes,
signature lines. The member statement and the voucher print are built as documents;
the text and PDF renderers draw the same document, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coop.render.capitals import capitals
from coop.render.i18n import money, t


@dataclass
class Section:
    title: str
    rows: list[list[str]] = field(default_factory=list)
    header: list[str] | None = None  # a table when set; else label/value rows


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

    from ledger.money import Rounding, format_fixed, round_fraction

    member = Section(t(lang, "st.member"), [
        [t(lang, "st.member_no"), d["member_no"]], [t(lang, "st.name"), d["name"]],
        [t(lang, "st.household"), d["household"] or t(lang, "st.none")],
        [t(lang, "st.id_number"), d["id_masked"] or t(lang, "st.none")]])
    land = Section(t(lang, "st.land"), [
        [p["parcel_no"], p["contract_no"] or "", area(p["area"]), p["held_since"]]
        for p in d["parcels"]], header=[t(lang, "st.parcel"), t(lang, "st.contract"),
                                        t(lang, "st.area"), t(lang, "st.held_since")])
    shares = format_fixed(round_fraction(d["shares"] * 10_000, Rounding.HALF_UP), 4)
    holding = Section("", [[t(lang, "st.total_area"), area(d["area"])],
                           [t(lang, "st.shares"), shares]])
    base = Section(t(lang, "st.base"), [[t(lang, "st.base_payment"), m(d["base_payment"])]])
    dividends = Section(t(lang, "st.dividends"), [
        [t(lang, "st.patronage"), m(d["patronage_return"])],
        [t(lang, "st.patronage_basis"), d["patronage_basis"] or "—"],
        [t(lang, "st.residual"), m(d["residual_distribution"])],
        [t(lang, "st.residual_basis"), d["residual_basis"] or "—"],
        [t(lang, "st.dividend_total"), m(d["dividend_total"])],
        [t(lang, "st.in_capitals"), capitals(d["dividend_total"])]])
    account = Section(t(lang, "st.account"), [
        [t(lang, "st.capital"), m(d["opening_capital"]), m(d["share_capital"])],
        [t(lang, "st.reserve_share"), m(d["opening_reserve"]), m(d["reserve_share"])],
        [t(lang, "st.subsidy_share"), m(d["opening_subsidy"]), m(d["subsidy_share"])]],
        header=["", t(lang, "st.opening"), t(lang, "st.closing")])
    payment_rows = [[t(lang, "st.paid"), m(d["paid"])],
                    [t(lang, "st.converted"), m(d["converted"])],
                    [t(lang, "st.unpaid"), m(d["unpaid"])]]
    payment_rows += [["", t(lang, "st.payment_line", date=p["date"], number=p["number"],
                              amount=p["amount"])] for p in d["payments"]]
    payment = Section(t(lang, "st.payment"), payment_rows)
    c = d["charter"]
    charter = Section(t(lang, "st.charter"), [
        [t(lang, "note.charter", **c)],
        [t(lang, "st.approved_on"), d["approved_on"] or "—"]])
    digest = Section(t(lang, "st.digest"), [[d["ledger_digest"]]])
    return Document(
        title=t(lang, "st.title", coop=coop_name, year=str(d["year"])),
        sections=[member, land, holding, base, dividends, account, payment, charter, digest],
        notes=[t(lang, "st.how_to_check"), t(lang, "note.base_expense")],
        signatures=[t(lang, "st.sign_accountant"), t(lang, "st.sign_member"),
                    t(lang, "st.date")])


def to_text(doc: Document) -> str:
    from tabulate import tabulate

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
