"""The benchmark suite of performance.md: a seeded cooperative's books, timed command by
command against the raw SQLite baseline of the same postings, in one run.

    python bench/run.py --size 10k|100k|1M [--db sqlite|postgresql] [--format json]

The workload (seeded, deterministic): M = postings ÷ 10 members, each contributing one
parcel of 0.5–12 mu (`member import`, `land import`); a CSV of the year's vouchers for
`voucher import` — operating vouchers of two lines (income, costs, materials) and
per-member vouchers of eleven lines (Dr 114@M for ten members / Cr 102) — making up the
size in postings; then the year's base for every parcel (`base pay`), `year close`,
`distribute plan`, `post` and `pay` (a line per member each).

Every project command runs as its own process (`python -m cli.main`), timed on the wall
clock, with its peak memory read from the kernel (``wait4``'s ``ru_maxrss`` of that
process alone). The raw baseline: one ``sqlite3`` ``executemany`` of the same postings into
a two-table schema (``synchronous=FULL``, one transaction), and one ``GROUP BY`` for the
trial balance, measured in-process: the trial balance's ratio (``tb_ratio``) is therefore
that of the trial balance computed in-process too (``tb_inprocess_s``); the whole
command's, less the process start-up (``startup_s``, ``coop --version``), is
``tb_process_ratio``.
When installed, ``bean-check`` and ``hledger check`` read the same books as journals.
``--db postgresql`` runs every command on SQLite and on a fresh database of the local
server (dropped afterwards) and adds each command's PostgreSQL / SQLite ratio.

Figures vary between runs; compare ratios measured in one run (bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
YEAR = 2024
#: A command that has not finished after this many seconds is stopped and reported as such.
TIMEOUT = 1800
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"

# ----- the workload ------------------------------------------------------------------------------

#: (debit, credit, memo, weight): income three times as often as each cost, so that the
#: year has a surplus to distribute
OPERATIONS = (
    ("102", "501", "经营收入", 3),
    ("52102", "102", "经营支出", 1),
    ("523", "102", "其他支出", 1),
)


@dataclass
class Workload:
    members: int
    postings: int = 0
    vouchers: int = 0
    rows: list[tuple[str, str, str, int]] = field(default_factory=list)


def _fen(x: int) -> str:
    return f"{x // 100}.{x % 100:02d}"


def _vouchers(n_postings: int, members: int, rnd: random.Random) -> Iterator[list[Any]]:
    """Each voucher as [ref, date, memo, [(account, member, fen)]] until n_postings lines."""
    made, i = 0, 0
    while made < n_postings:
        date = (dt.date(YEAR, 1, 1) + dt.timedelta(days=rnd.randrange(365))).isoformat()
        if rnd.random() < 0.4 and n_postings - made >= 11:
            who = rnd.sample(range(members), min(10, members))
            amounts = [rnd.randrange(100, 500_000) for _ in who]
            lines = [("114", f"M{m:06d}", a) for m, a in zip(who, amounts, strict=True)]
            lines.append(("102", "", -sum(amounts)))
            memo = f"代垫成员款项{i}"
        else:
            dr, cr, memo, _ = rnd.choices(OPERATIONS, [op[3] for op in OPERATIONS])[0]
            fen = rnd.randrange(1, 10**7)
            lines = [(dr, "", fen), (cr, "", -fen)]
            memo = f"{memo}{i}"
        made += len(lines)
        yield [f"R{i:07d}", date, memo, lines]
        i += 1


def write_books(folder: Path, postings: int, seed: int) -> Workload:
    """The registers and the voucher file (and the same books as Beancount and hledger
    journals) in ``folder``."""
    rnd = random.Random(seed)
    w = Workload(members=max(100, postings // 10))
    with (folder / "members.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["member_no", "name", "joined_on"])
        out.writerows([f"M{i:06d}", f"成员{i}", f"{YEAR}-01-01"] for i in range(w.members))
    with (folder / "land.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["member_no", "parcel_no", "area_mu", "contributed_on", "contract_no"])
        for i in range(w.members):
            area = rnd.randint(5_000, 120_000)
            out.writerow(
                [
                    f"M{i:06d}",
                    f"P{i:06d}",
                    f"{area // 10000}.{area % 10000:04d}",
                    f"{YEAR}-01-01",
                    "",
                ]
            )
    accounts = sorted({a for op in OPERATIONS for a in op[:2]} | {"114"})
    with (
        (folder / "vouchers.csv").open("w", encoding="utf-8", newline="") as f,
        (folder / "books.beancount").open("w", encoding="utf-8") as bean,
        (folder / "books.journal").open("w", encoding="utf-8") as hl,
    ):
        out = csv.writer(f)
        out.writerow(["ref", "date", "memo", "account", "member_no", "debit", "credit"])
        bean.write('option "operating_currency" "CNY"\n')
        for a in accounts:
            bean.write(f"{YEAR}-01-01 open Assets:A{a}\n")
        for ref, date, memo, lines in _vouchers(postings, w.members, rnd):
            bean.write(f'{date} * "{memo}"\n')
            hl.write(f"{date} {memo}\n")
            for account, member, fen in lines:
                out.writerow(
                    [
                        ref,
                        date,
                        memo,
                        account,
                        member,
                        _fen(fen) if fen > 0 else "",
                        _fen(-fen) if fen < 0 else "",
                    ]
                )
                amount = ("-" if fen < 0 else "") + _fen(abs(fen))
                bean.write(f"  Assets:A{account}  {amount} CNY\n")
                hl.write(f"  a{account}{':' + member if member else ''}  {amount} CNY\n")
                w.rows.append((ref, date, account, fen))
            w.postings += len(lines)
            w.vouchers += 1
    return w


def raw_baseline(db: Path, rows: list[tuple[str, str, str, int]]) -> tuple[float, float]:
    """Seconds of one executemany of the postings (and their voucher heads) in one
    transaction, and of the GROUP BY trial balance on that file."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE v (ref TEXT PRIMARY KEY, date TEXT)")
    conn.execute("CREATE TABLE l (ref TEXT, n INTEGER, account TEXT, amount INTEGER)")
    conn.execute("CREATE INDEX l_acc ON l (account)")
    t0 = time.perf_counter()
    conn.executemany("INSERT INTO v VALUES (?, ?)", sorted({(r[0], r[1]) for r in rows}))
    conn.executemany("INSERT INTO l VALUES (?, 1, ?, ?)", [(r[0], r[2], r[3]) for r in rows])
    conn.commit()
    t1 = time.perf_counter()
    conn.execute("SELECT account, SUM(amount) FROM l GROUP BY account").fetchall()
    t2 = time.perf_counter()
    conn.close()
    return t1 - t0, t2 - t1


