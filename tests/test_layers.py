"""The layers point one way: cli → coop → ledger; pure modules import no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = [
    "ledger/money.py",
    "ledger/accounts.py",
    "ledger/entries.py",
    "ledger/balances.py",
    "ledger/checks.py",
    "ledger/chain.py",
    "ledger/errors.py",
    "coop/charter.py",
    "coop/text.py",
    "coop/chart_2021.py",
    "coop/yearend.py",
    "coop/kinds.py",
    "coop/keys.py",
    "coop/shares.py",
]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_layers_point_one_way() -> None:
    for pkg, forbidden in (("ledger", ("coop", "cli")), ("coop", ("cli",))):
        for f in (ROOT / pkg).rglob("*.py"):
            bad = {m for m in imports(f) if m.split(".")[0] in forbidden}
            assert not bad, f"{f.relative_to(ROOT)} imports {bad}"


def test_pure_modules_import_no_io() -> None:
    for rel in PURE:
        bad = {
            m
            for m in imports(ROOT / rel)
            if m.split(".")[0] in ("sqlalchemy", "click", "os", "time", "alembic")
        }
        assert not bad, f"{rel} imports {bad}"


def test_only_ledger_store_and_coop_store_import_sqlalchemy_in_ledger() -> None:
    for f in (ROOT / "ledger").rglob("*.py"):
        if "store" in f.parts:
            continue
        assert not any(m.startswith("sqlalchemy") for m in imports(f)), f


def test_the_cooperative_posts_only_through_its_one_door() -> None:
    """trust.md §6: the date window is checked in coop/posting.py, so nothing else in
    ``coop`` calls ``Books.post`` (bench and tests may, as library users)."""
    for f in (ROOT / "coop").rglob("*.py"):
        if f.name == "posting.py":
            continue
        assert ".books.post(" not in f.read_text(encoding="utf-8"), f.relative_to(ROOT)


#: Modules of ``coop`` outside ``coop/store`` that still import SQLAlchemy. It may only
#: shrink; it is empty: every query lives in coop/store (issue 9).
SQLALCHEMY_ALLOWED: set[str] = set()


def test_only_the_store_of_the_cooperative_imports_sqlalchemy() -> None:
    found = {
        str(f.relative_to(ROOT))
        for f in (ROOT / "coop").rglob("*.py")
        if "store" not in f.parts and any(m.startswith("sqlalchemy") for m in imports(f))
    }
    assert found <= SQLALCHEMY_ALLOWED, f"move these queries into coop/store: {found}"
    assert not SQLALCHEMY_ALLOWED
