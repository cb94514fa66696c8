"""The complexity guard (issue 14, item 7): the import, `check`, the year end and the
year's statements (`statement --all`) at N and at 4N must grow by at most 6× (a path
quadratic in the members or the vouchers grows 16×).

Measured in Python function calls (cProfile's count), not in seconds: the count is the
same on a slow or a busy machine, so the guard can be neither fooled nor made flaky by
it. The member register grows with the books (N members), as in a county's books."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coop import distribution, land, members, services, statements, vouchers, weights
from coop.store.uow import UnitOfWork

RATIO = 6
N = 200


def _calls(work: Callable[[], Any]) -> int:
    profile = cProfile.Profile()
    profile.enable()
    try:
        work()
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined,no-any-return]


def _books(folder: Path, n: int) -> UnitOfWork:
    """Books with n members holding a parcel each, and a file of n vouchers, half of them
    naming a member."""
    db = str(folder / f"coop-{n}.db")
    services.init(db, name="基准社", code="B", charter_text={}, user="t", at="t")
    uow = UnitOfWork(db, coop_code="B", user="t", at="t")
    people = [f"M{i:05d}" for i in range(n)]
    (folder / f"m{n}.csv").write_text(
        "member_no,name,joined_on\n" + "".join(f"{m},成员{m},2024-01-01\n" for m in people),
        encoding="utf-8",
    )
    (folder / f"p{n}.csv").write_text(
        "member_no,parcel_no,area_mu,contributed_on,contract_no\n"
        + "".join(f"{m},P{m},1.5,2024-01-01,\n" for m in people),
        encoding="utf-8",
    )
    (folder / f"v{n}.csv").write_text(
        "ref,date,memo,account,member_no,debit,credit\n"
        + "".join(
            f"R{i},2024-{i % 12 + 1:02d}-10,往来{i},114,{people[i % len(people)]},12.34,\n"
            f"R{i},2024-{i % 12 + 1:02d}-10,往来{i},102,,,12.34\n"
            f"S{i},2024-{i % 12 + 1:02d}-11,销售{i},102,,56.78,\n"
            f"S{i},2024-{i % 12 + 1:02d}-11,销售{i},501,,,56.78\n"
            for i in range(n // 2)
        ),
        encoding="utf-8",
    )
    uow.run(lambda c: members.import_file(c, str(folder / f"m{n}.csv")))
    uow.run(lambda c: land.import_file(c, str(folder / f"p{n}.csv"), voucher=True))
    return uow


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, int]]:
    """Calls of each step at N and at 4N."""
    out: dict[str, list[int]] = {"import": [], "check": [], "year_end": [], "statements": []}
    for n in (N, 4 * N):
        folder = tmp_path_factory.mktemp(f"n{n}")
        uow = _books(folder, n)
        path = str(folder / f"v{n}.csv")
        out["import"].append(_calls(lambda: uow.run(lambda c: vouchers.import_file(c, path))))  # noqa: B023
        out["check"].append(_calls(lambda: uow.run(lambda c: services.check(c, False))))  # noqa: B023

        def year_end() -> None:
            uow.run(lambda c: services.close_year(c, 2024))  # noqa: B023
            uow.run(lambda c: distribution.post(c, 2024, 0, None))  # noqa: B023

        out["year_end"].append(_calls(year_end))

        def statements_read(c: Any) -> int:  # as `statement --all` reads them
            view = statements.YearView(c, 2024)
            every = [
                statements.member_year(c, m, 2024, view) for m in weights.year_members(c, 2024)
            ]
            return len(every)

        out["statements"].append(_calls(lambda: uow.read(statements_read)))  # noqa: B023
        problems = uow.run(lambda c: services.check(c, False)[0])
        assert problems == [], problems
        uow.close()
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.mark.parametrize("step", ["import", "check", "year_end", "statements"])
def test_grows_at_most_six_times_for_four_times_the_books(
    measured: dict[str, tuple[int, int]], step: str
) -> None:
    small, large = measured[step]
    assert large <= RATIO * small, f"{step}: {small:,} calls at N, {large:,} at 4N"


def test_the_year_s_statements_walk_the_held_parcels_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the call count above cannot see: a comprehension is one call however long.
    Each statement once filtered every parcel held at the year's end for its own member
    (quadratic in the members); the year's view walks them once for all statements."""
    uow = _books(tmp_path, 30)
    uow.run(lambda c: vouchers.import_file(c, str(tmp_path / "v30.csv")))
    uow.run(lambda c: services.close_year(c, 2024))
    uow.run(lambda c: distribution.post(c, 2024, 0, None))
    walks: list[int] = []
    held_end = statements.YearView.__dict__["held_end"]

    def counted(view: statements.YearView) -> Any:
        walks.append(1)
        return held_end.func(view)

    monkeypatch.setattr(statements.YearView, "held_end", property(counted))

    def read(c: Any) -> int:
        view = statements.YearView(c, 2024)
        return len(
            [statements.member_year(c, m, 2024, view) for m in weights.year_members(c, 2024)]
        )

    assert uow.read(read) == 30
    uow.close()
    assert len(walks) == 1
