"""The cooperative's own tables, all keyed by the cooperative id first.

Every row here is appended, never updated or deleted (triggers refuse it):
holdings, charter values and member-account memo balances are derived from the
movements, never edited in place. Rows that are chain records carry their
``chain_seq`` (docs/chain.md lists each record's fields).
"""

from __future__ import annotations

import sqlalchemy as sa

from ledger.store.types import TABLE_ARGS, Int64, Text

metadata = sa.MetaData()

charter_amendment = sa.Table(
    "charter_amendment",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),
    sa.Column("from_year", Int64, nullable=False),
    sa.Column("key", Text, nullable=False),
    sa.Column("value", Text, nullable=False),
    **TABLE_ARGS,
)

member = sa.Table(
    "member",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("member_no", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("household", Text),
    sa.Column("id_number", Text),
    sa.Column("phone", Text),
    sa.Column("joined_on", Text, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),
    sa.Column("kind", Text),  # NULL: registered before revision 0006 (a farmer)
    sa.Column("address", Text),
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_member_chain"),
    **TABLE_ARGS,
)

member_notice = sa.Table(
    "member_notice",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("member_no", Text, primary_key=True),
    sa.Column("notice_on", Text, nullable=False),
    sa.Column("exit_on", Text, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),
    **TABLE_ARGS,
)

parcel = sa.Table(
    "parcel",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("parcel_no", Text, primary_key=True),
    sa.Column("contract_no", Text),
    sa.Column("area", Int64, nullable=False),  # 1/10000 mu
    sa.Column("term_years", Int64),
    sa.Column("grade", Text),
    sa.CheckConstraint("area > 0", name="ck_parcel_area"),
    **TABLE_ARGS,
)

land_movement = sa.Table(
    "land_movement",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),
    sa.Column("parcel_no", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),  # contribute | transfer | withdraw | leave
    sa.Column("member_no", Text, nullable=False),  # the holder from this movement on (or leaver)
    sa.Column("date", Text, nullable=False),
    sa.Column("booked", Int64, nullable=False),  # fen booked on 301 for the parcel
    sa.Column("voucher", Text),
    sa.Column("reason", Text),
    **TABLE_ARGS,
)
sa.Index("ix_land_movement_parcel", land_movement.c.coop_id, land_movement.c.parcel_no)

base_register = sa.Table(
    "base_register",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("parcel_no", Text, primary_key=True),
    sa.Column("voucher", Text, primary_key=True),
    sa.Column("member_no", Text, nullable=False),
    sa.Column("area", Int64, nullable=False),
    sa.Column("rate", Int64, nullable=False),  # fen per mu
    sa.Column("amount", Int64, nullable=False),
    sa.Column("paid_on", Text, nullable=False),
    sa.Column("prepaid", Int64, nullable=False),
    sa.Column("chain_seq", Int64),  # the "base" link of the run that paid it
    sa.Column("debit_account", Text),  # a 401 leaf under base_cost capitalise (NULL: 52101)
    **TABLE_ARGS,
)

memo_entry = sa.Table(
    "memo_entry",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),
    sa.Column("line_no", Int64, primary_key=True),
    sa.Column("member_no", Text, nullable=False),
    sa.Column("share", Text, nullable=False),  # reserve | subsidy
    sa.Column("amount", Int64, nullable=False),
    sa.Column("date", Text, nullable=False),
    sa.Column("year", Int64, nullable=False),
    sa.Column("cause", Text, nullable=False),
    **TABLE_ARGS,
)

distribution = sa.Table(
    "distribution",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("chain_seq", Int64, nullable=False),
    sa.Column("retained", Int64, nullable=False),
    sa.Column("approved_on", Text),
    sa.Column("digest", Text, nullable=False),  # SHA-256 of the plan's figures
    sa.Column("convert_ratio", Text),  # converted into 股金 at posting (O§2.7); NULL: none
    **TABLE_ARGS,
)

