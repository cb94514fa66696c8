"""trust.md §5: every -o / --out-dir refuses the database, its journals, the witness,
an existing file (without --force) and a symlink; files are written whole, mode 0600,
or not at all (a full disk, on a real tmpfs)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Coop

#: Every command that writes a file with -o, as (arguments before -o).
WRITERS = [
    ("statement-text", ["statement", "M1", "--year", "2024"]),
    ("statement-json", ["statement", "M1", "--year", "2024", "--format", "json"]),
    ("statement-pdf", ["statement", "M1", "--year", "2024", "--format", "pdf"]),
    ("export-beancount", ["export", "beancount"]),
    ("export-csv", ["export", "csv"]),
    ("export-xlsx", ["export", "xlsx"]),
    ("voucher-pdf", ["voucher", "show", "2024-1", "--format", "pdf"]),
    ("balance-sheet-pdf", ["report", "balance-sheet", "--year", "2024", "--format", "pdf"]),
    ("surplus-pdf", ["report", "surplus", "--year", "2024", "--format", "pdf"]),
    ("equity-pdf", ["report", "equity-changes", "--year", "2024", "--format", "pdf"]),
    ("member-accounts-pdf", ["report", "member-accounts", "--year", "2024", "--format", "pdf"]),
    ("backup", ["backup"]),
]
IDS = [name for name, _ in WRITERS]
ARGS = [args for _, args in WRITERS]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small set of books, built once; each test works on a copy."""
    db = tmp_path_factory.mktemp("tpl") / "coop.db"
    c = Coop(str(db), "OS", "sqlite").init("--first-year", "2024")
    c.ok("member", "add", "M1", "--name", "甲", "--joined-on", "2024-01-01")
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
    c.ok("year", "close", "2024")
    return db


@pytest.fixture
def books(template: Path, tmp_path: Path) -> Coop:
    db = tmp_path / "coop.db"
    shutil.copy(template, db)
    return Coop(str(db), "OS", "sqlite")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def refused(c: Coop, args: list[str], target: str, *extra: str, lang: str | None = None) -> str:
    """Run a writer aimed at ``target``: exit 2, one line, the books still sound."""
    db = Path(c.db)
    before = digest(db)
    r = c(*args, "-o", target, *extra, lang=lang)
    assert r.code == 2, f"{args} -o {target}: {r.code} {r.err}"
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert digest(db) == before
    c.ok("check")
    assert leftovers(db.parent) == []
    return r.err


@pytest.mark.parametrize("args", ARGS, ids=IDS)
def test_output_onto_the_database_or_its_journal_is_refused(books: Coop, args: list[str]) -> None:
    db = Path(books.db)
    err = refused(books, args, str(db), lang="en")
    assert "the database" in err
    refused(books, args, str(db), "--force")
    for journal in ("-journal", "-wal", "-shm"):
        refused(books, args, f"{db}{journal}", "--force")
        assert not Path(f"{db}{journal}").exists()
    # the same file under another spelling, through a symlinked folder, and a hard link
    refused(books, args, str(db.parent / "." / db.name), "--force")
    linked = db.parent / "linked"
    linked.symlink_to(db.parent, target_is_directory=True)
    refused(books, args, str(linked / db.name), "--force")
    hard = db.parent / "hard.db"
    os.link(db, hard)
    refused(books, args, str(hard), "--force")


@pytest.mark.parametrize("args", ARGS, ids=IDS)
def test_output_onto_the_witness_is_refused(books: Coop, args: list[str]) -> None:
    witness = Path(books.db).parent / "witness.db"
    witness.write_bytes(b"a witness file stands here")
    before = digest(witness)
    r = books("--witness", str(witness), *args, "-o", str(witness), "--force")
    assert r.code == 2 and "witness" in r.err and r.err.count("\n") == 1
    assert digest(witness) == before


@pytest.mark.parametrize("args", ARGS, ids=IDS)
def test_output_never_follows_a_symlink(books: Coop, args: list[str]) -> None:
    folder = Path(books.db).parent
    to_db = folder / "to-db"
    to_db.symlink_to(books.db)
    err = refused(books, args, str(to_db), "--force", lang="en")
    assert "the database" in err
    dangling = folder / "dangling"
    dangling.symlink_to(folder / "elsewhere")
    err = refused(books, args, str(dangling), "--force", lang="en")
    assert "symbolic link" in err
    assert not (folder / "elsewhere").exists()
    other = folder / "other.txt"
    other.write_text("keep", encoding="utf-8")
    to_other = folder / "to-other"
    to_other.symlink_to(other)
    refused(books, args, str(to_other), "--force")
    assert other.read_text(encoding="utf-8") == "keep" and to_other.is_symlink()


@pytest.mark.parametrize("args", ARGS, ids=IDS)
def test_existing_file_needs_force_and_new_files_are_private(books: Coop, args: list[str]) -> None:
    folder = Path(books.db).parent
    target = folder / "out.file"
    target.write_bytes(b"before")
    err = refused(books, args, str(target), lang="en")
    assert "already exists" in err and "--force" in err
    assert target.read_bytes() == b"before"
    books.ok(*args, "-o", str(target), "--force")
    assert target.read_bytes() != b"before"
    assert target.stat().st_mode & 0o777 == 0o600
    fresh = folder / "fresh.file"
    books.ok(*args, "-o", str(fresh))
    assert fresh.stat().st_mode & 0o777 == 0o600 and fresh.stat().st_size > 0
    assert leftovers(folder) == []


