"""The cooperative's rows as chain records: one field list per kind, used both when a
row is written and when ``check`` recomputes the chain (docs/chain.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coop.store import tables as ct
from ledger.chain import Field
from ledger.store.audit import ChainRecord, RecordSource


def member_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["member", r["member_no"], r["name"], r["household"], r["id_number"], r["phone"],
            r["joined_on"]]


def charter_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["charter", r["from_year"], r["key"], r["value"]]


def notice_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["notice", r["member_no"], r["notice_on"], r["exit_on"]]


def movement_fields(r: Mapping[Any, Any], parcel: Mapping[Any, Any] | None) -> list[Field]:
    fields: list[Field] = ["land", r["kind"], r["parcel_no"], r["member_no"], r["date"],
                           r["booked"], r["voucher"], r["reason"]]
    if r["kind"] == "contribute":
        assert parcel is not None
        fields.append([parcel["contract_no"], parcel["area"], parcel["term_years"],
                       parcel["grade"]])
    return fields


def memo_fields(entries: Sequence[Mapping[Any, Any]]) -> list[Field]:
    first = entries[0]
    return ["memo", first["date"], first["year"], first["cause"],
            [[e["line_no"], e["member_no"], e["share"], e["amount"]] for e in entries]]


def distribution_fields(r: Mapping[Any, Any]) -> list[Field]:
    return ["distribution", r["year"], r["retained"], r["approved_on"], r["digest"]]


def _rows(conn: Connection, table: sa.Table, coop_id: int) -> Iterator[Mapping[Any, Any]]:
    q = sa.select(table).where(table.c.coop_id == coop_id).order_by(table.c.chain_seq)
    for r in conn.execute(q):
        yield r._mapping


def members(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.member, coop_id):
        yield (r["chain_seq"], f"member {r['member_no']}", member_fields(r))


def charter(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.charter_amendment, coop_id):
        yield (r["chain_seq"], f"charter {r['key']}", charter_fields(r))


def notices(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.member_notice, coop_id):
        yield (r["chain_seq"], f"notice of {r['member_no']}", notice_fields(r))


def movements(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    parcels = {p.parcel_no: p._mapping for p in conn.execute(
        sa.select(ct.parcel).where(ct.parcel.c.coop_id == coop_id))}
    for r in _rows(conn, ct.land_movement, coop_id):
        yield (r["chain_seq"], f"land {r['kind']} of {r['parcel_no']}",
               movement_fields(r, parcels.get(r["parcel_no"])))


def memos(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    q = sa.select(ct.memo_entry).where(ct.memo_entry.c.coop_id == coop_id).order_by(
        ct.memo_entry.c.chain_seq, ct.memo_entry.c.line_no)
    group: list[Mapping[Any, Any]] = []
    for r in conn.execute(q):
        if group and group[0]["chain_seq"] != r.chain_seq:
            yield (group[0]["chain_seq"], f"member-account entry ({group[0]['cause']})",
                   memo_fields(group))
            group = []
        group.append(r._mapping)
    if group:
        yield (group[0]["chain_seq"], f"member-account entry ({group[0]['cause']})",
               memo_fields(group))


def distributions(conn: Connection, coop_id: int) -> Iterator[ChainRecord]:
    for r in _rows(conn, ct.distribution, coop_id):
        yield (r["chain_seq"], f"distribution of {r['year']}", distribution_fields(r))


SOURCES: tuple[RecordSource, ...] = (members, charter, notices, movements, memos,
                                     distributions)
