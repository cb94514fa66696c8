"""The 记账凭证 print (statutory.md §10.1, issue 11 item 6 in part): 总账科目 and 明细科目,
debits first, 合计 with 人民币 and the 大写, the five signature lines; a red reversal keeps
each line on its original side with a negative amount, and its 大写 says 负."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop


def red_voucher(coop: Coop) -> Coop:
    coop.ok("account", "add", "52301", "管理费用—办公")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-03-01",
        "--memo",
        "办公用品",
        "--dr",
        "52301",
        "500",
        "--cr",
        "102",
        "500",
    )
    coop.ok("voucher", "reverse", "2024-1", "--date", "2024-03-02", "--reason", "重复记账")
    return coop


def test_a_red_reversal_is_a_red_copy_on_the_original_sides(coop: Coop) -> None:
    red_voucher(coop)
    data: Any = coop.ok("voucher", "show", "2024-2", "--format", "json").json()
    assert data["red"] is True and data["total"] == "-500.00"
    assert data["total_in_capitals"] == "人民币负伍佰元整"
    sides = {ln["account"]: (ln["side"], ln["general"]) for ln in data["lines"]}
    assert sides == {"52301": ("debit", "523"), "102": ("credit", "102")}
    original: Any = coop.ok("voucher", "show", "2024-1", "--format", "json").json()
    assert original["red"] is False and original["total_in_capitals"] == "人民币伍佰元整"
    text = coop.ok("voucher", "show", "2024-2").out
    row = next(line for line in text.splitlines() if line.startswith("52301"))
    assert row.split()[-1] == "-500.00"  # on the debit side, negative: not 贷方 500.00


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
def test_the_printed_voucher(coop: Coop, tmp_path: Path) -> None:
    red_voucher(coop)
    out = tmp_path / "v.pdf"
    coop.ok("voucher", "show", "2024-2", "--format", "pdf", "-o", str(out))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in (
        "记 账 凭 证（红字）",
        "附单据 0 张",
        "凭证号：2024-2",
        "总账科目",
        "明细科目",
        "523 管理费用",
        "52301 管理费用—办公",
        "合计：人民币负伍佰元整",
        "¥-500.00",
        "会计主管",
        "记账",
        "审核",
        "出纳",
        "制单：tester",
        "2024年03月02日",
        "核对：coop verify",
    ):
        assert word in text, (word, text)


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
def test_a_month_of_vouchers_bound_for_filing(coop: Coop, tmp_path: Path) -> None:
    red_voucher(coop)  # 2024-1 and its red copy 2024-2, in March
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-04-01",
        "--memo",
        "四月",
        "--dr",
        "52301",
        "9",
        "--cr",
        "102",
        "9",
    )
    out = tmp_path / "march.pdf"
    coop.ok("voucher", "print", "--month", "2024-03", "-o", str(out))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 3  # the cover and one page per voucher
    cover = pages[0]
    for word in (
        "记账凭证封面",
        "测试合作社",
        "2024-03-01 – 2024-03-02",
        "2024-1 – 2024-2",
        "张数",
    ):
        assert word in cover, word
    assert "办公用品" in pages[1] and "（红字）" in pages[2] and "四月" not in text
    for bad in (
        ["--month", "2024-Q1"],
        ["--month", "2024-05"],
        ["--year", "2024", "--month", "2024-03"],
    ):
        r = coop("voucher", "print", *bad, "-o", str(tmp_path / "x.pdf"))
        assert r.code == 2 and r.err.count("\n") == 1, (bad, r.err)
        assert not (tmp_path / "x.pdf").exists()


def _page_streams(pdf: bytes) -> str:
    """The PDF's content streams, inflated (fpdf2 compresses them)."""
    import re
    import zlib

    # Each stream is read by its dictionary's /Length, not up to the next "endstream": the
    # compressed bytes may end in "\r", which a pattern would take for the line end (the
    # bytes depend on the printed head, so that made the test fail now and then).
    out = []
    for m in re.finditer(rb"<<((?:(?!<<).)*?)>>\s*stream\r?\n", pdf, re.S):
        length = re.search(rb"/Length (\d+)", m.group(1))
        if length is None:
            continue
        data = pdf[m.end() : m.end() + int(length.group(1))]
        try:
            out.append(zlib.decompress(data).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


def test_a_red_voucher_is_printed_in_red(coop: Coop, tmp_path: Path) -> None:
    red_voucher(coop)
    red_pdf, black_pdf = tmp_path / "red.pdf", tmp_path / "black.pdf"
    coop.ok("voucher", "show", "2024-2", "--format", "pdf", "-o", str(red_pdf))
    coop.ok("voucher", "show", "2024-1", "--format", "pdf", "-o", str(black_pdf))
    red = "0.7529 0 0 rg"  # RGB 192, 0, 0 as fpdf2 writes it (192 ÷ 255)
    assert red in _page_streams(red_pdf.read_bytes())
    assert red not in _page_streams(black_pdf.read_bytes())
