"""The audit list and an object's history: who sees which entries, and how changes read."""

import datetime
import re
from unittest import mock

import pytest
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.finance.models import PayrollMonth
from gonghui.finance.services.payroll import payroll_record
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Sex
from tests.conftest import union_form_data


def listed_unions(response) -> set:
    return {e.union_id for e in response.context["page"].object_list}


def test_auditor_sees_school_entries_only(world, client_for):
    response = client_for(world.auditor).get("/audit/")
    assert response.status_code == 200
    assert listed_unions(response) == {world.school.pk}
    text = response.content.decode()
    assert "第一中学工会" in text
    assert "语文组" in text
    assert "吴老师" in text
    # Nothing of the hospital next door; the federation above appears only as the school's
    # parent in the school's own creation entry (listed_unions shows no federation entry).
    assert "卫生院工会" not in text
    assert "郑护士" not in text
    assert "内科" not in text


def test_auditor_sees_new_school_entry_not_new_hospital_entry(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    member_services.member_create(
        actor=world.outsider, union=world.hospital, name="陈医生", sex=Sex.MALE
    )
    text = client_for(world.auditor).get("/audit/").content.decode()
    assert "冯老师" in text
    assert "添加会员" in text  # the Chinese action label
    assert "陈医生" not in text


def test_outsider_sees_hospital_entries_only(world, client_for):
    response = client_for(world.outsider).get("/audit/")
    assert response.status_code == 200
    assert listed_unions(response) == {world.hospital.pk}
    text = response.content.decode()
    assert "郑护士" in text
    assert "吴老师" not in text
    assert "语文组" not in text


def test_federation_admin_sees_whole_subtree(world, client_for):
    response = client_for(world.fed_admin).get("/audit/")
    assert listed_unions(response) == {world.fed.pk, world.school.pk, world.hospital.pk}


def test_platform_admin_also_sees_account_entries(world, client_for):
    response = client_for(world.platform_admin).get("/audit/?page=1")
    # Accounts belong to no union; only the platform administrator sees their creation.
    all_entries = AuditEntry.objects.count()
    assert response.context["page"].paginator.count == all_entries
    assert None in {e.union_id for e in AuditEntry.objects.all()}


def test_audit_list_is_paginated(world, client_for):
    for i in range(55):
        member_services.member_create(actor=None, union=world.school, name=f"会员{i}", sex=Sex.MALE)
    client = client_for(world.auditor)
    first = client.get("/audit/")
    assert len(first.context["page"].object_list) == 50
    assert "下一页" in first.content.decode()
    second = client.get("/audit/?page=2")
    assert second.status_code == 200
    assert {e.pk for e in first.context["page"]}.isdisjoint({e.pk for e in second.context["page"]})


@pytest.mark.parametrize("role", ["treasurer", "committee", "member", "group_leader", "nobody"])
def test_audit_list_refused_without_audit_view(role, world, client_for):
    response = client_for(getattr(world, role)).get("/audit/")
    assert response.status_code == 403
    assert "您无权查看审计日志。" in response.content.decode()


def test_history_shows_chinese_labels_and_values(world, client_for):
    chair = client_for(world.chair)
    response = chair.post(
        "/unions/school/edit/",
        union_form_data(world.school, staff_count=45, employer_name="市第一中学"),
    )
    assert response.status_code == 302
    response = chair.get(f"/audit/orgs.union/{world.school.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "修改历史：第一中学工会" in text
    assert "修改工会信息" in text
    assert "新建工会" in text
    assert "chair" in text  # who did it
    # Field names in Chinese, with before → after.
    assert '<span class="text-secondary">职工人数</span>：40 → 45' in text
    assert '<span class="text-secondary">所在单位</span>：第一中学 → 市第一中学' in text
    assert "staff_count" not in text
    # Only this object's entries are listed.
    assert {(e.object_type, e.object_id) for e in response.context["page"]} == {
        ("orgs.union", str(world.school.pk))
    }


def test_history_shows_empty_values_in_chinese(world, client_for):
    client = client_for(world.chair)
    client.post("/unions/school/edit/", union_form_data(world.school, founded_on=""))
    text = client.get(f"/audit/orgs.union/{world.school.pk}/").content.decode()
    assert "成立日期</span>：1990-09-01 → （空）" in text


def test_auditor_reads_history(world, client_for):
    response = client_for(world.auditor).get(f"/audit/orgs.union/{world.school.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "role, status", [("outsider", 404), ("nobody", 404), ("treasurer", 403), ("member", 403)]
)
def test_history_of_school_refused(role, status, world, client_for):
    # Outside one's reach the object might as well not exist (404); within it, 403.
    response = client_for(getattr(world, role)).get(f"/audit/orgs.union/{world.school.pk}/")
    assert response.status_code == status
    text = response.content.decode()
    assert "职工人数" not in text


def test_outsider_refused_history_of_school_group(world, client_for):
    response = client_for(world.outsider).get(f"/audit/orgs.uniongroup/{world.chinese.pk}/")
    assert response.status_code == 404
    assert "语文组" not in response.content.decode()


def test_outsider_reads_own_union_history(world, client_for):
    response = client_for(world.outsider).get(f"/audit/orgs.union/{world.hospital.pk}/")
    assert response.status_code == 200
    assert "卫生院工会" in response.content.decode()


def test_history_of_unknown_object_refused(world, client_for):
    # The same answer as for an object out of reach, so ids cannot be probed.
    response = client_for(world.chair).get("/audit/orgs.union/999999/")
    assert response.status_code == 404
    assert client_for(world.chair).get("/audit/orgs.union/not-a-number/").status_code == 404


def test_dashboard_shows_recent_entries_to_auditor_only(world, client_for, client):
    text = client_for(world.auditor).get("/").content.decode()
    assert "最近操作" in text
    client.logout()
    client.force_login(world.treasurer)
    assert "最近操作" not in client.get("/").content.decode()


def test_history_names_what_a_foreign_key_points_to(world, client_for):
    text = client_for(world.chair).get(f"/audit/orgs.union/{world.school.pk}/").content.decode()
    # A creation lists the values it set; a foreign key by the name of what it points to.
    assert '<span class="text-secondary">上级工会</span>：示范镇总工会' in text


def test_history_shows_choice_labels_not_codes(world, client_for):
    text = client_for(world.chair).get(f"/audit/orgs.union/{world.school.pk}/").content.decode()
    # kind is stored as "school"; the history shows its label.
    assert '<span class="text-secondary">类型</span>：学校工会' in text
    assert "类型</span>：school" not in text


# --- what the pages show: Chinese labels, local time, 是/否, money, hidden columns ---------


def _history(client, obj) -> str:
    response = client.get(f"/audit/{obj._meta.label_lower}/{obj.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_history_reads_in_chinese_with_yes_no_and_no_search_columns(world, client_for):
    teacher = world.members["吴老师"]
    member_services.member_update(actor=world.chair, member=teacher, is_frontline=True)
    text = _history(client_for(world.chair), teacher)
    assert "会员" in text  # the kind of object
    assert '<span class="text-secondary">一线职工</span>：否 → 是' in text
    assert '<span class="text-secondary">教师</span>：否 → 是' in text  # set by the fixture
    # The creation lists what it set, with choices and foreign keys by name.
    assert '<span class="text-secondary">性别</span>：女' in text
    assert '<span class="text-secondary">工会小组</span>：数学组' in text
    # The ID number and mobile stay masked, as they entered the trail.
    number = teacher.id_number
    assert f"证件号码</span>：（空） → {number[:6]}{'*' * 11}{number[-1]}<" in text
    assert "手机号码</span>：（空） → 139****4321<" in text
    assert number not in text and "13987654321" not in text
    # The search columns are machinery, not facts for the record.
    for hidden in ("姓名全拼", "姓名首字母", "手机后四位", "证件号后四位", "wulaoshi", "：4321<"):
        assert hidden not in text, hidden
    for english in ("is_frontline", "False", "True", "name_pinyin", "group_id"):
        assert english not in text, english


def test_history_shows_local_times(world, client_for):
    group = org_services.group_create(actor=world.chair, union=world.school, name="英语组")
    org_services.group_archive(actor=world.chair, group=group)
    group.refresh_from_db()
    text = _history(client_for(world.chair), group)
    local = timezone.localtime(group.archived_at)
    assert f"归档时间</span>：{local:%Y-%m-%d %H:%M}" in text
    entry = AuditEntry.objects.filter(action="group.archive").get()
    at = timezone.localtime(entry.at)
    assert f'{at:%Y-%m-%d}</span> <span class="text-nowrap">{at:%H:%M}' in text
    assert "+00:00" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", text)


def test_history_shows_money_as_money(world, client_for):
    payroll_record(actor=world.treasurer, union=world.school, year=2026, amounts={1: "500000"})
    payroll_record(actor=world.treasurer, union=world.school, year=2026, amounts={1: "512345.6"})
    month = PayrollMonth.objects.get(union=world.school)
    text = _history(client_for(world.auditor), month)
    assert "全部职工工资总额</span>：500,000.00 元 → 512,345.60 元" in text


def test_list_names_actions_objects_and_people(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    text = client_for(world.auditor).get("/audit/").content.decode()
    assert "添加会员" in text and "冯老师" in text
    assert '<span class="small text-secondary">会员</span>' in text
    assert "member.create" not in text.split('id="audit-filter"')[1].split("</form>")[1]
    assert "姓名全拼" not in text


# --- the filter -----------------------------------------------------------------------


def _listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_filter_offers_the_registered_actions_by_area(world, client_for):
    text = client_for(world.chair).get("/audit/").content.decode()
    assert '<optgroup label="会员档案">' in text
    assert '<option value="member.create">添加会员</option>' in text
    assert '<option value="union.move">调整隶属关系</option>' in text
    assert 'type="date"' in text


def test_filter_by_action(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    entries = _listed(client_for(world.chair).get("/audit/?action=member.create"))
    assert entries and {e.action for e in entries} == {"member.create"}
    assert "冯老师" in {e.object_repr for e in entries}


def test_filter_refuses_an_unknown_action_and_lists_everything(world, client_for):
    response = client_for(world.chair).get("/audit/?action=member.teleport")
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert (
        response.context["page"].paginator.count
        == AuditEntry.objects.filter(union=world.school).count()
    )


def test_filter_by_user_name_or_username(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    member_services.member_create(actor=None, union=world.school, name="陈老师", sex=Sex.MALE)
    client = client_for(world.auditor)
    for who in ("chair", "CHA", "系统"):
        entries = _listed(client.get("/audit/", {"who": who}))
        assert entries, who
        expected = {world.chair.pk} if who != "系统" else {None}
        assert {e.actor_id for e in entries} == expected, who
    assert "冯老师" in {e.object_repr for e in _listed(client.get("/audit/?who=chair"))}
    assert _listed(client.get("/audit/?who=nobody-at-all")) == []


def test_filter_by_local_date_range(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    today = timezone.localdate()
    client = client_for(world.auditor)
    day = datetime.timedelta(days=1)
    assert _listed(client.get("/audit/", {"since": today, "until": today}))
    assert _listed(client.get("/audit/", {"since": today + day})) == []
    assert _listed(client.get("/audit/", {"until": today - day})) == []
    response = client.get("/audit/", {"since": today, "until": today - day})
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_a_day_is_a_day_in_beijing(world, client_for):
    # 23:30 UTC on 1 March is 07:30 on 2 March in Beijing: the entry belongs to 2 March.
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    with mock.patch.object(audit.timezone, "now", return_value=late):
        member_services.member_create(
            actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
        )
    client = client_for(world.auditor)
    on_second = _listed(client.get("/audit/?since=2026-03-02&until=2026-03-02"))
    assert [e.object_repr for e in on_second] == ["冯老师"]
    assert _listed(client.get("/audit/?since=2026-03-01&until=2026-03-01")) == []
    text = client.get("/audit/?since=2026-03-02&until=2026-03-02").content.decode()
    assert '2026-03-02</span> <span class="text-nowrap">07:30' in text


def test_filter_is_kept_when_paging(world, client_for):
    for i in range(55):
        member_services.member_create(
            actor=world.chair, union=world.school, name=f"会员{i}", sex=Sex.MALE
        )
    client = client_for(world.auditor)
    first = client.get("/audit/?action=member.create&who=chair")
    text = first.content.decode()
    assert 'href="?action=member.create&amp;who=chair&page=2"' in text
    assert "共 55 条符合条件" in text
    second = _listed(client.get("/audit/?action=member.create&who=chair&page=2"))
    assert len(second) == 5 and {e.action for e in second} == {"member.create"}


def test_outsider_filtering_sees_only_own_union(world, client_for):
    member_services.member_create(
        actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE
    )
    entries = _listed(client_for(world.outsider).get("/audit/?action=member.create"))
    assert {e.union_id for e in entries} == {world.hospital.pk}
    assert "冯老师" not in {e.object_repr for e in entries}
    assert _listed(client_for(world.outsider).get("/audit/?who=chair")) == []


def test_list_queries_do_not_grow_with_the_entries(world, client_for):
    client = client_for(world.auditor)
    client.get("/audit/")  # warm the session and the current union

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    groups = [world.chinese, world.maths]
    for i in range(30):
        member_services.member_update(
            actor=world.chair,
            member=world.members["吴老师"],
            group=groups[i % 2],  # a foreign key on every entry: named in one query
            is_manager=i % 2 == 0,
        )
    assert count() == few
