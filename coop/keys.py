"""Idempotency keys of the vouchers the cooperative writes: built and parsed here only.

A key names the fact a voucher records (a base recognition of one prepayment, the
payment of one year's dividends …); the same key with the same content is the same
voucher (reliability.md, design fact 4). Keys are part of the chain record.
"""

from __future__ import annotations

import datetime as dt

OPENING = "opening"


def voucher_ref(ref: str) -> str:
    return f"voucher:{ref}"


def with_ref(kind: str, ref: str | None) -> str | None:
    """``kind:ref`` for a command's ``--ref`` (None without one)."""
    return None if ref is None else f"{kind}:{ref}"


def land(date: dt.date, digest: str) -> str:
    return f"land:{date}:{digest}"


def land_transfer(parcel_no: str, date: dt.date) -> str:
    return f"land-transfer:{parcel_no}:{date}"


def land_withdraw(parcel_no: str, date: dt.date) -> str:
    return f"land-withdraw:{parcel_no}:{date}"


def base_recognize(prepay_number: str) -> str:
    return f"base-recognize:{prepay_number}"


BASE_RECOGNIZE_PREFIX = "base-recognize:"


def recognized_prepayment(key: str) -> str | None:
    """The prepayment voucher a ``base-recognize`` key names."""
    return key[len(BASE_RECOGNIZE_PREFIX) :] if key.startswith(BASE_RECOGNIZE_PREFIX) else None


def close_income(year: int) -> str:
    return f"close:{year}:income"


def close_surplus(year: int) -> str:
    return f"close:{year}:surplus"


def distribution(year: int) -> str:
    return f"dist:{year}"


def distribution_transfer(year: int) -> str:
    return f"dist:{year}:transfer"


def dividend_payment(year: int, chain_seq: int) -> str:
    return f"dist-pay:{year}:{chain_seq}"


def conversion(year: int, ref: str | None, chain_seq: int) -> str:
    return f"convert:{year}:{ref}" if ref else f"convert:{year}:#{chain_seq}"


def dividend_prefixes(year: int) -> tuple[str, str]:
    """Key prefixes of a year's dividend payments and conversions (for LIKE 'prefix%')."""
    return f"dist-pay:{year}:", f"convert:{year}:"


def dividend_year(key: str | None) -> int | None:
    """The year a distribution, payment or conversion belongs to (None for others)."""
    if not key:
        return None
    head, _, rest = key.partition(":")
    if head in ("dist", "dist-pay", "convert"):
        return int(rest.split(":", 1)[0])
    return None


def leave(member_no: str, exit_on: dt.date) -> str:
    return f"leave:{member_no}:{exit_on}"


def cover_loss(year: int, ref: str | None, chain_seq: int) -> str:
    return f"cover-loss:{year}:{ref}" if ref is not None else f"cover-loss:{year}:#{chain_seq}"


def land_amortise(period: str) -> str:
    """A year's (``YYYY``) or a month's (``YYYY-MM``) land amortisation run."""
    return f"land-amort:{period}"
