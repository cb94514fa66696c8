"""trust.md §6 "No traceback": random bytes to every CSV import and random argument lists
to every command, in-process through ``cli.main.run``; every run ends with exit 0, 1 or 2
and no traceback. One small set of books is built per module and copied per example.

The example count follows the hypothesis profile (``ci`` in tests/conftest.py: capped;
``HYPOTHESIS_PROFILE=thorough`` for a long run). Arguments hold no NUL (a real argv
cannot), but may hold a lone surrogate (how Python passes bytes that are not UTF-8).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import cli, run
from tests.conftest import Coop

CODE = "FZ"


def commands() -> list[tuple[list[str], click.Command]]:
    """Every leaf command of ``cli.main.cli`` with its path."""
    out: list[tuple[list[str], click.Command]] = []

    def walk(group: click.Group, path: list[str]) -> None:
        for name, command in sorted(group.commands.items()):
            if isinstance(command, click.Group):
                walk(command, [*path, name])
            else:
                out.append(([*path, name], command))

    walk(cli, [])
    return out


def file_argument(command: click.Command) -> bool:
    return any(
        isinstance(p, click.Argument) and isinstance(p.type, click.Path) for p in command.params
    )


def imports() -> list[list[str]]:
    """The commands that read a file the user brings, with their other required options."""
    out = []
    for path, command in commands():
        if not file_argument(command):
            continue
        extra = []
        for p in command.params:
            if isinstance(p, click.Option) and p.required:
                extra += [p.opts[0], "2024-01-01"]  # the only such option today is --date
        out.append([*path, *extra])
    return out


IMPORTS = imports()
COMMANDS = commands()
HEADERS = [
    b"",
    b"member_no,name,household,id_number,phone,joined_on\n",
    b"member_no,parcel_no,area_mu,contributed_on,contract_no,term_years,grade\n",
    b"ref,date,memo,account,member_no,debit,credit\n",
    b"account,member_no,year,debit,credit,reserve_share,subsidy_share\n",
    "成员编号,姓名,入社日期\n".encode("gb18030"),
    b"\xef\xbb\xbf",
]
CELLS = st.sampled_from(
    [
        "M1",
        "M2",
        "P1",
        "2024-01-01",
        "2024-02-30",
        "1899-01-01",
        "102",
        "501",
        "301",
        "1.00",
        "-1",
        "1e3",
        "99999999999999999",
        "",
        '"',
        "=cmd|' /C calc'!A0",
        "甲",
        "\u202e",
        "\u3164",
        "x" * 300,
        ",",
        "\r",
        "2024",
        "0.0001",
        "A",
    ]
)
ROWS = st.lists(st.lists(CELLS, max_size=8).map(",".join), max_size=6).map(
    lambda rows: "\n".join(rows).encode("utf-8")
)
CSV_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from(HEADERS), st.binary(max_size=500)).map(b"".join),
    st.tuples(st.sampled_from(HEADERS), ROWS).map(b"".join),
)

TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=30)
VALUES = st.one_of(
    st.sampled_from(
        [
            "M1",
            "M2",
            "M9",
            "P1",
            "P9",
            "2024-1",
            "2024-99",
            "0-0",
            "102",
            "501",
            "102@M1",
            "301@M1",
            "114@M9",
            "2024",
            "2025",
            "1899",
            "3000",
            "0",
            "1",
            "-1",
            "1.5",
            "0.001",
            "100",
            "9999999999999.99",
            "1e9",
            "nan",
            "2024-01-01",
            "2024-12-31",
            "2026-11-30",
            "2031-01-01",
            "2024-02-30",
            "1900-01-01",
            "2999-12-31",
            "json",
            "csv",
            "pdf",
            "table",
            "text",
            "beancount",
            "xlsx",
            "zh",
            "en",
            "clerk",
            "auditor",
            "base_rate",
            "first_year",
            "reserve_rate",
            "0.10",
            "true",
            "out.file",
            "out-dir",
            "coop.db",
            "coop.db-journal",
            "members.csv",
            "garbage.csv",
            "",
            "-",
            "--",
            "\udcff",
            "a\u202eb",
            "postgresql://u:pw@%zz/db",
            "0" * 64,
            "f" * 64,
        ]
    ),
    TEXT,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "coop.db"
    c = Coop(str(db), CODE, "sqlite").init("--first-year", "2024")
    c.ok("member", "add", "M1", "--name", "甲", "--joined-on", "2024-01-01")
    c.ok("member", "add", "M2", "--name", "乙", "--joined-on", "2024-01-01")
    c.ok("land", "contribute", "M1", "--parcel", "P1", "--area", "2", "--date", "2024-01-01")
    c.ok(
        "voucher",
        "add",
        "--date",
        "2024-05-01",
        "--memo",
        "售",
        "--dr",
        "102",
        "1000",
        "--cr",
        "501",
        "1000",
    )
    return db


class Copy:
    """A copy of the template in a fresh folder, the working directory while it runs."""

    def __init__(self, template: Path) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name)
        self.db = self.path / "coop.db"
        shutil.copy(template, self.db)
        (self.path / "members.csv").write_text(
            "member_no,name,joined_on\nM3,丙,2024-03-01\n", encoding="utf-8"
        )
        (self.path / "garbage.csv").write_bytes(b"\xff\xfe\x00garbage")

    def close(self) -> None:
        self.dir.cleanup()


def run_captured(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Exit code and everything printed; an exception escaping ``run`` fails the test
    with its traceback (that is what a user would have seen)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with CliRunner().isolation() as (out, err, _mixed):
            try:
                code = run(argv)
            except BaseException:  # any escape is the failure looked for
                pytest.fail(f"coop {argv!r} raised:\n{traceback.format_exc()}")
            printed = out.getvalue().decode("utf-8", "replace") + err.getvalue().decode(
                "utf-8", "replace"
            )
    finally:
        os.chdir(old)
    return code, printed


def check_outcome(argv: list[str], code: int, printed: str) -> None:
    assert code in (0, 1, 2), f"coop {argv!r} exited {code}: {printed}"
    assert "Traceback" not in printed, f"coop {argv!r}: {printed}"


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None
)
@given(command=st.sampled_from(IMPORTS), data=CSV_BYTES)
def test_random_bytes_to_every_import(template: Path, command: list[str], data: bytes) -> None:
    copy = Copy(template)
    try:
        (copy.path / "in.csv").write_bytes(data)
        argv = ["--db", str(copy.db), "--coop", CODE, "--user", "fuzz", *command, "in.csv"]
        code, printed = run_captured(argv, copy.path)
        check_outcome(argv, code, printed)
    finally:
        copy.close()


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None
)
@given(data=st.data())
def test_random_arguments_to_every_command(template: Path, data: st.DataObject) -> None:
    path, command = data.draw(st.sampled_from(COMMANDS), label="command")
    names = [o for p in command.params if isinstance(p, click.Option) for o in p.opts]
    tokens = st.one_of(st.sampled_from(names) if names else VALUES, VALUES)
    args = data.draw(st.lists(tokens, max_size=8), label="args")
    lead = data.draw(
        st.sampled_from([[], ["--lang", "en"], ["--coop", "NOPE"], ["--user", "\u202e"]]),
        label="global",
    )
    copy = Copy(template)
    try:
        argv = ["--db", str(copy.db), "--coop", CODE, "--user", "fuzz", *lead, *path, *args]
        code, printed = run_captured(argv, copy.path)
        check_outcome(argv, code, printed)
    finally:
        copy.close()


def test_every_import_and_command_is_covered() -> None:
    """The walk finds the imports and commands it should (so the fuzz cannot go quiet)."""
    found = {" ".join(c[:2]) for c in IMPORTS}
    assert {"member import", "land import", "voucher import", "opening import"} <= found
    assert len(COMMANDS) >= 40
