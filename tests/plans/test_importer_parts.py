"""Documents holding several plans: part headings in every style, each part named by its
title (also by ``gonghui plan import --list-parts``)."""

import io

import pytest
from django.core.management import call_command

from gonghui.plans.importer import list_parts, parse_text

BODY_A = "一、组织建设\n1、发展会员。\n2、建好会员档案。\n"
BODY_B = "一、文体活动\n1、组织登山。\n"


@pytest.mark.parametrize(
    "first, second",
    [
        ("机关工会工作计划篇一", "机关工会工作计划篇二"),
        ("篇 1", "篇 2"),
        ("第1篇", "第2篇"),
        ("【第一篇】", "【第二篇】"),
        ("机关工会工作计划篇1", "机关工会工作计划篇2"),
        ("机关工会工作计划 【篇1】", "机关工会工作计划 【篇2】"),
    ],
)
def test_part_headings_in_every_style(first, second):
    text = f"{first}\n{BODY_A}{second}\n{BODY_B}"
    assert [n for n, _title in list_parts(text)] == [1, 2]
    assert [title for _n, title in list_parts(text)] == [first, second]
    assert [i.text for i in parse_text(text, year=2026, part=2).items] == ["组织登山。"]
    # the same with the line breaks lost
    flat = text.replace("\n", "")
    assert [i.text for i in parse_text(flat, year=2026, part=2).items] == ["组织登山。"]


def test_a_part_heading_before_its_title_line():
    text = f"【第一篇】\n{BODY_A}【第二篇】机关工会工作计划\n{BODY_B}"
    assert [title for _n, title in list_parts(text)] == ["【第一篇】", "【第二篇】机关工会工作计划"]


def test_a_new_title_line_starts_a_new_plan():
    text = (
        "第一中学工会2026年工作计划\n"
        "以服务教职工为中心。\n"
        f"{BODY_A}"
        "第二中学工会2026年工作计划\n"
        f"{BODY_B}"
    )
    assert list_parts(text) == [
        (1, "第一中学工会2026年工作计划"),
        (2, "第二中学工会2026年工作计划"),
    ]
    second = parse_text(text, year=2026, part=2)
    assert second.title == "第二中学工会2026年工作计划"
    assert [i.text for i in second.items] == ["组织登山。"]
    flat = parse_text(text.replace("\n", ""), year=2026, part=2)
    assert (flat.title, [i.text for i in flat.items]) == (second.title, ["组织登山。"])


def test_one_title_line_is_one_plan():
    text = f"第一中学工会2026年工作计划\n{BODY_A}"
    assert list_parts(text) == []
    assert parse_text(text, year=2026).title == "第一中学工会2026年工作计划"


def test_words_like_part_headings_are_not_parts():
    text = (
        "2026年工会工作计划（精选5篇）\n"
        "1、每人写一篇一千字的读书心得。\n"
        "2、杜绝千篇一律的总结。\n"
        "上一篇：2025年工会工作计划篇二\n"
    )
    assert list_parts(text) == []
    assert [i.text for i in parse_text(text, year=2026).items] == [
        "每人写一篇一千字的读书心得。",
        "杜绝千篇一律的总结。",
    ]


def list_parts_command(path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    args = ["import", str(path), "--union", "school", "--year", "2026", "--list-parts"]
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_list_parts_command_names_each_part_by_its_title(world, tmp_path):
    path = tmp_path / "plans.txt"
    two = f"第一中学工会2026年工作计划\n{BODY_A}第二中学工会2026年工作计划\n{BODY_B}"
    assert list_parts_command(path, two).splitlines() == [
        "1\t第一中学工会2026年工作计划",
        "2\t第二中学工会2026年工作计划",
    ]
    one = f"第一中学工会2026年工作计划\n{BODY_A}"
    assert (
        list_parts_command(path, one).strip()
        == "文档中只有一篇计划：《第一中学工会2026年工作计划》。"
    )
