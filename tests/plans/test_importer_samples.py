"""The importer on the two real plans in ../shared/samples/plans/ relative to the repository
root (read from there, never copied; skipped when absent). The pinned counts were taken by reading the files by hand:

000 (five plans, 篇一…篇五, after the site's headline and a 小编 intro):
- 篇一: sections 一、二、三、"四. 其他：" with 3 + 4 + 4 + 5 numbered items = 16; the page
  break inside item 3 ("师徒结" / "对、…") is one sentence again.
- 篇二: headings 一、三、四、五、六、七 (二 is missing in the source; its paragraph carries
  on 一) with nothing numbered beneath → 6 items and no sections.
- 篇三: five headings with prose only (5 items), then a table "活动主题 / 具体内容" whose
  rows are: 2月 with 4 numbered activities on the next line, 3月 and 4月 themes only (one
  activity each), 5月 2 (run together: "…活动2. 畅想…"), 6月 2, 9月 3, 10月 2, 11月 2,
  12月 2 → 19 schedule items.
- 篇四: 15 numbered topics, no headings.
- 篇五: sections 一 and 二; 一 holds 1、2、3、, 二 holds 1、 and （一）…（六） → 10 items; its
  targets include 发展新会员300人, 签订率达95%以上, 6-8期 and 1000多人次.
002 (nine plans, 篇一…篇九): 篇一 and 篇七 are the same school plan whose month schedule
runs 一月份 … 十二月份, one activity a sentence: 2, 2, 3, 2, 3, 4, 2, 2, 3, 2, 2, 3 (30; June's
"召开八届五次教代会。做好工会档案工作。" is two).
篇二 has 5 numbered items; its 3、 goes on in the next paragraph to "年内预计增加会员10名".
"""

import datetime
from pathlib import Path

import pytest

from gonghui.core import metrics
from gonghui.plans.importer import list_parts, parse_text

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "plans"
BOILER = ("小编", "仅供参考", "查看剩余", "欢迎阅读", "供您参考", "实用5篇")
SCHOOL_SCHEDULE = {1: 2, 2: 2, 3: 3, 4: 2, 5: 3, 6: 4, 7: 2, 8: 2, 9: 3, 10: 2, 11: 2, 12: 3}


def sample(prefix: str) -> str:
    if not SAMPLES.is_dir():
        pytest.skip("sample plans not present")
    found = sorted(SAMPLES.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"sample {prefix} not present")
    return found[0].read_text(encoding="utf-8")


def per_month(plan) -> dict[int, int]:
    counts: dict[int, int] = {}
    for item in plan.items:
        if item.schedule:
            for month in item.months:
                counts[month] = counts.get(month, 0) + 1
    return counts


@pytest.fixture
def registry():
    saved = dict(metrics.METRICS)
    metrics.METRICS.clear()
    metrics.register(
        metrics.Metric(
            "members.new", "新入会人数", "人", "会员", lambda *a: None, "", ("新会员", "增加会员")
        ),
    )
    yield
    metrics.METRICS.clear()
    metrics.METRICS.update(saved)


@pytest.mark.parametrize("prefix, count", [("000", 5), ("002", 9)])
def test_parts(prefix, count):
    text = sample(prefix)
    parts = list_parts(text)
    assert [n for n, _ in parts] == list(range(1, count + 1))
    assert all(title.startswith("基层工会") for _, title in parts)
    for n, _title in parts:
        plan = parse_text(text, year=2026, part=n)
        shown = [plan.title, plan.guiding_idea] + [i.text for i in plan.items]
        shown += [s.title for s in plan.sections]
        assert not [t for t in shown if any(word in t for word in BOILER)], (prefix, n)


def test_000_school_table_schedule():
    plan = parse_text(sample("000"), year=2026, part=3)
    assert per_month(plan) == {2: 4, 3: 1, 4: 1, 5: 2, 6: 2, 9: 3, 10: 2, 11: 2, 12: 2}
    texts = [i.text for i in plan.items if i.schedule]
    assert "争创活动" in texts and "畅想职业乐趣，增强职业操守" in texts
    assert not [t for t in texts if t in ("活动主题", "具体内容")]
    assert len([i for i in plan.items if not i.schedule]) == 5


def test_000_sections_and_items():
    text = sample("000")
    first = parse_text(text, year=2026)  # no --part: the first plan
    assert first.title == "基层工会年度工作计划篇一"
    assert [s.number for s in first.sections] == ["一", "二", "三", "四"]
    assert first.sections[3].title == "其他"
    assert len(first.items) == 16
    assert any("通过师徒结对、新五项" in i.text for i in first.items)
    second = parse_text(text, year=2026, part=2)
    assert second.sections == [] and len(second.items) == 6
    assert [i.number for i in second.items] == ["一、", "三、", "四、", "五、", "六、", "七、"]
    assert [i.months for i in second.items if "三八节" in i.text] == [[3]]
    assert len(parse_text(text, year=2026, part=4).items) == 15


def test_000_targets(registry):
    plan = parse_text(sample("000"), year=2026, part=5)
    assert (len(plan.sections), len(plan.items)) == (2, 10)
    found = {t.text: t for i in plan.items for t in i.targets}
    new = found["发展新会员300人"]
    assert (new.metric, new.op, new.value, new.unit) == ("members.new", ">=", 300, "人")
    rate = found["签订率达95%以上"]
    assert (rate.metric, rate.op, rate.value, rate.unit) == (None, ">=", 95, "%")
    assert (found["6-8期"].op, found["6-8期"].value, found["6-8期"].unit) == (">=", 6, "期")
    assert (found["1000多人次"].value, found["1000多人次"].unit) == (1000, "人次")
    festival = [i for i in plan.items if "“五一”或“十一”" in i.text]
    assert festival[0].months == [5, 10]


@pytest.mark.parametrize("part", [1, 7])
def test_002_school_month_schedule(part):
    plan = parse_text(sample("002"), year=2026, part=part)
    assert per_month(plan) == SCHOOL_SCHEDULE
    january = [i.text for i in plan.items if i.schedule and i.months == [1]]
    assert january == ["召开八届四次教代会。", "开展送温暖活动，慰问患病教职工。"]
    assert plan.sections[-1].title == "月度工作安排"


def test_002_community_plan(registry):
    plan = parse_text(sample("002"), year=2026, part=2)
    assert len(plan.items) == 5
    members = [t for i in plan.items for t in i.targets if t.metric == "members.new"]
    assert [(t.value, t.unit) for t in members] == [(10, "名")]
    assert plan.items[2].due == datetime.date(2026, 12, 31)  # 年内
