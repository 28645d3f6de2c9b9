"""创建活动 from a plan item: the item page offers the button to whoever may create the
activity and link it (the chair, the committee), not to the treasurer or the 经审; the form is
prefilled from the item (title, kind from its words, a date in its month); saving creates the
activity and links it, so the item page lists it as its 落实记录; a refused form writes
neither."""

import datetime

import pytest
from django.urls import reverse

from gonghui.activities.models import Activity, Audience, Kind
from gonghui.plans import services as plan_services
from gonghui.plans.models import ItemLink

pytestmark = pytest.mark.django_db

YEAR = 2027


def make_item(world, text="组织教职工乒乓球比赛", months=(5,), union=None):
    plan = plan_services.plan_create(actor=None, union=union or world.school, year=YEAR)
    return plan_services.item_save(actor=None, plan=plan, text=text, months=list(months))


def form_data(**fields):
    return {
        "kind": "sports",
        "title": "教职工乒乓球比赛",
        "starts_at": f"{YEAR}-05-15T15:00",
        "ends_at": f"{YEAR}-05-15T17:00",
        "audience": "all",
        "members_only": "on",
        "capacity": "30",
        "cost_per_head": "0",
    } | fields


def test_the_item_page_offers_the_button_to_the_committee_only(world, client_for):
    item = make_item(world)
    target = reverse("activities:from_plan_item", args=[item.pk])
    for user in (world.chair, world.committee):
        page = client_for(user).get(item.get_absolute_url()).content.decode()
        assert "为此事项新建文体活动" in page and target in page
    for user in (world.treasurer, world.auditor):
        page = client_for(user).get(item.get_absolute_url()).content.decode()
        assert "为此事项新建文体活动" not in page
    assert client_for(world.auditor).get(target).status_code == 403
    assert client_for(world.outsider).get(target).status_code == 404


@pytest.mark.parametrize(
    ("text", "months", "kind", "start"),
    [
        ("组织教职工乒乓球比赛。分小组循环", (5,), "sports", f"{YEAR}-05-15T15:00"),
        ("三八妇女节女教职工活动", (3,), "festival", f"{YEAR}-03-15T15:00"),
        ("第三季度集体生日会", (8,), "birthday", f"{YEAR}-08-15T15:00"),
    ],
)
def test_the_form_is_prefilled_from_the_item(world, client_for, text, months, kind, start):
    item = make_item(world, text=text, months=months)
    form = client_for(world.committee).get(reverse("activities:from_plan_item", args=[item.pk]))
    page = form.content.decode()
    assert f'<option value="{kind}" selected>' in page
    assert f'value="{start}"' in page
    assert f'value="{text.split("。")[0]}"' in page
    if kind == "birthday":
        assert '<option value="birthday" selected>当季生日会员</option>' in page
        assert '<option value="3" selected>' in page


def test_saving_creates_the_activity_and_links_it_to_the_item(world, client_for):
    item = make_item(world)
    client = client_for(world.committee)
    response = client.post(reverse("activities:from_plan_item", args=[item.pk]), form_data())
    activity = Activity.objects.get(union=world.school)
    assert response.status_code == 302
    assert response.url == reverse("activities:manage", args=[activity.pk])
    assert activity.kind == Kind.SPORTS and activity.audience == Audience.ALL
    link = ItemLink.objects.get(item=item)
    assert link.object_id == activity.pk and link.linked_on == datetime.date(YEAR, 5, 15)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "教职工乒乓球比赛" in page and activity.get_absolute_url() in page


def test_a_refused_form_writes_neither_the_activity_nor_the_link(world, client_for):
    item = make_item(world)
    client = client_for(world.committee)
    bad = form_data(ends_at=f"{YEAR}-05-15T14:00")
    page = client.post(reverse("activities:from_plan_item", args=[item.pk]), bad)
    assert page.status_code == 200 and "结束时间须晚于开始时间" in page.content.decode()
    assert not Activity.objects.exists() and not ItemLink.objects.exists()


def test_a_refused_link_leaves_no_activity_behind(world, monkeypatch):
    from django.core.exceptions import ValidationError

    from gonghui.activities import services_plan_item

    item = make_item(world)

    def refuse(**kwargs):
        raise ValidationError("「乒乓球比赛」已经关联到这个事项。")

    monkeypatch.setattr(services_plan_item.plan_services, "item_link", refuse)
    fields = {
        "kind": "sports",
        "title": "乒乓球比赛",
        "starts_at": datetime.datetime(YEAR, 5, 15, 15, tzinfo=datetime.UTC),
        "ends_at": datetime.datetime(YEAR, 5, 15, 17, tzinfo=datetime.UTC),
        "audience": "all",
        "capacity": 10,
    }
    with pytest.raises(ValidationError):
        services_plan_item.activity_for_plan_item(actor=world.committee, item=item, fields=fields)
    assert not Activity.objects.exists()
