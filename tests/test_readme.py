"""The README stays true (issue 10, item 8): every file it links is in the repository,
every picture in docs/images is linked, no link leaves the repository, and the commands
it names exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from cli.main import run

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_link_is_a_file_of_the_repository() -> None:
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert links
    for link in links:
        assert not link.startswith(("..", "/", "http")), link
        assert (ROOT / link).exists(), link


def test_every_picture_is_linked() -> None:
    for png in (ROOT / "docs" / "images").glob("*.png"):
        assert f"docs/images/{png.name}" in README, png.name


def test_the_commands_it_shows_exist() -> None:
    """Each `coop …` line of the README's examples names a command that has a --help."""
    lines = [ln.split("#")[0].strip() for ln in README.splitlines() if ln.startswith("coop ")]
    assert len(lines) > 30
    for line in lines:
        words = [w for w in shlex.split(line.rstrip("\\")) if w][1:]
        path: list[str] = []
        for w in words:
            if w.startswith("-") or not re.fullmatch(r"[a-z][a-z-]*", w):
                break
            path.append(w)
        with CliRunner().isolation() as (_out, err, _mixed):
            code = run(["--lang", "en", *path, "--help"])
        assert code == 0, (line, err.getvalue().decode())
