"""Finance rules and their defaults, each with its source. Every figure here is the
default of a per-union setting (``FinanceSettings``) or of an example spending rule; a
union or its federation changes them on the settings page, never in code."""

from decimal import Decimal

# 会费: 全总《关于中国工会会员会费收交和管理的规定》: 会员每月按本人工资收入的千分之五
# 交纳会费；工资收入中不足十元的尾数不计交会费。Which wage items count differs by sector
# (机关、事业单位、企业), so the items are a setting; bonuses and allowances are left out
# by default.
DUES_RATE = Decimal("0.005")
DUES_ROUND_STEP = Decimal("10")
DUES_COUNTED_ITEMS = ("basic", "post", "performance")
# 《中国工会章程》第三十条: 会员没有正当理由连续六个月不交纳会费……视为自动退会。
# The software flags; the committee decides.
ARREARS_MONTHS = 6

# 工会经费: 《中华人民共和国工会法》（2021 年修正）第四十三条: 按每月全部职工工资总额的
# 百分之二向工会拨缴经费。The share kept by the grassroots union is set by the province
# (commonly 60%, the rest due upward).
FUNDS_RATE = Decimal("0.02")
LOCAL_SHARE = Decimal("0.60")

# 预算: warn when a budget line is this far spent; refuse past 100% until it is adjusted
# (《基层工会预算管理办法》: 预算一经批准，严格执行；确需调整的，按程序报批).
BUDGET_WARN_RATIO = Decimal("0.90")

# 储金会/互助金 loans: default term in months when the committee sets none.
LOAN_DEFAULT_MONTHS = 12

EXAMPLE_NOTE = "示例标准，请按本省（行业）最新规定调整"

# The example spending rules every union inherits until it or its federation sets its
# own. Figures are examples from published provincial rules (安徽 2025: 节日慰问全年不超过
# 2200 元、生日慰问不超过 500 元); 《基层工会经费收支管理办法》（总工办发〔2017〕32 号）第
# 八条: 节日慰问可以发放实物和指定商户的提货凭证，不得发放现金、购物卡; 第七条: 奖励
# 人数一般不超过参与人数的三分之一.
# key, name, category code, limits …
DEFAULT_SPENDING_RULES = [
    {
        "key": "festival",
        "name": "节日慰问",
        "category": "50101",
        "cap_year": Decimal("2200"),
        "forbid_cash": True,
        "forbid_card": True,
        "source": "安徽 2025 示例：元旦、春节、劳动节、端午、中秋、国庆六个节日合计每人每年不超过"
        " 2200 元；只能发实物，不得发放现金、购物卡（总工办发〔2017〕32 号）",
    },
    {
        "key": "birthday",
        "name": "生日慰问",
        "category": "50102",
        "cap_year": Decimal("500"),
        "times_year": 1,
        "forbid_cash": True,
        "forbid_card": True,
        "source": "安徽 2025 示例：每人每年不超过 500 元，可发实物或蛋糕券，不得发放现金、购物卡",
    },
    {
        # Once a year per illness, not per category (the Anhui rules engine's "同一病种一年一
        # 次", 皖工发〔2025〕18号 p.9-10); only a stay of more than 3 days (a company's
        # condolence rule: 住院 3 天以上).
        "key": "hospital",
        "name": "住院慰问",
        "category": "50103",
        "cap_event": Decimal("1000"),
        "times_event_year": 1,
        "min_days": 3,
        "source": "示例：会员生病住院每次不超过 1000 元；同一病种每年慰问一次（皖工发〔2025〕18号"
        " 第9-10页）；住院超过 3 天方予慰问（企业工会会员慰问办法示例）",
    },
    {
        "key": "wedding",
        "name": "结婚慰问",
        "category": "50104",
        "cap_event": Decimal("1000"),
        "times_year": 1,
        "source": "示例：会员结婚每人不超过 1000 元",
    },
    {
        "key": "birth",
        "name": "生育慰问",
        "category": "50105",
        "cap_event": Decimal("1000"),
        "times_year": 1,
        "source": "示例：会员生育每次不超过 1000 元",
    },
    {
        "key": "retire",
        "name": "退休慰问",
        "category": "50106",
        "cap_event": Decimal("1000"),
        "times_ever": 1,
        "source": "示例：会员退休一次性慰问不超过 1000 元，每人只慰问一次（皖工发〔2025〕18号"
        " 第9-10页）",
    },
    {
        "key": "death",
        "name": "会员去世慰问",
        "category": "50107",
        "cap_event": Decimal("2000"),
        "times_year": 1,
        "source": "示例：会员去世慰问其家属不超过 2000 元",
    },
    {
        "key": "relative_death",
        "name": "直系亲属去世慰问",
        "category": "50108",
        "cap_event": Decimal("1000"),
        "source": "示例：会员直系亲属去世每次不超过 1000 元",
    },
    {
        "key": "outing",
        "name": "春秋游",
        "category": "50109",
        "cap_day": Decimal("200"),
        "forbid_cash": True,
        "forbid_card": True,
        "source": "示例：春秋游每人每天不超过 200 元（含交通、门票、餐费）",
    },
    {
        "key": "prize",
        "name": "活动奖品",
        "category": "50110",
        "cap_event": Decimal("300"),
        "winners_one_in": 3,
        "forbid_cash": False,
        "forbid_card": True,
        "source": "示例：奖品每人每次不超过 300 元；获奖人数一般不超过参与人数的三分之一"
        "（总工办发〔2017〕32 号第七条）",
    },
    {
        # 皖工发〔2025〕18号 p.17 (encoded in the Anhui rules engine): health checks are the
        # employer's; the union may run one only on the employer's written 委托 and money.
        "key": "health_check",
        "name": "职工体检",
        "category": "50114",
        "forbid_union_funds": True,
        "source": "示例：职工体检经费应由单位行政负担，不得列入基层工会经费；工会受单位行政书面委托"
        "承办的，经费由行政拨付（皖工发〔2025〕18号 第17页）",
    },
]