member_amendment = sa.Table(
    "member_amendment",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``amend`` link
    sa.Column("field", Text, primary_key=True),  # name | household | id_number | phone
    sa.Column("member_no", Text, nullable=False),
    sa.Column("date", Text, nullable=False),
    sa.Column("old", Text),  # the value before this amendment (NULL: none)
    sa.Column("value", Text),  # the value from this amendment on (NULL: cleared)
    sa.Column("reason", Text, nullable=False),
    **TABLE_ARGS,
)

# ----- the organisation register (statutory.md §7.2) -------------------------------------------

org_setting = sa.Table(
    "org_setting",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``org`` link
    sa.Column("from_date", Text, nullable=False),  # in force from this day on
    sa.Column("key", Text, nullable=False),  # credit_code | address | phone | …
    sa.Column("value", Text, nullable=False),
    **TABLE_ARGS,
)

payee = sa.Table(
    "payee",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("payee_no", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("member_no", Text),  # the member the payee is (NULL: not a member)
    sa.Column("kind", Text, nullable=False),  # staff | seasonal
    sa.Column("id_number", Text),
    sa.Column("phone", Text),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``payee`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_payee_chain"),
    **TABLE_ARGS,
)

asset = sa.Table(
    "asset",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("asset_no", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("category", Text, nullable=False),  # fixed | bio
    sa.Column("account", Text, nullable=False),  # a leaf under 151 (fixed) or 142 (bio)
    sa.Column("contra", Text, nullable=False),  # a leaf under 152 or 143
    sa.Column("cost", Int64, nullable=False),
    sa.Column("residual", Int64, nullable=False),
    sa.Column("in_service", Text, nullable=False),
    sa.Column("life_months", Int64, nullable=False),
    sa.Column("cost_centre", Text, nullable=False),
    sa.Column("poverty", Int64, nullable=False),
    sa.Column("source", Text, nullable=False),
    sa.Column("nominal", Int64, nullable=False),
    sa.Column("nominal_reason", Text),
    sa.Column("quantity", Text),
    sa.Column("unit", Text),
    sa.Column("mode", Text, nullable=False),  # pay | voucher | opening
    sa.Column("voucher", Text),  # the voucher that booked its cost (NULL: opening)
    sa.Column("accumulated", Int64, nullable=False),  # depreciation before the books
    sa.Column("months_used", Int64, nullable=False),
    sa.Column("ref", Text),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``asset`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_asset_chain"),
    **TABLE_ARGS,
)

asset_depr = sa.Table(
    "asset_depr",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("asset_no", Text, primary_key=True),
    sa.Column("month", Text, primary_key=True),  # YYYY-MM
    sa.Column("amount", Int64, nullable=False),
    sa.Column("voucher", Text, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``depr`` (or disposal) link
    **TABLE_ARGS,
)

asset_event = sa.Table(
    "asset_event",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``asset_event`` link
    sa.Column("asset_no", Text, nullable=False),
    sa.Column("date", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),  # dispose
    sa.Column("detail", Text, nullable=False),  # canonical JSON of the event's figures
    sa.Column("voucher", Text),
    **TABLE_ARGS,
)

capital_tag = sa.Table(
    "capital_tag",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("voucher", Text, primary_key=True),
    sa.Column("line_no", Int64, primary_key=True),  # the 301@M line it tags
    sa.Column("member_no", Text, nullable=False),
    sa.Column("tag", Text, nullable=False),  # poverty | other
    sa.Column("chain_seq", Int64, nullable=False),  # the ``capital_tag`` link
    **TABLE_ARGS,
)

# ----- crops, products, stock and trade (operations.md §5, §7.1) -------------------------

product = sa.Table(
    "product",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("product_no", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("unit", Text, nullable=False),
    sa.Column("account", Text, nullable=False),  # its stock leaf under 121 or 122
    sa.Column("income_account", Text, nullable=False),  # a leaf under 501
    sa.Column("expense_account", Text, nullable=False),  # a leaf under 521 (not 52101)
    sa.Column("chain_seq", Int64, nullable=False),  # the ``product`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_product_chain"),
    **TABLE_ARGS,
)

stock_move = sa.Table(
    "stock_move",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``stock`` link
    sa.Column("product_no", Text, nullable=False),
    sa.Column("date", Text, nullable=False),
    sa.Column("action", Text, nullable=False),  # buy | sell | issue | adjust | harvest | contribute
    sa.Column("quantity", Int64, nullable=False),  # thousandths, in + / out −
    sa.Column("cost", Int64, nullable=False),  # fen, in + / out −
    sa.Column("voucher", Text, nullable=False),
    **TABLE_ARGS,
)

crop = sa.Table(
    "crop",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("crop_no", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("started", Text, nullable=False),
    sa.Column("cost_account", Text, nullable=False),  # a leaf under 401
    sa.Column("asset_account", Text, nullable=False),  # a leaf under 141
    sa.Column("product_no", Text),  # what its harvest yields (NULL: none)
    sa.Column("area", Int64),  # 1/10000 mu (NULL: not given)
    sa.Column("poverty", Int64, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``crop`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_crop_chain"),
    **TABLE_ARGS,
)

crop_event = sa.Table(
    "crop_event",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``crop_event`` link
    sa.Column("crop_no", Text, nullable=False),
    sa.Column("date", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),  # harvest | sale | loss
    sa.Column("final", Int64, nullable=False),  # 1: the crop ends (harvested, sold, lost)
    sa.Column("voucher", Text, nullable=False),
    **TABLE_ARGS,
)

trade = sa.Table(
    "trade",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("trade_no", Int64, primary_key=True),  # 1, 2, … per cooperative
    sa.Column("date", Text, nullable=False),
    sa.Column("member_no", Text),  # a member's trade (NULL: a non-member's)
    sa.Column("counterparty", Text),  # the non-member's name (NULL: a member's)
    sa.Column("product_no", Text, nullable=False),
    sa.Column("kind", Text, nullable=False),  # delivery | purchase | service
    sa.Column("quantity", Int64),  # thousandths (NULL: a service without one)
    sa.Column("amount", Int64, nullable=False),  # fen
    sa.Column("voucher", Text),  # the voucher that booked it (NULL: none named)
    sa.Column("ref", Text),  # the idempotency key (NULL: none)
    sa.Column("chain_seq", Int64, nullable=False),  # the ``trade`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_trade_chain"),
    sa.UniqueConstraint("coop_id", "ref", name="uq_trade_ref"),
    **TABLE_ARGS,
)

land_assign = sa.Table(
    "land_assign",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``land_assign`` link
    sa.Column("year", Int64, primary_key=True),
    sa.Column("parcel_no", Text, primary_key=True),
    sa.Column("crop_no", Text, nullable=False),  # the latest row of (year, parcel) holds
    **TABLE_ARGS,
)

land_amort = sa.Table(
    "land_amort",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("parcel_no", Text, primary_key=True),
    sa.Column("through", Int64, primary_key=True),  # term months amortised through (k)
    sa.Column("date", Text, nullable=False),
    sa.Column("amount", Int64, nullable=False),  # cum(k) − what was amortised before
    sa.Column("voucher", Text, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``land_amort`` link
    **TABLE_ARGS,
)

officer = sa.Table(
    "officer",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("officer_id", Int64, primary_key=True),  # 1, 2, … per cooperative
    sa.Column("role", Text, nullable=False),  # chair | director | executive_supervisor | …
    sa.Column("name", Text, nullable=False),
    sa.Column("member_no", Text),  # the member who holds the office (NULL: none named)
    sa.Column("from_date", Text, nullable=False),
    sa.Column("ref", Text),  # the --ref idempotency key (NULL: none)
    sa.Column("chain_seq", Int64, nullable=False),  # the ``officer`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_officer_chain"),
    sa.UniqueConstraint("coop_id", "ref", name="uq_officer_ref"),
    **TABLE_ARGS,
)

officer_end = sa.Table(
    "officer_end",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("officer_id", Int64, primary_key=True),  # one end per officer
    sa.Column("date", Text, nullable=False),  # the last day in office
    sa.Column("chain_seq", Int64, nullable=False),  # the ``officer_end`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_officer_end_chain"),
    **TABLE_ARGS,
)

staff_assignment = sa.Table(
    "staff_assignment",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``staff`` link
    sa.Column("from_date", Text, nullable=False),
    sa.Column("role", Text, nullable=False),  # head | chief | bookkeeper | reviewer | cashier
    sa.Column("name", Text, nullable=False),
    **TABLE_ARGS,
)

# ----- the entered notes of the 附注 (statutory.md §7.1, cli-additions.md §8) ---------------

note_text = sa.Table(
    "note_text",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``note`` link
    sa.Column("year", Int64, nullable=False),
    sa.Column("item", Text, nullable=False),  # 4 | 7.1 | 7.2 | 7.3 | 7.5 | 7.9 | 9
    sa.Column("text", Text, nullable=False),  # '' clears the item
    **TABLE_ARGS,
)

note_loss = sa.Table(
    "note_loss",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("loss_id", Int64, primary_key=True),  # 1, 2, … per cooperative and year
    sa.Column("category", Text, nullable=False),  # receivable | investment | fixed_asset | …
    sa.Column("name", Text, nullable=False),
    sa.Column("amount", Int64, nullable=False),  # fen
    sa.Column("explanation", Text, nullable=False),
    sa.Column("chain_seq", Int64, nullable=False),  # the ``note_loss`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_loss_chain"),
    **TABLE_ARGS,
)

note_tax = sa.Table(
    "note_tax",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("tax_id", Int64, primary_key=True),  # 1, 2, … per cooperative and year
    sa.Column("kind", Text, nullable=False),  # increase | decrease
    sa.Column("item", Text, nullable=False),
    sa.Column("amount", Int64, nullable=False),  # fen
    sa.Column("chain_seq", Int64, nullable=False),  # the ``note_tax`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_tax_chain"),
    **TABLE_ARGS,
)

note_tax_rate = sa.Table(
    "note_tax_rate",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("chain_seq", Int64, primary_key=True),  # the ``note_rate`` link
    sa.Column("year", Int64, nullable=False),
    sa.Column("rate", Int64, nullable=False),  # 1/10000 (0 … 10000)
    **TABLE_ARGS,
)

note_void = sa.Table(
    "note_void",
    metadata,
    sa.Column("coop_id", sa.Integer, primary_key=True),
    sa.Column("year", Int64, primary_key=True),
    sa.Column("target", Text, primary_key=True),  # loss | tax
    sa.Column("entry_id", Int64, primary_key=True),  # the loss_id or tax_id removed
    sa.Column("chain_seq", Int64, nullable=False),  # the ``note_void`` link
    sa.UniqueConstraint("coop_id", "chain_seq", name="uq_note_void_chain"),
    **TABLE_ARGS,
)

APPEND_ONLY = (
    "distribution",
    "charter_amendment",
    "member",
    "member_notice",
    "parcel",
    "land_movement",
    "base_register",
    "memo_entry",
    "member_amendment",
    "org_setting",
    "officer",
    "officer_end",
    "staff_assignment",
    "note_text",
    "note_loss",
    "note_tax",
    "note_tax_rate",
    "note_void",
    "payee",
    "asset",
    "asset_depr",
    "asset_event",
    "capital_tag",
    "product",
    "stock_move",
    "crop",
    "crop_event",
    "trade",
    "land_assign",
    "land_amort",
)
