"""The hash chain: canonical serialization of records and the links over them.

Each cooperative's records (vouchers, and the cooperative's own records such as
land movements) form one chain in the order they were appended::

    h_0 = 32 zero bytes
    h_n = SHA-256(h_{n-1} || canonical(record_n))

``canonical`` encodes a record, a sequence of fields, as tagged, length-prefixed
items so that no two different records share an encoding:

* an int: ``b"i"`` + 8-byte big-endian length + its decimal ASCII digits
  (``-`` for negatives);
* a str: ``b"s"`` + length + its UTF-8 bytes after NFC normalisation;
* None: ``b"n"`` + a zero length;
* a list or tuple: ``b"l"`` + 8-byte big-endian item count + each item encoded.

The full specification, with each record kind's fields, is ``docs/chain.md``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from ledger.i18n import tr

GENESIS = bytes(32)


class Streamed:
    """A list field whose items are read while it is encoded, its item count known
    beforehand: it encodes as the list of those items would, and ``link`` hashes its
    encoding a part at a time (a record of every row a bulk import wrote, 178,705 audit
    rows at a million postings, is checked in flat memory)."""

    __slots__ = ("count", "items")

    def __init__(self, count: int, items: Iterable[Field]) -> None:
        self.count = count
        self.items = items

    def __len__(self) -> int:
        return self.count


Field: TypeAlias = int | str | Sequence["Field"] | Streamed | None

#: The encoded parts ``link`` keeps before it hashes them (a voucher of 200,000 lines,
#: a Streamed field): the encoding of a long record is never held whole.
STREAMED_PARTS = 4096


_NONE = b"n" + bytes(8)
_nfc = unicodedata.normalize
# The tag and 8-byte length of the short items, built once (the hot path's prefixes).
_S = [b"s" + n.to_bytes(8, "big") for n in range(256)]
_I = [b"i" + n.to_bytes(8, "big") for n in range(32)]
_L = [b"l" + n.to_bytes(8, "big") for n in range(64)]


def _str(item: str) -> bytes:
    # ASCII text is its own NFC form: the normalisation is skipped, the bytes are the same.
    raw = item.encode("ascii") if item.isascii() else _nfc("NFC", item).encode("utf-8")
    n = len(raw)
    return (_S[n] if n < 256 else b"s" + n.to_bytes(8, "big")) + raw


def _int(item: int) -> bytes:
    raw = str(item).encode("ascii")
    n = len(raw)
    return (_I[n] if n < 32 else b"i" + n.to_bytes(8, "big")) + raw


def _encode(item: Field, out: list[bytes], sink: Callable[[bytes], object] | None = None) -> None:
    # Hot path (every voucher posted and checked): a list's scalar items are encoded
    # in its own loop, so a call is made per list, not per field; one join at the end.
    # ``sink`` takes the encoded parts so far when a Streamed field has made many.
    kind = type(item)
    if kind is list or kind is tuple:
        n = len(item)  # type: ignore[arg-type]
        out.append(_L[n] if n < 64 else b"l" + n.to_bytes(8, "big"))
        append = out.append
        for sub in item:  # type: ignore[union-attr]
            k = type(sub)
            if k is str:
                if sub.isascii():  # type: ignore[union-attr]  # its own NFC form
                    raw = sub.encode("ascii")  # type: ignore[union-attr]
                else:
                    raw = _nfc("NFC", sub).encode("utf-8")  # type: ignore[arg-type]
                m = len(raw)
                append((_S[m] if m < 256 else b"s" + m.to_bytes(8, "big")) + raw)
            elif k is int:
                raw = str(sub).encode("ascii")
                m = len(raw)
                append((_I[m] if m < 32 else b"i" + m.to_bytes(8, "big")) + raw)
            elif sub is None:
                append(_NONE)
            elif k is list or k is tuple or k is Streamed:
                _encode(sub, out, sink)
                if sink is not None and len(out) >= STREAMED_PARTS:  # a long record
                    _spill(out, sink)
            else:
                raise TypeError(f"cannot encode {k.__name__} in the chain")
    elif kind is Streamed:
        _encode_streamed(item, out, sink)  # type: ignore[arg-type]
    elif kind is str:
        out.append(_str(item))  # type: ignore[arg-type]
    elif kind is int:
        out.append(_int(item))  # type: ignore[arg-type]
    elif item is None:
        out.append(_NONE)
    else:
        raise TypeError(f"cannot encode {kind.__name__} in the chain")


def _encode_streamed(
    item: Streamed, out: list[bytes], sink: Callable[[bytes], object] | None
) -> None:
    n = item.count
    out.append(_L[n] if n < 64 else b"l" + n.to_bytes(8, "big"))
    seen = 0
    for sub in item.items:
        seen += 1
        _encode(sub, out, sink)
        if sink is not None and len(out) >= STREAMED_PARTS:
            _spill(out, sink)
    if seen != n:  # the count is part of the encoding: it must be the items'
        raise ValueError(f"a streamed field of {n} items gave {seen}")


def _spill(out: list[bytes], sink: Callable[[bytes], object]) -> None:
    """Hand the parts encoded so far to ``sink`` and forget them."""
    sink(b"".join(out))
    out.clear()


def canonical(record: Sequence[Field]) -> bytes:
    """The canonical bytes of a record (a sequence of fields, the kind first)."""
    out: list[bytes] = []
    _encode(record if type(record) is list else list(record), out)
    return b"".join(out)


def link(previous: bytes, record: Sequence[Field]) -> bytes:
    """The next link of the chain: SHA-256 of the previous link and the record's
    canonical bytes (a Streamed field's hashed as they are made)."""
    h = hashlib.sha256(previous)
    out: list[bytes] = []
    _encode(record if type(record) is list else list(record), out, h.update)
    h.update(b"".join(out))
    return h.digest()


def links(records: Iterable[tuple[int, str, Sequence[Field]]]) -> Iterable[tuple[int, str, bytes]]:
    """Every link recomputed from the records alone, in order: (seq, label, hash)."""
    previous = GENESIS
    for seq, label, fields in records:
        previous = link(previous, fields)
        yield seq, label, previous


def group(hex_hash: str) -> str:
    """A 64-hex hash in 4-character groups, for reading aloud."""
    return " ".join(hex_hash[i : i + 4] for i in range(0, len(hex_hash), 4))


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    label: str
    detail: str


@dataclass
class Keep:
    """Links to keep while verifying: the recomputed hash at each wanted seq, and the
    number of records (for the heads a witness holds)."""

    want: frozenset[int] = frozenset()
    every: bool = False  # keep every link, with its record's label (``coop verify``)
    hashes: dict[int, bytes] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    length: int = 0


def verify(
    stored: Iterable[tuple[int, bytes]],
    records: Iterable[tuple[int, str, Sequence[Field]]],
    head: tuple[int, bytes] | None,
    keep: Keep | None = None,
) -> tuple[list[ChainProblem], bytes]:
    """Recompute the whole chain and compare every stored link and the recorded head.

    ``stored`` yields ``(seq, hash)`` in seq order; ``records`` yields
    ``(seq, label, fields)`` in seq order; ``head`` is the recorded
    ``(last_seq, hash)``. Returns the problems (the first broken link is named,
    not every later one, since every later link then differs too) and the
    recomputed head.
    """
    problems: list[ChainProblem] = []
    previous = GENESIS
    expected_seq = 1
    broken = False
    rec_iter = iter(records)
    last_seq = 0
    for seq, stored_hash in stored:
        rec = next(rec_iter, None)
        if rec is None or rec[0] != seq or seq != expected_seq:
            got = (
                tr("none")
                if rec is None
                else tr("record at {seq} ({label})", seq=rec[0], label=rec[1])
            )
            if not broken:
                problems.append(
                    ChainProblem(
                        seq,
                        rec[1] if rec else "-",
                        tr("link {seq} has no matching record ({got})", seq=seq, got=got),
                    )
                )
            broken = True
            if rec is None:
                break
            # Resynchronise on the stored hash so one hole is reported once.
            previous = stored_hash
            expected_seq = seq + 1
            last_seq = seq
            continue
        previous = link(previous, rec[2])
        if keep is not None:
            keep.length = seq
            if keep.every or seq in keep.want:
                keep.hashes[seq] = previous
            if keep.every:
                keep.labels[seq] = rec[1]
        if previous != stored_hash and not broken:
            problems.append(
                ChainProblem(
                    seq,
                    rec[1],
                    tr(
                        "link {seq} ({label}) does not match "
                        "its record: the record or an earlier one was altered",
                        seq=seq,
                        label=rec[1],
                    ),
                )
            )
            broken = True
        expected_seq = seq + 1
        last_seq = seq
    extra = next(rec_iter, None)
    if extra is not None:
        problems.append(
            ChainProblem(
                extra[0],
                extra[1],
                tr("record {label} at {seq} has no chain link", label=extra[1], seq=extra[0]),
            )
        )
    if head is not None:
        head_seq, head_hash = head
        if head_seq != last_seq:
            problems.append(
                ChainProblem(
                    last_seq,
                    tr("head"),
                    tr(
                        "the recorded head is at link {head_seq} but the chain ends at link "
                        "{last_seq}",
                        head_seq=head_seq,
                        last_seq=last_seq,
                    ),
                )
            )
        elif head_hash != previous:
            problems.append(
                ChainProblem(
                    last_seq,
                    tr("head"),
                    tr("the recomputed chain head differs from the recorded one"),
                )
            )
    return problems, previous
