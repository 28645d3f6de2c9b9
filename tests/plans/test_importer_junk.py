"""Web junk around and inside a pasted plan never becomes an item, a target or a title."""

import pytest

from gonghui.plans.importer import parse_text

PLAN = "机关工会2026年工作计划\n一、组织建设\n1、年内发展会员30人。\n2、每月开展一次小组活动。\n"
ITEMS = ["年内发展会员30人。", "每月开展一次小组活动。"]


def read(text):
    plan = parse_text(text, year=2026)
    return plan.title, [i.text for i in plan.items], [t.text for i in plan.items for t in i.targets]


def assert_clean(text, words):
    for source in (text, text.replace("\n", "")):
        title, texts, targets = read(source)
        assert title == "机关工会2026年工作计划"
        assert texts == ITEMS
        assert targets == ["年内发展会员30人"]
        assert not [w for w in words if any(w in t for t in [title, *texts])]


def test_a_related_article_list_with_dates():
    text = PLAN + (
        "相关文章\n"
        "2026年机关工会工作总结 2026-01-05\n"
        "2025年工会工作计划范文5篇 2025-12-30\n"
        "学校工会工作计划 (2025-12-28)\n"
    )
    assert_clean(text, ["相关文章", "2026-01-05", "范文"])
    # without the heading too
    plain = PLAN + "2026年机关工会工作总结 2026-01-05\n学校工会工作计划 2025-12-28\n"
    assert read(plain)[1] == ITEMS


def test_scan_the_code_and_credit_lines():
    text = PLAN + "（供稿：机关工会 张三）\n扫一扫在手机打开当前页\n"
    assert_clean(text, ["供稿", "扫一扫", "张三"])


def test_more_of_the_same_kind_after_a_star():
    text = (
        PLAN
        + "★其他类似内容\n★机关工会工作总结2篇\n★2026年工会工作计划（精选）\n3、如何写好工作计划\n"
    )
    assert_clean(text, ["★", "类似", "如何写好"])


def test_the_page_head_breadcrumbs_and_publishing_line():
    text = (
        "当前位置：首页 >> 通知公告 >> 正文\n"
        "通知公告\n"
        + PLAN.splitlines()[0]
        + "\n发布时间：2026-01-12 09:04 作者： 来源：机关工会 浏览次数：126 字体：【大】 【中】 【小】\n"
        + "\n".join(PLAN.splitlines()[1:])
        + "\n【打印】【关闭】\n"
    )
    assert_clean(text, ["当前位置", "浏览次数", "来源", "字体", "打印", "通知公告"])


def test_question_and_answer_page_chrome():
    text = (
        "机关工会2026年工作计划\n"
        "展开全部\n"
        "一、组织建设\n"
        "1、年内发展会员30人。\n"
        "2、每月开展一次小组活动。\n"
        "本回答由网友推荐\n"
        "已赞过\n已踩过\n"
        "你对这个回答的评价是？\n"
        "其他类似问题\n"
        "1、工会工作计划怎么写？\n"
    )
    assert_clean(text, ["展开全部", "回答", "赞", "怎么写"])


@pytest.mark.parametrize("wrong", ["gbk", "latin-1"])
def test_mojibake_is_read_again_or_dropped(wrong):
    garbled = "3、组织春游活动。".encode().decode(wrong, errors="replace")
    _title, texts, _targets = read(PLAN + garbled + "\n")
    assert texts[:2] == ITEMS
    assert texts[2:] in ([], ["组织春游活动。"])  # decoded again when the bytes survived
    broken = "锟斤拷锟斤拷烫烫烫工作计划锟斤拷\n"
    assert read(broken + PLAN)[1] == ITEMS


def test_template_site_intro_and_headline():
    text = (
        "欢迎来到范文网!\n"
        "2026年机关工会工作计划1500字模板6篇\n"
        "2026-04-04\n"
        "在工作开始之前一份合理的工作计划有助于理清思路。希望你喜欢!\n" + PLAN
    )
    assert read(text)[1] == ITEMS


def test_the_signature_under_the_plan_is_not_an_item():
    text = PLAN + "十二月：年度总结。\n十一月：合唱比赛。\n机关工会委员会\n2026年2月10日\n"
    for source in (text, text.replace("\n", "")):
        texts = read(source)[1]
        assert not [t for t in texts if "2026年2月" in t or "工会委员会" in t]
    text = PLAN + "三月：植树。\n四月：春游。\n二〇二六年二月\n"
    assert read(text)[1][-1] == "春游。"


def test_a_question_and_answer_page_around_the_plan():
    text = (
        "机关工会工作计划怎么写？\n"
        "提问者采纳\n"
        "热心网友 2026-01-05 10:21\n"
        + PLAN
        + "展开全部\n已赞过\n你对这个回答的评价是？\n其他类似问题\n"
        "2026-01-06 机关工会工作计划范文\n"
        "2026-01-02 工会年度工作计划怎么写\n"
    )
    for source in (text, text.replace("\n", "")):
        plan = parse_text(source, year=2026)
        assert plan.title == "机关工会2026年工作计划"
        assert plan.guiding_idea == ""
        assert [i.text for i in plan.items] == ITEMS
