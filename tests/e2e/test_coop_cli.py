"""Members, land and base payments through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop
from tests.helpers import snapshot

MEMBERS = (
    "member_no,name,household,id_number,phone,joined_on\n"
    "M01,黄大山,H-01,11010519491231002X,13800000000,2024-01-01\n"
    "M02,林小梅,H-02,,,2024-01-01\n"
    "M03,何志强,H-03,,,2024-04-01\n"
)
PARCELS = (
    "member_no,parcel_no,area_mu,contributed_on,contract_no,term_years,grade\n"
    "M01,A1,3.2500,2024-01-01,HT-A1,5,A\n"
    "M02,A2,1.3333,2024-01-01,HT-A2,,\n"
    "M03,A3,0.4167,2024-04-01,HT-A3,,\n"
)


@pytest.fixture
def village(coop: Coop, tmp_path: Path) -> Coop:
    (tmp_path / "members.csv").write_text(MEMBERS, encoding="utf-8")
    (tmp_path / "parcels.csv").write_text(PARCELS, encoding="utf-8")
    coop.ok("member", "import", str(tmp_path / "members.csv"))
    coop.ok("land", "import", str(tmp_path / "parcels.csv"))
    return coop


def test_member_and_land_listings_in_every_format(village: Coop) -> None:
    members = village.ok("member", "list", "--format", "json").json()["members"]  # type: ignore[index]
    assert [m["member_no"] for m in members] == ["M01", "M02", "M03"]
    assert members[0]["id_number"] == "110105********002X"  # masked: first 6, last 4
    assert members[0]["capital"] == "3250.00" and members[1]["area_mu"] == "1.3333"
    as_of = village.ok("member", "list", "--as-of", "2024-03-01", "--format", "json").json()
    assert [m["member_no"] for m in as_of["members"]] == ["M01", "M02"]  # type: ignore[index]
    raw = village.ok("member", "list", "--format", "csv").out
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][0] == "member_no" and rows[1][1] == "黄大山"
    table = village.ok("member", "list").out
    assert "黄大山" in table and "M03" in table
    parcels = village.ok("land", "list", "--format", "json").json()["parcels"]  # type: ignore[index]
    assert [(p["parcel_no"], p["member_no"], p["area_mu"]) for p in parcels] == [
        ("A1", "M01", "3.2500"),
        ("A2", "M02", "1.3333"),
        ("A3", "M03", "0.4167"),
    ]
    shown = village.ok("member", "show", "M01", "--format", "json").json()
    assert shown["parcels"][0]["parcel_no"] == "A1"  # type: ignore[index]
    tb = village.ok("report", "trial-balance", "--format", "json").json()
    # round(3.25×1000) + round(1.3333×1000) + round(0.4167×1000) = 3250 + 1333.30 + 416.70
    assert {a["code"]: a["balance"] for a in tb["accounts"]} == {  # type: ignore[index]
        "161": "5000.00",
        "301": "-5000.00",
    }
    village.ok("check")


def test_reruns_write_nothing_and_changes_are_refused(village: Coop, tmp_path: Path) -> None:
    before = snapshot(village.db, village.code)
    assert (
        "already in the register"
        in village.ok("member", "import", str(tmp_path / "members.csv"), lang="en").err
    )
    assert (
        "already in the register"
        in village.ok("land", "import", str(tmp_path / "parcels.csv"), lang="en").err
    )
    assert snapshot(village.db, village.code) == before
    changed = tmp_path / "changed.csv"
    changed.write_text(MEMBERS.replace("林小梅", "林小妹"), encoding="utf-8")
    r = village("member", "import", str(changed))
    assert r.code == 1 and "M02" in r.err and "name" in r.err
    parcels = tmp_path / "p2.csv"
    parcels.write_text(PARCELS.replace("1.3333", "1.3334"), encoding="utf-8")
    assert village("land", "import", str(parcels)).code == 1
    assert snapshot(village.db, village.code) == before


BAD = [
    ("members.csv", "member_no,name,joined_on\nM09,张三\n", None, 2),
    ("members.csv", "member_no,name,household,id_number,phone\nM09,张三,,,\n", "joined_on", 2),
    (
        "members.csv",
        "member_no,name,household,id_number,phone,joined_on\n"
        "M09,张三,,110105194912310021,,2024-01-01\n",
        "id_number",
        2,
    ),
    (
        "members.csv",
        "member_no,name,household,id_number,phone,joined_on\nM09,张三,,,,2024-13-01\n",
        "joined_on",
        2,
    ),
    (
        "members.csv",
        "member_no,name,household,id_number,phone,joined_on\nM09,张\u200b三,,,,2024-01-01\n",
        "name",
        2,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on,contract_no\n"
        "M01,B1,1.5,2024-02-01,X\nM01,B1,1.5,2024-02-01,X\n",
        "field parcel_no: parcel B1",
        2,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on,contract_no\nM01,B1,1.23456,2024-02-01,X\n",
        "area_mu",
        2,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on,contract_no\nM01,B1,abc,2024-02-01,X\n",
        "area_mu",
        2,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on,contract_no\nNOBODY,B1,1,2024-02-01,X\n",
        "field member_no: member 'NOBODY'",
        1,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on,contract_no\nM03,B1,1,2024-03-01,X\n",
        "field contributed_on",
        1,
    ),
    (
        "parcels.csv",
        "member_no,parcel_no,area_mu,contributed_on\nM01,B1,1,2024-02-01\n",
        "contract_no",
        2,
    ),
]


@pytest.mark.parametrize(
    "name,text,needle,code", BAD, ids=[f"{n}-{i}" for i, (n, *_r) in enumerate(BAD)]
)
def test_bad_files_name_file_line_and_field_and_write_nothing(
    village: Coop, tmp_path: Path, name: str, text: str, needle: str | None, code: int
) -> None:
    f = tmp_path / f"bad-{name}"
    f.write_text(text, encoding="utf-8")
    before = snapshot(village.db, village.code)
    r = village("member" if name.startswith("members") else "land", "import", str(f), lang="en")
    assert r.code == code, r.err
    assert r.err.count("\n") == 1 and str(f) in r.err
    if needle:
        assert needle in r.err
    assert snapshot(village.db, village.code) == before


def test_gb18030_file_with_a_chinese_header(coop: Coop, tmp_path: Path) -> None:
    members = tmp_path / "成员.csv"
    members.write_bytes(
        "成员编号,姓名,户号,身份证号,电话,入社日期\nK1,诸葛亮,卧龙岗1户,,,2024-01-01\n".encode(
            "gb18030"
        )
    )
    coop.ok("member", "import", str(members))
    parcels = tmp_path / "地块.csv"
    parcels.write_bytes(
        "成员编号,地块编号,面积(亩),入股日期,合同编号\nK1,地1,2.5000,2024-01-01,合-1\n".encode(
            "gb18030"
        )
    )
    bad = coop("land", "import", str(parcels))
    assert bad.code == 2 and "地块编号" in bad.err  # the column as the file names it
    parcels.write_bytes(
        "成员编号,地块编号,面积(亩),入股日期,合同编号\nK1,D1,2.5000,2024-01-01,合-1\n".encode(
            "gb18030"
        )
    )
    coop.ok("land", "import", str(parcels))
    m = coop.ok("member", "show", "K1", "--format", "json").json()
    assert (m["name"], m["area_mu"]) == ("诸葛亮", "2.5000")  # type: ignore[index]


def test_gb18030_file(coop: Coop, tmp_path: Path) -> None:
    f = tmp_path / "gb.csv"
    f.write_bytes(
        "member_no,name,household,id_number,phone,joined_on\n"
        "G1,欧阳娜娜,欧阳家,,,2024-01-01\n".encode("gb18030")
    )
    coop.ok("member", "import", str(f))
    m = coop.ok("member", "show", "G1", "--format", "json").json()
    assert m["name"] == "欧阳娜娜" and m["household"] == "欧阳家"  # type: ignore[index]


def test_base_pay_once_per_parcel_and_prepayment(village: Coop) -> None:
    r = village.ok("base", "pay", "--year", "2024", "--date", "2024-03-01", lang="en")
    assert "2 parcels" in r.err and "2583.30" not in r.err  # 3250 + 1333.30 = 4583.30
    assert "4583.30" in r.err
    again = village.ok(
        "base", "pay", "--year", "2024", "--date", "2024-04-10", "--rate", "900", lang="en"
    )
    assert "1 parcels" in again.err and "375.03" in again.err  # 0.4167 × 900 = 375.03
    assert "skipped 2 parcels already paid" in again.err
    nothing = village.ok("base", "pay", "--year", "2024", "--date", "2024-05-01", lang="en")
    assert "nothing to pay" in nothing.err
    listed = village.ok("base", "list", "--year", "2024", "--format", "json").json()
    assert [(p["parcel_no"], p["amount"]) for p in listed["payments"]] == [  # type: ignore[index]
        ("A1", "3250.00"),
        ("A2", "1333.30"),
        ("A3", "375.03"),
    ]
    # Reversing a base voucher makes its parcels payable again.
    number = village.ok("voucher", "list", "--format", "json").json()["vouchers"][-1]["number"]  # type: ignore[index]
    village.ok("voucher", "reverse", number, "--date", "2024-04-11", "--reason", "费率错误")
    again = village.ok("base", "pay", "--year", "2024", "--date", "2024-04-12")
    assert "416.70" in again.err
    pre = village.ok("base", "pay", "--year", "2025", "--date", "2024-12-28")
    assert "5000.00" in pre.err
    late = village("base", "pay", "--year", "2024", "--date", "2025-01-01")
    assert late.code == 1
    village.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        "10000",
        "--cr",
        "501",
        "10000",
    )
    village.ok("year", "close", "2024")
    village.ok("distribute", "post", "2024")
    refused = village("year", "close", "2025")
    assert refused.code == 1 and "base recognize" in refused.err
    village.ok("base", "recognize", "--year", "2025")
    assert "nothing to do" in village.ok("base", "recognize", "--year", "2025", lang="en").err
    led = village.ok("report", "ledger", "114@M01", "--format", "json").json()
    assert led["lines"][-1]["balance"] == "0.00"  # type: ignore[index]
    village.ok("check")


def test_transfer_and_withdraw_parcels(village: Coop) -> None:
    village.ok("land", "transfer", "A2", "--to", "M03", "--date", "2024-07-01", "--reason", "分户")
    assert village("land", "transfer", "A2", "--to", "M03", "--date", "2024-08-01").code == 1
    assert village("land", "transfer", "A2", "--to", "M01", "--date", "2024-06-01").code == 1
    before = village.ok("land", "list", "--as-of", "2024-06-30", "--format", "json").json()
    after = village.ok("land", "list", "--as-of", "2024-07-01", "--format", "json").json()
    owner = {p["parcel_no"]: p["member_no"] for p in before["parcels"]}  # type: ignore[index]
    assert owner["A2"] == "M02"
    assert {p["parcel_no"]: p["member_no"] for p in after["parcels"]}["A2"] == "M03"  # type: ignore[index]
    village.ok("land", "withdraw", "A1", "--date", "2024-09-01", "--reason", "期满")
    tb = village.ok("report", "trial-balance", "--format", "json").json()
    assert {a["code"]: a["balance"] for a in tb["accounts"]} == {  # type: ignore[index]
        "161": "1750.00",
        "301": "-1750.00",
    }
    m3 = village.ok("member", "show", "M03", "--format", "json").json()
    assert m3["capital"] == "1750.00" and m3["area_mu"] == "1.7500"  # type: ignore[index]
    village.ok("check")


def test_member_add_contribute_withdraw(coop: Coop) -> None:
    coop.ok("member", "add", "C1", "--name", "王五", "--joined-on", "2024-02-01")
    bad = coop(
        "member",
        "add",
        "C2",
        "--name",
        "李四",
        "--joined-on",
        "2024-02-01",
        "--id-number",
        "110105194912310021",
        lang="en",
    )
    assert bad.code == 2 and "check digit" in bad.err
    ctl = coop("member", "add", "C3", "--name", "a\x07b", "--joined-on", "2024-02-01")
    assert ctl.code == 2
    long = coop("member", "add", "C4", "--name", "长" * 65, "--joined-on", "2024-02-01")
    assert long.code == 2
    early = coop("member", "contribute", "C1", "--amount", "500", "--date", "2024-01-01")
    assert early.code == 1
    coop.ok("member", "contribute", "C1", "--amount", "500", "--date", "2024-02-02", "--ref", "R1")
    assert (
        "nothing to do"
        in coop.ok(
            "member",
            "contribute",
            "C1",
            "--amount",
            "500",
            "--date",
            "2024-02-02",
            "--ref",
            "R1",
            lang="en",
        ).err
    )
    assert (
        coop(
            "member", "contribute", "C1", "--amount", "501", "--date", "2024-02-02", "--ref", "R1"
        ).code
        == 1
    )
    r = coop.ok("member", "withdraw", "C1", "--date", "2024-09-30")
    assert r.out.strip() == "2025-01-01"
    st = coop.ok("member", "show", "C1", "--format", "json").json()
    assert st["exit_on"] == "2025-01-01" and st["capital"] == "500.00"  # type: ignore[index]
    coop.ok("check")


def test_opening_balances(coop: Coop, tmp_path: Path) -> None:
    coop.ok("member", "add", "O1", "--name", "甲", "--joined-on", "2020-01-01")
    coop.ok("member", "add", "O2", "--name", "乙", "--joined-on", "2020-01-01")
    f = tmp_path / "open.csv"
    f.write_text(
        "account,member_no,year,debit,credit,reserve_share,subsidy_share\n"
        "102,,,5000,,,\n161,,,2000,,,\n301,O1,,,1000,60,100\n301,O2,,,1000,40,100\n"
        "32201,,,,100,,\n311,,,,200,,\n221,O1,2023,,300,,\n222,O2,2023,,200,,\n"
        "33202,,,,4200,,\n",
        encoding="utf-8",
    )
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(
        f.read_text(encoding="utf-8").replace("301,O2", "301,NOBODY"), encoding="utf-8"
    )
    before = snapshot(coop.db, coop.code)
    r = coop("opening", "import", str(unknown), "--date", "2024-01-01", lang="en")
    assert r.code == 1 and f"{unknown}:5: field member_no: member 'NOBODY'" in r.err
    assert snapshot(coop.db, coop.code) == before
    bad = tmp_path / "bad.csv"
    bad.write_text(f.read_text(encoding="utf-8").replace("60,100", "61,100"), encoding="utf-8")
    r = coop("opening", "import", str(bad), "--date", "2024-01-01", lang="en")
    assert r.code == 1 and "reserve shares" in r.err
    assert coop("opening", "import", str(f), "--date", "2024-02-01").code == 2
    coop.ok("opening", "import", str(f), "--date", "2024-01-01")
    again = coop("opening", "import", str(f), "--date", "2024-01-01")
    assert again.code == 1
    st = coop.ok("statement", "O1", "--year", "2024", "--format", "json").json()
    assert (st["reserve_share"], st["subsidy_share"], st["share_capital"]) == (  # type: ignore[index]
        "60.00",
        "100.00",
        "1000.00",
    )
    paid = coop.ok("distribute", "pay", "2023", "--date", "2024-01-10")
    assert "500.00" in paid.err
    coop.ok("check")


def test_json_is_strings(village: Coop) -> None:
    data: Any = json.loads(village.ok("land", "list", "--format", "json").out)
    assert all(isinstance(p["area_mu"], str) for p in data["parcels"])


def test_parcels_past_their_term_are_a_warning_and_strict_fails(coop: Coop, tmp_path: Path) -> None:
    coop.ok("member", "add", "T1", "--name", "甲", "--joined-on", "2010-01-01")
    f = tmp_path / "p.csv"
    f.write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no,term_years\n"
        "T1,Q1,1,2010-01-01,HT,5\nT1,Q2,1,2010-01-01,HT,90\n",
        encoding="utf-8",
    )
    coop.ok("land", "import", str(f))
    r = coop.ok("check", lang="en")
    assert r.out == "" and "warning: term: parcel Q1" in r.err and "Q2" not in r.err
    strict = coop("check", "--strict", lang="en")
    assert strict.code == 1 and "term: parcel Q1 (T1)" in strict.out
