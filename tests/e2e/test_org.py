"""``coop org`` (statutory.md §7.2, cli-additions.md §2): the organisation register — the
cooperative's particulars, its officers and the staff of its accounts — as chained,
append-only records; what is in force on a day; every refusal one line, nothing written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coop import org
from coop.store.uow import UnitOfWork
from tests.conftest import Coop
from tests.helpers import snapshot

CODE_A = "91370481MA3C12345X"
CODE_B = "91370481MA3C54321Y"
ORG_KEYS = [
    "name",
    "credit_code",
    "address",
    "phone",
    "email",
    "website",
    "registered_on",
    "registrar",
    "service_objects",
    "business_items",
    "licences",
]


def _json(coop: Coop, *args: str) -> Any:
    return coop.ok(*args, "--format", "json").json()


def _words(line: str) -> list[str]:
    """A command line's words (none of them holds a space)."""
    return line.split()


def _head(coop: Coop) -> int:
    h: Any = coop.ok("head", "--format", "json").json()
    return int(h["seq"])


def _member(coop: Coop, no: str = "M1", name: str = "张三") -> None:
    coop.ok("member", "add", no, "--name", name, "--joined-on", "2024-01-01")


def test_org_set_and_show_the_values_in_force_on_a_day(
    coop: Coop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_TODAY", "2025-06-30")
    shown = _json(coop, "org", "show")
    assert list(shown) == ["as_of", "org", "officers", "staff"]
    assert shown["as_of"] == "2025-06-30"
    assert list(shown["org"]) == ORG_KEYS
    assert shown["org"]["name"] == "测试合作社"
    assert all(shown["org"][k] is None for k in ORG_KEYS[1:])
    assert shown["officers"] == [] and shown["staff"] == []

    before = _head(coop)
    r = coop.ok("org", "set", "credit_code", CODE_A, "--from", "2020-01-01", lang="en")
    assert f"organisation register: credit_code = {CODE_A} from 2020-01-01" in r.err
    assert _head(coop) == before + 2  # the ``org`` link and its audit link
    coop.ok("org", "set", "credit_code", CODE_B, "--from", "2024-07-01")
    coop.ok("org", "set", "address", "山东省滕州市界河镇", "--from", "2020-01-01")
    coop.ok("org", "set", "address", "山东省滕州市龙阳镇", "--from", "2024-01-01")
    coop.ok("org", "set", "address", "山东省滕州市龙阳镇1号", "--from", "2024-01-01")  # correction
    coop.ok("org", "set", "registered_on", "2019-05-06", "--from", "2019-05-06")
    coop.ok("org", "set", "phone", "0632-5551234", "--from", "2019-05-06")
    coop.ok("org", "set", "email", "coop@example.cn", "--from", "2019-05-06")
    coop.ok("org", "set", "website", "https://example.cn", "--from", "2019-05-06")
    coop.ok("org", "set", "registrar", "滕州市市场监督管理局", "--from", "2019-05-06")
    coop.ok("org", "set", "service_objects", "本社成员", "--from", "2019-05-06")
    items = "  组织成员种植白术；销售成员产品 "
    coop.ok("org", "set", "business_items", items, "--from", "2019-05-06")
    coop.ok("org", "set", "licences", "无", "--from", "2019-05-06")

    on = _json(coop, "org", "show", "--as-of", "2024-06-30")["org"]
    assert on == {
        "name": "测试合作社",
        "credit_code": CODE_A,
        "address": "山东省滕州市龙阳镇1号",
        "phone": "0632-5551234",
        "email": "coop@example.cn",
        "website": "https://example.cn",
        "registered_on": "2019-05-06",
        "registrar": "滕州市市场监督管理局",
        "service_objects": "本社成员",
        "business_items": "组织成员种植白术；销售成员产品",
        "licences": "无",
    }
    assert _json(coop, "org", "show", "--as-of", "2024-07-01")["org"]["credit_code"] == CODE_B
    early = _json(coop, "org", "show", "--as-of", "2019-12-31")["org"]
    assert early["credit_code"] is None and early["address"] is None
    assert early["registered_on"] == "2019-05-06"
    assert _json(coop, "org", "show", "--as-of", "2023-12-31")["org"]["address"] == (
        "山东省滕州市界河镇"
    )
    assert _json(coop, "org", "show")["org"]["credit_code"] == CODE_B  # today: 2025-06-30

    # the same value for a day that already has it: nothing written, said so
    before = _head(coop)
    r = coop.ok("org", "set", "credit_code", CODE_B, "--from", "2025-01-01", lang="en")
    assert "already; nothing to do" in r.err
    assert _head(coop) == before

    text = coop.ok(*_words("org show --as-of 2024-06-30"), lang="en").out
    assert "Unified social credit code" in text and CODE_A in text and "测试合作社" in text
    assert "Officers" in text and "Staff" in text
    assert coop.ok("check").out == ""


def test_officers_add_end_and_list(coop: Coop) -> None:
    _member(coop, "M1", "张三")
    _member(coop, "M2", "李四")
    add = "org officer add --role {role} --name {name} --from {day}"
    line = add.format(role="chair", name="张三", day="2024-01-01") + " --member M1"
    r = coop.ok(*_words(line), lang="en")
    assert r.out.strip() == "1"
    assert "officer 1 registered: Chair of the board 张三 from 2024-01-01" in r.err
    line = add.format(role="director", name="李四", day="2024-01-01") + " --member M2"
    assert _json(coop, *_words(line)) == {"id": 2}
    again = add.format(role="executive_supervisor", name="王五", day="2024-01-01")
    again += " --ref 2024选举-3"
    assert _json(coop, *_words(again)) == {"id": 3}

    # --ref: the same details again do nothing and give the same id
    before = _head(coop)
    r = coop.ok(*_words(again), lang="en")
    assert r.out.strip() == "3" and "already recorded as officer 3" in r.err
    assert _head(coop) == before

    r = coop.ok(*_words("org officer end 1 --date 2024-06-30"), lang="en")
    assert "officer 1 (Chair of the board 张三) left office on 2024-06-30" in r.err
    line = add.format(role="chair", name="李四", day="2024-07-01") + " --member M2"
    assert _json(coop, *_words(line)) == {"id": 4}
    coop.ok(*_words("org officer end 3 --date 2024-01-01"))  # one day in office

    def officer(
        id: int, role: str, name: str, member: str | None, day: str, to: str | None
    ) -> dict[str, Any]:
        return {"id": id, "role": role, "name": name, "member_no": member, "from": day, "to": to}

    every = _json(coop, "org", "officer", "list")
    assert every["as_of"] is None and every["year"] is None
    assert every["officers"] == [
        officer(1, "chair", "张三", "M1", "2024-01-01", "2024-06-30"),
        officer(4, "chair", "李四", "M2", "2024-07-01", None),
        officer(2, "director", "李四", "M2", "2024-01-01", None),
        officer(3, "executive_supervisor", "王五", None, "2024-01-01", "2024-01-01"),
    ]

    def ids(*args: str) -> list[int]:
        return [o["id"] for o in _json(coop, "org", "officer", "list", *args)["officers"]]

    assert ids("--as-of", "2024-01-01") == [1, 2, 3]
    assert ids("--as-of", "2024-06-30") == [1, 2]  # the last day is in office
    assert ids("--as-of", "2024-07-01") == [4, 2]
    assert ids("--as-of", "2023-12-31") == []
    assert ids("--year", "2024") == [1, 4, 2, 3]
    assert ids("--year", "2025") == [4, 2]
    assert ids("--year", "2023") == []
    listed = _json(coop, "org", "officer", "list", "--year", "2025")
    assert listed["year"] == 2025 and listed["as_of"] is None

    shown = _json(coop, "org", "show", "--as-of", "2024-03-01")
    assert [o["id"] for o in shown["officers"]] == [1, 2]
    assert shown["officers"][0] == {
        "id": 1,
        "role": "chair",
        "name": "张三",
        "member_no": "M1",
        "from": "2024-01-01",
        "to": "2024-06-30",
    }
    text = coop.ok(*_words("org officer list --as-of 2024-07-01"), lang="en").out
    assert "Chair of the board" in text and "Director" in text and "李四" in text
    assert coop.ok("check").out == ""


def test_staff_set_and_list(coop: Coop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOP_TODAY", "2025-03-01")
    r = coop.ok(*_words("org staff set cashier 王五 --from 2024-01-01"), lang="en")
    assert "Cashier: 王五 from 2024-01-01" in r.err
    coop.ok("org", "staff", "set", "head", "张三", "--from", "2024-01-01")
    coop.ok("org", "staff", "set", "bookkeeper", "赵六", "--from", "2024-01-01")
    coop.ok("org", "staff", "set", "cashier", "孙七", "--from", "2025-01-01")
    coop.ok("org", "staff", "set", "cashier", "孙八", "--from", "2025-01-01")  # correction
    before = _head(coop)
    r = coop.ok(*_words("org staff set head 张三 --from 2024-05-01"), lang="en")
    assert "already; nothing to do" in r.err and _head(coop) == before

    listed = _json(coop, "org", "staff", "list", "--as-of", "2024-12-31")
    assert listed == {
        "as_of": "2024-12-31",
        "staff": [
            {"role": "head", "name": "张三", "from": "2024-01-01"},
            {"role": "bookkeeper", "name": "赵六", "from": "2024-01-01"},
            {"role": "cashier", "name": "王五", "from": "2024-01-01"},
        ],
    }
    now = _json(coop, "org", "staff", "list")
    assert now["as_of"] == "2025-03-01"
    assert {s["role"]: s["name"] for s in now["staff"]}["cashier"] == "孙八"
    assert _json(coop, "org", "staff", "list", "--as-of", "2023-12-31")["staff"] == []
    shown = _json(coop, "org", "show", "--as-of", "2025-01-01")
    assert shown["staff"][-1] == {"role": "cashier", "name": "孙八", "from": "2025-01-01"}
    text = coop.ok(*_words("org staff list --as-of 2024-12-31"), lang="en").out
    assert "Head of the cooperative" in text and "Bookkeeper" in text
    assert coop.ok("check").out == ""


def test_the_read_functions_the_rest_of_the_code_calls(coop: Coop) -> None:
    _member(coop)
    coop.ok("org", "set", "credit_code", CODE_A, "--from", "2020-01-01")
    coop.ok("org", "set", "credit_code", CODE_B, "--from", "2024-07-01")
    coop.ok(
        *_words(
            "org officer add --role supervisory_chair --name 张三 --member M1 --from 2023-01-01"
        )
    )
    coop.ok(*_words("org officer add --role supervisor --name 赵六 --from 2024-03-01"))
    coop.ok("org", "officer", "end", "1", "--date", "2023-12-31")
    coop.ok("org", "staff", "set", "reviewer", "钱七", "--from", "2024-01-01")
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-01-01T00:00:00")
    try:

        def read(c: Any) -> Any:
            return (
                org.org_values(c, dt.date(2024, 6, 30)),
                org.org_values(c, dt.date(2019, 1, 1)),
                org.officers(c, as_of=dt.date(2024, 6, 30)),
                org.officers(c, year=2023),
                org.officers(c),
                org.staff(c, dt.date(2024, 6, 30)),
                org.staff(c, dt.date(2023, 6, 30)),
            )

        values, before, on, in_2023, every, posts, none = uow.read(read)
    finally:
        uow.close()
    assert values["name"] == "测试合作社" and values["credit_code"] == CODE_A
    assert list(values) == ORG_KEYS
    assert before["credit_code"] is None
    assert [(o.id, o.role, o.name) for o in on] == [(2, "supervisor", "赵六")]
    assert [(o.id, o.member_no, o.from_date, o.to_date) for o in in_2023] == [
        (1, "M1", "2023-01-01", "2023-12-31")
    ]
    assert [o.id for o in every] == [1, 2]
    assert posts == {"reviewer": "钱七"} and none == {}
    with pytest.raises(Exception, match="not both"):
        uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="x")
        try:
            uow.read(lambda c: org.officers(c, as_of=dt.date(2024, 1, 1), year=2024))
        finally:
            uow.close()


REFUSALS: list[tuple[int, list[str], str]] = [
    (2, ["org", "set", "colour", "red", "--from", "2024-01-01"], "unknown organisation key"),
    (2, ["org", "set", "name", "新名", "--from", "2024-01-01"], "unknown organisation key"),
    (2, ["org", "set", "credit_code", "91370481MA3C1234", "--from", "2024-01-01"], "18"),
    (2, ["org", "set", "credit_code", "91370481MA3C12345XX", "--from", "2024-01-01"], "18"),
    (2, ["org", "set", "credit_code", "91370481ma3c12345x", "--from", "2024-01-01"], "18"),
    (2, ["org", "set", "credit_code", "91370481MA3C-2345X", "--from", "2024-01-01"], "18"),
    (2, ["org", "set", "credit_code", "９1370481MA3C12345X", "--from", "2024-01-01"], "18"),
    (2, ["org", "set", "registered_on", "2019-13-01", "--from", "2024-01-01"], "registered_on"),
    (2, ["org", "set", "registered_on", "2019年5月6日", "--from", "2024-01-01"], "registered_on"),
    (2, ["org", "set", "address", "", "--from", "2024-01-01"], "address"),
    (2, ["org", "staff", "set", "treasurer", "王五", "--from", "2024-01-01"], "unknown post"),
    (2, ["org", "staff", "set", "cashier", " ", "--from", "2024-01-01"], "name"),
    (
        2,
        ["org", "officer", "add", "--role", "boss", "--name", "张三", "--from", "2024-01-01"],
        "unknown office",
    ),
    (2, ["org", "officer", "end", "one", "--date", "2024-06-30"], "officer id"),
    (2, ["org", "officer", "list", "--as-of", "2024-01-01", "--year", "2024"], "not both"),
    (
        1,
        _words("org officer add --role chair --name 张三 --member NOPE --from 2024-01-01"),
        "member NOPE does not exist",
    ),
    (1, ["org", "officer", "end", "99", "--date", "2024-06-30"], "officer 99 does not exist"),
    (1, ["org", "officer", "end", "1", "--date", "2023-12-31"], "took office on 2024-01-01"),
    (1, ["org", "officer", "end", "2", "--date", "2024-12-31"], "already left office"),
    (
        1,
        _words("org officer add --role director --name 李四 --from 2024-01-01 --ref r1"),
        "--ref r1 already recorded officer 1",
    ),
]


def test_every_refusal_is_one_line_and_writes_nothing(coop: Coop) -> None:
    _member(coop)
    coop.ok(
        *_words("org officer add --role chair --name 张三 --member M1 --from 2024-01-01 --ref r1")
    )
    coop.ok(*_words("org officer add --role director --name 李四 --from 2023-01-01"))
    coop.ok("org", "officer", "end", "2", "--date", "2023-12-31")
    before = snapshot(coop.db, coop.code)
    for code, argv, said in REFUSALS:
        for lang in ("en", "zh"):
            r = coop(*argv, lang=lang)
            lines = r.err.strip().splitlines()
            assert r.code == code, (argv, r.code, r.err)
            assert len(lines) == 1, (argv, r.err)
            if lang == "en":
                assert said in lines[0], (argv, r.err)
            else:
                assert lines[0].startswith("错误："), (argv, r.err)
            assert r.out == "", (argv, r.out)
    assert snapshot(coop.db, coop.code) == before
    assert coop.ok("check").out == ""


def test_the_register_is_append_only_and_check_catches_an_edit(tmp_path: Path) -> None:
    """The database refuses to change a register row; one changed behind the guards' back
    (a trigger dropped) is found by ``check``: the chain covers it, the schema misses the
    trigger. (SQLite: the raw edit is SQLite's; tests/integration covers every column.)"""
    c = Coop(str(tmp_path / "books.db"), "ORG", "sqlite").init()
    c.ok("org", "set", "address", "甲地", "--from", "2024-01-01")
    c.ok("org", "officer", "add", "--role", "chair", "--name", "张三", "--from", "2024-01-01")
    c.ok("org", "officer", "end", "1", "--date", "2024-12-31")
    c.ok("org", "staff", "set", "cashier", "王五", "--from", "2024-01-01")
    before = snapshot(c.db, c.code)
    assert (before["org_setting"], before["officer"], before["officer_end"]) == (1, 1, 1)
    assert before["staff_assignment"] == 1
    conn = sqlite3.connect(c.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE officer SET name = '李四'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM officer_end")
        conn.execute("DROP TRIGGER staff_assignment_no_update")
        conn.execute("UPDATE staff_assignment SET name = '赵六'")
        conn.commit()
    finally:
        conn.close()
    r = c("check", lang="en")
    assert r.code == 1
    assert any(line.startswith("chain:") for line in r.out.splitlines()), r.out
    assert any(line.startswith("schema:") for line in r.out.splitlines()), r.out
