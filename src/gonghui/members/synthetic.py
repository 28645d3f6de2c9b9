"""Realistic synthetic people and unions for the demo, the scale benchmarks and
``gonghui generate``.

Everything comes from one seeded ``random.Random`` and an explicit ``today``, so the same
seed gives the same people. A :class:`Synth` keeps what must stay unique for a whole run
(ID numbers, member card numbers, mobile numbers); :func:`people` is the short form for a
few hundred members.

The data is made up but shaped like a real 花名册: surnames weighted by the 2020 census
(a few two-character and polyphonic ones such as 欧阳, 单, 曾), given names of one or two
characters in the style of the person's decade, GB 11643 ID numbers with real county
codes, birth dates for ages 20–60, order codes whose parity matches the sex and a correct
check character, mostly 汉族, education and employment shaped by the kind of employer.
This module imports no models, so scripts can use it before Django is set up.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
from collections.abc import Iterator
from typing import Any

from gonghui.core.dates import add_years, age_on

from .choices import Education, Employment, IdType, Political
from .idcard import id_check_char

MALE, FEMALE = "M", "F"

# --- names ------------------------------------------------------------------------

# Share per ten thousand people (第七次全国人口普查 surname ranking, rounded), then some
# rarer surnames that search must still get right: polyphonic readings and two-character
# surnames.
SURNAME_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("王", 710), ("李", 700), ("张", 660), ("刘", 540), ("陈", 460), ("杨", 310),
    ("黄", 220), ("赵", 200), ("吴", 200), ("周", 190), ("徐", 140), ("孙", 130),
    ("马", 120), ("朱", 110), ("胡", 110), ("郭", 110), ("何", 90), ("林", 90),
    ("高", 90), ("罗", 80), ("郑", 80), ("梁", 80), ("谢", 60), ("宋", 60), ("唐", 60),
    ("许", 50), ("韩", 50), ("冯", 50), ("邓", 50), ("曹", 50), ("彭", 50), ("曾", 50),
    ("肖", 40), ("田", 40), ("董", 40), ("袁", 40), ("潘", 40), ("于", 40), ("蒋", 40),
    ("蔡", 40), ("余", 40), ("杜", 40), ("叶", 40), ("程", 40), ("苏", 30), ("魏", 30),
    ("吕", 30), ("丁", 30), ("任", 30), ("沈", 30), ("姚", 30), ("卢", 30), ("姜", 30),
    ("崔", 30), ("钟", 30), ("谭", 30), ("陆", 30), ("汪", 30), ("范", 30), ("金", 30),
    ("石", 30), ("廖", 20), ("贾", 20), ("夏", 20), ("韦", 20), ("付", 20), ("方", 20),
    ("白", 20), ("邹", 20), ("孟", 20), ("熊", 20), ("秦", 20), ("邱", 20), ("江", 20),
    ("尹", 20), ("薛", 20), ("闫", 20), ("段", 20), ("雷", 20), ("侯", 20), ("龙", 20),
    ("史", 20), ("陶", 10), ("黎", 10), ("贺", 10), ("顾", 10), ("毛", 10), ("郝", 10),
    ("龚", 10), ("邵", 10), ("万", 10), ("钱", 10), ("严", 10), ("覃", 10), ("武", 10),
    ("戴", 10), ("莫", 10), ("孔", 10), ("向", 10), ("汤", 10), ("华", 8), ("翟", 6),
    ("单", 5), ("解", 4), ("缪", 4), ("查", 3), ("仇", 3), ("乐", 3), ("朴", 3), ("燕", 3),
    ("盖", 2), ("区", 2), ("尉", 1),
    ("欧阳", 5), ("司马", 1), ("上官", 1), ("诸葛", 1), ("司徒", 1), ("皇甫", 1),
    ("东方", 0.5), ("令狐", 0.5), ("慕容", 0.5), ("夏侯", 0.5),
)  # fmt: skip

GIVEN_CHARS = {
    MALE: "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋东峰建国志文海亮成新永"
    "春晨博毅坤锋彬振睿晓子轩航泽楠瑞豪铭达嘉庆德胜荣康",
    FEMALE: "芳娜敏静丽艳娟霞燕玲婷雪琳丹萍红梅莉倩颖佳慧琴云洁晶璐蕾瑶欣怡悦雯琪萌璇珊薇媛露月"
    "秀兰凤英华诗涵婉妍菲茜蓉洁",
    "": "文明晓子思嘉雨一欣华春小海天宇安晨佳家林清心润",
}
# Whole given names typical of a decade; the rest are composed from GIVEN_CHARS.
ERA_NAMES = {
    (1900, 1976): {
        MALE: (
            "建国", "建华", "国强", "志强", "建军", "国庆", "卫东", "红兵", "志刚", "永红", "建平",
            "国华", "振华", "德明", "学军", "卫国",
        ),
        FEMALE: (
            "秀英", "桂英", "秀兰", "玉兰", "桂兰", "丽华", "红梅", "淑珍", "美玲", "玉梅", "秀珍",
            "凤英", "桂芳", "红霞", "玉珍", "素芬",
        ),
    },
    (1976, 1991): {
        MALE: (
            "志勇", "海涛", "晓东", "文斌", "俊杰", "建伟", "志伟", "永刚", "春雷", "海峰", "晓峰",
            "立新", "国栋", "明亮",
        ),
        FEMALE: (
            "丽娟", "晓燕", "丽萍", "海燕", "春燕", "秀梅", "晓红", "丽丽", "静静", "红艳", "美华",
            "雪梅", "晓丽", "亚男",
        ),
    },
    (1991, 2100): {
        MALE: (
            "子轩", "浩然", "宇航", "梓豪", "俊熙", "一鸣", "子墨", "宇轩", "博文", "天宇", "嘉懿",
            "皓轩", "思远", "明哲",
        ),
        FEMALE: (
            "梓涵", "欣怡", "雨涵", "诗涵", "一诺", "子涵", "可馨", "思琪", "佳怡", "雨彤", "梦瑶",
            "语嫣", "若曦", "欣妍",
        ),
    },
}  # fmt: skip

# --- ID numbers -------------------------------------------------------------------

# Real county-level address codes (GB/T 2260), weighted towards one province as the
# people of one federation are; 81/82/83 are the 港澳台居民居住证 codes.
AREA_CODES: tuple[tuple[str, float], ...] = (
    # 江苏
    ("320102", 3), ("320104", 3), ("320106", 3), ("320115", 3), ("320205", 3),
    ("320211", 3), ("320281", 3), ("320282", 3), ("320303", 3), ("320382", 3),
    ("320402", 3), ("320412", 3), ("320505", 3), ("320506", 3), ("320507", 3),
    ("320581", 3), ("320582", 3), ("320583", 3), ("320585", 3), ("320602", 3),
    ("320681", 3), ("320623", 3), ("320902", 3), ("320903", 3), ("320921", 3),
    ("320981", 8), ("321002", 3), ("321081", 3), ("321102", 3), ("321181", 3),
    ("321202", 3), ("321281", 3), ("321282", 3), ("321302", 3), ("321322", 3),
    # 浙江, 上海, 安徽, 山东, 河南: the neighbours
    ("330102", 1.5), ("330106", 1.5), ("330108", 1.5), ("330203", 1.5), ("330302", 1.5),
    ("330402", 1.5), ("330502", 1.5), ("330602", 1.5), ("330782", 1.5), ("331002", 1.5),
    ("310101", 1.5), ("310104", 1.5), ("310105", 1.5), ("310110", 1.5), ("310115", 1.5),
    ("340102", 1.5), ("340104", 1.5), ("340202", 1.5), ("341302", 1.5), ("370102", 1.5),
    ("370202", 1.5), ("410105", 1.5), ("411302", 1.5),
    # the rest of the country
    ("110101", 0.5), ("110105", 0.5), ("110108", 0.5), ("120101", 0.5), ("130102", 0.5),
    ("140105", 0.5), ("150102", 0.5), ("210102", 0.5), ("220102", 0.5), ("230102", 0.5),
    ("350203", 0.5), ("360102", 0.5), ("420106", 0.5), ("430102", 0.5), ("440106", 0.5),
    ("440305", 0.5), ("450103", 0.5), ("460105", 0.5), ("500103", 0.5), ("510104", 0.5),
    ("520102", 0.5), ("530102", 0.5), ("540102", 0.3), ("610113", 0.5), ("620102", 0.5),
    ("630102", 0.3), ("640104", 0.3), ("650102", 0.5),
)  # fmt: skip
PERMIT_AREA_CODES = ("810000", "820000", "830000")
PERMIT_SHARE = 0.001

# 汉族 about 91 % nationally (第七次全国人口普查), a little more in the east.
ETHNICITY_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("汉族", 930), ("壮族", 9), ("回族", 8), ("满族", 8), ("维吾尔族", 5), ("苗族", 5),
    ("土家族", 5), ("彝族", 4), ("蒙古族", 4), ("藏族", 3), ("布依族", 2), ("侗族", 2),
    ("瑶族", 2), ("朝鲜族", 2), ("白族", 1), ("哈尼族", 1), ("黎族", 1), ("哈萨克族", 1),
    ("傣族", 1), ("畲族", 1), ("其他", 0.2),
)  # fmt: skip

# Relative number of employees per year of age, 20–60: few at 20, most at 28–50.
AGE_WEIGHTS = {
    age: min(1.0, 0.2 + 0.1 * (age - 20), 1.0 - 0.06 * max(0, age - 52)) for age in range(20, 61)
}
# 入会 no earlier than this age: MIN_JOIN_AGE is 16, generated people start work at 18.
JOIN_AGE = 18

# --- employers --------------------------------------------------------------------

GRASSROOTS_KIND_WEIGHTS = (
    ("enterprise", 55),
    ("school", 10),
    ("hospital", 4),
    ("agency", 9),
    ("institution", 8),
    ("community", 9),
    ("joint", 5),
)
# Relative mean size of a union of each kind; sizes are log-normal around these.
KIND_SIZE = {
    "enterprise": 1.3,
    "school": 1.0,
    "hospital": 2.2,
    "agency": 0.6,
    "institution": 0.6,
    "community": 0.3,
    "joint": 0.9,
}
WOMEN_SHARE = {
    "enterprise": 0.38,
    "school": 0.66,
    "hospital": 0.72,
    "agency": 0.42,
    "institution": 0.5,
    "community": 0.7,
    "joint": 0.5,
    "federation": 0.5,
    "town": 0.5,
    "industry": 0.5,
}

# kind -> (front-line departments, office departments, front-line posts, office posts,
#          manager posts). A department is also the name of the union group for it.
WORKPLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "enterprise": (
        (
            "一车间", "二车间", "三车间", "装配车间", "机加工车间", "注塑车间", "包装车间",
            "涂装车间", "质检部", "仓储物流部", "设备维修部",
        ),
        (
            "技术研发部", "销售部", "采购部", "财务部", "人力资源部", "行政部", "安全环保部",
            "生产计划部",
        ),
        (
            "操作工", "装配工", "焊工", "电工", "钳工", "叉车司机", "质检员", "仓管员", "班组长",
            "技术员", "维修工",
        ),
        ("工程师", "销售代表", "采购员", "会计", "出纳", "文员", "人事专员", "安全员", "计划员"),
        ("车间主任", "部门经理", "副总经理", "生产主管"),
    ),
    "school": (
        (
            "语文教研组", "数学教研组", "英语教研组", "物理教研组", "化学教研组", "生物教研组",
            "政史地教研组", "音体美教研组", "信息技术组", "心理健康组", "初一年级组",
            "初二年级组", "初三年级组",
        ),
        ("教务处", "政教处", "总务处", "办公室", "后勤服务组"),
        ("教师", "教师", "教师", "班主任", "教研组长", "实验员"),
        ("教务员", "会计", "校医", "图书管理员", "后勤人员", "保安"),
        ("副校长", "教务主任", "政教主任", "年级组长"),
    ),
    "hospital": (
        (
            "内科", "外科", "妇产科", "儿科", "急诊科", "护理部", "检验科", "放射科", "药剂科",
            "中医科", "口腔科", "麻醉科", "康复科",
        ),
        ("医务科", "财务科", "后勤保障科", "院办", "信息科"),
        ("医师", "主治医师", "副主任医师", "护士", "护师", "主管护师", "检验师", "药师", "技师"),
        ("行政人员", "会计", "收费员", "信息员", "后勤人员"),
        ("科主任", "护士长", "副院长"),
    ),
    "agency": (
        ("执法大队", "窗口服务科", "业务一科", "业务二科"),
        ("办公室", "综合科", "政策法规科", "财务科", "人事科", "信访科", "机关党委"),
        ("执法队员", "窗口服务员", "科员"),
        ("科员", "办事员", "主任科员", "司机"),
        ("科长", "副科长", "副局长"),
    ),
    "institution": (
        ("业务科", "技术科", "检测室", "服务中心", "培训部"),
        ("办公室", "财务科", "档案室", "人事科"),
        ("专业技术人员", "检测员", "讲解员", "工勤人员"),
        ("管理人员", "会计", "档案员"),
        ("科长", "主任", "副主任"),
    ),
    "community": (
        ("网格服务站", "便民服务站", "物业服务部", "养老服务站"),
        ("社区居委会", "党群服务中心"),
        ("网格员", "社区工作者", "保洁员", "护理员"),
        ("社区工作者", "会计", "文员"),
        ("主任", "副主任"),
    ),
    "joint": (
        (
            "恒达五金店", "佳美超市", "顺通物流", "鸿福餐馆", "新华书店门市", "美佳美发",
            "安心家政", "速达快递网点", "福满楼酒店", "乐购便利店",
        ),
        ("商会办公室",),
        ("店员", "收银员", "送货员", "厨师", "服务员", "快递员", "家政员", "理发师"),
        ("会计", "文员"),
        ("店长", "经理"),
    ),
}  # fmt: skip
WORKPLACES["federation"] = WORKPLACES["town"] = WORKPLACES["industry"] = WORKPLACES["agency"]

# Per kind: weights of (established, contract, dispatched, migrant, rehired, part-time).
EMPLOYMENT = {
    "enterprise": (1, 70, 12, 14, 2, 1),
    "school": (80, 14, 4, 0, 2, 0),
    "hospital": (60, 30, 8, 0, 2, 0),
    "agency": (75, 15, 10, 0, 0, 0),
    "institution": (70, 20, 10, 0, 0, 0),
    "community": (20, 60, 10, 0, 5, 5),
    "joint": (0, 60, 5, 25, 3, 7),
}
EMPLOYMENT_CODES = (
    Employment.ESTABLISHED,
    Employment.CONTRACT,
    Employment.DISPATCHED,
    Employment.MIGRANT,
    Employment.REHIRED,
    Employment.PART_TIME,
)
# Per kind: weights of (doctor, master, bachelor, college, secondary, high, junior).
EDUCATION = {
    "enterprise": (0, 2, 18, 25, 20, 20, 15),
    "school": (1, 20, 65, 12, 1, 1, 0),
    "hospital": (3, 20, 45, 25, 5, 2, 0),
    "agency": (1, 25, 60, 12, 1, 1, 0),
    "institution": (1, 15, 55, 20, 5, 3, 1),
    "community": (0, 2, 40, 38, 10, 8, 2),
    "joint": (0, 0, 6, 20, 20, 30, 24),
}
EDUCATION_CODES = tuple(Education)
# Per kind: share of 中共党员 among people over 28.
PARTY_SHARE = {
    "enterprise": 0.08,
    "school": 0.3,
    "hospital": 0.25,
    "agency": 0.6,
    "institution": 0.35,
    "community": 0.35,
    "joint": 0.03,
}

TOWNS = (
    "城关镇", "东山镇", "西湖街道", "南港镇", "北桥镇", "青山镇", "白马镇", "金沙镇", "新河镇",
    "沙溪镇", "梅林街道", "柳营镇", "桃源镇", "石湖镇", "枫桥镇", "双河镇", "三江镇", "大桥镇",
    "龙潭街道", "凤凰镇", "长乐镇", "安平镇", "永丰镇", "太平镇", "兴隆镇", "和平街道", "临江镇",
    "花园街道", "古城街道", "新城街道", "港口镇", "清水镇", "黄桥镇", "红星街道", "马庄镇",
    "李集镇", "张庄镇", "王店镇", "富安镇", "溱东镇",
)  # fmt: skip
INDUSTRIES = ("机械制造业", "建筑业", "教育系统", "卫生健康系统", "商贸流通业", "交通运输业")
BRANDS = (
    "宏达", "恒信", "华盛", "永兴", "金鼎", "鑫源", "天润", "瑞丰", "远航", "博远", "中联",
    "东方", "新亚", "明珠", "海天", "正泰", "三友", "华美", "长城", "振华", "汇通", "联创",
    "嘉禾", "佳和", "巨力", "鼎盛", "隆基", "凯盛", "华信", "金源", "银河", "润发", "利民",
    "通达", "众诚", "旭日", "星辰", "顺丰", "德隆", "盛泰",
)  # fmt: skip
TRADES = (
    "精密机械", "纺织", "服装", "电子科技", "新材料", "化工", "食品", "包装", "汽车零部件",
    "建材", "物流", "电气", "光电", "医疗器械", "家具", "印染", "塑业", "钢结构", "环保科技",
    "制药", "纸业", "玩具", "五金", "电缆", "农业开发",
)  # fmt: skip
COMPANY = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")
COUNTY_OFFICES = (
    "财政局", "教育局", "税务局", "公安局", "人社局", "住建局", "交通运输局", "农业农村局",
    "市场监管局", "自然资源局", "生态环境局", "卫健委", "民政局", "司法局", "统计局", "审计局",
    "商务局", "文旅局", "应急管理局", "水利局", "城管局", "发改委", "法院", "检察院",
)  # fmt: skip
TOWN_OFFICES = (
    "人民政府", "财政所", "派出所", "司法所", "自然资源所", "市场监管所", "税务分局", "供电所",
    "农业服务中心", "文化站", "水利站",
)  # fmt: skip
INSTITUTIONS = (
    "疾病预防控制中心", "图书馆", "文化馆", "广播电视台", "气象局", "档案馆", "公证处",
    "农业技术推广中心", "城市管理服务中心", "不动产登记中心", "职业技能培训中心", "体育中心",
    "博物馆", "公共资源交易中心", "住房公积金管理中心",
)  # fmt: skip
TOWN_INSTITUTIONS = (
    "农业服务中心", "社会事业服务中心", "综合执法局", "便民服务中心", "退役军人服务站",
)  # fmt: skip
COMMUNITIES = (
    "幸福", "和平", "光明", "新华", "建设", "人民", "东风", "红旗", "阳光", "锦绣", "春晖",
    "翠苑", "花园", "滨河", "朝阳", "振兴", "康乐", "新村", "富民", "团结", "友谊", "桃园",
    "东方", "育才", "文昌",
)  # fmt: skip
JOINT = (
    "小微企业联合",
    "商会联合",
    "商贸市场联合",
    "快递物流行业联合",
    "餐饮行业联合",
    "个体劳动者联合",
)


def _cum(weights) -> list[float]:
    return list(itertools.accumulate(weights))


def _between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A uniformly chosen day in [start, end] (end when the range is empty)."""
    span = (end - start).days
    return end if span <= 0 else start + datetime.timedelta(days=rng.randint(0, span))


