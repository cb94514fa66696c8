"""The entered notes of the 附注 (statutory.md §7.1, cli-additions.md §8): what the books do
not hold and the accountant writes in, kept per year.

- **Texts** of the items 4, 7.1, 7.2, 7.3, 7.5, 7.9 and 9: the latest ``set`` of an item
  wins; an empty text clears it.
- **Losses** not yet written off (item 5): category, name, amount, explanation; numbered
  1, 2, … per cooperative and year.
- **Tax adjustments** (item 8): increases and decreases of the taxable income, numbered
  1, 2, … per cooperative and year (their own numbers), and the year's tax rate (the
  latest wins).

Everything is appended, never changed (docs/chain.md: kinds ``note``, ``note_loss``,
``note_tax``, ``note_rate``, ``note_void``): ``remove`` appends a void. The notes change
no figure of the books, so closed years take them as open ones do.

The read functions (``texts``, ``losses``, ``tax``) are what the 附注 calls.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coop.errors import BadInput, NotAllowed
from coop.store import repo
from coop.store.uow import Context
from coop.text import NAME_MAX, clean_text, parse_year
from ledger.errors import NotFound
from ledger.i18n import N_, gettext, tr
from ledger.money import RATE_UNITS, format_fen, format_rate, parse_amount, parse_rate

#: The items of the notes that take an entered text, in the order of the 附注.
ITEMS = ("4", "7.1", "7.2", "7.3", "7.5", "7.9", "9")
#: The categories of item 5, in the order of the 附注 ((1) … (6)).
CATEGORIES = ("receivable", "investment", "fixed_asset", "construction", "intangible", "other")
#: A tax adjustment raises or lowers the taxable income.
TAX_KINDS = ("increase", "decrease")
#: The longest text, explanation included.
TEXT_MAX = 4000

ITEM_LABELS = {
    "4": N_("Further notes on important items of the statements"),
    "7.1": N_("Change of the main lines of business"),
    "7.2": N_("Import and export trade"),
    "7.3": N_("Major disposals of property, large borrowing, investments and guarantees"),
    "7.5": N_("State financial support and tax incentives"),
    "7.9": N_("Pending litigation and arbitration"),
    "9": N_("Other matters"),
}
CATEGORY_LABELS = {
    "receivable": N_("Receivables that cannot be collected"),
    "investment": N_("Investments that cannot be recovered"),
    "fixed_asset": N_("Fixed assets damaged or scrapped"),
    "construction": N_("Construction in progress damaged or scrapped"),
    "intangible": N_("Intangible assets cancelled or no longer valid"),
    "other": N_("Other losses"),
}
TAX_KIND_LABELS = {
    "increase": N_("Increase"),
    "decrease": N_("Decrease"),
}
#: What a message names each value by (``clean_text`` translates ``what``).
WORDS = (N_("text"), N_("explanation"), N_("item"), N_("loss name"))

_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)


def item_label(item: str) -> str:
    return gettext(ITEM_LABELS[item]) if item in ITEM_LABELS else item


def category_label(category: str) -> str:
    return gettext(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def tax_kind_label(kind: str) -> str:
    return gettext(TAX_KIND_LABELS[kind]) if kind in TAX_KIND_LABELS else kind


def rate_text(rate: Fraction) -> str:
    """A tax rate as JSON and the tables show it: ``0.25``, ``0.20``, ``0.125``, ``1.00``
    (at least two decimals, at most four, no trailing zero beyond two)."""
    whole, frac = format_rate(rate).split(".")
    return f"{whole}.{frac.rstrip('0').ljust(2, '0')}"


@dataclass(frozen=True, slots=True)
class Loss:
    """An asset lost but not yet written off (item 5); ``amount`` in fen."""

    id: int
    category: str
    name: str
    amount: int
    explanation: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "name": self.name,
            "amount": format_fen(self.amount),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class TaxItem:
    """An adjustment of the taxable income (item 8): ``kind`` increase or decrease,
    ``amount`` in fen (never negative: the kind says which way)."""

    id: int
    kind: str
    item: str
    amount: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "item": self.item,
            "amount": format_fen(self.amount),
        }


# ----- reading --------------------------------------------------------------------------------


def texts(ctx: Context, year: int) -> dict[str, str]:
    """Item → the text in force for ``year`` (the latest set; cleared and never-set items
    are left out), in ``ITEMS`` order."""
    latest: dict[str, str] = {}
    for r in repo.note_text_rows(ctx, year):
        latest[r.item] = r.text
    return {item: latest[item] for item in ITEMS if latest.get(item)}


def losses(ctx: Context, year: int) -> list[Loss]:
    """The losses of ``year`` not removed, by id."""
    return [
        Loss(r.loss_id, r.category, r.name, r.amount, r.explanation)
        for r in repo.note_loss_rows(ctx, year)
        if not r.void
    ]


def tax(ctx: Context, year: int) -> tuple[Fraction | None, list[TaxItem]]:
    """The tax rate of ``year`` (None: not set) and its adjustments not removed, by id."""
    rates = repo.note_rate_rows(ctx, year)
    rate = Fraction(rates[-1][1], RATE_UNITS) if rates else None
    items = [
        TaxItem(r.tax_id, r.kind, r.item, r.amount)
        for r in repo.note_tax_rows(ctx, year)
        if not r.void
    ]
    return rate, items


def listing(ctx: Context, year: int | str) -> dict[str, Any]:
    """What ``notes list`` prints."""
    y = parse_year(year)
    rate, items = tax(ctx, y)
    return {
        "year": y,
        "texts": texts(ctx, y),
        "losses": [loss.as_json() for loss in losses(ctx, y)],
        "tax": {
            "rate": None if rate is None else rate_text(rate),
            "items": [t.as_json() for t in items],
        },
    }


# ----- checking what is typed -----------------------------------------------------------------


def _one_of(value: str, allowed: tuple[str, ...], message: str, field: str) -> str:
    if value not in allowed:
        raise BadInput(tr(message, value=value, allowed=", ".join(allowed)), field=field)
    return value


def check_item(item: str) -> str:
    return _one_of(item, ITEMS, N_("unknown notes item {value!r}: one of {allowed}"), "item")


def check_category(category: str) -> str:
    return _one_of(
        category,
        CATEGORIES,
        N_("unknown loss category {value!r}: one of {allowed}"),
        "category",
    )


def tax_kind(increase: bool, decrease: bool) -> str:
    """``--increase`` or ``--decrease``: exactly one of them."""
    if increase == decrease:
        raise BadInput(tr("give --increase or --decrease (one of them)"), field="kind")
    return "increase" if increase else "decrease"


def clean_note_text(text: str, what: str, *, required: bool) -> str:
    """A text of the notes: as ``clean_text`` (NFC, trimmed, no invisible or reordering
    character), up to ``TEXT_MAX`` characters, and line breaks kept (``\\n``; a line's
    trailing spaces dropped)."""
    value = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    value = "\n".join(line.rstrip() for line in value.split("\n")).strip()
    # The one character clean_text refuses that a text may hold: checked with it as a space.
    clean_text(value.replace("\n", " "), what, max_len=TEXT_MAX, required=required)
    return value


def parse_id(text: str | int) -> int:
    """A loss's or tax adjustment's id as typed: a positive whole number."""
    if isinstance(text, int):
        return text
    if not _ID.fullmatch(text.strip()):
        raise BadInput(
            tr("id {value!r} is not valid: a whole number such as 1", value=text),
            field="id",
            value=text,
        )
    return int(text)


# ----- writing --------------------------------------------------------------------------------


def set_text(ctx: Context, year: int | str, item: str, text: str) -> tuple[int, bool]:
    """``notes set``: the text of ``item`` for the year from now on ('' clears it).
    Returns (the year, whether anything was written): nothing is written when the item
    says so already."""
    y = parse_year(year)
    check_item(item)
    value = clean_note_text(text, "text", required=False)
    if texts(ctx, y).get(item, "") == value:
        return y, False
    repo.add_note_text(ctx, y, item, value)
    said = f"{len(value)} characters" if value else "cleared"
    ctx.books.audit("note", [f"{y} item {item}: {said}"])
    return y, True


def add_loss(
    ctx: Context,
    year: int | str,
    category: str,
    name: str,
    amount: str,
    explanation: str,
) -> tuple[int, Loss]:
    """``notes loss add``: (the year, the loss entered under the year's next id)."""
    y = parse_year(year)
    check_category(category)
    who = clean_text(name, "loss name", max_len=NAME_MAX)
    fen = parse_amount(amount)
    why = clean_note_text(explanation, "explanation", required=True)
    loss_id = repo.add_note_loss(ctx, y, category, who, fen, why)
    ctx.books.audit("note_loss", [f"{y} loss {loss_id}: {category} {who} {format_fen(fen)}"])
    return y, Loss(loss_id, category, who, fen, why)


def remove_loss(ctx: Context, year: int | str, loss_id: str | int) -> tuple[int, Loss]:
    """``notes loss remove``: (the year, the loss removed). An unknown or removed id is
    refused."""
    y = parse_year(year)
    lid = parse_id(loss_id)
    found = next((r for r in repo.note_loss_rows(ctx, y) if r.loss_id == lid), None)
    if found is None:
        raise NotFound(tr("the notes of {year} have no loss {id}", year=y, id=lid))
    if found.void:
        raise NotAllowed(
            tr("loss {id} of {year} ({name}) was removed already", id=lid, year=y, name=found.name)
        )
    repo.add_note_void(ctx, y, "loss", lid)
    ctx.books.audit("note_void", [f"{y} loss {lid} removed ({found.name})"])
    return y, Loss(found.loss_id, found.category, found.name, found.amount, found.explanation)


def add_tax(
    ctx: Context, year: int | str, kind: str, item: str, amount: str
) -> tuple[int, TaxItem]:
    """``notes tax add``: (the year, the adjustment entered under the year's next id)."""
    y = parse_year(year)
    _one_of(kind, TAX_KINDS, N_("unknown tax adjustment {value!r}: one of {allowed}"), "kind")
    what = clean_text(item, "item", max_len=NAME_MAX)
    fen = parse_amount(amount)
    tax_id = repo.add_note_tax(ctx, y, kind, what, fen)
    ctx.books.audit("note_tax", [f"{y} tax {tax_id}: {kind} {what} {format_fen(fen)}"])
    return y, TaxItem(tax_id, kind, what, fen)


def set_rate(ctx: Context, year: int | str, rate: str) -> tuple[int, Fraction, bool]:
    """``notes tax rate``: the year's income-tax rate from now on. Returns (the year, the
    rate, whether it was written): nothing is written when it is that rate already."""
    y = parse_year(year)
    value = parse_rate(rate)
    if tax(ctx, y)[0] == value:
        return y, value, False
    repo.add_note_rate(ctx, y, int(value * RATE_UNITS))
    ctx.books.audit("note_rate", [f"{y} tax rate {rate_text(value)}"])
    return y, value, True


def remove_tax(ctx: Context, year: int | str, tax_id: str | int) -> tuple[int, TaxItem]:
    """``notes tax remove``: (the year, the adjustment removed). An unknown or removed id
    is refused."""
    y = parse_year(year)
    tid = parse_id(tax_id)
    found = next((r for r in repo.note_tax_rows(ctx, y) if r.tax_id == tid), None)
    if found is None:
        raise NotFound(tr("the notes of {year} have no tax adjustment {id}", year=y, id=tid))
    if found.void:
        raise NotAllowed(
            tr(
                "tax adjustment {id} of {year} ({item}) was removed already",
                id=tid,
                year=y,
                item=found.item,
            )
        )
    repo.add_note_void(ctx, y, "tax", tid)
    ctx.books.audit("note_void", [f"{y} tax {tid} removed ({found.item})"])
    return y, TaxItem(found.tax_id, found.kind, found.item, found.amount)
