"""Click parameter types: validation at the boundary, bad input → exit 2; and "today"."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import click

from coop.text import clean_text, parse_attachments, parse_date, parse_year
from ledger.errors import InvalidInput
from ledger.i18n import tr
from ledger.money import parse_amount

if TYPE_CHECKING:  # click's ParamType is generic for the type checker only (its arity varies)
    _DateBase = click.ParamType[dt.date, Any]
    _IntBase = click.ParamType[int, Any]
    _StrBase = click.ParamType[str, Any]
else:
    _DateBase = _IntBase = _StrBase = click.ParamType


class DateType(_DateBase):
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class YearType(_IntBase):
    name = "YEAR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_year(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class AmountText(_StrBase):
    """Checks an amount's grammar at the boundary and passes the text on."""

    name = "AMOUNT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            parse_amount(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)
        return str(value)


class LineAmount(AmountText):
    """A voucher line's amount (--dr/--cr): one that is not more than zero is explained."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if text.startswith("-") or (text.replace(".", "", 1).isdigit() and not text.strip("0.")):
            self.fail(
                tr(
                    "the amount {value} is not more than zero: put it on the other side "
                    "(--cr instead of --dr, or the reverse), or undo a posted voucher with "
                    "coop voucher reverse",
                    value=text,
                ),
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


class Attachments(_IntBase):
    """``--attachments``: 附单据张数, 0–999."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        try:
            return parse_attachments(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class UserText(_StrBase):
    """``--user``: recorded with every voucher and audit row, so clean like a name."""

    name = "USER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return clean_text(str(value), "user")
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


def today() -> dt.date:
    """The clock's date, or ``COOP_TODAY=YYYY-MM-DD`` (for tests)."""
    fixed = os.environ.get("COOP_TODAY")
    return parse_date(fixed, "COOP_TODAY") if fixed else dt.date.today()


def now_text() -> str:
    """The time recorded with an action (UTC); noon of ``COOP_TODAY`` when that is set."""
    if os.environ.get("COOP_TODAY"):
        return f"{today().isoformat()}T12:00:00+00:00"
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


DATE = DateType()
YEAR = YearType()
AMOUNT = AmountText()
LINE_AMOUNT = LineAmount()
USER = UserText()
ATTACHMENTS = Attachments()
