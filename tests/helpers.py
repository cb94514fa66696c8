"""Helpers for looking at a database behind the command line's back."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from coop.store import tables as ct
from ledger.store import tables as lt
from ledger.store.engine import open_engine


def snapshot(db: str, code: str) -> dict[str, object]:
    """Row counts of every table for one cooperative, and its chain head."""
    engine = open_engine(db, create=False)
    try:
        with engine.connect() as conn:
            cid = conn.execute(sa.select(lt.book.c.id).where(lt.book.c.code == code)).scalar()
            out: dict[str, object] = {}
            for table in [*lt.metadata.sorted_tables, *ct.metadata.sorted_tables]:
                if table.name == "book":
                    continue
                out[table.name] = conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(table.c.coop_id == cid)
                ).scalar()
            head = conn.execute(
                sa.select(lt.chain_head.c.hash).where(lt.chain_head.c.coop_id == cid)
            ).scalar()
            out["head"] = bytes(head).hex() if head is not None else None
            out["counter"] = conn.execute(
                sa.select(lt.counter.c.year, lt.counter.c.next_seq)
                .where(lt.counter.c.coop_id == cid)
                .order_by(lt.counter.c.year)
            ).all()
            return out
    finally:
        engine.dispose()


def example_e1(coop: Any) -> None:
    """The domain check's example E1 (益民合作社) posted on a fresh cooperative: income
    600,000 + 100,000 + 80,000 and expenses 400,000 + 200,000 + 60,000, in 2024."""
    coop.ok("account", "add", "50101", "经营收入—产品")
    for code, amount in (("50101", "600000"), ("511", "100000"), ("502", "80000")):
        coop.ok(
            "voucher",
            "add",
            "--date",
            "2024-06-01",
            "--memo",
            "收入",
            "--dr",
            "102",
            amount,
            "--cr",
            code,
            amount,
        )
    for code, amount in (("52102", "400000"), ("523", "200000"), ("529", "60000")):
        coop.ok(
            "voucher",
            "add",
            "--date",
            "2024-07-01",
            "--memo",
            "支出",
            "--dr",
            code,
            amount,
            "--cr",
            "102",
            amount,
        )
