"""The demo's 互助保障 at the demo school: this year's 住院医疗互助 with most members enrolled
(the 在会 ones, not the retirees), the premium on a draft voucher, two claims (``huiyuan``'s
paid, another still with the provider), the 待办 line, and the member's own page. Built from
the steps it needs on an empty site."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.care.models_insurance import InsuranceClaim, InsurancePlan
from gonghui.care.queries_insurance import plan_figures
from gonghui.core import demo, metrics, todo
from gonghui.core.models import User
from gonghui.orgs.models import Member, Union


def test_the_demo_school_has_a_hospital_plan_with_two_claims(empty_db, client):
    steps = dict(demo.STEPS)
    for name in ("orgs", "care_insurance"):
        steps[name]()
    steps["care_insurance"]()  # idempotent: a second run adds nothing
    school = Union.objects.get(code="demo-school")
    (plan,) = InsurancePlan.objects.filter(union=school)
    today = timezone.localdate()
    assert plan.name == f"{today.year}年度职工住院医疗互助保障" and "示例" in plan.notes
    figures = plan_figures(plan)
    assert figures.enrolled == Member.objects.filter(union=school, status="active").count()
    assert 50 < figures.rate < 100  # most members: the retirees are not enrolled
    assert figures.premium_drafted == figures.premium_due == figures.live * Decimal("60")
    claims = InsuranceClaim.objects.filter(plan=plan)
    assert sorted(claims.values_list("state", flat=True)) == ["paid", "review"]
    mine = claims.get(member__user__username="huiyuan")
    assert (mine.state, mine.paid) == ("paid", Decimal("2400.00"))
    year = (today.replace(month=1, day=1), today)
    assert metrics.get("care.insurance_paid").compute(school, *year) == Decimal("2400.00")
    chair = User.objects.get(username="chair")
    assert {t.text: t.count for t in todo.items(chair, school)}["待办理的互助保障理赔"] == 1
    client.force_login(User.objects.get(username="huiyuan"))
    text = client.get(reverse("care:insurance_mine")).content.decode()
    assert plan.name in text and "已赔付" in text and "2,400.00" in text
