"""Masks that stay masks (issue 14): whatever a role that may not reveal numbers is shown of
a member — pages, htmx fragments, the masked export, the audit pages, search answers — taken
together must not rebuild the member's ID number. A resident ID number is area (6) + birth
date (8) + sequence code (3) + a check character computed from the rest, so the birth date in
any spelling, or a mask that shows the birth date or the sequence code, completes it."""

import datetime
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from gonghui.core import services as core_services
from gonghui.core.models import AuditEntry
from gonghui.members import queries, services
from gonghui.members.queries import RosterFilter
from gonghui.orgs.models import Sex
from tests.conftest import id_number

NON_REVEALING = ("group_leader", "treasurer", "auditor")
DATED = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
MASKED_ID = re.compile(r"[0-9*]{17}[0-9Xx*]")


def spellings(day: datetime.date) -> set[str]:
    y, m, d = day.year, day.month, day.day
    return {
        f"{y}{m:02d}{d:02d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
    }


def rebuilders(text: str, number: str) -> list[str]:
    """What in ``text`` would complete the masked ``number``: the number itself, its birth
    date in any spelling (8 digits inside a longer run too), or a masked number that lets
    any of the birth date or sequence digits through."""
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    found = []
    flat = re.sub(r"\s", "", text)
    if number in flat:
        found.append(number)
    found += [s for s in spellings(birth) if s in text]
    found += [run for run in re.findall(r"\d{8,}", flat) if number[6:14] in run]
    for y, m, d in DATED.findall(text):
        try:
            if datetime.date(int(y), int(m), int(d)) == birth:
                found.append(f"{y}-{m}-{d}")
        except ValueError:
            pass
    for token in MASKED_ID.findall(flat):
        if "*" in token and token[:6] == number[:6] and token[6:17].strip("*"):
            found.append(token)
    return found


def page(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def sheet_text(response) -> str:
    wb = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    cells = []
    for row in wb.active.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, datetime.datetime | datetime.date):
                cells.append(f"{v:%Y-%m-%d}")
            elif v is not None:
                cells.append(str(v))
    return "\n".join(cells)


@pytest.fixture
def zhou(world):
    """周会员: ID 110101 19850301 123 2, mobile 13812345678, in 语文组 (the group leader's)."""
    member = world.members["周会员"]
    assert member.birth_date == datetime.date(1985, 3, 1) and member.group == world.chinese
    return member


@pytest.mark.parametrize("role", NON_REVEALING)
def test_nothing_a_non_revealing_role_is_shown_rebuilds_the_id_number(
    world, client_for, zhou, role
):
    client = client_for(getattr(world, role))
    number = zhou.id_number
    shown = {
        "list": page(client, "/unions/school/members/?sort=age"),
        "rows": page(client, "/unions/school/members/?sort=age", HTTP_HX_REQUEST="true"),
        "detail": page(client, f"/members/{zhou.pk}/"),
        "export": sheet_text(client.get("/unions/school/members/export/")),
    }
    if role == "auditor":  # the one of them who reads the audit trail
        shown["history"] = page(client, f"/audit/orgs.member/{zhou.pk}/")
        shown["audit"] = page(client, "/audit/")
    for where, text in shown.items():
        assert rebuilders(text, number) == [], (role, where)
    # What they are shown instead: the masked number, the birth year.
    assert "110101***********2" in shown["detail"] and "1985 年" in shown["detail"]
    assert "周会员" in shown["export"] and "1985-**-**" in shown["export"]
    assert "110101***********2" in shown["export"]
    if role == "auditor":
        assert "1985-**-**" in shown["history"] and "110101***********2" in shown["history"]


@pytest.mark.parametrize("role", NON_REVEALING)
def test_a_non_revealing_role_cannot_test_guesses_in_the_search(world, client_for, zhou, role):
    client = client_for(getattr(world, role))
    guesses = [
        zhou.id_number,  # the whole number
        zhou.id_number[-4:],  # its last four (the old mask's tail)
        "19850301",  # the birth date
        zhou.id_number[:17],
    ]
    for q in guesses:
        rows = page(client, f"/unions/school/members/?q={q}", HTTP_HX_REQUEST="true")
        assert "周会员" not in rows, (role, q)
    # What the mask shows finds the member: the mobile's last four, or the whole mobile on
    # its shown digits — whatever the hidden middle, so the middle cannot be tested either.
    for q in ("5678", "13812345678", "13800005678"):
        rows = page(client, f"/unions/school/members/?q={q}", HTTP_HX_REQUEST="true")
        assert "周会员" in rows, (role, q)


