"""Voucher pages: the list and its filters (query count pinned), the form with its lines and
member picker, the htmx line, the detail page with violations, override, the workflow
buttons, reversal links and history; the budget check at submission. Every page refuses
the outsider (the hospital's chair)."""

import datetime

import pytest

from gonghui.finance.models import Voucher, VoucherShare
from gonghui.finance.services import budget as budget_services
from gonghui.finance.services import vouchers as services

from .vouchers_support import DAY, D, draft, gift, line, posted, submitted


def text(response) -> str:
    return response.content.decode()


def form_data(world, **lines):
    """The voucher form as the browser posts it; ``lines`` maps index → that line's fields."""
    data = {
        "date": "2026-03-10",
        "summary": "三八节慰问",
        "token": "tok-1",
        "lines-TOTAL_FORMS": str(max((int(k) for k in lines), default=0) + 1),
        "lines-INITIAL_FORMS": "0",
    }
    for index, fields in lines.items():
        for key, value in fields.items():
            data[f"lines-{index}-{key}"] = value
    return data


# --- the list -----------------------------------------------------------------------


def test_list_filters_by_status_kind_month_category_and_text(world, client_for):
    posted(world, gift(world, each="100.00"), summary="春节慰问")
    draft(world, line("50301", "80.00"), summary="培训资料", date=datetime.date(2026, 4, 2))
    draft(world, line("401", "500.00"), kind="income", summary="三月会费")
    client = client_for(world.treasurer)

    def shown(query=""):
        return [
            v.summary
            for v in client.get(f"/unions/school/finance/vouchers/?{query}").context["page"]
        ]

    assert sorted(shown()) == ["三月会费", "培训资料", "春节慰问"]
    assert shown("status=posted") == ["春节慰问"]
    assert shown("kind=income") == ["三月会费"]
    assert shown("month=2026-04") == ["培训资料"]
    assert shown("category=501") == ["春节慰问"]  # a top category finds its sub-items
    assert shown("category=50301") == ["培训资料"]
    assert shown("q=会费") == ["三月会费"]
    assert shown("q=记-2026-0001") == ["春节慰问"]
    assert sorted(shown("month=bad")) == ["三月会费", "培训资料", "春节慰问"]
    response = client.get("/unions/school/finance/vouchers/?status=draft", HTTP_HX_REQUEST="true")
    assert "<html" not in text(response) and "培训资料" in text(response)


def test_list_query_count_does_not_grow_with_vouchers(world, client_for, django_assert_num_queries):
    client = client_for(world.chair)
    posted(world, gift(world, each="10.00"))
    with django_assert_num_queries(10) as small:
        client.get("/unions/school/finance/vouchers/")
    for i in range(25):
        draft(world, line("50111", f"{i + 1}.00"), summary=f"第{i}张")
    with django_assert_num_queries(len(small)):
        response = client.get("/unions/school/finance/vouchers/")
    assert len(response.context["page"]) == 26


def test_list_refuses_outsiders_members_and_federation_books(world, client_for):
    assert client_for(world.outsider).get("/unions/school/finance/vouchers/").status_code == 404
    assert client_for(world.member).get("/unions/school/finance/vouchers/").status_code == 403
    assert client_for(world.fed_admin).get("/unions/fed/finance/vouchers/").status_code == 403
    # The federation may read a union's books.
    assert client_for(world.fed_admin).get("/unions/school/finance/vouchers/").status_code == 200


# --- the form -----------------------------------------------------------------------


def test_form_offers_leaf_categories_and_members_by_group(world, client_for):
    client = client_for(world.treasurer)
    page = text(client.get("/unions/school/finance/vouchers/new/?kind=expense"))
    assert '<optgroup label="501 职工活动支出">' in page and "50101 节日慰问" in page
    assert "401 会费收入" not in page
    # Members are found through the picker's search, not listed in the page.
    assert 'hx-get="/unions/school/members/pick/?for=voucher"' in page
    assert "吴老师" not in page and "郑护士" not in page
    found = text(client.get("/unions/school/members/pick/?for=voucher&q=组"))
    assert "整组：语文组" in found and "4 人" in found and "整组：数学组" in found
    assert "郑护士" not in text(client.get("/unions/school/members/pick/?for=voucher&q=zheng"))
    income = text(
        client_for(world.treasurer).get("/unions/school/finance/vouchers/new/?kind=income")
    )
    assert "401 会费收入" in income and "50101" not in income


