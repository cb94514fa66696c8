"""Labels in Simplified Chinese and English, one catalog; numbers formatted with babel.

Every label the statements and reports print is a key here; a test renders every
report and statement in both languages and fails on a key missing from either.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from ledger.money import fen_to_decimal

LOCALES = {"zh": "zh_CN", "en": "en_US"}

CATALOG: dict[str, dict[str, str]] = {
    "zh": {
        "report.balance_sheet": "资产负债表", "report.surplus": "盈余及盈余分配表",
        "report.equity_changes": "成员权益变动表", "report.member_accounts": "成员账户",
        "report.notes": "附注",
        "col.line": "行次", "col.item": "项目", "col.accounts": "科目",
        "col.year_end": "期末余额", "col.year_start": "年初余额",
        "col.this_year": "本年金额", "col.last_year": "上年金额",
        "col.share_capital": "股金", "col.special_fund": "专项基金",
        "col.capital_reserve": "资本公积", "col.surplus_reserve": "盈余公积",
        "col.undistributed": "未分配盈余", "col.total": "合计",
        "bs.cash": "货币资金", "bs.receivables": "应收款项", "bs.inventory": "存货",
        "bs.consumable_bio": "消耗性生物资产", "bs.current_assets": "流动资产合计",
        "bs.investments": "对外投资", "bs.productive_bio_cost": "生产性生物资产原值",
        "bs.productive_bio_dep": "减:生产性生物资产累计折旧",
        "bs.productive_bio_net": "生产性生物资产净值", "bs.fixed_cost": "固定资产原值",
        "bs.fixed_dep": "减:累计折旧", "bs.fixed_net": "固定资产净值",
        "bs.construction": "在建工程", "bs.fixed_disposal": "固定资产清理",
        "bs.fixed_subtotal": "固定资产小计", "bs.intangible_cost": "无形资产原值",
        "bs.intangible_amort": "减:累计摊销", "bs.intangible_net": "无形资产净值",
        "bs.welfare_bio": "公益性生物资产", "bs.long_prepaid": "长期待摊费用",
        "bs.noncurrent_assets": "非流动资产合计", "bs.total_assets": "资产总计",
        "bs.short_loans": "短期借款", "bs.payables": "应付款项", "bs.wages": "应付工资",
        "bs.labour": "应付劳务费", "bs.taxes": "应交税费", "bs.interest": "应付利息",
        "bs.patronage_payable": "应付盈余返还", "bs.residual_payable": "应付剩余盈余",
        "bs.current_liabilities": "流动负债合计", "bs.long_loans": "长期借款",
        "bs.special_payables": "专项应付款", "bs.noncurrent_liabilities": "非流动负债合计",
        "bs.total_liabilities": "负债合计", "bs.share_capital": "股金",
        "bs.special_fund": "专项基金", "bs.capital_reserve": "资本公积",
        "bs.surplus_reserve": "盈余公积", "bs.undistributed": "未分配盈余",
        "bs.total_equity": "所有者权益合计", "bs.total_liabilities_equity": "负债和所有者权益总计",
        "ss.operating_income": "一、经营收入", "ss.investment_income": "加:投资收益",
        "ss.operating_expense": "减:经营支出", "ss.taxes": "税金及附加",
        "ss.admin": "管理费用", "ss.finance": "财务费用", "ss.operating_result": "二、经营收益",
        "ss.other_income": "加:其他收入", "ss.other_expense": "减:其他支出",
        "ss.total_surplus": "三、盈余总额", "ss.income_tax": "减:所得税费用",
        "ss.surplus": "四、本年盈余", "ss.opening_undistributed": "加:年初未分配盈余",
        "ss.other_in": "其他转入", "ss.reserve": "减:提取盈余公积",
        "ss.distributable": "五、可分配盈余", "ss.patronage": "减:盈余返还",
        "ss.residual": "剩余盈余分配", "ss.to_capital": "转为成员出资",
        "ss.closing_undistributed": "六、年末未分配盈余",
        "eq.opening": "年初余额", "eq.increase": "本年增加数", "eq.decrease": "本年减少数",
        "eq.closing": "年末余额",
        "kind.manual": "手工录入",
        "kind.reversal": "红字冲销",
        "kind.base": "支付保底金",
        "kind.base_prepay": "预付保底金",
        "kind.base_recognize": "确认保底金",
        "kind.land": "土地入股",
        "kind.land_transfer": "地块转让",
        "kind.land_withdraw": "地块退出",
        "kind.contribute": "现金入股",
        "kind.subsidy_receive": "收到补助",
        "kind.subsidy_capitalise": "补助转专项基金",
        "kind.close_income": "结转收支",
        "kind.close_surplus": "结转本年盈余",
        "kind.distribution": "盈余分配",
        "kind.distribution_transfer": "结转各项分配",
        "kind.dist_pay": "支付分配",
        "kind.convert": "转为出资",
        "kind.cover_loss": "公积金弥补亏损",
        "kind.leave": "成员退社",
        "kind.settle": "退社结算",
        "kind.opening": "期初余额",
        "ma.member_no": "成员编号", "ma.opening_capital": "年初股金",
        "ma.share_capital": "年末股金",
        "ma.opening_reserve_share": "年初公积金份额", "ma.reserve_share": "年末公积金份额",
        "ma.subsidy_share": "补助份额", "ma.area_mu": "持有面积(亩)", "ma.mu_days": "亩·日",
        "ma.base_payment": "保底金", "ma.patronage_return": "盈余返还",
        "ma.residual_distribution": "剩余盈余分配", "ma.paid": "已付", "ma.converted": "转出资",
        "ma.unpaid": "尚欠",
        "v.title": "记账凭证", "v.number": "凭证号", "v.date": "日期", "v.memo": "摘要",
        "v.account": "会计科目", "v.member": "成员", "v.debit": "借方金额", "v.credit": "贷方金额",
        "v.total": "合计", "v.in_capitals": "合计(大写)", "v.made_by": "制单:",
        "v.approved_by": "审核:", "v.posted_by": "记账:", "v.reversal_of": "冲销凭证",
        "v.kind": "来源",
        "st.title": "{coop} 成员股份对账单({year}年度)",
        "st.member": "成员", "st.member_no": "成员编号", "st.name": "姓名(户主)",
        "st.household": "户号", "st.id_number": "身份证号",
        "st.land": "入股土地", "st.parcel": "地块", "st.contract": "入社合同",
        "st.area": "面积(亩)", "st.held_since": "持有起始日", "st.total_area": "年末持有面积(亩)",
        "st.shares": "股份(股)", "st.base": "保底金(土地成本,单列,不属分红)",
        "st.base_payment": "本年保底金", "st.dividends": "盈余分配(分红)",
        "st.patronage": "按交易量返还", "st.patronage_basis": "依据:年内平均用地(亩·日÷天数)",
        "st.residual": "剩余盈余分配", "st.residual_basis": "依据:日均股金+公积金份额+补助份额(元)",
        "st.dividend_total": "分红合计", "st.in_capitals": "分红合计(大写)",
        "st.account": "成员账户", "st.opening": "年初", "st.closing": "年末",
        "st.capital": "股金", "st.reserve_share": "公积金份额",
        "st.subsidy_share": "补助形成资产份额",
        "st.payment": "支付情况", "st.paid": "已付现金", "st.converted": "转为出资",
        "st.unpaid": "尚欠", "st.payment_line": "{date} 凭证 {number}:{amount} 元",
        "st.charter": "适用章程", "st.approved_on": "成员大会通过分配方案日期",
        "st.digest": "账簿摘要(链头)",
        "st.how_to_check": ("核对方法:请会计或监事会在账簿上运行 coop check,"
                            "并确认其链头与上列摘要一致;一致即说明本单所据账目未被改动。"),
        "st.sign_accountant": "会计签字:", "st.sign_member": "成员签字:", "st.date": "日期:",
        "st.none": "无",
        "note.charter": ("章程:每亩保底金 {base_rate} 元;土地作价每亩 {land_value_per_mu} 元;"
                         "每亩 {shares_per_mu} 股;现金股每股 {share_price} 元;"
                         "公积金提取比例 {reserve_rate};公益金提取比例 {welfare_rate};"
                         "按交易量返还比例 {patronage_ratio};退社提前 {notice_months} 个月通知。"),
        "note.land_policy": ("土地经营权按每亩 {value} 元作价入股,记入无形资产,不摊销:"
                             "其价值为一年的使用权,每年的使用成本即土地保底金"
                             "(每亩 {base} 元),计入经营支出。"
                             "此处与无形资产直线摊销的一般做法不同。"),
        "note.base_expense": "土地保底金是土地成本,无论收成均须支付,不是分红的预付。",
        "note.distribution": ("盈余分配方案(成员大会 {approved_on} 通过):本年盈余 {surplus} 元,"
                              "提取公积金 {reserve} 元、公益金 {welfare} 元,可分配盈余 "
                              "{distributable} 元,按交易量返还 {patronage_pool} 元,"
                              "按出资额等分配 {residual_pool} 元,留存 {retained} 元。"),
    },
    "en": {
        "report.balance_sheet": "Balance sheet", "report.surplus":
            "Statement of surplus and its distribution",
        "report.equity_changes": "Statement of changes in members' equity",
        "report.member_accounts": "Member accounts", "report.notes": "Notes",
        "col.line": "Line", "col.item": "Item", "col.accounts": "Accounts",
        "col.year_end": "End of year", "col.year_start": "Start of year",
        "col.this_year": "This year", "col.last_year": "Last year",
        "col.share_capital": "Share capital", "col.special_fund": "Special fund",
        "col.capital_reserve": "Capital reserve", "col.surplus_reserve": "Surplus reserve",
        "col.undistributed": "Undistributed surplus", "col.total": "Total",
        "bs.cash": "Cash and bank", "bs.receivables": "Receivables",
        "bs.inventory": "Inventories", "bs.consumable_bio": "Consumable biological assets",
        "bs.current_assets": "Total current assets", "bs.investments": "Investments",
        "bs.productive_bio_cost": "Productive biological assets, cost",
        "bs.productive_bio_dep": "Less: accumulated depreciation",
        "bs.productive_bio_net": "Productive biological assets, net",
        "bs.fixed_cost": "Fixed assets, cost", "bs.fixed_dep": "Less: accumulated depreciation",
        "bs.fixed_net": "Fixed assets, net", "bs.construction": "Construction in progress",
        "bs.fixed_disposal": "Fixed assets in disposal", "bs.fixed_subtotal":
            "Fixed assets, subtotal",
        "bs.intangible_cost": "Intangible assets, cost",
        "bs.intangible_amort": "Less: accumulated amortisation",
        "bs.intangible_net": "Intangible assets, net",
        "bs.welfare_bio": "Public-welfare biological assets",
        "bs.long_prepaid": "Long-term prepaid expenses",
        "bs.noncurrent_assets": "Total non-current assets", "bs.total_assets": "Total assets",
        "bs.short_loans": "Short-term loans", "bs.payables": "Payables",
        "bs.wages": "Wages payable", "bs.labour": "Labour fees payable",
        "bs.taxes": "Taxes payable", "bs.interest": "Interest payable",
        "bs.patronage_payable": "Patronage returns payable",
        "bs.residual_payable": "Residual surplus payable",
        "bs.current_liabilities": "Total current liabilities",
        "bs.long_loans": "Long-term loans", "bs.special_payables": "Special payables",
        "bs.noncurrent_liabilities": "Total non-current liabilities",
        "bs.total_liabilities": "Total liabilities", "bs.share_capital": "Share capital",
        "bs.special_fund": "Special fund", "bs.capital_reserve": "Capital reserve",
        "bs.surplus_reserve": "Surplus reserve", "bs.undistributed": "Undistributed surplus",
        "bs.total_equity": "Total owners' equity",
        "bs.total_liabilities_equity": "Total liabilities and owners' equity",
        "ss.operating_income": "I. Operating income",
        "ss.investment_income": "Add: investment income",
        "ss.operating_expense": "Less: operating expenses",
        "ss.taxes": "Taxes and surcharges", "ss.admin": "Administrative expenses",
        "ss.finance": "Finance costs", "ss.operating_result": "II. Operating result",
        "ss.other_income": "Add: other income", "ss.other_expense": "Less: other expenses",
        "ss.total_surplus": "III. Total surplus", "ss.income_tax": "Less: income tax",
        "ss.surplus": "IV. Surplus for the year",
        "ss.opening_undistributed": "Add: undistributed surplus at start of year",
        "ss.other_in": "Other transfers in", "ss.reserve": "Less: reserves set aside",
        "ss.distributable": "V. Distributable surplus",
        "ss.patronage": "Less: patronage returns", "ss.residual": "Residual distribution",
        "ss.to_capital": "Converted to members' capital",
        "ss.closing_undistributed": "VI. Undistributed surplus at end of year",
        "eq.opening": "At start of year", "eq.increase": "Increases",
        "eq.decrease": "Decreases", "eq.closing": "At end of year",
        "kind.manual": "entered by hand",
        "kind.reversal": "red reversal",
        "kind.base": "base payment",
        "kind.base_prepay": "base prepayment",
        "kind.base_recognize": "base recognized",
        "kind.land": "land contributed",
        "kind.land_transfer": "parcel transferred",
        "kind.land_withdraw": "parcel withdrawn",
        "kind.contribute": "cash contributed",
        "kind.subsidy_receive": "subsidy received",
        "kind.subsidy_capitalise": "subsidy capitalised",
        "kind.close_income": "income and expense closed",
        "kind.close_surplus": "surplus closed",
        "kind.distribution": "distribution",
        "kind.distribution_transfer": "distribution transfer",
        "kind.dist_pay": "distribution paid",
        "kind.convert": "converted to capital",
        "kind.cover_loss": "loss covered from reserve",
        "kind.leave": "member left",
        "kind.settle": "leaver settled",
        "kind.opening": "opening balances",
        "ma.member_no": "Member", "ma.opening_capital": "Capital, start",
        "ma.share_capital": "Capital, end", "ma.opening_reserve_share": "Reserve share, start",
        "ma.reserve_share": "Reserve share, end", "ma.subsidy_share": "Subsidy share",
        "ma.area_mu": "Area (mu)", "ma.mu_days": "Mu-days", "ma.base_payment": "Base payment",
        "ma.patronage_return": "Patronage return",
        "ma.residual_distribution": "Residual distribution", "ma.paid": "Paid",
        "ma.converted": "Converted", "ma.unpaid": "Owed",
        "v.title": "Accounting voucher", "v.number": "Voucher no.", "v.date": "Date",
        "v.memo": "Memo", "v.account": "Account", "v.member": "Member", "v.debit": "Debit",
        "v.credit": "Credit", "v.total": "Total", "v.in_capitals": "Total in Chinese capitals",
        "v.made_by": "Made by:", "v.approved_by": "Approved by:", "v.posted_by": "Posted by:",
        "v.reversal_of": "Reverses voucher", "v.kind": "Written by",
        "st.title": "{coop} Member share statement ({year})",
        "st.member": "Member", "st.member_no": "Member no.", "st.name": "Name (head)",
        "st.household": "Household", "st.id_number": "ID number",
        "st.land": "Land contributed", "st.parcel": "Parcel", "st.contract": "Contract",
        "st.area": "Area (mu)", "st.held_since": "Held since", "st.total_area":
            "Area held at year end (mu)",
        "st.shares": "Shares", "st.base": "Base payment (a land cost, shown apart from dividends)",
        "st.base_payment": "Base payment for the year", "st.dividends": "Dividends",
        "st.patronage": "Patronage return", "st.patronage_basis":
            "Basis: average land in use (mu-days / days)",
        "st.residual": "Residual distribution", "st.residual_basis":
            "Basis: average daily capital + reserve share + subsidy share (yuan)",
        "st.dividend_total": "Total dividends", "st.in_capitals":
            "Total dividends in Chinese capitals",
        "st.account": "Member account", "st.opening": "Start of year",
        "st.closing": "End of year",
        "st.capital": "Share capital", "st.reserve_share": "Reserve share",
        "st.subsidy_share": "Subsidy share",
        "st.payment": "Payment", "st.paid": "Paid in cash", "st.converted":
            "Converted to capital",
        "st.unpaid": "Still owed", "st.payment_line": "{date} voucher {number}: {amount} yuan",
        "st.charter": "Charter applied", "st.approved_on":
            "Distribution approved by the assembly on",
        "st.digest": "Ledger digest (chain head)",
        "st.how_to_check": ("To check: ask the accountant or the supervisory board to run "
                            "'coop check' on the books and confirm that its chain head equals "
                            "the digest above; if it does, the books behind this statement "
                            "have not been altered."),
        "st.sign_accountant": "Accountant:", "st.sign_member": "Member:", "st.date": "Date:",
        "st.none": "none",
        "note.charter": ("Charter: base payment {base_rate} yuan per mu; land valued at "
                         "{land_value_per_mu} yuan per mu; {shares_per_mu} shares per mu; "
                         "cash shares at {share_price} yuan; reserve rate {reserve_rate}; "
                         "welfare rate {welfare_rate}; patronage ratio {patronage_ratio}; "
                         "{notice_months} months' notice to leave."),
        "note.land_policy": ("Land management rights are contributed at {value} yuan per mu and "
                             "booked as intangible assets without amortisation: their value is "
                             "one year's use, and each year's use is the base payment ({base} "
                             "yuan per mu), an operating expense. This departs from "
                             "straight-line amortisation of intangibles."),
        "note.base_expense": ("The base payment is a cost of the land, owed whatever the "
                              "harvest; it is not an advance on dividends."),
        "note.distribution": ("Distribution (approved by the members' assembly on {approved_on})"
                              ": surplus {surplus}; reserve {reserve}; welfare {welfare}; "
                              "distributable {distributable}; patronage returns "
                              "{patronage_pool}; residual distribution {residual_pool}; "
                              "retained {retained}."),
    },
}


def t(lang: str, key: str, **values: str) -> str:
    text = CATALOG[lang][key]
    return text.format(**values) if values else text


def money(fen: int, lang: str) -> str:
    """Grouped digits for the locale, always two decimals: 1,234,567.89."""
    return format_decimal(fen_to_decimal(fen), format="#,##0.00;-#,##0.00",
                          locale=LOCALES[lang])


def decimal_text(value: Decimal, digits: int, lang: str) -> str:
    pattern = "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=LOCALES[lang])
