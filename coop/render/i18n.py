"""Labels of the statements and reports, by stable key; numbers formatted with Babel.

Each label is ``NC_(key, English)``: the key is what JSON carries and what the code names;
the English text is the gettext message id, and the key is its context (the same English
may be two different Chinese labels). The Chinese lives in the one catalog,
``coop/locale/zh/LC_MESSAGES/coop.po`` (see ``ledger.i18n``); a test fails on any label
or message without its Chinese.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from ledger.i18n import NC_, translations
from ledger.money import fen_to_decimal

LOCALES = {"zh": "zh_CN", "en": "en_US"}

LABELS: dict[str, str] = dict(
    [
        NC_("report.balance_sheet", "Balance sheet"),
        NC_("report.surplus", "Statement of surplus and its distribution"),
        NC_("report.equity_changes", "Statement of changes in members' equity"),
        NC_("report.member_accounts", "Member accounts"),
        NC_("report.notes", "Notes"),
        NC_("col.line", "Line"),
        NC_("col.item", "Item"),
        NC_("col.accounts", "Accounts"),
        NC_("col.year_end", "End of year"),
        NC_("col.year_start", "Start of year"),
        NC_("col.this_year", "This year"),
        NC_("col.last_year", "Last year"),
        NC_("col.share_capital", "Share capital"),
        NC_("col.special_fund", "Special fund"),
        NC_("col.capital_reserve", "Capital reserve"),
        NC_("col.surplus_reserve", "Surplus reserve"),
        NC_("col.undistributed", "Undistributed surplus"),
        NC_("col.total", "Total"),
        NC_("bs.cash", "Cash and bank"),
        NC_("bs.receivables", "Receivables"),
        NC_("bs.inventory", "Inventories"),
        NC_("bs.consumable_bio", "Consumable biological assets"),
        NC_("bs.current_assets", "Total current assets"),
        NC_("bs.investments", "Investments"),
        NC_("bs.productive_bio_cost", "Productive biological assets, cost"),
        NC_("bs.productive_bio_dep", "Less: accumulated depreciation"),
        NC_("bs.productive_bio_net", "Productive biological assets, net"),
        NC_("bs.fixed_cost", "Fixed assets, cost"),
        NC_("bs.fixed_dep", "Less: accumulated depreciation"),
        NC_("bs.fixed_net", "Fixed assets, net"),
        NC_("bs.construction", "Construction in progress"),
        NC_("bs.fixed_disposal", "Fixed assets in disposal"),
        NC_("bs.fixed_subtotal", "Fixed assets, subtotal"),
        NC_("bs.intangible_cost", "Intangible assets, cost"),
        NC_("bs.intangible_amort", "Less: accumulated amortisation"),
        NC_("bs.intangible_net", "Intangible assets, net"),
        NC_("bs.welfare_bio", "Public-welfare biological assets"),
        NC_("bs.long_prepaid", "Long-term prepaid expenses"),
        NC_("bs.noncurrent_assets", "Total non-current assets"),
        NC_("bs.total_assets", "Total assets"),
        NC_("bs.short_loans", "Short-term loans"),
        NC_("bs.payables", "Payables"),
        NC_("bs.wages", "Wages payable"),
        NC_("bs.labour", "Labour fees payable"),
        NC_("bs.taxes", "Taxes payable"),
        NC_("bs.interest", "Interest payable"),
        NC_("bs.patronage_payable", "Patronage returns payable"),
        NC_("bs.residual_payable", "Residual surplus payable"),
        NC_("bs.current_liabilities", "Total current liabilities"),
        NC_("bs.long_loans", "Long-term loans"),
        NC_("bs.special_payables", "Special payables"),
        NC_("bs.noncurrent_liabilities", "Total non-current liabilities"),
        NC_("bs.total_liabilities", "Total liabilities"),
        NC_("bs.share_capital", "Share capital"),
        NC_("bs.special_fund", "Special fund"),
        NC_("bs.capital_reserve", "Capital reserve"),
        NC_("bs.surplus_reserve", "Surplus reserve"),
        NC_("bs.undistributed", "Undistributed surplus"),
        NC_("bs.total_equity", "Total owners' equity"),
        NC_("bs.total_liabilities_equity", "Total liabilities and owners' equity"),
        NC_("ss.operating_income", "I. Operating income"),
        NC_("ss.investment_income", "Add: investment income"),
        NC_("ss.operating_expense", "Less: operating expenses"),
        NC_("ss.taxes", "Taxes and surcharges"),
        NC_("ss.admin", "Administrative expenses"),
        NC_("ss.finance", "Finance costs"),
        NC_("ss.operating_result", "II. Operating result"),
        NC_("ss.other_income", "Add: other income"),
        NC_("ss.other_expense", "Less: other expenses"),
        NC_("ss.total_surplus", "III. Total surplus"),
        NC_("ss.income_tax", "Less: income tax"),
        NC_("ss.surplus", "IV. Surplus for the year"),
        NC_("ss.opening_undistributed", "Add: undistributed surplus at start of year"),
        NC_("ss.other_in", "Other transfers in"),
        NC_("ss.reserve", "Less: reserves set aside"),
        NC_("ss.distributable", "V. Distributable surplus"),
        NC_("ss.patronage", "Less: patronage returns"),
        NC_("ss.residual", "Residual distribution"),
        NC_("ss.to_capital", "Converted to members' capital"),
        NC_("ss.closing_undistributed", "VI. Undistributed surplus at end of year"),
        NC_("eq.opening", "At start of year"),
        NC_("eq.increase", "Increases"),
        NC_("eq.decrease", "Decreases"),
        NC_("eq.closing", "At end of year"),
        NC_("kind.manual", "entered by hand"),
        NC_("kind.reversal", "red reversal"),
        NC_("kind.base", "base payment"),
        NC_("kind.base_prepay", "base prepayment"),
        NC_("kind.base_recognize", "base recognized"),
        NC_("kind.land", "land contributed"),
        NC_("kind.land_transfer", "parcel transferred"),
        NC_("kind.land_withdraw", "parcel withdrawn"),
        NC_("kind.contribute", "cash contributed"),
        NC_("kind.subsidy_receive", "subsidy received"),
        NC_("kind.subsidy_capitalise", "subsidy capitalised"),
        NC_("kind.close_income", "income and expense closed"),
        NC_("kind.close_surplus", "surplus closed"),
        NC_("kind.distribution", "distribution"),
        NC_("kind.distribution_transfer", "distribution transfer"),
        NC_("kind.dist_pay", "distribution paid"),
        NC_("kind.convert", "converted to capital"),
        NC_("kind.cover_loss", "loss covered from reserve"),
        NC_("kind.leave", "member left"),
        NC_("kind.settle", "leaver settled"),
        NC_("kind.opening", "opening balances"),
        NC_("ma.member_no", "Member"),
        NC_("ma.name", "Name"),
        NC_("ma.opening_capital", "Capital, start"),
        NC_("ma.share_capital", "Capital, end"),
        NC_("ma.opening_reserve_share", "Reserve share, start"),
        NC_("ma.reserve_share", "Reserve share, end"),
        NC_("ma.subsidy_share", "Subsidy share"),
        NC_("ma.area_mu", "Area (mu)"),
        NC_("ma.mu_days", "Mu-days"),
        NC_("ma.base_payment", "Base payment"),
        NC_("ma.patronage_return", "Patronage return"),
        NC_("ma.residual_distribution", "Residual distribution"),
        NC_("ma.paid", "Paid"),
        NC_("ma.converted", "Converted"),
        NC_("ma.unpaid", "Owed"),
        NC_("h.code", "Code"),
        NC_("h.name", "Name"),
        NC_("h.debit", "Debit"),
        NC_("h.credit", "Credit"),
        NC_("h.balance", "Balance"),
        NC_("h.date", "Date"),
        NC_("h.number", "Number"),
        NC_("h.memo", "Memo"),
        NC_("h.kind", "Written by"),
        NC_("h.total", "Amount"),
        NC_("h.member_no", "Member"),
        NC_("h.direction", "Dr/Cr"),
        NC_("h.household", "Household"),
        NC_("h.id_number", "ID number"),
        NC_("h.joined_on", "Joined"),
        NC_("h.exit_on", "Leaves"),
        NC_("h.area_mu", "Area (mu)"),
        NC_("h.capital", "Capital"),
        NC_("h.parcel_no", "Parcel"),
        NC_("h.held_since", "Held since"),
        NC_("h.contributed_on", "Contributed"),
        NC_("h.contract_no", "Contract"),
        NC_("h.rate", "Rate per mu"),
        NC_("h.amount", "Amount"),
        NC_("h.paid_on", "Paid on"),
        NC_("h.voucher", "Voucher"),
        NC_("h.how", "How"),
        NC_("h.key", "Key"),
        NC_("h.first_year", "Books begin in"),
        NC_("err.books_begin", "the books begin in {year}: {date} is before"),
        NC_("err.unknown_member", "member {member} does not exist"),
        NC_(
            "err.duplicate_id",
            "{where}member {member}: ID number {id} is already member {first}'s ({name})",
        ),
        NC_("amend.done", "amended member {member}: {fields}"),
        NC_("amend.nothing", "member {member} already has these details: nothing amended"),
        NC_("amend.name", "name"),
        NC_("amend.household", "household"),
        NC_("amend.id_number", "ID number"),
        NC_("amend.phone", "phone"),
        NC_("h.old", "Was"),
        NC_("h.new", "Now"),
        NC_("h.reason", "Reason"),
        NC_("plan.title", "{coop}: distribution of the {year} surplus (for public notice)"),
        NC_("plan.pools", "Pools"),
        NC_("plan.members", "Members' shares"),
        NC_("plan.name", "Name"),
        NC_(
            "plan.note",
            "Drawn up by the board of directors, reviewed by the supervisory board, for the "
            "members' assembly; during the notice period any member may check the books "
            "with the coop verify command above.",
        ),
        NC_("plan.sign_board", "Board of directors (seal):"),
        NC_("plan.sign_supervisors", "Supervisory board (seal):"),
        NC_(
            "err.demo_not_empty",
            "this database already holds books ({codes}): the demo is built only in a new "
            "file, e.g. coop --db demo.db demo",
        ),
        NC_("err.too_late", "{date} is more than a year after today ({today})"),
        NC_("h.value", "Value"),
        NC_("h.field", "Field"),
        NC_("h.item", "Item"),
        NC_("h.name_en", "English name"),
        NC_("h.class", "Class"),
        NC_("h.side", "Side"),
        NC_("h.member", "Per member"),
        NC_("h.parent", "Parent"),
        NC_("h.patronage_basis", "Patronage basis (mu)"),
        NC_("h.patronage_return", "Patronage return"),
        NC_("h.residual_basis", "Residual basis (yuan)"),
        NC_("h.residual_distribution", "Residual distribution"),
        NC_("h.reserve_share", "Reserve share"),
        NC_("h.surplus", "Surplus"),
        NC_("h.opening_undistributed", "Undistributed at start"),
        NC_("h.reserve_cover", "Loss covered by reserve"),
        NC_("h.leavers_loss", "Leavers' loss shares"),
        NC_("h.reserve", "Reserve"),
        NC_("h.welfare", "Welfare fund"),
        NC_("h.distributable", "Distributable"),
        NC_("h.retained", "Retained"),
        NC_("h.patronage_pool", "Patronage pool"),
        NC_("h.residual_pool", "Residual pool"),
        NC_("title.plan", "Distribution plan {year}"),
        NC_("how.prepaid", "prepaid"),
        NC_("how.in_year", "in the year"),
        NC_("how.reversed", "reversed"),
        NC_("v.title", "Accounting voucher"),
        NC_("v.number", "Voucher no."),
        NC_("v.date", "Date"),
        NC_("v.memo", "Memo"),
        NC_("v.account", "Account"),
        NC_("v.member", "Member"),
        NC_("v.debit", "Debit"),
        NC_("v.credit", "Credit"),
        NC_("v.total", "Total"),
        NC_("v.in_capitals", "Total in Chinese capitals"),
        NC_("v.made_by", "Made by:"),
        NC_("v.approved_by", "Approved by:"),
        NC_("v.posted_by", "Posted by:"),
        NC_("v.reversal_of", "Reverses voucher"),
        NC_("v.kind", "Written by"),
        NC_("st.title", "{coop} Member share statement ({year})"),
        NC_("st.member", "Member"),
        NC_("st.member_no", "Member no."),
        NC_("st.name", "Name (head)"),
        NC_("st.household", "Household"),
        NC_("st.id_number", "ID number"),
        NC_("st.land", "Land contributed"),
        NC_("st.parcel", "Parcel"),
        NC_("st.contract", "Contract"),
        NC_("st.area", "Area (mu)"),
        NC_("st.held_since", "Held since"),
        NC_("st.held_until", "Held until"),
        NC_("st.days", "Days this year"),
        NC_("st.base_line", "{area} mu × {rate} yuan/mu = {amount} yuan"),
        NC_("st.provisional_mark", "(PROVISIONAL: year not closed or not distributed)"),
        NC_(
            "st.provisional",
            "Note: this year is not closed or its surplus not yet distributed; the "
            "dividends below are provisional (0 until decided); the plan the members' "
            "assembly approves is what counts.",
        ),
        NC_("st.total_area", "Area held at year end (mu)"),
        NC_("st.shares", "Shares"),
        NC_("st.base", "Base payment (a land cost, shown apart from dividends)"),
        NC_("st.base_payment", "Base payment for the year"),
        NC_("st.dividends", "Dividends"),
        NC_("st.patronage", "Patronage return"),
        NC_("st.patronage_basis", "Basis: average land in use (mu-days / days)"),
        NC_("st.residual", "Residual distribution"),
        NC_(
            "st.residual_basis",
            "Basis: average daily capital + reserve share + subsidy share (yuan)",
        ),
        NC_("st.dividend_total", "Total dividends"),
        NC_("st.in_capitals", "Total dividends in Chinese capitals"),
        NC_("st.account", "Member account"),
        NC_("st.opening", "Start of year"),
        NC_("st.closing", "End of year"),
        NC_("st.capital", "Share capital"),
        NC_("st.reserve_share", "Reserve share"),
        NC_("st.subsidy_share", "Subsidy share"),
        NC_("st.payment", "Payment"),
        NC_("st.paid", "Paid in cash"),
        NC_("st.converted", "Converted to capital"),
        NC_("st.unpaid", "Still owed"),
        NC_("st.payment_line", "{date} voucher {number}: {amount} yuan"),
        NC_("st.charter", "Charter applied"),
        NC_("st.approved_on", "Distribution approved by the assembly on"),
        NC_("st.digest", "Ledger digest (chain head)"),
        NC_("dg.seq", "Link"),
        NC_("dg.hash", "Digest"),
        NC_("dg.verify", "To check: coop verify {hash}"),
        NC_(
            "st.how_to_check",
            "To check: run the 'coop verify' command above on the books (or ask the "
            "accountant or the supervisory board to): 'link N' means the books behind this "
            "statement were not rewritten; 'not a link of these books' means they were.",
        ),
        NC_("st.sign_accountant", "Accountant:"),
        NC_("st.sign_member", "Member:"),
        NC_("st.date", "Date:"),
        NC_("st.none", "none"),
        NC_(
            "note.charter",
            "Charter: base payment {base_rate} yuan per mu; land valued at "
            "{land_value_per_mu} yuan per mu; {shares_per_mu} shares per mu; cash shares at "
            "{share_price} yuan; reserve rate {reserve_rate}; welfare rate {welfare_rate}; "
            "patronage ratio {patronage_ratio}; {notice_months} months' notice to leave.",
        ),
        NC_(
            "note.land_policy",
            "Land management rights are contributed at {value} yuan per mu and booked as "
            "intangible assets without amortisation: their value is one year's use, and "
            "each year's use is the base payment ({base} yuan per mu), an operating "
            "expense. This departs from straight-line amortisation of intangibles.",
        ),
        NC_(
            "note.base_expense",
            "The base payment is a cost of the land, owed whatever the harvest; it is not "
            "an advance on dividends.",
        ),
        NC_(
            "note.distribution",
            "Distribution (approved by the members' assembly on {approved_on}): surplus "
            "{surplus}; reserve {reserve}; welfare {welfare}; distributable "
            "{distributable}; patronage returns {patronage_pool}; residual distribution "
            "{residual_pool}; retained {retained}.",
        ),
        NC_(
            "imp.amount_not_positive",
            "{where}field {field}: the amount {value} is not more than zero: put it on the "
            "other side (a negative debit is a credit), or undo a posted voucher with coop "
            "voucher reverse",
        ),
        NC_("imp.one_side", "{where}field {field}: give exactly one of {debit} and {credit}"),
        NC_("imp.no_account", "{where}field {field}: account {account} does not exist"),
        NC_(
            "imp.not_leaf",
            "{where}field {field}: account {account} has sub-accounts; post to one of them",
        ),
        NC_(
            "imp.command_only",
            "{where}field {field}: account {account} is written only by its own commands "
            "(land, base, close, distribute…), not by voucher add/import",
        ),
        NC_(
            "imp.needs_member",
            "{where}field {field}: account {account} keeps a member sub-ledger: give the "
            "member number",
        ),
        NC_(
            "imp.no_member_ledger",
            "{where}field {field}: account {account} has no member sub-ledger: member "
            "{member} is not allowed",
        ),
        NC_("imp.unknown_member", "{where}field {field}: member {member} does not exist"),
        NC_(
            "imp.account_name",
            "{where}field {field}: '{name}' is not the name of account {account} (the books "
            "call it '{expected}')",
        ),
        NC_("imp.shared", "{where}field {field}: rows of ref {ref} must share one {field}"),
        NC_(
            "imp.ref_posted",
            "{where}field {field}: ref {ref} was already posted as {number} with different "
            "content ({diff}): use a new ref, or reverse {number} first",
        ),
        NC_("imp.unbalanced", "{where}field {field}: voucher {ref}: {detail}"),
        NC_(
            "imp.closed",
            "{where}field {field}: year {year} is closed: nothing more can be dated {date}",
        ),
        NC_("imp.books_begin", "{where}field {field}: the books begin in {year}: {date} is before"),
        NC_(
            "imp.too_late", "{where}field {field}: {date} is more than a year after today ({today})"
        ),
    ]
)


def header(lang: str, field: str) -> str:
    """A table column's heading: the label ``h.FIELD``, else the field itself."""
    key = f"h.{field}"
    return t(lang, key) if key in LABELS else field


def t(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, its ``{placeholders}`` filled."""
    text = translations(lang).pgettext(key, LABELS[key])
    return text.format(**values) if values else text


def money(fen: int, lang: str) -> str:
    """Grouped digits for the locale, always two decimals: 1,234,567.89."""
    return format_decimal(fen_to_decimal(fen), format="#,##0.00;-#,##0.00", locale=LOCALES[lang])


def decimal_text(value: Decimal, digits: int, lang: str) -> str:
    pattern = "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=LOCALES[lang])
