"""Member statements and prints for people: text, JSON and PDF, in Chinese and English."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coop.render.capitals import capitals
from coop.render.pdf import cjk_font
from tests.conftest import Coop

NAME = "滕州市御宿种植专业合作社"


def have_font() -> bool:
    try:
        cjk_font()
        return True
    except Exception:
        return False


needs_font = pytest.mark.skipif(not have_font(), reason="no CJK font (install fonts-noto-cjk)")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="no pdftotext (install poppler-utils)"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Coop:
    c = Coop(str(tmp_path_factory.mktemp("demo") / "demo.db"), "YS", "sqlite")
    c.ok("demo")
    c.ok("distribute", "pay", "2020", "--date", "2021-01-20")
    return c


@pytest.mark.slow  # 220 statements, twice (about 10 s)
def test_every_member_statement_in_text_and_json(demo: Coop) -> None:
    members: Any = demo.ok("member", "list", "--format", "json").json()
    total = Decimal(0)
    for m in members["members"][:40]:
        js: Any = demo.ok("statement", m["member_no"], "--year", "2020", "--format", "json").json()
        assert Decimal(js["dividend_total"]) == Decimal(js["patronage_return"]) + Decimal(
            js["residual_distribution"]
        )
        assert js["unpaid"] == "0.00" and js["paid"] == js["dividend_total"]
        total += Decimal(js["base_payment"])
        for lang in ("zh", "en"):
            text = demo.ok("statement", m["member_no"], "--year", "2020", lang=lang).out
            digest = js["ledger_digest"]
            assert m["member_no"] in text and f"coop verify {digest['hash']}" in text
            assert str(digest["seq"]) in text
            fen = int(Decimal(js["dividend_total"]) * 100)
            assert capitals(fen) in text
            # the base is shown apart from dividends, never added to them
            both = int((Decimal(js["dividend_total"]) + Decimal(js["base_payment"])) * 100)
            assert capitals(both) not in text
    assert total > 0


@needs_font
@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_statement_text_and_glyphs(demo: Coop, tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"s-{lang}.pdf"
    demo.ok("statement", "Y007", "--year", "2020", "--format", "pdf", "-o", str(out), lang=lang)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    js: Any = demo.ok("statement", "Y007", "--year", "2020", "--format", "json").json()
    assert NAME in text
    assert ("保底" in text) if lang == "zh" else ("Base payment" in text)
    assert capitals(int(Decimal(js["dividend_total"]) * 100)) in text
    assert out.read_bytes()[:5] == b"%PDF-"


@needs_font
def test_every_printed_character_has_a_glyph(demo: Coop) -> None:
    """What the statement prints is covered by the font: no missing-glyph boxes."""
    from fontTools.ttLib import TTCollection, TTFont

    path, face = cjk_font()
    font = TTCollection(path).fonts[face] if path.endswith(".ttc") else TTFont(path)
    cmap = font.getBestCmap()
    for lang in ("zh", "en"):
        text = demo.ok("statement", "Y100", "--year", "2020", lang=lang).out
        text += demo.ok("report", "balance-sheet", "--year", "2020", lang=lang).out
        missing = {ch for ch in text if ch not in "\n\t" and ord(ch) not in cmap}
        assert not missing, missing


@needs_font
def test_voucher_and_report_pdfs(demo: Coop, tmp_path: Path) -> None:
    demo.ok("voucher", "show", "2020-3", "--format", "pdf", "-o", str(tmp_path / "v.pdf"))
    demo.ok("report", "surplus", "--year", "2020", "--format", "pdf", "-o", str(tmp_path / "s.pdf"))
    assert (tmp_path / "v.pdf").read_bytes()[:5] == b"%PDF-"
    assert demo("voucher", "show", "2020-3", "--format", "pdf").code == 2


def test_statement_all_writes_one_file_per_member_in_bounded_memory(
    demo: Coop, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    # VmHWM: this process's own peak (ru_maxrss would include pytest's, kept across exec)
    code = (
        f"import sys; from cli.main import run; "
        f"rc = run(['--db', {demo.db!r}, 'statement', '--all', '--year', '2020', "
        f"'--out-dir', {str(out)!r}]); "
        f"print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]); "
        f"sys.exit(rc)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert r.returncode == 0, r.stderr
    files = sorted(out.iterdir())
    assert len(files) == 220 and files[0].name == "Y001-2020.txt"
    assert "已将 220 份对账单写入" in r.stderr  # wrote 220 statements
    peak_mb = int(r.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 200, f"peak memory {peak_mb:.0f} MB"
    first = files[0].read_text(encoding="utf-8")
    assert NAME in first and "保底金" in first


@needs_font
@needs_poppler
@pytest.mark.slow  # 220 PDFs per language (one to two minutes each)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_demo_member_as_pdf(demo: Coop, tmp_path: Path, lang: str) -> None:
    out = tmp_path / lang
    demo.ok(
        "statement", "--all", "--year", "2020", "--out-dir", str(out), "--format", "pdf", lang=lang
    )
    files = sorted(out.iterdir())
    assert len(files) == 220 and all(f.read_bytes()[:5] == b"%PDF-" for f in files)
    text = subprocess.run(
        ["pdftotext", str(files[-1]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Y220" in text and NAME in text


@needs_font
@needs_poppler
def test_a_rare_character_falls_back_to_the_full_font(make_coop: object, tmp_path: Path) -> None:
    assert callable(make_coop)
    coop: Coop = make_coop().init()
    coop.ok("member", "add", "R1", "--name", "刘䶮", "--joined-on", "2024-01-01")
    out = tmp_path / "r.pdf"
    coop.ok("statement", "R1", "--year", "2024", "--format", "pdf", "-o", str(out))
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "刘䶮" in text
