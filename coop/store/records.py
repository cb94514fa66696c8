"""The cooperative's rows as chain records: one field list per kind, used both when a
row is written and when ``check`` recomputes the chain (docs/chain.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coop.kinds import MoveKind
from coop.store import tables as ct
from ledger.chain import Field
from ledger.checks import Problem
from ledger.i18n import tr
from ledger.store.checks import ChainRecord, RecordSource, uncovered_rows


def member_fields(r: Mapping[Any, Any]) -> list[Field]:
    return [
        "member",
        r["member_no"],
        r["name"],
        r["household"],
        r["id_number"],
        r["phone"],
        r["joined_on"],
        *([] if r.get("kind") is None and r.get("address") is None else [r["kind"], r["address"]]),
    ]


def charter_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["charter", r["from_year"], r["key"], r["value"]]


def notice_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["notice", r["member_no"], r["notice_on"], r["exit_on"]]


def movement_fields(r: Mapping[Any, Any], parcel: Mapping[Any, Any] | None) -> list[Field]:
    fields: list[Field] = [
        "land",
        r["kind"],
        r["parcel_no"],
        r["member_no"],
        r["date"],
        r["booked"],
        r["voucher"],
        r["reason"],
    ]
    if r["kind"] == MoveKind.CONTRIBUTE:
        # A parcel row missing (deleted) encodes as null, so the link no longer matches.
        fields.append(
            None
            if parcel is None
            else [parcel["contract_no"], parcel["area"], parcel["term_years"], parcel["grade"]]
        )
    return fields


def memo_fields(entries: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One memo record: its date, year and cause, and its entries. Every entry of a record
    is written with the record's date, year and cause; an entry whose own differ (an edit)
    is encoded with them, so the record no longer matches its link: every field of every
    entry is covered."""
    first = entries[0]
    whole = any(
        (e["date"], e["year"], e["cause"]) != (first["date"], first["year"], first["cause"])
        for e in entries
    )
    items: list[Field] = [
        [
            e["line_no"],
            e["member_no"],
            e["share"],
            e["amount"],
            *([e["date"], e["year"], e["cause"]] if whole else []),
        ]
        for e in entries
    ]
    return ["memo", first["date"], first["year"], first["cause"], items]


