"""Plan pages through the test client: who sees what, the live target figure, the import
preview, item status, targets and links, the 工作台 panel."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.members import services as member_services
from gonghui.orgs.models import Sex
from gonghui.plans.models import Item, ItemLink, ItemStatus, Plan

from .support import YEAR, make_plan

PASTED = """第一中学工会2026年工作计划
一、加强组织建设
1、发展新会员300人。
2、每两周组织一次理论学习。
二、月度安排
三月份：庆祝三八节，组织教职工踏青。
九月份：庆祝教师节。
"""


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


@pytest.mark.parametrize("who", ["chair", "committee", "treasurer", "auditor", "fed_admin"])
def test_plan_pages_open_for_those_who_may_see(world, client_for, who):
    make_plan(world.school)
    client = client_for(world.users[who])
    for page in (
        url("plan", "school", YEAR),
        url("outline", "school", YEAR),
        url("calendar_month", "school", YEAR, 3),
        url("list", "school", YEAR),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "第一中学工会2026年工作计划" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    # 404 where no grant reaches the school, 403 for its member without plan.view.
    [("outsider", 404), ("member", 403), ("nobody", 404)],
)
def test_plan_pages_refuse_others(world, client_for, who, status):
    plan = make_plan(world.school)
    client = client_for(world.users[who])
    assert client.get(url("plan", "school", YEAR)).status_code == status
    assert client.get(url("item", plan.items.first().pk)).status_code == status
    assert client.get(url("import", "school")).status_code == status


def test_viewers_cannot_change(world, client_for):
    plan = make_plan(world.school)
    client = client_for(world.users["treasurer"])
    page = client.get(url("plan", "school", YEAR)).content.decode()
    assert "添加事项" not in page
    item = plan.items.first()
    response = client.post(url("item_status", item.pk), {"status": "doing"})
    assert response.status_code == 403
    assert Item.objects.get(pk=item.pk).status == ItemStatus.PLANNED


def test_target_shows_the_live_count_after_members_join(world, client_for):
    """“新入会人数 ≥ 300”: the figure comes from the roster, never typed in."""
    make_plan(world.school)
    client = client_for(world.users["chair"])
    page = client.get(url("plan", "school", YEAR)).content.decode()
    assert re.search(r"新入会人数 ≥ 300人.*?实际 <strong[^>]*>0人</strong>", page, re.S)
    for n in range(3):
        member_services.member_create(
            actor=None,
            union=world.school,
            name=f"新教师{n}",
            sex=Sex.FEMALE,
            joined_on=datetime.date(YEAR, 3, 1 + n),
        )
    page = client.get(url("plan", "school", YEAR)).content.decode()
    assert re.search(r"新入会人数 ≥ 300人.*?实际 <strong[^>]*>3人</strong>", page, re.S)


def test_home_redirects_to_this_years_plan_or_offers_to_start(world, client_for):
    client = client_for(world.users["chair"])
    page = client.get(url("home", "school")).content.decode()
    assert "还没有" in page and "导入计划" in page
    year = timezone.localdate().year
    make_plan(world.school, year=year)
    response = client.get(url("home", "school"))
    assert response.status_code == 302 and response["Location"] == url("plan", "school", year)


def test_import_paste_preview_fix_and_save(world, client_for):
    client = client_for(world.users["chair"])
    response = client.post(url("import", "school"), {"year": YEAR, "text": PASTED})
    page = response.content.decode()
    assert response.status_code == 200 and "核对导入的计划" in page
    assert not Plan.objects.exists()  # nothing saved before 保存
    # the form as the browser would send it back, with the March item moved to April
    data = {k: v for k, v in _form_values(page).items()}
    march = next(k for k, v in data.items() if k.endswith("-text") and "三八" in v)
    row = march.split("-")[1]
    data[f"it-{row}-months"] = "4"
    data["step"] = "save"
    response = client.post(url("import", "school"), data)
    assert response.status_code == 302
    plan = Plan.objects.get(union=world.school, year=YEAR)
    outing = plan.items.get(text__contains="三八")
    assert outing.months == [4] and outing.in_schedule
    assert plan.items.filter(rrule="FREQ=WEEKLY;INTERVAL=2").exists()


def test_import_preview_keeps_edits_when_a_row_is_wrong(world, client_for):
    client = client_for(world.users["chair"])
    page = client.post(url("import", "school"), {"year": YEAR, "text": PASTED}).content.decode()
    data = _form_values(page)
    data["it-0-months"] = "13"
    data["it-1-text"] = "每两周组织一次政治理论学习"
    data["step"] = "save"
    page = client.post(url("import", "school"), data).content.decode()
    assert "第 1 项：月份应为 1 至 12 的数字" in page
    assert "每两周组织一次政治理论学习" in page
    assert not Plan.objects.exists()


def test_import_refuses_an_unknown_file_type(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["chair"])
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4", content_type="application/pdf")
    page = client.post(url("import", "school"), {"year": YEAR, "file": upload}).content.decode()
    assert ".docx" in page and not Plan.objects.exists()


def test_item_status_target_and_link_through_the_page(world, client_for):
    plan = make_plan(world.school)
    item = plan.items.get(order=4)
    client = client_for(world.users["committee"])
    response = client.post(
        url("item_status", item.pk), {"status": "done", "done_on": f"{YEAR}-03-08"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.done_on == datetime.date(YEAR, 3, 8)
    client.post(
        url("target_add", item.pk),
        {"metric": "members.total", "op": ">=", "value": "5", "unit": "", "text": "会员不少于5人"},
    )
    page = client.get(url("item", item.pk)).content.decode()
    assert "会员总数 ≥ 5人" in page and "已达成" in page
    # a posted voucher of the school in the plan's year can be linked; another union's cannot
    from gonghui.finance.models import Voucher

    voucher = Voucher.objects.filter(union=world.school, status="posted", date__year=YEAR).first()
    if voucher is not None:
        client.post(url("link_add", item.pk), {"kind": "voucher", "record": voucher.pk})
        assert ItemLink.objects.filter(item=item).count() == 1
    client.post(url("link_add", item.pk), {"kind": "voucher", "record": 999999})
    assert ItemLink.objects.filter(item=item).count() == (1 if voucher else 0)
    options = client.get(url("link_options", item.pk), {"kind": "sitting"})
    assert options.status_code == 200 and "<select" in options.content.decode()


def test_outline_query_count_does_not_grow_with_items(world, client_for):
    plan = make_plan(world.school)
    client = client_for(world.users["chair"])
    client.get(url("outline", "school", YEAR))
    with CaptureQueriesContext(connection) as few:
        client.get(url("outline", "school", YEAR))
    for n in range(10):
        Item.objects.create(plan=plan, order=100 + n, text=f"事项{n}", months=[n % 12 + 1])
    with CaptureQueriesContext(connection) as many:
        client.get(url("outline", "school", YEAR))
    assert len(many) == len(few)


def test_workbench_shows_this_years_plan(world, client_for):
    year = timezone.localdate().year
    make_plan(world.school, year=year)
    client = client_for(world.users["chair"])
    client.post(reverse("core:switch_union"), {"union": "school"})
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="plan-panel"' in page and f"第一中学工会{year}年工作计划" in page
    assert (
        'id="plan-panel"'
        not in client_for(world.users["member"]).get(reverse("core:dashboard")).content.decode()
    )


def _form_values(page: str) -> dict:
    """The named inputs, textareas and selected options of the preview form."""
    values = {}
    for name, value in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page):
        values[name] = value
    for tag in re.findall(r'<input[^>]*type="checkbox"[^>]*>', page):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        if "checked" in tag:
            values[name] = "1"
        else:
            values.pop(name, None)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[name] = _unescape(text)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = chosen.group(1) if chosen else ""
    values.pop("csrfmiddlewaretoken", None)
    return {k: _unescape(v) for k, v in values.items()}


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
