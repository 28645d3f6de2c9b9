"""Demo money for 示范镇第一中学工会: a year (January–October 2026) of dues, the employer's
remittance, vouchers through the whole workflow, an adopted budget, one finding of the
audit committee, and one festival voucher held back by the spending rules.

Everything goes through the services with the demo's own accounts (财务 caiwu drafts,
主席 chair approves), so the demo exercises the same rules a user meets. Deterministic:
seeded random and fixed dates.
"""

from __future__ import annotations

import datetime
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from openpyxl import Workbook

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from .models import AdoptedBy, Budget, PayForm
from .money import FEN
from .services import aid as aid_services
from .services import budget as budget_services
from .services import dues as dues_services
from .services import payroll as payroll_services
from .services import review as review_services
from .services import settings as settings_services
from .services import vouchers as voucher_services

YEAR = 2026
MONTHS = range(1, 11)
# Members whose payroll deduction stops in May: six months unpaid by October, flagged.
STOPPED_PAYING = 2

# The budget adopted in January (yuan). 节日慰问 is planned at 1,000 a member.
BUDGET = {
    "401": Decimal("78000"),
    "402": Decimal("386400"),
    "403": Decimal("20000"),
    "50101": Decimal("230000"),
    "50102": Decimal("50000"),
    "50103": Decimal("10000"),
    "50111": Decimal("30000"),
    "50113": Decimal("8000"),
    "502": Decimal("30000"),
    "503": Decimal("12000"),
    "507": Decimal("160000"),
}


