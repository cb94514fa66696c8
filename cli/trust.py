"""Commands that let people hold and check the books' heads (trust.md §1–§2):
``head``, ``verify`` and ``witness add|list|accept-rewind``."""

from __future__ import annotations

import click

from cli.app import State, cli, pass_state
from cli.options import output_options
from cli.output import emit_json, emit_rows, note
from coop import trust
from coop.store.uow import Context
from ledger.errors import InvalidInput, LedgerError
from ledger.i18n import N_, tr
from ledger.store.witness import Witness, Witnessed


@cli.command(
    help=N_("Print the current head of the chain: its position (seq), hash, time and last link.")
)
@output_options(("text", "json"))
@pass_state
def head(state: State, fmt: str) -> None:
    h = state.read(trust.head)
    if fmt == "json":
        emit_json(
            {
                "coop": h.coop,
                "seq": h.seq,
                "hash": h.hash,
                "at": h.at,
                "last": {"kind": h.kind, "key": h.key},
            }
        )
        return
    click.echo(tr("head {seq} {hash}", seq=h.seq, hash=h.hash))
    last = f"{h.kind} {h.key or ''}".strip() if h.kind else "-"
    click.echo(tr("recorded {at}  last: {last}", at=h.at or "-", last=last))


@cli.command(
    help=N_(
        "Recompute the chain from the records and say whether HASH is one of its links "
        "(exit 0), or not (exit 1). A prefix of 16 hex digits or more will do."
    )
)
@click.argument("hash_text", metavar="HASH")
@click.option(
    "--seq",
    type=click.IntRange(min=1),
    default=None,
    help=N_("The link must be at this position."),
)
@click.pass_context
def verify(ctx: click.Context, hash_text: str, seq: int | None) -> None:
    state: State = ctx.obj
    v = state.read(lambda c: trust.verify(c, hash_text, seq))
    if v.problems:
        for p in v.problems:
            click.echo(str(p), err=True)
        click.echo(tr("the chain of these books does not verify: they were rewritten"))
        ctx.exit(1)
    if not v.found:
        if v.ambiguous:
            raise InvalidInput(
                tr("that prefix matches several links: give more digits"),
                field="hash",
                value=hash_text,
            )
        click.echo(
            tr(
                "not a link of these books: they were rewritten, or the digest belongs to "
                "another cooperative"
            )
        )
        ctx.exit(1)
    assert v.seq is not None
    click.echo(
        tr(
            "link {seq} of {length}, recorded {at}, {what}; {after} links after it",
            seq=v.seq,
            length=v.length,
            at=(v.at or "")[:16].replace("T", " "),
            what=v.label or "",
            after=v.length - v.seq,
        )
    )


@cli.group(
    help=N_("Heads kept outside the books (--witness or COOP_WITNESS): add, list, accept-rewind.")
)
def witness() -> None:
    pass


def _store(state: State) -> Witness:
    if not state.witness:
        raise LedgerError(tr("no witness: give --witness FILE|URL or set COOP_WITNESS"))
    return Witness(state.witness)


def _code(state: State) -> str:
    return state.read(lambda c: c.books.book.code)


@witness.command(
    "add", help=N_("Record a head from paper (the one the board signed, one a member brings).")
)
@click.argument("hash_text", metavar="HASH")
@click.option("--seq", type=click.IntRange(min=1), required=True)
@click.option("--note", "note_text", default=None, help=N_("Where the head comes from."))
@pass_state
def witness_add(state: State, hash_text: str, seq: int, note_text: str | None) -> None:
    value = trust.parse_hash(hash_text)
    if len(value) != 64:
        raise InvalidInput(
            tr("a witnessed head is the full 64 hex digits"), field="hash", value=hash_text
        )
    code = _code(state)
    w = _store(state)
    try:
        w.append(
            code,
            "paper",
            seq,
            value,
            at=state.now(),
            command=state.command or "",
            user=state.user,
            note=note_text,
        )
    finally:
        w.close()
    note(tr("witnessed head {seq} of {coop}", seq=seq, coop=code))


@witness.command("list", help=N_("What the witness holds for this cooperative."))
@output_options()
@pass_state
def witness_list(state: State, fmt: str) -> None:
    code = _code(state)
    _store(state).close()  # says so when there is no witness
    heads = state.witness_heads(code)
    rows = [[h.kind, h.seq, h.hash or "", h.at, h.command, h.user, h.note or ""] for h in heads]
    emit_rows(
        fmt,
        ["kind", "seq", "hash", "at", "command", "user", "note"],
        rows,
        {"coop": code, "heads": [_as_json(h) for h in heads]},
    )


def _as_json(h: Witnessed) -> dict[str, object]:
    return {
        "kind": h.kind,
        "seq": h.seq,
        "hash": h.hash,
        "at": h.at,
        "command": h.command,
        "user": h.user,
        "note": h.note,
    }


@witness.command(
    "accept-rewind",
    help=N_(
        "Record that the books were deliberately rewound (a restore from backup): heads "
        "beyond --to are no longer required. Itself witnessed, and shown by every check."
    ),
)
@click.option(
    "--to",
    "to_seq",
    type=click.IntRange(min=0),
    required=True,
    help=N_("The seq the books were rewound to (their head now)."),
)
@click.option("--reason", required=True)
@pass_state
def witness_accept_rewind(state: State, to_seq: int, reason: str) -> None:
    def work(c: Context) -> tuple[str, int]:
        return c.books.book.code, c.books.head()[0]

    code, now_seq = state.read(work)
    if to_seq != now_seq:
        raise LedgerError(
            tr(
                "the books' head is at link {now}, not {to}: a rewind is "
                "accepted to where the books stand",
                now=now_seq,
                to=to_seq,
            )
        )
    w = _store(state)
    try:
        w.append(
            code,
            "rewind",
            to_seq,
            None,
            at=state.now(),
            command=state.command or "",
            user=state.user,
            note=reason,
        )
    finally:
        w.close()
    note(
        tr(
            "rewind of {coop} to link {seq} accepted: {reason}",
            coop=code,
            seq=to_seq,
            reason=reason,
        )
    )
