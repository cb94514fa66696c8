"""Reading the CSV files users bring: UTF-8 (with or without BOM) or GB18030.

Every problem is one ``BadInput`` naming the file, line and field: bytes that are
not text, a malformed or oversized cell (Python's csv field limit) included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from coop.errors import BadInput
from ledger.errors import InvalidInput

T = TypeVar("T")


#: Chinese column names accepted for the English ones (headers as Kingdee or UFIDA export them).
ALIASES = {
    "成员编号": "member_no",
    "社员编号": "member_no",
    "姓名": "name",
    "户主姓名": "name",
    "户号": "household",
    "家庭户号": "household",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "电话": "phone",
    "联系电话": "phone",
    "入社日期": "joined_on",
    "地块编号": "parcel_no",
    "面积(亩)": "area_mu",
    "面积（亩）": "area_mu",
    "面积": "area_mu",
    "入股日期": "contributed_on",
    "合同编号": "contract_no",
    "入社合同": "contract_no",
    "期限(年)": "term_years",
    "期限（年）": "term_years",
    "等级": "grade",
    "土地等级": "grade",
    "凭证号": "ref",
    "日期": "date",
    "摘要": "memo",
    "科目": "account",
    "科目编码": "account",
    "借方": "debit",
    "借方金额": "debit",
    "贷方": "credit",
    "贷方金额": "credit",
    "年度": "year",
    "公积金份额": "reserve_share",
    "补助份额": "subsidy_share",
}


def read_rows(
    path: str, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must have the required columns,
    in English as cli.md names them or in Chinese (``ALIASES``)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})", field="file") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text = raw[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(
                f"{path}: starts with a UTF-8 mark but byte {exc.start + 3} is not UTF-8",
                field="file",
            ) from None
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise BadInput(f"{path}: is neither UTF-8 nor GB18030 text", field="file") from None
    return _rows(path, text, required, optional)


def _rows(
    path: str, text: str, required: Sequence[str], optional: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [ALIASES.get(h.strip(), h.strip()) for h in next(reader)]
    except StopIteration:
        raise BadInput(f"{path}: the file is empty", field="file") from None
    except csv.Error as exc:
        raise BadInput(f"{path}:1: {exc}", field="file") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BadInput(
            f"{path}:1: missing column {missing[0]!r} (expected {','.join(required)})",
            field=missing[0],
        )
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise BadInput(f"{path}:1: unknown column {unknown[0]!r}", field=unknown[0])
    out = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a cell over the field limit (131072 characters)
            raise BadInput(f"{path}:{reader.line_num}: {exc}", field="row") from None
        lineno = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise BadInput(
                f"{path}:{lineno}: {len(row)} fields but the header has {len(header)}", field="row"
            )
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        out.append((lineno, cells))
    if not out:
        raise BadInput(f"{path}: has a header but no rows", field="file")
    return out


def field(path: str, lineno: int, name: str, parse: Callable[[str], T], text: str) -> T:
    """Parse one cell; any input error is re-raised naming file, line and field."""
    try:
        return parse(text)
    except InvalidInput as exc:
        raise BadInput(
            f"{path}:{lineno}: field {name}: {exc.message}", field=name, value=text
        ) from None
