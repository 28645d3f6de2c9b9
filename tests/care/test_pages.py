"""The pages: the member applies on their phone, the committee applies for a member and
takes the file through its steps, a refused input comes back with its Chinese message."""

import datetime

from django.urls import reverse

from gonghui.care.models import FileState, HardshipFile
from gonghui.care.queries import settings_for
from gonghui.core.models import AuditEntry

from .conftest import clear_publicity, png


def _post(**over):
    data = {
        "income": "30000",
        "rigid": "6000",
        "rigid_notes": "透析自付",
        "cause": "illness",
        "hardship_cost": "",
        "cause_notes": "配偶患尿毒症",
        "p-TOTAL_FORMS": "6",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "20",
        "p-0-relation": "本人",
        "p-0-name": "周会员",
        "p-0-age": "41",
        "p-0-standing": "employed",
        "p-1-relation": "配偶",
        "p-1-name": "陈某",
        "p-1-age": "40",
        "p-1-standing": "unemployed",
        "p-1-health": "尿毒症",
    }
    data.update(over)
    return data


def test_the_member_applies_on_the_phone_page(world, client_for):
    client = client_for(world.member)
    page = client.get(reverse("care:mine"))
    assert page.status_code == 200
    assert "申请困难职工帮扶" in page.content.decode()
    response = client.post(reverse("care:mine"), _post())
    assert response.status_code == 302
    file = HardshipFile.objects.get(member=world.members["周会员"])
    assert file.assessments.get().household_size == 2  # blank rows are not people
    page = client.get(reverse("care:mine")).content.decode()
    assert "待初审" in page and "申请困难职工帮扶" not in page  # one open application


def test_a_bad_amount_on_the_page_says_why_and_writes_nothing(world, client_for):
    client = client_for(world.member)
    before = AuditEntry.objects.count()
    response = client.post(reverse("care:mine"), _post(income="30000.123", rigid="-5"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "超过两位小数" in body and "年刚性支出不能为负数" in body
    nobody = _post(**{"p-0-name": "", "p-0-relation": "", "p-0-age": "", "p-0-standing": ""})
    nobody.update({"p-1-name": "", "p-1-relation": "", "p-1-age": "", "p-1-standing": ""})
    nobody["p-1-health"] = ""
    body = client.post(reverse("care:mine"), nobody).content.decode()
    assert "共同生活人口至少为 1 人" in body
    assert not HardshipFile.objects.exists()
    assert AuditEntry.objects.count() == before


def test_an_account_without_a_member_record_cannot_apply(world, client_for):
    page = client_for(world.nobody).get(reverse("care:mine")).content.decode()
    assert "没有关联在册会员档案" in page
    assert client_for(world.nobody).post(reverse("care:mine"), _post()).status_code == 200
    assert not HardshipFile.objects.exists()


def test_the_committee_takes_a_file_through_the_steps(world, client_for):
    client = client_for(world.chair)
    new = reverse("care:apply_for", args=["school"])
    assert client.get(new).status_code == 200
    response = client.post(new, _post(member=str(world.members["周会员"].pk)))
    assert response.status_code == 302
    file = HardshipFile.objects.get()
    client.post(reverse("care:screen", args=[file.pk]), {"note": ""})
    visit = {
        "visited_on": datetime.date.today().isoformat(),
        "visitors": "王委员、李主席",
        "findings": "属实",
    }
    response = client.post(reverse("care:visit", args=[file.pk]), visit)  # no consent form
    assert response.status_code == 400
    assert "授权委托书" in response.content.decode()
    client.post(reverse("care:visit", args=[file.pk]), {**visit, "consent": png()})
    client.post(reverse("care:publicize", args=[file.pk]))
    file.refresh_from_db()
    assert file.state == FileState.PUBLICITY
    response = client.post(reverse("care:establish", args=[file.pk]), {"plan": "慰问"})
    assert response.status_code == 302  # refused: flashed, the file unchanged
    file.refresh_from_db()
    assert file.state == FileState.PUBLICITY
    clear_publicity(file, world.chair)
    client.post(reverse("care:establish", args=[file.pk]), {"plan": "每季度慰问"})
    aid = {"kind": "goods", "given_on": datetime.date.today().isoformat(), "amount": "300.50"}
    client.post(reverse("care:aid", args=[file.pk]), aid)
    file.refresh_from_db()
    assert file.state == FileState.FILED and file.aids.get().amount == 300.5
    page = client.get(file.get_absolute_url()).content.decode()
    assert "300.50" in page and "年度复核" in page and "脱困退档" in page


def test_settings_page_sets_the_line_for_the_unions_below(world, client_for):
    url = reverse("care:settings", args=["fed"])
    client = client_for(world.fed_admin)
    assert "示例值" in client.get(url).content.decode()
    response = client.post(url, {"dibao": "1100.00", "exclusions": "拥有两套住房\n拒绝调查"})
    assert response.status_code == 302
    school = settings_for(world.school)
    assert (school.dibao, school.exclusions) == (1100, ["拥有两套住房", "拒绝调查"])
    # the auditor reads the school's settings, may not change them
    auditor = client_for(world.auditor)
    assert auditor.get(reverse("care:settings", args=["school"])).status_code == 200
    refused = auditor.post(reverse("care:settings", args=["school"]), {"dibao": "1"})
    assert refused.status_code == 403


def test_the_file_page_offers_the_step_the_file_is_at(world, applied, client_for):
    from gonghui.care import services

    from .conftest import run_to

    client = client_for(world.chair)
    expected = {
        FileState.APPLIED: "初审通过",
        FileState.SCREENED: "记录入户调查",
        FileState.VISITED: "发布公示",
        FileState.PUBLICITY: "公示结束且无异议",
        FileState.FILED: "记录帮扶",
    }
    file = applied
    for state, button in expected.items():
        file = run_to(file, state, world.chair) if state != FileState.APPLIED else file
        assert file.state == state
        assert button in client.get(file.get_absolute_url()).content.decode(), state
    services.hardship_exit(actor=world.chair, file=file, reason="脱困")
    page = client.get(file.get_absolute_url()).content.decode()
    assert (
        "已脱困退档" in page and "记录帮扶" not in page and "脱困退档：已建档 → 已脱困退档" in page
    )
    # the member's own page offers 返困重新申请
    assert "返困重新申请" in client_for(world.member).get(reverse("care:mine")).content.decode()


def test_the_member_picker_of_apply_for_searches_for_care_change_holders(
    world, welfare, client_for
):
    url = reverse("members:member_pick", args=["school"])
    found = client_for(welfare).get(url, {"for": "care", "q": "周"})
    assert found.status_code == 200 and "周会员" in found.content.decode()
    assert client_for(welfare).get(reverse("care:apply_for", args=["school"])).status_code == 200
    assert client_for(world.treasurer).get(url, {"for": "care", "q": "周"}).status_code == 403
