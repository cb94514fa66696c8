"""Cells safe for spreadsheets: text that starts with = + - @ (or a tab or CR) is prefixed
with an apostrophe, so Excel or LibreOffice never runs it as a formula (CSV injection).
Numbers keep their sign."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
