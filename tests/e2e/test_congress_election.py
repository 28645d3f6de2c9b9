"""A union committee election on a phone: the representative marks 赞成 / 不赞成 / 弃权 for
each candidate, writes someone in with the member picker (另选他人), is warned before a
ballot that approves more people than seats, and the secretariat counts, sees the
arithmetic and makes the winners the new committee."""

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
from .picking import pick
from .test_browser import horizontal_overflow


def write_in(page, query: str, name: str, chosen: int) -> None:
    # The ballot's search is a POST: the words typed never travel in a URL.
    pick(page, page.locator("#write-ins"), query, name, chosen, purpose="write_in", method="POST")


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
    # 周会员 approves the first only and writes in 吴老师: two for two seats.
    for name in names[1:]:
        page.get_by_role("group", name=name).get_by_text("不赞成", exact=True).click()
    expect(page.locator("#over")).to_be_hidden()
    page.locator("#write-ins summary").click()
    write_in(page, "wu", "吴老师", 1)
    expect(page.locator("#over")).to_be_hidden()
    # A second write-in makes three: warned; taken out again, the warning goes.
    write_in(page, "钱", "钱经审", 2)
    expect(page.locator("#over")).to_be_visible()
    chips = page.locator("#write-ins [data-picker-chip]")
    chips.filter(has_text="钱经审").get_by_role("button").click()
    expect(chips).to_have_count(1)
    expect(page.locator("#over")).to_be_hidden()
    assert not horizontal_overflow(page)
    page.screenshot(
        path=str(results_dir / "screens" / "election-write-in-375x812.png"), full_page=True
    )
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="投票").click()
    expect(page.locator("#voted")).to_have_text("您已投票")
    assert ElectionMark.objects.count() == 1  # the ballot is sealed until the count

    # The candidates vote by the service; the chair counts and forms the new committee.
    for rep in reps[1:4]:
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
    expect(chair.locator("#tally")).to_contain_text("吴老师")  # written in, one 赞成
    expect(chair.locator("#arithmetic")).to_contain_text("即至少 3 票")
    chair.screenshot(path=str(results_dir / "screens" / "election-result-1280.png"), full_page=True)
    chair.once("dialog", lambda d: d.accept())
    chair.get_by_role("button", name="以当选人组成新一届工会委员会").click()
    term = CommitteeTerm.objects.get(union=world.school, closed_on=None)
    expect(chair.locator("body")).to_contain_text("请在届次页面录入主席、副主席")
    assert sorted(term.positions.values_list("member__name", flat=True)) == sorted(names[:2])
