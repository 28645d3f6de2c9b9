"""Check-in (报到): by the representative's phone through the QR code, or by the
secretariat; idempotent; only seated representatives, only on the day; observers apart."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.congress.models import CheckIn
from gonghui.congress.queries.common_reps import own_representative, own_voting_representative
from gonghui.congress.queries.sittings import attendance
from gonghui.congress.services import sittings as services
from gonghui.congress.services import terms as term_services
from gonghui.core.models import AuditEntry

from .support import seat


def noticed_today(world, term):
    today = timezone.localdate()
    sitting = services.sitting_create(actor=world.chair, term=term, date=today)
    services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=today, late_reason="当天通知"
    )
    sitting.refresh_from_db()
    return sitting


def test_checkin_is_idempotent_and_audited_once(world):
    term, (rep, *_) = seat(world, 2, named=("周会员",))
    sitting = noticed_today(world, term)
    first = services.rep_checkin(actor=world.member, sitting=sitting, representative=rep)
    again = services.rep_checkin(actor=world.member, sitting=sitting, representative=rep)
    assert first.pk == again.pk and not first.by_secretariat
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="rep.checkin").count() == 1


def test_only_oneself_or_the_secretariat(world):
    term, (rep,) = seat(world, 0, named=("周会员",))
    sitting = noticed_today(world, term)
    with pytest.raises(PermissionDenied):
        services.rep_checkin(actor=world.treasurer, sitting=sitting, representative=rep)
    with pytest.raises(PermissionDenied):
        services.rep_checkin(
            actor=world.outsider, sitting=sitting, representative=rep, by_secretariat=True
        )
    entry = services.rep_checkin(
        actor=world.committee, sitting=sitting, representative=rep, by_secretariat=True
    )
    assert entry.by_secretariat and entry.recorded_by == world.committee


def test_only_on_the_day_and_only_seated(world):
    term, (rep, other) = seat(world, 1, named=("周会员",))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = services.sitting_create(actor=world.chair, term=term, date=tomorrow)
    services.sitting_notice(actor=world.chair, sitting=later, noticed_on=tomorrow, late_reason="急")
    with pytest.raises(ValidationError, match="会议当天"):
        services.rep_checkin(actor=world.member, sitting=later, representative=rep)
    sitting = noticed_today(world, term)
    term_services.rep_end(actor=world.chair, rep=other, on=timezone.localdate(), reason="调离")
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="已卸任"):
        services.rep_checkin(actor=None, sitting=sitting, representative=other)
    assert not CheckIn.objects.exists()


def test_attendance_counts_observers_apart(world):
    term, voting = seat(world, 3)
    _, observers = seat(world, 2, term=term, kind="observer")
    sitting = noticed_today(world, term)
    for rep in [voting[0], *observers]:
        services.rep_checkin(actor=None, sitting=sitting, representative=rep)
    figures = attendance(sitting)
    assert (figures.seated, figures.present, figures.observers, figures.needed) == (3, 1, 2, 2)
    assert not figures.has_quorum and figures.short == 1


def test_own_representative_is_the_seated_seat_of_the_signed_in_user(world):
    term, (rep,) = seat(world, 0, named=("周会员",), kind="observer")
    assert own_representative(world.member, term) == rep
    assert own_voting_representative(world.member, term) is None
    assert own_representative(world.chair, term) is None
    assert own_representative(world.nobody, term) is None


# --- the phone page -------------------------------------------------------------------


def test_phone_checkin_page_shows_a_big_button_and_records(world, client_for):
    term, (rep,) = seat(world, 0, named=("周会员",))
    sitting = noticed_today(world, term)
    url = reverse("congress:checkin", args=[sitting.checkin_token])
    page = client_for(world.member).get(url)
    assert page.status_code == 200 and "checkin-button" in page.content.decode()
    done = client_for(world.member).post(url, follow=True)
    assert "您已于" in done.content.decode()
    assert CheckIn.objects.get().representative == rep


def test_phone_checkin_refuses_non_representatives(world, client_for):
    term, _ = seat(world, 0, named=("周会员",))
    sitting = noticed_today(world, term)
    url = reverse("congress:checkin", args=[sitting.checkin_token])
    # The treasurer is told they hold no seat; the hospital's chair is not told there is a
    # sitting at all.
    for user, status in ((world.outsider, 404), (world.treasurer, 403)):
        response = client_for(user).post(url)
        assert response.status_code == status
    assert not CheckIn.objects.exists()
    assert client_for(world.member).get("/congress/checkin/wrongtoken/").status_code == 404


def test_old_qr_code_stops_working_after_close(world, client_for):
    term, reps = seat(world, 3, named=("周会员",))
    sitting = noticed_today(world, term)
    for rep in reps:
        services.rep_checkin(actor=None, sitting=sitting, representative=rep)
    old = reverse("congress:checkin", args=[sitting.checkin_token])
    services.sitting_open(actor=world.chair, sitting=sitting)
    services.sitting_close(actor=world.chair, sitting=sitting)
    assert client_for(world.member).get(old).status_code == 404


def test_secretariat_checks_in_from_the_roll(world, client_for):
    term, (rep, *_) = seat(world, 2, named=("周会员",))
    sitting = noticed_today(world, term)
    url = reverse("congress:secretariat_checkin", args=[sitting.pk, rep.pk])
    assert client_for(world.outsider).post(url).status_code == 404
    assert client_for(world.member).post(url).status_code == 403
    page = client_for(world.committee).post(url, follow=True)
    assert "周会员已报到" in page.content.decode()
    assert CheckIn.objects.get().by_secretariat
    fragment = client_for(world.committee).get(reverse("congress:attendance", args=[sitting.pk]))
    text = fragment.content.decode()
    assert 'data-figure="present">1<' in text and "需 2 人（三分之二）" in text