def test_posting_the_form_creates_a_draft_with_picked_and_pasted_members(world, client_for):
    zhou, wu = world.members["周会员"], world.members["吴老师"]
    data = form_data(
        world,
        **{
            "0": {
                "category": "50101",
                "pay_form": "goods",
                "per_person": "200",
                "members": [str(zhou.pk), str(wu.pk)],
            },
            "1": {
                "category": "50110",
                "pay_form": "goods",
                "participants": "9",
                "people": "HY0001 300\n孙组长 150",
            },
            "2": {
                "category": "50111",
                "amount": "80.50",
                "payee": "体育用品店",
                "pay_form": "transfer",
            },
        },
    )
    response = client_for(world.treasurer).post(
        "/unions/school/finance/vouchers/new/?kind=expense", data
    )
    v = Voucher.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/finance/vouchers/{v.pk}/"
    assert v.total == D("930.50") and v.created_by == world.treasurer
    shares = {
        (s.line.category.code, s.member.name): s.amount
        for s in VoucherShare.objects.select_related("line__category", "member")
    }
    assert shares == {
        ("50101", "周会员"): D("200.00"),
        ("50101", "吴老师"): D("200.00"),
        ("50110", "周会员"): D("300.00"),
        ("50110", "孙组长"): D("150.00"),
    }


def test_double_posting_the_same_form_records_one_voucher(world, client_for):
    client = client_for(world.treasurer)
    data = form_data(
        world, **{"0": {"category": "50111", "amount": "10.00", "pay_form": "transfer"}}
    )
    first = client.post("/unions/school/finance/vouchers/new/", data)
    second = client.post("/unions/school/finance/vouchers/new/", data)
    assert Voucher.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_form_shows_every_problem_and_writes_nothing(world, client_for):
    client = client_for(world.treasurer)
    data = form_data(
        world,
        **{
            "0": {"category": "50111", "amount": "10.001", "pay_form": "transfer"},
            "1": {
                "category": "50101",
                "pay_form": "goods",
                "members": [str(world.members["周会员"].pk)],
            },
            "2": {
                "category": "50101",
                "pay_form": "goods",
                "per_person": "10",
                "people": "不存在的人\nHY9999 5",
            },
        },
    )
    page = text(client.post("/unions/school/finance/vouchers/new/", data))
    assert "选了发放会员，请填写每人金额" in page
    assert "“不存在的人”：本工会没有这名在册会员" in page and "HY9999" in page
    assert Voucher.objects.count() == 0
    data = form_data(
        world, **{"0": {"category": "50111", "amount": "10.001", "pay_form": "transfer"}}
    )
    page = text(client.post("/unions/school/finance/vouchers/new/", data))
    assert "第 1 行：金额“10.001”超过两位小数" in page
    assert Voucher.objects.count() == 0


def test_htmx_adds_a_line_and_bumps_the_form_count(world, client_for):
    response = client_for(world.treasurer).get(
        "/unions/school/finance/vouchers/line/?kind=expense&lines-TOTAL_FORMS=3",
        HTTP_HX_REQUEST="true",
    )
    page = text(response)
    assert 'name="lines-3-category"' in page and 'name="lines-3-members"' in page
    assert 'id="id_lines-TOTAL_FORMS" value="4" hx-swap-oob="true"' in page
    assert (
        client_for(world.outsider)
        .get("/unions/school/finance/vouchers/line/?lines-TOTAL_FORMS=1")
        .status_code
        == 404
    )


def test_auditor_and_outsider_cannot_open_the_form(world, client_for):
    for user, status in ((world.auditor, 403), (world.outsider, 404)):
        assert client_for(user).get("/unions/school/finance/vouchers/new/").status_code == status
        data = form_data(world, **{"0": {"category": "50111", "amount": "10.00"}})
        assert (
            client_for(user).post("/unions/school/finance/vouchers/new/", data).status_code
            == status
        )
    assert Voucher.objects.count() == 0


def test_editing_a_draft_prefills_lines_and_saves(world, client_for):
    v = draft(world, gift(world, each="100.00", names=("周会员", "吴老师")), line("50111", "20.00"))
    client = client_for(world.treasurer)
    page = text(client.get(f"/finance/vouchers/{v.pk}/edit/"))
    # The chosen members come back as the picker's chips (a hidden input each).
    for name in ("周会员", "吴老师"):
        assert f'name="lines-0-members" value="{world.members[name].pk}">{name}（' in page
    assert 'name="lines-1-amount" value="20.00"' in page
    data = form_data(
        world, **{"0": {"category": "50111", "amount": "33.00", "pay_form": "transfer"}}
    )
    data["summary"] = "改后"
    assert client.post(f"/finance/vouchers/{v.pk}/edit/", data).status_code == 302
    v.refresh_from_db()
    assert v.summary == "改后" and v.total == D("33.00")
    assert client_for(world.outsider).get(f"/finance/vouchers/{v.pk}/edit/").status_code == 404


