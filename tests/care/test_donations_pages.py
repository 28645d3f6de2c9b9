"""The 捐款 pages: the member pledges and records on their phone page; the committee creates,
publishes and ends a campaign, types a group's list (a wrong row shows its reason beside it
and nothing is written), reverses an entry and records the hand-over; the thank-you list as
a page and as Word (names only or with amounts, anonymous donors as 爱心人士); the Excel list
keeps typed text as text; another union's campaign is 404 to a group leader and an outsider;
the auditor reads but cannot act; the campaign page's query count does not grow with donors."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from gonghui.care import services_donations as services
from gonghui.care.models_donations import (
    CampaignState,
    DonationCampaign,
    DonationEntry,
    DonationHandover,
    Donor,
    PayMethod,
)
from gonghui.core.models import AuditEntry

TODAY = timezone.localdate()


def make(world, union=None, actor=None, **over):
    data = {
        "name": "慈善一日捐",
        "kind": "one_day",
        "purpose": "用于资助困难职工家庭。",
        "starts_on": TODAY - datetime.timedelta(days=5),
        "ends_on": TODAY + datetime.timedelta(days=10),
        "recipient": "区慈善总会",
    }
    data.update(over)
    found = services.donation_campaign_create(
        actor=actor or world.chair, union=union or world.school, **data
    )
    return services.donation_campaign_open(
        actor=actor or world.chair, campaign=found, today=data["starts_on"]
    )


@pytest.fixture
def campaign(world):
    return make(world)


@pytest.fixture
def foreign(world):
    """The hospital's campaign, with a payment and a hand-over (ids to walk)."""
    found = make(world, union=world.hospital, actor=world.outsider)
    services.donation_pay(actor=world.outsider, campaign=found, member=world.members["郑护士"],
                          amount="100", method=PayMethod.CASH)  # fmt: skip
    services.donation_handover(actor=world.outsider, campaign=found, on=TODAY, amount="100",
                               receipt_no="R-1")  # fmt: skip
    return found


def pay(world, campaign, name, amount, **kw):
    return services.donation_pay(
        actor=world.chair, campaign=campaign, member=world.members[name], amount=amount,
        method=kw.pop("method", PayMethod.CASH), **kw,
    )  # fmt: skip


# --- the member -----------------------------------------------------------------------------


def test_the_member_pledges_and_records_a_transfer_on_their_page(world, client_for, campaign):
    draft = services.donation_campaign_create(
        actor=world.chair, union=world.school, name="还在起草的捐款", kind="love", purpose="x",
        starts_on=TODAY, ends_on=TODAY,
    )  # fmt: skip
    client = client_for(world.member)
    page = client.get(reverse("care:donation_mine")).content.decode()
    assert "慈善一日捐" in page and draft.name not in page
    assert "自愿捐款，多少不限，不摊派、不强制" in page and "倡议捐出一天的工资" in page
    url = reverse("care:donation_pledge", args=[campaign.pk])
    assert client.post(url, {"amount": "200", "anonymous": "on"}).status_code == 302
    donor = Donor.objects.get(campaign=campaign)
    assert donor.member == world.members["周会员"] and donor.anonymous
    response = client.post(
        reverse("care:donation_pay", args=[campaign.pk]),
        {"amount": "150.5", "method": "transfer", "on": TODAY.isoformat(), "note": "尾号 0518"},
        follow=True,
    )
    assert "捐款已登记（本人登记）" in response.content.decode()
    page = client.get(reverse("care:donation_mine")).content.decode()
    assert "200.00 元" in page and "150.50 元" in page and "改为显示姓名" in page


def test_a_members_bad_amount_is_told_and_nothing_written(world, client_for, campaign):
    client = client_for(world.member)
    url = reverse("care:donation_pledge", args=[campaign.pk])
    for amount, said in (("-10", "须大于 0"), ("12.345", "超过两位小数")):
        page = client.post(url, {"amount": amount}, follow=True).content.decode()
        assert said in page
    page = client.post(
        reverse("care:donation_pay", args=[campaign.pk]),
        {"amount": "100", "method": "cash", "on": TODAY.isoformat()},
        follow=True,
    ).content.decode()
    assert "缴款方式" in page  # cash is not among the member's choices
    assert not DonationEntry.objects.exists()


def test_an_ended_campaign_takes_nothing_from_the_member(world, client_for):
    ended = make(world, starts_on=TODAY - datetime.timedelta(days=20),
                 ends_on=TODAY - datetime.timedelta(days=1))  # fmt: skip
    client = client_for(world.member)
    page = client.get(reverse("care:donation_mine")).content.decode()
    assert "已过截止日期，不能再认捐或登记" in page
    page = client.post(reverse("care:donation_pledge", args=[ended.pk]), {"amount": "100"},
                       follow=True).content.decode()  # fmt: skip
    assert "截止，不能再认捐或登记捐款" in page
    assert not DonationEntry.objects.exists()


# --- reach ----------------------------------------------------------------------------------


