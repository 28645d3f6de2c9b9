"""厂务公开 pages: the year's grid, recording a publication (a future month and a file that
is not a photo refused on the form, nothing written), a member's list and question, the
committee's answer, hostile text shown as text, another union's objects 404 on every
pattern, and the year page's query count."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.rights.models_openness import OpennessPublication, OpennessQuestion
from tests.rights import tables_openness as tables
from tests.rights.support_openness import D, adopt, publish

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HOSTILE = '<script>alert("x")</script>{{ 1|add:1 }}=HYPERLINK("x")'


@pytest.fixture
def today():
    return timezone.localdate()


def _last_month(today):
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def test_the_year_page_shows_the_grid_and_what_is_overdue(world, client_for, today):
    cats = adopt(world.school, today)
    year, month = _last_month(today)
    publish(
        world.school, cats["职工切身利益"], period=month, year=year, published_on=today, today=today
    )
    page = (
        client_for(world.chair)
        .get(reverse("rights:openness", args=["school"]) + f"?year={year}")
        .content.decode()
    )
    assert 'data-category="职工切身利益"' in page and "公开进度" in page
    assert 'data-status="on_time"' in page or 'data-status="late"' in page
    assert "待办：逾期未公开" in page or today.month <= 2


def test_a_school_without_a_catalogue_is_offered_the_defaults(world, client_for):
    client = client_for(world.chair)
    page = client.get(reverse("rights:openness_categories", args=["school"])).content.decode()
    assert "平台默认" in page and "职工切身利益" in page and 'id="adopt"' in page
    response = client.post(reverse("rights:openness_adopt", args=["school"]))
    assert response.status_code == 302
    page = client.get(reverse("rights:openness_categories", args=["school"])).content.decode()
    assert 'id="categories"' in page and "停用" in page


def test_recording_on_the_form_and_its_refusals(world, client_for, settings, tmp_path, today):
    settings.DATA_DIR = tmp_path
    cats = adopt(world.school, today)
    client = client_for(world.chair)
    url = reverse("rights:openness_publish", args=["school"])
    base = {
        "category": cats["职工切身利益"].pk,
        "year": today.year + 1,
        "period": "m1",
        "title": "工资发放情况",
        "published_on": today.isoformat(),
        "channel": "board",
    }
    page = client.post(url, base).content.decode()
    assert "不能登记未来月份的公开" in page
    page = client.post(url, {**base, "period": "q1"}).content.decode()
    assert "请选择相应的期间" in page
    year, month = _last_month(today)
    good = {**base, "year": year, "period": f"m{month}"}
    page = client.post(
        url, {**good, "evidence": SimpleUploadedFile("a.png", b"MZ\x90\x00 not a picture")}
    ).content.decode()
    assert "只能上传 JPG、PNG 图片或 PDF 文件" in page
    assert not OpennessPublication.objects.exists()
    response = client.post(url, {**good, "evidence": SimpleUploadedFile("栏.png", PNG)})
    assert response.status_code == 302
    item = OpennessPublication.objects.get()
    assert item.evidence_type == "image/png" and item.recorded_by == world.chair
    # the member opens the photo; the outsider is told it does not exist
    response = client_for(world.member).get(reverse("rights:openness_evidence", args=[item.pk]))
    assert response.status_code == 200 and response.content == PNG
    response = client_for(world.outsider).get(reverse("rights:openness_evidence", args=[item.pk]))
    assert response.status_code == 404


def test_a_member_asks_from_the_list_and_sees_the_answer(world, client_for):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    member = client_for(world.member)
    page = member.get(reverse("rights:openness_mine")).content.decode()
    assert item.title in page and item.get_absolute_url() in page
    member.post(reverse("rights:openness_ask", args=[item.pk]), {"text": "班主任津贴怎么算？"})
    question = OpennessQuestion.objects.get()
    assert question.member == world.members["周会员"]
    chair = client_for(world.chair)
    page = chair.get(item.get_absolute_url()).content.decode()
    assert "周会员" in page and "答复" in page  # the committee sees who asked
    chair.post(reverse("rights:openness_answer", args=[question.pk]), {"answer": "按月随工资发。"})
    page = client_for(world.member).get(item.get_absolute_url()).content.decode()
    assert "按月随工资发。" in page and "我的提问" in page


def test_an_outsider_cannot_ask_or_answer(world, client_for):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    outsider = client_for(world.outsider)
    response = outsider.post(reverse("rights:openness_ask", args=[item.pk]), {"text": "?"})
    assert response.status_code == 404 and not OpennessQuestion.objects.exists()
    from gonghui.rights import services_openness as services

    q = services.openness_question_ask(actor=world.member, publication=item, text="问")
    response = client_for(world.member).post(
        reverse("rights:openness_answer", args=[q.pk]), {"answer": "自问自答"}
    )
    assert response.status_code == 403
    q.refresh_from_db()
    assert q.answered_at is None


def test_hostile_text_is_shown_as_text(world, client_for):
    cats = adopt(world.school)
    item = publish(
        world.school,
        cats["职工切身利益"],
        period=10,
        published_on=D(2026, 11, 5),
        title=HOSTILE[:120],
        content=HOSTILE + "\n第二行",
    )
    from gonghui.rights import services_openness as services

    q = services.openness_question_ask(actor=world.member, publication=item, text=HOSTILE)
    services.openness_question_answer(actor=world.chair, question=q, answer=HOSTILE)
    pages = [
        client_for(world.chair).get(reverse("rights:openness", args=["school"]) + "?year=2026"),
        client_for(world.chair).get(item.get_absolute_url()),
        client_for(world.member).get(item.get_absolute_url()),
        client_for(world.member).get(reverse("rights:openness_mine")),
    ]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_every_pattern_with_another_unions_object_is_404(world, client_for):
    """The school's chair, on the hospital's objects (and the hospital's code)."""
    objects = type("Foreign", (), tables.foreign(world))
    client = client_for(world.chair)
    for name, fill in tables.FILL.items():
        kwargs = fill(objects) or {"code": "hospital"}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (name, method, response.status_code)


def test_the_year_page_costs_the_same_with_more_records(
    world, client_for, django_assert_max_num_queries
):
    cats = adopt(world.school)
    client = client_for(world.chair)
    url = reverse("rights:openness", args=["school"]) + "?year=2026"
    client.get(url)
    for m in range(1, 11):
        publish(world.school, cats["职工切身利益"], period=m, published_on=D(2026, m + 1, 5))
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for q in (1, 2, 3):
        publish(world.school, cats["财务"], period=q, published_on=D(2026, 3 * q + 1, 5))
    with django_assert_max_num_queries(30) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_chair_sets_the_poll_and_the_year_page_shows_its_result(world, client_for):
    from gonghui.congress.services import evaluation as evaluations
    from gonghui.rights.models_openness import OpennessPoll
    from tests.congress.test_polls_fixtures import congress

    adopt(world.school)
    c = congress(world, 3)
    client = client_for(world.chair)
    url = reverse("rights:openness_poll", args=["school"]) + "?year=2026"
    response = client.post(url, {"sitting": c.sitting.pk})
    assert response.status_code == 302
    poll = OpennessPoll.objects.get(union=world.school, year=2026)
    year_url = reverse("rights:openness", args=["school"]) + "?year=2026"
    page = client.get(year_url).content.decode()
    assert poll.evaluation.title in page and 'id="poll-result"' not in page
    ev = poll.evaluation
    evaluations.evaluation_open(actor=world.chair, evaluation=ev)
    subjects = list(ev.subjects.all())
    for rep in c.reps:
        evaluations.evaluation_cast(
            actor=c.user(rep), evaluation=ev, ratings={s.pk: 0 for s in subjects}
        )
    evaluations.evaluation_close(actor=world.chair, evaluation=ev)
    page = client.get(year_url).content.decode()
    assert 'id="poll-result"' in page and "财务公开" in page and "100" in page
