"""``coop voucher import`` of the files Kingdee (金蝶) and UFIDA (用友) users export, through
the real command line, on SQLite and PostgreSQL: Chinese headers, vouchers grouped by
凭证号, every refusal naming the file, the line and the column as the file's header names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Coop, Result
from tests.helpers import snapshot

HEADER = "凭证字,凭证号,日期,摘要,科目代码,科目名称,借方金额,贷方金额\n"
ROWS = [
    "记,1,2024-01-05,销售玉米,102,银行存款,1000.00,0.00\n",
    "记,1,2024-01-05,销售玉米,501,经营收入,0.00,1000.00\n",
    "记,2,2024/01/10,付办公费,523,管理费用,200.00,0.00\n",
    "记,2,2024/01/10,付办公费,102,银行存款,0.00,200.00\n",
]
MORE = [  # lines 6 and 7
    "记,3,20240115,卖丹参,102,银行存款,50.00,\n",
    "记,3,20240115,卖丹参,501,经营收入,,50.00\n",
]


@pytest.fixture
def books(make_coop: object) -> Coop:
    """A cooperative freshly ``coop init --first-year 2024``'d."""
    assert callable(make_coop)
    c: Coop = make_coop()
    return c.init("--first-year", "2024")


def write(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    f = tmp_path / name
    f.write_text(header + "".join(rows), encoding="utf-8")
    return f


def shown(c: Coop, number: str) -> dict[str, object]:
    data = c.ok("voucher", "show", number, "--format", "json").json()
    assert isinstance(data, dict)
    return data


def lines(c: Coop, number: str) -> list[tuple[str, str | None, str, str]]:
    out = shown(c, number)["lines"]
    assert isinstance(out, list)
    return sorted((x["account"], x["member_no"], x["debit"], x["credit"]) for x in out)


def refused_alone(
    c: Coop, before: dict[str, object], *args: str, lang: str | None = None
) -> Result:
    """The command's result, having checked it is one line and wrote nothing."""
    r = c(*args, lang=lang)
    assert r.code in (1, 2) and r.err.count("\n") == 1, r.err
    assert "Traceback" not in r.err and "voucher:" not in r.err
    assert snapshot(c.db, c.code) == before
    return r


def test_kingdee_export_imports_grouped_by_voucher_number(books: Coop, tmp_path: Path) -> None:
    f = write(tmp_path, "金蝶凭证.csv", ROWS)
    r = books.ok("voucher", "import", str(f), lang="en")
    assert "imported 2 vouchers" in r.err
    first, second = shown(books, "2024-1"), shown(books, "2024-2")
    assert (first["date"], first["memo"], first["ref"]) == (
        "2024-01-05",
        "销售玉米",
        "voucher:记-1",
    )
    assert (second["date"], second["memo"], second["ref"]) == (
        "2024-01-10",
        "付办公费",
        "voucher:记-2",
    )
    assert lines(books, "2024-1") == [
        ("102", None, "1000.00", "0.00"),
        ("501", None, "0.00", "1000.00"),
    ]
    assert lines(books, "2024-2") == [
        ("102", None, "0.00", "200.00"),
        ("523", None, "200.00", "0.00"),
    ]
    # a re-import is a no-op
    before = snapshot(books.db, books.code)
    again = books.ok("voucher", "import", str(f), lang="en")
    assert "imported 0 vouchers, 2 already posted" in again.err
    assert snapshot(books.db, books.code) == before
    books.ok("check")


def test_unknown_account_on_line_7_is_refused_naming_file_line_and_column(
    books: Coop, tmp_path: Path
) -> None:
    rows = ROWS + MORE[:1] + [MORE[1].replace(",501,", ",599,")]
    f = write(tmp_path, "bad.csv", rows)
    before = snapshot(books.db, books.code)
    r = refused_alone(books, before, "voucher", "import", str(f))
    assert r.code == 1
    assert f"{f}:7: 字段 科目代码：科目 599 不存在" in r.err
    en = refused_alone(books, before, "voucher", "import", str(f), lang="en")
    assert en.code == 1 and f"{f}:7: field 科目代码: account 599 does not exist" in en.err
    # the same with the header 科目编码: the message follows the file's own word
    g = write(tmp_path, "bad2.csv", rows, HEADER.replace("科目代码", "科目编码"))
    r = refused_alone(books, before, "voucher", "import", str(g))
    assert f"{g}:7: 字段 科目编码" in r.err and "科目代码" not in r.err


def test_gb18030_file_with_voucher_word_number_and_ignored_columns(
    books: Coop, tmp_path: Path
) -> None:
    f = tmp_path / "用友.csv"
    f.write_bytes(
        (
            "会计期间,凭证字号,制单日期,摘要,科目编码,借方,贷方,制单人\n"
            "1,记-12,20240301,卖白术,102,80,,张会计\n"
            "1,记-12,20240301,卖白术,501,,80,张会计\n"
        ).encode("gb18030")
    )
    books.ok("voucher", "import", str(f))
    v = shown(books, "2024-1")
    assert (v["ref"], v["date"], v["memo"]) == ("voucher:记-12", "2024-03-01", "卖白术")
    # a column neither used nor on the ignored list is still refused, by its own name
    g = tmp_path / "odd.csv"
    g.write_bytes(
        "凭证号,日期,摘要,科目代码,借方金额,贷方金额,备忘\n1,2024-03-01,x,102,1,\n".encode(
            "gb18030"
        )
    )
    before = snapshot(books.db, books.code)
    r = refused_alone(books, before, "voucher", "import", str(g), lang="en")
    assert r.code == 2 and "unknown column '备忘'" in r.err
    # a file missing a column is told the column in its own language
    h = write(
        tmp_path, "short.csv", ["1,2024-03-01,x,1,\n"], "凭证号,日期,摘要,借方金额,贷方金额\n"
    )
    r = refused_alone(books, before, "voucher", "import", str(h), lang="en")
    assert r.code == 2 and "missing column '科目代码'" in r.err


def test_member_column_on_114(books: Coop, tmp_path: Path) -> None:
    books.ok("member", "add", "M001", "--name", "张三", "--joined-on", "2024-01-01")
    header = "凭证号,日期,摘要,科目代码,往来单位,借方金额,贷方金额\n"
    rows = [
        "JZ-1,2024-02-01,借给张三,114,M001,300.00,\n",
        "JZ-1,2024-02-01,借给张三,102,,,300.00\n",
    ]
    books.ok("voucher", "import", str(write(tmp_path, "m.csv", rows, header)))
    assert lines(books, "2024-1") == [
        ("102", None, "0.00", "300.00"),
        ("114", "M001", "300.00", "0.00"),
    ]
    before = snapshot(books.db, books.code)
    unknown = [
        rows[0].replace("JZ-1", "JZ-2").replace("M001", "M999"),
        rows[1].replace("JZ-1", "JZ-2"),
    ]
    r = refused_alone(
        books, before, "voucher", "import", str(write(tmp_path, "u.csv", unknown, header))
    )
    assert r.code == 1 and "u.csv:2: 字段 往来单位：没有成员 M999" in r.err
    missing = [rows[0].replace("JZ-1", "JZ-3").replace("M001", ""), rows[1].replace("JZ-1", "JZ-3")]
    r = refused_alone(
        books, before, "voucher", "import", str(write(tmp_path, "n.csv", missing, header))
    )
    assert r.code == 1 and "n.csv:2: 字段 往来单位" in r.err and "114" in r.err


@pytest.mark.parametrize("cell", ["-200.00", "0", "0.00"])
def test_amount_not_above_zero_is_explained(books: Coop, tmp_path: Path, cell: str) -> None:
    rows = list(ROWS)
    rows[2] = f"记,2,2024/01/10,付办公费,523,管理费用,{cell},\n"
    f = write(tmp_path, "neg.csv", rows)
    before = snapshot(books.db, books.code)
    r = refused_alone(books, before, "voucher", "import", str(f))
    assert r.code == 2
    assert f"{f}:4: 字段 借方金额：金额 {cell} 不大于零" in r.err
    assert "另一方" in r.err and "coop voucher reverse" in r.err
    en = refused_alone(books, before, "voucher", "import", str(f), lang="en")
    assert (
        en.code == 2 and f"{f}:4: field 借方金额: the amount {cell} is not more than zero" in en.err
    )
    assert "other side" in en.err and "coop voucher reverse" in en.err


def test_english_negative_amount_is_explained_too(books: Coop, tmp_path: Path) -> None:
    f = tmp_path / "en.csv"
    f.write_text(
        "ref,date,memo,account,member_no,debit,credit\nA,2024-01-02,x,102,,1,\nA,2024-01-02,x,501,,,-1\n",
        encoding="utf-8",
    )
    r = refused_alone(books, snapshot(books.db, books.code), "voucher", "import", str(f), lang="en")
    assert r.code == 2 and f"{f}:3: field credit: the amount -1 is not more than zero" in r.err


def test_duplicate_ref_names_file_line_and_column_not_a_key(books: Coop, tmp_path: Path) -> None:
    books.ok("voucher", "import", str(write(tmp_path, "a.csv", ROWS)))
    changed = [r.replace("1000.00", "999.00") for r in ROWS]
    f = write(tmp_path, "changed.csv", changed)
    before = snapshot(books.db, books.code)
    r = refused_alone(books, before, "voucher", "import", str(f))
    assert r.code == 1
    assert f"{f}:2: 字段 凭证号：凭证 记-1 已记账为第 2024-1 号凭证" in r.err and "key" not in r.err
    en = refused_alone(books, before, "voucher", "import", str(f), lang="en")
    assert f"{f}:2: field 凭证号: ref 记-1 was already posted as 2024-1" in en.err
    # the English format says it with its own column name
    g = tmp_path / "en.csv"
    g.write_text(
        "ref,date,memo,account,member_no,debit,credit\n"
        "记-2,2024-01-10,付办公费,523,,201.00,\n记-2,2024-01-10,付办公费,102,,,201.00\n",
        encoding="utf-8",
    )
    en = refused_alone(books, before, "voucher", "import", str(g), lang="en")
    assert en.code == 1 and f"{g}:2: field ref: ref 记-2 was already posted as 2024-2" in en.err


def test_account_name_must_be_the_books_name(books: Coop, tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[2] = rows[2].replace("管理费用", "经营收入")
    f = write(tmp_path, "name.csv", rows)
    r = refused_alone(books, snapshot(books.db, books.code), "voucher", "import", str(f))
    assert r.code == 1 and f"{f}:4: 字段 科目名称：“经营收入”不是科目 523 的名称" in r.err
    # a sub-account may be named by its path, as some exports write it; an empty name is fine
    g = write(
        tmp_path,
        "path.csv",
        [
            "记,9,2024-01-20,买肥料,52102,经营支出-其他经营支出,10,\n",
            "记,9,2024-01-20,买肥料,102,,,10\n",
        ],
    )
    books.ok("voucher", "import", str(g))
    assert lines(books, "2024-1")[1] == ("52102", None, "10.00", "0.00")


def test_rows_of_one_voucher_share_its_date(books: Coop, tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[3] = rows[3].replace("2024/01/10", "2024-01-11")
    f = write(tmp_path, "date.csv", rows)
    r = refused_alone(books, snapshot(books.db, books.code), "voucher", "import", str(f))
    assert r.code == 2 and f"{f}:5: 字段 日期：凭证 记-2 的各行须是同一个日期" in r.err


def test_rows_of_a_ref_apart_in_the_file_are_one_voucher_numbered_where_it_begins(
    books: Coop, tmp_path: Path
) -> None:
    # The file is streamed, yet a ref is still one voucher wherever its rows are, and the
    # vouchers are numbered in the order their refs first appear.
    rows = [
        "记,7,2024-02-01,甲,102,银行存款,10.00,\n",
        "记,8,2024-02-02,乙,102,银行存款,20.00,\n",
        "记,7,2024-02-01,甲,501,经营收入,,10.00\n",
        "记,9,2024-02-03,丙,102,银行存款,30.00,\n",
        "记,9,2024-02-03,丙,501,经营收入,,30.00\n",
        "记,8,2024-02-02,乙,501,经营收入,,20.00\n",
    ]
    books.ok("voucher", "import", str(write(tmp_path, "apart.csv", rows)))
    assert [shown(books, f"2024-{n}")["ref"] for n in (1, 2, 3)] == [
        "voucher:记-7",
        "voucher:记-8",
        "voucher:记-9",
    ]
    assert lines(books, "2024-2") == [
        ("102", None, "20.00", "0.00"),
        ("501", None, "0.00", "20.00"),
    ]
    books.ok("check")


def test_a_refusal_after_the_first_written_batches_writes_nothing(
    books: Coop, tmp_path: Path
) -> None:
    from coop.vouchers import IMPORT_BATCH

    n = 2 * IMPORT_BATCH + 5  # three batches; the refusal is in the last
    rows = [
        f"记,{i},2024-03-{i % 28 + 1:02d},批{i},{acct},{dr},{cr}\n"
        for i in range(1, n + 1)
        for acct, dr, cr in (("102,银行存款", "1.00", ""), ("501,经营收入", "", "1.00"))
    ]
    bad = [*rows[:-1], rows[-1].replace(",501,经营收入,", ",599,,")]
    before = snapshot(books.db, books.code)
    r = refused_alone(books, before, "voucher", "import", str(write(tmp_path, "bad.csv", bad)))
    assert f":{2 * n + 1}: 字段 科目代码：科目 599 不存在" in r.err
    ok = books.ok("voucher", "import", str(write(tmp_path, "ok.csv", rows)), lang="en")
    assert f"imported {n} vouchers" in ok.err and f"numbers 2024-1 … 2024-{n}" in ok.err
    assert shown(books, f"2024-{n}")["ref"] == f"voucher:记-{n}"
    again = books.ok("voucher", "import", str(write(tmp_path, "ok.csv", rows)), lang="en")
    assert f"imported 0 vouchers, {n} already posted" in again.err
    books.ok("check")
