"""Member kind and address (statutory.md §7.2, cli-additions.md §1.2): given at admission or
by import, changed by ``member set`` from a day on (appended, never overwriting), shown by
``member list|show`` and on the 成员账户; ``check --strict`` reports ``membership`` when a
closed year ends with farmers below 80 % or too many organisations (法 art. 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Coop


def _members(coop: Coop, n: int) -> Coop:
    for i in range(1, n + 1):
        coop.ok("member", "add", f"M{i}", "--name", f"成员{i}", "--joined-on", "2024-01-01")
    return coop


def test_kind_and_address_at_admission_and_by_import(coop: Coop, tmp_path: Path) -> None:
    coop.ok("member", "add", "E1", "--name", "某农业公司", "--joined-on", "2024-01-01",
            "--kind", "enterprise", "--address", "东坡村一组")  # fmt: skip
    coop.ok("member", "add", "F1", "--name", "张大", "--joined-on", "2024-01-01")
    shown: Any = coop.ok("member", "show", "E1", "--format", "json").json()
    assert (shown["kind"], shown["address"]) == ("enterprise", "东坡村一组")
    listed: Any = coop.ok("member", "list", "--format", "json").json()
    kinds = {m["member_no"]: (m["kind"], m["address"]) for m in listed["members"]}
    assert kinds == {"E1": ("enterprise", "东坡村一组"), "F1": ("farmer", None)}
    # the same admission again does nothing; another kind is refused, naming the field
    again = coop("member", "add", "E1", "--name", "某农业公司", "--joined-on", "2024-01-01",
                 "--kind", "enterprise", "--address", "东坡村一组")  # fmt: skip
    assert again.code == 0
    other = coop("member", "add", "E1", "--name", "某农业公司", "--joined-on", "2024-01-01",
                 "--kind", "social", "--address", "东坡村一组")  # fmt: skip
    assert other.code == 1 and "成员类型" in other.err and "social" in other.err, other.err
    bad = coop("member", "add", "X1", "--name", "某", "--joined-on", "2024-01-01", "--kind", "公司")
    assert bad.code == 2 and "公司" in bad.err and bad.err.count("\n") == 1, bad.err
    f = tmp_path / "m.csv"
    f.write_text(
        "成员编号,姓名,入社日期,成员类型,联系地址\n"
        "C1,李二,2024-01-01,citizen,镇上\n"
        "C2,王三,2024-01-01,,\n",
        encoding="utf-8",
    )
    coop.ok("member", "import", str(f))
    c1: Any = coop.ok("member", "show", "C1", "--format", "json").json()
    c2: Any = coop.ok("member", "show", "C2", "--format", "json").json()
    assert (c1["kind"], c1["address"], c2["kind"]) == ("citizen", "镇上", "farmer")
    f.write_text("成员编号,姓名,入社日期,成员类型\nC3,赵四,2024-01-01,company\n", encoding="utf-8")
    r = coop("member", "import", str(f))
    assert r.code == 2 and "m.csv:2" in r.err and "成员类型" in r.err, r.err
    assert "C3" not in coop.ok("member", "list").out
    coop.ok("check")


def test_member_set_appends_from_a_day(coop: Coop) -> None:
    _members(coop, 1)
    coop.ok("member", "set", "M1", "address", "东坡村二组", "--from", "2024-03-01")
    coop.ok("member", "set", "M1", "kind", "citizen", "--from", "2024-05-01")
    coop.ok("member", "set", "M1", "phone", "13800000000", "--from", "2024-05-01")
    same = coop("member", "set", "M1", "kind", "citizen", "--from", "2024-06-01")
    assert same.code == 0 and "M1" in same.err
    shown: Any = coop.ok("member", "show", "M1", "--format", "json").json()
    assert (shown["kind"], shown["address"], shown["phone"]) == (
        "citizen",
        "东坡村二组",
        "13800000000",
    )
    assert [(h["date"], h["field"], h["old"], h["new"]) for h in shown["history"]] == [
        ("2024-03-01", "address", None, "东坡村二组"),
        ("2024-05-01", "kind", "farmer", "citizen"),
        ("2024-05-01", "phone", None, "13800000000"),
    ]
    for args, code in (
        (("M1", "name", "x"), 2),
        (("M1", "kind", "company"), 2),
        (("M9", "kind", "farmer"), 1),
    ):
        r = coop("member", "set", *args, "--from", "2024-06-01")
        assert r.code == code and r.err.count("\n") == 1, (args, r.err)
    early = coop("member", "set", "M1", "kind", "farmer", "--from", "2023-12-31")
    assert early.code == 1, early.err
    account: Any = coop.ok("report", "member-account", "M1", "--year", "2024", "--format",
                           "json").json()  # fmt: skip
    assert account["address"] == "东坡村二组"
    coop.ok("check")


def test_membership_is_checked_at_closed_year_ends(coop: Coop) -> None:
    _members(coop, 4)
    coop.ok("member", "add", "E1", "--name", "某公司", "--joined-on", "2024-01-01",
            "--kind", "enterprise")  # fmt: skip
    for year in ("2024", "2025"):
        coop.ok("member", "contribute", "M1", "--amount", "100", "--date", f"{year}-01-02")
    coop.ok("year", "close", "2024")
    coop.ok("check", "--strict")  # 4 farmers of 5 (80 %), one enterprise
    notes: Any = coop.ok("report", "notes", "--year", "2024", "--format", "json").json()
    said = {i["no"]: i["text"] for i in notes["items"]}
    assert "企业、事业单位或者社会组织成员 1 个，占 20.00%" in said["3.3"], said["3.3"]
    assert "80.00" in said["2"], said["2"]  # 农民成员 4 of 5
    coop.ok("member", "set", "M4", "kind", "institution", "--from", "2025-06-01")
    coop.ok("check", "--strict")  # from 2025: not yet at a closed year's end
    coop.ok("distribute", "post", "2024", "--approved-on", "2025-03-01")
    coop.ok("year", "close", "2025")
    coop.ok("check")  # a problem of --strict only
    r = coop("check", "--strict", "--format", "json")
    assert r.code == 1
    data: Any = r.json()
    found = [p["detail"] for p in data["problems"] if p["check"] == "membership"]
    assert len(found) == 2, data
    assert any("2025-12-31" in d and "3" in d and "5" in d for d in found), found
