"""The 走访慰问 records a plan item can link as carried out (``plans.links.KINDS``): a
campaign (慰问活动) and a single visit. A link's label is shown to everyone who reads the
plan (``plan.view``), so a visit is named by its number and visitors — never by the member
visited or the event's kind."""

from __future__ import annotations

from gonghui.plans.links import LinkKind


def _campaigns(union, year):
    from .models import Campaign

    return Campaign.objects.filter(union=union, starts_on__year=year).order_by("starts_on", "id")


def _visits(union, year):
    from .models import CareVisit

    return (
        CareVisit.objects.filter(union=union, visited_on__year=year)
        .select_related("campaign")
        .order_by("visited_on", "id")
    )


def visit_name(visit) -> str:
    where = f"·{visit.campaign.name}" if visit.campaign_id else "·五必访"
    return f"走访慰问第{visit.pk}号{where}（{visit.visitors}）"


KINDS = [
    LinkKind("care_campaign", "慰问活动", "care.Campaign", _campaigns, str, lambda c: c.starts_on),
    LinkKind(
        "care_visit", "走访慰问", "care.CareVisit", _visits, visit_name, lambda v: v.visited_on
    ),
]


def register() -> None:
    from gonghui.plans import links

    for kind in KINDS:
        if all(k.key != kind.key for k in links.KINDS):
            links.KINDS.append(kind)
