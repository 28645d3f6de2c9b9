"""Demo congress for 示范镇第一中学工会: the 第八届 教职工代表大会 with its representatives,
a sitting under way with proposals in every state, a finished paper vote and an electronic
vote still open for the demo's member account (huiyuan) to cast.

Unlike the other demo steps, the sitting is dated the day the demo is built: check-in and
the proposal window are checked against today, and a demo whose sitting lay in the past
could show neither. Everything else is fixed, and it all goes through the services with
the demo's own accounts.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import demo_session
from .models import CongressKind, CongressTerm, Proposal, RepKind
from .queries.common_reps import own_representative
from .services import polls as poll_services
from .services import proposals as proposal_services
from .services import sittings as sitting_services
from .services import terms as term_services

ELECTED = datetime.date(2022, 9, 1)
ACCOUNTS = ("chair", "weiyuan", "caiwu", "jingshen", "zuzhang", "huiyuan")


def build_congress() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or CongressTerm.objects.filter(union=school).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS)}
    chair = users["chair"]
    term = term_services.term_create(
        actor=chair, union=school, kind=CongressKind.STAFF, number=8, starts_on=ELECTED, years=5
    )
    active = list(Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id"))
    with_accounts = [m for m in active if m.user_id in {u.pk for u in users.values()}]
    # About one in four staff, every group represented, plus the six demo accounts.
    chosen = with_accounts + [m for m in active[::4] if m not in with_accounts]
    for member in chosen:
        term_services.rep_elect(
            actor=chair, term=term, member=member, constituency=member.group, elected_on=ELECTED
        )
    for member in Member.objects.filter(union=school, status=MemberStatus.RETIRED).order_by("id")[
        :2
    ]:
        term_services.rep_elect(
            actor=chair,
            term=term,
            member=member,
            constituency=member.group,
            elected_on=ELECTED,
            kind=RepKind.OBSERVER,
        )

    today = timezone.localdate()
    sitting = sitting_services.sitting_create(
        actor=chair,
        term=term,
        date=today,
        place="学校报告厅",
        proposals_open=today - datetime.timedelta(days=21),
        proposals_close=today,
    )
    pay_rules = _proposals(users, sitting, today)
    sitting_services.sitting_notice(
        actor=chair,
        sitting=sitting,
        noticed_on=today,
        late_reason="演示数据：会议预告与会议在同一天生成",
    )
    voting = list(term.representatives.filter(kind=RepKind.VOTING).order_by("id"))
    for rep in voting[: len(voting) * 9 // 10]:
        sitting_services.rep_checkin(
            actor=chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    sitting_services.sitting_open(actor=chair, sitting=sitting)

    paper = poll_services.poll_create(
        actor=chair,
        sitting=sitting,
        title="关于《学校工作报告》的决议",
        on_paper=True,
    )
    paper = poll_services.poll_open(actor=chair, poll=paper)
    present = paper.present
    poll_services.poll_paper(
        actor=chair,
        poll=paper,
        issued=present,
        returned=present,
        invalid=1,
        yes=present - 4,
        no=1,
        abstain=2,
        scrutineers="监票人 王老师、计票人 李老师",
    )
    live = poll_services.poll_create(
        actor=chair,
        sitting=sitting,
        title="关于《教职工绩效工资分配办法（修订稿）》的决议",
        description="按条表决；表决结束后公布结果。",
        proposal=pay_rules,  # so the ballot page shows what 关联提案 looks like
    )
    poll_services.poll_open(actor=chair, poll=live)
    for name in ("chair", "weiyuan", "caiwu", "jingshen", "zuzhang"):  # huiyuan has not yet
        poll_services.vote_cast(actor=users[name], poll=live, choice="yes")
    demo_session.build_evaluation(chair, sitting)
    demo_session.build_election(chair, sitting)


def _proposals(users, sitting, today) -> Proposal:
    """Proposals in every state: closed, sent back after 不满意, handled as a suggestion,
    a suggestion not yet assigned, accepted and not yet assigned, answered and waiting for
    the proposer's rating, not accepted, merged, waiting for review, one still gathering
    co-signers and one withdrawn by its proposer. Returns the accepted one on performance
    pay, which the sitting's open vote puts to the representatives."""
    term = sitting.term
    rep = {name: own_representative(user, term) for name, user in users.items()}
    chair = users["chair"]

    def draft(author, title, reason, measures, cosigners, confirm=True):
        proposal = proposal_services.proposal_create(
            actor=users[author],
            sitting=sitting,
            title=title,
            reason=reason,
            measures=measures,
            cosigners=[rep[c] for c in cosigners],
        )
        for c in cosigners if confirm else cosigners[:1]:
            proposal_services.cosign_confirm(actor=users[c], proposal=proposal)
        proposal.refresh_from_db()
        return proposal

    lunch = draft(
        "huiyuan",
        "关于改善教职工午餐条件的提案",
        "食堂菜品单一，高峰时段排队时间长。",
        "增加窗口和菜品，错峰安排就餐。",
        ["weiyuan", "zuzhang"],
    )
    proposal_services.proposal_review(actor=chair, proposal=lunch, decision="accept")
    canteen = draft(
        "zuzhang",
        "关于延长食堂晚餐供应时间的提案",
        "晚自习值班教师常常错过晚餐。",
        "晚餐供应延长至19:00。",
        ["huiyuan", "jingshen"],
    )
    proposal_services.proposal_review(
        actor=chair,
        proposal=canteen,
        decision="merge",
        note="与“改善教职工午餐条件”一并办理。",
        merge_into=lunch,
    )
    proposal_services.proposal_assign(
        actor=chair,
        proposal=lunch,
        lead_department="总务处",
        co_departments="工会",
        due_on=today + datetime.timedelta(days=30),
    )
    proposal_services.proposal_answer(
        actor=chair,
        proposal=lunch,
        department="总务处",
        text="已增设两个窗口，新增面食和清真窗口；晚餐供应延长至19:00。",
    )
    proposal_services.proposal_rate(actor=users["huiyuan"], proposal=lunch, rating="satisfied")

    media = draft(
        "zuzhang",
        "关于更新多媒体教室设备的提案",
        "部分教室投影仪老化，影响教学。",
        "分批更换为交互式一体机。",
        ["huiyuan", "caiwu"],
    )
    proposal_services.proposal_review(actor=chair, proposal=media, decision="accept")
    proposal_services.proposal_assign(
        actor=chair,
        proposal=media,
        lead_department="教务处",
        co_departments="信息中心",
        due_on=today + datetime.timedelta(days=14),
    )
    proposal_services.proposal_answer(
        actor=chair, proposal=media, department="教务处", text="已列入明年预算，视经费情况更换。"
    )
    proposal_services.proposal_rate(actor=users["zuzhang"], proposal=media, rating="unsatisfied")

    rest = draft(
        "caiwu",
        "关于增设教职工休息室的提案",
        "午间教师无处休息。",
        "利用闲置教室改建休息室。",
        ["huiyuan", "zuzhang"],
    )
    proposal_services.proposal_review(
        actor=chair,
        proposal=rest,
        decision="suggest",
        note="属学校日常管理事项，转为意见建议办理。",
    )
    proposal_services.proposal_assign(
        actor=chair,
        proposal=rest,
        lead_department="校长办公室",
        due_on=today + datetime.timedelta(days=21),
    )

    parking = draft(
        "jingshen",
        "关于校内停车收费的提案",
        "停车位紧张。",
        "对教职工停车实行收费。",
        ["huiyuan", "zuzhang"],
    )
    proposal_services.proposal_review(
        actor=chair,
        proposal=parking,
        decision="reject",
        note="涉及教职工普遍利益，须另行调研，本次不予立案。",
    )
    gym = draft(
        "weiyuan",
        "关于延长体育馆对教职工开放时间的提案",
        "教职工下班后体育馆已关闭。",
        "工作日 17:30—20:00 向教职工开放。",
        ["huiyuan", "caiwu"],
    )
    proposal_services.proposal_review(actor=chair, proposal=gym, decision="accept")
    heating = draft(
        "caiwu",
        "关于办公室冬季供暖的提案",
        "北楼办公室冬季室温偏低。",
        "检修北楼暖气管道，增设电暖设备。",
        ["weiyuan", "zuzhang"],
    )
    proposal_services.proposal_review(actor=chair, proposal=heating, decision="accept")
    proposal_services.proposal_assign(
        actor=chair, proposal=heating, lead_department="总务处", due_on=today
    )
    proposal_services.proposal_answer(
        actor=chair,
        proposal=heating,
        department="总务处",
        text="已检修北楼暖气管道，11 月 15 日起供暖正常。",
    )
    books = draft(
        "zuzhang",
        "关于增订教学参考书的提案",
        "图书馆教学参考书陈旧。",
        "每学期按教研组需求增订。",
        ["weiyuan", "jingshen"],
    )
    proposal_services.proposal_review(
        actor=chair, proposal=books, decision="suggest", note="转图书馆按意见建议办理。"
    )
    draft(
        "weiyuan",
        "关于开展教职工心理健康讲座的提案",
        "教职工工作压力较大。",
        "每学期邀请专家开展两次讲座。",
        ["huiyuan", "zuzhang"],
    )
    dup = draft(
        "huiyuan",
        "关于食堂增加早餐品种的提案",
        "早餐品种少。",
        "增加粗粮和豆制品。",
        ["weiyuan", "zuzhang"],
        confirm=False,
    )
    proposal_services.proposal_withdraw(
        actor=users["huiyuan"], proposal=dup, reason="已并入“改善教职工午餐条件”一并反映，撤回。"
    )
    draft(
        "huiyuan",
        "关于设立教职工子女寒暑假托管班的提案",
        "假期双职工家庭子女无人照看。",
        "由工会牵头，利用校内场地开设托管班。",
        ["jingshen", "caiwu"],
        confirm=False,
    )
    pay_rules = draft(
        "jingshen",
        "关于修订教职工绩效工资分配办法的提案",
        "现行分配办法向管理岗位倾斜，一线教师课时量和班主任工作量体现不足。",
        "提高课时和班主任工作量的权重，修订稿提交教代会表决。",
        ["weiyuan", "zuzhang"],
    )
    proposal_services.proposal_review(actor=chair, proposal=pay_rules, decision="accept")
    return pay_rules
