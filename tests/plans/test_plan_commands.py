"""`gonghui plan show / document / copy`, and the same document and copy through the pages."""

from __future__ import annotations

import datetime
import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex
from gonghui.plans.models import Plan

from .support import YEAR, make_plan


def run(*args) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_show_json_gives_counts_overdue_and_live_targets(world):
    plan = make_plan(world.school)
    member_services.member_create(
        actor=None,
        union=world.school,
        name="新会员",
        sex=Sex.MALE,
        joined_on=datetime.date(YEAR, 3, 2),
    )
    data = json.loads(
        run("show", "--union", "school", "--year", str(YEAR), "--date", f"{YEAR}-09-10", "--json")
    )
    # by the records (plans.status): the new member moves 发展新会员 on; the contract and the
    # March outing are past their months, the fortnightly study has no record; 教师节 waits
    assert data["counts"] == {
        "total": 5,
        "done": 0,
        "doing": 1,
        "planned": 1,
        "dropped": 0,
        "late": 3,
    }
    contract = plan.items.get(order=2)
    assert contract.pk in data["overdue"]
    [target] = data["targets"]
    assert (target["metric"], target["value"], target["actual"], target["state"]) == (
        "members.new",
        300,
        1,
        "behind",
    )
    text = run("show", "--union", "school", "--year", str(YEAR), "--date", f"{YEAR}-09-10")
    assert "逾期 2 项" in text and "实际 1人 [进度落后]" in text


def test_document_writes_both_files_and_is_audited(world, tmp_path):
    make_plan(world.school)
    out = tmp_path / "plan.docx"
    assert "已生成年度工作计划" in run(
        "document", "--union", "school", "--year", str(YEAR), "--out", str(out)
    )
    assert docx.Document(str(out)).paragraphs[0].text == "第一中学工会2026年工作计划"
    summary = tmp_path / "summary.docx"
    run(
        "document",
        "--union",
        "school",
        "--year",
        str(YEAR),
        "--kind",
        "summary",
        "--out",
        str(summary),
        "--date",
        f"{YEAR}-12-31",
    )
    assert docx.Document(str(summary)).paragraphs[0].text == "第一中学工会2026年工作总结"
    # each download under its own action
    assert AuditEntry.objects.filter(action="plan.download").count() == 1
    assert AuditEntry.objects.filter(action="plan.summary_export").count() == 1


def test_copy_and_its_refusals(world):
    make_plan(world.school)
    assert "完成期限顺延到 2027 年" in run(
        "copy", "--union", "school", "--year", str(YEAR), "--to", "2027"
    )
    assert Plan.objects.get(union=world.school, year=2027).items.count() == 5
    with pytest.raises(CommandError, match="已有 2027 年度"):
        run("copy", "--union", "school", "--year", str(YEAR), "--to", "2027")
    with pytest.raises(CommandError, match="没有 2030 年度"):
        run("show", "--union", "school", "--year", "2030")


def test_download_and_copy_through_the_pages(world, client_for):
    make_plan(world.school)
    client = client_for(world.users["treasurer"])
    response = client.get(reverse("plans:document", args=["school", YEAR, "summary"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert (
        docx.Document(io.BytesIO(response.content)).paragraphs[0].text
        == "第一中学工会2026年工作总结"
    )
    assert client.get(reverse("plans:document", args=["school", YEAR, "other"])).status_code == 404
    # a viewer may download but not copy
    assert (
        client.post(
            reverse("plans:plan_copy", args=["school", YEAR]), {"year": YEAR + 1}
        ).status_code
        == 403
    )
    chair = client_for(world.users["chair"])
    response = chair.post(reverse("plans:plan_copy", args=["school", YEAR]), {"year": YEAR + 1})
    new = Plan.objects.get(union=world.school, year=YEAR + 1)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()


def test_edit_title_and_add_a_section_and_item_through_the_pages(world, client_for):
    plan = make_plan(world.school)
    client = client_for(world.users["committee"])
    client.post(
        reverse("plans:plan_edit", args=["school", YEAR]),
        {"title": "新标题", "guiding_idea": "为教职工服务"},
    )
    plan.refresh_from_db()
    assert (plan.title, plan.guiding_idea) == ("新标题", "为教职工服务")
    client.post(
        reverse("plans:section_create", args=["school", YEAR]),
        {"number": "三", "title": "关心退休教职工"},
    )
    section = plan.sections.get(number="三")
    response = client.post(
        reverse("plans:item_create", args=["school", YEAR]),
        {
            "section": section.pk,
            "text": "重阳节走访退休教职工",
            "months": ["10"],
            "repeat": "",
            "due": f"{YEAR}-10-20",
        },
    )
    assert response.status_code == 302
    item = plan.items.get(text="重阳节走访退休教职工")
    assert (item.section, item.months, str(item.due)) == (section, [10], f"{YEAR}-10-20")
    page = client.post(
        reverse("plans:item_edit", args=[item.pk]),
        {"text": "重阳节走访", "repeat": "custom", "rrule": ""},
    ).content.decode()
    assert "选择了自定义，请填写重复规则" in page
    item.refresh_from_db()
    assert item.text == "重阳节走访退休教职工"
