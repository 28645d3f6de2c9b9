"""走访慰问's money goes through the books: a visit's 慰问金 above zero is the member's share of
a draft expense voucher (``care.payments``) in the category of the event's kind, keyed by
the illness for a 住院 (同一病种每年一次) and carrying the stay's days (住院超过 3 天), so the
spending rules refuse what they must when the treasurer submits it; a campaign's visits
gather on one draft; goods only make none; bad input writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.care import rules_visits, services_visits
from gonghui.care.models import CampaignKind, CareVisit, LifeEvent, TargetSource
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher, VoucherShare
from gonghui.finance.services import vouchers
from gonghui.orgs.models import Member, MemberStatus

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def event(world, name="周会员", kind="生病住院", ago=6):
    return services_visits.life_event_record(
        actor=world.chair, member=world.members[name], kind=kind, occurred_on=days_ago(ago)
    )


def visit(world, ev, amount="500.00", **kw):
    kw.setdefault("visitors", "李主席、吴老师")
    kw.setdefault("visited_on", TODAY)
    return services_visits.care_visit_record(actor=world.chair, event=ev, amount=amount, **kw)


def submit(world, made):
    return vouchers.voucher_submit(actor=world.treasurer, voucher=made.voucher_share.line.voucher)


# --- a 住院 visit --------------------------------------------------------------------------


def test_a_hospital_visit_with_money_is_a_draft_with_one_share_keyed_by_the_illness(world):
    made = visit(world, event(world), days=5, illness="肺炎", goods="水果")
    share = made.voucher_share
    assert share.member == world.members["周会员"] and share.amount == Decimal("500.00")
    assert share.event_key == "住院（肺炎）"
    line = share.line
    assert (line.category.code, line.days, line.event) == ("50103", 5, "住院（肺炎）")
    voucher = line.voucher
    assert (voucher.status, voucher.date, voucher.total) == ("draft", TODAY, Decimal("500.00"))
    assert voucher.summary == "生病住院慰问金" and voucher.created_by == world.chair
    assert VoucherShare.objects.count() == 1 and Voucher.objects.count() == 1
    assert (made.days, made.illness) == (5, "肺炎")
    entry = AuditEntry.objects.filter(action="care.visit_record").latest("id")
    assert entry.changes["voucher_share_id"] == [None, share.pk]
    assert "肺炎" not in str(entry.changes)  # the illness is not in the trail
    source = AuditEntry.objects.get(action="voucher.create").changes["来源"]
    assert source == [None, "五必访走访慰问"]


@pytest.mark.parametrize("typed", ["肺炎", "住院(肺炎)", " 住院（肺炎） "])
def test_the_illness_is_one_key_however_it_is_bracketed(typed):
    assert rules_visits.illness_key(typed) == "住院（肺炎）"


def test_the_same_illness_twice_in_a_year_is_refused_at_submit_with_its_basis(world):
    first = visit(world, event(world, ago=40), days=5, illness="肺炎")
    submit(world, first)
    again = visit(world, event(world, ago=6), days=6, illness="住院（肺炎）")
    with pytest.raises(ValidationError) as refused:
        submit(world, again)
    (message,) = refused.value.messages
    assert message.startswith("违反开支标准【住院慰问】：周会员 本年已因“住院（肺炎）”发放 1 次")
    assert "依据：" in message and "同一病种每年慰问一次" in message
    # another illness is another event
    other = visit(world, event(world, ago=3), days=4, illness="骨折")
    assert submit(world, other).status == "submitted"


@pytest.mark.parametrize(("days", "passes"), [(3, False), (4, True)])
def test_a_stay_of_3_days_is_refused_and_4_pass(world, days, passes):
    made = visit(world, event(world), days=days, illness="阑尾炎")
    if passes:
        assert submit(world, made).status == "submitted"
        return
    with pytest.raises(ValidationError, match="天数 3 天，未超过 3 天，不符合列支条件"):
        submit(world, made)


def test_a_hospital_visit_with_money_needs_days_and_illness_and_writes_nothing(world):
    ev = event(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        visit(world, ev, days="", illness=" ")
    assert refused.value.message_dict == {
        "days": ["发放住院慰问金须填写住院天数（开支标准按住院天数审核）。"],
        "illness": ["发放住院慰问金须填写病种/事由（同一病种每年慰问一次，按此区分）。"],
    }
    with pytest.raises(ValidationError, match="住院天数须为 1 至 999 的整数"):
        visit(world, ev, days="0", illness="肺炎")
    assert not CareVisit.objects.exists() and not Voucher.objects.exists()
    assert AuditEntry.objects.count() == before
    # goods only: neither is needed, and no voucher
    made = visit(world, ev, amount="0", goods="鲜花")
    assert made.voucher_share is None and not Voucher.objects.exists()


# --- the other kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("结婚", "50104"),
        ("生育", "50105"),
        ("退休", "50106"),
        ("直系亲属去世", "50108"),
        ("发生意外", "50202"),
        ("家庭困难", "50202"),
    ],
)
def test_each_kind_is_paid_in_its_category_keyed_by_the_event(world, kind, category):
    ev = event(world, kind=kind)
    made = visit(world, ev, days=9, illness="不用")
    line = made.voucher_share.line
    assert line.category.code == category and line.event == kind and line.days is None
    assert made.voucher_share.event_key == f"care.event:{ev.pk}"
    assert (made.days, made.illness) == (None, "")  # a 住院's fields only


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("住院", "50103"),
        ("职工住院", "50103"),
        ("直系亲属住院", "50202"),
        ("配偶去世", "50107"),
        ("家属病故", "50108"),
        ("体检休养", "50202"),
    ],
)
def test_a_unions_own_kind_goes_by_its_words(kind, category):
    assert rules_visits.visit_category(kind) == category


def test_a_member_who_died_is_visited_but_the_money_is_refused_whole(world):
    member = world.members["吴老师"]
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.DECEASED)
    ev = event(world, name="吴老师", kind="会员去世")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        visit(world, ev, amount="2000")
    assert "不是本会在册会员（已去世）" in refused.value.message_dict["amount"][0]
    assert not CareVisit.objects.exists() and not Voucher.objects.exists()
    assert AuditEntry.objects.count() == before
    assert visit(world, ev, amount="0", goods="花圈").voucher_share is None


@pytest.mark.parametrize(
    ("amount", "message"), [("-1", "慰问金不能为负数"), ("500.125", "超过两位小数")]
)
def test_a_bad_amount_is_refused_in_chinese_and_nothing_is_written(world, amount, message):
    ev = event(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        visit(world, ev, amount=amount, days=5, illness="肺炎")
    assert message in refused.value.message_dict["amount"][0]
    assert not CareVisit.objects.exists() and not Voucher.objects.exists()
    assert AuditEntry.objects.count() == before
    assert LifeEvent.objects.get().state == "due"


# --- campaigns ------------------------------------------------------------------------------


@pytest.fixture
def campaign(world):
    found = services_visits.campaign_create(
        actor=world.chair,
        union=world.school,
        name="2026年春节送温暖",
        kind=CampaignKind.SPRING,
        starts_on=days_ago(5),
        ends_on=TODAY + datetime.timedelta(days=5),
    )
    services_visits.campaign_targets_add(
        actor=world.chair,
        campaign=found,
        source=TargetSource.PICKED,
        members=[world.members[n] for n in ("周会员", "吴老师", "孙组长", "王委员")],
    )
    return found


def target_visit(world, campaign, name, amount="500.00", goods="米、油"):
    return services_visits.campaign_target_visit(
        actor=world.chair,
        target=campaign.targets.get(member=world.members[name]),
        visited_on=TODAY,
        visitors="李主席",
        goods=goods,
        amount=amount,
    )


def test_a_campaigns_visits_gather_on_one_voucher_one_share_each(world, campaign):
    made = [target_visit(world, campaign, n) for n in ("周会员", "吴老师", "孙组长")]
    (voucher,) = Voucher.objects.all()
    assert voucher.status == "draft" and voucher.total == Decimal("1500.00")
    assert voucher.summary == "2026年春节送温暖慰问金"
    shares = VoucherShare.objects.filter(line__voucher=voucher).order_by("id")
    assert [s.pk for s in shares] == [v.voucher_share_id for v in made]
    assert {s.event_key for s in shares} == {f"care.campaign:{campaign.pk}"}
    assert {s.line.category.code for s in shares} == {"50202"}  # 送温暖, not 节日慰问
    entry = AuditEntry.objects.filter(action="voucher.update").latest("id")
    assert entry.changes["来源"] == [None, "慰问活动“2026年春节送温暖”"]
    # the treasurer submits it: the next visit starts a new draft
    assert vouchers.voucher_submit(actor=world.treasurer, voucher=voucher).status == "submitted"
    later = target_visit(world, campaign, "王委员", amount="300")
    assert later.voucher_share.line.voucher_id != voucher.pk
    assert Voucher.objects.filter(status="draft").count() == 1


def test_goods_only_make_no_voucher(world, campaign):
    made = target_visit(world, campaign, "周会员", amount="", goods="米、油")
    assert made.voucher_share is None and made.amount == Decimal("0.00")
    assert visit(world, event(world, kind="结婚"), amount="0").voucher_share is None
    assert not Voucher.objects.exists()


def test_a_target_who_left_is_refused_with_money_and_nothing_is_written(world, campaign):
    Member.objects.filter(pk=world.members["孙组长"].pk).update(status=MemberStatus.LEFT)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        target_visit(world, campaign, "孙组长")
    assert "不是本会在册会员" in refused.value.message_dict["amount"][0]
    assert not CareVisit.objects.exists() and not Voucher.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("kind", "category"), [("summer", "50203"), ("chongyang", "50202"), ("holiday", "50101")]
)
def test_each_campaign_kind_has_its_category(kind, category):
    assert rules_visits.CAMPAIGN_CATEGORIES[kind] == category
    assert set(rules_visits.CAMPAIGN_CATEGORIES) == set(CampaignKind.values)


# --- pages ----------------------------------------------------------------------------------


def test_the_event_page_asks_a_hospital_stay_and_shows_the_voucher(world, client_for):
    ev = event(world)
    client = client_for(world.chair)
    page = client.get(ev.get_absolute_url()).content.decode()
    assert "住院天数" in page and "病种/事由" in page and "住院慰问" in page
    assert (
        "住院天数" not in client.get(event(world, kind="结婚").get_absolute_url()).content.decode()
    )
    url = reverse("care:event_visit", args=[ev.pk])
    post = {"visited_on": TODAY.isoformat(), "visitors": "李主席", "amount": "500"}
    refused = client.post(url, post)
    assert refused.status_code == 400 and "发放住院慰问金须填写住院天数" in refused.content.decode()
    response = client.post(url, {**post, "days": "5", "illness": "肺炎"}, follow=True)
    body = response.content.decode()
    assert "慰问金已生成支出凭证草稿" in body
    voucher = Voucher.objects.get()
    assert f'href="/finance/vouchers/{voucher.pk}/"' in body and "凭证草稿" in body
    assert "住院 5 天" in body and "肺炎" in body
    # the member sees where the money stands on their own event, without a link into the books
    own = client_for(world.member).get(ev.get_absolute_url()).content.decode()
    assert "草稿" in own and f"/finance/vouchers/{voucher.pk}/" not in own


def test_a_deleted_draft_reads_not_linked(world, client_for):
    ev = event(world, kind="结婚")
    made = visit(world, ev)
    vouchers.voucher_delete(actor=world.treasurer, voucher=made.voucher_share.line.voucher)
    page = client_for(world.chair).get(ev.get_absolute_url()).content.decode()
    assert "未关联凭证" in page


def test_the_campaign_page_shows_its_voucher_and_each_rows(world, client_for, campaign):
    for name in ("周会员", "吴老师"):
        target_visit(world, campaign, name)
    target = campaign.targets.get(member=world.members["孙组长"])
    client = client_for(world.chair)
    response = client.post(
        reverse("care:target_visit", args=[target.pk]),
        {"visited_on": TODAY.isoformat(), "visitors": "李主席", "amount": "500"},
        follow=True,
    )
    body = response.content.decode()
    assert "慰问金已记入本活动的支出凭证草稿" in body
    voucher = Voucher.objects.get()
    assert body.count(f'href="/finance/vouchers/{voucher.pk}/"') == 4  # the top and 3 rows
    assert 'id="vouchers"' in body and "1,500.00" in body
    page = client_for(world.auditor).get(campaign.get_absolute_url()).content.decode()
    assert "凭证草稿" in page