def _urls(campaign, entry, handover):
    pk = campaign.pk
    return [
        ("get", reverse("care:donation_campaign", args=[pk])),
        ("get", reverse("care:donation_thanks", args=[pk])),
        ("get", reverse("care:donation_thanks_docx", args=[pk])),
        ("get", reverse("care:donation_export", args=[pk])),
        ("get", reverse("care:donation_batch", args=[pk])),
        ("get", reverse("care:donation_campaign_edit", args=[pk])),
        ("post", reverse("care:donation_open", args=[pk])),
        ("post", reverse("care:donation_close", args=[pk])),
        ("post", reverse("care:donation_pledge", args=[pk])),
        ("post", reverse("care:donation_pay", args=[pk])),
        ("post", reverse("care:donation_anonymity", args=[pk])),
        ("post", reverse("care:donation_handover", args=[pk])),
        ("post", reverse("care:donation_reverse", args=[entry.pk])),
        ("post", reverse("care:donation_handover_reverse", args=[handover.pk])),
    ]


@pytest.mark.parametrize("who", ["group_leader", "outsider_of_school", "member"])
def test_another_unions_campaign_is_404(world, client_for, foreign, who):
    user = {"group_leader": world.group_leader, "member": world.member,
            "outsider_of_school": world.chair}[who]  # fmt: skip
    client = client_for(user)
    entry = DonationEntry.objects.get(campaign=foreign)
    handover = DonationHandover.objects.get(campaign=foreign)
    for method, url in _urls(foreign, entry, handover):
        response = getattr(client, method)(url, {"reason": "x", "amount": "1"})
        assert response.status_code == 404, (who, url)
    assert DonationEntry.objects.count() == 1 and DonationHandover.objects.count() == 1


def test_the_auditor_reads_but_does_not_act_and_a_group_leader_is_refused(
    world, client_for, campaign
):
    pay(world, campaign, "周会员", "100")
    auditor = client_for(world.auditor)
    assert auditor.get(reverse("care:donation_campaign", args=[campaign.pk])).status_code == 200
    assert auditor.get(reverse("care:donation_export", args=[campaign.pk])).status_code == 200
    assert auditor.get(reverse("care:donation_batch", args=[campaign.pk])).status_code == 403
    assert auditor.post(reverse("care:donation_close", args=[campaign.pk])).status_code == 403
    leader = client_for(world.group_leader)
    url = reverse("care:donation_campaigns", args=[world.school.code])
    assert leader.get(url).status_code == 403
    assert leader.get(reverse("care:donation_campaign", args=[campaign.pk])).status_code == 403
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.OPEN


# --- the committee --------------------------------------------------------------------------


def test_the_chair_creates_and_publishes_a_campaign(world, client_for):
    client = client_for(world.chair)
    url = reverse("care:donation_campaign_new", args=[world.school.code])
    bad = client.post(url, {"name": "爱心捐款", "kind": "love", "purpose": "救灾",
                            "starts_on": TODAY.isoformat(),
                            "ends_on": (TODAY - datetime.timedelta(1)).isoformat(),
                            "suggested_amount": "0.001"})  # fmt: skip
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "截止日期不能早于开始日期" in page and "超过两位小数" in page
    assert not DonationCampaign.objects.exists()
    response = client.post(url, {"name": "爱心捐款", "kind": "love", "purpose": "支援灾区重建",
                                 "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(),
                                 "show_amounts": "on"})  # fmt: skip
    found = DonationCampaign.objects.get()
    assert response.url == found.get_absolute_url()
    assert found.show_amounts and found.state == CampaignState.DRAFT
    client.post(reverse("care:donation_open", args=[found.pk]))
    found.refresh_from_db()
    assert found.state == CampaignState.OPEN
    listed = client.get(reverse("care:donation_campaigns", args=[world.school.code]))
    assert "爱心捐款" in listed.content.decode()


