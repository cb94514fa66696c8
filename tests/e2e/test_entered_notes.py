"""``coop notes`` (statutory.md §7.1, cli-additions.md §8): the entered notes of the 附注 —
texts of items, losses not yet written off, tax adjustments and the rate — as chained,
append-only records per year; the latest text or rate wins, an empty text clears,
``remove`` voids; every refusal one line, nothing written."""

from __future__ import annotations

import lzma
import sqlite3
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from coop import entered_notes
from coop.store.uow import UnitOfWork
from tests.conftest import Coop
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[2]


def _json(coop: Coop, *args: str) -> Any:
    return coop.ok(*args, "--format", "json").json()


def _words(line: str) -> list[str]:
    """A command line's words (none of them holds a space)."""
    return line.split()


def _head(coop: Coop) -> int:
    h: Any = coop.ok("head", "--format", "json").json()
    return int(h["seq"])


def _listed(coop: Coop, year: str = "2024") -> Any:
    return _json(coop, "notes", "list", "--year", year)


def _set(coop: Coop, year: str, item: str, text: str, lang: str | None = None) -> Any:
    return coop.ok("notes", "set", "--year", year, "--item", item, "--text", text, lang=lang)


def _loss(coop: Coop, year: str, category: str, name: str, amount: str, why: str) -> Any:
    return coop.ok(
        *_words(f"notes loss add --year {year} --category {category} --name {name}"),
        "--amount",
        amount,
        "--explanation",
        why,
        lang="en",
    )


def test_texts_latest_set_wins_and_an_empty_text_clears(coop: Coop) -> None:
    assert _listed(coop) == {
        "year": 2024,
        "texts": {},
        "losses": [],
        "tax": {"rate": None, "items": []},
    }
    before = _head(coop)
    r = _set(coop, "2024", "4", "年初数为迁移数", lang="en")
    assert "notes of 2024, item 4: the text set" in r.err and r.out == ""
    assert _head(coop) == before + 2  # the ``note`` link and its audit link
    _set(coop, "2024", "7.9", "无未决诉讼")
    _set(coop, "2024", "4", "  年初数为迁移数，\r\n  已核对。  ")  # the latest wins
    _set(coop, "2025", "4", "下一年")
    assert _listed(coop)["texts"] == {"4": "年初数为迁移数，\n  已核对。", "7.9": "无未决诉讼"}

    # the same text again: nothing written, said so
    before = _head(coop)
    r = _set(coop, "2024", "7.9", "无未决诉讼", lang="en")
    assert "the text is so already; nothing to do" in r.err and _head(coop) == before

    # an empty text clears the item; clearing again does nothing
    r = _set(coop, "2024", "7.9", "", lang="en")
    assert "notes of 2024, item 7.9: the text cleared" in r.err
    assert _head(coop) == before + 2
    r = _set(coop, "2024", "7.9", "   ", lang="en")
    assert "no text to clear; nothing to do" in r.err and _head(coop) == before + 2
    assert _listed(coop)["texts"] == {"4": "年初数为迁移数，\n  已核对。"}
    _set(coop, "2024", "7.9", "有一宗")  # set again after clearing
    for item in ("9", "7.5", "7.3", "7.2", "7.1"):
        _set(coop, "2024", item, f"第{item}项")
    assert list(_listed(coop)["texts"]) == ["4", "7.1", "7.2", "7.3", "7.5", "7.9", "9"]
    assert _listed(coop, "2025")["texts"] == {"4": "下一年"}
    assert _listed(coop, "2023")["texts"] == {}

    longest = "注" * entered_notes.TEXT_MAX
    _set(coop, "2024", "9", longest)
    assert _listed(coop)["texts"]["9"] == longest
    text = coop.ok("notes", "list", "--year", "2024", lang="en").out
    assert "Further notes on important items of the statements" in text
    assert "Pending litigation and arbitration" in text and "有一宗" in text
    assert coop.ok("check").out == ""