# The national income and expense categories (《工会会计制度》, 《基层工会经费收支管理办法》)
# with the sub-items unions use most. Codes are stable: rules and budgets refer to them.
# (code, name, kind, parent code or None)
CATEGORIES = [
    ("401", "会费收入", "income", None),
    ("402", "拨缴经费收入", "income", None),
    ("403", "上级补助收入", "income", None),
    ("404", "行政补助收入", "income", None),
    ("405", "事业收入", "income", None),
    ("406", "投资收益", "income", None),
    ("407", "其他收入", "income", None),
    ("501", "职工活动支出", "expense", None),
    ("50101", "节日慰问", "expense", "501"),
    ("50102", "生日慰问", "expense", "501"),
    ("50103", "住院慰问", "expense", "501"),
    ("50104", "结婚慰问", "expense", "501"),
    ("50105", "生育慰问", "expense", "501"),
    ("50106", "退休慰问", "expense", "501"),
    ("50107", "会员去世慰问", "expense", "501"),
    ("50108", "直系亲属去世慰问", "expense", "501"),
    ("50109", "春秋游", "expense", "501"),
    ("50110", "活动奖品", "expense", "501"),
    ("50111", "文体活动", "expense", "501"),
    ("50112", "职工教育", "expense", "501"),
    ("50113", "宣传活动", "expense", "501"),
    ("50114", "职工体检", "expense", "501"),
    ("50199", "其他职工活动", "expense", "501"),
    ("502", "维权支出", "expense", None),
    ("50201", "困难帮扶", "expense", "502"),
    ("50202", "送温暖", "expense", "502"),
    ("50203", "劳动保护", "expense", "502"),
    ("50204", "法律援助", "expense", "502"),
    ("50299", "其他维权", "expense", "502"),
    ("503", "业务支出", "expense", None),
    ("50301", "培训", "expense", "503"),
    ("50302", "会议", "expense", "503"),
    ("50303", "专项业务", "expense", "503"),
    ("50399", "其他业务", "expense", "503"),
    ("504", "资本性支出", "expense", None),
    ("50401", "设备购置", "expense", "504"),
    ("50402", "大型修缮", "expense", "504"),
    ("505", "事业支出", "expense", None),
    ("506", "其他支出", "expense", None),
    # The part of the 2% remittance due upward, when the employer pays it all to the
    # grassroots union and the union passes the higher levels' share on.
    ("507", "上缴上级支出", "expense", None),
]
DUES_CATEGORY = "401"
REMITTANCE_CATEGORY = "402"
UPWARD_CATEGORY = "507"
