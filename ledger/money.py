"""Exact amounts: integer fen inside, strict parsing and formatting at the edges.

Money is an ``int`` number of fen (0.01 yuan). Area is an ``int`` number of
1/10000 mu. Rates are ``Fraction``. Nothing here ever touches a float.

The grammar accepted from users (command line and files) is deliberately
narrow: ASCII digits, no sign, no exponent, no separators, no leading zeros
(except a lone ``0`` before the point), at most two decimals for money and
four for area and rates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from math import gcd as _gcd

from ledger.errors import InvalidInput
from ledger.i18n import N_, gettext, tr

FEN_PER_YUAN = 100
AREA_UNITS_PER_MU = 10_000
RATE_UNITS = 10_000

#: Largest amount accepted from a user: 10^13 yuan (in fen).
MAX_AMOUNT_FEN = 10**13 * FEN_PER_YUAN
#: No side of the books, and so no account, may total more (trust.md §6).
MAX_TOTAL_FEN = 10**15
#: Largest area accepted for one parcel: 10^7 mu.
MAX_AREA_UNITS = 10**7 * AREA_UNITS_PER_MU

_AMOUNT_RE = re.compile(r"(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?", re.ASCII)
_AREA_RE = re.compile(r"(0|[1-9][0-9]*)(?:\.([0-9]{1,4}))?", re.ASCII)
_RATE_RE = re.compile(r"([01])(?:\.([0-9]{1,4}))?", re.ASCII)
_QUANTITY_RE = re.compile(r"(0|[1-9][0-9]*)(?:\.([0-9]{1,3}))?", re.ASCII)
#: Quantities are kept as integer thousandths (operations.md §1.4); at most 10^12 units.
MAX_QUANTITY = 10**15

# The words a message names a value by, when the caller gives no column of its own
# (a file's column is named as its header names it, and is not translated).
WORDS = (
    N_("amount"),
    N_("area"),
    N_("rate"),
    N_("date"),
    N_("year"),
    N_("memo"),
    N_("reason"),
    N_("name"),
    N_("household"),
    N_("ref"),
    N_("debit"),
    N_("credit"),
    N_("account"),
    N_("attachments"),
    N_("kind"),
    N_("address"),
)


class Rounding(Enum):
    """Rounding modes. Money always rounds HALF_UP (away from zero at .5)."""

    HALF_UP = "half-up"
    FLOOR = "floor"


def round_fraction(value: Fraction, mode: Rounding) -> int:
    """Round an exact rational to an integer with the given mode: the one rounding function."""
    return divide(value.numerator, value.denominator, mode)


def divide(numerator: int, denominator: int, mode: Rounding) -> int:
    """``round_fraction(Fraction(numerator, denominator), mode)`` in integers alone
    (``denominator`` > 0), without building the fraction."""
    if mode is Rounding.FLOOR:
        return numerator // denominator
    # HALF_UP: away from zero at exactly one half, as Decimal's ROUND_HALF_UP:
    # floor(|n|/d + 1/2) = q + (2r >= d) where |n| = q·d + r.
    whole, rest = divmod(abs(numerator), denominator)
    whole += 2 * rest >= denominator
    return whole if numerator >= 0 else -whole


def _parse_fixed(
    text: str, pattern: re.Pattern[str], scale_digits: int, what: str, rule: str
) -> int:
    if not isinstance(text, str):
        raise InvalidInput(
            tr("{what} {text!r} is not text", what=gettext(what), text=text), value=text
        )
    match = pattern.fullmatch(text)
    if match is None:
        raise InvalidInput(
            tr(
                "{what} {text!r} is not valid: {rule}",
                what=gettext(what),
                text=text,
                rule=gettext(rule),
            ),
            value=text,
        )
    whole: str = match.group(1)
    frac: str = match.group(2) or ""
    scale: int = 10**scale_digits
    return int(whole) * scale + int(frac.ljust(scale_digits, "0") or "0")


_AMOUNT_RULE = N_("use a plain decimal with at most two decimals, like 1000 or 1000.50")


def parse_amount(text: str, *, allow_zero: bool = False, what: str = "amount") -> int:
    """Parse a user's amount in yuan into fen; > 0 unless ``allow_zero``; at most 10^13 yuan."""
    fen = _parse_fixed(text, _AMOUNT_RE, 2, what, _AMOUNT_RULE)
    if fen == 0 and not allow_zero:
        raise InvalidInput(
            tr(
                "{what} {text!r} is not valid: it must be greater than 0",
                what=gettext(what),
                text=text,
            ),
            value=text,
        )
    if fen > MAX_AMOUNT_FEN:
        raise InvalidInput(
            tr(
                "{what} {text!r} is not valid: at most 10000000000000 yuan",
                what=gettext(what),
                text=text,
            ),
            value=text,
        )
    return fen


