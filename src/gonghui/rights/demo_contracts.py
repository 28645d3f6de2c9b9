"""The demo's collective contract (``core.demo``): 示范精密机械有限公司 renews its 综合集体合同
through every step of 《集体合同规定》, with one 《审查意见书》 on the way — all through the
services (``services_contracts``, the congress's own for its 职工代表大会), as the system.

**Dates.** The factory's 第二届职工代表大会 sits on the day the demo is built (``D``), as the
school's does (congress/demo.py): representatives check in only on the sitting's day, and a
draft counts as passed on the day its poll closes. So the steps before the vote count back
from ``D`` (要约 70 days before, answered, representatives, two sessions, two drafts), and
the first round runs on ``D`` itself in its legal order — the vote, the chief
representatives' signing, the text handed in at the 人社 counter, whose 审查意见书 comes the
same day; a third session amends the text, the congress votes the amended draft at the same
sitting, it is signed again — and the second submission is received two days later (each
later step called with ``today=`` its own day, as the services allow). No objection within
15 days: the contract takes effect on the computed day and is published three days after.

**The predecessor** is the factory's contract of three years ago, signed before the platform
and entered as such (``contract_record_existing``, 补录): it expires 19 days after the build,
so the renewal's 要约 falls inside its last three months (第三十八条).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.congress.models import CongressKind, CongressTerm, RepKind
from gonghui.congress.services import polls as poll_services
from gonghui.congress.services import sittings as sitting_services
from gonghui.congress.services import terms as term_services
from gonghui.core.dates import add_years
from gonghui.orgs.models import Member, MemberStatus, Position, Post, Union

from . import services_contracts as services
from . import services_contracts_after as after
from .models_contracts import CollectiveContract, ContractKind, OfferSide

CODE = "demo-factory"
TITLE = "示范精密机械有限公司综合集体合同（续订）"
EMPLOYER = "示范精密机械有限公司"
AUTHORITY = "示范县人力资源和社会保障局"
RECORDER = "厂办 黄小燕"
CONGRESS_ELECTED = datetime.date(2023, 6, 20)
EMPLOYER_SIDE = [("周建国", "总经理"), ("吴敏", "人力资源部经理"), ("郑涛", "财务总监")]
DRAFT = """第一章 总则
第一条 为建立和谐稳定的劳动关系，维护职工和企业双方的合法权益，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《中华人民共和国工会法》和《集体合同规定》，经双方平等协商，订立本合同。
第二条 本合同对企业和全体职工具有约束力。
第二章 劳动报酬
第三条 企业实行岗位绩效工资制度，职工工资于每月10日前以货币形式足额支付。
第四条 本合同期内职工工资年平均增长幅度不低于5%，具体由年度工资专项集体协议确定。
第三章 工作时间和休息休假
第五条 实行每日工作8小时、每周工作40小时的标准工时制度；安排加班须与工会和职工协商。
第四章 劳动安全卫生
第六条 企业每年组织接触职业病危害因素的职工进行职业健康检查，费用由企业承担。
第五章 女职工特殊保护
第七条 女职工孕期、产期、哺乳期的劳动保护按国家规定执行，企业设立爱心妈咪小屋。"""
AMENDED = DRAFT.replace(
    "第四条 本合同期内职工工资年平均增长幅度不低于5%，具体由年度工资专项集体协议确定。",
    "第四条 本合同期内职工工资年平均增长幅度不低于5%，具体由年度工资专项集体协议确定；"
    "企业最低工资标准执行本地区最低工资标准，且不低于其1.2倍。",
)
OPINION = (
    "经审查，合同第四条仅约定工资增长幅度，未约定本企业最低工资标准，"
    "不符合《集体合同规定》第八条的要求。请双方协商修改后重新签订并报送。"
)


def _day(base: datetime.date, days: int) -> datetime.date:
    return base + datetime.timedelta(days=days)


def _congress(factory: Union, today: datetime.date):
    """The factory's 职工代表大会: about one in eight staff elected (the committee among
    them), a sitting today with nine in ten checked in, opened."""
    term = term_services.term_create(
        actor=None,
        union=factory,
        kind=CongressKind.WORKERS,
        number=2,
        starts_on=CONGRESS_ELECTED,
        years=5,
    )
    active = list(Member.objects.filter(union=factory, status=MemberStatus.ACTIVE).order_by("id"))
    committee = set(
        Position.objects.filter(term__union=factory, ended_on=None).values_list("member", flat=True)
    )
    chosen = [m for m in active if m.pk in committee]
    chosen += [m for m in active[::8] if m.pk not in committee]
    for member in chosen:
        term_services.rep_elect(
            actor=None,
            term=term,
            member=member,
            constituency=member.group,
            elected_on=CONGRESS_ELECTED,
        )
    sitting = sitting_services.sitting_create(
        actor=None, term=term, date=today, place="公司职工活动中心"
    )
    sitting_services.sitting_notice(
        actor=None,
        sitting=sitting,
        noticed_on=today,
        late_reason="演示数据：会议预告与会议在同一天生成",
    )
    voting = list(term.representatives.filter(kind=RepKind.VOTING).order_by("id"))
    for rep in voting[: len(voting) * 9 // 10]:
        sitting_services.rep_checkin(
            actor=None, sitting=sitting, representative=rep, by_secretariat=True
        )
    return sitting_services.sitting_open(actor=None, sitting=sitting)


def _vote(draft, sitting, *, against: int) -> None:
    """The draft on paper at the sitting: everyone present votes, ``against`` no and one
    abstention; the count closes the poll and the close hook moves the draft."""
    poll = services.draft_to_congress(actor=None, draft=draft, sitting=sitting, on_paper=True)
    poll = poll_services.poll_open(actor=None, poll=poll)
    present = poll.present
    poll_services.poll_paper(
        actor=None,
        poll=poll,
        issued=present,
        returned=present,
        invalid=0,
        yes=present - against - 1,
        no=against,
        abstain=1,
        scrutineers="监票人 一车间代表、计票人 质检部代表",
    )


def _workers(factory: Union) -> list[Member]:
    """The workers' side: the union's chair first (the chief), then two committee members."""
    posts = Position.objects.filter(term__union=factory, ended_on=None).select_related("member")
    chair = [p.member for p in posts if p.post == Post.CHAIR]
    others = [p.member for p in posts.order_by("id") if p.post != Post.CHAIR]
    found = (chair + others)[:3]
    if len(found) < 3:
        extra = Member.objects.filter(union=factory, status=MemberStatus.ACTIVE).order_by("id")
        found += [m for m in extra if m not in found][: 3 - len(found)]
    return found


def build_contracts() -> None:
    factory = Union.objects.filter(code=CODE).first()
    if factory is None or CollectiveContract.objects.filter(union=factory).exists():
        return
    if CongressTerm.objects.filter(union=factory).exists():
        return  # the factory's congress came from elsewhere: leave it alone
    d = timezone.localdate()
    effective = _day(add_years(d, -3), 20)
    old = after.contract_record_existing(
        actor=None,
        union=factory,
        kind=ContractKind.GENERAL,
        title=TITLE,
        employer=EMPLOYER,
        signed_on=_day(effective, -21),
        effective_on=effective,
        term_years=3,
        published_on=_day(effective, 3),
        today=d,
    )
    contract = services.contract_offer(
        actor=None,
        union=factory,
        kind=ContractKind.GENERAL,
        title=TITLE,
        employer=EMPLOYER,
        offered_on=_day(d, -70),
        delivered_on=_day(d, -69),
        offer_text="1. 劳动报酬和工资增长机制\n2. 工作时间和休息休假\n3. 劳动安全卫生"
        "\n4. 女职工特殊保护\n5. 职业技能培训",
        term_years=3,
        predecessor=old,
        today=d,
    )
    services.contract_reply(
        actor=None,
        contract=contract,
        replied_on=_day(d, -60),
        reply_text="同意就续订综合集体合同进行集体协商，建议于下月上旬召开首次协商会议。",
        today=d,
    )
    appointed = _day(d, -58)
    for i, member in enumerate(_workers(factory)):
        services.representative_add(
            actor=None,
            contract=contract,
            side=OfferSide.WORKERS,
            member=member,
            title="工会主席" if i == 0 else "工会委员",
            chief=i == 0,
            appointed_on=appointed,
            today=d,
        )
    for i, (name, title) in enumerate(EMPLOYER_SIDE):
        services.representative_add(
            actor=None,
            contract=contract,
            side=OfferSide.EMPLOYER,
            name=name,
            title=title,
            chief=i == 0,
            appointed_on=appointed,
            today=d,
        )
    reps = list(contract.representatives.all())

    def session(held_on, chaired_by, **text):
        return services.session_record(
            actor=None,
            contract=contract,
            held_on=held_on,
            chaired_by=chaired_by,
            recorder=RECORDER,
            attendees=reps,
            place="公司三楼会议室",
            today=max(held_on, d),
            **text,
        )

    first = session(
        _day(d, -50),
        OfferSide.WORKERS,
        topics="工资增长幅度；工作时间；职业健康检查",
        minutes="职工方提出工资年增长不低于6%，企业方提出4%，双方交换了上年度经营和工资数据。",
        agreed="职业健康检查费用由企业承担。",
        open_points="工资年增长幅度。",
    )
    services.draft_add(
        actor=None,
        contract=contract,
        text=DRAFT.replace("不低于5%", "不低于6%"),
        changes="职工方初稿。",
        session=first,
        created_on=_day(d, -48),
        today=d,
    )
    second = session(
        _day(d, -36),
        OfferSide.EMPLOYER,
        topics="工资增长幅度；女职工特殊保护",
        minutes="双方就工资增长幅度达成一致，定为不低于5%；企业同意设立爱心妈咪小屋。",
        agreed="工资年平均增长幅度不低于5%；设立爱心妈咪小屋。",
    )
    draft = services.draft_add(
        actor=None,
        contract=contract,
        text=DRAFT,
        changes="工资增长幅度改为不低于5%；增加女职工特殊保护一章。",
        session=second,
        created_on=_day(d, -34),
        today=d,
    )
    sitting = _congress(factory, d)
    _vote(draft, sitting, against=3)
    services.contract_sign(actor=None, contract=contract, signed_on=d, today=d)
    services.contract_submit(
        actor=None, contract=contract, submitted_on=d, received_on=d, authority=AUTHORITY, today=d
    )
    services.review_record(
        actor=None,
        contract=contract,
        issued_on=d,
        received_on=d,
        opinion=OPINION,
        authority=AUTHORITY,
        today=d,
    )
    third = session(
        d,
        OfferSide.WORKERS,
        topics="按审查意见书修改第四条",
        minutes="双方按审查意见补充约定本企业最低工资标准，不低于本地区最低工资标准的1.2倍。",
        agreed="第四条增加最低工资标准的约定。",
    )
    amended = services.draft_add(
        actor=None,
        contract=contract,
        text=AMENDED,
        changes="按审查意见书补充第四条最低工资标准。",
        session=third,
        created_on=d,
        today=d,
    )
    _vote(amended, sitting, against=1)
    services.contract_sign(actor=None, contract=contract, signed_on=d, today=d)
    received = _day(d, 2)
    contract = services.contract_submit(
        actor=None,
        contract=contract,
        submitted_on=_day(d, 1),
        received_on=received,
        authority=AUTHORITY,
        today=received,
    )
    assert contract.effective_on is not None
    published = _day(contract.effective_on, 3)
    after.contract_publish(
        actor=None,
        contract=contract,
        published_on=published,
        how="厂务公开栏张贴、职工微信群发布全文",
        today=published,
    )
