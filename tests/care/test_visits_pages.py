"""The 走访慰问 pages: the committee's list of visits due and late, recording an event and
its visit (a refused amount comes back beside its field), the member's own events, the
campaign pages; who sees what (care.view; the member their own; another union 404)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.care import services_visits
from gonghui.care.models import CampaignKind, CareVisit, FileState, LifeEvent, TargetSource
from gonghui.core.models import AuditEntry

from .conftest import run_to

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def event(world, name="周会员", ago=2, kind="生病住院", notes="市人民医院三病区"):
    return services_visits.life_event_record(
        actor=world.chair,
        member=world.members[name],
        kind=kind,
        occurred_on=days_ago(ago),
        notes=notes,
    )


@pytest.fixture
def campaign(world):
    found = services_visits.campaign_create(
        actor=world.chair,
        union=world.school,
        name="春节送温暖",
        kind=CampaignKind.SPRING,
        starts_on=days_ago(3),
        ends_on=TODAY + datetime.timedelta(days=7),
    )
    services_visits.campaign_targets_add(
        actor=world.chair,
        campaign=found,
        source=TargetSource.PICKED,
        members=[world.members["周会员"], world.members["吴老师"]],
    )
    return found


def test_the_list_shows_due_and_late_visits_and_no_notes(world, client_for):
    due = event(world, "周会员", ago=2)
    late = event(world, "吴老师", ago=9, kind="结婚", notes="")
    client = client_for(world.chair)
    url = reverse("care:visits", args=["school"])
    body = client.get(url).content.decode()
    assert "周会员" in body and "吴老师" in body and "生病住院" in body
    assert "市人民医院" not in body  # notes only on the event's own page
    assert "已逾期" in body and "待走访" in body
    listed = client.get(url + "?show=overdue").content.decode()
    assert "吴老师" in listed and "周会员" not in listed
    assert 'id="event-state">已逾期<' in client.get(late.get_absolute_url()).content.decode()
    assert 'id="event-state">待走访<' in client.get(due.get_absolute_url()).content.decode()


def test_the_list_costs_the_same_with_2_and_with_12_events(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.chair)
    url = reverse("care:visits", args=["school"])
    names = list(world.members)
    for n in range(2):
        event(world, names[n])
    client.get(url)  # warm the session
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n in range(2, 7):
        event(world, names[n])
        event(world, names[n], ago=5, kind="结婚")
    with django_assert_num_queries(QUERIES):
        assert client.get(url).content.decode().count('class="fw-semibold"') == 12


QUERIES = 10


def test_the_committee_records_an_event_and_its_visit(world, client_for):
    client = client_for(world.chair)
    response = client.post(
        reverse("care:event_new", args=["school"]),
        {
            "member": world.members["周会员"].pk,
            "kind": "生病住院",
            "occurred_on": days_ago(1).isoformat(),
            "notes": "",
        },
    )
    found = LifeEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()
    assert found.due_on == days_ago(1) + datetime.timedelta(days=7)
    visit_url = reverse("care:event_visit", args=[found.pk])
    post = {"visited_on": TODAY.isoformat(), "visitors": "李主席", "goods": "水果", "notes": ""}
    before = AuditEntry.objects.count()
    refused = client.post(visit_url, {**post, "amount": "-5"})
    assert refused.status_code == 400
    assert "慰问金不能为负数" in refused.content.decode()
    refused = client.post(visit_url, {**post, "amount": "5.555"})
    assert "超过两位小数" in refused.content.decode()
    early = client.post(visit_url, {**post, "visited_on": days_ago(2).isoformat(), "amount": ""})
    assert "走访日期不能早于事件日期" in early.content.decode()
    assert not CareVisit.objects.exists() and AuditEntry.objects.count() == before
    paid = {**post, "amount": "300", "days": "5", "illness": "肺炎"}
    assert client.post(visit_url, paid).status_code == 302
    page = client.get(found.get_absolute_url()).content.decode()
    assert "已走访" in page and "300.00" in page and "按期" in page


def test_an_unknown_kind_or_a_future_date_is_refused_on_the_form(world, client_for):
    response = client_for(world.chair).post(
        reverse("care:event_new", args=["school"]),
        {
            "member": world.members["周会员"].pk,
            "kind": "升职",
            "occurred_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "选择一个有效的选项" in body
    assert not LifeEvent.objects.exists()


def test_the_member_reports_and_sees_only_their_own_events(world, client_for):
    other = event(world, "吴老师", kind="结婚")
    client = client_for(world.member)
    url = reverse("care:my_events")
    page = client.get(url).content.decode()
    listed = page.split('id="my-events"')[1]
    assert "报告工会" in page and "还没有记录" in listed and "吴老师" not in page
    response = client.post(
        url, {"kind": "生育", "occurred_on": days_ago(1).isoformat(), "notes": "妇幼保健院"}
    )
    assert response.status_code == 302
    mine = LifeEvent.objects.get(member=world.members["周会员"])
    assert mine.self_reported and mine.kind == "生育"
    listed = client.get(url).content.decode().split('id="my-events"')[1]
    assert "生育" in listed and "待走访" in listed and "结婚" not in listed
    # their own event's page, not another's (403 in their union), and no forms on theirs
    own = client.get(mine.get_absolute_url()).content.decode()
    assert "妇幼保健院" in own and "登记走访" not in own
    assert client.get(other.get_absolute_url()).status_code == 403
    assert client.get(reverse("care:visits", args=["school"])).status_code == 403
    assert client.post(reverse("care:event_visit", args=[mine.pk]), {}).status_code == 403


def test_an_account_without_a_member_record_cannot_report(world, client_for):
    client = client_for(world.nobody)
    assert "没有关联在册会员档案" in client.get(reverse("care:my_events")).content.decode()
    client.post(reverse("care:my_events"), {"kind": "生育", "occurred_on": TODAY.isoformat()})
    assert not LifeEvent.objects.exists()


def test_the_auditor_reads_and_cannot_act(world, client_for, campaign):
    found = event(world)
    client = client_for(world.auditor)
    page = client.get(found.get_absolute_url()).content.decode()
    assert "市人民医院三病区" in page and "登记走访" not in page
    assert client.get(reverse("care:campaigns", args=["school"])).status_code == 200
    assert "登记走访" not in client.get(campaign.get_absolute_url()).content.decode()
    assert client.get(reverse("care:event_new", args=["school"])).status_code == 403
    post = {"visited_on": TODAY.isoformat(), "visitors": "钱经审", "amount": "0"}
    assert client.post(reverse("care:event_visit", args=[found.pk]), post).status_code == 403
    target = campaign.targets.first()
    assert client.get(reverse("care:target_visit", args=[target.pk])).status_code == 403
    assert not CareVisit.objects.exists()


@pytest.mark.parametrize("who", ["treasurer", "committee", "group_leader"])
def test_roles_without_care_view_are_refused(world, client_for, who):
    found = event(world)
    client = client_for(world.users[who])
    assert client.get(reverse("care:visits", args=["school"])).status_code == 403
    assert client.get(found.get_absolute_url()).status_code == 403


def test_the_welfare_member_uses_the_pages(world, welfare, client_for, campaign):
    client = client_for(welfare)
    assert client.get(reverse("care:visits", args=["school"])).status_code == 200
    target = campaign.targets.first()
    response = client.post(
        reverse("care:target_visit", args=[target.pk]),
        {"visited_on": TODAY.isoformat(), "visitors": "吴老师", "goods": "米、油", "amount": "500"},
    )
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()


def test_the_campaign_page_counts_visited_and_not_yet(world, client_for, campaign, applied):
    run_to(applied, FileState.FILED, world.chair)  # 周会员's file: 深度困难
    client = client_for(world.chair)
    target = campaign.targets.get(member=world.members["吴老师"])
    client.post(
        reverse("care:target_visit", args=[target.pk]),
        {"visited_on": TODAY.isoformat(), "visitors": "李主席", "amount": "500.00"},
    )
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'id="fig-total">2<' in page and 'id="fig-visited">1<' in page
    assert 'id="fig-waiting">1<' in page and "500.00" in page
    assert "深度困难" not in page  # a hardship file's tier is not shown here
    # adding the same people again adds nobody, and says so
    targets_url = reverse("care:campaign_targets", args=[campaign.pk])
    response = client.post(targets_url, {"source": "hardship"}, follow=True)
    assert "没有新增慰问对象" in response.content.decode()
    assert campaign.targets.count() == 2
    listing = client.get(reverse("care:campaigns", args=["school"])).content.decode()
    assert "已走访 <strong>1</strong> / 2 人" in listing


def test_a_campaign_is_created_on_its_page(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:campaign_new", args=["school"])
    data = {"name": "夏送清凉", "kind": "summer", "starts_on": TODAY.isoformat()}
    refused = client.post(url, {**data, "ends_on": days_ago(1).isoformat()})
    assert "结束日期不能早于开始日期" in refused.content.decode()
    response = client.post(url, {**data, "ends_on": TODAY.isoformat()})
    assert response.status_code == 302


def test_the_settings_page_shows_the_example_and_saves_the_list(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:settings", args=["school"])
    page = client.get(url).content.decode()
    assert "浙财院工〔2004〕16号" in page and "生病住院" in page and 'value="7"' in page
    response = client.post(
        url,
        {"dibao": "1062.00", "exclusions": "", "visit_kinds": "生病住院\n退休", "visit_days": "5"},
    )
    assert response.status_code == 302
    refused = client.post(
        url, {"dibao": "1062.00", "exclusions": "", "visit_kinds": " ", "visit_days": "5"}
    )
    assert "请至少填写一种五必访事件" in refused.content.decode()
    page = client_for(world.auditor).get(url).content.decode()
    assert "生病住院、退休" in page and "事件发生后 5 天内" in page


def test_every_visit_url_of_another_union_is_404_to_a_stranger(world, client_for, campaign):
    found = event(world)
    target = campaign.targets.first()
    client = client_for(world.outsider)
    for url in (
        reverse("care:visits", args=["school"]),
        reverse("care:event_new", args=["school"]),
        reverse("care:campaigns", args=["school"]),
        reverse("care:campaign_new", args=["school"]),
        found.get_absolute_url(),
        campaign.get_absolute_url(),
        reverse("care:target_visit", args=[target.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("care:event_visit", args=[found.pk]),
        reverse("care:event_withdraw", args=[found.pk]),
        reverse("care:campaign_targets", args=[campaign.pk]),
        reverse("care:target_remove", args=[target.pk]),
    ):
        assert client.post(url, {}).status_code == 404, url
    # the federation's administrator reaches the school, without the right to read it
    assert client_for(world.fed_admin).get(found.get_absolute_url()).status_code == 403


def test_the_campaign_pages_cost_the_same_with_2_and_with_7_targets(
    world, client_for, campaign, django_assert_num_queries
):
    client = client_for(world.chair)
    detail, listing = campaign.get_absolute_url(), reverse("care:campaigns", args=["school"])
    target = campaign.targets.first()
    services_visits.campaign_target_visit(
        actor=world.chair, target=target, visited_on=TODAY, visitors="李主席", amount="100"
    )
    client.get(detail)
    with django_assert_num_queries(CAMPAIGN_QUERIES):
        client.get(detail)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(listing)
    services_visits.campaign_targets_add(
        actor=world.chair,
        campaign=campaign,
        source=TargetSource.PICKED,
        members=list(world.members.values())[:7],
    )
    with django_assert_num_queries(CAMPAIGN_QUERIES):
        assert client.get(detail).content.decode().count('id="target-') == 7
    with django_assert_num_queries(LIST_QUERIES):
        client.get(listing)


CAMPAIGN_QUERIES = 8  # with the campaign's vouchers: its visits' shares, then the vouchers
LIST_QUERIES = 8
