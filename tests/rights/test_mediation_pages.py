"""劳动争议调解's pages: a seated member reads and runs a case (the deadline and 第十四条 said on
the page, a step with a date out of order shown on its form with nothing written); the chair
without a seat, the 经审 and the federation are refused and see counts only; the chair's
audit pages carry no claim or party; 我的调解申请; the 待办 and reminders reach the committee
only; the metrics and the summary count and name nobody."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import metrics, reminders, summary, todo
from gonghui.core.models import AuditEntry
from gonghui.core.pages import DOCX
from gonghui.rights import plugins_mediation as plugins
from gonghui.rights import services_mediation as services
from gonghui.rights.models_mediation import CaseState, MediationCase

from .support_mediation import APPLIED, CLAIM, accepted, agreed, case, seat

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def seated(world):
    seat(world)  # 周会员 (the member account) sits on the school's committee
    return world


def test_a_seated_member_reads_the_case_with_its_clock(seated, client_for):
    c = case(seated, applied_on=TODAY, applicant="赵财务")
    page = client_for(seated.member).get(c.get_absolute_url()).content.decode()
    assert CLAIM in page and "赵财务" in page and "第一中学" in page
    assert f"{c.deadline.year}年{c.deadline.month}月{c.deadline.day}日" in page
    assert "当事人可以依法申请仲裁" in page and "已超过调解期限" not in page


def test_past_the_deadline_the_page_says_arbitration_is_open(seated, client_for):
    c = accepted(seated)  # received 2 November 2026: past 17 November
    page = client_for(seated.member).get(c.get_absolute_url()).content.decode()
    if c.deadline < TODAY:
        assert "已超过调解期限" in page


@pytest.mark.parametrize("who", ["chair", "auditor", "fed_admin", "committee", "treasurer"])
def test_no_role_opens_a_case_or_the_list(seated, client_for, who):
    c = agreed(seated)
    client = client_for(getattr(seated, who))
    for url in (
        c.get_absolute_url(),
        reverse("rights:mediation_cases", args=["school"]),
        reverse("rights:mediation_case_new", args=["school"]),
        reverse("rights:mediation_agreement", args=[c.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, (who, url)
        assert CLAIM not in response.content.decode()
    response = client.post(
        reverse("rights:mediation_case_step", args=[c.pk, "session"]),
        {"held_on": "2026-11-05", "record": "x"},
    )
    assert response.status_code == 403


def test_the_committee_page_shows_counts_and_no_party(seated, client_for):
    agreed(seated)
    accepted(seated, applicant="赵财务")
    for who in ("chair", "auditor"):
        page = client_for(getattr(seated, who)).get(
            reverse("rights:mediation_committee", args=["school"]) + "?year=2026"
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "吴老师" not in text and "赵财务" not in text and CLAIM not in text
        assert "调解成功率" in text and "100.0%" in text
        assert 'id="to-cases"' not in text  # no seat: no way to the cases
    # the seated member holds no rights.view: their way in is 我的调解申请
    text = client_for(seated.member).get(reverse("rights:mediation_mine")).content.decode()
    assert reverse("rights:mediation_cases", args=["school"]) in text


def test_the_federation_sees_its_subtree_counts_only(seated, client_for):
    agreed(seated)
    page = client_for(seated.fed_admin).get(
        reverse("rights:mediation_committee", args=["fed"]) + "?year=2026"
    )
    text = page.content.decode()
    assert page.status_code == 200 and "所辖基层工会合计" in text
    assert "吴老师" not in text and "周会员" not in text


def test_the_chairs_audit_pages_carry_no_claim_and_no_party(seated, client_for):
    c = agreed(seated)
    services.session_add  # noqa: B018 (the agreed case had none; the trail has its states)
    client = client_for(seated.chair)
    pages = [
        client.get(f"/audit/?action={action}").content.decode()
        for action in plugins.AUDIT_ACTIONS
        if action.startswith("rights.case_")
    ]
    pages.append(client.get(f"/audit/rights.mediationcase/{c.pk}/").content.decode())
    assert "（2026）调字第1号" in pages[0] and "（2026）调字第1号" in pages[-1]
    for text in pages:
        for secret in ("吴老师", "加班", "3,200", "支付", "劳动报酬"):
            assert secret not in text, secret


def test_a_step_out_of_order_shows_on_its_form_and_writes_nothing(seated, client_for):
    c = case(seated)
    entries = AuditEntry.objects.count()
    response = client_for(seated.member).post(
        reverse("rights:mediation_case_step", args=[c.pk, "accept"]),
        {"accepted_on": (APPLIED - DAY).isoformat()},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "受理日期不能早于收到申请的日期" in text
    c.refresh_from_db()
    assert c.state == CaseState.APPLIED and AuditEntry.objects.count() == entries


def test_registering_and_accepting_through_the_pages(seated, client_for):
    client = client_for(seated.member)
    url = reverse("rights:mediation_case_new", args=["school"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "applicant": seated.members["赵财务"].pk,
            "respondent": "第一中学",
            "claim_kind": "rest",
            "claim": "年休假未安排",
            "applied_on": TODAY.isoformat(),
        },
    )
    c = MediationCase.objects.get()
    assert response.status_code == 302 and response.url == c.get_absolute_url()
    assert c.applicant == seated.members["赵财务"] and c.applicant_name == "赵财务"
    response = client.post(
        reverse("rights:mediation_case_step", args=[c.pk, "accept"]),
        {
            "accepted_on": TODAY.isoformat(),
            "mediators": [seated.members and c.union.mediators.get().pk],
        },
    )
    c.refresh_from_db()
    assert response.status_code == 302 and c.state == CaseState.ACCEPTED
    assert c.mediators.count() == 1


def test_the_applicant_picker_searches_for_a_seat_only(seated, client_for):
    url = (
        reverse("members:member_pick", args=["school"])
        + f"?for=rights_applicant&item={seated.school.pk}&q=zhao"
    )
    assert "赵财务" in client_for(seated.member).get(url).content.decode()
    assert client_for(seated.chair).get(url).status_code == 403


def test_the_agreement_downloads_for_the_committee(seated, client_for):
    c = agreed(seated)
    response = client_for(seated.member).get(reverse("rights:mediation_agreement", args=[c.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "%E8%B0%83%E8%A7%A3%E5%8D%8F%E8%AE%AE%E4%B9%A6" in response["Content-Disposition"]
    open_case = case(seated)
    missing = client_for(seated.member).get(
        reverse("rights:mediation_agreement", args=[open_case.pk])
    )
    assert missing.status_code == 404


def test_the_applicant_sees_their_own_applications_state(seated, client_for):
    mine = accepted(seated, applicant="赵财务")
    case(seated)  # 吴老师's
    page = client_for(seated.treasurer).get(reverse("rights:mediation_mine")).content.decode()
    assert str(mine) in page and "调解中" in page and "劳动报酬" in page
    assert "（2026）调字第2号" not in page
    empty = client_for(seated.nobody).get(reverse("rights:mediation_mine")).content.decode()
    assert "您没有调解申请" in empty


# --- 待办, reminders, figures --------------------------------------------------------------------


def _lines(user, union):
    return {t.text: t.count for t in todo.resolve(union, plugins.todos(user, union)) if t.count}


def test_the_todo_reaches_the_committee_only(seated):
    accepted(seated)  # overdue since 18 November
    case(seated, applied_on=TODAY)  # waiting to be accepted
    assert _lines(seated.member, seated.school) == {
        "待受理的调解申请": 1,
        "超过调解期限未结案的调解案件": 1,
    }
    for who in ("chair", "auditor", "committee"):
        assert _lines(getattr(seated, who), seated.school) == {}


def test_reminders_go_to_the_committee_and_never_to_the_chairs(world):
    c = accepted(world)
    assert [r for r in reminders.collect(c.deadline) if "调字" in r.text] == []  # nobody seated
    seat(world)
    soon = [r for r in plugins.due(c.deadline - DAY)]
    late = [r for r in plugins.due(c.deadline + DAY)]
    assert [r.recipients for r in soon] == [(world.member,)]
    assert "请及时结案" in soon[0].text and "当事人可以依法申请仲裁" in late[0].text
    assert soon[0].key != late[0].key
    for r in soon + late:
        assert "吴老师" not in r.text and "第一中学" not in r.text
    assert plugins.due(c.deadline - 3 * DAY) == []


def test_the_metrics_and_summary_count_and_name_nobody(seated):
    agreed(seated)
    c = accepted(seated, applicant="赵财务")
    services.case_fail(actor=None, case=c, on=APPLIED + 20 * DAY, today=APPLIED + 20 * DAY)
    accepted(seated, applicant="孙组长")  # still open
    assert metrics.get("rights.mediation_accepted").compute(seated.school, *YEAR) == 3
    assert metrics.get("rights.mediation_success").compute(seated.school, *YEAR) == 50
    assert metrics.get("rights.mediation_success").compute(seated.fed, *YEAR) == 50
    (para,) = [p for p in summary.paragraphs(seated.school, *YEAR) if p.key == "rights.mediation"]
    text = para.text
    assert "收到调解申请3件" in text and "受理3件" in text and "结案2件" in text
    assert "达成调解协议1件" in text and "调解成功率50.0%" in text
    assert "吴老师" not in text and "赵财务" not in text
