"""Every voucher kind the engine writes has a label in both languages, and no voucher
kind is spelled as a literal outside coop/kinds.py (issue 9: names for codes)."""

from __future__ import annotations

import re
from pathlib import Path

from coop.kinds import VoucherKind
from coop.render.i18n import LABELS, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_voucher_kind_is_labelled() -> None:
    assert {"manual", "distribution", "reversal"} <= {k.value for k in VoucherKind}
    missing = {k.value for k in VoucherKind if f"kind.{k.value}" not in LABELS}
    assert not missing, missing
    untranslated = [k.value for k in VoucherKind if t("zh", f"kind.{k.value}").isascii()]
    assert not untranslated, untranslated


def test_voucher_kinds_are_named_not_spelled() -> None:
    spelled = []
    for f in (ROOT / "coop").rglob("*.py"):
        if f.name == "kinds.py" or "render" in f.parts:
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
            if "member_no=" in line or "parcel_no=" in line or "land_movement" in line:
                continue  # land movement rows have kinds of their own
            for k in re.findall(r'kind\s*(?:=|==|!=)\s*"([a-z_]+)"', line):
                if k in {v.value for v in VoucherKind}:
                    spelled.append(f"{f.relative_to(ROOT)}:{n}: {k}")
    assert not spelled, spelled