# ----- running a command -------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float | None  # None: stopped at the timeout
    peak_mb: float
    code: int


def measure(argv: list[str], cwd: Path, stdout: Path | None = None) -> Run:
    """Wall time and peak resident memory of one process (its own, from wait4)."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
    deadline = t0 + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return Run(None, usage.ru_maxrss / 1024, -9)
        time.sleep(0.005)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if stdout:
        out.close()  # type: ignore[union-attr]
    if proc.returncode != 0 and argv[:1] == [sys.executable]:
        raise SystemExit(f"{' '.join(argv[3:])}: exit {proc.returncode}: {err.strip()[-500:]}")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode)


def coop(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", "--db", db, "--user", "bench", *args]


def run_books(db: str, folder: Path, w: Workload, size: int) -> dict[str, Run]:
    """Every measured command on ``db``, in the order an accountant's year runs."""
    d = str(folder)
    runs: dict[str, Run] = {}
    steps: list[tuple[str, list[str], str | None]] = [
        ("startup", ["--version"], None),
        ("init", ["init", "--name", "基准合作社", "--code", "B", "--first-year", str(YEAR)], None),
        ("member_import", ["member", "import", f"{d}/members.csv"], None),
        ("land_import", ["land", "import", f"{d}/land.csv"], None),
        ("import", ["voucher", "import", f"{d}/vouchers.csv"], None),
        ("tb", ["report", "trial-balance", "--format", "json"], None),
        ("check", ["check"], None),
        ("check_strict", ["check", "--strict"], None),
        ("voucher_list_json", ["voucher", "list", "--format", "json"], None),
        ("ledger_102", ["report", "ledger", "102"], None),
        ("export_csv", ["export", "csv", "-o", f"{d}/export.csv", "--force"], None),
        ("export_beancount", ["export", "beancount", "-o", f"{d}/export.bean", "--force"], None),
        ("base_pay", ["base", "pay", "--year", str(YEAR), "--date", f"{YEAR}-03-01"], None),
        ("year_close", ["year", "close", str(YEAR)], None),
        ("plan", ["distribute", "plan", str(YEAR), "--format", "json"], f"{d}/plan.json"),
        ("post", ["distribute", "post", str(YEAR)], None),
        ("pay", ["distribute", "pay", str(YEAR), "--date", f"{YEAR + 1}-01-15"], None),
        ("check_after_year", ["check"], None),
    ]
    if w.members <= 10_000:
        out = f"{d}/statements-{uuid.uuid4().hex[:6]}"
        steps.append(
            (
                "statement_all_text",
                ["statement", "--all", "--year", str(YEAR), "--out-dir", out],
                None,
            )
        )
    if w.members <= 1_000:
        out = f"{d}/pdf-{uuid.uuid4().hex[:6]}"
        steps.append(
            (
                "statement_all_pdf",
                ["statement", "--all", "--year", str(YEAR), "--format", "pdf", "--out-dir", out],
                None,
            )
        )
    for name, args, keep in steps:
        print(f"  {name} …", file=sys.stderr, flush=True)
        runs[name] = measure(coop(db, *args), ROOT, Path(keep) if keep else None)
        if name == "tb":  # and in-process, as the raw GROUP BY is timed
            out = subprocess.run(
                [sys.executable, __file__, "--tb", db],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs["tb_inprocess"] = Run(float(out), 0.0, 0)
        if name == "startup":  # the quickest of three: the least disturbed by the machine
            more = [measure(coop(db, *args), ROOT) for _ in range(2)]
            runs[name] = min([runs[name], *more], key=lambda r: r.seconds or 0.0)
    # the year really distributed: a share for every member in the plan
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    paid = sum(1 for m in plan["members"] if m["total"] != "0.00")
    if paid != w.members:
        raise SystemExit(f"the plan pays {paid} of {w.members} members")
    return runs


def peers(folder: Path) -> dict[str, Run]:
    out = {}
    if shutil.which("bean-check"):
        out["bean_check"] = measure(["bean-check", str(folder / "books.beancount")], folder)
    if shutil.which("hledger"):
        out["hledger_check"] = measure(
            ["hledger", "-f", str(folder / "books.journal"), "check"], folder
        )
    return out


# ----- the figures -------------------------------------------------------------------------------


def figures(
    size: str, w: Workload, raw: tuple[float, float], runs: dict[str, Run], peer: dict[str, Run]
) -> dict[str, Any]:
    raw_import, raw_tb = raw

    def s(name: str) -> float | None:
        r = runs.get(name)
        return None if r is None or r.seconds is None else round(r.seconds, 3)

    imp, tb, start = s("import"), s("tb"), s("startup")
    year_end = [x for k in ("year_close", "plan", "post", "pay") if (x := s(k)) is not None]
    out: dict[str, Any] = {
        "size": size,
        "postings": w.postings,
        "vouchers": w.vouchers,
        "members": w.members,
        "raw_import_s": round(raw_import, 3),
        "raw_import_rate": round(w.postings / raw_import),
        "import_s": imp,
        "import_rate": round(w.postings / imp) if imp else None,
        "import_ratio": round(raw_import / imp, 4) if imp else None,
        "raw_tb_s": round(raw_tb, 4),
        "tb_s": tb,
        # a command's wall time less the process start-up (Python and the CLI's imports)
        "startup_s": start,
        "tb_process_ratio": round(max(tb - (start or 0), 0) / raw_tb, 2) if tb else None,
        # the trial balance computed in-process (the best of three), as the raw GROUP BY
        "tb_inprocess_s": s("tb_inprocess"),
        "tb_ratio": round(tin / raw_tb, 2) if (tin := s("tb_inprocess")) else None,
        "check_s": s("check"),
        "check_strict_s": s("check_strict"),
        "year_end_s": round(sum(year_end), 3) if len(year_end) == 4 else None,
        "statement_text_each_s": (
            round(runs["statement_all_text"].seconds / w.members, 5)  # type: ignore[operator]
            if s("statement_all_text") is not None
            else None
        ),
        "statement_pdf_each_s": (
            round(runs["statement_all_pdf"].seconds / w.members, 5)  # type: ignore[operator]
            if s("statement_all_pdf") is not None
            else None
        ),
        "commands": {k: {"s": s(k), "peak_rss_mb": round(r.peak_mb, 1)} for k, r in runs.items()},
        "peak_rss_mb": round(max(r.peak_mb for r in runs.values()), 1),
    }
    for k, r in peer.items():
        out[f"{k}_s"] = None if r.seconds is None else round(r.seconds, 3)
        out[f"{k}_peak_rss_mb"] = round(r.peak_mb, 1)
    return out


def prepare(folder: Path, postings: int, seed: int) -> None:
    """Write the books and time the raw baseline; print the counts and times as JSON."""
    w = write_books(folder, postings, seed)
    raw_import, raw_tb = raw_baseline(folder / f"raw-{uuid.uuid4().hex[:6]}.db", w.rows)
    print(
        json.dumps(
            dict(
                members=w.members,
                postings=w.postings,
                vouchers=w.vouchers,
                raw_import_s=raw_import,
                raw_tb_s=raw_tb,
            )
        )
    )


def trial_balance_inprocess(db: str) -> None:
    """Print the best of three in-process trial balances of ``db`` (seconds)."""
    sys.path.insert(0, str(ROOT))
    from coop import services
    from coop.store.uow import UnitOfWork

    uow = UnitOfWork(db, coop_code="B", user="bench", at="t")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        uow.read(lambda c: services.trial_balance(c, None))
        times.append(time.perf_counter() - t0)
    uow.close()
    print(min(times))


def main() -> None:
    if sys.argv[1:2] == ["--tb"]:
        trial_balance_inprocess(sys.argv[2])
        return
    if sys.argv[1:2] == ["--prepare"]:
        prepare(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="10k")
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="coop-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"writing the {args.size} books …", file=sys.stderr, flush=True)
        # in a process of its own: the postings it holds would otherwise be counted in the
        # peak memory of every command forked from this one
        made = subprocess.run(
            [
                sys.executable,
                __file__,
                "--prepare",
                str(folder),
                str(SIZES[args.size]),
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        counts = json.loads(made)
        w = Workload(counts["members"], counts["postings"], counts["vouchers"])
        raw = counts["raw_import_s"], counts["raw_tb_s"]
        print("sqlite:", file=sys.stderr, flush=True)
        db = folder / f"coop-{uuid.uuid4().hex[:6]}.db"
        runs = run_books(str(db), folder, w, SIZES[args.size])
        result = figures(args.size, w, raw, runs, peers(folder))
        result.update(
            machine=f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"SQLite {sqlite3.sqlite_version}",
            date=dt.datetime.now().isoformat(timespec="seconds"),
            db=args.db,
        )
        if args.db == "postgresql":
            name = f"coop_bench_{uuid.uuid4().hex[:8]}"
            admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"]
            subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
            try:
                print("postgresql:", file=sys.stderr, flush=True)
                pg = run_books(f"{PG_SERVER}/{name}", folder, w, SIZES[args.size])
            finally:
                subprocess.run(
                    [*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
                )
            result["postgresql"] = {
                k: {
                    "s": None if r.seconds is None else round(r.seconds, 3),
                    "peak_rss_mb": round(r.peak_mb, 1),
                    "ratio": (
                        round(r.seconds / base, 2)
                        if r.seconds is not None and (base := runs[k].seconds)
                        else None
                    ),
                }
                for k, r in pg.items()
            }
            ratios = [v["ratio"] for v in result["postgresql"].values() if v["ratio"] is not None]
            result["pg_max_ratio"] = max(ratios) if ratios else None
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for k, v in result.items():
            if k not in ("commands", "postgresql"):
                print(f"{k}: {v}")
        for k, v in result["commands"].items():
            print(f"  {k}: {v['s']} s, {v['peak_rss_mb']} MB")
        for k, v in result.get("postgresql", {}).items():
            print(f"  pg {k}: {v['s']} s ({v['ratio']}× SQLite), {v['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
