"""Reading and appending the cooperative's own rows (members, charter, land, base, memos)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from coop.charter import Charter, charter_for
from coop.store import records
from coop.store import tables as ct
from coop.store.uow import Context


def charter_rows(ctx: Context) -> list[tuple[int, int, str, str]]:
    q = sa.select(ct.charter_amendment).where(ct.charter_amendment.c.coop_id == ctx.coop_id)
    return [(r.chain_seq, r.from_year, r.key, r.value) for r in ctx.conn.execute(q)]


def charter(ctx: Context, year: int) -> Charter:
    return charter_for(year, charter_rows(ctx))


def amend_charter(ctx: Context, from_year: int, values: Sequence[tuple[str, str]]) -> None:
    rows = [dict(from_year=from_year, key=k, value=v) for k, v in values]
    seqs = ctx.books.append_links([("charter", records.charter_fields(r)) for r in rows])
    ctx.conn.execute(
        ct.charter_amendment.insert(),
        [dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, rows, strict=True)],
    )


@dataclass(frozen=True, slots=True)
class MemberRow:
    member_no: str
    name: str
    household: str | None
    id_number: str | None
    phone: str | None
    joined_on: str
    kind: str = "farmer"
    address: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeRow:
    member_no: str
    notice_on: str
    exit_on: str


@dataclass(frozen=True, slots=True)
class AmendmentRow:
    """One field one ``amend`` link changed."""

    chain_seq: int
    member_no: str
    date: str
    field: str
    old: str | None
    value: str | None
    reason: str


def _member(r: Any) -> MemberRow:
    return MemberRow(
        r.member_no,
        r.name,
        r.household,
        r.id_number,
        r.phone,
        r.joined_on,
        r.kind or "farmer",
        r.address,
    )


def amendments(ctx: Context, member_no: str | None = None) -> list[AmendmentRow]:
    """Member amendments in the order they were made (chain order), of one member or all."""
    a = ct.member_amendment
    q = sa.select(a).where(a.c.coop_id == ctx.coop_id).order_by(a.c.chain_seq)
    if member_no is not None:
        q = q.where(a.c.member_no == member_no)
    order = {f: i for i, f in enumerate(records.AMENDABLE)}
    rows = [
        AmendmentRow(r.chain_seq, r.member_no, r.date, r.field, r.old, r.value, r.reason)
        for r in ctx.conn.execute(q)
    ]
    return sorted(rows, key=lambda r: (r.chain_seq, order.get(r.field, len(order)), r.field))


def _amended(m: MemberRow, changes: Sequence[AmendmentRow]) -> MemberRow:
    """The register row with each amended field's last value (changes in chain order)."""
    values = {c.field: c.value for c in changes}
    if not values:
        return m
    return MemberRow(
        m.member_no,
        values.get("name") or m.name,
        values.get("household", m.household),
        values.get("id_number", m.id_number),
        values.get("phone", m.phone),
        m.joined_on,
        values.get("kind") or m.kind,
        values.get("address", m.address),
    )


def members(ctx: Context, *, amended: bool = True) -> dict[str, MemberRow]:
    """Every member as they stand now: the register row with the amendments applied
    (``amended=False``: the rows as first registered)."""
    q = sa.select(ct.member).where(ct.member.c.coop_id == ctx.coop_id)
    rows = {r.member_no: _member(r) for r in ctx.conn.execute(q)}
    if not amended:
        return rows
    by: dict[str, list[AmendmentRow]] = {}
    for c in amendments(ctx):
        by.setdefault(c.member_no, []).append(c)
    return {no: _amended(m, by.get(no, ())) for no, m in rows.items()}


def member_numbers(ctx: Context) -> set[str]:
    """The members' numbers (an amendment never changes one): what a check of the lines
    that name members needs, without building every member's row."""
    q = sa.select(ct.member.c.member_no).where(ct.member.c.coop_id == ctx.coop_id)
    return set(ctx.conn.execute(q).scalars())