def test_losses_are_numbered_per_year_and_remove_voids(coop: Coop) -> None:
    r = _loss(coop, "2024", "receivable", "张三欠款", "1200.5", "债务人已去世，无法收回")
    assert r.out.strip() == "1"
    said = "loss 1 entered in the notes of 2024: Receivables that cannot be collected 张三欠款"
    assert said in r.err
    assert _loss(coop, "2024", "fixed_asset", "水泵", "800", "报废").out.strip() == "2"
    assert _loss(coop, "2024", "other", "仔猪", "0.01", "病死").out.strip() == "3"
    assert _loss(coop, "2025", "intangible", "商标", "100", "注销").out.strip() == "1"

    before = _head(coop)
    r = coop.ok(*_words("notes loss remove --year 2024 --id 2"), lang="en")
    assert "loss 2 removed from the notes of 2024: 水泵 800.00" in r.err and r.out == ""
    assert _head(coop) == before + 2  # the ``note_void`` link and its audit link
    # a removed id is not given again
    assert _loss(coop, "2024", "investment", "入股", "5000", "被投资企业破产").out.strip() == "4"

    assert _listed(coop)["losses"] == [
        {
            "id": 1,
            "category": "receivable",
            "name": "张三欠款",
            "amount": "1200.50",
            "explanation": "债务人已去世，无法收回",
        },
        {"id": 3, "category": "other", "name": "仔猪", "amount": "0.01", "explanation": "病死"},
        {
            "id": 4,
            "category": "investment",
            "name": "入股",
            "amount": "5000.00",
            "explanation": "被投资企业破产",
        },
    ]
    assert [x["id"] for x in _listed(coop, "2025")["losses"]] == [1]
    coop.ok(*_words("notes loss remove --year 2025 --id 1"))
    assert _listed(coop, "2025")["losses"] == []
    assert [x["id"] for x in _listed(coop)["losses"]] == [1, 3, 4]  # another year's id
    text = coop.ok("notes", "list", "--year", "2024", lang="en").out
    assert "Investments that cannot be recovered" in text and "1200.50" in text
    assert "水泵" not in text
    assert coop.ok("check").out == ""


def test_tax_adjustments_and_the_rate(coop: Coop) -> None:
    r = coop.ok(
        *_words("notes tax add --year 2024 --increase --item 罚款支出 --amount 100"), lang="en"
    )
    assert r.out.strip() == "1"
    assert "tax adjustment 1 entered in the notes of 2024: Increase 罚款支出 100.00" in r.err
    line = "notes tax add --year 2024 --decrease --item 国债利息 --amount 2500.75"
    assert coop.ok(*_words(line)).out.strip() == "2"
    line = "notes tax add --year 2024 --increase --item 超标招待费 --amount 30"
    assert coop.ok(*_words(line)).out.strip() == "3"
    line = "notes tax add --year 2023 --decrease --item 免税收入 --amount 10"
    assert coop.ok(*_words(line)).out.strip() == "1"
    assert _listed(coop)["tax"]["rate"] is None

    r = coop.ok(*_words("notes tax rate --year 2024 --rate 0.2"), lang="en")
    assert "tax rate of 2024: 0.20" in r.err
    coop.ok(*_words("notes tax rate --year 2024 --rate 0.25"))  # the latest wins
    before = _head(coop)
    r = coop.ok(*_words("notes tax rate --year 2024 --rate 0.2500"), lang="en")
    assert "is 0.25 already; nothing to do" in r.err and _head(coop) == before
    coop.ok(*_words("notes tax rate --year 2023 --rate 0.125"))

    before = _head(coop)
    r = coop.ok(*_words("notes tax remove --year 2024 --id 3"), lang="en")
    assert "tax adjustment 3 removed from the notes of 2024: 超标招待费 30.00" in r.err
    assert _head(coop) == before + 2
    assert _listed(coop)["tax"] == {
        "rate": "0.25",
        "items": [
            {"id": 1, "kind": "increase", "item": "罚款支出", "amount": "100.00"},
            {"id": 2, "kind": "decrease", "item": "国债利息", "amount": "2500.75"},
        ],
    }
    assert _listed(coop, "2023")["tax"] == {
        "rate": "0.125",
        "items": [{"id": 1, "kind": "decrease", "item": "免税收入", "amount": "10.00"}],
    }
    coop.ok(*_words("notes tax rate --year 2023 --rate 0"))
    coop.ok(*_words("notes tax rate --year 2022 --rate 1"))
    assert _listed(coop, "2023")["tax"]["rate"] == "0.00"
    assert _listed(coop, "2022")["tax"]["rate"] == "1.00"
    text = coop.ok("notes", "list", "--year", "2024", lang="en").out
    assert "Tax adjustments (rate 0.25)" in text and "Decrease" in text and "国债利息" in text
    assert "超标招待费" not in text
    assert "no rate set" in coop.ok("notes", "list", "--year", "2021", lang="en").out
    assert coop.ok("check").out == ""


