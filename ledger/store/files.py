"""Writing a file so that it is whole or absent: a temporary name, then a rename.

``replacing(target)`` hands its caller a fresh temporary file in the target's
folder (created ``O_EXCL``, mode 0600), and when the caller is done fsyncs it
and renames it over ``target`` (``os.replace``, atomic on POSIX), then fsyncs
the folder. On any error the temporary file is removed and nothing appears
under the final name, so a full disk leaves no half-written file.

Policy (which targets are allowed at all) is the caller's: this module only
makes the write atomic and never follows a symlink in the last component.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from ledger.errors import Refused
from ledger.i18n import tr

MODE = 0o600


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def replacing(target: Path, *, overwrite: bool = False, sync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it becomes ``target``.
    ``sync=False``: the caller makes the rename durable itself, once for a folder of
    many files (``sync_folder``)."""
    temp = temp_name(target)
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, MODE)
    os.close(fd)
    try:
        yield temp
        with open(temp, "rb+") as f:  # the writer may have closed (or replaced) its handle
            os.fsync(f.fileno())
        os.chmod(temp, MODE)  # a writer that re-created the file keeps it private too
        if target.is_symlink() or (target.exists() and not overwrite):
            raise Refused(
                tr("{target} appeared while it was being written; nothing replaced", target=target)
            )
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync:
        sync_folder(target.parent)


def write_bytes(target: Path, data: bytes, *, overwrite: bool = False, sync: bool = True) -> None:
    with (
        replacing(target, overwrite=overwrite, sync=sync) as temp,
        open(temp, "wb") as f,
    ):
        f.write(data)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder or Path("."), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
