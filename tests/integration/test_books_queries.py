"""Queries of the ledger's store that the checks lean on, on both backends."""

from __future__ import annotations

from coop.store.uow import UnitOfWork
from tests.conftest import Coop


def test_existing_numbers_names_only_posted_vouchers(coop: Coop) -> None:
    for day in ("2024-05-02", "2024-05-03"):
        coop.ok("voucher", "add", "--date", day, "--memo", "m", "--dr", "102", "1.00",
                "--cr", "501", "1.00")  # fmt: skip
    asked = ["2024-1", "2024-2", "2024-3", "2023-1", "not-a-number", "2024-01", *[
        f"2024-{n}" for n in range(10, 1000)  # more than one statement's chunk
    ]]  # fmt: skip
    uow = UnitOfWork(coop.db, coop_code=coop.code, user="tester", at="2024-06-01T00:00:00")
    try:
        found = uow.read(lambda ctx: ctx.books.existing_numbers(asked))
        none = uow.read(lambda ctx: ctx.books.existing_numbers([]))
    finally:
        uow.close()
    assert found == {"2024-1", "2024-2"}
    assert none == set()