def test_notes_list_json_has_the_shape_of_cli_additions(coop: Coop) -> None:
    _set(coop, "2024", "7.2", "无进出口贸易")
    _loss(coop, "2024", "construction", "仓库", "20000", "火灾毁损，待批准核销")
    coop.ok(*_words("notes tax add --year 2024 --increase --item 罚款 --amount 1"))
    coop.ok(*_words("notes tax rate --year 2024 --rate 0.25"))
    data = _listed(coop)
    assert list(data) == ["year", "texts", "losses", "tax"]
    assert list(data["tax"]) == ["rate", "items"]
    assert data == {
        "year": 2024,
        "texts": {"7.2": "无进出口贸易"},
        "losses": [
            {
                "id": 1,
                "category": "construction",
                "name": "仓库",
                "amount": "20000.00",
                "explanation": "火灾毁损，待批准核销",
            }
        ],
        "tax": {
            "rate": "0.25",
            "items": [{"id": 1, "kind": "increase", "item": "罚款", "amount": "1.00"}],
        },
    }
    assert list(data["losses"][0]) == ["id", "category", "name", "amount", "explanation"]
    assert list(data["tax"]["items"][0]) == ["id", "kind", "item", "amount"]


def test_closed_years_take_notes(make_coop: Callable[[], Coop]) -> None:
    c = make_coop().init("--first-year", "2024")
    line = "voucher add --date 2024-06-01 --memo 收入 --dr 102 100 --cr 511 100"
    c.ok(*_words(line))
    c.ok("year", "close", "2024")
    _set(c, "2024", "9", "本年已结账")
    _loss(c, "2024", "other", "存货", "10", "霉变")
    c.ok(*_words("notes loss remove --year 2024 --id 1"))
    c.ok(*_words("notes tax add --year 2024 --decrease --item 免税 --amount 5"))
    c.ok(*_words("notes tax rate --year 2024 --rate 0.25"))
    c.ok(*_words("notes tax remove --year 2024 --id 1"))
    data = _listed(c)
    assert data["texts"] == {"9": "本年已结账"} and data["losses"] == []
    assert data["tax"] == {"rate": "0.25", "items": []}
    assert c.ok("check").out == ""


def test_the_read_functions_the_notes_call(coop: Coop) -> None:
    _set(coop, "2024", "4", "旧")
    _set(coop, "2024", "4", "新")
    _set(coop, "2024", "9", "其他")
    _set(coop, "2024", "9", "")
    _loss(coop, "2024", "receivable", "欠款", "12.34", "无法收回")
    _loss(coop, "2024", "other", "杂项", "1", "作废")
    coop.ok(*_words("notes loss remove --year 2024 --id 2"))
    coop.ok(*_words("notes tax add --year 2024 --increase --item 罚款 --amount 100"))
    coop.ok(*_words("notes tax rate --year 2024 --rate 0.25"))
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-01-01T00:00:00")
    try:

        def read(c: Any) -> Any:
            return (
                entered_notes.texts(c, 2024),
                entered_notes.losses(c, 2024),
                entered_notes.tax(c, 2024),
                entered_notes.tax(c, 2025),
            )

        texts, losses, tax, none = uow.read(read)
    finally:
        uow.close()
    assert texts == {"4": "新"}
    assert losses == [entered_notes.Loss(1, "receivable", "欠款", 1234, "无法收回")]
    assert tax == (Fraction(1, 4), [entered_notes.TaxItem(1, "increase", "罚款", 10000)])
    assert none == (None, [])