def test_the_treasurers_member_suggestions_do_not_match_id_numbers(world, client_for, zhou):
    client = client_for(world.treasurer)
    url = "/unions/school/finance/dues/pay/members/"
    assert "周会员" not in page(client, f"{url}?member={zhou.id_number[-4:]}")
    assert "周会员" not in page(client, f"{url}?member={zhou.id_number}")
    assert "周会员" in page(client, f"{url}?member=5678")


def test_a_revealing_role_still_finds_and_sees_in_full_and_the_look_is_audited(
    world, client_for, zhou
):
    client = client_for(world.chair)
    detail = page(client, f"/members/{zhou.pk}/")
    assert "110101***********2" in detail and zhou.id_number not in detail
    assert "1985-03-01" in detail  # the chair sees the birth date; the number needs a reveal
    response = client.post(f"/members/{zhou.pk}/reveal/id_number/", HTTP_HX_REQUEST="true")
    assert response.content.decode().strip() == zhou.id_number
    entry = AuditEntry.objects.filter(action="member.reveal").latest("id")
    assert entry.actor == world.chair and entry.object_id == str(zhou.pk)
    for q in (zhou.id_number, zhou.id_number[-4:]):
        assert "周会员" in page(client, f"/unions/school/members/?q={q}", HTTP_HX_REQUEST="true")


def test_a_member_sees_their_own_birth_date_and_number(world, client_for, zhou):
    detail = page(client_for(world.member), f"/members/{zhou.pk}/")
    assert zhou.id_number in detail and "1985-03-01" in detail


def test_the_transfer_letter_is_for_revealing_roles_only(world, client_for, zhou):
    event = services.member_transfer(
        actor=world.chair, member=zhou, on=datetime.date.today(), to_name="外县某校工会"
    )
    url = f"/members/{zhou.pk}/letters/{event.pk}/"
    for role in NON_REVEALING:
        assert client_for(getattr(world, role)).get(url).status_code in (403, 404), role
    response = client_for(world.chair).get(url)
    letter = "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)
    # The letter goes to the receiving union, which needs the number; issuing it is audited.
    assert zhou.id_number in letter
    assert AuditEntry.objects.filter(action="member.letter", actor=world.chair).exists()


def test_age_bands_and_age_order_go_by_birth_year_for_non_revealing_roles(world, zhou):
    services.member_create(
        actor=world.chair,
        union=world.school,
        name="武明",
        sex=Sex.MALE,
        group=world.chinese,
        birth_date=datetime.date(1985, 12, 31),
    )

    def band(user, day):
        found = queries.roster(user, world.school, RosterFilter(age="40_50"), today=day)
        return {m.name for m in found}

    def by_age(user):
        return [m.name for m in queries.roster(user, world.school, RosterFilter(sort="-age"))]

    # 周会员 turns 40 on 2025-03-01: the chair's exact band moves that day; the treasurer's
    # (by birth year: 2025 − 1985 = 40) is the same the day before and on the day, so
    # watching the list tells nobody the birthday.
    before, birthday = datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)
    assert band(world.chair, before) == set() and band(world.chair, birthday) == {"周会员"}
    assert band(world.treasurer, before) == band(world.treasurer, birthday) == {"周会员", "武明"}
    # Oldest first: the chair's order follows the birthdays; a treasurer's puts one year's
    # members in pinyin order (wuming before zhouhuiyuan), which says nothing of the day.
    chair_order, treasurer_order = by_age(world.chair), by_age(world.treasurer)
    assert chair_order.index("周会员") < chair_order.index("武明")
    assert treasurer_order.index("武明") < treasurer_order.index("周会员")


@pytest.mark.parametrize("role", ["auditor", "chair"])
def test_the_audit_pages_mask_an_accounts_mobile(world, client_for, role):
    account = core_services.user_create(
        actor=world.chair, username="zhou_login", mobile="13911112222", union=world.school
    )
    client = client_for(getattr(world, role))
    for url in ("/audit/", f"/audit/core.user/{account.pk}/"):
        text = page(client, url)
        assert "139****2222" in text and "13911112222" not in text, url


def test_a_member_created_with_a_birth_date_reads_masked_in_the_trail(world, client_for):
    member = services.member_create(
        actor=world.chair,
        union=world.school,
        name="冯老师",
        sex=Sex.FEMALE,
        group=world.maths,
        id_number=id_number("19900612", 262),
    )
    text = page(client_for(world.auditor), f"/audit/orgs.member/{member.pk}/")
    assert rebuilders(text, member.id_number) == []
    assert "1990-**-**" in text
