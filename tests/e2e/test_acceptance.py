"""The acceptance scenarios of ../shared/acceptance, each an end-to-end test on both backends.

The files are copied into tests/e2e/acceptance so that the suite runs from a clone;
``commands.txt`` is executed line by line and every ``expect:`` file compared
(key order aside; fields not in the file may be added).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Coop

HERE = Path(__file__).parent / "acceptance"
SCENARIOS = sorted(p.name for p in HERE.iterdir() if (p / "commands.txt").exists())
#: Where each scenario's books begin (``init`` alone would begin them this year).
FIRST_YEAR = {"public-1": "2024"}


def contains(got: Any, expected: Any, path: str = "") -> list[str]:
    """Differences where ``got`` does not have what ``expected`` has."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object"]
        return [
            d
            for k, v in expected.items()
            for d in (contains(got[k], v, f"{path}.{k}") if k in got else [f"{path}.{k}: missing"])
        ]
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return [f"{path}: expected {len(expected)} items"]
        return [
            d
            for i, (g, e) in enumerate(zip(got, expected, strict=True))
            for d in contains(g, e, f"{path}[{i}]")
        ]
    return [] if got == expected else [f"{path}: {got!r} != {expected!r}"]


def steps(folder: Path) -> list[tuple[list[str], str | None]]:
    out: list[tuple[list[str], str | None]] = []
    for raw in (folder / "commands.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("coop "):
            out.append((shlex.split(line)[1:], None))
        elif out and line.lstrip("# ").startswith("expect:"):
            expect = line.split("expect:", 1)[1].strip()
            out[-1] = (out[-1][0], expect)
    return out


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario: str, make_coop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = HERE / scenario
    monkeypatch.chdir(folder)
    coop: Coop = make_coop()
    compared = 0
    for args, expect in steps(folder):
        if args[0] == "init":  # the scenario's books begin in its first year
            args = [
                *args[: args.index("--code") + 1],
                coop.code,
                *args[args.index("--code") + 2 :],
                "--first-year",
                FIRST_YEAR[scenario],
            ]
        result = coop(*args)
        assert result.code == 0, f"coop {' '.join(args)}: {result.err}"
        if expect is None:
            continue
        if expect.startswith("no output"):
            assert result.out == "" and result.err == ""
        else:
            expected = json.loads((folder / expect).read_text(encoding="utf-8"))
            diffs = contains(json.loads(result.out), expected)
            assert not diffs, f"{expect}: {diffs}"
        compared += 1
    assert compared >= 1