TOO_LONG = "注" * (entered_notes.TEXT_MAX + 1)
LOSS = "notes loss add --year 2024 --category other --name 仔猪 --explanation 病死"
TAX = "notes tax add --year 2024 --item 罚款"
REFUSALS: list[tuple[int, list[str], str]] = [
    (2, _words("notes set --year 2024 --item 5 --text 无"), "unknown notes item '5'"),
    (2, _words("notes set --year 2024 --item 7.4 --text 无"), "unknown notes item"),
    (2, _words("notes set --year 24 --item 4 --text 无"), "year '24' is not valid"),
    (2, [*_words("notes set --year 2024 --item 4 --text"), TOO_LONG], "at most 4000 characters"),
    (2, [*_words("notes set --year 2024 --item 4 --text"), "a\tb"], "U+0009"),
    (2, [*_words("notes set --year 2024 --item 4 --text"), "a\u202eb"], "U+202E"),
    (
        2,
        _words("notes loss add --year 2024 --category land --name 地 --amount 1 --explanation x"),
        "unknown loss category 'land'",
    ),
    (2, [*_words(LOSS), "--amount", "0"], "greater than 0"),
    (2, [*_words(LOSS), "--amount", "-5"], "amount '-5' is not valid"),
    (2, [*_words(LOSS), "--amount", "1e3"], "amount '1e3' is not valid"),
    (2, [*_words(LOSS), "--amount", "1.234"], "amount '1.234' is not valid"),
    (2, [*_words(LOSS), "--amount", "1,000"], "amount '1,000' is not valid"),
    (
        2,
        [
            *_words("notes loss add --year 2024 --category other --name 仔猪 --amount 1"),
            "--explanation",
            " ",
        ],
        "explanation is empty",
    ),
    (
        2,
        [
            *_words("notes loss add --year 2024 --category other --amount 1 --explanation x"),
            "--name",
            "",
        ],
        "name is empty",
    ),
    (
        2,
        [
            *_words("notes loss add --year 2024 --category other --name 仔猪 --amount 1"),
            "--explanation",
            TOO_LONG,
        ],
        "at most 4000 characters",
    ),
    (2, [*_words(TAX), "--amount", "1"], "give --increase or --decrease"),
    (2, [*_words(TAX), "--increase", "--decrease", "--amount", "1"], "--increase or --decrease"),
    (2, [*_words(TAX), "--increase", "--amount", "abc"], "amount 'abc' is not valid"),
    (
        2,
        [*_words("notes tax add --year 2024 --decrease --amount 1"), "--item", ""],
        "item is empty",
    ),
    (2, _words("notes tax rate --year 2024 --rate 1.5"), "at most 1"),
    (2, _words("notes tax rate --year 2024 --rate 0.12345"), "rate '0.12345' is not valid"),
    (2, _words("notes tax rate --year 2024 --rate 25%"), "rate '25%' is not valid"),
    (2, _words("notes tax rate --year 2024 --rate -0.1"), "rate '-0.1' is not valid"),
    (2, _words("notes loss remove --year 2024 --id one"), "id 'one' is not valid"),
    (2, _words("notes loss remove --year 2024 --id 0"), "id '0' is not valid"),
    (2, _words("notes tax remove --year 2024 --id -1"), "id '-1' is not valid"),
    (2, _words("notes list --year 2O24"), "year '2O24' is not valid"),
    (1, _words("notes loss remove --year 2024 --id 9"), "the notes of 2024 have no loss 9"),
    (1, _words("notes loss remove --year 2025 --id 1"), "the notes of 2025 have no loss 1"),
    (1, _words("notes loss remove --year 2024 --id 2"), "loss 2 of 2024 (水泵) was removed"),
    (1, _words("notes tax remove --year 2024 --id 7"), "have no tax adjustment 7"),
    (1, _words("notes tax remove --year 2024 --id 1"), "tax adjustment 1 of 2024 (罚款) was"),
]


