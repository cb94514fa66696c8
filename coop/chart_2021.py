"""The chart of accounts of the 2021 cooperative accounting system (财会〔2021〕37号), as data.

Parents that the engine itself needs sub-accounts of ship with them: 32201,
32202, 33201, 33202, 52101, 52102. The accountant adds more (e.g. 50101).
"""

from __future__ import annotations

from ledger.accounts import Account, AccountClass, Chart, Side

A, L, E, C, IN, X = (
    AccountClass.ASSET,
    AccountClass.LIABILITY,
    AccountClass.EQUITY,
    AccountClass.COST,
    AccountClass.INCOME,
    AccountClass.EXPENSE,
)
DR, CR = Side.DEBIT, Side.CREDIT

_ROWS: list[tuple[str, str, str, AccountClass, Side, bool]] = [
    ("101", "库存现金", "Cash on hand", A, DR, False),
    ("102", "银行存款", "Bank deposits", A, DR, False),
    ("113", "应收款", "Receivables (non-members)", A, DR, False),
    ("114", "成员往来", "Member current accounts", A, DR, True),
    ("121", "产品物资", "Products and materials", A, DR, False),
    ("124", "委托加工物资", "Materials in outside processing", A, DR, False),
    ("125", "委托代销商品", "Goods on consignment out", A, DR, False),
    ("127", "受托代购商品", "Goods purchased on behalf", A, DR, False),
    ("128", "受托代销商品", "Goods on consignment in", A, DR, False),
    ("131", "对外投资", "Investments", A, DR, False),
    ("141", "消耗性生物资产", "Consumable biological assets", A, DR, False),
    ("142", "生产性生物资产", "Productive biological assets", A, DR, False),
    ("143", "生产性生物资产累计折旧", "Accumulated depreciation, biological assets", A, CR, False),
    ("144", "公益性生物资产", "Public-welfare biological assets", A, DR, False),
    ("151", "固定资产", "Fixed assets", A, DR, False),
    ("152", "累计折旧", "Accumulated depreciation", A, CR, False),
    ("153", "在建工程", "Construction in progress", A, DR, False),
    ("154", "固定资产清理", "Fixed assets in disposal", A, DR, False),
    ("161", "无形资产", "Intangible assets (land management rights)", A, DR, False),
    ("162", "累计摊销", "Accumulated amortisation", A, CR, False),
    ("171", "长期待摊费用", "Long-term prepaid expenses", A, DR, False),
    ("181", "待处理财产损溢", "Assets losses pending", A, DR, False),
    ("201", "短期借款", "Short-term loans", L, CR, False),
    ("211", "应付款", "Payables (non-members)", L, CR, False),
    ("212", "应付工资", "Wages payable", L, CR, False),
    ("213", "应付劳务费", "Labour fees payable", L, CR, False),
    ("214", "应交税费", "Taxes payable", L, CR, False),
    ("215", "应付利息", "Interest payable", L, CR, False),
    ("221", "应付盈余返还", "Patronage returns payable", L, CR, True),
    ("222", "应付剩余盈余", "Residual surplus payable", L, CR, True),
    ("231", "长期借款", "Long-term loans", L, CR, False),
    ("235", "专项应付款", "Special payables (subsidies)", L, CR, False),
    ("301", "股金", "Share capital", E, CR, True),
    ("311", "专项基金", "Special fund", E, CR, False),
    ("321", "资本公积", "Capital reserve", E, CR, False),
    ("322", "盈余公积", "Surplus reserve", E, CR, False),
    ("32201", "公积金", "Reserve fund", E, CR, False),
    ("32202", "公益金", "Welfare fund", E, CR, False),
    ("331", "本年盈余", "Current-year surplus", E, CR, False),
    ("332", "盈余分配", "Surplus distribution", E, CR, False),
    ("33201", "各项分配", "Distributions", E, CR, False),
    ("33202", "未分配盈余", "Undistributed surplus", E, CR, False),
    ("401", "生产成本", "Production cost", C, DR, False),
    ("501", "经营收入", "Operating income", IN, CR, False),
    ("502", "其他收入", "Other income", IN, CR, False),
    ("511", "投资收益", "Investment income", IN, CR, False),
    ("521", "经营支出", "Operating expenses", X, DR, False),
    ("52101", "土地保底金", "Land base payments", X, DR, False),
    ("52102", "其他经营支出", "Other operating expenses", X, DR, False),
    ("522", "税金及附加", "Taxes and surcharges", X, DR, False),
    ("523", "管理费用", "Administrative expenses", X, DR, False),
    ("524", "财务费用", "Finance costs", X, DR, False),
    ("529", "其他支出", "Other expenses", X, DR, False),
    ("531", "所得税费用", "Income tax expense", X, DR, False),
]

CHART_2021 = Chart(
    version="2021",
    from_year=1900,  # the system is in force from 2023; books moved here use it for every year
    to_year=None,
    accounts=tuple(
        Account(code, name, name_en, cls, side, per_member, code[:-2] if len(code) > 3 else None)
        for code, name, name_en, cls, side, per_member in _ROWS
    ),
)

#: Accounts only the engine's own commands write (domain.md §4).
#: The two top-level accounts a cooperative may add (财会〔2021〕37号 附录一, the note
#: under the chart, p. 25; statutory.md §2.3): code → (fixed name, English name, class, side).
OPTIONAL_TOP: dict[str, tuple[str, str, AccountClass, Side]] = {
    "109": ("其他货币资金", "Other monetary funds", A, DR),
    "122": ("包装物", "Packaging materials", A, DR),
}

COMMAND_ONLY = frozenset(
    {"221", "222", "301", "311", "32201", "32202", "331", "33201", "33202", "52101"}
)
