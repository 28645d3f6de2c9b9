"""The congress home, term, sitting and settings pages: who may see and do what, what the
user reads, and pinned query counts."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gonghui.congress.models import CongressSettings, CongressTerm, Representative, RepStatus
from gonghui.congress.services import sittings as sitting_services
from gonghui.core.models import AuditEntry

from .support import TERM_START, school_term, seat


def test_home_lists_terms_and_the_next_sitting(world, client_for, django_assert_num_queries):
    term, _ = seat(world, 2)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    sitting_services.sitting_create(actor=world.chair, term=term, date=soon, place="报告厅")
    url = reverse("congress:home", args=["school"])
    client = client_for(world.chair)
    with django_assert_num_queries(9) as small:
        page = client.get(url)
    text = page.content.decode()
    assert (
        "第八届教职工代表大会" in text
        and "下次会议" in text
        and "第八届第一次教职工代表大会" in text
    )
    assert "登记新一届" in text
    for n in range(2, 6):
        sitting_services.sitting_create(actor=None, term=term, date=soon + datetime.timedelta(n))
    with django_assert_num_queries(len(small)):
        client.get(url)
    assert client_for(world.outsider).get(url).status_code == 404
    viewer = client_for(world.member).get(url)
    assert viewer.status_code == 403  # a plain member has no congress.view
    assert (
        client_for(world.fed_admin).get(reverse("congress:home", args=["fed"])).status_code == 403
    )


def test_create_a_term_through_the_form(world, client_for):
    url = reverse("congress:term_create", args=["school"])
    assert client_for(world.outsider).get(url).status_code == 404
    client = client_for(world.committee)
    bad = client.post(url, {"kind": "staff", "number": 8, "starts_on": "2025-09-01", "years": 6})
    assert bad.status_code == 200 and not CongressTerm.objects.exists()
    done = client.post(
        url, {"kind": "staff", "number": 8, "starts_on": "2025-09-01", "years": 5}, follow=True
    )
    assert "已登记第八届教职工代表大会" in done.content.decode()


def test_term_page_shows_reps_by_kind_and_the_composition(
    world, client_for, django_assert_num_queries
):
    term, _ = seat(world, 3, named=("周会员",))
    seat(world, 1, term=term, kind="observer")
    url = reverse("congress:term_detail", args=[term.pk])
    client = client_for(world.chair)
    # The 补选/当选 forms search members with the picker: no query lists them all.
    with django_assert_num_queries(15) as small:
        page = client.get(url)
    text = page.content.decode()
    assert 'id="seated-voting">4<' in text
    assert "列席" in text and "代表结构检查" in text and "第十七条" in text
    seat(world, 10, term=term)
    with django_assert_num_queries(len(small)):
        client.get(url)
    assert client_for(world.outsider).get(url).status_code == 404


def test_elect_replace_recall_through_the_pages(world, client_for):
    term = school_term(world)
    elect = reverse("congress:rep_elect", args=[term.pk])
    assert client_for(world.outsider).post(elect, {}).status_code == 404
    client = client_for(world.committee)
    member = world.members["周会员"]
    client.post(
        elect,
        {
            "member": member.pk,
            "constituency": world.chinese.pk,
            "kind": "voting",
            "elected_on": TERM_START.isoformat(),
        },
    )
    rep = Representative.objects.get()
    again = client.post(
        elect, {"member": member.pk, "kind": "voting", "elected_on": "2025-09-01"}, follow=True
    )
    assert "只占一个席位" in again.content.decode()
    replace = reverse("congress:rep_replace", args=[rep.pk])
    assert client_for(world.outsider).get(replace).status_code == 404
    client = client_for(world.committee)
    client.post(
        replace,
        {"member": world.members["吴老师"].pk, "elected_on": "2026-03-01", "reason": "调离"},
    )
    rep.refresh_from_db()
    assert rep.status == RepStatus.REPLACED
    new = Representative.objects.get(status=RepStatus.SEATED)
    recall = reverse("congress:rep_recall", args=[new.pk])
    empty = client.post(recall, {"on": "2026-04-01", "reason": ""})
    assert empty.status_code == 200
    client.post(recall, {"on": "2026-04-01", "reason": "选区会员过半数同意"})
    new.refresh_from_db()
    assert new.status == RepStatus.RECALLED


def test_sitting_page_notice_qr_and_attendance(world, client_for, django_assert_num_queries):
    term, _reps = seat(world, 3, named=("周会员",))
    today = timezone.localdate()
    client = client_for(world.chair)
    client.post(reverse("congress:sitting_create", args=[term.pk]), {"date": today.isoformat()})
    sitting = term.sittings.get()
    url = sitting.get_absolute_url()
    late = client.post(
        reverse("congress:sitting_notice", args=[sitting.pk]),
        {"noticed_on": today.isoformat()},
        follow=True,
    )
    assert "请填写预告不足规定天数的原因" in late.content.decode()
    client.post(
        reverse("congress:sitting_notice", args=[sitting.pk]),
        {"noticed_on": today.isoformat(), "late_reason": "紧急会议"},
    )
    with django_assert_num_queries(21) as small:
        page = client.get(url)
    text = page.content.decode()
    assert "<svg" in text and "/congress/checkin/" in text
    assert "紧急会议" in text and "不足 7 天" in text
    assert "需 3 人（三分之二）" in text and "代为报到" in text
    assert reverse("congress:proposal_list", args=[sitting.pk]) in text
    seat(world, 10, term=term)
    with django_assert_num_queries(len(small)):
        client.get(url)
    assert client_for(world.outsider).get(url).status_code == 404
    assert (
        client_for(world.outsider)
        .get(reverse("congress:attendance", args=[sitting.pk]))
        .status_code
        == 404
    )
    client = client_for(world.chair)
    refused = client.post(reverse("congress:sitting_open", args=[sitting.pk]), follow=True)
    assert "不能开会" in refused.content.decode()


def test_settings_page_inherits_then_saves(world, client_for):
    url = reverse("congress:settings", args=["school"])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.treasurer).get(url).status_code == 403
    client = client_for(world.chair)
    page = client.get(url).content.decode()
    assert "默认规则" in page and 'value="0.6667"' in page
    data = {
        "quorum": "0.6667",
        "majority": "0.5",
        "rep_min_share": "0.05",
        "rep_min_count": "20",
        "manager_max_share": "0.2",
        "teacher_min_share": "0.6",
        "notice_days": "5",
        "cosigners": "2",
        "election_surplus": "0.1",
    }
    client.post(url, {**data, "quorum": "1.5"})
    assert not CongressSettings.objects.exists()
    client.post(url, data)
    row = CongressSettings.objects.get(union=world.school)
    assert (row.rep_min_count, row.notice_days, str(row.quorum)) == (20, 5, "0.6667")
    assert str(row.election_surplus) == "0.1000"
    assert AuditEntry.objects.filter(action="congress.settings").count() == 1
