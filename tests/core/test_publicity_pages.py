"""公示 pages: what a member sees on their phone, what the committee sees and does, who is
refused, and the printed notice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.core import scoping, todo
from gonghui.core import services_publicity as svc
from gonghui.core.models import AuditEntry, Objection, Publicity, PublicityOutcome, User
from gonghui.core.publicity import register_kind

KIND = "test.publicity"
register_kind(KIND, "测试公示", "member.change")


@pytest.fixture
def item(world):
    today = timezone.localdate()
    return svc.publicity_open(
        actor=world.chair,
        union=world.school,
        kind=KIND,
        title="2026年金秋助学公示",
        body="经工会委员会研究，拟对以下会员子女给予金秋助学资助。",
        columns=["姓名", "小组", "资助金额（元）"],
        rows=[["周会员", "语文组", "3000"], ["吴老师", "数学组", "5000"]],
        starts_on=today,
    )


def detail(item):
    return reverse("core:publicity_detail", args=[item.pk])


def test_a_member_finds_the_open_publicity_on_the_dashboard_and_the_list(world, item, client_for):
    client = client_for(world.member)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "正在公示，可查看或提出异议" in dashboard
    page = client.get(reverse("core:publicity_mine")).content.decode()
    assert "2026年金秋助学公示" in page and detail(item) in page
    assert "publicity-manage" not in page
    shown = client.get(detail(item)).content.decode()
    assert "吴老师" in shown and "5000" in shown and "objection-form" in shown
    assert "下载公示通知" not in shown


def test_a_member_objects_on_the_page_and_sees_only_their_own(world, item, client_for):
    svc.objection_raise(actor=world.committee, publicity=item, text="王委员认为名单有遗漏")
    client = client_for(world.member)
    response = client.post(detail(item), {"text": "吴老师的孩子已获其他资助"})
    assert response.status_code == 302
    objection = Objection.objects.get(member=world.members["周会员"])
    assert objection.text == "吴老师的孩子已获其他资助"
    page = client.get(detail(item)).content.decode()
    assert "吴老师的孩子已获其他资助" in page
    assert "王委员认为名单有遗漏" not in page and "王委员" not in page
    # Another member sees neither objection.
    other = client_for(world.users["group_leader"]).get(detail(item)).content.decode()
    assert "已获其他资助" not in other and "有遗漏" not in other


def test_a_second_objection_shows_the_refusal_on_the_form(world, item, client_for):
    client = client_for(world.member)
    client.post(detail(item), {"text": "一"})
    page = client.post(detail(item), {"text": "二"}).content.decode()
    assert "已有一条异议在等待答复" in page
    assert Objection.objects.count() == 1


def test_the_committee_answers_and_closes(world, item, client_for):
    objection = svc.objection_raise(actor=world.member, publicity=item, text="金额有误")
    client = client_for(world.committee)
    page = client.get(detail(item)).content.decode()
    assert "金额有误" in page and "周会员" in page and "objection-answer" in page
    assert "publicity-close" not in page  # the period is not over
    assert "objection-form" not in page  # who answers does not object on the same page
    todos = {t.text: t.count for t in todo.items(world.committee, world.school)}
    assert todos["待答复的公示异议"] == 1
    prefix = f"o{objection.pk}"
    client.post(
        reverse("core:objection_answer", args=[objection.pk]),
        {f"{prefix}-upheld": "0", f"{prefix}-answer": "经核实金额无误"},
    )
    objection.refresh_from_db()
    assert objection.upheld is False and objection.answered_by == world.committee
    # The member reads the answer.
    mine = client_for(world.member).get(detail(item)).content.decode()
    assert "经核实金额无误" in mine and "异议不成立" in mine
    # Closing before the end is refused with the reason; after it, the outcome is recorded.
    client = client_for(world.committee)
    response = client.post(reverse("core:publicity_close", args=[item.pk]), follow=True)
    assert "期满后才能结束公示" in response.content.decode()
    item.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    item.save(update_fields=["ends_on"])
    todos = {t.text: t.count for t in todo.items(world.committee, world.school)}
    assert todos["公示期已满、待结束的公示"] == 1
    client.post(reverse("core:publicity_close", args=[item.pk]))
    item.refresh_from_db()
    assert item.outcome == PublicityOutcome.REJECTED and not item.is_open


def test_a_member_cannot_answer_or_close(world, item, client_for):
    objection = svc.objection_raise(actor=world.committee, publicity=item, text="x")
    client = client_for(world.member)
    answer = client.post(
        reverse("core:objection_answer", args=[objection.pk]),
        {f"o{objection.pk}-upheld": "1", f"o{objection.pk}-answer": "y"},
    )
    assert answer.status_code == 403
    assert client.post(reverse("core:publicity_close", args=[item.pk])).status_code == 403
    assert client.get(reverse("core:publicity_notice", args=[item.pk])).status_code == 403
    objection.refresh_from_db()
    assert objection.answered_at is None


def test_another_union_gets_404_everywhere(world, item, client_for):
    objection = svc.objection_raise(actor=world.member, publicity=item, text="x")
    client = client_for(world.outsider)
    for url in (
        detail(item),
        reverse("core:publicity_notice", args=[item.pk]),
        reverse("core:publicity_list", args=[world.school.code]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(detail(item), {"text": "x"}).status_code == 404
    assert client.post(reverse("core:publicity_close", args=[item.pk])).status_code == 404
    answer = reverse("core:objection_answer", args=[objection.pk])
    assert client.post(answer, {}).status_code == 404
    assert "2026年金秋助学公示" not in client.get(reverse("core:publicity_mine")).content.decode()
    assert Objection.objects.count() == 1


def test_after_the_close_a_member_no_longer_sees_the_list(world, item, client_for):
    item.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    item.save(update_fields=["ends_on"])
    svc.publicity_close(actor=world.chair, publicity=item)
    page = client_for(world.member).get(detail(item)).content.decode()
    assert "吴老师" not in page and "名单不再公开" in page and "无异议" in page
    assert "objection-form" not in page


def test_the_manager_list_shows_every_publicity(world, item, client_for):
    page = client_for(world.chair).get(reverse("core:publicity_list", args=["school"]))
    assert "2026年金秋助学公示" in page.content.decode()
    assert (
        client_for(world.auditor).get(reverse("core:publicity_list", args=["school"])).status_code
        == 403
    )


def test_the_notice_has_the_title_the_table_and_the_period(world, item, client_for):
    response = client_for(world.chair).get(reverse("core:publicity_notice", args=[item.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年金秋助学公示" in text
    start, end = item.starts_on, item.ends_on
    assert (
        f"公示期为{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
        in text
    )
    assert world.school.name in text
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells == [
        ["序号", "姓名", "小组", "资助金额（元）"],
        ["1", "周会员", "语文组", "3000"],
        ["2", "吴老师", "数学组", "5000"],
    ]
    assert AuditEntry.objects.filter(action="publicity.notice", actor=world.chair).exists()


def test_the_notice_never_prints_objections(world, item, client_for):
    svc.objection_raise(actor=world.member, publicity=item, text="保密的异议")
    content = client_for(world.chair).get(reverse("core:publicity_notice", args=[item.pk])).content
    doc = Document(io.BytesIO(content))
    assert "保密的异议" not in "\n".join(p.text for p in doc.paragraphs)
    assert "周会员" not in "\n".join(p.text for p in doc.paragraphs)


def grow(world, n: int) -> None:
    """``n`` open 公示 with a waiting objection each, and ``n`` whose period is over."""
    today = timezone.localdate()
    have = Publicity.objects.filter(union=world.school).count() // 2
    for i in range(have, n):
        on_show = svc.publicity_open(
            actor=None, union=world.school, kind=KIND, title=f"公示{i}",
            columns=["姓名"], rows=[["周会员"]], starts_on=today,
        )  # fmt: skip
        svc.objection_raise(actor=None, publicity=on_show, text="x", member=world.members["吴老师"])
        svc.publicity_open(
            actor=None, union=world.school, kind=KIND, title=f"已满{i}",
            columns=["姓名"], rows=[["周会员"]], starts_on=today - datetime.timedelta(days=30),
        )  # fmt: skip


def test_the_todo_is_one_query_however_many_items(world):
    from gonghui.core import todo, todos_publicity

    for n in (2, 20):
        grow(world, n)
        for who, expected in (
            ("chair", {"正在公示，可查看或提出异议": 2 * n, "待答复的公示异议": n,
                       "公示期已满、待结束的公示": n}),
            ("member", {"正在公示，可查看或提出异议": 2 * n}),
            ("outsider", {}),
        ):  # fmt: skip
            user = User.objects.get(pk=world.users[who].pk)
            scoping.grants(user)  # loaded once per request, as the page does
            scoping.duties(user)
            with CaptureQueriesContext(connection) as ctx:
                found = todo.resolve(world.school, todos_publicity.todos(user, world.school))
            assert {t.text: t.count for t in found if t.count} == expected, who
            assert len(ctx) == 1, (who, [q["sql"][:300] for q in ctx.captured_queries])
