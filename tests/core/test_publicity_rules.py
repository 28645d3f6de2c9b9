"""The house rules, for 公示: every service takes ``actor`` and checks it first, a user
without the right is refused and nothing is written; every page of another union's 公示 is
404 (tests/core/test_service_actors.py and test_scoped_404.py hold the same entries)."""

from __future__ import annotations

import inspect
import re

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gonghui.core import services_publicity as svc
from gonghui.core.models import AuditEntry
from gonghui.core.publicity import register_kind

KIND = "test.publicity"
register_kind(KIND, "测试公示", "member.change")


def _publicity(world, union=None):
    return svc.publicity_open(
        actor=None,
        union=union or world.school,
        kind=KIND,
        title="公示",
        columns=["姓名"],
        rows=[["周会员"]],
    )


def _objection(world):
    return svc.objection_raise(
        actor=None, publicity=_publicity(world), text="异议", member=world.members["吴老师"]
    )


CASES = {
    "publicity_open": (
        svc.publicity_open,
        lambda w: {
            "union": w.school,
            "kind": KIND,
            "title": "公示",
            "columns": ["姓名"],
            "rows": [["周会员"]],
        },
    ),
    "objection_answer": (
        svc.objection_answer,
        lambda w: {"objection": _objection(w), "answer": "答复", "upheld": False},
    ),
    "publicity_close": (svc.publicity_close, lambda w: {"publicity": _publicity(w)}),
    "publicity_notice": (svc.publicity_notice, lambda w: {"publicity": _publicity(w)}),
}


def _rows() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.parametrize("who", ["outsider", "member"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_service_refuses_a_user_without_the_permission_and_writes_nothing(world, case, who):
    service, arguments = CASES[case]
    kwargs = arguments(world)
    before, entries = _rows(), AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        service(actor=getattr(world, who), **kwargs)
    assert AuditEntry.objects.count() == entries
    assert _rows() == before


def test_objecting_is_for_a_current_member_of_the_union_only(world):
    item = _publicity(world)
    before = _rows()
    for who in ("outsider", "fed_admin", "platform_admin"):  # no Member in the school
        with pytest.raises(PermissionDenied):
            svc.objection_raise(actor=getattr(world, who), publicity=item, text="x")
    assert _rows() == before


def test_every_service_takes_the_actor_and_checks_it_in_its_own_body():
    found = {
        name: inspect.unwrap(fn)
        for name, fn in vars(svc).items()
        if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == svc.__name__
    }
    assert set(found) == {
        "publicity_open",
        "objection_raise",
        "objection_answer",
        "publicity_close",
        "publicity_notice",
    }
    for name, fn in found.items():
        params = inspect.signature(fn).parameters
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values()), name
        assert next(iter(params)) == "actor", name
        assert re.search(r"\brequire\(", inspect.getsource(fn)), name


def test_every_publicity_page_of_another_union_is_404(world, client_for):
    item = _publicity(world, world.hospital)
    objection = svc.objection_raise(
        actor=None, publicity=item, text="异议", member=world.members["郑护士"]
    )
    urls = [
        reverse("core:publicity_detail", args=[item.pk]),
        reverse("core:publicity_close", args=[item.pk]),
        reverse("core:publicity_notice", args=[item.pk]),
        reverse("core:objection_answer", args=[objection.pk]),
        reverse("core:publicity_list", args=[world.hospital.code]),
    ]
    stranger = client_for(world.chair)
    owner = Client()
    owner.force_login(world.outsider)
    for url in urls:
        got = {m: getattr(stranger, m)(url).status_code for m in ("get", "post")}
        assert set(got.values()) <= {404, 405} and 404 in got.values(), (url, got)
        with transaction.atomic():
            seen = {getattr(owner, m)(url).status_code for m in ("get", "post")}
            transaction.set_rollback(True)
        assert seen - {404}, (url, seen)
