"""The member picker (members.picker, core.widgets.SearchPicker): what its search finds and
in which order, whom each purpose offers, who may search, and that the fields refuse a
member or group of another union whatever the browser posts."""

import re

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client

from gonghui.finance.models import VoucherShare
from gonghui.members import picker
from gonghui.members.bulk import fill_union
from gonghui.orgs.models import Member, MemberStatus

PICK = "/unions/school/members/pick/"
REFUSED = "请从本工会的在册会员中选择。"


def matches(client, purpose: str, q: str = "") -> list[tuple[str, str]]:
    """(value, title) of every match the search answers, in its order."""
    response = client.get(PICK, {"for": purpose, "q": q})
    assert response.status_code == 200
    return re.findall(
        r'data-pick-value="(g?\d+)" data-pick-label="[^"]*">([^<]+?)(?: <span|</button>)',
        response.content.decode(),
    )


def names(client, purpose: str, q: str = "") -> list[str]:
    return [title for value, title in matches(client, purpose, q) if not value.startswith("g")]


def test_members_come_in_pinyin_order_not_code_point_order(world, client_for):
    # Code point order would be 吴 周 孙 李 王 赵 钱.
    assert names(client_for(world.treasurer), "voucher") == [
        "李主席",
        "钱经审",
        "孙组长",
        "王委员",
        "吴老师",
        "赵财务",
        "周会员",
    ]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("zhy", ["周会员"]),  # initials
        ("zhouhui", ["周会员"]),  # the start of the full pinyin
        ("周", ["周会员"]),  # the start of the name
        ("HY0001", ["周会员"]),  # a member card number
        ("5678", ["周会员"]),  # the last four digits of the mobile
        ("数学", ["钱经审", "吴老师", "赵财务"]),  # the name of their group
        ("zzz", []),
    ],
)
def test_search_by_name_pinyin_card_number_and_group(world, client_for, q, found):
    assert names(client_for(world.chair), "group", q) == found


def test_whole_groups_are_offered_where_the_form_takes_them(world, client_for):
    client = client_for(world.treasurer)
    groups = [m for m in matches(client, "voucher", "组") if m[0].startswith("g")]
    assert groups == [
        (f"g{world.maths.pk}", "整组：数学组"),
        (f"g{world.chinese.pk}", "整组：语文组"),
    ]
    assert not [m for m in matches(client_for(world.chair), "group", "组") if m[0][0] == "g"]


def test_at_most_twenty_matches_and_it_says_there_are_more(world, client_for):
    fill_union(world.school, 30, seed=7)
    response = client_for(world.treasurer).get(PICK, {"for": "aid", "q": ""})
    page = response.content.decode()
    assert page.count("data-pick-value") == picker.PICK_LIMIT
    assert f"只列出前 {picker.PICK_LIMIT} 项" in page


def test_each_purpose_offers_its_own_members(world, client_for):
    client = client_for(world.chair)
    wu = world.members["吴老师"]
    assert "郑护士" not in names(client, "voucher", "zheng")  # another union's, never
    Member.objects.filter(pk=wu.pk).update(status=MemberStatus.LEFT)
    assert names(client, "voucher", "wu") == []  # a member who left gets no payment
    assert names(client, "aid_savings", "wu") == ["吴老师"]  # but their savings back
    Member.objects.filter(pk=wu.pk).update(status=MemberStatus.ACTIVE)
    # A new account's member: only those without a login (周会员 has one).
    assert names(client, "account", "zh") == []
    assert names(client, "account", "wu") == ["吴老师"]


def test_only_who_may_use_the_form_may_search(world, client_for):
    def status(user, purpose, code="school"):
        url = f"/unions/{code}/members/pick/"
        return client_for(user).get(url, {"for": purpose, "q": "z"}).status_code

    assert status(world.treasurer, "voucher") == 200
    assert status(world.treasurer, "group") == 403  # no group.change
    assert status(world.auditor, "voucher") == 403
    assert status(world.member, "voucher") == 403
    assert status(world.outsider, "voucher") == 404  # the hospital's chair: not even there
    assert status(world.fed_admin, "group") == 200
    assert status(world.fed_admin, "group", code="fed") == 403  # no members of its own
    assert status(world.chair, "everything") == 400
    assert status(world.nobody, "voucher") == 404
    assert Client().get(PICK, {"for": "voucher"}).status_code == 302  # to the login page


class OneForm(forms.Form):
    member = picker.MemberField(purpose="group")


class ManyForm(forms.Form):
    members = picker.MembersField(purpose="voucher", required=False)


def bound(form_class, union, **data):
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, [str(v) for v in values])
    form = form_class(query)
    next(iter(form.fields.values())).for_union(union)
    return form


def test_fields_refuse_a_member_or_group_of_another_union(world):
    nurse = world.members["郑护士"]
    one = bound(OneForm, world.school, member=[nurse.pk])
    assert not one.is_valid() and one.errors["member"] == [REFUSED]
    assert bound(OneForm, world.hospital, member=[nurse.pk]).is_valid()
    for posted, message in (
        ([nurse.pk], REFUSED),
        (["abc"], REFUSED),
        ([f"g{world.ward.pk}"], "请从本工会的工会小组中选择。"),
    ):
        many = bound(ManyForm, world.school, members=posted)
        assert not many.is_valid() and many.errors["members"] == [message]


def test_a_whole_group_is_its_current_members_each_once(world):
    zhou, wu = world.members["周会员"], world.members["吴老师"]
    Member.objects.filter(pk=wu.pk).update(status=MemberStatus.LEFT)
    form = bound(
        ManyForm, world.school, members=[zhou.pk, f"g{world.chinese.pk}", f"g{world.maths.pk}"]
    )
    assert form.is_valid(), form.errors
    # Picked one by one first, then each group's current members by pinyin, no repeats.
    assert [m.name for m in form.cleaned_data["members"]] == [
        "周会员",
        "李主席",
        "钱经审",
        "孙组长",
        "王委员",
        "赵财务",
    ]


def test_a_voucher_line_pays_a_whole_group_and_shows_its_choice_again(world, client_for):
    client = client_for(world.treasurer)
    data = {
        "date": "2026-03-10",
        "summary": "三八节慰问",
        "token": "tok-g",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "50101",
        "lines-0-pay_form": "goods",
        "lines-0-members": [f"g{world.maths.pk}", str(world.members["周会员"].pk)],
    }
    # Without the amount each: the form comes back with the choice still there.
    page = client.post("/unions/school/finance/vouchers/new/", data).content.decode()
    assert "选了发放会员，请填写每人金额" in page
    assert f'value="g{world.maths.pk}">数学组（全组 3 人）' in page
    assert f'value="{world.members["周会员"].pk}">周会员（语文组）' in page
    data["lines-0-per_person"] = "100"
    assert client.post("/unions/school/finance/vouchers/new/", data).status_code == 302
    shares = VoucherShare.objects.select_related("member").order_by("member__name_pinyin")
    assert [s.member.name for s in shares] == ["钱经审", "吴老师", "赵财务", "周会员"]
