"""The 体检 pages: the member books, changes and confirms on their phone and sees their own
appointments only; a full slot comes back as a clear Chinese message; the committee's
campaign page (figures, 体检率 per group, who is due with reasons, the list, the marks) for
``care.view`` holders only — a group leader, the treasurer and the committee role get 403,
another union's campaign, target or slot 404; the provider's .xlsx and the 委托书; the
settings page; the page's query count does not grow with the list."""

import pytest
from django.urls import reverse

from gonghui.care import services_health as services
from gonghui.care.models_health import HealthCampaign, HealthTarget, TargetState
from gonghui.core.pages import XLSX
from gonghui.members.services import member_create

from .conftest import PNG, png
from .health_support import day, make_campaign, slot, target


@pytest.fixture
def campaign(world):
    found = make_campaign(world, capacity=1, entrust_file=png("委托函.png"))
    services.health_targets_add(actor=world.chair, campaign=found)
    return found


@pytest.fixture
def elsewhere(world):
    """The hospital's campaign, with its one member listed."""
    found = make_campaign(world, union=world.hospital, actor=world.outsider, name="卫生院体检")
    services.health_targets_add(actor=world.outsider, campaign=found)
    return found


# --- the member -----------------------------------------------------------------------------


def test_the_member_sees_only_their_own_appointment_and_books_it(world, client_for, campaign):
    client = client_for(world.member)
    url = reverse("care:health_mine")
    page = client.get(url).content.decode()
    assert "年度体检" in page and "县人民医院体检中心" in page and "不记录任何体检结果" in page
    assert "吴老师" not in page and "妇科/两癌筛查" not in page  # his kinds only
    mine = target(world, campaign, "周会员")
    assert f"target-{mine.pk}" in page
    assert f"target-{target(world, campaign, '吴老师').pk}" not in page
    response = client.post(
        reverse("care:health_book", args=[mine.pk]), {"slot": slot(campaign, 2).pk}
    )
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert f"预约：<strong>{slot(campaign, 2).label}</strong>" in page
    assert "已预约" in page


def test_a_full_slot_is_a_clear_message_and_changes_nothing(world, client_for, campaign):
    services.health_book(
        actor=world.chair, target=target(world, campaign, "吴老师"), slot=slot(campaign, 1)
    )
    client = client_for(world.member)
    mine = target(world, campaign, "周会员")
    page = client.get(reverse("care:health_mine")).content.decode()
    assert f"{slot(campaign, 1).label}（已满）" in page
    response = client.post(
        reverse("care:health_book", args=[mine.pk]), {"slot": slot(campaign, 1).pk}, follow=True
    )
    assert (
        f"{slot(campaign, 1).label}的名额已满（1 人），请选择其他时段。"
        in response.content.decode()
    )
    mine.refresh_from_db()
    assert mine.state == TargetState.PENDING


def test_the_member_confirms_what_the_committee_booked(world, client_for, campaign):
    mine = target(world, campaign, "周会员")
    services.health_book(actor=world.chair, target=mine, slot=slot(campaign, 3))
    client = client_for(world.member)
    page = client.get(reverse("care:health_mine")).content.decode()
    assert "工会已为您安排，请确认" in page
    client.post(reverse("care:health_confirm", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.confirmed


def test_another_members_appointment_cannot_be_touched(world, client_for, campaign, elsewhere):
    client = client_for(world.member)
    hers = target(world, campaign, "吴老师")
    assert (
        client.post(
            reverse("care:health_book", args=[hers.pk]), {"slot": slot(campaign, 2).pk}
        ).status_code
        == 403
    )
    assert client.post(reverse("care:health_cancel", args=[hers.pk])).status_code == 403
    theirs = HealthTarget.objects.get(campaign=elsewhere)
    assert (
        client.post(reverse("care:health_book", args=[theirs.pk]), {"slot": 1}).status_code == 404
    )
    # a slot of another campaign is not offered as this one's
    mine = target(world, campaign, "周会员")
    client.post(reverse("care:health_book", args=[mine.pk]), {"slot": slot(elsewhere, 2).pk})
    mine.refresh_from_db()
    assert mine.state == TargetState.PENDING


def test_a_member_without_a_record_is_told_so(world, client_for):
    page = client_for(world.nobody).get(reverse("care:health_mine")).content.decode()
    assert "没有关联在册会员档案" in page


# --- the committee --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("chair", 200),
        ("auditor", 200),
        ("welfare", 200),
        ("group_leader", 403),
        ("committee", 403),
        ("treasurer", 403),
        ("member", 403),
        ("outsider", 404),
    ],
)
def test_who_reads_the_campaign(world, client_for, campaign, welfare, who, status):
    user = welfare if who == "welfare" else world.users[who]
    client = client_for(user)
    assert client.get(campaign.get_absolute_url()).status_code == status
    listing = reverse("care:health_campaigns", args=[world.school.code])
    assert client.get(listing).status_code == status
    assert client.get(reverse("care:health_export", args=[campaign.pk])).status_code == status