# --- the detail page and its buttons --------------------------------------------------


def test_detail_shows_violations_and_the_chairs_override_form(world, client_for):
    v = draft(world, gift(world, "50102", each="600.00"))
    page = text(client_for(world.chair).get(f"/finance/vouchers/{v.pk}/"))
    assert 'id="violations"' in page and "超过每人每年 500.00 元的上限" in page
    assert "主席批准超标准开支" in page
    treasurer_page = text(client_for(world.treasurer).get(f"/finance/vouchers/{v.pk}/"))
    assert "主席批准超标准开支" not in treasurer_page and "提交审批" in treasurer_page
    response = client_for(world.treasurer).post(f"/finance/vouchers/{v.pk}/submit/", follow=True)
    assert "违反开支标准【生日慰问】" in text(response)
    assert Voucher.objects.get(pk=v.pk).status == "draft"
    reason = "该会员今年两次住院，委员会研究同意追加慰问。"
    client_for(world.chair).post(f"/finance/vouchers/{v.pk}/override/", {"reason": reason})
    page = text(client_for(world.auditor).get(f"/finance/vouchers/{v.pk}/"))
    assert 'id="override"' in page and reason in page and "书面批准" in page
    assert 'id="violations"' not in page  # what was let through is no longer shown as open
    assert "批准超标准开支" in page  # in the history
    assert client_for(world.treasurer).post(f"/finance/vouchers/{v.pk}/submit/").status_code == 302
    assert Voucher.objects.get(pk=v.pk).status == "submitted"


def test_workflow_through_the_buttons(world, client_for):
    v = draft(world)
    treasurer, chair = client_for(world.treasurer), None
    treasurer.post(f"/finance/vouchers/{v.pk}/submit/")
    page = text(treasurer.get(f"/finance/vouchers/{v.pk}/"))
    assert "审批通过" not in page  # the treasurer is not the approver
    chair = client_for(world.chair)
    page = text(chair.get(f"/finance/vouchers/{v.pk}/"))
    assert "审批通过" in page and "退回为草稿" in page
    chair.post(f"/finance/vouchers/{v.pk}/approve/")
    response = chair.post(f"/finance/vouchers/{v.pk}/post/", follow=True)
    assert "已记账，凭证号 记-2026-0001。" in text(response)
    page = text(chair.get(f"/finance/vouchers/{v.pk}/"))
    assert "填制冲销凭证" in page and "修改</a>" not in page
    history = [e.action for e in response.context["history"]]
    assert history == ["voucher.create", "voucher.submit", "voucher.approve", "voucher.post"]


def test_a_voucher_one_drafted_offers_no_approval_button(world, client_for):
    v = services.voucher_submit(actor=world.chair, voucher=draft(world, actor=world.chair))
    page = text(client_for(world.chair).get(f"/finance/vouchers/{v.pk}/"))
    assert "审批通过" not in page and "须由另一位审批人审批" in page
    response = client_for(world.chair).post(f"/finance/vouchers/{v.pk}/approve/", follow=True)
    assert "四眼原则" in text(response)
    assert Voucher.objects.get(pk=v.pk).status == "submitted"


def test_return_with_reason_shows_on_the_draft(world, client_for):
    v = submitted(world)
    client_for(world.chair).post(f"/finance/vouchers/{v.pk}/return/", {"reason": "请附发票"})
    page = text(client_for(world.treasurer).get(f"/finance/vouchers/{v.pk}/"))
    assert "审批人退回：请附发票" in page


