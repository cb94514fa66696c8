"""Every voucher kind the engine writes has a label in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from coop.render.i18n import CATALOG

ROOT = Path(__file__).resolve().parents[2]


def test_every_written_kind_is_labelled() -> None:
    kinds: set[str] = set()
    for f in [*(ROOT / "coop").rglob("*.py"), *(ROOT / "ledger").rglob("*.py")]:
        for line in f.read_text(encoding="utf-8").splitlines():
            if "member_no=" not in line:  # land movement rows have kinds of their own
                kinds |= set(re.findall(r'kind="([a-z_]+)"', line))
    kinds |= {"base", "base_prepay"}  # chosen by date in coop.base.pay
    assert "manual" in kinds and "distribution" in kinds
    for lang in ("zh", "en"):
        missing = {k for k in kinds if f"kind.{k}" not in CATALOG[lang]}
        assert not missing, (lang, missing)
