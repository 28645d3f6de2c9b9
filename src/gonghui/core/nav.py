"""The main navigation, by area of work. A new module appends its NavItem to NAV.

An item shows when the user holds ``needs`` on the current union (chosen with the
organisation switcher); ``per_union`` items link to that union's page. The bar holds the
areas of work; an item of a ``menu`` goes into that menu instead (``MENUS``: 计划总结 for the
plan and the year-end summary, 帮扶慰问 for the care pages, 我的 for the user's own things, 管理
for the trail and the roles), so the bar keeps to one line at 1280 px as modules arrive
(tests/e2e/test_browser.py measures it).
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    needs: str | None  # permission on the current union; None: any logged-in user
    per_union: bool = True
    grassroots_only: bool = False
    menu: str = ""  # a key of MENUS, or "" for the bar itself

    def url(self, union) -> str:
        code = union.code if self.per_union else None
        return _reverse(self.url_name, code, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=4096)
def _reverse(url_name: str, code: str | None, prefix: str, urlconf) -> str:
    """The bar's links, reversed once per union code: every page draws about forty of them,
    and ``reverse`` was most of what the navigation cost (the prefix and URLconf are in the
    key, so a site under a sub-path or a test's own URLconf gets its own)."""
    return reverse(url_name, args=[code]) if code is not None else reverse(url_name)


MENUS = {
    "plans": "计划总结",
    "care": "帮扶慰问",
    "rights": "维权",
    "mine": "我的",
    "admin": "管理",
}

NAV: list[NavItem] = [
    NavItem("工作台", "core:dashboard", None, per_union=False),
    NavItem("组织建设", "orgs:union_detail", "org.view"),
    NavItem("会员", "members:member_list", "member.view"),
    NavItem("经费", "finance:home", "finance.view"),
    NavItem("职代会", "congress:home", "congress.view", grassroots_only=True),
    NavItem("年度计划", "plans:home", "plan.view", grassroots_only=True, menu="plans"),
    NavItem("年度总结", "plans:summary_home", "plan.view", menu="plans"),
    NavItem("下属工会", "orgs:union_list", "org.admin", per_union=False),
    NavItem("我的信息", "core:me", None, per_union=False, menu="mine"),
    NavItem("我的会费", "finance:my_dues", "self.view", per_union=False, menu="mine"),
    NavItem("我的提案与附议", "congress:proposal_mine", "self.view", per_union=False, menu="mine"),
    NavItem("权限", "core:union_roles", "role.change", menu="admin"),
    NavItem("审计日志", "core:audit_list", "audit.view", per_union=False, menu="admin"),
]
