"""The demo's 疗休养 at the demo school: members' categories, last year's round (everyone on
it went) and the 2026 summer round — adjusted with reasons, published without objection,
confirmed, one declined and the first candidate moved up, settled on a draft voucher. Built
from the steps it needs on an empty site."""

import datetime
from decimal import Decimal

from gonghui.care.models_rest import EntryState, RestRound, RestRoundStatus, RestTag
from gonghui.core import demo, metrics
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.finance.models import Voucher
from gonghui.orgs.models import Union


def test_the_demo_school_rotates_its_rest_trips(empty_db):
    steps = dict(demo.STEPS)
    for name in ("orgs", "care_rest"):
        steps[name]()
    steps["care_rest"]()  # idempotent: a second run adds nothing
    school = Union.objects.get(code="demo-school")
    assert RestTag.objects.filter(union=school).count() == 4
    last, this = RestRound.objects.filter(union=school).order_by("year")
    assert (last.year, this.year) == (2025, 2026)
    assert {last.status, this.status} == {RestRoundStatus.PAID}
    went_last = set(last.entries.filter(state=EntryState.TAKEN).values_list("member", flat=True))
    assert len(went_last) == 10
    on_this = this.entries.exclude(state=EntryState.CANDIDATE)
    states = sorted(on_this.values_list("state", flat=True))
    assert states == ["declined", "removed", *["taken"] * 12]
    assert not went_last & set(on_this.values_list("member", flat=True))
    moved = on_this.get(reason__startswith="递补")
    assert moved.rank == 13 and moved.state == EntryState.TAKEN
    assert on_this.get(state=EntryState.REMOVED).reason.startswith("本人申请")
    assert cleared(publicity_for(this))
    assert this.insured and all(e.voucher_share_id for e in on_this.filter(state="taken"))
    summer = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert metrics.get("care.rest_people").compute(school, *summer) == Decimal(12)
    assert Voucher.objects.filter(union=school, lines__category__code="50199").count() == 2