def test_out_dir_is_checked_before_anything_is_written(books: Coop) -> None:
    folder = Path(books.db).parent
    out = folder / "out"
    out.mkdir()
    (out / "M1-2024.txt").write_text("old", encoding="utf-8")
    r = books("statement", "--all", "--year", "2024", "--out-dir", str(out), lang="en")
    assert r.code == 2 and "already exists" in r.err
    assert (out / "M1-2024.txt").read_text(encoding="utf-8") == "old"
    books.ok("statement", "--all", "--year", "2024", "--out-dir", str(out), "--force")
    assert (out / "M1-2024.txt").read_text(encoding="utf-8") != "old"
    assert (out / "M1-2024.txt").stat().st_mode & 0o777 == 0o600
    new = folder / "new-out"
    books.ok("statement", "--all", "--year", "2024", "--out-dir", str(new), "--format", "pdf")
    assert new.stat().st_mode & 0o777 == 0o700
    assert (new / "M1-2024.pdf").stat().st_mode & 0o777 == 0o600
    link = folder / "link-out"
    link.symlink_to(out, target_is_directory=True)
    r = books("statement", "--all", "--year", "2024", "--out-dir", str(link), "--force", lang="en")
    assert r.code == 2 and "symbolic link" in r.err
    before = digest(Path(books.db))
    r = books("statement", "--all", "--year", "2024", "--out-dir", books.db, "--force")
    assert r.code == 2 and digest(Path(books.db)) == before
    # a member file that is a symlink to the database, inside the folder
    (out / "M1-2024.txt").unlink()
    (out / "M1-2024.txt").symlink_to(books.db)
    r = books("statement", "--all", "--year", "2024", "--out-dir", str(out), "--force")
    assert r.code == 2 and digest(Path(books.db)) == before
    books.ok("check")


# ----- a real full disk ---------------------------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "64k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where``, or a skip saying why it cannot be."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the full-disk test runs as root in CI)")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte."""
    filler = folder / f"filler-{uuid.uuid4().hex[:6]}"
    with filler.open("wb", buffering=0) as f:
        with contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                f.write(b"\0")
    return filler


@pytest.mark.parametrize("args", ARGS, ids=IDS)
def test_full_disk_leaves_no_file_under_the_final_name(
    books: Coop, args: list[str], tmp_path: Path
) -> None:
    with small_tmpfs(tmp_path / "full", size="1m") as disk:  # room for the backup after
        filler = fill(disk)
        target = disk / "out.file"
        r = books(*args, "-o", str(target))
        assert r.code == 1, r.err
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
        assert "out.file" in r.err
        assert sorted(p.name for p in disk.iterdir()) == [filler.name]  # nothing, no temp
        filler.unlink()  # with room again the same command writes the whole file
        books.ok(*args, "-o", str(target))
        assert target.stat().st_size > 0 and target.stat().st_mode & 0o777 == 0o600
        books.ok("check")


def test_full_disk_statement_all(books: Coop, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "full") as disk:
        filler = fill(disk)
        r = books(
            "statement",
            "--all",
            "--year",
            "2024",
            "--out-dir",
            str(disk / "out"),
            "--format",
            "pdf",
            lang="en",
        )
        assert r.code == 1 and "Traceback" not in r.err
        assert [ln for ln in r.err.splitlines() if ln.startswith("error")] == [
            r.err.strip().splitlines()[-1]
        ]
        assert not (disk / "out" / "M1-2024.pdf").exists()
        assert [p for p in (disk / "out").iterdir()] == []
        filler.unlink()


def test_f2_full_disk_under_the_database(tmp_path: Path) -> None:
    """reliability.md F2: the database's own disk fills up. A write fails with one line
    and exit 1, nothing changes, and once there is room `check` passes and writing works."""
    from tests.helpers import snapshot

    with small_tmpfs(tmp_path / "disk", size="4m") as disk:
        c = Coop(str(disk / "coop.db"), "F2", "sqlite").init("--first-year", "2024")
        c.ok(
            "voucher",
            "add",
            "--date",
            "2024-01-02",
            "--memo",
            "m",
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        )
        before = snapshot(c.db, c.code)
        filler = fill(disk)
        memo = "满" * 400  # more than the last free page can take
        failed = [
            c(
                "voucher",
                "add",
                "--date",
                "2024-01-03",
                "--memo",
                memo,
                "--dr",
                "102",
                "1",
                "--cr",
                "501",
                "1",
            )
            for _ in range(3)
        ]
        for r in failed:
            assert r.code == 1, r.err
            assert r.err.count("\n") == 1 and "Traceback" not in r.err
            assert "full" in r.err.lower()
        filler.unlink()
        assert snapshot(c.db, c.code) == before
        c.ok("check")
        c.ok(
            "voucher",
            "add",
            "--date",
            "2024-01-03",
            "--memo",
            memo,
            "--dr",
            "102",
            "1",
            "--cr",
            "501",
            "1",
        )
        c.ok("check")
