"""Reading the CSV files users bring: UTF-8 (with or without BOM) or GB18030.

Every problem is one ``BadInput`` naming the file, line and field: bytes that are
not text, a malformed or oversized cell (Python's csv field limit) included.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TypeVar

from coop.errors import BadInput
from coop.render.i18n import t
from ledger.errors import InvalidInput, LedgerError
from ledger.i18n import tr

T = TypeVar("T")
E = TypeVar("E", bound=LedgerError)


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
    "凭证字号": "ref",
    "凭证字": "voucher_word",
    "日期": "date",
    "制单日期": "date",
    "摘要": "memo",
    "科目代码": "account",
    "科目编码": "account",
    "科目": "account",
    "科目名称": "account_name",
    "借方金额": "debit",
    "借方": "debit",
    "贷方金额": "credit",
    "贷方": "credit",
    "辅助核算": "member_no",
    "往来单位": "member_no",
    "年度": "year",
    "公积金份额": "reserve_share",
    "补助份额": "subsidy_share",
    "附件数": "attachments",
    "附件张数": "attachments",
    "附单据张数": "attachments",
    "订正凭证号": "corrects",
    "成员类型": "kind",
    "人员编号": "payee_no",
    "职工编号": "payee_no",
    "收款人编号": "payee_no",
    "联系地址": "address",
    "地址": "address",
}


def bad_cell(where: str, field: str, exc: InvalidInput) -> BadInput:
    """A malformed cell of an import, as one line: ``file:line: field NAME: what``."""
    return BadInput(
        tr("{where}field {field}: {message}", where=where, field=field, message=exc.message),
        field=field,
    )


def read_rows(
    path: str, required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must have the required columns,
    in English as cli.md names them or in Chinese (``ALIASES``)."""
    return read_table(path, required, optional).rows


@dataclass
class Table:
    """A CSV file's rows, and each column's name as the file's header spells it (so that
    a message names ``科目代码`` when the file says ``科目代码``)."""

    path: str
    rows: list[tuple[int, dict[str, str]]]
    labels: dict[str, str] = dc_field(default_factory=dict)

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def field(self, lineno: int, name: str, parse: Callable[[str], T], text: str) -> T:
        """``field`` with the column named as the header names it."""
        try:
            return parse(text)
        except InvalidInput as exc:
            raise BadInput(
                tr(
                    "{path}:{lineno}: field {field}: {message}",
                    path=self.path,
                    lineno=lineno,
                    field=self.label(name),
                    message=exc.message,
                ),
                field=self.label(name),
                value=text,
            ) from None

    def error(self, cls: type[E], lineno: int, column: str, key: str, /, **values: str) -> E:
        """An error of ``cls`` at ``lineno`` on column ``name``, worded by the catalog entry
        ``key`` (its ``{where}`` is ``FILE:LINE: ``, its ``{field}`` the header's name), in
        English here and in ``--lang`` at the command line."""
        return located(cls, self.path, lineno, self.label(column), key, **values)


def located(cls: type[E], path: str, lineno: int, label: str, key: str, /, **values: str) -> E:
    """See ``Table.error``."""
    values = {"where": f"{path}:{lineno}: ", "field": label, **values}
    message = t("en", key, **values)
    exc = (
        cls(message, field=label, value=values.get("value"))
        if issubclass(cls, InvalidInput)
        else cls(message)
    )
    vars(exc).update(key=key, values=values)
    return exc


def read_table(
    path: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    ignored: Collection[str] = (),
) -> Table:
    """Like ``read_rows``; columns named in ``ignored`` (as the header spells them) are
    accepted and left out of the rows."""
    stream = open_table(path, required, optional, ignored)
    return Table(path, list(stream.each()), stream.labels)


_CHUNK = 1 << 20


def _encoding(path: str) -> str:
    """How the file is written, found by decoding it a chunk at a time (its text is not
    kept): ``utf-8-sig`` for a UTF-8 mark, ``utf-8``, else ``gb18030``."""
    try:
        with open(path, "rb") as f:
            marked = f.read(3) == b"\xef\xbb\xbf"
            if not marked:
                f.seek(0)
            for encoding in ("utf-8", "gb18030"):
                decoder = codecs.getincrementaldecoder(encoding)()
                at = f.tell()  # the file offset of the bytes the decoder is given next
                pending = 0  # bytes the decoder holds back (a character cut by the chunk)
                try:
                    while chunk := f.read(_CHUNK):
                        pending = len(decoder.getstate()[0])
                        decoder.decode(chunk)
                        at += len(chunk)
                    pending = len(decoder.getstate()[0])
                    decoder.decode(b"", final=True)
                    return "utf-8-sig" if marked else encoding
                except UnicodeDecodeError as exc:
                    if marked:
                        raise BadInput(
                            tr(
                                "{path}: starts with a UTF-8 mark but byte {byte} is not UTF-8",
                                path=path,
                                byte=at - pending + exc.start,
                            ),
                            field="file",
                        ) from None
                f.seek(0)
    except OSError as exc:
        raise BadInput(
            tr("{path}: cannot be read ({reason})", path=path, reason=exc.strerror), field="file"
        ) from None
    raise BadInput(tr("{path}: is neither UTF-8 nor GB18030 text", path=path), field="file")


