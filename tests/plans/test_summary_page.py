"""The year-end summary page: the draft paragraph by paragraph, the chair's edits kept per
union and year and audited, a paragraph edited over an older draft flagged and never
overwritten, 重新生成 per paragraph, the .docx with the edits; a federation's own page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.plans import services
from gonghui.plans.models import SummaryText
from gonghui.plans.summary import build

from .summary_support import open_docx, texts
from .support import make_plan, parsed_plan

EDITED = "明年，工会将重点抓好教职工体检和提案办理两件事，确保按期完成。"


def url(name, code, year):
    return reverse(f"plans:{name}", args=[code, year])


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def plan(world, year):
    return make_plan(world.school, year=year)


def test_the_page_shows_the_draft_and_who_may_edit_it(world, client_for, plan, year):
    page = client_for(world.chair).get(url("summary", "school", year)).content.decode()
    draft = build(world.school, year, timezone.localdate())
    for block in draft.blocks:
        assert block.text.splitlines()[0] in page
    assert page.count("保存这一段") == len(draft.paragraphs())
    assert "上级工会按所辖" not in page and "说明</th>" not in page
    # the treasurer reads it, without the forms
    page = client_for(world.treasurer).get(url("summary", "school", year)).content.decode()
    assert draft.block("shortfalls").text.splitlines()[0] in page and "保存这一段" not in page
    response = client_for(world.treasurer).post(
        url("summary_edit", "school", year), {"key": "next_year", "text": EDITED}
    )
    assert response.status_code == 403 and not SummaryText.objects.exists()
    assert client_for(world.outsider).get(url("summary", "school", year)).status_code == 404
    # the nav leads there
    home = client_for(world.chair).get(reverse("plans:summary_home", args=["school"]))
    assert home["Location"] == url("summary", "school", year)


def test_an_edit_is_kept_audited_and_downloaded(world, client_for, plan, year):
    client = client_for(world.chair)
    response = client.post(
        url("summary_edit", "school", year), {"key": "next_year", "text": EDITED}
    )
    assert response.status_code == 302 and response["Location"].endswith("#p-next_year")
    row = SummaryText.objects.get(union=world.school, year=year, key="next_year")
    assert (row.text, row.edited_by) == (EDITED, world.chair)
    assert row.draft == build(world.school, year, timezone.localdate()).block("next_year").text
    entry = AuditEntry.objects.filter(action="plan.summary_edit").latest("id")
    assert entry.actor == world.chair and entry.changes["text"] == [None, EDITED]
    page = client.get(url("summary", "school", year)).content.decode()
    assert EDITED in page and "已修改" in page
    data = client.get(url("summary_docx", "school", year))
    assert EDITED in texts(open_docx(data.content))
    assert AuditEntry.objects.filter(action="plan.summary_export", actor=world.chair).exists()
    # the plan page's own download is the same document
    plan_doc = client.get(reverse("plans:document", args=["school", year, "summary"]))
    assert EDITED in texts(open_docx(plan_doc.content))


def test_records_that_change_never_overwrite_an_edit(world, client_for, plan, year):
    client = client_for(world.chair)
    opening = build(world.school, year, timezone.localdate()).block("plans.items").text
    client.post(
        url("summary_edit", "school", year), {"key": "plans.items", "text": "我们的开场白。"}
    )
    # the records change: an item is cancelled
    item = plan.items.get(text__contains="理论学习")
    services.item_set_status(actor=world.chair, item=item, status="dropped", reason="并入支部学习")
    block = build(world.school, year, timezone.localdate()).block("plans.items")
    assert block.text != opening and block.shown == "我们的开场白。" and block.stale
    page = client.get(url("summary", "school", year)).content.decode()
    assert "记录已更新" in page and "重新生成" in page and "data-confirm" in page
    # 重新生成 throws the edit away, its words kept in the trail
    client.post(url("summary_regenerate", "school", year), {"key": "plans.items"})
    assert not SummaryText.objects.filter(key="plans.items").exists()
    entry = AuditEntry.objects.filter(action="plan.summary_regenerate").latest("id")
    assert entry.changes["text"] == ["我们的开场白。", None]
    assert build(world.school, year, timezone.localdate()).block("plans.items").shown == block.text


def test_saving_the_draft_unchanged_keeps_no_edit_and_an_empty_one_is_refused(world, plan, year):
    draft = build(world.school, year, timezone.localdate()).block("next_year").text
    kept = services.summary_edit(
        actor=world.chair, union=world.school, year=year, key="next_year", text=draft, draft=draft
    )
    assert kept is None and not SummaryText.objects.exists()
    with pytest.raises(ValidationError, match="不能为空"):
        services.summary_edit(
            actor=world.chair, union=world.school, year=year, key="next_year", text=" ", draft=draft
        )
    with pytest.raises(PermissionDenied):
        services.summary_edit(
            actor=world.outsider, union=world.school, year=year, key="next_year", text="x", draft=""
        )


def test_an_unknown_paragraph_is_not_found(world, client_for, plan, year):
    response = client_for(world.chair).post(
        url("summary_edit", "school", year), {"key": "nothing.here", "text": "x"}
    )
    assert response.status_code == 404 and not SummaryText.objects.exists()


def test_a_federation_writes_its_own_summary(world, client_for, plan, year):
    client = client_for(world.fed_admin)
    page = client.get(url("summary", "fed", year)).content.decode()
    assert "所辖" in page and "保存这一段" in page
    client.post(url("summary_edit", "fed", year), {"key": "next_year", "text": EDITED})
    assert SummaryText.objects.get(union=world.fed, key="next_year").text == EDITED
    # kept apart from the school's: the school's summary is untouched
    assert build(world.school, year, timezone.localdate()).block("next_year").edit is None
    # the school's chair has no reach upward
    assert client_for(world.chair).get(url("summary", "fed", year)).status_code == 404
    assert client_for(world.fed_admin).get(url("summary", "school", year)).status_code == 200


def test_a_year_out_of_range_is_not_found(world, client_for):
    assert client_for(world.chair).get(url("summary", "school", 1999)).status_code == 404


def test_an_edit_survives_importing_the_plan_again_and_one_left_over_is_shown(
    world, client_for, plan, year
):
    """A section's paragraph is kept under its title, so importing the same plan again (new
    sections, new ids) keeps the chair's words; an edit whose paragraph is gone (a key of
    an older version, a section renamed) is listed to copy or drop, never silently lost."""
    client = client_for(world.chair)
    first = next(b for b in build(world.school, year, timezone.localdate()).paragraphs()
                 if b.key.startswith("section."))  # fmt: skip
    client.post(url("summary_edit", "school", year), {"key": first.key, "text": "本部分我们改写。"})
    services.plan_import(
        actor=world.chair,
        union=world.school,
        year=year,
        parsed=parsed_plan(year),
        source="再次导入",
        replace=True,
    )
    again = build(world.school, year, timezone.localdate())
    assert again.block(first.key).shown == "本部分我们改写。" and again.orphans == []

    SummaryText.objects.create(union=world.school, year=year, key="section.41", text="旧的一段。")
    page = client.get(url("summary", "school", year)).content.decode()
    assert 'id="summary-orphans"' in page and "旧的一段。" in page
    client.post(url("summary_regenerate", "school", year), {"key": "section.41"})
    assert not SummaryText.objects.filter(key="section.41").exists()
    assert "旧的一段。" not in client.get(url("summary", "school", year)).content.decode()
    # a key that is neither a paragraph nor a left-over edit
    response = client.post(url("summary_regenerate", "school", year), {"key": "section.42"})
    assert response.status_code == 404