def joined_dates(ctx: Context) -> dict[str, str]:
    """member number → the day they joined (ISO text; an amendment never changes it):
    what a pass over the year's members needs, without building every member's row."""
    m = ct.member.c
    q = sa.select(m.member_no, m.joined_on).where(m.coop_id == ctx.coop_id)
    return {r[0]: r[1] for r in ctx.conn.execute(q)}


def member(ctx: Context, member_no: str) -> MemberRow | None:
    """One member as they stand now (amendments applied), or None."""
    r = ctx.conn.execute(
        sa.select(ct.member).where(
            ct.member.c.coop_id == ctx.coop_id, ct.member.c.member_no == member_no
        )
    ).first()
    return None if r is None else _amended(_member(r), amendments(ctx, member_no))


def amend_member(
    ctx: Context,
    member_no: str,
    date: str,
    changes: Sequence[tuple[str, str | None, str | None]],
    reason: str,
) -> None:
    """Append one amendment of a member: (field, old, new) each; one ``amend`` link."""
    rows = [
        dict(member_no=member_no, date=date, field=f, old=o, value=v, reason=reason)
        for f, o, v in changes
    ]
    (seq,) = ctx.books.append_links([("amend", records.amend_fields(rows))])
    ctx.conn.execute(
        ct.member_amendment.insert(), [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in rows]
    )


def add_members(ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
    seqs = ctx.books.append_links([("member", records.member_fields(r)) for r in rows])
    ctx.books.bulk_insert(
        ct.member,
        [dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, rows, strict=True)],
    )


@dataclass(frozen=True, slots=True)
class PayeeRow:
    payee_no: str
    name: str
    member_no: str | None
    kind: str
    id_number: str | None
    phone: str | None


def payees(ctx: Context) -> dict[str, PayeeRow]:
    q = sa.select(ct.payee).where(ct.payee.c.coop_id == ctx.coop_id)
    return {
        r.payee_no: PayeeRow(r.payee_no, r.name, r.member_no, r.kind, r.id_number, r.phone)
        for r in ctx.conn.execute(q)
    }


def add_payees(ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
    seqs = ctx.books.append_links([("payee", records.payee_fields(r)) for r in rows])
    ctx.conn.execute(
        ct.payee.insert(),
        [dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, rows, strict=True)],
    )


def notices(ctx: Context) -> dict[str, NoticeRow]:
    q = sa.select(ct.member_notice).where(ct.member_notice.c.coop_id == ctx.coop_id)
    return {
        r.member_no: NoticeRow(r.member_no, r.notice_on, r.exit_on) for r in ctx.conn.execute(q)
    }


