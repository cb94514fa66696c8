"""Validation of text from users: names, memos, member and parcel numbers, ID numbers, dates.

Text is NFC-normalised; control, zero-width, bidi-override characters and Hangul
fillers are refused (they hide or reorder what a reader sees), and lengths are
capped (200 characters; memos 500), the limit named in the message. Every date
and year lies in 1900-01-01…2999-12-31.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from coop.errors import BadInput
from ledger.i18n import gettext, tr

_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}", re.ASCII)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_PHONE_RE = re.compile(r"\+?[0-9][0-9 \-]{2,19}", re.ASCII)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: The one range of dates the engine accepts (trust.md §6).
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)
#: Letters that print as nothing: a name made of them looks empty or like another name.
HANGUL_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
NAME_MAX = 200
MEMO_MAX = 500


def clean_text(text: str, what: str, *, max_len: int = NAME_MAX, required: bool = True) -> str:
    """Names, memos, reasons, users: NFC, trimmed, no invisible or reordering characters."""
    value = unicodedata.normalize("NFC", text).strip()
    if required and not value:
        raise BadInput(tr("{what} is empty", what=gettext(what)), field=what, value=text)
    if len(value) > max_len:
        raise BadInput(
            tr(
                "{what} {start!r}… is too long: at most {n} characters",
                what=gettext(what),
                start=value[:20],
                n=max_len,
            ),
            field=what,
            value=text,
        )
    for ch in value:
        if (
            unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
            or ch in HANGUL_FILLERS
        ):
            raise BadInput(
                tr(
                    "{what} {value!r} contains a control, invisible or "
                    "direction-changing character (U+{code:04X})",
                    what=gettext(what),
                    value=value,
                    code=ord(ch),
                ),
                field=what,
                value=text,
            )
    return value


def clean_code(text: str, what: str) -> str:
    """A member or parcel number: ASCII letters, digits, '-', '_', '.'; up to 32."""
    if not _CODE_RE.fullmatch(text or ""):
        raise BadInput(
            tr(
                "{what} {text!r} is not valid: use up to 32 letters, digits, '-', '_' or '.'",
                what=gettext(what),
                text=text,
            ),
            field=what,
            value=text,
        )
    return text


def parse_attachments(text: str, what: str = "attachments") -> int:
    """附单据张数: a whole number 0–999 in ASCII digits."""
    if not (text.isascii() and text.isdigit() and int(text) <= 999):
        raise BadInput(
            tr(
                "{what} {text!r} is not valid: the number of attached documents is a whole "
                "number from 0 to 999",
                what=gettext(what),
                text=text,
            ),
            field=what,
            value=text,
        )
    return int(text)


def clean_memo(text: str, what: str = "memo") -> str:
    return clean_text(text, what, max_len=MEMO_MAX)


def parse_date(text: str, what: str = "date") -> dt.date:
    if not _DATE_RE.fullmatch(text or ""):
        raise BadInput(
            tr("{what} {text!r} is not valid: use YYYY-MM-DD", what=gettext(what), text=text),
            field=what,
            value=text,
        )
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(
            tr("{what} {text!r} is not a real date", what=gettext(what), text=text),
            field=what,
            value=text,
        ) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise BadInput(
            tr(
                "{what} {text!r} is out of range: {first}…{last}",
                what=gettext(what),
                text=text,
                first=FIRST_DATE,
                last=LAST_DATE,
            ),
            field=what,
            value=text,
        )
    return day


def parse_year(text: str | int, what: str = "year") -> int:
    s = str(text)
    if not (s.isascii() and s.isdigit() and len(s) == 4):
        raise BadInput(
            tr(
                "{what} {text!r} is not valid: four digits, like 2024",
                what=gettext(what),
                text=text,
            ),
            field=what,
            value=text,
        )
    if not FIRST_DATE.year <= int(s) <= LAST_DATE.year:
        raise BadInput(
            tr(
                "{what} {text!r} is out of range: {first}…{last}",
                what=gettext(what),
                text=text,
                first=FIRST_DATE.year,
                last=LAST_DATE.year,
            ),
            field=what,
            value=text,
        )
    return int(s)


def check_id_number(text: str) -> str:
    """An 18-character resident ID (GB 11643): 17 digits, a check digit, a real birth date."""
    value = text.strip().upper()
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit():
        raise BadInput(
            tr(
                "id_number {text!r} is not valid: 18 characters, 17 digits then a check digit",
                text=text,
            ),
            field="id_number",
            value=text,
        )
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        raise BadInput(
            tr("id_number {text!r} is not valid: its check digit is wrong", text=text),
            field="id_number",
            value=text,
        )
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise BadInput(
            tr("id_number {text!r} is not valid: no such birth date", text=text),
            field="id_number",
            value=text,
        ) from None
    return value


def mask_id(value: str | None) -> str:
    """Shown as the first 6 and last 4 characters."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def check_phone(text: str) -> str:
    if not _PHONE_RE.fullmatch(text):
        raise BadInput(
            tr("phone {text!r} is not valid: digits, spaces and '-', up to 20", text=text),
            field="phone",
            value=text,
        )
    return text
