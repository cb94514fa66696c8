"""issue 10: the plan read to the members' assembly (公示) as a PDF: names, households,
合计, the head with the verify line, the board's signature lines; one BOM in CSV."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop
from tests.e2e.test_statements import needs_font, needs_poppler


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Coop:
    c = Coop(str(tmp_path_factory.mktemp("plan") / "demo.db"), "YS", "sqlite")
    c.ok("demo")
    return c


@needs_font
@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_pdf_for_public_notice(demo: Coop, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "plan.pdf"
    demo.ok("distribute", "plan", "2020", "--format", "pdf", "-o", str(out), lang=lang)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    plan: Any = demo.ok("distribute", "plan", "2020", "--format", "json").json()
    listed: Any = demo.ok("member", "list", "--format", "json").json()
    members = listed["members"]
    first, last = members[0], members[-1]
    assert first["name"] in text and last["name"] in text and first["household"] in text
    assert f"coop verify {plan['ledger_digest']['hash']}" in text
    total = sum(Decimal(m["total"]) for m in plan["members"])
    assert f"{total:,.2f}" in text  # the 合计 row: every member's total, summed
    assert (
        ("合计" in text and "理事会" in text and "监事会" in text)
        if lang == "zh"
        else ("Total" in text and "Supervisory board" in text)
    )
    page2 = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-layout", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    heading = "成员编号" if lang == "zh" else "Member"
    assert page2.lstrip().startswith(heading)  # a table that runs on repeats its heading


def test_plan_needs_o_for_pdf_and_csv_has_one_bom(demo: Coop) -> None:
    assert demo("distribute", "plan", "2020", "--format", "pdf").code == 2
    from click.testing import CliRunner

    from cli.main import run

    with CliRunner().isolation() as (out, _err, _mixed):
        assert run(["--db", demo.db, "distribute", "plan", "2020", "--format", "csv"]) == 0
        raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1


def test_member_accounts_name_every_member_and_total(demo: Coop) -> None:
    """issue 10: 成员账户 with names and a 合计 row that sums every member's column."""
    text = demo.ok("report", "member-accounts", "--year", "2020").out
    listed: Any = demo.ok("member", "list", "--format", "json").json()
    assert all(m["name"] in text for m in listed["members"][:20])
    total_line = next(line for line in text.splitlines() if line.startswith("合计"))
    plan: Any = demo.ok("distribute", "plan", "2020", "--format", "json").json()
    assert f"{Decimal(plan['patronage_pool']):.2f}" in total_line.split()
    csv_text = demo.ok("report", "member-accounts", "--year", "2020", "--format", "csv").out
    assert "合计" not in csv_text and csv_text.splitlines()[0].startswith("member_no,name,")
