"""劳动保护's pages: the committee records an inspection, a hazard with its photo, the 整改 and
the 复查 through the forms; bad input shows on the form with nothing written; hostile text
comes back escaped; another union's objects are 404; the photo is served only within reach;
the injured are named to ``rights.view`` holders only; the lists' query counts are fixed."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.rights import services_safety as services
from gonghui.rights.models_safety import AccidentSeverity, Hazard, HazardState, SafetyInspection

from .support_safety import DAY, PNG, hazard, inspection, photo

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://evil","<script>alert(1)</script>")'


def test_the_committee_records_an_inspection_and_takes_a_hazard_to_closure(world, client_for):
    client = client_for(world.users["committee"])
    today = timezone.localdate()
    page = client.get("/unions/school/rights/safety/inspections/new/")
    assert page.status_code == 200 and "登记劳动保护监督检查" in page.content.decode()
    answer = client.post(
        "/unions/school/rights/safety/inspections/new/",
        {
            "held_on": today.isoformat(),
            "kind": "special",
            "places": "化学实验室",
            "inspectors": [str(world.members["王委员"].pk)],
            "outside_inspectors": "总务处 安全员",
        },
    )
    visit = SafetyInspection.objects.get()
    assert answer.status_code == 302 and answer["Location"] == visit.get_absolute_url()
    answer = client.post(
        visit.get_absolute_url(),
        {
            "location": "通风橱",
            "description": "排风不畅",
            "level": "large",
            "owner": "总务处 张主任",
            "deadline": (today + 7 * DAY).isoformat(),
            "photo": photo(),
        },
    )
    h = Hazard.objects.get()
    assert answer.status_code == 302 and h.photos.count() == 1
    page = client.get(h.get_absolute_url())
    assert "登记整改" in page.content.decode()
    client.post(
        h.get_absolute_url(),
        {
            "step": "rectify",
            "rectified_on": today.isoformat(),
            "measure": "更换风机",
            "photo": photo("后.png"),
        },
    )
    assert Hazard.objects.get().state == HazardState.RECTIFIED
    client.post(
        h.get_absolute_url(),
        {"step": "recheck", "checked_on": today.isoformat(), "checked_by": "王委员", "passed": "1"},
    )
    h = Hazard.objects.get()
    assert (h.state, h.closed_on) == (HazardState.CLOSED, today)
    photo_page = client.get(reverse("rights:safety_photo", args=[h.photos.first().pk]))
    assert photo_page.status_code == 200 and photo_page.content == PNG
    assert photo_page["Content-Type"] == "image/png"


def test_bad_input_shows_on_the_form_and_nothing_is_written(world, client_for):
    client = client_for(world.users["chair"])
    visit = inspection(world.school, today=timezone.localdate())
    before = AuditEntry.objects.count()
    answer = client.post(
        visit.get_absolute_url(),
        {
            "location": "锅炉房",
            "description": "压力表过期",
            "level": "general",
            "owner": "总务处",
            "deadline": (visit.held_on - DAY).isoformat(),
        },
    )
    assert answer.status_code == 400
    assert "整改期限不能早于发现日期" in answer.content.decode()
    assert not Hazard.objects.exists() and AuditEntry.objects.count() == before
    h = hazard(world.school, found=visit.held_on, inspection=visit, today=timezone.localdate())
    answer = client.post(
        h.get_absolute_url(),
        {
            "step": "recheck",
            "checked_on": visit.held_on.isoformat(),
            "checked_by": "x",
            "passed": "1",
        },
    )
    assert answer.status_code == 302  # not offered while 待整改: a message, nothing written
    assert Hazard.objects.get().state == HazardState.OPEN
    answer = client.post(
        h.get_absolute_url(),
        {"step": "rectify", "rectified_on": (visit.held_on - DAY).isoformat(), "measure": "x"},
    )
    assert answer.status_code == 400 and "整改完成日期不能早于发现日期" in answer.content.decode()
    assert AuditEntry.objects.count() == before + 1  # the hazard added by the helper only


def test_hostile_text_comes_back_escaped(world, client_for):
    today = timezone.localdate()
    visit = services.inspection_create(
        actor=None,
        union=world.school,
        held_on=today,
        kind="routine",
        places=HOSTILE,
        outside_inspectors=HOSTILE,
        summary=HOSTILE + "\x0b",
        today=today,
    )
    h = services.hazard_add(
        actor=None,
        inspection=visit,
        location=HOSTILE,
        description=HOSTILE,
        level="major",
        owner=HOSTILE,
        deadline=today,
        today=today,
    )
    services.hazard_post_save(
        actor=None,
        union=world.school,
        fields={
            "name": HOSTILE,
            "workshop": HOSTILE,
            "factors": ["dust"],
            "factors_other": HOSTILE,
            "workers": 1,
            "measures": HOSTILE,
        },
        today=today,
    )
    accident = services.accident_record(
        actor=None,
        union=world.school,
        occurred_on=today,
        place=HOSTILE,
        severity=AccidentSeverity.MINOR,
        description=HOSTILE,
        cause=HOSTILE,
        today=today,
    )
    services.ankang_entry_save(
        actor=None,
        union=world.school,
        year=today.year,
        group=world.chinese,
        result=HOSTILE,
        award=HOSTILE,
    )
    client = client_for(world.users["chair"])
    for url in (
        "/unions/school/rights/safety/",
        visit.get_absolute_url(),
        h.get_absolute_url(),
        "/unions/school/rights/safety/posts/",
        "/unions/school/rights/safety/accidents/",
        accident.get_absolute_url(),
        "/unions/school/rights/safety/ankang/",
        "/unions/school/rights/safety/export.xlsx",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
            cell = sheet.cell(row=3, column=4)
            assert (cell.value, cell.data_type) == (HOSTILE, "s")
            assert cell.quotePrefix  # shown as typed, never a live formula
            continue
        assert "<script>alert" not in page.content.decode(), url
        assert "&lt;script&gt;" in page.content.decode(), url
    assert "\x0b" not in SafetyInspection.objects.get().summary


def test_another_unions_objects_are_404_and_the_member_is_refused(world, client_for):
    h = hazard(world.hospital, file=photo(), today=timezone.localdate(), found=timezone.localdate())
    accident = services.accident_record(
        actor=None,
        union=world.hospital,
        occurred_on=timezone.localdate(),
        place="病房",
        severity="minor",
        description="滑倒",
        injured=[world.members["郑护士"]],
    )
    chair = client_for(world.users["chair"])
    for url in (
        h.get_absolute_url(),
        h.inspection.get_absolute_url(),
        reverse("rights:safety_photo", args=[h.photos.get().pk]),
        accident.get_absolute_url(),
        "/unions/hospital/rights/safety/",
    ):
        assert chair.get(url).status_code == 404, url
        assert chair.post(url, {"step": "rectify"}).status_code == 404, url
    member = client_for(world.users["outsider"])
    assert member.get(accident.get_absolute_url()).status_code == 200


def test_the_injured_are_named_to_rights_holders_only(world, client_for):
    accident = services.accident_record(
        actor=None,
        union=world.school,
        occurred_on=timezone.localdate(),
        place="操场",
        severity="minor",
        description="扭伤",
        injured=[world.members["吴老师"]],
    )
    auditor = client_for(world.users["auditor"]).get(accident.get_absolute_url())
    assert auditor.status_code == 200 and "吴老师" in auditor.content.decode()
    assert 'id="recognition"' not in auditor.content.decode()  # the 经审 reads only
    for role in ("member", "treasurer", "group_leader"):
        page = client_for(world.users[role]).get(accident.get_absolute_url())
        assert page.status_code == 403, role
        assert "吴老师" not in page.content.decode()


def test_the_lists_take_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    today = timezone.localdate()
    client = client_for(world.users["chair"])

    def grow(n):
        visit = inspection(world.school, held_on=today, today=today)
        for _ in range(n):
            hazard(world.school, inspection=visit, found=today, file=photo(), today=today)

    counts = []
    for n in (1, 6):
        grow(n)
        for url in ("/unions/school/rights/safety/", "/unions/school/rights/safety/export.xlsx"):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as seen:
                assert client.get(url).status_code == 200
            counts.append((url, len(seen)))
    assert counts[:2] == counts[2:]


def test_the_register_accidents_and_the_ankang_cup_through_their_forms(world, client_for):
    client = client_for(world.users["committee"])
    today = timezone.localdate()
    answer = client.post(
        "/unions/school/rights/safety/posts/",
        {"workshop": "后勤", "name": "锅炉工", "factors": ["heat", "noise"], "workers": "2"},
    )
    assert answer.status_code == 302
    answer = client.post(
        "/unions/school/rights/safety/posts/",
        {"workshop": "后勤", "name": "锅炉工", "factors": ["heat"], "workers": "1"},
    )
    assert answer.status_code == 400 and "同名岗位" in answer.content.decode()
    post = world.school.hazard_posts.get()
    client.post(
        post.get_absolute_url(),
        {"workshop": "后勤", "name": "锅炉工", "factors": ["heat"], "workers": "3"},
    )
    post.refresh_from_db()
    assert (post.workers, post.factors) == (3, ["heat"])
    listing = client.get("/unions/school/rights/safety/posts/").content.decode()
    assert "高温" in listing and "接触职业病危害因素 3 人次" in listing

    answer = client.post(
        "/unions/school/rights/safety/accidents/",
        {
            "occurred_on": today.isoformat(),
            "place": "操场",
            "injured": [str(world.members["吴老师"].pk), str(world.members["郑护士"].pk)],
            "severity": "minor",
            "description": "扭伤",
            "recognition": "none",
        },
    )
    assert answer.status_code == 400 and not world.school.accidents.exists()
    answer = client.post(
        "/unions/school/rights/safety/accidents/",
        {
            "occurred_on": today.isoformat(),
            "place": "操场",
            "injured": [str(world.members["吴老师"].pk)],
            "severity": "minor",
            "description": "扭伤",
            "recognition": "none",
        },
    )
    accident = world.school.accidents.get()
    assert answer.status_code == 302 and list(accident.injured.all()) == [world.members["吴老师"]]
    client.post(accident.get_absolute_url(), {"recognition": "recognised"})
    accident.refresh_from_db()
    assert accident.get_recognition_display() == "认定为工伤"

    url = f"/unions/school/rights/safety/ankang/?year={today.year}"
    for group, score in ((world.chinese, "88.5"), (world.maths, "95")):
        assert client.post(url, {"group": str(group.pk), "score": score}).status_code == 302
    answer = client.post(url, {"group": str(world.ward.pk), "score": "90"})
    assert answer.status_code == 400 and world.school.ankang_entries.count() == 2
    page = client.get(url).content.decode()
    assert page.index("数学组") < page.index("语文组")  # ranked by score