def parse_area(text: str, *, what: str = "area") -> int:
    """Parse an area in mu into 1/10000 mu; > 0, at most four decimals, at most 10^7 mu."""
    units = _parse_fixed(
        text, _AREA_RE, 4, what, N_("use a plain decimal in mu with at most four decimals")
    )
    if units == 0:
        raise InvalidInput(
            tr(
                "{what} {text!r} is not valid: it must be greater than 0",
                what=gettext(what),
                text=text,
            ),
            value=text,
        )
    if units > MAX_AREA_UNITS:
        raise InvalidInput(
            tr("{what} {text!r} is not valid: at most 10000000 mu", what=gettext(what), text=text),
            value=text,
        )
    return units


def parse_rate(text: str, *, what: str = "rate") -> Fraction:
    """Parse a rate from 0 to 1 with at most four decimals into an exact Fraction."""
    units = _parse_fixed(
        text, _RATE_RE, 4, what, N_("use a decimal from 0 to 1 with at most four decimals")
    )
    if units > RATE_UNITS:
        raise InvalidInput(
            tr("{what} {text!r} is not valid: it must be at most 1", what=gettext(what), text=text),
            value=text,
        )
    return Fraction(units, RATE_UNITS)


def format_fixed(units: int, digits: int) -> str:
    """Format an integer count of 10^-digits units as a plain signed decimal string."""
    if not digits:
        return str(units)
    # The digits as text, padded to one whole digit: a million amounts in an export.
    text = str(-units if units < 0 else units).rjust(digits + 1, "0")
    return ("-" if units < 0 else "") + text[:-digits] + "." + text[-digits:]


def format_fen(fen: int) -> str:
    """``123456`` → ``'1234.56'``; negatives carry a leading ``-``."""
    return format_fixed(fen, 2)


def format_area(units: int) -> str:
    """``12500`` → ``'1.2500'`` (mu)."""
    return format_fixed(units, 4)


def parse_quantity(text: str, *, signed: bool = False, what: str = "quantity") -> int:
    """Parse a quantity (> 0, at most three decimals) into thousandths; with ``signed``, a
    leading ``+`` or ``-`` is allowed (a stocktaking difference), never zero."""
    sign = 1
    body = text
    if signed and isinstance(text, str) and text[:1] in ("+", "-"):
        sign, body = (-1 if text[0] == "-" else 1), text[1:]
    units = _parse_fixed(
        body, _QUANTITY_RE, 3, what, N_("use a plain decimal with at most three decimals")
    )
    if units == 0:
        said = dict(what=gettext(what), text=text)
        raise InvalidInput(
            tr("{what} {text!r} is not valid: it must not be 0", **said)
            if signed
            else tr("{what} {text!r} is not valid: it must be greater than 0", **said),
            value=text,
        )
    if units > MAX_QUANTITY:
        raise InvalidInput(
            tr("{what} {text!r} is not valid: it is too large", what=gettext(what), text=text),
            value=text,
        )
    return sign * units


def format_quantity(units: int) -> str:
    """``1200000`` → ``'1200.000'``."""
    return format_fixed(units, 3)


def format_rate(rate: Fraction) -> str:
    """An exact rate shown to four decimals (rates are stored to four)."""
    return format_fixed(round_fraction(rate * RATE_UNITS, Rounding.HALF_UP), 4)


def fen_to_decimal(fen: int) -> Decimal:
    """For the edges that want a Decimal (spreadsheets, Beancount)."""
    return Decimal(fen).scaleb(-2)


def allocate(
    total: int, weights: Sequence[int | Fraction], keys: Sequence[str] | None = None
) -> list[int]:
    """Split ``total`` fen by non-negative weights with the largest-remainder method.

    Quota ``q_i = total × w_i / Σw``; each part gets ``floor(q_i)``; the fen left
    go one each to the largest fractional parts, ties to the smaller key (the
    member number; without keys, the earlier index), so the result does not
    depend on the order the members are given in. The parts sum to ``total`` exactly and each
    is within one fen of its quota. All weights zero (or none): ``ValueError``.
    """
    if total < 0:
        raise ValueError("allocate takes a non-negative total")
    if any(w < 0 for w in weights):
        raise ValueError("allocate takes non-negative weights")
    # Exact integers throughout: put the weights over a common denominator, then each
    # quota total × w_i / Σw has floor and remainder from one integer divmod, and the
    # remainders share the denominator Σw, so they compare as integers.
    if all(type(w) is int for w in weights):
        ints = list(weights)
    else:
        denominator = 1
        for w in weights:
            if isinstance(w, Fraction):
                denominator = denominator * w.denominator // _gcd(denominator, w.denominator)
        ints = [int(w * denominator) for w in weights]
    weight_sum = sum(ints)
    if weight_sum == 0:
        raise ValueError("allocate needs a positive weight")
    split = [divmod(total * w, weight_sum) for w in ints]
    parts = [q for q, _ in split]
    left = total - sum(parts)
    if left:
        rests = [r for _, r in split]
        # The largest remainders first, ties to the smaller key: the indices in key order,
        # then a stable sort on the remainder (reverse keeps equal ones in key order).
        n = len(parts)
        if keys is None or all(keys[i] <= keys[i + 1] for i in range(n - 1)):
            by_key: Sequence[int] = range(n)
        else:
            by_key = sorted(range(n), key=keys.__getitem__)
        for i in sorted(by_key, key=rests.__getitem__, reverse=True)[:left]:
            parts[i] += 1
    return parts
