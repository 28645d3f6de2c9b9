"""The event rules on the pages: the rule form edits the new limits and the rule list shows
them; a treasurer types each person's 事项 in the pasted list (or the line's 事由 applies to
all); editing a draft keeps each payee's event and share."""

from gonghui.finance.forms.vouchers import line_initial
from gonghui.finance.models import SpendingRule, Voucher, VoucherShare
from gonghui.finance.services import vouchers as services

from .test_vouchers_views import form_data, text
from .vouchers_support import DAY, draft, gift


def test_the_chair_sets_the_event_limits_on_the_rule_page(world, client_for):
    client = client_for(world.chair)
    form = text(client.get("/unions/school/finance/rules/hospital/"))
    assert "同一事项每人每年次数上限" in form and "天数须超过（天）" in form
    assert "不得使用工会经费列支" in form
    response = client.post(
        "/unions/school/finance/rules/hospital/",
        {
            "name": "住院慰问",
            "category": "50103",
            "cap_event": "800",
            "times_event_year": "2",
            "times_ever": "",
            "min_days": "5",
            "source": "本会慰问办法第三条",
        },
    )
    assert response.status_code == 302
    own = SpendingRule.objects.get(union=world.school, key="hospital")
    assert (own.times_event_year, own.times_ever, own.min_days) == (2, None, 5)
    assert not own.forbid_union_funds
    page = text(client.get("/unions/school/finance/rules/"))
    assert "同一事项每人每年至多 2 次" in page and "天数须超过 5 天" in page
    assert "每人累计至多 1 次（不分年度）" in page  # 退休慰问, the platform's example
    assert "不得使用工会经费列支" in page  # 职工体检
    bad = client.post(
        "/unions/school/finance/rules/hospital/",
        {"name": "住院慰问", "category": "50103", "min_days": "-1"},
    )
    assert bad.status_code == 200
    assert SpendingRule.objects.get(union=world.school, key="hospital").min_days == 5


def test_a_pasted_list_gives_each_person_their_own_event(world, client_for):
    data = form_data(
        world,
        **{
            "0": {
                "category": "50103",
                "pay_form": "transfer",
                "event": "住院（骨折）",
                "days": "6",
                "people": "周会员 500 肺炎\n吴老师 400",
            }
        },
    )
    response = client_for(world.treasurer).post(
        "/unions/school/finance/vouchers/new/?kind=expense", data
    )
    assert response.status_code == 302
    keys = dict(
        VoucherShare.objects.filter(line__voucher=Voucher.objects.get()).values_list(
            "member__name", "event_key"
        )
    )
    assert keys == {"周会员": "肺炎", "吴老师": "住院（骨折）"}


def test_editing_a_draft_keeps_the_events_and_the_shares(world, client_for):
    line = gift(world, "50103", each="500.00", names=(), event="住院（骨折）", days=6)
    line["shares"] = [(world.members["周会员"], "500.00", "care.aid:7")]
    line["amount"] = "500.00"
    v = draft(world, line, gift(world, each="100.00", names=("吴老师",)))
    kept = VoucherShare.objects.get(line__voucher=v, member=world.members["周会员"])
    # The form gives the person's own event back in the pasted list…
    (hospital, _festival) = line_initial(v)
    assert (
        hospital["people"] == "HY0001 500.00 care.aid:7"
    )  # 周会员 by card and "members" not in hospital
    client = client_for(world.treasurer)
    assert "care.aid:7" in text(client.get(f"/finance/vouchers/{v.pk}/edit/"))
    # …so saving the form again keeps it, and the share row is the same one.
    data = form_data(
        world,
        **{
            "0": {
                "category": "50103",
                "pay_form": "transfer",
                "event": "住院（骨折）",
                "days": "6",
                "people": hospital["people"],
            }
        },
    )
    data["date"] = "2026-03-12"
    assert client.post(f"/finance/vouchers/{v.pk}/edit/", data).status_code == 302
    share = VoucherShare.objects.get(line__voucher=v)
    assert (share.pk, share.event_key) == (kept.pk, "care.aid:7")
    assert share.line.date.isoformat() == "2026-03-12"


def test_a_payee_taken_off_the_draft_loses_the_share(world):
    v = draft(world, gift(world, each="100.00", names=("周会员", "吴老师")))
    wu = VoucherShare.objects.get(line__voucher=v, member=world.members["吴老师"])
    zhou = VoucherShare.objects.get(line__voucher=v, member=world.members["周会员"])
    services.voucher_update(
        actor=world.treasurer,
        voucher=v,
        date=DAY,
        summary="改后",
        lines=[gift(world, each="120.00", names=("吴老师",))],
    )
    (left,) = VoucherShare.objects.filter(line__voucher=v)
    assert left.pk == wu.pk and str(left.amount) == "120.00"
    assert not VoucherShare.objects.filter(pk=zhou.pk).exists()
