"""Reliability L1 / performance: M members × Y years of books, then time check and a plan.

    python bench/l1_workload.py --members 2000 --years 10

Builds, deterministically (seeded), a cooperative of M members each contributing a
parcel of 0.5–12 mu; per year a base payment for every parcel, a few hundred
operating vouchers, a year close, the distribution and its payment. Then it times
`check` (full chain and every invariant, every posted distribution recomputed) and
one year's distribution plan, in-process, and prints the database size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from coop import base_pay, closing, distribution, dividends, land, members, services
from coop.land import ParcelIn
from coop.store.uow import Context, UnitOfWork
from ledger.entries import Line, Voucher


def build(ctx: Context, n: int, years: int, first: int, rnd: random.Random) -> None:
    rows = [("", members.member_row(f"M{i:05d}", f"成员{i}", f"{first}-01-01")) for i in range(n)]
    members._add_rows(ctx, rows)
    land.contribute_many(
        ctx,
        [
            (
                "",
                ParcelIn(
                    f"M{i:05d}",
                    f"P{i:05d}",
                    rnd.randint(5_000, 120_000),
                    dt.date(first, 1, 1),
                    None,
                ),
            )
            for i in range(n)
        ],
    )


def one_year(ctx: Context, year: int, rnd: random.Random, vouchers: int) -> None:
    base_pay.pay(ctx, year, dt.date(year, 3, 1), None)
    batch = []
    for i in range(vouchers):
        fen = rnd.randint(100, 5_000_000)
        date = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(360))
        dr, cr = ("102", "501") if i % 3 else ("52102", "102")
        batch.append(Voucher(date, f"业务{i}", (Line(dr, fen), Line(cr, -fen)), user="bench"))
    ctx.books.post(batch)
    closing.close_year(ctx, year)
    distribution.post(ctx, year, 0, None)
    dividends.pay(ctx, year, dt.date(year + 1, 1, 15), None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--vouchers", type=int, default=300, help="operating vouchers a year")
    ap.add_argument("--db", help="keep the database here (default: a temporary file)")
    args = ap.parse_args()
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as d:
        db = args.db or str(Path(d) / "l1.db")
        services.init(db, name="基准合作社", code="L1", charter_text={}, user="bench", at="t")
        uow = UnitOfWork(db, coop_code="L1", user="bench", at="t")
        first = 2015
        t0 = time.perf_counter()
        uow.run(lambda c: build(c, args.members, args.years, first, rnd))
        for year in range(first, first + args.years):
            uow.run(lambda c, y=year: one_year(c, y, rnd, args.vouchers))  # type: ignore[misc]
        t1 = time.perf_counter()
        problems = uow.run(lambda c: services.check(c, False)[0])
        t2 = time.perf_counter()
        last = first + args.years - 1
        uow.run(lambda c: distribution.compute(c, last))
        t3 = time.perf_counter()
        n = uow.run(lambda c: len(list(c.books.list_vouchers())))
        uow.close()
        assert problems == [], problems[:3]
        size = Path(db).stat().st_size / 2**20
        print(f"members={args.members} years={args.years} vouchers={n} db={size:.1f} MB")
        print(f"build: {t1 - t0:.1f} s")
        print(f"check (full): {t2 - t1:.2f} s")
        print(f"distribution plan {last}: {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
