"""The kinds of record that can carry out a plan item (落实记录): a congress sitting, a
proposal, a vote, a voucher… Each kind says which of its records a union has in a year,
how one is named and dated, and where it lives.

The plan is the spine of the year, so it knows the other modules; a new module (activities,
welfare visits…) appends its :class:`LinkKind` to ``KINDS``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str  # "职代会会次"
    model: str  # "congress.Sitting"
    candidates: Callable[[object, int], QuerySet]  # (union, year) → that union's records
    name: Callable[[object], str]
    day: Callable[[object], datetime.date]

    def model_class(self):
        return apps.get_model(self.model)

    def options(self, union, year: int, limit: int = 200) -> list[tuple[int, str]]:
        return [
            (obj.pk, f"{self.day(obj):%m-%d} {self.name(obj)}")
            for obj in self.candidates(union, year)[:limit]
        ]

    def get(self, union, year: int, pk) -> object:
        try:
            return self.candidates(union, year).get(pk=int(pk))
        except (ValueError, TypeError, self.model_class().DoesNotExist) as exc:
            raise ValidationError(f"请从列表中选择本工会{year}年的{self.label}。") from exc


def _local_day(moment) -> datetime.date:
    return timezone.localdate(moment) if moment else timezone.localdate()


def _sittings(union, year):
    from gonghui.congress.models import Sitting

    return Sitting.objects.filter(term__union=union, date__year=year).select_related("term")


def _proposals(union, year):
    from gonghui.congress.models import Proposal

    return (
        Proposal.objects.filter(sitting__term__union=union, sitting__date__year=year)
        .exclude(submitted_at=None)
        .order_by("sitting__date", "number", "id")
    )


def _polls(union, year):
    from gonghui.congress.models import Poll

    return Poll.objects.filter(sitting__term__union=union, sitting__date__year=year).select_related(
        "sitting"
    )


def _vouchers(union, year):
    from gonghui.finance.models import Voucher

    # A reversal and the voucher it cancels carried nothing out; the corrected one did.
    return (
        Voucher.objects.filter(union=union, date__year=year, status="posted", reverses=None)
        .filter(reversed_by=None)
        .order_by("date", "id")
    )


KINDS: list[LinkKind] = [
    LinkKind("sitting", "职代会会次", "congress.Sitting", _sittings, str, lambda s: s.date),
    LinkKind(
        "proposal",
        "提案",
        "congress.Proposal",
        _proposals,
        lambda p: f"第{p.number}号提案《{p.title}》" if p.number else f"提案《{p.title}》",
        lambda p: _local_day(p.submitted_at),
    ),
    LinkKind("poll", "表决事项", "congress.Poll", _polls, str, lambda p: p.sitting.date),
    LinkKind(
        "voucher", "记账凭证", "finance.Voucher", _vouchers, lambda v: f"凭证 {v}", lambda v: v.date
    ),
]


# "Create a record for this item" (buttons on the item page): an app appends a function
# (user, item) → (label, url), or None when the user may not create one there; the page it
# opens creates the record and links it to the item (activities: a new activity).
CREATE_ACTIONS: list[Callable[[object, object], tuple[str, str] | None]] = []


def create_actions(user, item) -> list[tuple[str, str]]:
    return [found for action in CREATE_ACTIONS if (found := action(user, item)) is not None]


def kind(key: str) -> LinkKind:
    for k in KINDS:
        if k.key == key:
            return k
    raise ValidationError("请选择落实记录的类型。")


def url_of(link) -> str:
    """The page of a linked record, or "" when it has none (or has gone)."""
    model = link.content_type.model_class()
    if model is None:
        return ""
    obj = model._default_manager.filter(pk=link.object_id).first()
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url else ""


def content_type_for(kind_key: str) -> ContentType:
    return ContentType.objects.get_for_model(kind(kind_key).model_class())