def test_a_groups_list_with_a_wrong_row_shows_it_and_writes_nothing(world, client_for, campaign):
    client = client_for(world.chair)
    url = reverse("care:donation_batch", args=[campaign.pk]) + f"?group={world.chinese.pk}"
    page = client.get(url).content.decode()
    m = world.members
    for name in ("李主席", "王委员", "孙组长", "周会员"):
        assert name in page
    assert "吴老师" not in page  # another group
    data = {"kind": "payment", "method": "cash", "on": TODAY.isoformat(),
            f"amount_{m['周会员'].pk}": "100", f"amount_{m['孙组长'].pk}": "50.505",
            f"amount_{m['王委员'].pk}": ""}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "本次一笔也没有登记" in page
    assert "「孙组长」的捐款金额“50.505”超过两位小数" in page
    assert not DonationEntry.objects.exists()
    data[f"amount_{m['孙组长'].pk}"] = "50.50"
    data[f"anon_{m['孙组长'].pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert DonationEntry.objects.count() == 2
    assert Donor.objects.get(member=m["孙组长"]).anonymous
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "150.50" in page and "50.0%" in page  # 语文组: 2 of 4


def test_the_chair_reverses_an_entry_and_records_the_hand_over(world, client_for, campaign):
    entry = pay(world, campaign, "周会员", "100")
    pay(world, campaign, "吴老师", "300")
    client = client_for(world.chair)
    client.post(reverse("care:donation_reverse", args=[entry.pk]), {"reason": "重复登记"})
    assert DonationEntry.objects.filter(reverses=entry).exists()
    url = reverse("care:donation_handover", args=[campaign.pk])
    page = client.post(url, {"on": TODAY.isoformat(), "amount": "400", "receipt_no": "CS-1"},
                       follow=True).content.decode()  # fmt: skip
    assert "最多还能上交 300.00 元" in page
    client.post(url, {"on": TODAY.isoformat(), "amount": "300", "receipt_no": "CS-1"})
    handover = DonationHandover.objects.get()
    assert (handover.amount, handover.recipient) == (Decimal("300.00"), "区慈善总会")
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "待上交 <strong>0.00</strong> 元" in page and "收据 CS-1" in page


def test_the_campaign_page_costs_the_same_with_2_and_with_6_donors(
    world, client_for, campaign, django_assert_num_queries
):
    names = [n for n in world.members if n != "郑护士"]
    for name in names[:2]:
        pay(world, campaign, name, "10")
    client = client_for(world.chair)
    url = campaign.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for name in names[2:]:
        pay(world, campaign, name, "10")
    with django_assert_num_queries(QUERIES):
        assert client.get(url).content.decode().count('id="entry-') == 7


QUERIES = 11


def test_the_campaign_list_costs_the_same_with_1_and_with_3_campaigns(
    world, client_for, campaign, django_assert_num_queries
):
    pay(world, campaign, "周会员", "10")
    client = client_for(world.chair)
    url = reverse("care:donation_campaigns", args=[world.school.code])
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    for name in ("爱心捐款", "慈善募捐"):
        pay(world, make(world, name=name, kind="love"), "吴老师", "20")
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url).content.decode()
    assert page.count("1 人 · ") == 3


LIST_QUERIES = 9


# --- the thank-you list and the files -------------------------------------------------------


def _given(world, campaign):
    pay(world, campaign, "周会员", "100")
    pay(world, campaign, "吴老师", "200.50", anonymous=True)
    pay(world, campaign, "孙组长", "50")
    services.donation_reverse(actor=world.chair, entry=pay(world, campaign, "王委员", "80"),
                              reason="误登记")  # fmt: skip


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_thank_you_list_names_only_and_hides_the_anonymous(world, client_for, campaign):
    _given(world, campaign)
    client = client_for(world.member)  # a member of the union reads it
    page = client.get(reverse("care:donation_thanks", args=[campaign.pk])).content.decode()
    assert "周会员" in page and "孙组长" in page
    assert "吴老师" not in page and "王委员" not in page  # anonymous; reversed to nothing
    assert "另有 1 位会员匿名捐款" in page
    assert "100.00" not in page  # names only
    assert "共有3人捐款350.50元" in page
    response = client.get(reverse("care:donation_thanks_docx", args=[campaign.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = _docx_text(response.content)
    assert "慈善一日捐感谢名单" in text and "周会员" in text and "孙组长" in text
    assert "吴老师" not in text and "100.00" not in text and "匿名捐款" in text


def test_the_thank_you_list_with_amounts(world, client_for, campaign):
    services.donation_campaign_update(
        actor=world.chair, campaign=campaign, name=campaign.name, kind=campaign.kind,
        purpose=campaign.purpose, starts_on=campaign.starts_on, ends_on=campaign.ends_on,
        recipient=campaign.recipient, show_amounts=True,
    )  # fmt: skip
    _given(world, campaign)
    client = client_for(world.chair)
    page = client.get(reverse("care:donation_thanks", args=[campaign.pk])).content.decode()
    assert "100.00 元" in page and "爱心人士" in page and "200.50 元" in page
    assert "吴老师" not in page
    text = _docx_text(client.get(reverse("care:donation_thanks_docx", args=[campaign.pk])).content)
    assert "100.00" in text and "爱心人士" in text and "200.50" in text and "吴老师" not in text


def test_the_excel_list_keeps_typed_text_as_text(world, client_for):
    tricky = make(world, name='=HYPERLINK("http://x")一日捐')
    services.donation_pay(actor=world.chair, campaign=tricky, member=world.members["周会员"],
                          amount="100", method=PayMethod.CASH)  # fmt: skip
    response = client_for(world.chair).get(reverse("care:donation_export", args=[tricky.pk]))
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.content)).active
    title = ws["A1"]
    assert title.value.startswith("第一中学工会=HYPERLINK") and title.data_type == "s"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=3)]
    assert rows[0][:5] == [1, "语文组", "周会员", 0, 100]
    assert "导出人：chair" in title.value
    assert AuditEntry.objects.filter(action="care.donation_pay").count() == 1
