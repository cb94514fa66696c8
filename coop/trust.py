"""Heads people can hold and check (trust.md §1–§2): ``head``, ``verify``, the witness.

``head`` reads the recorded head; ``verify`` recomputes the whole chain from the
records (never from the stored links) and says whether a hash is one of its links;
``witness_problems`` proves every head a witness holds against the recomputed chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from coop.store import records, views
from coop.store.uow import Context
from ledger import chain as chainmod
from ledger.checks import Problem
from ledger.errors import InvalidInput
from ledger.i18n import tr
from ledger.store.checks import check_chain, link_times
from ledger.store.witness import Witnessed, required


@dataclass(frozen=True, slots=True)
class Head:
    coop: str
    seq: int
    hash: str
    at: str | None
    kind: str | None
    key: str | None


def head(ctx: Context) -> Head:
    seq, h = ctx.books.head()
    at = kind = key = None
    meta = views.link_meta(ctx, seq) if seq else None
    if meta is not None:
        kind, at = meta
        key = views.link_key(ctx, seq, kind)
    return Head(ctx.books.book.code, seq, h.hex(), at, kind, key)


def digest(ctx: Context) -> dict[str, object]:
    """What a printed page carries: the head it rests on, ``{"seq": …, "hash": …}``."""
    seq, h = ctx.books.head()
    return {"seq": seq, "hash": h.hex()}


def parse_hash(text: str) -> str:
    t = text.strip().lower().replace(" ", "")
    if not (16 <= len(t) <= 64) or any(c not in "0123456789abcdef" for c in t):
        raise InvalidInput(
            tr("a head is 64 hex digits (a prefix of at least 16 will do)"),
            field="hash",
            value=text,
        )
    return t


@dataclass(frozen=True, slots=True)
class Verdict:
    found: bool
    seq: int | None  # the link's position when found
    length: int  # links in the recomputed chain
    label: str | None
    at: str | None
    problems: list[Problem]  # the chain itself does not verify
    ambiguous: bool = False


def verify(ctx: Context, hash_text: str, want_seq: int | None) -> Verdict:
    prefix = parse_hash(hash_text)
    keep = chainmod.Keep(every=True)  # one pass recomputes, checks and keeps every link
    problems = check_chain(ctx.conn, ctx.coop_id, records.SOURCES, keep)
    matches = [(s, keep.labels[s]) for s, h in keep.hashes.items() if h.hex().startswith(prefix)]
    length = keep.length
    if want_seq is not None:
        matches = [(s, label) for s, label in matches if s == want_seq]
    if len(matches) != 1:
        return Verdict(False, None, length, None, None, problems, ambiguous=len(matches) > 1)
    seq, label = matches[0]
    at = link_times(ctx.conn, ctx.coop_id).get(seq)
    return Verdict(True, seq, length, label, at, problems)


def witness_problems(heads: list[Witnessed], keep: chainmod.Keep) -> list[Problem]:
    """Every head the witness requires is the recomputed link at its seq."""
    out = []
    for w in required(heads):
        when = f"{w.at[:10]}, {w.command}" if w.command else w.at[:10]
        if w.seq > keep.length:
            out.append(
                Problem(
                    "witness",
                    tr(
                        "head {seq} ({when}) is not in these books: {n} links",
                        seq=w.seq,
                        when=when,
                        n=keep.length,
                    ),
                )
            )
        elif w.hash is None or keep.hashes.get(w.seq, b"").hex() != w.hash:
            out.append(
                Problem(
                    "witness",
                    tr(
                        "head {seq} ({when}) differs from link {seq} of these books: they were "
                        "rewritten",
                        seq=w.seq,
                        when=when,
                    ),
                )
            )
    return out


def rewinds(heads: list[Witnessed]) -> list[tuple[Witnessed, int]]:
    """Every accepted rewind with the number of links it gave up (the highest head
    witnessed before it, less the seq it rewound to)."""
    out, highest = [], 0
    for h in heads:
        if h.kind == "rewind":
            out.append((h, max(highest - h.seq, 0)))
        else:
            highest = max(highest, h.seq)
    return out
