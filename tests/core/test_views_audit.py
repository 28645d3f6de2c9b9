"""The audit list and an object's history: who sees which entries, and how changes read."""

import pytest

from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
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


@pytest.mark.parametrize("role", ["outsider", "treasurer", "member", "nobody"])
def test_history_of_school_refused(role, world, client_for):
    response = client_for(getattr(world, role)).get(f"/audit/orgs.union/{world.school.pk}/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权访问" in text
    assert "职工人数" not in text


def test_outsider_refused_history_of_school_group(world, client_for):
    response = client_for(world.outsider).get(f"/audit/orgs.uniongroup/{world.chinese.pk}/")
    assert response.status_code == 403


def test_outsider_reads_own_union_history(world, client_for):
    response = client_for(world.outsider).get(f"/audit/orgs.union/{world.hospital.pk}/")
    assert response.status_code == 200
    assert "卫生院工会" in response.content.decode()


def test_history_of_unknown_object_refused(world, client_for):
    # The same answer as for an object out of reach, so ids cannot be probed.
    response = client_for(world.chair).get("/audit/orgs.union/999999/")
    assert response.status_code == 403


def test_dashboard_shows_recent_entries_to_auditor_only(world, client_for, client):
    text = client_for(world.auditor).get("/").content.decode()
    assert "最近操作" in text
    client.logout()
    client.force_login(world.treasurer)
    assert "最近操作" not in client.get("/").content.decode()


def test_history_names_what_a_foreign_key_points_to(world, client_for):
    text = client_for(world.chair).get(f"/audit/orgs.union/{world.school.pk}/").content.decode()
    assert "上级工会" in text
    assert "（空） → 示范镇总工会" in text


def test_history_shows_choice_labels_not_codes(world, client_for):
    text = client_for(world.chair).get(f"/audit/orgs.union/{world.school.pk}/").content.decode()
    # kind is stored as "school"; the history shows its label.
    assert "（空） → 学校工会" in text