def add_notice(ctx: Context, member_no: str, notice_on: dt.date, exit_on: dt.date) -> None:
    row = dict(member_no=member_no, notice_on=notice_on.isoformat(), exit_on=exit_on.isoformat())
    (seq,) = ctx.books.append_links([("notice", records.notice_fields(row))])
    ctx.conn.execute(ct.member_notice.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def add_memo(
    ctx: Context, date: dt.date, year: int, cause: str, entries: list[tuple[str, str, int]]
) -> None:
    """Append one member-account memo record: entries are (member_no, share, amount)."""
    kept = [e for e in entries if e[2]]
    rows = [
        dict(
            line_no=i, member_no=m, share=s, amount=a, date=date.isoformat(), year=year, cause=cause
        )
        for i, (m, s, a) in enumerate(kept, start=1)
    ]
    if not rows:
        return
    (seq,) = ctx.books.append_links([("memo", records.memo_fields(rows))])
    ctx.books.bulk_insert(
        ct.memo_entry, [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in rows]
    )


def add_base_rows(ctx: Context, voucher: str, rows: Sequence[dict[str, Any]]) -> None:
    """The register rows of one base run: one ``base`` link."""
    (seq,) = ctx.books.append_links([("base", records.base_fields(voucher, rows))])
    ctx.books.bulk_insert(
        ct.base_register,
        [dict(coop_id=ctx.coop_id, voucher=voucher, chain_seq=seq, **r) for r in rows],
    )


def memo_balances(
    ctx: Context, share: str, as_of: dt.date | None = None, exclude_year_end: int | None = None
) -> dict[str, int]:
    """member → Σ memo entries of a share kind (reserve, subsidy, owed:221 …) as of a date.

    ``exclude_year_end``: leave out what that year's year-end commands wrote
    (cover-loss and distribution entries), as the residual basis requires.
    """
    q = (
        sa.select(ct.memo_entry.c.member_no, sa.func.sum(ct.memo_entry.c.amount))
        .where(ct.memo_entry.c.coop_id == ctx.coop_id, ct.memo_entry.c.share == share)
        .group_by(ct.memo_entry.c.member_no)
    )
    if as_of is not None:
        q = q.where(ct.memo_entry.c.date <= as_of.isoformat())
    if exclude_year_end is not None:
        q = q.where(
            sa.not_(
                sa.and_(
                    ct.memo_entry.c.year == exclude_year_end,
                    ct.memo_entry.c.cause.in_(YEAR_END_CAUSES),
                )
            )
        )
    return {m: int(a) for m, a in ctx.conn.execute(q) if a}


#: Member-account causes written by a year's own year-end commands.
YEAR_END_CAUSES = ("cover-loss", "distribution", "requantify")


#: The rows a bulk write hands the driver at a time.
WRITE_CHUNK = 5_000


def append_movements(
    ctx: Context, rows: Sequence[dict[str, Any]], new_parcels: Mapping[str, dict[str, Any]]
) -> None:
    """Land movements (and the parcels they bring in): one ``land`` link each. Written
    ``WRITE_CHUNK`` rows at a time (a county's land import is 100,000 parcels): the same
    rows and links as at once, in flat memory."""
    parcels = list(new_parcels.values())
    for i in range(0, len(parcels), WRITE_CHUNK):
        ctx.books.bulk_insert(
            ct.parcel, [dict(coop_id=ctx.coop_id, **p) for p in parcels[i : i + WRITE_CHUNK]]
        )
    for i in range(0, len(rows), WRITE_CHUNK):
        part = rows[i : i + WRITE_CHUNK]
        recs = [("land", records.movement_fields(r, new_parcels.get(r["parcel_no"]))) for r in part]
        seqs = ctx.books.append_links(recs)
        ctx.books.bulk_insert(
            ct.land_movement,
            [dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, part, strict=True)],
        )


