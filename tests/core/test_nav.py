"""The navigation: the areas of work on the bar, the user's own pages under 我的, the roles
and the trail under 管理 — each shown only to who may open it."""

import re

from django.urls import reverse


def menu(page: str, label: str) -> list[str]:
    """The links of the dropdown ``label`` on the page."""
    found = re.search(
        rf'data-bs-toggle="dropdown"[^>]*>{label}</a>\s*<ul class="dropdown-menu">(.*?)</ul>',
        page,
        re.S,
    )
    return re.findall(r">([^<]+)</a></li>", found[1]) if found else []


def test_the_chair_finds_their_own_pages_under_mine_and_the_trail_under_admin(world, client_for):
    page = client_for(world.chair).get(reverse("core:dashboard")).content.decode()
    assert menu(page, "我的")[:3] == ["我的信息", "我的会费", "我的提案与附议"]
    assert "公示" in menu(page, "我的")
    assert menu(page, "管理") == ["权限", "审计日志"]


def test_a_member_has_no_admin_menu_and_a_federation_admin_no_dues_of_their_own(world, client_for):
    page = client_for(world.member).get(reverse("core:dashboard")).content.decode()
    assert "我的会费" in menu(page, "我的") and menu(page, "管理") == []
    page = client_for(world.fed_admin).get(reverse("core:dashboard")).content.decode()
    assert "我的会费" not in menu(page, "我的") and "我的信息" in menu(page, "我的")