def test_every_refusal_is_one_line_and_writes_nothing(coop: Coop) -> None:
    _set(coop, "2024", "4", "原文")
    _loss(coop, "2024", "receivable", "欠款", "1", "无法收回")
    _loss(coop, "2024", "fixed_asset", "水泵", "2", "报废")
    coop.ok(*_words("notes loss remove --year 2024 --id 2"))
    coop.ok(*_words("notes tax add --year 2024 --increase --item 罚款 --amount 1"))
    coop.ok(*_words("notes tax remove --year 2024 --id 1"))
    before = snapshot(coop.db, coop.code)
    listed = _listed(coop)
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
    assert _listed(coop) == listed
    assert coop.ok("check").out == ""


def test_the_notes_are_append_only_and_check_catches_an_edit(tmp_path: Path) -> None:
    """The database refuses to change a note row; one changed behind the guards' back (a
    trigger dropped) is found by ``check``: the chain covers it, the schema misses the
    trigger. (SQLite: the raw edit is SQLite's; tests/integration covers every column.)"""
    c = Coop(str(tmp_path / "books.db"), "NOTE", "sqlite").init()
    _set(c, "2024", "4", "说明")
    _loss(c, "2024", "other", "仔猪", "10", "病死")
    c.ok(*_words("notes loss remove --year 2024 --id 1"))
    c.ok(*_words("notes tax add --year 2024 --increase --item 罚款 --amount 1"))
    c.ok(*_words("notes tax rate --year 2024 --rate 0.25"))
    before = snapshot(c.db, c.code)
    counts = [before[t] for t in ("note_text", "note_loss", "note_tax", "note_tax_rate")]
    assert counts == [1, 1, 1, 1] and before["note_void"] == 1
    conn = sqlite3.connect(c.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE note_text SET text = '改'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM note_void")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE note_tax_rate SET rate = 0")
        conn.execute("DROP TRIGGER note_tax_no_update")
        conn.execute("UPDATE note_tax SET amount = 1000000")
        conn.commit()
    finally:
        conn.close()
    r = c("check", lang="en")
    assert r.code == 1
    assert any(line.startswith("chain:") for line in r.out.splitlines()), r.out
    assert any(line.startswith("schema:") for line in r.out.splitlines()), r.out


def test_books_of_revision_0004_are_upgraded_and_check_is_silent(tmp_path: Path) -> None:
    """A book at revision 0004 (the demo written before 0002, brought to 0004) gains the
    tables of 0005 with their guards when a command opens it: ``check`` finds nothing."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    import migrations
    from coop.store.schema import HEAD
    from ledger.store.engine import open_engine

    db = tmp_path / "legacy.db"
    db.write_bytes(
        lzma.decompress((ROOT / "tests" / "fixtures" / "legacy-0001-demo.db.xz").read_bytes())
    )
    folder = Path(migrations.__file__).parent
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    engine = open_engine(str(db), create=False)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0004")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "0004"
            )
            assert not sa.inspect(conn).has_table("note_text")
    finally:
        engine.dispose()
    c = Coop(str(db), "YS", "sqlite")
    assert c.ok("check").out == ""  # upgrades to the head first
    conn2 = sqlite3.connect(db)
    try:
        assert conn2.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        triggers = {
            n for (n,) in conn2.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    finally:
        conn2.close()
    for table in ("note_text", "note_loss", "note_tax", "note_tax_rate", "note_void"):
        assert {f"{table}_no_update", f"{table}_no_delete"} <= triggers
    _set(c, "2024", "4", "迁移后")
    _loss(c, "2024", "other", "仔猪", "10", "病死")
    assert _listed(c)["texts"] == {"4": "迁移后"}
    assert c.ok("check").out == ""
