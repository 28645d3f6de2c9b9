"""The 疗休养 pages: the rounds and a new round, the round page through every step (its query
count the same with a list of 2 and of 7), adjustments with a reason from the page, the
members' categories, the settings; ``care.view`` reads, ``care.change`` acts; another
union's round, entry or category is 404; members see the list through its 公示, without
health categories."""

import datetime

import pytest
from django.urls import reverse

from gonghui.care import services_rest as services
from gonghui.care.models_rest import EntryState, RestEntry, RestRound, RestRoundStatus, RestTag
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.finance.models import Voucher

from .test_rest_flow import new_round, proposed, tag

TODAY = datetime.date.today()


@pytest.fixture
def hospital_round(world):
    found = services.rest_round_create(
        actor=None,
        union=world.hospital,
        year=2026,
        name="卫生院疗休养",
        base="基地",
        base_listed=True,
        procurement_ref="纪要",
        starts_on=datetime.date(2026, 7, 1),
        days=2,
        places=1,
        cost_per_day="300",
    )
    return services.rest_propose(actor=None, round=found)


def test_the_committee_creates_a_round_from_the_page(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:rest_rounds", args=["school"])
    page = client.get(url)
    assert page.status_code == 200 and "新建疗休养批次" in page.content.decode()
    data = {
        "year": 2026,
        "name": "2026年暑期疗休养",
        "base": "莫干山基地",
        "procurement_ref": "纪要〔2026〕1号",
        "starts_on": "2026-07-01",
        "days": 3,
        "places": 4,
        "cost_per_day": "700",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "马工发〔2026〕4号" in text and "每人每天不超过 600.00 元" in text
    assert not RestRound.objects.exists()
    done = client.post(url, {**data, "cost_per_day": "500", "base_listed": "on"})
    found = RestRound.objects.get()
    assert done.status_code == 302 and done.url == found.get_absolute_url()
    assert found.dues_until < TODAY.replace(day=1)


def test_the_round_page_through_its_steps(world, client_for):
    tag(world, "王委员", "劳动模范")
    found = new_round(world, places=2)
    client = client_for(world.chair)
    url = found.get_absolute_url()
    assert "拟定推荐名单" in client.get(url).content.decode()
    client.post(reverse("care:rest_propose", args=[found.pk]))
    page = client.get(url).content.decode()
    assert page.count('id="entry-') == 2 and "劳动模范" in page and "从未参加" in page
    assert "候补（按顺序）" in page and "公示名单" in page
    entry = RestEntry.objects.get(round=found, member=world.members["王委员"])
    # 调出 without a reason is refused; with one it is done
    client.post(reverse("care:rest_remove", args=[entry.pk]), {"reason": ""})
    entry.refresh_from_db()
    assert entry.state == EntryState.LISTED
    client.post(reverse("care:rest_remove", args=[entry.pk]), {"reason": "本人申请"})
    entry.refresh_from_db()
    assert (entry.state, entry.reason) == (EntryState.REMOVED, "本人申请")
    added = client.post(
        reverse("care:rest_add", args=[found.pk]),
        {"member": world.members["王委员"].pk, "reason": "经研究仍予安排"},
        follow=True,
    )
    assert "已将「王委员」增补进名单" in added.content.decode()
    client.post(reverse("care:rest_publicize", args=[found.pk]))
    found.refresh_from_db()
    assert found.status == RestRoundStatus.PUBLICITY
    refused = client.post(reverse("care:rest_confirm", args=[found.pk]), follow=True)
    assert "期满并结束公示" in refused.content.decode()
    item = publicity_for(found)
    publicity_close(actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(1))
    assert "确认名单" in client.get(url).content.decode()
    client.post(reverse("care:rest_confirm", args=[found.pk]))
    first, second = RestEntry.objects.filter(round=found, state=EntryState.LISTED)
    client.post(reverse("care:rest_take", args=[first.pk]))
    declined = client.post(
        reverse("care:rest_decline", args=[second.pk]), {"reason": ""}, follow=True
    )
    assert "递补" in declined.content.decode()
    moved = RestEntry.objects.get(round=found, state=EntryState.LISTED)
    client.post(reverse("care:rest_take", args=[moved.pk]))
    assert "结算费用" in client.get(url).content.decode()
    client.post(reverse("care:rest_pay", args=[found.pk]), {"date": "2026-07-03"})
    assert not Voucher.objects.exists()  # the insurance was not confirmed
    client.post(reverse("care:rest_pay", args=[found.pk]), {"insured": "on", "date": "2026-07-03"})
    page = client.get(url).content.decode()
    assert 'id="voucher"' in page and "凭证草稿" in page
    assert Voucher.objects.get().total == 2 * found.cost


def test_the_round_page_costs_the_same_with_2_and_with_7_on_the_list(
    world, client_for, django_assert_num_queries
):
    small = proposed(world, places=2, name="小批")
    large = proposed(world, places=7, name="大批")
    client = client_for(world.chair)
    client.get(small.get_absolute_url())  # warm the session
    with django_assert_num_queries(QUERIES):
        assert client.get(small.get_absolute_url()).content.decode().count('id="entry-') == 2
    with django_assert_num_queries(QUERIES):
        assert client.get(large.get_absolute_url()).content.decode().count('id="entry-') == 7


QUERIES = 8


def test_who_sees_and_who_acts(world, client_for, hospital_round):
    found = proposed(world)
    entry = RestEntry.objects.filter(round=found).first()
    auditor = client_for(world.users["auditor"])
    page = auditor.get(found.get_absolute_url())
    assert page.status_code == 200 and "公示名单" not in page.content.decode()
    assert auditor.post(reverse("care:rest_propose", args=[found.pk])).status_code == 403
    for who in ("member", "committee", "treasurer", "group_leader"):
        assert client_for(world.users[who]).get(found.get_absolute_url()).status_code == 403
    outsider = client_for(world.users["outsider"])
    assert outsider.get(found.get_absolute_url()).status_code == 404
    assert outsider.post(reverse("care:rest_remove", args=[entry.pk])).status_code == 404
    chair = client_for(world.chair)
    other = hospital_round.entries.first()
    assert chair.get(hospital_round.get_absolute_url()).status_code == 404
    for name, pk in (
        ("rest_propose", hospital_round.pk),
        ("rest_add", hospital_round.pk),
        ("rest_publicize", hospital_round.pk),
        ("rest_confirm", hospital_round.pk),
        ("rest_pay", hospital_round.pk),
        ("rest_remove", other.pk),
        ("rest_take", other.pk),
        ("rest_decline", other.pk),
    ):
        assert chair.post(reverse(f"care:{name}", args=[pk])).status_code == 404, name
    assert chair.get(reverse("care:rest_rounds", args=["hospital"])).status_code == 404


def test_categories_page(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:rest_tags", args=["school"])
    done = client.post(
        url,
        {"member": world.members["吴老师"].pk, "category": "高技能人才", "year": 2024},
        follow=True,
    )
    assert "已登记「吴老师」为“高技能人才”" in done.content.decode()
    found = RestTag.objects.get()
    page = client.get(url + "?category=高技能人才").content.decode()
    assert "吴老师" in page and "2024 年认定" in page
    client.post(reverse("care:rest_tag_remove", args=[found.pk]))
    found.refresh_from_db()
    assert found.removed_at is not None
    outsider = client_for(world.users["outsider"])
    assert outsider.post(reverse("care:rest_tag_remove", args=[found.pk])).status_code == 404
    assert client_for(world.users["member"]).get(url).status_code == 403


def test_settings_page(world, client_for):
    url = reverse("care:rest_settings", args=["school"])
    chair = client_for(world.chair)
    page = chair.get(url).content.decode()
    assert (
        "衢州市总工会 2021" in page and "马工发〔2026〕4号" in page and "因工负伤 2 不公示" in page
    )
    data = {
        "categories": "一线/艰苦岗位 3\n劳动模范 4\n即将退休 1",
        "frontline_category": "一线/艰苦岗位",
        "retiring_category": "即将退休",
        "retire_age_male": 60,
        "retire_age_female": 55,
        "retiring_years": 1,
        "cap_day": "400",
        "max_days": 2,
        "cap_year": "800",
        "basis": "马工发〔2026〕4号",
    }
    assert chair.post(url, data).status_code == 302
    from gonghui.care.queries_rest import settings_for

    found = settings_for(world.school)
    assert (found.cap_day, found.max_days, found.categories[1]["weight"]) == (400, 2, 4)
    assert client_for(world.users["committee"]).get(url).status_code == 403
    auditor = client_for(world.users["auditor"])
    assert auditor.get(url).status_code == 200
    assert auditor.post(url, data).status_code == 403


def test_members_see_the_list_through_its_publicity(world, client_for):
    tag(world, "王委员", "因工负伤")
    found = proposed(world, places=2)
    services.rest_publicize(actor=world.chair, round=found)
    item = publicity_for(found)
    page = client_for(world.users["member"]).get(item.get_absolute_url()).content.decode()
    assert "王委员" in page and "优先照顾" in page and "入选" in page
    assert "因工负伤" not in page and "权重" not in page
