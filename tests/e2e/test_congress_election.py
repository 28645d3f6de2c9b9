"""A union committee election on a phone: the representative marks 赞成 / 不赞成 / 弃权 for
each candidate, is warned before a ballot that approves more people than seats, and the
secretariat counts, sees the arithmetic and makes the winners the new committee."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.congress.models import ElectionMark
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import sittings as sitting_services
from gonghui.orgs.models import CommitteeTerm
from tests.congress.support import seat
from tests.congress.test_polls_fixtures import Congress

from .conftest import DESKTOP, PHONE
from .test_browser import horizontal_overflow


@pytest.fixture
def election_day(e2e_world):
    world = e2e_world
    today = timezone.localdate()
    term, reps = seat(world, 3, named=("周会员",))
    sitting = sitting_services.sitting_create(actor=world.chair, term=term, date=today)
    sitting_services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=today, late_reason="演示：当天通知"
    )
    for rep in reps:
        sitting_services.rep_checkin(
            actor=world.chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    sitting_services.sitting_open(actor=world.chair, sitting=sitting)
    election = election_services.election_create(
        actor=world.chair,
        sitting=sitting,
        title="选举第九届工会委员会委员",
        seats=2,
        candidates=[r.member for r in reps[1:4]],
    )
    election = election_services.election_open(actor=world.chair, election=election)
    return world, sitting, reps, election


@pytest.mark.e2e
def test_a_representative_votes_in_the_committee_election_on_a_phone(
    election_day, new_page, login, results_dir
):
    world, sitting, reps, election = election_day
    names = [r.member.name for r in reps[1:4]]
    page = new_page(PHONE)
    login(page, "member")  # 周会员
    page.goto(election.get_absolute_url())
    for name, label in zip(names, ["赞成", "赞成", "赞成"], strict=True):
        page.get_by_role("group", name=name).get_by_text(label, exact=True).click()
    expect(page.locator("#over")).to_be_visible()  # three 赞成 for two seats
    assert not horizontal_overflow(page)
    page.screenshot(
        path=str(results_dir / "screens" / "election-ballot-375x812.png"), full_page=True
    )
    # The warning is honest: decline the confirm, change one mark, then cast.
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="投票").click()
    assert not ElectionMark.objects.exists()
    page.get_by_role("group", name=names[2]).get_by_text("不赞成", exact=True).click()
    expect(page.locator("#over")).to_be_hidden()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="投票").click()
    expect(page.locator("#voted")).to_have_text("您已投票")
    assert ElectionMark.objects.count() == 1  # the ballot is sealed until the count

    # The others vote by the service; the chair counts and forms the new committee.
    for rep in reps[1:3]:
        user = Congress(None, sitting, reps).user(rep)
        cands = list(election.candidates.order_by("order"))
        election_services.election_cast(
            actor=user,
            election=election,
            choices={cands[0].pk: "yes", cands[1].pk: "yes", cands[2].pk: "no"},
        )
    chair = new_page(DESKTOP)
    login(chair, "chair")
    chair.goto(election.get_absolute_url())
    chair.once("dialog", lambda d: d.accept())
    chair.get_by_role("button", name="结束投票并计票").click()
    expect(chair.locator("#tally")).to_contain_text("当选")
    expect(chair.locator("#arithmetic")).to_contain_text("即至少 3 票")
    chair.screenshot(path=str(results_dir / "screens" / "election-result-1280.png"), full_page=True)
    chair.once("dialog", lambda d: d.accept())
    chair.get_by_role("button", name="以当选人组成新一届工会委员会").click()
    term = CommitteeTerm.objects.get(union=world.school, closed_on=None)
    expect(chair.locator("body")).to_contain_text("请在届次页面录入主席、副主席")
    assert sorted(term.positions.values_list("member__name", flat=True)) == sorted(names[:2])
