"""Benchmark: import N two-line vouchers from one CSV, against raw SQLite executemany.

    python bench/import_bench.py --vouchers 10000

Prints the seconds of `coop voucher import` (in-process, every invariant on:
validation, numbering, chain, audit rows, database guards), of a raw sqlite3
executemany of the same postings into a two-table schema, and of the trial
balance against a raw GROUP BY, measured in the same run. Results go in
bench/RESULTS.md with the command that produced them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from run import raw_baseline  # bench/run.py: the same baseline as the suite's

from coop import services, vouchers
from coop.store.uow import UnitOfWork


def make_csv(path: Path, n: int, seed: int) -> list[tuple[str, str, str, int]]:
    rnd = random.Random(seed)
    rows = []
    with path.open("w", encoding="utf-8") as f:
        f.write("ref,date,memo,account,member_no,debit,credit\n")
        for i in range(n):
            date = (dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randrange(366))).isoformat()
            fen = rnd.randrange(1, 10**7)
            amt = f"{fen // 100}.{fen % 100:02d}"
            dr, cr = rnd.choice([("102", "501"), ("52102", "102"), ("523", "102")])
            f.write(f"R{i},{date},业务{i},{dr},,{amt},\nR{i},{date},业务{i},{cr},,,{amt}\n")
            rows.append((f"R{i}", date, dr, fen))
            rows.append((f"R{i}", date, cr, -fen))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vouchers", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        csv_path = Path(d) / "v.csv"
        rows = make_csv(csv_path, args.vouchers, args.seed)
        raw_import, raw_tb = raw_baseline(Path(d) / "raw.db", rows)
        db = str(Path(d) / "coop.db")
        services.init(db, name="基准社", code="B", charter_text={}, user="bench", at="t")
        uow = UnitOfWork(db, coop_code="B", user="bench", at="t")
        t0 = time.perf_counter()
        results = uow.run(lambda c: vouchers.import_file(c, str(csv_path)))
        t1 = time.perf_counter()
        tb = uow.run(lambda c: services.trial_balance(c, None))
        t2 = time.perf_counter()
        problems = uow.run(lambda c: services.check(c, False)[0])
        t3 = time.perf_counter()
        uow.close()
        assert results.created == args.vouchers and tb.total_debit == tb.total_credit
        assert problems == [], problems
        postings = len(rows)
        print(f"vouchers={args.vouchers} postings={postings}")
        print(f"coop import: {t1 - t0:.3f} s ({postings / (t1 - t0):,.0f} postings/s)")
        print(
            f"raw sqlite executemany: {raw_import:.3f} s "
            f"({postings / raw_import:,.0f} postings/s); coop/raw rate = "
            f"{raw_import / (t1 - t0):.0%}"
        )
        print(f"trial balance: {t2 - t1:.4f} s; raw GROUP BY: {raw_tb:.4f} s")
        print(f"check (full chain recomputed): {t3 - t2:.3f} s")


if __name__ == "__main__":
    main()
