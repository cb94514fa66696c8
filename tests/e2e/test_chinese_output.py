"""Chinese first (issue 10): under the default language, nothing a person reads is an
English sentence — the help of every command, click's own words, errors of bad input,
confirmations, and the papers of the demo's books. Data from the books (names, memos,
account names) and what a person types (command lines, option names, codes) excepted.
``--lang en`` says the same in English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import run
from tests.conftest import Coop
from tests.test_cli_tree import TREE

# Three or more English words in a row (a sentence, or a heading of words).
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,/-]+[A-Za-z][a-z']+){2,}")
# What a person types or the books hold, said as is in either language.
TYPED = [
    r"coop(?: --?[a-z][\w-]*(?: [^\s，。；：）]+)?| [a-z][\w-]*| [A-Z0-9]+[\w@-]*| FILE| YEAR)+",
    r"--?[a-z][\w-]*",
    r"postgresql\+psycopg://\S*",
    r"https?://\S+",
    # a charter value as typed: patronage_trade_kinds (operations.md §1.3)
    r"(?:delivery|purchase|service)(?:,(?:delivery|purchase|service))+",
]


def english_in(text: str, data: tuple[str, ...] = ()) -> list[str]:
    for d in sorted(data, key=len, reverse=True):
        if d:
            text = text.replace(d, " ")
    for pattern in TYPED:
        text = re.sub(pattern, " ", text)
    return ENGLISH.findall(text)


def in_process(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    runner = CliRunner(env={"COOP_LANG": None, **(env or {})})
    with runner.isolation() as (out, err, _mixed):
        code = run(argv)
    return code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode()


@pytest.mark.parametrize("path", [p for p, _ in TREE], ids=[" ".join(p) or "coop" for p, _ in TREE])
def test_every_help_page_is_chinese_by_default(path: list[str]) -> None:
    code, out, err = in_process([*path, "--help"])
    assert code == 0, err
    assert "用法" in out and "选项" in out, out
    assert not english_in(out), (english_in(out), out)
    code, out_en, _ = in_process(["--lang", "en", *path, "--help"])
    assert code == 0 and "Usage:" in out_en and "Options:" in out_en
    assert english_in(out_en) or len(out_en) < 200, out_en  # the English help is English


BAD = [
    # (argv, exit code): refused or malformed input, said in one line
    (
        [
            "voucher",
            "add",
            "--date",
            "2024-13-01",
            "--memo",
            "m",
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        ],
        2,
    ),
    (["voucher", "add", "--date", "2024-01-01", "--memo", "m", "--dr", "102", "1"], 2),
    (
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "999",
            "1",
            "--cr",
            "501",
            "1",
        ],
        1,
    ),
    (
        [
            "voucher",
            "add",
            "--date",
            "2024-01-01",
            "--memo",
            "m",
            "--dr",
            "102",
            "-1",
            "--cr",
            "501",
            "-1",
        ],
        2,
    ),
    (["voucher", "show", "2024-99"], 1),
    (["voucher", "reverse", "2024-99", "--date", "2024-02-01", "--reason", "x"], 1),
    (["member", "show", "NOBODY"], 1),
    (["member", "add", "M1", "--name", "", "--household", "H1", "--joined", "2024-01-01"], 2),
    (["land", "contribute", "NOBODY", "--parcel", "P1", "--area", "1", "--date", "2024-01-01"], 1),
    (["report", "ledger", "999"], 1),
    (["report", "balance-sheet", "--year", "20x4"], 2),
    (["year", "close", "2099"], 1),
    (["distribute", "plan", "2024"], 1),
    (["statement", "NOBODY", "--year", "2024"], 1),
    (["verify", "00" * 32], 1),
    (["charter", "set", "base_rate", "abc", "--from-year", "2024"], 2),
    (["nosuchcommand"], 2),
    (["voucher", "add", "--nosuchoption"], 2),
]


@pytest.mark.parametrize(
    "argv,exit_code", BAD, ids=[" ".join(a[:2]) + f" #{i}" for i, (a, _) in enumerate(BAD)]
)
def test_errors_are_chinese_by_default_and_english_on_request(
    coop: Coop, argv: list[str], exit_code: int
) -> None:
    r = coop(*argv)
    assert r.code == exit_code, (r.code, r.err, r.out)
    line = (r.err or r.out).strip()  # `verify` gives its verdict on stdout
    assert line and "Traceback" not in line
    assert re.search(r"[\u4e00-\u9fff]", line), line
    assert not english_in(line), (english_in(line), line)
    en = coop(*argv, lang="en")
    assert en.code == exit_code
    said = en.err or en.out
    assert said.strip() and not re.search(r"[\u4e00-\u9fff]", said.replace("测试合作社", "")), said


def test_the_issue_line_date_error(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    argv = ["--db", db, "voucher", "add", "--date", "2024-13-01", "--memo", "m"]
    argv += ["--dr", "102", "1", "--cr", "501", "1"]
    code, _out, err = in_process(argv)
    assert code != 0 and re.search(r"[\u4e00-\u9fff]", err) and not english_in(err), err
    code_en, _out, err_en = in_process(["--lang", "en", *argv[0:2], *argv[2:]])
    assert code_en == code and not re.search(r"[\u4e00-\u9fff]", err_en), err_en
    _code, _out, err_env = in_process(argv, env={"COOP_LANG": "en"})
    assert err_env == err_en


@pytest.mark.slow
def test_the_demo_papers_are_chinese(empty_coop: Coop) -> None:
    coop = empty_coop
    coop.ok("demo")
    listed: Any = coop.ok("member", "list", "--format", "json").json()
    data = tuple(str(m["name"]) for m in listed["members"])
    chart: Any = coop.ok("account", "list", "--format", "json").json()
    rows = chart["accounts"] if isinstance(chart, dict) else chart
    data += tuple(str(a["name_en"]) for a in rows)
    outputs = [
        coop.ok("statement", "Y001", "--year", "2020"),
        coop.ok("report", "trial-balance"),
        coop.ok("report", "ledger", "102", "--year", "2020"),
        coop.ok("report", "balance-sheet", "--year", "2020"),
        coop.ok("report", "surplus", "--year", "2020"),
        coop.ok("report", "equity-changes", "--year", "2020"),
        coop.ok("report", "member-accounts", "--year", "2020"),
        coop.ok("report", "notes", "--year", "2020"),
        coop.ok("distribute", "plan", "2020"),
        coop.ok("voucher", "show", "2020-1"),
        coop.ok("charter", "show"),
        coop.ok("check"),
        coop.ok("head"),
    ]
    for r in outputs:
        found = english_in(r.out + r.err, data)
        assert not found, (found, r.out[:600])


def test_a_run_leaves_the_callers_language() -> None:
    """The command line chooses its language for one run; a program (or a test) that
    calls it in-process keeps its own (the library's default is English)."""
    from ledger import i18n
    from ledger.i18n import tr

    assert i18n.current() == "en"
    code, out, _err = in_process(["--lang", "zh", "--help"])
    assert code == 0 and "用法" in out
    assert i18n.current() == "en" and tr("error: {message}", message="x") == "error: x"


@pytest.mark.parametrize("amount", ["-1", "0", "0.00"])
def test_an_amount_not_above_zero_is_explained(coop: Coop, amount: str) -> None:
    r = coop(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "m",
        "--dr",
        "102",
        amount,
        "--cr",
        "501",
        amount,
    )
    assert r.code == 2 and "另一方" in r.err and "coop voucher reverse" in r.err, r.err
    en = coop(
        "voucher",
        "add",
        "--date",
        "2024-01-01",
        "--memo",
        "m",
        "--dr",
        "102",
        amount,
        "--cr",
        "501",
        amount,
        lang="en",
    )
    assert en.code == 2 and "other side" in en.err and "coop voucher reverse" in en.err
