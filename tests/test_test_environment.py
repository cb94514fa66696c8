"""The test run keeps to itself: caches go to a temporary folder, not the user's home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coop.errors import NotAllowed
from coop.render import pdf


def test_the_cache_folder_is_temporary_and_in_the_environment(cache_folder: Path) -> None:
    assert os.environ["XDG_CACHE_HOME"] == str(cache_folder)
    home_cache = Path.home() / ".cache"
    assert home_cache not in cache_folder.parents and cache_folder != home_cache
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ['XDG_CACHE_HOME'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == str(cache_folder)  # commands run as subprocesses too


def test_the_pdf_font_subset_is_written_to_the_temporary_folder(cache_folder: Path) -> None:
    try:
        path, covered = pdf.common_font()
    except NotAllowed as exc:
        pytest.skip(str(exc))
    assert Path(path).parent == cache_folder / "coop"
    assert Path(path).is_file() and ord("合") in covered
