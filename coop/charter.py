"""The charter (章程): the cooperative's own rules, amended from a year on, never edited.

Values are kept as their canonical text; ``Charter`` holds them parsed and
exact. ``charter_for(year, amendments)`` folds the amendments in force for a
year (the latest ``from_year`` not after it wins, later amendments over earlier).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from fractions import Fraction

from coop.errors import BadInput, NotAllowed
from coop.text import parse_year
from ledger.i18n import tr
from ledger.money import format_fen, format_rate, parse_amount, parse_rate

STATUTORY_PATRONAGE = Fraction(60, 100)


@dataclass(frozen=True, slots=True)
class Charter:
    base_rate: int = 100_000  # fen per mu per year
    land_value_per_mu: int = 100_000  # fen per mu
    shares_per_mu: Fraction = Fraction(1)
    share_price: int = 100_000  # fen per share
    reserve_rate: Fraction = Fraction(10, 100)
    welfare_rate: Fraction = Fraction(0)
    patronage_ratio: Fraction = STATUTORY_PATRONAGE
    notice_months: int = 3
    allow_below_statutory: bool = False
    #: Where the books begin: nothing posts before 1 January of it (``init --first-year``).
    #: Books made before the key existed have no such amendment: 1900, no limit.
    first_year: int = 1900
    #: 成员账户 note 3 (statutory.md §6.4): subsidy and donation shares stay as split when
    #: the fund grew (``fixed``), or are evened out among the members at each distribution.
    share_requantify: str = "fixed"
    #: 附注 item 7(3): items of at least this much are named (fen).
    notes_material_amount: int = 1_000_000
    #: 财务公开 (statutory.md §9.7): money lines below this are summed per counter-account
    #: (fen; 0 lists every line).
    disclosure_detail_threshold: int = 0
    #: The basis of 剩余盈余分配 (operations.md §7.3): the holding summed over the days of
    #: the year, or the holding at its end.
    residual_basis: str = "day_weighted"
    #: The basis of 盈余返还 and of the reserve's quantification (operations.md §7.2).
    patronage_basis: str = "mu_days"
    #: The weight of trade under ``mixed`` (0–1, four decimals).
    patronage_trade_weight: Fraction = Fraction(1, 2)
    #: The kinds of trade record that count (a non-empty subset, in this order).
    patronage_trade_kinds: tuple[str, ...] = ("delivery", "purchase", "service")
    #: How an issue of stock is costed (O1 art. 18; operations.md §5.2).
    inventory_method: str = "moving_average"
    #: 保底金 to 52101 (``expense``) or to the 401 leaf of the parcel's crop (operations.md
    #: §5.4, O1 art. 22(二)).
    base_cost: str = "expense"
    #: How contributed land is booked (operations.md §6): at one year's value (today), not
    #: at all (``memo``), or for its term, amortised (``term``).
    land_model: str = "one_year"
    #: When term land is amortised: once a year (Y-12-31) or every month.
    land_amortisation: str = "yearly"
    #: The debit of land amortisation for a parcel with no crop assigned for the year.
    land_cost_account: str = "52102"

    def validate(self) -> None:
        if self.share_price <= 0:
            raise BadInput(tr("share_price must be greater than 0"), field="share_price")
        if self.reserve_rate + self.welfare_rate >= 1:
            raise BadInput(
                tr(
                    "reserve_rate + welfare_rate must be below 1 ({reserve} + {welfare})",
                    reserve=format_rate(self.reserve_rate),
                    welfare=format_rate(self.welfare_rate),
                ),
                field="reserve_rate",
            )
        if self.patronage_ratio < STATUTORY_PATRONAGE and not self.allow_below_statutory:
            raise NotAllowed(
                tr(
                    "patronage_ratio {ratio} is below the statutory 0.60; set "
                    "allow_below_statutory first if the charter really says so",
                    ratio=format_rate(self.patronage_ratio),
                )
            )

    def as_text(self) -> dict[str, str]:
        return {f.name: format_value(f.name, getattr(self, f.name)) for f in fields(self)}


KEYS = tuple(f.name for f in fields(Charter))
REQUANTIFY = ("fixed", "reaverage")
RESIDUAL_BASES = ("day_weighted", "year_end")
PATRONAGE_BASES = ("mu_days", "trade_amount", "mixed")
INVENTORY_METHODS = ("moving_average", "fifo")
TRADE_KINDS = ("delivery", "purchase", "service")
#: Keys whose value is one of a list.
CHOICES = {
    "share_requantify": REQUANTIFY,
    "residual_basis": RESIDUAL_BASES,
    "patronage_basis": PATRONAGE_BASES,
    "inventory_method": INVENTORY_METHODS,
    "base_cost": ("expense", "capitalise"),
    "land_model": ("one_year", "memo", "term"),
    "land_amortisation": ("yearly", "monthly"),
}


def _trade_kinds(key: str, text: str) -> tuple[str, ...]:
    kinds = text.split(",")
    if not text or any(k not in TRADE_KINDS for k in kinds) or len(set(kinds)) != len(kinds):
        raise BadInput(
            tr(
                "{key} {text!r} is not valid: a comma-separated list of {values}, none repeated",
                key=key,
                text=text,
                values=", ".join(TRADE_KINDS),
            ),
            field=key,
            value=text,
        )
    return tuple(k for k in TRADE_KINDS if k in kinds)


def parse_value(key: str, text: str) -> object:
    """Parse one charter value from its text, strictly."""
    if key in ("base_rate", "land_value_per_mu"):
        return parse_amount(text, allow_zero=True, what=key)
    if key == "share_price":
        return parse_amount(text, what=key)
    if key in ("reserve_rate", "welfare_rate", "patronage_ratio", "patronage_trade_weight"):
        return parse_rate(text, what=key)
    if key == "patronage_trade_kinds":
        return _trade_kinds(key, text)
    if key == "shares_per_mu":
        units = parse_amount(text, what=key)  # up to two decimals, > 0
        return Fraction(units, 100)
    if key == "notice_months":
        if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 120:
            raise BadInput(
                tr("notice_months {text!r} is not valid: a whole number from 0 to 120", text=text),
                field=key,
                value=text,
            )
        return int(text)
    if key == "allow_below_statutory":
        if text not in ("true", "false"):
            raise BadInput(
                tr("allow_below_statutory {text!r} is not valid: true or false", text=text),
                field=key,
                value=text,
            )
        return text == "true"
    if key == "first_year":
        return parse_year(text, what=key)
    if key in CHOICES:
        if text not in CHOICES[key]:
            raise BadInput(
                tr(
                    "{key} {text!r} is not valid: one of {values}",
                    key=key,
                    text=text,
                    values=", ".join(CHOICES[key]),
                ),
                field=key,
                value=text,
            )
        return text
    if key == "land_cost_account":
        if not (text.isascii() and text.isdigit() and 3 <= len(text) <= 20):
            raise BadInput(
                tr("land_cost_account {text!r} is not valid: an account code", text=text),
                field=key,
                value=text,
            )
        return text
    if key in ("notes_material_amount", "disclosure_detail_threshold"):
        return parse_amount(text, allow_zero=True, what=key)
    raise BadInput(
        tr("unknown charter key {key!r}: one of {keys}", key=key, keys=", ".join(KEYS)),
        field="key",
        value=key,
    )


def format_value(key: str, value: object) -> str:
    if key in (
        "base_rate",
        "land_value_per_mu",
        "share_price",
        "notes_material_amount",
        "disclosure_detail_threshold",
    ):
        assert isinstance(value, int)
        return format_fen(value)
    if key in ("reserve_rate", "welfare_rate", "patronage_ratio", "patronage_trade_weight"):
        assert isinstance(value, Fraction)
        return format_rate(value)
    if key == "patronage_trade_kinds":
        assert isinstance(value, tuple)
        return ",".join(value)
    if key == "shares_per_mu":
        assert isinstance(value, Fraction)
        return format_fen(int(value * 100))
    if key == "allow_below_statutory":
        return "true" if value else "false"
    return str(value)


def charter_for(year: int, amendments: Iterable[tuple[int, int, str, str]]) -> Charter:
    """The charter in force for ``year``: amendments are (chain_seq, from_year, key, value)."""
    charter = Charter()
    for _seq, from_year, key, value in sorted(amendments, key=lambda a: (a[1], a[0])):
        if key.startswith("grade:"):
            continue  # the grade table (coop.grades), kept beside the scalar values
        if from_year <= year:
            charter = replace(charter, **{key: parse_value(key, value)})  # type: ignore[arg-type]
    return charter
