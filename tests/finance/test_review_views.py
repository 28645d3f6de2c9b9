"""The audit committee's pages: findings, answers, closing, and the overrides list."""

import datetime

import pytest
from django.urls import reverse

from gonghui.finance.models import Finding, FindingStatus, Voucher
from gonghui.finance.services.review import finding_create

from .test_budget_support import ledger_voucher

THIS_YEAR = datetime.date.today().year


def review_url(**params):
    base = reverse("finance:review_home", args=["school"])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def finding(world):
    return finding_create(
        actor=world.auditor,
        union=world.school,
        title="一季度慰问",
        text="签领表缺少签字。",
        period_start=datetime.date(THIS_YEAR, 1, 1),
        period_end=datetime.date(THIS_YEAR, 3, 31),
    )


def test_auditor_writes_a_finding_on_a_voucher(world, client_for):
    v = ledger_voucher(world, [("50111", "800")], date=datetime.date(THIS_YEAR, 2, 1))
    c = client_for(world.auditor)
    page = c.get(reverse("finance:finding_create", args=["school"]) + f"?voucher={v.number}")
    assert page.status_code == 200 and v.number in page.content.decode()
    r = c.post(
        reverse("finance:finding_create", args=["school"]),
        {"title": "文体活动支出", "text": "请补充活动方案。", "voucher_number": v.number},
    )
    f = Finding.objects.get()
    assert r.status_code == 302 and r.url == f.get_absolute_url()
    assert f.voucher == v and f.created_by == world.auditor


def test_finding_form_explains_what_is_missing(world, client_for):
    c = client_for(world.auditor)
    r = c.post(reverse("finance:finding_create", args=["school"]), {"title": "x", "text": "y"})
    assert "请填写凭证号或审查期间" in r.content.decode()
    r = c.post(
        reverse("finance:finding_create", args=["school"]),
        {"title": "x", "text": "y", "voucher_number": "记-2026-9999"},
    )
    assert "没有凭证号为“记-2026-9999”的凭证" in r.content.decode()
    assert not Finding.objects.exists()


def test_treasurer_answers_and_auditor_closes(world, client_for, finding):
    c = client_for(world.treasurer)
    page = c.get(finding.get_absolute_url()).content.decode()
    assert "提交答复" in page and "关闭审查意见" not in page
    r = c.post(reverse("finance:finding_respond", args=[finding.pk]), {"response": "已补签。"})
    assert r.status_code == 302
    # the treasurer cannot close it
    assert (
        c.post(reverse("finance:finding_close", args=[finding.pk]), {"note": ""}).status_code == 403
    )
    c = client_for(world.auditor)
    page = c.get(finding.get_absolute_url()).content.decode()
    assert "已补签。" in page and "关闭审查意见" in page and "提交答复" not in page
    assert (
        c.post(reverse("finance:finding_close", args=[finding.pk]), {"note": ""}).status_code == 302
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED


def test_closing_unanswered_without_reason_shows_the_message(world, client_for, finding):
    r = client_for(world.auditor).post(
        reverse("finance:finding_close", args=[finding.pk]), {"note": ""}
    )
    assert r.status_code == 400 and "请写明关闭理由" in r.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_chair_cannot_write_findings(world, client_for):
    assert (
        client_for(world.chair).get(reverse("finance:finding_create", args=["school"])).status_code
        == 403
    )
    r = client_for(world.chair).post(
        reverse("finance:finding_create", args=["school"]),
        {"title": "x", "text": "y", "period_start": "2026-01-01", "period_end": "2026-01-31"},
    )
    assert r.status_code == 403 and not Finding.objects.exists()


def test_review_page_lists_every_override_with_its_reason_and_violations(
    world, client_for, finding
):
    v = ledger_voucher(world, [("50111", "500")], date=datetime.date(THIS_YEAR, 5, 1))
    Voucher.objects.filter(pk=v.pk).update(
        override_reason="教职工运动会奖品，经工会委员会研究同意",
        override_by=world.chair,
        override_violations=[{"message": "【活动奖品】周会员 本次 500.00 元，超过每次 300.00 元"}],
    )
    ledger_voucher(world, [("50111", "100")], date=datetime.date(THIS_YEAR, 5, 2))  # no override
    html = client_for(world.auditor).get(review_url()).content.decode()
    assert "教职工运动会奖品，经工会委员会研究同意" in html
    assert "超过每次 300.00 元" in html
    assert html.count('class="card mb-2"') == 1
    assert "一季度慰问" in html
    last_year = client_for(world.auditor).get(review_url(year=THIS_YEAR - 1)).content.decode()
    assert "教职工运动会奖品" not in last_year


def test_status_filter(world, client_for, finding):
    c = client_for(world.treasurer)
    assert "一季度慰问" in c.get(review_url(status="open")).content.decode()
    assert "一季度慰问" not in c.get(review_url(status="closed")).content.decode()


@pytest.mark.parametrize("who", ["outsider", "member", "group_leader"])
def test_outsiders_are_refused(world, client_for, finding, who):
    c = client_for(getattr(world, who))
    refused = 404 if who == "outsider" else 403  # the hospital's chair is not told it exists
    assert c.get(review_url()).status_code == refused
    assert c.get(finding.get_absolute_url()).status_code == refused
    assert (
        c.post(reverse("finance:finding_respond", args=[finding.pk]), {"response": "x"}).status_code
        == refused
    )
    assert c.get(reverse("finance:finding_create", args=["school"])).status_code == refused


def test_federation_admin_reviews_the_school(world, client_for, finding):
    c = client_for(world.fed_admin)
    assert c.get(review_url()).status_code == 200
    assert "关闭审查意见" in c.get(finding.get_absolute_url()).content.decode()


def test_review_page_query_count(world, client_for, django_assert_num_queries):
    for i in range(6):
        v = ledger_voucher(world, [("50111", "10")], date=datetime.date(THIS_YEAR, 1, 1 + i))
        Voucher.objects.filter(pk=v.pk).update(override_reason="理由" * 5, override_by=world.chair)
        finding_create(
            actor=world.auditor, union=world.school, title=f"意见{i}", text="t", voucher=v
        )
    c = client_for(world.auditor)
    with django_assert_num_queries(10):
        assert c.get(review_url()).status_code == 200
