"""The collective-contract pages: the list and the contract page show the stage, the dates
and every computed deadline with the late ones red; the steps through their forms, with the
services' refusals on the form and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditEntry
from gonghui.rights import services_contracts as services
from gonghui.rights.models_contracts import CollectiveContract, ContractStage

from .support_contracts import (
    DELIVERED,
    EFFECTIVE,
    LATER,
    REPLY_DUE,
    SIGNED,
    SUBMIT_DUE,
    negotiating,
    offered,
    signed,
    submitted,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_chair_records_an_offer_through_the_page(world, client_for):
    client = client_for(world.chair)
    response = client.post(
        "/unions/school/rights/contracts/new/",
        {
            "kind": "general",
            "scope": "single",
            "title": "第一中学集体合同",
            "employer": "第一中学",
            "term_years": "3",
            "offer_side": "workers",
            "offered_on": "2026-03-03",
            "delivered_on": "2026-03-03",
            "offer_text": "就工资进行协商",
        },
    )
    c = CollectiveContract.objects.get()
    assert response.status_code == 302 and response.url == f"/rights/contracts/{c.pk}/"
    page = _html(client.get(response.url))
    assert "已发出要约" in page
    assert 'data-deadline="reply" data-state="overdue"' in page
    assert "2026-03-23" in page and "已逾期" in page


def test_an_offer_delivered_before_it_was_made_is_refused_on_the_form(world, client_for):
    response = client_for(world.chair).post(
        "/unions/school/rights/contracts/new/",
        {
            "kind": "general",
            "scope": "single",
            "title": "x",
            "employer": "y",
            "term_years": "3",
            "offer_side": "workers",
            "offered_on": "2026-03-03",
            "delivered_on": "2026-03-02",
        },
    )
    assert "要约送达日期不能早于要约日期" in _html(response)
    assert not CollectiveContract.objects.exists()


@pytest.mark.parametrize(("day", "state"), [(REPLY_DUE, "done"), (REPLY_DUE + DAY, "late")])
def test_the_reply_page_and_the_late_flag(world, client_for, day, state):
    c = offered(world)
    client = client_for(world.chair)
    response = client.post(
        f"/rights/contracts/{c.pk}/reply/",
        {"replied_on": day.isoformat(), "reply_text": "同意协商"},
    )
    assert response.status_code == 302
    page = _html(client.get(f"/rights/contracts/{c.pk}/"))
    assert f'data-deadline="reply" data-state="{state}"' in page
    assert ("逾期（" in page) == (state == "late")


def test_a_non_member_is_refused_as_a_representative_on_the_form(world, client_for):
    c = offered(world)
    nurse = world.members["郑护士"]
    response = client_for(world.chair).post(
        f"/rights/contracts/{c.pk}/reps/new/",
        {"side": "workers", "member": nurse.pk, "appointed_on": "2026-03-03"},
    )
    page = _html(response)
    assert "请从本工会的在册会员中选择" in page or "协商代表须为本会会员" in page
    assert not c.representatives.exists()


def test_unequal_sides_refuse_the_session_on_the_form(world, client_for):
    c = offered(world)
    services.representative_add(
        actor=world.chair,
        contract=c,
        side="workers",
        member=world.members["王委员"],
        chief=True,
        appointed_on=DELIVERED,
        today=LATER,
    )
    before = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        f"/rights/contracts/{c.pk}/sessions/new/",
        {
            "held_on": "2026-03-25",
            "chaired_by": "workers",
            "recorder": "钱记录",
            "minutes": "纪要",
        },
    )
    assert "双方协商代表人数应相等" in _html(response)
    assert AuditEntry.objects.count() == before and not c.sessions.exists()


def test_submission_on_day_11_asks_for_the_reason_on_the_form(world, client_for):
    c = signed(world)
    client = client_for(world.chair)
    url = f"/rights/contracts/{c.pk}/submit/"
    late = (SUBMIT_DUE + DAY).isoformat()
    page = _html(client.post(url, {"submitted_on": late}))
    assert "逾期报送须说明原因" in page
    c.refresh_from_db()
    assert c.stage == ContractStage.SIGNED
    response = client.post(url, {"submitted_on": late, "late_reason": "盖章延误"})
    assert response.status_code == 302
    page = _html(client.get(f"/rights/contracts/{c.pk}/"))
    assert 'data-deadline="submit" data-state="late"' in page
    assert "盖章延误" in page


def test_signing_before_the_vote_is_refused_on_the_form(world, client_for):
    c = negotiating(world)
    from .support_contracts import vote

    vote(world, c)
    page = _html(
        client_for(world.chair).post(f"/rights/contracts/{c.pk}/sign/", {"signed_on": "2026-05-27"})
    )
    assert "签字日期不能早于职代会表决通过（2026-05-28）" in page


def test_the_in_force_contract_page_and_the_list(world, client_for, django_assert_max_num_queries):
    c = submitted(world)
    client = client_for(world.committee)
    page = _html(client.get(f"/rights/contracts/{c.pk}/"))
    assert f"已生效（{EFFECTIVE:%Y-%m-%d} 起）" in page
    for key in ("submit", "review", "effective", "publish", "report", "renewal", "expires"):
        assert f'data-deadline="{key}"' in page
    assert "2029-03-26" in page and "2029-06-26" in page
    with django_assert_max_num_queries(12):
        listing = _html(client.get("/unions/school/rights/contracts/"))
    assert c.title in listing and "已生效" in listing


def test_an_objection_out_of_time_is_refused_on_the_form(world, client_for):
    c = submitted(world)
    page = _html(
        client_for(world.chair).post(
            f"/rights/contracts/{c.pk}/review/",
            {"issued_on": "2026-06-27", "received_on": "2026-06-28", "opinion": "迟到"},
        )
    )
    assert "已过审查期限，合同已于 2026-06-27 生效" in page


def test_the_auditor_reads_but_may_not_act(world, client_for):
    c = negotiating(world)
    client = client_for(world.auditor)
    page = _html(client.get(f"/rights/contracts/{c.pk}/"))
    assert 'id="next-steps"' not in page
    assert client.get(f"/rights/contracts/{c.pk}/drafts/new/").status_code == 403
    with pytest.raises(ValidationError):
        services.contract_sign(actor=world.chair, contract=c, signed_on=SIGNED, today=LATER)
