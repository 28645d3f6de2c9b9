"""撤销结业证书: the committee revokes a certificate issued in error with a reason; it is kept
(已撤销 with the reason on the course page), its number never reused, it no longer counts
(the year's figures, the summary, the trainee's hours locked against 撤销签到) and no longer
downloads; a corrected one is issued with a new number."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.activities import (
    plugins_training,
    queries_training,
    services_checkin,
    services_training,
)
from gonghui.activities.models_checkin import CheckIn
from gonghui.activities.models_training import TrainingCertificate
from gonghui.core.models import AuditEntry

from .support import signup
from .support_training import DAY, attend, make_course, past_course, sessions

pytestmark = pytest.mark.django_db


def issued(world, names=("周会员", "李主席")):
    """A course ended a month ago with ``names`` present at every session, certified."""
    course = past_course(world, world.school, list(names))
    made = services_training.training_certificates_issue(actor=world.chair, activity=course)
    return course, {c.name: c for c in made}


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def test_a_revoked_certificate_is_kept_with_its_reason_and_audited(world):
    _course, certs = issued(world)
    cert = certs["周会员"]
    said = refusal(
        lambda: services_training.training_certificate_revoke(
            actor=world.chair, certificate=cert, reason="  "
        )
    )
    assert "请写明撤销原因" in said
    cert.refresh_from_db()
    assert cert.revoked_at is None
    done = services_training.training_certificate_revoke(
        actor=world.chair, certificate=cert, reason="发给了别人"
    )
    assert done.revoked_at is not None and done.revoked_by == world.chair
    assert (done.number, done.revoke_reason) == (cert.number, "发给了别人")
    entry = AuditEntry.objects.get(action="activities.training_certificate_revoke")
    assert entry.changes["revoke_reason"] == ["", "发给了别人"]
    assert "已于" in refusal(
        lambda: services_training.training_certificate_revoke(
            actor=world.chair, certificate=cert, reason="再撤一次"
        )
    )
    assert AuditEntry.objects.filter(action="activities.training_certificate_revoke").count() == 1


def test_only_the_committee_revokes(world):
    _course, certs = issued(world)
    for who in (world.member, world.auditor, world.outsider):
        with pytest.raises(PermissionDenied):
            services_training.training_certificate_revoke(
                actor=who, certificate=certs["周会员"], reason="误发"
            )
    assert not TrainingCertificate.objects.exclude(revoked_at=None).exists()


def test_a_revoked_certificate_counts_nowhere_and_a_corrected_one_gets_a_new_number(world):
    course, certs = issued(world)
    start = timezone.localdate() - 40 * DAY
    end = timezone.localdate()
    assert queries_training.period_figures(world.school, start, end)["certificates"] == 2
    services_training.training_certificate_revoke(
        actor=world.chair, certificate=certs["周会员"], reason="课时计错"
    )
    figures = queries_training.period_figures(world.school, start, end)
    assert figures["certificates"] == 1
    [text] = plugins_training.paragraphs(world.school, start, end)
    assert "结业1人次" in text.text
    grid = queries_training.grid(course)
    row = next(r for r in grid.rows if r.name == "周会员")
    assert row.certificate is None and row.completed and grid.uncertified == 1
    year = queries_training.year(world.school, timezone.localdate().year)
    zhou = next(m for m in year["members"] if m["member__name"] == "周会员")
    assert zhou["certificates"] == 0
    # the trainee still completes: a corrected certificate, with a new number
    [again] = services_training.training_certificates_issue(actor=world.chair, activity=course)
    numbers = sorted(c.number for c in certs.values())
    assert again.name == "周会员" and again.number not in numbers and again.number > numbers[-1]
    assert TrainingCertificate.objects.filter(activity=course).count() == 3
    listed = queries_training.certificate_list(course)
    assert [c.revoked_at is not None for c in listed] == [True, False, False]


def test_check_ins_can_be_undone_again_once_the_certificate_is_revoked(world):
    course, certs = issued(world)
    checkin = CheckIn.objects.filter(activity=course, member=world.members["周会员"]).first()
    said = refusal(
        lambda: services_checkin.checkin_undo(actor=world.chair, checkin=checkin, reason="误点")
    )
    assert "已为周会员发放结业证书" in said
    services_training.training_certificate_revoke(
        actor=world.chair, certificate=certs["周会员"], reason="课时计错"
    )
    services_checkin.checkin_undo(actor=world.chair, checkin=checkin, reason="误点")
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()


def test_the_committee_revokes_on_the_course_page_and_the_file_is_refused(world, client_for):
    course, certs = issued(world)
    cert = certs["周会员"]
    page_url = reverse("activities:training", args=[course.pk])
    revoke = reverse("activities:training_certificate_revoke", args=[cert.pk])
    assert client_for(world.member).post(revoke, {"reason": "x"}).status_code in (403, 404)
    assert client_for(world.auditor).post(revoke, {"reason": "x"}).status_code == 403
    assert client_for(world.outsider).post(revoke, {"reason": "x"}).status_code == 404
    chair = client_for(world.chair)
    chair.post(revoke, {"reason": ""})
    assert "请写明撤销原因" in chair.get(page_url).content.decode()
    response = chair.post(revoke, {"reason": "课时计错"})
    assert response.status_code == 302 and response.url.endswith("#certificates")
    page = chair.get(page_url).content.decode()
    item = page.split(f'id="certificate-{cert.pk}"')[1].split("</li>")[0]
    assert "已撤销" in item and "课时计错" in item and cert.number in item
    # the file is refused, to the committee and to the trainee; the course's file leaves it out
    one = reverse("activities:training_certificate", args=[cert.pk])
    response = chair.get(one)
    assert response.status_code == 302
    assert "已于" in chair.get(response.url).content.decode()
    member = client_for(world.member)
    response = member.get(one)
    assert response.status_code == 302 and "training/mine" in response.url
    assert "不能下载" in member.get(response.url).content.decode()
    chair = client_for(world.chair)
    whole = chair.get(reverse("activities:training_certificates", args=[course.pk]))
    doc = Document(io.BytesIO(whole.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("结 业 证 书") == 1 and cert.number not in text
    assert certs["李主席"].number in text
    # 重新发放: the button offers the one due again
    assert "发放结业证书（1 人）" in chair.get(page_url).content.decode()


def test_a_course_of_several_sessions_with_a_revoke_keeps_attendance(world):
    course = make_course(world.school)
    signup(world, course, "周会员")
    attend(world, course, "周会员", [1, 2, 3])
    after = sessions(course)[-1].ends_at + DAY
    [cert] = services_training.training_certificates_issue(actor=None, activity=course, now=after)
    services_training.training_certificate_revoke(actor=None, certificate=cert, reason="发错")
    assert CheckIn.objects.filter(activity=course).count() == 3
    assert queries_training.grid(course).person_times == 3
