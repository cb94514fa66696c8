"""Reading and appending the cooperative's own rows (members, charter, land, base, memos)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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
    ctx.conn.execute(ct.charter_amendment.insert(), [
        dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, rows, strict=True)])


def members(ctx: Context) -> dict[str, Mapping[str, Any]]:
    q = sa.select(ct.member).where(ct.member.c.coop_id == ctx.coop_id)
    return {r.member_no: r._mapping for r in ctx.conn.execute(q)}


def member(ctx: Context, member_no: str) -> Mapping[str, Any] | None:
    r = ctx.conn.execute(sa.select(ct.member).where(
        ct.member.c.coop_id == ctx.coop_id, ct.member.c.member_no == member_no)).first()
    return None if r is None else r._mapping


def add_members(ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
    seqs = ctx.books.append_links([("member", records.member_fields(r)) for r in rows])
    ctx.conn.execute(ct.member.insert(), [
        dict(coop_id=ctx.coop_id, chain_seq=s, **r) for s, r in zip(seqs, rows, strict=True)])


def notices(ctx: Context) -> dict[str, Mapping[str, Any]]:
    q = sa.select(ct.member_notice).where(ct.member_notice.c.coop_id == ctx.coop_id)
    return {r.member_no: r._mapping for r in ctx.conn.execute(q)}


def add_notice(ctx: Context, member_no: str, notice_on: dt.date, exit_on: dt.date) -> None:
    row = dict(member_no=member_no, notice_on=notice_on.isoformat(), exit_on=exit_on.isoformat())
    (seq,) = ctx.books.append_links([("notice", records.notice_fields(row))])
    ctx.conn.execute(ct.member_notice.insert().values(coop_id=ctx.coop_id, chain_seq=seq, **row))
