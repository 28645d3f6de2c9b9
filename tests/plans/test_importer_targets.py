"""Numeric targets and their mapping to the metric registry."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import metrics
from gonghui.plans.importer import parse_text
from gonghui.plans.importer.targets import find_targets


def _none(union, start, end):
    return None


@pytest.fixture
def registry():
    """Our own metrics, whatever the apps registered; the registry is restored after."""
    saved = dict(metrics.METRICS)
    metrics.METRICS.clear()
    metrics.register(
        metrics.Metric(
            "members.new", "新入会人数", "人", "会员", _none, "", ("新会员", "增加会员", "新入会")
        ),
        metrics.Metric("members.total", "会员总数", "人", "会员", _none, "", ("会员",)),
        metrics.Metric("finance.dues_rate", "会费收缴率", "%", "经费", _none, "", ("收缴率",)),
        metrics.Metric("finance.care_amount", "慰问金额", "元", "经费", _none, "", ("慰问金",)),
    )
    yield
    metrics.METRICS.clear()
    metrics.METRICS.update(saved)


def targets(text):
    plan = parse_text("1、" + text, year=2026)
    return [(t.text, t.metric, t.op, t.value, t.unit) for t in plan.items[0].targets]


def test_count_target_maps_to_metric(registry):
    assert targets("今年吸收新会员120人。") == [
        ("今年吸收新会员120人", "members.new", ">=", 120, "人")
    ]
    assert targets("年内预计增加会员25名。") == [
        ("年内预计增加会员25名", "members.new", ">=", Decimal(25), "名")
    ]


def test_rate_with_above(registry):
    assert targets("会费收缴率达98%以上。") == [
        ("会费收缴率达98%以上", "finance.dues_rate", ">=", 98, "%")
    ]
    assert targets("合同签订率达90%以上") == [("合同签订率达90%以上", None, ">=", 90, "%")]
    assert targets("职工参保率100%") == [("职工参保率100%", None, ">=", 100, "%")]


def test_unit_must_fit_metric(registry):
    # "会员" names a head count; a percentage on the same words is not that metric
    assert targets("会员满意度90%以上")[0][1] is None
    assert targets("发放慰问金2.5万元")[0][1:] == (
        "finance.care_amount",
        ">=",
        Decimal("2.5"),
        "万元",
    )


def test_alias_only_in_the_same_clause(registry):
    found = targets("发展新会员，举办培训4期。")
    assert found == [("举办培训4期", None, ">=", 4, "期")]


def test_ranges_and_approximations():
    assert targets("举办讲座3-5期，800多人次。") == [
        ("举办讲座3-5期", None, ">=", 3, "期"),
        ("800多人次", None, ">=", 800, "人次"),
    ]
    assert targets("推荐优秀案例2－3篇")[0][2:] == (">=", 2, "篇")
    assert targets("争创示范点2--3个")[0][2:] == (">=", 2, "个")


def test_upper_bounds():
    assert targets("招待费不超过5000元")[0][2:] == ("<=", 5000, "元")
    assert targets("事故率控制在1%以内")[0][2:] == ("<=", 1, "%")
    assert targets("参赛人数超过200人")[0][2:] == (">", 200, "人")
    assert targets("参训人数不少于50人")[0][2:] == (">=", 50, "人")


@pytest.mark.parametrize(
    "text",
    [
        "5月组织春游",
        "2026年度工作",
        "每天7：00-7：30开放",
        "庆祝第39个教师节",
        "召开八届四次教代会",
        "开展快乐健康30分活动",
        "开展一帮一结对",
        "3个月内完成",
        "“365”工程",
    ],
)
def test_numbers_that_are_not_targets(text):
    assert find_targets(text) == []


def test_decimal_value_json():
    plan = parse_text("1、工会经费支出比例达6.5%以上。", year=2026)
    assert plan.to_json()["items"][0]["targets"][0]["value"] == 6.5
    plan = parse_text("1、发展会员95人。", year=2026)
    value = plan.to_json()["items"][0]["targets"][0]["value"]
    assert value == 95 and isinstance(value, int)


@given(st.text(max_size=200))
def test_no_crash(text):
    for found in find_targets(text):
        assert found.op in (">=", ">", "<=", "<", "=")
        assert found.value >= 0


@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "2",
                "0",
                ".",
                "-",
                "－",
                "多",
                "人",
                "次",
                "%",
                "以上",
                "不超过",
                "月",
                "第",
                "，",
            ]
        ),
        max_size=20,
    )
)
def test_no_crash_on_number_soup(tokens):
    find_targets("".join(tokens))


def test_dates_unaffected():
    plan = parse_text("1、8月底前完成签订", year=2026)
    assert plan.items[0].due == datetime.date(2026, 8, 31)
    assert plan.items[0].targets == []
