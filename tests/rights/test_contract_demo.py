"""The demo factory renews its 综合集体合同 through every step: 要约 and reply, three a side,
three sessions, drafts, the 职工代表大会's paper votes, signing, submission, one
《审查意见书》, the amended draft voted and signed again, resubmitted, in force on its computed
day and published; its papers build and the figures count it. Built from the steps it needs
on an empty site."""

import datetime

from django.utils import timezone

from gonghui.core import demo, metrics
from gonghui.core.dates import add_months
from gonghui.orgs.models import Union
from gonghui.rights import contract_clock, documents_contracts
from gonghui.rights.models_contracts import CollectiveContract, ContractStage, DraftState
from gonghui.rights.queries import settings_for
from gonghui.rights.queries_contracts import in_force


def test_the_demo_factory_renews_its_contract_with_one_review(empty_db):
    steps = dict(demo.STEPS)
    steps["orgs"]()
    steps["rights.contracts"]()
    steps["rights.contracts"]()  # idempotent: a second run adds nothing
    factory = Union.objects.get(code="demo-factory")
    today = timezone.localdate()
    old, contract = CollectiveContract.objects.filter(union=factory).order_by("id")
    assert old.recorded and contract.predecessor == old  # the contract of three years ago
    assert contract.offered_on > add_months(old.expires_on, -3)  # within its last 3 months
    assert contract.stage == ContractStage.SUBMITTED
    assert contract.reviews.count() == 1
    assert contract.sessions.count() == 3
    assert [d.state for d in contract.drafts.order_by("version")] == [
        DraftState.SUPERSEDED,
        DraftState.PASSED,
        DraftState.PASSED,
    ]
    assert contract.drafts.exclude(poll=None).count() == 2
    reps = contract.representatives.all()
    assert reps.filter(side="workers").count() == reps.filter(side="employer").count() == 3
    settings = settings_for(factory)
    assert contract.received_on == today + datetime.timedelta(days=2)
    assert contract.effective_on == contract_clock.effective_on(contract.received_on, settings)
    assert contract.expires_on == contract_clock.expires_on(contract.effective_on, 3)
    assert contract.published_on == contract.effective_on + datetime.timedelta(days=3)
    assert contract.covered_workers == factory.staff_count
    effective = contract.effective_on
    live = CollectiveContract.objects.filter(in_force(effective), pk=contract.pk)
    assert live.exists()
    assert not CollectiveContract.objects.filter(
        in_force(effective - datetime.timedelta(days=1)), pk=contract.pk
    ).exists()
    signed = metrics.get("rights.contract_signed")
    assert signed.compute(factory, effective, effective) == 1
    assert signed.compute(factory.parent, effective, effective) == 1
    for content in (
        documents_contracts.offer_docx(contract),
        documents_contracts.submission_docx(contract, today),
        documents_contracts.text_docx(contract),
        documents_contracts.minutes_docx(contract.sessions.get(number=3)),
    ):
        assert content[:2] == b"PK"