def _payroll_file(folder: Path, name: str, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = folder / name
    wb.save(path)
    return path


def _voucher(treasurer, chair, union, *, kind, date, summary, lines, post=True):
    voucher = voucher_services.voucher_create(
        actor=treasurer, union=union, kind=kind, date=date, summary=summary, lines=lines
    )
    if not post:
        return voucher
    voucher_services.voucher_submit(actor=treasurer, voucher=voucher)
    voucher_services.voucher_approve(actor=chair, voucher=voucher)
    voucher_services.voucher_post(actor=chair, voucher=voucher)
    return voucher


def build_finance() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Budget.objects.filter(union=school).exists():
        return
    rng = random.Random(20260401)
    treasurer = User.objects.get(username="caiwu")
    chair = User.objects.get(username="chair")
    auditor = User.objects.get(username="jingshen")
    settings_services.finance_settings_update(actor=chair, union=school, mutual_aid=True)

    members = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE)
        .select_related("group")
        .order_by("id")
    )
    # Wage items as a school's payroll lists them; dues count the first three.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for m in members:
            basic = Decimal(rng.randrange(2600, 4200)) + Decimal(rng.randrange(0, 100)) / 100
            post = Decimal(rng.randrange(800, 2400))
            performance = Decimal(rng.randrange(900, 1800))
            rows.append([m.name, m.id_number, basic, post, performance, 600, 1500])
        path = _payroll_file(
            folder,
            "2026年工资表.xlsx",
            ["姓名", "身份证号", "基本工资", "岗位工资", "基础性绩效工资", "津贴补贴", "奖金"],
            rows,
        )
        dues_services.dues_base_import(actor=treasurer, union=school, file=path, filename=path.name)
        stopped = {m.pk for m in members[-STOPPED_PAYING:]}
        for month in MONTHS:
            first = datetime.date(YEAR, month, 1)
            dues_services.dues_run(actor=treasurer, union=school, month=first)
            charges = {c.member_id: c.amount for c in school_charges(school, first)}
            payers = [
                m for m in members if m.pk in charges and not (m.pk in stopped and month >= 5)
            ]
            path = _payroll_file(
                folder,
                f"{YEAR}年{month}月会费代扣.xlsx",
                ["姓名", "身份证号", "代扣金额"],
                [[m.name, m.id_number, charges[m.pk]] for m in payers],
            )
            dues_services.dues_import(
                actor=treasurer,
                union=school,
                month=first,
                file=path,
                filename=path.name,
            )
            booked = dues_services.dues_book(actor=treasurer, union=school, month=first)
            voucher_services.voucher_submit(actor=treasurer, voucher=booked)
            voucher_services.voucher_approve(actor=chair, voucher=booked)
            voucher_services.voucher_post(actor=chair, voucher=booked)

    budget = budget_services.budget_create(
        actor=treasurer,
        union=school,
        year=YEAR,
        lines=BUDGET,
        note="经2026年1月工会委员会会议研究，报会员代表大会审议。",
    )
    budget_services.budget_adopt(
        actor=chair,
        budget=budget,
        adopted_on=datetime.date(YEAR, 1, 16),
        adopted_by=AdoptedBy.CONGRESS,
    )

    # The employer's 2% of payroll, quarterly; 40% of it passed on upward. The payroll office
    # reports the monthly payroll, so the statements can check the 2% was paid in full.
    payroll = Decimal("1610000")
    payroll_services.payroll_record(
        actor=treasurer, union=school, year=YEAR, amounts=dict.fromkeys(MONTHS, payroll)
    )
    for quarter, month in enumerate((4, 7, 10), start=1):  # each quarter paid the month after
        remitted = (payroll * 3 * Decimal("0.02")).quantize(FEN)
        day = datetime.date(YEAR, month, 15)
        _voucher(
            treasurer,
            chair,
            school,
            kind="income",
            date=day,
            summary=f"收到学校拨缴第{quarter}季度工会经费（工资总额的2%）",
            lines=[{"category": "402", "amount": remitted, "payee": "示范镇第一中学"}],
        )
        _voucher(
            treasurer,
            chair,
            school,
            kind="expense",
            date=day + datetime.timedelta(days=5),
            summary=f"上缴镇总工会第{quarter}季度经费（40%）",
            lines=[
                {
                    "category": "507",
                    "amount": (remitted * Decimal("0.40")).quantize(FEN),
                    "payee": "示范镇总工会",
                }
            ],
        )
    _voucher(
        treasurer,
        chair,
        school,
        kind="income",
        date=datetime.date(YEAR, 3, 20),
        summary="镇总工会补助职工之家建设",
        lines=[{"category": "403", "amount": Decimal("20000.00"), "payee": "示范镇总工会"}],
    )

    # Festival goods for every member: 春节 400, 端午 200, 中秋 300 (900 of the 2,200 cap).
    for date, festival, each in (
        (datetime.date(YEAR, 2, 10), "春节", Decimal("400")),
        (datetime.date(YEAR, 5, 28), "端午", Decimal("200")),
        (datetime.date(YEAR, 9, 22), "中秋", Decimal("300")),
    ):
        _voucher(
            treasurer,
            chair,
            school,
            kind="expense",
            date=date,
            summary=f"{festival}节日慰问品（实物）",
            lines=[
                {
                    "category": "50101",
                    "amount": each * len(members),
                    "payee": "示范镇供销超市",
                    "pay_form": PayForm.GOODS,
                    "event": festival,
                    "shares": [(m, each) for m in members],
                }
            ],
        )
    # Birthday cakes by quarter.
    for quarter in range(1, 4):
        born = [m for m in members if m.birth_date and (m.birth_date.month - 1) // 3 + 1 == quarter]
        _voucher(
            treasurer,
            chair,
            school,
            kind="expense",
            date=datetime.date(YEAR, quarter * 3, 25),
            summary=f"第{quarter}季度会员生日蛋糕券",
            lines=[
                {
                    "category": "50102",
                    "amount": Decimal("200") * len(born),
                    "payee": "示范镇好利来门店",
                    "pay_form": PayForm.VOUCHER,
                    "event": f"第{quarter}季度生日会",
                    "shares": [(m, Decimal("200")) for m in born],
                }
            ],
        )
    for date, summary, code, amount, payee in (
        (
            datetime.date(YEAR, 3, 8),
            "三八节女教职工趣味运动会",
            "50111",
            "4860.00",
            "示范镇体育用品店",
        ),
        (datetime.date(YEAR, 4, 23), "读书月购书", "50113", "3280.50", "新华书店示范镇店"),
        (
            datetime.date(YEAR, 5, 12),
            "教职工羽毛球赛场地及用品",
            "50111",
            "6120.00",
            "示范镇全民健身中心",
        ),
        (datetime.date(YEAR, 7, 10), "工会干部培训班", "50301", "2400.00", "镇总工会培训中心"),
        (datetime.date(YEAR, 8, 5), "夏送清凉慰问品", "50202", "8650.00", "示范镇供销超市"),
        (datetime.date(YEAR, 9, 9), "教师节表彰活动", "50111", "7300.00", "示范镇文化礼堂"),
        (datetime.date(YEAR, 10, 18), "困难教职工帮扶", "50201", "6000.00", "困难会员（名单附后）"),
    ):
        _voucher(
            treasurer,
            chair,
            school,
            kind="expense",
            date=date,
            summary=summary,
            lines=[{"category": code, "amount": Decimal(amount), "payee": payee}],
        )
    # A hospital visit for one member, then a posted voucher with a typing error and its
    # reversal: the correction the books keep instead of an edit.
    patient = members[17]
    _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 6, 3),
        summary=f"慰问住院会员{patient.name}",
        lines=[
            {
                "category": "50103",
                "amount": Decimal("800"),
                "payee": patient.name,
                "event": "住院（阑尾炎手术）",
                "days": 6,
                "shares": [(patient, Decimal("800"))],
            }
        ],
    )
    # A wedding gift above the example cap, let through by the chair with a written reason:
    # the 经审 sees it on the review page with the reason and the rule it passed.
    groom = members[30]
    wedding = _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 4, 30),
        summary=f"会员{groom.name}结婚慰问",
        lines=[
            {
                "category": "50104",
                "amount": Decimal("1200"),
                "payee": groom.name,
                "pay_form": PayForm.GOODS,
                "event": "结婚",
                "shares": [(groom, Decimal("1200"))],
            }
        ],
        post=False,
    )
    voucher_services.voucher_override(
        actor=chair,
        voucher=wedding,
        reason="该会员为援藏支教返校教师，经2026年4月工会委员会会议研究，同意按1200元标准慰问。",
    )
    voucher_services.voucher_submit(actor=treasurer, voucher=wedding)
    voucher_services.voucher_approve(actor=chair, voucher=wedding)
    voucher_services.voucher_post(actor=chair, voucher=wedding)
    wrong = _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 10, 20),
        summary="秋季登山活动交通费",
        lines=[{"category": "50111", "amount": Decimal("3600.00"), "payee": "示范镇客运公司"}],
    )
    reversal = voucher_services.voucher_reverse(
        actor=treasurer,
        voucher=wrong,
        reason="金额录错，应为 3,060.00 元",
        date=datetime.date(YEAR, 10, 21),
    )
    voucher_services.voucher_submit(actor=treasurer, voucher=reversal)
    voucher_services.voucher_approve(actor=chair, voucher=reversal)
    voucher_services.voucher_post(actor=chair, voucher=reversal)
    _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 10, 21),
        summary="秋季登山活动交通费（更正）",
        lines=[{"category": "50111", "amount": Decimal("3060.00"), "payee": "示范镇客运公司"}],
    )

    # Waiting for the chair: the treasurer has submitted it, only the chair may approve.
    waiting = _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 10, 30),
        summary="教职工气排球赛用品",
        lines=[{"category": "50111", "amount": Decimal("1860.00"), "payee": "示范镇体育用品店"}],
        post=False,
    )
    voucher_services.voucher_submit(actor=treasurer, voucher=waiting)

    # Over the cap: a 国庆 gift of 1,400 on top of the 900 already given takes ten members to
    # 2,300, past the example 2,200; and shopping cards are not allowed. Submission is
    # refused, so the voucher stays a draft showing why.
    blocked = _voucher(
        treasurer,
        chair,
        school,
        kind="expense",
        date=datetime.date(YEAR, 10, 28),
        summary="国庆节日慰问购物卡",
        lines=[
            {
                "category": "50101",
                "amount": Decimal("1400") * 10,
                "payee": "示范镇百货商场",
                "pay_form": PayForm.CARD,
                "event": "国庆",
                "shares": [(m, Decimal("1400")) for m in members[:10]],
            }
        ],
        post=False,
    )
    try:
        voucher_services.voucher_submit(actor=treasurer, voucher=blocked)
    except ValidationError:
        pass  # the refusal is the point: the draft stays, showing why
    else:
        raise RuntimeError("demo: the over-cap voucher was not blocked")

    # The mutual-aid fund: savings from twenty members and one loan being repaid.
    for i, m in enumerate(members[20:40]):
        aid_services.aid_deposit(
            actor=treasurer,
            union=school,
            member=m,
            amount=Decimal(500 + 100 * (i % 5)),
            on=datetime.date(YEAR, 1, 10),
        )
    loan = aid_services.aid_loan(
        actor=treasurer,
        union=school,
        member=members[25],
        amount=Decimal("6000"),
        on=datetime.date(YEAR, 3, 1),
        months=12,
        note="家中老人住院急用",
    )
    for month in range(4, 11):
        aid_services.aid_repay(
            actor=treasurer, loan=loan, amount=Decimal("500"), on=datetime.date(YEAR, month, 1)
        )

    review_services.finding_create(
        actor=auditor,
        union=school,
        title="第三季度慰问品发放签收单不全",
        text="中秋节慰问品发放签收单缺数学教研组 3 人签名，请补齐后归档。",
        period_start=datetime.date(YEAR, 7, 1),
        period_end=datetime.date(YEAR, 9, 30),
    )


def school_charges(union, month):
    from .models import DuesCharge

    return DuesCharge.objects.filter(union=union, month=month).only("member_id", "amount")
