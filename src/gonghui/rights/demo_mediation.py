"""The demo's mediation and women workers' data (``core.demo``), through the services:

- at the demo factory, a 劳动争议调解委员会 of three (a member as 主任 with the login
  ``tiaojie``, a member as 委员, the employer's named representative) and two cases: an unpaid
  overtime claim settled by agreement last month, and a dismissal claim accepted four days ago,
  still open;
- at the demo school, an 爱心妈咪小屋 with its facilities."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.demo import DEMO_PASSWORD
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Member, MemberStatus, Sex, Union

from . import services_mediation as services
from . import services_women
from .models_mediation import ClaimKind, MediatorPost, MediatorSide
from .models_women import MotherRoomFacility

DAY = datetime.timedelta(days=1)


def build() -> None:
    factory = Union.objects.filter(code="demo-factory").first()
    if factory is None or factory.mediators.exists():
        return
    today = timezone.localdate()
    people = list(
        Member.objects.filter(union=factory, status=MemberStatus.ACTIVE).order_by("id")[10:14]
    )
    director, member, applicant, second = people
    since = today - 400 * DAY
    chair_seat = services.mediator_add(
        actor=None,
        union=factory,
        member=director,
        side=MediatorSide.WORKERS,
        post=MediatorPost.DIRECTOR,
        since=since,
    )
    services.mediator_add(
        actor=None, union=factory, member=member, side=MediatorSide.WORKERS, since=since
    )
    employer = services.mediator_add(
        actor=None,
        union=factory,
        name="人力资源部 钱经理",
        side=MediatorSide.EMPLOYER,
        since=since,
    )
    org_services.member_account_open(
        actor=None,
        union=factory,
        username="tiaojie",
        full_name=director.name,
        mobile="13800000031",
        password=DEMO_PASSWORD,
        member=director,
        must_change_password=False,
    )
    settled = services.case_create(
        actor=None,
        union=factory,
        applicant=applicant,
        respondent="示范精密机械有限公司",
        claim_kind=ClaimKind.PAY,
        claim="申请人2026年第三季度在一车间加班共计64小时，公司未支付加班工资，请求支付。",
        applied_on=today - 40 * DAY,
    )
    services.case_accept(
        actor=None, case=settled, accepted_on=today - 39 * DAY, mediators=[chair_seat, employer]
    )
    services.session_add(
        actor=None,
        case=settled,
        held_on=today - 35 * DAY,
        place="工会办公室",
        record="双方核对了考勤记录，对加班时数无异议；公司同意按规定标准补发。",
    )
    services.case_agree(
        actor=None,
        case=settled,
        on=today - 33 * DAY,
        agreement="一、被申请人于本协议生效之日起十日内向申请人支付加班工资人民币3,680元。\n"
        "二、申请人收到上述款项后，双方就本次加班工资争议再无其他争议。",
    )
    open_case = services.case_create(
        actor=None,
        union=factory,
        applicant=second,
        respondent="示范精密机械有限公司",
        claim_kind=ClaimKind.DISMISSAL,
        claim="公司以不能胜任工作为由解除劳动合同，未经培训或调岗，申请人请求继续履行劳动合同。",
        applied_on=today - 5 * DAY,
    )
    services.case_accept(
        actor=None, case=open_case, accepted_on=today - 4 * DAY, mediators=[chair_seat, employer]
    )


def build_women() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or school.mother_rooms.exists():
        return
    keeper = (
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE, sex=Sex.FEMALE)
        .order_by("id")
        .first()
    )
    services_women.mother_room_create(
        actor=None,
        union=school,
        fields={
            "name": "爱心妈咪小屋",
            "place": "行政楼二层 203 室",
            "area": "12.5",
            "facilities": [
                MotherRoomFacility.FRIDGE,
                MotherRoomFacility.SEATS,
                MotherRoomFacility.SINK,
                MotherRoomFacility.PRIVACY,
                MotherRoomFacility.AIRCON,
            ],
            "opened_on": timezone.localdate() - 200 * DAY,
            "keeper": keeper,
            "state": "open",
            "note": "工作日 8:00-17:30 开放，钥匙在工会办公室。",
        },
    )
