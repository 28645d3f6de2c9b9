"""The payroll imports are not a way to test guessed ID numbers (issue 14): a role that may
not see whole numbers (the treasurer) is matched on what the roster shows it — the name and
the masked number — so its preview reads the same whatever the hidden digits of a number
are, and never says that a number is someone's here or elsewhere. A role that may reveal
numbers (the chair) is matched on whole numbers, as before."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.finance.services import dues as ds
from gonghui.orgs.models import Member

from ..conftest import id_number
from .test_dues_support import MONTH, charged_world, xlsx

ZHOU_ID = id_number("19850301", 123)  # 周会员, card HY0001
ZHENG_ID = id_number("19900101", 248)  # the hospital's 郑护士


def same_mask(number: str, middle: str = "19991231999") -> str:
    """Another number that the mask shows exactly as ``number``: the address code and the
    check character kept, the birth date and sequence code (what the mask hides) changed."""
    return number[:6] + middle + number[-1]


@pytest.fixture
def school(world):
    charged_world(world)
    Member.objects.filter(pk=world.members["郑护士"].pk).update(id_number=ZHENG_ID)
    return world


def preview(world, rows, *, actor=None, bases=False):
    """What the import's preview tells ``actor`` (the treasurer unless named)."""
    actor = actor or world.treasurer
    if bases:
        result = ds.dues_base_import(
            actor=actor,
            union=world.school,
            file=xlsx(rows, header=("姓名", "身份证号", "基本工资")),
            filename="工资表.xlsx",
            dry_run=True,
        )
    else:
        result = ds.dues_import(
            actor=actor,
            union=world.school,
            month=MONTH,
            file=xlsx(rows, header=("姓名", "身份证号", "代扣金额")),
            filename="代扣.xlsx",
            dry_run=True,
        )
    return result.summary() | {"preview": result.preview}


@pytest.mark.parametrize("bases", [False, True])
@pytest.mark.parametrize(
    ("name", "real"),
    [
        ("周会员", ZHOU_ID),  # the school's member, under their own name
        ("王五", ZHOU_ID),  # the school's member's number under another name
        ("郑护士", ZHENG_ID),  # the hospital's member
        ("张三", id_number("19800101", 111)),  # nobody's
    ],
)
def test_a_treasurer_learns_nothing_from_the_hidden_digits(school, name, real, bases):
    """The preview of a row with a real number reads exactly as that of a row whose number
    differs in every hidden digit: nothing in it can confirm a guess."""
    guessed = same_mask(real)
    assert guessed != real
    told = preview(school, [(name, real, 15)], bases=bases)
    assert told == preview(school, [(name, guessed, 15)], bases=bases)
    said = str(told)
    assert real not in said and "卫生院工会" not in said
    if name == "王五":
        assert "周会员" not in said  # the holder's name is not given away either


def test_a_treasurers_import_still_matches_the_payroll_offices_rows(school):
    told = preview(school, [("周会员", ZHOU_ID, 15), ("张三", id_number("19800101", 111), 5)])
    assert told["matched"] == 1 and [p["name"] for p in told["preview"]] == ["周会员"]
    (reason,) = [r["reason"] for r in told["rejected"]]
    assert reason.startswith("第一中学工会没有身份证号为 110101") and "姓名为「张三」" in reason


def test_a_chair_who_may_reveal_numbers_is_matched_on_whole_numbers(school):
    chair = school.chair
    elsewhere = preview(school, [("郑护士", ZHENG_ID, 15)], actor=chair)["rejected"]
    assert "是「卫生院工会」的会员" in elsewhere[0]["reason"]
    wrong_name = preview(school, [("王五", ZHOU_ID, 15)], actor=chair)["rejected"]
    assert "与身份证号对应的会员「周会员」不一致" in wrong_name[0]["reason"]
    guessed = preview(school, [("周会员", same_mask(ZHOU_ID), 15)], actor=chair)
    assert guessed["matched"] == 0 and "没有身份证号为" in guessed["rejected"][0]["reason"]
    assert preview(school, [("周会员", ZHOU_ID, 15)], actor=chair)["matched"] == 1


def test_two_members_of_one_name_and_mask_are_told_apart_by_the_card(school):
    Member.objects.create(
        union=school.school,
        name="周会员",
        sex="F",
        id_number=same_mask(ZHOU_ID, "19700101555"),
        card_number="HY0999",
    )
    told = preview(school, [("周会员", ZHOU_ID, 15)])
    assert told["matched"] == 0 and "无法区分" in told["rejected"][0]["reason"]
    result = ds.dues_import(
        actor=school.treasurer,
        union=school.school,
        month=MONTH,
        file=xlsx([("周会员", ZHOU_ID, "HY0001", 15)]),
        filename="代扣.xlsx",
        dry_run=True,
    )
    assert result.matched == 1 and result.preview[0]["card"] == "HY0001"


def test_the_page_tells_the_treasurer_how_rows_are_matched(school, client_for):
    page = reverse("finance:dues_import", args=["school"])
    assert 'id="matching-shown"' in client_for(school.treasurer).get(page).content.decode()
    assert 'id="matching-shown"' not in client_for(school.chair).get(page).content.decode()
    # The preview page: the hospital's member's number, and nothing about the hospital.
    upload = SimpleUploadedFile("代扣.xlsx", xlsx([("郑护士", ZHENG_ID, "", 15)]))
    shown = client_for(school.treasurer).post(
        page, {"file": upload, "month": "2026-10", "method": "payroll"}
    )
    body = shown.content.decode()
    assert "没有身份证号为 110101" in body and "卫生院工会" not in body and ZHENG_ID not in body
