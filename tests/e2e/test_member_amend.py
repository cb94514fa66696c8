"""``coop member amend``: a chained correction of a member's details, read everywhere as the
current value, with its history; a second member with the same 身份证号 is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Coop

#: Valid resident ID numbers (GB 11643 check digits).
ID_A = "11010519491231002X"
ID_B = "110101199003074258"


def _two_members(coop: Coop) -> None:
    coop.ok(
        "member",
        "add",
        "M1",
        "--name",
        "张三",
        "--joined-on",
        "2024-01-01",
        "--phone",
        "13800000000",
        "--household",
        "一组",
        "--id-number",
        ID_A,
    )
    coop.ok("member", "add", "M2", "--name", "李四", "--joined-on", "2024-01-01")


def _links(coop: Coop) -> int:
    h: Any = coop.ok("head", "--format", "json").json()
    return int(h["seq"])


def test_amend_shows_everywhere_with_its_history(coop: Coop) -> None:
    _two_members(coop)
    r = coop.ok(
        "member",
        "amend",
        "M1",
        "--name",
        "张叁",
        "--phone",
        "13900000000",
        "--household",
        "",
        "--reason",
        "  登记时写错 ",
        "--date",
        "2024-05-06",
    )
    assert "已更正成员 M1" in r.err and "姓名" in r.err and "电话" in r.err
    shown: Any = coop.ok("member", "show", "M1", "--format", "json").json()
    assert (shown["name"], shown["phone"], shown["household"]) == ("张叁", "13900000000", None)
    assert shown["history"] == [
        dict(date="2024-05-06", field="name", old="张三", new="张叁", reason="登记时写错"),
        dict(date="2024-05-06", field="household", old="一组", new=None, reason="登记时写错"),
        dict(
            date="2024-05-06",
            field="phone",
            old="13800000000",
            new="13900000000",
            reason="登记时写错",
        ),
    ]
    text = coop.ok("member", "show", "M1").out
    assert "张叁" in text and "登记时写错" in text and "原值" in text
    listed: Any = coop.ok("member", "list", "--format", "json").json()
    by = {m["member_no"]: m for m in listed["members"]}
    assert by["M1"]["name"] == "张叁" and by["M1"]["phone"] == "13900000000"
    assert by["M2"]["name"] == "李四"
    st: Any = coop.ok("statement", "M1", "--year", "2024", "--format", "json").json()
    assert st["name"] == "张叁"
    assert "张叁" in coop.ok("statement", "M1", "--year", "2024").out
    # a second amendment of the same field: the last one counts, the history keeps both
    coop.ok("member", "amend", "M1", "--name", "张三丰", "--reason", "又改名")
    shown = coop.ok("member", "show", "M1", "--format", "json").json()
    assert shown["name"] == "张三丰"
    assert [(h["field"], h["old"], h["new"]) for h in shown["history"]][-1] == (
        "name",
        "张叁",
        "张三丰",
    )
    assert coop.ok("check").code == 0


def test_amend_in_english_and_nothing_changed(coop: Coop) -> None:
    _two_members(coop)
    r = coop.ok("member", "amend", "M2", "--phone", "13700000000", "--reason", "new", lang="en")
    assert "amended member M2: phone" in r.err.splitlines()
    before = _links(coop)
    r = coop.ok("member", "amend", "M2", "--phone", "13700000000", "--reason", "again")
    assert "没有更正" in r.err
    r = coop.ok("member", "amend", "M2", "--name", "李四", "--reason", "same", lang="en")
    assert "nothing amended" in r.err
    assert _links(coop) == before
    shown: Any = coop.ok("member", "show", "M2", "--format", "json").json()
    assert len(shown["history"]) == 1


def test_amend_refusals_write_nothing(coop: Coop) -> None:
    _two_members(coop)
    before = _links(coop)
    r = coop("member", "amend", "NOPE", "--phone", "13700000000", "--reason", "x")
    assert r.code == 1 and r.err.strip() == "错误：没有成员 NOPE"
    r = coop("member", "amend", "NOPE", "--phone", "13700000000", "--reason", "x", lang="en")
    assert r.code == 1 and "member NOPE does not exist" in r.err
    r = coop("member", "amend", "M1", "--phone", "13700000000")
    assert r.code == 2 and "--reason" in r.err
    r = coop("member", "amend", "M1", "--phone", "13700000000", "--reason", "   ", lang="en")
    assert r.code == 2 and "reason" in r.err
    r = coop("member", "amend", "M1", "--phone", "1", "--reason", "x", lang="en")
    assert r.code == 2 and "phone" in r.err
    r = coop("member", "amend", "M1", "--name", "", "--reason", "x", lang="en")
    assert r.code == 2 and "name" in r.err
    r = coop("member", "amend", "M1", "--name", "a\u202eb", "--reason", "x", lang="en")
    assert r.code == 2 and "name" in r.err
    r = coop("member", "amend", "M1", "--id-number", ID_B[:-1] + "0", "--reason", "x", lang="en")
    assert r.code == 2 and "check digit" in r.err
    assert _links(coop) == before
    shown: Any = coop.ok("member", "show", "M1", "--format", "json").json()
    assert shown["history"] == [] and shown["phone"] == "13800000000"


def test_a_second_member_with_the_same_id_number_is_refused(coop: Coop, tmp_path: Path) -> None:
    _two_members(coop)
    before = _links(coop)
    # add (the lower-case check letter is the same number)
    r = coop(
        "member",
        "add",
        "M3",
        "--name",
        "王五",
        "--joined-on",
        "2024-01-01",
        "--id-number",
        ID_A.lower(),
    )
    assert r.code == 1
    assert r.err.strip() == "错误：成员 M3：身份证号 110105********002X 已属于成员 M1（张三）"
    # import: against the register, and within the file itself
    f = tmp_path / "m.csv"
    f.write_text(
        f"member_no,name,joined_on,id_number\nM4,赵六,2024-01-01,{ID_A}\n", encoding="utf-8"
    )
    r = coop("member", "import", str(f), lang="en")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert "m.csv:2: member M4: ID number 110105********002X is already member M1's (张三)" in r.err
    f.write_text(
        f"member_no,name,joined_on,id_number\nM5,孙七,2024-01-01,{ID_B}\nM6,周八,2024-01-01,{ID_B}\n",
        encoding="utf-8",
    )
    r = coop("member", "import", str(f))
    assert r.code == 1 and "m.csv:3" in r.err and "M5（孙七）" in r.err
    # amend
    r = coop("member", "amend", "M2", "--id-number", ID_A, "--reason", "x")
    assert r.code == 1 and "M1（张三）" in r.err
    assert _links(coop) == before
    listed: Any = coop.ok("member", "list", "--format", "json").json()
    assert [m["member_no"] for m in listed["members"]] == ["M1", "M2"]
    # an ID number freed by an amendment may be given to another member
    coop.ok("member", "amend", "M1", "--id-number", ID_B, "--reason", "录错了")
    coop.ok("member", "amend", "M2", "--id-number", ID_A, "--reason", "本是李四的")
    r = coop(
        "member", "add", "M7", "--name", "吴九", "--joined-on", "2024-01-01", "--id-number", ID_B
    )
    assert r.code == 1 and "M1（张三）" in r.err


def test_reimporting_the_register_after_an_amendment_changes_nothing(
    coop: Coop, tmp_path: Path
) -> None:
    f = tmp_path / "m.csv"
    f.write_text(
        "member_no,name,joined_on,phone\nM1,张三,2024-01-01,13800000000\n", encoding="utf-8"
    )
    coop.ok("member", "import", str(f))
    coop.ok("member", "amend", "M1", "--phone", "13900000000", "--reason", "换号")
    r = coop.ok("member", "import", str(f), lang="en")
    assert "added 0 members, 1 already in the register" in r.err
    shown: Any = coop.ok("member", "show", "M1", "--format", "json").json()
    assert shown["phone"] == "13900000000"