def test_a_group_leader_sees_her_own_appointment_and_nobody_elses(world, client_for, campaign):
    """孙组长 leads 语文组 (周会员, 王委员, 李主席 are in it): her role reads their names on the
    roster, not their health checks."""
    services.health_book(
        actor=world.chair, target=target(world, campaign, "周会员"), slot=slot(campaign, 2)
    )
    client = client_for(world.group_leader)
    page = client.get(reverse("care:health_mine")).content.decode()
    assert page.count('class="card mb-3" id="target-') == 1
    assert "周会员" not in page and "王委员" not in page
    assert "常规体检、妇科/两癌筛查" in page  # her own kinds
    his = target(world, campaign, "周会员")
    for name in ("health_done", "health_absent", "health_undo", "health_cancel"):
        assert client.post(reverse(f"care:{name}", args=[his.pk])).status_code == 403


def test_the_campaign_page_shows_the_figures_the_groups_and_the_list(world, client_for, campaign):
    services.health_done(actor=world.chair, target=target(world, campaign, "周会员"))
    services.health_absent(
        actor=world.chair, target=target(world, campaign, "王委员"), reason="away"
    )
    page = client_for(world.chair).get(campaign.get_absolute_url()).content.decode()
    assert 'id="fig-due">7<' in page and 'id="fig-done">1<' in page
    assert 'id="fig-rate">14.3%<' in page
    assert "语文组" in page and "25.0%" in page  # 1 of 4 in 语文组
    assert "外出/出差" in page
    assert "皖工发〔2025〕18号 第17页" in page and "不生成工会支出凭证" in page
    assert reverse("finance:rule_list", args=[world.school.code]) + "#rule-health_check" in page
    assert "关于委托校工会组织教职工体检的函" in page
    assert reverse("care:health_entrust", args=[campaign.pk]) in page
    assert "无常规体检记录" in page  # the reasons, on each row


def test_the_auditor_reads_but_has_no_buttons(world, client_for, campaign):
    page = client_for(world.auditor).get(campaign.get_absolute_url()).content.decode()
    assert "已完成</button>" not in page and "列入这" not in page
    assert "含证件号码和手机号" not in page
    his = target(world, campaign, "周会员")
    assert (
        client_for(world.auditor).post(reverse("care:health_done", args=[his.pk])).status_code
        == 403
    )


def test_who_is_due_is_previewed_with_reasons_then_listed(world, client_for):
    fresh = make_campaign(world, name="新一年体检")
    client = client_for(world.chair)
    page = client.get(fresh.get_absolute_url()).content.decode()
    assert (
        "应检未列入：7 人" in page
        and "吴老师（数学组）：无常规体检记录；无妇科/两癌筛查记录" in page
    )
    response = client.post(reverse("care:health_targets", args=[fresh.pk]), follow=True)
    assert "已列入体检对象 7 人。" in response.content.decode()
    response = client.post(reverse("care:health_targets", args=[fresh.pk]), follow=True)
    assert "没有新增" in response.content.decode()


def test_the_committee_marks_from_the_page(world, client_for, campaign, welfare):
    client = client_for(welfare)
    hers = target(world, campaign, "赵财务")  # not the welfare member's own: booked for today
    client.post(reverse("care:health_book", args=[hers.pk]), {"slot": slot(campaign, 0).pk})
    hers.refresh_from_db()
    assert hers.state == TargetState.BOOKED and not hers.confirmed
    client.post(reverse("care:health_done", args=[hers.pk]), {"kinds": "on", "general": "on"})
    hers.refresh_from_db()
    assert (hers.state, hers.general_done, hers.screening_done) == (TargetState.DONE, True, False)
    response = client.post(reverse("care:health_undo", args=[hers.pk]), follow=True)
    assert "已撤销「赵财务」的登记。" in response.content.decode()
    his = target(world, campaign, "周会员")
    response = client.post(
        reverse("care:health_absent", args=[his.pk]), {"reason": ""}, follow=True
    )
    assert "请选择未参加的原因" in response.content.decode()
    client.post(reverse("care:health_absent", args=[his.pk]), {"reason": "sick"})
    his.refresh_from_db()
    assert his.get_absent_reason_display() == "病假"


