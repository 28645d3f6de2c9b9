"""The 金秋助学 pages: the member applies on their phone and sees only their own applications
and proofs; the committee's round page (counts, review, 公示, pay) for ``care.view``
holders only, its query count the same with 2 and with 8 applications; 代会员申请; the
settings page, read by ``care.view`` and changed by ``care.rules``; another union's round
is 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.care import services_bursary as services
from gonghui.care.models_bursary import ApplicationState, BursaryApplication, RoundStatus
from gonghui.care.rules_bursary import Level
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.finance.models import Voucher

from .conftest import PNG, png

TODAY = timezone.localdate()


@pytest.fixture
def this_year(world):
    """This year's round, open all year (so the pages take applications today)."""
    return services.bursary_round_open(
        actor=world.chair,
        union=world.school,
        year=TODAY.year,
        opens_on=datetime.date(TODAY.year, 1, 1),
        closes_on=datetime.date(TODAY.year, 12, 31),
    )


@pytest.fixture
def last_year(world):
    return services.bursary_round_open(actor=world.chair, union=world.school, year=TODAY.year - 1)


def form(**over):
    data = {
        "child_name": "周小",
        "level": Level.UNDERGRADUATE,
        "school": "武汉大学",
        "proof": png("录取通知书.png"),
        "confirmed": "on",
    }
    data.update(over)
    return data


def apply(world, round_, name, child, *, today=None):
    return services.bursary_apply(
        actor=world.chair,
        round=round_,
        member=world.members[name],
        child_name=child,
        level=Level.HIGH_SCHOOL,
        school="第一高级中学",
        proof=png(),
        confirmed=True,
        today=today or round_.opens_on,
    )


# --- the member -----------------------------------------------------------------------------


def test_the_member_applies_on_the_phone_page(world, client_for, this_year):
    client = client_for(world.member)
    url = reverse("care:bursary_mine")
    page = client.get(url).content.decode()
    assert "申请时间" in page and "4000.00" in page and "2000.00" in page
    assert "考入军事院校" in page  # the exclusions to tick
    response = client.post(url, form())
    assert response.status_code == 302
    mine = BursaryApplication.objects.get()
    assert (mine.member, mine.self_applied, mine.amount) == (
        world.members["周会员"],
        True,
        Decimal("4000.00"),
    )
    page = client.get(url).content.decode()
    assert "周小 · 本科" in page and "待审核" in page


def test_a_refused_application_shows_its_reasons_on_the_form(world, client_for, this_year):
    client = client_for(world.member)
    url = reverse("care:bursary_mine")
    response = client.post(url, form(confirmed="", proof=png("a.pdf")))
    assert response.status_code == 400
    assert "请逐条核对并确认子女不属于不予资助的情形" in response.content.decode()
    bad = form()
    bad["excluded"] = ["录取为定向生（定向培养、定向就业）的。"]
    response = client.post(url, bad)
    assert "子女属于不予资助的情形（录取为定向生" in response.content.decode()
    assert not BursaryApplication.objects.exists()


def test_outside_the_window_the_page_says_so_and_takes_nothing(world, client_for, last_year):
    client = client_for(world.member)
    page = client.get(reverse("care:bursary_mine")).content.decode()
    assert "工会今年还没有开始金秋助学申请" in page
    assert client.post(reverse("care:bursary_mine"), form()).status_code == 200
    assert not BursaryApplication.objects.exists()


def test_an_account_without_a_member_record_cannot_apply(world, client_for, this_year):
    page = client_for(world.nobody).get(reverse("care:bursary_mine")).content.decode()
    assert "没有关联在册会员档案" in page
    client_for(world.nobody).post(reverse("care:bursary_mine"), form())
    assert not BursaryApplication.objects.exists()


def test_the_member_sees_only_their_own_applications_and_proofs(world, client_for, this_year):
    mine = services.bursary_apply(
        actor=world.member,
        round=this_year,
        member=world.members["周会员"],
        child_name="周小",
        level=Level.COLLEGE,
        school="武汉职业技术学院",
        proof=png("我的录取通知书.png"),
        confirmed=True,
    )
    other = apply(world, this_year, "吴老师", "吴小雨", today=TODAY)
    client = client_for(world.member)
    page = client.get(reverse("care:bursary_mine")).content.decode()
    assert "周小" in page and "吴小雨" not in page and "吴老师" not in page
    response = client.get(reverse("care:bursary_proof", args=[mine.pk]))
    assert response.status_code == 200 and response.content == PNG
    assert "attachment;" in response["Content-Disposition"]
    assert client.get(reverse("care:bursary_proof", args=[other.pk])).status_code == 403
    assert client.get(reverse("care:bursary_round", args=[this_year.pk])).status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.get(reverse("care:bursary_proof", args=[mine.pk])).status_code == 404


# --- the committee --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair", 200),
        ("auditor", 200),
        ("treasurer", 403),
        ("committee", 403),
        ("group_leader", 403),
        ("member", 403),
        ("fed_admin", 403),
        ("outsider", 404),
    ],
)
def test_who_sees_the_round(world, client_for, last_year, who, status):
    client = client_for(world.users[who])
    assert client.get(reverse("care:bursary_round", args=[last_year.pk])).status_code == status
    rounds = client.get(reverse("care:bursary_rounds", args=["school"]))
    assert rounds.status_code == status