def test_reverse_through_the_page_links_both_ways(world, client_for):
    v = posted(world, line("50111", "66.00"))
    response = client_for(world.treasurer).post(
        f"/finance/vouchers/{v.pk}/reverse/", {"date": "2026-03-20", "reason": "重复报销"}
    )
    r = Voucher.objects.get(reverses=v)
    assert response["Location"] == f"/finance/vouchers/{r.pk}/"
    page = text(client_for(world.treasurer).get(f"/finance/vouchers/{r.pk}/"))
    assert "这是冲销凭证，冲销" in page and "记-2026-0001" in page and "-66.00" in page
    page = text(client_for(world.treasurer).get(f"/finance/vouchers/{v.pk}/"))
    assert 'id="reversed-by"' in page and "填制冲销凭证" not in page
    again = client_for(world.treasurer).post(
        f"/finance/vouchers/{v.pk}/reverse/",
        {"date": "2026-03-21", "reason": "再冲一次"},
        follow=True,
    )
    assert "已有冲销凭证" in text(again) and Voucher.objects.filter(reverses=v).count() == 1
    other = posted(world, line("50111", "5.00"))
    blank = client_for(world.treasurer).post(
        f"/finance/vouchers/{other.pk}/reverse/", {"date": "", "reason": ""}, follow=True
    )
    assert "这个字段是必填项" in text(blank) and not Voucher.objects.filter(reverses=other).exists()


def test_delete_a_draft_from_the_page(world, client_for):
    v = draft(world)
    response = client_for(world.treasurer).post(f"/finance/vouchers/{v.pk}/delete/")
    assert response["Location"] == "/unions/school/finance/vouchers/"
    assert not Voucher.objects.filter(pk=v.pk).exists()


@pytest.mark.parametrize(
    "action", ["submit", "return", "approve", "post", "override", "reverse", "delete"]
)
def test_every_action_refuses_the_outsider(world, client_for, action):
    v = submitted(world)
    assert client_for(world.outsider).get(f"/finance/vouchers/{v.pk}/").status_code == 404
    response = client_for(world.outsider).post(
        f"/finance/vouchers/{v.pk}/{action}/", {"reason": "x" * 20}
    )
    assert response.status_code == 404
    assert Voucher.objects.get(pk=v.pk).status == "submitted"


def test_unknown_action_is_not_found(world, client_for):
    v = draft(world)
    assert client_for(world.chair).post(f"/finance/vouchers/{v.pk}/explode/").status_code == 404


# --- the budget at submission -------------------------------------------------------


def adopted_budget(world, amount):
    b = budget_services.budget_create(
        actor=world.chair, union=world.school, year=2026, lines={"50111": amount}
    )
    return budget_services.budget_adopt(
        actor=world.chair, budget=b, adopted_on=DAY, adopted_by="committee"
    )


def test_over_budget_is_refused_and_near_budget_warns(world, client_for):
    adopted_budget(world, "1000.00")
    over = draft(world, line("50111", "1000.01"))
    response = client_for(world.treasurer).post(f"/finance/vouchers/{over.pk}/submit/", follow=True)
    assert Voucher.objects.get(pk=over.pk).status == "draft"
    assert "预算" in text(response)
    near = draft(world, line("50111", "950.00"))
    response = client_for(world.treasurer).post(f"/finance/vouchers/{near.pk}/submit/", follow=True)
    assert Voucher.objects.get(pk=near.pk).status == "submitted"
    assert "alert-warning" in text(response) and "预算" in text(response)


def test_a_line_removed_in_the_browser_is_skipped(world, client_for):
    data = form_data(
        world,
        **{
            "0": {"category": "50111", "amount": "10.00", "pay_form": "transfer"},
            "2": {"category": "50112", "amount": "5.00", "pay_form": "transfer"},
        },
    )
    assert data["lines-TOTAL_FORMS"] == "3"
    response = client_for(world.treasurer).post("/unions/school/finance/vouchers/new/", data)
    assert response.status_code == 302
    v = Voucher.objects.get()
    assert sorted(v.lines.values_list("category__code", flat=True)) == ["50111", "50112"]


def test_a_submitted_voucher_is_not_called_a_draft(world, client_for):
    v = submitted(world)
    page = text(client_for(world.chair).get(f"/finance/vouchers/{v.pk}/"))
    assert "凭证（待审批）" in page
    assert ">草稿<" not in page and "凭证草稿" not in page


def test_a_refusal_for_several_rules_lists_each_reason_on_its_own_line(world, client_for):
    # Two members over the festival cap: two reasons, shown as a list, not run together.
    v = draft(world, gift(world, each="2200.01", names=("周会员", "吴老师")))
    page = text(client_for(world.treasurer).post(f"/finance/vouchers/{v.pk}/submit/", follow=True))
    flashed = page.split("未能完成，原因有 2 条：", 1)[1].split("</ol>", 1)[0]
    assert flashed.count("<li>违反开支标准【节日慰问】") == 2
    assert Voucher.objects.get(pk=v.pk).status == "draft"