def test_the_slot_capacity_is_changed_from_the_page(world, client_for, campaign, elsewhere):
    client = client_for(world.chair)
    one = slot(campaign, 4)
    client.post(reverse("care:health_slot", args=[one.pk]), {"capacity": "6"})
    one.refresh_from_db()
    assert one.capacity == 6
    assert (
        client.post(
            reverse("care:health_slot", args=[slot(elsewhere, 4).pk]), {"capacity": "9"}
        ).status_code
        == 404
    )


def test_another_unions_campaign_target_and_files_are_404(world, client_for, elsewhere):
    client = client_for(world.chair)
    theirs = HealthTarget.objects.get(campaign=elsewhere)
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    assert client.get(reverse("care:health_export", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("care:health_entrust", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("care:health_targets", args=[elsewhere.pk])).status_code == 404
    for name in ("health_done", "health_absent", "health_undo", "health_book", "health_confirm"):
        assert client.post(reverse(f"care:{name}", args=[theirs.pk])).status_code == 404


def test_creating_a_campaign_from_the_page(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:health_campaigns", args=[world.school.code])
    data = {
        "year": day(1).year,
        "name": "",
        "provider": "县医院",
        "starts_on": day(1).isoformat(),
        "ends_on": day(10).isoformat(),
        "general": "on",
        "capacity": "20",
        "entrust_ref": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写活动名称" in page or "这个字段是必填项" in page
    data.update(name=f"{day(1).year}年体检", entrust_ref="校办〔2026〕12号", entrust_file=png())
    response = client.post(url, data)
    found = HealthCampaign.objects.get()
    assert response.status_code == 302 and response.url == found.get_absolute_url()
    assert found.entrust_ref == "校办〔2026〕12号" and not found.screening


def test_the_export_and_the_entrustment_download(world, client_for, campaign):
    client = client_for(world.chair)
    response = client.get(reverse("care:health_export", args=[campaign.pk]))
    assert response["Content-Type"] == XLSX
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    response = client.get(reverse("care:health_entrust", args=[campaign.pk]))
    assert response.content == PNG and response["X-Content-Type-Options"] == "nosniff"


def test_settings_are_read_by_care_view_and_changed_by_care_rules(world, client_for):
    url = reverse("care:health_settings", args=[world.school.code])
    page = client_for(world.auditor).get(url).content.decode()
    assert (
        "每 1 年一次" in page
        and "未找到统一的筛查间隔" in page
        and "皖工发〔2025〕18号 第17页" in page
    )
    assert client_for(world.auditor).post(url, {"general_years": "2"}).status_code == 403
    assert client_for(world.group_leader).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    response = client_for(world.chair).post(
        url, {"general_years": "2", "screening_years": "1", "screening_min_age": "35"}
    )
    assert response.status_code == 302
    page = client_for(world.chair).get(url).content.decode()
    assert "本工会已有自己的设置" in page


QUERIES = 15


def test_the_campaign_page_costs_the_same_with_2_and_with_7_people(
    world, client_for, django_assert_num_queries
):
    small = make_campaign(world, capacity=5)
    services.health_targets_add(
        actor=world.chair,
        campaign=small,
        members=[world.members["周会员"], world.members["吴老师"]],
    )
    client = client_for(world.chair)
    client.get(small.get_absolute_url())  # warm the session
    with django_assert_num_queries(QUERIES):
        client.get(small.get_absolute_url())
    services.health_targets_add(actor=world.chair, campaign=small)
    for name in ("王委员", "孙组长"):
        services.health_book(
            actor=world.chair, target=target(world, small, name), slot=slot(small, 2)
        )
    services.health_done(actor=world.chair, target=target(world, small, "赵财务"))
    member_create(actor=None, union=world.school, name="新老师", sex="F", group=world.maths)
    with django_assert_num_queries(QUERIES):  # the preview (新老师) as before, seven on the list
        page = client.get(small.get_absolute_url()).content.decode()
    assert page.count('class="list-group-item" id="target-') == 7
