"""Who sees a hardship file: the member their own, the chair and the welfare member of the
committee in full with the steps, the 经审 read-only; a group leader, the treasurer and a
committee member without the welfare 分工 are refused; another union's file is 404; every
look at a full file is audited; lists show no income or illness."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import FileState, HardshipFile
from gonghui.core import scoping
from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Position

from .conftest import figures, run_to


def _views(file):
    return AuditEntry.objects.filter(
        action="care.file_view", object_type="care.hardshipfile", object_id=str(file.pk)
    )


@pytest.mark.parametrize("role", ["chair", "auditor", "member"])
def test_the_full_file_is_shown_and_each_look_audited(world, applied, client_for, role):
    user = getattr(world, role)
    response = client_for(user).get(applied.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "30000" in body and "尿毒症" in body and "666.67" in body
    entry = _views(applied).get()
    assert entry.actor == user


@pytest.mark.parametrize("role", ["group_leader", "treasurer", "committee", "fed_admin", "nobody"])
def test_others_in_reach_are_refused_and_leave_no_look(world, applied, client_for, role):
    client = client_for(getattr(world, role))
    file_page = client.get(applied.get_absolute_url())
    list_page = client.get(reverse("care:files", args=["school"]))
    # nobody has no grant at all: the school is not in their reach
    expected = 404 if role == "nobody" else 403
    assert (file_page.status_code, list_page.status_code) == (expected, expected)
    assert "尿毒症" not in file_page.content.decode()
    assert not _views(applied).exists()


def test_another_unions_file_is_404(world, applied, client_for):
    assert client_for(world.outsider).get(applied.get_absolute_url()).status_code == 404
    hospital_file = services.hardship_apply(
        actor=world.outsider, member=world.members["郑护士"], **figures()
    )
    assert client_for(world.chair).get(hospital_file.get_absolute_url()).status_code == 404
    # nor can the school's chair act on it
    url = reverse("care:screen", args=[hospital_file.pk])
    assert client_for(world.chair).post(url).status_code == 404


def test_a_member_sees_only_their_own_file(world, client_for):
    other = services.hardship_apply(actor=world.chair, member=world.members["吴老师"], **figures())
    assert client_for(world.member).get(other.get_absolute_url()).status_code == 403
    page = client_for(world.member).get(reverse("care:mine"))
    assert page.status_code == 200
    assert "吴老师" not in page.content.decode()


def test_the_auditor_reads_but_cannot_act(world, applied, client_for):
    client = client_for(world.auditor)
    assert client.get(reverse("care:files", args=["school"])).status_code == 200
    assert client.post(reverse("care:screen", args=[applied.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.hardship_screen(actor=world.auditor, file=applied)
    applied.refresh_from_db()
    assert applied.state == FileState.APPLIED
    assert "初审通过" not in client.get(applied.get_absolute_url()).content.decode()


def test_the_welfare_member_runs_the_flow_while_holding_the_post(
    world, applied, welfare, client_for
):
    client = client_for(welfare)
    assert client.get(reverse("care:files", args=["school"])).status_code == 200
    response = client.post(reverse("care:screen", args=[applied.pk]), {"note": "材料齐全"})
    assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.state == FileState.SCREENED
    # the post ends: the right ends with it
    position = Position.objects.get(member=world.members["吴老师"], ended_on=None)
    org_services.position_end(actor=None, position=position, ended_on=datetime.date.today())
    scoping.forget(welfare)
    assert client.get(reverse("care:files", args=["school"])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.hardship_reject(actor=welfare, file=applied, reason="…")


def test_a_welfare_duty_in_another_union_gives_nothing_here(world, applied, welfare, client_for):
    # the welfare member of the school is a stranger to the hospital's files
    hospital_file = services.hardship_apply(
        actor=world.outsider, member=world.members["郑护士"], **figures()
    )
    assert client_for(welfare).get(hospital_file.get_absolute_url()).status_code == 404


def test_the_list_shows_no_income_household_or_illness(world, applied, client_for):
    file = run_to(applied, FileState.FILED, world.chair)
    body = client_for(world.chair).get(reverse("care:files", args=["school"])).content.decode()
    assert "周会员" in body and "深度困难" in body and file.review_due.isoformat() in body
    for secret in ("30000", "6000", "666.67", "尿毒症", "透析", "陈某"):
        assert secret not in body
    assert not _views(file).exists()  # a list is not a look at the file


def test_the_consent_form_is_for_care_view_only(world, applied, client_for):
    file = run_to(applied, FileState.VISITED, world.chair)
    url = reverse("care:consent", args=[file.visits.get().pk])
    assert client_for(world.chair).get(url).status_code == 200
    assert client_for(world.treasurer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404


def test_files_cannot_be_deleted_through_the_admin_or_seen_there(world):
    from django.contrib import admin

    assert HardshipFile not in admin.site._registry


def test_every_care_url_of_another_union_is_404_to_a_stranger(world, client_for):
    """What tests/core/test_scoped_404.py checks project-wide, for this app's patterns."""
    file = services.hardship_apply(
        actor=world.outsider, member=world.members["郑护士"], **figures()
    )
    file = run_to(file, FileState.VISITED, world.outsider)
    ids = {"pk": file.pk}
    urls = [
        reverse("care:files", args=["hospital"]),
        reverse("care:apply_for", args=["hospital"]),
        reverse("care:settings", args=["hospital"]),
        reverse("care:consent", args=[file.visits.get().pk]),
    ] + [
        reverse(f"care:{name}", kwargs=ids)
        for name in (
            "file", "screen", "reject", "visit", "publicize", "establish", "aid", "review", "exit",
        )
    ]  # fmt: skip
    stranger = client_for(world.chair)
    for url in urls:
        got = {stranger.get(url).status_code, stranger.post(url).status_code}
        assert got <= {404, 405} and 404 in got, url
    file.refresh_from_db()
    assert file.state == FileState.VISITED


def test_the_audit_trail_tells_no_one_who_applied(world, applied, client_for):
    """The trail is read by audit.view holders (the federation's staff too), who may not
    read files: the file's entries name neither the member nor the figures."""
    client_for(world.chair).get(applied.get_absolute_url())
    entries = AuditEntry.objects.filter(object_type="care.hardshipfile")
    assert {e.action for e in entries} == {"care.apply", "care.file_view"}
    for entry in entries:
        text = f"{entry.object_repr} {entry.changes}"
        assert "周会员" not in text and "30000" not in text and "尿毒症" not in text
