"""Reads of the spending-rules and finance-settings pages: the rules a union follows and
where each comes from, and its settings with the source of every value."""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.core import scoping
from gonghui.orgs.models import Union

from .. import rules, spending
from ..models import DuesRounding, FinanceSettings, WageItem
from .common import settings_for


def rule_table(user, union: Union) -> list[spending.RuleEntry]:
    scoping.require(user, "finance.view", union=union)
    return spending.rule_table(union)


def rule_entry(user, union: Union, key: str) -> spending.RuleEntry | None:
    return next((e for e in rule_table(user, union) if e.rule.key == key), None)


def can_change_rules(user, union: Union) -> bool:
    return scoping.has_perm(user, "finance.rules", union=union)


@dataclass
class SettingRow:
    label: str
    value: str
    default: str
    note: str


def settings_view(user, union: Union) -> tuple[FinanceSettings, str]:
    """The settings in force and a Chinese description of where they come from."""
    scoping.require(user, "finance.view", union=union)
    row = settings_for(union)
    origin = row.inherited_from
    if origin is None:
        label = "本会设置"
    elif origin == "defaults":
        label = "平台默认值（依据全国规定）"
    else:
        label = f"沿用上级 {origin.name} 的设置"
    return row, label


def settings_rows(row: FinanceSettings) -> list[SettingRow]:
    """Each setting with its value, the national default and where the default comes from."""
    items = "、".join(WageItem(i).label for i in row.dues_items or [] if i in WageItem.values)
    default_items = "、".join(WageItem(i).label for i in rules.DUES_COUNTED_ITEMS)

    def pct(value) -> str:
        return f"{(value * 100).normalize():f}%"

    return [
        SettingRow(
            "会费比例",
            pct(row.dues_rate),
            pct(rules.DUES_RATE),
            "全总《关于中国工会会员会费收交和管理的规定》：每月按本人工资收入的千分之五交纳",
        ),
        SettingRow(
            "会费取整",
            row.get_dues_rounding_display(),
            DuesRounding.DROP_UNDER_TEN.label,
            "同上：工资收入中不足十元的尾数不计交会费",
        ),
        SettingRow(
            "计入会费基数的工资项目",
            items or "—",
            default_items,
            "各地、各行业口径不同（机关、事业单位、企业），请按本省规定调整",
        ),
        SettingRow(
            "退休会员免交会费", "是" if row.exempt_retired else "否", "是", "多数省份退休会员免交"
        ),
        SettingRow(
            "连续欠缴提示月数",
            f"{row.arrears_months} 个月",
            f"{rules.ARREARS_MONTHS} 个月",
            "《中国工会章程》第三十条：无正当理由连续六个月不交会费视为自动退会（委员会决定）",
        ),
        SettingRow(
            "经费拨缴比例",
            pct(row.funds_rate),
            pct(rules.FUNDS_RATE),
            "《工会法》第四十三条：按每月全部职工工资总额的百分之二拨缴",
        ),
        SettingRow(
            "基层留成比例",
            pct(row.local_share),
            pct(rules.LOCAL_SHARE),
            "省总工会规定分成比例，常见 60% 留基层，其余上解",
        ),
        SettingRow(
            "凭证审批角色",
            row.get_approver_role_display(),
            "工会主席",
            "审批人不能审批自己填制或提交的凭证（四眼原则）",
        ),
        SettingRow(
            "预算预警比例",
            pct(row.budget_warn_ratio),
            pct(rules.BUDGET_WARN_RATIO),
            "《基层工会预算管理办法》：预算一经批准严格执行；超过 100% 须先调整预算",
        ),
        SettingRow("开办储金会/互助金", "是" if row.mutual_aid else "否", "否", ""),
    ]
