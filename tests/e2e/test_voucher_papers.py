"""The voucher's papers (statutory.md §10.1–§10.3, cli-additions.md §0 and §1.4): 附单据张数
and the voucher a correcting voucher corrects, stored with the voucher, chained, shown and
printed; a voucher longer than eight rows printed over numbered pages with 过次页/承前页."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from coop.render import document
from coop.render.i18n import money
from ledger.entries import Line, Posted, Voucher
from ledger.store.books import voucher_record
from tests.conftest import Coop

ADD = ("voucher", "add", "--date")


def _office(coop: Coop) -> Coop:
    coop.ok("account", "add", "52301", "管理费用—办公")
    coop.ok("account", "add", "52302", "管理费用—差旅")
    coop.ok(*ADD, "2024-03-01", "--memo", "办公用品", "--dr", "52301", "500", "--cr", "102", "500",
            "--attachments", "3")  # fmt: skip
    return coop


def test_attachments_and_corrects_are_stored_chained_and_shown(coop: Coop) -> None:
    _office(coop)
    first: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert first["attachments"] == 3 and first["corrects"] is None
    # a correcting voucher needs the voucher reversed first
    r = coop(*ADD, "2024-03-02", "--memo", "差旅", "--dr", "52302", "500", "--cr", "102", "500",
             "--corrects", "2024-1")  # fmt: skip
    assert r.code == 1 and "2024-1" in r.err and r.err.count("\n") == 1, r.err
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-03-02", "--reason", "科目错误")
    red: Any = coop.ok("voucher", "show", "2024-2", "--format", "json").json()
    assert red["attachments"] == 0  # a correction needs no source document (art. 51(四))
    coop.ok(*ADD, "2024-03-02", "--memo", "差旅", "--dr", "52302", "500", "--cr", "102", "500",
            "--corrects", "2024-1", "--attachments", "1")  # fmt: skip
    fixed: Any = coop.ok("voucher", "show", "2024-3", "--format", "json").json()
    assert (fixed["attachments"], fixed["corrects"]) == (1, "2024-1")
    # the same voucher is corrected once
    r = coop(*ADD, "2024-03-03", "--memo", "又一张", "--dr", "52302", "1", "--cr", "102", "1",
             "--corrects", "2024-1")  # fmt: skip
    assert r.code == 1 and "2024-3" in r.err, r.err
    # a voucher of another year, and one that does not exist
    coop.ok(*ADD, "2023-05-01", "--memo", "旧账", "--dr", "52301", "8", "--cr", "102", "8")
    coop.ok("voucher", "reverse", "2023-1", "--date", "2023-05-02", "--reason", "错")
    for target, code in (("2023-1", 1), ("2024-99", 1), ("2024-01", 2)):
        r = coop(*ADD, "2024-03-04", "--memo", "x", "--dr", "52302", "1", "--cr", "102", "1",
                 "--corrects", target)  # fmt: skip
        assert r.code == code and r.err.count("\n") == 1, (target, r.code, r.err)
    for bad in ("1000", "-1", "2.5", "１"):
        r = coop(*ADD, "2024-03-04", "--memo", "x", "--dr", "52302", "1", "--cr", "102", "1",
                 "--attachments", bad)  # fmt: skip
        assert r.code == 2 and "attachments" in r.err, (bad, r.err)
    coop.ok("check")


def test_the_same_ref_with_other_attachments_is_a_conflict(coop: Coop) -> None:
    _office(coop)
    line = ("--dr", "52301", "9", "--cr", "102", "9", "--ref", "K1")
    coop.ok(*ADD, "2024-04-01", "--memo", "邮费", *line, "--attachments", "1")
    again = coop(*ADD, "2024-04-01", "--memo", "邮费", *line, "--attachments", "1")
    assert again.code == 0 and "K1" in again.err
    other = coop(*ADD, "2024-04-01", "--memo", "邮费", *line, "--attachments", "2")
    assert other.code == 1 and "1" in other.err and "2" in other.err, other.err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_the_detail_column_names_the_member(coop: Coop, tmp_path: Path) -> None:
    coop.ok("member", "add", "M1", "--name", "张大", "--joined-on", "2024-01-01")
    coop.ok("member", "contribute", "M1", "--amount", "1000", "--date", "2024-01-02")
    out = tmp_path / "v.pdf"
    coop.ok("voucher", "show", "2024-1", "--format", "pdf", "-o", str(out))
    assert "M1 张大" in _pdf_text(out)


def test_other_commands_take_attachments(coop: Coop) -> None:
    coop.ok("member", "add", "M1", "--name", "张大", "--joined-on", "2024-01-01")
    coop.ok("member", "contribute", "M1", "--amount", "1000", "--date", "2024-01-02",
            "--attachments", "2")  # fmt: skip
    data: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert data["attachments"] == 2 and data["kind"] != "manual"


def test_import_reads_attachments_and_corrects(coop: Coop, tmp_path: Path) -> None:
    _office(coop)
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-03-02", "--reason", "错")
    f = tmp_path / "v.csv"
    f.write_text(
        "凭证号,日期,摘要,科目代码,借方金额,贷方金额,附件数,订正凭证号\n"
        "记-7,2024/3/5,差旅费,52302,500.00,0.00,4,2024-1\n"
        "记-7,2024/3/5,,102,0.00,500.00,,\n",
        encoding="utf-8",
    )
    coop.ok("voucher", "import", str(f))
    data: Any = coop.ok("voucher", "show", "2024-3", "--format", "json").json()
    assert (data["attachments"], data["corrects"]) == (4, "2024-1")
    assert coop("voucher", "import", str(f)).code == 0  # a re-run finds it posted
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "凭证号,日期,摘要,科目代码,借方金额,贷方金额,附件数\n"
        "记-8,2024/3/6,邮费,52301,5.00,0.00,1\n"
        "记-8,2024/3/6,,102,0.00,5.00,2\n",
        encoding="utf-8",
    )
    r = coop("voucher", "import", str(bad))
    assert r.code == 2 and "bad.csv:3" in r.err and "附件数" in r.err, r.err
    again = tmp_path / "again.csv"
    again.write_text(
        "凭证号,日期,摘要,科目代码,借方金额,贷方金额,订正凭证号\n"
        "记-9,2024/3/6,邮费,52301,5.00,0.00,2024-1\n"
        "记-9,2024/3/6,,102,0.00,5.00,\n",
        encoding="utf-8",
    )
    r = coop("voucher", "import", str(again))
    assert r.code == 1 and "again.csv:2" in r.err and "2024-3" in r.err, r.err
    coop.ok("check")


def test_chain_record_keeps_the_old_form_for_vouchers_written_before() -> None:
    import datetime as dt

    lines = (Line("102", 100), Line("501", -100))
    old = Voucher(dt.date(2020, 1, 1), "x", lines, attachments=None)
    new = Voucher(dt.date(2020, 1, 1), "x", lines)
    fixed = Voucher(dt.date(2020, 1, 1), "x", lines, attachments=2, corrects="2020-1")
    assert len(voucher_record(2020, 1, old)) == 10
    assert voucher_record(2020, 1, new)[10:] == [0, None]
    assert voucher_record(2020, 1, fixed)[10:] == [2, "2020-1"]


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_the_print_says_attachments_and_what_it_corrects(coop: Coop, tmp_path: Path) -> None:
    _office(coop)
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-03-02", "--reason", "科目错误")
    coop.ok(*ADD, "2024-03-02", "--memo", "差旅", "--dr", "52302", "500", "--cr", "102", "500",
            "--corrects", "2024-1", "--attachments", "2")  # fmt: skip
    out = tmp_path / "v.pdf"
    coop.ok("voucher", "show", "2024-3", "--format", "pdf", "-o", str(out))
    text = _pdf_text(out)
    for word in ("附单据 2 张", "订正 2024年03月01日 第2024-1号凭证", "凭证号：2024-3"):
        assert word in text, (word, text)
    assert "过次页" not in text and "承前页" not in text


def _long_voucher(n: int) -> Posted:
    import datetime as dt

    lines = tuple(Line("114", -(100 + i), f"M{i:02d}") for i in range(n))
    debit = Line("52101", -sum(ln.amount for ln in lines))
    return Posted(2019, 3, Voucher(dt.date(2019, 12, 20), "预付保底金", (debit, *lines)))


class _Acc:
    def __init__(self, name: str) -> None:
        self.name = self.name_en = name


def test_a_long_voucher_runs_over_numbered_pages_with_running_totals() -> None:
    accounts = {"114": _Acc("成员往来"), "521": _Acc("经营支出"), "52101": _Acc("土地保底金")}
    posted = _long_voucher(20)  # 21 rows: 8 + 8 + 5
    pages = document.voucher_pages(posted, accounts, "测试社", "zh")
    assert [p.number for p in pages] == [f"凭证号：2019-3（{i}/3）" for i in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [8, 8, 5]
    assert pages[0].carry_in is None
    total = sum(100 + i for i in range(20))
    for before, after in itertools.pairwise(pages):
        assert before.closing[0] == "过次页" and after.carry_in is not None
        assert after.carry_in[0] == "承前页" and after.carry_in[3:] == before.closing[3:]
    # the running credit total on page 2's 过次页: the 7 credits of page 1 and 8 of page 2
    credits = sum(100 + i for i in range(15))
    assert pages[1].closing[4] == money(credits, "zh")
    assert pages[1].closing[3] == money(total, "zh")  # the one debit is on page 1
    assert pages[-1].closing[0].startswith("合计：人民币")
    assert pages[-1].closing[3] == pages[-1].closing[4] == "¥" + money(total, "zh")
    short = document.voucher_pages(_long_voucher(2), accounts, "测试社", "zh")
    assert len(short) == 1 and short[0].slots == 5 and len(short[0].rows) == 3
    assert re.fullmatch(r"凭证号：2019-3", short[0].number)


def test_books_written_before_keep_their_vouchers_and_members_as_chained(tmp_path: Path) -> None:
    """The demo as written before revision 0002 is brought to the head when a command opens
    it: its vouchers keep NULL attachments and its members NULL kind, with their records as
    they were (``check`` is silent); what is written after has both."""
    import lzma
    import sqlite3

    db = tmp_path / "legacy.db"
    fixture = Path(__file__).parents[1] / "fixtures" / "legacy-0001-demo.db.xz"
    db.write_bytes(lzma.decompress(fixture.read_bytes()))
    c = Coop(str(db), "YS", "sqlite")
    assert c.ok("check").out == ""
    c.ok("member", "add", "N1", "--name", "新成员", "--joined-on", "2021-01-01",
         "--kind", "citizen")  # fmt: skip
    c.ok("voucher", "add", "--date", "2021-02-01", "--memo", "新凭证", "--dr", "52102", "5",
         "--cr", "102", "5", "--attachments", "2")  # fmt: skip
    assert c.ok("check").out == ""
    conn = sqlite3.connect(db)
    try:
        papers = conn.execute("SELECT DISTINCT attachments FROM voucher WHERE year < 2021")
        assert papers.fetchall() == [(None,)]
        assert conn.execute("SELECT attachments FROM voucher WHERE memo = '新凭证'").fetchall() == [
            (2,)
        ]
        kinds = dict(conn.execute("SELECT member_no, kind FROM member").fetchall())
        assert kinds.pop("N1") == "citizen" and set(kinds.values()) == {None}
    finally:
        conn.close()
    old = c.ok("member", "show", "Y001", "--format", "json").json()
    assert isinstance(old, dict) and old["kind"] == "farmer"
