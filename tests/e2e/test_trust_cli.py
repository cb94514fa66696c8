"""trust.md §1–§2 at the command line: head, verify, the head after every commit,
printed heads, and the witness (an SQLite file or a PostgreSQL URL)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli.main import run
from tests.conftest import Coop, Result


def _run(*argv: str) -> Result:
    from click.testing import CliRunner

    with CliRunner().isolation() as (out, err, _mixed):
        code = run(list(argv))
    return Result(code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode())


def test_head_verify_and_printed_digests(coop: Coop) -> None:
    coop.ok("account", "add", "50101", "经营收入—白术")
    added = coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "销售",
        "--dr",
        "102",
        "100",
        "--cr",
        "50101",
        "100",
    )
    # every commit prints its new head on stderr; the default language is Chinese
    m = re.search(r"^链头 (\d+) ([0-9a-f]{64})$", added.err, re.M)
    assert m, added.err
    h: Any = coop.ok("head", "--format", "json").json()
    assert (h["seq"], h["hash"]) == (int(m.group(1)), m.group(2))
    assert h["coop"] == coop.code and h["last"]["kind"] == "audit"
    assert "voucher add" in h["last"]["key"] and "--db" not in h["last"]["key"]
    # verify: one line, exit 0; a prefix of 16 works; 64 zeros is not a link (exit 1)
    v = coop.ok("verify", h["hash"])
    assert v.out.count("\n") == 1 and f"第 {h['seq']} 环" in v.out and "其后 0 环" in v.out
    assert "link" in coop.ok("verify", h["hash"][:16], lang="en").out
    zeros = coop("verify", "0" * 64)
    assert zeros.code == 1 and "不是本账簿的链环" in zeros.out
    assert coop("verify", h["hash"], "--seq", str(h["seq"] - 1)).code == 1
    assert coop("verify", "xyz").code == 2
    # an earlier head stays a link, with the count of links after it
    first = coop.ok("verify", m.group(2), "--seq", m.group(1))
    assert "第" in first.out
    # the voucher print and its JSON carry the head and the instruction
    js: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert js["ledger_digest"] == {"seq": h["seq"], "hash": h["hash"]}
    text = coop.ok("voucher", "show", "2024-1").out
    assert f"核对：coop verify {h['hash']}" in text
    assert " ".join(h["hash"][i : i + 4] for i in range(0, 64, 4)) in text
    en = coop.ok("voucher", "show", "2024-1", lang="en").out
    assert f"To check: coop verify {h['hash']}" in en


def test_statement_and_plan_carry_ledger_digest(coop: Coop) -> None:
    coop.ok("member", "add", "A", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A", "--parcel", "P1", "--area", "1", "--date", "2024-01-01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        "5000",
        "--cr",
        "501",
        "5000",
    )
    closed = coop.ok("year", "close", "2024")
    seq, hash_ = closed.out.split()[-2:]
    # year close prints the link of that close, which verify finds
    assert f"第 {seq} 环" in coop.ok("verify", hash_, "--seq", seq).out
    assert (
        "close 2024" in coop.ok("verify", hash_, lang="en").out
        or "close of 2024" in coop.ok("verify", hash_, lang="en").out
    )
    coop.ok("distribute", "post", "2024")
    h: Any = coop.ok("head", "--format", "json").json()
    st: Any = coop.ok("statement", "A", "--year", "2024", "--format", "json").json()
    assert st["ledger_digest"] == {"seq": h["seq"], "hash": h["hash"]}
    plan: Any = coop.ok("distribute", "plan", "2024", "--format", "json").json()
    assert plan["ledger_digest"] == {"seq": h["seq"], "hash": h["hash"]}
    assert f"coop verify {h['hash']}" in coop.ok("distribute", "plan", "2024").out
    bs: Any = coop.ok("report", "balance-sheet", "--year", "2024", "--format", "json").json()
    assert bs["ledger_digest"]["hash"] == h["hash"]
    # a read-only command writes nothing: the head does not move
    assert coop.ok("head", "--format", "json").json() == h
    assert "链头" not in coop.ok("statement", "A", "--year", "2024").err


def _witness_target(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An SQLite file, or a PostgreSQL database of its own (the county's witness): never
    the database that holds the books, whose schema check would rightly object."""
    if kind == "sqlite":
        return str(tmp_path / "witness.db")
    import psycopg

    url: str = request.getfixturevalue("pg_url")
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    base, name = admin.rsplit("/", 1)
    witness = f"{name}_w{tmp_path.name[-4:]}".lower()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{witness}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{witness}" WITH (FORCE)')

    request.addfinalizer(drop)
    return f"{base}/{witness}".replace("postgresql://", "postgresql+psycopg://")


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def test_a_restored_copy_is_caught_by_the_witness(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The issue's acceptance line: demo with a witness, copy aside, pay, copy back."""
    db, w = str(tmp_path / "d.db"), _witness_target(kind, tmp_path, request)
    code = "W" + tmp_path.name[-6:].upper().replace("_", "")
    g = ["--db", db, "--witness", w, "--coop", code]
    assert _run(*g, "demo").code == 0
    shutil.copyfile(db, tmp_path / "aside.db")
    paid = _run(*g, "distribute", "pay", "2020", "--date", "2021-01-20")
    assert paid.code == 0 and "链头" in paid.err
    listed: Any = _run(*g, "witness", "list", "--format", "json").json()
    assert listed["heads"][-1]["command"] == "distribute pay 2020 --date 2021-01-20"
    shutil.copyfile(tmp_path / "aside.db", db)
    assert _run("--db", db, "--coop", code, "check").code == 0  # alone, it verifies
    r = _run(*g, "--lang", "en", "check")
    assert r.code == 1 and r.out.startswith("witness: head"), r.out
    js: Any = _run(*g, "check", "--format", "json").json()
    assert js["witnessed"] >= 2 and js["problems"][0]["check"] == "witness"


def test_witness_add_from_paper_and_an_unwritable_witness(coop: Coop, tmp_path: Path) -> None:
    w = str(tmp_path / "w.db")
    h: Any = coop.ok("head", "--format", "json").json()
    base = ["--db", coop.db, "--coop", coop.code, "--witness", w]
    assert (
        _run(
            *base, "witness", "add", h["hash"], "--seq", str(h["seq"]), "--note", "监事会签字"
        ).code
        == 0
    )
    assert _run(*base, "check").code == 0
    bogus = "ab" * 32
    assert _run(*base, "witness", "add", bogus, "--seq", "1").code == 0
    r = _run(*base, "--lang", "en", "check")
    assert r.code == 1 and "head 1" in r.out and "differs" in r.out
    # a witness that cannot be written: the command succeeds and says so in one line
    bad = ["--db", coop.db, "--coop", coop.code, "--witness", str(tmp_path / "no" / "w.db")]
    r = _run(
        *bad,
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "m",
        "--dr",
        "102",
        "1",
        "--cr",
        "501",
        "1",
    )
    assert r.code == 0 and "链头未能见证" in r.err and "Traceback" not in r.err
    # no witness configured
    assert coop("witness", "list").code == 1