@dataclass
class TableFile:
    """A CSV file whose header has been read and checked; ``each()`` reads its rows
    again from the file, one at a time (an import of any size reads it in flat memory)."""

    path: str
    encoding: str
    header: list[str]
    labels: dict[str, str]

    def table(self) -> Table:
        """The ``Table`` for the messages (its rows are read by ``each``)."""
        return Table(self.path, [], self.labels)

    def each(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each data row; a file with none is refused."""
        path, header = self.path, self.header
        kept = [(i, name) for i, name in enumerate(header) if not name.startswith("\0")]
        width = len(header)
        any_row = False
        try:
            f = open(path, encoding=self.encoding, newline="")
        except OSError as exc:
            raise BadInput(
                tr("{path}: cannot be read ({reason})", path=path, reason=exc.strerror),
                field="file",
            ) from None
        with f:
            reader = csv.reader(f)
            try:
                next(reader)  # the header, checked by ``open_table``
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        break
                    lineno = reader.line_num
                    if not any(cell.strip() for cell in row):
                        continue
                    n = len(row)
                    if n > width:
                        raise BadInput(
                            tr(
                                "{path}:{lineno}: {n} fields but the header has {columns}",
                                path=path,
                                lineno=lineno,
                                n=n,
                                columns=width,
                            ),
                            field="row",
                        )
                    any_row = True
                    if n == width:
                        yield lineno, {name: row[i].strip() for i, name in kept}
                    else:
                        yield lineno, {name: (row[i].strip() if i < n else "") for i, name in kept}
            except csv.Error as exc:  # e.g. a cell over the field limit (131072 characters)
                raise BadInput(f"{path}:{reader.line_num}: {exc}", field="row") from None
        if not any_row:
            raise BadInput(tr("{path}: has a header but no rows", path=path), field="file")


def open_table(
    path: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    ignored: Collection[str] = (),
) -> TableFile:
    """The file's encoding and header, checked as ``read_table`` checks them; its rows
    are read by ``TableFile.each``."""
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        try:
            raw = [h.strip() for h in next(reader)]
        except StopIteration:
            raise BadInput(tr("{path}: the file is empty", path=path), field="file") from None
        except csv.Error as exc:
            raise BadInput(f"{path}:1: {exc}", field="file") from None
    header, labels = _header(path, raw, required, optional, ignored)
    return TableFile(path, encoding, header, labels)


def _header(
    path: str,
    raw: list[str],
    required: Sequence[str],
    optional: Sequence[str],
    ignored: Collection[str] = (),
) -> tuple[list[str], dict[str, str]]:
    # an ignored column keeps a name no required or optional column has ("" + its position)
    header = [f"\0{i}" if h in ignored else ALIASES.get(h, h) for i, h in enumerate(raw)]
    labels: dict[str, str] = {}
    for name, spelled in zip(header, raw, strict=True):
        if name in labels and not name.startswith("\0"):
            raise BadInput(
                tr(
                    "{path}:1: columns {first!r} and {second!r} say the same thing: keep one",
                    path=path,
                    first=labels[name],
                    second=spelled,
                ),
                field=spelled,
            )
        labels[name] = spelled
    missing = [c for c in required if c not in header]
    if missing:
        chinese = any(not h.isascii() for h in raw)
        shown = [_zh_name(c) if chinese else c for c in required]
        name = shown[required.index(missing[0])]
        raise BadInput(
            tr(
                "{path}:1: missing column {name!r} (expected {columns})",
                path=path,
                name=name,
                columns=",".join(shown),
            ),
            field=name,
        )
    unknown = [
        s
        for c, s in zip(header, raw, strict=True)
        if c not in required and c not in optional and not c.startswith("\0")
    ]
    if unknown:
        raise BadInput(
            tr("{path}:1: unknown column {name!r}", path=path, name=unknown[0]), field=unknown[0]
        )
    return header, {k: v for k, v in labels.items() if not k.startswith("\0")}


def _zh_name(name: str) -> str:
    """The first Chinese name ``ALIASES`` gives a column (the column itself without one)."""
    return next((zh for zh, en in ALIASES.items() if en == name), name)


def field(path: str, lineno: int, name: str, parse: Callable[[str], T], text: str) -> T:
    """Parse one cell; any input error is re-raised naming file, line and field."""
    try:
        return parse(text)
    except InvalidInput as exc:
        raise BadInput(
            tr(
                "{path}:{lineno}: field {field}: {message}",
                path=path,
                lineno=lineno,
                field=name,
                message=exc.message,
            ),
            field=name,
            value=text,
        ) from None