def add_distribution(ctx: Context, row: Mapping[str, Any]) -> None:
    """The record that a year's distribution was posted: one ``distribution`` link."""
    (seq,) = ctx.books.append_links([("distribution", records.distribution_fields(row))])
    ctx.conn.execute(ct.distribution.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


# ----- the organisation register (statutory.md §7.2) -------------------------------------------


@dataclass(frozen=True, slots=True)
class OrgSettingRow:
    """One particular of the organisation, in force from ``from_date`` on."""

    chain_seq: int
    from_date: str
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class OfficerRow:
    """An officer as registered, with the last day in office once an end is recorded."""

    officer_id: int
    role: str
    name: str
    member_no: str | None
    from_date: str
    to_date: str | None
    ref: str | None


@dataclass(frozen=True, slots=True)
class StaffRow:
    """Who holds a post of the accounts from ``from_date`` on."""

    chain_seq: int
    from_date: str
    role: str
    name: str


def org_settings(ctx: Context) -> list[OrgSettingRow]:
    """Every particular ever set, in the order it was set (chain order)."""
    o = ct.org_setting
    q = sa.select(o).where(o.c.coop_id == ctx.coop_id).order_by(o.c.chain_seq)
    return [OrgSettingRow(r.chain_seq, r.from_date, r.key, r.value) for r in ctx.conn.execute(q)]


def add_org_setting(ctx: Context, from_date: str, key: str, value: str) -> None:
    """One particular from a day on: one ``org`` link."""
    row = dict(from_date=from_date, key=key, value=value)
    (seq,) = ctx.books.append_links([("org", records.org_fields(row))])
    ctx.conn.execute(ct.org_setting.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def officer_rows(ctx: Context) -> list[OfficerRow]:
    """Every officer ever registered, by id, with their end when one is recorded."""
    o, e = ct.officer, ct.officer_end
    q = (
        sa.select(o, e.c.date.label("to_date"))
        .select_from(
            o.outerjoin(e, sa.and_(e.c.coop_id == o.c.coop_id, e.c.officer_id == o.c.officer_id))
        )
        .where(o.c.coop_id == ctx.coop_id)
        .order_by(o.c.officer_id)
    )
    return [
        OfficerRow(int(r.officer_id), r.role, r.name, r.member_no, r.from_date, r.to_date, r.ref)
        for r in ctx.conn.execute(q)
    ]


def add_officer(
    ctx: Context, role: str, name: str, member_no: str | None, from_date: str, ref: str | None
) -> int:
    """Register an officer under the next id: one ``officer`` link. Returns the id."""
    o = ct.officer
    last = ctx.conn.execute(
        sa.select(sa.func.max(o.c.officer_id)).where(o.c.coop_id == ctx.coop_id)
    ).scalar()
    officer_id = int(last or 0) + 1
    row = dict(
        officer_id=officer_id,
        role=role,
        name=name,
        member_no=member_no,
        from_date=from_date,
        ref=ref,
    )
    (seq,) = ctx.books.append_links([("officer", records.officer_fields(row))])
    ctx.conn.execute(o.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))
    return officer_id


def end_officer(ctx: Context, officer_id: int, date: str) -> None:
    """Record an officer's last day in office: one ``officer_end`` link."""
    row = dict(officer_id=officer_id, date=date)
    (seq,) = ctx.books.append_links([("officer_end", records.officer_end_fields(row))])
    ctx.conn.execute(ct.officer_end.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def staff_rows(ctx: Context) -> list[StaffRow]:
    """Every staff assignment ever made, in the order it was made (chain order)."""
    s = ct.staff_assignment
    q = sa.select(s).where(s.c.coop_id == ctx.coop_id).order_by(s.c.chain_seq)
    return [StaffRow(r.chain_seq, r.from_date, r.role, r.name) for r in ctx.conn.execute(q)]


def add_staff(ctx: Context, from_date: str, role: str, name: str) -> None:
    """Who holds a post from a day on: one ``staff`` link."""
    row = dict(from_date=from_date, role=role, name=name)
    (seq,) = ctx.books.append_links([("staff", records.staff_fields(row))])
    ctx.conn.execute(ct.staff_assignment.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


# ----- the entered notes of the 附注 (statutory.md §7.1, cli-additions.md §8) ---------------


@dataclass(frozen=True, slots=True)
class NoteTextRow:
    """The text of an item of a year's notes, as set by one ``note`` link ('' clears)."""

    chain_seq: int
    item: str
    text: str


@dataclass(frozen=True, slots=True)
class NoteLossRow:
    """A loss entered for a year's notes; ``void`` once it was removed."""

    loss_id: int
    category: str
    name: str
    amount: int
    explanation: str
    void: bool


@dataclass(frozen=True, slots=True)
class NoteTaxRow:
    """A tax adjustment entered for a year's notes; ``void`` once it was removed."""

    tax_id: int
    kind: str
    item: str
    amount: int
    void: bool


def _voided(target: str, entry: sa.ColumnElement[Any], table: sa.Table) -> sa.ColumnElement[bool]:
    v = ct.note_void
    return sa.exists().where(
        v.c.coop_id == table.c.coop_id,
        v.c.year == table.c.year,
        v.c.target == target,
        v.c.entry_id == entry,
    )


def note_text_rows(ctx: Context, year: int) -> list[NoteTextRow]:
    """Every text ever set for the year's items, in the order it was set (chain order)."""
    n = ct.note_text
    q = sa.select(n).where(n.c.coop_id == ctx.coop_id, n.c.year == year).order_by(n.c.chain_seq)
    return [NoteTextRow(int(r.chain_seq), r.item, r.text) for r in ctx.conn.execute(q)]


def add_note_text(ctx: Context, year: int, item: str, text: str) -> None:
    """The text of an item from now on ('' clears it): one ``note`` link."""
    row = dict(year=year, item=item, text=text)
    (seq,) = ctx.books.append_links([("note", records.note_fields(row))])
    ctx.conn.execute(ct.note_text.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def note_loss_rows(ctx: Context, year: int) -> list[NoteLossRow]:
    """Every loss ever entered for the year, by id, removed ones flagged."""
    n = ct.note_loss
    q = (
        sa.select(n, _voided("loss", n.c.loss_id, n).label("void"))
        .where(n.c.coop_id == ctx.coop_id, n.c.year == year)
        .order_by(n.c.loss_id)
    )
    return [
        NoteLossRow(int(r.loss_id), r.category, r.name, int(r.amount), r.explanation, bool(r.void))
        for r in ctx.conn.execute(q)
    ]


def _next_id(ctx: Context, table: sa.Table, column: sa.Column[Any], year: int) -> int:
    last = ctx.conn.execute(
        sa.select(sa.func.max(column)).where(table.c.coop_id == ctx.coop_id, table.c.year == year)
    ).scalar()
    return int(last or 0) + 1


def add_note_loss(
    ctx: Context, year: int, category: str, name: str, amount: int, explanation: str
) -> int:
    """Enter a loss under the year's next id: one ``note_loss`` link. Returns the id."""
    n = ct.note_loss
    loss_id = _next_id(ctx, n, n.c.loss_id, year)
    row = dict(
        year=year,
        loss_id=loss_id,
        category=category,
        name=name,
        amount=amount,
        explanation=explanation,
    )
    (seq,) = ctx.books.append_links([("note_loss", records.note_loss_fields(row))])
    ctx.conn.execute(n.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))
    return loss_id


def note_tax_rows(ctx: Context, year: int) -> list[NoteTaxRow]:
    """Every tax adjustment ever entered for the year, by id, removed ones flagged."""
    n = ct.note_tax
    q = (
        sa.select(n, _voided("tax", n.c.tax_id, n).label("void"))
        .where(n.c.coop_id == ctx.coop_id, n.c.year == year)
        .order_by(n.c.tax_id)
    )
    return [
        NoteTaxRow(int(r.tax_id), r.kind, r.item, int(r.amount), bool(r.void))
        for r in ctx.conn.execute(q)
    ]


def add_note_tax(ctx: Context, year: int, kind: str, item: str, amount: int) -> int:
    """Enter a tax adjustment under the year's next id: one ``note_tax`` link."""
    n = ct.note_tax
    tax_id = _next_id(ctx, n, n.c.tax_id, year)
    row = dict(year=year, tax_id=tax_id, kind=kind, item=item, amount=amount)
    (seq,) = ctx.books.append_links([("note_tax", records.note_tax_fields(row))])
    ctx.conn.execute(n.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))
    return tax_id


def note_rate_rows(ctx: Context, year: int) -> list[tuple[int, int]]:
    """(chain_seq, rate in 1/10000) of every tax rate set for the year, in chain order."""
    n = ct.note_tax_rate
    q = (
        sa.select(n.c.chain_seq, n.c.rate)
        .where(n.c.coop_id == ctx.coop_id, n.c.year == year)
        .order_by(n.c.chain_seq)
    )
    return [(int(r.chain_seq), int(r.rate)) for r in ctx.conn.execute(q)]


def add_note_rate(ctx: Context, year: int, rate: int) -> None:
    """The year's tax rate (1/10000) from now on: one ``note_rate`` link."""
    row = dict(year=year, rate=rate)
    (seq,) = ctx.books.append_links([("note_rate", records.note_rate_fields(row))])
    ctx.conn.execute(ct.note_tax_rate.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def add_note_void(ctx: Context, year: int, target: str, entry_id: int) -> None:
    """Remove a loss (``target`` 'loss') or tax adjustment ('tax'): one ``note_void`` link."""
    row = dict(year=year, target=target, entry_id=entry_id)
    (seq,) = ctx.books.append_links([("note_void", records.note_void_fields(row))])
    ctx.conn.execute(ct.note_void.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


# ----- the asset register (operations.md §3) ------------------------------------------------


def asset_rows(ctx: Context) -> dict[str, dict[str, Any]]:
    q = sa.select(ct.asset).where(ct.asset.c.coop_id == ctx.coop_id)
    return {r.asset_no: dict(r._mapping) for r in ctx.conn.execute(q)}


def add_asset(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("asset", records.asset_fields(row))])
    ctx.conn.execute(ct.asset.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def depr_rows(ctx: Context) -> list[dict[str, Any]]:
    q = (
        sa.select(ct.asset_depr)
        .where(ct.asset_depr.c.coop_id == ctx.coop_id)
        .order_by(ct.asset_depr.c.month, ct.asset_depr.c.asset_no)
    )
    return [dict(r._mapping) for r in ctx.conn.execute(q)]


def add_depr(ctx: Context, voucher: str, rows: Sequence[dict[str, Any]]) -> None:
    """One ``depr`` link for the rows one voucher wrote: (asset_no, month, amount)."""
    full = [dict(r, voucher=voucher) for r in rows]
    (seq,) = ctx.books.append_links([("depr", records.depr_fields(voucher, full))])
    ctx.conn.execute(
        ct.asset_depr.insert(), [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in full]
    )


def asset_event_rows(ctx: Context) -> list[dict[str, Any]]:
    q = (
        sa.select(ct.asset_event)
        .where(ct.asset_event.c.coop_id == ctx.coop_id)
        .order_by(ct.asset_event.c.chain_seq)
    )
    return [dict(r._mapping) for r in ctx.conn.execute(q)]


def add_asset_event(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("asset_event", records.asset_event_fields(row))])
    ctx.conn.execute(ct.asset_event.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def add_capital_tags(ctx: Context, voucher: str, rows: Sequence[dict[str, Any]]) -> None:
    """One ``capital_tag`` link: the source of each 301@M line of ``voucher``."""
    full = [dict(r, voucher=voucher) for r in rows]
    (seq,) = ctx.books.append_links([("capital_tag", records.capital_tag_fields(voucher, full))])
    ctx.conn.execute(
        ct.capital_tag.insert(), [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in full]
    )


def capital_tag_rows(ctx: Context) -> list[dict[str, Any]]:
    q = sa.select(ct.capital_tag).where(ct.capital_tag.c.coop_id == ctx.coop_id)
    return [dict(r._mapping) for r in ctx.conn.execute(q)]


# ----- crops, products, stock and trade (operations.md §5, §7.1) ----------------------------


def _all(ctx: Context, table: sa.Table, *order: Any) -> list[dict[str, Any]]:
    q = sa.select(table).where(table.c.coop_id == ctx.coop_id).order_by(*order)
    return [dict(r._mapping) for r in ctx.conn.execute(q)]


def product_rows(ctx: Context) -> dict[str, dict[str, Any]]:
    return {r["product_no"]: r for r in _all(ctx, ct.product, ct.product.c.product_no)}


def add_product(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("product", records.product_fields(row))])
    ctx.conn.execute(ct.product.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def stock_rows(ctx: Context, product_no: str | None = None) -> list[dict[str, Any]]:
    """Stock movements in the order they were posted (chain order)."""
    t = ct.stock_move
    q = sa.select(t).where(t.c.coop_id == ctx.coop_id).order_by(t.c.chain_seq)
    if product_no is not None:
        q = q.where(t.c.product_no == product_no)
    return [dict(r._mapping) for r in ctx.conn.execute(q)]


def add_stock(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("stock", records.stock_fields(row))])
    ctx.conn.execute(ct.stock_move.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def crop_rows(ctx: Context) -> dict[str, dict[str, Any]]:
    return {r["crop_no"]: r for r in _all(ctx, ct.crop, ct.crop.c.crop_no)}


def add_crop(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("crop", records.crop_fields(row))])
    ctx.conn.execute(ct.crop.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def crop_event_rows(ctx: Context) -> list[dict[str, Any]]:
    return _all(ctx, ct.crop_event, ct.crop_event.c.chain_seq)


def add_crop_event(ctx: Context, row: dict[str, Any]) -> None:
    (seq,) = ctx.books.append_links([("crop_event", records.crop_event_fields(row))])
    ctx.conn.execute(ct.crop_event.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))


def trade_rows(ctx: Context) -> list[dict[str, Any]]:
    return _all(ctx, ct.trade, ct.trade.c.trade_no)


def add_trades(ctx: Context, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Trade records, numbered on from the last; one ``trade`` link each."""
    t = ct.trade
    last = ctx.conn.execute(
        sa.select(sa.func.max(t.c.trade_no)).where(t.c.coop_id == ctx.coop_id)
    ).scalar()
    full = [dict(r, trade_no=(last or 0) + i + 1) for i, r in enumerate(rows)]
    if not full:
        return []
    seqs = ctx.books.append_links([("trade", records.trade_fields(r)) for r in full])
    ctx.conn.execute(
        t.insert(),
        [dict(coop_id=ctx.coop_id, chain_seq=q, **r) for q, r in zip(seqs, full, strict=True)],
    )
    return [r["trade_no"] for r in full]


def land_assign_rows(ctx: Context, year: int | None = None) -> dict[tuple[int, str], str]:
    """(year, parcel) → the crop assigned, the latest assignment winning."""
    t = ct.land_assign
    q = sa.select(t.c.year, t.c.parcel_no, t.c.crop_no).where(t.c.coop_id == ctx.coop_id)
    if year is not None:
        q = q.where(t.c.year == year)
    return {(int(y), p): c for y, p, c in ctx.conn.execute(q.order_by(t.c.chain_seq))}


def add_land_assign(ctx: Context, year: int, rows: Sequence[dict[str, Any]]) -> None:
    """One ``land_assign`` link: the crop of each parcel for ``year``."""
    full = [dict(r, year=year) for r in rows]
    (seq,) = ctx.books.append_links([("land_assign", records.land_assign_fields(year, full))])
    ctx.conn.execute(
        ct.land_assign.insert(), [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in full]
    )


def land_amort_rows(ctx: Context) -> list[dict[str, Any]]:
    t = ct.land_amort
    return _all(ctx, t, t.c.chain_seq, t.c.parcel_no)


def add_land_amort(ctx: Context, voucher: str, rows: Sequence[dict[str, Any]]) -> None:
    """One ``land_amort`` link: the amortisation rows one voucher wrote."""
    full = [dict(r, voucher=voucher) for r in rows]
    (seq,) = ctx.books.append_links([("land_amort", records.land_amort_fields(voucher, full))])
    ctx.conn.execute(
        ct.land_amort.insert(), [dict(coop_id=ctx.coop_id, chain_seq=seq, **r) for r in full]
    )