def base_fields(voucher: str, rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One base run (the register rows one voucher paid), in parcel order."""
    items: list[Field] = [
        [
            r["year"],
            r["parcel_no"],
            r["member_no"],
            r["area"],
            r["rate"],
            r["amount"],
            r["paid_on"],
            int(r["prepaid"]),
            # the 401 leaf of a base capitalised (migration 0011): only when there is one
            *([r["debit_account"]] if r.get("debit_account") is not None else []),
        ]
        for r in sorted(rows, key=lambda r: r["parcel_no"])
    ]
    return ["base", voucher, items]


def distribution_fields(r: Mapping[Any, Any]) -> list[Field]:
    fields: list[Field] = ["distribution", r["year"], r["retained"], r["approved_on"], r["digest"]]
    if r.get("convert_ratio") is not None:  # a conversion at posting (migration 0010)
        fields.append(r["convert_ratio"])
    return fields


#: The register fields a member amendment may change, in the order a record lists them.
AMENDABLE = ("name", "household", "id_number", "phone", "kind", "address")


def _field_order(row: Mapping[Any, Any]) -> tuple[int, str]:
    f = row["field"]
    return (AMENDABLE.index(f) if f in AMENDABLE else len(AMENDABLE), f)


def amend_fields(rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One amendment: member, date, [[field, old, new]…] in register order, reason. Every
    row of a record is written with the record's member, date and reason; a row whose own
    differ (an edit) is encoded with them, so the record no longer matches its link."""
    ordered = sorted(rows, key=_field_order)
    first = ordered[0]
    whole = any(
        (r["member_no"], r["date"], r["reason"])
        != (first["member_no"], first["date"], first["reason"])
        for r in ordered
    )
    items: list[Field] = [
        [
            r["field"],
            r["old"],
            r["value"],
            *([r["member_no"], r["date"], r["reason"]] if whole else []),
        ]
        for r in ordered
    ]
    return ["amend", first["member_no"], first["date"], items, first["reason"]]


def org_fields(r: Mapping[Any, Any]) -> list[Field]:
    """One particular of the organisation register: from, key, value."""
    return ["org", r["from_date"], r["key"], r["value"]]


def payee_fields(r: Mapping[Any, Any]) -> list[Field]:
    return [
        "payee",
        r["payee_no"],
        r["name"],
        r["member_no"],
        r["kind"],
        r["id_number"],
        r["phone"],
    ]


ASSET_FIELDS = (
    "asset_no",
    "name",
    "account",
    "cost",
    "in_service",
    "life_months",
    "cost_centre",
    "residual",
    "contra",
    "poverty",
    "quantity",
    "unit",
    "nominal",
    "nominal_reason",
    "mode",
    "voucher",
    "accumulated",
    "months_used",
    "category",
    "source",
    "ref",
)


def asset_fields(r: Mapping[Any, Any]) -> list[Field]:
    """The asset card, in the order of ``asset add``'s options (docs/chain.md)."""
    return ["asset", *(r[f] for f in ASSET_FIELDS)]


def depr_fields(voucher: str, rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One depreciation run: the voucher and [asset_no, month, amount] in asset order. A
    row whose voucher differs from the run's is encoded with it (an edit shows)."""
    items: list[Field] = [
        [
            r["asset_no"],
            r["month"],
            r["amount"],
            *([r["voucher"]] if r["voucher"] != voucher else []),
        ]
        for r in sorted(rows, key=lambda r: (r["asset_no"], r["month"]))
    ]
    return ["depr", voucher, items]


def asset_event_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["asset_event", r["asset_no"], r["date"], r["kind"], r["detail"], r["voucher"]]


def capital_tag_fields(voucher: str, rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """The sources of one voucher's 301@M lines: [line_no, member_no, tag] in line order; a
    row naming another voucher is encoded with it (an edit shows)."""
    items: list[Field] = [
        [
            r["line_no"],
            r["member_no"],
            r["tag"],
            *([r["voucher"]] if r["voucher"] != voucher else []),
        ]
        for r in sorted(rows, key=lambda r: r["line_no"])
    ]
    return ["capital_tag", voucher, items]


def product_fields(r: Mapping[Any, Any]) -> list[Field]:
    """The product card, in the order of ``product add``'s options."""
    return [
        "product",
        r["product_no"],
        r["name"],
        r["unit"],
        r["account"],
        r["income_account"],
        r["expense_account"],
    ]


def stock_fields(r: Mapping[Any, Any]) -> list[Field]:
    """One stock movement: the product, date, action, quantity (thousandths) and cost
    (fen), both signed, and the voucher that booked it."""
    return [
        "stock",
        r["product_no"],
        r["date"],
        r["action"],
        r["quantity"],
        r["cost"],
        r["voucher"],
    ]


def crop_fields(r: Mapping[Any, Any]) -> list[Field]:
    """The crop card, in the order of ``crop add``'s options."""
    return [
        "crop",
        r["crop_no"],
        r["name"],
        r["started"],
        r["cost_account"],
        r["asset_account"],
        r["product_no"],
        r["area"],
        r["poverty"],
    ]


def crop_event_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["crop_event", r["crop_no"], r["date"], r["kind"], r["final"], r["voucher"]]


def land_assign_fields(year: int, rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One assignment of crops to parcels for a year: [parcel_no, crop_no] in parcel order;
    a row of another year is encoded with it (an edit shows)."""
    items: list[Field] = [
        [r["parcel_no"], r["crop_no"], *([r["year"]] if r["year"] != year else [])]
        for r in sorted(rows, key=lambda r: r["parcel_no"])
    ]
    return ["land_assign", year, items]


def land_amort_fields(voucher: str, rows: Sequence[Mapping[Any, Any]]) -> list[Field]:
    """One voucher's land amortisation: [parcel_no, through, date, amount] in parcel order;
    a row naming another voucher is encoded with it (an edit shows)."""
    items: list[Field] = [
        [
            r["parcel_no"],
            r["through"],
            r["date"],
            r["amount"],
            *([r["voucher"]] if r["voucher"] != voucher else []),
        ]
        for r in sorted(rows, key=lambda r: (r["parcel_no"], r["through"]))
    ]
    return ["land_amort", voucher, items]


def trade_fields(r: Mapping[Any, Any]) -> list[Field]:
    """A trade record, in the order of ``trade add``'s options, with its number first."""
    return [
        "trade",
        r["trade_no"],
        r["date"],
        r["member_no"],
        r["counterparty"],
        r["product_no"],
        r["kind"],
        r["amount"],
        r["quantity"],
        r["voucher"],
        r["ref"],
    ]


def officer_fields(r: Mapping[Any, Any]) -> list[Field]:
    return [
        "officer",
        r["officer_id"],
        r["role"],
        r["name"],
        r["member_no"],
        r["from_date"],
        r["ref"],
    ]


def officer_end_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["officer_end", r["officer_id"], r["date"]]


def staff_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["staff", r["from_date"], r["role"], r["name"]]


def note_fields(r: Mapping[Any, Any]) -> list[Field]:
    """The text of an item of the notes for a year ('' clears it)."""
    return ["note", r["year"], r["item"], r["text"]]


def note_loss_fields(r: Mapping[Any, Any]) -> list[Field]:
    return [
        "note_loss",
        r["year"],
        r["loss_id"],
        r["category"],
        r["name"],
        r["amount"],
        r["explanation"],
    ]


def note_tax_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["note_tax", r["year"], r["tax_id"], r["kind"], r["item"], r["amount"]]


def note_rate_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["note_rate", r["year"], r["rate"]]


def note_void_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["note_void", r["year"], r["target"], r["entry_id"]]


def _rows(conn: Connection, table: sa.Table, coop_id: int) -> Iterator[Mapping[Any, Any]]:
    q = sa.select(table).where(table.c.coop_id == coop_id).order_by(table.c.chain_seq)
    for r in conn.execute(q):
        yield r._mapping


def members(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.member, coop_id):
        yield (r["chain_seq"], tr("member {member}", member=r["member_no"]), member_fields(r))


def charter(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.charter_amendment, coop_id):
        yield (r["chain_seq"], tr("charter {key}", key=r["key"]), charter_fields(r))


def notices(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.member_notice, coop_id):
        yield (r["chain_seq"], tr("notice of {member}", member=r["member_no"]), notice_fields(r))


def movements(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    parcels = {
        p.parcel_no: p._mapping
        for p in conn.execute(sa.select(ct.parcel).where(ct.parcel.c.coop_id == coop_id))
    }
    for r in _rows(conn, ct.land_movement, coop_id):
        yield (
            r["chain_seq"],
            tr("land {kind} of {parcel}", kind=r["kind"], parcel=r["parcel_no"]),
            movement_fields(r, parcels.get(r["parcel_no"])),
        )


def memos(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    q = (
        sa.select(ct.memo_entry)
        .where(ct.memo_entry.c.coop_id == coop_id)
        .order_by(ct.memo_entry.c.chain_seq, ct.memo_entry.c.line_no)
    )
    group: list[Mapping[Any, Any]] = []
    label = tr("member-account entry ({cause})")  # translated once, filled per record
    for r in conn.execute(q):
        if group and group[0]["chain_seq"] != r.chain_seq:
            yield (
                group[0]["chain_seq"],
                label.format(cause=group[0]["cause"]),
                memo_fields(group),
            )
            group = []
        group.append(r._mapping)
    if group:
        yield (
            group[0]["chain_seq"],
            label.format(cause=group[0]["cause"]),
            memo_fields(group),
        )


def distributions(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.distribution, coop_id):
        label = tr("distribution of {year}", year=r["year"])
        yield (r["chain_seq"], label, distribution_fields(r))


def amendments(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in _rows(conn, ct.member_amendment, coop_id):
        groups.setdefault(r["chain_seq"], []).append(r)
    for seq, rows in groups.items():
        label = tr("amendment of member {member}", member=rows[0]["member_no"])
        yield (seq, label, amend_fields(rows))


def org_settings(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.org_setting, coop_id):
        yield (r["chain_seq"], tr("organisation register: {key}", key=r["key"]), org_fields(r))


def payees(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.payee, coop_id):
        yield (r["chain_seq"], tr("payee {payee}", payee=r["payee_no"]), payee_fields(r))


def assets(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.asset, coop_id):
        yield (r["chain_seq"], tr("asset {asset}", asset=r["asset_no"]), asset_fields(r))


def depreciation_runs(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in _rows(conn, ct.asset_depr, coop_id):
        groups.setdefault(r["chain_seq"], []).append(r)
    for seq in sorted(groups):
        rows = groups[seq]
        voucher = min(r["voucher"] for r in rows)
        yield (seq, tr("depreciation {number}", number=voucher), depr_fields(voucher, rows))


def asset_events(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.asset_event, coop_id):
        yield (r["chain_seq"], tr("asset {asset}", asset=r["asset_no"]), asset_event_fields(r))


def capital_tags(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in _rows(conn, ct.capital_tag, coop_id):
        groups.setdefault(r["chain_seq"], []).append(r)
    for seq in sorted(groups):
        rows = groups[seq]
        voucher = min(r["voucher"] for r in rows)
        yield (
            seq,
            tr("capital sources of {number}", number=voucher),
            capital_tag_fields(voucher, rows),
        )


def products(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.product, coop_id):
        label = tr("product {product}", product=r["product_no"])
        yield (r["chain_seq"], label, product_fields(r))


def stock_moves(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.stock_move, coop_id):
        label = tr("stock of {product} in {number}", product=r["product_no"], number=r["voucher"])
        yield (r["chain_seq"], label, stock_fields(r))


def crops(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.crop, coop_id):
        yield (r["chain_seq"], tr("crop {crop}", crop=r["crop_no"]), crop_fields(r))


def crop_events(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.crop_event, coop_id):
        yield (r["chain_seq"], tr("crop {crop}", crop=r["crop_no"]), crop_event_fields(r))


def land_assignments(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in _rows(conn, ct.land_assign, coop_id):
        groups.setdefault(r["chain_seq"], []).append(r)
    for seq in sorted(groups):
        rows = groups[seq]
        year = min(r["year"] for r in rows)
        yield (seq, tr("crops of the land in {year}", year=year), land_assign_fields(year, rows))


def land_amortisations(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in _rows(conn, ct.land_amort, coop_id):
        groups.setdefault(r["chain_seq"], []).append(r)
    for seq in sorted(groups):
        rows = groups[seq]
        voucher = min(r["voucher"] for r in rows)
        label = tr("land amortisation {number}", number=voucher)
        yield (seq, label, land_amort_fields(voucher, rows))


def trades(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.trade, coop_id):
        yield (r["chain_seq"], tr("trade record {no}", no=r["trade_no"]), trade_fields(r))


def officers(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.officer, coop_id):
        label = tr("officer {id}", id=r["officer_id"])
        yield (r["chain_seq"], label, officer_fields(r))


def officer_ends(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.officer_end, coop_id):
        label = tr("end of officer {id}", id=r["officer_id"])
        yield (r["chain_seq"], label, officer_end_fields(r))


def staff(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.staff_assignment, coop_id):
        yield (r["chain_seq"], tr("staff post {role}", role=r["role"]), staff_fields(r))


def note_texts(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.note_text, coop_id):
        label = tr("note {item} of {year}", item=r["item"], year=r["year"])
        yield (r["chain_seq"], label, note_fields(r))


def note_losses(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.note_loss, coop_id):
        label = tr("loss {id} of {year} in the notes", id=r["loss_id"], year=r["year"])
        yield (r["chain_seq"], label, note_loss_fields(r))


def note_taxes(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.note_tax, coop_id):
        label = tr("tax adjustment {id} of {year}", id=r["tax_id"], year=r["year"])
        yield (r["chain_seq"], label, note_tax_fields(r))


def note_rates(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.note_tax_rate, coop_id):
        yield (r["chain_seq"], tr("tax rate of {year}", year=r["year"]), note_rate_fields(r))


def note_voids(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.note_void, coop_id):
        said = dict(id=r["entry_id"], year=r["year"])
        if r["target"] == "loss":
            label = tr("removal of loss {id} of {year} from the notes", **said)
        else:
            label = tr("removal of tax adjustment {id} of {year} from the notes", **said)
        yield (r["chain_seq"], label, note_void_fields(r))


def base_runs(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    """Base-register rows grouped by their link; rows of one link naming two vouchers are
    encoded apart, so the record no longer matches."""
    q = sa.select(ct.base_register).where(
        ct.base_register.c.coop_id == coop_id, ct.base_register.c.chain_seq.is_not(None)
    )
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    for r in conn.execute(q):
        groups.setdefault(r.chain_seq, []).append(r._mapping)
    for seq in sorted(groups):
        rows = groups[seq]
        vouchers = sorted({r["voucher"] for r in rows})
        fields = (
            base_fields(vouchers[0], rows)
            if len(vouchers) == 1
            else ["base", vouchers, base_fields(vouchers[0], rows)]
        )
        yield (seq, tr("base run {number}", number=vouchers[0]), fields)


def parcels_without_movement(conn: Connection, coop_id: int) -> list[str]:
    """Parcels are chained inside their ``contribute`` movement; one without is a row no
    link covers."""
    contributed = sa.select(ct.land_movement.c.parcel_no).where(
        ct.land_movement.c.coop_id == coop_id, ct.land_movement.c.kind == MoveKind.CONTRIBUTE
    )
    q = sa.select(ct.parcel.c.parcel_no).where(
        ct.parcel.c.coop_id == coop_id, ct.parcel.c.parcel_no.not_in(contributed)
    )
    return [p for (p,) in conn.execute(q)]


SOURCES: tuple[RecordSource, ...] = (
    members,
    charter,
    notices,
    movements,
    memos,
    distributions,
    base_runs,
    amendments,
    org_settings,
    officers,
    officer_ends,
    staff,
    note_texts,
    note_losses,
    note_taxes,
    note_rates,
    note_voids,
    payees,
    assets,
    depreciation_runs,
    asset_events,
    capital_tags,
    products,
    stock_moves,
    crops,
    crop_events,
    trades,
    land_assignments,
    land_amortisations,
)

#: Chained tables of this layer and the column naming each row's link (rows whose
#: column is NULL are covered by no link). ``parcel`` is covered through ``land``.
CHAINED: dict[str, str] = {
    "charter_amendment": "chain_seq",
    "member": "chain_seq",
    "member_notice": "chain_seq",
    "land_movement": "chain_seq",
    "memo_entry": "chain_seq",
    "distribution": "chain_seq",
    "base_register": "chain_seq",
    "member_amendment": "chain_seq",
    "org_setting": "chain_seq",
    "officer": "chain_seq",
    "officer_end": "chain_seq",
    "staff_assignment": "chain_seq",
    "note_text": "chain_seq",
    "note_loss": "chain_seq",
    "note_tax": "chain_seq",
    "note_tax_rate": "chain_seq",
    "note_void": "chain_seq",
    "payee": "chain_seq",
    "asset": "chain_seq",
    "asset_depr": "chain_seq",
    "asset_event": "chain_seq",
    "capital_tag": "chain_seq",
    "product": "chain_seq",
    "stock_move": "chain_seq",
    "crop": "chain_seq",
    "crop_event": "chain_seq",
    "trade": "chain_seq",
    "land_assign": "chain_seq",
    "land_amort": "chain_seq",
    "parcel": "land contribute",
}


def uncovered(conn: Connection, coop_id: int) -> list[Problem]:
    """Rows of this layer's tables with a link column but no link (base register)."""
    return uncovered_rows(conn, coop_id, {"base_register": ct.base_register})