class Synth:
    """One run's generator: people and unions, unique numbers throughout.

    ``taken_ids`` and ``taken_cards`` are numbers already in the database (so a run added
    to an existing roster never collides with it).
    """

    def __init__(
        self,
        rng: random.Random,
        *,
        today: datetime.date | None = None,
        taken_ids: set[str] | None = None,
        taken_cards: set[str] | None = None,
    ) -> None:
        if today is None:
            from django.utils import timezone

            today = timezone.localdate()
        self.rng = rng
        self.today = today
        self._surnames = [s for s, _ in SURNAME_WEIGHTS]
        self._surname_cum = _cum(w for _, w in SURNAME_WEIGHTS)
        self._areas = [a for a, _ in AREA_CODES]
        self._area_cum = _cum(w for _, w in AREA_CODES)
        self._ethnicities = [e for e, _ in ETHNICITY_WEIGHTS]
        self._ethnicity_cum = _cum(w for _, w in ETHNICITY_WEIGHTS)
        self._ages = list(AGE_WEIGHTS)
        self._age_cum = _cum(AGE_WEIGHTS.values())
        self._employment_cum = {k: _cum(w) for k, w in EMPLOYMENT.items()}
        self._education_cum = {k: _cum(w) for k, w in EDUCATION.items()}
        # The first 17 characters of every ID number handed out, as an int: one set of
        # ints costs about 60 bytes a person, a million people fit.
        self._ids: set[int] = {int(n[:17]) for n in taken_ids or () if n[:17].isdigit()}
        self._cards = set(taken_cards or ())
        self._serial = itertools.count(1)
        # Mobile numbers: a walk over the 10^8 subscriber numbers with a step coprime to
        # 10^8 visits each of them once, so they never repeat within a run.
        self._mobile_step = rng.randrange(10**7, 10**8) | 1
        if self._mobile_step % 5 == 0:
            self._mobile_step += 2
        self._mobile_at = rng.randrange(10**8)
        self._union_names: set[str] = set()

    # --- people -------------------------------------------------------------------

    def name(self, sex: str, birth_year: int) -> str:
        rng = self.rng
        surname = rng.choices(self._surnames, cum_weights=self._surname_cum)[0]
        era = next(v for (a, b), v in ERA_NAMES.items() if a <= birth_year < b)
        if rng.random() < 0.25:
            return surname + rng.choice(era[sex])
        own, shared = GIVEN_CHARS[sex], GIVEN_CHARS[""]
        # One-character given names: common among people born before 1990, rarer since.
        if rng.random() < (0.3 if birth_year < 1990 else 0.12):
            return surname + rng.choice(own)
        first = rng.choice(own if rng.random() < 0.6 else shared)
        second = rng.choice(own)
        if second == first:
            second = rng.choice(own)
        return surname + first + second

    def birth_date(self) -> datetime.date:
        age = self.rng.choices(self._ages, cum_weights=self._age_cum)[0]
        latest = add_years(self.today, -age)
        earliest = add_years(self.today, -age - 1) + datetime.timedelta(days=1)
        return _between(self.rng, earliest, latest)

    def id_number(self, sex: str, birth: datetime.date, area: str | None = None) -> str:
        """A GB 11643 number never handed out before in this run: address code, birth
        date, order code (odd for men, even for women) and the check character."""
        rng = self.rng
        parity = 1 if sex == MALE else 0
        if area is None:
            area = rng.choices(self._areas, cum_weights=self._area_cum)[0]
        for attempt in itertools.count():
            if attempt and attempt % 20 == 0:  # this day's numbers are running out here
                area = rng.choices(self._areas, cum_weights=self._area_cum)[0]
            key = int(area + birth.strftime("%Y%m%d")) * 1000 + rng.randrange(500) * 2 + parity
            if key not in self._ids:
                self._ids.add(key)
                first17 = f"{key:017d}"
                return first17 + id_check_char(first17)
        raise AssertionError("unreachable")

    def mobile(self) -> str:
        self._mobile_at = (self._mobile_at + self._mobile_step) % 10**8
        prefix = self.rng.choice(MOBILE_PREFIXES)
        return f"{prefix}{self._mobile_at:08d}"

    def card_number(self, joined: datetime.date) -> str:
        while True:
            card = f"{joined.year}{next(self._serial):08d}"
            if card not in self._cards:
                return card

    def member_fields(
        self, kind: str = "enterprise", *, department: str = "", women_share: float | None = None
    ) -> dict[str, Any]:
        """One member's record as keyword arguments of ``members.services.member_create``
        (every field except union and group). ``department`` is chosen from the kind's
        workplaces when not given."""
        rng = self.rng
        if women_share is None:
            women_share = WOMEN_SHARE.get(kind, 0.5)
        front, office, front_posts, office_posts, manager_posts = WORKPLACES.get(
            kind, WORKPLACES["enterprise"]
        )
        if not department:
            department = rng.choice(front if rng.random() < 0.75 else office)
        sex = FEMALE if rng.random() < women_share else MALE
        birth = self.birth_date()
        age = age_on(birth, self.today)
        name = self.name(sex, birth.year)
        if rng.random() < PERMIT_SHARE:
            id_type, area = IdType.RESIDENCE_PERMIT, rng.choice(PERMIT_AREA_CODES)
        else:
            id_type, area = IdType.RESIDENT, None
        id_number = self.id_number(sex, birth, area)
        ethnicity = rng.choices(self._ethnicities, cum_weights=self._ethnicity_cum)[0]

        manager = age >= 30 and rng.random() < 0.07
        in_front = department in front
        if manager:
            post = rng.choice(manager_posts)
        else:
            post = rng.choice(front_posts if in_front else office_posts)
        teacher = kind == "school" and post in ("教师", "班主任", "教研组长", "年级组长")
        frontline = not manager and in_front

        employment_cum = self._employment_cum.get(kind, self._employment_cum["enterprise"])
        employment = rng.choices(EMPLOYMENT_CODES, cum_weights=employment_cum)[0]
        if employment == Employment.REHIRED and age < 50:
            employment = Employment.CONTRACT
        education_cum = self._education_cum.get(kind, self._education_cum["enterprise"])
        education = rng.choices(EDUCATION_CODES, cum_weights=education_cum)[0]
        if age < 24 and education in (Education.DOCTOR, Education.MASTER):
            education = Education.BACHELOR
        political = self.political(kind, age, manager)

        # 入会: usually within the first years of work, never before 18, never in the future.
        earliest = add_years(birth, JOIN_AGE)
        start = add_years(birth, min(age, rng.choice((18, 20, 22, 22, 23, 24, 26, 30))))
        joined = _between(rng, max(start, earliest), min(add_years(start, 12), self.today))
        return {
            "name": name,
            "sex": sex,
            "ethnicity": ethnicity,
            "id_type": id_type,
            "id_number": id_number,
            "birth_date": birth,
            "mobile": self.mobile(),
            "education": education,
            "political_status": political,
            "department": department,
            "post": post,
            "employment": employment,
            "is_frontline": frontline,
            "is_manager": manager,
            "is_teacher": teacher,
            "joined_on": joined,
            "card_number": self.card_number(joined),
        }

    def political(self, kind: str, age: int, manager: bool) -> str:
        rng = self.rng
        roll = rng.random()
        if age <= 28:  # 共青团员 up to 28 (《中国共产主义青年团章程》)
            if roll < 0.45:
                return Political.LEAGUE
            if roll < 0.5:
                return Political.CPC_PROBATION
            return Political.CPC if roll < 0.55 else Political.MASSES
        share = PARTY_SHARE.get(kind, 0.1) * (2.0 if manager else 1.0)
        if roll < share:
            return Political.CPC
        if roll < share + 0.01:
            return Political.CPC_PROBATION
        if roll < share + 0.02:
            return Political.DEMOCRATIC
        return Political.MASSES

    def status(self, person: dict[str, Any]) -> tuple[str, datetime.date | None]:
        """A membership status and its date for a generated person: most are 在会; women
        from 50 and men at 60 may have retired (and stay members); a few left, transferred
        out, were removed or died."""
        rng = self.rng
        birth, joined = person["birth_date"], person["joined_on"]
        age = age_on(birth, self.today)
        retire_age = 60 if person["sex"] == MALE else rng.choice((50, 55))
        if age >= retire_age and rng.random() < 0.6:
            return "retired", min(max(add_years(birth, retire_age), joined), self.today)
        roll = rng.random()
        for status, share in (
            ("left", 0.02),
            ("transferred", 0.01),
            ("removed", 0.001),
            ("deceased", 0.001),
        ):
            if roll < share:
                return status, _between(rng, joined, self.today)
            roll -= share
        return "active", None

    def people(
        self, n: int, *, kind: str = "enterprise", women_share: float | None = None
    ) -> Iterator[dict[str, Any]]:
        for _ in range(n):
            yield self.member_fields(kind, women_share=women_share)

    # --- unions -------------------------------------------------------------------

    def grassroots_kind(self) -> str:
        kinds, weights = zip(*GRASSROOTS_KIND_WEIGHTS, strict=True)
        return self.rng.choices(kinds, weights=weights)[0]

    def union_name(self, kind: str, town: str, county: str) -> str:
        """A union name that is new in this run, e.g. 东山镇宏达精密机械有限公司工会."""
        rng = self.rng
        for attempt in itertools.count():
            place = town if rng.random() < 0.75 else county
            if kind == "enterprise":
                base = f"{place[:2]}{rng.choice(BRANDS)}{rng.choice(TRADES)}{rng.choice(COMPANY)}"
            elif kind == "school":
                base = rng.choice(
                    (
                        f"{town}中心小学",
                        f"{town}中学",
                        f"{town}中心幼儿园",
                        f"{town}第{rng.randint(2, 5)}小学",
                        f"{county}第{rng.randint(1, 9)}中学",
                        f"{county}实验小学",
                        f"{county}职业教育中心",
                        f"{county}高级中学",
                    )
                )
            elif kind == "hospital":
                base = rng.choice(
                    (
                        f"{town}卫生院",
                        f"{town}社区卫生服务中心",
                        f"{county}人民医院",
                        f"{county}中医院",
                        f"{county}妇幼保健院",
                        f"{county}第二人民医院",
                    )
                )
            elif kind == "agency":
                base = (
                    f"{county}{rng.choice(COUNTY_OFFICES)}机关"
                    if rng.random() < 0.4
                    else f"{town}{rng.choice(TOWN_OFFICES)}机关"
                )
            elif kind == "institution":
                base = (
                    f"{county}{rng.choice(INSTITUTIONS)}"
                    if rng.random() < 0.5
                    else f"{town}{rng.choice(TOWN_INSTITUTIONS)}"
                )
            elif kind == "community":
                base = f"{town}{rng.choice(COMMUNITIES)}社区"
            else:
                base = f"{town}{rng.choice(JOINT)}"
            if attempt >= 8:
                base += f"（{attempt - 6}）"
            name = f"{base}工会"
            if name not in self._union_names:
                self._union_names.add(name)
                return name
        raise AssertionError("unreachable")

    def union_sizes(self, kinds: list[str], total: int) -> list[int]:
        """Split ``total`` members over unions of ``kinds``: log-normal around each kind's
        typical size (a few big employers, many small ones), summing exactly to total."""
        rng = self.rng
        weights = [KIND_SIZE.get(k, 1.0) * rng.lognormvariate(0, 0.9) for k in kinds]
        floor = 3 if total >= 3 * len(kinds) else 0
        spare = total - floor * len(kinds)
        scale = spare / sum(weights) if weights else 0
        shares = [w * scale for w in weights]
        sizes = [floor + math.floor(s) for s in shares]
        # Largest remainders take the members rounding left over.
        left = total - sum(sizes)
        by_remainder = sorted(range(len(kinds)), key=lambda i: shares[i] - math.floor(shares[i]))
        for i in by_remainder[len(kinds) - left :] if left else ():
            sizes[i] += 1
        return sizes

    def departments(self, kind: str, count: int) -> list[str]:
        """``count`` distinct department names for a union of ``kind``, front-line ones
        first; a big employer's departments are split into numbered teams."""
        front, office, *_ = WORKPLACES.get(kind, WORKPLACES["enterprise"])
        pool = list(front) + list(office)
        self.rng.shuffle(pool)
        names = pool[:count]
        team = 2
        while len(names) < count:
            number = NUMERALS[team] if team < len(NUMERALS) else str(team)
            names.extend(f"{d}{number}组" for d in pool[: count - len(names)])
            team += 1
        return names


NUMERALS = "〇一二三四五六七八九十"
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
    "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198",
    "199",
)  # fmt: skip


def people(
    rng: random.Random,
    n: int,
    *,
    kind: str = "enterprise",
    women_share: float | None = None,
    today: datetime.date | None = None,
) -> Iterator[dict[str, Any]]:
    """``n`` people as keyword arguments for ``member_create`` (all but union and group),
    unique among themselves: ``member_create(actor=…, union=…, group=…, **person)``."""
    yield from Synth(rng, today=today).people(n, kind=kind, women_share=women_share)
