"""Names for the codes the cooperative writes: voucher kinds and the accounts its own
commands post to. Pure: the one place these strings are spelled."""

from __future__ import annotations

from enum import StrEnum


class VoucherKind(StrEnum):
    """What wrote a voucher (the ``kind`` of its chain record). Values are stored."""

    MANUAL = "manual"
    OPENING = "opening"
    LAND = "land"
    LAND_TRANSFER = "land_transfer"
    LAND_WITHDRAW = "land_withdraw"
    CONTRIBUTE = "contribute"
    BASE = "base"
    BASE_PREPAY = "base_prepay"
    BASE_RECOGNIZE = "base_recognize"
    CLOSE_INCOME = "close_income"
    CLOSE_SURPLUS = "close_surplus"
    DISTRIBUTION = "distribution"
    DISTRIBUTION_TRANSFER = "distribution_transfer"
    DIST_PAY = "dist_pay"
    CONVERT = "convert"
    LEAVE = "leave"
    SETTLE = "settle"
    SUBSIDY_RECEIVE = "subsidy_receive"
    SUBSIDY_CAPITALISE = "subsidy_capitalise"
    COVER_LOSS = "cover_loss"
    LABOUR_ACCRUE = "labour_accrue"
    LABOUR_PAY = "labour_pay"
    ASSET_ACQUIRE = "asset_acquire"
    DEPRECIATION = "depreciation"
    ASSET_DISPOSE = "asset_dispose"
    ASSET_CLEAR = "asset_clear"
    ASSET_CONTRIBUTE = "asset_contribute"
    DONATION = "donation"
    CAPITALISE_321 = "capitalise_321"
    CAPITALISE_322 = "capitalise_322"
    DONATION_ASSET = "donation_asset"
    SUBSIDY_ASSET = "subsidy_asset"
    SUBSIDY_SPEND = "subsidy_spend"
    SUBSIDY_OFFSET = "subsidy_offset"
    SUBSIDY_REFUND = "subsidy_refund"
    CROP_SETTLE = "crop_settle"
    CROP_HARVEST = "crop_harvest"
    CROP_SALE = "crop_sale"
    CROP_LOSS = "crop_loss"
    PRODUCT_BUY = "product_buy"
    PRODUCT_SALE = "product_sale"
    PRODUCT_ISSUE = "product_issue"
    PRODUCT_ADJUST = "product_adjust"
    LAND_AMORTISE = "land_amortise"
    REVERSAL = "reversal"  # written by the ledger (ledger.entries.reversal)


K = VoucherKind
#: Kinds `voucher reverse` accepts (domain.md §5).
REVERSIBLE: frozenset[str] = frozenset(
    {
        K.MANUAL,
        K.BASE,
        K.BASE_PREPAY,
        K.DIST_PAY,
        K.SETTLE,
        K.LABOUR_ACCRUE,
        K.LABOUR_PAY,
        K.SUBSIDY_SPEND,
        K.SUBSIDY_OFFSET,
        K.SUBSIDY_REFUND,
        K.ASSET_ACQUIRE,
        K.PRODUCT_BUY,
        K.PRODUCT_SALE,
        K.PRODUCT_ISSUE,
        K.PRODUCT_ADJUST,
    }
)
#: Kinds whose voucher moves a product's stock (operations.md §5.2).
STOCK_KINDS: frozenset[str] = frozenset(
    {K.PRODUCT_BUY, K.PRODUCT_SALE, K.PRODUCT_ISSUE, K.PRODUCT_ADJUST}
)
#: Person accounts (operations.md §4.1): 212 应付工资 and 213 应付劳务费, with their
#: sub-accounts, are kept by payee (``213@P01``).
PERSON_ACCOUNTS: tuple[str, ...] = ("212", "213")
#: Kinds a closed year still accepts, dated its last day (domain.md §5, "Closed years").
CLOSED_OK: frozenset[str] = frozenset({K.COVER_LOSS, K.DISTRIBUTION, K.DISTRIBUTION_TRANSFER})
#: The year-end closing entries (02表 leaves them out of the year's activity).
CLOSING: frozenset[str] = frozenset({K.CLOSE_INCOME, K.CLOSE_SURPLUS})
#: Year-opening vouchers (statutory.md §1.2): of these kinds and dated Y-01-01, they are
#: part of the balance at the start of Y (年初), not movements of Y.
YEAR_OPENING: frozenset[str] = frozenset({K.OPENING})


class Acct:
    """Codes of the accounts the engine's own commands post to (财会〔2021〕37号)."""

    BANK = "102"  # 银行存款
    MEMBER_CURRENT = "114"  # 成员往来
    LAND_RIGHTS = "161"  # 无形资产 (land management rights as equity)
    LOSS_PENDING = "181"  # 待处理财产损溢
    PATRONAGE_PAYABLE = "221"  # 应付盈余返还
    RESIDUAL_PAYABLE = "222"  # 应付剩余盈余
    SUBSIDY = "235"  # 专项应付款
    SHARE_CAPITAL = "301"  # 股金
    SPECIAL_FUND = "311"  # 专项基金
    RESERVE = "32201"  # 盈余公积—公积金
    WELFARE = "32202"  # 盈余公积—公益金
    CURRENT_SURPLUS = "331"  # 本年盈余
    DISTRIBUTION = "33201"  # 盈余分配—各项分配
    UNDISTRIBUTED = "33202"  # 盈余分配—未分配盈余
    OPERATING_INCOME = "501"  # 经营收入
    BASE_EXPENSE = "52101"  # 经营支出—土地保底金


class MoveKind:
    """Kinds of land movement (the register's rows; not voucher kinds)."""

    CONTRIBUTE = "contribute"
    TRANSFER = "transfer"
    WITHDRAW = "withdraw"
    LEAVE = "leave"
    #: not a change of holder: the parcel's grade from a year on (its reason is the grade)
    REGRADE = "regrade"


#: Kinds the operations of operations.md will write (issue 12 on): the forms read them
#: already, so their lines appear in the right cells the day they exist.
CAPITALISE_321 = "capitalise_321"
CAPITALISE_322 = "capitalise_322"
ASSET_CONTRIBUTE = "asset_contribute"
SUBSIDY_ASSET = "subsidy_asset"
DONATION = "donation"
DONATION_ASSET = "donation_asset"


#: Memo shares (member-account entries beside the vouchers) of a distribution posted with
#: a conversion into 股金 (operations.md §2.7): which part of the one 301@M line came
#: from the patronage return and which from the residual distribution.
CONVERTED_PATRONAGE = "converted:221"
CONVERTED_RESIDUAL = "converted:222"