def test_the_welfare_member_runs_the_round_and_the_auditor_only_reads(
    world, client_for, last_year, welfare
):
    application = apply(world, last_year, "周会员", "周小")
    url = reverse("care:bursary_round", args=[last_year.pk])
    assert "审核通过" not in client_for(world.auditor).get(url).content.decode()
    approve = reverse("care:bursary_approve", args=[application.pk])
    assert client_for(world.auditor).post(approve).status_code == 403
    assert client_for(world.outsider).post(approve).status_code == 404
    page = client_for(welfare).get(url).content.decode()
    assert "审核通过" in page and "第一高级中学" in page
    assert client_for(welfare).post(approve, {"note": "属实"}).status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    assert application.review_note == "属实"


def test_the_committee_reviews_publicizes_and_pays_from_the_round_page(
    world, client_for, last_year
):
    first = apply(world, last_year, "周会员", "周小")
    second = apply(world, last_year, "吴老师", "吴小雨")
    client = client_for(world.chair)
    url = reverse("care:bursary_round", args=[last_year.pk])
    reject = reverse("care:bursary_reject", args=[second.pk])
    client.post(reject, {"reason": ""})  # refused: flashed, nothing changed
    second.refresh_from_db()
    assert second.state == ApplicationState.SUBMITTED
    publicize = reverse("care:bursary_publicize", args=[last_year.pk])
    page = client.post(publicize, follow=True).content.decode()
    assert "还有 2 份申请未审核" in page
    client.post(reverse("care:bursary_approve", args=[first.pk]))
    client.post(reject, {"reason": "非本年度录取"})
    pay = reverse("care:bursary_pay", args=[last_year.pk])
    page = client.post(pay, follow=True).content.decode()
    assert "先公示、后发放" in page
    page = client.post(publicize, follow=True).content.decode()
    assert "已发布拟资助名单公示" in page
    item = publicity_for(last_year)
    publicity_close(actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(1))
    page = client.get(url).content.decode()
    assert "发放助学金" in page
    client.post(pay)
    last_year.refresh_from_db()
    assert last_year.status == RoundStatus.PAID
    page = client.get(url).content.decode()
    assert "已生成发放凭证" in page and "凭证草稿" in page
    assert Voucher.objects.filter(union=world.school).count() == 1


def test_the_round_page_costs_the_same_with_2_and_with_8_applications(
    world, client_for, last_year, django_assert_num_queries
):
    names = [n for n in world.members if n != "郑护士"]
    for name in names[:2]:
        apply(world, last_year, name, f"{name}之子")
    client = client_for(world.chair)
    url = reverse("care:bursary_round", args=[last_year.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for name in names[2:]:
        apply(world, last_year, name, f"{name}之子")
    apply(world, last_year, names[0], "第二个孩子")
    with django_assert_num_queries(QUERIES):
        assert client.get(url).content.decode().count('id="application-') == 8


QUERIES = 7


def test_the_committee_applies_for_a_member(world, client_for, this_year):
    client = client_for(world.chair)
    url = reverse("care:bursary_apply_for", args=[this_year.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form(member=str(world.members["吴老师"].pk), child_name="吴小雨"))
    assert response.status_code == 302
    found = BursaryApplication.objects.get()
    assert found.member == world.members["吴老师"] and not found.self_applied
    assert client_for(world.treasurer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404


def test_a_new_round_from_the_rounds_page(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:bursary_rounds", args=["school"])
    response = client.post(url, {"year": str(TODAY.year - 1)})
    assert response.status_code == 302
    response = client.post(url, {"year": str(TODAY.year - 1)})
    assert response.status_code == 400 and "已经开始，每年一轮" in response.content.decode()
    assert client_for(world.auditor).post(url, {"year": str(TODAY.year)}).status_code == 403
    fed = client_for(world.fed_admin).get(reverse("care:bursary_rounds", args=["fed"]))
    assert fed.status_code == 403


# --- settings -------------------------------------------------------------------------------


def test_settings_are_read_by_care_view_and_changed_by_care_rules(world, client_for):
    url = reverse("care:bursary_settings", args=["school"])
    page = client_for(world.auditor).get(url).content.decode()
    assert "天门市总工会 2024 年金秋助学" in page and "5000.00" in page
    assert client_for(world.auditor).post(url, {"opens": "07-15"}).status_code == 403
    assert client_for(world.treasurer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    data = {
        "opens": "7-15",
        "closes": "9月1日",
        "filed_higher": "5500",
        "filed_high": "3300",
        "other_higher": "4400",
        "other_high": "2200",
        "exclusions": "军校\n定向生",
    }
    assert client_for(world.chair).post(url, data).status_code == 302
    page = client_for(world.auditor).get(url).content.decode()
    assert "07-15 至 09-01" in page and "5500.00" in page and "定向生" in page
    response = client_for(world.chair).post(url, {**data, "closes": "02-29"})
    assert response.status_code == 400 and "不能是 2 月 29 日" in response.content.decode()


def test_a_federation_sets_the_settings_its_unions_inherit(world, client_for):
    url = reverse("care:bursary_settings", args=["fed"])
    data = {
        "opens": "07-01",
        "closes": "08-31",
        "filed_higher": "5000",
        "filed_high": "3000",
        "other_higher": "4000",
        "other_high": "2000",
        "exclusions": "",
    }
    assert client_for(world.fed_admin).post(url, data).status_code == 302
    page = client_for(world.chair).get(reverse("care:bursary_settings", args=["school"]))
    assert "目前沿用示范镇总工会的设置" in page.content.decode()
