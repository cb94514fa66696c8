"""Every file a command writes (``-o FILE``, ``--out-dir DIR``) goes through here.

A target is refused (``InvalidInput``: exit 2, nothing written) when it is, or
resolves through a symlink or a hard link to, the database file, its
``-journal``/``-wal``/``-shm`` or the witness file; when it is itself a symbolic
link (even with ``--force``); when it is not a regular file; and when it exists
and ``--force`` was not given. The bytes are written to a temporary file in the
same folder (mode 0600) and renamed into place when complete
(``ledger.store.files``); a write that fails (a full disk) removes the temporary
file, leaves nothing under the final name and is one line, exit 1.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ledger.errors import InvalidInput, Refused
from ledger.i18n import N_, gettext, tr
from ledger.store import files
from ledger.store.engine import is_postgres_url

JOURNALS = ("-journal", "-wal", "-shm")


def protected(state: Any) -> list[tuple[str, str]]:
    """(path, what) of the files no output may touch: the database, its journals, the
    witness; each as given and as it resolves. ``what`` is a message id (``gettext``)."""
    out: list[tuple[str, str]] = []
    db = str(state.db)
    if db != ":memory:" and "://" not in db and not is_postgres_url(db):
        for base in {db, os.path.realpath(db)}:
            out.append((base, N_("the database")))
            out += [(base + j, N_("the database's journal")) for j in JOURNALS]
    witness = getattr(state, "witness", None)
    if witness and "://" not in str(witness):
        for base in {str(witness), os.path.realpath(str(witness))}:
            out.append((base, N_("the witness file")))
    return out


def check_target(state: Any, path: str, *, force: bool) -> Path:
    """The target of ``-o``, validated; raises ``InvalidInput`` (exit 2) when refused."""
    if not path:
        raise InvalidInput(tr("the output file name is empty"), field="output")
    target = Path(path)
    real = os.path.realpath(target)
    for guarded, what in protected(state):
        if real == os.path.realpath(guarded) or _same_file(target, guarded):
            raise InvalidInput(
                tr(
                    "{path} is {what}: an output never replaces it",
                    path=path,
                    what=gettext(what),
                ),
                field="output",
                value=path,
            )
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InvalidInput(
            tr("{path}: cannot be used ({reason})", path=path, reason=exc.strerror),
            field="output",
        ) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise InvalidInput(
                tr(
                    "{path} is a symbolic link: coop does not write through one "
                    "(give the real path)",
                    path=path,
                ),
                field="output",
                value=path,
            )
        if not stat.S_ISREG(st.st_mode):
            raise InvalidInput(
                tr("{path} exists and is not a regular file", path=path),
                field="output",
                value=path,
            )
        if not force:
            raise InvalidInput(
                tr("{path} already exists: give --force to replace it", path=path),
                field="output",
                value=path,
            )
    if not target.parent.is_dir():
        raise InvalidInput(
            tr("the folder of {path} does not exist", path=path), field="output", value=path
        )
    return target


def check_folder(state: Any, folder: str, names: Sequence[str], *, force: bool) -> list[Path]:
    """The targets of ``--out-dir``: the folder must not be a symlink or a file, and every
    file in it is checked as ``-o`` would be, all before anything is written."""
    d = Path(folder)
    if d.is_symlink():
        raise InvalidInput(
            tr("{path} is a symbolic link: coop does not write through one", path=folder),
            field="out-dir",
            value=folder,
        )
    if d.exists() and not d.is_dir():
        raise InvalidInput(
            tr("{path} exists and is not a folder", path=folder), field="out-dir", value=folder
        )
    if not d.exists():
        if not d.parent.is_dir():
            raise InvalidInput(
                tr("the folder of {path} does not exist", path=folder), field="out-dir"
            )
        return [d / n for n in names]
    return [check_target(state, str(d / n), force=force) for n in names]


@contextlib.contextmanager
def writing(state: Any, path: str, *, force: bool) -> Iterator[Path]:
    """Validate ``path``, then yield a temporary path to write; on success it is renamed
    to ``path``. An ``OSError`` on the way (ENOSPC…) is one line, exit 1."""
    target = check_target(state, path, force=force)
    with one_line(path):
        with files.replacing(target, overwrite=force) as temp:
            yield temp


def write_bytes(state: Any, path: str, data: bytes, *, force: bool) -> None:
    with writing(state, path, force=force) as temp, open(temp, "wb") as f:
        f.write(data)


def write_text(state: Any, path: str, text: str, *, force: bool) -> None:
    write_bytes(state, path, text.encode("utf-8"), force=force)


def folder_targets(state: Any, folder: str, names: Sequence[str], *, force: bool) -> list[Path]:
    """Check every file of ``--out-dir`` before the first is written, then make the folder
    (0700) if it is missing. Write each with ``write_to``."""
    targets = check_folder(state, folder, names, force=force)
    with one_line(folder):
        Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
    return targets


def write_to(target: Path, data: bytes, *, force: bool) -> None:
    """One file of ``folder_targets``: atomic, one line on failure. The folder's entries
    are made durable once, by ``folder_written``, after the last file."""
    with one_line(str(target)):
        files.write_bytes(target, data, overwrite=force, sync=False)


def folder_written(targets: Sequence[Path]) -> None:
    """Make the renames of ``write_to`` durable: each folder synced once."""
    for folder in dict.fromkeys(t.parent for t in targets):
        files.sync_folder(folder)


@contextlib.contextmanager
def one_line(path: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise Refused(
            tr(
                "cannot write {path}: {reason}; nothing was written under that name",
                path=path,
                reason=exc.strerror or exc,
            )
        ) from None


def _same_file(target: Path, guarded: str) -> bool:
    try:
        return os.path.samefile(target, guarded)
    except OSError:
        return False


def write_table_pdf(
    state: Any,
    path: str,
    title: str,
    heads: Sequence[str],
    rows: list[list[str]],
    digest: dict[str, Any],
    *,
    force: bool,
    landscape: bool = False,
) -> None:
    """A book as a PDF: the title, one table with its header repeated on every page, and
    the head it rests on (``coop verify``); then the note that it was written."""
    from cli.output import note
    from coop.render import document, pdf

    doc = document.Document(
        title,
        [
            document.Section("", rows, header=list(heads)),
            document.digest_section(digest, state.lang),
        ],
    )
    write_bytes(state, path, pdf.render(doc, landscape=landscape), force=force)
    note(tr("wrote {path}", path=path))
