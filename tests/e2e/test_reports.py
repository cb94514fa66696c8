"""The statutory reports foot and cross-check, on SQLite and PostgreSQL; every label exists
in both languages."""

from __future__ import annotations

import re
import shlex
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop

HERE = Path(__file__).parent / "acceptance" / "public-1"


def run_scenario(coop: Coop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    for raw in (HERE / "commands.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("coop "):
            args = shlex.split(raw)[1:]
            if args[0] == "init":
                args[args.index("--code") + 1] = coop.code
                args += ["--first-year", "2024"]  # the scenario's books begin in 2024
            coop.ok(*args)


BOOK_TEXT = [
    "南坡村土地股份合作社",
    "黄大山",
    "林小梅",
    "何志强",
    "高秀珍",
    "农资",
    "白术销售",
    "丹参销售",
    "管理费用",
    "分户",
    r"预付\d+年土地保底金",
    r"支付\d+年土地保底金",
    r"支付\d+年盈余分配",
    r"会农社0\d表",
]  # the form numbers are official identifiers


def form(coop: Coop, name: str, year: int) -> dict[int, list[Any]]:
    data: Any = coop.ok("report", name, "--year", str(year), "--format", "json").json()
    return {
        ln["no"]: [Decimal(v) if v is not None else None for v in ln["values"]]
        for ln in data["lines"]
    }


def check_forms(coop: Coop, year: int) -> None:
    bs, ss, eq = (
        form(coop, "balance-sheet", year),
        form(coop, "surplus", year),
        form(coop, "equity-changes", year),
    )
    assert len(bs) == 42 and len(ss) == 20 and len(eq) == 4
    for col in (0, 1):
        v = {n: bs[n][col] for n in bs}
        assert v[5] == v[1] + v[2] + v[3] + v[4]
        assert v[9] == v[7] - v[8] and v[12] == v[10] - v[11] and v[18] == v[16] - v[17]
        assert v[15] == v[12] + v[13] + v[14]
        assert v[21] == v[6] + v[9] + v[15] + v[18] + v[19] + v[20]
        assert v[22] == v[5] + v[21]
        assert v[31] == sum(v[i] for i in range(23, 31)) and v[34] == v[32] + v[33]
        assert v[35] == v[31] + v[34] and v[41] == sum(v[i] for i in range(36, 41))
        assert v[42] == v[35] + v[41]
        assert v[22] == v[42], "assets = liabilities + equity"
        s = {n: ss[n][col] for n in ss}
        if col == 1 and s[1] is None:  # 上年金额 before the books begin: blank, every line
            assert set(s.values()) == {None}
            continue
        assert s[7] == s[1] + s[2] - s[3] - s[4] - s[5] - s[6]
        assert s[10] == s[7] + s[8] - s[9] and s[12] == s[10] - s[11]
        assert s[16] == s[12] + s[13] + s[14] - s[15]
        assert s[20] == s[16] - s[17] - s[18] - s[19]
    # 02表 line 20 = 01表 line 40 at year end; line 16 = the plan's distributable.
    assert ss[20][0] == bs[40][0]
    plan: Any = coop.ok("distribute", "plan", str(year), "--format", "json").json()
    assert ss[16][0] == Decimal(plan["distributable"]) or ss[16][0] <= 0
    assert ss[12][0] == Decimal(plan["surplus"])
    assert ss[17][0] == Decimal(plan["patronage_pool"])
    # 03表: opening + increases - decreases = closing, and it agrees with 01表.
    for col in range(6):
        assert eq[1][col] + eq[2][col] - eq[3][col] == eq[4][col]
    assert eq[4][:5] == [bs[36][0], bs[37][0], bs[38][0], bs[39][0], bs[40][0]]
    assert eq[1][:5] == [bs[36][1], bs[37][1], bs[38][1], bs[39][1], bs[40][1]]
    # 01表 against the trial balance.
    tb: Any = coop.ok(
        "report", "trial-balance", "--as-of", f"{year}-12-31", "--format", "json"
    ).json()
    bal = {a["code"]: Decimal(a["balance"]) for a in tb["accounts"]}
    assert bs[1][0] == sum(b for c, b in bal.items() if c[:3] in ("101", "102", "109"))
    assert bs[36][0] == -bal.get("301", Decimal(0))
    assert bs[16][0] == bal.get("161", Decimal(0))
    assert bs[29][0] == -bal.get("221", Decimal(0)) and bs[30][0] == -bal.get("222", Decimal(0))
    assert bs[39][0] == -(bal.get("32201", Decimal(0)) + bal.get("32202", Decimal(0)))


def test_forms_foot_and_cross_check(make_coop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    coop: Coop = make_coop()
    run_scenario(coop, monkeypatch)
    for year in (2024, 2025):
        check_forms(coop, year)
    ss = form(coop, "surplus", 2024)
    assert ss[1][0] == Decimal("98765.43") and ss[3][0] == Decimal("19345.67")
    assert ss[5][0] == Decimal("2100.00") and ss[15][0] == Decimal("11597.97")
    eq = form(coop, "equity-changes", 2025)
    assert eq[2][0] == Decimal("0.00")  # a transfer between members is no increase


def test_demo_forms(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    check_forms(coop, 2020)
    bs = form(coop, "balance-sheet", 2020)
    assert bs[16][0] == Decimal("200000.00")  # land on 161 at 1000 yuan/mu, not amortised


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_report_renders_with_labels(
    make_coop: Any, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    coop: Coop = make_coop()
    run_scenario(coop, monkeypatch)
    outputs = [
        coop.ok("report", name, "--year", "2025", lang=lang).out
        for name in ("balance-sheet", "surplus", "equity-changes", "notes", "member-accounts")
    ]
    outputs += [coop.ok("statement", m, "--year", "2025", lang=lang).out for m in ("S01", "S02")]
    outputs.append(coop.ok("voucher", "show", "2025-1", lang=lang).out)
    for out in outputs:
        assert not re.search(r"\b(bs|ss|eq|col|note|st|v|ma|kind)\.[a-z_]+", out), out[:300]
        if lang == "en":  # only data from the books and amounts in capitals stay Chinese
            rest = re.sub("|".join(BOOK_TEXT), "", out)
            rest = re.sub(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整负]+", "", rest)
            assert not re.findall(r"[\u4e00-\u9fff]+", rest), re.findall(r"[\u4e00-\u9fff]+", rest)[
                :5
            ]
